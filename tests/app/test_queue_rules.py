"""The queue's rules without Qt or a database: the ticket state machine and the calling rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.codes import TicketStatus as S
from app.domain.queue import (
    AT_WINDOW,
    CALLABLE,
    FINAL,
    TRANSITIONS,
    CallMode,
    Candidate,
    ServedCategory,
    TicketAction,
    Waiting,
    WindowRule,
    allowed_actions,
    calling_order,
    calls_ahead,
    calls_since_priority_after,
    choose_next,
    format_number,
    next_status,
    take_priority,
)
from app.errors import Conflict

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def test_numbers():
    assert format_number("A", 1, 3) == "A001"
    assert format_number("B", 42, 3) == "B042"
    assert format_number("C", 1234, 3) == "C1234"


def test_every_listed_transition_and_nothing_else():
    for state in S:
        for action in TicketAction:
            if (state, action) in TRANSITIONS:
                assert next_status(state, action) == TRANSITIONS[(state, action)]
            else:
                with pytest.raises(Conflict) as error:
                    next_status(state, action, "A001")
                assert "A001" in error.value.message and state.label in error.value.message


def test_final_states_are_final():
    for state in FINAL:
        assert allowed_actions(state) == set()


def test_calls_only_from_the_queue():
    assert {s for (s, a) in TRANSITIONS if a == TicketAction.CALL} == set(CALLABLE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(TicketAction)), max_size=40))
def test_any_sequence_of_actions_keeps_the_invariants(actions):
    """Applying any sequence (refused actions change nothing) never leaves a final state, never
    reaches an unknown one, and a ticket is at a window only after a call."""
    state = S.WAITING
    called = False
    for action in actions:
        try:
            after = next_status(state, action)
        except Conflict:
            continue
        assert state not in FINAL
        if action in (TicketAction.CALL, TicketAction.CALL_BACK):
            called = True
        if after in AT_WINDOW:
            assert called
        state = after
    assert state in set(S)


@given(st.integers(0, 20), st.integers(1, 10))
def test_priority_only_when_waiting(since, every_n):
    assert take_priority(since, every_n, priority_waiting=False, normal_waiting=True) is False
    assert take_priority(since, every_n, priority_waiting=True, normal_waiting=False) is True


@settings(max_examples=100, deadline=None)
@given(every_n=st.integers(1, 6), calls=st.integers(1, 60))
def test_priority_mix_follows_the_ratio_and_starves_nobody(every_n, calls):
    """With both classes always waiting, the calls go N normal, 1 priority, N normal, 1 priority …"""
    since = 0
    pattern = []
    for _ in range(calls):
        priority = take_priority(since, every_n, priority_waiting=True, normal_waiting=True)
        pattern.append(priority)
        since = calls_since_priority_after(since, priority)
    expected = [(i % (every_n + 1)) == every_n for i in range(calls)]
    assert pattern == expected
    # neither class waits more than N+1 calls for its turn
    gaps = [i for i, p in enumerate(pattern) if p]
    assert all(b - a == every_n + 1 for a, b in zip(gaps, gaps[1:], strict=False))


def _served(*ids: int, every_n: int = 3) -> list[ServedCategory]:
    return [ServedCategory(cid, pos, 1, every_n) for pos, cid in enumerate(ids)]


def test_oldest_first_within_a_class_and_category_order():
    served = _served(1, 2)
    tickets = [
        Candidate(10, 2, False, T0),
        Candidate(11, 1, False, T0 + timedelta(minutes=5)),
        Candidate(12, 1, False, T0 + timedelta(minutes=1)),
    ]
    assert (
        choose_next(tickets, served, mode=CallMode.ORDER, normal_calls_since_priority=0).ticket_id
        == 12
    )
    assert (
        choose_next(tickets, served, mode=CallMode.FIFO, normal_calls_since_priority=0).ticket_id
        == 10
    )


def test_weighted_mode_shares_by_weight():
    served = [ServedCategory(1, 0, 2, 3), ServedCategory(2, 1, 1, 3)]
    tickets = [Candidate(1, 1, False, T0), Candidate(2, 2, False, T0)]
    assert (
        choose_next(
            tickets,
            served,
            mode=CallMode.WEIGHTED,
            normal_calls_since_priority=0,
            calls_today={1: 2, 2: 0},
        ).category_id
        == 2
    )
    assert (
        choose_next(
            tickets,
            served,
            mode=CallMode.WEIGHTED,
            normal_calls_since_priority=0,
            calls_today={1: 1, 2: 1},
        ).category_id
        == 1
    )


def test_transferred_ticket_keeps_its_place_and_targeted_go_first():
    served = _served(1)
    old_transferred = Candidate(5, 1, False, T0 - timedelta(hours=1))
    fresh = Candidate(6, 1, False, T0)
    assert (
        choose_next(
            [fresh, old_transferred], served, mode=CallMode.ORDER, normal_calls_since_priority=0
        ).ticket_id
        == 5
    )
    sent_here = Candidate(7, 3, False, T0 + timedelta(minutes=9), targeted=True)
    assert (
        choose_next(
            [fresh, sent_here], served, mode=CallMode.ORDER, normal_calls_since_priority=0
        ).ticket_id
        == 7
    )


def test_nobody_waiting():
    assert choose_next([], _served(1), mode=CallMode.ORDER, normal_calls_since_priority=0) is None


def test_a_windows_share_of_calls_follows_its_calling_mode():
    from types import SimpleNamespace

    from app.services.estimate import ORDER_LEFTOVER, window_share

    def window(mode: str, position: int = 1, weight: int = 1):
        return SimpleNamespace(call_mode=mode, position=position, weight=weight)

    # Nobody else waiting at the window: all of it, whatever the mode.
    assert window_share(window("order"), []) == window_share(window("fifo"), []) == 1.0
    # In order: first in line gets the window, behind a busy category only the leftovers.
    assert window_share(window("order", position=0), [(1, 1), (2, 1)]) == 1.0
    assert window_share(window("order", position=2), [(0, 1)]) == ORDER_LEFTOVER
    # Weighted: its weight among the busy ones; FIFO: an even share.
    assert window_share(window("weighted", weight=3), [(0, 1)]) == 0.75
    assert window_share(window("fifo"), [(0, 1), (2, 5)]) == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- the rule played forward


def _w(i: int, category: int, *, priority: bool = False, minutes: int = 0, target=None):
    return Waiting(i, category, priority, T0 + timedelta(minutes=minutes), target)


def _rule(counter_id: int, *categories: int, since: int = 0, every_n: int = 3, mode=CallMode.ORDER):
    served = tuple(ServedCategory(c, pos, 1, every_n) for pos, c in enumerate(categories))
    return WindowRule(counter_id, served, mode, normal_calls_since_priority=since)


def test_a_priority_ticket_hears_of_the_normal_calls_still_due_before_its_turn():
    normals = [_w(i, 1, minutes=i) for i in range(1, 6)]
    new = _w(99, 1, priority=True, minutes=30)
    # One priority call after every 3 normal calls: with none made since the last, 3 come first.
    assert calls_ahead(normals, [_rule(7, 1, since=0)], new) == 3
    # The window has made 2 normal calls since its last priority call: 1 more, then this one.
    assert calls_ahead(normals, [_rule(7, 1, since=2)], new) == 1
    assert calls_ahead(normals, [_rule(7, 1, since=3)], new) == 0
    # An earlier priority ticket goes first, and the mix starts again after it.
    earlier = _w(50, 1, priority=True, minutes=20)
    assert calls_ahead([*normals, earlier], [_rule(7, 1, since=3)], new) == 4


def test_a_normal_ticket_counts_the_priority_tickets_the_mix_puts_before_it():
    waiting = [_w(i, 1, minutes=i) for i in range(1, 5)] + [
        _w(20, 1, priority=True, minutes=20),
        _w(21, 1, priority=True, minutes=21),
    ]
    new = _w(99, 1, minutes=30)
    # N1 N2 N3 P1 N4 | new: the second priority ticket waits for 3 more normal calls.
    assert calls_ahead(waiting, [_rule(7, 1)], new) == 5


def test_two_windows_take_turns_and_each_keeps_its_own_mix():
    normals = [_w(i, 1, minutes=i) for i in range(1, 5)]
    new = _w(99, 1, priority=True, minutes=30)
    # Each window calls 2 normals (its count reaches 2 of 3); then nobody normal is left.
    assert calls_ahead(normals, [_rule(7, 1), _rule(8, 1)], new) == 4
    # A window close to its priority call takes it at once.
    assert calls_ahead(normals, [_rule(7, 1), _rule(8, 1, since=3)], new) == 1


def test_other_categories_called_at_a_shared_window_are_not_counted_as_people_ahead():
    waiting = [_w(1, 2, minutes=1), _w(2, 2, minutes=2), _w(3, 1, minutes=3)]
    new = _w(99, 1, minutes=30)
    # The window calls category 2 first (its order): those are its share, not people in line.
    assert calls_ahead(waiting, [_rule(7, 2, 1)], new) == 1


def test_a_category_no_window_serves_counts_its_queue_priority_first():
    waiting = [_w(1, 1, minutes=1), _w(2, 1, priority=True, minutes=2), _w(3, 1, minutes=40)]
    assert calls_ahead(waiting, [], _w(99, 1, minutes=30)) == 2
    assert calls_ahead(waiting, [], _w(98, 1, priority=True, minutes=30)) == 1


def test_the_window_calling_order_is_the_order_choose_next_calls_in():
    waiting = [
        _w(1, 1, minutes=1),  # A
        _w(2, 2, minutes=2),  # E
        _w(3, 1, priority=True, minutes=3),
        _w(4, 1, minutes=4),
        _w(5, 2, minutes=5),
        _w(6, 3, minutes=0, target=9),  # sent straight to this window
        _w(7, 3, minutes=0, target=8),  # sent to another window: not ours
    ]
    rule = _rule(9, 2, 1)  # E before A
    order = calling_order(waiting, rule, limit=10)
    # Sent here first; then E, E, A by order (3 normal calls); the priority call; the last A.
    assert order == [6, 2, 5, 3, 1, 4]
    assert calling_order(waiting, rule, limit=2) == [6, 2]
    assert rule.normal_calls_since_priority == 0  # the caller's rule is not played on

    # The same order, call by call, from choose_next over every waiting ticket.
    pool = [w for w in waiting if w.target_counter_id in (None, 9)]
    since, expected = 0, []
    while pool:
        pick = choose_next(
            [
                Candidate(
                    w.ticket_id, w.category_id, w.priority, w.queue_since, w.target_counter_id == 9
                )
                for w in pool
            ],
            rule.served,
            mode=rule.mode,
            normal_calls_since_priority=since,
        )
        expected.append(pick.ticket_id)
        since = calls_since_priority_after(since, pick.priority)
        pool = [w for w in pool if w.ticket_id != pick.ticket_id]
    assert order == expected
