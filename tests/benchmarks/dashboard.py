"""The manager's view on a year of history, on PostgreSQL.

    python tests/benchmarks/dashboard.py --db postgresql+psycopg://postgres@127.0.0.1/postgres --json
        [--tickets 3000000] [--cases 500000] [--name halldesk_bench] [--keep] [--runs 5]

Creates a fresh database (`--name`, dropped afterwards unless --keep) on the server `--db` points
at, migrates it, seeds the demo hall, and fills it server-side with INSERT … SELECT over
generate_series (no rows travel over the wire): a year of working days of tickets with their
issue / first-call / finish events and ratings, counter open/close events, and cases in every
state; then today's live queue (people waiting, windows open, paused and serving). It then times,
each the median of `--runs` runs with the in-process caches cleared before each:

- overview_ms: what the manager window fetches on every change (sync the alerts, the overview,
  today's alert list);
- supervision_ms: the supervision lists (cases by item, department and clerk, red and yellow
  cases, unanswered supplements, negative ratings);
- report_day_direct_ms / report_month_direct_ms: the statistics of yesterday's daily report and of
  last month's monthly report (tickets, cases, ratings; not the PDF rendering) from the tickets,
  events, cases and ratings themselves (`reports.build_report_direct`, the queries used before the
  daily aggregates);
- close_days_s: storing the daily aggregates of the last 62 days from scratch (what the PCs do at
  each day's end, one day at a time: `report_days.close_days`);
- report_day_ms / report_month_ms: the same reports as the program makes them now, from the daily
  aggregates (`reports.build_report`), and report_today_ms / report_today_direct_ms: today's
  daily report (live from today's rows either way);
- with --backfill, backfill_s: migration 0016 run again over the whole history (down to 0015 and
  up), which is what an upgrade costs.

Prints one JSON object (with --json) or a readable summary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.clock import local_date, utcnow  # noqa: E402
from app.db.engine import open_database  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.services import cache, manager, report_days, reports, stats  # noqa: E402
from app.services import manager_supervision as supervision  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402

TZ = "Asia/Shanghai"

# One statement per table; :days working days ending yesterday, :n rows. Ticket i falls on day
# i % days, in category (i * 7) % 7 …; the numbers are chosen so every outcome and category occurs.
FILL_TICKETS = """
WITH d AS (
    SELECT day, row_number() OVER (ORDER BY day) - 1 AS k
    FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') AS day
    WHERE extract(isodow FROM day) < 6
), n AS (SELECT count(*) AS days FROM d),
cat AS (SELECT id, prefix, row_number() OVER (ORDER BY id) - 1 AS k FROM queue_category),
win AS (
    SELECT cc.category_id, c.id AS counter_id, row_number() OVER (PARTITION BY cc.category_id ORDER BY c.id) - 1 AS k,
           count(*) OVER (PARTITION BY cc.category_id) AS m
    FROM counter_category cc JOIN counter c ON c.id = cc.counter_id
),
clerk AS (SELECT counter_id, min(user_id) AS user_id FROM user_counter GROUP BY counter_id),
g AS (
    SELECT i, d.day::date AS day, i / n.days AS seq, (i * 7) % (SELECT count(*) FROM cat) AS ck,
           (i * 37) % 47 AS wait_min, 3 + (i * 13) % 19 AS service_min, i % 100 AS fate
    FROM generate_series(0, :n - 1) AS i, n, d
    WHERE d.k = i % n.days
)
INSERT INTO ticket (category_id, issue_category_id, service_date, sequence, number, status, priority,
                    source, issued_at, queue_since, called_at, service_started_at, finished_at,
                    counter_id, clerk_id, recall_count, version)
SELECT cat.id, cat.id, g.day, g.seq + 1, cat.prefix || lpad((g.seq + 1)::text, 4, '0'),
       CASE WHEN g.fate < 90 THEN 'done' WHEN g.fate < 95 THEN 'no_show' WHEN g.fate < 97 THEN 'void'
            ELSE 'expired' END,
       g.fate % 10 = 3, 'kiosk', t.issued, t.issued,
       CASE WHEN g.fate < 95 THEN t.issued + g.wait_min * interval '1 minute' END,
       CASE WHEN g.fate < 90 THEN t.issued + g.wait_min * interval '1 minute' END,
       CASE WHEN g.fate < 90 THEN t.issued + (g.wait_min + g.service_min) * interval '1 minute'
            WHEN g.fate < 95 THEN t.issued + (g.wait_min + 3) * interval '1 minute' END,
       CASE WHEN g.fate < 95 THEN win.counter_id END,
       CASE WHEN g.fate < 95 THEN clerk.user_id END, 0, 1
