"""Working-day arithmetic for case deadlines (行政许可法 §42, §45, §82). Pure: no database.

Where the facts come from, per year:
1. the admin's override table (`CalendarOverride`) always wins for the days it names;
2. `chinesecalendar` (import name ``chinese_calendar``) for the years it covers: statutory holidays
   and the adjusted make-up workdays (调休);
3. any other year (chinesecalendar 1.11 stops at 2026): Monday–Friday less the statutory holidays
   of the 全国年节及纪念日放假办法 (元旦, 春节 除夕–初三, 清明, 劳动节 two days, 端午, 中秋, 国庆
   three days), which do not depend on the annual notice and are computed for any year from the
   lunar calendar and the solar terms by the `holidays` package (its China calendar without
   "observed" days); plus the admin's table. Until the admin confirms that year's State Council
   arrangement (extra rest days and 调休 working days) as entered, every answer that touches the
   year carries a plain warning: entering a day does not confirm a year, an explicit action does.

Counting rule: the day of acceptance is not counted; the deadline is the n-th working day after it
(a limit of 0 is the same day: instant items).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.domain.codes import CalendarDayKind

STATUTORY_LIMIT_DAYS = 20
EXTENSION_DAYS = 10


class YearSource:
    PACKAGE = "chinese_calendar"  # the package's data: holidays and 调休, as published
    CONFIRMED = "confirmed"  # statutory holidays + the arrangement the admin entered and confirmed
    STATUTORY = "statutory"  # statutory holidays only: the year's arrangement not confirmed yet


STATUTORY_NAMES = frozenset({"元旦", "农历除夕", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"})


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> frozenset[date]:
    """The days off fixed by the 全国年节及纪念日放假办法 for `year` (13 days from 2025), without
    the annual arrangement's extra rest days (which the package also knows for past years, named
    休息日（由 … 调休） or 春节延长假期: left out here)."""
    import holidays

    calendar = holidays.China(years=year, observed=False, language="zh_CN")
    return frozenset(
        day
        for day, name in calendar.items()
        if all(part.strip() in STATUTORY_NAMES for part in name.split(";"))
    )


@lru_cache(maxsize=64)
def package_covers(year: int) -> bool:
    """Whether chinese_calendar knows the holidays of `year`."""
    import chinese_calendar

    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _package_is_workday(day: date) -> bool:
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


def year_warning(year: int) -> str:
    return (
        f"{year} 年的放假安排尚未确认：涉及 {year} 年的期限已扣除周末和法定节假日，"
        f"但未计入国务院办公厅公布的调休安排，可能与实际相差几天。"
        f"请系统管理员在“节假日设置”中录入并确认 {year} 年的放假安排。"
    )


@dataclass(frozen=True)
class DueDate:
    day: date
    warnings: tuple[str, ...] = ()

    @property
    def warning(self) -> str | None:
        return "\n".join(self.warnings) or None


class WorkCalendar:
    """Answers "is this a working day" from the override table and chinese_calendar."""

    def __init__(
        self,
        overrides: Mapping[date, CalendarDayKind | str] | None = None,
        confirmed_years: Iterable[int] = (),
    ):
        self.overrides = {d: CalendarDayKind(k) for d, k in (overrides or {}).items()}
        self.override_years = {d.year for d in self.overrides}
        self.confirmed_years = frozenset(confirmed_years)

    def source(self, year: int) -> str:
        if package_covers(year):
            return YearSource.PACKAGE
        if year in self.confirmed_years:
            return YearSource.CONFIRMED
        return YearSource.STATUTORY

    def is_workday(self, day: date) -> bool:
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKDAY
        if package_covers(day.year):
            return _package_is_workday(day)
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def warnings_for(self, years: Iterable[int]) -> tuple[str, ...]:
        return tuple(
            year_warning(y) for y in sorted(set(years)) if self.source(y) == YearSource.STATUTORY
        )

    def add_working_days(self, start: date, days: int) -> DueDate:
        """The `days`-th working day after `start` (0: `start` itself)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return DueDate(day, self.warnings_for(range(start.year, day.year + 1)))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


def case_due_date(
    calendar: WorkCalendar,
    accepted_on: date,
    limit_days: int,
    *,
    extension_days: int = 0,
    paused_working_days: int = 0,
) -> DueDate:
    """A case's deadline: the limit (plus an extension) counted from the day after acceptance,
    pushed back by the working days its clock stood still (special procedures, suspension)."""
    return calendar.add_working_days(accepted_on, limit_days + extension_days + paused_working_days)


def paused_days(calendar: WorkCalendar, paused_on: date, resumed_on: date) -> int:
    """Working days a stopped clock did not count: the day the special procedure started still
    counts; every working day after it up to and including the day it ended does not."""
    return calendar.working_days_between(paused_on, resumed_on)
