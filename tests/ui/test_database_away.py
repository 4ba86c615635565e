"""The database stops answering in the middle of the day (here: the SQLite file locked by another
program). Every window keeps painting, says in plain Chinese that it cannot reach the database and
is retrying, keeps what was typed, and comes back by itself when the database answers again; the
kiosk shows 暂停取号 and gives no number until it can."""

from __future__ import annotations

import sqlite3
import time

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlalchemy import func, select

import app.db.engine as engine_module
from app.db.engine import open_database
from app.db.migrate import upgrade
from app.db.models import Ticket
from app.services import admin, auth, queue
from app.services.demo import seed_demo
from app.services.hall import get_hall
from app.settings import load_settings
from ui.context import AppContext
from ui.tasks import ImmediateRunner, TaskRunner
from ui.windows.board import BoardWindow
from ui.windows.clerk import ClerkWindow
from ui.windows.kiosk import KioskWindow

DEMO_PASSWORD = "halldesk1"


class Lock:
    """Another program holding the SQLite file's write lock."""

    def __init__(self, path):
        self.path = path
        self.conn: sqlite3.Connection | None = None

    def take(self) -> None:
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn is not None:
            self.conn.execute("ROLLBACK")
            self.conn.close()
            self.conn = None


@pytest.fixture
def hall(tmp_path, monkeypatch, qapp, db_templates):
    path = tmp_path / "hall.sqlite3"
    db_templates.clone_sqlite("demo", path)  # the demo hall (tests/conftest.py)
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    db = open_database(f"sqlite:///{path}")
    upgrade(db.engine)  # at head already: nothing to do
    seed_demo(db)  # the hall is there: nothing to do
    config = tmp_path / "halldesk.toml"
    config.write_text("", encoding="utf-8")
    lock = Lock(path)

    def context(runner=None, database=None) -> AppContext:
        settings = load_settings(
            config,
            environ={},
            overrides={"data_dir": str(tmp_path), "database.url": f"sqlite:///{path}"},
        )
        return AppContext(
            db=database or db,
            settings=settings,
            host="pc-test",
            hall=get_hall(db),
            runner=runner or ImmediateRunner(),
        )

    yield db, context, lock
    lock.release()
    for widget in QApplication.topLevelWidgets():
        widget.close()
    db.dispose()


def _tickets(db) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


def _plain(text: str) -> None:
    assert "正在自动重试" in text
    assert not any(w in text for w in ("OperationalError", "sqlite3", "database is locked"))


def test_the_kiosk_pauses_taking_numbers_and_resumes_by_itself(hall, qtbot):
    db, context, lock = hall
    ctx = context()
    kiosk = KioskWindow(ctx)
    qtbot.addWidget(kiosk)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    button = next(iter(kiosk.category_buttons.values()))

    lock.take()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.paused_page
    assert kiosk.subtitle.text() == "暂停取号"
    assert "恢复后即可取号" in kiosk.paused_text.text()
    assert _tickets(db) == 0  # no number promised that does not exist
    kiosk.go_start()  # the idle timer, or 完成: still paused
    assert kiosk.pages.currentWidget() is kiosk.paused_page

    lock.release()
    ctx.runner.probe_now()  # the runner's check, every few seconds in the program
    assert ctx.runner.database_ok
    assert kiosk.pages.currentWidget() is kiosk.start_page
    qtbot.mouseClick(next(iter(kiosk.category_buttons.values())), Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.confirm_page
    assert _tickets(db) == 1


def test_a_clerk_window_says_it_plainly_and_recovers(hall, qtbot):
    db, context, lock = hall
    queue.issue_ticket(db, admin.list_categories(db)[0].id)
    ctx = context()
    ctx.user = auth.authenticate(db, "clerk01", DEMO_PASSWORD, host=ctx.host)
    ctx.counter_session = auth.start_counter_session(db, ctx.user, 1, host=ctx.host)
    window = ClerkWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)

    lock.take()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    _plain(window.message.text())
    notice = window.findChild(QLabel, "database_notice")
    assert notice.isVisible() and "数据库暂时无法连接" in notice.text()
    _plain(notice.text())
    assert window.findChild(QLabel, "current_number").text() == "—"

    lock.release()
    ctx.runner.probe_now()
    assert not notice.isVisible()
    assert window.message.text() == "数据库已恢复连接，可以继续办理"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.findChild(QLabel, "current_number").text() == "A001"
    window.findChild(QPushButton, "call_next")  # still there, still working
    with db.reader() as session:
        assert session.scalar(select(Ticket.status)) == "called"


