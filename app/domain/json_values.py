"""Values as JSON holds them: the one converter behind the audit log's before/after and the
messages sent to the online hall (enums by code, dates and times in ISO 8601, money as a string)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def json_value(value: Any) -> Any:
    """`value` with every enum, date, time and Decimal inside it made JSON-ready; mappings get
    string keys, sequences and sets become lists. Anything else is returned as it is."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):  # a datetime is a date too: one isoformat for both
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_value(v) for v in value]
    return value
