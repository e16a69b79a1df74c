"""The two *instructivos*: registration and identity verification (OJ manual) and the
Certificación de Servicios request (ONSEC manual), adapted to this portal's screens.

The text lives in ``fixtures/content/guides/``, one JSON file per page: its fields
and its StreamField blocks (``section``, ``step``, ``callout``, ``payment``) as
``cms.setup`` stores them. Editors own the pages once they are seeded.
"""

import json
from pathlib import Path

from django.conf import settings


def load(name: str) -> dict:
    path = Path(settings.BASE_DIR) / "fixtures" / "content" / "guides" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def page_fields(name: str) -> dict:
    """The page's fields without its body: title, slug, intro, search description."""
    return {key: value for key, value in load(name).items() if key != "body"}


GUIDE_INDEX = load("index")
REGISTRATION = page_fields("registro-y-verificacion-de-identidad")
CERTIFICATION = page_fields("solicitud-de-certificacion-de-servicios")


def registration_body() -> list[dict]:
    return load("registro-y-verificacion-de-identidad")["body"]


def certification_body() -> list[dict]:
    return load("solicitud-de-certificacion-de-servicios")["body"]
