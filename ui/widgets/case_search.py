"""查询办件: one search box for what the applicant brings to the counter.

The box takes a case number typed or scanned (a barcode scanner types the digits and Enter, and a
single match opens at once), an ID number, a mobile number or the start of a name; the status
filter narrows it. Rows show the ID number and mobile masked. Opening a row shows the case in a
`CaseView` below the list.

- `CaseBrowser` — the search and the case view together; the manager window adds it as a tab.
- `CaseSearchDialog` / `open_case_search(ctx, parent)` — the same for the clerk window (F12).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.db.engine import Database
from app.domain.codes import CaseStatus
from app.services import intake
from app.services.feed import Changes
from app.services.intake import CaseBrief
from ui.screen import fit_to_screen
from ui.table_model import Column, RowTableModel
from ui.widgets.case_view import CaseView

RESULT_LIMIT = 200
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-]+")

COLUMNS: list[Column[CaseBrief]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "办件编号"), lambda c: c.case_no),
    Column(QT_TRANSLATE_NOOP("Columns", "状态"), lambda c: c.status.label),
    Column(QT_TRANSLATE_NOOP("Columns", "办理事项"), lambda c: c.item_name),
    Column(QT_TRANSLATE_NOOP("Columns", "申请人"), lambda c: c.applicant_name),
    Column(QT_TRANSLATE_NOOP("Columns", "证件号码"), lambda c: c.applicant_id_number_masked),
    Column(QT_TRANSLATE_NOOP("Columns", "联系电话"), lambda c: c.contact_mobile_masked),
    Column(
        QT_TRANSLATE_NOOP("Columns", "申请时间"),
        lambda c: clock.in_hall(c.applied_at).strftime("%Y-%m-%d %H:%M"),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "承诺办结"),
        lambda c: c.promised_date.isoformat() if c.promised_date else "",
    ),
]


def find_cases(db: Database, text: str, status: CaseStatus | None = None) -> list[CaseBrief]:
    """What the box finds. Latin text is tried as a case number, an ID number and (when it looks
    like one) a mobile number, all exact so the indexes answer; anything with Chinese is a name
    prefix; an empty box lists the latest cases."""
    query = _SEPARATORS.sub("", text or "")
    if not query:
        return intake.search_cases(db, status=status, limit=RESULT_LIMIT)
    if not query.isascii():
        return intake.search_cases(db, name_prefix=query, status=status, limit=RESULT_LIMIT)
    found: dict[int, CaseBrief] = {}
    criteria: list[dict[str, str]] = [{"case_no": query}, {"id_number": query.upper()}]
    mobile = query.removeprefix("+86")
    if _MOBILE.fullmatch(mobile) or query.startswith(("+", "00")):  # 00852… / +852… too
        criteria.append({"mobile": query})
    for criterion in criteria:
        for brief in intake.search_cases(db, status=status, limit=RESULT_LIMIT, **criterion):
            found.setdefault(brief.id, brief)
    return sorted(found.values(), key=lambda b: (b.applied_at, b.id), reverse=True)


class CaseSearchWidget(QWidget):
    """The box, the status filter and the list; `case_opened(case_id)` on Enter, double click or
    a single match."""

    case_opened = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = QLineEdit()
        self.query.setObjectName("case_query")
        self.query.setPlaceholderText(
            self.tr("扫描或输入办件编号，或输入证件号码、手机号码、申请人姓名开头，按回车查询")
        )
        self.query.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("case_status_filter")
        self.status.addItem(self.tr("全部状态"), None)
        for value, label in CaseStatus.choices():
            if value != CaseStatus.DRAFT.value:
                self.status.addItem(label, value)
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.setObjectName("case_search_button")
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.setObjectName("case_open_button")
        self.count_label = QLabel()
        self.count_label.setObjectName("case_count")
        self.model: RowTableModel[CaseBrief] = RowTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setObjectName("case_results")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setMinimumHeight(140)  # at least four rows, even with a tall case below
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        bar = QHBoxLayout()
        bar.addWidget(self.query, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.search_button)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)

        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.open_button.clicked.connect(self.open_selected)
        self.status.currentIndexChanged.connect(lambda _i: self.search())
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        self.view.activated.connect(lambda _i: self.open_selected())  # Enter in the list
        self.view.selectionModel().selectionChanged.connect(self._buttons)
        self.query.installEventFilter(self)
        self._buttons()
        ctx.follow_changes(self.on_changes)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt
        # Down in the box moves into the list, as in the intake form's item search.
        if watched is self.query and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.view.setFocus()
                if not self.view.selectionModel().selectedRows():
                    self.view.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def _buttons(self, *_: object) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def search(self) -> None:
        text, status = self.query.text(), self.status.currentData()
        self.ctx.runner.submit(
            lambda: find_cases(self.ctx.db, text, CaseStatus(status) if status else None),
            lambda rows: self._show(text, rows),
            lambda error: self.count_label.setText(error.message),
        )

    def _show(self, text: str, rows: list[CaseBrief]) -> None:
        self.model.set_rows(rows)
        if not rows:
            self.count_label.setText(
                self.tr("没有找到“{0}”的办件；请核对办件编号、证件号码、手机号码或姓名").format(
                    text.strip()
                )
                if text.strip()
                else self.tr("还没有办件")
            )
        elif len(rows) >= RESULT_LIMIT:
            self.count_label.setText(
                self.tr("找到很多办件，只显示最新 {0} 件；请输入更完整的条件").format(RESULT_LIMIT)
            )
        else:
            self.count_label.setText(self.tr("找到 {0} 件").format(len(rows)))
        if rows:
            self.view.selectRow(0)
        self._buttons()
        if len(rows) == 1 and text.strip():
            self.case_opened.emit(rows[0].id)  # a scanned number opens its case at once

    def selected(self) -> CaseBrief | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        brief = self.selected()
        if brief is not None:
            self.case_opened.emit(brief.id)

    def update_row(self, case) -> None:
        """Show a case's new status in the list after an action (without searching again)."""
        self._update(case.id, case.status, case.promised_date)

    def on_changes(self, changes: Changes) -> None:
        """Cases changed on any PC: the rows shown follow (a new case is listed by the next
        search, not pushed into a list the clerk is reading)."""
        for change in changes.cases:
            self._update(change.case_id, change.status, change.promised_date)

    def _update(self, case_id: int, status: CaseStatus, promised_date) -> None:
        rows = self.model.rows()
        for i, brief in enumerate(rows):
            if brief.id == case_id:
                if (brief.status, brief.promised_date) == (status, promised_date):
                    return
                from dataclasses import replace

                rows[i] = replace(brief, status=status, promised_date=promised_date)
                selected = self.selected()
                self.model.set_rows(rows)
                if selected is not None:
                    self.view.selectRow(i if selected.id == case_id else rows.index(selected))
                return