FROM g
JOIN cat ON cat.k = g.ck
JOIN win ON win.category_id = cat.id AND win.k = g.i % win.m
LEFT JOIN clerk ON clerk.counter_id = win.counter_id
CROSS JOIN LATERAL (
    SELECT (g.day + time '08:30' + (g.seq % 480) * interval '1 minute') AT TIME ZONE :tz AS issued
) t
"""

FILL_EVENTS = """
INSERT INTO ticket_event (ticket_id, event_type, at, from_status, to_status, counter_id, user_id)
SELECT id, 'issue', issued_at, NULL, 'waiting', NULL, NULL FROM ticket
UNION ALL
SELECT id, 'call', called_at, 'waiting', 'called', counter_id, clerk_id FROM ticket
WHERE called_at IS NOT NULL
UNION ALL
SELECT id, CASE status WHEN 'done' THEN 'finish' ELSE status END, finished_at,
       CASE status WHEN 'done' THEN 'serving' WHEN 'no_show' THEN 'called' ELSE 'waiting' END,
       status, counter_id, clerk_id
FROM ticket WHERE status IN ('done', 'no_show')
"""

FILL_RATINGS = """
INSERT INTO rating (ticket_id, counter_id, clerk_id, score, rated, reasons, rated_at,
                    follow_up_note, follow_up_by, follow_up_at, follow_up_due)
SELECT id, counter_id, clerk_id,
       CASE WHEN id % 50 = 0 THEN '5' WHEN id % 25 = 0 THEN '4' ELSE (1 + id % 3)::text END,
       true, CASE WHEN id % 25 = 0 THEN '等候时间太长' END, finished_at,
       CASE WHEN id % 25 = 0 AND service_date < :recent THEN '已回访' END,
       CASE WHEN id % 25 = 0 AND service_date < :recent THEN 2 END,
       CASE WHEN id % 25 = 0 AND service_date < :recent THEN finished_at + interval '3 day' END,
       CASE WHEN id % 25 = 0 THEN service_date + 21 END
FROM ticket WHERE status = 'done' AND id % 5 = 0 AND service_date < :today
"""

FILL_COUNTER_EVENTS = """
INSERT INTO counter_event (counter_id, event_type, state, reason, at, user_id)
SELECT c.id, e.kind, e.state, NULL, (d.day + e.at) AT TIME ZONE :tz, NULL
FROM counter c
CROSS JOIN generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') AS d(day)
CROSS JOIN (VALUES ('open', 'open', time '08:25'), ('close', 'closed', time '17:35')) AS e(kind, state, at)
WHERE extract(isodow FROM d.day) < 6
"""

# Cases: applied over the year; most finished, a few percent still running (some late, some
# close to their promise), stopped, waiting for supplements, rejected.
FILL_CASES = """
WITH item AS (SELECT id, implementation_code, name, row_number() OVER (ORDER BY id) - 1 AS k FROM service_item),
clerk AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM app_user WHERE role = 'clerk'),
g AS (
    SELECT i, (CAST(:last AS date) - (i % 365)) AS day, i % 1000 AS fate,
           (i * 7) % (SELECT count(*) FROM item) AS ik, (i * 11) % (SELECT count(*) FROM clerk) AS ck
    FROM generate_series(0, :n - 1) AS i
)
INSERT INTO service_case (case_no, query_pin, hall_id, service_item_id, item_code, item_name, case_type,
                          status, source, applicant_kind, applicant_name, applicant_id_type,
                          applicant_id_number, applied_at, accepted_at, clerk_id, promised_date,
                          legal_due_date, completed_at, completion_result, supplement_requested_at,
                          supplement_due_date, with_gaps, paused_working_days, extension_days,
                          result_mailed, data_version, created_at)
SELECT 'BENCH' || lpad(g.i::text, 9, '0'), '000000', 1, item.id, item.implementation_code, item.name, '2',
       CASE WHEN g.fate < 900 THEN 'delivered' WHEN g.fate < 940 THEN 'completed'
            WHEN g.fate < 960 THEN 'rejected' WHEN g.fate < 970 THEN 'needs_supplement'
            WHEN g.fate < 975 THEN 'suspended' ELSE 'in_progress' END,
       'window', '1', '张三', '111', lpad(g.i::text, 18, '0'),
       t.applied, CASE WHEN g.fate < 960 OR g.fate >= 970 THEN t.applied END, clerk.id,
       g.day + 5 + (g.i % 15), g.day + 28,
       CASE WHEN g.fate < 940 THEN t.applied + (2 + g.i % 20) * interval '1 day' END,
       CASE WHEN g.fate < 940 THEN CASE WHEN g.i % 9 = 0 THEN 'denied' ELSE 'granted' END END,
       CASE WHEN g.fate BETWEEN 960 AND 969 THEN t.applied + interval '1 hour' END,
       CASE WHEN g.fate BETWEEN 960 AND 969 THEN g.day + 10 END,
       false, 0, 0, false, 1, t.applied
