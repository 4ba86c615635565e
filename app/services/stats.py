"""The hall manager's statistics, computed by the database.

Every figure here is an aggregate the database computes (counts, sums, averages, percentiles), so a
year of history costs what its index lookups cost, not what reading it into Python would. What a
figure means:

- **wait**: from taking the ticket to its first call (the ``call`` event from ``waiting``; recalls
  and later calls after a transfer do not move it). In minutes.
- **service time**: from the start of service to its end, for tickets served to the end (办结).
- **median / 90th percentile**: continuous percentiles (linear interpolation between the two
  nearest values), ``percentile_cont`` on PostgreSQL and the same rule through window functions on
  SQLite, so both backends give the same answer.
- a ticket counts in the category that issued it (its number's prefix) and at the window and clerk
  that served it (or, for its wait, first called it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date as DateType
from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    Counter,
    CounterCategory,
    CounterEvent,
    QueueCategory,
    Rating,
    ServiceItem,
    Ticket,
    TicketEvent,
    User,
)
from app.domain.codes import CounterState, RatingScore, TicketStatus
from app.domain.queue import AT_WINDOW, CALLABLE
from app.services import report_days
from app.services.estimate import service_rate
from app.services.hall import require_hall

S = TicketStatus
CALLABLE_VALUES = [s.value for s in CALLABLE]
WAIT_BUCKETS = (0, 5, 10, 15, 20, 30, 45, 60)  # minutes; the last bucket is "60 and more"


# --------------------------------------------------------------------------- SQL helpers


class Sql:
    """Expressions that differ between the backends, for one hall time zone."""

    def __init__(self, session: Session, tz: str):
        self.session = session
        self.pg = session.get_bind().dialect.name == "postgresql"
        self.tz = tz
        self.zone = ZoneInfo(tz)

    def minutes(self, start: Any, end: Any) -> Any:
        if self.pg:
            return func.extract("epoch", end - start) / 60.0
        # julianday() carries float error (a quarter of an hour comes out as 14.99999…): round to
        # the millisecond, which is what the stored times hold anyway
        return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3) / 60.0

    def _offset_modifier(self, day: date) -> str:
        offset = datetime.combine(day, time(12), self.zone).utcoffset() or timedelta()
        return f"{int(offset.total_seconds() // 60):+d} minutes"

    def local_hour(self, column: Any, day: date) -> Any:
        if self.pg:
            return cast(func.extract("hour", func.timezone(self.tz, column)), Integer)
        return cast(func.strftime("%H", column, self._offset_modifier(day)), Integer)

    def local_date(self, column: Any, day: date) -> Any:
        """The calendar date of a stored time in the hall's zone (SQLite: the offset of `day`)."""
        if self.pg:
            return cast(func.timezone(self.tz, column), DateType)
        return func.date(column, self._offset_modifier(day))

    def day_bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start, end) in UTC of the local days first … last."""
        start = datetime.combine(first, time.min, self.zone).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time.min, self.zone).astimezone(UTC)
        return start, end


@dataclass(frozen=True)
class Dist:
    """Count, mean, median and 90th percentile of durations in minutes (None with no values)."""

    count: int = 0
    mean: float | None = None
    median: float | None = None
    p90: float | None = None


def _interpolate(n: int, fraction: float, low: float | None, high: float | None) -> float | None:
    if low is None:
        return None
    position = (n - 1) * fraction
    if high is None or position == int(position):
        return float(low)
    return float(low) + (float(high) - float(low)) * (position - int(position))


def distributions(sql: Sql, source: Any) -> dict[Any, Dist]:
    """Per group key: count, mean, median, p90 of `value`. `source` is a subquery with the columns
    ``g`` (group key) and ``v`` (value)."""
    g, v = source.c.g, source.c.v
    if sql.pg:
        rows = sql.session.execute(
            select(
                g,
                func.count(v),
                func.avg(v),
                func.percentile_cont(0.5).within_group(v),
                func.percentile_cont(0.9).within_group(v),
            ).group_by(g)
        ).all()
        return {
            key: Dist(int(n), float(mean), float(median), float(p90))  # n > 0 in every group row
            for key, n, mean, median, p90 in rows
        }
    ranked = select(
        g.label("g"),
        v.label("v"),
        (func.row_number().over(partition_by=g, order_by=v) - 1).label("i"),
        func.count().over(partition_by=g).label("n"),
    ).subquery()

    def at(fraction: float, plus: int) -> Any:
        index = cast((ranked.c.n - 1) * fraction, Integer) + plus
        return func.max(case((ranked.c.i == index, ranked.c.v)))

    rows = sql.session.execute(
        select(
            ranked.c.g,
            func.max(ranked.c.n),
            func.avg(ranked.c.v),
            at(0.5, 0),
            at(0.5, 1),
            at(0.9, 0),
            at(0.9, 1),
        ).group_by(ranked.c.g)
    ).all()
    return {
        key: Dist(
            int(n),
            float(mean),
            _interpolate(int(n), 0.5, lo50, hi50),
            _interpolate(int(n), 0.9, lo90, hi90),
        )
        for key, n, mean, lo50, hi50, lo90, hi90 in rows
    }


def _first_call(
    sql: Sql | None = None, first_day: date | None = None, last_day: date | None = None
):
    """The first call of each ticket (the end of its wait). With a period, also bounded by time
    (a ticket is first called on its service day, or it expires), so the database reads the
    period's calls from the index on (at, ticket_id) instead of every call ever made."""
    condition = and_(
        TicketEvent.ticket_id == Ticket.id,
        TicketEvent.event_type == "call",
        TicketEvent.from_status == S.WAITING.value,
    )
    if sql is not None and first_day is not None and last_day is not None:
        start, end = sql.day_bounds(first_day, last_day)
        condition = and_(
            condition, TicketEvent.at >= start, TicketEvent.at < end + timedelta(days=1)
        )
    return condition


