"""What a person sees in a PDF: the page text after the signature stamps are flattened into it.

A signature's stamp is an annotation appearance, which text extractors skip;
``qpdf --flatten-annotations=all`` turns it into page content, as printing does.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

needs_pdf_tools = pytest.mark.skipif(
    not (shutil.which("qpdf") and shutil.which("pdftotext")),
    reason="qpdf y pdftotext (poppler-utils) no están instalados; «make test» los instala con apt.",
)


def flattened_pages(pdf_bytes: bytes) -> list[str]:
    """The text of each page, stamps included, whitespace collapsed."""
    with tempfile.TemporaryDirectory() as folder:
        source, flat = Path(folder, "in.pdf"), Path(folder, "flat.pdf")
        source.write_bytes(pdf_bytes)
        result = subprocess.run(
            ["qpdf", "--flatten-annotations=all", str(source), str(flat)], capture_output=True, check=False
        )
        assert result.returncode in (0, 3), result.stderr  # 3: warnings only
        text = subprocess.run(["pdftotext", str(flat), "-"], capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in text.decode().split("\f") if page.strip()]
