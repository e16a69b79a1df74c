"""The core tests check what the apps share through the apps that use it, so they borrow their fixtures."""

from tests.cms.conftest import captcha, portal_pages  # noqa: F401
from tests.cms.test_assistance_form import answers, technical  # noqa: F401
from tests.security.conftest import applicant, intruder, owned  # noqa: F401
