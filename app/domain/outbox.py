"""Rules of the online-hall outbox, without a database or a network.

- What an answer from the online hall means for a message (:func:`classify`), following
  shared/domain.md §6: 2xx sent; 409 a conflict (the sender resends the case's history once, then
  a dead letter); 400/422 (and other 4xx) dead letter; 401/403 stop and alert; 429, 5xx and
  network errors back off.
- The message's state machine as an explicit table (:data:`TRANSITIONS`).
- Exponential backoff with full jitter, and Retry-After.
- What a dead letter means and what a person does about it, in plain Chinese
  (:func:`explain_dead_letter`), from the answer and what the desk knows about the case.
"""

from __future__ import annotations

import enum
import math
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from app.domain.codes import OutboxStatus


class Outcome(enum.StrEnum):
    """What one delivery attempt came to."""

    DELIVERED = "delivered"  # 2xx
    # 409: the online hall does not know the case or holds a conflicting record of it. Never
    # "later": the desk sends each case in order and marks sent only after 2xx, so waiting cannot
    # cure it. The sender resends the case's history once (app/forwarding/sender.py); a 409 after
    # that is a dead letter.
    CONFLICT = "conflict"
    BACKOFF = "backoff"  # 429, 5xx, network error: try again after a while
    REJECTED = "rejected"  # 400, 422, other 4xx: a person must look at it (dead letter)
    AUTH_REFUSED = "auth_refused"  # 401, 403: credentials or clock; stop sending and alert


class Action(enum.StrEnum):
    """Things done to a message: delivery outcomes plus a manager's decisions."""

    DELIVERED = "delivered"
    CONFLICT = "conflict"
    BACKOFF = "backoff"
    REJECTED = "rejected"
    AUTH_REFUSED = "auth_refused"
    RETRY = "retry"  # a manager sends a dead letter again
    DISCARD = "discard"  # a manager gives a dead letter up


P, S, D, X = OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.DEAD, OutboxStatus.DISCARDED