FROM g
JOIN item ON item.k = g.ik
JOIN clerk ON clerk.k = g.ck
CROSS JOIN LATERAL (SELECT (g.day + time '09:00' + (g.i % 400) * interval '1 minute') AT TIME ZONE :tz AS applied) t
"""

# Today: tickets over the last hours, most served, some waiting; windows open, one paused, and
# some serving right now.
FILL_TODAY = """
WITH cat AS (SELECT id, prefix, row_number() OVER (ORDER BY id) - 1 AS k FROM queue_category),
g AS (SELECT i, (i * 3) % (SELECT count(*) FROM cat) AS ck FROM generate_series(0, :n - 1) AS i)
INSERT INTO ticket (category_id, issue_category_id, service_date, sequence, number, status, priority,
                    source, issued_at, queue_since, called_at, service_started_at, finished_at,
                    counter_id, recall_count, version)
SELECT cat.id, cat.id, :today, g.i + 1, cat.prefix || lpad((g.i + 1)::text, 4, '0'),
       CASE WHEN g.i >= :n - :waiting THEN 'waiting' ELSE 'done' END, false, 'kiosk',
       t.issued, t.issued,
       CASE WHEN g.i < :n - :waiting THEN t.issued + interval '6 minute' END,
       CASE WHEN g.i < :n - :waiting THEN t.issued + interval '6 minute' END,
       CASE WHEN g.i < :n - :waiting THEN t.issued + interval '14 minute' END,
       CASE WHEN g.i < :n - :waiting THEN (SELECT min(counter_id) FROM counter_category WHERE category_id = cat.id) END,
       0, 1
