"""The unfinished print jobs of this PC (pending, stuck or failed), with 重试 and 取消."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db.engine import Database
from app.errors import HallDeskError
from app.services import documents as svc
from app.services.context import Actor
from ui.table_model import Column, RowTableModel

COLUMNS = [
    Column("文书", lambda j: j.kind.label),
    Column("编号", lambda j: j.doc_no or ""),
    Column("打印机", lambda j: j.printer or "默认打印机"),
    Column("状态", lambda j: j.status.label),
    Column(
        "次数", lambda j: j.attempts, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    ),
    Column("原因", lambda j: j.last_error or ""),
    Column("时间", lambda j: j.created_at.astimezone().strftime("%m-%d %H:%M")),
]


class PrintJobsWidget(QWidget):
    """Lists unfinished jobs; 重试 emits `retry_requested(job_id)` for the window to print it
    (through ui.printer.SystemPrinting or the ESC/POS task); 取消 cancels it here."""

    retry_requested = Signal(int)
    changed = Signal()

    def __init__(
        self, db: Database, actor: Actor, *, host: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.host = host
        self.model: RowTableModel[svc.PrintJobInfo] = RowTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel("没有未完成的打印任务")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.retry_button = QPushButton("重试")
        self.cancel_button = QPushButton("取消任务")
        self.refresh_button = QPushButton("刷新")
        self.retry_button.clicked.connect(self._retry)
        self.cancel_button.clicked.connect(self._cancel)
        self.refresh_button.clicked.connect(self.refresh)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(svc.unfinished_print_jobs(self.db, host=self.host))
        self.empty_label.setVisible(self.model.rowCount() == 0)
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
        self.retry_button.setEnabled(selected)
        self.cancel_button.setEnabled(selected)

    def _retry(self) -> None:
        job = self.selected_job()
        if job is not None:
            self.retry_requested.emit(job.id)

    def _cancel(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        try:
            svc.cancel_print_job(self.db, self.actor, job.id)
        except HallDeskError as error:
            self.message.setText(error.message)
        else:
            self.message.setText(f"已取消打印：{job.kind.label} {job.doc_no or ''}")
        self.refresh()
        self.changed.emit()
