"""The clerk's window workspace. The queue issue fills it with the calling panel and the intake
issue with the case form; for now it shows where the clerk is logged in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from ui.windows.base import RoleWindow


class ClerkWindow(RoleWindow):
    role_title = "窗口工作台"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("clerk_window")
        session = ctx.counter_session
        text = (
            self.tr("您已登录 {0} 号窗口（{1}）。").format(
                session.counter_number, session.counter_name
            )
            if session
            else ""
        )
        label = QLabel(text)
        label.setObjectName("counter_status")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self.body)
        layout.addWidget(label)
