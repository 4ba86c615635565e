"""What every role's main window shares: a header with the hall, the user and the window, a log-out
button, and the end of the window session when it closes."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
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

from app.errors import HallDeskError
from app.services import auth
from ui.context import AppContext
from ui.screen import fit_to_screen
from ui.widgets.online_status import OnlineStatusMark

HEARTBEAT_MS = 30_000

log = logging.getLogger(__name__)


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
        role = QCoreApplication.translate("RoleWindow", self.role_title)
        self.setWindowTitle(f"{hall} — {role}")
        fit_to_screen(self, 1200, 760)

        header = QWidget()
        header.setObjectName("header")
        header.setStyleSheet("#header { background: #1f4e79; } #header QLabel { color: white; }")
        title = QLabel(f"{hall} · {role}")
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

        # Said while the database does not answer; gone by itself when it does (ui.tasks).
        self.database_notice = QLabel()
        self.database_notice.setObjectName("database_notice")
        self.database_notice.setWordWrap(True)
        self.database_notice.setStyleSheet(
            "background: #fde2e1; color: #8b1a1a; border-bottom: 2px solid #c62828; padding: 8px;"
        )
        self.database_notice.hide()
        runner = ctx.runner
        if runner is not None:
            runner.database_down.connect(self._database_down)
            runner.database_up.connect(self._database_up)
            if not runner.database_ok:
                self._database_down(runner.database_message)

        self._body = QWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self.database_notice)
        layout.addWidget(self._body, 1)
        self.setCentralWidget(central)

        if ctx.counter_session is not None:
            self._heartbeat = QTimer(self)
            self._heartbeat.timeout.connect(self._beat)
            self._heartbeat.start(HEARTBEAT_MS)

    @property
    def body(self) -> QWidget:
        return self._body

    def _database_down(self, message: str) -> None:
        self.database_notice.setText(self.tr("数据库暂时无法连接：{0}").format(message))
        self.database_notice.show()

    def _database_up(self) -> None:
        self.database_notice.hide()
        self.on_database_back()

    def on_database_back(self) -> None:
        """Reload what the window shows (it may have changed on other PCs meanwhile)."""
        refresh = getattr(self, "refresh", None)
        if callable(refresh):
            refresh()

    def _beat(self) -> None:
        session = self.ctx.counter_session
        if session is None:
            return
        db, session_id = self.ctx.db, session.id
        # off the GUI thread: a database that does not answer must not freeze the window
        self.ctx.runner.submit(lambda: auth.touch_counter_session(db, session_id), self._beaten)

    def _beaten(self, still_mine: bool) -> None:
        if not still_mine and self.ctx.counter_session is not None:
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
            self._end_counter_session(None)
        self.ctx.user = None
        self.close()
        self.logged_out.emit()

    def _end_counter_session(self, reason: str | None) -> None:
        """End the window session; with the database away the user still logs out (the session
        lapses on the other PCs when its heartbeat stops)."""
        session = self.ctx.counter_session
        assert session is not None
        db, actor = self.ctx.db, self.ctx.actor
        extra = {} if reason is None else {"reason": reason}

        def not_ended(error: HallDeskError) -> None:
            log.warning("window session %s not ended in the database: %s", session.id, error)

        # On the runner, after what the window queued before (closing it); the log-out does not
        # wait for it (the program waits for the runner before it exits).
        self.ctx.runner.submit(
            lambda: auth.end_counter_session(db, session.id, actor, **extra), None, not_ended
        )
        self.ctx.counter_session = None

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
                self._end_counter_session("closed")
            self.closed_by_user.emit()
        super().closeEvent(event)
