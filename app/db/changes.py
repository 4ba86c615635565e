"""What a transaction changed, collected by its session and told to every PC once, at commit.

Every write session (`Database.session()`) keeps a `ChangeSet` in ``session.info``: after each
flush, the new, changed and deleted objects of the models in `KINDS` are noted by kind and id
(a ticket's change is its event, a window's its event, a case's its row or one of its rows, a
print job, an outbox message …). Statements that bypass the ORM name what they changed
themselves: `note(session, kind, ids)` inside a session, `RawChange` for PostgreSQL's
one-statement hot paths (issue, call next, no-show), which send their own notice in the same
statement. At commit the set becomes one notice, with a token of its own (``tx``):

- PostgreSQL: one ``pg_notify('halldesk_changes', …)`` in the transaction, delivered at commit
  (a channel of its own: a program of an earlier release listening on ``halldesk`` or
  ``halldesk_case`` hears nothing it could take for its own notices).
- SQLite: one row of `change_log`, written in the transaction. SQLite has no notices: the feed sees
  the commit through ``PRAGMA data_version`` and reads the rows after the last one it read.
  Writers are serialised and a row's id is one more than the largest (INTEGER PRIMARY KEY, never
  reused from the top: only old rows are pruned), so ids are in commit order and without gaps:
  a gap means rows were pruned before this feed read them, and it reloads everything.

The notice is JSON: ``{"tx": token, "ids": {kind: [ids]}, "whole": [kinds]}``. A notice holds at
most 8000 bytes on PostgreSQL; a transaction that names more (the end of day expiring a thousand
tickets) names the largest kinds "whole" instead of their ids, and the windows reload those.

What an operation changed, for the window that ran it: the task runner runs each task inside
`capture(own)`; every change set committed on that thread meanwhile is handed to the capture, and
its token is put in `own` (an `OwnTransactions`) before the commit, so the change feed of the same
PC, which skips notices whose token is there, never delivers the same change a second time.

A new kind of change (complaints, appointments): one `Kind` line in `KINDS`; the change feed
delivers its ids (`Changes.ids[kind]`) and a window asks `changes.concerns(kind)`.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import delete, event, insert, text
from sqlalchemy.orm import Session, SessionTransaction

from app.db.models import (
    Case,
    CaseEvent,
    CaseMaterial,
    CaseStep,
    ChangeLog,
    CounterEvent,
    OnlineChange,
    OutboxMessage,
    PrintJob,
    TicketEvent,
)

CHANNEL = "halldesk_changes"
NOTICE_BYTES = 7900  # PostgreSQL refuses a payload of 8000 bytes or more
LOG_KEPT = 1000  # SQLite: change_log rows kept (a feed reads them within a fraction of a second)
PRUNE_EVERY = 100  # … pruned at every 100th row
_KEY = "halldesk.changes"
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


@dataclass(frozen=True)
class Kind:
    """Rows of `model` count as changes of `name`; `id_of` gives the id the notice names."""

    name: str
    model: type
    id_of: Callable[[Any], int | None] = attrgetter("id")


_case_id = attrgetter("case_id")

KINDS: tuple[Kind, ...] = (
    Kind("ticket", TicketEvent),  # ids of ticket events: every change of a ticket writes one
    Kind("counter", CounterEvent),  # ids of window events (opened, paused, resumed, closed)
    Kind("case", Case),
    Kind("case", CaseEvent, _case_id),
    Kind("case", CaseMaterial, _case_id),
    Kind("case", CaseStep, _case_id),
    Kind("print_job", PrintJob),
    Kind("outbox", OutboxMessage),
    Kind("online_change", OnlineChange),
    # Kind("complaint", Complaint),  ← a later kind is one line
)
KIND_NAMES: frozenset[str] = frozenset(k.name for k in KINDS)
_BY_MODEL: dict[type, Kind] = {k.model: k for k in KINDS}


def new_token() -> str:
    return secrets.token_hex(8)


@dataclass
class ChangeSet:
    """What one transaction changed: ids by kind, and the kinds too large to name (`whole`)."""

    token: str = field(default_factory=new_token)
    ids: dict[str, set[int]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)

    def add(self, kind: str, ids: Iterable[int | None]) -> None:
        named = {int(i) for i in ids if i is not None}
        if named:
            self.ids.setdefault(kind, set()).update(named)

    def merge(self, other: ChangeSet) -> None:
        for kind, ids in other.ids.items():
            self.add(kind, ids)
        self.whole |= other.whole

    def kinds(self) -> set[str]:
        return set(self.ids) | self.whole

    def __bool__(self) -> bool:
        return bool(self.ids or self.whole)

    def notice(self) -> str:
        """The JSON told to the other PCs; the largest kinds named "whole" until it fits."""
        limit = NOTICE_BYTES
        ids = {kind: sorted(values) for kind, values in sorted(self.ids.items())}
        whole = set(self.whole)
        while True:
            text = json.dumps(
                {"tx": self.token, "ids": ids, "whole": sorted(whole)}, separators=(",", ":")
            )
            if len(text.encode()) <= limit or not ids:
                return text
            largest = max(ids, key=lambda kind: len(ids[kind]))
            whole.add(largest)
            del ids[largest]

    @classmethod
    def from_notice(cls, text: str) -> ChangeSet | None:
        """A notice read back; None for one that is not ours (or not JSON)."""
        try:
            data = json.loads(text)
            changes = cls(token=str(data["tx"]))
            for kind, ids in dict(data.get("ids", {})).items():
                changes.add(str(kind), (int(i) for i in ids))
            changes.whole = {str(kind) for kind in data.get("whole", [])}
        except (ValueError, TypeError, KeyError):
            return None
        return changes


# ------------------------------------------------------------------ this PC's own transactions


class OwnTransactions:
    """The tokens of transactions this PC's operations committed (or are committing): the change
    feed skips their notices, since the window that acted has them already. Thread-safe; the
    oldest are forgotten past `limit` (a token whose commit failed never comes back)."""

    def __init__(self, limit: int = 10_000):
        self._lock = threading.Lock()
        self._tokens: OrderedDict[str, None] = OrderedDict()
        self._limit = limit

    def add(self, token: str) -> None:
        with self._lock:
            self._tokens[token] = None
            while len(self._tokens) > self._limit:
                self._tokens.popitem(last=False)

    def take(self, token: str) -> bool:
        """Whether `token` is one of ours (then forgotten: a notice comes once)."""
        with self._lock:
            if token not in self._tokens:
                return False
            del self._tokens[token]
            return True

    def __contains__(self, token: str) -> bool:
        with self._lock:
            return token in self._tokens


class Capture:
    """The change sets committed on this thread while it is active (an operation's changes)."""

    def __init__(self, own: OwnTransactions | None = None):
        self.own = own
        self.sets: list[ChangeSet] = []

    def merged(self) -> ChangeSet | None:
        if not self.sets:
            return None
        merged = ChangeSet(token=self.sets[0].token)
        for change_set in self.sets:
            merged.merge(change_set)
        return merged


_active = threading.local()


@contextmanager
def capture(own: OwnTransactions | None = None) -> Iterator[Capture]:
    """Collect what the transactions committed inside the block (on this thread) changed."""
    stack: list[Capture] = _active.__dict__.setdefault("stack", [])
    current = Capture(own)
    stack.append(current)
    try:
        yield current
    finally:
        stack.remove(current)


def _current() -> Capture | None:
    stack = _active.__dict__.get("stack")
    return stack[-1] if stack else None


def _claim(token: str) -> None:
    """Before the commit: the token is this PC's own (so the feed cannot hear it first)."""
    current = _current()
    if current is not None and current.own is not None:
        current.own.add(token)


def _committed(change_set: ChangeSet) -> None:
    current = _current()
    if current is not None:
        current.sets.append(change_set)


# ------------------------------------------------------------------ collecting in a session


def pending(session: Session) -> ChangeSet:
    """The session's change set so far (made on first use)."""
    change_set = session.info.get(_KEY)
    if change_set is None:
        change_set = session.info[_KEY] = ChangeSet()
    return change_set


def note(session: Session, kind: str, ids: Iterable[int]) -> None:
    """Name changes the ORM does not see (a Core UPDATE): told at commit with the rest."""
    assert kind in KIND_NAMES, f"unknown kind of change {kind!r}: add it to app.db.changes.KINDS"
    pending(session).add(kind, ids)


def _after_flush(session: Session, _context: Any) -> None:
    # Still the flush's "before" view: new/dirty/deleted as they were, ids assigned.
    found: list[tuple[str, int | None]] = []
    for objects, check in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for obj in objects:
            kind = _BY_MODEL.get(type(obj))
            if kind is None or (check and not session.is_modified(obj)):
                continue
            found.append((kind.name, kind.id_of(obj)))
    if found:
        change_set = pending(session)
        for name, id_ in found:
            change_set.add(name, [id_])


def _before_commit(session: Session) -> None:
    session.flush()  # what is still pending is part of the transaction's changes
    change_set: ChangeSet | None = session.info.get(_KEY)
    if not change_set:
        return
    _claim(change_set.token)
    notice = change_set.notice()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_NOTIFY, {"channel": CHANNEL, "payload": notice})
        return
    new_id = session.execute(insert(ChangeLog).values(notice=notice)).inserted_primary_key[0]
    if new_id % PRUNE_EVERY == 0:
        session.execute(delete(ChangeLog).where(ChangeLog.id <= new_id - LOG_KEPT))


