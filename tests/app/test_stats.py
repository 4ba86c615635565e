"""The manager's statistics on a generated day whose answers are worked out by hand, on SQLite and
PostgreSQL: the live overview, alerts that start and end, case supervision, follow-ups of negative
ratings, the period statistics behind the reports, and the manager's audited actions.

The day (Tuesday 4 March 2025, Asia/Shanghai; "now" is 09:05):

    window 1 (A, 张晓雯) opens 08:00     window 3 (B, 刘婷) opens 08:00, pauses 08:45 (业务培训)
    A001 issued 08:00, called 08:02, served 08:02–08:07     wait  2, service  5
    A002 issued 08:03, called 08:07, served 08:07–08:12     wait  4, service  5
    A003 issued 08:06, called 08:12, served 08:12–08:22     wait  6, service 10
    A004 issued 08:14, called 08:22, served 08:22–08:32     wait  8, service 10
    A005 issued 08:22, called 08:32, served 08:32–08:52     wait 10, service 20
    A006 issued 08:40, called 08:52, no-show 08:55          wait 12
    A007 issued 08:45, voided by the manager 08:50
    B001 issued 08:10, called 08:25, served 08:25–08:43     wait 15, service 18
    C001 issued 08:20, still waiting (no window open for C; target 20 minutes)

    waits    2 4 6 8 10 12 15 → mean 57/7, median 8, p90 13.2 (position 5.4: 12 + 0.4·3)
    services 5 5 10 10 18 20  → mean 68/6, median 10, p90 19   (position 4.5: 18 + 0.5·2)
    A only: waits 2…12 → mean 7, median 7, p90 11; services → mean 10, median 10, p90 16
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.db.models import AuditLog, Case, HallAlert, Rating, ServiceItem, Ticket, TicketEvent
from app.domain.codes import CaseStatus, CounterState, RatingScore, TicketStatus
from app.errors import Conflict, HallDeskError, ValidationError
from app.services import admin, auth, cache, manager, queue, rating, stats
from app.services import manager_supervision as supervision
from app.services.context import Actor
from tests.conftest import DEMO_PASSWORD
from tests.intake_helpers import case_row

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2025, 3, 4)


def at(hm: str, day: date = DAY) -> datetime:
    hour, minute = (int(x) for x in hm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


NOW = at("09:05")


@dataclass
class KnownDay:
    db: object
    manager: Actor
    clerk1: Actor
    clerk3: Actor
    categories: dict[str, int]
    counters: dict[int, int]
    tickets: dict[str, int]


def _actor(db, username: str) -> Actor:
    return auth.authenticate(db, username, DEMO_PASSWORD, host=f"pc-{username}").actor(
        f"pc-{username}"
    )


def _case(session, item: ServiceItem, n: int, status: CaseStatus, *, clerk_id, **fields) -> Case:
    applied = fields.pop("applied_at", at("08:30", DAY - timedelta(days=10)))
    return case_row(session, item, n, status, clerk_id=clerk_id, applied_at=applied, **fields)


def build_known_day(db) -> KnownDay:
    """Play the day above through the real services (the manager voids A007)."""
    categories = {c.prefix: c.id for c in admin.list_categories(db)}
    counters = {c.number: c.id for c in admin.list_counters(db)}
    boss = _actor(db, "manager")
    clerk1, clerk3 = _actor(db, "clerk01"), _actor(db, "clerk03")
    w1, w3 = counters[1], counters[3]
    tickets: dict[str, int] = {}

    def issue(prefix: str, hm: str) -> None:
        info = queue.issue_ticket(db, categories[prefix], now=at(hm)).ticket
        tickets[info.number] = info.id

    def serve(actor: Actor, window: int, call: str, finish: str | None) -> None:
        queue.call_next(db, actor, window, now=at(call))
        queue.start_service(db, actor, window, now=at(call))
        if finish:
            queue.finish_service(db, actor, window, now=at(finish))

    queue.open_counter(db, clerk1, w1, now=at("08:00"))
    queue.open_counter(db, clerk3, w3, now=at("08:00"))
    issue("A", "08:00")
    serve(clerk1, w1, "08:02", None)
    issue("A", "08:03")
    issue("A", "08:06")
    queue.finish_service(db, clerk1, w1, now=at("08:07"))
    serve(clerk1, w1, "08:07", "08:12")
    issue("B", "08:10")
    serve(clerk1, w1, "08:12", None)
    issue("A", "08:14")
    issue("C", "08:20")
    issue("A", "08:22")
    queue.finish_service(db, clerk1, w1, now=at("08:22"))
    serve(clerk1, w1, "08:22", "08:32")
    serve(clerk3, w3, "08:25", "08:43")
    serve(clerk1, w1, "08:32", "08:52")
    issue("A", "08:40")
    issue("A", "08:45")
    queue.pause_counter(db, clerk3, w3, "业务培训", now=at("08:45"))
    manager.void_ticket(db, boss, tickets["A007"], "重复取号", now=at("08:50"))
    queue.call_next(db, clerk1, w1, now=at("08:52"))
    queue.mark_no_show(db, clerk1, w1, now=at("08:55"))

    rating.record_rating(
        db, ticket_id=tickets["A001"], counter_id=w1, clerk_id=clerk1.user_id,
        score=RatingScore.VERY_SATISFIED, now=at("08:07"),
    )  # fmt: skip
    rating.record_rating(
        db, ticket_id=tickets["A002"], counter_id=w1, clerk_id=clerk1.user_id,
        score=RatingScore.DISSATISFIED, reasons=["等候时间太长"], now=at("08:12"),
    )  # fmt: skip
    rating.record_rating(
        db, ticket_id=tickets["A003"], counter_id=w1, clerk_id=clerk1.user_id, score=None,
        now=at("08:22"),
    )  # fmt: skip

    with db.session() as session:
        items = {i.name: i for i in session.scalars(select(ServiceItem))}
        company = items["有限责任公司设立登记"]  # 市场监督管理局
        house = items["不动产变更登记"]  # 自然资源和规划局
        uid1, uid3 = clerk1.user_id, clerk3.user_id
        _case(
            session, company, 1, CaseStatus.ACCEPTED, clerk_id=uid1, promised_date=date(2025, 3, 3)
        )
        _case(
            session,
            company,
            2,
            CaseStatus.IN_PROGRESS,
            clerk_id=uid1,
            promised_date=date(2025, 3, 7),
        )
        _case(
            session, house, 3, CaseStatus.ACCEPTED, clerk_id=uid3, promised_date=date(2025, 3, 10)
        )
        _case(
            session, house, 4, CaseStatus.SUSPENDED, clerk_id=uid3, promised_date=date(2025, 3, 1)
        )
        _case(
            session,
            house,
            5,
            CaseStatus.NEEDS_SUPPLEMENT,
            clerk_id=uid3,
            supplement_requested_at=at("10:00", date(2025, 3, 3)),
            supplement_due_date=date(2025, 3, 10),
        )
        # applied for and completed today: one on time, one late, one rejected
        _case(
            session,
            company,
            6,
            CaseStatus.COMPLETED,
            clerk_id=uid1,
            applied_at=at("08:10"),
            promised_date=date(2025, 3, 5),
            completed_at=at("08:40"),
            completion_result="granted",
        )
        _case(
            session,
            house,
            7,
            CaseStatus.DELIVERED,
            clerk_id=uid3,
            applied_at=at("08:30", date(2025, 2, 20)),
            promised_date=date(2025, 3, 3),
            completed_at=at("23:30"),
            completion_result="denied",
        )  # 23:30 local on the 4th: still the 4th, one day late
        _case(session, company, 8, CaseStatus.REJECTED, clerk_id=uid1, applied_at=at("08:15"))
    return KnownDay(db, boss, clerk1, clerk3, categories, counters, tickets)


@pytest.fixture
def day(demo_db) -> KnownDay:
    return build_known_day(demo_db)


def _close(value: float | None, expected: float) -> bool:
    return value is not None and abs(value - expected) < 1e-6


# --------------------------------------------------------------------------- the overview


def test_overview_of_the_known_day(day):
    view = stats.overview(day.db, now=NOW)
    assert view.day == DAY
    cats = {c.prefix: c for c in view.categories}
    a, b, c = cats["A"], cats["B"], cats["C"]
    assert (a.waiting, a.issued_today, a.served_today) == (0, 7, 5)
    assert a.longest_wait_minutes is None
    # first calls since 08:05: A002 … A006 waited 4, 6, 8, 10, 12
    assert _close(a.avg_wait_last_hour, 8.0)
    assert _close(b.avg_wait_last_hour, 15.0)
    assert (c.waiting, c.issued_today, c.served_today) == (1, 1, 0)
    assert _close(c.longest_wait_minutes, 45.0) and c.over_target
    assert c.open_windows == 0 and c.estimated_wait_minutes > 0
    assert cats["D"].waiting == 0 and cats["D"].avg_wait_last_hour is None
    # arrivals since 08:05: A003 … A007 (and B001, C001); A001 … A005 finished after 08:05
    assert (a.arrivals_last_hour, a.served_last_hour) == (5, 5)
    assert [(h.hour, h.arrivals, h.served) for h in view.hourly] == [(8, 9, 6), (9, 0, 0)]

    windows = {w.number: w for w in view.windows}
    w1, w3, w5 = windows[1], windows[3], windows[5]
    assert w1.activity == "idle" and w1.served_today == 5
    assert _close(w1.avg_service_minutes, 10.0)
    assert _close(w1.open_minutes, 65.0) and _close(w1.idle_minutes, 15.0)
    assert w3.activity == "paused" and w3.pause_reason == "业务培训"
    assert w3.state_since == at("08:45")
    assert _close(w3.open_minutes, 45.0) and _close(w3.idle_minutes, 27.0)
    assert w5.activity == "closed" and w5.served_today == 0
    assert w1.category_prefixes == ("A",)


def test_overview_shows_the_current_ticket_and_since_when(day):
    queue.issue_ticket(day.db, day.categories["A"], now=at("09:00"))
    queue.call_next(day.db, day.clerk1, day.counters[1], now=at("09:01"))
    queue.start_service(day.db, day.clerk1, day.counters[1], now=at("09:02"))
    w1 = next(w for w in stats.overview(day.db, now=NOW).windows if w.number == 1)
    assert (w1.activity, w1.current_number, w1.current_since) == ("serving", "A008", at("09:02"))
    # busy since the call (4 minutes) is not idle time
    assert _close(w1.idle_minutes, 65.0 - 50.0 - 4.0)


# --------------------------------------------------------------------------- alerts


def test_alerts_start_when_the_condition_began_and_end_when_it_is_gone(day):
    db = day.db
    state = manager.sync_alerts(db, now=NOW)
    assert state.changed
    alerts = {a.kind: a for a in state.open}
    c = day.categories["C"]
    assert alerts[manager.AlertKind.WAIT_OVER_TARGET].category_id == c
    assert alerts[manager.AlertKind.WAIT_OVER_TARGET].started_at == at("08:40")  # 08:20 + 20
    assert alerts[manager.AlertKind.NO_OPEN_WINDOW].started_at == at("08:20")
    paused = alerts[manager.AlertKind.PAUSED_TOO_LONG]
    assert paused.counter_id == day.counters[3] and paused.started_at == at("09:00")  # 08:45 + 15
    assert "业务培训" in paused.message
    assert len(state.open) == 3

    # nothing changed: nothing written
    again = manager.sync_alerts(db, now=NOW + timedelta(seconds=5))
    assert not again.changed and len(again.open) == 3

    # window 5 opens and calls C001: both C alerts end; window 3 resumes: its alert ends
    clerk5 = _actor(db, "clerk05")
    queue.open_counter(db, clerk5, day.counters[5], now=at("09:06"))
    after_open = manager.sync_alerts(db, now=at("09:06"))
    assert {a.kind for a in after_open.open} == {
        manager.AlertKind.WAIT_OVER_TARGET,
        manager.AlertKind.PAUSED_TOO_LONG,
    }
    queue.call_next(db, clerk5, day.counters[5], now=at("09:07"))
    queue.resume_counter(db, day.clerk3, day.counters[3], now=at("09:08"))
    done = manager.sync_alerts(db, now=at("09:08"))
    assert done.open == ()
    history = manager.list_alerts(db, since=at("00:00"))
    assert len(history) == 3
    ends = {a.kind: a.ended_at for a in history}
    assert ends == {
        manager.AlertKind.NO_OPEN_WINDOW: at("09:06"),
        manager.AlertKind.WAIT_OVER_TARGET: at("09:08"),
        manager.AlertKind.PAUSED_TOO_LONG: at("09:08"),
    }


def test_alert_next_check_is_when_a_wait_will_cross_its_target(day):
    db = day.db
    clerk5 = _actor(db, "clerk05")
    queue.open_counter(db, clerk5, day.counters[5], now=at("09:00"))
    queue.call_next(db, clerk5, day.counters[5], now=at("09:01"))  # C001 leaves the queue
    queue.resume_counter(db, day.clerk3, day.counters[3], now=at("09:01"))
    queue.issue_ticket(db, day.categories["B"], now=at("09:03"))
    state = manager.sync_alerts(db, now=NOW)
    assert state.open == ()
    assert state.next_check_at == at("09:33")  # B's target is 30 minutes


def test_two_managers_noticing_at_once_record_one_alert(day):
    manager.sync_alerts(day.db, now=NOW)
    # a second PC that has not seen the first one's rows tries to open the same alerts
    with day.db.session() as session:
        session.execute(HallAlert.__table__.update().values(ended_at=None))
    manager.sync_alerts(day.db, now=NOW)
    with day.db.reader() as session:
        assert len(session.scalars(select(HallAlert)).all()) == 3


# --------------------------------------------------------------------------- manager actions


def test_void_and_move_are_audited_and_refused_when_they_make_no_sense(day):
    db = day.db
    void = db_row(db, Ticket, day.tickets["A007"])
    assert void.status == TicketStatus.VOID and void.finished_at == at("08:50")
    with pytest.raises(ValidationError) as error:
        manager.void_ticket(db, day.manager, day.tickets["C001"], "  ")
    assert error.value.field == "void_reason"
    with pytest.raises(Conflict):
        manager.void_ticket(db, day.manager, day.tickets["A001"], "误取")  # already served

    moved = manager.move_ticket(db, day.manager, day.tickets["C001"], day.categories["F"])
    assert moved.category_prefix == "F" and moved.number == "C001"
    assert moved.queue_since == at("08:20")  # keeps its place
    with pytest.raises(Conflict):
        manager.move_ticket(db, day.manager, day.tickets["A001"], day.categories["F"])
    with pytest.raises(HallDeskError):
        manager.move_ticket(db, day.clerk1, day.tickets["C001"], day.categories["A"])  # a clerk

    with db.reader() as session:
        entries = session.scalars(
            select(AuditLog).where(AuditLog.action.in_(["ticket.void", "ticket.move"]))
        ).all()
        events = session.scalars(
            select(TicketEvent.event_type).where(TicketEvent.ticket_id == day.tickets["C001"])
        ).all()
    assert sorted(e.action for e in entries) == ["ticket.move", "ticket.void"]
    assert all(e.username == "manager" for e in entries)
    assert events == ["issue", "move"]


def db_row(db, model, row_id):
    with db.reader() as session:
        return session.get(model, row_id)


def test_window_actions_and_limits(day):
    db = day.db
    w5 = day.counters[5]
    assert manager.open_window(db, day.manager, w5).state == CounterState.OPEN
    with pytest.raises(Conflict):
        manager.open_window(db, day.manager, w5)
    assert manager.close_window(db, day.manager, w5).state == CounterState.CLOSED
    # resume the paused window 3
    assert manager.open_window(db, day.manager, day.counters[3]).state == CounterState.OPEN
    info = manager.assign_categories(
        db, day.manager, w5, [day.categories["C"], day.categories["G"]]
    )
    assert info.category_prefixes == ("C", "G") or list(info.category_prefixes) == ["C", "G"]

    limits = manager.save_limits(db, day.manager, pause_limit_minutes="30", due_soon_working_days=5)
    assert limits == manager.ManagerLimits(30, 5, 3) == manager.limits(db)  # the cap is kept
    with pytest.raises(ValidationError) as error:
        manager.save_limits(db, day.manager, pause_limit_minutes="abc", due_soon_working_days=5)
    assert error.value.field == "pause_limit_minutes"
    assert manager.set_wait_target(db, day.manager, day.categories["C"], 60) == 60
    with db.reader() as session:
        actions = [a.action for a in session.scalars(select(AuditLog).order_by(AuditLog.id))]
    for action in (
        "counter.open",
        "counter.close",
        "counter.resume",
        "counter.update",
        "hall.manager_limits",
        "category.wait_target",
    ):
        assert action in actions
    # the new limits drive the alerts: C's target is now 60 minutes, the pause limit 30
    kinds = {a.kind for a in manager.sync_alerts(db, now=NOW).open}
    assert manager.AlertKind.WAIT_OVER_TARGET not in kinds


# --------------------------------------------------------------------------- supervision


def test_supervision_of_cases_supplements_and_negative_ratings(day):
    view = supervision.supervision(day.db, now=NOW)
    assert view.yellow_until == date(2025, 3, 7)  # 3 working days after Tuesday
    assert (view.running, view.yellow, view.red, view.stopped) == (3, 1, 1, 1)
    assert [(c.case_no, c.level, c.working_days_left) for c in view.cases] == [
        ("T0001", "red", -1),
        ("T0002", "yellow", 3),
    ]
    items = {g.label: g for g in view.by_item}
    assert (items["有限责任公司设立登记"].red, items["有限责任公司设立登记"].yellow) == (1, 1)
    assert items["不动产变更登记"].stopped == 1 and items["不动产变更登记"].running == 1
    departments = {g.label: g for g in view.by_department}
    assert departments["临江市市场监督管理局"].running == 2
    clerks = {g.label: g for g in view.by_clerk}
    assert clerks["张晓雯"].red == 1 and clerks["刘婷"].stopped == 1
    assert [(s.case_no, s.days_waiting) for s in view.supplements] == [("T0005", 1)]
    assert view.cases[0].applicant_name == "张*丰"

    [negative] = view.ratings
    assert negative.score == RatingScore.DISSATISFIED and negative.reasons == ("等候时间太长",)
    assert negative.due_date == date(2025, 3, 25)  # 15 working days after 4 March
    assert negative.working_days_left == 15 and not negative.done
    assert negative.ticket_number == "A002" and negative.clerk_name == "张晓雯"

    with pytest.raises(ValidationError):
        supervision.record_follow_up(day.db, day.manager, negative.id, "好")
    supervision.record_follow_up(
        day.db, day.manager, negative.id, "已电话回访，说明高峰时段并增开窗口", now=at("10:00")
    )
    with pytest.raises(Conflict):
        supervision.record_follow_up(day.db, day.manager, negative.id, "再次登记一下")
    [done] = supervision.supervision(day.db, now=at("10:05")).ratings
    assert done.done and done.follow_up_by == "李秀英" and not done.overdue
    stored = db_row(day.db, Rating, negative.id)
    assert stored.follow_up_due == date(2025, 3, 25)


def test_yellow_threshold_follows_the_limit(day):
    manager.save_limits(day.db, day.manager, pause_limit_minutes=15, due_soon_working_days=4)
    view = supervision.supervision(day.db, now=NOW)
    assert view.yellow_until == date(2025, 3, 10) and view.yellow == 2


# --------------------------------------------------------------------------- period statistics


def test_ticket_statistics_of_the_day(day):
    result = stats.ticket_stats(day.db, DAY, DAY)
    total = result.total
    assert (total.issued, total.served, total.no_show, total.void) == (9, 6, 1, 1)
    assert total.wait.count == 7 and _close(total.wait.mean, 57 / 7)
    assert _close(total.wait.median, 8.0) and _close(total.wait.p90, 13.2)
    assert total.service.count == 6 and _close(total.service.mean, 68 / 6)
    assert _close(total.service.median, 10.0) and _close(total.service.p90, 19.0)

    a = next(g for g in result.by_category if g.label.startswith("A "))
    assert (a.issued, a.served, a.no_show, a.void) == (7, 5, 1, 1)
    assert (a.wait.mean, a.wait.median) == pytest.approx((7.0, 7.0))
    assert a.wait.p90 == pytest.approx(11.0)
    assert (a.service.mean, a.service.median, a.service.p90) == pytest.approx((10.0, 10.0, 16.0))
    c = next(g for g in result.by_category if g.label.startswith("C "))
    assert c.issued == 1 and c.wait.count == 0 and c.wait.mean is None

    windows = {g.label: g for g in result.by_window}
    assert (windows["1 号窗口"].served, windows["1 号窗口"].no_show) == (5, 1)
    assert windows["1 号窗口"].wait.p90 == pytest.approx(11.0)
    assert windows["3 号窗口"].service.median == pytest.approx(18.0)
    clerks = {g.label: g for g in result.by_clerk}
    assert clerks["张晓雯"].served == 5 and clerks["刘婷"].wait.mean == pytest.approx(15.0)


def test_case_and_rating_statistics_of_the_day(day):
    cases = stats.case_stats(day.db, DAY, DAY)
    assert cases.received == 2  # T0006 (completed) and T0008 (rejected) were applied for today
    assert cases.completed_in_period == 2 and cases.on_time == 1
    assert cases.on_time_rate == pytest.approx(0.5)
    company = next(i for i in cases.items if i.item_name == "有限责任公司设立登记")
    assert (company.received, company.accepted, company.rejected, company.granted) == (2, 1, 1, 1)
    house = next(i for i in cases.items if i.item_name == "不动产变更登记")
    assert (house.received, house.completed_in_period, house.on_time) == (0, 1, 0)

    ratings = stats.rating_stats(day.db, DAY, DAY)
    assert ratings.rated == 2 and ratings.not_rated == 1 and ratings.negative == 1
    assert ratings.satisfaction_rate == pytest.approx(0.5)


def test_charts_data(day):
    dist = stats.wait_distribution(day.db, DAY)
    counts = {b.label: n for b, n in dist.buckets}
    assert counts == {
        "0–5": 2,
        "5–10": 2,
        "10–15": 2,
        "15–20": 1,
        "20–30": 0,
        "30–45": 0,
        "45–60": 0,
        "≥60": 0,
    }
    volumes = stats.daily_volumes(day.db, DAY, days=30)
    assert len(volumes) == 30 and volumes[-1].day == DAY
    assert (volumes[-1].issued, volumes[-1].served, volumes[-1].no_show) == (9, 6, 1)
    assert sum(v.issued for v in volumes) == 9


def test_overview_estimates_are_the_kiosks(day):
    """The overview computes every category's estimate in one go; it must tell what the kiosk
    (queue.category_loads) tells, with windows shared between busy queues."""
    db = day.db
    clerk2 = _actor(db, "clerk02")
    queue.open_counter(db, clerk2, day.counters[2], now=at("09:00"))  # serves A and E
    for prefix in ("A", "A", "E", "C", "B"):
        queue.issue_ticket(db, day.categories[prefix], now=at("09:01"))
    queue.call_next(db, clerk2, day.counters[2], now=at("09:02"))
    view = {
        c.prefix: (c.estimated_wait_minutes, c.open_windows)
        for c in stats.overview(db, now=NOW).categories
    }
    cache.clear()  # the kiosk's rates are cached for a few seconds; compare fresh ones
    kiosk = {
        load.prefix: (load.estimated_wait_minutes, load.open_windows)
        for load in queue.category_loads(db, now=NOW)
    }
    assert view == kiosk
    assert view["A"][1] == 2 and view["C"][1] == 0
