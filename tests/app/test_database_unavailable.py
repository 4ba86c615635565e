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


# --------------------------------------------------------------------------- busy, not gone


@pytest.mark.postgres
def test_a_row_another_pc_holds_locked_is_busy_not_a_hang_nor_driver_text(pg_url):
    """A PC frozen mid-action holds a row lock: the next window's action waits the busy timeout,
    then fails as DatabaseBusy with a plain message; nothing written; it works once released."""
    import psycopg

    from app.errors import DatabaseBusy

    db = open_database(pg_url, busy_timeout_seconds=1)
    upgrade(db.engine)
    seed_demo(db)
    category = admin.list_categories(db)[0]
    holder = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        holder.execute("SELECT * FROM queue_category WHERE id = %s FOR UPDATE", (category.id,))
        with pytest.raises(DatabaseBusy) as raised:
            with db.session() as session:  # any write that needs that row
                session.execute(
                    engine_module.text("UPDATE queue_category SET name = name WHERE id = :i"),
                    {"i": category.id},
                )
        message = raised.value.message
        assert "数据库正忙" in message and "没有保存" in message
        for driver_word in ("LockNotAvailable", "psycopg", "lock timeout", "canceling"):
            assert driver_word not in message
    finally:
        holder.rollback()
        holder.close()
    with db.session() as session:
        session.execute(
            engine_module.text("UPDATE queue_category SET name = name WHERE id = :i"),
            {"i": category.id},
        )
    db.dispose()


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        ("55P03", "DatabaseBusy"),  # lock_not_available
        ("40P01", "DatabaseBusy"),  # deadlock_detected
        ("40001", "DatabaseBusy"),  # serialization_failure
        ("57014", "DatabaseBusy"),  # query_canceled (statement_timeout)
        ("57P01", "DatabaseUnavailable"),  # admin_shutdown: the server is going away
        ("08006", "DatabaseUnavailable"),  # connection failure
        ("23505", None),  # unique_violation: the caller's business, not the database's health
    ],
)
def test_database_states_map_to_the_programs_own_errors(state, kind):
    import psycopg

    class Diag:
        sqlstate = state

    error = psycopg.OperationalError("driver text")
    error.__dict__["_diag"] = Diag()  # what psycopg's .diag would carry
    type(error).diag = property(lambda self: self.__dict__.get("_diag"))  # type: ignore[assignment]
    try:
        found = engine_module.unavailable(error) or engine_module.busy(error)
    finally:
        del type(error).diag
    assert (type(found).__name__ if found else None) == kind


def test_a_database_url_with_a_port_that_is_not_a_number_is_a_settings_error(tmp_path, capsys):
    from app.cli import main as cli_main
    from app.errors import SettingsError
    from app.settings import load_settings

    url = "postgresql+psycopg://postgres@127.0.0.1:abc/halldesk"
    with pytest.raises(SettingsError) as raised:
        load_settings(None, environ={"HALLDESK_DATABASE__URL": url})
    assert "database.url" in raised.value.message and "端口" in raised.value.message
    config = tmp_path / "halldesk.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    assert cli_main(["--config", str(config), "db", "current"]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out and "端口" in out.err + out.out
