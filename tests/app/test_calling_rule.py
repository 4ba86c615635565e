"""One calling rule: for many random queues the pure rule (app.domain.queue.choose_next), the
general path's ORM statement (`queue.pick_next`, what SQLite runs) and call-next itself (on
PostgreSQL the function halldesk_pick_ticket, one statement) pick the same ticket; the SQL that
sets a ticket's status takes its from→to from the state machine; the PL/pgSQL function's notion
of "callable" is the shared one (app/services/callable.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update

from app.db.models import Counter, CounterCategory, Ticket, TicketEvent
from app.domain.codes import CounterState, Role, TicketStatus
from app.domain.queue import (
    CALLABLE,
    TRANSITIONS,
    CallMode,
    Candidate,
    TicketAction,
    choose_next,
    window_priority_every_n,
)
from app.services import admin, cache, queue
from app.services.callable import CALLABLE_VALUES
from app.services.context import Actor

CLERK = Actor(user_id=None, username="clerk11", role=Role.CLERK, host="pc11")
SERVED = ("F", "A", "C")  # window 11's categories, in its order
OTHER = "B"  # served elsewhere (window 3)

# One ticket of a random queue: category, priority, minutes after the first, sent to a window
# (None, "here" or "elsewhere"), status, issued today (or yesterday).
tickets = st.lists(
    st.tuples(
        st.sampled_from(SERVED + (OTHER,)),
        st.booleans(),
        st.integers(0, 20),
        st.sampled_from([None, None, "here", "elsewhere"]),
        st.sampled_from(
            [TicketStatus.WAITING] * 6 + [TicketStatus.TRANSFERRED] * 2 + list(TicketStatus)
        ),
        st.sampled_from([True] * 5 + [False]),
    ),
    min_size=3,
    max_size=30,
)
queues = st.fixed_dictionaries(
    {
        "tickets": tickets,
        "mode": st.sampled_from(list(CallMode)),
        "since": st.integers(0, 5),
        "weights": st.tuples(*[st.integers(1, 4)] * len(SERVED)),
        "calls_today": st.tuples(*[st.integers(0, 3)] * len(SERVED)),
    }
)


@pytest.fixture
def hall(demo_db, set_hall_time):
    now = set_hall_time("10:00")
    cats = {c.prefix: c for c in admin.list_categories(demo_db)}
    counters = {c.number: c for c in admin.list_counters(demo_db)}
    with demo_db.session() as session:
        day = queue.service_day(session, now)
    return demo_db, cats, counters[11].id, counters[3].id, now, day


def _set_up(db, cats, here, elsewhere, now, day, q) -> tuple[list[Candidate], dict[int, int]]:
    """Store the queue `q` (every earlier ticket gone); the window open and free, `since` normal
    calls since its last priority call. Returns what the pure rule sees: the tickets callable at
    the window (the specification, spelled here in Python) and its calls today per category."""
    weights = dict(zip(SERVED, q["weights"], strict=True))
    candidates: list[Candidate] = []
    calls_today: dict[int, int] = {}
    with db.session() as session:
        session.execute(update(Counter).values(current_ticket_id=None))
        session.execute(delete(TicketEvent))
        session.execute(delete(Ticket))
        counter = session.get(Counter, here)
        counter.state = CounterState.OPEN
        counter.call_mode = q["mode"].value
        counter.normal_calls_since_priority = q["since"]
        for served in session.scalars(
            select(CounterCategory).where(CounterCategory.counter_id == here)
        ):
            served.weight = weights[served.category.prefix]
        rows = []
        # the window's calls today (weighted mode shares by them): finished tickets called here
        for prefix, n in zip(SERVED, q["calls_today"], strict=True):
            calls_today[cats[prefix].id] = n
            for _ in range(n):
                rows.append((prefix, False, 0, None, TicketStatus.DONE, True, here))
        rows += [(*t, None) for t in q["tickets"]]
        for i, (prefix, priority, minute, sent, status, today, at) in enumerate(rows):
            moment = now - timedelta(minutes=60 - minute)
            target = {None: None, "here": here, "elsewhere": elsewhere}[sent]
            ticket = Ticket(
                category_id=cats[prefix].id,
                issue_category_id=cats[prefix].id,
                service_date=day if today else day - timedelta(days=1),
                sequence=i + 1,
                number=f"{prefix}{i + 1:03d}",
                status=status,
                priority=priority,
                issued_at=moment,
                queue_since=moment,
                called_at=moment if at else None,
                counter_id=at,
                target_counter_id=target,
                recall_count=0,
            )
            session.add(ticket)
            session.flush()
            callable_here = (
                today
                and status in CALLABLE
                and (target == here or (target is None and prefix in SERVED))
            )
            if callable_here:
                candidates.append(
                    Candidate(ticket.id, ticket.category_id, priority, moment, target == here)
                )
    cache.clear()
    return candidates, calls_today


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=queues)
def test_the_pure_rule_the_orm_statement_and_call_next_pick_the_same_ticket(hall, q):
    db, cats, here, elsewhere, now, day = hall
    candidates, calls_today = _set_up(db, cats, here, elsewhere, now, day, q)
    config = queue.counter_config(db, here)
    expected = choose_next(
        candidates,
        config.served,
        mode=q["mode"],
        normal_calls_since_priority=q["since"],
        calls_today=calls_today,
    )
    prefer_priority = q["since"] >= window_priority_every_n(config.served)
    with db.session() as session:
        row = queue.pick_next(session, config, day, prefer_priority)
    if db.backend == "postgresql":  # the function on its own too, before the claim
        with db.session() as session:
            args = queue.pick_function_arguments(config, day) | {"prefer": prefer_priority}
            picked = session.execute(
                text(
                    "SELECT ticket_id FROM halldesk_pick_ticket(:counter_id, :day, :prefer,"
                    " CAST(:category_ids AS bigint[]), CAST(:ranked AS bigint[]),"
                    " CAST(:weights AS integer[]))"
                ),
                args,
            ).scalar()
        assert picked == (expected.ticket_id if expected else None)
    if expected is None:
        assert row is None
        with pytest.raises(queue.NothingWaiting):
            queue.call_next(db, CLERK, here, now=now)
        return
    assert row is not None and row.id == expected.ticket_id
    called = queue.call_next(db, CLERK, here, now=now)
    assert called.id == expected.ticket_id
    assert called.status == TicketStatus.CALLED and called.counter_id == here


def test_the_sql_that_sets_a_status_takes_it_from_the_state_machine():
    for sql in (queue._ISSUE_PG, queue._CALL_NEXT_PG, queue._NO_SHOW_PG):
        for status in TicketStatus:
            assert f"'{status.value}'" not in sql, "a status spelled in SQL: pass it in"
    assert queue._ISSUED == TicketStatus.WAITING
    assert {TRANSITIONS[(s, TicketAction.CALL)] for s in queue._CALL_FROM} == {queue._CALL_TO}
    assert queue._CALL_FROM == CALLABLE
    assert TRANSITIONS[(queue._NO_SHOW_FROM, TicketAction.NO_SHOW)] == queue._NO_SHOW_TO


def test_the_pick_function_calls_what_the_shared_definition_calls(db):
    """halldesk_pick_ticket's three queries (sent to this window; a category; all categories)
    each ask for today's tickets in exactly the callable states, as app/services/callable.py."""
    if db.backend != "postgresql":
        pytest.skip("the function is PostgreSQL's")
    with db.session() as session:
        source = session.scalar(text("SELECT pg_get_functiondef('halldesk_pick_ticket'::regproc)"))
    queries = source.split("RETURN QUERY")[1:]
    assert len(queries) == 3
    for query in queries:
        query = " ".join(query.split())
        (states,) = re.findall(r"t\.status IN \(([^)]*)\)", query)
        assert tuple(sorted(s.strip(" '") for s in states.split(","))) == CALLABLE_VALUES
        assert "t.service_date = p_day" in query
        assert ("t.target_counter_id = p_counter_id" in query) != (
            "t.target_counter_id IS NULL" in query
        )
        assert "SKIP LOCKED" in query
