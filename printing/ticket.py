"""The queue ticket: a strip of thermal paper (80 mm, or 58 mm), as high as its content.

The printable width is what an ESC/POS head covers: 72 mm = 576 dots at 203 dpi on 80 mm paper,
48 mm = 384 dots on 58 mm paper. The PDF page is the full paper width with the margins left
blank, so a system (driver) printer and the ESC/POS raster print the same layout.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import Flowable, Spacer

from printing.documents import QueueTicketData, ReprintMark
from printing.fonts import FONT_NAME, register_fonts
from printing.layout import QrCode, Rule, para, short_datetime

PRINTABLE_MM = {80: 72.0, 58: 48.0}
TOP_MARGIN = 3 * mm
BOTTOM_MARGIN = 5 * mm  # room before the cutter


class _Centered(Flowable):
    """Center a fixed-width flowable (the QR code) in the column."""

    def __init__(self, inner: Flowable):
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        w, h = self.inner.wrap(avail_width, avail_height)
        self._avail = avail_width
        self.width, self.height = avail_width, h
        return avail_width, h

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        w = self.inner.width
        self.inner.drawOn(canvas, x + (self._avail - w) / 2, y)


class _BigNumber(Flowable):
    """The ticket number, as large as the width allows (up to 40 mm tall digits)."""

    def __init__(self, text: str, max_size: float = 64):
        super().__init__()
        self.text = text
        self.max_size = max_size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        natural = stringWidth(self.text, FONT_NAME, 10) / 10
        self.size = min(self.max_size, (avail_width * 0.92) / max(natural, 0.1))
        self.width = avail_width
        self.height = self.size * 1.05
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFont(FONT_NAME, self.size)
        # Micro Hei's digits sit on the baseline with a small descent; 0.16 em keeps them centred.
        self.canv.drawCentredString(self.width / 2, self.size * 0.16, self.text)


def ticket_story(data: QueueTicketData, reprint: ReprintMark | None) -> list[Flowable]:
    tz = data.issuer.timezone
    story: list[Flowable] = []
    if reprint is not None:
        story.append(para(f"【补打】{short_datetime(reprint.at, tz)}", 9, align="center"))
    story.append(para(data.issuer.hall_name, 13, align="center"))
    story.append(para(data.category_name, 11, align="center"))
    if data.priority_label:
        story.append(para(f"绿色通道 · {data.priority_label}", 10, align="center"))
    story.append(Spacer(1, 1 * mm))
    story.append(_BigNumber(data.ticket_no))
    if data.applicant_name:
        story.append(para(data.applicant_name, 10, align="center"))
    story.append(Spacer(1, 1 * mm))
    story.append(para(f"您前面还有 {data.people_ahead} 人在等待", 12, align="center"))
    if data.estimated_wait_minutes is not None:
        story.append(para(f"预计等待约 {data.estimated_wait_minutes} 分钟", 10, align="center"))
    story.append(para(f"取号时间：{short_datetime(data.issued_at, tz)}", 9, align="center"))
    story.append(Rule(dashed=True, space=1.5 * mm))
    for tip in data.tips:
        story.append(para(tip, 9, align="center"))
    if data.qr_text:
        story.append(Spacer(1, 1.5 * mm))
        story.append(_Centered(QrCode(data.qr_text, size=24 * mm)))
        story.append(para(data.qr_caption, 8, align="center"))
    if data.issuer.footer_text:
        story.append(para(data.issuer.footer_text, 8, align="center", color="#444444"))
    return story


def render_ticket(
    data: QueueTicketData, *, reprint: ReprintMark | None = None, paper_mm: int = 80
) -> bytes:
    """The ticket as a one-page PDF, `paper_mm` wide (80 or 58) and exactly as high as needed."""
    register_fonts()
    if paper_mm not in PRINTABLE_MM:
        raise ValueError(f"ticket paper must be one of {sorted(PRINTABLE_MM)} mm, not {paper_mm}")
    page_width = paper_mm * mm
    width = PRINTABLE_MM[paper_mm] * mm
    margin = (page_width - width) / 2
    story = ticket_story(data, reprint)
    heights = [f.wrap(width, 10_000)[1] for f in story]
    page_height = TOP_MARGIN + sum(heights) + BOTTOM_MARGIN
    buffer = io.BytesIO()
    canvas = pdf_canvas.Canvas(
        buffer, pagesize=(page_width, page_height), invariant=True, initialFontName=FONT_NAME
    )
    canvas.setTitle(f"排队号票 {data.ticket_no}")
    canvas.setAuthor(data.issuer.hall_name)
    canvas.setCreator("HallDesk")
    y = page_height - TOP_MARGIN
    for flowable, height in zip(story, heights, strict=True):
        y -= height
        flowable.drawOn(canvas, margin, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