def test_the_board_says_it_cannot_update_and_keeps_what_it_shows(hall, qtbot, monkeypatch):
    db, context, lock = hall
    ctx = context()
    board = BoardWindow(ctx)
    qtbot.addWidget(board)
    board.show()
    qtbot.waitExposed(board)
    assert not board.stale.isVisible()
    loads = board.loads_label.text()

    def down(_db):
        from app.errors import DatabaseUnavailable

        raise DatabaseUnavailable(engine_module.UNAVAILABLE_SERVER)

    monkeypatch.setattr(queue, "window_states", down)
    board.reload()
    assert board.stale.isVisible() and board.loads_label.text() == loads
    monkeypatch.undo()
    ctx.runner.probe_now()
    assert not board.stale.isVisible()


def test_the_kiosk_keeps_painting_while_the_database_makes_it_wait(hall, qtbot, monkeypatch):
    """With the program's real runner (a worker thread), a tap while another program holds the
    lock for two seconds: the event loop keeps turning (the longest gap between 20 ms timer ticks
    stays small) and the ticket comes once the lock is let go."""
    db, context, lock = hall
    patient = open_database(str(db.engine.url), busy_timeout_seconds=5)  # waits out the lock
    runner = TaskRunner()
    ctx = context(runner, database=patient)
    kiosk = KioskWindow(ctx)
    qtbot.addWidget(kiosk)
    kiosk.show()
    qtbot.waitUntil(lambda: bool(kiosk.category_buttons), timeout=5000)

    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer()
    ticker.setInterval(20)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    ticker.start()
    lock.take()
    qtbot.mouseClick(next(iter(kiosk.category_buttons.values())), Qt.MouseButton.LeftButton)
    assert kiosk.message.text() == "正在取号，请稍候…"
    qtbot.mouseClick(next(iter(kiosk.category_buttons.values())), Qt.MouseButton.LeftButton)
    started = time.monotonic()
    qtbot.wait(1500)
    lock.release()
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is kiosk.confirm_page, timeout=8000)
    ticker.stop()
    assert time.monotonic() - started >= 1.4
    assert _tickets(db) == 1  # the second tap, while the first waited, took no second number
    assert max(gaps[1:]) < 1000, f"the GUI stalled {max(gaps)} ms"  # the lock lasted 1.5 s
    runner.wait(5000)
    patient.dispose()


def test_a_draft_typed_while_the_database_is_away_is_kept_on_this_pc(hall, qtbot):
    from app.services import catalog, intake
    from app.services.draft_spool import DraftSpool
    from ui.widgets.intake_form import open_intake

    db, context, lock = hall
    ctx = context()
    ctx.user = auth.authenticate(db, "clerk01", DEMO_PASSWORD, host=ctx.host)
    form = open_intake(ctx, counter_id=None)
    qtbot.waitExposed(form)
    form.choose_item(next(i for i in catalog.list_items(db) if i.name == "有限责任公司设立登记"))
    form.edits["applicant_name"].setText("张三")
    form.edits["applicant_id_number"].setText("11010519491231002X")

    lock.take()
    form.save_draft_now()
    assert "草稿已暂存在本机" in form.draft_label.text()
    spool = DraftSpool(ctx.settings.data_path)
    assert spool.take(ctx.user.id).data["fields"]["applicant_name"] == "张三"
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # closed while the database is still away
    assert not form.isVisible()
    assert intake.drafts_for(db, ctx.user.id) == []  # reads work; the database never got it

    lock.release()
    again = open_intake(ctx, counter_id=None)
    qtbot.waitExposed(again)
    assert again.edits["applicant_name"].text() == "张三"
    assert again.edits["applicant_id_number"].text() == "11010519491231002X"
    assert again.item is not None and again.item.name == "有限责任公司设立登记"
    again.save_draft_now()  # the autosave, at once
    drafts = intake.drafts_for(db, ctx.user.id)
    assert len(drafts) == 1 and drafts[0].data["fields"]["applicant_name"] == "张三"
    assert spool.take(ctx.user.id) is None
    again.reject()


def test_logging_in_while_the_database_is_away_says_so_and_works_after(hall, qtbot):
    from PySide6.QtWidgets import QLineEdit

    from ui.login import LoginDialog

    db, context, lock = hall
    ctx = context()
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.findChild(QLineEdit, "username").setText("manager")
    password = dialog.findChild(QLineEdit, "password")
    password.setText(DEMO_PASSWORD)
    lock.take()
    qtbot.keyClick(password, Qt.Key.Key_Return)
    _plain(dialog.errors.general.text())
    assert dialog.isVisible() and ctx.user is None
    assert dialog.login_button.isEnabled()  # can try again
    lock.release()
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert ctx.user is not None and ctx.user.username == "manager"
