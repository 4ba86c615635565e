"""Helpers for the printing tests: read a PDF's text, render its pages, decode its codes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

DATA = Path(__file__).with_name("data")


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF with whitespace removed (wrapping inserts line breaks anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def render_pages(pdf: bytes, dpi: int = 200):
    document = pdfium.PdfDocument(pdf)
    images = [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    document.close()
    return images


def decode(pdf: bytes, dpi: int = 200) -> list[tuple[str, str]]:
    """(format, text) of every barcode and QR code found on the rendered pages."""
    found = []
    for image in render_pages(pdf, dpi):
        for result in zxingcpp.read_barcodes(image):
            found.append((result.format.name, result.text))
    return found


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Base font name → whether its program is embedded, for every font on every page."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant.get("/FontDescriptor")
                embedded = False
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(
                        k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3")
                    )
                fonts[str(descendant.get("/BaseFont", font.get("/BaseFont")))] = embedded
    return fonts


@pytest.fixture
def extb_font():
    """A tiny Extension B font (subset of Hanazono Mincho B) configured as the fallback."""
    from printing.fonts import configure_fallback_fonts

    path = DATA / "extb-sample.ttf"
    configure_fallback_fonts([str(path)])
    yield path
    configure_fallback_fonts(())
