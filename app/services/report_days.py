"""Daily aggregates behind the reports (app.services.stats, app.services.reports).

A report covers hall-local days. Each **past** day is kept as aggregates, computed once and then
read: per day, the tickets by issuing category, window and clerk (counts by outcome and every
service time), the waits by issuing category and the window and clerk of the first call (every
wait), the cases by service item, the ratings by score. Medians and 90th percentiles need every
value, so the aggregates keep the values themselves (integer microseconds, computed by the same
SQL expression as the direct queries), sorted, one list per group; a month is then a merge of a
few hundred short lists instead of a join over a month of tickets and events. **Today** (and any
later day) is computed live from its own rows, the same way, and never stored.

When a stored day stays right: a row in `report_day` (day, part, the hall's zone) says the day's
aggregates of that part are current. Database triggers (migration 0016) delete it in the same
transaction as any change to a row that counts for that day: a ticket of that service day (or a
first call of one), a case applied for or completed that day, a rating of that day (cases and
ratings: the day before and after too, as the triggers do not know the hall's zone). The next
read recomputes the day. On PostgreSQL the recomputation takes an exclusive advisory lock on
(part, day) and the triggers a shared one, so a day is never stored from rows that a transaction
still open is changing (no lost invalidation); on SQLite the recomputation runs under the write
lock (BEGIN IMMEDIATE), which does the same.

Every PC computes the last weeks' missing days every 10 minutes (`close_days`, beside the queue's
end of day), so a report usually reads only stored days and today's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    Hall,
    Rating,
    ReportCaseDay,
    ReportDay,
    ReportRatingDay,
    ReportTicketDay,
    ReportWaitDay,
    Ticket,
    TicketEvent,
)
from app.errors import NotFound
from app.services.access import without_actor

PARTS = ("tickets", "cases", "ratings")
# PostgreSQL advisory locks (two-key form, so never equal to the one-key locks of app.db.migrate
# and app.audit): (LOCK_CLASS[part], days since LOCK_EPOCH). Migration 0016's triggers use the same.
LOCK_CLASS = {"tickets": 0x52505401, "cases": 0x52505402, "ratings": 0x52505403}
LOCK_EPOCH = date(2000, 1, 1)
CLOSE_DAYS_BACK = 62  # close_days keeps this many past days ready (this month and the last)

ACCEPTED_LATER = (
    "accepted",
    "in_progress",
    "special_procedure",
    "suspended",
    "completed",
    "delivered",
)


# --------------------------------------------------------------------------- cells


@dataclass(frozen=True)
class TicketCell:
    day: date
    category_id: int
    counter_id: int | None
    clerk_id: int | None
    issued: int
    served: int
    no_show: int
    void: int
    expired: int
    service_us: tuple[int, ...]


@dataclass(frozen=True)
class WaitCell:
    day: date
    category_id: int
    counter_id: int | None
    user_id: int | None
    waits_us: tuple[int, ...]


@dataclass(frozen=True)
class CaseCell:
    day: date
    service_item_id: int
    received: int
    accepted: int
    rejected: int
    needs_supplement: int
    granted: int
    denied: int
    withdrawn_or_void: int
    completed: int
    on_time: int


@dataclass(frozen=True)
class RatingCell:
    day: date
    score: str | None
    ratings: int
    followed_up: int


@dataclass
class Cells:
    """The aggregates of some days (stored and live together)."""

    tickets: list[TicketCell] = field(default_factory=list)
    waits: list[WaitCell] = field(default_factory=list)
    cases: list[CaseCell] = field(default_factory=list)
    ratings: list[RatingCell] = field(default_factory=list)

    def extend(self, other: Cells) -> None:
        self.tickets.extend(other.tickets)
        self.waits.extend(other.waits)
        self.cases.extend(other.cases)
        self.ratings.extend(other.ratings)


def encode(values: Iterable[int]) -> str | None:
    ordered = sorted(values)
    return ",".join(map(str, ordered)) if ordered else None


def decode(value: str | None) -> tuple[int, ...]:
    if not value:
        return ()
    values = [int(v) for v in value.split(",")]
    values.sort()  # already sorted when written here; the migration's SQLite backfill is not
    return tuple(values)


# --------------------------------------------------------------------------- what a day is


class Backend:
    """The hall's zone and the SQL that differs between the backends."""

    def __init__(self, session: Session, tz: str):
        self.pg = session.get_bind().dialect.name == "postgresql"
        self.tz = tz
        self.zone = ZoneInfo(tz)

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """[start, end) in UTC of the hall-local day (as stats.Sql.day_bounds)."""
        start = datetime.combine(day, time.min, self.zone).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time.min, self.zone).astimezone(UTC)
        return start, end

    def micros(self, start: Any, end: Any) -> Any:
        """end − start in integer microseconds, exactly the value stats.Sql.minutes takes (× 60e6):
        PostgreSQL's epoch is exact to the microsecond; SQLite's julianday difference is rounded
        to the millisecond there, so here too."""
        if self.pg:
            return cast(func.extract("epoch", end - start) * 1000000, BigInteger)
        seconds = func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)
        return cast(func.round(seconds * 1000000), Integer)

    def minutes(self, micros: int) -> float:
        """The float the direct query would have for this duration."""
        if self.pg:  # numeric epoch / 60.0, then float8
            return micros / 60_000_000
        return (micros / 1_000_000) / 60.0  # round(seconds, 3) / 60.0

    def values(self, expression: Any) -> Any:
        """The values of a group as text, comma-separated (NULLs left out)."""
        as_text = cast(expression, String)
        if self.pg:
            return func.string_agg(as_text, literal(","))
        return func.group_concat(as_text, literal(","))


