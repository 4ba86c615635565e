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
