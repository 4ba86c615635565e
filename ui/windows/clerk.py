"""The clerk's window workspace: the ticket at the window and for how long, the waiting list of this
window's categories (names masked), the held tickets, and every queue action as a button with a
function key. Other PCs' changes arrive through the change feed, this window's own through the task
runner (`changes_made`): each action refreshes the lists once; nothing reloads on a timer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid as shiboken_valid

from app.clock import utcnow
from app.domain.codes import CounterState, TicketStatus
from app.domain.queue import TicketAction, window_actions
from app.errors import HallDeskError
from app.services import admin, catalog, intake, queue
from app.services import documents as doc_svc
from app.services.feed import Changes
from app.services.queue import TicketInfo, WindowState
from ui.table_model import Column, RowTableModel
from ui.tasks import acting
from ui.widgets.queue_dialogs import CallNumberDialog, FinishDialog, PauseDialog, TransferDialog
from ui.windows.base import RoleWindow
from ui.windows.rating import PendingRating

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def _waited(since: datetime) -> str:
    minutes = int((utcnow() - since).total_seconds() // 60)
    return translate("Clerk", "{0} 分钟").format(minutes)


def _elapsed(since: datetime | None) -> str:
    if since is None:
        return ""
    seconds = max(int((utcnow() - since).total_seconds()), 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ClerkWindow(RoleWindow):
    role_title = QT_TRANSLATE_NOOP("RoleWindow", "窗口工作台")

    ACTIONS: list[tuple[str, str, str]] = [
        # (name, label, key)
        ("call_next", QT_TRANSLATE_NOOP("Clerk", "叫号"), "F1"),
        ("recall", QT_TRANSLATE_NOOP("Clerk", "重呼"), "F2"),
        ("no_show", QT_TRANSLATE_NOOP("Clerk", "过号"), "F3"),
        ("finish", QT_TRANSLATE_NOOP("Clerk", "办结"), "F4"),
        ("transfer", QT_TRANSLATE_NOOP("Clerk", "转移"), "F5"),
        ("hold", QT_TRANSLATE_NOOP("Clerk", "挂起"), "F6"),
        ("pause", QT_TRANSLATE_NOOP("Clerk", "暂停"), "F7"),
        ("start", QT_TRANSLATE_NOOP("Clerk", "开始办理"), "F8"),
        ("call_number", QT_TRANSLATE_NOOP("Clerk", "指定叫号"), "F9"),
        ("call_back", QT_TRANSLATE_NOOP("Clerk", "回呼挂起"), "F10"),
        ("resume", QT_TRANSLATE_NOOP("Clerk", "恢复"), "Ctrl+R"),
        ("open_counter", QT_TRANSLATE_NOOP("Clerk", "开放窗口"), "Ctrl+O"),
        ("close_counter", QT_TRANSLATE_NOOP("Clerk", "关闭窗口"), "Ctrl+Shift+C"),
        ("intake", QT_TRANSLATE_NOOP("Clerk", "受理"), "F11"),
        ("case_search", QT_TRANSLATE_NOOP("Clerk", "查询办件"), "F12"),
        ("print_jobs", QT_TRANSLATE_NOOP("Clerk", "未完成的打印"), "Ctrl+P"),
    ]

    # The buttons that act on the ticket at the window, each enabled when the state machine allows
    # its action from the ticket's status (app.domain.queue.window_actions: allowed_actions, and
    # 办结 straight from a call, which starts the service first).
    TICKET_BUTTONS: dict[str, TicketAction] = {
        "recall": TicketAction.RECALL,
        "no_show": TicketAction.NO_SHOW,
        "finish": TicketAction.FINISH,
        "transfer": TicketAction.TRANSFER,
        "hold": TicketAction.HOLD,
        "start": TicketAction.START,
    }

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("clerk_window")
        assert ctx.counter_session is not None
        self.counter_id = ctx.counter_session.counter_id
        self.state: WindowState | None = None
        self.buttons: dict[str, QPushButton] = {}

        # current ticket panel
        self.number_label = QLabel("—")
        self.number_label.setObjectName("current_number")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 4)
        big.setBold(True)
        self.number_label.setFont(big)
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("current_detail")
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer_label = QLabel()
        self.timer_label.setObjectName("current_timer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label = QLabel()
        self.state_label.setObjectName("counter_state")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(48)
        self.message.setStyleSheet("padding: 6px; background: #fff8e1; border: 1px solid #ffe082;")

        current = QGroupBox(self.tr("当前号"))
        current_layout = QVBoxLayout(current)
        current_layout.addWidget(self.state_label)
        current_layout.addWidget(self.number_label)
        current_layout.addWidget(self.detail_label)
        current_layout.addWidget(self.timer_label)

        grid = QGridLayout()
        for i, (name, label, key) in enumerate(self.ACTIONS):
            button = QPushButton(f"{translate('Clerk', label)}\n{key}")
            button.setObjectName(name)
            button.setMinimumHeight(54)
            button.clicked.connect(getattr(self, f"do_{name}"))
            QShortcut(QKeySequence(key), self, activated=button.click)
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[name] = button

        left = QVBoxLayout()
        left.addWidget(current, 2)
        left.addLayout(grid)
        left.addWidget(self.message)

        self._call_order: dict[int, int] = {}  # ticket id → place in F1's order (0 = next)
        self.waiting_model: RowTableModel[TicketInfo] = RowTableModel(
            [
                Column(self.tr("次序"), self._place),
                Column(self.tr("号码"), lambda t: t.number),
                Column(self.tr("业务"), lambda t: t.category_name),
                Column(
                    self.tr("优先"), lambda t: t.priority_reason.label if t.priority_reason else ""
                ),
                Column(self.tr("状态"), lambda t: t.status.label),
                Column(self.tr("申请人"), lambda t: t.applicant_name_masked),
                Column(self.tr("已等候"), lambda t: _waited(t.queue_since)),
            ],
            bold=lambda t: self._call_order.get(t.id) == 0,
        )
        self.waiting_table = self._table("waiting_table", self.waiting_model)
        self.waiting_title = QLabel()
        self.waiting_title.setWordWrap(True)
        self.held_model: RowTableModel[TicketInfo] = RowTableModel(
            [
                Column(self.tr("号码"), lambda t: t.number),
                Column(self.tr("业务"), lambda t: t.category_name),
                Column(self.tr("挂起前等候"), lambda t: _waited(t.queue_since)),
            ]
        )
        self.held_table = self._table("held_table", self.held_model)
        self.held_table.doubleClicked.connect(lambda _i: self.do_call_back())

        right = QVBoxLayout()
        right.addWidget(self.waiting_title)
        right.addWidget(self.waiting_table, 3)
        right.addWidget(QLabel(self.tr("挂起的号（双击或 F10 回呼）")))
        right.addWidget(self.held_table, 1)

        row = QHBoxLayout(self.body)
        left_box = QWidget()
        left_box.setLayout(left)
        row.addWidget(left_box, 3)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        row.addWidget(separator)
        right_box = QWidget()
        right_box.setLayout(right)
        row.addWidget(right_box, 4)

        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update_timer)
        self._tick.start(1000)
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(80)
        self._refresh_soon.timeout.connect(self.refresh)
        ctx.follow_changes(self.on_changes)

        self.refresh()
        if self.state is not None and self.state.state == CounterState.CLOSED:
            self._run(
                lambda: queue.open_counter(ctx.db, ctx.actor, self.counter_id), self._window_changed
            )

    def _table(self, name: str, model: RowTableModel[Any]) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # ------------------------------------------------------------------ state and refresh
    def refresh(self) -> None:
        db = self.ctx.db
        self._run(
            lambda: (
                queue.window_state(db, self.counter_id),
                queue.waiting_for_counter(db, self.counter_id),
                queue.held_at_counter(db, self.counter_id),
                doc_svc.count_unfinished_print_jobs(db, host=self.ctx.host),
            ),
            self._show_all,
        )

    def refresh_prints(self) -> None:
        """Only the count of this PC's unfinished prints (a print job changed)."""
        db, host = self.ctx.db, self.ctx.host
        self._run(lambda: doc_svc.count_unfinished_print_jobs(db, host=host), self._show_unprinted)

    def _show_all(
        self, result: tuple[WindowState, list[TicketInfo], list[TicketInfo], int]
    ) -> None:
        state, waiting, held, unprinted = result
        self._show_unprinted(unprinted)
        self._show_state(state)
        self._call_order = {t.id: i for i, t in enumerate(waiting)}
        self.waiting_model.set_rows(waiting)
        self.held_model.set_rows(held)
        title = self.tr("等候本窗口的号：{0} 人").format(len(waiting))
        if waiting:
            title += self.tr("（按 F1 叫号的顺序，下一位 {0}）").format(waiting[0].number)
        self.waiting_title.setText(title)

    def _place(self, ticket: TicketInfo) -> str:
        place = self._call_order.get(ticket.id, 0)
        return self.tr("下一位") if place == 0 else str(place + 1)

    def _show_state(self, state: WindowState) -> None:
        self.state = state
        text = self.tr("{0} 号窗口 · {1}").format(state.number, state.state.label)
        if state.state == CounterState.PAUSED and state.pause_reason:
            text += self.tr("（{0}）").format(state.pause_reason)
        self.state_label.setText(text)
        current = state.current
        if current is None:
            self.number_label.setText("—")
            # the hint names the key that works now: F1 is off while the window is closed or paused
            key = {name: key for name, _label, key in self.ACTIONS}
            if state.state == CounterState.CLOSED:
                hint = self.tr("窗口已关闭：按 {0} 开放窗口后叫号").format(key["open_counter"])
            elif state.state == CounterState.PAUSED:
                hint = self.tr("窗口暂停中：按 {0} 恢复后叫号").format(key["resume"])
            else:
                hint = self.tr("按 {0} 叫下一位").format(key["call_next"])
            self.detail_label.setText(hint)
        else:
            self.number_label.setText(current.number)
            detail = f"{current.category_name} · {current.status.label}"
            if current.priority_reason:
                detail += self.tr(" · 优先（{0}）").format(current.priority_reason.label)
            if current.status == TicketStatus.CALLED and current.recall_count:
                detail += self.tr(" · 已重呼 {0}/{1} 次").format(
                    current.recall_count, state.recall_cap
                )
            self.detail_label.setText(detail)
        self._update_timer()
        at_window = current is not None
        # what may be done with the ticket at the window is the state machine's to say
        possible = window_actions(current.status) if at_window else set()
        opened = state.state == CounterState.OPEN
        enabled = {name: action in possible for name, action in self.TICKET_BUTTONS.items()}
        enabled |= {
            # a free, open window calls: the next ticket, one by its number, one put on hold
            "call_next": opened and not at_window,
            "call_number": opened and not at_window,
            "call_back": opened and not at_window,
            "pause": opened,
            "resume": state.state == CounterState.PAUSED,
            "open_counter": state.state == CounterState.CLOSED,
            "close_counter": state.state != CounterState.CLOSED and not at_window,
            "intake": True,  # the ticket at the window, or a walk-in
            "case_search": True,
            "print_jobs": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])

    def _update_timer(self) -> None:
        current = self.state.current if self.state else None
        if current is None:
            self.timer_label.setText("")
        elif current.status == TicketStatus.SERVING:
            self.timer_label.setText(
                self.tr("办理用时 {0}").format(_elapsed(current.service_started_at))
            )
        else:
            self.timer_label.setText(self.tr("呼叫后 {0}").format(_elapsed(current.called_at)))

    def on_changes(self, changes: Changes) -> None:
        """Something changed on another PC, or this window's own action did (`changes.own`, at
        once: the action's answer refreshes nothing itself): refresh what concerns this window,
        once — the lists when a ticket of its categories or the window itself changed (another
        PC's changes after a short pause, so a burst is one refresh), else the count of
        unfinished prints when a print job changed."""
        if self._logging_out:
            return
        served = set(self.state.served_category_ids) if self.state else set()
        relevant = (
            changes.resync
            or bool({"ticket", "counter"} & changes.whole)
            or any(
                c.category_id in served or c.counter_id == self.counter_id for c in changes.tickets
            )
            or any(c.counter_id == self.counter_id for c in changes.counters)
        )
        if relevant and changes.own:
            self._refresh_soon.stop()
            self.refresh()
        elif relevant:
            self._refresh_soon.start()
        elif changes.concerns("print_job") and not self._refresh_soon.isActive():
            self.refresh_prints()

    # ------------------------------------------------------------------ running actions
    def say(self, text: str) -> None:
        self.message.setText(text)

    SLOW_MS = 1_000  # an action still running after this long says so

    def _run(self, fn: Callable[[], Any], then: Callable[[Any], None] | None = None) -> None:
        """Run `fn` as an operation: the button pressed (if any) busy until it ends, a refusal or
        a lost database said in the message line, and, past SLOW_MS, that it is still running."""
        slow_text = self.tr("正在处理，请稍候…（数据库响应较慢）")
        shown = self.message.text()
        slow = QTimer(self)
        slow.setSingleShot(True)
        slow.timeout.connect(lambda: self.say(slow_text))

        def ended() -> None:
            slow.stop()
            slow.deleteLater()
            if self.message.text() == slow_text:  # nothing else to say: as it was
                self.say(shown)

        def done(result: Any) -> None:
            ended()
            if then is not None:
                then(result)

        def failed(error: HallDeskError) -> None:
            ended()
            self.say(error.message)

        slow.start(self.SLOW_MS)
        self.ctx.runner.operation(fn, done, failed, busy=acting(self))

    def on_database_back(self) -> None:
        self.say(self.tr("数据库已恢复连接，可以继续办理"))
        self.refresh()

    def _ticket_action(self, fn: Callable[..., TicketInfo], done_text: str, **kwargs: Any) -> None:
        def done(ticket: TicketInfo) -> None:
            self.say(done_text.format(number=ticket.number, status=ticket.status.label))
            if ticket.status == TicketStatus.DONE:
                self.ticket_finished(ticket)

        self._run(lambda: fn(self.ctx.db, self.ctx.actor, self.counter_id, **kwargs), done)

    def _window_changed(self, state: WindowState) -> None:
        self.say(self.tr("窗口状态：{0}").format(state.state.label))

    def ticket_finished(self, ticket: TicketInfo) -> None:
        """Hook for the rating pad: a ticket was finished at this window."""
        if self.ctx.rating_pad is not None:
            self.ctx.rating_pad.start(
                PendingRating(
                    ticket.id,
                    ticket.number,
                    self.counter_id,
                    self.ctx.user.id if self.ctx.user else None,
                )
            )

    # ------------------------------------------------------------------ the actions
    def do_call_next(self) -> None:
        self._ticket_action(queue.call_next, self.tr("已呼叫 {number}"))

    def do_recall(self) -> None:
        def done(ticket: TicketInfo) -> None:
            if ticket.status == TicketStatus.NO_SHOW:
                self.say(self.tr("{0} 重呼已达上限，已按过号处理").format(ticket.number))
            else:
                self.say(
                    self.tr("已重呼 {0}（第 {1} 次）").format(ticket.number, ticket.recall_count)
                )

        self._run(lambda: queue.recall(self.ctx.db, self.ctx.actor, self.counter_id), done)

    def do_no_show(self) -> None:
        self._ticket_action(queue.mark_no_show, self.tr("{number} 已按过号处理"))

    def do_start(self) -> None:
        self._ticket_action(queue.start_service, self.tr("{number} 开始办理"))

    def do_finish(self) -> None:
        current = self.state.current if self.state else None
        if current is None:
            self.say(self.tr("本窗口当前没有正在办理的号"))
            return
        db = self.ctx.db
        self._run(
            lambda: (
                intake.items_taken_for_ticket(db, current.id),
                catalog.items_for_category(db, current.category_id),
            ),
            lambda lists: self._ask_finish(current, *lists),
        )

    def _ask_finish(self, current: TicketInfo, taken, category_items) -> None:
        taken_ids = [item_id for item_id, _ in taken]
        items = taken + [(i.id, i.name) for i in category_items if i.id not in taken_ids]
        dialog = FinishDialog(items, current.number, self, checked=taken_ids)
        if dialog.exec():
            self._ticket_action(
                queue.finish_service, self.tr("{number} {status}"), service_item_ids=dialog.value()
            )

    def do_transfer(self) -> None:
        if self.state is None or self.state.current is None:
            self.say(self.tr("本窗口当前没有可转移的号"))
            return
        db = self.ctx.db
        self._run(
            lambda: (admin.list_categories(db), admin.list_counters(db)),
            lambda lists: self._ask_transfer(*lists),
        )

    def _ask_transfer(self, categories, counters) -> None:
        dialog = TransferDialog(categories, counters, self.counter_id, self)
        if dialog.exec():
            choice = dialog.value()
            self._ticket_action(
                queue.transfer,
                self.tr("{number} 已转移"),
                to_category_id=choice.to_category_id,
                to_counter_number=choice.to_counter_number,
                return_here=choice.return_here,
            )

    def do_hold(self) -> None:
        self._ticket_action(queue.hold, self.tr("{number} 已挂起，可稍后回呼"))

    def do_call_number(self) -> None:
        dialog = CallNumberDialog(self)
        if dialog.exec():
            self._ticket_action(
                queue.call_specific, self.tr("已呼叫 {number}"), number=dialog.value()
            )

    def do_call_back(self) -> None:
        rows = self.held_table.selectionModel().selectedRows()
        held = self.held_model.rows()
        if not held:
            self.say(self.tr("没有挂起的号"))
            return
        ticket = held[rows[0].row()] if rows else held[0]
        self._run(
            lambda: queue.call_back(self.ctx.db, self.ctx.actor, self.counter_id, ticket.id),
            lambda t: self.say(self.tr("已回呼 {0}").format(t.number)),
        )

    def do_pause(self) -> None:
        dialog = PauseDialog(self)
        if dialog.exec():
            reason = dialog.value()
            self._run(
                lambda: queue.pause_counter(self.ctx.db, self.ctx.actor, self.counter_id, reason),
                self._window_changed,
            )

    def do_resume(self) -> None:
        self._run(
            lambda: queue.resume_counter(self.ctx.db, self.ctx.actor, self.counter_id),
            self._window_changed,
        )

    def do_open_counter(self) -> None:
        self._run(
            lambda: queue.open_counter(self.ctx.db, self.ctx.actor, self.counter_id),
            self._window_changed,
        )

    def do_close_counter(self) -> None:
        self._run(
            lambda: queue.close_counter(self.ctx.db, self.ctx.actor, self.counter_id),
            self._window_changed,
        )

    def do_intake(self) -> None:
        from ui.widgets.intake_form import open_intake

        if self._bring_forward("intake_form"):  # F11 again: the form already open
            return
        current = self.state.current if self.state else None
        self.intake_form = open_intake(
            self.ctx, ticket=current, counter_id=self.counter_id, parent=self
        )
        self._comes_back_here(self.intake_form)

    def do_case_search(self) -> None:
        from ui.widgets.case_search import open_case_search

        if existing := self._bring_forward("case_search"):  # F12 again: the open search
            existing.browser.start()
            return
        self.case_search = open_case_search(self.ctx, parent=self)
        self._comes_back_here(self.case_search)

    def _show_unprinted(self, count: int) -> None:
        """The button says how many of this PC's documents wait to be printed, in red."""
        button = self.buttons["print_jobs"]
        label = self.tr("未完成的打印")
        button.setText(f"{label}（{count}）\nCtrl+P" if count else f"{label}\nCtrl+P")
        button.setStyleSheet("color: #c62828; font-weight: bold;" if count else "")

    def do_print_jobs(self) -> None:
        from ui.widgets.print_jobs import open_print_jobs

        if existing := self._bring_forward("print_jobs"):  # Ctrl+P again: the open list
            existing.jobs.refresh()
            return
        self.print_jobs = open_print_jobs(self.ctx, parent=self)
        self._comes_back_here(self.print_jobs)

    def _comes_back_here(self, dialog) -> None:
        """When a window opened from here closes (Esc, its button, the close box), the keyboard
        is back at the window at once: the next F1 or F11 works without a click; and what the
        window shows is fresh (a decision there may have left prints waiting)."""

        def back() -> None:
            if shiboken_valid(self) and self.isVisible() and not self._logging_out:
                self.raise_()
                self.activateWindow()
                self.refresh()

        dialog.finished.connect(back)

    def _bring_forward(self, name: str):
        """The window this one opened as `name`, raised, if it is still open (a second key press
        returns to it instead of opening another); else None."""
        existing = getattr(self, name, None)
        if existing is None or not shiboken_valid(existing) or not existing.isVisible():
            return None
        existing.raise_()
        existing.activateWindow()
        return existing

    def can_log_out(self) -> str | None:
        if self.state is not None and self.state.current is not None:
            return self.tr("{0} 号还在本窗口，请先办结、过号、挂起或转移，再退出。").format(
                self.state.current.number
            )
        return None

    def before_logout(self) -> None:
        if self.state is not None and self.state.state != CounterState.CLOSED:
            # Queued before the session's end (one worker, in order); refused or the database
            # away, the clerk still logs out, as before.
            db, actor, counter_id = self.ctx.db, self.ctx.actor, self.counter_id
            self.ctx.runner.submit(
                lambda: queue.close_counter(db, actor, counter_id), None, lambda _error: None
            )
