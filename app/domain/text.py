"""What may be in text a person types or a file brings: names, addresses, reasons, notes, catalog
fields. Pure functions; each returns the text in its normal form or raises
`ValidationError(field=…)` whose message names the field, the character and the fix.

- Every field refuses what cannot be seen or stored the same on both databases: control
  characters (NUL first: PostgreSQL refuses it, SQLite keeps it), format characters (zero-width
  space, joiners, byte-order mark, soft hyphen, the invisible tag characters) and the direction
  controls (a right-to-left override makes 张三 print as 三张 and hides what follows), lone
  surrogates, and Unicode's noncharacters. Multi-line fields keep line breaks and tabs; in a
  one-line field they become a space, as any run of spaces does.
- A person's name keeps every letter of every script, so every CJK ideograph (Extensions B–I are
  real names; planes 2 and 3 hold only ideographs, so they are taken even where this Python's
  Unicode tables do not know the newest yet), combining marks, spaces, and the middle dot of
  minority and foreign names (阿卜杜拉·买买提), which is written as the ID card prints it (U+00B7)
  whichever look-alike the input method gave. Digits, symbols and emoji are refused, as are
  private-use characters (a font of one office's own; no other PC or the online hall shows them).
- An organisation's name also takes digits and punctuation (北京798艺术区管理有限公司), not
  symbols or emoji.
"""

from __future__ import annotations

import unicodedata

from app.errors import ValidationError

MIDDLE_DOT = "\u00b7"
# What input methods and web pages give for the middle dot of a name.
_MIDDLE_DOT_LOOKALIKES = frozenset(
    "\u00b7\u0387\u16eb\u2022\u2027\u2219\u22c5\u2e31\u30fb\uff65\u318d"
)
_NAME_PUNCTUATION = frozenset(" -'’.,")  # foreign names: O'Brien, Jean-Paul, J. SMITH
_LINE_BREAKS = frozenset("\n\r\t")

_NAMES = {
    "\x00": "空字符 NUL",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行空格",
    "\ufeff": "字节顺序标记 BOM",
    "\u00ad": "软连字符",
    "\u202e": "从右到左强制方向符",
    "\u202d": "从左到右强制方向符",
    "\u202a": "从左到右嵌入符",
    "\u202b": "从右到左嵌入符",
    "\u202c": "方向格式结束符",
    "\u2066": "从左到右隔离符",
    "\u2067": "从右到左隔离符",
    "\u2068": "方向隔离符",
    "\u2069": "方向隔离结束符",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u061c": "阿拉伯字母标记",
}


def describe(char: str) -> str:
    """How a message shows a character: itself when visible, else its code and name."""
    code = f"U+{ord(char):04X}"
    if char in _NAMES:
        return f"{code} {_NAMES[char]}"
    if _invisible(char, multiline=True) or char.isspace():
        return code
    return f"“{char}”"


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _invisible(char: str, *, multiline: bool) -> bool:
    """Characters no field takes: controls (line breaks only where lines are kept), format
    characters (zero-width, direction controls, tags …), surrogates, noncharacters."""
    if char in _LINE_BREAKS:
        return False  # kept in several lines, a space in one
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Cs") or _noncharacter(ord(char))


def refuse_invisible(text: str, *, field: str, label: str, multiline: bool) -> None:
    if text.isprintable():  # no control, format or unassigned character: the common case, fast
        return
    bad = sorted({c for c in text if _invisible(c, multiline=multiline)})
    if bad:
        shown = "、".join(describe(c) for c in bad[:3])
        raise ValidationError(
            "text.invisible_characters",
            label=label,
            shown=shown,
            field=field,
        )


def _too_long(text: str, *, field: str, label: str, max_length: int) -> None:
    if len(text) > max_length:
        raise ValidationError(
            "text.too_long", label=label, max_length=max_length, length=len(text), field=field
        )


