"""One place for "now", so services, windows and tests agree on it. Times are stored in UTC; the
hall's time zone decides what "today" is.

The clock can run shifted from the machine's: `set_offset` (tests, which pin the hall's time of
day) or the environment variable HALLDESK_CLOCK_OFFSET_SECONDS (read once at import, so programs
a test starts in other processes keep the same time as the test; also for training a hall on what
happens at midnight). It still ticks: a shifted clock is the real clock plus a fixed offset.
Intervals (timeouts, backoff, caches) use `time.monotonic()` and are not shifted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.errors import SettingsError

Clock = Callable[[], datetime]

OFFSET_ENV = "HALLDESK_CLOCK_OFFSET_SECONDS"
DEFAULT_HALL_ZONE = "Asia/Shanghai"
MAX_OFFSET_SECONDS = 50 * 366 * 86400


def _offset_from_environment() -> tuple[timedelta, SettingsError | None]:
    """The offset the environment asks for, and what is wrong with it (then no offset)."""
    value = os.environ.get(OFFSET_ENV, "").strip()
    if not value:
        return timedelta(0), None
    try:
        seconds = float(value)
        if abs(seconds) > MAX_OFFSET_SECONDS:
            raise ValueError(value)
        return timedelta(seconds=seconds), None
    except ValueError:
        return timedelta(0), SettingsError(
            "settings.clock_offset_invalid", variable=OFFSET_ENV, value=value
        )


_offset, _environment_problem = _offset_from_environment()


def environment_problem() -> SettingsError | None:
    """Why the environment's clock offset was ignored (start-up reports it as a settings error)."""
    return _environment_problem


def utcnow() -> datetime:
    return datetime.now(UTC) + _offset


def offset() -> timedelta:
    """How far this program's clock runs from the machine's (zero unless shifted)."""
    return _offset


def set_offset(value: timedelta, *, for_child_processes: bool = True) -> None:
    """Shift the clock by `value` from now on; with `for_child_processes` also in the
    environment, so a program started from here keeps the same time."""
    global _offset
    _offset = value
    if for_child_processes:
        if value:
            os.environ[OFFSET_ENV] = repr(value.total_seconds())
        else:
            os.environ.pop(OFFSET_ENV, None)


def set_now(moment: datetime) -> None:
    """Make `utcnow()` read `moment` now (it keeps ticking from there). `moment` is aware."""
    if moment.tzinfo is None:
        raise ValueError("set_now needs an aware datetime")
    set_offset(moment - datetime.now(UTC))


def local_date(moment: datetime, tz_name: str) -> date:
    """The calendar date of `moment` in the hall's time zone."""
    return moment.astimezone(ZoneInfo(tz_name)).date()


def local_now(tz_name: str) -> datetime:
    """Now in the hall's time zone (for clocks shown on screens)."""
    return utcnow().astimezone(ZoneInfo(tz_name))


def today(tz_name: str | None = None) -> date:
    """Today's date in the given time zone, or in the hall's (see `set_hall_zone`)."""
    if tz_name is None:
        return utcnow().astimezone(_hall_zone).date()
    return local_date(utcnow(), tz_name)


# The hall's time zone, for every time shown to people. A PC set to another zone (or to UTC, as
# many are) still shows the hall's time everywhere: one program, one clock on every screen.
_hall_zone = ZoneInfo(DEFAULT_HALL_ZONE)


def set_hall_zone(tz_name: str) -> None:
    """Set when the program knows its hall (ui.context.AppContext does)."""
    global _hall_zone
    _hall_zone = ZoneInfo(tz_name)


def hall_zone() -> ZoneInfo:
    return _hall_zone


def in_hall(moment: datetime) -> datetime:
    """`moment` on the hall's clock, to show. Never `moment.astimezone()`: that is this PC's zone."""
    return moment.astimezone(_hall_zone)
