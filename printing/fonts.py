"""The bundled CJK font for reportlab. Registered once per process; every PDF HallDesk writes
embeds (a subset of) it, so Chinese prints the same on every machine."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import resources

FONT_NAME = "HallDeskSans"  # the name documents use in reportlab styles


@cache
def register_fonts() -> str:
    """Register the bundled font with reportlab and return the name to use in styles."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(resources.FONT_FILE), subfontIndex=0))
    return FONT_NAME


def has_glyph(char: str, font_name: str = FONT_NAME) -> bool:
    """Whether the registered font draws `char` (rare characters in names may be missing)."""
    font = pdfmetrics.getFont(font_name)
    return ord(char) in font.face.charToGlyph