def hall_zone(session: Session) -> str:
    tz = session.scalars(select(Hall.timezone).order_by(Hall.id).limit(1)).first()
    if tz is None:
        raise NotFound("hall.missing_short")
    return tz


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def compute_tickets(
    session: Session, b: Backend, day: date
) -> tuple[list[TicketCell], list[WaitCell]]:
    """The day's ticket cells from its rows (the direct queries' rules, grouped finer)."""
    status = Ticket.status
    served = and_(
        status == "done",
        Ticket.service_started_at.is_not(None),
        Ticket.finished_at.is_not(None),
    )
    service = b.micros(Ticket.service_started_at, Ticket.finished_at)
    tickets = [
        TicketCell(
            day,
            category_id,
            counter_id,
            clerk_id,
            int(issued),
            int(done or 0),
            int(gone or 0),
            int(void or 0),
            int(expired or 0),
            decode(values),
        )
        for category_id, counter_id, clerk_id, issued, done, gone, void, expired, values in (
            session.execute(
                select(
                    Ticket.issue_category_id,
                    Ticket.counter_id,
                    Ticket.clerk_id,
                    func.count(),
                    _count(status == "done"),
                    _count(status == "no_show"),
                    _count(status == "void"),
                    _count(status == "expired"),
                    b.values(case((served, service))),
                )
                .where(Ticket.service_date == day)
                .group_by(Ticket.issue_category_id, Ticket.counter_id, Ticket.clerk_id)
            )
        )
    ]
    start, end = b.bounds(day)
    first_call = and_(
        TicketEvent.ticket_id == Ticket.id,
        TicketEvent.event_type == "call",
        TicketEvent.from_status == "waiting",
        TicketEvent.at >= start,
        TicketEvent.at < end + timedelta(days=1),
    )
    waits = [
        WaitCell(day, category_id, counter_id, user_id, decode(values))
        for category_id, counter_id, user_id, values in session.execute(
            select(
                Ticket.issue_category_id,
                TicketEvent.counter_id,
                TicketEvent.user_id,
                b.values(b.micros(Ticket.issued_at, TicketEvent.at)),
            )
            .select_from(Ticket)
            .join(TicketEvent, first_call)
            .where(Ticket.service_date == day)
            .group_by(Ticket.issue_category_id, TicketEvent.counter_id, TicketEvent.user_id)
        )
    ]
    return tickets, waits


