"""The live overview: the alerts open right now, every category's queue and every window's state.

It shows what it is given (`show(overview, alerts)`); the manager window fetches it off the GUI
thread when the change feed reports a change. Durations ("waiting 12 分", "serving for 5 分") move
on with a one-second display tick that touches no database."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from app.clock import utcnow
from app.services.manager import AlertInfo
from app.services.stats import CategoryLive, Overview, WindowLive
from ui.table_model import Column
from ui.widgets.manager_common import (
    CENTER,
    GREY,
    NUMBER,
    RED,
    YELLOW,
    ColouredTableModel,
    duration,
    hm,
    minutes_text,
    since,
    table_view,
)

ACTIVITY = {
    "serving": QT_TRANSLATE_NOOP("ManagerOverview", "办理中"),
    "called": QT_TRANSLATE_NOOP("ManagerOverview", "已叫号"),
    "idle": QT_TRANSLATE_NOOP("ManagerOverview", "空闲"),
    "paused": QT_TRANSLATE_NOOP("ManagerOverview", "暂停"),
    "closed": QT_TRANSLATE_NOOP("ManagerOverview", "关闭"),
}

ALERT_STYLE = (
    "#alertBanner { background: #c62828; color: white; padding: 6px 10px; border-radius: 4px; }"
)
CALM_STYLE = (
    "#alertBanner { background: #2e7d32; color: white; padding: 6px 10px; border-radius: 4px; }"
)


class OverviewPanel(QWidget):
    def __init__(self, tz: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("overviewPanel")
        self.tz = tz
        self.now = utcnow()
        self.overview: Overview | None = None
        self.alerts: tuple[AlertInfo, ...] = ()
        alerted_categories: set[int] = set()
        alerted_windows: set[int] = set()
        self._alerted = (alerted_categories, alerted_windows)

        self.banner = QLabel(self.tr("正在读取大厅实况…"))
        self.banner.setObjectName("alertBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(CALM_STYLE)
        self.summary = QLabel()
        self.summary.setObjectName("overviewSummary")

        def category_colour(c: CategoryLive) -> QColor | None:
            if c.category_id in alerted_categories or c.over_target:
                return RED
            if c.longest_wait_minutes and c.longest_wait_minutes > 0.8 * c.wait_target_minutes:
                return YELLOW
            return None

        def longest(c: CategoryLive) -> str:
            if c.oldest_waiting_since is None:
                return ""
            return since(c.oldest_waiting_since, self.now)

        self.category_model: ColouredTableModel[CategoryLive] = ColouredTableModel(
            [
                Column(self.tr("业务类别"), lambda c: f"{c.prefix} {c.name}"),
                Column(self.tr("等候"), lambda c: c.waiting, NUMBER),
                Column(self.tr("其中优先"), lambda c: c.priority_waiting or "", NUMBER),
                Column(self.tr("最长等候"), longest, NUMBER),
                Column(
                    self.tr("目标"),
                    lambda c: self.tr("{0} 分").format(c.wait_target_minutes),
                    NUMBER,
                ),
                Column(
                    self.tr("近1小时平均等候"),
                    lambda c: (
                        duration(c.avg_wait_last_hour) if c.avg_wait_last_hour is not None else ""
                    ),
                    NUMBER,
                ),
                Column(
                    self.tr("新取号预计等候"),
                    lambda c: self.tr("{0} 分").format(c.estimated_wait_minutes),
                    NUMBER,
                ),
                Column(self.tr("开放窗口"), lambda c: c.open_windows, NUMBER),
                Column(
                    self.tr("近1小时 取号/办结"),
                    lambda c: f"{c.arrivals_last_hour} / {c.served_last_hour}",
                    CENTER,
                ),
                Column(
                    self.tr("今日 取号/办结"),
                    lambda c: f"{c.issued_today} / {c.served_today}",
                    CENTER,
                ),
            ],
            category_colour,
            self,
        )
        self.category_view = table_view(self.category_model, "categoryLoads", stretch=0)

        def window_colour(w: WindowLive) -> QColor | None:
            if w.counter_id in alerted_windows:
                return RED
            if w.activity == "paused":
                return YELLOW
            if w.activity == "closed":
                return GREY
            return None

        def state(w: WindowLive) -> str:
            text = QCoreApplication.translate("ManagerOverview", ACTIVITY[w.activity])
            if w.activity == "paused":
                text += self.tr("（{0}，{1}）").format(
                    w.pause_reason or self.tr("未说明"), since(w.state_since, self.now)
                )
            return text

        self.window_model: ColouredTableModel[WindowLive] = ColouredTableModel(
            [
                Column(self.tr("窗口"), lambda w: self.tr("{0} 号").format(w.number)),
                Column(self.tr("状态"), state),
                Column(self.tr("当前号"), lambda w: w.current_number or "", CENTER),
                Column(self.tr("已用时"), lambda w: since(w.current_since, self.now), NUMBER),
                Column(self.tr("今日办结"), lambda w: w.served_today, NUMBER),
                Column(
                    self.tr("平均办理（分）"), lambda w: minutes_text(w.avg_service_minutes), NUMBER
                ),
                Column(self.tr("开放时长"), lambda w: duration(w.open_minutes), NUMBER),
                Column(self.tr("空闲时长"), lambda w: duration(w.idle_minutes), NUMBER),
                Column(self.tr("办理类别"), lambda w: "、".join(w.category_prefixes)),
            ],
            window_colour,
            self,
        )
        self.window_view = table_view(self.window_model, "windowStates")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel(self.tr("各业务类别排队")))
        top_layout.addWidget(self.category_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel(self.tr("各窗口")))
        bottom_layout.addWidget(self.window_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

        self._tick = QTimer(self)
        self._tick.timeout.connect(self.tick)
        self._tick.start(1000)

    def show_overview(self, overview: Overview, alerts: tuple[AlertInfo, ...]) -> None:
        self.overview = overview
        self.now = max(self.now, overview.at)
        self.alerts = alerts
        categories, windows = self._alerted
        categories.clear()
        windows.clear()
        categories.update(a.category_id for a in alerts if a.category_id is not None)
        windows.update(a.counter_id for a in alerts if a.counter_id is not None)
        self.category_model.set_rows(overview.categories)
        self.window_model.set_rows(overview.windows)
        self._show_banner()
        open_windows = sum(1 for w in overview.windows if w.activity not in ("closed",))
        self.summary.setText(
            self.tr(
                "{0} 更新 · 正在等候 {1} 人 · 开放窗口 {2}/{3} · 今日取号 {4}，办结 {5}"
            ).format(
                hm(overview.at, self.tz),
                overview.waiting,
                open_windows,
                len(overview.windows),
                sum(c.issued_today for c in overview.categories),
                sum(c.served_today for c in overview.categories),
            )
        )

    def _show_banner(self) -> None:
        if not self.alerts:
            self.banner.setStyleSheet(CALM_STYLE)
            self.banner.setText(self.tr("目前没有告警"))
            return
        self.banner.setStyleSheet(ALERT_STYLE)
        lines = [
            self.tr("告警：{0}（自 {1} 起，已 {2}）").format(
                a.message, hm(a.started_at, self.tz), since(a.started_at, self.now)
            )
            for a in self.alerts
        ]
        self.banner.setText("\n".join(lines))

    def tick(self) -> None:
        self.now = utcnow()
        self.category_model.refresh_display()
        self.window_model.refresh_display()
        if self.alerts:
            self._show_banner()
