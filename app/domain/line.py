"""The sender's line to the online hall as a state machine, without a database, a network or a
clock of its own.

A sender (app/forwarding/sender.py) keeps one :class:`Line` value and changes it only through
:func:`apply`, which looks the move up in :data:`TRANSITIONS` and refuses any other
(:class:`LineTransitionRefused`). Time comes in as arguments: ``now`` for the times shown to people
(a ``datetime`` from app/clock.py) and ``tick`` for waits (seconds of a monotonic clock), so tests
drive it with a fake clock.

States (:class:`~app.domain.outbox.LineState`, stored on the sender's status row):

- STARTING — the sender began; the first message goes alone (a refused secret costs one request).
- ONLINE — answers come back; messages are claimed in parallel.
- OFFLINE — the line is down (``offline_after_failures`` transport failures in a row, or a probe
  that failed), or a manager just asked to resume: one message at a time after a jittered wait
  (:func:`probe_wait`), so a dead line costs one request per wait, not one per message.
- STOPPED — 401/403: credentials or this PC's clock. Nothing is sent until a manager asks to resume
  (or the program restarts).
- ENDED — the sender was shut down.

STARTING and OFFLINE *probe*: one message at a time, nothing else claimed meanwhile.

Events (:class:`LineEvent`), each with a frozen dataclass carrying its facts:

- STARTED (:class:`Started`) — the loop starts.
- ANSWERED (:class:`Answered`) — the online hall answered a request (2xx, 409, 400/422 …).
- REFUSED (:class:`Refused`) — 401/403.
- FAILED / DOWN (:class:`TransportFailed`) — network error, 5xx or 429. The line decides which
  (:func:`classify`): DOWN when it was probing or the failures in a row reach the threshold,
  FAILED otherwise.
- RESUMED (:class:`ResumeRequested`) — a manager asked a stopped sender to go on.
- ENDED (:class:`Ended`) — the loop finished.

A 429's Retry-After (or, without one, a short jittered wait) pauses the whole sender whatever its
state: that is timing, kept in :attr:`Line.paused_until`, not a state.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from app.domain.outbox import LineState, backoff_delay

RESUME_DETAIL = "恢复发送：正在试发"


class LineEvent(enum.StrEnum):
    STARTED = "started"
    ANSWERED = "answered"
    REFUSED = "refused"
    FAILED = "failed"  # a transport failure that does not take the line down (yet)
    DOWN = "down"  # a transport failure that does
    RESUMED = "resumed"
    ENDED = "ended"


ST, ON, OFF, STOP, END = (
    LineState.STARTING,
    LineState.ONLINE,
    LineState.OFFLINE,
    LineState.STOPPED,
    LineState.ENDED,
)
E = LineEvent

# (state, event) -> next state. Anything not listed is refused.
TRANSITIONS: Mapping[tuple[LineState, LineEvent], LineState] = {
    (ST, E.STARTED): ST,
    (END, E.STARTED): ST,  # the same sender run again
    (ST, E.ANSWERED): ON,
    (ON, E.ANSWERED): ON,
    (OFF, E.ANSWERED): ON,  # back: what backed off for network/5xx reasons is due at once
    (STOP, E.ANSWERED): STOP,  # the answer to a request that was on the wire when we stopped
    (ON, E.FAILED): ON,
    (ST, E.DOWN): OFF,
    (ON, E.DOWN): OFF,
    (OFF, E.DOWN): OFF,  # a probe failed: wait longer
    # Failures of requests that were on the wire when we stopped: stopped is stopped until a
    # manager says otherwise (the credentials, not the line, are the matter).
    (STOP, E.FAILED): STOP,
    (STOP, E.DOWN): STOP,
    (ST, E.REFUSED): STOP,
    (ON, E.REFUSED): STOP,
    (OFF, E.REFUSED): STOP,
    (STOP, E.REFUSED): STOP,
    (STOP, E.RESUMED): OFF,  # probe with one message
    (ST, E.ENDED): END,
    (ON, E.ENDED): END,
    (OFF, E.ENDED): END,
    (STOP, E.ENDED): END,
    (END, E.ENDED): END,
}

PROBING = frozenset({ST, OFF})


class LineTransitionRefused(ValueError):
    def __init__(self, state: LineState, event: LineEvent):
        super().__init__(f"line in state {state.value!r} cannot take {event.value!r}")
        self.state = state
        self.event = event


def next_line_state(state: LineState, event: LineEvent) -> LineState:
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise LineTransitionRefused(state, event) from None


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Started:
    pass


@dataclass(frozen=True)
class Answered:
    at: datetime


@dataclass(frozen=True)
class Refused:
    at: datetime
    error: str | None


@dataclass(frozen=True)
class TransportFailed:
    at: datetime
    error: str | None
    status_code: int | None = None
    retry_after: float | None = None  # seconds, from the answer's Retry-After

    @property
    def rate_limited(self) -> bool:
        return self.status_code == 429 or bool(self.retry_after)


@dataclass(frozen=True)
class ResumeRequested:
    pass


@dataclass(frozen=True)
class Ended:
    pass


Event = Started | Answered | Refused | TransportFailed | ResumeRequested | Ended


# --------------------------------------------------------------------------- the line


@dataclass(frozen=True)
class LinePolicy:
    offline_after_failures: int = 3
    backoff_base_seconds: float = 1.0
    probe_cap_seconds: float = 30.0


@dataclass(frozen=True)
class Line:
    """Everything the sender knows about the line; replaced whole at every event."""

    state: LineState = LineState.STARTING
    detail: str | None = None
    failures_in_row: int = 0
    paused_until: float = 0.0  # on the monotonic clock the events' `tick` is read from
    stopped_at: datetime | None = None
    last_success_at: datetime | None = None
    last_failure_at: datetime | None = None

    @property
    def probing(self) -> bool:
        """One message at a time, nothing else claimed."""
        return self.state in PROBING

    def paused(self, tick: float) -> bool:
        return tick < self.paused_until

    def halted(self, tick: float) -> bool:
        """Workers stop between messages: stopped, or told to wait."""
        return self.state is LineState.STOPPED or self.paused(tick)

    def may_claim(self, tick: float, *, in_flight: bool) -> bool:
        if self.halted(tick):
            return False
        return not (self.probing and in_flight)


@dataclass(frozen=True)
class Transition:
    before: Line
    after: Line
    event: LineEvent

    @property
    def changed(self) -> bool:
        """The state moved (the sender then reports at once)."""
        return self.before.state is not self.after.state

    @property
    def recovered(self) -> bool:
        """Back from OFFLINE: messages backing off for network/5xx reasons are due now."""
        return self.before.state is LineState.OFFLINE and self.after.state is LineState.ONLINE

    @property
    def resumed(self) -> bool:
        """A manager's resume: the messages refused with 401/403 are due now."""
        return self.event is LineEvent.RESUMED


