"""Logging in through the login dialog, as each role, with the mistakes people make at the desk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton
from sqlalchemy import select

from app.db.models import CounterSession
from app.services import auth
from ui.application import WINDOW_FOR_ROLE, DeskController
from ui.login import LoginDialog
from ui.windows.admin import AdminWindow
from ui.windows.clerk import ClerkWindow
from ui.windows.manager import ManagerWindow


def _open_sessions(db) -> list[CounterSession]:
    with db.reader() as session:
        return list(
            session.scalars(select(CounterSession).where(CounterSession.ended_at.is_(None)))
        )


@pytest.fixture
def controller(ctx) -> DeskController:
    return DeskController(ctx)


@pytest.mark.parametrize(
    ("username", "window_class", "full_name"),
    [("admin", AdminWindow, "王建国"), ("manager", ManagerWindow, "李秀英")],
)
def test_office_roles_open_their_window(qtbot, desk, controller, username, window_class, full_name):
    dialog = controller.show_login()
    assert dialog.isVisible()

    desk.login(dialog, username)

    assert not dialog.isVisible()
    window = controller.window
    assert type(window) is window_class
    assert window is not None and window.isVisible()
    assert window.findChild(QLabel, "user_label").text() == full_name
    assert controller.ctx.user is not None and controller.ctx.user.username == username
    assert controller.ctx.counter_session is None
    assert not _open_sessions(controller.ctx.db)


def test_window_for_every_role():
    from app.domain.codes import Role

    assert set(WINDOW_FOR_ROLE) == set(Role)


def test_clerk_logs_in_at_an_assigned_window(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.fill_login(dialog, "clerk01", counter=1)
    desk.click(desk.find(dialog, QPushButton, "login"))

    window = controller.window
    assert isinstance(window, ClerkWindow) and window.isVisible()
    header = window.findChild(QLabel, "user_label").text()
    assert "1 号窗口" in header and "张晓雯" in header
    assert window.findChild(QLabel, "counter_state").text().startswith("1 号窗口")
    session = controller.ctx.counter_session
    assert session is not None and session.counter_number == 1 and session.host == "pc-test"
    assert auth.touch_counter_session(controller.ctx.db, session.id)


def test_clerk_at_second_assigned_window_via_station_preset(qtbot, desk, make_ctx):
    """A PC set up as window 11 preselects it; clerk01 is assigned 1 and 11."""
    controller = DeskController(make_ctx("pc-11", counter=11))
    dialog = controller.show_login()
    assert desk.find(dialog, QComboBox, "counter").currentData() == 11
    desk.type(desk.find(dialog, QLineEdit, "username"), "clerk01")
    desk.type(desk.find(dialog, QLineEdit, "password"), desk.PASSWORD)
    desk.click(desk.find(dialog, QPushButton, "login"))
    assert isinstance(controller.window, ClerkWindow)
    assert "11 号窗口" in controller.window.findChild(QLabel, "user_label").text()


def test_wrong_password_is_explained_in_the_dialog_and_username_kept(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.fill_login(dialog, "clerk03", password="halldesk2", counter=3)
    desk.click(desk.find(dialog, QPushButton, "login"))

    assert dialog.isVisible()
    assert controller.window is None
    message = desk.label_text(dialog, "password_error") or desk.label_text(dialog, "message")
    assert "用户名或密码错误" in message
    assert "再错 4 次" in message
    assert dialog.findChild(QLineEdit, "username").text() == "clerk03"
    assert dialog.findChild(QComboBox, "counter").currentData() == 3

    # Correct it and log in from the same dialog.
    desk.retype(dialog.findChild(QLineEdit, "password"), desk.PASSWORD)
    desk.click(desk.find(dialog, QPushButton, "login"))
    assert isinstance(controller.window, ClerkWindow)
    assert desk.label_text(dialog, "password_error") == ""


def _failed_logins(db, username: str) -> int:
    from app.services import admin

    return sum(1 for a in admin.list_audit(db, username=username) if a.action == "login.failed")


def test_return_in_the_password_field_is_one_attempt(qtbot, desk, controller):
    """Pressing Return once must count one wrong password, not two (else the account locks after
    three tries while the message promised five)."""
    dialog = controller.show_login()
    desk.login(dialog, "clerk03", password="halldesk2", counter=3)

    assert dialog.isVisible()
    assert dialog.findChild(QLineEdit, "username").text() == "clerk03"
    message = desk.label_text(dialog, "password_error") or desk.label_text(dialog, "message")
    assert "用户名或密码错误" in message
    assert _failed_logins(controller.ctx.db, "clerk03") == 1
    assert "再错 4 次" in message


def test_return_in_the_username_field_moves_on_without_complaint(qtbot, desk, controller):
    dialog = controller.show_login()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    username = desk.find(dialog, QLineEdit, "username")
    desk.type(username, "clerk03")
    qtbot.keyClick(username, Qt.Key.Key_Return)

    assert desk.find(dialog, QLineEdit, "password").hasFocus()
    # Nothing was tried yet, so nothing is wrong yet.
    assert desk.label_text(dialog, "password_error") == ""
    assert desk.label_text(dialog, "message") == ""


def test_return_with_the_right_password_logs_in_once(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.login(dialog, "clerk03", counter=4)
    assert isinstance(controller.window, ClerkWindow)
    from app.services import admin

    actions = [a.action for a in admin.list_audit(controller.ctx.db, username="clerk03")]
    assert actions.count("login") == 1
    assert actions.count("counter_session.start") == 1


def test_empty_username_is_marked_at_the_username(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.type(desk.find(dialog, QLineEdit, "password"), desk.PASSWORD)
    desk.click(desk.find(dialog, QPushButton, "login"))
    assert "请输入用户名" in desk.label_text(dialog, "username_error")
    assert controller.window is None


def test_five_wrong_passwords_lock_the_account_with_a_message(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.type(desk.find(dialog, QLineEdit, "username"), "clerk02")
    password = desk.find(dialog, QLineEdit, "password")
    for _ in range(5):
        desk.retype(password, "wrongpass9")
        desk.click(desk.find(dialog, QPushButton, "login"))
    shown = desk.label_text(dialog, "message") + desk.label_text(dialog, "password_error")
    assert "账号已锁定" in shown
    assert dialog.findChild(QLineEdit, "username").text() == "clerk02"
    # Even the right password is refused now.
    desk.retype(password, desk.PASSWORD)
    desk.choose(desk.find(dialog, QComboBox, "counter"), 2)
    desk.click(desk.find(dialog, QPushButton, "login"))
    assert controller.window is None
    assert "账号已锁定" in desk.label_text(dialog, "message") + desk.label_text(
        dialog, "password_error"
    )


def test_clerk_without_a_window_is_told_at_the_window_field(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.login(dialog, "clerk01", counter=None)

    assert dialog.isVisible()
    assert controller.window is None
    assert "请选择所在的窗口" in desk.label_text(dialog, "counter_number_error")
    assert dialog.findChild(QLineEdit, "username").text() == "clerk01"
    assert not _open_sessions(controller.ctx.db)
    assert controller.ctx.user is None


def test_choosing_the_window_clears_its_message_and_return_there_logs_in(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.login(dialog, "clerk01", counter=None)
    assert "请选择所在的窗口" in desk.label_text(dialog, "counter_number_error")
    combo = dialog.findChild(QComboBox, "counter")
    desk.choose(combo, 1)
    assert desk.label_text(dialog, "counter_number_error") == ""
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # Return on the window box: log in
    assert isinstance(controller.window, ClerkWindow) and not dialog.isVisible()


def test_clerk_at_a_window_not_assigned_is_refused(qtbot, desk, controller):
    dialog = controller.show_login()
    desk.login(dialog, "clerk01", counter=3)

    assert dialog.isVisible()
    assert controller.window is None
    message = desk.label_text(dialog, "counter_number_error")
    assert "没有被分配到 3 号窗口" in message
    assert "1、11" in message
    # the two-line message has the room of its lines (the dialog grew by one line: clipped)
    label = dialog.findChild(QLabel, "counter_number_error")
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=1000)
    assert not dialog.findChild(QPushButton, "take_over").isVisible()
    assert not _open_sessions(controller.ctx.db)


def test_disabled_account_is_refused_at_the_username(qtbot, desk, ctx, controller):
    from app.services import admin

    admin_user = auth.authenticate(ctx.db, "admin", desk.PASSWORD, host="pc-admin")
    clerk = next(u for u in admin.list_users(ctx.db) if u.username == "clerk04")
    admin.set_user_active(ctx.db, admin_user.actor("pc-admin"), clerk.id, False)

    dialog = controller.show_login()
    desk.login(dialog, "clerk04", counter=4)
    assert controller.window is None
    assert "已停用" in desk.label_text(dialog, "username_error")


@pytest.mark.parametrize(
    ("first", "second", "holder"),
    [
        ("clerk05", "clerk05", "孙丽娟"),  # the same clerk moved to another PC
        ("clerk06", "clerk10", "周明"),  # a colleague sits down at window 6 on another PC
    ],
)
def test_window_held_by_another_pc_can_be_taken_over(qtbot, desk, make_ctx, first, second, holder):
    number = 5 if first == "clerk05" else 6
    pc_a = DeskController(make_ctx("pc-a"))
    pc_b = DeskController(make_ctx("pc-b"))

    desk.login(pc_a.show_login(), first, counter=number)
    assert isinstance(pc_a.window, ClerkWindow)
    first_session = pc_a.ctx.counter_session
    assert first_session is not None

    dialog = pc_b.show_login()
    desk.login(dialog, second, counter=number)

    assert pc_b.window is None
    assert dialog.isVisible()
    message = desk.label_text(dialog, "counter_number_error") or desk.label_text(dialog, "message")
    assert f"{number} 号窗口" in message
    assert holder in message
    assert "pc-a" in message
    take_over = dialog.findChild(QPushButton, "take_over")
    assert take_over.isVisible()
    assert take_over.text() == "接管该窗口"
    # Still the first PC's window until someone says so.
    assert auth.touch_counter_session(pc_a.ctx.db, first_session.id)

    desk.click(take_over)

    assert isinstance(pc_b.window, ClerkWindow) and pc_b.window.isVisible()
    assert not dialog.isVisible()
    assert pc_b.ctx.counter_session is not None and pc_b.ctx.counter_session.host == "pc-b"
    assert auth.touch_counter_session(pc_a.ctx.db, first_session.id) is False
    open_now = _open_sessions(pc_a.ctx.db)
    assert [(s.host, s.id) for s in open_now] == [("pc-b", pc_b.ctx.counter_session.id)]


def test_taken_over_pc_is_told_and_sent_back_to_login(qtbot, desk, make_ctx):
    """The heartbeat of the first PC notices the take-over, says so and returns to the login."""
    pc_a = DeskController(make_ctx("pc-a"))
    pc_b = DeskController(make_ctx("pc-b"))
    desk.login(pc_a.show_login(), "clerk05", counter=5)
    window_a = pc_a.window
    dialog_b = pc_b.show_login()
    desk.login(dialog_b, "clerk05", counter=5)
    desk.click(dialog_b.findChild(QPushButton, "take_over"))
    assert isinstance(pc_b.window, ClerkWindow)

    seen: list[str] = []

    def read_and_close(box):
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        desk.click(box.button(QMessageBox.StandardButton.Ok))

    desk.modal(window_a._beat, read_and_close)  # the 30-second heartbeat, run now

    assert seen and "被接管" in seen[0]
    assert not window_a.isVisible()
    assert isinstance(pc_a.login, LoginDialog) and pc_a.login.isVisible()
    assert pc_a.ctx.user is None and pc_a.ctx.counter_session is None
    # The new holder was not disturbed.
    assert auth.touch_counter_session(pc_b.ctx.db, pc_b.ctx.counter_session.id)
