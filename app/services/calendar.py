"""The working-day calendar of the hall: chinesecalendar, the statutory holidays of any year, and
the admin's override table.

The admin enters the State Council's holiday arrangement for a year the package does not know yet
(or corrects a day) and, once it is complete, confirms the year; every change is audited.
`calendar_status` tells the admin and the clerk plainly which years are not confirmed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import CalendarOverride, CalendarYear
from app.domain.codes import CalendarDayKind, Role
from app.domain.workdays import (
    Arrangement,
    DueDate,
    WorkCalendar,
    YearSource,
    package_covers,
    parse_arrangement,
    year_warning,
)
from app.errors import NotFound, ValidationError
from app.services import audit
from app.services.access import allowed
from app.services.context import Actor, Unattended


@dataclass(frozen=True)
class OverrideInfo:
    day: date
    kind: CalendarDayKind
    name: str | None


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: str  # app.domain.workdays.YearSource
    override_days: int
    warning: str | None
    note: str | None = None  # what the admin said when confirming (the notice's number)

    @property
    def source_label(self) -> str:
        return {
            YearSource.PACKAGE: "内置国家节假日数据（含调休）",
            YearSource.CONFIRMED: "法定节假日 + 管理员录入并确认的放假安排",
            YearSource.STATUTORY: "只计法定节假日：放假安排尚未确认",
        }[self.source]


def load_calendar(session: Session) -> WorkCalendar:
    rows = session.execute(select(CalendarOverride.day, CalendarOverride.kind)).all()
    confirmed = session.scalars(select(CalendarYear.year)).all()
    return WorkCalendar({r.day: r.kind for r in rows}, confirmed_years=confirmed)


def work_calendar(db: Database) -> WorkCalendar:
    with db.reader() as session:
        return load_calendar(session)


def add_working_days(db: Database, start: date, days: int) -> DueDate:
    return work_calendar(db).add_working_days(start, days)


def list_overrides(db: Database, year: int | None = None) -> list[OverrideInfo]:
    query = select(CalendarOverride).order_by(CalendarOverride.day)
    if year is not None:
        query = query.where(
            CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
        )
    with db.reader() as session:
        return [OverrideInfo(o.day, o.kind, o.name) for o in session.scalars(query)]


def calendar_status(db: Database, today: date, years_ahead: int = 1) -> list[YearStatus]:
    """This year and the next `years_ahead` ones: where their holidays come from."""
    with db.reader() as session:
        calendar = load_calendar(session)
        notes = dict(session.execute(select(CalendarYear.year, CalendarYear.note)).all())
    out = []
    for year in range(today.year, today.year + years_ahead + 1):
        source = calendar.source(year)
        days = sum(1 for d in calendar.overrides if d.year == year)
        warning = year_warning(year) if source == YearSource.STATUTORY else None
        out.append(YearStatus(year, source, days, warning, notes.get(year)))
    return out


@dataclass(frozen=True)
class Confirmation:
    status: YearStatus
    recomputed: list  # app.services.intake.RecomputedDeadline: open cases whose dates moved


@allowed(Role.ADMIN, Unattended.PROGRAM)
def confirm_year(db: Database, actor: Actor, year: int, note: str | None = None) -> Confirmation:
    """The admin states that `year`'s State Council arrangement is entered in full: its deadlines
    stop carrying the warning, and the open cases whose deadlines were computed without it are
    computed again (listed in the answer). The days must be entered first (entering them confirms
    nothing)."""
    from app.services.intake import recompute_deadlines  # intake uses this module

    note = (note or "").strip() or None
    if note and len(note) > 200:
        raise ValidationError("calendar.note_too_long", field="note")
    if package_covers(year):
        raise ValidationError("calendar.year_built_in_confirm", year=year, field="year")
    with db.session() as session:
        days = session.scalars(
            select(CalendarOverride.day).where(
                CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
            )
        ).all()
        if not days:
            raise ValidationError(
                "calendar.year_empty",
                year=year,
                field="year",
            )
        row = session.get(CalendarYear, year)
        if row is None:
            session.add(
                CalendarYear(
                    year=year, note=note, confirmed_by=actor.user_id, confirmed_at=utcnow()
                )
            )
        else:
            row.note, row.confirmed_by, row.confirmed_at = note, actor.user_id, utcnow()
        session.flush()
        recomputed = recompute_deadlines(session, actor, year)
        audit.record(
            session,
            actor,
            "calendar.confirm_year",
            "calendar_year",
            year,
            after={"note": note, "days": len(days), "cases": len(recomputed)},
        )
    return Confirmation(YearStatus(year, YearSource.CONFIRMED, len(days), None, note), recomputed)


@allowed(Role.ADMIN)
def unconfirm_year(db: Database, actor: Actor, year: int) -> list:
    """Take a confirmation back (a day was found missing): the year warns again, and the open
    cases' deadlines in it are computed again (returned, as for a confirmation)."""
    from app.services.intake import recompute_deadlines

    with db.session() as session:
        row = session.get(CalendarYear, year)
        if row is None:
            raise NotFound("calendar.year_not_confirmed", year=year)
        before = audit.snapshot(row, ["note"])
        session.delete(row)
        session.flush()
        recomputed = recompute_deadlines(session, actor, year)
        audit.record(
            session, actor, "calendar.unconfirm_year", "calendar_year", year, before=before
        )
    return recomputed


