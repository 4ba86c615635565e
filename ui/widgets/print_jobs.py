"""未完成的打印: the print jobs not printed yet (waiting, stuck or failed), where the clerk is told to
find them. A clerk sees this PC's jobs; the manager sees every PC's, the kiosks' failed tickets
included. Each job can be printed again (重试), sent to another printer or a PDF file
(换打印机…), or given up with a reason (放弃…, audited; the case's 文书 tab shows it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import PrintJobStatus
from app.errors import HallDeskError
from app.services import documents as svc
from app.services.feed import Changes
from ui.context import AppContext
from ui.forms import FieldErrors
from ui.table_model import Column, RowTableModel
from ui.tasks import TaskRunner, on_runner

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

if TYPE_CHECKING:
    from ui.printer import JobEnd


def _columns(tz: str, *, with_host: bool) -> list[Column[svc.PrintJobInfo]]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)
    columns = [
        Column(translate("PrintJobs", "文书"), lambda j: j.kind.label),
        Column(translate("PrintJobs", "编号"), lambda j: j.doc_no or ""),
        Column(translate("PrintJobs", "打印机"), lambda j: svc.describe_printer(j.printer)),
        Column(translate("PrintJobs", "状态"), lambda j: j.status.label),
        Column(
            translate("PrintJobs", "次数"),
            lambda j: j.attempts,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
        Column(translate("PrintJobs", "原因"), lambda j: j.last_error or ""),
        Column(
            translate("PrintJobs", "时间"),
            lambda j: j.created_at.astimezone(zone).strftime("%m-%d %H:%M"),
        ),
    ]
    if with_host:
        columns.insert(0, Column(translate("PrintJobs", "电脑"), lambda j: j.host or ""))
    return columns


class CancelJobDialog(QDialog):
    """放弃打印 asks why; the reason is required and goes into the audit log. `give_up(reason)`
    returns the task that gives the job up, run on `runner`; a refusal is shown next to the
    field and the dialog stays."""

    def __init__(
        self,
        job: svc.PrintJobInfo,
        give_up: Callable[[str], Callable[[], object]],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.give_up, self.runner = give_up, runner
        self.setObjectName("cancel_print_job")
        self.setWindowTitle(self.tr("放弃打印"))
        intro = QLabel(
            self.tr(
                "放弃打印 {0} {1}。请写明原因（例如：申请人已记下号码；已改为电子送达）："
            ).format(job.kind.label, job.doc_no or "")
        )
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(svc.CANCEL_REASON_MAX)
        self.error = QLabel()
        self.error.setObjectName("reason_error")
        self.errors = FieldErrors(self.error)
        self.errors.add("reason", self.reason, self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("放弃打印"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("返回"))
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        self.runner.operation(
            self.give_up(self.reason.text()),
            lambda _job: super(CancelJobDialog, self).accept(),
            self.errors.show,
            busy=self.ok,
        )


class PrintJobsWidget(QWidget):
    """The list with its actions. `changed` after a job printed or was given up."""

    changed = Signal()

    def __init__(self, ctx: AppContext, *, all_pcs: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.host = None if all_pcs else ctx.host
        self.model: RowTableModel[svc.PrintJobInfo] = RowTableModel(
            _columns(ctx.timezone, with_host=all_pcs), self
        )
        self.view = QTableView()
        self.view.setObjectName("print_jobs")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.model.columnCount() - 2, QHeaderView.ResizeMode.Stretch
        )  # 原因
        self.empty_label = QLabel(self.tr("没有未完成的打印任务"))
        self.empty_label.setObjectName("empty")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("重试  Enter"))
        self.retry_button.setObjectName("retry")
        self.other_button = QPushButton(self.tr("换打印机…"))
        self.other_button.setObjectName("other_printer")
        self.cancel_button = QPushButton(self.tr("放弃…  Del"))
        self.cancel_button.setObjectName("cancel_job")
        self.refresh_button = QPushButton(self.tr("刷新  F5"))
        self.refresh_button.setObjectName("refresh")
        self.retry_button.clicked.connect(lambda: self.retry())
        self.other_button.clicked.connect(self.retry_elsewhere)
        self.cancel_button.clicked.connect(self.cancel)
        self.refresh_button.clicked.connect(self.refresh)
        self.view.doubleClicked.connect(lambda _i: self.retry())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        for key, slot in (
            (Qt.Key.Key_Return, self.retry),
            (Qt.Key.Key_Enter, self.retry),
            (Qt.Key.Key_Delete, self.cancel),
            (Qt.Key.Key_F5, self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        for button in (self.retry_button, self.other_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()
        ctx.follow_changes(self.on_changes)

    # ------------------------------------------------------------------ data
    def on_changes(self, changes: Changes) -> None:
        """A print job changed (on this PC or another): read the list again while it is shown."""
        # while the database is away the list stays as it is, under what was said (F5 later)
        if self.isVisible() and changes.concerns("print_job") and self.ctx.runner.database_ok:
            self.refresh()

    def refresh(self) -> None:
        db, host = self.ctx.db, self.host
        self.ctx.runner.submit(
            lambda: svc.unfinished_print_jobs(db, host=host),
            self._show,
            lambda error: self.say(error.message, error=True),
        )

    def _show(self, rows: list[svc.PrintJobInfo]) -> None:
        selected = self.selected_job()
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.view.setVisible(bool(rows))
        if selected is not None:
            self.select_job(selected.id)
        if self.selected_job() is None and rows:
            self.view.selectRow(0)
        self._update_buttons()

    def selected_job(self) -> svc.PrintJobInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_job(self, job_id: int) -> None:
        for index, job in enumerate(self.model.rows()):
            if job.id == job_id:
                self.view.selectRow(index)

    def _update_buttons(self, *_: object) -> None:
        selected = self.selected_job() is not None
        for button in (self.retry_button, self.other_button, self.cancel_button):
            button.setEnabled(selected)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")

    # ------------------------------------------------------------------ actions
    def _printing(self):
        from ui.printer import PrintFailureDialog, SystemPrinting

        # In the list the outcome shows in the list: no failure dialog on top of it.
        return SystemPrinting(
            self.ctx.db,
            self.ctx.actor,
            self.ctx.settings,
            self,
            ask_failure=lambda _message: PrintFailureDialog.LATER,
            runner=self.ctx.runner,
        )

    def retry(self, printer: str | None = None) -> None:
        job = self.selected_job()
        if job is None or not self.retry_button.isEnabled():  # none chosen, or one printing
            return
        db, actor = self.ctx.db, self.ctx.actor
        printing = self._printing()

        async def again() -> JobEnd:
            current = job
            if printer is not None or job.status == PrintJobStatus.FAILED:
                current = await on_runner(
                    lambda: svc.retry_print_job(db, actor, job.id, printer=printer)
                )
            return await printing.print_job(current)

        def failed(error: HallDeskError) -> None:
            if shiboken6.isValid(self):
                self.say(error.message, error=True)
                self.refresh()

        self.ctx.runner.chain(
            again(),
            self._retried,
            failed,
            busy=[self.retry_button, self.other_button, self.cancel_button],
        )

    def _retried(self, end: JobEnd) -> None:
        from ui.printer import unrecorded_note

        if not shiboken6.isValid(self):
            return  # the list was closed while the job printed
        job = end.job
        if end.printed:
            text = self.tr("已打印：{0} {1}").format(job.kind.label, job.doc_no or "")
            if end.error is not None:  # still listed, 打印中, until the database has it
                text += self.tr("；") + unrecorded_note(end.error)
            self.say(text)
        elif end.error is not None:
            self.say(end.error.message, error=True)
        else:
            self.say(
                self.tr("仍未打印：{0}").format(job.last_error or self.tr("原因不明")), error=True
            )
        # the list follows the job's change (on_changes), once; while the database is away it
        # stays, under what was said (F5 later)
        self.changed.emit()

    def retry_elsewhere(self) -> None:
        from ui.printer import choose_printer

        job = self.selected_job()
        if job is None:
            return
        chosen = choose_printer(self, job.printer)
        if chosen is not None:
            self.retry(chosen)

    def cancel(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        dialog = CancelJobDialog(
            job,
            lambda reason: partial(
                svc.cancel_print_job, self.ctx.db, self.ctx.actor, job.id, reason
            ),
            self.ctx.runner,
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.say(self.tr("已放弃打印：{0} {1}").format(job.kind.label, job.doc_no or ""))
        self.changed.emit()  # the list follows from the change (on_changes)


class PrintJobsDialog(QDialog):
    """The window: F-key or button from the clerk's window, a tab-like window for the manager."""

    def __init__(self, ctx: AppContext, *, all_pcs: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("print_jobs_dialog")
        self.setWindowTitle(
            self.tr("未完成的打印（全部电脑）") if all_pcs else self.tr("未完成的打印（本机）")
        )
        self.jobs = PrintJobsWidget(ctx, all_pcs=all_pcs, parent=self)
        close = QPushButton(self.tr("关闭  Esc"))
        close.setObjectName("close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.jobs, 1)
        layout.addLayout(row)
        self.resize(900, 480)


def open_print_jobs(ctx: AppContext, *, all_pcs: bool = False, parent=None) -> PrintJobsDialog:
    dialog = PrintJobsDialog(ctx, all_pcs=all_pcs, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.jobs.view.setFocus()
    return dialog
