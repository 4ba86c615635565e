"""The manager's panel for forwarding to the online hall: the line's state (with "resume" for a
stopped sender), the dead letters (retry, or discard with a reason — both audited by the
services), each with why it could not be sent and what to do about it in plain words, and the
changes made online waiting for someone at the desk to deal with them."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.domain.outbox import LineState
from app.errors import HallDeskError
from app.services.feed import Changes
from app.services.forwarding import (
    DeadLetter,
    OnlineChangeInfo,
    acknowledge_online_change,
    discard_dead_letter,
    forwarding_overview,
    list_dead_letters,
    list_online_changes,
    request_resume,
    retry_dead_letter,
)
from ui.table_model import Column, RowTableModel


def _when(value) -> str:
    return clock.in_hall(value).strftime("%m-%d %H:%M") if value else ""


DEAD_LETTER_COLUMNS: list[Column[DeadLetter]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "办件编号"), lambda r: r.case_no),
    Column(QT_TRANSLATE_NOOP("Columns", "事件"), lambda r: r.event_label),
    Column(QT_TRANSLATE_NOOP("Columns", "原因"), lambda r: r.cause),
    Column(QT_TRANSLATE_NOOP("Columns", "数据版本"), lambda r: r.data_version),
    Column(QT_TRANSLATE_NOOP("Columns", "发送次数"), lambda r: r.attempts),
    Column(
        QT_TRANSLATE_NOOP("Columns", "网上大厅答复"), lambda r: r.last_error or r.last_status_code
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "其后待发"), lambda r: r.blocked_behind),
    Column(QT_TRANSLATE_NOOP("Columns", "产生时间"), lambda r: _when(r.created_at)),
]

CHANGE_COLUMNS: list[Column[OnlineChangeInfo]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "办件编号"), lambda r: r.case_no),
    Column(QT_TRANSLATE_NOOP("Columns", "网上变更"), lambda r: r.kind_label),
    Column(QT_TRANSLATE_NOOP("Columns", "网上时间"), lambda r: _when(r.remote_at)),
    Column(QT_TRANSLATE_NOOP("Columns", "收到时间"), lambda r: _when(r.received_at)),
]


def _table(model: RowTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class OutboxPanel(QWidget):
    changed = Signal()  # something was retried, discarded or acknowledged

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("outboxPanel")

        self.line_label = QLabel(self)
        self.line_label.setObjectName("outboxLine")
        self.line_label.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("恢复发送"), self)
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setToolTip(self.tr("已更正密钥或电脑时钟后，让停止的发送程序重新试发"))
        self.resume_button.clicked.connect(self.resume)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.line_label, 1)
        top.addWidget(self.resume_button)
        top.addWidget(self.refresh_button)

        self.dead_model: RowTableModel[DeadLetter] = RowTableModel(DEAD_LETTER_COLUMNS, self)
        self.dead_view = _table(self.dead_model)
        self.dead_view.setObjectName("deadLetters")
        self.retry_button = QPushButton(self.tr("重发"), self)
        self.retry_button.setObjectName("retryButton")
        self.discard_button = QPushButton(self.tr("放弃…"), self)
        self.discard_button.setObjectName("discardButton")
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        # the selected dead letter: what happened and what to do, in full
        self.dead_detail = QLabel(self)
        self.dead_detail.setObjectName("deadLetterDetail")
        self.dead_detail.setWordWrap(True)
        self.dead_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dead_buttons = QHBoxLayout()
        dead_buttons.addStretch(1)
        dead_buttons.addWidget(self.retry_button)
        dead_buttons.addWidget(self.discard_button)

        self.change_model: RowTableModel[OnlineChangeInfo] = RowTableModel(CHANGE_COLUMNS, self)
        self.change_view = _table(self.change_model)
        self.change_view.setObjectName("onlineChanges")
        self.ack_button = QPushButton(self.tr("已处理"), self)
        self.ack_button.setObjectName("acknowledgeButton")
        self.ack_button.clicked.connect(self.acknowledge_selected)
        change_buttons = QHBoxLayout()
        change_buttons.addStretch(1)
        change_buttons.addWidget(self.ack_button)

        self.message = QLabel(self)
        self.message.setObjectName("outboxMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            QLabel(self.tr("发送失败、需要处理的消息（同一办件的后续消息在其后等待）"))
        )
        layout.addWidget(self.dead_view, 2)
        layout.addWidget(self.dead_detail)
        layout.addLayout(dead_buttons)
        layout.addWidget(QLabel(self.tr("网上办理的变更")))
        layout.addWidget(self.change_view, 1)
        layout.addLayout(change_buttons)
        layout.addWidget(self.message)

        for view in (self.dead_view, self.change_view):
            view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.refresh()
        ctx.follow_changes(self.on_changes)

    # ------------------------------------------------------------------ data

    def on_changes(self, changes: Changes) -> None:
        """An outbox message or an online change was written (here or on any PC, a sender's
        outcome included): read again while shown (the manager's tab reads it when opened)."""
        if self.isVisible() and changes.concerns("outbox", "online_change"):
            self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        configured = bool(self.ctx.settings.online_hall.endpoint)

        def load():
            return (
                forwarding_overview(db, configured=configured),
                list_dead_letters(db),
                list_online_changes(db),
            )

        self.ctx.runner.submit(load, self._loaded, self._failed)

    def _loaded(self, result) -> None:
        overview, dead, changes = result
        text = self.tr("网上大厅：{0}；待发送 {1} 条，待处理 {2} 条").format(
            overview.state_label, overview.pending, overview.dead
        )
        if overview.detail:
            text += "\n" + overview.detail
        self.line_label.setText(text)
        self.resume_button.setEnabled(overview.state is LineState.STOPPED)
        self.dead_model.set_rows(dead)
        self.change_model.set_rows(changes)
        self._update_buttons()

    def _failed(self, error: HallDeskError) -> None:
        self.message.setText(error.message)

    def _selected(self, view: QTableView, model: RowTableModel):
        rows = view.selectionModel().selectedRows()
        return model.row(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        letter = self._selected(self.dead_view, self.dead_model)
        has_dead = letter is not None
        self.retry_button.setEnabled(has_dead)
        self.discard_button.setEnabled(has_dead)
        if letter is None:
            self.dead_detail.setText(
                self.tr("选中一条消息，这里说明它为什么没有发出、应当怎样处理。")
                if self.dead_model.rowCount()
                else ""
            )
        else:
            text = self.tr("{0} {1}：{2}").format(
                letter.case_no, letter.event_label, letter.explanation
            )
            if letter.last_error:
                text += "\n" + self.tr("网上大厅答复：{0}").format(letter.last_error)
            self.dead_detail.setText(text)
        self.ack_button.setEnabled(self._selected(self.change_view, self.change_model) is not None)

    # ------------------------------------------------------------------ actions

    def _run(self, fn, done_text: str, *, read_again: bool = False) -> None:
        """The lists follow from what the action changed (on_changes), once; `read_again` for
        what the change feed does not carry (a sender's state)."""

        def done(_result) -> None:
            self.message.setText(done_text)
            self.changed.emit()
            if read_again:
                self.refresh()

        self.ctx.runner.submit(fn, done, self._failed)

    def retry_selected(self) -> None:
        letter = self._selected(self.dead_view, self.dead_model)
        if letter is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._run(
            lambda: retry_dead_letter(db, actor, letter.message_id),
            self.tr("已重新排队发送：{0} {1}").format(letter.case_no, letter.event_label),
        )

    def ask_reason(self, letter: DeadLetter) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("放弃消息"),
            self.tr("放弃 {0} 的“{1}”消息，不再发送。请写明原因：").format(
                letter.case_no, letter.event_label
            ),
        )
        return text if ok else None

    def discard_selected(self) -> None:
        letter = self._selected(self.dead_view, self.dead_model)
        if letter is None:
            return
        reason = self.ask_reason(letter)
        if reason is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._run(
            lambda: discard_dead_letter(db, actor, letter.message_id, reason),
            self.tr("已放弃：{0} {1}").format(letter.case_no, letter.event_label),
        )

    def resume(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self._run(lambda: request_resume(db, actor), self.tr("已请求恢复发送"), read_again=True)

    def acknowledge_selected(self) -> None:
        change = self._selected(self.change_view, self.change_model)
        if change is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._run(
            lambda: acknowledge_online_change(db, actor, change.id),
            self.tr("已确认：{0} {1}").format(change.case_no, change.kind_label),
        )
