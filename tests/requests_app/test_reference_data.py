"""Reference data kept per process shows a change on the next read, however the change was written."""

import pytest
import tablib

from catalogs.models import EthnicGroup
from catalogs.resources import EthnicGroupResource
from requests_app import reference_data

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
