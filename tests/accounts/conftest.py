import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from cms.setup import ensure_terms_page


@pytest.fixture
def terms(db, home_page):
    return ensure_terms_page()


@pytest.fixture
def captcha():
    """CAPTCHA_TEST_MODE accepts the answer PASSED."""
    return {"captcha_0": "prueba", "captcha_1": "PASSED"}


@pytest.fixture
def email_link():
    """``email_link("/cuenta/confirmar/")`` is the path of that link in the last email sent."""

    def find(prefix: str, message=None) -> str:
        message = message or mail.outbox[-1]
        match = re.search(rf"https?://[^\s\"]*{re.escape(prefix)}[^\s\"]*", message.body)
        assert match, message.body
        return urlsplit(match.group(0)).path

    return find
