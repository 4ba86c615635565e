"""Queue rules without a database: the ticket state machine, ticket numbers, and which ticket a
window calls next (category order or weights, the priority mix, original place after transfer).

Services in app/services/queue.py apply these rules inside a transaction; tests drive them directly.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
            "ticket.action_not_allowed", ticket=number or "该号", status=current.label, what=what
        ) from None


def allowed_actions(current: TicketStatus) -> set[TicketAction]:
    return {action for (state, action) in TRANSITIONS if state == current}


def sources_of(action: TicketAction) -> frozenset[TicketStatus]:
    """The states `action` may be taken from."""
    return frozenset(state for (state, a) in TRANSITIONS if a == action)


def window_actions(current: TicketStatus) -> set[TicketAction]:
    """What a clerk may do with the ticket at the window in one click: `allowed_actions`, and
    finishing straight from a call (the service is started at the call first, as
    `queue.finish_service` does)."""
    actions = allowed_actions(current)
    if TicketAction.START in actions:
        started = next_status(current, TicketAction.START)
        actions |= allowed_actions(started) & {TicketAction.FINISH, TicketAction.FINISH_AND_RETURN}
    return actions


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


# --------------------------------------------------------------------------- the rule played forward


@dataclass(frozen=True)
class Waiting:
    """A ticket waiting to be called, as the calling rule sees it."""

    ticket_id: int
    category_id: int
    priority: bool
    queue_since: datetime
    target_counter_id: int | None = None  # transferred straight to that window


@dataclass
class WindowRule:
    """How one window calls, and where it stands today: what `choose_next` needs besides the
    tickets. Playing the rule forward updates the counters as real calls would."""

    counter_id: int
    served: tuple[ServedCategory, ...]
    mode: CallMode
    normal_calls_since_priority: int = 0
    calls_today: dict[int, int] = field(default_factory=dict)

    def record(self, called: Candidate) -> None:
        self.normal_calls_since_priority = calls_since_priority_after(
            self.normal_calls_since_priority, called.priority
        )
        self.calls_today[called.category_id] = self.calls_today.get(called.category_id, 0) + 1


class _Queues:
    """The waiting tickets in groups (a category's tickets by class, or those sent to one window by
    class), each oldest first: `choose_next` only needs the head of each group, so a call costs
    the number of groups, not the number of tickets."""

    def __init__(self, waiting: Sequence[Waiting]) -> None:
        groups: dict[tuple, list[Waiting]] = {}
        for w in waiting:
            groups.setdefault(self._key(w), []).append(w)
        self.groups = {
            key: deque(sorted(items, key=lambda w: (w.queue_since, w.ticket_id)))
            for key, items in groups.items()
        }

    @staticmethod
    def _key(w: Waiting) -> tuple:
        if w.target_counter_id is not None:
            return ("window", w.target_counter_id, w.priority)
        return ("category", w.category_id, w.priority)

    def heads(self, rule: WindowRule) -> list[Candidate]:
        keys = [("window", rule.counter_id, p) for p in (True, False)]
        keys += [("category", s.category_id, p) for s in rule.served for p in (True, False)]
        heads = []
        for key in keys:
            group = self.groups.get(key)
            if group:
                w = group[0]
                heads.append(
                    Candidate(
                        w.ticket_id,
                        w.category_id,
                        w.priority,
                        w.queue_since,
                        targeted=w.target_counter_id is not None,
                    )
                )
        return heads

    def call(self, rule: WindowRule) -> Candidate | None:
        """The ticket this window calls now, taken out of the queues, the window's counters moved
        on; None when the window has nothing to call."""
        pick = choose_next(
            self.heads(rule),
            rule.served,
            mode=rule.mode,
            normal_calls_since_priority=rule.normal_calls_since_priority,
            calls_today=rule.calls_today,
        )
        if pick is not None:
            group = self.groups[
                ("window", rule.counter_id, pick.priority)
                if pick.targeted
                else ("category", pick.category_id, pick.priority)
            ]
            group.popleft()
            rule.record(pick)
        return pick


def calling_order(waiting: Sequence[Waiting], rule: WindowRule, *, limit: int) -> list[int]:
    """The ticket ids in the order this window's F1 would call them if it alone called: the next
    call first. The rule's counters are played forward on a copy."""
    rule = _copy(rule)
    queues = _Queues(waiting)
    order: list[int] = []
    while len(order) < limit:
        pick = queues.call(rule)
        if pick is None:
            break
        order.append(pick.ticket_id)
    return order


def calls_ahead(waiting: Sequence[Waiting], rules: Sequence[WindowRule], ticket: Waiting) -> int:
    """How many tickets of `ticket`'s category its windows will call before it, by the calling
    rule in force (class ratio, category order or weights, tickets sent to a window), the windows
    taking turns in the order given. Tickets of other categories called at a shared window are
    not counted: what they cost is the window's share in the wait estimate.

    `waiting` may or may not hold `ticket` (a ticket being issued is not stored yet)."""
    pool = [w for w in waiting if w.ticket_id != ticket.ticket_id] + [ticket]
    queues = _Queues(pool)
    rules = [_copy(r) for r in rules]
    ahead = 0
    while rules:
        for rule in list(rules):
            pick = queues.call(rule)
            if pick is None:
                rules.remove(rule)
                continue
            if pick.ticket_id == ticket.ticket_id:
                return ahead
            if pick.category_id == ticket.category_id:
                ahead += 1

    # No window serves the category now: its priority tickets first, then by age.
    def before(w: Waiting) -> bool:
        if w.category_id != ticket.category_id or w.ticket_id == ticket.ticket_id:
            return False
        if w.priority != ticket.priority:
            return w.priority
        return (w.queue_since, w.ticket_id) < (ticket.queue_since, ticket.ticket_id)

    return sum(1 for w in pool if before(w))


def _copy(rule: WindowRule) -> WindowRule:
    return WindowRule(
        rule.counter_id,
        tuple(rule.served),
        rule.mode,
        rule.normal_calls_since_priority,
        dict(rule.calls_today),
    )
