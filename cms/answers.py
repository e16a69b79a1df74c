"""Form answers as people read them, in emails, the admin and the exports."""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext


def display_value(value) -> str:
    """An answer as people read it: ``Sí``, ``a, b``, ``20/05/1986``."""
    if isinstance(value, bool):
        return gettext("Sí") if value else gettext("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else str(value)
