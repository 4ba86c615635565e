"""Queue ticketing: issuing, calling and every window action, race-free on both backends.

How "no ticket is ever called by two windows" holds:
- every window action first locks its own counter row (``SELECT … FOR UPDATE`` on PostgreSQL; on
  SQLite the whole write transaction is serialised by ``BEGIN IMMEDIATE``), so one window's double
  click cannot claim twice;
- call-next picks and claims in one transaction: the pick (PostgreSQL: the function
  ``halldesk_pick_ticket``, one statement with the claim; SQLite: ``pick_next_statement``, one
  ORDER BY) takes the first ticket callable at this window (app/services/callable.py, the one
  definition) by the calling rule, ``FOR UPDATE SKIP LOCKED``: a row another window is claiming is
  skipped, not waited for, and the claim's status condition makes a stale pick claim nothing;
- both encode app.domain.queue.choose_next (the pure rule; tests/app/test_calling_rule.py checks
  all three agree on random queues), and the statuses they set come from its TRANSITIONS.

Ticket numbers come from ``daily_sequence`` via one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``
inside the issuing transaction: unique and gap-free per category and day.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from psycopg.rows import namedtuple_row
from sqlalchemy import case, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.changes import CHANNEL, RawChange
from app.db.engine import Database
from app.db.models import (
    Counter,
    CounterCategory,
    CounterEvent,
    DailySequence,
    Hall,
    QueueCategory,
    ServiceItem,
    Ticket,
    TicketEvent,
    TicketServiceItem,
)
from app.domain.codes import CounterState, PriorityReason, Role, TicketSource, TicketStatus
from app.domain.privacy import mask_name
from app.domain.queue import (
    AT_WINDOW,
    CALLABLE,
    CallMode,
    ServedCategory,
    TicketAction,
    calling_order,
    calls_since_priority_after,
    format_number,
    next_status,
    sources_of,
    window_priority_every_n,
)
from app.errors import Conflict, HallDeskError, NotFound, ValidationError
from app.services import audit
from app.services.access import allowed, without_actor
from app.services.cache import cached
from app.services.callable import CALLABLE_VALUES, callable_at, callable_today
from app.services.context import Actor, Unattended
from app.services.estimate import (
    ServiceRate,
    people_ahead,
    service_rate,
    waiting_pool,
    window_rules,
)
from app.services.hall import require_hall

S = TicketStatus


# How long another PC's change to a category, a window or the hall may take to reach this PC (this
# PC's own changes clear the cache at once). Reads on expiry happen in the background (cache.py).
SETTINGS_TTL_SECONDS = 30


def _only_target(action: TicketAction, sources: frozenset[TicketStatus]) -> TicketStatus:
    """The one state `action` leads to from every state in `sources` (by the state machine)."""
    targets = {next_status(source, action) for source in sources}
    if len(targets) != 1:
        raise AssertionError(f"{action} leads from {sorted(sources)} to {sorted(targets)}")
    return targets.pop()


# The status changes the SQL below makes, taken from app.domain.queue.TRANSITIONS and passed to it
# as parameters (its text holds no status; tests/app/test_calling_rule.py checks both): a ticket
# is issued waiting; call-next takes any callable ticket to "called"; a no-show ends a called one.
_ISSUED = S.WAITING
_CALL_FROM = CALLABLE
_CALL_TO = _only_target(TicketAction.CALL, _CALL_FROM)
_NO_SHOW_FROM = S.CALLED
_NO_SHOW_TO = next_status(_NO_SHOW_FROM, TicketAction.NO_SHOW)


class NothingWaiting(HallDeskError):
    """Call-next with nobody waiting for this window: a plain message, nothing changed."""


# --------------------------------------------------------------------------- plain results


@dataclass(frozen=True)
class TicketInfo:
    id: int
    number: str
    category_id: int
    category_prefix: str
    category_name: str
    status: TicketStatus
    priority: bool
    priority_reason: PriorityReason | None
    issued_at: datetime
    queue_since: datetime
    called_at: datetime | None
    service_started_at: datetime | None
    counter_id: int | None
    counter_number: int | None
    target_counter_id: int | None
    return_counter_id: int | None
    recall_count: int
    applicant_name_masked: str
    estimated_wait_minutes: int | None = None
    people_ahead: int | None = None


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketInfo
    hall_name: str
    people_ahead: int
    estimated_wait_minutes: int
    open_windows: int = 1  # windows open for its category when issued; 0: no estimate to give


@dataclass(frozen=True)
class WindowState:
    counter_id: int
    number: int
    name: str
    location: str | None
    state: CounterState
    pause_reason: str | None
    state_changed_at: datetime | None
    current: TicketInfo | None
    served_category_ids: tuple[int, ...]
    recall_cap: int


def _utc(moment: datetime | None) -> datetime | None:
    """In UTC, as the ORM gives times back (app.db.types), whatever the server's time zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def build_ticket_info(
    row: Any, category: Any, counter_number: int | None, **known: Any
) -> TicketInfo:
    """The one way a TicketInfo is made: from a Ticket, a RETURNING row of a one-round-trip
    statement (attributes by column name) or, with `row` None, the values of a ticket just
    issued. `known` gives what the row lacks or what the statement just set; `category` is
    anything with `prefix` and `name` (a QueueCategory, CategorySettings)."""

    def value(name: str) -> Any:
        return known[name] if name in known else getattr(row, name)

    reason = value("priority_reason")
    return TicketInfo(
        id=value("id"),
        number=value("number"),
        category_id=value("category_id"),
        category_prefix=category.prefix,
        category_name=category.name,
        status=TicketStatus(value("status")),
        priority=bool(value("priority")),
        priority_reason=PriorityReason(reason) if reason else None,
        issued_at=_utc(value("issued_at")),
        queue_since=_utc(value("queue_since")),
        called_at=_utc(value("called_at")),
        service_started_at=_utc(value("service_started_at")),
        counter_id=value("counter_id"),
        counter_number=counter_number,
        target_counter_id=value("target_counter_id"),
        return_counter_id=value("return_counter_id"),
        recall_count=value("recall_count"),
        applicant_name_masked=mask_name(value("applicant_name")),
        estimated_wait_minutes=value("estimated_wait_minutes"),
        people_ahead=value("people_ahead_at_issue"),
    )


