"""The manager's hands: open and close windows and set what they serve, move a waiting ticket to
another queue or void it, and set the limits the alerts and the supervision use and how many times a
called ticket may be recalled. Every action is a service call that writes its own audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CounterState
from app.errors import HallDeskError
from app.services import admin, manager
from app.services.admin import CategoryInfo, CounterInfo
from app.services.queue import TicketInfo
from ui.table_model import Column
from ui.tasks import acting
from ui.widgets.admin_dialogs import CheckList, FormDialog
from ui.widgets.manager_common import (
    GREY,
    NUMBER,
    YELLOW,
    ColouredTableModel,
    hm,
    selected_row,
    table_view,
)


class WindowsPanel(QWidget):
    changed = Signal()  # a setting the change feed does not carry: the window reads again

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("windowsPanel")
        self.tz = ctx.hall.timezone if ctx.hall else "Asia/Shanghai"
        self.categories: list[CategoryInfo] = []

        def counter_colour(c: CounterInfo) -> QColor | None:
            if c.state == CounterState.PAUSED:
                return YELLOW
            return GREY if c.state == CounterState.CLOSED else None

        self.counter_model: ColouredTableModel[CounterInfo] = ColouredTableModel(
            [
                Column(self.tr("窗口"), lambda c: self.tr("{0} 号").format(c.number)),
                Column(self.tr("名称"), lambda c: c.name),
                Column(self.tr("状态"), lambda c: c.state.label),
                Column(self.tr("办理类别（叫号顺序）"), lambda c: "、".join(c.category_prefixes)),
            ],
            counter_colour,
            self,
        )
        self.counter_view = table_view(self.counter_model, "managerCounters", stretch=3)
        self.open_button = QPushButton(self.tr("开放/恢复窗口"))
        self.open_button.setObjectName("openWindow")
        self.close_button = QPushButton(self.tr("关闭窗口"))
        self.close_button.setObjectName("closeWindow")
        self.assign_button = QPushButton(self.tr("设置办理类别…"))
        self.assign_button.setObjectName("assignCategories")
        self.open_button.clicked.connect(lambda: self._window_action(manager.open_window))
        self.close_button.clicked.connect(lambda: self._window_action(manager.close_window))
        self.assign_button.clicked.connect(self.assign_categories)
        counter_buttons = QHBoxLayout()
        counter_buttons.addStretch(1)
        for b in (self.open_button, self.close_button, self.assign_button):
            counter_buttons.addWidget(b)

        self.ticket_model: ColouredTableModel[TicketInfo] = ColouredTableModel(
            [
                Column(self.tr("号码"), lambda t: t.number),
                Column(self.tr("所在队列"), lambda t: f"{t.category_prefix} {t.category_name}"),
                Column(self.tr("状态"), lambda t: t.status.label),
                Column(
                    self.tr("优先"), lambda t: t.priority_reason.label if t.priority_reason else ""
                ),
                Column(self.tr("取号时间"), lambda t: hm(t.issued_at, self.tz), NUMBER),
                Column(self.tr("排队自"), lambda t: hm(t.queue_since, self.tz), NUMBER),
            ],
            None,
            self,
        )
        self.ticket_view = table_view(self.ticket_model, "waitingTickets", stretch=1)
        self.move_button = QPushButton(self.tr("移到其他队列…"))
        self.move_button.setObjectName("moveTicket")
        self.void_button = QPushButton(self.tr("作废…"))
        self.void_button.setObjectName("voidTicket")
        self.move_button.clicked.connect(self.move_ticket)
        self.void_button.clicked.connect(self.void_ticket)
        ticket_buttons = QHBoxLayout()
        ticket_buttons.addStretch(1)
        ticket_buttons.addWidget(self.move_button)
        ticket_buttons.addWidget(self.void_button)

        self.pause_limit = QSpinBox()
        self.pause_limit.setObjectName("pauseLimit")
        self.pause_limit.setRange(1, 480)
        self.pause_limit.setSuffix(self.tr(" 分钟"))
        self.due_days = QSpinBox()
        self.due_days.setObjectName("dueSoonDays")
        self.due_days.setRange(0, 30)
        self.due_days.setSuffix(self.tr(" 个工作日"))
        self.recall_cap = QSpinBox()
        self.recall_cap.setObjectName("recallCap")
        self.recall_cap.setRange(1, 9)
        self.recall_cap.setSuffix(self.tr(" 次"))
        recall_hint = QLabel(self.tr("超过次数后该号自动记为过号"))
        recall_hint.setObjectName("recallCapHint")
        recall_hint.setStyleSheet("color: #555;")
        self.target_category = QComboBox()
        self.target_category.setObjectName("targetCategory")
        self.target_minutes = QSpinBox()
        self.target_minutes.setObjectName("targetMinutes")
        self.target_minutes.setRange(1, 480)
        self.target_minutes.setSuffix(self.tr(" 分钟"))
        self.target_category.currentIndexChanged.connect(self._show_target)
        save_limits = QPushButton(self.tr("保存设置"))
        save_limits.setObjectName("saveLimits")
        save_limits.clicked.connect(self.save_limits)
        save_target = QPushButton(self.tr("保存等候目标"))
        save_target.setObjectName("saveTarget")
        save_target.clicked.connect(self.save_target)
        limits = QGroupBox(self.tr("告警、监察与叫号设置"))
        form = QFormLayout(limits)
        form.addRow(self.tr("窗口暂停超过"), self.pause_limit)
        form.addRow(self.tr("办件临期提醒：剩余"), self.due_days)
        form.addRow(self.tr("重呼次数上限"), self.recall_cap)
        form.addRow("", recall_hint)
        form.addRow("", save_limits)
        form.addRow(self.tr("业务类别"), self.target_category)
        form.addRow(self.tr("等候目标"), self.target_minutes)
        form.addRow("", save_target)

        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("窗口")))
        left.addWidget(self.counter_view, 1)
        left.addLayout(counter_buttons)
        left.addWidget(QLabel(self.tr("等候中的号（含挂起）")))
        left.addWidget(self.ticket_view, 1)
        left.addLayout(ticket_buttons)
        right = QVBoxLayout()
        right.addWidget(limits)
        right.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        db = self.ctx.db

        def read() -> tuple[list[CategoryInfo], list[CounterInfo], list[TicketInfo], Any]:
            return (
                admin.list_categories(db, include_inactive=False),
                admin.list_counters(db),
                manager.waiting_tickets(db),
                manager.limits(db),
            )

        self.ctx.runner.submit(read, self._show, self._failed)

    def _failed(self, error: HallDeskError) -> None:
        self._say(error.message, error=True)

    def _show(self, read: tuple[list[CategoryInfo], list[CounterInfo], list[TicketInfo], Any]):
        self.categories, counters, tickets, limits = read
        self.counter_model.set_rows(counters)
        self.ticket_model.set_rows(tickets)
        self.pause_limit.setValue(limits.pause_limit_minutes)
        self.due_days.setValue(limits.due_soon_working_days)
        self.recall_cap.setValue(limits.recall_cap)
        chosen = self.target_category.currentData()
        self.target_category.blockSignals(True)
        self.target_category.clear()
        for c in self.categories:
            self.target_category.addItem(f"{c.prefix} {c.name}", c.id)
        index = self.target_category.findData(chosen)
        self.target_category.setCurrentIndex(max(index, 0))
        self.target_category.blockSignals(False)
        self._show_target()

    def refresh_tickets(self) -> None:
        db = self.ctx.db
        self.ctx.runner.submit(
            lambda: (admin.list_counters(db), manager.waiting_tickets(db)),
            self._show_tickets,
            self._failed,
        )

    def _show_tickets(self, read: tuple[list[CounterInfo], list[TicketInfo]]) -> None:
        counters, tickets = read
        self.counter_model.set_rows(counters)
        self.ticket_model.set_rows(tickets)

    def _show_target(self) -> None:
        cid = self.target_category.currentData()
        category = next((c for c in self.categories if c.id == cid), None)
        if category is not None:
            self.target_minutes.setValue(category.wait_target_minutes)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
        self.message.setText(text)

    def _run(
        self, work: Callable[[], Any], done: str, then: Callable[[Any], None] | None = None
    ) -> None:
        """Run an action; the lists follow from what it changed (the manager window's
        on_changes), once. `then`: for a setting the change feed does not carry."""

        def ok(result: Any) -> None:
            self._say(done)
            if then is not None:
                then(result)

        def failed(error: HallDeskError) -> None:
            self._say(error.message, error=True)

        self.ctx.runner.operation(work, ok, failed, busy=acting(self))

    # ------------------------------------------------------------------ windows

    def _window_action(self, action) -> None:
        counter = selected_row(self.counter_view, self.counter_model)
        if counter is None:
            self._say(self.tr("请先在上面的列表中选中一个窗口"), error=True)
            return
        db, actor = self.ctx.db, self.ctx.actor
        verb = self.tr("已开放") if action is manager.open_window else self.tr("已关闭")
        self._run(
            lambda: action(db, actor, counter.id),
            self.tr("{0} 号窗口{1}").format(counter.number, verb),
        )

    def assign_categories(self) -> None:
        counter = selected_row(self.counter_view, self.counter_model)
        if counter is None:
            self._say(self.tr("请先在上面的列表中选中一个窗口"), error=True)
            return
        dialog = FormDialog(self.tr("{0} 号窗口办理的业务类别").format(counter.number), self)
        served = list(counter.category_ids)
        ordered = sorted(
            self.categories,
            key=lambda c: (served.index(c.id) if c.id in served else len(served), c.sort_order),
        )
        checks = CheckList()
        checks.set_entries([(f"{c.prefix} · {c.name}", c.id, c.id in served) for c in ordered])
        checks.setMinimumHeight(200)
        up, down = QPushButton(self.tr("上移")), QPushButton(self.tr("下移"))
        up.clicked.connect(lambda: checks.move_current(-1))
        down.clicked.connect(lambda: checks.move_current(1))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(checks, 1)
        side = QVBoxLayout()
        side.addWidget(up)
        side.addWidget(down)
        side.addStretch(1)
        row.addLayout(side)
        dialog.add_field("categories", self.tr("办理类别（按叫号顺序）"), box)
        dialog.category_list = checks  # type: ignore[attr-defined]
        dialog.save = lambda: partial(
            manager.assign_categories,
            self.ctx.db,
            self.ctx.actor,
            counter.id,
            checks.checked_data(),
        )
        if dialog.exec():
            self._say(self.tr("{0} 号窗口的办理类别已保存").format(counter.number))
            self.changed.emit()  # not a change the feed carries: the window reads the lists again

    # ------------------------------------------------------------------ tickets

    def move_ticket(self) -> None:
        ticket = selected_row(self.ticket_view, self.ticket_model)
        if ticket is None:
            self._say(self.tr("请先选中一个等候中的号"), error=True)
            return
        dialog = FormDialog(self.tr("把 {0} 号移到其他队列").format(ticket.number), self)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).setText(self.tr("移动"))
        target = QComboBox()
        for c in self.categories:
            if c.id != ticket.category_id:
                target.addItem(f"{c.prefix} {c.name}", c.id)
        dialog.add_field("to_category", self.tr("移到"), target)
        note = QLabel(self.tr("移动后保留原来的排队位置（按原取号时间排队）。"))
        note.setWordWrap(True)
        dialog.form.addRow(note)
        dialog.save = lambda: partial(
            manager.move_ticket, self.ctx.db, self.ctx.actor, ticket.id, target.currentData()
        )
        if dialog.exec():
            moved = dialog.result_value
            self._say(self.tr("{0} 号已移到“{1}”").format(moved.number, moved.category_name))

    def void_ticket(self) -> None:
        ticket = selected_row(self.ticket_view, self.ticket_model)
        if ticket is None:
            self._say(self.tr("请先选中一个等候中的号"), error=True)
            return
        dialog = FormDialog(self.tr("作废 {0} 号").format(ticket.number), self)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).setText(self.tr("作废"))
        reason = QLineEdit()
        reason.setPlaceholderText(self.tr("例如：重复取号、误取号、申请人已离开"))
        dialog.add_field("void_reason", self.tr("作废原因"), reason)
        dialog.save = lambda: partial(
            manager.void_ticket, self.ctx.db, self.ctx.actor, ticket.id, reason.text()
        )
        if dialog.exec():
            self._say(self.tr("{0} 号已作废").format(ticket.number))

    # ------------------------------------------------------------------ limits

    def save_limits(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        pause, due = self.pause_limit.value(), self.due_days.value()
        cap = self.recall_cap.value()
        self._run(
            lambda: manager.save_limits(
                db, actor, pause_limit_minutes=pause, due_soon_working_days=due, recall_cap=cap
            ),
            self.tr(
                "已保存：暂停超过 {0} 分钟告警；剩 {1} 个工作日及以内的办件标黄；最多重呼 {2} 次"
            ).format(pause, due, cap),
            lambda _limits: self.changed.emit(),  # the alerts follow the limits
        )

    def save_target(self) -> None:
        cid = self.target_category.currentData()
        if cid is None:
            return
        db, actor, minutes = self.ctx.db, self.ctx.actor, self.target_minutes.value()
        name = self.target_category.currentText()

        def saved(target: int) -> None:
            self.categories = [
                replace(c, wait_target_minutes=target) if c.id == cid else c
                for c in self.categories
            ]
            self.changed.emit()  # the alerts follow the targets

        self._run(
            lambda: manager.set_wait_target(db, actor, cid, minutes),
            self.tr("“{0}”的等候目标已改为 {1} 分钟").format(name, minutes),
            saved,
        )
