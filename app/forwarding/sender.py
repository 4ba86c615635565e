"""Delivers the outbox to the online hall, and fetches back what changed online.

One loop thread owns the database: it claims work, writes every outcome (batched, one
transaction per drain) and keeps the status row. A pool of workers does the HTTP: one worker per
case at a time, sending that case's claimed messages strictly in order and stopping at the first
one that is not delivered. So events arrive in order per case and in parallel across cases.

Claiming (several senders may run: every desk program and `halldesk forward`): a message is
claimable when it is pending, due, not leased by a live claim, and is the *head* of its case —
no earlier message of the case is pending or dead. The head and the pending messages behind it
are leased together (`claimed_by`, `claimed_until`) in one transaction: on PostgreSQL the heads
are picked with ``FOR UPDATE SKIP LOCKED``; on SQLite the write transaction begins with ``BEGIN
IMMEDIATE`` (app/db/engine.py), which serialises claimers. A sender that dies leaves leases that
expire; a restarted sender with the same name frees its own at once.

Exactly once, end to end: a message is marked sent only after the online hall answered 2xx. A
crash between the answer and the mark means it is sent again with the same idempotency key and
body, and the online hall answers from its idempotency store.

409 (the online hall does not know the case, or holds a conflicting record of it): since every case
goes in order and is marked sent only after 2xx, waiting never cures it. The worker resyncs the
case once — it reads the case's sent messages (the one read a worker does) and sends them again,
oldest first, with their own keys and bytes — then sends the message once more. If there is no sent
application to resend (a manager discarded it; the case began online) or the online hall still
answers 409, the message becomes a dead letter that says why (app/domain/outbox.py,
`explain_dead_letter`). So a 409 costs a bounded number of requests and ends sent or in front of a
manager.

Line state: the sender keeps one `app.domain.line.Line` value and changes it only through
`app.domain.line.apply` (its TRANSITIONS table refuses any other move). 3+ transport failures in
a row (network, 5xx, 429) make the line OFFLINE: the sender stops claiming and probes with one
message at a time after a jittered wait, so a township hall's dead line costs one request per wait,
not one per message. When an answer comes back, messages that were backing off for network/5xx
reasons are made due at once. 429 Retry-After pauses the whole sender. 401/403 STOP it until a
manager asks to resume (or the process restarts).

Threads: workers hand the loop what they did as frozen dataclasses on one queue (`WorkerNews`);
the loop alone writes the database. Time: `clock` (wall time, for rows and signatures) and
`monotonic` (waits and schedules) are injected, and the loop's one blocking wait goes through
`take`, so a test drives the loop with a fake clock (tests/forwarding/fake_clock.py) and no sleeps.
"""

from __future__ import annotations

import logging
import math
import queue
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.clock import utcnow
from app.db import changes
from app.db.engine import Database
from app.db.models import ForwardingNode, OnlineChange, OutboxMessage
from app.domain.codes import OutboxStatus
from app.domain.line import (
    Answered,
    Ended,
    Line,
    LinePolicy,
    Refused,
    ResumeRequested,
    Started,
    Transition,
    TransportFailed,
    apply,
)
from app.domain.line import Event as LineEventFacts
from app.domain.outbox import (
    Action,
    LineState,
    Outcome,
    next_attempt_at,
    next_state,
)
from app.errors import DatabaseUnavailable
from app.forwarding.client import Answer, ChangesPage, OnlineHallClient, OutgoingEvent

log = logging.getLogger(__name__)

_ACTION_FOR_OUTCOME = {
    Outcome.DELIVERED: Action.DELIVERED,
    Outcome.CONFLICT: Action.CONFLICT,
    Outcome.BACKOFF: Action.BACKOFF,
    Outcome.REJECTED: Action.REJECTED,
    Outcome.AUTH_REFUSED: Action.AUTH_REFUSED,
}


