"""Estimated wait for a new ticket, from the live service rate of its category.

    wait ≈ people ahead × service time ÷ effective open windows  (+ half a service if none is idle)

- service time: the recent service durations of the category today (the last 20), blended with
  the configured average so a handful of odd services does not swing the estimate
  ((n·mean + k·configured) / (n + k), k = 3); the configured average alone before the first one;
- effective windows: each open window serving the category contributes its share, 1 / (number of
  its categories with people waiting), so a window shared by three busy queues counts a third;
- people ahead: everyone waiting in the category for a normal ticket (priority tickets are called
  ahead of it by the mix); the priority tickets waiting for a priority ticket.
With no window open for the category, the windows configured for it are assumed (they are about to
open), and the estimate says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Counter, CounterCategory, QueueCategory, Ticket
from app.domain.codes import CounterState, TicketStatus
from app.domain.queue import CALLABLE

RECENT_SERVICES = 20
PRIOR_WEIGHT = 3


@dataclass(frozen=True)
class Estimate:
    people_ahead: int
    minutes: int
    service_minutes: float
    open_windows: int
    effective_windows: float
    assumed_windows: bool


def blended_service_minutes(durations: list[float], configured: float) -> float:
    if not durations:
        return configured
    return (sum(durations) + PRIOR_WEIGHT * configured) / (len(durations) + PRIOR_WEIGHT)


def wait_minutes(
    people_ahead: int, service_minutes: float, effective_windows: float, idle_window: bool
) -> int:
    windows = max(effective_windows, 0.5)
    wait = people_ahead * service_minutes / windows
    if not idle_window:
        wait += service_minutes / (2 * windows)
    return int(math.ceil(wait)) if wait > 0 else 0


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


def estimate_for_new_ticket(
    session: Session, category: QueueCategory, *, priority: bool, day: date, now: datetime
) -> Estimate:
    callable_states = [s.value for s in CALLABLE]
    waiting_query = (
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.category_id == category.id,
            Ticket.service_date == day,
            Ticket.status.in_(callable_states),
        )
    )
    if priority:
        waiting_query = waiting_query.where(Ticket.priority.is_(True))
    ahead = int(session.scalar(waiting_query) or 0)

    windows = session.execute(
        select(Counter.id, Counter.state, Counter.current_ticket_id)
        .join(CounterCategory, CounterCategory.counter_id == Counter.id)
        .where(CounterCategory.category_id == category.id, Counter.active.is_(True))
    ).all()
    open_windows = [w for w in windows if w.state == CounterState.OPEN]
    assumed = not open_windows
    counted = open_windows or windows
    effective = 0.0
    if counted:
        busy_categories = dict(
            session.execute(
                select(CounterCategory.counter_id, func.count(func.distinct(Ticket.category_id)))
                .join(Ticket, Ticket.category_id == CounterCategory.category_id)
                .where(
                    CounterCategory.counter_id.in_([w.id for w in counted]),
                    Ticket.service_date == day,
                    Ticket.status.in_(callable_states),
                )
                .group_by(CounterCategory.counter_id)
            ).all()
        )
        for window in counted:
            others = busy_categories.get(window.id, 0)
            # the new ticket makes its own category busy, if it was not already
            share_of = max(others + (0 if ahead else 1), 1)
            effective += 1.0 / share_of
    idle = any(w.current_ticket_id is None for w in open_windows)
    service = blended_service_minutes(
        recent_service_minutes(session, category.id, day), float(category.avg_service_minutes)
    )
    return Estimate(
        people_ahead=ahead,
        minutes=wait_minutes(ahead, service, effective or 1.0, idle and not assumed),
        service_minutes=service,
        open_windows=len(open_windows),
        effective_windows=effective,
        assumed_windows=assumed,
    )
