"""Wagtail's page test case adapted to this project's users."""

from unittest import mock

from wagtail.test.utils import WagtailPageTestCase, page_tests

from tests.factories import StaffFactory


class PortalPageTestCase(WagtailPageTestCase):
    """``WagtailPageTestCase`` whose users have a CUI and sign in through the portal's backend.

    Wagtail signs test users in with the first authentication backend (django-axes here,
    which cannot load users) and makes superusers without a CUI, which our user model requires.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        patcher = mock.patch.object(page_tests, "AUTH_BACKEND", "accounts.backends.EmailOrCuiBackend")
        patcher.start()
        cls.addClassCleanup(patcher.stop)

    @staticmethod
    def create_superuser(username, email=None, password=None, **kwargs):
        return StaffFactory(is_superuser=True, email=email or f"{username}@correo.gt")
