"""The bundled font reaches reportlab and ends up embedded in the PDF, with Chinese extractable."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from printing.fonts import FONT_NAME, has_glyph, register_fonts


def _pdf_with(text: str) -> bytes:
    name = register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(name, 14)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


def test_chinese_text_is_embedded_and_extractable():
    data = _pdf_with("受理通知书 临江市政务服务中心")
    reader = PdfReader(io.BytesIO(data))
    assert "受理通知书" in reader.pages[0].extract_text()
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                embedded.append(
                    any(k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3"))
                )
    assert embedded and all(embedded), "the CJK font must be embedded, not referenced"


def test_glyph_coverage_reports_missing_characters():
    register_fonts()
    assert FONT_NAME == register_fonts()
    for char in "受理窗口张三":
        assert has_glyph(char)
    assert not has_glyph("\U0002a6d6")  # a CJK Extension B ideograph the bundled font lacks
