"""The login dialog: username, password and (for clerks) the window; lockout and a window held by
another PC are explained in the dialog itself, with an explicit take-over button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.domain.codes import Role
from app.errors import CounterTaken, HallDeskError
from app.services import auth
from app.services.admin import CounterInfo, list_counters
from ui.context import AppContext
from ui.forms import FieldErrors


class LoginDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        hall_name = ctx.hall.name if ctx.hall else "HallDesk"
        self.setWindowTitle(self.tr("HallDesk 登录 — {0}").format(hall_name))
        self.setMinimumWidth(440)

        title = QLabel(hall_name)
        title_font = QFont(self.font())
        title_font.setPointSizeF(self.font().pointSizeF() * 1.6)
        title_font.setBold(True)
        title.setFont(title_font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(self.tr("政务服务大厅前台系统 · 请登录"))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("用户名"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.counter = QComboBox()
        self.counter.setObjectName("counter")
        self.counter.addItem(self.tr("（不在窗口工作）"), None)

        form = QFormLayout()
        self.errors = FieldErrors(QLabel())
        self.errors.general.setObjectName("message")
        for name, label, widget in (
            ("username", self.tr("用户名"), self.username),
            ("password", self.tr("密码"), self.password),
            ("counter_number", self.tr("窗口"), self.counter),
        ):
            error_label = QLabel()
            error_label.setObjectName(f"{name}_error")
            form.addRow(label, widget)
            form.addRow("", error_label)
            self.errors.add(name, widget, error_label)

        self.login_button = QPushButton(self.tr("登录"))
        self.login_button.setObjectName("login")
        # Return is handled by the fields themselves (username → password → log in); a default
        # button would fire as well and count one wrong password twice (see autoDefault below).
        self.take_over_button = QPushButton(self.tr("接管该窗口"))
        self.take_over_button.setObjectName("take_over")
        self.take_over_button.hide()
        cancel = QPushButton(self.tr("退出"))
        for button in (self.login_button, self.take_over_button, cancel):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.take_over_button)
        buttons.addWidget(cancel)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)

        self.login_button.clicked.connect(lambda: self._login(take_over=False))
        self.take_over_button.clicked.connect(lambda: self._login(take_over=True))
        cancel.clicked.connect(self.reject)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(lambda: self._login(take_over=False))
        # Return on the window box logs in too; choosing a window clears "请选择所在的窗口".
        self.counter.installEventFilter(self)
        self.counter.currentIndexChanged.connect(
            lambda _i: self.errors.clear_field("counter_number")
        )
        self._checking = False  # a check is running on the worker: more Returns wait for it
        self.username.setFocus()
        # The windows one may log in at, read while the user types (behind what the last user's
        # log-out queued). Until they are here, this PC's own window (station.counter_number) is
        # the one logged in at, as it is the one chosen when they come.
        self._counters_known = False
        db = ctx.db
        ctx.runner.submit(lambda: list_counters(db), self._counters_read, self.errors.show)

    def _counters_read(self, counters: list[CounterInfo]) -> None:
        self._counters_known = True
        for info in counters:
            if info.active:
                self.counter.addItem(
                    self.tr("{0} 号窗口 · {1}").format(info.number, info.name), info.number
                )
        preset = self.ctx.settings.station.counter_number
        if preset is not None and (i := self.counter.findData(preset)) >= 0:
            self.counter.setCurrentIndex(i)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if (
            watched is self.counter
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._login(take_over=False)
            return True
        return super().eventFilter(watched, event)

    def _login(self, *, take_over: bool) -> None:
        """Check the password (a deliberately slow hash) and take the window, off the GUI thread:
        the box keeps painting, and a database that does not answer is said plainly."""
        if self._checking:
            return
        self.errors.clear()
        self.take_over_button.hide()
        db, host = self.ctx.db, self.ctx.host
        username, password = self.username.text(), self.password.text()
        counter_number = (
            self.counter.currentData()
            if self._counters_known
            else self.ctx.settings.station.counter_number
        )

        def check() -> tuple:
            user = auth.authenticate(db, username, password, host=host)
            if user.role == Role.CLERK and counter_number is None:
                return user, None
            session = None
            if counter_number is not None:
                session = auth.start_counter_session(
                    db, user, counter_number, host=host, take_over=take_over
                )
            return user, session

        self._checking = True
        self.login_button.setEnabled(False)
        self.ctx.runner.submit(check, self._checked, self._refused)

    def _checked(self, result: tuple) -> None:
        self._checking = False
        self.login_button.setEnabled(True)
        user, session = result
        if user.role == Role.CLERK and session is None:
            self.errors.show(self.tr("窗口工作人员请选择所在的窗口"), field="counter_number")
            return
        self.ctx.user = user
        self.ctx.counter_session = session
        self.accept()

    def _refused(self, error: HallDeskError) -> None:
        self._checking = False
        self.login_button.setEnabled(True)
        if isinstance(error, CounterTaken):
            self.errors.show(error, field="counter_number")
            self.take_over_button.show()
            return
        self.errors.show(error)
        if error.field == "password" or error.field is None:
            self.password.selectAll()
            self.password.setFocus()
