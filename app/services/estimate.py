"""Estimated wait for a new ticket, from the live service rate of its category.

    wait ≈ people ahead × service time ÷ effective open windows  (+ half a service if none is idle)

- service time: the recent service durations of the category today (the last 20), blended with
  the configured average so a handful of odd services does not swing the estimate
  ((n·mean + k·configured) / (n + k), k = 3); the configured average alone before the first one;
- effective windows: each open window serving the category contributes its share, 1 / (number of
  its categories with people waiting), so a window shared by three busy queues counts a third;
- people ahead: the tickets of the category its windows will call first by the calling rule in
  force (app.domain.queue.calls_ahead plays the rule forward: the priority mix with each window's
  count since its last priority call, category order or weights, tickets sent to a window), so a
  priority ticket hears of the normal calls still due before its turn.
With no window open for the category, the windows configured for it are assumed (they are about to
open), and the estimate says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from app.db.models import Counter, CounterCategory, QueueCategory, Ticket
from app.domain.codes import CounterState, TicketStatus
from app.domain.queue import (
    CALLABLE,
    CallMode,
    ServedCategory,
    Waiting,
    WindowRule,
    calls_ahead,
)
from app.services.callable import callable_at, callable_today

RECENT_SERVICES = 20
ORDER_LEFTOVER = 0.2
PRIOR_WEIGHT = 3


def blended_service_minutes(durations: list[float], configured: float) -> float:
    if not durations:
        return configured
    return (sum(durations) + PRIOR_WEIGHT * configured) / (len(durations) + PRIOR_WEIGHT)


def recent_service_minutes(session: Session, category_id: int, day: date) -> list[float]:
    rows = session.execute(
        select(Ticket.service_started_at, Ticket.finished_at)
        .where(
            Ticket.category_id == category_id,
            Ticket.service_date == day,
            Ticket.status == TicketStatus.DONE.value,
            Ticket.service_started_at.is_not(None),
            Ticket.finished_at.is_not(None),
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SERVICES)
    ).all()
    return [max((end - start) / timedelta(minutes=1), 0.0) for start, end in rows]


@dataclass(frozen=True)
class ServiceRate:
    """How fast a category's queue moves right now (independent of any one ticket's position)."""

    service_minutes: float
    effective_windows: float
    idle_window: bool
    open_windows: int
    assumed_windows: bool

    @property
    def _windows(self) -> float:
        return max(self.effective_windows or 1.0, 0.5)

    @property
    def per_person_minutes(self) -> float:
        return self.service_minutes / self._windows

    @property
    def base_minutes(self) -> float:
        """Half a service when no window is idle (someone is being served at each)."""
        return (
            0.0
            if (self.idle_window and not self.assumed_windows)
            else self.service_minutes / (2 * self._windows)
        )

    def minutes_for(self, people_ahead: int) -> int:
        wait = people_ahead * self.per_person_minutes + self.base_minutes
        return int(math.ceil(wait)) if wait > 0 else 0


def window_share(window, others_waiting: list[tuple[int, int]]) -> float:
    """The part of one window's calls a category can expect while the window's other categories
    listed in `others_waiting` (their position and weight there) also have people waiting.

    order: the window calls its categories in order, so a category behind a busy one gets only
    what is left when that one runs dry (a fifth is what simulated days show); weighted: its weight
    among the busy ones; fifo: an even share."""
    mode = CallMode(window.call_mode or CallMode.ORDER)
    if not others_waiting:
        return 1.0
    if mode is CallMode.ORDER:
        return ORDER_LEFTOVER if any(p < window.position for p, _ in others_waiting) else 1.0
    if mode is CallMode.WEIGHTED:
        own = max(window.weight, 1)
        return own / (own + sum(max(w, 1) for _, w in others_waiting))
    return 1.0 / (len(others_waiting) + 1)


def service_rate(
    session: Session, category_id: int, configured_minutes: float, day: date
) -> ServiceRate:
    callable_states = [s.value for s in CALLABLE]
    windows = session.execute(
        select(
            Counter.id,
            Counter.state,
            Counter.current_ticket_id,
            Counter.call_mode,
            CounterCategory.position,
            CounterCategory.weight,
        )
        .join(CounterCategory, CounterCategory.counter_id == Counter.id)
        .where(CounterCategory.category_id == category_id, Counter.active.is_(True))
    ).all()
    open_windows = [w for w in windows if w.state == CounterState.OPEN]
    assumed = not open_windows
    counted = open_windows or windows
    effective = 0.0
    if counted:
        # The other categories with people waiting at each window, with their place and weight
        # there: they decide how much of the window this category gets.
        busy: dict[int, list[tuple[int, int]]] = {}
        for counter_id, position, weight in session.execute(
            select(
                CounterCategory.counter_id, CounterCategory.position, CounterCategory.weight
            ).where(
                CounterCategory.counter_id.in_([w.id for w in counted]),
                CounterCategory.category_id != category_id,
                exists().where(
                    Ticket.category_id == CounterCategory.category_id,
                    Ticket.service_date == day,
                    Ticket.status.in_(callable_states),
                ),
            )
        ).all():
            busy.setdefault(counter_id, []).append((position, weight))
        effective = sum(window_share(w, busy.get(w.id, [])) for w in counted)
    return ServiceRate(
        service_minutes=blended_service_minutes(
            recent_service_minutes(session, category_id, day), configured_minutes
        ),
        effective_windows=effective,
        idle_window=any(w.current_ticket_id is None for w in open_windows),
        open_windows=len(open_windows),
        assumed_windows=assumed,
    )


@dataclass(frozen=True)
class _Window:
    id: int
    state: CounterState
    current_ticket_id: int | None
    number: int
    rule: WindowRule


def _windows(session: Session, where: Any, day: date) -> list[_Window]:
    """The windows `where` selects, each with how it calls today, in one query (plus one for the
    calls today of weighted windows): this runs at every ticket issued."""
    rows = session.execute(
        select(
            Counter.id,
            Counter.state,
            Counter.current_ticket_id,
            Counter.number,
            Counter.call_mode,
            Counter.normal_calls_since_priority,
            CounterCategory.category_id,
            CounterCategory.position,
            CounterCategory.weight,
            QueueCategory.priority_every_n,
        )
        .outerjoin(CounterCategory, CounterCategory.counter_id == Counter.id)
        .outerjoin(
            QueueCategory,
            and_(QueueCategory.id == CounterCategory.category_id, QueueCategory.active.is_(True)),
        )
        .where(where)
        .order_by(Counter.id, CounterCategory.position)
    ).all()
    counters: dict[int, Any] = {}
    served: dict[int, list[ServedCategory]] = {}
    for row in rows:
        counters.setdefault(row.id, row)
        if row.priority_every_n is not None:  # a category it serves that is in use
            served.setdefault(row.id, []).append(
                ServedCategory(row.category_id, row.position, row.weight, row.priority_every_n)
            )
    calls: dict[int, dict[int, int]] = {}
    weighted = [i for i, c in counters.items() if c.call_mode == CallMode.WEIGHTED]
    if weighted:
        for counter_id, category_id, n in session.execute(
            select(Ticket.counter_id, Ticket.category_id, func.count())
            .where(
                Ticket.service_date == day,
                Ticket.counter_id.in_(weighted),
                Ticket.called_at.is_not(None),
            )
            .group_by(Ticket.counter_id, Ticket.category_id)
        ).all():
            calls.setdefault(counter_id, {})[category_id] = n
    return [
        _Window(
            c.id,
            c.state,
            c.current_ticket_id,
            c.number,
            WindowRule(
                counter_id=c.id,
                served=tuple(served.get(c.id, [])),
                mode=CallMode(c.call_mode or CallMode.ORDER),
                normal_calls_since_priority=c.normal_calls_since_priority or 0,
                calls_today=calls.get(c.id, {}),
            ),
        )
        for c in counters.values()
    ]


def window_rules(session: Session, counter_ids: list[int], day: date) -> list[WindowRule]:
    """How each of these windows calls today: its categories in its order, its mode, its count
    since the last priority call and, for weighted windows, its calls today."""
    if not counter_ids:
        return []
    by_id = {w.id: w.rule for w in _windows(session, Counter.id.in_(counter_ids), day)}
    return [by_id[i] for i in counter_ids if i in by_id]


def waiting_pool(session: Session, day: date, rules: list[WindowRule]) -> list[Waiting]:
    """Every ticket these windows could call today."""
    category_ids = {s.category_id for r in rules for s in r.served}
    counter_ids = [r.counter_id for r in rules]
    rows = session.execute(
        select(
            Ticket.id,
            Ticket.category_id,
            Ticket.priority,
            Ticket.queue_since,
            Ticket.target_counter_id,
        ).where(callable_at(day, counter_ids, category_ids))
    ).all()
    return [
        Waiting(r.id, r.category_id, bool(r.priority), r.queue_since, r.target_counter_id)
        for r in rows
    ]


NEW_TICKET_ID = 2**62  # stands for the ticket being issued: after every stored one of its time


def people_ahead(
    session: Session, category_id: int, day: date, *, priority: bool, now: datetime
) -> int:
    """How many of the category's tickets will be called before a ticket issued now."""
    serving = select(CounterCategory.counter_id).where(CounterCategory.category_id == category_id)
    windows = _windows(session, and_(Counter.active.is_(True), Counter.id.in_(serving)), day)
    open_windows = [w for w in windows if w.state == CounterState.OPEN]
    # The windows that will call: the open ones, a free one first; or, before any opens, all.
    counted = sorted(
        open_windows or windows, key=lambda w: (w.current_ticket_id is not None, w.number)
    )
    rules = [w.rule for w in counted]
    new = Waiting(NEW_TICKET_ID, category_id, priority, now)
    pool = waiting_pool(session, day, rules) if rules else _category_pool(session, category_id, day)
    return calls_ahead(pool, rules, new)


def _category_pool(session: Session, category_id: int, day: date) -> list[Waiting]:
    rows = session.execute(
        select(Ticket.id, Ticket.priority, Ticket.queue_since, Ticket.target_counter_id).where(
            Ticket.category_id == category_id, callable_today(day)
        )
    ).all()
    return [
        Waiting(r.id, category_id, bool(r.priority), r.queue_since, r.target_counter_id)
        for r in rows
    ]
