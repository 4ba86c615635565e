"""Which tickets a window may call: the one definition every query of the queue builds on.

A ticket is callable at a window when it is of today (the hall's day), in a callable state
(`app.domain.queue.CALLABLE`), and either waits in a category the window serves without being
sent to a particular window, or was sent straight to this window (whatever its category).

Used by call-next's SQLite path (`queue.pick_next_statement`), its explanation when nothing is
free, the clerk's waiting list and the estimates (`estimate.waiting_pool`). PostgreSQL's
`halldesk_pick_ticket` (migration 0007) spells the same condition in PL/pgSQL, one branch per
small queue; tests/app/test_calling_rule.py checks it against this definition (its status lists,
and for many random queues that it picks what `app.domain.queue.choose_next` and the SQLite path
pick).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from app.db.models import Ticket
from app.domain.queue import CALLABLE

# The callable states as stored (a stable order, so statements and their plans do not vary).
CALLABLE_VALUES: tuple[str, ...] = tuple(sorted(s.value for s in CALLABLE))


def callable_today(day: date) -> ColumnElement[bool]:
    """Today's tickets waiting to be called, anywhere."""
    return and_(Ticket.service_date == day, Ticket.status.in_(CALLABLE_VALUES))


def sent_to(counter_ids: int | Iterable[int]) -> ColumnElement[bool]:
    """Sent straight to this window (or one of these windows), whatever the category."""
    if isinstance(counter_ids, int):
        return Ticket.target_counter_id == counter_ids
    return Ticket.target_counter_id.in_(list(counter_ids))


def in_served_queue(category_ids: Iterable[int]) -> ColumnElement[bool]:
    """Waiting in one of these categories' queues, not sent to any particular window."""
    return and_(Ticket.category_id.in_(list(category_ids)), Ticket.target_counter_id.is_(None))


def callable_at(
    day: date, counter_ids: int | Iterable[int], category_ids: Iterable[int]
) -> ColumnElement[bool]:
    """Callable at the window `counter_ids` (or any of these windows) serving `category_ids`."""
    return and_(callable_today(day), or_(in_served_queue(category_ids), sent_to(counter_ids)))
