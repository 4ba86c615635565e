"""Leaving a role window: log-out returns to a fresh login dialog; closing a clerk's window ends the
window session so the window is free for the next PC."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton
from sqlalchemy import select

from app.db.models import CounterSession
from app.services import auth
from ui.application import DeskController
from ui.login import LoginDialog
from ui.windows.admin import AdminWindow
from ui.windows.clerk import ClerkWindow
from ui.windows.manager import ManagerWindow


def _session_row(db, session_id: int) -> CounterSession:
    with db.reader() as session:
        return session.scalars(select(CounterSession).where(CounterSession.id == session_id)).one()


@pytest.mark.parametrize(
    ("username", "counter", "window_class"),
    [("admin", None, AdminWindow), ("manager", None, ManagerWindow), ("clerk01", 1, ClerkWindow)],
)
def test_logout_returns_to_a_new_login_dialog(qtbot, desk, ctx, username, counter, window_class):
    controller = DeskController(ctx)
    first_dialog = controller.show_login()
    desk.login(first_dialog, username, counter=counter)
    window = controller.window
    assert isinstance(window, window_class)
    session = ctx.counter_session

    with qtbot.waitSignal(window.logged_out, timeout=2000):
        desk.click(desk.find(window, QPushButton, "logout"))

    assert not window.isVisible()
    dialog = controller.login
    assert isinstance(dialog, LoginDialog)
    assert dialog is not first_dialog
    assert dialog.isVisible()
    assert dialog.findChild(QLineEdit, "username").text() == ""
    assert dialog.findChild(QLineEdit, "password").text() == ""
    assert ctx.user is None and ctx.counter_session is None
    if session is not None:
        assert auth.touch_counter_session(ctx.db, session.id) is False
        assert _session_row(ctx.db, session.id).end_reason == "logout"

    # The next person logs in from the new dialog.
    desk.login(dialog, "clerk03", counter=3)
    assert isinstance(controller.window, ClerkWindow)
    assert controller.window is not window
    assert "刘婷" in controller.window.findChild(QLabel, "user_label").text()


def test_logout_frees_the_window_for_a_colleague_without_take_over(qtbot, desk, make_ctx):
    pc_a = DeskController(make_ctx("pc-a"))
    desk.login(pc_a.show_login(), "clerk03", counter=3)
    desk.click(desk.find(pc_a.window, QPushButton, "logout"))

    pc_b = DeskController(make_ctx("pc-b"))
    dialog = pc_b.show_login()
    desk.login(dialog, "clerk04", counter=3)
    assert isinstance(pc_b.window, ClerkWindow)
    assert not dialog.findChild(QPushButton, "take_over").isVisible()


def test_closing_the_clerk_window_ends_the_window_session(qtbot, desk, ctx):
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "clerk01", counter=11)
    window = controller.window
    session = ctx.counter_session
    assert isinstance(window, ClerkWindow) and session is not None
    assert auth.touch_counter_session(ctx.db, session.id)

    with qtbot.waitSignal(window.closed_by_user, timeout=2000):
        window.close()  # the title bar's X

    assert not window.isVisible()
    assert auth.touch_counter_session(ctx.db, session.id) is False
    assert _session_row(ctx.db, session.id).end_reason == "closed"
    assert ctx.counter_session is None


def test_window_closed_on_one_pc_can_be_opened_on_another(qtbot, desk, make_ctx):
    pc_a = DeskController(make_ctx("pc-a"))
    desk.login(pc_a.show_login(), "clerk07", counter=7)
    pc_a.window.close()

    pc_b = DeskController(make_ctx("pc-b"))
    dialog = pc_b.show_login()
    desk.login(dialog, "clerk07", counter=7)
    assert isinstance(pc_b.window, ClerkWindow)
    assert not dialog.findChild(QPushButton, "take_over").isVisible()


def test_new_login_dialog_keeps_the_station_window(qtbot, desk, make_ctx):
    """A PC set up as window 12 offers 12 again after each log-out."""
    controller = DeskController(make_ctx("pc-12", counter=12))
    desk.login(controller.show_login(), "clerk11", counter=12)
    desk.click(desk.find(controller.window, QPushButton, "logout"))
    assert controller.login.findChild(QComboBox, "counter").currentData() == 12


def _counter_state(db, number: int):
    from app.services import admin

    return next(c for c in admin.list_counters(db) if c.number == number).state


def test_logout_closes_the_window_in_the_queue(qtbot, desk, ctx):
    from app.domain.codes import CounterState

    controller = DeskController(ctx)
    desk.login(controller.show_login(), "clerk01", counter=1)
    assert _counter_state(ctx.db, 1) == CounterState.OPEN  # opened on login
    desk.click(desk.find(controller.window, QPushButton, "logout"))
    assert _counter_state(ctx.db, 1) == CounterState.CLOSED


def test_closing_the_clerk_window_closes_the_window_in_the_queue(qtbot, desk, ctx):
    """The X must leave the window as log-out does: closed, so the hall board and the queue do not
    route applicants to a window nobody sits at."""
    from app.domain.codes import CounterState

    controller = DeskController(ctx)
    desk.login(controller.show_login(), "clerk01", counter=1)
    assert _counter_state(ctx.db, 1) == CounterState.OPEN
    controller.window.close()
    assert auth.touch_counter_session(ctx.db, _last_session_id(ctx.db)) is False
    assert _counter_state(ctx.db, 1) == CounterState.CLOSED


def _last_session_id(db) -> int:
    with db.reader() as session:
        return max(session.scalars(select(CounterSession.id)))


def test_logout_is_refused_while_a_ticket_is_at_the_window(qtbot, desk, ctx):
    from PySide6.QtWidgets import QMessageBox

    from app.services import admin, queue

    category_a = next(c for c in admin.list_categories(ctx.db) if c.prefix == "A")
    issued = queue.issue_ticket(ctx.db, category_a.id)
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "clerk01", counter=1)
    window = controller.window
    desk.click(desk.find(window, QPushButton, "call_next"))
    number = window.findChild(QLabel, "current_number").text()
    assert number == issued.ticket.number

    desk.click(desk.find(window, QPushButton, "logout"))
    box = window.findChild(QMessageBox, "notice")
    assert box is not None and box.isVisible()
    assert number in box.text() and "请先办结" in box.text()
    desk.click(box.button(QMessageBox.StandardButton.Ok))
    assert window.isVisible()

    # The title bar's X is refused the same way, without blocking whoever asked.
    window.close()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "notice") is not None)
    assert window.isVisible()
    assert ctx.counter_session is not None
    assert auth.touch_counter_session(ctx.db, ctx.counter_session.id)