def calendar_warnings(db: Database, today: date) -> list[str]:
    """Plain warnings for the clerk and the admin (empty when all is known)."""
    return [s.warning for s in calendar_status(db, today) if s.warning]


@allowed(Role.ADMIN)
def save_override(
    db: Database,
    actor: Actor,
    day: date,
    kind: CalendarDayKind | str,
    name: str | None = None,
) -> OverrideInfo:
    """Declare one day a holiday (休息) or a make-up workday (调休上班); replaces an earlier
    statement about the same day."""
    try:
        kind = CalendarDayKind(kind)
    except ValueError:
        raise ValidationError("calendar.kind_required", field="kind") from None
    name = (name or "").strip() or None
    if name and len(name) > 64:
        raise ValidationError("calendar.name_too_long", field="name")
    if kind == CalendarDayKind.WORKDAY and day.weekday() < 5:
        raise ValidationError(
            "calendar.workday_on_weekday",
            day=day.isoformat(),
            weekday="一二三四五"[day.weekday()],
            field="day",
        )
    with db.session() as session:
        row = session.get(CalendarOverride, day)
        before = audit.snapshot(row, ["kind", "name"]) if row else None
        if row is None:
            row = CalendarOverride(
                day=day, kind=kind, name=name, created_by=actor.user_id, created_at=utcnow()
            )
            session.add(row)
        else:
            row.kind, row.name = kind, name
        audit.record(
            session,
            actor,
            "calendar.save_day",
            "calendar_override",
            day.isoformat(),
            before=before,
            after={"kind": kind, "name": name},
        )
    return OverrideInfo(day, kind, name)


@allowed(Role.ADMIN)
def delete_override(db: Database, actor: Actor, day: date) -> None:
    with db.session() as session:
        row = session.get(CalendarOverride, day)
        if row is None:
            raise NotFound("calendar.no_override", day=day.isoformat())
        before = audit.snapshot(row, ["kind", "name"])
        session.delete(row)
        audit.record(
            session,
            actor,
            "calendar.delete_day",
            "calendar_override",
            day.isoformat(),
            before=before,
        )


# --------------------------------------------------------------------------- importing a year


@dataclass(frozen=True)
class PreviewLine:
    day: date
    kind: CalendarDayKind
    name: str | None
    now: CalendarDayKind | None  # what the table says about the day today (None: nothing)

    @property
    def change(self) -> str:
        if self.now is None:
            return "新增"
        return "不变" if self.now == self.kind else "修改"


def read_arrangement(text: str) -> Arrangement:
    """The file's arrangement, or ValidationError (ArrangementError) naming the line that is
    wrong."""
    return parse_arrangement(text)


def preview_arrangement(db: Database, arrangement: Arrangement) -> list[PreviewLine]:
    """Each day of the file beside what is entered now, before anything is written."""
    with db.reader() as session:
        current = {
            r.day: r.kind
            for r in session.execute(
                select(CalendarOverride.day, CalendarOverride.kind).where(
                    CalendarOverride.day.in_([d.day for d in arrangement.days])
                )
            ).all()
        }
    return [PreviewLine(d.day, d.kind, d.name, current.get(d.day)) for d in arrangement.days]


@allowed(Role.ADMIN, Unattended.PROGRAM)
def import_arrangement(
    db: Database, actor: Actor, arrangement: Arrangement, *, confirm: bool
) -> Confirmation | None:
    """Write every day of the file (one audited entry per day changed, and one for the import),
    and, when asked, confirm the year, which recomputes the open cases in it."""
    if package_covers(arrangement.year):
        raise ValidationError(
            "calendar.year_built_in_import",
            year=arrangement.year,
            field="file",
        )
    changed = 0
    with db.session() as session:
        for line in arrangement.days:
            row = session.get(CalendarOverride, line.day)
            if row is not None and (row.kind, row.name) == (line.kind, line.name):
                continue
            before = audit.snapshot(row, ["kind", "name"]) if row else None
            if row is None:
                session.add(
                    CalendarOverride(
                        day=line.day,
                        kind=line.kind,
                        name=line.name,
                        created_by=actor.user_id,
                        created_at=utcnow(),
                    )
                )
            else:
                row.kind, row.name = line.kind, line.name
            changed += 1
            audit.record(
                session,
                actor,
                "calendar.save_day",
                "calendar_override",
                line.day.isoformat(),
                before=before,
                after={"kind": line.kind, "name": line.name},
            )
        audit.record(
            session,
            actor,
            "calendar.import_year",
            "calendar_year",
            arrangement.year,
            after={"note": arrangement.note, "days": len(arrangement.days), "changed": changed},
        )
    if confirm:
        return confirm_year(db, actor, arrangement.year, arrangement.note)
    return None