def ticket_info(session: Session, ticket: Ticket) -> TicketInfo:
    category = session.get(QueueCategory, ticket.category_id)
    assert category is not None
    number = None
    if ticket.counter_id is not None:
        number = session.scalar(select(Counter.number).where(Counter.id == ticket.counter_id))
    return build_ticket_info(ticket, category, number)


# --------------------------------------------------------------------------- helpers


def service_day(session: Session, now: datetime) -> date:
    return local_date(now, require_hall(session).timezone)


def record_event(
    session: Session,
    ticket: Ticket | int,
    event_type: str,
    from_status: TicketStatus | None,
    to_status: TicketStatus,
    now: datetime,
    *,
    counter_id: int | None,
    actor: Actor | None,
    detail: dict[str, Any] | None = None,
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=ticket if isinstance(ticket, int) else ticket.id,
        event_type=event_type,
        at=now,
        from_status=from_status,
        to_status=to_status,
        counter_id=counter_id,
        user_id=actor.user_id if actor else None,
        detail=detail,
    )
    session.add(event)
    session.flush()  # its id (told to the other PCs at commit: app.db.changes)
    return event


def next_daily_value(session: Session, scope: str, day: date) -> int:
    """Atomically take the next value of a daily sequence (inside the caller's transaction)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(DailySequence)
        .values(scope=scope, day=day, last_value=1)
        .on_conflict_do_update(
            index_elements=[DailySequence.scope, DailySequence.day],
            set_={"last_value": DailySequence.last_value + 1},
        )
        .returning(DailySequence.last_value)
    )
    return int(session.execute(statement).scalar_one())


def _lock_counter(session: Session, counter_id: int) -> Counter:
    query = select(Counter).where(Counter.id == counter_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    counter = session.scalars(query).one_or_none()
    if counter is None or not counter.active:
        raise NotFound("counter.not_found_ask_admin")
    return counter


def _served(session: Session, counter_id: int) -> list[ServedCategory]:
    rows = session.execute(
        select(
            CounterCategory.category_id,
            CounterCategory.position,
            CounterCategory.weight,
            QueueCategory.priority_every_n,
        )
        .join(QueueCategory, QueueCategory.id == CounterCategory.category_id)
        .where(CounterCategory.counter_id == counter_id, QueueCategory.active.is_(True))
        .order_by(CounterCategory.position)
    ).all()
    return [ServedCategory(r.category_id, r.position, r.weight, r.priority_every_n) for r in rows]


def _current_ticket(session: Session, counter: Counter) -> Ticket | None:
    if counter.current_ticket_id is None:
        return None
    ticket = session.get(Ticket, counter.current_ticket_id)
    if ticket is None or ticket.status not in AT_WINDOW or ticket.counter_id != counter.id:
        return None
    return ticket


def _require_current(session: Session, counter: Counter) -> Ticket:
    ticket = _current_ticket(session, counter)
    if ticket is None:
        raise Conflict("counter.nothing_current")
    return ticket


def _require_open(counter: Counter) -> None:
    if counter.state == CounterState.PAUSED:
        raise Conflict(
            "counter.paused", counter=counter.number, reason=counter.pause_reason or "无原因"
        )
    if counter.state == CounterState.CLOSED:
        raise Conflict("counter.closed", counter=counter.number)


# --------------------------------------------------------------------------- issuing


@dataclass(frozen=True)
class CategorySettings:
    id: int
    prefix: str
    name: str
    number_digits: int
    priority_enabled: bool
    priority_every_n: int
    avg_service_minutes: float
    active: bool


def category_settings(db: Database, category_id: int) -> CategorySettings | None:
    """A category's settings, cached for a few seconds (read on every issue)."""

    def load() -> CategorySettings | None:
        with db.reader() as session:
            c = session.get(QueueCategory, category_id)
            if c is None:
                return None
            return CategorySettings(
                c.id,
                c.prefix,
                c.name,
                c.number_digits,
                c.priority_enabled,
                c.priority_every_n,
                float(c.avg_service_minutes),
                c.active,
            )

    return cached(("category", db.url_key, category_id), SETTINGS_TTL_SECONDS, load)


def hall_identity(db: Database) -> tuple[str, str]:
    """(name, time zone) of the hall, cached for a few seconds."""

    def load() -> tuple[str, str]:
        with db.reader() as session:
            hall = require_hall(session)
            return hall.name, hall.timezone

    return cached(("hall", db.url_key), SETTINGS_TTL_SECONDS, load)


def _service_rate(db: Database, category: CategorySettings, day: date) -> ServiceRate:
    def load() -> ServiceRate:
        with db.reader() as session:
            return service_rate(session, category.id, category.avg_service_minutes, day)

    return cached(("rate", db.url_key, category.id, day), 3, load)


def _hot_row(db: Database, sql: str, params: dict[str, Any]) -> Any:
    """Run one of the hot PostgreSQL statements below (issue, call next, no-show): one prepared
    statement in autocommit mode, so it is its own transaction in one round trip, which also
    sends its notice (app.db.changes.RawChange: the ticket event it writes). Returns its row
    (attributes by column name) or None."""
    notice = RawChange("ticket")
    params = params | {"channel": CHANNEL, "notice_head": notice.head, "notice_tail": notice.tail}
    with db.driver() as conn, conn.cursor(row_factory=namedtuple_row) as cursor:
        cursor.execute(sql, params, prepare=True)
        row = cursor.fetchone()
    if row is not None:
        notice.committed([row.event_id])
    return row


