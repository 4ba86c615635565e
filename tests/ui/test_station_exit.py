"""Kiosk and hall board in full screen: only a hall manager (or admin) leaves it.

The gestures are real key presses and taps; the window system's close (Alt+F4, the task bar) is a
spontaneous QCloseEvent, which only the platform makes: here it is a QCloseEvent whose
`spontaneous()` says so, sent through Qt's event delivery to the window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from sqlalchemy import select

from app.db.models import AuditLog
from ui.widgets import pin_dialog
from ui.widgets.pin_dialog import CORNER_TAPS, ManagerExitDialog
from ui.windows.board import BoardWindow
from ui.windows.kiosk import KioskWindow


class WindowSystemClose(QCloseEvent):
    """What Alt+F4 or the task bar's "close window" delivers."""

    def spontaneous(self) -> bool:
        return True


def audit_actions(db) -> list[tuple[str, str, dict | None]]:
    with db.reader() as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        return [(r.action, r.username, r.after) for r in rows if r.action.startswith("station.")]


@pytest.fixture(params=["kiosk", "board"])
def station(request, qtbot, ctx):
    window = KioskWindow(ctx) if request.param == "kiosk" else BoardWindow(ctx, announcer=None)
    qtbot.addWidget(window)
    window.showFullScreen()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def open_dialog(qtbot, window) -> ManagerExitDialog:
    qtbot.keyClick(
        window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: window.station_lock.dialog is not None)
    dialog = window.station_lock.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def sign_off(desk, dialog, username: str, password: str, button: str) -> None:
    desk.type(desk.find(dialog, QLineEdit, "exit_username"), username)
    desk.type(desk.find(dialog, QLineEdit, "exit_password"), password)
    desk.click(desk.find(dialog, QPushButton, button))


def test_the_window_systems_close_is_refused_and_asks_for_a_manager(qtbot, station):
    event = WindowSystemClose()
    QApplication.sendEvent(station, event)

    assert not event.isAccepted()
    assert station.isVisible() and station.isFullScreen()
    qtbot.waitUntil(lambda: station.station_lock.dialog is not None)
    assert station.station_lock.dialog.isVisible()


def test_a_manager_leaves_full_screen_with_ctrl_alt_q(qtbot, desk, ctx, station):
    dialog = open_dialog(qtbot, station)
    with qtbot.waitSignal(station.station_lock.released, timeout=2000) as released:
        sign_off(desk, dialog, "manager", desk.PASSWORD, "exit_leave_fullscreen")

    assert released.args == [pin_dialog.LEAVE_FULLSCREEN]
    qtbot.waitUntil(lambda: not station.isFullScreen())
    assert station.isVisible()
    assert station.station_lock.locked is False
    station_name = "kiosk" if isinstance(station, KioskWindow) else "board"
    assert audit_actions(ctx.db) == [
        ("station.exit", "manager", {"station": station_name, "action": "leave_fullscreen"})
    ]
    # Unlocked: the window system may close it now.
    event = WindowSystemClose()
    QApplication.sendEvent(station, event)
    assert event.isAccepted()


def test_an_admin_may_close_the_program(qtbot, desk, station):
    dialog = open_dialog(qtbot, station)
    sign_off(desk, dialog, "admin", desk.PASSWORD, "exit_close")
    qtbot.waitUntil(lambda: not station.isVisible())


def test_five_taps_in_the_top_left_corner_open_the_dialog(qtbot, station):
    corner = station.station_lock.corner
    assert corner.geometry().topLeft() == station.rect().topLeft()
    target = station.childAt(10, 10)
    assert target is corner, "the corner must lie above the window's own widgets"
    for _ in range(CORNER_TAPS - 1):
        qtbot.mouseClick(corner, Qt.MouseButton.LeftButton)
    assert station.station_lock.dialog is None
    qtbot.mouseClick(corner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: station.station_lock.dialog is not None)


def test_a_clerk_cannot_let_the_station_go(qtbot, desk, ctx, station):
    dialog = open_dialog(qtbot, station)
    sign_off(desk, dialog, "clerk01", desk.PASSWORD, "exit_leave_fullscreen")

    assert "不能退出全屏" in desk.label_text(dialog, "exit_username_error")
    assert dialog.isVisible()
    assert station.isFullScreen() and station.station_lock.locked
    assert [action for action, *_ in audit_actions(ctx.db)] == ["station.exit_refused"]


def test_a_wrong_password_counts_toward_the_lockout(qtbot, desk, station):
    dialog = open_dialog(qtbot, station)
    sign_off(desk, dialog, "manager", "wrong-pass1", "exit_close")

    assert "再错 4 次" in desk.label_text(dialog, "exit_password_error")
    assert station.isVisible() and station.isFullScreen()
    # The password field is selected for a second try; the username stays.
    assert dialog.findChild(QLineEdit, "exit_username").text() == "manager"


def test_cancel_keeps_the_lock(qtbot, desk, station):
    dialog = open_dialog(qtbot, station)
    desk.click(desk.find(dialog, QPushButton, "exit_cancel"))
    qtbot.waitUntil(lambda: station.station_lock.dialog is None)
    assert station.isFullScreen() and station.station_lock.locked
    event = WindowSystemClose()
    QApplication.sendEvent(station, event)
    assert not event.isAccepted()


def test_an_unattended_dialog_goes_away(qtbot, monkeypatch, ctx):
    monkeypatch.setattr(pin_dialog, "DIALOG_IDLE_MS", 100)
    window = KioskWindow(ctx)
    qtbot.addWidget(window)
    window.showFullScreen()
    assert window.station_lock.ask().isVisible()
    qtbot.waitUntil(lambda: window.station_lock.dialog is None, timeout=2000)
    assert window.isFullScreen() and window.station_lock.locked


def test_minimised_it_comes_back_full_screen(qtbot, station):
    station.showMinimized()
    qtbot.waitUntil(lambda: station.isFullScreen() and not station.isMinimized())


def test_the_program_itself_may_still_close_it(qtbot, station):
    """Quitting (QApplication.quit, the session ending) closes windows from code: not refused."""
    assert station.close() is True
    assert not station.isVisible()


def test_a_station_shown_in_a_window_is_not_locked(qtbot, ctx):
    """On a desk PC (testing the kiosk screen), the window closes as any other."""
    window = KioskWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    event = WindowSystemClose()
    QApplication.sendEvent(window, event)
    assert event.isAccepted()
    assert window.station_lock.locked is False


def test_the_dialog_says_who_may_leave(qtbot, ctx):
    dialog = ManagerExitDialog(ctx, "kiosk")
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "大厅管理员" in texts
