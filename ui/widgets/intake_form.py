"""The intake form (受理): one application taken in at the window, entirely by keyboard.

- Tab walks the fields in reading order; the item search takes pinyin initials (gtgs) and Down /
  Return pick from the list; the materials table is ticked with Space (received), G (容缺),
  1/2/3 (原件/复印件/电子件), +/- (count) and N (received but 不符合要求: what is wrong, typed).
- Decisions on keys: Ctrl+Return 受理 (容缺受理 when a material is marked 容缺), Ctrl+B 一次性告知
  补正, Ctrl+J 不予受理, Ctrl+D 当场办结 (instant items), Ctrl+K 收件 (the materials taken in, the
  decision within 5 working days: the receipt says by when), Esc closes (the draft stays).
- The applicant's supplement deadline is a date of its own (default 15 working days,
  app.domain.intake_deadlines), not the office's 5 days.
- A refused value is marked next to its field with what is wrong; nothing typed is ever cleared.
- The form is saved as a draft as the clerk types (debounced, through the task runner), and the
  next form the clerk opens starts from it: after a crash or a restart nothing is lost.
- Typing a known ID number fills in the returning applicant (only fields still empty).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.domain.codes import ApplicantKind, CompletionResult, IdType, MaterialReceiveMode
from app.domain.decisions import RejectionGround, wording
from app.domain.intake_deadlines import applicant_supplement_due, decision_due_date
from app.domain.validation import CITIZEN_NUMBER_TYPES, validate_id
from app.errors import DatabaseUnavailable, HallDeskError
from app.services import calendar as calendar_service
from app.services import catalog, intake, queue
from app.services.applicants import AgentInput, ApplicantInfo, ApplicantInput, find_applicant
from app.services.catalog import ItemInfo
from app.services.draft_spool import DraftSpool
from app.services.intake import CaseDetail, DraftInfo, IntakeInput, MaterialInput
from ui.forms import FieldErrors
from ui.screen import fit_to_screen
from ui.widgets.case_printing import CasePrinting, PrintOutcome

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

MODES = [MaterialReceiveMode.ORIGINAL, MaterialReceiveMode.COPY, MaterialReceiveMode.ELECTRONIC]
APPLICANT_TEXT_FIELDS = [
    ("applicant_name", QT_TRANSLATE_NOOP("IntakeForm", "姓名 / 单位名称")),
    ("applicant_id_number", QT_TRANSLATE_NOOP("IntakeForm", "证件号码")),
    ("mobile", QT_TRANSLATE_NOOP("IntakeForm", "手机号码")),
    ("phone", QT_TRANSLATE_NOOP("IntakeForm", "固定电话")),
    ("postcode", QT_TRANSLATE_NOOP("IntakeForm", "邮政编码")),
    ("address", QT_TRANSLATE_NOOP("IntakeForm", "地址")),
    ("legal_representative", QT_TRANSLATE_NOOP("IntakeForm", "法定代表人")),
]
AGENT_TEXT_FIELDS = [
    ("agent_name", QT_TRANSLATE_NOOP("IntakeForm", "代理人姓名")),
    ("agent_id_number", QT_TRANSLATE_NOOP("IntakeForm", "代理人证件号码")),
    ("agent_mobile", QT_TRANSLATE_NOOP("IntakeForm", "代理人手机")),
]


log = logging.getLogger(__name__)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class MaterialsTable(QTableWidget):
    """The checklist. Columns: 收到, 材料, 必要, 要求, 方式, 份数, 容缺, 问题 (不符合要求)."""

    COLUMNS = [
        QT_TRANSLATE_NOOP("IntakeForm", "收到"),
        QT_TRANSLATE_NOOP("IntakeForm", "材料名称"),
        QT_TRANSLATE_NOOP("IntakeForm", "必要"),
        QT_TRANSLATE_NOOP("IntakeForm", "应交"),
        QT_TRANSLATE_NOOP("IntakeForm", "收取方式"),
        QT_TRANSLATE_NOOP("IntakeForm", "份数"),
        QT_TRANSLATE_NOOP("IntakeForm", "容缺"),
        QT_TRANSLATE_NOOP("IntakeForm", "问题"),
    ]
    DEFECT_COLUMN = 7
    changed = Signal()
    refused = Signal(str)  # a 容缺 the catalog does not allow: the form says why

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(self.COLUMNS), parent)
        self.setObjectName("materials")
        self.setHorizontalHeaderLabels([translate("IntakeForm", c) for c in self.COLUMNS])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.DEFECT_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(self.DEFECT_COLUMN, 140)  # the whole text is the cell's tooltip
        self.lines: list[MaterialInput] = []

    def set_lines(self, lines: list[MaterialInput]) -> None:
        self.lines = list(lines)
        self.setRowCount(len(self.lines))
        for row in range(len(self.lines)):
            self._show(row)
        if self.lines:
            self.setCurrentCell(0, 0)
        self.changed.emit()

    def _show(self, row: int) -> None:
        m = self.lines[row]
        need = []
        if m.originals:
            need.append(self.tr("原件{0}").format(m.originals))
        if m.copies:
            need.append(self.tr("复印件{0}").format(m.copies))
        mode = MaterialReceiveMode(m.mode).label if m.received and m.mode else ""
        cells = [
            "✔" if m.received else "",
            m.name,
            self.tr("必要") if m.required else self.tr("可选"),
            "、".join(need),
            mode,
            str(m.count) if m.received else "",
            self.tr("容缺")
            if m.gap_committed
            else (self.tr("可容缺") if m.gap_eligible and not m.received else ""),
            m.defect or "",
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if column == 3 and m.requirement:
                item.setToolTip(m.requirement)
            if column == self.DEFECT_COLUMN and m.defect:
                item.setToolTip(self.tr("不符合要求：{0}").format(m.defect))
            if column == 1:
                item.setToolTip(m.requirement or m.name)
            if column == 6 and not m.gap_committed:
                item.setForeground(Qt.GlobalColor.gray)  # a hint: G marks it
            self.setItem(row, column, item)

    def _update(self, row: int, **changes: Any) -> None:
        from dataclasses import replace

        self.lines[row] = replace(self.lines[row], **changes)
        self._show(row)
        self.changed.emit()

    def toggle_received(self, row: int) -> None:
        m = self.lines[row]
        if m.received:
            self._update(row, received=False, mode=None, count=0, defect=None)
        else:
            mode = MaterialReceiveMode.ORIGINAL if m.originals or not m.copies else None
            mode = mode or MaterialReceiveMode.COPY
            count = max(m.originals if mode == MaterialReceiveMode.ORIGINAL else m.copies, 1)
            self._update(row, received=True, mode=mode.value, count=count, gap_committed=False)

    def toggle_gap(self, row: int) -> None:
        m = self.lines[row]
        if m.gap_committed:
            self._update(row, gap_committed=False)
        elif not m.gap_eligible:
            self.refused.emit(
                self.tr(
                    "“{0}”不能容缺：本事项的可容缺材料在“容缺”列标为“可容缺”；"
                    "申请书和核心材料须当场收取"
                ).format(m.name)
            )
        else:
            self._update(row, gap_committed=True, received=False, mode=None, count=0, defect=None)

    def ask_defect(self, row: int) -> None:
        """N: the material was handed in but 不符合要求; the clerk types what is wrong (empty:
        it is in order after all). It is listed on the supplement notice to be corrected."""
        m = self.lines[row]
        dialog = QInputDialog(self)
        dialog.setObjectName("defect_dialog")
        dialog.setWindowTitle(self.tr("材料不符合要求"))
        dialog.setLabelText(
            self.tr("“{0}”存在的问题（写明要更正什么；清空即为符合要求）：").format(m.name)
        )
        dialog.setTextValue(m.defect or "")
        dialog.setOkButtonText(self.tr("确定"))
        dialog.setCancelButtonText(self.tr("取消"))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        defect = dialog.textValue().strip() or None
        if defect and not m.received:  # what is wrong with a paper means it was handed in
            self.toggle_received(row)
        self._update(row, defect=defect)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt
        row = self.currentRow()
        key = event.key()
        if row < 0 or not self.lines:
            super().keyPressEvent(event)
            return
        m = self.lines[row]
        if key == Qt.Key.Key_Space:
            self.toggle_received(row)
        elif key == Qt.Key.Key_G:
            self.toggle_gap(row)
        elif key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
            mode = MODES[key - Qt.Key.Key_1]
            self._update(
                row, received=True, mode=mode.value, count=max(m.count, 1), gap_committed=False
            )
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and m.received:
            self._update(row, count=min(m.count + 1, 999))
        elif key == Qt.Key.Key_Minus and m.received and m.count > 1:
            self._update(row, count=m.count - 1)
        elif key == Qt.Key.Key_N:
            self.ask_defect(row)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            if index.column() == 6:
                self.toggle_gap(index.row())
            elif index.column() == self.DEFECT_COLUMN:
                self.ask_defect(index.row())
            else:
                self.toggle_received(index.row())


class IntakeForm(QDialog):
    """Opened non-modally from the clerk window; emits `decided(CaseDetail)`."""

    decided = Signal(object)
    AUTOSAVE_MS = 800

    def __init__(
        self,
        ctx,
        *,
        ticket_id: int | None = None,
        ticket_number: str | None = None,
        category_id: int | None = None,
        counter_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_id = ticket_id
        self.category_id = category_id
        self.counter_id = counter_id
        self._categories: list[int] | None = None  # the items listed first (see _search_now)
        self._search_serial = 0  # the latest query's number: older answers are dropped
        self._listed_for: str | None = None  # the query whose answer the list shows
        self.item: ItemInfo | None = None
        self.draft_id: int | None = None
        self.result: CaseDetail | None = None
        self.printed: list[PrintOutcome] = []  # each notice's, after the decision printed
        self._loading = False
        self._saving = False
        self._dirty = False
        self._closed = False
        self._looked_up: str | None = None
        self.setObjectName("intake_form")
        self.setWindowTitle(self.tr("受理申请"))
        self.setMinimumSize(900, 560)
        fit_to_screen(self, 1280, 900)

        self.errors = FieldErrors(QLabel())
        self.errors.general.setObjectName("message")
        self.edits: dict[str, QLineEdit] = {}

        # ---- the item
        link = (
            self.tr("关联号票：{0}").format(ticket_number)
            if ticket_number
            else self.tr("窗口直接受理（无号票）")
        )
        self.ticket_label = QLabel(link)
        self.ticket_label.setObjectName("ticket_label")
        self.item_search = QLineEdit()
        self.item_search.setObjectName("item_search")
        self.item_search.setPlaceholderText(self.tr("输入事项名称、编码或拼音首字母（如 gtgs）"))
        self.item_list = QListWidget()
        self.item_list.setObjectName("item_list")
        self.item_list.setMaximumHeight(84)
        self.item_label = QLabel(self.tr("尚未选择事项"))
        self.item_label.setObjectName("item_label")
        self.item_label.setWordWrap(True)
        self.due_label = QLabel()
        self.due_label.setObjectName("due_label")
        self.due_label.setWordWrap(True)
        self.due_label.setStyleSheet("color: #8a4b00;")
        item_box = QGroupBox(self.tr("办理事项"))
        item_layout = QVBoxLayout(item_box)
        item_layout.addWidget(self.ticket_label)
        item_layout.addWidget(self.item_search)
        item_layout.addWidget(self.item_list)
        item_error = self._error_label("service_item")
        self.errors.add("service_item", self.item_search, item_error)
        item_layout.addWidget(item_error)
        item_layout.addWidget(self.item_label)
        item_layout.addWidget(self.due_label)

        # ---- the applicant
        applicant_box = QGroupBox(self.tr("申请人"))
        applicant_form = QFormLayout(applicant_box)
        applicant_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("applicant_kind")
        for value, label in ApplicantKind.choices():
            self.kind.addItem(label, value)
        self._add_row(applicant_form, "applicant_kind", self.tr("申请人类型"), self.kind)
        self.id_type = self._id_type_combo("applicant_id_type")
        self._add_row(applicant_form, "applicant_id_type", self.tr("证件类型"), self.id_type)
        for name, label in APPLICANT_TEXT_FIELDS:
            edit = self._edit(name)
            self._add_row(applicant_form, name, translate("IntakeForm", label), edit)
            if name == "applicant_id_number":
                self.id_info = QLabel()
                self.id_info.setObjectName("id_info")
                self.id_info.setStyleSheet("color: #2e7d32;")
                applicant_form.addRow("", self.id_info)
        # ID number before the name: a returning applicant is found from it.
        self.setTabOrder(self.id_type, self.edits["applicant_id_number"])
        self.setTabOrder(self.edits["applicant_id_number"], self.edits["applicant_name"])
        self.setTabOrder(self.edits["applicant_name"], self.edits["mobile"])

        # ---- the agent
        agent_box = QGroupBox(self.tr("代理人（代办时填写）"))
        agent_form = QFormLayout(agent_box)
        self.agent_id_type = self._id_type_combo("agent_id_type", personal_only=True)
        for name, label in AGENT_TEXT_FIELDS:
            self._add_row(agent_form, name, translate("IntakeForm", label), self._edit(name))
            if name == "agent_name":
                self._add_row(agent_form, "agent_id_type", self.tr("证件类型"), self.agent_id_type)

        # ---- materials
        self.materials = MaterialsTable()
        materials_box = QGroupBox(self.tr("材料清单"))
        materials_layout = QVBoxLayout(materials_box)
        hint = QLabel(
            self.tr(
                "Ctrl+M 到此处；↑↓ 选择，空格 = 已收，1 原件 / 2 复印件 / 3 电子件，"
                "+/- 份数，G = 容缺（后补），N = 不符合要求（写明问题）"
            )
        )
        hint.setObjectName("materials_hint")
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)  # a long hint must not widen the form past a 1366 px screen
        materials_layout.addWidget(hint)
        materials_layout.addWidget(self.materials, 1)
        materials_error = self._error_label("materials")
        self.errors.add("materials", self.materials, materials_error)
        materials_layout.addWidget(materials_error)

        # ---- decision details
        decision_box = QGroupBox(self.tr("决定所需信息"))
        decision_grid = QGridLayout(decision_box)
        today = clock.today(self.ctx.timezone)
        self.gap_due = QDateEdit(_qdate(today))
        self.supplement_due = QDateEdit(_qdate(today))
        for widget, name in (
            (self.gap_due, "gap_due_date"),
            (self.supplement_due, "supplement_due_date"),
        ):
            widget.setObjectName(name)
            widget.setCalendarPopup(True)
            widget.setDisplayFormat("yyyy-MM-dd")
            widget.dateChanged.connect(self._changed)
        # 当场办结 (instant items): the result and the certificate handed over at the window.
        self.completion_result = QComboBox()
        self.completion_result.setObjectName("completion_result")
        for value, label in CompletionResult.choices():
            self.completion_result.addItem(label, value)
        self.completion_result.currentIndexChanged.connect(self._changed)
        # 不予受理: the ground fills in its clause (行政许可法 §32 ①(一)(二), §78); 其他情形: typed
        self.rejection_ground = QComboBox()
        self.rejection_ground.setObjectName("rejection_ground")
        for value, label in RejectionGround.choices():
            self.rejection_ground.addItem(label, value)
        self.rejection_ground.currentIndexChanged.connect(self._ground_changed)
        self.rejection_ground.currentIndexChanged.connect(self._changed)
        # The certificate's name and number side by side: a number needs the width.
        certificate = QWidget()
        certificate_line = QHBoxLayout(certificate)
        certificate_line.setContentsMargins(0, 0, 0, 0)
        certificate_line.addWidget(self._edit("certificate_name"), 1)
        certificate_line.addWidget(self._edit("certificate_no"), 2)
        # Two pairs per line: what goes together for one decision stays on one line.
        rows = [
            [
                ("commitment", self.tr("容缺承诺"), self._edit("commitment")),
                ("gap_due_date", self.tr("补交期限"), self.gap_due),
            ],
            [
                ("rejection_ground", self.tr("不予受理情形"), self.rejection_ground),
                ("supplement_due_date", self.tr("申请人补正期限"), self.supplement_due),
            ],
            [
                ("rejection_reason", self.tr("不予理由"), self._edit("rejection_reason")),
                ("competent_body", self.tr("有权处理的机关"), self._edit("competent_body")),
            ],
            [
                ("decision_basis", self.tr("法律依据"), self._edit("decision_basis")),
                ("result", self.tr("办结结果"), self.completion_result),
            ],
            [
                ("certificate", self.tr("证照名称 / 编号"), certificate),
                ("fee_amount", self.tr("收费金额"), self._edit("fee_amount")),
            ],
        ]
        decision_errors: dict[str, QLabel] = {}
        for i, line in enumerate(rows):
            for j, (name, label, widget) in enumerate(line):
                caption = QLabel(label)
                caption.setBuddy(widget)
                error = decision_errors[name] = self._error_label(name)
                self.errors.add(name, widget, error)
                decision_grid.addWidget(caption, i * 2, j * 2)
                decision_grid.addWidget(widget, i * 2, j * 2 + 1)
                decision_grid.addWidget(error, i * 2 + 1, j * 2 + 1)
        decision_grid.setColumnStretch(1, 1)
        for name in ("certificate_name", "certificate_no"):  # one message line for the pair
            self.errors.add(name, self.edits[name], decision_errors["certificate"])
        self.edits["commitment"].setPlaceholderText(
            self.tr("申请人承诺在期限内补交所列容缺材料（签字后留存）")
        )
        self.errors.add(
            "denial_reason", self.edits["rejection_reason"], decision_errors["rejection_reason"]
        )
        self._ground_changed()
        self.edits["certificate_name"].setPlaceholderText(self.tr("当场办结时填写，如 营业执照"))
        self.edits["certificate_no"].setPlaceholderText(self.tr("证照编号"))
        self.edits["fee_amount"].setPlaceholderText(self.tr("元；不收费留空"))
        # Notices are printed after each decision has committed (the case never waits on paper).
        self.case_printing = CasePrinting(ctx, self)

        # ---- buttons
        self.buttons: dict[str, QPushButton] = {}
        button_row = QHBoxLayout()
        for name, label, key, slot in [
            ("accept", self.tr("受理"), "Ctrl+Return", self.do_accept),
            ("supplement", self.tr("一次性告知补正"), "Ctrl+B", self.do_supplement),
            ("reject", self.tr("不予受理"), "Ctrl+J", self.do_reject),
            ("complete", self.tr("当场办结"), "Ctrl+D", self.do_complete),
            ("receive", self.tr("收件"), "Ctrl+K", self.do_receive),
            ("discard", self.tr("放弃草稿"), "Ctrl+Shift+Delete", self.do_discard),
            ("close", self.tr("关闭（保留草稿）"), "Esc", self.reject),
        ]:
            button = QPushButton(f"{label}  {key}")
            button.setObjectName(name)
            button.setMinimumHeight(40)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            if name != "close":
                QShortcut(QKeySequence(key), self, activated=button.click)
            button_row.addWidget(button)
            self.buttons[name] = button
        self.buttons["receive"].setToolTip(
            self.tr("暂不决定是否受理：收下材料，出具材料接收凭证；本机关须在收件后 5 个工作日内")
            + self.tr("决定受理、告知补正或不予受理，逾期自收件之日起视为受理")
        )
        self.supplement_due.setToolTip(
            self.tr("申请人补交材料的期限，默认 15 个工作日，可修改；")
            + self.tr("与本机关收件后 5 个工作日内作出决定的时限无关")
        )
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setStyleSheet(
            "padding: 6px; background: #e8f5e9; border: 1px solid #a5d6a7;"
        )
        self.result_label.hide()
        self.draft_label = QLabel()
        self.draft_label.setObjectName("draft_label")
        self.draft_label.setStyleSheet("color: #555;")

        # ---- layout: item and materials left, people right, decisions below
        left = QVBoxLayout()
        left.addWidget(item_box)
        left.addWidget(materials_box, 1)
        right = QVBoxLayout()
        right.addWidget(applicant_box)
        right.addWidget(agent_box)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        # The fields scroll; the messages, the result and the buttons below always show. The
        # fields keep their natural height (a result shown after acceptance used to squash the
        # applicant's fields to half a line), and the form fits a 1366×768 screen.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(top, 1)
        content_layout.addWidget(decision_box)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("intake_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.result_label)
        layout.addLayout(button_row)
        layout.addWidget(self.draft_label)

        # ---- behaviour
        # Typing searches once the clerk pauses (SEARCH_DELAY_MS), not on every keystroke.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self.item_search.textChanged.connect(self._search)
        self.item_search.returnPressed.connect(self._pick_current)
        self.item_search.installEventFilter(self)
        self.item_list.itemActivated.connect(lambda _i: self._pick_current())
        # Leaving an ID number marks it when it does not fit, without pulling the focus back:
        # the clerk may be on the way to the type box, as the message tells them to be.
        self.edits["applicant_id_number"].editingFinished.connect(
            lambda: self._id_number_done(focus=False)
        )
        self.edits["applicant_id_number"].textChanged.connect(self._id_number_typed)
        self.edits["agent_id_number"].editingFinished.connect(
            lambda: self._check_id("agent_id_number", self.agent_id_type, focus=False)
        )
        self.id_type.currentIndexChanged.connect(self._id_type_changed)
        self.agent_id_type.currentIndexChanged.connect(self._agent_id_type_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.materials.changed.connect(self._changed)
        self.materials.refused.connect(self._gap_refused)
        for combo in (self.kind, self.id_type, self.agent_id_type):
            combo.currentIndexChanged.connect(self._changed)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(self.AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        # Jumps for the keyboard: the item search, the ID number, the checklist.
        for key, target in (
            ("Ctrl+F", self.item_search),
            ("Ctrl+I", self.edits["applicant_id_number"]),
            ("Ctrl+M", self.materials),
        ):
            QShortcut(QKeySequence(key), self, activated=target.setFocus)
        self._search_now()
        self.item_search.setFocus()
        self._set_decision_buttons()

    # ------------------------------------------------------------------ building helpers
    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{name}_error")
        return label

    def _edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.textEdited.connect(self._changed)
        self.edits[name] = edit
        return edit

    def _add_row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(name)
        error = self._error_label(name)
        form.addRow(label, widget)
        form.addRow("", error)
        self.errors.add(name, widget, error)

    def _id_type_combo(self, name: str, personal_only: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for value, label in IdType.choices():
            if personal_only and value == IdType.USCC.value:
                continue
            combo.addItem(f"{value} {label}", value)
        return combo

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt
        # Down in the search box moves into the result list.
        if watched is self.item_search and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.item_list.count():
                self.item_list.setFocus()
                if self.item_list.currentRow() < 0:
                    self.item_list.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ the item
    SEARCH_DELAY_MS = 250  # a pause in typing this long runs the search

    def _search(self, _text: str = "") -> None:
        self._search_timer.start()  # (again): the search runs when the typing pauses

    def _search_now(self, then: Callable[[], None] | None = None) -> None:
        """Search the catalog for what the box holds, on the runner; only the answer to the latest
        query is shown (an older one arriving late is dropped). `then` runs once it is shown."""
        self._search_timer.stop()
        self._search_serial += 1
        serial, text = self._search_serial, self.item_search.text()
        db, categories = self.ctx.db, self._categories
        category_id, counter_id = self.category_id, self.counter_id

        def search() -> tuple[list[int], list[ItemInfo]]:
            chosen = categories
            if chosen is None:
                chosen = _preferred_categories(db, category_id, counter_id)
            return chosen, catalog.search_items(db, text, categories=chosen, limit=30)

        def found(answer: tuple[list[int], list[ItemInfo]]) -> None:
            if serial != self._search_serial:
                return  # the clerk typed on meanwhile: a later answer is coming
            self._categories, items = answer
            self._listed_for = text
            self._show_items(items)
            if then is not None:
                then()

        def failed(error: HallDeskError) -> None:
            if serial == self._search_serial:  # the database is away: say so, keep the text
                self._database_trouble(error, "service_item")

        self.ctx.runner.submit(search, found, failed)

    def _show_items(self, items: list[ItemInfo]) -> None:
        self.item_list.clear()
        for item in items:
            entry = QListWidgetItem(f"{item.name}（{item.case_type_label}）")
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.item_list.addItem(entry)
        # Nothing is highlighted until the clerk moves into the list (Down) or picks one: a
        # highlighted row beside 尚未选择事项 reads as chosen.

    def _pick_current(self) -> None:
        if self._search_timer.isActive() or self._listed_for != self.item_search.text():
            # Return straight after typing: search now, pick from its answer
            self._search_now(then=self._pick_current)
            return
        entry = self.item_list.currentItem()
        if entry is None and self.item_search.text().strip() and self.item_list.count():
            entry = self.item_list.item(0)  # Return after typing takes the best match
        if entry is None:
            self.errors.show(self.tr("没有找到这个事项；请换个关键词或拼音首字母"), "service_item")
            return
        self.choose_item(entry.data(Qt.ItemDataRole.UserRole), then=self.id_type.setFocus)

    def _database_trouble(self, error: HallDeskError, field: str) -> None:
        # (the runner has told the windows already if the database is away)
        self.errors.show(error.message, field)

    def choose_item(
        self,
        item: ItemInfo,
        lines: list[MaterialInput] | None = None,
        *,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Read what the item needs (its checklist, its dates) on the runner, then show it;
        `then` runs after. Refused or the database away: the item stays unchosen, said at the
        search box."""
        db, loading = self.ctx.db, self._loading

        def read() -> _ItemFacts:
            return _item_facts(db, item.id, with_checklist=lines is None)

        def chosen(facts: _ItemFacts) -> None:
            self._loading = loading  # a draft being restored keeps its own dates
            try:
                self._show_item(item, lines if lines is not None else facts.checklist, facts)
            finally:
                self._loading = False
            if then is not None:
                then()

        def failed(error: HallDeskError) -> None:
            self.item = None
            self._database_trouble(error, "service_item")

        self.ctx.runner.submit(read, chosen, failed)

    def _show_item(self, item: ItemInfo, lines: list[MaterialInput], facts: _ItemFacts) -> None:
        self.item = item
        words = wording(item.item_type, item.name)  # 准予行政许可 / 准予登记 / 已办理 …
        for i, granted in enumerate((True, False)):
            self.completion_result.setItemText(i, words.result(granted))
        self.item_label.setText(
            self.tr("{0} · {1} · 法定 {2} / 承诺 {3} 个工作日 · 收费：{4}").format(
                item.name,
                item.case_type_label,
                item.legal_limit_days,
                item.promised_limit_days,
                item.fee or "—",
            )
        )
        self.materials.set_lines(lines)
        preview, work = facts.preview, facts.work
        text = self.tr("今天受理，承诺办结日期 {0}（法定期限 {1}）").format(
            preview.promised_date.isoformat(), preview.legal_due_date.isoformat()
        )
        text += self.tr("；如收件，须于 {0} 前决定是否受理").format(
            decision_due_date(work, preview.accepted_on).day.isoformat()
        )
        if preview.warning:
            text += "\n⚠ " + preview.warning
        self.due_label.setText(text)
        if not self._loading:
            due = facts.office_due
            # the applicant's own deadline, not the office's 5 days (intake_deadlines)
            applicant_due = applicant_supplement_due(work, preview.accepted_on).day
            self.supplement_due.setDate(_qdate(applicant_due))
            # 容缺 materials are due no later than the promised completion
            self.gap_due.setDate(_qdate(min(due, preview.promised_date)))
        self._set_decision_buttons()
        self._changed()

    def _set_decision_buttons(self) -> None:
        chosen = self.item is not None and self.result is None
        for name in ("accept", "supplement", "reject", "receive"):
            self.buttons[name].setEnabled(chosen)
        self.buttons["complete"].setEnabled(chosen and bool(self.item and self.item.instant))

    # ------------------------------------------------------------------ the applicant
    def _kind_changed(self) -> None:
        if self._loading:
            return
        person = self.kind.currentData() == ApplicantKind.PERSON.value
        wanted = IdType.RESIDENT_ID.value if person else IdType.USCC.value
        self.id_type.setCurrentIndex(self.id_type.findData(wanted))

    def _check_id(self, field: str, combo: QComboBox, *, focus: bool = True) -> bool:
        text = self.edits[field].text()
        if not text.strip():
            return False
        try:
            checked = validate_id(combo.currentData(), text, field=field)
        except HallDeskError as error:
            self.errors.show(error, focus=focus)
            return False
        if self.errors.message_for(field):
            self.errors.clear()
        if field == "applicant_id_number":
            if checked.birth_date:
                sex = self.tr("男") if checked.sex == "1" else self.tr("女")
                extra = f" · {checked.residence_permit}" if checked.residence_permit else ""
                self.id_info.setText(
                    self.tr("出生日期 {0} · {1}{2}").format(
                        checked.birth_date.isoformat(), sex, extra
                    )
                )
            else:
                self.id_info.setText(self.tr("格式正确"))
        return True

    def _id_number_typed(self, text: str) -> None:
        self.id_info.clear()
        # A complete citizen number: check and look up at once, without waiting for Tab.
        if len(text.strip()) == 18 and self.id_type.currentData() in CITIZEN_NUMBER_TYPES:
            self._id_number_done()

    def _id_type_changed(self) -> None:
        """Another document chosen for the number already typed (as a message may have said:
        "请把证件类型选为 237 …"): the number is checked again under it at once, so a message
        about the old type does not stay. The focus stays in the box: the clerk may be going
        through the list with the arrow keys."""
        if self._loading or not self.edits["applicant_id_number"].text().strip():
            return
        self.id_info.clear()
        self._id_number_done(focus=False)

    def _agent_id_type_changed(self) -> None:
        if not self._loading and self.edits["agent_id_number"].text().strip():
            self._check_id("agent_id_number", self.agent_id_type, focus=False)

    def _id_number_done(self, *, focus: bool = True) -> None:
        if not self._check_id("applicant_id_number", self.id_type, focus=focus):
            return
        number = self.edits["applicant_id_number"].text().strip().upper()
        key = f"{self.id_type.currentData()}:{number}"
        if key == self._looked_up:
            return
        self._looked_up = key
        id_type = self.id_type.currentData()
        self.ctx.runner.submit(
            lambda: find_applicant(self.ctx.db, id_type, number), self._returning
        )

    def _returning(self, found: ApplicantInfo | None) -> None:
        if found is None:
            return
        filled = []
        for name, value in (
            ("applicant_name", found.name),
            ("mobile", found.mobile),
            ("phone", found.phone),
            ("postcode", found.postcode),
            ("address", found.address),
            ("legal_representative", found.legal_representative),
        ):
            edit = self.edits[name]
            if value and not edit.text().strip():  # never overwrite what was typed
                edit.setText(value)
                filled.append(name)
        if self.kind.currentData() != found.kind:
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(self.kind.findData(found.kind))
            self.kind.blockSignals(False)
        self.id_info.setText(
            self.id_info.text() + self.tr(" · 老申请人 {0}，已带出以往信息").format(found.name)
        )
        if filled:
            self._changed()

    # ------------------------------------------------------------------ drafts
    def form_data(self) -> dict[str, Any]:
        """Everything typed, as plain JSON (the draft)."""
        return {
            "service_item_id": self.item.id if self.item else None,
            "ticket_id": self.ticket_id,
            "applicant_kind": self.kind.currentData(),
            "applicant_id_type": self.id_type.currentData(),
            "agent_id_type": self.agent_id_type.currentData(),
            "fields": {name: edit.text() for name, edit in self.edits.items()},
            "gap_due_date": _pydate(self.gap_due.date()).isoformat(),
            "supplement_due_date": _pydate(self.supplement_due.date()).isoformat(),
            "completion_result": self.completion_result.currentData(),
            "rejection_ground": self.rejection_ground.currentData(),
            "materials": [
                {
                    "material_id": m.material_id,
                    "received": m.received,
                    "mode": m.mode,
                    "count": m.count,
                    "gap": m.gap_committed,
                    "defect": m.defect,
                }
                for m in self.materials.lines
            ],
        }

    def restore(self, draft: DraftInfo) -> None:
        """Fill the form from a saved draft (after a crash or a restart)."""
        from dataclasses import replace

        data = draft.data
        self._loading = True
        try:
            self.draft_id = draft.id
            if self.ticket_id is None:  # the ticket at the window now wins over the draft's
                self.ticket_id = data.get("ticket_id")
            for combo, key in (
                (self.kind, "applicant_kind"),
                (self.id_type, "applicant_id_type"),
                (self.agent_id_type, "agent_id_type"),
                (self.completion_result, "completion_result"),
                (self.rejection_ground, "rejection_ground"),
            ):
                index = combo.findData(data.get(key))
                if index >= 0:
                    combo.setCurrentIndex(index)
            for name, value in (data.get("fields") or {}).items():
                if name in self.edits:
                    self.edits[name].setText(value)
            for widget, key in (
                (self.gap_due, "gap_due_date"),
                (self.supplement_due, "supplement_due_date"),
            ):
                if data.get(key):
                    widget.setDate(_qdate(date.fromisoformat(data[key])))
        finally:
            self._loading = False
        local = clock.in_hall(draft.updated_at).strftime("%H:%M:%S")
        self.draft_label.setText(
            self.tr("已恢复 {0} 自动保存的草稿。按 Ctrl+Shift+Delete 放弃草稿重新开始。").format(
                local
            )
        )
        if data.get("service_item_id"):
            db, item_id = self.ctx.db, data["service_item_id"]

            def read() -> tuple[ItemInfo, _ItemFacts]:
                item = catalog.get_item(db, item_id)
                return item, _item_facts(db, item.id, with_checklist=True)

            def restored(answer: tuple[ItemInfo, _ItemFacts]) -> None:
                item, facts = answer
                saved = {m.get("material_id"): m for m in data.get("materials") or []}
                lines = []
                for line in facts.checklist:
                    m = saved.get(line.material_id)
                    if m:
                        line = replace(
                            line,
                            received=bool(m.get("received")),
                            mode=m.get("mode"),
                            count=int(m.get("count") or 0),
                            gap_committed=bool(m.get("gap")),
                            defect=m.get("defect"),
                        )
                    lines.append(line)
                self._loading = True  # the draft's own dates stay; nothing new to save
                try:
                    self.item_search.setText(item.name)
                    self._show_item(item, lines, facts)
                finally:
                    self._loading = False

            # The item gone or the database away: the rest of the draft is shown; the item is
            # chosen again.
            self.ctx.runner.submit(read, restored)

    def mark_unsaved_if_spooled(self, draft: DraftInfo) -> None:
        """A draft kept on this PC goes to the database at the next autosave."""
        if draft.from_this_pc:
            self._dirty = True
            self._autosave.start()

    def _changed(self, *_args: Any) -> None:
        if self._loading or self.result is not None:
            return
        self._dirty = True
        self._autosave.start()

    def save_draft_now(self) -> None:
        if not self._dirty or self.result is not None or self.ctx.user is None:
            return
        if self._saving:  # one save at a time; the next one follows when it is back
            self._autosave.start()
            return
        self._saving, self._dirty = True, False
        data, draft_id = self.form_data(), self.draft_id
        db, actor = self.ctx.db, self.ctx.actor  # the clerk who typed it, even if logged out since

        user_id = self.ctx.user.id
        spool = DraftSpool(self.ctx.settings.data_path)
        counter_id, ticket_id = self.counter_id, self.ticket_id

        def saved(draft: DraftInfo) -> None:
            self._saving = False
            spool.clear(user_id)  # the database has it now
            if self.result is not None:  # decided meanwhile: the decision removed the draft
                self.ctx.runner.submit(lambda: intake.discard_draft(db, actor, draft.id))
                return
            self.draft_id = draft.id
            if self._closed:  # the last save of a closed form: nothing left to show it on
                return
            self.draft_label.setText(
                self.tr("草稿已自动保存 {0}").format(
                    clock.in_hall(draft.updated_at).strftime("%H:%M:%S")
                )
            )
            if self._dirty:
                self._autosave.start()

        def failed(error: HallDeskError) -> None:
            self._saving, self._dirty = False, True
            if isinstance(error, DatabaseUnavailable):  # kept on this PC until it answers
                try:
                    spool.keep(
                        user_id, data, draft_id=draft_id, counter_id=counter_id, ticket_id=ticket_id
                    )
                except OSError as exc:
                    log.error("the draft could not be kept on this PC either: %s", exc)
                else:
                    if not self._closed:
                        self.draft_label.setText(
                            self.tr("数据库暂时无法连接：草稿已暂存在本机，连接恢复后自动保存。")
                        )
                        self._autosave.start()  # try the database again
                    return
            if self._closed:
                log.error("the draft of a closed intake form was not saved: %s", error.message)
                return
            self.draft_label.setText(self.tr("草稿未能保存：{0}").format(error.message))

        self.ctx.runner.submit(
            lambda: intake.save_draft(
                db,
                actor,
                data,
                draft_id=draft_id,
                counter_id=self.counter_id,
                ticket_id=self.ticket_id,
            ),
            saved,
            failed,
        )

    def _forget_spooled_draft(self) -> None:
        if self.ctx.user is not None:
            DraftSpool(self.ctx.settings.data_path).clear(self.ctx.user.id)

    def do_discard(self) -> None:
        self._autosave.stop()
        self._forget_spooled_draft()
        if self.draft_id is not None:
            draft_id = self.draft_id
            self.draft_id = None
            self.ctx.runner.submit(
                lambda: intake.discard_draft(self.ctx.db, self.ctx.actor, draft_id)
            )
        self._loading = True
        for edit in self.edits.values():
            edit.clear()
        self.item = None
        self.materials.set_lines([])
        self.item_search.clear()
        self.item_label.setText(self.tr("尚未选择事项"))
        self.due_label.clear()
        self.id_info.clear()
        self._loading = False
        self._dirty = False
        self.errors.clear()
        self.draft_label.setText(self.tr("草稿已放弃"))
        self._set_decision_buttons()
        self.item_search.setFocus()

    # ------------------------------------------------------------------ decisions
    def intake_input(self) -> IntakeInput:
        text = {name: edit.text() for name, edit in self.edits.items()}
        return IntakeInput(
            service_item_id=self.item.id if self.item else None,
            applicant=ApplicantInput(
                kind=self.kind.currentData(),
                name=text["applicant_name"],
                id_type=self.id_type.currentData(),
                id_number=text["applicant_id_number"],
                mobile=text["mobile"],
                phone=text["phone"],
                postcode=text["postcode"],
                address=text["address"],
                legal_representative=text["legal_representative"],
            ),
            agent=AgentInput(
                name=text["agent_name"],
                id_type=self.agent_id_type.currentData(),
                id_number=text["agent_id_number"],
                mobile=text["agent_mobile"],
            ),
            materials=tuple(self.materials.lines),
            ticket_id=self.ticket_id,
            counter_id=self.counter_id,
            draft_id=self.draft_id,
        )

    def _decide(self, call) -> None:
        if self.result is not None:
            return
        self.errors.clear()
        self._autosave.stop()
        data = self.intake_input()
        self.ctx.runner.operation(
            partial(call, data), self._done, self._failed, busy=list(self.buttons.values())
        )

    def _failed(self, error: HallDeskError) -> None:
        self.errors.show(error)  # next to its field; nothing typed is touched
        self.show_field(error.field)
        if self._dirty:
            self._autosave.start()

    def _gap_refused(self, text: str) -> None:
        self.errors.show(text, field="materials")
        self.show_field("materials")

    def show_field(self, field: str | None) -> None:
        """Scroll the field a message is about into view (the decision fields sit below the fold
        on a 1366×768 screen), with room for its message under it."""
        widget = self.errors.widget(field)
        if widget is not None and self.scroll.widget().isAncestorOf(widget):
            self.scroll.ensureWidgetVisible(widget, 40, 60)

    def _done(self, case: CaseDetail) -> None:
        self.result = case
        self.draft_id = None
        self._dirty = False
        self._forget_spooled_draft()
        lines = [
            self.tr("{0}：办件编号 {1}，查询密码 {2}").format(
                case.status.label, case.case_no, case.query_pin
            )
        ]
        if case.promised_date and case.accepted_at:
            lines.append(self.tr("承诺办结日期 {0}").format(case.promised_date.isoformat()))
        if case.to_supplement and case.supplement_due_date:
            lines.append(
                self.tr("需补正 {0} 项材料，补正期限 {1}").format(
                    len(case.to_supplement), case.supplement_due_date.isoformat()
                )
            )
        if case.decision_due_date and case.accepted_at is None:
            lines.append(
                self.tr(
                    "已收件，尚未受理：须于 {0} 前决定受理、补正或不予受理（案件查询 F12）"
                ).format(case.decision_due_date.isoformat())
            )
        if case.calendar_warning:
            lines.append("⚠ " + case.calendar_warning)
        self.result_label.setText("\n".join(lines))
        self.result_label.show()
        self.draft_label.setText(self.tr("已办理，草稿已清除。按 Esc 关闭。"))
        self._set_decision_buttons()
        self.buttons["close"].setFocus()
        self.decided.emit(case)
        self.print_notices(case, lines)

    def print_notices(self, case: CaseDetail, lines: list[str]) -> None:
        """The decision's notices, after it committed: the case stays saved whatever the fonts or
        the printer do; the outcome of each document is added to the result. A chain on the
        runner; the paper still comes out if the form is closed meanwhile."""

        def printed(outcomes: list[PrintOutcome]) -> None:
            self.printed = outcomes
            if outcomes and shiboken6.isValid(self):
                said = [*lines, self.tr("打印：") + "；".join(o.text for o in outcomes)]
                self.result_label.setText("\n".join(said))

        def failed(error: HallDeskError) -> None:
            if shiboken6.isValid(self):
                said = [*lines, self.tr("打印：") + error.message]
                self.result_label.setText("\n".join(said))

        self.ctx.runner.chain(self.case_printing.print_decision(case), printed, failed)

    def do_accept(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        commitment = self.edits["commitment"].text()
        gap_due = _pydate(self.gap_due.date())
        self._decide(
            lambda data: intake.accept(db, actor, data, commitment=commitment, gap_due_date=gap_due)
        )

    def do_receive(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self._decide(lambda data: intake.receive(db, actor, data))

    def do_supplement(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        due = _pydate(self.supplement_due.date())
        self._decide(lambda data: intake.request_supplements(db, actor, data, due_date=due))

    def _ground_changed(self, *_args: Any) -> None:
        """The ground's own wording and clause show as the hints of the reason and the basis:
        left empty, they are what the notice says; 其他情形 needs both typed. The basis box also
        serves a denial on the spot, where the clerk types the clause it rests on."""
        ground = RejectionGround(self.rejection_ground.currentData())
        other = ground == RejectionGround.OTHER
        self.edits["rejection_reason"].setPlaceholderText(
            self.tr("不予受理或当场不予许可的理由") if other else ground.reason
        )
        self.edits["decision_basis"].setPlaceholderText(
            self.tr("法律法规名称和条款，如《不动产登记暂行条例》第二十二条")
            if other
            else ground.basis
        )

    def do_reject(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        reason = self.edits["rejection_reason"].text()
        body = self.edits["competent_body"].text()
        ground = self.rejection_ground.currentData()
        basis = self.edits["decision_basis"].text()
        self._decide(
            lambda data: intake.reject(
                db,
                actor,
                data,
                reason=reason,
                ground=ground,
                basis=basis,
                competent_body=body,
            )
        )

    def do_complete(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        result = self.completion_result.currentData()
        name = self.edits["certificate_name"].text()
        number = self.edits["certificate_no"].text()
        fee = self.edits["fee_amount"].text().strip() or None
        reason = self.edits["rejection_reason"].text()
        basis = self.edits["decision_basis"].text()
        self._decide(
            lambda data: intake.complete_on_spot(
                db,
                actor,
                data,
                result=result,
                certificate_name=name,
                certificate_no=number,
                fee_amount=fee,
                denial_reason=reason,
                basis=basis,
            )
        )

    def reject(self) -> None:
        """Esc, 关闭（保留草稿）, the title bar's close and a log-out all end here (QDialog's close
        event calls reject): save what was typed since the last autosave, then close."""
        if self._autosave.isActive():
            self._autosave.stop()
            self.save_draft_now()
        self._closed = True
        super().reject()


@dataclass(frozen=True)
class _ItemFacts:
    """What choosing an item shows, read in one go on the runner."""

    checklist: list[MaterialInput]
    preview: Any  # intake.DuePreview
    work: Any  # the working calendar
    office_due: date  # 5 working days from today


def _item_facts(db, item_id: int, *, with_checklist: bool) -> _ItemFacts:
    preview = intake.preview_due_dates(db, item_id)
    return _ItemFacts(
        checklist=list(intake.checklist(db, item_id)) if with_checklist else [],
        preview=preview,
        work=calendar_service.work_calendar(db),
        office_due=calendar_service.add_working_days(db, preview.accepted_on, 5).day,
    )


def _preferred_categories(db, category_id: int | None, counter_id: int | None) -> list[int]:
    """The ticket's category, then the window's own categories in its calling order."""
    preferred = [category_id] if category_id is not None else []
    if counter_id is not None:
        try:
            served = queue.counter_config(db, counter_id).served
        except HallDeskError:  # the window was retired meanwhile: no preference
            served = ()
        preferred += [s.category_id for s in served]
    return preferred


def _latest_draft(ctx, drafts: list[DraftInfo]) -> DraftInfo | None:
    """The clerk's newest draft: from the database (`drafts`, newest first), or the one kept on
    this PC while the database was away, whichever is newer."""
    spooled = DraftSpool(ctx.settings.data_path).take(ctx.user.id)
    if spooled is not None and (not drafts or spooled.saved_at > drafts[0].updated_at):
        return DraftInfo(
            id=spooled.draft_id,
            user_id=spooled.user_id,
            counter_id=spooled.counter_id,
            ticket_id=spooled.ticket_id,
            data=spooled.data,
            updated_at=spooled.saved_at,
            from_this_pc=True,
        )
    return drafts[0] if drafts else None


def open_intake(ctx, *, ticket=None, counter_id: int | None = None, parent=None) -> IntakeForm:
    """Open the intake form for the ticket being served (or a walk-in), starting from the clerk's
    latest draft if there is one (after a crash or a restart)."""
    form = IntakeForm(
        ctx,
        ticket_id=ticket.id if ticket else None,
        ticket_number=ticket.number if ticket else None,
        category_id=ticket.category_id if ticket else None,
        counter_id=counter_id,
        parent=parent,
    )
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if ctx.user is None:
        form.show()
        return form

    def open_with(drafts: list[DraftInfo]) -> None:
        draft = _latest_draft(ctx, drafts)
        if draft is not None:
            form.restore(draft)
            form.mark_unsaved_if_spooled(draft)
        form.show()

    # The form opens once the clerk's drafts are read; with the database away, from the draft
    # kept on this PC, if any (the windows say the database is away).
    db, user_id = ctx.db, ctx.user.id
    ctx.runner.submit(lambda: intake.drafts_for(db, user_id), open_with, lambda _e: open_with([]))
    return form
