"""`setup_portal` prepares a production database: everything the service needs and no account."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site

from catalogs.models import Institution, Municipality
from cms.models import HomePage, PortalSettings, TermsOfUsePage
from requests_app.models import DocumentRequirement
from requests_app.roles import REVIEWER, ROLES

User = get_user_model()
pytestmark = pytest.mark.django_db


def setup(**options):
    call_command("setup_portal", verbosity=0, **options)


def snapshot():
    return (
        Municipality.objects.count(),
        Institution.objects.count(),
        Group.objects.count(),
        Page.objects.count(),
        DocumentRequirement.objects.count(),
        PortalSettings.objects.count(),
        Group.objects.get(name=REVIEWER).permissions.count(),
    )


def test_setup_portal_on_an_empty_database_creates_what_the_service_needs_and_no_user():
    setup()
    assert User.objects.count() == 0
    assert Municipality.objects.count() == 340
    assert set(Group.objects.values_list("name", flat=True)) >= {role.name for role in ROLES}
    assert Group.objects.get(name=REVIEWER).permissions.filter(codename="review_request").exists()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert TermsOfUsePage.objects.live().exists()
    assert PortalSettings.objects.filter(site=site).exists()
    assert DocumentRequirement.objects.filter(is_required=True).count() == 3


def test_running_setup_portal_again_is_harmless_and_keeps_what_staff_changed():
    setup()
    before = snapshot()
    requirement = DocumentRequirement.objects.get(order=1)
    requirement.label = "DPI vigente, ambos lados"
    requirement.save()
    settings_row = PortalSettings.objects.get()
    settings_row.office_phone = "2222-0000"
    settings_row.save()
    municipality = Municipality.objects.order_by("code").first()
    municipality.name = "Nombre corregido por el personal"
    municipality.save()

    setup()

    assert snapshot() == before
    assert User.objects.count() == 0
    assert DocumentRequirement.objects.get(order=1).label == "DPI vigente, ambos lados"
    assert PortalSettings.objects.get().office_phone == "2222-0000"
    assert Municipality.objects.get(pk=municipality.pk).name == "Nombre corregido por el personal"


def test_update_catalogs_brings_edited_rows_back_to_the_official_fixtures():
    setup()
    municipality = Municipality.objects.order_by("code").first()
    official = municipality.name
    municipality.name = "Otro nombre"
    municipality.save()
    setup(update_catalogs=True)
    assert Municipality.objects.get(pk=municipality.pk).name == official


def test_seed_demo_builds_on_setup_portal(settings):
    settings.DEBUG = True
    call_command("seed_demo", users=1, verbosity=0)
    assert DocumentRequirement.objects.count() == 4
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert User.objects.filter(email__endswith="@demo.gob.gt").exists()
