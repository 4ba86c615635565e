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
from app.errors import ValidationError

STATUTORY_LIMIT_DAYS = 20
EXTENSION_DAYS = 10


class YearSource:
    PACKAGE = "chinese_calendar"  # the package's data: holidays and 调休, as published
    CONFIRMED = "confirmed"  # statutory holidays + the arrangement the admin entered and confirmed
    STATUTORY = "statutory"  # statutory holidays only: the year's arrangement not confirmed yet


STATUTORY_NAMES = frozenset(
    {"元旦", "农历除夕", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}
)


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


# --------------------------------------------------------------------------- the arrangement file

REST_WORDS = {"休息", "放假", "休", "rest", "holiday"}
WORK_WORDS = {"上班", "调休上班", "班", "work", "workday"}


@dataclass(frozen=True)
class ArrangementDay:
    day: date
    kind: CalendarDayKind
    name: str | None


@dataclass(frozen=True)
class Arrangement:
    """A year's State Council holiday arrangement as an admin types or receives it:

        # 国务院办公厅关于2027年部分节假日安排的通知
        年份 2027
        文号 国办发明电〔2026〕X号
        2027-02-05 休息 春节
        2027-02-20 上班 春节调休

    One day per line: the date, 休息 (a day off) or 上班 (a weekend made a working day), and a
    name; `#` starts a comment. The statutory holidays need not be listed (they count anyway)."""

    year: int
    note: str | None
    days: tuple[ArrangementDay, ...]


class ArrangementError(ValidationError):
    """What is wrong with the file, naming the line (a refusal of the form's file field)."""

    def __init__(self, code: str, /, **params: object):
        super().__init__(code, field="file", **params)


def parse_arrangement(text: str) -> Arrangement:
    year: int | None = None
    note: str | None = None
    days: dict[date, ArrangementDay] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().replace("\u3000", " ")
        if not line:
            continue
        parts = line.split(None, 2)
        key = parts[0]
        if key in ("年份", "year"):
            try:
                year = int(parts[1])
            except (IndexError, ValueError):
                raise ArrangementError("calendar.file_year_not_digits", line=number) from None
            continue
        if key in ("文号", "note"):
            note = line[len(key) :].strip() or None
            continue
        try:
            day = date.fromisoformat(key)
        except ValueError:
            raise ArrangementError("calendar.file_not_a_date", line=number, text=key) from None
        word = parts[1] if len(parts) > 1 else ""
        if word in REST_WORDS:
            kind = CalendarDayKind.HOLIDAY
        elif word in WORK_WORDS:
            kind = CalendarDayKind.WORKDAY
        else:
            raise ArrangementError("calendar.file_kind_word", line=number, word=word)
        if kind == CalendarDayKind.WORKDAY and day.weekday() < 5:
            raise ArrangementError(
                "calendar.file_workday_on_weekday",
                line=number,
                day=day.isoformat(),
                weekday="一二三四五"[day.weekday()],
            )
        if day in days:
            raise ArrangementError("calendar.file_day_repeated", line=number, day=day.isoformat())
        name = parts[2].strip() if len(parts) > 2 else None
        if name and len(name) > 64:
            raise ArrangementError("calendar.file_name_too_long", line=number)
        days[day] = ArrangementDay(day, kind, name)
    if year is None:
        years = {d.year for d in days}
        if len(years) != 1:
            raise ArrangementError("calendar.file_year_missing")
        year = years.pop()
    if not days:
        raise ArrangementError("calendar.file_no_days", year=year)
    outside = sorted(d for d in days if d.year != year)
    if outside:
        raise ArrangementError(
            "calendar.file_day_outside_year", day=outside[0].isoformat(), year=year
        )
    if note and len(note) > 200:
        raise ArrangementError("calendar.file_note_too_long")
    return Arrangement(year, note, tuple(sorted(days.values(), key=lambda d: d.day)))
