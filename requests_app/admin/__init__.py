from . import calendar, reconciliation, reference, requests

__all__ = ["calendar", "reconciliation", "reference", "requests"]
