"""Assistance services: a form page built by editors and the submissions staff answer."""

from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from .. import services
from ..answers import display_value
from ..blocks import FeatureBlock, TopicBlock
from ..constants import SubmissionStatus
from ..forms import FIELD_TYPE_CHOICES, AssistanceFormBuilder

LAST_SUBMISSION_SESSION_KEY = "cms_last_assistance_submission"


class AssistanceFormField(AbstractFormField):
    """A field of an assistance form; its type brings the portal's validation."""

    page = ParentalKey("cms.AssistanceFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("tipo de campo"), max_length=20, choices=FIELD_TYPE_CHOICES)
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        verbose_name = _("campo del formulario")
        verbose_name_plural = _("campos del formulario")


class AssistanceFormPage(RoutablePageMixin, AbstractEmailForm):
    """A *servicio de asistencia*: the form, what is not answered here, and a thank-you page.

    A valid submission is stored, the sender receives a confirmation by email and
    the browser is sent to ``gracias/`` (so reloading never submits twice).
    """

    intro = RichTextField(_("introducción"), blank=True)
    form_heading = models.CharField(
        _("título del formulario"), max_length=120, default="Llene este formulario de asistencia"
    )
    form_intro = models.CharField(
        _("texto del formulario"),
        max_length=300,
        blank=True,
        default=(
            "Luego le responderemos al correo electrónico indicado. Uno de nuestros agentes se pondrá en "
            "contacto con usted lo más pronto posible."
        ),
    )
    submit_label = models.CharField(_("texto del botón"), max_length=40, default="Enviar Formulario")
    notice_intro = models.CharField(
        _("aviso previo"),
        max_length=200,
        blank=True,
        default="Tenga en cuenta los tipos de consultas que NO serán atendidas por esta vía",
    )
    notice_heading = models.CharField(
        _("título de la nota"), max_length=150, default="Tomar nota: no se responderán consultas relativas a:"
    )
    excluded_topics = StreamField([("topic", TopicBlock())], blank=True, verbose_name=_("consultas no atendidas"))
    features = StreamField([("feature", FeatureBlock())], blank=True, verbose_name=_("tarjetas"))
    thank_you_text = RichTextField(_("texto de agradecimiento"), blank=True)
    confirmation_message = models.TextField(
        _("mensaje del correo de confirmación"),
        blank=True,
        help_text=_("Se envía a quien llenó el formulario, junto con el número de caso y una copia de su mensaje."),
    )

    form_builder = AssistanceFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("form_heading"),
                FieldPanel("form_intro"),
                InlinePanel("form_fields", label=_("Campos")),
                FieldPanel("submit_label"),
            ],
            heading=_("Formulario"),
        ),
        MultiFieldPanel(
            [FieldPanel("notice_intro"), FieldPanel("notice_heading"), FieldPanel("excluded_topics")],
            heading=_("Consultas que no se atienden"),
        ),
        FieldPanel("features"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("confirmation_message"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Correos"),
        ),
    ]
    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro"), index.SearchField("form_intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("servicio de asistencia (formulario)")
        verbose_name_plural = _("servicios de asistencia (formularios)")

    # -- form -------------------------------------------------------------------------------------

    def get_submission_class(self):
        return AssistanceSubmission

    def get_data_fields(self):
        return [*super().get_data_fields(), ("status", _("Estado"))]

    def process_form_submission(self, form):
        return services.record_submission(page=self, form=form)

    @path("")
    def form_view(self, request):
        return AbstractEmailForm.serve(self, request)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        if form_submission is None:  # preview of the thank-you page
            return self.render_thank_you(request, None)
        request.session[LAST_SUBMISSION_SESSION_KEY] = form_submission.pk
        return redirect(self.get_url(request) + self.reverse_subpage("thank_you"))

    @path("gracias/")
    def thank_you(self, request):
        submission = None
        submission_id = request.session.get(LAST_SUBMISSION_SESSION_KEY)
        if submission_id:
            submission = AssistanceSubmission.objects.filter(pk=submission_id, page=self).first()
        return self.render_thank_you(request, submission)

    def render_thank_you(self, request, submission):
        context = self.get_context(request)
        context["form_submission"] = submission
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_thank_you(request, None)
        return self.form_view(request)


class AssistanceSubmission(AbstractFormSubmission):
    """What someone sent through an assistance form, and how staff answered it.

    The contact columns are copied from the answers when it arrives, by field type,
    so the list can be searched, filtered and exported whatever the labels say.
    """

    status = models.CharField(
        _("estado"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asignada a"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_assistance_submissions",
        help_text=_("Al asignar una solicitud nueva pasa a «En atención»."),
    )
    reply = models.TextField(
        _("respuesta"),
        blank=True,
        max_length=5000,
        help_text=_("Al guardar una respuesta nueva se envía por correo a quien escribió y queda «Respondida»."),
    )
    replied_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondida por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("nombre"), max_length=250, blank=True)
    contact_email = models.EmailField(_("correo electrónico"), blank=True)
    cui = models.CharField(_("DPI"), max_length=13, blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    message = models.TextField(_("mensaje"), blank=True)

    class Meta:
        verbose_name = _("solicitud de asistencia")
        verbose_name_plural = _("solicitudes de asistencia")
        ordering = ["-submit_time", "-pk"]

    def __str__(self):
        return f"No. {self.number} · {self.contact_name or self.contact_email}"

    @property
    def number(self) -> str:
        return f"{self.pk:06d}" if self.pk else ""

    def get_data(self):
        return {**super().get_data(), "status": self.get_status_display()}

    def answers(self) -> list[tuple[str, str]]:
        """Each answer with the label its field has now (the stored key when the field was removed)."""
        labels = dict(AssistanceFormField.objects.filter(page_id=self.page_id).values_list("clean_name", "label"))
        return [(labels.get(key, key), display_value(value)) for key, value in self.form_data.items()]
