from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("Contenido del portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_unpublished, post_page_move

        from . import navigation

        post_save.connect(navigation.clear_on_change, dispatch_uid="cms-navigation-save")
        post_delete.connect(navigation.clear_on_change, dispatch_uid="cms-navigation-delete")
        page_unpublished.connect(navigation.clear, dispatch_uid="cms-navigation-unpublish")
        post_page_move.connect(navigation.clear, dispatch_uid="cms-navigation-move")