# One round trip on PostgreSQL: take the number, insert the ticket and its event, and notify the
# other PCs. Who is ahead is read just before (an estimate: a ticket issued in between by another
# kiosk is not counted).
_ISSUE_PG = """
    WITH seq AS (
        INSERT INTO daily_sequence (scope, day, last_value) VALUES (%(scope)s, %(day)s, 1)
        ON CONFLICT (scope, day) DO UPDATE SET last_value = daily_sequence.last_value + 1
        RETURNING last_value
    ), t AS (
        INSERT INTO ticket (category_id, issue_category_id, service_date, sequence, number, status,
                            priority, priority_reason, source, issued_at, queue_since, recall_count,
                            people_ahead_at_issue, estimated_wait_minutes, applicant_name, version)
        SELECT %(category_id)s, %(category_id)s, %(day)s, seq.last_value,
               %(prefix)s || CASE WHEN length(seq.last_value::text) >= %(digits)s THEN seq.last_value::text
                               ELSE lpad(seq.last_value::text, %(digits)s, '0') END,
               %(status)s, %(priority)s, %(priority_reason)s, %(source)s, %(now)s, %(now)s, 0,
               %(ahead)s, %(minutes)s, %(applicant_name)s, 1
        FROM seq
        RETURNING id, sequence, number, people_ahead_at_issue, estimated_wait_minutes
    ), e AS (
        INSERT INTO ticket_event (ticket_id, event_type, at, from_status, to_status, user_id, detail)
        SELECT t.id, 'issue', %(now)s, NULL, %(status)s, %(user_id)s, CAST(%(detail)s AS jsonb) FROM t
        RETURNING id
    )
    SELECT t.id, t.sequence, t.number, t.people_ahead_at_issue, t.estimated_wait_minutes,
           e.id AS event_id, pg_notify(%(channel)s, %(notice_head)s::text || e.id || %(notice_tail)s)
    FROM t, e
"""


