"""The hall manager's alerts, limits and actions.

Alerts are kept as intervals in ``hall_alert`` rather than derived from history each time they are
shown: "when did it start and end" must read the same on every manager PC and after a restart, and
replaying a day's queue to find when the longest wait crossed a target is far dearer than
remembering it. `sync_alerts` compares what holds now (a few aggregate queries over today's
tickets and the windows) with the open alerts and writes only the difference. The start time is
when the condition really began (the oldest ticket's issue plus the target; the pause plus the
limit), not when a manager PC noticed; the end time is when the next check found it gone, which the
change feed makes a fraction of a second after the call or reopening that ended it. Two manager PCs
checking at once write one alert: a partial unique index allows one open alert per key.

Every action is one transaction with its audit entry.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Counter,
    CounterCategory,
    HallAlert,
    QueueCategory,
    Ticket,
)
from app.domain.codes import CounterState, Role, TicketStatus
from app.domain.queue import CALLABLE, TicketAction, next_status
from app.domain.text import check_whole_number
from app.errors import Conflict, NotFound, ValidationError
from app.services import admin, audit, cache, queue
from app.services.access import allowed, without_actor
from app.services.callable import CALLABLE_VALUES, callable_today
from app.services.context import Actor
from app.services.hall import require_hall

S = TicketStatus


class AlertKind(enum.StrEnum):
    WAIT_OVER_TARGET = "wait_over_target"
    NO_OPEN_WINDOW = "no_open_window"
    PAUSED_TOO_LONG = "paused_too_long"

    @property
    def label(self) -> str:
        return {
            AlertKind.WAIT_OVER_TARGET: "等候超时",
            AlertKind.NO_OPEN_WINDOW: "无开放窗口",
            AlertKind.PAUSED_TOO_LONG: "暂停超时",
        }[self]


@dataclass(frozen=True)
class AlertInfo:
    id: int | None
    kind: AlertKind
    key: str
    category_id: int | None
    counter_id: int | None
    message: str
    started_at: datetime
    ended_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class AlertState:
    """The open alerts after a check, and when the next one could start with no event at all
    (a wait crossing its target, a pause reaching the limit): the caller checks again then."""

    open: tuple[AlertInfo, ...]
    next_check_at: datetime | None
    changed: bool


def _conditions(session: Session, now: datetime) -> tuple[dict[str, AlertInfo], datetime | None]:
    """What should be alerted right now, by key, and the next moment a new alert could begin."""
    hall = require_hall(session)
    day = local_date(now, hall.timezone)
    categories = session.execute(
        select(
            QueueCategory.id,
            QueueCategory.prefix,
            QueueCategory.name,
            QueueCategory.wait_target_minutes,
        ).where(QueueCategory.active.is_(True))
    ).all()
    waiting = {
        cid: (int(n), oldest)
        for cid, n, oldest in session.execute(
            select(Ticket.category_id, func.count(), func.min(Ticket.queue_since))
            .where(callable_today(day))
            .group_by(Ticket.category_id)
        )
    }
    windows = session.execute(
        select(
            Counter.id,
            Counter.number,
            Counter.state,
            Counter.pause_reason,
            Counter.state_changed_at,
        ).where(Counter.active.is_(True))
    ).all()
    served_by: dict[int, list[int]] = {}
    for counter_id, category_id in session.execute(
        select(CounterCategory.counter_id, CounterCategory.category_id)
    ):
        served_by.setdefault(category_id, []).append(counter_id)
    by_id = {w.id: w for w in windows}

    found: dict[str, AlertInfo] = {}
    upcoming: list[datetime] = []
    for cid, prefix, name, target in categories:
        n, oldest = waiting.get(cid, (0, None))
        if not n or oldest is None:
            continue
        crosses = oldest + timedelta(minutes=target)
        if crosses < now:
            key = f"wait:{cid}"
            found[key] = AlertInfo(
                None,
                AlertKind.WAIT_OVER_TARGET,
                key,
                cid,
                None,
                f"{prefix} {name}：有人等候已超过目标 {target} 分钟",
                crosses,
            )
        else:
            upcoming.append(crosses)
        mine = [by_id[i] for i in served_by.get(cid, []) if i in by_id]
        if not any(w.state == CounterState.OPEN for w in mine):
            key = f"uncovered:{cid}"
            changed = [w.state_changed_at for w in mine if w.state_changed_at is not None]
            since = max([oldest, *changed])
            found[key] = AlertInfo(
                None,
                AlertKind.NO_OPEN_WINDOW,
                key,
                cid,
                None,
                f"{prefix} {name}：{n} 人等候，但没有开放的窗口",
                min(since, now),
            )
    limit = timedelta(minutes=hall.pause_limit_minutes)
    for w in windows:
        if w.state != CounterState.PAUSED or w.state_changed_at is None:
            continue
        reaches = w.state_changed_at + limit
        if reaches < now:
            key = f"pause:{w.id}"
            found[key] = AlertInfo(
                None,
                AlertKind.PAUSED_TOO_LONG,
                key,
                None,
                w.id,
                f"{w.number} 号窗口暂停超过 {hall.pause_limit_minutes} 分钟（{w.pause_reason or '未说明原因'}）",
                reaches,
            )
        else:
            upcoming.append(reaches)
    return found, min(upcoming) if upcoming else None


def _alert_info(row: HallAlert) -> AlertInfo:
    return AlertInfo(
        row.id,
        AlertKind(row.kind),
        row.alert_key,
        row.category_id,
        row.counter_id,
        row.message,
        row.started_at,
        row.ended_at,
    )


def _open_alerts(session: Session) -> list[HallAlert]:
    return list(
        session.scalars(
            select(HallAlert).where(HallAlert.ended_at.is_(None)).order_by(HallAlert.started_at)
        )
    )


@without_actor("按当前数据开始或结束提醒（每台管理员电脑都会做，结果相同），不是某人的操作")
def sync_alerts(db: Database, *, now: datetime | None = None) -> AlertState:
    """Bring the stored alerts in line with the hall as it is now (writes only on a change)."""
    now = now or utcnow()
    with db.reader() as session:
        found, next_check = _conditions(session, now)
        stored = {a.alert_key: _alert_info(a) for a in _open_alerts(session)}
    to_open = [a for key, a in found.items() if key not in stored]
    to_close = [a.id for key, a in stored.items() if key not in found]
    if not to_open and not to_close:
        return AlertState(tuple(stored.values()), next_check, False)
    insert = pg_insert if db.backend == "postgresql" else sqlite_insert
    with db.session() as session:
        if to_close:
            session.execute(
                update(HallAlert)
                .where(HallAlert.id.in_(to_close), HallAlert.ended_at.is_(None))
                .values(ended_at=now)
            )
        for alert in to_open:
            session.execute(
                insert(HallAlert)
                .values(
                    kind=alert.kind.value,
                    alert_key=alert.key,
                    category_id=alert.category_id,
                    counter_id=alert.counter_id,
                    message=alert.message[:255],
                    started_at=alert.started_at,
                )
                .on_conflict_do_nothing(
                    index_elements=[HallAlert.alert_key], index_where=text("ended_at IS NULL")
                )
            )
        rows = _open_alerts(session)
        return AlertState(tuple(_alert_info(a) for a in rows), next_check, True)


def list_alerts(db: Database, *, since: datetime, limit: int = 500) -> list[AlertInfo]:
    """Alerts that were open at any time since `since` (still open first, then newest first)."""
    with db.reader() as session:
        rows = session.scalars(
            select(HallAlert)
            .where((HallAlert.ended_at.is_(None)) | (HallAlert.ended_at >= since))
            .order_by(HallAlert.ended_at.is_not(None), HallAlert.started_at.desc())
            .limit(limit)
        )
        return [_alert_info(a) for a in rows]


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class ManagerLimits:
    pause_limit_minutes: int
    due_soon_working_days: int
    recall_cap: int


LIMIT_FIELDS = ["pause_limit_minutes", "due_soon_working_days", "recall_cap"]


def limits(db: Database) -> ManagerLimits:
    with db.reader() as session:
        hall = require_hall(session)
        return ManagerLimits(hall.pause_limit_minutes, hall.due_soon_working_days, hall.recall_cap)


@allowed(Role.MANAGER, Role.ADMIN)
def save_limits(
    db: Database,
    actor: Actor,
    *,
    pause_limit_minutes: object,
    due_soon_working_days: object,
    recall_cap: object = None,
) -> ManagerLimits:
    """The pause limit (minutes), the yellow mark of case supervision (working days left) and how
    many times a clerk may recall a called ticket before it becomes a no-show (None: unchanged).

    The queue reads the cap from the hall row on every recall (not through the settings cache), so
    the next recall on any PC uses the new cap."""
    pause = check_whole_number(
        pause_limit_minutes, field="pause_limit_minutes", label="暂停时限（分钟）", low=1, high=480
    )
    due = check_whole_number(
        due_soon_working_days,
        field="due_soon_working_days",
        label="临期提醒（工作日）",
        low=0,
        high=30,
    )
    cap = (
        None
        if recall_cap is None
        else check_whole_number(recall_cap, field="recall_cap", label="重呼次数上限", low=1, high=9)
    )
    with db.session() as session:
        hall = require_hall(session)
        before = audit.snapshot(hall, LIMIT_FIELDS)
        hall.pause_limit_minutes, hall.due_soon_working_days = pause, due
        if cap is not None:
            hall.recall_cap = cap
        after = ManagerLimits(pause, due, hall.recall_cap)
        audit.record(
            session,
            actor,
            "hall.manager_limits",
            "hall",
            hall.id,
            before=before,
            after={name: getattr(after, name) for name in LIMIT_FIELDS},
        )
    return after


@allowed(Role.MANAGER, Role.ADMIN)
def set_wait_target(db: Database, actor: Actor, category_id: int, minutes: object) -> int:
    """The wait a category should not exceed (its alert threshold)."""
    value = check_whole_number(
        minutes, field="wait_target_minutes", label="等候目标（分钟）", low=1, high=480
    )
    with db.session() as session:
        category = session.get(QueueCategory, category_id)
        if category is None:
            raise NotFound("category.not_found_refresh")
        before = {"wait_target_minutes": category.wait_target_minutes}
        category.wait_target_minutes = value
        audit.record(
            session,
            actor,
            "category.wait_target",
            "queue_category",
            category.id,
            before=before,
            after={"wait_target_minutes": value},
        )
    cache.clear()
    return value


# --------------------------------------------------------------------------- windows


@allowed(Role.MANAGER, Role.ADMIN)
def assign_categories(
    db: Database, actor: Actor, counter_id: int, category_ids: Sequence[int]
) -> admin.CounterInfo:
    """The categories a window serves, in calling order (audited as a window change)."""
    current = next((c for c in admin.list_counters(db) if c.id == counter_id), None)
    if current is None:
        raise NotFound("counter.not_found_refresh")
    return admin.save_counter(
        db,
        actor,
        number=current.number,
        name=current.name,
        location=current.location,
        category_ids=category_ids,
        active=current.active,
        counter_id=counter_id,
    )


@allowed(Role.MANAGER, Role.ADMIN)
def open_window(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> queue.WindowState:
    """Open (or resume) a window from the manager's desk."""
    state = queue.window_state(db, counter_id)
    if state.state == CounterState.PAUSED:
        return queue.resume_counter(db, actor, counter_id, now=now)
    if state.state == CounterState.OPEN:
        raise Conflict("counter.already_open", counter=state.number)
    return queue.open_counter(db, actor, counter_id, now=now)


