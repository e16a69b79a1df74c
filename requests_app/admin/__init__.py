from . import catalogs, requests

__all__ = ["catalogs", "requests"]
