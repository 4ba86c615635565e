"""Chinese line breaking (GB/T 15834 标点符号用法 and common typesetting practice, cf. W3C clreq):

- a line may break between any two CJK characters;
- closing punctuation (，。、；：！？）》”’ …) never starts a line: one may hang in the margin,
  otherwise the character before it moves down with it;
- opening punctuation (（《“‘【 …) never ends a line: it moves down to the next one;
- a Latin word or a number (2026, 0571-86000000, 1:100) is not split unless it is longer than a
  line.

reportlab's own CJK wrap only knows a short list of closing marks (no ，；：！？》) and ignores
the opening ones, so :func:`install` replaces the splitter its paragraphs use with
:func:`cjk_frag_split`. The rules themselves are in :func:`break_points`, testable on plain
strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import _FUZZ

CANNOT_START = set(
    "，。、；：！？）》〉」』】〕〗〙〛］｝”’…‥·・ー〜～％‰℃°′″"
    "!),.:;?]}%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻"
)
CANNOT_END = set("（《〈「『【〔〖〘〚［｛“‘([{$￥£€#@§")


def _is_word_char(char: str) -> bool:
    """Latin letters, digits and the joiners inside numbers and codes."""
    return char.isascii() and (char.isalnum() or char in "-_./:@+*#")


def _adjust(text: Sequence[str], start: int, end: int) -> int:
    """Move a break at `end` (line = text[start:end]) so it obeys the rules; never returns a
    break at or before `start` (a line always holds at least one character)."""
    n = len(text)
    # keep a word or number whole when it fits (break before it)
    if 0 < end < n and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        b = end - 1
        while b > start and _is_word_char(text[b - 1]):
            b -= 1
        if b > start:
            end = b
    # closing punctuation may not start the next line: move characters down with it
    while end < n and text[end] in CANNOT_START and end - 1 > start:
        end -= 1
    # opening punctuation may not end this line
    while end - 1 > start and text[end - 1] in CANNOT_END:
        end -= 1
    return end


def break_points(
    text: str, widths: Sequence[float], max_width: float | Sequence[float], *, hang: bool = True
) -> list[int]:
    """Where lines end (exclusive indexes) when `text` with per-character `widths` is set in
    `max_width` (or one width per line, the last repeating). `hang` lets one closing mark hang
    past the margin instead of moving a character down."""
    limits = [max_width] if isinstance(max_width, (int, float)) else list(max_width)
    ends: list[int] = []
    start = 0
    n = len(text)
    while start < n:
        max_width = limits[min(len(ends), len(limits) - 1)]
        used = 0.0
        i = start
        while i < n and (used + widths[i] <= max_width + _FUZZ or i == start):
            if text[i] == "\n":
                break
            used += widths[i]
            i += 1
        if i < n and text[i] == "\n":
            ends.append(i)
            start = i + 1
            continue
        if i >= n:
            ends.append(n)
            break
        if hang and text[i] in CANNOT_START and (i + 1 >= n or text[i + 1] not in CANNOT_START):
            end = i + 1  # hang one closing mark in the margin
        else:
            end = _adjust(text, start, i)
        ends.append(end)
        start = end
    return ends


def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):  # noqa: N803
    """Drop-in for reportlab's ``wordSplit`` (its one-fragment CJK path): [[extra space, line]]."""
    if isinstance(word, bytes):
        word = word.decode(encoding)
    limits = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
    widths = [stringWidth(c, fontName, fontSize) for c in word]
    lines = []
    start = 0
    for number, end in enumerate(break_points(word, widths, limits)):
        limit = limits[min(number, len(limits) - 1)]
        lines.append([limit - sum(widths[start:end]), word[start:end].strip()])
        start = end + 1 if end < len(word) and word[end] == "\n" else end
    return lines


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: N803 - reportlab's API
    """Drop-in for reportlab's ``cjkFragSplit`` with the rules above (fonts and sizes of the
    fragments are kept, so fallback-font runs and inline markup still work)."""
    chars: list = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            chars.extend(rl_paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            chars.append(rl_paragraph.cjkU(text, frag, encoding))
    lines = []
    n = len(chars)
    text = [str(c) for c in chars]
    start = 0
    while start < n:
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]

        def width(u, max_width=max_width) -> float:
            w = u.width
            if hasattr(w, "normalizedValue"):
                w._normalizer = max_width
                w = w.normalizedValue(max_width)
            return w

        used = 0.0
        i = start
        line_break = False
        while i < n:
            u = chars[i]
            if hasattr(u.frag, "lineBreak"):
                line_break = True
                i += 1
                break
            w = width(u)
            if used + w > max_width + _FUZZ and i > start:
                break
            used += w
            i += 1
        end = i
        if not line_break and i < n:
            if chars[i] in CANNOT_START and (i + 1 >= n or chars[i + 1] not in CANNOT_START):
                end = i + 1
            else:
                end = _adjust(text, start, i)
        line = chars[start:end]
        used = sum(width(u) for u in line if not hasattr(u.frag, "lineBreak"))
        lines.append(
            rl_paragraph.makeCJKParaLine(
                line, max_width, used, max_width - used, line_break, calcBounds
            )
        )
        start = end
    return rl_paragraph.ParaLines(kind=1, lines=lines)


_installed: list[Callable] = []


def install() -> None:
    """Make reportlab paragraphs with ``wordWrap="CJK"`` use :func:`cjk_frag_split`."""
    if not _installed:
        _installed.append(rl_paragraph.cjkFragSplit)
        rl_paragraph.cjkFragSplit = cjk_frag_split
        rl_paragraph.wordSplit = word_split
