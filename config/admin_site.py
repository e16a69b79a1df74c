"""The admin site: Django's, with each user's navigation worked out once per reference version."""

from django.contrib import admin
from django.utils.translation import get_language

from requests_app import reference_data


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """The apps and models this user may see, kept per process, user and language under the reference version.

        Every admin page draws its navigation from it by asking each registered ModelAdmin for
        the user's permissions. What decides them (the user's flags, groups and permissions, a
        group's permissions) renews the reference version (``requests_app.reference_data``).
        The list is shared by the requests of a process: read it, never change it.
        """
        load = super().get_app_list
        key = ("admin-apps", self.name, request.user.pk, get_language(), app_label)
        return reference_data.remembered(request, key, lambda: load(request, app_label))