FROM g JOIN cat ON cat.k = g.ck
CROSS JOIN LATERAL (SELECT CAST(:now AS timestamptz) - (:n - g.i) * interval '2 second' AS issued) t
"""


def create_database(server_url: str, name: str) -> str:
    import psycopg

    url = make_url(server_url)
    admin = url.set(drivername="postgresql", database=url.database or "postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    url = make_url(server_url)
    admin = url.set(drivername="postgresql", database=url.database or "postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(db, tickets: int, cases: int, log) -> dict[str, float]:
    now = utcnow()
    today = local_date(now, TZ)
    first, last = today - timedelta(days=365), today - timedelta(days=1)
    timings: dict[str, float] = {}

    def run(label: str, sql: str, **params) -> None:
        start = time.perf_counter()
        with db.engine.begin() as conn:
            conn.execute(text("SET LOCAL synchronous_commit = off"))
            conn.execute(text(sql), params)
        timings[label] = round(time.perf_counter() - start, 1)
        log(f"{label}: {timings[label]} s")

    run("tickets", FILL_TICKETS, first=first, last=last, n=tickets, tz=TZ)
    run("today", FILL_TODAY, n=6000, waiting=60, today=today, now=now)
    run("ticket_events", FILL_EVENTS)
    run("ratings", FILL_RATINGS, today=today, recent=today - timedelta(days=20))
    run("counter_events", FILL_COUNTER_EVENTS, first=first, last=last, tz=TZ)
    run("cases", FILL_CASES, n=cases, last=today, tz=TZ)
    with db.engine.begin() as conn:
        # today's windows: most open, one paused 40 minutes ago, a few serving
        conn.execute(
            text(
                "UPDATE counter SET state = CASE WHEN number = 3 THEN 'paused' WHEN number > 10 "
                "THEN 'closed' ELSE 'open' END, pause_reason = CASE WHEN number = 3 THEN '业务培训' "
                "END, state_changed_at = :changed"
            ),
            {"changed": now - timedelta(minutes=40)},
        )
        conn.execute(
            text(
                "INSERT INTO counter_event (counter_id, event_type, state, at) "
                "SELECT id, 'open', 'open', :opened FROM counter"
            ),
            {"opened": now - timedelta(hours=4)},
        )
    start = time.perf_counter()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    timings["vacuum_analyze"] = round(time.perf_counter() - start, 1)
    return timings


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 1)


def measure(db, runs: int) -> dict[str, float]:
    today = local_date(utcnow(), TZ)
    yesterday = today - timedelta(days=1)
    while yesterday.weekday() >= 5:
        yesterday -= timedelta(days=1)
    last_month = today.replace(day=1) - timedelta(days=1)

    def live():
        now = utcnow()
        manager.sync_alerts(db, now=now)
        stats.overview(db, now=now)
        manager.list_alerts(db, since=now - timedelta(hours=12))

    live()  # warm the connection pool and the statement caches
    supervision.supervision(db)
    figures = {
        "overview_ms": timed(live, runs),
        "supervision_ms": timed(lambda: supervision.supervision(db), runs),
        "report_day_direct_ms": timed(
            lambda: reports.build_report_direct(db, yesterday), max(runs // 2, 1)
        ),
        "report_month_direct_ms": timed(
            lambda: reports.build_report_direct(db, last_month, monthly=True), max(runs // 3, 1)
        ),
        "report_today_direct_ms": timed(
            lambda: reports.build_report_direct(db, today), max(runs // 2, 1)
        ),
    }
    with db.engine.begin() as conn:  # from scratch: the last 62 days' aggregates forgotten
        conn.execute(
            text("DELETE FROM report_day WHERE day >= :first"),
            {"first": today - timedelta(days=report_days.CLOSE_DAYS_BACK)},
        )
    start = time.perf_counter()
    report_days.close_days(db)
    figures["close_days_s"] = round(time.perf_counter() - start, 1)
    figures["report_day_ms"] = timed(lambda: reports.build_report(db, yesterday), runs)
    figures["report_month_ms"] = timed(
        lambda: reports.build_report(db, last_month, monthly=True), runs
    )
    figures["report_today_ms"] = timed(lambda: reports.build_report(db, today), runs)
    figures["same_counts"] = _same_counts(
        reports.build_report(db, yesterday), reports.build_report_direct(db, yesterday)
    ) and _same_counts(
        reports.build_report(db, last_month, monthly=True),
        reports.build_report_direct(db, last_month, monthly=True),
    )
    return figures


def _same_counts(a, b) -> bool:
    """The counts agree exactly (floats are compared by tests/app/test_report_days.py)."""
    ta, tb = a.tickets, b.tickets
    return (
        [
            (g.label, g.issued, g.served, g.no_show, g.void, g.expired, g.wait.count)
            for g in (ta.total, *ta.by_category, *ta.by_window, *ta.by_clerk)
        ]
        == [
            (g.label, g.issued, g.served, g.no_show, g.void, g.expired, g.wait.count)
            for g in (tb.total, *tb.by_category, *tb.by_window, *tb.by_clerk)
        ]
        and a.cases == b.cases
        and a.ratings == b.ratings
        and a.days == b.days
    )


def backfill(db) -> float:
    """Migration 0016 again over the whole history: down to 0015, then up (the backfill)."""
    from alembic import command

    from app.db import migrate

    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015_audit_chain")
    start = time.perf_counter()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return round(time.perf_counter() - start, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL server URL (any database on it)")
    parser.add_argument("--name", default="halldesk_bench", help="database to create and fill")
    parser.add_argument("--tickets", type=int, default=3_000_000)
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the filled database")
    parser.add_argument("--reuse", action="store_true", help="measure an already filled --name")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--backfill", action="store_true", help="also time migration 0016's backfill"
    )
    args = parser.parse_args(argv)
    if make_url(args.db).get_backend_name() != "postgresql":
        parser.error("--db must be a PostgreSQL URL")

    def log(message: str) -> None:
        if not args.json:
            print(message, flush=True)
        else:
            print(message, file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    url = (
        make_url(args.db)
        .set(drivername="postgresql+psycopg", database=args.name)
        .render_as_string(hide_password=False)
        if args.reuse
        else create_database(args.db, args.name)
    )
    db = open_database(url)
    try:
        fill_timings: dict[str, float] = {}
        if args.reuse:  # a database filled by an earlier version: migrating it backfills
            start = time.perf_counter()
            upgrade(db.engine, backup=False)
            fill_timings["upgrade"] = round(time.perf_counter() - start, 1)
        else:
            upgrade(db.engine, backup=False)
            seed_demo(db)
            fill_timings = fill(db, args.tickets, args.cases, log)
        with db.reader() as session:
            tickets = session.execute(text("SELECT count(*) FROM ticket")).scalar_one()
            cases = session.execute(text("SELECT count(*) FROM service_case")).scalar_one()
            events = session.execute(text("SELECT count(*) FROM ticket_event")).scalar_one()
        figures = measure(db, args.runs)
        if args.backfill:
            figures["backfill_s"] = backfill(db)
    finally:
        db.dispose()
        if not args.keep and not args.reuse:
            drop_database(args.db, args.name)
    result = {
        "tickets": tickets,
        "cases": cases,
        **figures,
        "ticket_events": events,
        "fill_seconds": fill_timings,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
