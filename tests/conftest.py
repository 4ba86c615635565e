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


def _pg_available(attempts: int = 3) -> str | None:
    """None when the server answers; else why not. Asked up to three times (a loaded machine can
    miss one 3-second connect, and the answer is remembered for the whole run)."""
    import time

    problem = None
    for attempt in range(attempts):
        try:
            import psycopg

            with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3, autocommit=True) as conn:
                conn.execute("SELECT 1")
            return None
        except Exception as exc:  # any failure means: no server for the tests
            problem = str(exc).strip().splitlines()[0]
            if "refused" in problem or "No such file" in problem:
                return problem  # nothing listens: asking again will not help
            if attempt + 1 < attempts:
                time.sleep(1)
    return problem


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


def create_pg_database(template: str | None = None) -> tuple[str, str]:
    """A new database with a unique name (a copy of `template` if given): (name, SQLAlchemy URL)."""
    import psycopg

    name = f"halldesk_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
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


def disconnect_pg_database(name: str) -> None:
    """End every session connected to `name` (what DROP DATABASE … WITH (FORCE) does first)."""
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )


class PgDropper:
    """Drops the tests' PostgreSQL databases, at each test's end, on the test's own thread.

    A thread of its own saved the half second DROP DATABASE waits for a checkpoint, but Python's
    garbage collector runs on whichever thread allocates: on a dropper thread it could free the
    Qt objects a finished UI test left in reference cycles away from the GUI thread, and the full
    suite then crashed (a segmentation fault while the next UI test closed its windows, two runs
    in three). Nothing but the main thread runs Python between tests now."""

    def __init__(self) -> None:
        self._errors: list[str] = []

    def drop_later(self, name: str) -> None:
        disconnect_pg_database(name)
        try:
            drop_pg_database(name)
        except Exception as exc:  # reported by finish()
            self._errors.append(f"{name}: {exc}")

    def finish(self) -> None:
        if self._errors:
            raise RuntimeError("test databases not dropped: " + "; ".join(self._errors))


FULL_COLLECTION_EVERY = 200  # tests between two collections of everything (see below)
_tests_since_full_collection = 0


@pytest.fixture(autouse=True)
def _collect_garbage_here() -> Iterator[None]:
    """After each test, its garbage (Qt wrappers in reference cycles among it) is collected on the
    main thread, the GUI thread, not by whichever thread next happens to allocate.

    Only what the test made is looked at: what survives a collection is frozen (`gc.freeze()`:
    the session's fixtures, imported modules, Hypothesis's and alembic's caches), so the next
    collection skips it. Collecting the whole heap after every test took 78 % of the suite's time
    (about half a second a test). Every `FULL_COLLECTION_EVERY` tests the frozen objects are let
    go and everything is collected once, for what a module's fixtures left behind in cycles."""
    global _tests_since_full_collection
    yield
    import gc

    _tests_since_full_collection += 1
    if _tests_since_full_collection >= FULL_COLLECTION_EVERY:
        _tests_since_full_collection = 0
        gc.unfreeze()
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def pg_dropper() -> Iterator[PgDropper]:
    dropper = PgDropper()
    try:
        yield dropper
    finally:
        dropper.finish()


@pytest.fixture
def pg_url(pg_dropper) -> Iterator[str]:
    require_pg()
    name, url = create_pg_database()
    try:
        yield url
    finally:
        pg_dropper.drop_later(name)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{(tmp_path / 'halldesk.sqlite3').as_posix()}"


# ------------------------------------------------------------------------- template databases
#
# Migrating a new database takes about a second and seeding the demo hall about as long again, on
# each backend; a few hundred tests start from one of the two. So each pytest process builds them
# once, the first time a test needs them, as templates: an SQLite file in the session's temporary
# folder and a PostgreSQL database named after the process (halldesk_tmpl_<pid>_<kind>, so two
# runs on one machine never share one). A test's database is a copy: the file copied, or
# `CREATE DATABASE … TEMPLATE …` (PostgreSQL refuses that while anyone is connected to the
# template, so nothing stays connected to it after it is built). The templates are dropped when
# the session ends. Tests marked `fresh_database` (tests/app/test_migrations.py) migrate and seed
# their own database from scratch instead.

TEMPLATE_KINDS = ("migrated", "demo")  # migrated: empty at head; demo: migrated + seed_demo


