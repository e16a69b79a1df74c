"""Guatemalan identifiers, one rule each: the CUI, the NIT and the telephone number.

Each ``validate_*`` function raises ``ValidationError`` with a Spanish message or returns
the value in the form every app stores it.

The CUI (Código Único de Identificación) is the 13-digit number on the DPI. Layout:
eight serial digits, one RENAP check digit, two digits of the department and two of
the municipality where the person was registered. The check digit is
the weighted sum of the serial digits (weights 2..9) modulo 11; RENAP never issues
a serial whose remainder is 10.

Department and municipality ranges come from the geography catalog's own source
file (``fixtures/gt_municipios.csv``, 22 departments, 340 municipalities), so
municipalities created since 2011, such as Sipacate (0514) and Petatán (1333),
are accepted, unlike the tables copied around older validators.
"""

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import NumberParseException, is_valid_number_for_region, national_significant_number, parse
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gt import nit as gt_nit

from .inputs import is_ascii_number

CUI_LENGTH = 13
SEPARATORS = re.compile(r"[\s\-]+")
MUNICIPALITIES_FILE = "gt_municipios.csv"
PHONE_REGION = "GT"


@lru_cache(maxsize=1)
def municipalities_per_department() -> dict[int, int]:
    """Number of municipalities of each department, keyed by department number."""
    path = Path(settings.BASE_DIR) / "fixtures" / MUNICIPALITIES_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        counts = Counter(int(row["department_code"]) for row in csv.DictReader(handle))
    return dict(counts)


def normalize_cui(value) -> str:
    """Drop the spaces and dashes people type (``2456 78901 0101``)."""
    return SEPARATORS.sub("", str(value or "")).strip()


def cui_check_digit(serial: str) -> int:
    return sum(int(digit) * weight for digit, weight in zip(serial, range(2, 10), strict=True)) % 11


def has_cui_shape(digits: str) -> bool:
    """Thirteen ASCII digits (``str.isdigit()`` also accepts ``"²"`` or ``"١"``); no check digit test."""
    return is_ascii_number(digits) and len(digits) == CUI_LENGTH


def validate_cui(value) -> str:
    """Raise ``ValidationError`` with a Spanish message unless ``value`` is a valid CUI.

    Returns the normalized 13-digit string so callers can store it.
    """
    cui = normalize_cui(value)
    if not has_cui_shape(cui):
        raise ValidationError(
            _("El CUI debe tener 13 dígitos (puede escribirlo con espacios o guiones)."),
            code="cui_format",
        )
    serial, check, department, municipality = cui[:8], int(cui[8]), int(cui[9:11]), int(cui[11:13])
    counts = municipalities_per_department()
    if department not in counts:
        raise ValidationError(
            _("El CUI no es válido: el código de departamento %(code)s no existe."),
            code="cui_department",
            params={"code": cui[9:11]},
        )
    if not 1 <= municipality <= counts[department]:
        raise ValidationError(
            _("El CUI no es válido: el código de municipio %(code)s no existe en el departamento."),
            code="cui_municipality",
            params={"code": cui[9:13]},
        )
    if cui_check_digit(serial) != check:
        raise ValidationError(
            _("El CUI no es válido: el dígito verificador no corresponde. Revise el número de su DPI."),
            code="cui_check_digit",
        )
    return cui


def is_valid_cui(value) -> bool:
    try:
        validate_cui(value)
    except ValidationError:
        return False
    return True


def make_cui(serial: int, municipality_code: str) -> str:
    """Build a valid CUI from a serial and a 4-digit municipality code (for demo data).

    Serials whose check digit would be 10 do not exist; the next serial is used.
    """
    while True:
        digits = f"{serial % 10**8:08d}"
        check = cui_check_digit(digits)
        if check < 10:
            return f"{digits}{check}{municipality_code}"
        serial += 1


def mask_cui(value: str) -> str:
    """Show only the last four digits, for lists and public pages: ``*********0101``."""
    cui = normalize_cui(value)
    return "•" * max(len(cui) - 4, 0) + cui[-4:]


def validate_nit(value) -> str:
    """The NIT (Número de Identificación Tributaria) with its check digit, stored compact (``576937K``).

    An empty value stays empty: the NIT is optional wherever it is asked.
    """
    value = str(value or "").strip()
    if not value:
        return ""
    try:
        return gt_nit.compact(gt_nit.validate(value))
    except StdnumError as error:
        raise ValidationError(
            _("El NIT no es válido; revise el número y el dígito verificador."), code="nit"
        ) from error


def validate_phone(value) -> str:
    """A Guatemalan telephone number, by Google's libphonenumber rules for region GT, stored as ``5555-1234``.

    ``+502 5555 1234``, ``502 5555-1234`` and ``55551234`` are the same number; numbers no
    Guatemalan line can have (``0000 0000``, ``1234 5678``) and other countries' numbers are
    refused. An empty value stays empty.
    """
    value = str(value or "").strip()
    if not value:
        return ""
    try:
        number = parse(value, PHONE_REGION)
    except NumberParseException:
        number = None
    if number is None or not is_valid_number_for_region(number, PHONE_REGION):
        raise ValidationError(
            _("Escriba un número de teléfono de Guatemala de 8 dígitos, por ejemplo 5555-1234 o +502 2321-4800."),
            code="phone",
        )
    digits = national_significant_number(number)
    return f"{digits[:4]}-{digits[4:]}"