@allowed(Unattended.STATION, Role.CLERK, Role.MANAGER, Role.ADMIN)
def issue_ticket(
    db: Database,
    category_id: int,
    *,
    priority: bool = False,
    priority_reason: PriorityReason | None = None,
    source: TicketSource = TicketSource.KIOSK,
    applicant_name: str | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> IssuedTicket:
    now = now or utcnow()
    if priority and priority_reason is None:
        raise ValidationError("ticket.priority_reason_required", field="priority_reason")
    category = category_settings(db, category_id)
    if category is None or not category.active:
        raise NotFound("ticket.category_closed")
    if priority and not category.priority_enabled:
        raise ValidationError(
            "ticket.priority_not_offered", category=category.name, field="priority"
        )
    hall_name, tz = hall_identity(db)
    day = local_date(now, tz)
    rate = _service_rate(db, category, day)
    reason = PriorityReason(priority_reason) if priority else None
    if db.backend == "postgresql":
        with db.reader() as session:
            ahead = people_ahead(session, category.id, day, priority=priority, now=now)
        row = _hot_row(
            db,
            _ISSUE_PG,
            {
                "scope": f"ticket:{category.id}",
                "status": _ISSUED.value,
                "day": day,
                "category_id": category.id,
                "priority": priority,
                "prefix": category.prefix,
                "digits": category.number_digits,
                "priority_reason": reason.value if reason else None,
                "source": TicketSource(source).value,
                "now": now,
                "ahead": ahead,
                "minutes": rate.minutes_for(ahead),
                "applicant_name": applicant_name,
                "user_id": actor.user_id if actor else None,
                "detail": json.dumps({"priority_reason": reason.value if reason else None}),
            },
        )
        ticket_id, sequence, number, ahead, minutes = row[:5]
    else:
        with db.session() as session:
            sequence = next_daily_value(session, f"ticket:{category.id}", day)
            number = format_number(category.prefix, sequence, category.number_digits)
            ahead = people_ahead(session, category.id, day, priority=priority, now=now)
            minutes = rate.minutes_for(ahead)
            ticket = Ticket(
                category_id=category.id,
                issue_category_id=category.id,
                service_date=day,
                sequence=sequence,
                number=number,
                status=_ISSUED,
                priority=priority,
                priority_reason=reason,
                source=source,
                issued_at=now,
                queue_since=now,
                recall_count=0,
                people_ahead_at_issue=ahead,
                estimated_wait_minutes=minutes,
                applicant_name=applicant_name,
            )
            session.add(ticket)
            session.flush()
            ticket_id = ticket.id
            record_event(
                session,
                ticket,
                "issue",
                None,
                _ISSUED,
                now,
                counter_id=None,
                actor=actor,
                detail={"priority_reason": reason.value if reason else None},
            )
    info = build_ticket_info(
        None,
        category,
        None,
        id=ticket_id,
        number=number,
        category_id=category.id,
        status=_ISSUED,
        priority=priority,
        priority_reason=reason,
        issued_at=now,
        queue_since=now,
        called_at=None,
        service_started_at=None,
        counter_id=None,
        target_counter_id=None,
        return_counter_id=None,
        recall_count=0,
        applicant_name=applicant_name,
        estimated_wait_minutes=minutes,
        people_ahead_at_issue=ahead,
    )
    return IssuedTicket(
        ticket=info,
        hall_name=hall_name,
        people_ahead=ahead,
        estimated_wait_minutes=minutes,
        open_windows=rate.open_windows,
    )


# --------------------------------------------------------------------------- window state


def _set_counter_state(
    db: Database,
    actor: Actor,
    counter_id: int,
    state: CounterState,
    event_type: str,
    reason: str | None = None,
    now: datetime | None = None,
) -> WindowState:
    now = now or utcnow()
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        if state == CounterState.CLOSED and _current_ticket(session, counter) is not None:
            ticket = _current_ticket(session, counter)
            raise Conflict("counter.close_with_current", ticket=ticket.number)
        before = {"state": counter.state, "pause_reason": counter.pause_reason}
        counter.state = state
        counter.pause_reason = reason if state == CounterState.PAUSED else None
        counter.state_changed_at = now
        event = CounterEvent(
            counter_id=counter.id,
            event_type=event_type,
            state=state,
            reason=reason,
            at=now,
            user_id=actor.user_id,
        )
        session.add(event)
        audit.record(
            session,
            actor,
            f"counter.{event_type}",
            "counter",
            counter.id,
            before=before,
            after={"state": state, "pause_reason": counter.pause_reason},
        )
        return _window_state(session, counter)


@allowed(Role.CLERK, Role.MANAGER, Role.ADMIN)
def open_counter(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> WindowState:
    return _set_counter_state(db, actor, counter_id, CounterState.OPEN, "open", now=now)


@allowed(Role.CLERK, Role.MANAGER, Role.ADMIN)
def pause_counter(
    db: Database, actor: Actor, counter_id: int, reason: str, *, now: datetime | None = None
) -> WindowState:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("counter.pause_reason_required", field="pause_reason")
    return _set_counter_state(db, actor, counter_id, CounterState.PAUSED, "pause", reason, now=now)


@allowed(Role.CLERK, Role.MANAGER, Role.ADMIN)
def resume_counter(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> WindowState:
    return _set_counter_state(db, actor, counter_id, CounterState.OPEN, "resume", now=now)


@allowed(Role.CLERK, Role.MANAGER, Role.ADMIN)
def close_counter(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> WindowState:
    return _set_counter_state(db, actor, counter_id, CounterState.CLOSED, "close", now=now)


def _window_state(session: Session, counter: Counter) -> WindowState:
    current = _current_ticket(session, counter)
    hall = require_hall(session)
    return WindowState(
        counter_id=counter.id,
        number=counter.number,
        name=counter.name,
        location=counter.location,
        state=counter.state,
        pause_reason=counter.pause_reason,
        state_changed_at=counter.state_changed_at,
        current=ticket_info(session, current) if current else None,
        served_category_ids=tuple(s.category_id for s in _served(session, counter.id)),
        recall_cap=hall.recall_cap,
    )


def window_state(db: Database, counter_id: int) -> WindowState:
    with db.reader() as session:
        counter = session.get(Counter, counter_id)
        if counter is None:
            raise NotFound("counter.not_found")
        return _window_state(session, counter)


# --------------------------------------------------------------------------- calling


def _category_ranks(session: Session, config: CounterConfig, day: date) -> dict[int, int]:
    """Category id → rank for the ORDER BY (equal ranks in FIFO mode)."""
    served = config.served
    if config.call_mode is CallMode.FIFO:
        return {s.category_id: 0 for s in served}
    if config.call_mode is CallMode.ORDER:
        return {s.category_id: s.position for s in served}
    counts = dict(
        session.execute(
            select(Ticket.category_id, func.count())
            .where(
                Ticket.service_date == day,
                Ticket.counter_id == config.id,
                Ticket.called_at.is_not(None),
            )
            .group_by(Ticket.category_id)
        ).all()
    )
    ordered = sorted(
        served, key=lambda s: (counts.get(s.category_id, 0) / max(s.weight, 1), s.position)
    )
    return {s.category_id: rank for rank, s in enumerate(ordered)}


def pick_next_statement(
    counter_id: int,
    served: list[ServedCategory],
    ranks: dict[int, int],
    prefer_priority: bool,
    day: date,
):
    """The ticket call-next takes, locked: the calling rule as an ORDER BY, rows another window is
    claiming skipped (FOR UPDATE SKIP LOCKED; on SQLite writers are serialised anyway)."""
    return (
        select(Ticket.id, Ticket.status, Ticket.priority)
        .where(callable_at(day, counter_id, [s.category_id for s in served]))
        .order_by(
            case((Ticket.priority == literal(prefer_priority), 0), else_=1),
            # sent straight to this window first, oldest first; then the categories by rank
            case(
                (Ticket.target_counter_id == counter_id, -1),
                else_=case(ranks, value=Ticket.category_id, else_=999) if ranks else literal(0),
            ),
            Ticket.queue_since,
            Ticket.id,
        )
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def pick_next(session: Session, config: CounterConfig, day: date, prefer_priority: bool) -> Any:
    """The general path's pick (SQLite's, and PostgreSQL's when its one statement finds nothing):
    the row (id, status, priority) of the ticket the window calls next, locked, or None."""
    ranks = _category_ranks(session, config, day)
    statement = pick_next_statement(config.id, list(config.served), ranks, prefer_priority, day)
    return session.execute(statement).first()


@dataclass(frozen=True)
class CounterConfig:
    id: int
    number: int
    call_mode: CallMode
    served: tuple[ServedCategory, ...]  # in the window's calling order (position)


def counter_config(db: Database, counter_id: int) -> CounterConfig:
    """What a window serves and how it calls, cached for a few seconds (read on every call)."""

    def load() -> CounterConfig:
        with db.reader() as session:
            counter = session.get(Counter, counter_id)
            if counter is None or not counter.active:
                raise NotFound("counter.not_found_ask_admin")
            return CounterConfig(
                counter.id,
                counter.number,
                CallMode(counter.call_mode),
                tuple(_served(session, counter.id)),
            )

    return cached(("counter", db.url_key, counter_id), SETTINGS_TTL_SECONDS, load)


_CALL_NEXT_PG = """
    WITH c AS (
        SELECT id, normal_calls_since_priority AS since FROM counter
        WHERE id = %(counter_id)s AND state = 'open' AND current_ticket_id IS NULL AND active
        FOR UPDATE
    ), pick AS (
        SELECT p.ticket_id AS id, p.ticket_status AS before, p.ticket_priority AS priority
        FROM c, halldesk_pick_ticket(%(counter_id)s, %(day)s, c.since >= %(every_n)s,
                                     CAST(%(category_ids)s AS bigint[]), CAST(%(ranked)s AS bigint[]),
                                     CAST(%(weights)s AS integer[])) p
    ), upd AS (
        UPDATE ticket SET status = %(to_status)s, counter_id = %(counter_id)s, clerk_id = %(user_id)s,
                          called_at = %(now)s, recall_count = 0, target_counter_id = NULL,
                          version = ticket.version + 1
        FROM pick WHERE ticket.id = pick.id
        RETURNING ticket.id, ticket.number, ticket.category_id, ticket.priority, ticket.priority_reason,
                  ticket.issued_at, ticket.queue_since, ticket.service_started_at, ticket.return_counter_id,
                  ticket.applicant_name, ticket.estimated_wait_minutes, ticket.people_ahead_at_issue,
                  pick.before
    ), cu AS (
        UPDATE counter SET current_ticket_id = upd.id,
               normal_calls_since_priority = CASE WHEN upd.priority THEN 0
                                                  ELSE counter.normal_calls_since_priority + 1 END
        FROM upd WHERE counter.id = %(counter_id)s
    ), ev AS (
        INSERT INTO ticket_event (ticket_id, event_type, at, from_status, to_status, counter_id, user_id)
        SELECT upd.id, %(event)s, %(now)s, upd.before, %(to_status)s, %(counter_id)s, %(user_id)s
        FROM upd
        RETURNING id
    )
    SELECT upd.*, ev.id AS event_id,
           pg_notify(%(channel)s, %(notice_head)s::text || ev.id || %(notice_tail)s)
    FROM upd, ev
"""


def pick_function_arguments(config: CounterConfig, day: date) -> dict[str, Any]:
    """`halldesk_pick_ticket`'s arguments for this window (but the class it prefers now, which
    the statement reads from the locked window row: `every_n` is the ratio it compares with)."""
    in_order = [s.category_id for s in config.served]  # in calling order
    return {
        "counter_id": config.id,
        "day": day,
        "category_ids": in_order,
        "every_n": window_priority_every_n(config.served),
        "ranked": [] if config.call_mode is CallMode.FIFO else in_order,
        "weights": (
            [s.weight for s in config.served] if config.call_mode is CallMode.WEIGHTED else None
        ),
    }


def _call_next_pg(
    db: Database, config: CounterConfig, actor: Actor, now: datetime, day: date
) -> TicketInfo | None:
    """call_next in one round trip; None when the window cannot call right now or nothing is free
    (the general path then explains why)."""
    row = _hot_row(
        db,
        _CALL_NEXT_PG,
        pick_function_arguments(config, day)
        | {
            "event": TicketAction.CALL.value,
            "to_status": _CALL_TO.value,
            "user_id": actor.user_id,
            "now": now,
        },
    )
    if row is None:
        return None
    return _info_from_row(db, row, config, status=_CALL_TO, called_at=now, recall_count=0)


def _info_from_row(db: Database, row: Any, config: CounterConfig, **known: Any) -> TicketInfo:
    """A ticket at `config`'s window from the RETURNING row of a one-round-trip statement."""
    category = category_settings(db, row.category_id)
    assert category is not None
    return build_ticket_info(
        row, category, config.number, counter_id=config.id, target_counter_id=None, **known
    )


@allowed(Role.CLERK)
def call_next(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> TicketInfo:
    now = now or utcnow()
    if db.backend == "postgresql":
        config = counter_config(db, counter_id)
        day = local_date(now, hall_identity(db)[1])
        info = _call_next_pg(db, config, actor, now, day)
        if info is not None:
            return info
    # The general path: SQLite (writers serialised), and on PostgreSQL the explanation of a refusal.
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        _require_open(counter)
        current = _current_ticket(session, counter)
        if current is not None:
            raise Conflict("counter.call_with_current", ticket=current.number)
        day = service_day(session, now)
        served = _served(session, counter.id)
        config = CounterConfig(
            counter.id, counter.number, CallMode(counter.call_mode), tuple(served)
        )
        prefer_priority = counter.normal_calls_since_priority >= window_priority_every_n(served)
        row = None
        for _attempt in range(3):
            row = pick_next(session, config, day, prefer_priority)
            if row is None and _any_callable(session, counter.id, served, day):
                continue  # every candidate is being claimed by another window right now
            break
        if row is None:
            names = "、".join(
                session.scalars(
                    select(QueueCategory.name).where(
                        QueueCategory.id.in_([s.category_id for s in served])
                    )
                )
            )
            raise NothingWaiting("queue.nobody_waiting", categories=names or "未设置业务类别")
        ticket_id, before, was_priority = row
        after = next_status(TicketStatus(before), TicketAction.CALL)
        claimed = session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id, Ticket.status.in_(CALLABLE_VALUES))
            .values(
                status=after.value,
                counter_id=counter.id,
                clerk_id=actor.user_id,
                called_at=now,
                recall_count=0,
                target_counter_id=None,
                version=Ticket.version + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:  # cannot happen while the row is locked; never hand out a ticket twice
            raise Conflict("queue.call_conflict")
        counter.current_ticket_id = ticket_id
        counter.normal_calls_since_priority = calls_since_priority_after(
            counter.normal_calls_since_priority, was_priority
        )
        record_event(
            session,
            ticket_id,
            TicketAction.CALL.value,
            TicketStatus(before),
            after,
            now,
            counter_id=counter.id,
            actor=actor,
        )
        ticket = session.get(Ticket, ticket_id)
        session.refresh(ticket)
        return ticket_info(session, ticket)


def _any_callable(
    session: Session, counter_id: int, served: list[ServedCategory], day: date
) -> bool:
    return bool(
        session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(callable_at(day, counter_id, [s.category_id for s in served]))
        )
    )


@allowed(Role.CLERK)
def call_specific(
    db: Database, actor: Actor, counter_id: int, number: str, *, now: datetime | None = None
) -> TicketInfo:
    """Call a ticket by its number (an applicant at the window with a ticket from another queue)."""
    now = now or utcnow()
    number = number.strip().upper()
    if not number:
        raise ValidationError("queue.number_required", field="number")
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        _require_open(counter)
        current = _current_ticket(session, counter)
        if current is not None:
            raise Conflict("queue.call_number_with_current", ticket=current.number, number=number)
        day = service_day(session, now)
        ticket = session.scalars(
            select(Ticket).where(Ticket.service_date == day, Ticket.number == number)
        ).one_or_none()
        if ticket is None:
            raise NotFound("queue.number_unknown_today", number=number, field="number")
        if ticket.status in (S.ON_HOLD,) and ticket.counter_id == counter.id:
            return _call_back(session, actor, counter, ticket, now)
        before = ticket.status
        after = next_status(ticket.status, TicketAction.CALL, ticket.number)
        claimed = session.execute(
            update(Ticket)
            .where(Ticket.id == ticket.id, Ticket.status.in_(CALLABLE_VALUES))
            .values(
                status=after.value,
                counter_id=counter.id,
                clerk_id=actor.user_id,
                called_at=now,
                recall_count=0,
                target_counter_id=None,
                version=Ticket.version + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            raise Conflict("queue.number_called_elsewhere", number=number)
        counter.current_ticket_id = ticket.id
        record_event(
            session,
            ticket.id,
            "call",
            before,
            after,
            now,
            counter_id=counter.id,
            actor=actor,
            detail={"specific": True},
        )
        session.refresh(ticket)
        return ticket_info(session, ticket)


# --------------------------------------------------------------------------- actions on the current ticket


def _apply(
    session: Session,
    actor: Actor,
    counter: Counter,
    ticket: Ticket,
    action: TicketAction,
    now: datetime,
    detail: dict[str, Any] | None = None,
    **changes: Any,
) -> Ticket:
    before = ticket.status
    after = next_status(ticket.status, action, ticket.number)
    ticket.status = after
    for key, value in changes.items():
        setattr(ticket, key, value)
    if after not in AT_WINDOW and counter.current_ticket_id == ticket.id:
        counter.current_ticket_id = None
    session.flush()  # the ticket's version column makes a concurrent change fail here, not silently
    record_event(
        session,
        ticket,
        action.value,
        before,
        after,
        now,
        counter_id=counter.id,
        actor=actor,
        detail=detail,
    )
    return ticket


@allowed(Role.CLERK)
def recall(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> TicketInfo:
    """Call the current ticket again; past the hall's cap it becomes a no-show."""
    now = now or utcnow()
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        ticket = _require_current(session, counter)
        if ticket.status != S.CALLED:
            raise Conflict("ticket.already_serving", ticket=ticket.number)
        cap = require_hall(session).recall_cap
        if ticket.recall_count >= cap:
            _apply(
                session,
                actor,
                counter,
                ticket,
                TicketAction.NO_SHOW,
                now,
                detail={"reason": "recall_cap", "recalls": ticket.recall_count},
                finished_at=now,
            )
        else:
            _apply(
                session,
                actor,
                counter,
                ticket,
                TicketAction.RECALL,
                now,
                detail={"recall": ticket.recall_count + 1},
                recall_count=ticket.recall_count + 1,
                called_at=now,
            )
        return ticket_info(session, ticket)


# No-show in one round trip on PostgreSQL (a window does it as often as it calls): lock the window,
# end its called ticket, free the window, write the event and notify.
_NO_SHOW_PG = """
    WITH c AS (
        SELECT id, current_ticket_id FROM counter WHERE id = %(counter_id)s AND active FOR UPDATE
    ), t AS (
        SELECT ticket.id FROM ticket, c
        WHERE ticket.id = c.current_ticket_id AND ticket.counter_id = %(counter_id)s
          AND ticket.status = %(from_status)s
        FOR UPDATE OF ticket
    ), upd AS (
        UPDATE ticket SET status = %(to_status)s, finished_at = %(now)s, version = ticket.version + 1
        FROM t WHERE ticket.id = t.id
        RETURNING ticket.id, ticket.number, ticket.category_id, ticket.priority,
                  ticket.priority_reason, ticket.issued_at, ticket.queue_since, ticket.called_at,
                  ticket.return_counter_id, ticket.recall_count, ticket.applicant_name,
                  ticket.estimated_wait_minutes, ticket.people_ahead_at_issue
    ), cu AS (
        UPDATE counter SET current_ticket_id = NULL FROM upd WHERE counter.id = %(counter_id)s
    ), ev AS (
        INSERT INTO ticket_event (ticket_id, event_type, at, from_status, to_status, counter_id, user_id)
        SELECT upd.id, %(event)s, %(now)s, %(from_status)s, %(to_status)s, %(counter_id)s, %(user_id)s
        FROM upd
        RETURNING id
    )
    SELECT upd.*, ev.id AS event_id,
           pg_notify(%(channel)s, %(notice_head)s::text || ev.id || %(notice_tail)s)
    FROM upd, ev
"""


def _no_show_pg(db: Database, actor: Actor, counter_id: int, now: datetime) -> TicketInfo | None:
    config = counter_config(db, counter_id)
    row = _hot_row(
        db,
        _NO_SHOW_PG,
        {
            "counter_id": counter_id,
            "event": TicketAction.NO_SHOW.value,
            "from_status": _NO_SHOW_FROM.value,
            "to_status": _NO_SHOW_TO.value,
            "now": now,
            "user_id": actor.user_id,
        },
    )
    if row is None:
        return None
    return _info_from_row(db, row, config, status=_NO_SHOW_TO, service_started_at=None)


@allowed(Role.CLERK)
def mark_no_show(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> TicketInfo:
    now = now or utcnow()
    if db.backend == "postgresql" and (info := _no_show_pg(db, actor, counter_id, now)):
        return info
    # The general path: SQLite, and on PostgreSQL the explanation of a refusal.
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        ticket = _require_current(session, counter)
        _apply(session, actor, counter, ticket, TicketAction.NO_SHOW, now, finished_at=now)
        return ticket_info(session, ticket)


@allowed(Role.CLERK)
def start_service(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> TicketInfo:
    now = now or utcnow()
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        ticket = _require_current(session, counter)
        _apply(
            session,
            actor,
            counter,
            ticket,
            TicketAction.START,
            now,
            service_started_at=now,
            clerk_id=actor.user_id,
        )
        return ticket_info(session, ticket)


@allowed(Role.CLERK)
def finish_service(
    db: Database,
    actor: Actor,
    counter_id: int,
    *,
    service_item_ids: Sequence[int] = (),
    now: datetime | None = None,
) -> TicketInfo:
    """Finish serving; a ticket transferred here "to come back" goes back to the window it came from."""
    now = now or utcnow()
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        ticket = _require_current(session, counter)
        if (
            ticket.status == S.CALLED
        ):  # finishing straight from a call: the service started at the call
            _apply(
                session,
                actor,
                counter,
                ticket,
                TicketAction.START,
                now,
                service_started_at=ticket.called_at,
            )
        known = set(
            session.scalars(select(ServiceItem.id).where(ServiceItem.id.in_(service_item_ids)))
        )
        for item_id in dict.fromkeys(service_item_ids):
            if item_id in known:
                session.merge(TicketServiceItem(ticket_id=ticket.id, service_item_id=item_id))
        detail = {"service_items": sorted(known)}
        if ticket.return_counter_id is not None and ticket.return_counter_id != counter.id:
            back_to = ticket.return_counter_id
            _apply(
                session,
                actor,
                counter,
                ticket,
                TicketAction.FINISH_AND_RETURN,
                now,
                detail=detail | {"to_counter": back_to},
                target_counter_id=back_to,
                return_counter_id=None,
            )
        else:
            _apply(
                session,
                actor,
                counter,
                ticket,
                TicketAction.FINISH,
                now,
                detail=detail,
                finished_at=now,
            )
        return ticket_info(session, ticket)


@allowed(Role.CLERK)
def transfer(
    db: Database,
    actor: Actor,
    counter_id: int,
    *,
    to_category_id: int | None = None,
    to_counter_number: int | None = None,
    return_here: bool = False,
    now: datetime | None = None,
) -> TicketInfo:
    """Send the current ticket to another category's queue or straight to a window. It keeps its
    original place (queue_since) in the new queue."""
    now = now or utcnow()
    if (to_category_id is None) == (to_counter_number is None):
        raise ValidationError("transfer.target_required", field="transfer_target")
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        ticket = _require_current(session, counter)
        changes: dict[str, Any] = {"return_counter_id": counter.id if return_here else None}
        detail: dict[str, Any] = {"return_here": return_here}
        if to_category_id is not None:
            category = session.get(QueueCategory, to_category_id)
            if category is None or not category.active:
                raise ValidationError("transfer.category_inactive", field="transfer_target")
            open_for = session.scalar(
                select(func.count())
                .select_from(CounterCategory)
                .join(Counter, Counter.id == CounterCategory.counter_id)
                .where(
                    CounterCategory.category_id == category.id,
                    Counter.active.is_(True),
                    Counter.state != CounterState.CLOSED.value,
                )
            )
            if not open_for:
                raise ValidationError(
                    "transfer.category_no_open_window",
                    category=category.name,
                    field="transfer_target",
                )
            changes |= {"category_id": category.id, "target_counter_id": None}
            detail |= {"to_category": category.prefix}
        else:
            target = session.scalars(
                select(Counter).where(Counter.number == to_counter_number)
            ).one_or_none()
            if target is None or not target.active:
                raise ValidationError(
                    "transfer.no_such_counter", counter=to_counter_number, field="transfer_target"
                )
            if target.id == counter.id:
                raise ValidationError("transfer.same_counter", field="transfer_target")
            if target.state == CounterState.CLOSED:
                raise ValidationError(
                    "transfer.counter_closed", counter=target.number, field="transfer_target"
                )
            changes |= {"target_counter_id": target.id}
            detail |= {"to_counter": target.number}
        _apply(
            session, actor, counter, ticket, TicketAction.TRANSFER, now, detail=detail, **changes
        )
        return ticket_info(session, ticket)


@allowed(Role.CLERK)
def hold(db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None) -> TicketInfo:
    """Put the current ticket aside (the applicant fetches a document); call it back later."""
    now = now or utcnow()
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        ticket = _require_current(session, counter)
        _apply(session, actor, counter, ticket, TicketAction.HOLD, now)
        return ticket_info(session, ticket)


def _call_back(
    session: Session, actor: Actor, counter: Counter, ticket: Ticket, now: datetime
) -> TicketInfo:
    _apply(
        session, actor, counter, ticket, TicketAction.CALL_BACK, now, called_at=now, recall_count=0
    )
    counter.current_ticket_id = ticket.id
    return ticket_info(session, ticket)


@allowed(Role.CLERK)
def call_back(
    db: Database, actor: Actor, counter_id: int, ticket_id: int, *, now: datetime | None = None
) -> TicketInfo:
    now = now or utcnow()
    with db.session() as session:
        counter = _lock_counter(session, counter_id)
        _require_open(counter)
        current = _current_ticket(session, counter)
        if current is not None:
            raise Conflict("queue.recall_held_with_current", ticket=current.number)
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.counter_id != counter.id or ticket.status != S.ON_HOLD:
            raise Conflict("queue.not_held_here")
        return _call_back(session, actor, counter, ticket, now)


@without_actor("日终清理：把前一天未叫的号作废，任何一台电脑启动或跨日时都会做")
def expire_stale(db: Database, *, now: datetime | None = None) -> int:
    """End of day: tickets of earlier days still waiting, transferred, on hold or called expire."""
    now = now or utcnow()
    with db.session() as session:
        if session.scalars(select(Hall.id).limit(1)).first() is None:
            return 0  # an empty database (before the demo or an import): no queue yet
        day = service_day(session, now)
        stale = session.scalars(
            select(Ticket).where(
                Ticket.service_date < day,
                Ticket.status.in_(sorted(s.value for s in sources_of(TicketAction.EXPIRE))),
            )
        ).all()
        for ticket in stale:
            before = ticket.status
            ticket.status = next_status(before, TicketAction.EXPIRE, ticket.number)
            ticket.finished_at = now
            session.add(
                TicketEvent(
                    ticket_id=ticket.id,
                    event_type="expire",
                    at=now,
                    from_status=before,
                    to_status=ticket.status,
                    counter_id=None,
                    user_id=None,
                )
            )
        if stale:
            session.execute(
                update(Counter)
                .where(Counter.current_ticket_id.in_([t.id for t in stale]))
                .values(current_ticket_id=None)
            )
        return len(stale)


# --------------------------------------------------------------------------- lists


def ticket_rows(session: Session, query) -> list[TicketInfo]:
    rows = session.execute(
        query.add_columns(QueueCategory, Counter.number)
        .join(QueueCategory, QueueCategory.id == Ticket.category_id)
        .outerjoin(Counter, Counter.id == Ticket.counter_id)
    ).all()
    return [build_ticket_info(row[0], row[1], row[2]) for row in rows]


def waiting_for_counter(
    db: Database, counter_id: int, *, now: datetime | None = None, limit: int = 200
) -> list[TicketInfo]:
    """The tickets this window may call, in the order its F1 would call them if it alone called:
    the calling rule played forward from where the window stands (the priority mix, its category
    order or weights, tickets sent to it first). The first is the next call."""
    now = now or utcnow()
    with db.reader() as session:
        day = service_day(session, now)
        rules = window_rules(session, [counter_id], day)
        if not rules:
            return []
        order = calling_order(waiting_pool(session, day, rules), rules[0], limit=limit)
        by_id = {t.id: t for t in ticket_rows(session, select(Ticket).where(Ticket.id.in_(order)))}
        return [by_id[i] for i in order if i in by_id]


def held_at_counter(
    db: Database, counter_id: int, *, now: datetime | None = None
) -> list[TicketInfo]:
    now = now or utcnow()
    with db.reader() as session:
        day = service_day(session, now)
        query = (
            select(Ticket)
            .where(
                Ticket.service_date == day,
                Ticket.status == S.ON_HOLD.value,
                Ticket.counter_id == counter_id,
            )
            .order_by(Ticket.queue_since)
        )
        return ticket_rows(session, query)


@dataclass(frozen=True)
class CategoryLoad:
    category_id: int
    prefix: str
    name: str
    waiting: int
    priority_waiting: int
    estimated_wait_minutes: int
    wait_target_minutes: int
    open_windows: int
    name_en: str | None = None  # shown on the kiosk's and board's English screens


def category_loads(db: Database, *, now: datetime | None = None) -> list[CategoryLoad]:
    """Waiting counts (exact) and the wait a new normal ticket would get, per active category."""
    now = now or utcnow()
    with db.reader() as session:
        day = service_day(session, now)
        categories = session.scalars(
            select(QueueCategory)
            .where(QueueCategory.active.is_(True))
            .order_by(QueueCategory.sort_order, QueueCategory.prefix)
        ).all()
        counts = {
            (cid, prio): n
            for cid, prio, n in session.execute(
                select(Ticket.category_id, Ticket.priority, func.count())
                .where(callable_today(day))
                .group_by(Ticket.category_id, Ticket.priority)
            )
        }
    loads = []
    for category in categories:
        waiting = counts.get((category.id, False), 0) + counts.get((category.id, True), 0)
        settings = category_settings(db, category.id)
        assert settings is not None
        rate = _service_rate(db, settings, day)
        loads.append(
            CategoryLoad(
                category_id=category.id,
                prefix=category.prefix,
                name=category.name,
                waiting=waiting,
                priority_waiting=counts.get((category.id, True), 0),
                estimated_wait_minutes=rate.minutes_for(waiting),
                wait_target_minutes=category.wait_target_minutes,
                open_windows=rate.open_windows,
                name_en=category.name_en,
            )
        )
    return loads


def window_states(db: Database) -> list[WindowState]:
    with db.reader() as session:
        return [
            _window_state(session, c)
            for c in session.scalars(
                select(Counter).where(Counter.active.is_(True)).order_by(Counter.number)
            )
        ]