class CaseBrowser(QWidget):
    """Search above, the opened case below. The manager window adds it as a tab as is:
    ``tabs.addTab(CaseBrowser(ctx), "办件查询")``."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("case_browser")
        self.ctx = ctx
        self.search = CaseSearchWidget(ctx)
        self.case_view = CaseView(ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("case_splitter")
        splitter.addWidget(self.search)
        splitter.addWidget(self.case_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([260, 640])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.search.case_opened.connect(self.case_view.show_case)
        self.case_view.changed.connect(self.search.update_row)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.focus_query)

    def focus_query(self) -> None:
        self.search.query.setFocus()
        self.search.query.selectAll()

    def start(self) -> None:
        """Ready for the next applicant: the box focused and the latest cases listed."""
        self.focus_query()
        self.search.search()


class CaseSearchDialog(QDialog):
    """查询办件 from the clerk window (non-modal, so the queue keeps running beside it)."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("case_search_dialog")
        self.setWindowTitle(self.tr("查询办件"))
        self.setMinimumSize(900, 560)
        fit_to_screen(self, 1280, 900)
        self.browser = CaseBrowser(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)


def open_case_search(ctx, parent: QWidget | None = None) -> CaseSearchDialog:
    dialog = CaseSearchDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.browser.start()
    return dialog
