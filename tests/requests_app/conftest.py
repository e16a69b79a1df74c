import io

import pytest

from requests_app import services
from requests_app.roles import REVIEWER
from requests_app.setup import ensure_document_requirements
from tests.factories import complete_applicant, complete_draft


@pytest.fixture
def requirements(db):
    ensure_document_requirements()


@pytest.fixture
def applicant(catalogs, requirements):
    """An applicant whose personal data is complete, so services are open to them."""
    return complete_applicant()


@pytest.fixture
def other_applicant(catalogs, requirements):
    return complete_applicant()


@pytest.fixture
def reviewer(staff_in):
    return staff_in(REVIEWER)


@pytest.fixture
def draft(applicant):
    return services.request_create(applicant=applicant)


@pytest.fixture
def complete_request(draft):
    """A draft with a period, the payment slip and the three required documents."""
    return complete_draft(draft)


@pytest.fixture(scope="session")
def dev_signers():
    """Development CA and the three signers' keys, made once in the test SIGNING_DIR (a temporary folder)."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("make_dev_signers", verbosity=0, stdout=io.StringIO())
    return settings.SIGNING_DIR
