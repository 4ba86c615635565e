"""Changes made by any PC, delivered to every other PC without reloading everything.

PostgreSQL: the queue service sends ``pg_notify('halldesk', {"k": "t"|"c", "ids": [...]})`` inside
its transaction, so the notice arrives exactly when the change is committed; the feed listens on a
connection of its own and fetches just the events named. A transaction that changes cases sends
``pg_notify('halldesk_case', {"k": "case", "ids": [case ids]})`` (app.services.case_changes) and
the feed fetches those cases' state. (Event ids are not in commit order on
PostgreSQL, so "everything after the last id" could miss a slow transaction; the ids in the notices
cannot.) After a lost connection the feed reconnects and reports ``resync`` so views reload once.

SQLite: writers are serialised, so ids are in commit order; the feed polls ``PRAGMA data_version``
(a counter SQLite bumps when another connection commits, costing no I/O) and fetches the events
after the last one it saw, and the cases named by the audit entries after the last one it saw
(every case change is audited in its own transaction, including those without a case event).

Runs in a thread of its own (the UI wraps it in a QThread); no Qt here.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import AuditLog, Case, Counter, CounterEvent, QueueCategory, Ticket, TicketEvent
from app.domain.codes import CaseStatus, CounterState, TicketStatus
from app.services.case_changes import CASE_CHANNEL, CASE_ENTITY
from app.services.queue import NOTIFY_CHANNEL

log = logging.getLogger(__name__)
SQLITE_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class TicketChange:
    event_id: int
    event_type: str  # issue, call, recall, start, finish, transfer, hold, call_back, no_show, expire, void …
    at: datetime
    ticket_id: int
    number: str
    category_id: int
    category_prefix: str
    status: TicketStatus
    priority: bool
    counter_id: int | None
    counter_number: int | None
    counter_location: str | None
    recall_count: int
    user_id: int | None

    @property
    def is_call(self) -> bool:
        return self.event_type in ("call", "recall", "call_back")


@dataclass(frozen=True)
class CounterChange:
    event_id: int
    event_type: str  # open, pause, resume, close
    at: datetime
    counter_id: int
    counter_number: int
    state: CounterState
    reason: str | None


@dataclass(frozen=True)
class CaseChange:
    """A case as it stands after a change committed by any PC (a case view that shows an older
    `data_version` reloads; a case list updates the row)."""

    case_id: int
    case_no: str
    status: CaseStatus
    data_version: int
    promised_date: date | None


@dataclass
class Changes:
    tickets: list[TicketChange] = field(default_factory=list)
    counters: list[CounterChange] = field(default_factory=list)
    cases: list[CaseChange] = field(default_factory=list)
    resync: bool = False

    def __bool__(self) -> bool:
        return bool(self.tickets or self.counters or self.cases or self.resync)


def _ticket_changes(
    db: Database, *, ids: list[int] | None = None, after: int | None = None
) -> list[TicketChange]:
    query = (
        select(TicketEvent, Ticket, QueueCategory.prefix, Counter.number, Counter.location)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .join(QueueCategory, QueueCategory.id == Ticket.category_id)
        .outerjoin(Counter, Counter.id == TicketEvent.counter_id)
        .order_by(TicketEvent.id)
    )
    if ids is not None:
        query = query.where(TicketEvent.id.in_(ids))
    else:
        query = query.where(TicketEvent.id > (after or 0))
    with db.reader() as session:
        return [
            TicketChange(
                event_id=event.id,
                event_type=event.event_type,
                at=event.at,
                ticket_id=ticket.id,
                number=ticket.number,
                category_id=ticket.category_id,
                category_prefix=prefix,
                status=event.to_status,
                priority=ticket.priority,
                counter_id=event.counter_id,
                counter_number=number,
                counter_location=location,
                recall_count=ticket.recall_count,
                user_id=event.user_id,
            )
            for event, ticket, prefix, number, location in session.execute(query)
        ]


def _counter_changes(
    db: Database, *, ids: list[int] | None = None, after: int | None = None
) -> list[CounterChange]:
    query = (
        select(CounterEvent, Counter.number)
        .join(Counter, Counter.id == CounterEvent.counter_id)
        .order_by(CounterEvent.id)
    )
    if ids is not None:
        query = query.where(CounterEvent.id.in_(ids))
    else:
        query = query.where(CounterEvent.id > (after or 0))
    with db.reader() as session:
        return [
            CounterChange(e.id, e.event_type, e.at, e.counter_id, number, e.state, e.reason)
            for e, number in session.execute(query)
        ]


def _case_changes(db: Database, ids: list[int]) -> list[CaseChange]:
    if not ids:
        return []
    with db.reader() as session:
        rows = session.execute(
            select(Case.id, Case.case_no, Case.status, Case.data_version, Case.promised_date)
            .where(Case.id.in_(set(ids)))
            .order_by(Case.id)
        )
        return [CaseChange(*row) for row in rows]


def _cases_audited_after(db: Database, after: int) -> tuple[list[int], int]:
    """SQLite: the ids of the cases whose audit entries come after `after`, and the last entry's id."""
    with db.reader() as session:
        rows = session.execute(
            select(AuditLog.id, AuditLog.entity, Case.id)
            .outerjoin(
                Case, (AuditLog.entity == CASE_ENTITY) & (Case.case_no == AuditLog.entity_id)
            )
            .where(AuditLog.id > after)
            .order_by(AuditLog.id)
        ).all()
    if not rows:
        return [], after
    return [case_id for _id, _entity, case_id in rows if case_id is not None], rows[-1][0]


