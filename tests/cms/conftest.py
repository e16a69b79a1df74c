"""Fixtures of the public portal's tests: the seeded page tree, the captcha answer."""

import pytest

from cms.settings_helpers import portal_settings
from cms.setup import ensure_portal_content


@pytest.fixture
def portal_pages(db):
    """The page tree ``seed_demo`` builds: home, guides, FAQ, terms and the two assistance services."""
    return ensure_portal_content()


@pytest.fixture
def portal(home_page):
    """The default site's PortalSettings row, to change what the pages show."""
    return portal_settings()


@pytest.fixture
def captcha():
    """CAPTCHA_TEST_MODE (test settings) accepts the answer PASSED."""
    return {"captcha_0": "prueba", "captcha_1": "PASSED"}
