"""The hall manager's window: the live overview and its alerts, charts, supervision of cases and
ratings, the manager's actions, reports, and the online-hall outbox.

It composes panels (ui/widgets/manager_*.py, charts.py) and decides when each needs fresh data:
- the overview, alerts and the waiting list follow the change feed (a ticket issued or called, a
  window opened or paused on any PC), fetched off the GUI thread, coalesced so a burst of changes
  is one fetch; the manager's own actions through the task runner's `changes_made`, at once and
  once (a setting the feed does not carry: the windows tab's `changed`);
- the outbox and the unfinished prints follow their kinds of change while their tab is shown;
- an alert that starts with the passing of time alone (a wait crossing its target, a pause reaching
  its limit) is checked at the moment the last check said it could start, not by polling;
- charts, supervision and reports are fetched when their tab is opened (and charts again with the
  overview while they are on screen); supervision after the manager records something."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QGridLayout, QTabWidget, QVBoxLayout, QWidget

from app.clock import local_date, today, utcnow
from app.errors import HallDeskError
from app.services import calendar as calendar_service
from app.services import intake, manager, stats
from app.services import manager_supervision as supervision
from app.services.context import Actor
from app.services.feed import Changes
from ui.screen import fit_to_screen
from ui.widgets.charts import DailyVolumeChart, HourlyChart, WaitDistributionChart
from ui.widgets.manager_actions import WindowsPanel
from ui.widgets.manager_alerts import AlertsPanel
from ui.widgets.manager_overview import OverviewPanel
from ui.widgets.manager_reports import ReportsPanel
from ui.widgets.manager_supervision import SupervisionPanel, follow_up_dialog
from ui.widgets.outbox_panel import OutboxPanel
from ui.widgets.print_jobs import PrintJobsWidget
from ui.windows.base import RoleWindow

COALESCE_MS = 200


class ManagerWindow(RoleWindow):
    role_title = QT_TRANSLATE_NOOP("RoleWindow", "大厅管理")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("manager_window")
        fit_to_screen(self, 1360, 860)
        self.tz = ctx.hall.timezone if ctx.hall else "Asia/Shanghai"
        self._live_running = False
        self._live_again = False
        self.live_refreshes = 0  # how many times the overview was fetched (tests, diagnostics)

        self.overview = OverviewPanel(self.tz)
        self.alerts = AlertsPanel(self.tz)
        self.hourly_chart = HourlyChart()
        self.wait_chart = WaitDistributionChart()
        self.daily_chart = DailyVolumeChart()
        charts = QWidget()
        charts.setObjectName("chartsPanel")
        grid = QGridLayout(charts)
        grid.addWidget(self.hourly_chart, 0, 0)
        grid.addWidget(self.wait_chart, 0, 1)
        grid.addWidget(self.daily_chart, 1, 0, 1, 2)
        self.supervision = SupervisionPanel(self.tz)
        self.supervision.refresh_requested.connect(self.refresh_supervision)
        self.supervision.follow_up_requested.connect(self.record_follow_up)
        self.windows = WindowsPanel(ctx)
        self.windows.changed.connect(self.refresh_live)
        self.reports = ReportsPanel(ctx)
        self.outbox = OutboxPanel(ctx)
        # every PC's unfinished prints, the kiosks' tickets that did not come out included
        self.print_jobs = PrintJobsWidget(ctx, all_pcs=True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("managerTabs")
        self.tabs.addTab(self.overview, self.tr("实时概况"))
        self.tabs.addTab(self.alerts, self.tr("告警记录"))
        self.tabs.addTab(charts, self.tr("统计图表"))
        self.tabs.addTab(self.supervision, self.tr("办件监察"))
        self.tabs.addTab(self.windows, self.tr("窗口与号票"))
        self.tabs.addTab(self.reports, self.tr("报表"))
        self.tabs.addTab(self.outbox, self.tr("网上大厅"))
        self.tabs.addTab(self.print_jobs, self.tr("未完成的打印"))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.tabs)

        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self.refresh_live)
        self._next_check = QTimer(self)
        self._next_check.setSingleShot(True)
        self._next_check.timeout.connect(self.refresh_live)
        ctx.follow_changes(self.on_changes)
        self.refresh_live()
        self.windows.refresh()

    # ------------------------------------------------------------------ the change feed

    def on_changes(self, changes: Changes) -> None:
        """The queue changed: fetch the live view (and the windows tab's lists, when shown) once;
        the manager's own action at once, other PCs' changes once the burst is over. The outbox
        and print-job tabs follow their own kinds of change (OutboxPanel, PrintJobsWidget)."""
        if not changes.concerns("ticket", "counter"):
            return
        if changes.own:
            self._coalesce.stop()
            self.refresh_live()
        else:
            self._coalesce.start()

    def _say(self, error: HallDeskError) -> None:
        self.statusBar().showMessage(error.message, 15_000)

    def refresh_live(self) -> None:
        if self._live_running:
            self._live_again = True
            return
        self._live_running = True
        db, tz = self.ctx.db, self.tz

        def work():
            now = utcnow()
            state = manager.sync_alerts(db, now=now)
            view = stats.overview(db, now=now)
            day_start = datetime.combine(local_date(now, tz), time.min, ZoneInfo(tz))
            history = manager.list_alerts(db, since=day_start.astimezone(UTC))
            return state, view, history

        self.ctx.runner.submit(work, self._show_live, self._live_failed)

    def _live_finished(self) -> None:
        self._live_running = False
        if self._live_again:
            self._live_again = False
            self.refresh_live()

    def _live_failed(self, error: HallDeskError) -> None:
        self._say(error)
        self._live_finished()

    def _show_live(self, result) -> None:
        state, view, history = result
        self.live_refreshes += 1
        self.overview.show_overview(view, state.open)
        self.alerts.show_alerts(history)
        self.hourly_chart.show_hours(view.hourly)
        count = len(state.open)
        self.tabs.setTabText(
            1, self.tr("告警记录（{0}）").format(count) if count else self.tr("告警记录")
        )
        self._schedule_next_check(state.next_check_at)
        if self.tabs.currentWidget() is self.windows:
            self.windows.refresh_tickets()
        if self.tabs.currentIndex() == 2:
            self.refresh_charts()
        self._live_finished()

    def _schedule_next_check(self, at: datetime | None) -> None:
        if at is None:
            self._next_check.stop()
            return
        wait = (at - utcnow()) + timedelta(seconds=1)
        ms = int(min(max(wait.total_seconds(), 1), 3600) * 1000)
        self._next_check.start(ms)

    # ------------------------------------------------------------------ tabs

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if index == 2:
            self.refresh_charts()
        elif widget is self.supervision:
            self.refresh_supervision()
        elif widget is self.windows:
            self.windows.refresh()
        elif widget is self.outbox:
            self.outbox.refresh()
        elif widget is self.print_jobs:
            self.print_jobs.refresh()

    def refresh_charts(self) -> None:
        db, tz = self.ctx.db, self.tz

        def work():
            today = local_date(utcnow(), tz)
            return stats.wait_distribution(db, today), stats.daily_volumes(db, today, days=30)

        def done(result) -> None:
            dist, days = result
            self.wait_chart.show_distribution(dist)
            self.daily_chart.show_days(days)

        self.ctx.runner.submit(work, done, self._say)

    def refresh_supervision(self) -> None:
        db = self.ctx.db
        day = today(self.ctx.timezone)

        def work() -> supervision.Supervision:
            # Materials taken in whose decision day passed count as accepted from receipt: the
            # law's effect, recorded (by the system, not by this manager) before the list is read.
            intake.apply_deemed_acceptance(db, Actor.system())
            return supervision.supervision(db)

        self.ctx.runner.submit(work, self.supervision.show_supervision, self._say)
        self.ctx.runner.submit(
            lambda: calendar_service.calendar_status(db, day),
            self.supervision.show_calendar,
            self._say,
        )

    def record_follow_up(self, rating) -> None:
        dialog = follow_up_dialog(
            self,
            rating,
            lambda note: partial(
                supervision.record_follow_up, self.ctx.db, self.ctx.actor, rating.id, note
            ),
        )
        if dialog.exec():
            self.statusBar().showMessage(self.tr("整改回访已登记"), 10_000)
            self.refresh_supervision()
