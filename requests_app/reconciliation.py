"""Bank reconciliation: a Banrural statement (CSV) against the payment data of requests.

Columns: ``modalidad`` (boleta or transferencia), ``referencia``, ``fecha`` (dd/mm/aaaa or
aaaa-mm-dd) and ``monto``. A deposit whose reference, date and amount match a live request
marks that request as paid; any difference is recorded and shown to the reviewers.
"""

import csv
import io
from collections import Counter
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import LIVE_STATES, PaymentMethod
from .models import BankDeposit, CertificationRequest
from .services import normalize_reference

REQUIRED_COLUMNS = {"modalidad", "referencia", "fecha", "monto"}
METHODS = {"boleta": PaymentMethod.DEPOSIT_SLIP, "transferencia": PaymentMethod.TRANSFER}
MAX_ROWS = 20_000


def parse_date(value: str):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_statement(data: bytes) -> list[dict]:
    """Rows of the statement, or a ValidationError naming the first bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("El archivo debe ser un CSV en UTF-8.")) from error
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    if not columns >= REQUIRED_COLUMNS:
        raise ValidationError(
            _("Faltan columnas: %(missing)s.") % {"missing": ", ".join(sorted(REQUIRED_COLUMNS - columns))}
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            rows.append(
                {
                    "method": METHODS[row["modalidad"].lower()],
                    "reference": normalize_reference(row["referencia"]),
                    "date": parse_date(row["fecha"]),
                    "amount": Decimal(row["monto"].replace(",", "")),
                }
            )
        except (KeyError, ValueError, InvalidOperation) as error:
            raise ValidationError(
                _("Línea %(line)s: datos no válidos (%(row)s).") % {"line": line, "row": row}
            ) from error
        if len(rows) > MAX_ROWS:
            raise ValidationError(_("El archivo tiene más de %(max)s líneas.") % {"max": MAX_ROWS})
    return rows


@transaction.atomic
def reconcile(rows: list[dict], *, fee: Decimal, user) -> Counter:
    """Record each deposit and mark matching requests paid; returns counts per result."""
    references = [row["reference"] for row in rows]
    requests = {
        (r.payment_method, r.payment_reference): r
        for r in CertificationRequest.objects.filter(payment_reference__in=references, state__in=LIVE_STATES)
    }
    results = Counter()
    now = timezone.now()
    for row in rows:
        request = requests.get((row["method"], row["reference"]))
        problems = []
        if request is None:
            status = BankDeposit.Status.UNCLAIMED
        else:
            if request.payment_date != row["date"]:
                problems.append(_("fecha declarada %(d)s") % {"d": f"{request.payment_date:%d/%m/%Y}"})
            if row["amount"] != fee:
                problems.append(_("monto Q%(a)s en lugar de Q%(f)s") % {"a": row["amount"], "f": fee})
            status = BankDeposit.Status.MISMATCH if problems else BankDeposit.Status.MATCHED
        BankDeposit.objects.update_or_create(
            payment_method=row["method"],
            reference=row["reference"],
            defaults={
                "deposit_date": row["date"],
                "amount": row["amount"],
                "request": request,
                "status": status,
                "detail": "; ".join(str(p) for p in problems),
                "imported_by": user,
            },
        )
        if status == BankDeposit.Status.MATCHED:
            CertificationRequest.objects.filter(pk=request.pk, payment_verified_at__isnull=True).update(
                payment_verified_at=now
            )
        results[status] += 1
    return results
