from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The portal's front page: what the portal is and how to start."""

    intro = models.CharField(_("introducción"), max_length=300, blank=True)
    body = RichTextField(_("contenido"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("página de inicio")
        verbose_name_plural = _("páginas de inicio")


class TermsOfUsePage(Page):
    """The terms of use (*términos y condiciones*) that applicants accept.

    The published revision is the version people accept: publishing a new
    revision asks everyone to accept again at their next sign-in.
    """

    intro = models.CharField(_("introducción"), max_length=300, blank=True)
    body = RichTextField(_("texto de los términos"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("términos y condiciones de uso")
        verbose_name_plural = _("términos y condiciones de uso")

    @property
    def current_version(self):
        """The published revision people must accept (``None`` while unpublished)."""
        return self.live_revision

    @classmethod
    def current(cls):
        """The live terms page, or ``None`` if there is none yet."""
        return cls.objects.live().select_related("live_revision").first()
