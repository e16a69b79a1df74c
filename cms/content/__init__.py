"""The portal's initial content in Spanish, rewritten from the two manuals in ``shared/seeds``.

Each module returns raw StreamField data (lists of ``{"type", "value"}``) that
``cms.setup`` stores once; editors own the pages afterwards.
"""


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(*items: str) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def section(heading: str, body: str) -> dict:
    return {"type": "section", "value": {"heading": heading, "body": body}}


def step(heading: str, body: str, *, fields=(), callout=None) -> dict:
    kind, title, text = callout or ("info", "", "")
    return {
        "type": "step",
        "value": {
            "heading": heading,
            "body": body,
            "image": None,
            "image_caption": "",
            "fields": [
                {"name": name, "description": description, "required": required}
                for name, description, required in fields
            ],
            "callout": {"kind": kind, "title": title, "text": text},
        },
    }


def callout(kind: str, title: str, text: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": text}}


def payment(heading: str = "Pago de la Certificación de Servicios") -> dict:
    return {"type": "payment", "value": {"heading": heading}}


def link(*, page=None, url: str = "") -> dict:
    return {"page": page.pk if page is not None else None, "url": "" if page is not None else url}
