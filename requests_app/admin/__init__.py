from . import calendar, catalogs, reconciliation, requests

__all__ = ["calendar", "catalogs", "reconciliation", "requests"]
