"""The queue service on SQLite and PostgreSQL: numbers, calls, every window action, bad input."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.db.models import Counter, Ticket, TicketEvent
from app.domain.codes import CounterState, PriorityReason, Role, TicketStatus
from app.domain.queue import (
    CallMode,
    Candidate,
    ServedCategory,
    calls_since_priority_after,
    choose_next,
)
from app.errors import Conflict, ValidationError
from app.services import admin, cache, queue
from app.services.context import Actor
from app.services.queue import NothingWaiting


@pytest.fixture
def hall(demo_db):
    cats = {c.prefix: c for c in admin.list_categories(demo_db)}
    counters = {c.number: c for c in admin.list_counters(demo_db)}
    return demo_db, cats, counters


def clerk(n: int) -> Actor:
    return Actor(user_id=None, username=f"clerk{n:02d}", role=Role.CLERK, host=f"pc{n}")


def test_numbers_are_sequential_per_category_and_restart_each_day(hall):
    db, cats, _ = hall
    # 15:59 UTC is 23:59 in Shanghai; 16:01 UTC is already the next day there.
    day1 = datetime(2026, 11, 24, 15, 59, tzinfo=UTC)
    day2 = datetime(2026, 11, 24, 16, 1, tzinfo=UTC)
    a = [queue.issue_ticket(db, cats["A"].id, now=day1).ticket.number for _ in range(3)]
    b = queue.issue_ticket(db, cats["B"].id, now=day1).ticket.number
    a_next_day = queue.issue_ticket(db, cats["A"].id, now=day2).ticket
    assert a == ["A001", "A002", "A003"] and b == "B001"
    assert a_next_day.number == "A001"
    assert str(a_next_day.issued_at.astimezone(timezone(timedelta(hours=8))).date()) == "2026-11-25"


def test_issue_carries_people_ahead_and_an_estimate(hall):
    db, cats, counters = hall
    for _ in range(4):
        queue.issue_ticket(db, cats["C"].id)
    issued = queue.issue_ticket(db, cats["C"].id)
    assert issued.people_ahead == 4
    assert issued.estimated_wait_minutes > 0


def test_priority_needs_a_reason_and_a_category_that_allows_it(hall):
    db, cats, _ = hall
    with pytest.raises(ValidationError) as error:
        queue.issue_ticket(db, cats["A"].id, priority=True)
    assert error.value.field == "priority_reason"


def test_call_next_with_nobody_waiting_changes_nothing(hall):
    db, _, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    with pytest.raises(NothingWaiting) as error:
        queue.call_next(db, clerk(1), c1)
    assert "没有人在等候" in error.value.message and "企业开办" in error.value.message
    assert queue.window_state(db, c1).current is None


def test_priority_mix_at_a_window(hall):
    db, cats, counters = hall
    c1 = counters[1].id  # serves A only; A's ratio is 3
    queue.open_counter(db, clerk(1), c1)
    for _ in range(6):
        queue.issue_ticket(db, cats["A"].id)
    for _ in range(2):
        queue.issue_ticket(db, cats["A"].id, priority=True, priority_reason=PriorityReason.ELDERLY)
    order = []
    for _ in range(8):
        ticket = queue.call_next(db, clerk(1), c1)
        order.append(ticket.priority)
        queue.finish_service(db, clerk(1), c1)
    assert order == [False, False, False, True, False, False, False, True]


@pytest.mark.parametrize("mode", list(CallMode))
def test_sql_calling_rule_agrees_with_the_pure_rule(hall, mode, set_hall_time):
    """Random queues over the categories of window 11 (F, A, C in that order, weights 1, 3, 2),
    with tickets of another category sent straight to window 11: in every calling mode the ticket
    the database claims (on PostgreSQL: halldesk_pick_ticket; on SQLite: one ORDER BY) is the one
    app.domain.queue.choose_next picks, until nobody is left."""
    db, cats, counters = hall
    rng = random.Random(f"rule-{mode}")
    c11 = counters[11]
    weights = {"F": 1, "A": 3, "C": 2}
    with db.session() as session:
        counter = session.get(Counter, c11.id)
        counter.call_mode = mode.value
        for served_category in counter.categories:
            served_category.weight = weights[served_category.category.prefix]
    cache.clear()
    queue.open_counter(db, clerk(11), c11.id)
    queue.open_counter(db, clerk(3), counters[3].id)
    served_prefixes = ["F", "A", "C"]
    # Issued from 05:00, called from 10:00: all of it today's queue, whatever the hour of the run.
    base = set_hall_time("10:00") - timedelta(minutes=300)
    for i in range(60):
        prefix = rng.choice(served_prefixes + ["B"])  # B is not served by window 11
        priority = rng.random() < 0.25
        queue.issue_ticket(
            db,
            cats[prefix].id,
            priority=priority,
            priority_reason=PriorityReason.DISABLED if priority else None,
            now=base + timedelta(minutes=i),
        )
    for _ in range(4):  # window 3 sends some B tickets straight to window 11
        queue.call_next(db, clerk(3), counters[3].id)
        queue.transfer(db, clerk(3), counters[3].id, to_counter_number=11)
    served = [
        ServedCategory(cats[p].id, pos, weights[p], cats[p].priority_every_n)
        for pos, p in enumerate(served_prefixes)
    ]
    since = 0
    calls_today: dict[int, int] = {}
    picked_targeted = 0
    while True:
        waiting = queue.waiting_for_counter(db, c11.id)
        expected = choose_next(
            [
                Candidate(
                    t.id, t.category_id, t.priority, t.queue_since, t.target_counter_id == c11.id
                )
                for t in waiting
            ],
            served,
            mode=mode,
            normal_calls_since_priority=since,
            calls_today=calls_today,
        )
        if expected is None:
            with pytest.raises(NothingWaiting):
                queue.call_next(db, clerk(11), c11.id)
            break
        got = queue.call_next(db, clerk(11), c11.id)
        assert got.id == expected.ticket_id
        picked_targeted += expected.targeted
        since = calls_since_priority_after(since, got.priority)
        calls_today[got.category_id] = calls_today.get(got.category_id, 0) + 1
        queue.mark_no_show(db, clerk(11), c11.id)
    assert picked_targeted == 4


def test_recall_past_the_cap_becomes_a_no_show(hall):
    db, cats, counters = hall
    c5 = counters[5].id
    queue.open_counter(db, clerk(5), c5)
    queue.issue_ticket(db, cats["C"].id)
    queue.call_next(db, clerk(5), c5)
    for n in (1, 2, 3):
        assert queue.recall(db, clerk(5), c5).recall_count == n
    last = queue.recall(db, clerk(5), c5)
    assert last.status == TicketStatus.NO_SHOW
    assert queue.window_state(db, c5).current is None


def test_transfer_to_a_category_keeps_the_original_place(hall, set_hall_time):
    db, cats, counters = hall
    c1, c5 = counters[1].id, counters[5].id
    for c in (c1, c5):
        queue.open_counter(db, clerk(1), c)
    early = set_hall_time("10:00") - timedelta(hours=1)  # still today: 09:00
    moved = queue.issue_ticket(db, cats["A"].id, now=early).ticket
    later = queue.issue_ticket(db, cats["C"].id, now=early + timedelta(minutes=30)).ticket
    queue.call_next(db, clerk(1), c1)
    transferred = queue.transfer(db, clerk(1), c1, to_category_id=cats["C"].id)
    assert (
        transferred.status == TicketStatus.TRANSFERRED
        and transferred.queue_since == moved.queue_since
    )
    assert queue.call_next(db, clerk(5), c5).id == moved.id  # ahead of the later C ticket
    queue.finish_service(db, clerk(5), c5)
    assert queue.call_next(db, clerk(5), c5).id == later.id


def test_transfer_to_a_window_and_back(hall):
    db, cats, counters = hall
    c1, c9 = counters[1].id, counters[9].id
    for c in (c1, c9):
        queue.open_counter(db, clerk(1), c)
    ticket = queue.issue_ticket(db, cats["A"].id).ticket
    queue.call_next(db, clerk(1), c1)
    queue.start_service(db, clerk(1), c1)
    queue.transfer(db, clerk(1), c1, to_counter_number=9, return_here=True)
    assert queue.call_next(db, clerk(9), c9).id == ticket.id
    back = queue.finish_service(db, clerk(9), c9)
    assert back.status == TicketStatus.TRANSFERRED and back.target_counter_id == c1
    assert queue.call_next(db, clerk(1), c1).id == ticket.id
    assert queue.finish_service(db, clerk(1), c1).status == TicketStatus.DONE


def test_transfer_to_a_closed_category_is_refused_and_changes_nothing(hall):
    db, cats, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    queue.issue_ticket(db, cats["A"].id)
    called = queue.call_next(db, clerk(1), c1)
    with pytest.raises(ValidationError) as error:  # every window serving B is closed
        queue.transfer(db, clerk(1), c1, to_category_id=cats["B"].id)
    assert "没有开放的窗口" in error.value.message and error.value.field == "transfer_target"
    assert queue.window_state(db, c1).current.id == called.id
    assert queue.window_state(db, c1).current.status == TicketStatus.CALLED


def test_hold_and_call_back(hall):
    db, cats, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    first = queue.issue_ticket(db, cats["A"].id).ticket
    second = queue.issue_ticket(db, cats["A"].id).ticket
    queue.call_next(db, clerk(1), c1)
    assert queue.hold(db, clerk(1), c1).status == TicketStatus.ON_HOLD
    assert [t.id for t in queue.held_at_counter(db, c1)] == [first.id]
    assert queue.call_next(db, clerk(1), c1).id == second.id
    with pytest.raises(Conflict):
        queue.call_back(db, clerk(1), c1, first.id)  # second is still at the window
    queue.finish_service(db, clerk(1), c1)
    assert queue.call_back(db, clerk(1), c1, first.id).status == TicketStatus.CALLED


def test_pause_needs_a_reason_and_blocks_calls(hall):
    db, cats, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    with pytest.raises(ValidationError):
        queue.pause_counter(db, clerk(1), c1, "  ")
    state = queue.pause_counter(db, clerk(1), c1, "临时离开")
    assert state.state == CounterState.PAUSED and state.pause_reason == "临时离开"
    queue.issue_ticket(db, cats["A"].id)
    with pytest.raises(Conflict) as error:
        queue.call_next(db, clerk(1), c1)
    assert "暂停" in error.value.message
    assert queue.resume_counter(db, clerk(1), c1).state == CounterState.OPEN
    assert queue.call_next(db, clerk(1), c1).number == "A001"


def test_call_specific_ticket(hall):
    db, cats, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    queue.issue_ticket(db, cats["A"].id)
    b = queue.issue_ticket(db, cats["B"].id).ticket
    assert queue.call_specific(db, clerk(1), c1, " b001 ").id == b.id
    queue.finish_service(db, clerk(1), c1)
    with pytest.raises(Conflict):
        queue.call_specific(db, clerk(1), c1, "B001")


def test_window_state_survives_a_restart(hall, db_url):
    from app.db.engine import open_database

    db, cats, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    queue.issue_ticket(db, cats["A"].id)
    queue.call_next(db, clerk(1), c1)
    queue.start_service(db, clerk(1), c1)
    db.dispose()
    again = open_database(db_url)
    state = queue.window_state(again, c1)
    assert state.state == CounterState.OPEN and state.current.number == "A001"
    assert state.current.status == TicketStatus.SERVING
    again.dispose()


def test_end_of_day_expires_what_still_waits(hall):
    db, cats, counters = hall
    yesterday = utcnow() - timedelta(days=1)
    queue.issue_ticket(db, cats["A"].id, now=yesterday)
    queue.issue_ticket(db, cats["A"].id)
    assert queue.expire_stale(db) == 1
    with db.reader() as session:
        statuses = session.scalars(select(Ticket.status).order_by(Ticket.id)).all()
    assert statuses == [TicketStatus.EXPIRED, TicketStatus.WAITING]


def test_every_step_is_an_event(hall):
    db, cats, counters = hall
    c1 = counters[1].id
    queue.open_counter(db, clerk(1), c1)
    t = queue.issue_ticket(db, cats["A"].id).ticket
    queue.call_next(db, clerk(1), c1)
    queue.recall(db, clerk(1), c1)
    queue.start_service(db, clerk(1), c1)
    queue.finish_service(db, clerk(1), c1)
    with db.reader() as session:
        events = session.execute(
            select(
                TicketEvent.event_type,
                TicketEvent.from_status,
                TicketEvent.to_status,
                TicketEvent.counter_id,
            )
            .where(TicketEvent.ticket_id == t.id)
            .order_by(TicketEvent.id)
        ).all()
        assert (
            session.scalar(
                select(func.count()).select_from(Counter).where(Counter.current_ticket_id == t.id)
            )
            == 0
        )
    assert [e[0] for e in events] == ["issue", "call", "recall", "start", "finish"]
    assert events[1][1:] == (TicketStatus.WAITING, TicketStatus.CALLED, c1)
    assert events[-1][2] == TicketStatus.DONE


def test_yesterdays_queue_expires_when_a_pc_starts(tmp_path):
    from app.bootstrap import prepare_database
    from app.settings import load_settings

    config = tmp_path / "halldesk.toml"
    config.write_text("", encoding="utf-8")
    settings = load_settings(config, environ={}, overrides={"data_dir": str(tmp_path)})
    db, _ = prepare_database(settings, demo=True)
    category = next(c for c in admin.list_categories(db) if c.prefix == "B")
    queue.issue_ticket(db, category.id, now=utcnow() - timedelta(days=1))
    db.dispose()

    db, _ = prepare_database(settings)  # the next morning's first start
    with db.reader() as session:
        assert session.scalars(select(Ticket.status)).all() == [TicketStatus.EXPIRED]
    db.dispose()


def test_no_show_ends_the_call_frees_the_window_and_is_an_event(hall):
    from app.db.models import User

    db, cats, counters = hall
    c1 = counters[1].id
    with db.reader() as session:
        user_id = session.scalars(select(User.id).where(User.username == "clerk01")).one()
    actor = Actor(user_id=user_id, username="clerk01", role=Role.CLERK, host="pc1")
    queue.issue_ticket(db, cats["A"].id)
    queue.open_counter(db, actor, c1)
    with pytest.raises(Conflict):  # nothing called yet: a message, nothing changed
        queue.mark_no_show(db, actor, c1)
    called = queue.call_next(db, actor, c1)
    gone = queue.mark_no_show(db, actor, c1)
    assert (gone.id, gone.status, gone.counter_number) == (called.id, TicketStatus.NO_SHOW, 1)
    assert queue.window_state(db, c1).current is None
    with db.reader() as session:
        ticket = session.get(Ticket, called.id)
        assert ticket.finished_at is not None
        event = session.scalars(
            select(TicketEvent)
            .where(TicketEvent.ticket_id == called.id)
            .order_by(TicketEvent.id.desc())
        ).first()
        assert (event.event_type, event.from_status, event.to_status) == (
            "no_show",
            TicketStatus.CALLED,
            TicketStatus.NO_SHOW,
        )
        assert (event.counter_id, event.user_id) == (c1, user_id)


def _call_and_skip(db, number: int, counter_id: int) -> str:
    called = queue.call_next(db, clerk(number), counter_id)
    queue.mark_no_show(db, clerk(number), counter_id)
    return called.number


def test_a_priority_ticket_is_told_the_normal_calls_due_before_it_and_they_are(hall, set_hall_time):
    set_hall_time("10:00")
    db, cats, counters = hall
    c3 = counters[3].id
    queue.open_counter(db, clerk(3), c3)  # the only open window for B; one priority call per 3
    for _ in range(4):
        queue.issue_ticket(db, cats["B"].id)
    priority = queue.issue_ticket(
        db, cats["B"].id, priority=True, priority_reason=PriorityReason.ELDERLY
    )
    assert priority.people_ahead == 3
    assert priority.estimated_wait_minutes > 0
    # The promise holds: three normal tickets, then the priority ticket.
    calls = [_call_and_skip(db, 3, c3) for _ in range(5)]
    assert calls == ["B001", "B002", "B003", priority.ticket.number, "B004"]


def test_the_waiting_list_is_the_order_f1_calls_in(hall, set_hall_time):
    set_hall_time("10:00")
    db, cats, counters = hall
    c9 = counters[9].id  # 税务窗口: E before A
    queue.open_counter(db, clerk(9), c9)
    for prefix, priority in [("A", False), ("E", False), ("A", True), ("A", False), ("E", False)]:
        queue.issue_ticket(
            db,
            cats[prefix].id,
            priority=priority,
            priority_reason=PriorityReason.ELDERLY if priority else None,
        )
    listed = [t.number for t in queue.waiting_for_counter(db, c9)]
    # E first by the window's order, then A; the priority ticket after 3 normal calls.
    assert listed == ["E001", "E002", "A001", "A002", "A003"]
    assert [_call_and_skip(db, 9, c9) for _ in range(5)] == listed
    assert queue.waiting_for_counter(db, c9) == []
