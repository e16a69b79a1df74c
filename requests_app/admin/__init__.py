from . import catalogs, reconciliation, requests

__all__ = ["catalogs", "reconciliation", "requests"]