def check_text(
    value: object,
    *,
    field: str,
    label: str,
    max_length: int | None = None,
    multiline: bool = False,
    required: bool = False,
) -> str | None:
    """Free text (an address, a reason, a note): None when empty (or `请填写` when required).
    One line: runs of spaces become one. Several lines: line breaks and tabs are kept, the
    spaces at the ends of the text go."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    else:
        raise ValidationError("text.not_text", label=label, field=field)
    refuse_invisible(text, field=field, label=label, multiline=multiline)
    if multiline:
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
        text = text.strip()
    else:
        text = " ".join(text.split())
    if not text:
        if required:
            raise ValidationError("text.required", label=label, field=field)
        return None
    if max_length is not None:
        _too_long(text, field=field, label=label, max_length=max_length)
    return text


def _ideograph_plane(char: str) -> bool:
    return 0x20000 <= ord(char) <= 0x3FFFF


def _letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" or _ideograph_plane(char)


def check_person_name(value: object, *, field: str, label: str, max_length: int) -> str:
    """A person's name as on their document (see the module's note)."""
    text = check_text(value, field=field, label=label)
    if text is None:
        raise ValidationError("text.required", label=label, field=field)
    name = "".join(MIDDLE_DOT if c in _MIDDLE_DOT_LOOKALIKES else c for c in text)
    if any(c.isdigit() or unicodedata.category(c) in ("Nd", "Nl", "No") for c in name):
        raise ValidationError("text.name_has_digits", label=label, field=field)
    private = sorted({c for c in name if unicodedata.category(c) == "Co"})
    if private:
        raise ValidationError(
            "text.private_use_characters",
            label=label,
            characters="、".join(describe(c) for c in private[:3]),
            field=field,
        )
    bad = sorted({c for c in name if not (_letter(c) or c in _NAME_PUNCTUATION or c == MIDDLE_DOT)})
    if bad:
        raise ValidationError(
            "text.name_has_symbols",
            label=label,
            characters="、".join(describe(c) for c in bad[:3]),
            field=field,
        )
    if not any(unicodedata.category(c)[0] == "L" or _ideograph_plane(c) for c in name):
        raise ValidationError("text.name_has_no_letters", label=label, field=field)
    parts = name.split(MIDDLE_DOT)
    if len(parts) > 1 and any(not part.strip() for part in parts):
        raise ValidationError("text.name_dot_misplaced", label=label, field=field)
    name = MIDDLE_DOT.join(part.strip() for part in parts)
    _too_long(name, field=field, label=label, max_length=max_length)
    return name


def check_organisation_name(value: object, *, field: str, label: str, max_length: int) -> str:
    """An organisation's registered name: letters, digits, punctuation and spaces."""
    text = check_text(value, field=field, label=label)
    if text is None:
        raise ValidationError("text.required", label=label, field=field)
    bad = sorted(
        {
            c
            for c in text
            if not (_letter(c) or c.isspace() or unicodedata.category(c)[0] in "NP")
            or unicodedata.category(c) == "Co"
        }
    )
    if bad:
        raise ValidationError(
            "text.organisation_name_has_symbols",
            label=label,
            characters="、".join(describe(c) for c in bad[:3]),
            field=field,
        )
    _too_long(text, field=field, label=label, max_length=max_length)
    return text


# --------------------------------------------------------------------------- digits of numbers

_FULLWIDTH_DIGITS = frozenset("０１２３４５６７８９")
_ROMAN_TEN = frozenset("Ⅹⅹ")  # some input methods give it for the X of an ID number


def refuse_other_digits(value: str, *, field: str, label: str) -> None:
    """Numbers (ID numbers, postcodes, phones) take the digits 0–9, typed half- or full-width.
    Digits of other scripts (Arabic-Indic ٣, Devanagari ३ …) and digits only by compatibility
    (superscript ², circled ①, mathematical 𝟐) are refused, not converted: a number is what the
    document shows, and one of these means the text came from somewhere else (a footnote, a
    formula, another keyboard) and should be looked at. NFKC, which the checks apply next, would
    turn ² into 2 but leave ٣ alone, and Python's int() and \\d take ٣: that is how such digits were
    stored before."""
    bad = sorted(
        {
            c
            for c in value or ""
            if unicodedata.category(c)[0] == "N"
            and not ("0" <= c <= "9" or c in _FULLWIDTH_DIGITS or c in _ROMAN_TEN)
        }
    )
    if bad:
        raise ValidationError(
            "text.not_plain_digits",
            label=label,
            characters="、".join(describe(c) for c in bad[:3]),
            field=field,
        )


# --------------------------------------------------------------------------- whole numbers

_MAX_NUMBER_DIGITS = 6  # every count and limit the program takes fits; a longer one is a typo


def whole_number(value: object, low: int, high: int) -> int:
    """`value` as an int in [low, high], or ValueError. Takes an int, a float with no fraction
    (a spreadsheet's 5.0) or a text of the digits 0–9 with an optional sign and blanks around;
    refuses a bool (True is not 1 here), 2.5, other scripts' digits and anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = int(value)
    text = str(value).strip()
    if not text.isascii() or not text.lstrip("+-").isdigit() or len(text) > _MAX_NUMBER_DIGITS:
        raise ValueError(value)
    number = int(text)
    if not low <= number <= high:
        raise ValueError(value)
    return number


def check_whole_number(value: object, *, field: str, label: str, low: int, high: int) -> int:
    """:func:`whole_number` for a field a person filled in: ValidationError naming the field, its
    range and what was given."""
    try:
        return whole_number(value, low, high)
    except ValueError:
        shown = "（空）" if value in (None, "") else str(value)[:20]
        raise ValidationError(
            "text.whole_number_out_of_range",
            label=label,
            low=low,
            high=high,
            shown=shown,
            field=field,
        ) from None
