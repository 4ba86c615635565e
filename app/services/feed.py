"""Changes made by any PC, delivered to every other PC without reloading everything.

PostgreSQL: the queue service sends ``pg_notify('halldesk', {"k": "t"|"c", "ids": [...]})`` inside
its transaction, so the notice arrives exactly when the change is committed; the feed listens on a
connection of its own and fetches just the events named. (Event ids are not in commit order on
PostgreSQL, so "everything after the last id" could miss a slow transaction; the ids in the notices
cannot.) After a lost connection the feed reconnects and reports ``resync`` so views reload once.

SQLite: writers are serialised, so ids are in commit order; the feed polls ``PRAGMA data_version``
(a counter SQLite bumps when another connection commits, costing no I/O) and fetches the events
after the last one it saw.

Runs in a thread of its own (the UI wraps it in a QThread); no Qt here.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Counter, CounterEvent, QueueCategory, Ticket, TicketEvent
from app.domain.codes import CounterState, TicketStatus
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


@dataclass
class Changes:
    tickets: list[TicketChange] = field(default_factory=list)
    counters: list[CounterChange] = field(default_factory=list)
    resync: bool = False

    def __bool__(self) -> bool:
        return bool(self.tickets or self.counters or self.resync)


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


class ChangeFeed:
    """`wait(timeout)` returns the changes committed since the last call (possibly none)."""

    def __init__(self, db: Database):
        self.db = db
        self._conn: Any = None
        self._last_ticket_event = 0
        self._last_counter_event = 0
        self._data_version: int | None = None
        with db.reader() as session:
            self._last_ticket_event = session.scalar(select(func.max(TicketEvent.id))) or 0
            self._last_counter_event = session.scalar(select(func.max(CounterEvent.id))) or 0

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
        ticket_ids: list[int] = []
        counter_ids: list[int] = []
        deadline = time.monotonic() + timeout
        # Wait for the first notice, then drain whatever else is already queued.
        for notice in self._conn.notifies(timeout=timeout, stop_after=1):
            self._collect(notice.payload, ticket_ids, counter_ids)
        if ticket_ids or counter_ids:
            for notice in self._conn.notifies(timeout=0.02):
                self._collect(notice.payload, ticket_ids, counter_ids)
                if time.monotonic() > deadline + 0.2:
                    break
        changes = Changes()
        if ticket_ids:
            changes.tickets = _ticket_changes(self.db, ids=ticket_ids)
        if counter_ids:
            changes.counters = _counter_changes(self.db, ids=counter_ids)
        return changes

    @staticmethod
    def _collect(payload: str, ticket_ids: list[int], counter_ids: list[int]) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            return
        (ticket_ids if data.get("k") == "t" else counter_ids).extend(
            int(i) for i in data.get("ids", [])
        )

    def _wait_sqlite(self, timeout: float) -> Changes:
        deadline = time.monotonic() + timeout
        while True:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._data_version = version
                changes = Changes(
                    tickets=_ticket_changes(self.db, after=self._last_ticket_event),
                    counters=_counter_changes(self.db, after=self._last_counter_event),
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
