"""Matching the requested periods against the employment registry, for the reviewer."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import EmploymentRecord

MATCH = "coincide"
DIFFERS = "difiere"
MISSING = "sin_registro"
LABELS = {MATCH: _("Coincide"), DIFFERS: _("Difiere"), MISSING: _("Sin registro")}


@dataclass(frozen=True)
class PeriodMatch:
    period: object
    record: object | None
    status: str
    differences: tuple[str, ...]

    @property
    def label(self):
        return LABELS[self.status]


def overlaps(period, record) -> bool:
    return record.start_date <= period.end_date and period.start_date <= record.end_date


def compare(period, record) -> tuple[str, ...]:
    differences = []
    if record.start_date != period.start_date:
        differences.append(_("inicio en el registro: %(d)s") % {"d": f"{record.start_date:%d/%m/%Y}"})
    if record.end_date != period.end_date:
        differences.append(_("fin en el registro: %(d)s") % {"d": f"{record.end_date:%d/%m/%Y}"})
    if record.budget_line_id != period.budget_line_id:
        differences.append(_("renglón en el registro: %(r)s") % {"r": record.budget_line.code})
    if record.position_title.strip().lower() != period.position_title.strip().lower():
        differences.append(_("puesto en el registro: %(p)s") % {"p": record.position_title})
    return tuple(str(d) for d in differences)


def match_periods(certification) -> list[PeriodMatch]:
    """One row per requested period: the best registry record and what differs (two queries)."""
    cui = (certification.third_party or certification.applicant).cui
    records = list(EmploymentRecord.objects.filter(cui=cui).select_related("budget_line"))
    matches = []
    for period in certification.periods.select_related("institution", "budget_line"):
        candidates = [r for r in records if r.institution_id == period.institution_id and overlaps(period, r)]
        if not candidates:
            matches.append(PeriodMatch(period, None, MISSING, ()))
            continue
        best = min(candidates, key=lambda r: len(compare(period, r)))
        differences = compare(period, best)
        matches.append(PeriodMatch(period, best, DIFFERS if differences else MATCH, differences))
    return matches