def cases_applied(session: Session, start: datetime, end: datetime) -> dict[int, tuple[int, ...]]:
    """The cases applied for in [start, end), by service item: received, accepted (and on),
    rejected, waiting for supplements, granted, denied, withdrawn or void. The daily aggregate and
    the report's reference query (`stats.case_stats_direct`) both count with it."""
    return {
        item_id: tuple(int(x or 0) for x in rest)
        for item_id, *rest in session.execute(
            select(
                Case.service_item_id,
                func.count(),
                _count(Case.status.in_(ACCEPTED_LATER)),
                _count(Case.status == "rejected"),
                _count(Case.status == "needs_supplement"),
                _count(Case.completion_result == "granted"),
                _count(Case.completion_result == "denied"),
                _count(Case.status.in_(("withdrawn", "void"))),
            )
            .where(Case.applied_at >= start, Case.applied_at < end, Case.status != "draft")
            .group_by(Case.service_item_id)
        )
    }


def compute_cases(session: Session, b: Backend, day: date) -> list[CaseCell]:
    start, end = b.bounds(day)
    applied = cases_applied(session, start, end)
    # completed that day: its local date is `day`, so on time is promised_date >= day
    completed = {
        item_id: (int(total), int(on_time or 0))
        for item_id, total, on_time in session.execute(
            select(
                Case.service_item_id,
                func.count(),
                _count(and_(Case.promised_date.is_not(None), Case.promised_date >= day)),
            )
            .where(Case.completed_at >= start, Case.completed_at < end)
            .group_by(Case.service_item_id)
        )
    }
    return [
        CaseCell(day, item_id, *applied.get(item_id, (0,) * 7), *completed.get(item_id, (0, 0)))
        for item_id in sorted(set(applied) | set(completed))
    ]


def compute_ratings(session: Session, b: Backend, day: date) -> list[RatingCell]:
    start, end = b.bounds(day)
    negative = Rating.score.in_(["4", "5"])
    return [
        RatingCell(day, score.value if score else None, int(n), int(followed or 0))
        for score, n, followed in session.execute(
            select(
                Rating.score,
                func.count(),
                _count(and_(negative, Rating.follow_up_at.is_not(None))),
            )
            .where(Rating.rated_at >= start, Rating.rated_at < end)
            .group_by(Rating.score)
        )
    ]


def compute(session: Session, b: Backend, day: date, parts: Iterable[str] = PARTS) -> Cells:
    cells = Cells()
    if "tickets" in parts:
        cells.tickets, cells.waits = compute_tickets(session, b, day)
    if "cases" in parts:
        cells.cases = compute_cases(session, b, day)
    if "ratings" in parts:
        cells.ratings = compute_ratings(session, b, day)
    return cells


# --------------------------------------------------------------------------- stored days


