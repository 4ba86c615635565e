"""The status mark for the clerk's and manager's windows: the line to the online hall (online,
offline, stopped), how many messages wait and how many need a manager.

It reads `app.services.forwarding.forwarding_overview` (what every sender in the hall reports
through the database) every `refresh_ms` through the task runner, and takes the local sender's
`status_changed` signal for an immediate update.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app import clock
from app.domain.outbox import LINE_STATE_LABELS, LineState
from app.services.forwarding import ForwardingOverview, forwarding_overview

COLOURS = {
    LineState.ONLINE: "#2e7d32",
    LineState.STARTING: "#f9a825",
    LineState.OFFLINE: "#ef6c00",
    LineState.STOPPED: "#c62828",
    LineState.ENDED: "#757575",
}


class OnlineStatusMark(QWidget):
    clicked = Signal()  # the manager's window opens the outbox panel

    def __init__(self, ctx, parent: QWidget | None = None, *, refresh_ms: int = 10_000):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("onlineStatusMark")
        self.overview: ForwardingOverview | None = None
        self.dot = QLabel("●", self)
        self.text = QLabel(self)
        self.text.setObjectName("onlineStatusText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.dot)
        layout.addWidget(self.text)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._configured = bool(ctx.settings.online_hall.endpoint)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._show(None)
        self.refresh()

    def refresh(self) -> None:
        db, configured = self.ctx.db, self._configured
        self.ctx.runner.submit(
            lambda: forwarding_overview(db, configured=configured),
            self.set_overview,
            lambda e: None,
        )

    def set_overview(self, overview: ForwardingOverview) -> None:
        self.overview = overview
        self._show(overview)

    def on_sender_status(self, status) -> None:  # app.forwarding.sender.SenderStatus
        """The local sender's news, before the next database read."""
        if self.overview is None:
            return
        from dataclasses import replace

        self.set_overview(
            replace(
                self.overview,
                state=status.state,
                state_label=LINE_STATE_LABELS.get(status.state, status.state.value),
                detail=status.detail,
                pending=status.pending,
                dead=status.dead,
            )
        )

    def on_sender_failed(self, message: str) -> None:
        self.text.setText(self.tr("网上大厅：未能启动发送"))
        self.setToolTip(message)
        self.dot.setStyleSheet(f"color: {COLOURS[LineState.STOPPED]}")

    def _show(self, overview: ForwardingOverview | None) -> None:
        if not self._configured:
            self.dot.setStyleSheet(f"color: {COLOURS[LineState.ENDED]}")
            self.text.setText(self.tr("网上大厅：未配置"))
            self.setToolTip(self.tr("设置项 online_hall.endpoint 为空，办件不向网上大厅发送"))
            return
        if overview is None:
            self.text.setText(self.tr("网上大厅：…"))
            return
        parts = [self.tr("网上大厅：{0}").format(overview.state_label)]
        if overview.pending:
            parts.append(self.tr("待发送 {0}").format(overview.pending))
        if overview.dead:
            parts.append(self.tr("待处理 {0}").format(overview.dead))
        self.text.setText(" · ".join(parts))
        colour = COLOURS[overview.state]
        if overview.dead and overview.state is LineState.ONLINE:
            colour = COLOURS[LineState.OFFLINE]
        self.dot.setStyleSheet(f"color: {colour}")
        tip = [overview.state_label]
        if overview.detail:
            tip.append(overview.detail)
        if overview.last_success_at:
            tip.append(
                self.tr("最近一次送达：{0}").format(
                    clock.in_hall(overview.last_success_at).strftime("%Y-%m-%d %H:%M:%S")
                )
            )
        if overview.oldest_pending_at:
            tip.append(
                self.tr("最早的待发送消息：{0}").format(
                    clock.in_hall(overview.oldest_pending_at).strftime("%Y-%m-%d %H:%M")
                )
            )
        self.setToolTip("\n".join(tip))

    def mouseReleaseEvent(self, event) -> None:
        self.clicked.emit()
        super().mouseReleaseEvent(event)