def classify(line: Line, event: Event, policy: LinePolicy) -> LineEvent:
    """Which row of the table `event` is for a line in `line`'s state."""
    if isinstance(event, Started):
        return LineEvent.STARTED
    if isinstance(event, Answered):
        return LineEvent.ANSWERED
    if isinstance(event, Refused):
        return LineEvent.REFUSED
    if isinstance(event, TransportFailed):
        down = line.failures_in_row + 1 >= policy.offline_after_failures or line.probing
        return LineEvent.DOWN if down else LineEvent.FAILED
    if isinstance(event, ResumeRequested):
        return LineEvent.RESUMED
    if isinstance(event, Ended):
        return LineEvent.ENDED
    raise TypeError(f"not a line event: {event!r}")


def rate_limit_wait(retry_after: float | None, policy: LinePolicy, rng: random.Random) -> float:
    """How long a 429 pauses the whole sender: the online hall's Retry-After, else a short
    jittered wait."""
    if retry_after:
        return retry_after
    return backoff_delay(
        1,
        base_seconds=policy.backoff_base_seconds,
        cap_seconds=policy.probe_cap_seconds,
        rng=rng,
    )


def probe_wait(failures_in_row: int, policy: LinePolicy, rng: random.Random) -> float:
    """How long an OFFLINE line waits before its next probe: full-jitter backoff over the failures
    past the threshold, capped, and never under a quarter of the base (no busy probing)."""
    wait = backoff_delay(
        failures_in_row - policy.offline_after_failures + 1,
        base_seconds=policy.backoff_base_seconds,
        cap_seconds=policy.probe_cap_seconds,
        rng=rng,
    )
    return max(wait, policy.backoff_base_seconds / 4)


def apply(
    line: Line,
    event: Event,
    *,
    tick: float,
    policy: LinePolicy,
    rng: random.Random,
) -> Transition:
    """`line` after `event` at monotonic time `tick`; refuses a move the table does not have."""
    kind = classify(line, event, policy)
    state = next_line_state(line.state, kind)
    after = replace(line, state=state)
    if isinstance(event, Started):
        after = replace(after, detail=None)
    elif isinstance(event, Ended):
        after = replace(after, detail=None)
    elif isinstance(event, Answered):
        after = replace(after, failures_in_row=0, last_success_at=event.at)
        if line.state is not state:
            after = replace(after, detail=None)
    elif isinstance(event, Refused):
        after = replace(after, last_failure_at=event.at)
        if line.state is not LineState.STOPPED:
            after = replace(after, detail=event.error, stopped_at=event.at)
    elif isinstance(event, TransportFailed):
        after = replace(after, failures_in_row=line.failures_in_row + 1, last_failure_at=event.at)
        paused_until = line.paused_until
        if event.rate_limited:
            paused_until = max(paused_until, tick + rate_limit_wait(event.retry_after, policy, rng))
        if kind is LineEvent.DOWN and state is LineState.OFFLINE:
            wait = probe_wait(after.failures_in_row, policy, rng)
            paused_until = max(paused_until, tick + wait)
            after = replace(after, detail=event.error)
        after = replace(after, paused_until=paused_until)
    elif isinstance(event, ResumeRequested):
        after = replace(
            after, detail=RESUME_DETAIL, failures_in_row=0, paused_until=0.0, stopped_at=None
        )
    return Transition(line, after, kind)
