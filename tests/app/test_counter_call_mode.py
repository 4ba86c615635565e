"""A window's call mode and weights set through the admin service are what call-next then does,
on SQLite and PostgreSQL: the expected order comes from app.domain.queue.choose_next."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import utcnow
from app.domain.codes import Role
from app.domain.queue import CallMode, Candidate, ServedCategory, choose_next
from app.services import admin, queue
from app.services.context import Actor

CLERK = Actor(user_id=None, username="clerk20", role=Role.CLERK, host="pc20")


@pytest.fixture
def hall(demo_db, set_hall_time):
    # Tickets issued "twenty minutes ago" are today's queue: the story runs at 10:00 in the hall,
    # whatever the hour of the test run (at 00:10 they would be yesterday's, rightly not called).
    set_hall_time("10:00")
    cats = {c.prefix: c for c in admin.list_categories(demo_db)}
    admin_actor = next(
        Actor(u.id, u.username, u.role, "admin-pc")
        for u in admin.list_users(demo_db)
        if u.username == "admin"
    )
    return demo_db, cats, admin_actor


def expected_prefixes(db, counter_id, cats, served_prefixes, weights, calls, mode):
    """The prefixes of the next `calls` tickets by the pure rule, over the tickets now waiting
    at the window (none of them priority tickets), as if each call were then marked no-show."""
    by_id = {c.id: c.prefix for c in cats.values()}
    served = [
        ServedCategory(cats[p].id, pos, weights[p], cats[p].priority_every_n)
        for pos, p in enumerate(served_prefixes)
    ]
    waiting = [
        Candidate(t.id, t.category_id, t.priority, t.queue_since)
        for t in queue.waiting_for_counter(db, counter_id)
    ]
    calls_today: dict[int, int] = {}
    order = []
    for since in range(calls):
        pick = choose_next(
            waiting, served, mode=mode, normal_calls_since_priority=since, calls_today=calls_today
        )
        assert pick is not None
        waiting.remove(pick)
        calls_today[pick.category_id] = calls_today.get(pick.category_id, 0) + 1
        order.append(by_id[pick.category_id])
    return order


def call_and_skip(db, counter_id, calls: int) -> list[str]:
    prefixes = []
    for _ in range(calls):
        ticket = queue.call_next(db, CLERK, counter_id)
        prefixes.append(ticket.number[0])
        queue.mark_no_show(db, CLERK, counter_id)
    return prefixes


def test_a_window_set_to_weighted_by_the_admin_calls_by_weight(hall):
    db, cats, admin_actor = hall
    window = admin.save_counter(
        db,
        admin_actor,
        number=20,
        name="权重窗口",
        location=None,
        category_ids=[cats["A"].id, cats["B"].id],
        call_mode=CallMode.WEIGHTED,
        weights={cats["A"].id: 2, cats["B"].id: 1},
    )
    base = utcnow() - timedelta(minutes=20)
    for i in range(6):  # every B ticket older than every A ticket: weights decide, not age
        queue.issue_ticket(db, cats["B"].id, now=base + timedelta(seconds=i))
    for i in range(6):
        queue.issue_ticket(db, cats["A"].id, now=base + timedelta(minutes=1, seconds=i))
    queue.open_counter(db, CLERK, window.id)

    expected = expected_prefixes(
        db, window.id, cats, ["A", "B"], {"A": 2, "B": 1}, 6, CallMode.WEIGHTED
    )
    assert (expected.count("A"), expected.count("B")) == (4, 2)  # 2:1, though B waited longer
    assert call_and_skip(db, window.id, 6) == expected


def test_a_mode_change_reaches_call_next_at_once(hall):
    """call-next caches a window's configuration; the admin's change clears that cache."""
    db, cats, admin_actor = hall
    ids = [cats["A"].id, cats["B"].id]
    window = admin.save_counter(
        db, admin_actor, number=20, name="", location=None, category_ids=ids
    )
    base = utcnow() - timedelta(minutes=20)
    for i in range(4):  # B older than A
        queue.issue_ticket(db, cats["B"].id, now=base + timedelta(seconds=i))
        queue.issue_ticket(db, cats["A"].id, now=base + timedelta(minutes=1, seconds=i))
    queue.open_counter(db, CLERK, window.id)
    assert call_and_skip(db, window.id, 2) == ["A", "A"]  # in order: A first while A waits

    admin.save_counter(
        db,
        admin_actor,
        counter_id=window.id,
        number=20,
        name="",
        location=None,
        category_ids=ids,
        call_mode="fifo",
    )
    assert call_and_skip(db, window.id, 2) == ["B", "B"]  # oldest first, whatever the category
