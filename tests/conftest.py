"""Fixtures shared by every test.

`db_url` runs a test on both backends: an SQLite file in a temporary folder and a fresh
PostgreSQL database created for the test and dropped after it. Without a reachable PostgreSQL the
PostgreSQL cases are skipped (the summary says so) unless HALLDESK_REQUIRE_PG=1, which .ci/run sets:
then they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never read the developer's own settings file or environment.
for _name in [n for n in os.environ if n.startswith("HALLDESK_") and n != "HALLDESK_REQUIRE_PG"]:
    del os.environ[_name]

HALL_TZ = "Asia/Shanghai"  # the demo hall's time zone, whose midnight the tests must survive


def pytest_addoption(parser):
    parser.addoption(
        "--hall-time",
        metavar="HH:MM | YYYY-MM-DDTHH:MM",
        default=None,
        help="start every test with the program's clock (app.clock) at this time in the demo "
        f"hall's zone ({HALL_TZ}); with HH:MM only, on the hall's today. The clock ticks on "
        "from there. Shows that no test depends on the hour the suite runs at (.ci/run uses it).",
    )


def _hall_time(spec: str):
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from app import clock

    zone = ZoneInfo(HALL_TZ)
    try:
        if "T" in spec or " " in spec:
            moment = datetime.fromisoformat(spec)
            return moment if moment.tzinfo else moment.replace(tzinfo=zone)
        day: date = clock.today(HALL_TZ)
        return datetime.combine(day, time.fromisoformat(spec), tzinfo=zone)
    except ValueError:
        raise pytest.UsageError(
            f"--hall-time {spec!r}: write HH:MM (e.g. 23:59) or YYYY-MM-DDTHH:MM"
        ) from None


def pytest_report_header(config):
    spec = config.getoption("--hall-time")
    if spec:
        return f"hall clock: every test starts at {_hall_time(spec).isoformat()} ({HALL_TZ})"
    return None


@pytest.fixture(autouse=True)
def hall_clock(request) -> Iterator[None]:
    """With --hall-time, each test starts at that hall time (a test that takes a minute from
    23:59 crosses midnight, as it would in a hall). The offset also reaches the programs a test
    starts (HALLDESK_CLOCK_OFFSET_SECONDS), so they keep the test's time."""
    from datetime import timedelta

    from app import clock

    spec = request.config.getoption("--hall-time")
    if spec:
        clock.set_now(_hall_time(spec))
    try:
        yield
    finally:
        clock.set_offset(timedelta(0))


@pytest.fixture
def set_hall_time(hall_clock):
    """`set_hall_time("10:00")` sets the program's clock, on purpose, to 10:00 in the hall today
    (or `"2026-11-24T10:00"`) and returns that moment in UTC; it ticks on from there. For tests
    whose story needs an hour of the day: tickets issued "five hours ago" that are still today's."""
    from datetime import UTC

    from app import clock

    def set_(spec: str):
        moment = _hall_time(spec)
        clock.set_now(moment)
        return moment.astimezone(UTC)

    return set_


PG_ADMIN_DSN = os.environ.get(
    "HALLDESK_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)
REQUIRE_PG = os.environ.get("HALLDESK_REQUIRE_PG") == "1"


def _pg_available() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # any failure means: no server for the tests
        return str(exc).strip().splitlines()[0]


_PG_PROBLEM: str | None | bool = False


def pg_problem() -> str | None:
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _pg_available()
    return _PG_PROBLEM  # type: ignore[return-value]


def _pg_url(dbname: str) -> str:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(PG_ADMIN_DSN)
    user = info.get("user", "postgres")
    password = f":{info['password']}" if info.get("password") else ""
    return f"postgresql+psycopg://{user}{password}@{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{dbname}"


def create_pg_database() -> tuple[str, str]:
    import psycopg

    name = f"halldesk_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, _pg_url(name)


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def require_pg() -> None:
    problem = pg_problem()
    if problem is not None:
        if REQUIRE_PG:
            pytest.fail(
                f"PostgreSQL is required (HALLDESK_REQUIRE_PG=1) but unreachable: {problem}"
            )
        pytest.skip(f"PostgreSQL not reachable ({problem}); PostgreSQL tests skipped")


@pytest.fixture
def pg_url() -> Iterator[str]:
    require_pg()
    name, url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{(tmp_path / 'halldesk.sqlite3').as_posix()}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'halldesk.sqlite3').as_posix()}"
    else:
        require_pg()
        name, url = create_pg_database()
        try:
            yield url
        finally:
            drop_pg_database(name)


@pytest.fixture
def db(db_url):
    """A migrated, empty database on each backend."""
    from app.db.engine import open_database
    from app.db.migrate import upgrade

    database = open_database(db_url)
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db):
    """The demo hall on each backend."""
    from app.services.demo import seed_demo

    seed_demo(db)
    return db


@pytest.fixture
def sqlite_demo_db(sqlite_url):
    """The demo hall on SQLite only (for the UI tests, which are about the widgets)."""
    from app.db.engine import open_database
    from app.db.migrate import upgrade
    from app.services.demo import seed_demo

    database = open_database(sqlite_url)
    upgrade(database.engine)
    seed_demo(database)
    yield database
    database.dispose()


DEMO_PASSWORD = "halldesk1"
