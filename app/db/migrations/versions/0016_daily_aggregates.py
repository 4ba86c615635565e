"""Daily aggregates for the reports (app/services/report_days.py): per past hall-local day, the
tickets by category, window and clerk with their service times, the waits, the cases by item and
the ratings by score; `report_day` says which day's part is current.

Triggers keep that true: any change to a row that counts for a day (a ticket of that service day,
a first call of one, a case applied for or completed around that day, a rating around it) deletes
the day's `report_day` row in the same transaction, and the next read recomputes it. On
PostgreSQL they are statement triggers (one pass per statement, whatever its size) that take a
shared advisory lock on (part, day) first; the recomputation takes it exclusively
(report_days.LOCK_CLASS). On SQLite they are row triggers (writers are serialised anyway).
A later batch migration that rebuilds `ticket`, `ticket_event`, `service_case` or `rating` on
SQLite must make them again (SQLITE_TRIGGERS here).

The days before the upgrade are filled in here, set-based, from a table of each day's bounds in
the hall's zone (computed with zoneinfo, so both backends cut days alike). The SQL is the same as
report_days computes at run time (a test compares the two).

Revision ID: 0016_daily_aggregates
Revises: 0015_audit_chain
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from app import clock

revision: str = "0016_daily_aggregates"
down_revision: str | None = "0015_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
LOCK_CLASS = {"tickets": 0x52505401, "cases": 0x52505402, "ratings": 0x52505403}

PG_FUNCTIONS = [
    f"""
CREATE FUNCTION halldesk_report_stale(p_part text, p_day date) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_day IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(
        CASE p_part WHEN 'tickets' THEN {LOCK_CLASS["tickets"]}
                    WHEN 'cases' THEN {LOCK_CLASS["cases"]}
                    ELSE {LOCK_CLASS["ratings"]} END,
        p_day - DATE '2000-01-01');
    DELETE FROM report_day WHERE day = p_day AND part = p_part;
END $$
""",
    """
CREATE FUNCTION halldesk_report_stale_tickets() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    d date;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR d IN SELECT DISTINCT service_date FROM new_rows ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('tickets', d);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR d IN SELECT DISTINCT service_date FROM old_rows ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('tickets', d);
        END LOOP;
    ELSE
        FOR d IN SELECT service_date FROM new_rows UNION SELECT service_date FROM old_rows
                 ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('tickets', d);
        END LOOP;
    END IF;
    RETURN NULL;
END $$
""",
    """
CREATE FUNCTION halldesk_report_stale_first_calls() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    d date;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR d IN SELECT DISTINCT t.service_date FROM new_rows e JOIN ticket t ON t.id = e.ticket_id
                 WHERE e.event_type = 'call' AND e.from_status = 'waiting' ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('tickets', d);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR d IN SELECT DISTINCT t.service_date FROM old_rows e JOIN ticket t ON t.id = e.ticket_id
                 WHERE e.event_type = 'call' AND e.from_status = 'waiting' ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('tickets', d);
        END LOOP;
    ELSE
        FOR d IN SELECT t.service_date FROM new_rows e JOIN ticket t ON t.id = e.ticket_id
                 WHERE e.event_type = 'call' AND e.from_status = 'waiting'
                 UNION
                 SELECT t.service_date FROM old_rows e JOIN ticket t ON t.id = e.ticket_id
                 WHERE e.event_type = 'call' AND e.from_status = 'waiting' ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('tickets', d);
        END LOOP;
    END IF;
    RETURN NULL;
END $$
""",
    # cases and ratings: the UTC date of each time and the days either side (any zone's local
    # date is one of them)
    """
CREATE FUNCTION halldesk_report_stale_cases() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    d date;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR d IN SELECT DISTINCT CAST(x AT TIME ZONE 'UTC' AS date) + k
                 FROM (SELECT applied_at AS x FROM new_rows
                       UNION ALL SELECT completed_at FROM new_rows) s, generate_series(-1, 1) k
                 WHERE x IS NOT NULL ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('cases', d);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR d IN SELECT DISTINCT CAST(x AT TIME ZONE 'UTC' AS date) + k
                 FROM (SELECT applied_at AS x FROM old_rows
                       UNION ALL SELECT completed_at FROM old_rows) s, generate_series(-1, 1) k
                 WHERE x IS NOT NULL ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('cases', d);
        END LOOP;
    ELSE
        FOR d IN SELECT DISTINCT CAST(x AT TIME ZONE 'UTC' AS date) + k
                 FROM (SELECT applied_at AS x FROM new_rows
                       UNION ALL SELECT completed_at FROM new_rows
                       UNION ALL SELECT applied_at FROM old_rows
                       UNION ALL SELECT completed_at FROM old_rows) s, generate_series(-1, 1) k
                 WHERE x IS NOT NULL ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('cases', d);
        END LOOP;
    END IF;
    RETURN NULL;
