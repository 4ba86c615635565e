"""Today's alerts with when each started and ended (still open ones first, in red)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.clock import utcnow
from app.services.manager import AlertInfo
from ui.table_model import Column
from ui.widgets.manager_common import RED, ColouredTableModel, md_hm, since, table_view


class AlertsPanel(QWidget):
    def __init__(self, tz: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("alertsPanel")
        self.tz = tz
        self.now = utcnow()

        def colour(a: AlertInfo) -> QColor | None:
            return RED if a.active else None

        def lasted(a: AlertInfo) -> str:
            return since(a.started_at, a.ended_at or self.now)

        self.model: ColouredTableModel[AlertInfo] = ColouredTableModel(
            [
                Column(self.tr("类型"), lambda a: a.kind.label),
                Column(self.tr("内容"), lambda a: a.message),
                Column(self.tr("开始"), lambda a: md_hm(a.started_at, self.tz)),
                Column(
                    self.tr("结束"),
                    lambda a: md_hm(a.ended_at, self.tz) if a.ended_at else self.tr("持续中"),
                ),
                Column(self.tr("持续"), lasted),
            ],
            colour,
            self,
        )
        self.view = table_view(self.model, "alertList", stretch=1)
        self.caption = QLabel(
            self.tr(
                "今天出现过的告警：等候超过目标、有人等候却没有开放窗口、窗口暂停超过时限。"
                "红色为仍在持续的告警。"
            )
        )
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)

    def show_alerts(self, alerts: list[AlertInfo]) -> None:
        self.now = utcnow()
        self.model.set_rows(alerts)