def _build_time(config):
    """The clock a template is built at: with --hall-time just before the pinned hall time (so
    what a test does comes after the seed, on the same hall day, as when each test seeded its
    own), else now."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    spec = config.getoption("--hall-time")
    if not spec:
        return None
    start = _hall_time(spec)
    local = start.astimezone(ZoneInfo(HALL_TZ))
    midnight = datetime.combine(local.date(), datetime.min.time(), tzinfo=local.tzinfo)
    return max(start - timedelta(seconds=5), midnight)


def _fill(database, kind: str, config) -> None:
    """Migrate `database` and, for `demo`, seed the demo hall, at the template's clock (then the
    clock is put back as the test that happened to need the template had it)."""
    from datetime import timedelta

    from app import clock
    from app.db.migrate import upgrade
    from app.services.demo import seed_demo

    previous = clock.offset()
    moment = _build_time(config)
    if moment is None:
        clock.set_offset(timedelta(0))
    else:
        clock.set_now(moment)
    try:
        upgrade(database.engine, backup=False)
        if kind == "demo":
            seed_demo(database)
    finally:
        clock.set_offset(previous)


class DatabaseTemplates:
    """The session's template databases, built on first use; `clone_*` make a test's copy."""

    def __init__(self, config, folder) -> None:
        self.config = config
        self.folder = folder
        self.sqlite_files: dict[str, object] = {}
        self.pg_names: dict[str, str] = {}

    # -- SQLite: a file, copied
    def sqlite_template(self, kind: str):
        assert kind in TEMPLATE_KINDS, kind
        if kind not in self.sqlite_files:
            from app.db.engine import open_database

            path = self.folder / f"{kind}.sqlite3"
            database = open_database(f"sqlite:///{path.as_posix()}")
            try:
                _fill(database, kind, self.config)
            except BaseException:
                database.dispose()
                for suffix in ("", "-wal", "-shm"):  # the next test tries again
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
                raise
            database.dispose()  # the last connection checkpoints the WAL into the file
            for suffix in ("-wal", "-shm"):
                assert not path.with_name(path.name + suffix).exists(), "template still open"
            self.sqlite_files[kind] = path
        return self.sqlite_files[kind]

    def clone_sqlite(self, kind: str, path) -> None:
        """Copy the `kind` template to `path` (a file that must not exist yet)."""
        import shutil
        from pathlib import Path

        path = Path(path)
        assert not path.exists(), f"{path} exists: a template copy never overwrites a database"
        shutil.copyfile(self.sqlite_template(kind), path)

    # -- PostgreSQL: a database, used as TEMPLATE
    def pg_template(self, kind: str) -> str:
        assert kind in TEMPLATE_KINDS, kind
        if kind not in self.pg_names:
            import psycopg

            from app.db.engine import open_database

            name = f"halldesk_tmpl_{os.getpid()}_{kind}"
            with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a reused pid
                if kind == "demo":  # the migrated template plus the seed
                    conn.execute(
                        f'CREATE DATABASE "{name}" TEMPLATE "{self.pg_template("migrated")}"'
                    )
                else:
                    conn.execute(f'CREATE DATABASE "{name}"')
            database = open_database(_pg_url(name))
            try:
                _fill(database, kind, self.config)
            except BaseException:
                database.dispose()
                drop_pg_database(name)  # the next test tries again
                raise
            database.dispose()  # no connection may stay: CREATE DATABASE … TEMPLATE refuses
            self.pg_names[kind] = name
        return self.pg_names[kind]

    def clone_pg(self, kind: str | None) -> tuple[str, str]:
        """A new database: empty (kind None) or a copy of the `kind` template. (name, URL)"""
        if kind is None:
            return create_pg_database()
        return create_pg_database(template=self.pg_template(kind))

    def drop(self) -> None:
        for name in reversed(list(self.pg_names.values())):  # demo before migrated
            drop_pg_database(name)
        self.pg_names.clear()


@pytest.fixture(scope="session")
def db_templates(pytestconfig, tmp_path_factory) -> Iterator[DatabaseTemplates]:
    templates = DatabaseTemplates(pytestconfig, tmp_path_factory.mktemp("db-templates"))
    try:
        yield templates
    finally:
        templates.drop()


def _template_kind(request) -> str | None:
    """What the test's database starts as: `demo` when it asks for demo_db, `migrated` for db, else
    None (empty). The `db` and `demo_db` fixtures still migrate and seed (a no-op on a copy), so
    a database reached some other way ends up the same, only slower."""
    if request.node.get_closest_marker("fresh_database"):
        return None
    names = request.fixturenames
    if "demo_db" in names:
        return "demo"
    if "db" in names:
        return "migrated"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, db_templates, pg_dropper) -> Iterator[str]:
    """A database on each backend: empty, or (for `db` and `demo_db`) a copy of the template."""
    kind = _template_kind(request)
    if request.param == "sqlite":
        path = tmp_path / "halldesk.sqlite3"
        if kind is not None:
            db_templates.clone_sqlite(kind, path)
        yield f"sqlite:///{path.as_posix()}"
    else:
        require_pg()
        name, url = db_templates.clone_pg(kind)
        try:
            yield url
        finally:
            pg_dropper.drop_later(name)


@pytest.fixture
def db(db_url):
    """A migrated, empty database on each backend."""
    from app.db.engine import open_database
    from app.db.migrate import upgrade

    database = open_database(db_url)
    upgrade(database.engine)  # a template's copy is at head already: nothing to do
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db):
    """The demo hall on each backend."""
    from app.services.demo import seed_demo

    seed_demo(db)  # a copy of the demo template has its hall already: nothing to do
    return db


@pytest.fixture
def sqlite_demo_db(request, sqlite_url, db_templates):
    """The demo hall on SQLite only (for the UI tests, which are about the widgets)."""
    from app.db.engine import open_database
    from app.db.migrate import upgrade
    from app.services.demo import seed_demo

    if not request.node.get_closest_marker("fresh_database"):
        db_templates.clone_sqlite("demo", sqlite_url.removeprefix("sqlite:///"))
    database = open_database(sqlite_url)
    upgrade(database.engine)
    seed_demo(database)
    yield database
    database.dispose()


DEMO_PASSWORD = "halldesk1"