# --------------------------------------------------------------------------- the live overview


@dataclass(frozen=True)
class HourCount:
    hour: int
    arrivals: int
    served: int


@dataclass(frozen=True)
class CategoryLive:
    category_id: int
    prefix: str
    name: str
    waiting: int
    priority_waiting: int
    longest_wait_minutes: float | None  # the oldest ticket still waiting
    avg_wait_last_hour: float | None  # tickets first called in the last hour
    estimated_wait_minutes: int  # what a new ticket would be told (the kiosk's estimate)
    wait_target_minutes: int
    open_windows: int
    arrivals_last_hour: int
    served_last_hour: int
    issued_today: int
    served_today: int
    oldest_waiting_since: datetime | None = None

    @property
    def over_target(self) -> bool:
        return (self.longest_wait_minutes or 0) > self.wait_target_minutes


@dataclass(frozen=True)
class WindowLive:
    counter_id: int
    number: int
    name: str
    state: CounterState
    pause_reason: str | None
    state_since: datetime | None
    category_prefixes: tuple[str, ...]
    current_number: str | None
    current_status: TicketStatus | None
    current_since: datetime | None  # called (or serving since)
    served_today: int
    avg_service_minutes: float | None
    open_minutes: float
    idle_minutes: float

    @property
    def activity(self) -> str:
        """serving / called / idle / paused / closed."""
        if self.state == CounterState.CLOSED:
            return "closed"
        if self.state == CounterState.PAUSED:
            return "paused"
        if self.current_status == S.SERVING:
            return "serving"
        if self.current_status == S.CALLED:
            return "called"
        return "idle"


@dataclass(frozen=True)
class Overview:
    at: datetime
    day: date
    categories: tuple[CategoryLive, ...]
    windows: tuple[WindowLive, ...]
    hourly: tuple[HourCount, ...]  # the whole hall, each hour of today so far
    hourly_by_category: dict[int, tuple[HourCount, ...]] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        return sum(c.waiting for c in self.categories)


def _hourly(rows: Sequence[tuple[int, int, int]], last_hour: int) -> tuple[HourCount, ...]:
    arrivals: dict[int, int] = {}
    served: dict[int, int] = {}
    for hour, kind, n in rows:
        (arrivals if kind == 0 else served)[int(hour)] = int(n)
    hours = set(arrivals) | set(served)
    if not hours:
        return ()
    first = min(hours)
    last = max(max(hours), last_hour)
    return tuple(HourCount(h, arrivals.get(h, 0), served.get(h, 0)) for h in range(first, last + 1))


def _open_minutes(session: Session, sql: Sql, start: datetime, now: datetime) -> dict[int, float]:
    """Minutes each window spent open (not paused, not closed) today, from its state changes."""
    events = select(
        CounterEvent.counter_id.label("counter_id"),
        CounterEvent.state.label("state"),
        CounterEvent.at.label("at"),
        func.lead(CounterEvent.at)
        .over(partition_by=CounterEvent.counter_id, order_by=(CounterEvent.at, CounterEvent.id))
        .label("next_at"),
    ).where(CounterEvent.at >= start, CounterEvent.at <= now)
    sub = events.subquery()
    end = func.coalesce(sub.c.next_at, literal(now, CounterEvent.at.type))
    rows = session.execute(
        select(sub.c.counter_id, func.sum(sql.minutes(sub.c.at, end)))
        .where(sub.c.state == CounterState.OPEN.value)
        .group_by(sub.c.counter_id)
    ).all()
    return {cid: float(m or 0) for cid, m in rows}


