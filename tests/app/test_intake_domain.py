"""The case state machine and working-day deadlines, without a database or Qt."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.case import (
    CLOCK_STOPPED,
    EVENT_TYPE,
    FINAL,
    TRANSITIONS,
    CaseAction,
    allowed_actions,
    clock_runs,
    next_status,
)
from app.domain.codes import CalendarDayKind, CaseStatus
from app.domain.workdays import (
    EXTENSION_DAYS,
    WorkCalendar,
    YearSource,
    case_due_date,
    package_covers,
    paused_days,
)
from app.errors import Conflict

S, A = CaseStatus, CaseAction

# --------------------------------------------------------------------------- state machine


@pytest.mark.parametrize(
    "path",
    [
        [A.RECEIVE, A.ACCEPT, A.START, A.COMPLETE, A.DELIVER],
        [A.RECEIVE, A.ACCEPT, A.COMPLETE, A.DELIVER],  # instant item at the window
        [A.RECEIVE, A.REQUEST_SUPPLEMENT, A.SUPPLEMENTS_IN, A.ACCEPT],
        [A.RECEIVE, A.REQUEST_SUPPLEMENT, A.ACCEPT],  # supplements in and accepted at once
        [A.RECEIVE, A.REJECT],
        [
            A.RECEIVE,
            A.ACCEPT,
            A.START,
            A.BEGIN_SPECIAL,
            A.END_SPECIAL,
            A.SUSPEND,
            A.RESUME,
            A.EXTEND,
            A.STEP,
            A.COMPLETE,
        ],
        [A.RECEIVE, A.ACCEPT, A.BEGIN_SPECIAL, A.END_SPECIAL, A.COMPLETE],
        [A.RECEIVE, A.REQUEST_SUPPLEMENT, A.WITHDRAW],
        [A.RECEIVE, A.ACCEPT, A.START, A.VOID],
    ],
)
def test_paths_through_the_machine(path):
    status = S.DRAFT
    for action in path:
        status = next_status(status, action)
    assert status in set(TRANSITIONS.values())


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.RECEIVED, A.COMPLETE),  # not before acceptance
        (S.REJECTED, A.ACCEPT),
        (S.NEEDS_SUPPLEMENT, A.START),
        (S.COMPLETED, A.WITHDRAW),
        (S.DELIVERED, A.VOID),
        (S.SPECIAL_PROCEDURE, A.COMPLETE),  # the special procedure ends first
        (S.SUSPENDED, A.DELIVER),
        (S.ACCEPTED, A.REQUEST_SUPPLEMENT),
    ],
)
def test_refused_moves_say_why(status, action):
    with pytest.raises(Conflict) as info:
        next_status(status, action)
    assert status.label in info.value.message


def test_final_states_lead_nowhere_and_stopped_clocks_can_resume():
    for status in FINAL - {S.REJECTED}:
        assert allowed_actions(status) == []
    assert allowed_actions(S.REJECTED) == [A.VOID]  # a rejection entered by mistake
    assert {
        next_status(s, a)
        for s in CLOCK_STOPPED
        for a in (A.END_SPECIAL, A.RESUME)
        if (s, a) in TRANSITIONS
    } == {S.IN_PROGRESS}
    assert not clock_runs(S.SPECIAL_PROCEDURE) and not clock_runs(S.SUSPENDED)
    assert clock_runs(S.IN_PROGRESS)


def test_every_action_has_an_online_hall_event_type():
    assert set(EVENT_TYPE) == set(CaseAction)
    assert set(EVENT_TYPE.values()) <= {
        "application",
        "acceptance",
        "supplement_request",
        "rejection",
        "process_step",
        "completion",
        "delivery",
    }


def test_every_state_but_draft_is_reachable():
    reachable, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            target = next_status(state, action)
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(CaseStatus)


# --------------------------------------------------------------------------- working days


def test_package_covers_2026_but_not_2027():
    assert package_covers(2026)
    assert not package_covers(2027)


def test_spring_festival_2026_with_make_up_saturday():
    cal = WorkCalendar()
    # Fri 13 Feb + 5: Sat 14 (调休上班) counts, 15–23 are the holiday, then 24–27.
    assert cal.add_working_days(date(2026, 2, 13), 5).day == date(2026, 2, 27)
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    assert not cal.is_workday(date(2026, 2, 16))
    assert cal.add_working_days(date(2026, 2, 13), 5).warnings == ()


def test_national_day_2026():
    cal = WorkCalendar()
    # Wed 30 Sep + 3: 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休上班).
    assert cal.add_working_days(date(2026, 9, 30), 3).day == date(2026, 10, 10)
    # Sun 20 Sep is a make-up workday: Sat 19 Sep + 1 is the Sunday.
    assert cal.add_working_days(date(2026, 9, 19), 1).day == date(2026, 9, 20)


def test_statutory_twenty_days_and_zero_for_instant_items():
    cal = WorkCalendar()
    assert cal.add_working_days(date(2026, 3, 2), 0).day == date(2026, 3, 2)
    assert cal.add_working_days(date(2026, 3, 2), 20).day == date(2026, 3, 30)


def test_year_end_into_2027_without_data_counts_weekends_and_warns():
    cal = WorkCalendar()
    due = cal.add_working_days(date(2026, 12, 21), 20)
    # 8 working days left in 2026, then Fri 1 Jan 2027 counts (no data), 4–8, 11–15, 18.
    assert due.day == date(2027, 1, 18)
    assert cal.source(2027) == YearSource.WEEKENDS_ONLY
    assert len(due.warnings) == 1 and "2027 年" in due.warnings[0]
    assert "只扣除周末" in due.warning and "节假日设置" in due.warning


def test_year_end_into_2027_with_the_admins_table():
    overrides = {
        date(2027, 1, 1): CalendarDayKind.HOLIDAY,
        date(2027, 1, 4): CalendarDayKind.HOLIDAY,
        date(2027, 1, 9): CalendarDayKind.WORKDAY,  # a Saturday made a workday
    }
    cal = WorkCalendar(overrides)
    assert cal.source(2027) == YearSource.OVERRIDES
    due = cal.add_working_days(date(2026, 12, 21), 20)
    # 8 in 2026; 5,6,7,8 (12), Sat 9 (13), 11–15 (18), 18, 19 (20)
    assert due.day == date(2027, 1, 19)
    assert due.warnings == ()


def test_override_wins_over_the_package():
    # An extra day off the State Council announced late, entered by the admin.
    cal = WorkCalendar({date(2026, 3, 3): CalendarDayKind.HOLIDAY})
    assert not cal.is_workday(date(2026, 3, 3))
    assert cal.add_working_days(date(2026, 3, 2), 1).day == date(2026, 3, 4)


def test_special_procedure_stops_the_clock_and_one_extension():
    cal = WorkCalendar()
    accepted = date(2026, 3, 2)  # Monday
    assert case_due_date(cal, accepted, 5).day == date(2026, 3, 9)
    # Expert review from Tue 3 Mar to Thu 5 Mar: Wed and Thu do not count.
    stopped = paused_days(cal, date(2026, 3, 3), date(2026, 3, 5))
    assert stopped == 2
    assert case_due_date(cal, accepted, 5, paused_working_days=stopped).day == date(2026, 3, 11)
    extended = case_due_date(
        cal, accepted, 5, extension_days=EXTENSION_DAYS, paused_working_days=stopped
    )
    assert extended.day == date(2026, 3, 25)
    assert paused_days(cal, date(2026, 3, 3), date(2026, 3, 3)) == 0


def test_working_days_between_over_the_spring_festival():
    cal = WorkCalendar()
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5
    assert cal.working_days_between(date(2026, 2, 27), date(2026, 2, 13)) == 0
