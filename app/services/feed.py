"""Changes made by any PC, delivered to every other PC without reloading everything.

Every write transaction names what it changed, by kind and id, in one notice at commit
(app/db/changes.py: collected by the session, with a token of its own):

PostgreSQL: ``pg_notify('halldesk_changes', …)`` inside the transaction, so the notice arrives
exactly when the change is committed; the feed listens on a connection of its own and fetches
just the events and cases named. (Event ids are not in commit order on PostgreSQL, so
"everything after the last id" could miss a slow transaction; the ids in the notices cannot.)
After a lost connection the feed reconnects and reports ``resync`` so views reload once.

SQLite: the same notice is a row of ``change_log``; the feed polls ``PRAGMA data_version`` (a
counter SQLite bumps when another connection commits, costing no I/O) and reads the rows after
the last one it read (writers are serialised: their ids are in commit order, without gaps).

A notice whose token is one of this PC's own operations' (`OwnTransactions`) is skipped: the task
runner handed that change set to the windows already (ui/tasks.py).

Runs in a thread of its own (the UI wraps it in a QThread); no Qt here.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from app.db.changes import CHANNEL, ChangeSet, OwnTransactions
from app.db.engine import Database
from app.db.models import Case, ChangeLog, Counter, CounterEvent, QueueCategory, Ticket, TicketEvent
from app.domain.codes import CaseStatus, CounterState, TicketStatus

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
    """What changed, as the windows take it: the queue's and the cases' changes read in full, and
    every kind's ids as the notices named them (`ids`: "ticket" and "counter" name events, "case",
    "print_job", "outbox", "online_change" rows; app.db.changes.KINDS). `whole`: kinds changed
    too much to name, reload them; `resync`: the feed lost its connection, reload everything.
    `own`: made by this PC's own operation, handed over by the task runner as it finished."""

    tickets: list[TicketChange] = field(default_factory=list)
    counters: list[CounterChange] = field(default_factory=list)
    cases: list[CaseChange] = field(default_factory=list)
    resync: bool = False
    ids: dict[str, frozenset[int]] = field(default_factory=dict)
    whole: frozenset[str] = frozenset()
    own: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.tickets or self.counters or self.cases or self.ids or self.whole or self.resync
        )

    def concerns(self, *kinds: str) -> bool:
        """Whether something of these kinds changed (or may have: `whole`, `resync`)."""
        if self.resync:
            return True
        listed = {"ticket": self.tickets, "counter": self.counters, "case": self.cases}
        return any(kind in self.whole or self.ids.get(kind) or listed.get(kind) for kind in kinds)

    @property
    def print_jobs(self) -> frozenset[int]:
        return self.ids.get("print_job", frozenset())

    @property
    def outbox(self) -> frozenset[int]:
        return self.ids.get("outbox", frozenset())


def _ticket_changes(db: Database, ids: list[int]) -> list[TicketChange]:
    query = (
        select(TicketEvent, Ticket, QueueCategory.prefix, Counter.number, Counter.location)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .join(QueueCategory, QueueCategory.id == Ticket.category_id)
        .outerjoin(Counter, Counter.id == TicketEvent.counter_id)
        .where(TicketEvent.id.in_(ids))
        .order_by(TicketEvent.id)
    )
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


def _counter_changes(db: Database, ids: list[int]) -> list[CounterChange]:
    query = (
        select(CounterEvent, Counter.number)
        .join(Counter, Counter.id == CounterEvent.counter_id)
        .where(CounterEvent.id.in_(ids))
        .order_by(CounterEvent.id)
    )
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


def read_changes(db: Database, change_set: ChangeSet, *, own: bool = False) -> Changes:
    """The windows' view of `change_set`: its ticket and window events and its cases read as
    they now are, every kind's ids as named."""
    ids = change_set.ids
    return Changes(
        tickets=_ticket_changes(db, sorted(ids["ticket"])) if "ticket" in ids else [],
        counters=_counter_changes(db, sorted(ids["counter"])) if "counter" in ids else [],
        cases=_case_changes(db, sorted(ids.get("case", ()))),
        ids={kind: frozenset(values) for kind, values in ids.items()},
        whole=frozenset(change_set.whole),
        own=own,
    )


class ChangeFeed:
    """`wait(timeout)` returns the changes committed since the last call (possibly none).

    `own`: the transactions this PC's operations committed (app.db.changes.OwnTransactions); their
    notices are skipped, the window that acted has had them from the task runner already."""

    def __init__(self, db: Database, own: OwnTransactions | None = None):
        self.db = db
        self.own = own
        self._conn: Any = None
        self._data_version: int | None = None
        self._last_log = 0
        if db.backend != "postgresql":
            with db.reader() as session:
                self._last_log = session.scalar(select(func.max(ChangeLog.id))) or 0

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
            self._conn.execute(f"LISTEN {CHANNEL}")
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
        return Changes(resync=True)

    def _take(self, notice: str, into: ChangeSet) -> None:
        """Add a notice's changes, unless it is not ours or this PC's own operation's."""
        change_set = ChangeSet.from_notice(notice)
        if change_set is None or (self.own is not None and self.own.take(change_set.token)):
            return
        into.merge(change_set)

    def _wait_postgres(self, timeout: float) -> Changes:
        collected = ChangeSet()
        deadline = time.monotonic() + timeout
        heard = False
        # Wait for the first notice, then drain whatever else is already queued.
        for notice in self._conn.notifies(timeout=timeout, stop_after=1):
            self._take(notice.payload, collected)
            heard = True
        if heard:
            for notice in self._conn.notifies(timeout=0.02):
                self._take(notice.payload, collected)
                if time.monotonic() > deadline + 0.2:
                    break
        return read_changes(self.db, collected) if collected else Changes()

    def _read_log(self) -> Changes:
        with self.db.reader() as session:
            rows = session.execute(
                select(ChangeLog.id, ChangeLog.notice)
                .where(ChangeLog.id > self._last_log)
                .order_by(ChangeLog.id)
            ).all()
        if not rows:
            return Changes()
        # ids follow each other in commit order; a gap: rows were pruned before this feed read them
        gap = rows[0][0] != self._last_log + 1
        self._last_log = rows[-1][0]
        if gap:
            log.warning("change feed fell behind the change log; everything is reloaded")
            return Changes(resync=True)
        collected = ChangeSet()
        for _id, notice in rows:
            self._take(notice, collected)
        return read_changes(self.db, collected) if collected else Changes()

    def _wait_sqlite(self, timeout: float) -> Changes:
        deadline = time.monotonic() + timeout
        while True:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._data_version = version
                changes = self._read_log()
                if changes:
                    return changes
            if time.monotonic() >= deadline:
                return Changes()
            time.sleep(min(SQLITE_POLL_SECONDS, max(deadline - time.monotonic(), 0)))