def _store(session: Session, b: Backend, part: str, day: date, cells: Cells, now: datetime) -> None:
    if part == "tickets":
        if cells.tickets:
            session.execute(
                insert(ReportTicketDay),
                [
                    {
                        "day": c.day,
                        "category_id": c.category_id,
                        "counter_id": c.counter_id,
                        "clerk_id": c.clerk_id,
                        "issued": c.issued,
                        "served": c.served,
                        "no_show": c.no_show,
                        "void": c.void,
                        "expired": c.expired,
                        "service_us": encode(c.service_us),
                    }
                    for c in cells.tickets
                ],
            )
        if cells.waits:
            session.execute(
                insert(ReportWaitDay),
                [
                    {
                        "day": c.day,
                        "category_id": c.category_id,
                        "counter_id": c.counter_id,
                        "user_id": c.user_id,
                        "waits_us": encode(c.waits_us),
                    }
                    for c in cells.waits
                ],
            )
    elif part == "cases" and cells.cases:
        session.execute(
            insert(ReportCaseDay),
            [
                {
                    "day": c.day,
                    "service_item_id": c.service_item_id,
                    "received": c.received,
                    "accepted": c.accepted,
                    "rejected": c.rejected,
                    "needs_supplement": c.needs_supplement,
                    "granted": c.granted,
                    "denied": c.denied,
                    "withdrawn_or_void": c.withdrawn_or_void,
                    "completed": c.completed,
                    "on_time": c.on_time,
                }
                for c in cells.cases
            ],
        )
    elif part == "ratings" and cells.ratings:
        session.execute(
            insert(ReportRatingDay),
            [
                {
                    "day": c.day,
                    "score": c.score,
                    "ratings": c.ratings,
                    "followed_up": c.followed_up,
                }
                for c in cells.ratings
            ],
        )
    session.add(ReportDay(day=day, part=part, timezone=b.tz, computed_at=now))


_TABLES = {
    "tickets": (ReportTicketDay, ReportWaitDay),
    "cases": (ReportCaseDay,),
    "ratings": (ReportRatingDay,),
}


def _close_day(db: Database, part: str, day: date, now: datetime) -> Cells:
    """Compute and store one past day's part, unless another PC just did (then read it)."""
    with db.session() as session:
        b = Backend(session, hall_zone(session))
        if b.pg:
            session.execute(
                text("SELECT pg_advisory_xact_lock(CAST(:k AS integer), CAST(:d AS integer))"),
                {"k": LOCK_CLASS[part], "d": (day - LOCK_EPOCH).days},
            )
        marker = session.get(ReportDay, (day, part))
        if marker is not None and marker.timezone == b.tz:
            return _load(session, b, part, day, day)[1]
        if marker is not None:
            session.delete(marker)
            session.flush()
        for table in _TABLES[part]:
            session.execute(delete(table).where(table.day == day))
        cells = compute(session, b, day, (part,))
        _store(session, b, part, day, cells, now)
        return cells


def _load(
    session: Session, b: Backend, part: str, first: date, last: date
) -> tuple[set[date], Cells]:
    """The stored days of part between first and last that are current, and their cells; one
    statement, so the days and the cells are of one moment."""
    marker = (
        select(ReportDay.day)
        .where(
            ReportDay.part == part,
            ReportDay.timezone == b.tz,
            ReportDay.day.between(first, last),
        )
        .subquery()
    )
    cells = Cells()
    days: set[date] = set()
    if part == "tickets":
        t, w = ReportTicketDay, ReportWaitDay
        rows = session.execute(
            union_all(
                select(
                    marker.c.day,
                    literal(0),
                    t.category_id,
                    t.counter_id,
                    t.clerk_id,
                    t.issued,
                    t.served,
                    t.no_show,
                    t.void,
                    t.expired,
                    t.service_us,
                ).select_from(marker.outerjoin(t, t.day == marker.c.day)),
                select(
                    w.day,
                    literal(1),
                    w.category_id,
                    w.counter_id,
                    w.user_id,
                    literal(0),
                    literal(0),
                    literal(0),
                    literal(0),
                    literal(0),
                    w.waits_us,
                ).select_from(marker.join(w, w.day == marker.c.day)),
            )
        ).all()
        for day, kind, category_id, counter_id, person, *counts, values in rows:
            days.add(day)
            if category_id is None:
                continue  # a stored day without tickets
            if kind == 0:
                cells.tickets.append(
                    TicketCell(day, category_id, counter_id, person, *counts, decode(values))
                )
            else:
                cells.waits.append(WaitCell(day, category_id, counter_id, person, decode(values)))
    elif part == "cases":
        c = ReportCaseDay
        for day, item_id, *counts in session.execute(
            select(
                marker.c.day,
                c.service_item_id,
                c.received,
                c.accepted,
                c.rejected,
                c.needs_supplement,
                c.granted,
                c.denied,
                c.withdrawn_or_void,
                c.completed,
                c.on_time,
            ).select_from(marker.outerjoin(c, c.day == marker.c.day))
        ):
            days.add(day)
            if item_id is not None:
                cells.cases.append(CaseCell(day, item_id, *counts))
    else:
        r = ReportRatingDay
        for day, row_id, score, n, followed in session.execute(
            select(marker.c.day, r.id, r.score, r.ratings, r.followed_up).select_from(
                marker.outerjoin(r, r.day == marker.c.day)
            )
        ):
            days.add(day)
            if row_id is not None:
                cells.ratings.append(RatingCell(day, score, n, followed))
    return days, cells


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _later_rows(session: Session, b: Backend, part: str, after: date, last: date) -> bool:
    """Whether any row counts for a day after `after` up to `last` (normally none: the future)."""
    if last <= after:
        return False
    start, _ = b.bounds(after + timedelta(days=1))
    _, end = b.bounds(last)
    if part == "tickets":
        query = select(Ticket.id).where(Ticket.service_date > after, Ticket.service_date <= last)
    elif part == "cases":
        query = select(Case.id).where(
            ((Case.applied_at >= start) & (Case.applied_at < end))
            | ((Case.completed_at >= start) & (Case.completed_at < end))
        )
    else:
        query = select(Rating.id).where(Rating.rated_at >= start, Rating.rated_at < end)
    return session.execute(query.limit(1)).first() is not None