# (state, action) -> next state. Anything not listed is refused.
TRANSITIONS: dict[tuple[OutboxStatus, Action], OutboxStatus] = {
    (P, Action.DELIVERED): S,
    (P, Action.BACKOFF): P,
    (P, Action.AUTH_REFUSED): P,  # the message is fine; the sender stops until the cause is fixed
    (P, Action.REJECTED): D,
    (P, Action.CONFLICT): D,  # after the sender's resync of the case did not help
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
        return Outcome.CONFLICT
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


# --------------------------------------------------------------------------- answers and dead letters

_ANSWER_CODE = re.compile(r"^HTTP (\d{3}) ([a-z_]+):")

# 409 codes that mean "the online hall has no record of this case" (`out_of_order` is the name an
# early simulator used for the same answer).
UNKNOWN_CASE_CODES = frozenset({"unknown_case", "out_of_order"})


def answer_text(status_code: int, code: str | None, message: str, errors: list[str] | None) -> str:
    """How an online hall's refusal is kept on the outbox row (`last_error`) and shown as its
    answer: ``HTTP 422 invalid_body: message — error; error``. :func:`answer_code` reads it back."""
    if code:
        text = f"HTTP {status_code} {code}: {message}"
        if errors:
            text += " — " + "; ".join(str(e) for e in errors[:5])
    else:
        text = f"HTTP {status_code}: {message}"
    return text[:1000]


def answer_code(text: str | None) -> str | None:
    """The online hall's error code in a row's `last_error` (see :func:`answer_text`)."""
    match = _ANSWER_CODE.match(text or "")
    return match.group(2) if match else None


class ApplicationAtDesk(enum.StrEnum):
    """What became of a case's `application` message at this desk; decides what a 409 means."""

    SENT = "sent"  # the online hall had the case once: it lost it (a resync was tried)
    DISCARDED = "discarded"  # a manager gave it up: the online hall never had the case
    NONE = "none"  # no application from this desk (a case started online, say)


@dataclass(frozen=True)
class DeadLetterFacts:
    status_code: int | None
    error_code: str | None  # the online hall's code, from :func:`answer_code`
    application: ApplicationAtDesk = ApplicationAtDesk.NONE
    application_discard_reason: str | None = None
    waiting_behind: int = 0  # later messages of the case held behind this one


@dataclass(frozen=True)
class Explanation:
    cause: str  # a few words, for a table column
    advice: str  # what happened and what a person does, in full

    @property
    def text(self) -> str:
        return f"{self.cause}。{self.advice}"


def _behind(facts: DeadLetterFacts) -> str:
    if facts.waiting_behind <= 0:
        return ""
    return f"该办件其后还有 {facts.waiting_behind} 条消息在等这一条。"


def explain_dead_letter(facts: DeadLetterFacts) -> Explanation:
    """Why a message is a dead letter and what the manager does, in plain Chinese. The online
    hall's own answer (`last_error`) is shown beside it; this names the cause and the way out."""
    code, status = facts.error_code, facts.status_code
    if status == 409 and (code in UNKNOWN_CASE_CODES or code is None):
        if facts.application is ApplicationAtDesk.DISCARDED:
            reason = (
                f"（放弃原因：{facts.application_discard_reason}）"
                if facts.application_discard_reason
                else ""
            )
            return Explanation(
                "网上大厅没有此办件：它的申请消息已被放弃",
                f"此办件的“申请”消息已在本机放弃{reason}，没有送到网上大厅，所以网上大厅不接收"
                f"它其后的消息。{_behind(facts)}若此办件不需要再报送（例如已重新受理为新的办件），"
                "请放弃本条，其后的消息会依次出现在这里；若仍需报送，请联系网上大厅登记此办件后"
                "点“重发”。",
            )
        if facts.application is ApplicationAtDesk.SENT:
            return Explanation(
                "网上大厅找不到此办件",
                "此办件的申请早已送达，但网上大厅现在没有它的记录（可能网上大厅的数据丢失或被清理）。"
                "本机已自动把此办件此前的全部消息重新发送了一遍，网上大厅仍不接收。"
                f"{_behind(facts)}请联系网上大厅核对此办件后点“重发”；若不再需要报送，请放弃本条。",
            )
        return Explanation(
            "网上大厅没有此办件",
            "网上大厅没有此办件的记录，本机也没有它的“申请”消息可以补发（例如办件是在网上申请的）。"
            f"{_behind(facts)}请联系网上大厅核对办件编号后点“重发”；若不再需要报送，请放弃本条。",
        )
    if status == 409:
        return Explanation(
            "与网上大厅的办件记录冲突",
            "网上大厅的此办件记录与这条消息不一致（详见网上大厅的答复）。本机已把此办件此前的消息"
            f"重新发送了一遍，仍未解决。{_behind(facts)}请联系网上大厅核对后点“重发”，或放弃本条。",
        )
    if code == "idempotency_conflict":
        return Explanation(
            "网上大厅收到过编号相同、内容不同的消息",
            "这通常说明两套程序用了同一份数据库副本，或消息被改动过。请联系技术支持；"
            "确认网上大厅已有正确内容后放弃本条。",
        )
    if status in (400, 422):
        return Explanation(
            "内容不符合网上大厅的要求",
            "网上大厅认为这条消息的内容有误（答复中列出了有问题的项目）。照原样重发仍会被拒："
            "请在办件中更正有关信息（更正会产生新的消息），然后放弃本条；若是网上大厅的校验有误，"
            "待其更正后点“重发”。",
        )
    return Explanation(
        f"网上大厅拒收（HTTP {status}）" if status else "网上大厅拒收",
        "可能是网上大厅的地址或接口版本与本机设置不符。请联系技术支持核对设置后点“重发”，"
        "或放弃本条。",
    )