class ChangeFeed:
    """`wait(timeout)` returns the changes committed since the last call (possibly none)."""

    def __init__(self, db: Database):
        self.db = db
        self._conn: Any = None
        self._last_ticket_event = 0
        self._last_counter_event = 0
        self._last_audit_entry = 0
        self._data_version: int | None = None
        with db.reader() as session:
            self._last_ticket_event = session.scalar(select(func.max(TicketEvent.id))) or 0
            self._last_counter_event = session.scalar(select(func.max(CounterEvent.id))) or 0
            self._last_audit_entry = session.scalar(select(func.max(AuditLog.id))) or 0

    # ------------------------------------------------------------------ connection
    def _connect(self) -> None:
        url = self.db.engine.url
        if self.db.backend == "postgresql":
            import psycopg

            self._conn = psycopg.connect(
                host=url.host or "localhost",
                port=url.port or 5432,
                user=url.username,
                password=url.password,
                dbname=url.database,
                autocommit=True,
                connect_timeout=5,
                application_name="halldesk-feed",
            )
            self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._conn.execute(f"LISTEN {CASE_CHANNEL}")
        else:
            self._conn = sqlite3.connect(url.database, timeout=30, check_same_thread=False)
            self._data_version = self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    # ------------------------------------------------------------------ waiting
    def wait(self, timeout: float = 1.0) -> Changes:
        resync = False
        if self._conn is None:
            try:
                self._connect()
            except Exception as exc:  # the database is down: say nothing changed, try again later
                log.warning("change feed cannot connect: %s", exc)
                time.sleep(min(timeout, 1.0))
                return Changes()
        try:
            if self.db.backend == "postgresql":
                return self._wait_postgres(timeout)
            return self._wait_sqlite(timeout)
        except Exception as exc:
            log.warning("change feed lost its connection: %s; reconnecting", exc)
            self.close()
            resync = True
        return Changes(resync=resync)

    def _wait_postgres(self, timeout: float) -> Changes:
        ids: dict[str, list[int]] = {"t": [], "c": [], "case": []}
        deadline = time.monotonic() + timeout
        # Wait for the first notice, then drain whatever else is already queued.
        for notice in self._conn.notifies(timeout=timeout, stop_after=1):
            self._collect(notice.channel, notice.payload, ids)
        if any(ids.values()):
            for notice in self._conn.notifies(timeout=0.02):
                self._collect(notice.channel, notice.payload, ids)
                if time.monotonic() > deadline + 0.2:
                    break
        changes = Changes()
        if ids["t"]:
            changes.tickets = _ticket_changes(self.db, ids=ids["t"])
        if ids["c"]:
            changes.counters = _counter_changes(self.db, ids=ids["c"])
        if ids["case"]:
            changes.cases = _case_changes(self.db, ids["case"])
        return changes

    @staticmethod
    def _collect(channel: str, payload: str, ids: dict[str, list[int]]) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            return
        if channel == CASE_CHANNEL:
            kind = "case"
        else:
            kind = "t" if data.get("k") == "t" else "c"
        ids[kind].extend(int(i) for i in data.get("ids", []))

    def _wait_sqlite(self, timeout: float) -> Changes:
        deadline = time.monotonic() + timeout
        while True:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._data_version = version
                case_ids, self._last_audit_entry = _cases_audited_after(
                    self.db, self._last_audit_entry
                )
                changes = Changes(
                    tickets=_ticket_changes(self.db, after=self._last_ticket_event),
                    counters=_counter_changes(self.db, after=self._last_counter_event),
                    cases=_case_changes(self.db, case_ids),
                )
                if changes.tickets:
                    self._last_ticket_event = changes.tickets[-1].event_id
                if changes.counters:
                    self._last_counter_event = changes.counters[-1].event_id
                if changes:
                    return changes
            if time.monotonic() >= deadline:
                return Changes()
            time.sleep(min(SQLITE_POLL_SECONDS, max(deadline - time.monotonic(), 0)))
