"""The portal's initial content in Spanish, rewritten from the two manuals in ``shared/seeds``.

Each module returns raw StreamField data (lists of ``{"type", "value"}``) that
``cms.setup`` stores once; editors own the pages afterwards. The guides read theirs
from ``fixtures/content/guides/``.
"""


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def link(*, page=None, url: str = "") -> dict:
    return {"page": page.pk if page is not None else None, "url": "" if page is not None else url}
