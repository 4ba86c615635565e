"""The case state machine and working-day deadlines, without a database or Qt."""

from __future__ import annotations

from datetime import date, timedelta

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
    DueDate,
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
        [A.RECEIVE, A.REQUEST_SUPPLEMENT, A.TERMINATE],  # the supplement deadline passed
        [A.RECEIVE, A.REQUEST_SUPPLEMENT, A.REJECT],
        [A.RECEIVE, A.WITHDRAW],  # 收件, then the applicant withdraws before the decision
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
        (S.RECEIVED, A.TERMINATE),  # only a case waiting for supplements is ended so
        (S.ACCEPTED, A.TERMINATE),
        (S.TERMINATED, A.VOID),
        (S.TERMINATED, A.SUPPLEMENTS_IN),
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
    assert S.TERMINATED in FINAL and allowed_actions(S.TERMINATED) == []
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


def test_what_can_happen_to_an_application_before_it_is_accepted():
    """收件 (received) waits for the office's decision; 待补正 for the applicant."""
    assert set(allowed_actions(S.RECEIVED)) == {
        A.ACCEPT,
        A.REQUEST_SUPPLEMENT,
        A.REJECT,
        A.WITHDRAW,
        A.VOID,
    }
    assert set(allowed_actions(S.NEEDS_SUPPLEMENT)) == {
        A.SUPPLEMENTS_IN,
        A.ACCEPT,
        A.REJECT,
        A.WITHDRAW,
        A.TERMINATE,
        A.VOID,
    }
    assert next_status(S.NEEDS_SUPPLEMENT, A.TERMINATE) == S.TERMINATED


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


def test_deadlines_into_2027_skip_its_statutory_holidays_and_warn_until_confirmed():
    cal = WorkCalendar()
    assert cal.source(2027) == YearSource.STATUTORY
    # The three deadlines that fell on New Year's Day 2027 with weekends only: Mon 4 Jan now.
    assert cal.add_working_days(date(2026, 12, 4), 20).day == date(2027, 1, 4)
    assert cal.add_working_days(date(2026, 12, 25), 5).day == date(2027, 1, 4)
    assert cal.add_working_days(date(2026, 12, 31), 1).day == date(2027, 1, 4)
    # Spring Festival 2027: 除夕 Fri 5 Feb and 初三 Mon 8 Feb are statutory days off.
    due = cal.add_working_days(date(2027, 1, 20), 20)
    assert due.day == date(2027, 2, 19)
    assert not cal.is_workday(date(2027, 2, 5)) and not cal.is_workday(date(2027, 2, 8))
    # Each answer that touches 2027 says the arrangement (调休) is not confirmed yet.
    assert len(due.warnings) == 1 and "2027 年的放假安排尚未确认" in due.warnings[0]
    assert "调休" in due.warning and "节假日设置" in due.warning
    assert cal.add_working_days(date(2026, 12, 1), 3).warnings == ()  # within 2026: no warning


def test_entering_a_day_does_not_confirm_a_year_an_explicit_confirmation_does():
    overrides = {
        date(2027, 1, 4): CalendarDayKind.HOLIDAY,  # an extra rest day of the arrangement
        date(2027, 1, 9): CalendarDayKind.WORKDAY,  # a Saturday made a workday (调休)
    }
    entered = WorkCalendar(overrides)
    assert entered.source(2027) == YearSource.STATUTORY
    due = entered.add_working_days(date(2026, 12, 21), 20)
    # 8 in 2026; Fri 1 Jan statutory, Mon 4 Jan entered off; 5–8 (12), Sat 9 (13), 11–15 (18),
    # 18, 19 (20)
    assert due.day == date(2027, 1, 19)
    assert len(due.warnings) == 1
    confirmed = WorkCalendar(overrides, confirmed_years=[2027])
    assert confirmed.source(2027) == YearSource.CONFIRMED
    assert confirmed.add_working_days(date(2026, 12, 21), 20) == DueDate(date(2027, 1, 19))


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


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_holidays_agree_with_chinesecalendar(year):
    """What the `holidays` package computes (the 放假办法's 13 days, no annual arrangement) against
    chinesecalendar's published years: every statutory day is a day off there; what chinesecalendar
    has beyond them is the annual arrangement (bridging rest days and 调休 make-up days), which is
    exactly what an admin enters and confirms for a year the package does not know."""
    import chinese_calendar

    from app.domain.workdays import statutory_holidays

    days = [date(year, 1, 1) + timedelta(days=i) for i in range(365)]
    statutory = statutory_holidays(year)
    assert len(statutory) == 13  # 元旦1 春节4 清明1 劳动2 端午1 中秋1 国庆3 (from 2025)
    assert all(chinese_calendar.is_holiday(d) for d in statutory)
    arrangement_off = {
        d for d in days if chinese_calendar.is_holiday(d) and d.weekday() < 5 and d not in statutory
    }
    makeup = {d for d in days if chinese_calendar.is_workday(d) and d.weekday() >= 5}
    # The arrangement only ever adds rest days next to a festival and makes up some weekends.
    assert arrangement_off and makeup
    assert all(any(abs((d - s).days) <= 4 for s in statutory) for d in arrangement_off), (
        arrangement_off
    )