@without_actor("读报表：缺少或已过期的过去日子的汇总顺便算好存起来（派生数据，不改业务数据）")
def period_cells(
    db: Database,
    first: date,
    last: date,
    parts: Iterable[str] = PARTS,
    *,
    now: datetime | None = None,
) -> Cells:
    """The aggregates of the hall-local days first … last: the past days stored (computed and
    stored first where missing or stale), today and later days from their rows."""
    now = now or utcnow()
    parts = tuple(parts)
    out = Cells()
    with db.reader() as session:
        b = Backend(session, hall_zone(session))
        today = local_date(now, b.tz)
        past_last = min(last, today - timedelta(days=1))
        missing: dict[str, list[date]] = {}
        for part in parts:
            if first <= past_last:
                days, cells = _load(session, b, part, first, past_last)
                out.extend(cells)
                missing[part] = [d for d in _days(first, past_last) if d not in days]
        live_first = max(first, today)
        if live_first <= last:
            out.extend(compute(session, b, live_first, parts))
            for part in parts:
                if _later_rows(session, b, part, live_first, last):
                    for day in _days(live_first + timedelta(days=1), last):
                        out.extend(compute(session, b, day, (part,)))
    for part, days in missing.items():
        for day in days:
            out.extend(_close_day(db, part, day, now))
    return out


@without_actor("报表汇总：把过去的日子算好存起来（派生数据，每台电脑定时或读报表时都会做）")
def close_days(
    db: Database, *, now: datetime | None = None, days_back: int = CLOSE_DAYS_BACK
) -> int:
    """Store the aggregates of the past `days_back` days that are missing or stale (the day's
    end, or a late change); returns how many day-parts were computed. Idempotent."""
    now = now or utcnow()
    with db.reader() as session:
        if session.scalars(select(Hall.id).limit(1)).first() is None:
            return 0
        tz = hall_zone(session)
        last = local_date(now, tz) - timedelta(days=1)
        first = last - timedelta(days=days_back - 1)
        present: dict[str, set[date]] = defaultdict(set)
        for day, part in session.execute(
            select(ReportDay.day, ReportDay.part).where(
                ReportDay.day.between(first, last), ReportDay.timezone == tz
            )
        ):
            present[part].add(day)
    done = 0
    for day in _days(first, last):
        for part in PARTS:
            if day not in present[part]:
                _close_day(db, part, day, now)
                done += 1
    return done
