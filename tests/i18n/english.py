"""Finding English (and the informal "tú") in what a page shows: its visible text and the
attributes people hear or read (aria-label, title, placeholder, alt, button values).

English is recognised two ways: a word list of English UI words that are never Spanish, and
Django's and Wagtail's own English strings (the msgids of their Spanish catalogues, minus those
whose Spanish is the same text), which catch whole untranslated messages such as
"There are no %(items)s to display." or "Exploring".
"""

import re
from functools import cache
from pathlib import Path

import django
import wagtail
from bs4 import BeautifulSoup, Comment

ENGLISH_WORDS = {
    "the",
    "and",
    "with",
    "from",
    "your",
    "you",
    "this",
    "that",
    "there",
    "are",
    "is",
    "of",
    "to",
    "for",
    "save",
    "saved",
    "delete",
    "cancel",
    "search",
    "edit",
    "add",
    "settings",
    "filter",
    "filters",
    "show",
    "selected",
    "exploring",
    "display",
    "submit",
    "page",
    "pages",
    "previous",
    "next",
    "choose",
    "upload",
    "sort",
    "actions",
    "yes",
    "today",
    "clear",
    "history",
    "view",
    "live",
    "draft",
    "user",
    "users",
    "home",
    "log",
    "out",
    "account",
    "change",
    "password",
    "dashboard",
    "help",
    "more",
    "items",
    "created",
    "updated",
    "status",
    "moderators",
    "editors",
    "approval",
    "approve",
    "reject",
    "workflow",
    "publish",
    "preview",
    "unpublish",
    "move",
    "copy",
    "title",
    "none",
    "all",
    "any",
    "by",
    "date",
    "name",
    "select",
    "remove",
    "close",
    "open",
    "new",
    "reports",
    "snippets",
    "images",
    "documents",
    "collection",
    "collections",
}
# Proper names and codes that look English but are not.
ALLOWED_WORDS = {
    "cui",
    "dpi",
    "nit",
    "igss",
    "pdf",
    "qr",
    "url",
    "id",
    "wagtail",
    "banrural",
    "onsec",
    "oj",
    "csv",
    "xlsx",
    "json",
    "sha",
    "cape",
    "pades",
    "tsa",
    "ok",
    "email",
    "html",
    "no",
    "general",
    "total",
    "local",
    "normal",
    "gob",
    "gt",
    "www",
    "https",
    "http",
    "ip",
    "zip",
    "e",
    "a",
    "de",
}
TU_FORMS = re.compile(
    # Only forms that are never "usted": "ingresa" or "completa" are also "usted ingresa/completa".
    r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes|has|haz|debes|quieres|asistirte|terminaste|haces|eres|estás|ten)\b",
    re.IGNORECASE,
)
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
SKIPPED_TAGS = {"script", "style", "noscript", "template", "code", "pre", "svg", "textarea", "option"}
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ']+")


def _msgids(po_path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (singular forms; enough to tell untranslated text)."""
    entries, key, current, value = {}, None, None, ""
    for line in [*po_path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            if key is not None:
                entries[key] = value
            key, current, value = line[7:-1], "id", ""
        elif line.startswith("msgstr") and key is not None:
            current, value = "str", line.split(" ", 1)[1][1:-1]
        elif line.startswith('"') and current == "id":
            key += line[1:-1]
        elif line.startswith('"') and current == "str":
            value += line[1:-1]
        elif line.startswith("msgid_plural"):
            current = "plural"
    if key is not None:
        entries[key] = value
    return entries


@cache
def framework_english() -> frozenset[str]:
    """Whole English messages of Django and Wagtail (placeholders removed), lower case."""
    roots = [Path(django.__file__).parent, Path(wagtail.__file__).parent]
    texts = set()
    for root in roots:
        for po in root.glob("**/locale/es/LC_MESSAGES/*.po"):
            for msgid, msgstr in _msgids(po).items():
                text = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", " ", msgid.replace("\\n", " "))
                text = " ".join(text.split()).strip(" .:")
                if (
                    len(text) < 4
                    or msgstr == msgid
                    or not any(word.lower() in ENGLISH_WORDS for word in WORD.findall(text))
                ):
                    continue
                texts.add(text.lower())
    return frozenset(texts)


def visible_texts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(SKIPPED_TAGS):
        node.decompose()
    for node in soup.find_all(string=lambda text: isinstance(text, Comment)):
        node.extract()
    main = soup.body or soup
    for hidden in main.select("[hidden], .visually-hidden.skip-english-check"):
        hidden.decompose()
    texts = [" ".join(text.split()) for text in main.stripped_strings]
    for element in main.find_all(True):
        texts.extend(element.get(name) for name in ATTRIBUTES if element.get(name))
        if element.name == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            texts.append(element["value"])
    return [text for text in texts if text]


def english_in(html: str) -> list[str]:
    """The texts of the page that are English."""
    found = []
    known = framework_english()
    for text in visible_texts(html):
        words = [word.lower() for word in WORD.findall(text)]
        english = [word for word in words if word in ENGLISH_WORDS and word not in ALLOWED_WORDS]
        normalized = " ".join(text.split()).strip(" .:").lower()
        if normalized in known or (english and (len(english) >= 2 or len(words) <= 3)):
            found.append(text)
    return sorted(set(found))


def tu_forms_in(html: str) -> list[str]:
    return sorted({text for text in visible_texts(html) if TU_FORMS.search(text)})
