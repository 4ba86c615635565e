"""The sender's timing on a fake clock (tests/forwarding/fake_clock.py): the loop runs step by step
on the test's thread against a scripted online hall, and time moves only when the sender waits.
So the waits are checked to the second, without sleeping: a dead line costs one request per probe
wait, an answer after an outage makes the backed-off messages due at once, Retry-After holds the
whole sender, 401 stops it until a manager's resume, the status row follows the line.

The same behaviour over real HTTP against the simulator is in test_sender.py."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import ForwardingNode
from app.domain.codes import OutboxStatus
from app.domain.outbox import LineState, Outcome, classify
from app.forwarding.client import Answer, ChangesPage, OutgoingEvent
from app.forwarding.sender import Sender, SenderStatus
from app.services.forwarding import request_resume
from tests.forwarding.conftest import fast_config
from tests.forwarding.fake_clock import FakeClock, InlineExecutor
from tests.forwarding.test_sender import MANAGER, outbox, take_cases


def answer(status: int | None, *, retry_after: float | None = None) -> Answer:
    error = None if status and status < 300 else f"HTTP {status}" if status else "连接失败"
    return Answer(status, classify(status), retry_after=retry_after, error=error)


class ScriptedHall:
    """Stands in for OnlineHallClient: answers from `script(request_number, event)`, and notes
    the fake time of every request."""

    def __init__(self, clock: FakeClock, script: Callable[[int, OutgoingEvent], Answer]):
        self.clock = clock
        self.script = script
        self.requests: list[tuple[float, str, str]] = []  # (tick, case_no, event_type)

    def push(self, event: OutgoingEvent) -> Answer:
        self.requests.append((self.clock.monotonic(), event.case_no, event.event_type))
        return self.script(len(self.requests), event)

    def fetch_changes(self, after: int) -> ChangesPage:
        return ChangesPage(answer(200), [], after, False)

    def close(self) -> None:
        pass

    def ticks(self) -> list[float]:
        return [tick for tick, _, _ in self.requests]


class Driven:
    """A sender whose loop the test turns by hand, its workers inline, on a fake clock."""

    def __init__(self, db, script: Callable[[int, OutgoingEvent], Answer], **config: Any):
        self.clock = FakeClock()
        self.hall = ScriptedHall(self.clock, script)
        self.statuses: list[SenderStatus] = []
        values = {"poll_seconds": 1.0, "heartbeat_seconds": 5.0, "resume_check_seconds": 2.0}
        values.update(config)
        self.sender = Sender(
            db,
            self.hall,  # type: ignore[arg-type]
            fast_config(**values),
            clock=self.clock.now,
            monotonic=self.clock.monotonic,
            take=self.clock.take,
            rng=random.Random(15),
            on_status=self.statuses.append,
        )
        self.pool = InlineExecutor()
        self.sender.begin()

    def step(self, times: int = 1) -> None:
        for _ in range(times):
            self.sender.step(self.pool)

    def run_for(self, seconds: float) -> None:
        """Turn the loop until `seconds` of fake time have passed."""
        until = self.clock.monotonic() + seconds
        while self.clock.monotonic() < until:
            self.step()

    def until(self, predicate: Callable[[], Any], *, within: float, what: str) -> float:
        """Turn the loop until `predicate` holds; fails past `within` fake seconds. Returns the
        fake seconds it took."""
        started = self.clock.monotonic()
        while not predicate():
            assert self.clock.monotonic() - started <= within, f"no {what} within {within}s"
            self.step()
        return self.clock.monotonic() - started

    def finish(self) -> None:
        self.sender.finish()


def all_sent(db) -> bool:
    return all(r.status is OutboxStatus.SENT for r in outbox(db))


def node_state(db) -> str | None:
    with db.reader() as s:
        return s.scalar(select(ForwardingNode.state).where(ForwardingNode.name == "test-sender"))


def test_starting_probes_with_one_message_then_goes_parallel(db):
    take_cases(db, 1, 6, events_per_case=1)
    driven = Driven(db, lambda n, e: answer(201))
    assert driven.sender.state is LineState.STARTING and driven.sender.line.probing
    driven.step()
    assert len(driven.hall.requests) == 1  # the probe alone
    assert driven.sender.state is LineState.ONLINE
    driven.until(lambda: all_sent(db), within=5, what="all sent")
    assert len(driven.hall.requests) == 6
    driven.finish()
    assert node_state(db) == LineState.ENDED.value
    assert [s.state for s in driven.statuses][0] is LineState.STARTING
    assert driven.statuses[-1].state is LineState.ENDED and driven.statuses[-1].sent_total == 6


def test_a_dead_line_costs_one_request_per_probe_wait(db):
    """Online, then the line dies: the third failure in a row makes it OFFLINE, and from then on
    one request per jittered wait (never sooner than base/4, never later than the probe cap) for
    ten minutes, however many messages wait."""
    take_cases(db, 1, 20, events_per_case=1)
    driven = Driven(
        db,
        lambda n, e: answer(201) if n == 1 else answer(None),
        backoff_base_seconds=1.0,
        backoff_cap_seconds=300.0,
        offline_probe_cap_seconds=30.0,
        offline_after_failures=3,
    )
    driven.step()
    assert driven.sender.state is LineState.ONLINE
    driven.until(lambda: driven.sender.state is LineState.OFFLINE, within=1, what="offline")
    assert len(driven.hall.requests) == 1 + 3  # the threshold, not every claimed case
    assert driven.sender.line.failures_in_row == 3
    went_down = driven.hall.ticks()[-1]
    driven.run_for(600)
    probes = [t for t in driven.hall.ticks() if t > went_down]
    gaps = [b - a for a, b in zip([went_down, *probes], probes, strict=False)]
    assert min(gaps) >= 0.25 and max(gaps) <= 30.0 + driven.sender.config.poll_seconds
    assert 600 / 31 <= len(probes) <= 600 / 0.25
    assert len(probes) < 200  # not one per message per wait
    assert driven.sender.state is LineState.OFFLINE
    assert node_state(db) == LineState.OFFLINE.value
    assert all(r.status is OutboxStatus.PENDING for r in outbox(db)[1:])
    assert driven.clock.waited > 590  # the sender waited on the fake clock, the test did not
    driven.finish()


def test_an_answer_after_an_outage_makes_backed_off_messages_due_at_once(db):
    take_cases(db, 1, 8, events_per_case=1)
    line = {"up": True}
    driven = Driven(
        db,
        lambda n, e: answer(201) if line["up"] else answer(503),
        backoff_base_seconds=10.0,
        backoff_cap_seconds=300.0,
        offline_probe_cap_seconds=30.0,
    )
    driven.step()  # the first case goes; then the line fails
    line["up"] = False
    driven.until(lambda: driven.sender.state is LineState.OFFLINE, within=1, what="offline")
    driven.run_for(120)
    waiting = [r for r in outbox(db) if r.status is OutboxStatus.PENDING and r.attempts]
    assert waiting and max(r.next_attempt_at for r in waiting) > driven.clock.now()
    line["up"] = True
    took = driven.until(lambda: all_sent(db), within=40, what="all sent after the outage")
    assert driven.sender.state is LineState.ONLINE
    # The probe's wait at most, not the messages' own backoffs (up to 300 s).
    assert took <= 30.0 + 2 * driven.sender.config.poll_seconds
    driven.finish()


def test_retry_after_holds_the_whole_sender_to_the_second(db):
    take_cases(db, 1, 3, events_per_case=1)
    driven = Driven(
        db, lambda n, e: answer(429, retry_after=30.0) if n == 2 else answer(201), parallel_cases=1
    )
    driven.step()  # the probe
    driven.until(lambda: len(driven.hall.requests) == 2, within=2, what="the 429")
    refused_at = driven.hall.ticks()[-1]
    assert driven.sender.state is LineState.ONLINE  # one 429 is not an outage
    assert driven.sender.line.paused_until == refused_at + 30.0
    driven.until(lambda: all_sent(db), within=35, what="all sent")
    after = [t for t in driven.hall.ticks() if t > refused_at]
    assert after and min(after) - refused_at == pytest.approx(30.0)
    rows = outbox(db)
    assert [r.attempts for r in rows] == [1, 2, 1]
    driven.finish()


def test_refused_stops_until_a_manager_resumes(db):
    take_cases(db, 1, 4, events_per_case=1)
    refuse = {"on": True}
    driven = Driven(
        db,
        lambda n, e: answer(401) if refuse["on"] else answer(201),
        poll_seconds=5.0,
        resume_check_seconds=2.0,
    )
    driven.step()
    assert driven.sender.state is LineState.STOPPED and len(driven.hall.requests) == 1
    assert driven.sender.line.detail == "HTTP 401"
    driven.run_for(600)  # ten minutes: nothing is tried
    assert len(driven.hall.requests) == 1
    assert node_state(db) == LineState.STOPPED.value
    refuse["on"] = False  # the secret is fixed
    assert request_resume(db, MANAGER) == 1
    took = driven.until(lambda: len(driven.hall.requests) > 1, within=10, what="the resume")
    assert took <= 2.0 + 5.0  # the next resume check, at most one wait away
    assert len(driven.hall.requests) == 2  # one probe first (OFFLINE, 恢复发送：正在试发)
    assert driven.sender.state is LineState.ONLINE
    driven.until(lambda: all_sent(db), within=5, what="all sent after the resume")
    assert len(driven.hall.requests) == 5
    driven.finish()


def test_the_status_row_follows_the_line_at_once_and_beats_in_between(db):
    take_cases(db, 1, 1, events_per_case=1)
    driven = Driven(db, lambda n, e: answer(None), heartbeat_seconds=5.0)
    driven.step()
    assert driven.sender.state is LineState.OFFLINE
    assert node_state(db) == LineState.OFFLINE.value  # reported in the same round
    with db.reader() as s:
        first = s.get(ForwardingNode, "test-sender").updated_at
    driven.run_for(12)
    with db.reader() as s:
        later = s.get(ForwardingNode, "test-sender").updated_at
    assert (later - first).total_seconds() >= 10  # beats on the fake clock
    offline = [s for s in driven.statuses if s.state is LineState.OFFLINE]
    assert offline and offline[0].detail == "连接失败"
    driven.finish()


@pytest.mark.parametrize("outcome", [Outcome.REJECTED, Outcome.CONFLICT])
def test_a_refused_message_is_an_answer_the_line_is_up(db, outcome):
    take_cases(db, 1, 1, events_per_case=1)
    status = 422 if outcome is Outcome.REJECTED else 409
    driven = Driven(db, lambda n, e: answer(status))
    driven.step()
    assert driven.sender.state is LineState.ONLINE
    driven.finish()
