"""Reading rendered pages as a person does: parsed HTML and visible text."""

from bs4 import BeautifulSoup


def html(response) -> BeautifulSoup:
    """The response's page, parsed: ``html(response).select("nav.toc a")``."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(node) -> str:
    """What a person reads in ``node``: its text with whitespace collapsed."""
    return " ".join(node.get_text().split())
