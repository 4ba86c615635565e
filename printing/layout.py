"""Building blocks shared by the documents: styles, paragraphs with font fallback and CJK line
breaking, the Code128 barcode and the QR code as vector flowables, and date formats."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from barcode import Code128
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from printing import linebreak
from printing.fonts import FONT_NAME, font_runs, register_fonts

linebreak.install()

INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
HEADER_FILL = colors.Color(0.92, 0.92, 0.92)


def markup(text: str) -> str:
    """Escape `text` for a Paragraph and switch to a fallback font for the characters the main
    font lacks (for example 䶮 in a name). Line breaks become <br/>."""
    register_fonts()
    parts = []
    for font, run in font_runs(text):
        body = escape(run).replace("\n", "<br/>")
        parts.append(body if font == FONT_NAME else f'<font name="{font}">{body}</font>')
    return "".join(parts)


@cache
def style(
    size: float = 10.5,
    *,
    leading: float | None = None,
    align: str = "left",
    color: str = "black",
    space_after: float = 0,
    first_indent: float = 0,
) -> ParagraphStyle:
    """A paragraph style in the bundled font with Chinese line breaking: a line may break between
    any two CJK characters, but never puts closing punctuation (，。、；：！？）》 …) at the start
    of a line nor opening punctuation at the end (reportlab's CJK wrap rules)."""
    register_fonts()
    alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[align]
    return ParagraphStyle(
        name=f"hd-{size}-{align}-{color}-{leading}-{space_after}-{first_indent}",
        fontName=FONT_NAME,
        fontSize=size,
        leading=leading if leading is not None else round(size * 1.45, 1),
        alignment=alignment,
        textColor=colors.toColor(color),
        wordWrap="CJK",
        spaceAfter=space_after,
        firstLineIndent=first_indent,
        allowWidows=0,
        allowOrphans=0,
    )


def para(text: str, size: float = 10.5, **kwargs) -> Paragraph:
    return Paragraph(markup(text), style(size, **kwargs))


def cn_date(value: date | datetime | None, tz: str = "Asia/Shanghai") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(tz)).date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None, tz: str = "Asia/Shanghai") -> str:
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz))
    return f"{cn_date(local.date())} {local:%H:%M}"


def short_datetime(value: datetime, tz: str = "Asia/Shanghai") -> str:
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


class Code128Barcode(Flowable):
    """A Code128 barcode drawn as vector bars from python-barcode's encoding, with the text below.

    Module width adapts to the space (never under 0.25 mm, which a 200 dpi scan still resolves);
    a quiet zone of 10 modules is kept on both sides."""

    QUIET = 10

    def __init__(
        self,
        value: str,
        *,
        height: float = 11 * mm,
        module: float = 0.33 * mm,
        min_module: float = 0.25 * mm,
        max_width: float | None = None,
        caption: bool = True,
        caption_size: float = 8,
    ):
        super().__init__()
        self.value = value
        self.modules = Code128(value).build()[0]
        self.bar_height = height
        self.module = module
        self.min_module = min_module
        self.max_width = max_width
        self.caption = caption
        self.caption_size = caption_size

    def _module_for(self, avail: float) -> float:
        total = len(self.modules) + 2 * self.QUIET
        limit = min(avail, self.max_width or avail)
        return max(self.min_module, min(self.module, limit / total))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._mod = self._module_for(avail_width)
        self.width = (len(self.modules) + 2 * self.QUIET) * self._mod
        self.height = self.bar_height + (self.caption_size * 1.5 if self.caption else 0)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        module = getattr(self, "_mod", self.module)
        top = self.height
        bottom = top - self.bar_height
        canvas.setFillColor(INK)
        x = self.QUIET * module
        run = 0
        for index, bit in enumerate(self.modules + "0"):
            if bit == "1":
                run += 1
                continue
            if run:
                start = x + (index - run) * module
                canvas.rect(start, bottom, run * module, self.bar_height, stroke=0, fill=1)
                run = 0
        if self.caption:
            canvas.setFont(FONT_NAME, self.caption_size)
            canvas.drawCentredString(self.width / 2, 1, self.value)


@cache
def qr_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of a QR code (error correction M) for `value`.

    The mask is fixed instead of scored: any of the eight masks is a valid code that every reader
    decodes, and scoring all eight costs ~15 ms, most of a ticket's time budget."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    code.makeImpl(False, 2)
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrCode(Flowable):
    """A QR code as vector modules, `size` square including a quiet zone of 4 modules."""

    QUIET = 4

    def __init__(self, value: str, size: float = 26 * mm):
        super().__init__()
        self.value = value
        self.size = size
        self.matrix = qr_matrix(value)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        count = len(self.matrix)
        module = self.size / (count + 2 * self.QUIET)
        path = canvas.beginPath()
        for r, row in enumerate(self.matrix):
            y = self.size - (self.QUIET + r + 1) * module
            c = 0
            while c < count:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect((self.QUIET + start) * module, y, (c - start) * module, module)
        canvas.setFillColor(INK)
        canvas.drawPath(path, stroke=0, fill=1)


class Rule(Flowable):
    """A horizontal line, dashed or solid."""

    def __init__(self, dashed: bool = False, space: float = 2 * mm, color=RULE):
        super().__init__()
        self.dashed = dashed
        self.space = space
        self.color = color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = 2 * self.space
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.6)
        if self.dashed:
            canvas.setDash(2, 2)
        canvas.line(0, self.space, self.width, self.space)
        canvas.restoreState()