_UNSET = object()
PREFETCH = 4  # cases claimed ahead, in multiples of parallel_cases
SLOW_CLAIM_SECONDS = 0.5
ANALYZE_EVERY_SECONDS = 300.0


@dataclass(frozen=True)
class SenderConfig:
    name: str
    parallel_cases: int = 8
    per_case_limit: int = 50
    poll_seconds: float = 1.0
    fetch_changes_seconds: float = 30.0
    backoff_base_seconds: float = 1.0
    backoff_cap_seconds: float = 300.0
    offline_probe_cap_seconds: float = 30.0
    lease_seconds: float = 120.0
    heartbeat_seconds: float = 5.0
    resume_check_seconds: float = 2.0
    offline_after_failures: int = 3

    def line_policy(self) -> LinePolicy:
        return LinePolicy(
            offline_after_failures=self.offline_after_failures,
            backoff_base_seconds=self.backoff_base_seconds,
            probe_cap_seconds=self.offline_probe_cap_seconds,
        )

    @classmethod
    def from_settings(cls, settings: Any, *, role: str = "forward") -> SenderConfig:
        hall = settings.online_hall
        return cls(
            name=hall.sender_name or default_sender_name(role),
            parallel_cases=hall.parallel_cases,
            poll_seconds=hall.poll_seconds,
            fetch_changes_seconds=hall.fetch_changes_seconds,
            backoff_base_seconds=hall.backoff_base_seconds,
            backoff_cap_seconds=hall.backoff_cap_seconds,
            lease_seconds=hall.lease_seconds,
            offline_after_failures=max(3, hall.parallel_cases // 2),
        )


def default_sender_name(role: str) -> str:
    return f"{socket.gethostname() or 'unknown-host'}/{role}"[:128]


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    case_no: str
    event_type: str
    idempotency_key: str
    data_version: int
    payload: dict[str, Any]
    attempts: int

    def event(self) -> OutgoingEvent:
        return OutgoingEvent(
            idempotency_key=self.idempotency_key,
            case_no=self.case_no,
            event_type=self.event_type,
            data_version=self.data_version,
            occurred_at=self.payload.get("occurred_at", ""),
            data=self.payload.get("data") or {},
            detail=self.payload.get("detail"),
        )


def _claimed(row: OutboxMessage) -> ClaimedMessage:
    return ClaimedMessage(
        id=row.id,
        case_no=row.case_no,
        event_type=row.event_type,
        idempotency_key=row.idempotency_key,
        data_version=row.data_version,
        payload=dict(row.payload),
        attempts=row.attempts,
    )


@dataclass(frozen=True)
class SenderStatus:
    name: str
    state: LineState
    detail: str | None
    pending: int
    dead: int
    sent_total: int  # by this sender since it started
    last_success_at: datetime | None
    last_failure_at: datetime | None
    online_changes_new: int = 0


# ------------------------------------------------------------------ what workers tell the loop


@dataclass(frozen=True)
class Wake:
    """Look at the stop flag now (sent by :meth:`Sender.stop`)."""


@dataclass(frozen=True)
class Release:
    """Claimed messages not tried: free their leases."""

    ids: tuple[int, ...]


@dataclass(frozen=True)
class Attempted:
    """One message was sent; `answer` is what came of it at `at`."""

    message: ClaimedMessage
    answer: Answer
    at: datetime


@dataclass(frozen=True)
class ChangesFetched:
    page: ChangesPage


@dataclass(frozen=True)
class RunFinished:
    """A worker is done with its case's run (the case may be claimed again)."""

    case_no: str


@dataclass(frozen=True)
class FetchFinished:
    pass


WorkerNews = Wake | Release | Attempted | ChangesFetched | RunFinished | FetchFinished


def _take(results: queue.Queue[WorkerNews], timeout: float) -> WorkerNews:
    return results.get(timeout=timeout)


class Sender:
    def __init__(
        self,
        db: Database,
        client: OnlineHallClient,
        config: SenderConfig,
        *,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        on_status: Callable[[SenderStatus], None] | None = None,
        host: str | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        take: Callable[[queue.Queue[WorkerNews], float], WorkerNews] = _take,
    ):
        self.db = db
        self.client = client
        self.config = config
        self.clock = clock
        self.monotonic = monotonic
        self._take = take  # the loop's one blocking wait (queue.Empty after `timeout`)
        self.rng = rng or random.Random()
        self.on_status = on_status
        self.host = host or socket.gethostname()
        self._policy = config.line_policy()
        # Replaced whole (never changed in place) under `_line_lock`; read without it.
        self._line = Line()
        self._line_lock = threading.Lock()
        self._changed = True  # the state moved since the last report
        self._recovered = False  # back from OFFLINE: make backed-off messages due
        self._results: queue.Queue[WorkerNews] = queue.Queue()
        self._inflight: set[str] = set()  # cases claimed: waiting in _ready or on the wire
        self._ready: deque[list[ClaimedMessage]] = deque()
        self._running = 0
        # outcomes, releases and changes drained while the database was away: written first when
        # it answers again (the messages stay leased to this sender meanwhile)
        self._unwritten: list[WorkerNews] = []
        self._last_analyze = -ANALYZE_EVERY_SECONDS
        self._fetching = False
        self._stop = threading.Event()
        self.rounds = 0  # times round the loop (tests wait on it instead of sleeping)
        self.sent_total = 0
        self.online_changes_new = 0
        # Schedules on the injected monotonic clock; all due at the first look.
        self._last_heartbeat = -math.inf
        self._last_fetch = -math.inf
        self._last_resume_check = -math.inf
        self._counts = (0, 0)
        self._resume_seen: Any = _UNSET

    # ------------------------------------------------------------------ public

    @property
    def state(self) -> LineState:
        return self._line.state

    @property
    def line(self) -> Line:
        return self._line

    def stop(self) -> None:
        self._stop.set()
        self._results.put(Wake())

    def run(self, stop: threading.Event | None = None) -> None:
        """Run until `stop` (or :meth:`stop`) is set; then finish what is on the wire, write its
        outcome and free this sender's leases."""
        stop = stop or self._stop
        # The database stopped or restarted (a server restart, a locked SQLite file) does not end
        # sending: the step is tried again once it answers, and what was already drained is
        # written then. A gateway's `halldesk forward` and each desk's sender thread live on.
        away = 0
        while not self._stopping(stop):
            try:
                self.begin()
                break
            except DatabaseUnavailable as exc:
                away = self._database_away(stop, away, exc)
        with ThreadPoolExecutor(
            max_workers=self.config.parallel_cases + 1, thread_name_prefix="forward"
        ) as pool:
            try:
                while not self._stopping(stop):
                    try:
                        self.step(pool)
                        away = 0
                    except DatabaseUnavailable as exc:
                        away = self._database_away(stop, away, exc)
            finally:
                self._stop.set()  # workers stop between messages
        try:
            self.finish()
        except DatabaseUnavailable:
            log.warning(
                "the database is away at the end: this sender's leases run out by themselves"
            )

    def _stopping(self, stop: threading.Event) -> bool:
        return stop.is_set() or self._stop.is_set()

    def _database_away(self, stop: threading.Event, away: int, exc: Exception) -> int:
        """Wait (a growing pause, up to 5 s, cut short by a stop) before the next try."""
        if away == 0:
            log.warning("the database does not answer; sending waits for it: %s", exc)
        pause = min(max(self.config.poll_seconds, 0.2) * 2**away, 5.0)
        deadline = self.monotonic() + pause
        while self.monotonic() < deadline and not self._stopping(stop):
            stop.wait(0.05)
        return min(away + 1, 8)

    def begin(self) -> None:
        """What :meth:`run` does before its loop (a test driving :meth:`step` calls it)."""
        self.release_own_claims()
        self._analyze(reason="start")
        # STARTING probes: one message first, so a refused secret costs one request.
        self._apply(Started())
        self._heartbeat(force=True)

    def finish(self) -> None:
        """What :meth:`run` does after its loop, once the workers are done."""
        self._write_results(self._drain(block=False))
        self.release_own_claims()
        self._apply(Ended())
        self._heartbeat(force=True)

    def release_own_claims(self) -> int:
        with self.db.session() as s:
            result = s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.claimed_by == self.config.name)
                .values(claimed_by=None, claimed_until=None)
            )
            return result.rowcount or 0

    def status(self) -> SenderStatus:
        line = self._line  # one immutable value: no lock needed
        return SenderStatus(
            name=self.config.name,
            state=line.state,
            detail=line.detail,
            pending=self._counts[0],
            dead=self._counts[1],
            sent_total=self.sent_total,
            last_success_at=line.last_success_at,
            last_failure_at=line.last_failure_at,
            online_changes_new=self.online_changes_new,
        )

    # ------------------------------------------------------------------ the loop

    def step(self, pool: Executor) -> None:
        """Once round the loop: write what workers did, claim and hand out work, report, then
        wait (through `take`) for news at most until the next thing is due."""
        self.rounds += 1
        self._write_results(self._drain(block=False))
        if self._recovered:
            self._make_backed_off_due()
        self._check_resume()
        self._maybe_fetch_changes(pool)
        if self._ready and (self._line.probing or self._halted()):
            self._release_ready()
        self._submit_ready(pool)
        parallel = self.config.parallel_cases
        if len(self._ready) < parallel and self._may_claim():
            # Claim ahead (up to PREFETCH batches of work), so a claim transaction — the one
            # query that looks across the whole outbox — is paid once per many cases.
            want = 1 if self._line.probing else parallel * PREFETCH - len(self._inflight)
            if want > 0:
                for run in self._claim(want):
                    self._inflight.add(run[0].case_no)
                    self._ready.append(run)
                self._submit_ready(pool)
        self._heartbeat()
        timeout = self.config.poll_seconds
        paused = self._line.paused_until - self.monotonic()
        if paused > 0:
            timeout = min(timeout, paused) if self._running else paused
        self._write_results(self._drain(block=True, timeout=max(timeout, 0.001)))

    def _submit_ready(self, pool: Executor) -> None:
        while self._ready and self._running < self.config.parallel_cases:
            run = self._ready.popleft()
            self._running += 1
            pool.submit(self._deliver_run, run)

    def _release_ready(self) -> None:
        ids = [m.id for run in self._ready for m in run]
        for run in self._ready:
            self._inflight.discard(run[0].case_no)
        self._ready.clear()
        self._write_results([Release(tuple(ids))])

    def _may_claim(self) -> bool:
        return self._line.may_claim(self.monotonic(), in_flight=bool(self._inflight))

    def _drain(self, *, block: bool, timeout: float = 0.0) -> list[WorkerNews]:
        items: list[WorkerNews] = []
        try:
            if block:
                items.append(self._take(self._results, timeout))
            while True:
                items.append(self._results.get_nowait())
        except queue.Empty:
            pass
        return items

    # ------------------------------------------------------------------ claiming

    def _claim(self, max_cases: int) -> list[list[ClaimedMessage]]:
        now = self.clock()
        lease_until = now + timedelta(seconds=self.config.lease_seconds)
        earlier = aliased(OutboxMessage)
        blocked = exists().where(
            earlier.case_no == OutboxMessage.case_no,
            earlier.id < OutboxMessage.id,
            earlier.status.in_([OutboxStatus.PENDING, OutboxStatus.DEAD]),
        )
        heads = (
            select(OutboxMessage.id, OutboxMessage.case_no)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                # Wrapped, so no index is used for it: the planner then walks the pending
                # messages in id order (ix_outbox_message_status_id) and stops at the limit,
                # instead of sorting every due message at every claim.
                func.coalesce(OutboxMessage.next_attempt_at, OutboxMessage.created_at) <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
                ~blocked,
            )
            .order_by(OutboxMessage.id)
            .limit(max_cases)
        )
        if self._inflight:
            heads = heads.where(OutboxMessage.case_no.not_in(sorted(self._inflight)))
        if self.db.backend == "postgresql":
            heads = heads.with_for_update(skip_locked=True, of=OutboxMessage)
        started = time.monotonic()
        with self.db.session() as s:
            head_rows = s.execute(heads).all()
            if time.monotonic() - started > SLOW_CLAIM_SECONDS:
                self._analyze(reason="slow claim")
            if not head_rows:
                return []
            head_id = {row.case_no: row.id for row in head_rows}
            rows = s.execute(
                select(OutboxMessage)
                .where(
                    OutboxMessage.case_no.in_(list(head_id)),
                    OutboxMessage.status == OutboxStatus.PENDING,
                )
                .order_by(OutboxMessage.case_no, OutboxMessage.id)
            ).scalars()
            runs: dict[str, list[ClaimedMessage]] = {}
            for row in rows:
                if row.id < head_id[row.case_no]:
                    continue
                run = runs.setdefault(row.case_no, [])
                if len(run) >= self.config.per_case_limit:
                    continue
                if row.id != head_id[row.case_no] and (
                    row.claimed_until is not None
                    and row.claimed_until >= now
                    and row.claimed_by != self.config.name
                ):
                    continue  # leased elsewhere (cannot happen while heads are honoured)
                run.append(_claimed(row))
            ids = [m.id for run in runs.values() for m in run]
            s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(claimed_by=self.config.name, claimed_until=lease_until)
                .execution_options(synchronize_session=False)
            )
        return [runs[case_no] for case_no in head_id if runs.get(case_no)]

    def _analyze(self, *, reason: str) -> None:
        """Fresh planner statistics for the outbox on PostgreSQL. A township hall coming back
        online may have thousands of rows queued since autovacuum last looked; with stale
        statistics the claim query can pick a plan that is 100× slower."""
        if self.db.backend != "postgresql":
            return
        if time.monotonic() - self._last_analyze < ANALYZE_EVERY_SECONDS:
            return
        self._last_analyze = time.monotonic()
        try:
            with self.db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE outbox_message")
                conn.commit()
            log.info("analyzed outbox_message (%s)", reason)
        except Exception as exc:  # not the owner, or the like: the query still works, slower
            log.warning("could not ANALYZE outbox_message: %s", exc)

    # ------------------------------------------------------------------ workers

    def _halted(self) -> bool:
        return self._stop.is_set() or self._line.halted(self.monotonic())

    def _deliver_run(self, run: list[ClaimedMessage]) -> None:
        try:
            for index, message in enumerate(run):
                if self._halted():
                    self._results.put(Release(tuple(m.id for m in run[index:])))
                    return
                try:
                    answer = self._push(message)
                    if answer.outcome is Outcome.CONFLICT:
                        answer = self._resync(message, answer)
                except Exception as exc:  # a bug must not kill the worker silently
                    log.exception("sending outbox message %s failed", message.id)
                    answer = Answer(None, Outcome.BACKOFF, error=f"内部错误：{exc}"[:500])
                    self._note_answer(answer)
                self._results.put(Attempted(message, answer, self.clock()))
                if answer.outcome is not Outcome.DELIVERED:
                    rest = tuple(m.id for m in run[index + 1 :])
                    if rest:
                        self._results.put(Release(rest))
                    return
        finally:
            self._results.put(RunFinished(run[0].case_no))

    def _push(self, message: ClaimedMessage) -> Answer:
        answer = self.client.push(message.event())
        self._note_answer(answer)
        return answer

    def _resync(self, message: ClaimedMessage, conflict: Answer) -> Answer:
        """`message` got 409. Resend what the online hall had from us for its case, then the
        message once more; the answer returned is final for this attempt (see the module's
        docstring)."""
        history = self._sent_history(message)
        if not any(m.event_type == "application" for m in history):
            log.warning(
                "case %s: the online hall does not know it and no application was sent from here;"
                " %s is a dead letter",
                message.case_no,
                message.event_type,
            )
            return conflict
        log.warning(
            "case %s: the online hall answered 409 (%s); resending its %d earlier events",
            message.case_no,
            conflict.error,
            len(history),
        )
        for earlier in history:
            answer = self._push(earlier)
            if answer.outcome is Outcome.DELIVERED:
                continue
            note = f"补发此前的消息（{earlier.event_type}）时：{answer.error or answer.status_code}"
            if answer.outcome in (Outcome.BACKOFF, Outcome.AUTH_REFUSED):
                # the line, not the case: the message waits and the resync is tried again
                return replace(answer, error=note[:1000])
            return replace(conflict, error=f"{conflict.error}；{note}"[:1000])
        final = self._push(message)
        if final.outcome is Outcome.CONFLICT:
            final = replace(final, error=f"{final.error}（已补发此前的 {len(history)} 条消息）")
        elif final.outcome is Outcome.DELIVERED:
            log.info("case %s: resynced with the online hall", message.case_no)
        return final

    def _sent_history(self, message: ClaimedMessage) -> list[ClaimedMessage]:
        with self.db.reader() as s:
            rows = s.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.case_no == message.case_no,
                    OutboxMessage.status == OutboxStatus.SENT,
                    OutboxMessage.id < message.id,
                )
                .order_by(OutboxMessage.id)
            ).all()
            return [_claimed(row) for row in rows]

    def _note_answer(self, answer: Answer) -> None:
        """What an answer says about the line (any thread)."""
        now = self.clock()
        event: LineEventFacts
        if answer.outcome in (Outcome.DELIVERED, Outcome.CONFLICT, Outcome.REJECTED):
            event = Answered(now)
        elif answer.outcome is Outcome.AUTH_REFUSED:
            event = Refused(now, answer.error)
        else:  # BACKOFF: network, 5xx, 429
            event = TransportFailed(now, answer.error, answer.status_code, answer.retry_after)
        transition = self._apply(event)
        if isinstance(event, Refused) and transition.changed:
            log.error("online hall refused our credentials: %s", answer.error)

    def _apply(self, event: LineEventFacts) -> Transition:
        """Move the line by `event` (app/domain/line.py refuses a move its table lacks)."""
        with self._line_lock:
            transition = apply(
                self._line, event, tick=self.monotonic(), policy=self._policy, rng=self.rng
            )
            self._line = transition.after
            if transition.changed:
                self._changed = True
            if transition.recovered:
                self._recovered = True
        return transition

    # ------------------------------------------------------------------ writing outcomes

    def _write_results(self, items: list[WorkerNews]) -> None:
        if self._unwritten:
            items, self._unwritten = [*self._unwritten, *items], []
        if not items:
            return
        results = [i for i in items if isinstance(i, Attempted)]
        releases = [mid for i in items if isinstance(i, Release) for mid in i.ids]
        pages = [i.page for i in items if isinstance(i, ChangesFetched)]
        try:
            if results or releases or pages:
                with self.db.session() as s:
                    for item in results:
                        self._write_outcome(s, item.message, item.answer, item.at)
                    if releases:
                        s.execute(
                            update(OutboxMessage)
                            .where(
                                OutboxMessage.id.in_(releases),
                                OutboxMessage.claimed_by == self.config.name,
                            )
                            .values(claimed_by=None, claimed_until=None)
                            .execution_options(synchronize_session=False)
                        )
                    for page in pages:
                        self._store_changes(s, page)
        except DatabaseUnavailable:
            # Kept for the next try; a message delivered but not yet marked stays leased to this
            # sender until then (were this sender to die, the lease runs out and the message goes
            # again with its idempotency key: answered from the online hall's store, not twice).
            self._unwritten = [
                i for i in items if isinstance(i, Attempted | Release | ChangesFetched)
            ]
            raise
        finally:
            for item in items:
                if isinstance(item, RunFinished):
                    self._inflight.discard(item.case_no)
                    self._running -= 1
                elif isinstance(item, FetchFinished):
                    self._fetching = False

    def _write_outcome(self, s: Any, message: ClaimedMessage, answer: Answer, at: datetime) -> None:
        action = _ACTION_FOR_OUTCOME[answer.outcome]
        new_status = next_state(OutboxStatus.PENDING, action)
        attempts = message.attempts + 1
        values: dict[str, Any] = {
            "status": new_status,
            "attempts": OutboxMessage.attempts + 1,
            "last_status_code": answer.status_code,
            "claimed_by": None,
            "claimed_until": None,
        }
        if new_status is OutboxStatus.SENT:
            values.update(sent_at=at, last_error=None)
            self.sent_total += 1
        else:
            values["last_error"] = answer.error
            if new_status is OutboxStatus.PENDING:
                values["next_attempt_at"] = next_attempt_at(
                    answer.outcome,
                    attempts,
                    at,
                    retry_after=answer.retry_after,
                    base_seconds=self.config.backoff_base_seconds,
                    cap_seconds=self.config.backoff_cap_seconds,
                    rng=self.rng,
                )
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if new_status is not OutboxStatus.PENDING:  # sent, or left for a manager: panels show it
            changes.note(s, "outbox", [message.id])

    def _make_backed_off_due(self) -> None:
        """The line is back: what waited for network or server errors is due now (a 429 wait is
        the online hall's own wish and stays)."""
        with self._line_lock:
            self._recovered = False
        now = self.clock()
        with self.db.session() as s:
            s.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at > now,
                    OutboxMessage.attempts > 0,
                    or_(
                        OutboxMessage.last_status_code.is_(None),
                        OutboxMessage.last_status_code >= 500,
                    ),
                )
                .values(next_attempt_at=now)
                .execution_options(synchronize_session=False)
            )

    # ------------------------------------------------------------------ changes made online

    def _maybe_fetch_changes(self, pool: Executor) -> None:
        if self._fetching or self.config.fetch_changes_seconds <= 0:
            return
        if self.monotonic() - self._last_fetch < self.config.fetch_changes_seconds:
            return
        if not self._may_claim() or self._line.probing:
            return
        self._last_fetch = self.monotonic()
        with self.db.reader() as s:
            after = s.scalar(select(func.max(OnlineChange.remote_seq))) or 0
        self._fetching = True
        pool.submit(self._fetch_changes, int(after))

    def _fetch_changes(self, after: int) -> None:
        try:
            for _ in range(20):  # at most 20 pages per round; the rest next round
                if self._halted():
                    return
                page = self.client.fetch_changes(after)
                if page.answer.outcome is not Outcome.DELIVERED:
                    self._note_answer(page.answer)
                    return
                self._note_answer(page.answer)
                if page.changes:
                    self._results.put(ChangesFetched(page))
                if not page.has_more or page.last_seq <= after:
                    return
                after = page.last_seq
        except Exception:  # pragma: no cover - defensive
            log.exception("fetching online changes failed")
        finally:
            self._results.put(FetchFinished())

    def _store_changes(self, s: Any, page: ChangesPage) -> None:
        ids = [c.id for c in page.changes]
        known = set(
            s.scalars(select(OnlineChange.remote_id).where(OnlineChange.remote_id.in_(ids)))
        )
        now = self.clock()
        for change in page.changes:
            if change.id in known:
                continue
            try:
                remote_at = datetime.fromisoformat(change.at)
            except ValueError:
                remote_at = None
            s.add(
                OnlineChange(
                    remote_id=change.id,
                    remote_seq=change.seq,
                    remote_at=remote_at if remote_at and remote_at.tzinfo else None,
                    case_no=change.case_no,
                    kind=change.kind,
                    payload=change.payload,
                    received_at=now,
                )
            )
            known.add(change.id)
            self.online_changes_new += 1
        s.flush()

    # ------------------------------------------------------------------ status

    def _check_resume(self) -> None:
        if self._line.state is not LineState.STOPPED:
            return
        if self.monotonic() - self._last_resume_check < self.config.resume_check_seconds:
            return
        self._last_resume_check = self.monotonic()
        with self.db.reader() as s:
            requested = s.scalar(
                select(ForwardingNode.resume_requested_at).where(
                    ForwardingNode.name == self.config.name
                )
            )
        if self._resume_seen is _UNSET:
            # What the row said when we stopped; a later request is a manager's "resume".
            # Compared by value, not by time, so a skewed clock (the very reason we may have
            # stopped) cannot hide the request.
            self._resume_seen = requested
            return
        if requested is None or requested == self._resume_seen:
            return
        log.info("resuming after a manager's request")
        self._apply(ResumeRequested())  # STOPPED -> OFFLINE: probe with one message
        self._resume_seen = _UNSET
        # Refused messages were left due "now" by the clock of the time, which may have been
        # the wrong one; they are due now by the clock as it is.
        with self.db.session() as s:
            s.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.last_status_code.in_([401, 403]),
                )
                .values(next_attempt_at=self.clock())
                .execution_options(synchronize_session=False)
            )

    def _heartbeat(self, *, force: bool = False) -> None:
        due = self.monotonic() - self._last_heartbeat >= self.config.heartbeat_seconds
        if not (force or due or self._changed):
            return
        self._last_heartbeat = self.monotonic()
        with self._line_lock:
            self._changed = False
            line = self._line
        state, detail = line.state, line.detail
        last_ok, last_bad = line.last_success_at, line.last_failure_at
        now = self.clock()
        try:
            with self.db.session() as s:
                node = s.get(ForwardingNode, self.config.name)
                if node is None:
                    node = ForwardingNode(name=self.config.name, state=state.value, updated_at=now)
                    s.add(node)
                if state is LineState.STOPPED and self._resume_seen is _UNSET:
                    self._resume_seen = node.resume_requested_at
                node.host = self.host[:128]
                node.state = state.value
                node.detail = detail
                node.last_success_at = last_ok or node.last_success_at
                node.last_failure_at = last_bad or node.last_failure_at
                node.updated_at = now
                pending = s.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.status == OutboxStatus.PENDING)
                )
                dead = s.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.status == OutboxStatus.DEAD)
                )
                self._counts = (pending or 0, dead or 0)
        except IntegrityError:  # another process with the same name inserted first
            log.warning(
                "two senders are named %r; give each its own online_hall.sender_name",
                self.config.name,
            )
        if self.on_status is not None:
            try:
                self.on_status(self.status())
            except Exception:  # pragma: no cover - a listener's bug must not stop sending
                log.exception("status listener failed")


def build_sender(
    db: Database,
    settings: Any,
    *,
    role: str = "forward",
    on_status: Callable[[SenderStatus], None] | None = None,
    clock: Callable[[], datetime] = utcnow,
    config: SenderConfig | None = None,
) -> Sender:
    """A sender from settings (endpoint, app id, signer, secret from env or the secret file)."""
    from app.forwarding.credentials import credentials_from_settings

    credentials = credentials_from_settings(settings)
    config = config or SenderConfig.from_settings(settings, role=role)
    client = OnlineHallClient(
        settings.online_hall.endpoint,
        credentials,
        timeout=settings.online_hall.timeout_seconds,
        clock=clock,
        max_connections=config.parallel_cases + 2,
    )
    return Sender(db, client, config, clock=clock, on_status=on_status)
