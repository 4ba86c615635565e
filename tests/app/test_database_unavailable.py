"""When the database stops answering mid-day, services raise the program's own error with a plain
Chinese message (never driver text), nothing is half-done, and the database's check says when it is
back: an SQLite file locked by another program, and a PostgreSQL server stopped and started again
(a private cluster on its own port, never the shared server)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

import app.db.engine as engine_module
from app.db.engine import open_database
from app.db.migrate import upgrade
from app.db.models import Ticket
from app.errors import DatabaseUnavailable
from app.services import admin, queue
from app.services.demo import seed_demo
from tests import pgcluster


def _tickets(db) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def _plain(error: DatabaseUnavailable) -> None:
    message = error.message
    assert "正在自动重试" in message and "不会丢失" in message
    for driver_word in ("OperationalError", "sqlite3", "psycopg", "(", "Connection refused"):
        assert driver_word not in message


def test_a_sqlite_file_locked_by_another_program(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "hall.sqlite3"
    db = open_database(f"sqlite:///{path}")
    upgrade(db.engine)
    seed_demo(db)
    category = admin.list_categories(db)[0].id
    queue.issue_ticket(db, category)

    other = sqlite3.connect(path, isolation_level=None)  # another program, holding the write lock
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseUnavailable) as raised:
            queue.issue_ticket(db, category)
        _plain(raised.value)
        assert "其他程序占用" in raised.value.message
        with pytest.raises(DatabaseUnavailable):
            db.probe()
        assert _tickets(db) == 1  # reads still work under WAL; nothing half-written
    finally:
        other.execute("ROLLBACK")
        other.close()
    db.probe()  # back
    assert queue.issue_ticket(db, category).ticket.number.endswith("002")
    db.dispose()


def test_an_unreadable_sqlite_folder_is_said_plainly(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'gone' / 'hall.sqlite3'}")
    (tmp_path / "gone").rmdir()
    with pytest.raises(DatabaseUnavailable) as raised:
        db.probe()
    _plain(raised.value)
    db.dispose()


@pytest.mark.postgres
def test_a_postgresql_server_stopped_and_started_again():
    pgcluster.require()
    with pgcluster.private_cluster() as cluster:
        db = open_database(cluster.url)
        upgrade(db.engine)
        seed_demo(db)
        category = admin.list_categories(db)[0].id
        queue.issue_ticket(db, category)

        cluster.stop()
        with pytest.raises(DatabaseUnavailable) as raised:
            queue.issue_ticket(db, category)  # the hot path: one prepared statement
        _plain(raised.value)
        assert "数据库服务器" in raised.value.message
        with pytest.raises(DatabaseUnavailable):
            admin.list_categories(db)  # an ORM read
        with pytest.raises(DatabaseUnavailable):
            db.probe()

        cluster.start()

        def answers() -> bool:
            try:
                db.probe()
            except DatabaseUnavailable:
                return False
            return True

        assert pgcluster.wait_until(answers, timeout=15, interval=0.5)
        # once the check says it is back, the next action works at once: no connection from
        # before the stop is left in a pool to fail it (a kiosk would say 暂停取号 again)
        issued = queue.issue_ticket(db, category)
        assert issued.ticket.number.endswith("002")
        assert _tickets(db) == 2
        db.dispose()


@pytest.mark.postgres
def test_after_a_restart_the_first_action_works_when_the_window_found_out_by_reading():
    """A kiosk that learned of the loss from a read (its list reload) never broke its issuing
    connection; after the server is back, the first tap must still get a number."""
    pgcluster.require()
    with pgcluster.private_cluster() as cluster:
        db = open_database(cluster.url)
        upgrade(db.engine)
        seed_demo(db)
        category = admin.list_categories(db)[0].id
        queue.issue_ticket(db, category)  # the autocommit pool now holds a connection

        cluster.stop()
        with pytest.raises(DatabaseUnavailable):
            admin.list_categories(db)
        cluster.start()

        def answers() -> bool:
            try:
                db.probe()
            except DatabaseUnavailable:
                return False
            return True

        assert pgcluster.wait_until(answers, timeout=15, interval=0.5)
        assert queue.issue_ticket(db, category).ticket.number.endswith("002")
        assert [c.id for c in admin.list_categories(db)][0] == category
        db.dispose()
