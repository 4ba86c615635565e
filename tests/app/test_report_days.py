"""The reports from the daily aggregates (app/services/report_days.py) say what the direct queries
say, on SQLite and PostgreSQL.

A varied history is played through the real services: four days across a month boundary (30 and
31 January, 1 and 3 February 2025, Asia/Shanghai), each with tickets served, not shown, sent to
another queue, put on hold and called back, recalled, voided by the manager and left to expire,
a ticket served across midnight; ratings (every score, not rated, negative ones followed up);
cases in every state, applied for and completed just before and after midnight hall time, some
late. Every figure of every day report and both month reports from the aggregates is compared
with `reports.build_report_direct` (the old queries): while 3 February is today (its figures
live, the others stored), after late changes to stored days (the end-of-day sweep, a case
completed, a follow-up), and with every day past. Then: 0016's backfill equals what run time
computes, and on PostgreSQL many writers changing a stored day while reports recompute it leave
it equal to the direct queries (no lost invalidation).
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from app.db.models import Case, Rating, ReportDay, ServiceItem, Ticket
from app.domain.codes import CaseStatus, RatingScore
from app.services import admin, auth, manager, queue, rating, report_days, reports, stats
from tests.conftest import DEMO_PASSWORD
from tests.intake_helpers import case_row

TZ = ZoneInfo("Asia/Shanghai")
DAYS = (date(2025, 1, 30), date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 3))
TODAY = date(2025, 2, 3)


def at(day: date, hms: str, micro: int = 0) -> datetime:
    h, m, *s = (int(x) for x in hms.split(":"))
    local = datetime(day.year, day.month, day.day, h, m, s[0] if s else 0, micro, tzinfo=TZ)
    return local.astimezone(UTC)


def _actor(db, username: str):
    return auth.authenticate(db, username, DEMO_PASSWORD, host=f"pc-{username}").actor(
        f"pc-{username}"
    )


class Clock:
    """A moving `now` with odd seconds and microseconds, so durations are not round."""

    def __init__(self, start: datetime, rng: random.Random):
        self.now = start
        self.rng = rng

    def tick(self, low: int = 20, high: int = 400) -> datetime:
        self.now += timedelta(
            seconds=self.rng.randint(low, high), microseconds=self.rng.randint(0, 999_999)
        )
        return self.now


def _play_day(db, day: date, people, rng: random.Random, ratings: list) -> None:
    boss, clerk1, clerk3, cats, w1, w3 = people
    clock = Clock(at(day, "07:58"), rng)
    queue.open_counter(db, clerk1, w1, now=clock.tick())
    queue.open_counter(db, clerk3, w3, now=clock.tick())
    a = [queue.issue_ticket(db, cats["A"], now=clock.tick(5, 90)).ticket for _ in range(7)]
    b = [queue.issue_ticket(db, cats["B"], now=clock.tick(5, 90)).ticket for _ in range(3)]
    held = None
    for k in range(6):
        queue.call_next(db, clerk1, w1, now=clock.tick())
        if k == 1:
            queue.recall(db, clerk1, w1, now=clock.tick(30, 90))
            queue.mark_no_show(db, clerk1, w1, now=clock.tick(30, 90))
        elif k == 2:
            queue.transfer(db, clerk1, w1, to_category_id=cats["B"], now=clock.tick(30, 120))
        elif k == 3:
            held = queue.hold(db, clerk1, w1, now=clock.tick(30, 120))
        else:
            queue.start_service(db, clerk1, w1, now=clock.tick(5, 60))
            done = queue.finish_service(db, clerk1, w1, now=clock.tick(60, 1200))
            ratings.append((done, clock.tick(1, 20)))
    for _ in range(4):  # B's three and the one sent over from A
        queue.call_next(db, clerk3, w3, now=clock.tick())
        queue.start_service(db, clerk3, w3, now=clock.tick(5, 60))
        done = queue.finish_service(db, clerk3, w3, now=clock.tick(60, 900))
        ratings.append((done, clock.tick(1, 20)))
    assert held is not None
    queue.call_back(db, clerk1, w1, held.id, now=clock.tick())
    queue.start_service(db, clerk1, w1, now=clock.tick(5, 60))
    queue.finish_service(db, clerk1, w1, now=clock.tick(60, 600))
    # the seventh A is voided by the manager; a C waits all day (no window for C) and expires
    manager.void_ticket(db, boss, a[6].id, "重复取号", now=clock.tick())
    queue.issue_ticket(db, cats["C"], now=clock.tick())
    assert len(b) == 3
    # late in the day: one served across midnight, one issued at 23:59:59 still waiting
    late = Clock(at(day, "23:50:01", rng.randint(0, 999_999)), rng)
    queue.issue_ticket(db, cats["A"], now=late.now)
    queue.call_next(db, clerk1, w1, now=late.tick(200, 300))
    queue.start_service(db, clerk1, w1, now=late.tick(10, 30))
    done = queue.finish_service(db, clerk1, w1, now=at(day + timedelta(days=1), "00:04:07", 4321))
    ratings.append((done, at(day + timedelta(days=1), "00:04:30")))
    queue.issue_ticket(db, cats["B"], now=at(day, "23:59:59", 999_000))
    after = day + timedelta(days=1)
    queue.close_counter(db, clerk1, w1, now=at(after, "00:05"))
    queue.close_counter(db, clerk3, w3, now=at(after, "00:05"))
    if after < date(2025, 2, 2):  # 1 February's are left for a late sweep
        queue.expire_stale(db, now=at(after, "00:10"))


def _case(session, item: ServiceItem, n: int, status: CaseStatus, clerk_id: int, **fields):
    return case_row(session, item, n, status, clerk_id=clerk_id, prefix="R", **fields)


def build_history(db) -> dict:
    cats = {c.prefix: c.id for c in admin.list_categories(db)}
    counters = {c.number: c.id for c in admin.list_counters(db)}
    boss, clerk1, clerk3 = _actor(db, "manager"), _actor(db, "clerk01"), _actor(db, "clerk03")
    people = (boss, clerk1, clerk3, cats, counters[1], counters[3])
    rng = random.Random(20250130)
    served: list = []
    for day in DAYS:
        _play_day(db, day, people, rng, served)
    scores = [*RatingScore, None]
    for i, (ticket, when) in enumerate(served):
        rating.record_rating(
            db,
            ticket_id=ticket.id,
            counter_id=None,
            clerk_id=None,
            score=scores[i % len(scores)],
            reasons=["等候时间太长"] if scores[i % len(scores)] in ("4", "5") else [],
            now=when,
        )
    with db.session() as session:
        # some negative ratings followed up
        negative = session.scalars(
            select(Rating).where(Rating.score.in_(["4", "5"])).order_by(Rating.id)
        ).all()
        for r in negative[::2]:
            r.follow_up_at = r.rated_at + timedelta(days=1)
            r.follow_up_note = "已回访"
        items = session.scalars(select(ServiceItem).order_by(ServiceItem.id)).all()[:4]
        statuses = [s for s in CaseStatus]
        n = 0
        for d_i, day in enumerate((date(2025, 1, 29), *DAYS)):
            for k, status in enumerate(statuses):
                n += 1
                times = ("00:00:00", "09:30:15", "23:59:59", "12:00:00")
                applied = at(day, times[(k + d_i) % 4], (n * 7919) % 1_000_000)
                done = status in (CaseStatus.COMPLETED, CaseStatus.DELIVERED)
                completed_day = day + timedelta(days=k % 3)
                _case(
                    session,
                    items[(k + d_i) % len(items)],
                    n,
                    status,
                    clerk1.user_id if k % 2 else clerk3.user_id,
                    applied_at=applied,
                    promised_date=completed_day + timedelta(days=(k % 3) - 1),  # some late
                    completed_at=at(completed_day, ("23:59:58", "00:00:01")[k % 2])
                    if done
                    else None,
                    completion_result=("granted", "denied")[k % 2] if done else None,
                    supplement_requested_at=applied
                    if status == CaseStatus.NEEDS_SUPPLEMENT
                    else None,
                )
    return {"people": people}


# --------------------------------------------------------------------------- comparing


def assert_same(got, want, where: str = "report") -> None:
    if is_dataclass(want):
        assert type(got) is type(want), where
        for f in fields(want):
            assert_same(getattr(got, f.name), getattr(want, f.name), f"{where}.{f.name}")
    elif isinstance(want, (tuple, list)):
        assert len(got) == len(want), f"{where}: {len(got)} != {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_same(g, w, f"{where}[{i}]")
    elif isinstance(want, float):
        assert isinstance(got, float) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9), (
            f"{where}: {got!r} != {want!r}"
        )
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


def compare_all(db, now: datetime) -> None:
    for day in (date(2025, 1, 29), *DAYS, date(2025, 2, 2), date(2025, 2, 4)):
        got = reports.build_report(db, day, now=now)
        assert_same(got, reports.build_report_direct(db, day), f"day {day}")
    for month in (date(2025, 1, 1), date(2025, 2, 1)):
        got = reports.build_report(db, month, monthly=True, now=now)
        want = reports.build_report_direct(db, month, monthly=True)
        assert_same(got, want, f"month {month:%Y-%m}")
        # and the rendered figures, as printed
        issuer = reports.issuer_for(db, reports.Settings())
        rendered = reports.report_document(got, issuer, now=now)
        assert rendered.figures == reports.report_document(want, issuer, now=now).figures
    last = date(2025, 2, 4)
    assert_same(
        stats.daily_volumes(db, last, 10, now=now), stats.daily_volumes_direct(db, last, 10)
    )


def stored_days(db) -> set[tuple[date, str]]:
    with db.reader() as session:
        return {(d, p) for d, p in session.execute(select(ReportDay.day, ReportDay.part))}


@pytest.fixture
def history(demo_db):
    build_history(demo_db)
    return demo_db


def test_reports_from_aggregates_equal_the_direct_queries(history):
    db = history
    now = at(TODAY, "16:30")
    # the history really is varied
    with db.reader() as session:
        statuses = {s.value for s in session.scalars(select(Ticket.status))}
    assert {"done", "no_show", "void", "expired", "waiting"} <= statuses
    month = reports.build_report_direct(db, date(2025, 1, 1), monthly=True)
    assert month.tickets.total.no_show and month.tickets.total.void
    assert month.tickets.total.expired and month.cases.completed_in_period
    assert 0 < month.cases.on_time < month.cases.completed_in_period
    assert month.ratings.negative and month.ratings.followed_up

    compare_all(db, now)
    stored = stored_days(db)
    # past days are stored, today is not
    assert (date(2025, 1, 31), "tickets") in stored and (date(2025, 2, 2), "cases") in stored
    assert not {d for d, _ in stored if d >= TODAY}

    # late changes to stored days: the end-of-day sweep expires 1 February's last ticket (on the
    # 3rd, today), a case applied for on 30 January is completed today, a follow-up is recorded
    # for a rating of the 31st, a ticket of the 30th is voided by hand
    assert queue.expire_stale(db, now=at(TODAY, "16:40")) >= 1
    with db.session() as session:
        case = session.scalars(
            select(Case).where(Case.status == CaseStatus.ACCEPTED).order_by(Case.id)
        ).first()
        case.status = CaseStatus.COMPLETED
        case.completed_at = at(TODAY, "16:41")
        case.completion_result = "granted"
        late = session.scalars(
            select(Rating).where(Rating.score.in_(["4", "5"]), Rating.follow_up_at.is_(None))
        ).first()
        late.follow_up_at = at(TODAY, "16:42")
        session.execute(
            update(Ticket)
            .where(Ticket.service_date == DAYS[0], Ticket.status == "done")
            .values(status="void")
            .execution_options(synchronize_session=False)
        )
    assert (DAYS[0], "tickets") not in stored_days(db)
    compare_all(db, at(TODAY, "17:00"))

    # every day past: all from stored aggregates
    assert report_days.close_days(db, now=at(date(2025, 2, 10), "09:00"), days_back=20) > 0
    compare_all(db, at(date(2025, 2, 10), "09:00"))
    assert report_days.close_days(db, now=at(date(2025, 2, 10), "09:00"), days_back=20) == 0


def test_hall_zone_change_recomputes(history):
    db = history
    now = at(date(2025, 2, 10), "09:00")
    compare_all(db, now)
    from app.db.models import Hall

    with db.session() as session:
        session.execute(update(Hall).values(timezone="Asia/Tokyo"))
    compare_all(db, now)


def test_the_migration_backfills_what_run_time_computes(history, db_url):
    from alembic import command

    from app.db import migrate

    db = history
    now = at(TODAY, "16:30")
    reports.build_report(db, DAYS[0], monthly=True, now=now)  # stores January at run time
    with db.reader() as session:
        b = report_days.Backend(session, "Asia/Shanghai")
        run_time = {
            part: report_days._load(session, b, part, date(2025, 1, 29), date(2025, 1, 31))
            for part in report_days.PARTS
        }
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015_audit_chain")
    from app import clock

    clock.set_now(at(date(2025, 2, 2), "12:00"))  # the upgrade happens on 2 February
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        clock.set_offset(timedelta(0))
    stored = stored_days(db)
    assert {(d, p) for d in (date(2025, 1, 29), date(2025, 2, 1)) for p in report_days.PARTS} <= (
        stored
    )
    assert not {d for d, _ in stored if d >= date(2025, 2, 2)}
    with db.reader() as session:
        b = report_days.Backend(session, "Asia/Shanghai")
        for part in report_days.PARTS:
            days, cells = report_days._load(session, b, part, date(2025, 1, 29), date(2025, 1, 31))
            want_days, want = run_time[part]
            assert days == want_days, part
            assert sorted(map(repr, cells.tickets)) == sorted(map(repr, want.tickets)), part
            assert sorted(map(repr, cells.waits)) == sorted(map(repr, want.waits)), part
            assert sorted(map(repr, cells.cases)) == sorted(map(repr, want.cases)), part
            assert sorted(map(repr, cells.ratings)) == sorted(map(repr, want.ratings)), part
    compare_all(db, now)


@pytest.mark.postgres
def test_many_writers_on_a_stored_day_lose_no_invalidation(pg_url):
    """Windows' and the manager's changes to yesterday's tickets while reports recompute
    yesterday again and again: at the end the stored day equals the direct queries."""
    from app.db.engine import open_database
    from app.db.migrate import upgrade
    from app.services.demo import seed_demo

    db = open_database(pg_url)
    try:
        upgrade(db.engine)
        seed_demo(db)
        cats = {c.prefix: c.id for c in admin.list_categories(db)}
        boss = _actor(db, "manager")
        day = date(2025, 3, 4)
        issued = [
            queue.issue_ticket(db, cats["A"], now=at(day, "09:00") + timedelta(seconds=i)).ticket
            for i in range(60)
        ]
        now = at(day + timedelta(days=1), "10:00")
        stop = threading.Event()
        errors: list[BaseException] = []

        def reader() -> None:
            try:
                while not stop.is_set():
                    stats.ticket_stats(db, day, day, now=now)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        def writer(part: list) -> None:
            try:
                for ticket in part:
                    manager.void_ticket(db, boss, ticket.id, "测试", now=now)
            except BaseException as error:  # pragma: no cover
                errors.append(error)

        readers = [threading.Thread(target=reader) for _ in range(2)]
        writers = [threading.Thread(target=writer, args=(issued[i::4],)) for i in range(4)]
        for t in readers + writers:
            t.start()
        for t in writers:
            t.join()
        stop.set()
        for t in readers:
            t.join()
        assert not errors, errors
        assert_same(
            stats.ticket_stats(db, day, day, now=now), stats.ticket_stats_direct(db, day, day)
        )
        assert stats.ticket_stats(db, day, day, now=now).total.void == 60
    finally:
        db.dispose()
