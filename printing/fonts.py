"""Fonts for reportlab. Registered once per process; every PDF HallDesk writes embeds (a subset of)
them, so Chinese prints the same on every machine.

- ``HallDeskSans``: the bundled WenQuanYi Micro Hei, the face of every document.
- ``HallDeskRareA``: a bundled subset of Hanazono Mincho A with all of CJK Extension A (䶮, 㛃 …),
  which Micro Hei lacks; rare characters in names are common.
- Extension B and later (𠮷 …): the full blocks are 20+ MB, too big to bundle, so the fonts listed
  in ``documents.fallback_fonts`` and well-known system fonts (SimSun-ExtB on every Chinese
  Windows, Hanazono/BabelStone Han on Linux) are tried in order.

A character no font covers is reported by :func:`missing_chars` (and
``printing.documents.missing_glyphs``) so the clerk is told before printing; it is never dropped
silently.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

import resources

log = logging.getLogger(__name__)

FONT_NAME = "HallDeskSans"  # the name documents use in reportlab styles
RARE_FONT_NAME = "HallDeskRareA"
RARE_FONT_FILE = resources.path("fonts", "halldesk-rare-exta.ttf")

# Tried after the bundled fonts, first match wins per character.
SYSTEM_FALLBACK_FONTS: tuple[str, ...] = (
    # Windows (Chinese editions ship SimSun-ExtB with the whole of Extension B)
    r"C:\Windows\Fonts\simsunb.ttf",
    r"C:\Windows\Fonts\mingliub.ttc",
    # Debian/Ubuntu/UOS/Kylin packages
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf",
    "/usr/share/fonts/truetype/unifont/unifont_upper.ttf",
)

_lock = threading.Lock()
_fallbacks: list[str] = []  # registered reportlab names, in order of preference
_configured: tuple[str, ...] | None = None


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, but with code points beyond the BMP written as UTF-16BE
    surrogate pairs as PDF requires (reportlab writes five hex digits there, so 𠮷 cannot be
    searched, copied or extracted)."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(code)}>" for i, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _register_file(name: str, path: str | os.PathLike[str]) -> bool:
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError) as exc:  # unreadable, not embeddable, not TrueType
        log.warning("fallback font %s not usable: %s", path, exc)
        return False
    pdfmetrics.registerFont(font)
    return True


@cache
def register_fonts() -> str:
    """Register the bundled fonts with reportlab and return the name to use in styles."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(resources.FONT_FILE), subfontIndex=0))
    if _register_file(RARE_FONT_NAME, RARE_FONT_FILE):
        _fallbacks.append(RARE_FONT_NAME)
    _configure(())
    return FONT_NAME


def configure_fallback_fonts(paths: Iterable[str]) -> list[str]:
    """Use these font files (then the well-known system ones) for characters the bundled fonts
    lack. Idempotent for the same list; returns the reportlab names now in use after the bundled
    ones."""
    register_fonts()
    return _configure(tuple(str(p) for p in paths))


def _configure(wanted: tuple[str, ...]) -> list[str]:
    global _configured
    with _lock:
        if _configured == wanted:
            return list(_fallbacks)
        del _fallbacks[1 if RARE_FONT_NAME in _fallbacks else 0 :]
        # The system list is cheap to probe on every platform (a Linux kiosk may have Hanazono).
        candidates = [*wanted, *(p for p in SYSTEM_FALLBACK_FONTS if p not in wanted)]
        for path in candidates:
            if not Path(path).is_file():
                continue
            name = f"HallDeskFallback{_stable_id(path)}"
            if name in pdfmetrics.getRegisteredFontNames() or _register_file(name, path):
                _fallbacks.append(name)
        _configured = wanted
        _font_for_char.cache_clear()
        return list(_fallbacks)


def _stable_id(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:10]


def has_glyph(char: str, font_name: str = FONT_NAME) -> bool:
    """Whether the registered font draws `char` (rare characters in names may be missing)."""
    font = pdfmetrics.getFont(font_name)
    return ord(char) in font.face.charToGlyph


def _ignorable(char: str) -> bool:
    # Controls and line breaks are layout, not glyphs; variation selectors are dropped by design
    # (the base character carries the meaning).
    code = ord(char)
    return char in "\n\r\t" or code < 0x20 or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


@cache
def _font_for_char(char: str) -> str | None:
    if _ignorable(char) or has_glyph(char, FONT_NAME):
        return FONT_NAME
    for name in _fallbacks:
        if has_glyph(char, name):
            return name
    return None


def font_for_char(char: str) -> str | None:
    """The registered font that draws `char`: the main font if it can, else the first fallback
    that can; None when no font available here has it."""
    register_fonts()
    return _font_for_char(char)


PLACEHOLDER = "〓"  # the typesetter's mark for a character without type (to be written in)


def font_runs(text: str, base: str = FONT_NAME) -> list[tuple[str, str]]:
    """Split `text` into (font name, text) runs. A character no font has becomes 〓 (the clerk
    was told before printing, see :func:`missing_chars`), never a blank or a box."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = font_for_char(char)
        if font is None:
            font, char = base, PLACEHOLDER
        font = base if font == FONT_NAME else font
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def missing_chars(text: str) -> list[str]:
    """Characters of `text` that no available font can draw, each once, in order."""
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and font_for_char(char) is None:
            seen[char] = None
    return list(seen)


def fallback_font_names() -> list[str]:
    register_fonts()
    return list(_fallbacks)
