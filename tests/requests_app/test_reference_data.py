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
