from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("Contenido del portal")

    def ready(self):
        """Content every page shows changes: change the shared content version (cms.content_version)."""
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .content_version import bump
        from .models import PortalSettings

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump, dispatch_uid=f"cms-content-version-{id(signal)}")
        for sender in (Page, Site, PageViewRestriction, PortalSettings):
            post_save.connect(bump, sender=sender, dispatch_uid=f"cms-content-version-save-{sender.__name__}")
            post_delete.connect(bump, sender=sender, dispatch_uid=f"cms-content-version-delete-{sender.__name__}")
