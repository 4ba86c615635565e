"""One place for "now", so services and tests agree on it. Times are stored in UTC; the hall's
time zone decides what "today" is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime, tz_name: str) -> date:
    """The calendar date of `moment` in the hall's time zone."""
    return moment.astimezone(ZoneInfo(tz_name)).date()