def overview(db: Database, *, now: datetime | None = None) -> Overview:
    """Everything the live overview shows, as of `now`."""
    now = now or utcnow()
    with db.reader() as session:
        hall = require_hall(session)
        sql = Sql(session, hall.timezone)
        day = local_date(now, hall.timezone)
        start, _end = sql.day_bounds(day, day)
        hour_ago = now - timedelta(hours=1)
        today = Ticket.service_date == day

        waiting = {
            cid: (n, np, oldest)
            for cid, n, np, oldest in session.execute(
                select(
                    Ticket.category_id,
                    func.count(),
                    func.sum(case((Ticket.priority.is_(True), 1), else_=0)),
                    func.min(Ticket.queue_since),
                )
                .where(today, Ticket.status.in_(CALLABLE_VALUES))
                .group_by(Ticket.category_id)
            )
        }
        # waits that ended in the last hour (first calls), per issuing category
        recent_waits = {
            cid: (float(avg) if avg is not None else None)
            for cid, avg in session.execute(
                select(
                    Ticket.issue_category_id,
                    func.avg(sql.minutes(Ticket.issued_at, TicketEvent.at)),
                )
                .join(TicketEvent, _first_call())
                .where(today, TicketEvent.at >= hour_ago)
                .group_by(Ticket.issue_category_id)
            )
        }
        issued = {
            cid: (int(total), int(recent or 0))
            for cid, total, recent in session.execute(
                select(
                    Ticket.issue_category_id,
                    func.count(),
                    func.sum(case((Ticket.issued_at >= hour_ago, 1), else_=0)),
                )
                .where(today)
                .group_by(Ticket.issue_category_id)
            )
        }
        served = {
            cid: (int(total), int(recent or 0))
            for cid, total, recent in session.execute(
                select(
                    Ticket.issue_category_id,
                    func.count(),
                    func.sum(case((Ticket.finished_at >= hour_ago, 1), else_=0)),
                )
                .where(today, Ticket.status == S.DONE.value)
                .group_by(Ticket.issue_category_id)
            )
        }
        hour_of_issue = sql.local_hour(Ticket.issued_at, day)
        hour_of_finish = sql.local_hour(Ticket.finished_at, day)
        per_hour = session.execute(
            select(Ticket.issue_category_id, hour_of_issue, literal(0), func.count())
            .where(today)
            .group_by(Ticket.issue_category_id, hour_of_issue)
            .union_all(
                select(Ticket.issue_category_id, hour_of_finish, literal(1), func.count())
                .where(today, Ticket.status == S.DONE.value)
                .group_by(Ticket.issue_category_id, hour_of_finish)
            )
        ).all()

        counters = (
            session.execute(
                select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)
            )
            .scalars()
            .all()
        )
        prefixes: dict[int, list[str]] = {}
        for cid, prefix in session.execute(
            select(CounterCategory.counter_id, QueueCategory.prefix)
            .join(QueueCategory, QueueCategory.id == CounterCategory.category_id)
            .order_by(CounterCategory.counter_id, CounterCategory.position)
        ):
            prefixes.setdefault(cid, []).append(prefix)
        current_ids = [c.current_ticket_id for c in counters if c.current_ticket_id]
        current = {
            t.id: t
            for t in session.execute(
                select(
                    Ticket.id,
                    Ticket.number,
                    Ticket.status,
                    Ticket.counter_id,
                    Ticket.called_at,
                    Ticket.service_started_at,
                ).where(Ticket.id.in_(current_ids))
            )
        }
        done_at_window = {
            cid: (int(n), float(avg) if avg is not None else None, float(busy or 0))
            for cid, n, avg, busy in session.execute(
                select(
                    Ticket.counter_id,
                    func.count(),
                    func.avg(sql.minutes(Ticket.service_started_at, Ticket.finished_at)),
                    func.sum(sql.minutes(Ticket.service_started_at, Ticket.finished_at)),
                )
                .where(today, Ticket.status == S.DONE.value, Ticket.counter_id.is_not(None))
                .group_by(Ticket.counter_id)
            )
        }
        open_minutes = _open_minutes(session, sql, start, now)
        category_rows = session.execute(
            select(
                QueueCategory.id,
                QueueCategory.prefix,
                QueueCategory.name,
                QueueCategory.wait_target_minutes,
                QueueCategory.avg_service_minutes,
            )
            .where(QueueCategory.active.is_(True))
            .order_by(QueueCategory.sort_order, QueueCategory.prefix)
        ).all()
        # The estimator's own rule (app.services.estimate), in this session: the overview shows
        # what the kiosk tells a new applicant.
        rates = {
            row.id: service_rate(session, row.id, float(row.avg_service_minutes), day)
            for row in category_rows
        }

    categories = []
    for cid, prefix, name, target, _configured in category_rows:
        n, np, oldest = waiting.get(cid, (0, 0, None))
        categories.append(
            CategoryLive(
                category_id=cid,
                prefix=prefix,
                name=name,
                waiting=int(n),
                priority_waiting=int(np or 0),
                longest_wait_minutes=(now - oldest) / timedelta(minutes=1) if oldest else None,
                avg_wait_last_hour=recent_waits.get(cid),
                estimated_wait_minutes=rates[cid].minutes_for(int(n)),
                wait_target_minutes=target,
                open_windows=rates[cid].open_windows,
                arrivals_last_hour=issued.get(cid, (0, 0))[1],
                served_last_hour=served.get(cid, (0, 0))[1],
                issued_today=issued.get(cid, (0, 0))[0],
                served_today=served.get(cid, (0, 0))[0],
                oldest_waiting_since=oldest,
            )
        )

    windows = []
    for c in counters:
        ticket = current.get(c.current_ticket_id) if c.current_ticket_id else None
        if ticket is not None and (ticket.status not in AT_WINDOW or ticket.counter_id != c.id):
            ticket = None
        n, avg, busy = done_at_window.get(c.id, (0, None, 0.0))
        since = None
        if ticket is not None:
            since = ticket.service_started_at if ticket.status == S.SERVING else ticket.called_at
        busy_now = (
            (now - ticket.called_at) / timedelta(minutes=1) if ticket and ticket.called_at else 0
        )
        opened = open_minutes.get(c.id, 0.0)
        windows.append(
            WindowLive(
                counter_id=c.id,
                number=c.number,
                name=c.name,
                state=c.state,
                pause_reason=c.pause_reason,
                state_since=c.state_changed_at,
                category_prefixes=tuple(prefixes.get(c.id, ())),
                current_number=ticket.number if ticket else None,
                current_status=ticket.status if ticket else None,
                current_since=since,
                served_today=n,
                avg_service_minutes=avg,
                open_minutes=opened,
                idle_minutes=max(opened - busy - busy_now, 0.0),
            )
        )

    last_hour = now.astimezone(ZoneInfo(hall.timezone)).hour
    by_category: dict[int, list[tuple[int, int, int]]] = {}
    totals: dict[tuple[int, int], int] = {}
    for cid, hour, kind, n in per_hour:
        if hour is None:
            continue
        by_category.setdefault(cid, []).append((hour, kind, n))
        totals[(hour, kind)] = totals.get((hour, kind), 0) + int(n)
    return Overview(
        at=now,
        day=day,
        categories=tuple(categories),
        windows=tuple(windows),
        hourly=_hourly([(h, k, n) for (h, k), n in totals.items()], last_hour),
        hourly_by_category={cid: _hourly(rows, last_hour) for cid, rows in by_category.items()},
    )


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class WaitBucket:
    low: int
    high: int | None  # None: and more

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}" if self.high is not None else f"≥{self.low}"


