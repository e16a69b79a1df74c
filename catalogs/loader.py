"""Load the reference catalogs from ``fixtures/`` idempotently, through the same
django-import-export resources as the admin's import.

Rows are matched by ``code``: new ones are created, changed ones updated (with a
history entry), identical ones left untouched, so running it again writes nothing.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import tablib
from django.conf import settings
from django.db import transaction

from . import resources

# Bodies dissolved or liquidated that still appear in old service histories.
DEFUNCT_INSTITUTIONS = {"SEPAZ", "SAA", "COPREDEH", "FONAPAZ"}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other):
        return LoadResult(self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged)


def fixture_rows(filename: str) -> list[dict]:
    path = Path(settings.BASE_DIR) / "fixtures" / filename
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def import_rows(resource, rows: list[dict], update: bool = True) -> LoadResult:
    """Import ``rows`` (dicts keyed by the resource's column names) as the admin's import would
    (with ``update=False``, rows whose code exists are left as staff keep them)."""
    queryset = resource.get_queryset()
    kept = 0
    if not update:
        existing = set(queryset.filter(code__in=[row["code"] for row in rows]).values_list("code", flat=True))
        kept = sum(row["code"] in existing for row in rows)
        rows = [row for row in rows if row["code"] not in existing]
    if not rows:
        return LoadResult(unchanged=kept)
    headers = list(rows[0])
    dataset = tablib.Dataset(*[[row[column] for column in headers] for row in rows], headers=headers)
    result = resource.import_data(dataset, raise_errors=True)  # a refused row raises, naming it and why
    return LoadResult(
        created=result.totals["new"], updated=result.totals["update"], unchanged=result.totals["skip"] + kept
    )


def geography_rows() -> tuple[list[dict], list[dict]]:
    """Departments and municipalities, in the resources' columns, from the INE/RENAP file."""
    departments, municipalities = {}, []
    for row in fixture_rows("gt_municipios.csv"):
        departments[row["department_code"]] = {"code": row["department_code"], "name": row["department_name"]}
        municipalities.append(
            {
                "code": row["municipality_code"],
                "name": row["municipality_name"],
                "department_code": row["department_code"],
            }
        )
    return list(departments.values()), municipalities


@transaction.atomic
def load_catalogs(update: bool = True) -> dict[str, LoadResult]:
    """The catalogs from ``fixtures/``; with ``update=False`` only missing rows are added."""
    departments, municipalities = geography_rows()
    institutions = [
        {**row, "is_active": row["code"] not in DEFUNCT_INSTITUTIONS} for row in fixture_rows("gt_instituciones.csv")
    ]
    return {
        "departamentos": import_rows(resources.DepartmentResource(), departments, update),
        "municipios": import_rows(resources.MunicipalityResource(), municipalities, update),
        "instituciones": import_rows(resources.InstitutionResource(), institutions, update),
        "renglones": import_rows(resources.BudgetLineResource(), fixture_rows("budget_lines.csv"), update),
        "etnias": import_rows(resources.EthnicGroupResource(), fixture_rows("ethnic_groups.csv"), update),
        "comunidades sociolingüísticas": import_rows(
            resources.LinguisticCommunityResource(), fixture_rows("linguistic_communities.csv"), update
        ),
    }
