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