@allowed(Role.MANAGER, Role.ADMIN)
def close_window(
    db: Database, actor: Actor, counter_id: int, *, now: datetime | None = None
) -> queue.WindowState:
    state = queue.window_state(db, counter_id)
    if state.state == CounterState.CLOSED:
        raise Conflict("counter.already_closed", counter=state.number)
    return queue.close_counter(db, actor, counter_id, now=now)


# --------------------------------------------------------------------------- tickets


def waiting_tickets(db: Database, *, now: datetime | None = None) -> list[queue.TicketInfo]:
    """Every ticket waiting today (all categories), oldest first."""
    now = now or utcnow()
    with db.reader() as session:
        day = queue.service_day(session, now)
        query = (
            select(Ticket)
            .where(
                Ticket.service_date == day, Ticket.status.in_([*CALLABLE_VALUES, S.ON_HOLD.value])
            )
            .order_by(Ticket.queue_since, Ticket.id)
        )
        return queue.ticket_rows(session, query)


def _locked_ticket(session: Session, ticket_id: int) -> Ticket:
    query = select(Ticket).where(Ticket.id == ticket_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    ticket = session.scalars(query).one_or_none()
    if ticket is None:
        raise NotFound("ticket.not_found_refresh")
    return ticket


@allowed(Role.MANAGER, Role.ADMIN)
def move_ticket(
    db: Database,
    actor: Actor,
    ticket_id: int,
    to_category_id: int,
    *,
    now: datetime | None = None,
) -> queue.TicketInfo:
    """Move a waiting ticket to another category's queue; it keeps its place (queue_since)."""
    now = now or utcnow()
    with db.session() as session:
        ticket = _locked_ticket(session, ticket_id)
        if ticket.status not in CALLABLE:
            raise Conflict(
                "ticket.move_only_waiting", ticket=ticket.number, status=ticket.status.label
            )
        category = session.get(QueueCategory, to_category_id)
        if category is None or not category.active:
            raise ValidationError("ticket.move_category_unavailable", field="to_category")
        if category.id == ticket.category_id and ticket.target_counter_id is None:
            raise ValidationError(
                "ticket.move_same_category",
                ticket=ticket.number,
                category=category.name,
                field="to_category",
            )
        before = {"category_id": ticket.category_id, "target_counter_id": ticket.target_counter_id}
        ticket.category_id = category.id
        ticket.target_counter_id = None
        session.flush()  # the version column refuses a concurrent change here
        queue.record_event(
            session,
            ticket,
            "move",
            ticket.status,
            ticket.status,
            now,
            counter_id=None,
            actor=actor,
            detail={"to_category": category.prefix, "by": "manager"},
        )
        audit.record(
            session,
            actor,
            "ticket.move",
            "ticket",
            ticket.id,
            before=before,
            after={"category_id": category.id, "number": ticket.number},
        )
        return queue.ticket_info(session, ticket)


@allowed(Role.MANAGER, Role.ADMIN)
def void_ticket(
    db: Database, actor: Actor, ticket_id: int, reason: str, *, now: datetime | None = None
) -> queue.TicketInfo:
    """作废 a ticket that is waiting or on hold (taken twice, taken by mistake …), with a reason."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("ticket.void_reason_required", field="void_reason")
    with db.session() as session:
        ticket = _locked_ticket(session, ticket_id)
        before = ticket.status
        ticket.status = next_status(before, TicketAction.VOID, ticket.number)
        ticket.finished_at = now
        session.flush()
        if (
            ticket.counter_id is not None
        ):  # a held ticket is no window's current ticket, but be sure
            session.execute(
                update(Counter)
                .where(Counter.current_ticket_id == ticket.id)
                .values(current_ticket_id=None)
            )
        queue.record_event(
            session,
            ticket,
            TicketAction.VOID.value,
            before,
            ticket.status,
            now,
            counter_id=None,
            actor=actor,
            detail={"reason": reason},
        )
        audit.record(
            session,
            actor,
            "ticket.void",
            "ticket",
            ticket.id,
            before={"status": before},
            after={"status": ticket.status, "number": ticket.number, "reason": reason},
        )
        return queue.ticket_info(session, ticket)