END $$
""",
    """
CREATE FUNCTION halldesk_report_stale_ratings() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    d date;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR d IN SELECT DISTINCT CAST(rated_at AT TIME ZONE 'UTC' AS date) + k
                 FROM new_rows, generate_series(-1, 1) k ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('ratings', d);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR d IN SELECT DISTINCT CAST(rated_at AT TIME ZONE 'UTC' AS date) + k
                 FROM old_rows, generate_series(-1, 1) k ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('ratings', d);
        END LOOP;
    ELSE
        FOR d IN SELECT DISTINCT CAST(x AT TIME ZONE 'UTC' AS date) + k
                 FROM (SELECT rated_at AS x FROM new_rows
                       UNION ALL SELECT rated_at FROM old_rows) s, generate_series(-1, 1) k
                 ORDER BY 1 LOOP
            PERFORM halldesk_report_stale('ratings', d);
        END LOOP;
    END IF;
    RETURN NULL;
END $$
""",
]

PG_TRIGGERED = {
    "ticket": "halldesk_report_stale_tickets",
    "ticket_event": "halldesk_report_stale_first_calls",
    "service_case": "halldesk_report_stale_cases",
    "rating": "halldesk_report_stale_ratings",
}
_REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def _pg_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER report_stale_{verb.lower()} AFTER {verb} ON {table} "
        f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        for table, function in PG_TRIGGERED.items()
        for verb, referencing in _REFERENCING.items()
    ]


def _sqlite_days(part: str, rows: str, times: tuple[str, ...]) -> str:
    near = " OR ".join(
        f"day BETWEEN date({row}.{t}, '-1 day') AND date({row}.{t}, '+1 day')"
        for row in rows.split(",")
        for t in times
    )
    return f"DELETE FROM report_day WHERE part = '{part}' AND ({near});"


_FIRST_CALL = "{r}.event_type = 'call' AND {r}.from_status = 'waiting'"


def _sqlite_triggers() -> list[str]:
    out = []
    for verb, rows in (("INSERT", "NEW"), ("UPDATE", "NEW,OLD"), ("DELETE", "OLD")):
        v = verb.lower()
        dates = ", ".join(f"{r}.service_date" for r in rows.split(","))
        out.append(
            f"CREATE TRIGGER report_stale_ticket_{v} AFTER {verb} ON ticket BEGIN "
            f"DELETE FROM report_day WHERE part = 'tickets' AND day IN ({dates}); END"
        )
        calls = " OR ".join(_FIRST_CALL.format(r=r) for r in rows.split(","))
        days = " UNION ".join(
            f"SELECT service_date FROM ticket WHERE id = {r}.ticket_id" for r in rows.split(",")
        )
        out.append(
            f"CREATE TRIGGER report_stale_ticket_event_{v} AFTER {verb} ON ticket_event "
            f"WHEN {calls} BEGIN "
            f"DELETE FROM report_day WHERE part = 'tickets' AND day IN ({days}); END"
        )
        out.append(
            f"CREATE TRIGGER report_stale_service_case_{v} AFTER {verb} ON service_case BEGIN "
            f"{_sqlite_days('cases', rows, ('applied_at', 'completed_at'))} END"
        )
        out.append(
            f"CREATE TRIGGER report_stale_rating_{v} AFTER {verb} ON rating BEGIN "
            f"{_sqlite_days('ratings', rows, ('rated_at',))} END"
        )
    return out


SQLITE_TRIGGERS = _sqlite_triggers()


def _create_tables() -> None:
    op.create_table(
        "report_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", "part", name=op.f("pk_report_day")),
    )
    op.create_table(
        "report_ticket_day",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category_id", sa.BigInteger(), nullable=False),
        sa.Column("counter_id", sa.BigInteger(), nullable=True),
        sa.Column("clerk_id", sa.BigInteger(), nullable=True),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("no_show", sa.Integer(), nullable=False),
        sa.Column("void", sa.Integer(), nullable=False),
        sa.Column("expired", sa.Integer(), nullable=False),
        sa.Column("service_us", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_ticket_day")),
    )
    op.create_index("ix_report_ticket_day_day", "report_ticket_day", ["day"])
    op.create_table(
        "report_wait_day",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category_id", sa.BigInteger(), nullable=False),
        sa.Column("counter_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("waits_us", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_wait_day")),
    )
    op.create_index("ix_report_wait_day_day", "report_wait_day", ["day"])
    op.create_table(
        "report_case_day",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_item_id", sa.BigInteger(), nullable=False),
        *[
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "received",
                "accepted",
                "rejected",
                "needs_supplement",
                "granted",
                "denied",
                "withdrawn_or_void",
                "completed",
                "on_time",
            )
        ],
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_case_day")),
    )
    op.create_index("ix_report_case_day_day", "report_case_day", ["day"])
    op.create_table(
        "report_rating_day",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("score", sa.String(length=2), nullable=True),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("followed_up", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_rating_day")),
    )
    op.create_index("ix_report_rating_day_day", "report_rating_day", ["day"])


# --------------------------------------------------------------------------- the backfill


def _micros(pg: bool, start: str, end: str) -> str:
    """As report_days.Backend.micros."""
    if pg:
        return f"CAST(EXTRACT(EPOCH FROM {end} - {start}) * 1000000 AS BIGINT)"
    return (
        f"CAST(round(round((julianday({end}) - julianday({start})) * 86400.0, 3) * 1000000) "
        "AS INTEGER)"
    )


def _values(pg: bool, expression: str) -> str:
    if pg:
        return f"string_agg(CAST({expression} AS TEXT), ',' ORDER BY {expression})"
    return f"group_concat(CAST({expression} AS TEXT), ',')"


def _n(condition: str) -> str:
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


_ACCEPTED_LATER = (
    "'accepted', 'in_progress', 'special_procedure', 'suspended', 'completed', 'delivered'"
)


def _backfill(bind) -> None:
    pg = bind.dialect.name == "postgresql"
    tz = bind.execute(sa.text("SELECT timezone FROM hall ORDER BY id LIMIT 1")).scalar()
    if tz is None:
        return  # no hall, no history
    zone = ZoneInfo(tz)
    last = clock.utcnow().astimezone(zone).date() - timedelta(days=1)

    def local(value) -> date | None:
        if value is None:
            return None
        if isinstance(value, str):  # SQLite
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(zone).date()

    firsts = [
        bind.execute(sa.text("SELECT min(service_date) FROM ticket")).scalar(),
        local(bind.execute(sa.text("SELECT min(applied_at) FROM service_case")).scalar()),
        local(bind.execute(sa.text("SELECT min(completed_at) FROM service_case")).scalar()),
        local(bind.execute(sa.text("SELECT min(rated_at) FROM rating")).scalar()),
    ]
    firsts = [date.fromisoformat(f) if isinstance(f, str) else f for f in firsts if f]
    if not firsts or min(firsts) > last:
        return
    first = min(firsts)

    bounds = sa.table(
        "report_bounds",
        sa.column("day", sa.Date()),
        sa.column("start_at", sa.DateTime(timezone=True)),
        sa.column("end_at", sa.DateTime(timezone=True)),
        sa.column("call_end_at", sa.DateTime(timezone=True)),
    )
    kind = "TIMESTAMPTZ" if pg else "DATETIME"
    op.execute(
        f"CREATE TEMPORARY TABLE report_bounds (day DATE PRIMARY KEY, start_at {kind}, "
        f"end_at {kind}, call_end_at {kind})"
    )

    def stored(moment: datetime):
        moment = moment.astimezone(UTC)
        return moment if pg else moment.replace(tzinfo=None)

    rows = []
    day = first
    while day <= last:
        start = datetime.combine(day, time.min, zone)
        end = datetime.combine(day + timedelta(days=1), time.min, zone)
        rows.append(
            {
                "day": day,
                "start_at": stored(start),
                "end_at": stored(end),
                "call_end_at": stored(end.astimezone(UTC) + timedelta(days=1)),
            }
        )
        day += timedelta(days=1)
    bind.execute(sa.insert(bounds), rows)

    done = "t.status = 'done'"
    served = f"{done} AND t.service_started_at IS NOT NULL AND t.finished_at IS NOT NULL"
    service = _micros(pg, "t.service_started_at", "t.finished_at")
    wait = _micros(pg, "t.issued_at", "e.at")
    no_show, void, expired = (f"t.status = '{s}'" for s in ("no_show", "void", "expired"))
    followed_up = "r.score IN ('4', '5') AND r.follow_up_at IS NOT NULL"
    params = {"first": first, "last": last}
    bind.execute(
        sa.text(
            "INSERT INTO report_ticket_day (day, category_id, counter_id, clerk_id, issued, "
            "served, no_show, void, expired, service_us) "
            "SELECT t.service_date, t.issue_category_id, t.counter_id, t.clerk_id, count(*), "
            f"{_n(done)}, {_n(no_show)}, {_n(void)}, {_n(expired)}, "
            f"{_values(pg, f'CASE WHEN {served} THEN {service} END')} "
            "FROM ticket t WHERE t.service_date >= :first AND t.service_date <= :last "
            "GROUP BY t.service_date, t.issue_category_id, t.counter_id, t.clerk_id"
        ).bindparams(sa.bindparam("first", type_=sa.Date()), sa.bindparam("last", type_=sa.Date())),
        params,
    )
    bind.execute(
        sa.text(
            "INSERT INTO report_wait_day (day, category_id, counter_id, user_id, waits_us) "
            "SELECT t.service_date, t.issue_category_id, e.counter_id, e.user_id, "
            f"{_values(pg, wait)} "
            "FROM ticket t JOIN report_bounds b ON b.day = t.service_date "
            "JOIN ticket_event e ON e.ticket_id = t.id AND e.event_type = 'call' "
            "AND e.from_status = 'waiting' AND e.at >= b.start_at AND e.at < b.call_end_at "
            "GROUP BY t.service_date, t.issue_category_id, e.counter_id, e.user_id"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO report_case_day (day, service_item_id, received, accepted, rejected, "
            "needs_supplement, granted, denied, withdrawn_or_void, completed, on_time) "
            "SELECT day, item, sum(received), sum(accepted), sum(rejected), "
            "sum(needs_supplement), sum(granted), sum(denied), sum(gone), sum(completed), "
            "sum(on_time) FROM ("
            "SELECT b.day AS day, c.service_item_id AS item, 1 AS received, "
            f"CASE WHEN c.status IN ({_ACCEPTED_LATER}) THEN 1 ELSE 0 END AS accepted, "
            "CASE WHEN c.status = 'rejected' THEN 1 ELSE 0 END AS rejected, "
            "CASE WHEN c.status = 'needs_supplement' THEN 1 ELSE 0 END AS needs_supplement, "
            "CASE WHEN c.completion_result = 'granted' THEN 1 ELSE 0 END AS granted, "
            "CASE WHEN c.completion_result = 'denied' THEN 1 ELSE 0 END AS denied, "
            "CASE WHEN c.status IN ('withdrawn', 'void') THEN 1 ELSE 0 END AS gone, "
            "0 AS completed, 0 AS on_time "
            "FROM service_case c JOIN report_bounds b "
            "ON c.applied_at >= b.start_at AND c.applied_at < b.end_at "
            "WHERE c.status <> 'draft' "
            "UNION ALL "
            "SELECT b.day, c.service_item_id, 0, 0, 0, 0, 0, 0, 0, 1, "
            "CASE WHEN c.promised_date IS NOT NULL AND c.promised_date >= b.day THEN 1 ELSE 0 END "
            "FROM service_case c JOIN report_bounds b "
            "ON c.completed_at >= b.start_at AND c.completed_at < b.end_at"
            ") x GROUP BY day, item"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO report_rating_day (day, score, ratings, followed_up) "
            "SELECT b.day, r.score, count(*), "
            f"{_n(followed_up)} "
            "FROM rating r JOIN report_bounds b ON r.rated_at >= b.start_at AND r.rated_at < b.end_at "
            "GROUP BY b.day, r.score"
        )
    )
    for part in ("tickets", "cases", "ratings"):
        bind.execute(
            sa.text(
                "INSERT INTO report_day (day, part, timezone, computed_at) "
                "SELECT day, :part, :tz, :now FROM report_bounds"
            ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
            {"part": part, "tz": tz, "now": stored(clock.utcnow())},
        )
    op.execute("DROP TABLE report_bounds")


def upgrade() -> None:
    bind = op.get_bind()
    _create_tables()
    if bind.dialect.name == "postgresql":
        for statement in PG_FUNCTIONS + _pg_triggers():
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    _backfill(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in PG_TRIGGERED:
            for verb in _REFERENCING:
                op.execute(f"DROP TRIGGER IF EXISTS report_stale_{verb.lower()} ON {table}")
        for function in (*PG_TRIGGERED.values(),):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
        op.execute("DROP FUNCTION IF EXISTS halldesk_report_stale(text, date)")
    else:
        for statement in SQLITE_TRIGGERS:
            name = statement.split()[2]
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in (
        "report_rating_day",
        "report_case_day",
        "report_wait_day",
        "report_ticket_day",
        "report_day",
    ):
        op.drop_table(table)
