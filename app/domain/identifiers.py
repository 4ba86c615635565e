"""Check characters of national identifiers (shared/domain.md §5). Pure functions, no I/O.

Full validation with field messages (birth dates, residence permits, mobiles) builds on these.
"""

from __future__ import annotations

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_char(first17: str) -> str:
    """GB 11643-1999: the 18th character of a resident ID (or residence permit) number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need the first 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015: the 18th character of a unified social credit code."""
    if len(first17) != 17 or any(c not in USCC_ALPHABET for c in first17):
        raise ValueError("need 17 characters of the USCC alphabet")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    code = code.strip().upper()
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]
