"""The public pages: home, guides (instructivos), FAQ and terms of use."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import visitor_pages
from ..blocks import GuideStreamBlock, QuestionGroupBlock, ServiceTileBlock, SystemLinkBlock, anchor_for
from ..content_version import remembered

# The account screens live at these addresses (SPEC, URL contract).
REGISTER_URL = "/cuenta/registro/"
LOGIN_URL = "/cuenta/ingresar/"
DASHBOARD_URL = "/tablero/"


class RenderedOnceForVisitors:
    """A public page that every anonymous visitor sees alike: rendered once per process and content version.

    ``cms.visitor_pages`` shares it (and answers later visitors before Wagtail routes them).
    """

    def serve(self, request, *args, **kwargs):
        if not visitor_pages.shareable(request):
            return super().serve(request, *args, **kwargs)
        response = super().serve(request, *args, **kwargs)
        return visitor_pages.remember(request, response)


class HomePage(RenderedOnceForVisitors, Page):
    """The portal's front page: what the portal is, its services and how to start."""

    intro = models.CharField(_("introducción"), max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("imagen principal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account_intro = models.CharField(
        _("texto junto a REGISTRARSE e INGRESAR"),
        max_length=300,
        blank=True,
        default=(
            "Registrarse es el primer paso y lo realizará una sola vez. Su usuario será su correo electrónico o su CUI."
        ),
    )
    services_heading = models.CharField(_("título de los servicios"), max_length=120, default="Servicios electrónicos")
    services = StreamField([("service", ServiceTileBlock())], blank=True, verbose_name=_("servicios"))
    show_payment_notice = models.BooleanField(
        _("mostrar el costo y la cuenta bancaria"),
        default=True,
        help_text=_("El costo y la cuenta se toman de la configuración del portal."),
    )
    systems_heading = models.CharField(_("título de los sistemas"), max_length=120, default="Sistemas autorizados")
    authorized_systems = StreamField(
        [("system", SystemLinkBlock())], blank=True, verbose_name=_("sistemas autorizados")
    )
    body = RichTextField(_("contenido"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("intro"), FieldPanel("hero_image"), FieldPanel("account_intro")],
            heading=_("Encabezado"),
        ),
        MultiFieldPanel(
            [FieldPanel("services_heading"), FieldPanel("services"), FieldPanel("show_payment_notice")],
            heading=_("Servicios"),
        ),
        MultiFieldPanel(
            [FieldPanel("systems_heading"), FieldPanel("authorized_systems")], heading=_("Sistemas autorizados")
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("services"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.GuideIndexPage", "cms.FAQPage", "cms.AssistanceFormPage", "cms.TermsOfUsePage"]
    max_count = 1

    register_url = REGISTER_URL
    login_url = LOGIN_URL
    dashboard_url = DASHBOARD_URL

    class Meta:
        verbose_name = _("página de inicio")
        verbose_name_plural = _("páginas de inicio")


class GuideIndexPage(RenderedOnceForVisitors, Page):
    """*Instructivos*: the list of guides."""

    intro = models.CharField(_("introducción"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidePage"]

    class Meta:
        verbose_name = _("índice de instructivos")
        verbose_name_plural = _("índices de instructivos")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.child_of(self).live().public().order_by("path")
        return context


class GuidePage(RenderedOnceForVisitors, Page):
    """An *instructivo*: numbered steps with text, images, fields and notes, printable."""

    intro = models.TextField(_("introducción"), max_length=600, blank=True)
    body = StreamField(GuideStreamBlock(), verbose_name=_("contenido"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("instructivo")
        verbose_name_plural = _("instructivos")

    def sections(self) -> list[dict]:
        """Every block with the anchor and step number the page and its table of contents share."""
        taken: set[str] = set()
        sections, step = [], 0
        for block in self.body:
            item = {"block": block, "anchor": "", "number": None, "heading": ""}
            if block.block_type in ("step", "section"):
                item["heading"] = block.value["heading"]
                if block.block_type == "step":
                    step += 1
                    item["number"] = step
                prefix = f"paso {step} " if block.block_type == "step" else ""
                item["anchor"] = anchor_for(prefix + item["heading"], taken)
            sections.append(item)
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections = self.sections()
        context["toc"] = [item for item in sections if item["anchor"]]
        return context


class FAQPage(RenderedOnceForVisitors, Page):
    """*Preguntas frecuentes*, grouped by topic."""

    intro = models.CharField(_("introducción"), max_length=300, blank=True)
    body = StreamField([("group", QuestionGroupBlock())], verbose_name=_("preguntas por tema"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("preguntas frecuentes")
        verbose_name_plural = _("páginas de preguntas frecuentes")

    def groups(self) -> list[dict]:
        taken: set[str] = set()
        return [{"block": block, "anchor": anchor_for(block.value["heading"], taken)} for block in self.body]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.groups()
        return context


class TermsOfUsePage(RenderedOnceForVisitors, Page):
    """The terms of use (*términos y condiciones*) that applicants accept.

    The published revision is the version people accept: publishing a new
    revision asks everyone to accept again at their next sign-in.
    """

    intro = models.CharField(_("introducción"), max_length=300, blank=True)
    body = RichTextField(_("texto de los términos"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("términos y condiciones de uso")
        verbose_name_plural = _("términos y condiciones de uso")

    @classmethod
    def current(cls):
        """The live terms page, or ``None`` if there is none yet."""
        return cls.objects.live().select_related("live_revision").first()

    @classmethod
    def current_revision_id(cls, request=None) -> int | None:
        """The id of the published revision people must accept, read once per process and content version."""

        def load():
            return cls.objects.live().values_list("live_revision_id", flat=True).first()

        return remembered(request, "terms-revision", load)


class SeededPage(models.Model):
    """A page ``cms.setup`` created once: it is never created again, even if editors move, rename or delete it."""

    key = models.CharField(_("clave"), max_length=60, unique=True)
    page = models.ForeignKey(Page, verbose_name=_("página"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        verbose_name = _("página inicial del portal")
        verbose_name_plural = _("páginas iniciales del portal")

    def __str__(self):
        return self.key
