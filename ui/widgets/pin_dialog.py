"""Leaving a full-screen station (kiosk, hall board): only a hall manager or admin may.

A station shown full screen is locked: closing it from the window system (Alt+F4, a task bar's
close) is refused, and minimising or leaving full screen puts it back. A deliberate gesture opens
`ManagerExitDialog`: Ctrl+Alt+Q on a keyboard, or five taps within three seconds in the top-left
corner of a touch screen. The manager types their own username and password (checked by
`auth.authorize_station_exit`, with the login's lockout and an audit entry) and chooses to leave
full screen (for maintenance) or to close the program.

Closing from code (the program quitting, a test tidying up) is not refused: the lock is about
people at the screen, not about the program ending itself.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HallDeskError
from app.services import auth
from ui.context import AppContext
from ui.forms import FieldErrors

EXIT_SHORTCUT = "Ctrl+Alt+Q"
CORNER_SIZE = 80  # px: the top-left square that counts taps
CORNER_TAPS = 5
CORNER_WINDOW_S = 3.0  # all taps within this many seconds
DIALOG_IDLE_MS = 60_000  # an unattended dialog goes away, so the kiosk is not left showing it

LEAVE_FULLSCREEN = "leave_fullscreen"
CLOSE_PROGRAM = "close"


class ManagerExitDialog(QDialog):
    """Username and password of a hall manager or admin, and what to do: leave full screen or
    close the program. `action` holds the choice once accepted."""

    def __init__(self, ctx: AppContext, station: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.station = station
        self.action: str | None = None
        self.setObjectName("manager_exit")
        self.setWindowTitle(self.tr("管理员退出"))
        self.setModal(True)
        self.setMinimumWidth(420)

        hint = QLabel(self.tr("退出全屏需要大厅管理员或系统管理员的用户名和密码。"))
        hint.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("exit_username")
        self.password = QLineEdit()
        self.password.setObjectName("exit_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        self.errors = FieldErrors(QLabel())
        self.errors.general.setObjectName("exit_message")
        for name, label, widget in (
            ("username", self.tr("用户名"), self.username),
            ("password", self.tr("密码"), self.password),
        ):
            error_label = QLabel()
            error_label.setObjectName(f"exit_{name}_error")
            form.addRow(label, widget)
            form.addRow("", error_label)
            self.errors.add(name, widget, error_label)

        self.leave_button = QPushButton(self.tr("退出全屏"))
        self.leave_button.setObjectName("exit_leave_fullscreen")
        self.close_button = QPushButton(self.tr("关闭程序"))
        self.close_button.setObjectName("exit_close")
        cancel = QPushButton(self.tr("取消"))
        cancel.setObjectName("exit_cancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (cancel, self.close_button, self.leave_button):
            button.setAutoDefault(False)  # Return in the password field is the one way to submit
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)

        self.leave_button.clicked.connect(lambda: self._submit(LEAVE_FULLSCREEN))
        self.close_button.clicked.connect(lambda: self._submit(CLOSE_PROGRAM))
        cancel.clicked.connect(self.reject)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(lambda: self._submit(LEAVE_FULLSCREEN))

        self._idle = QTimer(self, singleShot=True, interval=DIALOG_IDLE_MS)
        self._idle.timeout.connect(self.reject)
        self._idle.start()
        self.username.textEdited.connect(lambda _: self._idle.start())
        self.password.textEdited.connect(lambda _: self._idle.start())
        self.username.setFocus()

    def _submit(self, action: str) -> None:
        self.errors.clear()
        self._idle.start()
        for button in (self.leave_button, self.close_button):
            button.setEnabled(False)  # one check at a time: a double tap must not count twice
        username, password = self.username.text(), self.password.text()

        def check() -> auth.UserInfo:
            return auth.authorize_station_exit(
                self.ctx.db,
                username,
                password,
                host=self.ctx.host,
                station=self.station,
                action=action,
            )

        def done(_user: auth.UserInfo) -> None:
            self.action = action
            self.accept()

        def failed(error: HallDeskError) -> None:
            for button in (self.leave_button, self.close_button):
                button.setEnabled(True)
            self.errors.show(error)
            if error.field != "username":
                self.password.selectAll()
                self.password.setFocus()

        runner = self.ctx.runner
        if runner is None:  # no task runner (a bare context): check at once
            try:
                user = check()
            except HallDeskError as error:
                failed(error)
            else:
                done(user)
        else:
            runner.submit(check, done, failed)


class _TapCorner(QWidget):
    """An invisible square in the window's top-left corner that reports quick series of taps."""

    tapped_enough = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("exit_corner")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setGeometry(0, 0, CORNER_SIZE, CORNER_SIZE)
        self._taps: list[float] = []

    def mousePressEvent(self, event: QMouseEvent) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t <= CORNER_WINDOW_S] + [now]
        if len(self._taps) >= CORNER_TAPS:
            self._taps.clear()
            self.tapped_enough.emit()
        event.accept()


class StationLock(QObject):
    """Keeps `window` (a kiosk or the hall board) full screen until a manager lets it go.

    The lock takes hold the first time the window is shown full screen; a window shown normally
    (for example while testing on a desk PC) is not locked."""

    released = Signal(str)  # LEAVE_FULLSCREEN or CLOSE_PROGRAM, after a manager's sign-off

    def __init__(self, window: QWidget, ctx: AppContext, station: str):
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.station = station
        self.locked = False
        self.dialog: ManagerExitDialog | None = None

        self.shortcut = QShortcut(QKeySequence(EXIT_SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.ask)
        self.corner = _TapCorner(window)
        self.corner.tapped_enough.connect(self.ask)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.window:
            return False
        kind = event.type()
        if kind == QEvent.Type.Show:
            self.corner.raise_()  # above the layout's widgets, which were added after it
            if self.window.isFullScreen():
                self.locked = True
        elif kind == QEvent.Type.WindowStateChange:
            if self.locked and not self._full_screen():
                QTimer.singleShot(0, self._back_to_full_screen)  # minimised, or made smaller
            elif self._full_screen():
                self.locked = True
        elif kind == QEvent.Type.Close and self.locked and event.spontaneous():
            # From the window system (Alt+F4, the task bar): refused; the manager's way is offered.
            event.ignore()
            QTimer.singleShot(0, self.ask)
            return True
        return False

    def _full_screen(self) -> bool:
        return self.window.isFullScreen() and not self.window.isMinimized()

    def _back_to_full_screen(self) -> None:
        if self.locked and not self._full_screen():
            self.window.showFullScreen()

    def ask(self) -> ManagerExitDialog:
        """Open the manager's dialog (once; a second gesture brings the open one forward)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = self.dialog = ManagerExitDialog(self.ctx, self.station, self.window)
        dialog.finished.connect(self._dialog_finished)
        dialog.open()
        return dialog

    def _dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted or dialog.action is None:
            return
        self.locked = False
        if dialog.action == CLOSE_PROGRAM:
            self.window.close()
        else:
            self.window.showNormal()
        self.released.emit(dialog.action)