@dataclass(frozen=True)
class WaitDistribution:
    first_day: date
    last_day: date
    buckets: tuple[tuple[WaitBucket, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _b, n in self.buckets)


def wait_distribution(
    db: Database, first_day: date, last_day: date | None = None
) -> WaitDistribution:
    """How many tickets waited how long (first call), in buckets of WAIT_BUCKETS minutes."""
    last_day = last_day or first_day
    with db.reader() as session:
        sql = Sql(session, require_hall(session).timezone)
        minutes = sql.minutes(Ticket.issued_at, TicketEvent.at)
        bucket = case(
            *[(minutes < high, i) for i, high in enumerate(WAIT_BUCKETS[1:])],
            else_=len(WAIT_BUCKETS) - 1,
        )
        counts = dict(
            session.execute(
                select(bucket, func.count())
                .select_from(Ticket)
                .join(TicketEvent, _first_call(sql, first_day, last_day))
                .where(Ticket.service_date.between(first_day, last_day))
                .group_by(bucket)
            ).all()
        )
    buckets = []
    for i, low in enumerate(WAIT_BUCKETS):
        high = WAIT_BUCKETS[i + 1] if i + 1 < len(WAIT_BUCKETS) else None
        buckets.append((WaitBucket(low, high), int(counts.get(i, 0))))
    return WaitDistribution(first_day, last_day, tuple(buckets))


@dataclass(frozen=True)
class DayVolume:
    day: date
    issued: int
    served: int
    no_show: int


def daily_volumes_direct(db: Database, last_day: date, days: int = 30) -> list[DayVolume]:
    """Tickets issued, served and not shown per day, for the `days` days up to `last_day`, from
    the tickets themselves (the reference for `daily_volumes`)."""
    first_day = last_day - timedelta(days=days - 1)
    with db.reader() as session:
        rows = {
            d: (int(n), int(done or 0), int(gone or 0))
            for d, n, done, gone in session.execute(
                select(
                    Ticket.service_date,
                    func.count(),
                    func.sum(case((Ticket.status == S.DONE.value, 1), else_=0)),
                    func.sum(case((Ticket.status == S.NO_SHOW.value, 1), else_=0)),
                )
                .where(Ticket.service_date.between(first_day, last_day))
                .group_by(Ticket.service_date)
            )
        }
    return [
        DayVolume(d, *rows.get(d, (0, 0, 0)))
        for d in (first_day + timedelta(days=i) for i in range(days))
    ]


# --------------------------------------------------------------------------- period statistics (reports)


@dataclass(frozen=True)
class TicketGroupStats:
    key: int | None
    label: str
    issued: int
    served: int
    no_show: int
    void: int
    expired: int
    wait: Dist
    service: Dist


@dataclass(frozen=True)
class TicketStats:
    total: TicketGroupStats
    by_category: tuple[TicketGroupStats, ...]
    by_window: tuple[TicketGroupStats, ...]
    by_clerk: tuple[TicketGroupStats, ...]


def _labels(session: Session) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    categories = {
        cid: f"{prefix} {name}"
        for cid, prefix, name in session.execute(
            select(QueueCategory.id, QueueCategory.prefix, QueueCategory.name)
        )
    }
    counters = {
        cid: f"{number} 号窗口"
        for cid, number in session.execute(select(Counter.id, Counter.number))
    }
    users = {uid: name for uid, name in session.execute(select(User.id, User.full_name))}
    return categories, counters, users


def ticket_stats_direct(db: Database, first_day: date, last_day: date) -> TicketStats:
    """Tickets of the service days first_day … last_day: counts by outcome, waits and service
    times, for the hall and by category, window and clerk; from the tickets and their events
    themselves (the reference for `ticket_stats`, which reads the daily aggregates)."""
    with db.reader() as session:
        sql = Sql(session, require_hall(session).timezone)
        in_period = Ticket.service_date.between(first_day, last_day)
        wait = sql.minutes(Ticket.issued_at, TicketEvent.at)
        service = sql.minutes(Ticket.service_started_at, Ticket.finished_at)
        served = and_(
            in_period,
            Ticket.status == S.DONE.value,
            Ticket.service_started_at.is_not(None),
            Ticket.finished_at.is_not(None),
        )

        def waits(key: Any) -> dict[Any, Dist]:
            source = (
                select(key.label("g"), wait.label("v"))
                .select_from(Ticket)
                .join(TicketEvent, _first_call(sql, first_day, last_day))
                .where(in_period)
                .subquery()
            )
            return distributions(sql, source)

        def services(key: Any) -> dict[Any, Dist]:
            source = select(key.label("g"), service.label("v")).where(served).subquery()
            return distributions(sql, source)

        def counts(key: Any) -> dict[Any, tuple[int, int, int, int, int]]:
            def n(status: TicketStatus) -> Any:
                return func.sum(case((Ticket.status == status.value, 1), else_=0))

            return {
                k: (int(total), int(done or 0), int(gone or 0), int(void or 0), int(exp or 0))
                for k, total, done, gone, void, exp in session.execute(
                    select(key, func.count(), n(S.DONE), n(S.NO_SHOW), n(S.VOID), n(S.EXPIRED))
                    .where(in_period)
                    .group_by(key)
                )
            }

        categories, counters, users = _labels(session)
        everything = literal(0)
        groups = {
            "total": (everything, everything, {0: "全部"}),
            "category": (Ticket.issue_category_id, Ticket.issue_category_id, categories),
            "window": (Ticket.counter_id, TicketEvent.counter_id, counters),
            "clerk": (Ticket.clerk_id, TicketEvent.user_id, users),
        }
        found = {
            name: (counts(key), waits(wait_key), services(key), labels)
            for name, (key, wait_key, labels) in groups.items()
        }
    return _ticket_stats(found)


GroupFigures = tuple[
    dict[Any, tuple[int, int, int, int, int]], dict[Any, Dist], dict[Any, Dist], dict[int, str]
]


def _ticket_stats(found: dict[str, GroupFigures]) -> TicketStats:
    """TicketStats from each grouping's counts, waits, service times and labels (both paths)."""
    out: dict[str, list[TicketGroupStats]] = {}
    for name, (c, w, s, labels) in found.items():
        rows = []
        for k in sorted({*c, *w, *s} - {None}, key=lambda k: labels.get(k, str(k))):
            issued, done, gone, void, expired = c.get(k, (0, 0, 0, 0, 0))
            rows.append(
                TicketGroupStats(
                    key=k,
                    label=labels.get(k, str(k)),
                    issued=issued if name in ("total", "category") else done + gone,
                    served=done,
                    no_show=gone,
                    void=void,
                    expired=expired,
                    wait=w.get(k, Dist()),
                    service=s.get(k, Dist()),
                )
            )
        out[name] = rows
    total = (
        out["total"][0]
        if out["total"]
        else TicketGroupStats(0, "全部", 0, 0, 0, 0, 0, Dist(), Dist())
    )
    return TicketStats(
        total=total,
        by_category=tuple(out["category"]),
        by_window=tuple(out["window"]),
        by_clerk=tuple(out["clerk"]),
    )


def _dist_of(backend: report_days.Backend, runs: list[tuple[int, ...]]) -> Dist:
    """Count, mean, median and p90 of sorted runs of integer microseconds, as the direct query
    computes them: the same values (as floats), the same interpolation."""
    values = [v for run in runs for v in run]
    n = len(values)
    if not n:
        return Dist()
    if len(runs) > 1:
        values.sort()  # a merge of sorted runs: cheap
    if backend.pg:  # avg over exact numerics
        mean = float(Fraction(sum(values), n * 60_000_000))
    else:  # avg over the floats
        mean = math.fsum(backend.minutes(v) for v in values) / n

    def at(fraction: float) -> float | None:
        position = (n - 1) * fraction
        low = int(position)
        high = backend.minutes(values[low + 1]) if low + 1 < n else None
        return _interpolate(n, fraction, backend.minutes(values[low]), high)

    return Dist(n, mean, at(0.5), at(0.9))


def _from_cells(backend: report_days.Backend, cells: report_days.Cells, labels) -> TicketStats:
    categories, counters, users = labels
    keys = {
        "total": (lambda c: 0, lambda w: 0, {0: "全部"}),
        "category": (lambda c: c.category_id, lambda w: w.category_id, categories),
        "window": (lambda c: c.counter_id, lambda w: w.counter_id, counters),
        "clerk": (lambda c: c.clerk_id, lambda w: w.user_id, users),
    }
    found: dict[str, GroupFigures] = {}
    for name, (key, wait_key, group_labels) in keys.items():
        counts: dict[Any, list[int]] = {}
        service_runs: dict[Any, list[tuple[int, ...]]] = {}
        wait_runs: dict[Any, list[tuple[int, ...]]] = {}
        for cell in cells.tickets:
            k = key(cell)
            total = counts.setdefault(k, [0, 0, 0, 0, 0])
            total[0] += cell.issued
            total[1] += cell.served
            total[2] += cell.no_show
            total[3] += cell.void
            total[4] += cell.expired
            if cell.service_us:
                service_runs.setdefault(k, []).append(cell.service_us)
        for cell in cells.waits:
            if cell.waits_us:
                wait_runs.setdefault(wait_key(cell), []).append(cell.waits_us)
        found[name] = (
            {k: (v[0], v[1], v[2], v[3], v[4]) for k, v in counts.items()},
            {k: _dist_of(backend, runs) for k, runs in wait_runs.items()},
            {k: _dist_of(backend, runs) for k, runs in service_runs.items()},
            group_labels,
        )
    return _ticket_stats(found)


def _backend_and_labels(db: Database):
    with db.reader() as session:
        return report_days.Backend(session, require_hall(session).timezone), _labels(session)


def ticket_stats(
    db: Database, first_day: date, last_day: date, *, now: datetime | None = None
) -> TicketStats:
    """Tickets of the service days first_day … last_day: counts by outcome, waits and service
    times, for the hall and by category, window and clerk. From the daily aggregates
    (app.services.report_days): the same figures as `ticket_stats_direct`."""
    backend, labels = _backend_and_labels(db)
    cells = report_days.period_cells(db, first_day, last_day, ("tickets",), now=now)
    return _from_cells(backend, cells, labels)


def daily_volumes(
    db: Database, last_day: date, days: int = 30, *, now: datetime | None = None
) -> list[DayVolume]:
    """Tickets issued, served and not shown per day, for the `days` days up to `last_day`, from
    the daily aggregates (the same as `daily_volumes_direct`)."""
    first_day = last_day - timedelta(days=days - 1)
    cells = report_days.period_cells(db, first_day, last_day, ("tickets",), now=now)
    return _volumes(cells, first_day, days)


def _volumes(cells: report_days.Cells, first_day: date, days: int) -> list[DayVolume]:
    rows: dict[date, list[int]] = {}
    for cell in cells.tickets:
        row = rows.setdefault(cell.day, [0, 0, 0])
        row[0] += cell.issued
        row[1] += cell.served
        row[2] += cell.no_show
    return [
        DayVolume(d, *rows.get(d, (0, 0, 0)))
        for d in (first_day + timedelta(days=i) for i in range(days))
    ]


@dataclass(frozen=True)
class ItemCaseStats:
    service_item_id: int
    item_name: str
    department: str
    received: int  # cases applied for in the period
    accepted: int  # of those, accepted at some point (now accepted, in progress … completed)
    rejected: int
    needs_supplement: int
    granted: int
    denied: int
    withdrawn_or_void: int
    completed_in_period: int  # completed in the period (whenever applied for)
    on_time: int  # of those, completed on or before the promised date


@dataclass(frozen=True)
class CaseStats:
    items: tuple[ItemCaseStats, ...]

    def _sum(self, name: str) -> int:
        return sum(getattr(i, name) for i in self.items)

    @property
    def received(self) -> int:
        return self._sum("received")

    @property
    def completed_in_period(self) -> int:
        return self._sum("completed_in_period")

    @property
    def on_time(self) -> int:
        return self._sum("on_time")

    @property
    def on_time_rate(self) -> float | None:
        done = self.completed_in_period
        return self.on_time / done if done else None


def case_stats_direct(db: Database, first_day: date, last_day: date) -> CaseStats:
    """Cases by service item and outcome; the on-time rate of the cases completed in the period;
    from the cases themselves (the reference for `case_stats`)."""
    with db.reader() as session:
        sql = Sql(session, require_hall(session).timezone)
        start, end = sql.day_bounds(first_day, last_day)

        def n(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        applied = report_days.cases_applied(session, start, end)
        completed_day = sql.local_date(Case.completed_at, first_day)
        completed = {
            item_id: (int(total), int(on_time or 0))
            for item_id, total, on_time in session.execute(
                select(
                    Case.service_item_id,
                    func.count(),
                    n(and_(Case.promised_date.is_not(None), completed_day <= Case.promised_date)),
                )
                .where(Case.completed_at >= start, Case.completed_at < end)
                .group_by(Case.service_item_id)
            )
        }
        return _case_stats(session, applied, completed)


def _case_stats(
    session: Session,
    applied: dict[int, tuple[int, ...]],
    completed: dict[int, tuple[int, int]],
) -> CaseStats:
    ids = set(applied) | set(completed)
    names = {
        i: (name, dept or "")
        for i, name, dept in session.execute(
            select(ServiceItem.id, ServiceItem.name, ServiceItem.department).where(
                ServiceItem.id.in_(ids)
            )
        )
    }
    items = []
    for item_id in sorted(
        ids, key=lambda i: (names.get(i, ("", ""))[1], names.get(i, ("", ""))[0])
    ):
        received, accepted, rejected, supplement, granted, denied, gone = applied.get(
            item_id, (0, 0, 0, 0, 0, 0, 0)
        )
        done, on_time = completed.get(item_id, (0, 0))
        name, dept = names.get(item_id, (str(item_id), ""))
        items.append(
            ItemCaseStats(
                item_id,
                name,
                dept,
                received,
                accepted,
                rejected,
                supplement,
                granted,
                denied,
                gone,
                done,
                on_time,
            )
        )
    return CaseStats(tuple(items))


def case_stats(
    db: Database, first_day: date, last_day: date, *, now: datetime | None = None
) -> CaseStats:
    """Cases by service item and outcome; the on-time rate of the cases completed in the period;
    from the daily aggregates (the same figures as `case_stats_direct`)."""
    cells = report_days.period_cells(db, first_day, last_day, ("cases",), now=now)
    with db.reader() as session:
        return _cases_from(session, cells)


def _cases_from(session: Session, cells: report_days.Cells) -> CaseStats:
    applied: dict[int, list[int]] = {}
    completed: dict[int, list[int]] = {}
    for cell in cells.cases:
        if cell.received:
            row = applied.setdefault(cell.service_item_id, [0] * 7)
            for i, n in enumerate(
                (
                    cell.received,
                    cell.accepted,
                    cell.rejected,
                    cell.needs_supplement,
                    cell.granted,
                    cell.denied,
                    cell.withdrawn_or_void,
                )
            ):
                row[i] += n
        if cell.completed:
            done = completed.setdefault(cell.service_item_id, [0, 0])
            done[0] += cell.completed
            done[1] += cell.on_time
    return _case_stats(
        session,
        {k: tuple(v) for k, v in applied.items()},
        {k: (v[0], v[1]) for k, v in completed.items()},
    )


@dataclass(frozen=True)
class RatingStats:
    by_score: tuple[tuple[str, str, int], ...]  # (code, label, count)
    not_rated: int
    negative: int
    followed_up: int  # negative ratings of the period whose follow-up is recorded

    @property
    def rated(self) -> int:
        return sum(n for _c, _l, n in self.by_score)

    @property
    def satisfaction_rate(self) -> float | None:
        """非常满意 + 满意 + 基本满意 over all rated."""
        good = sum(n for code, _l, n in self.by_score if code in ("1", "2", "3"))
        return good / self.rated if self.rated else None


def rating_stats_direct(db: Database, first_day: date, last_day: date) -> RatingStats:
    """From the ratings themselves (the reference for `rating_stats`)."""
    with db.reader() as session:
        sql = Sql(session, require_hall(session).timezone)
        start, end = sql.day_bounds(first_day, last_day)
        negative = Rating.score.in_(["4", "5"])
        rows = session.execute(
            select(
                Rating.score,
                func.count(),
                func.sum(case((and_(negative, Rating.follow_up_at.is_not(None)), 1), else_=0)),
            )
            .where(Rating.rated_at >= start, Rating.rated_at < end)
            .group_by(Rating.score)
        ).all()
    counts = {score.value if score else None: (int(n), int(f or 0)) for score, n, f in rows}
    return _rating_stats(counts)


def _rating_stats(counts: dict[str | None, tuple[int, int]]) -> RatingStats:
    return RatingStats(
        by_score=tuple((s.value, s.label, counts.get(s.value, (0, 0))[0]) for s in RatingScore),
        not_rated=counts.get(None, (0, 0))[0],
        negative=sum(counts.get(c, (0, 0))[0] for c in ("4", "5")),
        followed_up=sum(counts.get(c, (0, 0))[1] for c in ("4", "5")),
    )


def rating_stats(
    db: Database, first_day: date, last_day: date, *, now: datetime | None = None
) -> RatingStats:
    """From the daily aggregates (the same figures as `rating_stats_direct`)."""
    cells = report_days.period_cells(db, first_day, last_day, ("ratings",), now=now)
    return _ratings_from(cells)


def _ratings_from(cells: report_days.Cells) -> RatingStats:
    counts: dict[str | None, tuple[int, int]] = {}
    for cell in cells.ratings:
        n, followed = counts.get(cell.score, (0, 0))
        counts[cell.score] = (n + cell.ratings, followed + cell.followed_up)
    return _rating_stats(counts)


@dataclass(frozen=True)
class PeriodStats:
    tickets: TicketStats
    cases: CaseStats
    ratings: RatingStats
    days: tuple[DayVolume, ...]


def period_stats(
    db: Database, first_day: date, last_day: date, *, now: datetime | None = None
) -> PeriodStats:
    """Everything a report says about first_day … last_day, from one read of the daily
    aggregates (the same as ticket_stats, case_stats, rating_stats and daily_volumes)."""
    cells = report_days.period_cells(db, first_day, last_day, now=now)
    with db.reader() as session:
        backend = report_days.Backend(session, require_hall(session).timezone)
        labels = _labels(session)
        cases = _cases_from(session, cells)
    return PeriodStats(
        tickets=_from_cells(backend, cells, labels),
        cases=cases,
        ratings=_ratings_from(cells),
        days=tuple(_volumes(cells, first_day, (last_day - first_day).days + 1)),
    )
