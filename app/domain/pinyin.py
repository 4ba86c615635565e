"""Pinyin initials for search: ``gtgs`` finds 个体工商户设立登记."""

from __future__ import annotations


def initials(text: str) -> str:
    """Lower-case first letters of each character's pinyin; other characters kept as they are
    (letters lower-cased, digits kept, punctuation dropped)."""
    # Imported here: pypinyin's dictionaries take ~200 ms and tens of MB, needed only when the
    # catalog changes, not at every start of every PC.
    from pypinyin import Style, lazy_pinyin

    out = []
    for syllable in lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: list(s)):
        ch = syllable[:1].lower()
        if ch.isalnum():
            out.append(ch)
    return "".join(out)
