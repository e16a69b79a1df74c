"""The reference catalogs: real data, loaded idempotently, matching the CUI rules."""

from collections import Counter

import pytest

from accounts.cui import municipalities_per_department
from catalogs.loader import load_catalogs
from catalogs.models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality

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