def test_the_statutory_holidays_of_2027():
    from app.domain.workdays import statutory_holidays

    assert sorted(statutory_holidays(2027)) == [
        date(2027, 1, 1),  # 元旦
        date(2027, 2, 5),  # 除夕
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),  # 初三
        date(2027, 4, 5),  # 清明
        date(2027, 5, 1),
        date(2027, 5, 2),  # 劳动节
        date(2027, 6, 9),  # 端午
        date(2027, 9, 15),  # 中秋
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),  # 国庆
    ]


ARRANGEMENT_2027 = """
# 国务院办公厅关于2027年部分节假日安排的通知（示例）
年份 2027
文号 国办发明电〔2026〕X号
2027-02-05 休息 春节
2027-02-09 休息 春节
2027-02-10 休息 春节
2027-02-11 休息 春节
2027-02-20 上班 春节调休
2027-10-04 放假 国庆节   # 放假 is a day off too
"""


def test_an_arrangement_file_is_read():
    from app.domain.workdays import parse_arrangement

    arrangement = parse_arrangement(ARRANGEMENT_2027)
    assert arrangement.year == 2027 and arrangement.note == "国办发明电〔2026〕X号"
    assert [(d.day.isoformat(), d.kind.value, d.name) for d in arrangement.days][:2] == [
        ("2027-02-05", "holiday", "春节"),
        ("2027-02-09", "holiday", "春节"),
    ]
    assert arrangement.days[4].kind == CalendarDayKind.WORKDAY


@pytest.mark.parametrize(
    "text, says",
    [
        ("年份 2027\n2027-02-31 休息 春节", "第 2 行：“2027-02-31”不是日期"),
        ("年份 2027\n2027-02-05 不上班", "第 2 行：日期后应写“休息”或“上班”"),
        ("年份 2027\n2027-02-09 上班 调休", "第 2 行：2027-02-09 是星期二，本来就上班"),
        ("年份 2027\n2027-02-05 休息\n2027-02-05 休息", "第 3 行：2027-02-05 重复出现"),
        ("年份 2027\n2028-01-03 休息", "2028-01-03 不在 2027 年"),
        ("年份 二〇二七\n2027-02-05 休息", "第 1 行：年份应是四位数字"),
        ("2027-02-05 休息\n2028-02-05 休息", "请在文件开头写明年份"),
        ("年份 2027\n# 空的", "文件里没有 2027 年的任何日期"),
    ],
)
def test_a_wrong_arrangement_file_names_the_line_and_the_fix(text, says):
    from app.domain.workdays import ArrangementError, parse_arrangement

    with pytest.raises(ArrangementError) as error:
        parse_arrangement(text)
    assert says in str(error.value)


STATUTORY_2027 = {
    date(2027, 1, 1),
    *(date(2027, 2, d) for d in (5, 6, 7, 8)),
    date(2027, 4, 5),
    date(2027, 5, 1),
    date(2027, 5, 2),
    date(2027, 6, 9),
    date(2027, 9, 15),
    *(date(2027, 10, d) for d in (1, 2, 3)),
}  # typed from the 放假办法 and the 2027 lunar calendar, not from the package under test


def _reference_due(start: date, days: int) -> date:
    import chinese_calendar

    def workday(d: date) -> bool:
        if d.year == 2026:
            return chinese_calendar.is_workday(d)
        return d.weekday() < 5 and d not in STATUTORY_2027

    day = start
    while days:
        day += timedelta(days=1)
        if workday(day):
            days -= 1
    return day


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("days", [1, 5, 10, 20, 30])
def test_deadlines_from_every_month_end_of_2026(month, days):
    """From the last day of each month of 2026, the deadlines that cross into 2027 skip its
    statutory holidays exactly as the law lists them; those within 2026 follow chinesecalendar."""
    start = (date(2026, month % 12 + 1, 1) if month < 12 else date(2027, 1, 1)) - timedelta(days=1)
    due = WorkCalendar().add_working_days(start, days)
    assert due.day == _reference_due(start, days)
    assert bool(due.warnings) == (due.day.year == 2027)