def _after_commit(session: Session) -> None:
    change_set: ChangeSet | None = session.info.pop(_KEY, None)
    if change_set:
        _committed(change_set)


def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction, not a savepoint inside it
        session.info.pop(_KEY, None)


def install(session_factory: Any) -> None:
    """Collect and announce the changes of every session `session_factory` makes."""
    event.listen(session_factory, "after_flush", _after_flush)
    # first: the notice is sent before the audit chain's lock is taken (app.services.audit), which
    # is held only for the entries and the commit
    event.listen(session_factory, "before_commit", _before_commit, insert=True)
    event.listen(session_factory, "after_commit", _after_commit)
    event.listen(session_factory, "after_soft_rollback", _after_rollback)


# ------------------------------------------------------------------ outside a session


class RawChange:
    """A change one statement makes on its own (PostgreSQL's hot paths, in autocommit mode): the
    statement sends the notice itself, built from `head` + the id it makes + `tail`, so it stays
    one round trip; `committed(ids)` then hands the change set to the running operation."""

    def __init__(self, kind: str):
        assert kind in KIND_NAMES, kind
        self.kind = kind
        self.change_set = ChangeSet()
        _claim(self.change_set.token)
        self.head = f'{{"tx":"{self.change_set.token}","ids":{{"{kind}":['
        self.tail = ']},"whole":[]}'

    def committed(self, ids: Iterable[int]) -> None:
        self.change_set.add(self.kind, ids)
        if self.change_set:
            _committed(self.change_set)
