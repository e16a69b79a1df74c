"""StreamField blocks that editors combine into the portal's pages."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

ICON_CHOICES = [
    ("certificado", _("Certificado")),
    ("identidad", _("Identidad (DPI)")),
    ("asistencia", _("Asistencia")),
    ("verificar", _("Verificar")),
    ("casillero", _("Casillero")),
    ("guia", _("Instructivo")),
    ("enlace", _("Enlace externo")),
    ("expertos", _("Agentes expertos")),
    ("ubicacion", _("De donde sea")),
    ("tiempo", _("Ahorra tiempo")),
    ("reloj", _("A cualquier hora")),
]

CALLOUT_KINDS = [
    ("info", _("Información")),
    ("importante", _("Importante")),
    ("advertencia", _("Advertencia")),
]

_absolute_url = URLValidator(schemes=["http", "https"])


def validate_link(value: str) -> None:
    """A path inside the portal (``/certificaciones/``) or a full http(s) address."""
    if not value:
        return
    if value.startswith("/") and not value.startswith("//") and not re.search(r"\s", value):
        return
    try:
        _absolute_url(value)
    except ValidationError as error:
        raise ValidationError(
            _("Escriba una ruta del portal que empiece con / o una dirección completa que empiece con https://."),
            code="invalid_link",
        ) from error


def anchor_for(text: str, taken: set[str]) -> str:
    """A unique, readable ``id`` for a heading (``paso-3-adjunte-documentos``)."""
    base = slugify(text)[:60].strip("-") or "seccion"
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


class LinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page is not None and page.live:
            return page.url or ""
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """Either a page of the portal or an address; exactly one of them."""

    page = blocks.PageChooserBlock(required=False, label=_("página del portal"))
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        label=_("o dirección"),
        help_text=_("Ruta del portal (por ejemplo /certificaciones/) o dirección completa (https://...)."),
        validators=[validate_link],
    )

    class Meta:
        value_class = LinkValue
        label = _("enlace")
        icon = "link"
        form_classname = "struct-block link-block"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                non_block_errors=[_("Elija una página del portal o escriba una dirección (solo una de las dos).")]
            )
        return value


class ServiceTileBlock(blocks.StructBlock):
    """A tile of the home page that leads to an electronic service."""

    icon = blocks.ChoiceBlock(choices=ICON_CHOICES, default="certificado", label=_("ícono"))
    title = blocks.CharBlock(max_length=80, label=_("título"))
    text = blocks.TextBlock(max_length=300, label=_("descripción"))
    link = LinkBlock(label=_("enlace"))

    class Meta:
        template = "cms/blocks/service_tile.html"
        icon = "link"
        label = _("servicio")


class SystemLinkBlock(blocks.StructBlock):
    """A link to another authorised system of the State."""

    title = blocks.CharBlock(max_length=120, label=_("nombre del sistema"))
    text = blocks.CharBlock(max_length=250, required=False, label=_("descripción"))
    link = LinkBlock(label=_("enlace"))

    class Meta:
        template = "cms/blocks/system_link.html"
        icon = "site"
        label = _("sistema autorizado")


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: information, something important or a warning."""

    kind = blocks.ChoiceBlock(choices=CALLOUT_KINDS, default="info", label=_("tipo"))
    title = blocks.CharBlock(max_length=120, required=False, label=_("título"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("texto"))

    class Meta:
        template = "cms/blocks/callout.html"
        icon = "warning"
        label = _("nota destacada")


class OptionalCalloutBlock(CalloutBlock):
    """The note inside a step: left empty, nothing is shown."""

    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], required=False, label=_("texto"))

    class Meta:
        label = _("nota destacada (opcional)")


class FieldRowBlock(blocks.StructBlock):
    """One field of a form the guide explains."""

    name = blocks.CharBlock(max_length=120, label=_("campo"))
    description = blocks.TextBlock(max_length=500, required=False, label=_("qué escribir y reglas"))
    required = blocks.BooleanBlock(required=False, default=True, label=_("obligatorio"))

    class Meta:
        icon = "form"
        label = _("campo")


class StepBlock(blocks.StructBlock):
    """A numbered step of a guide: heading, text, optional image, fields and note."""

    heading = blocks.CharBlock(max_length=150, label=_("título del paso"))
    body = blocks.RichTextBlock(label=_("texto"))
    image = ImageBlock(required=False, label=_("imagen"))
    image_caption = blocks.CharBlock(max_length=200, required=False, label=_("pie de imagen"))
    fields = blocks.ListBlock(FieldRowBlock(), default=[], min_num=0, label=_("campos del formulario"))
    callout = OptionalCalloutBlock(label=_("nota destacada"))

    class Meta:
        template = "cms/blocks/step.html"
        icon = "list-ol"
        label = _("paso")


class SectionBlock(blocks.StructBlock):
    """An unnumbered section (presentation, requirements, rules of use...)."""

    heading = blocks.CharBlock(max_length=150, label=_("título"))
    body = blocks.RichTextBlock(label=_("texto"))

    class Meta:
        template = "cms/blocks/section.html"
        icon = "title"
        label = _("sección")


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("imagen"))
    caption = blocks.CharBlock(max_length=200, required=False, label=_("pie de imagen"))

    class Meta:
        template = "cms/blocks/figure.html"
        icon = "image"
        label = _("imagen")


class PaymentInfoBlock(blocks.StructBlock):
    """The fee and bank account, always as set in the portal settings."""

    heading = blocks.CharBlock(max_length=150, default=_("Pago de la Certificación de Servicios"), label=_("título"))

    class Meta:
        template = "cms/blocks/payment_info.html"
        icon = "tag"
        label = _("datos de pago (de la configuración del portal)")
        help_text = _("Muestra el costo, el banco y la cuenta que están en la configuración del portal.")


class GuideStreamBlock(blocks.StreamBlock):
    section = SectionBlock()
    step = StepBlock()
    callout = CalloutBlock()
    figure = FigureBlock()
    payment = PaymentInfoBlock()

    class Meta:
        block_counts = {}


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250, label=_("pregunta"))
    answer = blocks.RichTextBlock(label=_("respuesta"))

    class Meta:
        icon = "help"
        label = _("pregunta")


class QuestionGroupBlock(blocks.StructBlock):
    """A topic of the FAQ with its questions."""

    heading = blocks.CharBlock(max_length=150, label=_("tema"))
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("preguntas"))

    class Meta:
        template = "cms/blocks/question_group.html"
        icon = "folder-open-inverse"
        label = _("tema de preguntas")


class FeatureBlock(blocks.StructBlock):
    """A card of the assistance page (Agentes expertos, De donde sea...)."""

    icon = blocks.ChoiceBlock(choices=ICON_CHOICES, default="expertos", label=_("ícono"))
    title = blocks.CharBlock(max_length=80, label=_("título"))
    text = blocks.TextBlock(max_length=300, label=_("texto"))

    class Meta:
        template = "cms/blocks/feature.html"
        icon = "pick"
        label = _("tarjeta")


class TopicBlock(blocks.CharBlock):
    class Meta:
        icon = "cross"
        label = _("tema no atendido")
