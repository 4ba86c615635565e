"""A desk PC runs all day: when PostgreSQL restarts or the line drops, the next action after a quiet
spell gets a fresh connection instead of an error; busy windows do not pay a ping per action."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

import app.db.engine as engine_module
from app.db.engine import open_database
from app.db.migrate import upgrade
from app.errors import DatabaseUnavailable
from app.services import admin, queue
from app.services.demo import seed_demo

pytestmark = pytest.mark.postgres


def _kill_halldesk_connections(pg_url: str) -> int:
    dbname = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(
        "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
    ) as admin_conn:
        rows = admin_conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        ).fetchall()
    return len(rows)


def test_an_idle_connection_killed_by_the_server_is_replaced(pg_url, monkeypatch):
    db = open_database(pg_url)
    try:
        upgrade(db.engine, backup=False)
        seed_demo(db)
        category = next(c for c in admin.list_categories(db) if c.prefix == "A")
        queue.issue_ticket(db, category.id)  # pooled connections exist now
        assert _kill_halldesk_connections(pg_url) >= 1

        monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", -1.0)  # every checkout is "idle"
        issued = queue.issue_ticket(db, category.id)  # no error: the dead connection was replaced
        assert issued.ticket.number == "A002"
        with db.reader() as session:
            assert session.execute(text("SELECT count(*) FROM ticket")).scalar() == 2
    finally:
        db.dispose()


def test_a_busy_connection_is_not_pinged(pg_url, monkeypatch):
    """Both pools (the sessions' and the hot statements' own) ping only after an idle spell."""
    db = open_database(pg_url)
    pings = []
    for dialect in {id(e.dialect): e.dialect for e in (db.engine, db.autocommit_engine)}.values():
        original = dialect.do_ping
        monkeypatch.setattr(
            dialect, "do_ping", lambda conn, original=original: pings.append(1) or original(conn)
        )
    try:
        for _ in range(5):
            with db.driver() as conn:
                conn.execute("SELECT 1")
            with db.reader() as session:
                session.execute(text("SELECT 1"))
        assert pings == []
        monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", -1.0)
        with db.driver() as conn:
            conn.execute("SELECT 1")
        with db.reader() as session:
            session.execute(text("SELECT 1"))
        assert len(pings) == 2
    finally:
        db.dispose()


def test_a_hot_connection_that_breaks_mid_statement_leaves_the_pool(pg_url):
    """A connection killed while a window uses it: that action fails with the program's own
    error (a plain message, not the driver's), the broken connection is dropped, and the next
    action works on a new one."""
    db = open_database(pg_url)
    try:
        with db.driver() as conn:
            pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with pytest.raises(DatabaseUnavailable):
            with db.driver() as conn:
                assert conn.execute("SELECT pg_backend_pid()").fetchone()[0] == pid
                _kill_halldesk_connections(pg_url)
                conn.execute("SELECT 1")
        with db.driver() as conn:
            assert conn.execute("SELECT pg_backend_pid()").fetchone()[0] != pid
    finally:
        db.dispose()
