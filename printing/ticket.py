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

from app import messages
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
    """The ticket top to bottom. Its own words are the catalogue's ``paper.*`` in the ticket's
    language; an English ticket also names the hall in English (if it has a name) and captions
    the number."""
    tz = data.issuer.timezone
    lang = data.language
    english = lang != messages.SOURCE_LANGUAGE
    story: list[Flowable] = []

    def line(text: str, size: float, **style: str) -> None:
        story.append(para(text, size, align="center", **style))

    if reprint is not None:
        line(messages.text("paper.reprint", lang, time=short_datetime(reprint.at, tz)), 9)
    line(data.issuer.hall_name, 13)
    if english and data.issuer.hall_name_en:
        line(data.issuer.hall_name_en, 11)
    line(data.category_name, 11)
    if data.priority_label:
        line(messages.text("paper.priority", lang, reason=data.priority_label), 10)
    story.append(Spacer(1, 1 * mm))
    if english:  # the Chinese ticket has no caption: the big number speaks for itself
        line(messages.text("paper.your_number", lang), 10)
    story.append(_BigNumber(data.ticket_no))
    if data.applicant_name:
        line(data.applicant_name, 10)
    story.append(Spacer(1, 1 * mm))
    line(messages.text("paper.people_ahead", lang, count=data.people_ahead), 12)
    if data.estimated_wait_minutes is not None:
        minutes = data.estimated_wait_minutes
        line(messages.text("paper.estimated_wait", lang, minutes=minutes), 10)
    line(messages.text("paper.issued_at", lang, time=short_datetime(data.issued_at, tz)), 9)
    story.append(Rule(dashed=True, space=1.5 * mm))
    for tip in data.tips:
        line(tip, 9)
    if data.qr_text:
        story.append(Spacer(1, 1.5 * mm))
        story.append(_Centered(QrCode(data.qr_text, size=24 * mm)))
        line(data.qr_caption, 8)
    if data.issuer.footer_text:
        line(data.issuer.footer_text, 8, color="#444444")
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
    canvas.setTitle(messages.text("paper.title", data.language, number=data.ticket_no))
    canvas.setAuthor(data.issuer.hall_name)
    canvas.setCreator("HallDesk")
    y = page_height - TOP_MARGIN
    for flowable, height in zip(story, heights, strict=True):
        y -= height
        flowable.drawOn(canvas, margin, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
