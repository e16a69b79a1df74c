"""The reference catalogs: real data, loaded idempotently, matching the CUI rules."""

from collections import Counter

import pytest
from import_export import exceptions

from catalogs import loader
from catalogs.loader import load_catalogs
from catalogs.models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality
from core.identifiers import municipalities_per_department

pytestmark = pytest.mark.django_db


def test_loading_creates_the_real_catalogs():
    load_catalogs()
    assert Department.objects.count() == 22
    assert Municipality.objects.count() == 340
    assert Institution.objects.count() == 86
    assert list(BudgetLine.objects.values_list("code", flat=True)) == ["011", "021", "022"]
    assert EthnicGroup.objects.count() == 6
    assert LinguisticCommunity.objects.count() == 25
    assert Department.objects.get(code="17").name == "Petén"
    assert Municipality.objects.get(code="0514").name == "Sipacate"
    assert Municipality.objects.get(code="1333").department.name == "Huehuetenango"
    assert Institution.objects.get(code="ONSEC").sector == Institution.Sector.EXECUTIVE


def test_loading_twice_changes_nothing():
    load_catalogs()
    history_rows = Municipality.history.count()
    second = load_catalogs()
    assert all(result.created == 0 and result.updated == 0 for result in second.values())
    assert Municipality.objects.count() == 340
    assert Municipality.history.count() == history_rows


def test_loading_restores_an_edited_row_and_records_the_change():
    load_catalogs()
    municipality = Municipality.objects.get(code="0101")
    municipality.name = "Nombre equivocado"
    municipality.save()
    results = load_catalogs()
    assert results["municipios"].updated == 1
    municipality.refresh_from_db()
    assert municipality.name == "Guatemala"
    assert municipality.history.count() == 3  # created, edited, restored


def test_dissolved_institutions_are_kept_but_not_offered():
    load_catalogs()
    inactive = set(Institution.objects.filter(is_active=False).values_list("code", flat=True))
    assert inactive == {"SEPAZ", "SAA", "COPREDEH", "FONAPAZ"}


def test_cui_rules_agree_with_the_catalog_in_the_database():
    load_catalogs()
    in_database = Counter(int(code) for code in Municipality.objects.values_list("department__code", flat=True))
    assert dict(in_database) == municipalities_per_department()


def test_a_row_the_admin_import_would_refuse_stops_the_load(monkeypatch):
    """The loader goes through the admin's import resources, so it validates rows the same way."""
    rows = loader.fixture_rows

    def with_a_bad_sector(filename):
        found = rows(filename)
        if filename == "gt_instituciones.csv":
            found[0]["sector"] = "Inventado"
        return found

    monkeypatch.setattr(loader, "fixture_rows", with_a_bad_sector)
    with pytest.raises(exceptions.ImportError, match="Inventado"):
        load_catalogs()
    assert not Department.objects.exists()
    assert not Institution.objects.exists()


def test_without_update_rows_staff_changed_are_kept():
    load_catalogs()
    Institution.objects.filter(code="ONSEC").update(name="Oficina renombrada por el personal")
    results = load_catalogs(update=False)
    assert Institution.objects.get(code="ONSEC").name == "Oficina renombrada por el personal"
    assert results["instituciones"].unchanged == Institution.objects.count()
