"""Rules of the online-hall outbox, without a database or a network.

- What an answer from the online hall means for a message (:func:`classify`), following
  shared/domain.md §6: 2xx sent; 409 later; 400/422 (and other 4xx) dead letter; 401/403 stop
  and alert; 429, 5xx and network errors back off.
- The message's state machine as an explicit table (:data:`TRANSITIONS`).
- Exponential backoff with full jitter, and Retry-After.
"""

from __future__ import annotations

import enum
import math
import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from app.domain.codes import OutboxStatus


class Outcome(enum.StrEnum):
    """What one delivery attempt came to."""

    DELIVERED = "delivered"  # 2xx
    LATER = "later"  # 409: the online hall is not ready for it yet (an earlier event missing)
    BACKOFF = "backoff"  # 429, 5xx, network error: try again after a while
    REJECTED = "rejected"  # 400, 422, other 4xx: a person must look at it (dead letter)
    AUTH_REFUSED = "auth_refused"  # 401, 403: credentials or clock; stop sending and alert


class Action(enum.StrEnum):
    """Things done to a message: delivery outcomes plus a manager's decisions."""

    DELIVERED = "delivered"
    LATER = "later"
    BACKOFF = "backoff"
    REJECTED = "rejected"
    AUTH_REFUSED = "auth_refused"
    RETRY = "retry"  # a manager sends a dead letter again
    DISCARD = "discard"  # a manager gives a dead letter up


P, S, D, X = OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.DEAD, OutboxStatus.DISCARDED

# (state, action) -> next state. Anything not listed is refused.
TRANSITIONS: dict[tuple[OutboxStatus, Action], OutboxStatus] = {
    (P, Action.DELIVERED): S,
    (P, Action.LATER): P,
    (P, Action.BACKOFF): P,
    (P, Action.AUTH_REFUSED): P,  # the message is fine; the sender stops until the cause is fixed
    (P, Action.REJECTED): D,
    (D, Action.RETRY): P,
    (D, Action.DISCARD): X,
    # The answer for a message that a manager already dealt with elsewhere: keep its state.
    (S, Action.DELIVERED): S,
}

TERMINAL = frozenset({S, X})


class TransitionRefused(ValueError):
    def __init__(self, state: OutboxStatus, action: Action):
        super().__init__(f"outbox message in state {state.value!r} cannot take {action.value!r}")
        self.state = state
        self.action = action


def next_state(state: OutboxStatus, action: Action) -> OutboxStatus:
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionRefused(state, action) from None


def classify(status_code: int | None) -> Outcome:
    """`status_code` None means no HTTP answer at all (connection refused, reset, timeout)."""
    if status_code is None:
        return Outcome.BACKOFF
    if 200 <= status_code < 300:
        return Outcome.DELIVERED
    if status_code == 409:
        return Outcome.LATER
    if status_code in (401, 403):
        return Outcome.AUTH_REFUSED
    if status_code == 429 or status_code >= 500:
        return Outcome.BACKOFF
    if status_code == 408:  # request timeout: the server gave up waiting, not a bad message
        return Outcome.BACKOFF
    # 400, 404, 405, 413, 415, 422 …: sending it again would get the same answer.
    return Outcome.REJECTED


def backoff_delay(
    attempts: int,
    *,
    base_seconds: float = 1.0,
    cap_seconds: float = 300.0,
    rng: random.Random | None = None,
) -> float:
    """Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a uniform draw in
    [0, min(cap, base·2^attempts)], so many desks coming back at once spread their retries out.
    `attempts` counts the failed attempts so far (1 after the first failure)."""
    exponent = min(max(attempts - 1, 0), 62)
    ceiling = min(cap_seconds, base_seconds * math.pow(2, exponent))
    return (rng or random).uniform(0, ceiling)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. None when absent
    or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())


def next_attempt_at(
    outcome: Outcome,
    attempts: int,
    now: datetime,
    *,
    retry_after: float | None = None,
    base_seconds: float = 1.0,
    cap_seconds: float = 300.0,
    rng: random.Random | None = None,
) -> datetime:
    """When a still-pending message is due again after `outcome`. Retry-After, when the online
    hall gives one, is a floor: never sooner than it asked."""
    if outcome is Outcome.AUTH_REFUSED:
        return now  # the sender is stopped; the message is due as soon as it resumes
    delay = backoff_delay(attempts, base_seconds=base_seconds, cap_seconds=cap_seconds, rng=rng)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=delay)


class LineState(enum.StrEnum):
    """What a sender knows about the line to the online hall (shown by the status mark)."""

    STARTING = "starting"
    ONLINE = "online"  # answers are coming back
    OFFLINE = "offline"  # no answer, or 5xx/429 in a row: messages wait, the desk works on
    STOPPED = "stopped"  # 401/403: credentials or clock; a person must act
    ENDED = "ended"  # the sender was shut down


LINE_STATE_LABELS = {
    LineState.STARTING: "正在连接",
    LineState.ONLINE: "在线",
    LineState.OFFLINE: "离线（稍后自动重发）",
    LineState.STOPPED: "已停止发送（请检查密钥或时钟）",
    LineState.ENDED: "发送程序未运行",
}
