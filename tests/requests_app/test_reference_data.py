"""Reference data kept per process shows a change on the next read, however the change was written."""

import pytest
import tablib
from django.contrib.auth.models import Permission, update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import accept_terms
from catalogs.models import EthnicGroup
from catalogs.resources import EthnicGroupResource
from cms import content_version
from cms.models import TermsOfUsePage
from cms.setup import ensure_portal_content
from requests_app import reference_data
from requests_app.roles import CONTENT_EDITOR, REVIEWER
from tests.factories import CertificationRequestFactory, StaffFactory, UserFactory, complete_applicant

pytestmark = pytest.mark.django_db


def test_a_name_saved_in_the_admin_shows_at_once(catalogs):
    group = EthnicGroup.objects.order_by("pk").first()
    assert reference_data.catalog_name(EthnicGroup, group.pk) == group.name
    group.name = "Nombre corregido"
    group.save()
    assert reference_data.catalog_name(EthnicGroup, group.pk) == "Nombre corregido"


def test_a_catalog_imported_in_bulk_shows_at_once(catalogs):
    """The import writes rows in bulk, with no ``post_save`` per row."""
    group = EthnicGroup.objects.order_by("pk").first()
    assert reference_data.catalog_name(EthnicGroup, group.pk) == group.name
    dataset = tablib.Dataset([group.code, "Nombre importado", "1"], headers=["code", "name", "is_active"])
    result = EthnicGroupResource().import_data(dataset, raise_errors=True)
    assert result.totals["update"] == 1
    assert reference_data.catalog_name(EthnicGroup, group.pk) == "Nombre importado"


def test_period_names_are_read_afresh_when_the_kept_ones_lack_what_a_period_names(catalogs, monkeypatch):
    """An institution added while the shared version could not be renewed is still named, not left out."""
    from catalogs.models import Institution
    from tests.factories import ServicePeriodFactory

    kept = reference_data.period_names([])
    monkeypatch.setattr(reference_data, "remembered", lambda request, name, load: kept)
    added = Institution.objects.create(code="NUEVA-2", name="Oficina & Nueva", sector=Institution.Sector.values[0])
    period = ServicePeriodFactory(institution=added)
    assert added.pk not in kept.institutions
    assert reference_data.period_names([period]).institutions[added.pk] == "Oficina &amp; Nueva"


def reference_version():
    return content_version.current(reference_data.KEY)


def test_an_applicants_own_saves_leave_the_kept_reference_data_alone(db):
    """Registering, confirming the email, verifying the identity, signing in: nothing kept depends on them."""
    kept = reference_version()
    applicant = UserFactory(email_confirmed_at=None)
    applicant.email_confirmed_at = timezone.now()
    applicant.save(update_fields=["email_confirmed_at"])
    applicant.identity_verified_at = timezone.now()
    applicant.save()
    update_last_login(None, applicant)
    assert reference_version() == kept


def test_the_next_wizard_page_reads_no_catalog_again_after_another_applicant_registers(client, catalogs):
    ensure_portal_content()
    applicant = complete_applicant()
    accept_terms(user=applicant, revision=TermsOfUsePage.objects.live().get().live_revision)
    client.force_login(applicant)
    path = f"/certificaciones/{CertificationRequestFactory(applicant=applicant).pk}/periodos/"
    client.get(path)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(path).status_code == 200
    complete_applicant()
    with CaptureQueriesContext(connection) as after:
        assert client.get(path).status_code == 200
    assert len(after) == len(warm), [query["sql"] for query in after]


@pytest.mark.parametrize(
    "change",
    [
        "staff renamed",
        "staff demoted",
        "editor without staff access renamed",
        "applicant made staff",
        "applicant given a permission",
    ],
)
def test_a_change_to_anyone_with_a_part_in_what_is_kept_renews_it(change, staff_in, roles):
    person = {
        "staff renamed": lambda: staff_in(REVIEWER),
        "staff demoted": StaffFactory,  # in no group: only the stored flag tells
        "editor without staff access renamed": lambda: UserFactory(groups=[roles[CONTENT_EDITOR]]),
    }.get(change, UserFactory)()
    kept = reference_version()
    if change == "staff demoted":
        person.is_staff = False
    elif change == "applicant made staff":
        person.is_staff = True
    elif change == "applicant given a permission":
        person.user_permissions.add(Permission.objects.get(codename="view_certificationrequest"))
    else:
        person.first_name = "Zacarías"
    person.save()
    assert reference_version() != kept


def test_a_staff_sign_in_leaves_the_kept_reference_data_alone(staff_in):
    reviewer = staff_in(REVIEWER)
    kept = reference_version()
    update_last_login(None, reviewer)
    assert reference_version() == kept
