"""Queue rules without a database: the ticket state machine, ticket numbers, and which ticket a
window calls next (category order or weights, the priority mix, original place after transfer).

Services in app/services/queue.py apply these rules inside a transaction; tests drive them directly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain.codes import TicketStatus
from app.errors import Conflict

S = TicketStatus


class TicketAction(enum.StrEnum):
    CALL = "call"
    RECALL = "recall"
    NO_SHOW = "no_show"
    START = "start"
    FINISH = "finish"
    FINISH_AND_RETURN = "finish_and_return"  # transferred with "come back to me afterwards"
    TRANSFER = "transfer"
    HOLD = "hold"
    CALL_BACK = "call_back"
    EXPIRE = "expire"
    VOID = "void"


ACTION_LABELS = {
    TicketAction.CALL: "叫号",
    TicketAction.RECALL: "重呼",
    TicketAction.NO_SHOW: "过号",
    TicketAction.START: "开始办理",
    TicketAction.FINISH: "办结",
    TicketAction.FINISH_AND_RETURN: "办结并转回原窗口",
    TicketAction.TRANSFER: "转移",
    TicketAction.HOLD: "挂起",
    TicketAction.CALL_BACK: "回呼",
    TicketAction.EXPIRE: "过期",
    TicketAction.VOID: "作废",
}

# Waiting in a queue: a fresh ticket, or one transferred to another category or window.
CALLABLE = frozenset({S.WAITING, S.TRANSFERRED})
# At a window right now.
AT_WINDOW = frozenset({S.CALLED, S.SERVING})
FINAL = frozenset({S.DONE, S.NO_SHOW, S.EXPIRED, S.VOID})

TRANSITIONS: Mapping[tuple[TicketStatus, TicketAction], TicketStatus] = {
    (S.WAITING, TicketAction.CALL): S.CALLED,
    (S.TRANSFERRED, TicketAction.CALL): S.CALLED,
    (S.CALLED, TicketAction.RECALL): S.CALLED,
    (S.CALLED, TicketAction.NO_SHOW): S.NO_SHOW,
    (S.CALLED, TicketAction.START): S.SERVING,
    (S.CALLED, TicketAction.HOLD): S.ON_HOLD,
    (S.SERVING, TicketAction.HOLD): S.ON_HOLD,
    (S.ON_HOLD, TicketAction.CALL_BACK): S.CALLED,
    (S.CALLED, TicketAction.TRANSFER): S.TRANSFERRED,
    (S.SERVING, TicketAction.TRANSFER): S.TRANSFERRED,
    (S.SERVING, TicketAction.FINISH): S.DONE,
    (S.SERVING, TicketAction.FINISH_AND_RETURN): S.TRANSFERRED,
    (S.WAITING, TicketAction.EXPIRE): S.EXPIRED,
    (S.TRANSFERRED, TicketAction.EXPIRE): S.EXPIRED,
    (S.ON_HOLD, TicketAction.EXPIRE): S.EXPIRED,
    (S.CALLED, TicketAction.EXPIRE): S.EXPIRED,
    (S.WAITING, TicketAction.VOID): S.VOID,
    (S.TRANSFERRED, TicketAction.VOID): S.VOID,
    (S.ON_HOLD, TicketAction.VOID): S.VOID,
}


def next_status(current: TicketStatus, action: TicketAction, number: str = "") -> TicketStatus:
    """The state after `action`, or a Conflict saying plainly why it cannot be done now."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        what = ACTION_LABELS[action]
        raise Conflict(
            f"{number or '该号'}当前状态为“{current.label}”，不能{what}。请刷新后再试。"
        ) from None


def allowed_actions(current: TicketStatus) -> set[TicketAction]:
    return {action for (state, action) in TRANSITIONS if state == current}


def format_number(prefix: str, sequence: int, digits: int) -> str:
    """`A` + 7 with 3 digits → `A007`; past the width the number simply grows (`A1000`)."""
    return f"{prefix}{sequence:0{digits}d}"


class CallMode(enum.StrEnum):
    ORDER = "order"  # the window's categories in its order: the first with someone waiting
    WEIGHTED = "weighted"  # share calls across categories by weight
    FIFO = "fifo"  # oldest ticket over all the window's categories


CALL_MODE_LABELS = {
    CallMode.ORDER: "按顺序叫号",
    CallMode.WEIGHTED: "按权重轮叫",
    CallMode.FIFO: "先到先叫",
}


@dataclass(frozen=True)
class Candidate:
    """The oldest callable ticket of one group (category × priority, or sent to this window)."""

    ticket_id: int
    category_id: int
    priority: bool
    queue_since: datetime
    targeted: bool = False  # transferred straight to this window


@dataclass(frozen=True)
class ServedCategory:
    category_id: int
    position: int
    weight: int
    priority_every_n: int


def window_priority_every_n(served: Sequence[ServedCategory]) -> int:
    """The ratio a window applies: the strictest of its categories' (fewest normal calls)."""
    return min((s.priority_every_n for s in served), default=3)


def take_priority(
    normal_calls_since_priority: int,
    priority_every_n: int,
    *,
    priority_waiting: bool,
    normal_waiting: bool,
) -> bool:
    """One priority call after every N normal calls while priority tickets wait; neither class
    starves: normal tickets get N of every N+1 calls, priority tickets at least 1."""
    if not priority_waiting:
        return False
    if not normal_waiting:
        return True
    return normal_calls_since_priority >= priority_every_n


def choose_next(
    candidates: Sequence[Candidate],
    served: Sequence[ServedCategory],
    *,
    mode: CallMode,
    normal_calls_since_priority: int,
    calls_today: Mapping[int, int] | None = None,
) -> Candidate | None:
    """Pick the ticket a window calls next.

    1. Class: priority or normal, by the ratio (the strictest ratio among the window's
       categories).
    2. Within the class, tickets sent straight to this window first (they were already served once
       and sent here), oldest first.
    3. Otherwise a category by the window's mode, then the oldest ticket in it (by `queue_since`,
       which a transfer keeps, so a transferred ticket keeps its place).
    """
    if not candidates:
        return None
    priority = [c for c in candidates if c.priority]
    normal = [c for c in candidates if not c.priority]
    every_n = window_priority_every_n(served)
    pool = (
        priority
        if take_priority(
            normal_calls_since_priority,
            every_n,
            priority_waiting=bool(priority),
            normal_waiting=bool(normal),
        )
        else normal
    )
    targeted = [c for c in pool if c.targeted]
    if targeted:
        return min(targeted, key=lambda c: (c.queue_since, c.ticket_id))
    if mode is CallMode.FIFO:
        return min(pool, key=lambda c: (c.queue_since, c.ticket_id))
    waiting_categories = {c.category_id for c in pool}
    ranked = [s for s in served if s.category_id in waiting_categories]
    if not ranked:  # only tickets of categories the window no longer serves: oldest first
        return min(pool, key=lambda c: (c.queue_since, c.ticket_id))
    if mode is CallMode.ORDER:
        chosen = min(ranked, key=lambda s: s.position)
    else:
        counts = calls_today or {}
        chosen = min(
            ranked,
            key=lambda s: (counts.get(s.category_id, 0) / max(s.weight, 1), s.position),
        )
    in_category = [c for c in pool if c.category_id == chosen.category_id]
    return min(in_category, key=lambda c: (c.queue_since, c.ticket_id))


def calls_since_priority_after(previous: int, called_priority: bool) -> int:
    return 0 if called_priority else previous + 1
