"""What every role's main window shares: a header with the hall, the user and the window, a log-out
button, and the end of the window session when it closes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import auth
from ui.context import AppContext
from ui.widgets.online_status import OnlineStatusMark

HEARTBEAT_MS = 30_000


class RoleWindow(QMainWindow):
    logged_out = Signal()
    closed_by_user = Signal()  # closed with the title bar's X rather than by logging out
    role_title = ""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        assert ctx.user is not None
        self.ctx = ctx
        self._logging_out = False
        hall = ctx.hall.name if ctx.hall else "HallDesk"
        self.setWindowTitle(f"{hall} — {self.role_title}")
        self.resize(1200, 760)

        header = QWidget()
        header.setObjectName("header")
        header.setStyleSheet("#header { background: #1f4e79; } #header QLabel { color: white; }")
        title = QLabel(f"{hall} · {self.role_title}")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        who = ctx.user.full_name
        if ctx.counter_session is not None:
            who = self.tr("{0} 号窗口 · {1}").format(ctx.counter_session.counter_number, who)
        self.user_label = QLabel(who)
        self.user_label.setObjectName("user_label")
        logout = QPushButton(self.tr("退出登录"))
        logout.setObjectName("logout")
        logout.clicked.connect(self.logout)
        self.online_status = OnlineStatusMark(ctx)
        if ctx.forwarding is not None:
            ctx.forwarding.status_changed.connect(self.online_status.on_sender_status)
            ctx.forwarding.failed.connect(self.online_status.on_sender_failed)
        row = QHBoxLayout(header)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(self.online_status)
        row.addSpacing(16)
        row.addWidget(self.user_label)
        row.addWidget(logout)

        self._body = QWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self._body, 1)
        self.setCentralWidget(central)

        if ctx.counter_session is not None:
            self._heartbeat = QTimer(self)
            self._heartbeat.timeout.connect(self._beat)
            self._heartbeat.start(HEARTBEAT_MS)

    @property
    def body(self) -> QWidget:
        return self._body

    def _beat(self) -> None:
        session = self.ctx.counter_session
        if session is None:
            return
        if not auth.touch_counter_session(self.ctx.db, session.id):
            self.ctx.counter_session = None
            QMessageBox.warning(
                self,
                self.tr("窗口已被接管"),
                self.tr("您在此窗口的登录已在另一台电脑上被接管，请重新登录。"),
            )
            self.logout()

    def can_log_out(self) -> str | None:
        """A reason not to log out now (shown to the user), or None."""
        return None

    def before_logout(self) -> None:
        """Tidy up (for example close the window) before the session ends."""

    def logout(self) -> None:
        if self._logging_out:
            return
        if self.ctx.counter_session is not None and (reason := self.can_log_out()):
            self._notice(self.tr("暂不能退出"), reason)
            return
        self._logging_out = True
        self.close_other_windows()
        if self.ctx.counter_session is not None:
            self.before_logout()
        if self.ctx.counter_session is not None:
            auth.end_counter_session(self.ctx.db, self.ctx.counter_session.id, self.ctx.actor)
            self.ctx.counter_session = None
        self.ctx.user = None
        self.close()
        self.logged_out.emit()

    def close_other_windows(self) -> None:
        """Every other window of this user (intake forms, case views, the search, dialogs: each
        opened with this window as its parent) closes before the user is gone, each as its own
        close would (a form keeps its draft), so no applicant's data stays on the screen beside
        the login box. The rating pad belongs to the PC, not to the user, and stays."""
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible() or not self._owns(widget):
                continue
            widget.close()
            if widget.isVisible():  # a window that refuses to close (a modal question) still goes
                widget.hide()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def _notice(self, title: str, text: str) -> None:
        """A window-modal note that does not block the caller (a close request must return)."""
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("notice")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._logging_out:
            if self.ctx.counter_session is not None:
                if reason := self.can_log_out():  # never strand a called ticket at an empty window
                    self._notice(self.tr("暂不能关闭"), reason)
                    event.ignore()
                    return
                self.close_other_windows()
                self.before_logout()
                auth.end_counter_session(
                    self.ctx.db, self.ctx.counter_session.id, self.ctx.actor, reason="closed"
                )
                self.ctx.counter_session = None
            self.closed_by_user.emit()
        super().closeEvent(event)
