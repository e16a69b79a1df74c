"""Load the reference catalogs from ``fixtures/`` idempotently.

Rows are matched by ``code``: new ones are created, changed ones updated (with a
history entry), identical ones left untouched, so running it again writes nothing.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import BudgetLine, Department, EthnicGroup, Institution, LinguisticCommunity, Municipality

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


def sync_by_code(model, rows: list[dict], update: bool = True) -> LoadResult:
    """Create or update ``model`` rows keyed by ``code`` from plain dicts of field values
    (with ``update=False``, rows that exist are left as staff keep them)."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=[row["code"] for row in rows])}
    result = LoadResult()
    to_create = []
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [field for field, value in row.items() if getattr(obj, field) != value]
        if changed and update:
            for field in changed:
                setattr(obj, field, row[field])
            obj.save(update_fields=changed)
            result.updated += 1
        else:
            result.unchanged += 1
    if to_create:
        bulk_create_with_history(to_create, model, batch_size=500)
        result.created = len(to_create)
    return result


def geography_rows() -> tuple[list[dict], list[dict]]:
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
    results = {"departamentos": sync_by_code(Department, departments, update)}
    department_ids = dict(Department.objects.values_list("code", "id"))
    results["municipios"] = sync_by_code(
        Municipality,
        [
            {"code": m["code"], "name": m["name"], "department_id": department_ids[m["department_code"]]}
            for m in municipalities
        ],
        update,
    )
    results["instituciones"] = sync_by_code(
        Institution,
        [{**row, "is_active": row["code"] not in DEFUNCT_INSTITUTIONS} for row in fixture_rows("gt_instituciones.csv")],
        update,
    )
    results["renglones"] = sync_by_code(BudgetLine, fixture_rows("budget_lines.csv"), update)
    results["etnias"] = sync_by_code(EthnicGroup, fixture_rows("ethnic_groups.csv"), update)
    results["comunidades sociolingüísticas"] = sync_by_code(
        LinguisticCommunity, fixture_rows("linguistic_communities.csv"), update
    )
    return results
