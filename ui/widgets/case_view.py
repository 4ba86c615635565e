"""One case (办件) as the clerk and the manager see it: its details, materials, a timeline of events
and steps with each event's forwarding state to the online hall, the printed documents with 预览
and 补打, and the actions the case's state allows (ui/widgets/case_actions.py): a button shows
only where the state machine has the move, and is enabled where its rule allows it now.

`CaseView.show_case(case_id)` loads it; after an action it reloads and emits `changed(CaseDetail)`.
When another PC changes the case, the change feed says so and the view loads it again by itself;
an action begun on the older version is refused by the service (`CaseChanged`, naming who changed
the case and when): the dialog closes, the view says so and shows the case as it now is.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.domain.case import ACTION_LABELS, CaseAction, can
from app.domain.codes import CaseStatus, OutboxStatus, PrintJobStatus
from app.domain.extensions import SPECIAL_PROCEDURES
from app.domain.intake_deadlines import past
from app.domain.validation import document_name
from app.errors import CaseChanged, HallDeskError
from app.services import documents as doc_svc
from app.services import intake
from app.services.case_documents import ACTION_NOTICES
from app.services.documents import PrintedDocumentInfo, describe_printer
from app.services.feed import Changes
from app.services.forwarding import EVENT_TYPE_LABELS, EventForwarding, case_forwarding
from app.services.intake import CaseDetail, CaseMaterialInfo
from ui.printer import JobEnd, unrecorded_note
from ui.table_model import Column, RowTableModel
from ui.tasks import on_runner
from ui.widgets.case_actions import ACTIONS, PRINTS_AFTER, enabled, why_not
from ui.widgets.case_printing import CasePrinting, PrintOutcome

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

STATUS_COLOURS = {
    CaseStatus.RECEIVED: "#8a4b00",
    CaseStatus.NEEDS_SUPPLEMENT: "#8a4b00",
    CaseStatus.TERMINATED: "#555555",
    CaseStatus.REJECTED: "#c62828",
    CaseStatus.COMPLETED: "#2e7d32",
    CaseStatus.DELIVERED: "#2e7d32",
    CaseStatus.WITHDRAWN: "#555555",
    CaseStatus.VOID: "#555555",
    CaseStatus.SPECIAL_PROCEDURE: "#6a1b9a",
    CaseStatus.SUSPENDED: "#6a1b9a",
}


def _local(at: datetime | None) -> str:
    return clock.in_hall(at).strftime("%Y-%m-%d %H:%M") if at else ""


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    what: str
    status: str
    who: str
    detail: str
    forwarding: str


def _event_what(event) -> str:
    action = (event.detail or {}).get("action")
    try:
        return ACTION_LABELS[CaseAction(action)]
    except ValueError:
        return EVENT_TYPE_LABELS.get(event.event_type, event.event_type)


_DETAIL_KEYS = {
    "reason": QT_TRANSLATE_NOOP("CaseView", "理由"),
    "kind": QT_TRANSLATE_NOOP("CaseView", "特别程序"),
    "result": QT_TRANSLATE_NOOP("CaseView", "结果"),
    "method": QT_TRANSLATE_NOOP("CaseView", "送达方式"),
    "promised_date": QT_TRANSLATE_NOOP("CaseView", "承诺办结日期"),
    "days": QT_TRANSLATE_NOOP("CaseView", "延长工作日"),
    "received": QT_TRANSLATE_NOOP("CaseView", "补交材料"),
    "gaps": QT_TRANSLATE_NOOP("CaseView", "容缺材料"),
    "decision_due_date": QT_TRANSLATE_NOOP("CaseView", "受理决定期限"),
    "new_case_no": QT_TRANSLATE_NOOP("CaseView", "新办件"),
    "previous_case_no": QT_TRANSLATE_NOOP("CaseView", "原办件"),
}
_VALUE_LABELS = {
    **SPECIAL_PROCEDURES,
    "granted": QT_TRANSLATE_NOOP("CaseView", "准予办理"),
    "denied": QT_TRANSLATE_NOOP("CaseView", "不予办理"),
    "window": QT_TRANSLATE_NOOP("CaseView", "窗口领取"),
    "mail": QT_TRANSLATE_NOOP("CaseView", "邮寄送达"),
    "electronic": QT_TRANSLATE_NOOP("CaseView", "电子送达"),
}


def _event_detail(event) -> str:
    parts = []
    for key, label in _DETAIL_KEYS.items():
        label = translate("CaseView", label)
        value = (event.detail or {}).get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        shown = _VALUE_LABELS.get(str(value))
        parts.append(f"{label}：{translate('CaseView', shown) if shown else value}")
    return "；".join(parts)


def _forwarding_text(f: EventForwarding | None, *, forwarding_on: bool = True) -> str:
    if f is None:
        return "—"
    if not forwarding_on and f.status == OutboxStatus.PENDING:
        return translate(
            "CaseView", "未开启转发"
        )  # kept, and sent once online_hall.endpoint is set
    text = f.status_label
    if f.sent_at:
        text += f" {clock.in_hall(f.sent_at):%m-%d %H:%M}"
    elif f.attempts:
        text += translate("CaseView", "（已试 {0} 次）").format(f.attempts)
    if f.dead_cause:  # a dead letter: why, in words a manager acts on (the outbox panel has more)
        text += f"：{f.dead_cause}"
    elif f.last_error and not f.sent_at:
        text += f"：{f.last_error}"
    return text


def timeline(
    case: CaseDetail, forwarding: list[EventForwarding], *, forwarding_on: bool = True
) -> list[TimelineRow]:
    """Events in order, each with the steps recorded at the same moment and its forwarding state
    (none is waiting to be sent while forwarding is off); a step with no event of its own (none
    today) gets its own row."""
    by_version = {f.data_version: f for f in forwarding}
    # A step belongs to the last event of the same instant (开始办理 + 特别程序 share one).
    last_at: dict[datetime, int] = {e.at: i for i, e in enumerate(case.events)}
    steps_of: dict[int, list] = {}
    for step in case.steps:
        if step.started_at in last_at:
            steps_of.setdefault(last_at[step.started_at], []).append(step)
    rows: list[TimelineRow] = []
    used: set[int] = set()
    for index, event in enumerate(case.events):
        details = []
        for step in steps_of.get(index, []):
            used.add(step.id)
            text = f"{step.step_name}（{intake.STEP_ACTIONS.get(step.action, step.action)}）"
            text += translate("CaseView", " 经办：{0}").format(step.handler)
            if step.opinion:
                text += translate("CaseView", "；意见：{0}").format(step.opinion)
            if step.expected_end is not None:
                text += translate("CaseView", "；预计 {0} 结束（{1} 个工作日）").format(
                    step.expected_end.isoformat(), step.expected_working_days
                )
            if step.special_procedure and step.ended_at and step.ended_at != step.started_at:
                text += translate("CaseView", "；至 {0}").format(_local(step.ended_at))
            approver = (event.detail or {}).get("approver")
            if step.special_procedure == "extension" and approver:
                title = (event.detail or {}).get("approver_title") or ""
                text += translate("CaseView", "；{0}{1}批准，延长 {2} 个工作日").format(
                    title, approver, (event.detail or {}).get("days")
                )
            details.append(text)
        if not details:
            details.append(_event_detail(event))
        status = event.to_status.label
        if event.from_status is not None and event.from_status != event.to_status:
            status = f"{event.from_status.label} → {event.to_status.label}"
        rows.append(
            TimelineRow(
                event.at,
                _event_what(event),
                status,
                event.username or "",
                "；".join(d for d in details if d),
                _forwarding_text(by_version.get(event.data_version), forwarding_on=forwarding_on),
            )
        )
    for step in case.steps:
        if step.id not in used:
            rows.append(
                TimelineRow(
                    step.started_at,
                    step.step_name,
                    "",
                    step.handler,
                    step.opinion or "",
                    "",
                )
            )
    rows.sort(key=lambda r: r.at)
    return rows


MATERIAL_COLUMNS: list[Column[CaseMaterialInfo]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "材料名称"), lambda m: m.name),
    Column(
        QT_TRANSLATE_NOOP("Columns", "必要"),
        lambda m: translate("CaseView", "必要") if m.required else translate("CaseView", "可选"),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "收到"),
        lambda m: (
            (translate("CaseView", "✔ 不符合要求") if m.defect else "✔")
            if m.received
            else (
                translate("CaseView", "容缺（{0}月{1}日前）").format(
                    m.gap_due_date.month, m.gap_due_date.day
                )
                if m.gap_committed and m.gap_due_date
                else (
                    translate("CaseView", "容缺")
                    if m.gap_committed
                    else translate("CaseView", "未收")
                )
            )
        ),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "方式"),
        lambda m: m.receive_mode.label if m.receive_mode else "",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "份数"), lambda m: m.count or "", Qt.AlignmentFlag.AlignCenter
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "收到时间"), lambda m: _local(m.received_at)),
    Column(QT_TRANSLATE_NOOP("Columns", "要求"), lambda m: m.requirement or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "问题"), lambda m: m.defect or ""),
]
TIMELINE_COLUMNS: list[Column[TimelineRow]] = [
    Column(QT_TRANSLATE_NOOP("Columns", "时间"), lambda r: _local(r.at)),
    Column(QT_TRANSLATE_NOOP("Columns", "办理"), lambda r: r.what),
    Column(QT_TRANSLATE_NOOP("Columns", "状态"), lambda r: r.status),
    Column(QT_TRANSLATE_NOOP("Columns", "经办人"), lambda r: r.who),
    Column(QT_TRANSLATE_NOOP("Columns", "网上大厅"), lambda r: r.forwarding),
    Column(QT_TRANSLATE_NOOP("Columns", "说明"), lambda r: r.detail),
]


def print_state(doc: PrintedDocumentInfo) -> str:
    """What became of the document's paper: printed when and by whom, failed and why, given up
    and why, or not yet — never the archive time passed off as a print time."""
    status = doc.print_status
    who = doc.printed_by_name or (
        translate("CaseView", "{0}（自助设备）").format(doc.print_host) if doc.print_host else ""
    )
    if status is None:
        return translate("CaseView", "未打印")
    if status == PrintJobStatus.DONE:
        return (
            translate("CaseView", "已打印 {0} · {1}")
            .format(_local(doc.printed_at), who)
            .rstrip(" ·")
        )
    if status == PrintJobStatus.FAILED:
        return translate("CaseView", "打印失败：{0}（在“未完成的打印”中）").format(
            doc.print_problem or translate("CaseView", "原因不明")
        )
    if status == PrintJobStatus.CANCELLED:
        return (
            translate("CaseView", "已放弃打印：{0} · {1} {2}")
            .format(doc.print_problem or "", who, _local(doc.printed_at))
            .strip()
        )
    return f"{status.label}（{describe_printer(doc.print_printer)}）"


DOCUMENT_COLUMNS: list[Column[PrintedDocumentInfo]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "文书"),
        lambda d: d.kind.label + (translate("CaseView", "（补打）") if d.is_reprint else ""),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "文书编号"), lambda d: d.doc_no or ""),
    Column(QT_TRANSLATE_NOOP("Columns", "生成时间"), lambda d: _local(d.created_at)),
    Column(QT_TRANSLATE_NOOP("Columns", "打印情况"), print_state),
]


def _table(name: str, model: RowTableModel[Any], stretch: int) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class CaseView(QWidget):
    """Shows one case; `changed(CaseDetail)` after an action or a reprint."""

    changed = Signal(object)

    FIELDS = [
        ("item", QT_TRANSLATE_NOOP("CaseView", "办理事项")),
        ("applicant", QT_TRANSLATE_NOOP("CaseView", "申请人")),
        ("id_number", QT_TRANSLATE_NOOP("CaseView", "证件号码")),
        ("mobile", QT_TRANSLATE_NOOP("CaseView", "联系电话")),
        ("agent", QT_TRANSLATE_NOOP("CaseView", "代理人")),
        ("applied", QT_TRANSLATE_NOOP("CaseView", "申请时间")),
        ("accepted", QT_TRANSLATE_NOOP("CaseView", "受理时间")),
        ("promised", QT_TRANSLATE_NOOP("CaseView", "承诺办结日期")),
        ("desk", QT_TRANSLATE_NOOP("CaseView", "窗口 / 经办")),
        ("pin", QT_TRANSLATE_NOOP("CaseView", "查询密码")),
        ("clock", QT_TRANSLATE_NOOP("CaseView", "期限")),
        ("result", QT_TRANSLATE_NOOP("CaseView", "办理结果")),
    ]

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.case: CaseDetail | None = None
        self.setObjectName("case_view")
        self.printing = CasePrinting(ctx, self)
        self.preview_dialog: QDialog | None = None

        self.title = QLabel(self.tr("请先查询并打开一个办件"))
        self.title.setObjectName("case_title")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.title.setFont(big)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("case_status")
        self.status_label.setFont(big)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.status_label)

        info = QGroupBox(self.tr("办件信息"))
        grid = QGridLayout(info)
        self.values: dict[str, QLabel] = {}
        for i, (name, label) in enumerate(self.FIELDS):
            caption = QLabel(translate("CaseView", label) + "：")
            caption.setStyleSheet("color: #555;")
            value = QLabel()
            value.setObjectName(f"value_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row, col = divmod(i, 2)
            grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, col * 2 + 1)
            self.values[name] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.material_model: RowTableModel[CaseMaterialInfo] = RowTableModel(MATERIAL_COLUMNS, self)
        self.timeline_model: RowTableModel[TimelineRow] = RowTableModel(TIMELINE_COLUMNS, self)
        self.document_model: RowTableModel[PrintedDocumentInfo] = RowTableModel(
            DOCUMENT_COLUMNS, self
        )
        self.materials_view = _table("case_materials", self.material_model, 6)
        self.timeline_view = _table("case_timeline", self.timeline_model, 5)
        self.documents_view = _table("case_documents", self.document_model, 0)

        self.preview_button = QPushButton(self.tr("预览"))
        self.preview_button.setObjectName("preview")
        self.reprint_button = QPushButton(self.tr("补打"))
        self.reprint_button.setObjectName("reprint")
        self.preview_button.clicked.connect(self.preview_selected)
        self.reprint_button.clicked.connect(self.reprint_selected)
        # The notices of the case as it now is: e.g. the acceptance notice of a case that came to
        # count as accepted from receipt while nobody had it open.
        self.print_current_button = QPushButton(self.tr("打印当前通知书"))
        self.print_current_button.setObjectName("print_current")
        self.print_current_button.clicked.connect(self.print_current)
        self.documents_view.selectionModel().selectionChanged.connect(self._document_buttons)
        self.documents_view.doubleClicked.connect(lambda _i: self.preview_selected())
        documents_page = QWidget()
        documents_layout = QVBoxLayout(documents_page)
        documents_layout.addWidget(self.documents_view)
        doc_buttons = QHBoxLayout()
        doc_buttons.addWidget(self.print_current_button)
        doc_buttons.addStretch(1)
        doc_buttons.addWidget(self.preview_button)
        doc_buttons.addWidget(self.reprint_button)
        documents_layout.addLayout(doc_buttons)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.addTab(self.timeline_view, self.tr("办理过程"))
        self.tabs.addTab(self.materials_view, self.tr("材料"))
        self.tabs.addTab(documents_page, self.tr("文书"))

        self.action_buttons: dict[CaseAction, QPushButton] = {}
        actions = QHBoxLayout()
        for spec in ACTIONS:
            button = QPushButton(translate("CaseActions", spec.label))
            button.setObjectName(spec.name)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _c=False, s=spec: self.run_action(s.action))
            actions.addWidget(button)
            self.action_buttons[spec.action] = button
        actions.addStretch(1)

        self.message = QLabel()
        self.message.setObjectName("case_message")
        self.message.setWordWrap(True)
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(info)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._show_nothing()

        self.reloads = 0  # loads of the shown case again (after another PC changed it)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(80)  # a burst of notices is one reload
        self._reload_soon.timeout.connect(self._reload_if_behind)
        self._wanted_version = 0  # the newest version of the shown case a change told of
        ctx.follow_changes(self.on_changes)

    # ------------------------------------------------------------------ showing
    def _show_nothing(self) -> None:
        for button in self.action_buttons.values():
            button.setEnabled(False)
            button.hide()
        self.print_current_button.setEnabled(False)
        self._document_buttons()

    def say(self, text: str, error: bool = False) -> None:
        colour = "#c62828" if error else "#1b5e20"
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)
        self.message.show()

    def show_case(self, case_id: int) -> None:
        self.message.hide()
        self._load(case_id)

    def _load(self, case_id: int) -> None:
        self.ctx.runner.submit(
            lambda: intake.get_case(self.ctx.db, case_id),
            self.set_case,
            lambda e: self.say(e.message, error=True),
        )

    def reload(self) -> None:
        """The shown case again, as it now is (what the view says stays)."""
        if self.case is not None:
            self.reloads += 1
            self._load(self.case.id)

    def on_changes(self, changes: Changes) -> None:
        """Another PC (or this one) committed changes: reload when one is a newer version of the
        shown case. Whether it still is, is asked when the pause is over: this view's own action
        shows its result itself, just after the runner said what the action changed."""
        if self.case is None:
            return
        versions = [c.data_version for c in changes.cases if c.case_id == self.case.id]
        if changes.resync or "case" in changes.whole:
            wanted = sys.maxsize  # not known: reload
        elif versions and max(versions) != self.case.data_version:
            wanted = max(versions)
        else:
            return
        self._wanted_version = max(self._wanted_version, wanted)
        self._reload_soon.start()

    def _reload_if_behind(self) -> None:
        wanted, self._wanted_version = self._wanted_version, 0
        if self.case is not None and wanted > self.case.data_version:
            self.reload()

    def set_case(self, case: CaseDetail) -> None:
        self.case = case
        self.title.setText(self.tr("办件 {0}").format(case.case_no))
        self.status_label.setText(case.status.label)
        colour = STATUS_COLOURS.get(case.status, "#0d47a1")
        self.status_label.setStyleSheet(f"color: {colour}; padding: 0 8px;")
        v = self.values
        v["item"].setText(f"{case.item_name}（{case.item_code}）")
        v["applicant"].setText(case.applicant_name)
        id_label = document_name(case.applicant_id_type, case.applicant_id_number)
        v["id_number"].setText(f"{id_label} {case.applicant_id_number_masked}")
        v["mobile"].setText(self._masked_mobile(case.contact_mobile))
        v["agent"].setText(
            f"{case.agent_name} {case.agent_id_number_masked}" if case.agent_name else "—"
        )
        v["applied"].setText(_local(case.applied_at))
        v["accepted"].setText(_local(case.accepted_at) or "—")
        promised = case.promised_date.isoformat() if case.promised_date else "—"
        if case.legal_due_date:
            promised += self.tr("（法定 {0}）").format(case.legal_due_date.isoformat())
        v["promised"].setText(promised)
        desk = self.tr("{0}号窗口").format(case.counter_number) if case.counter_number else "—"
        if case.clerk_name:
            desk += f" · {case.clerk_name}"
        if case.ticket_number:
            desk += self.tr(" · 号票 {0}").format(case.ticket_number)
        v["desk"].setText(desk)
        v["pin"].setText(case.query_pin)
        v["clock"].setText(self._clock_text(case))
        v["result"].setText(self._result_text(case))
        self.material_model.set_rows(case.materials)
        self._read_records(case)
        for spec in ACTIONS:
            button = self.action_buttons[spec.action]
            # Only the moves the state machine has from here (16 buttons do not fit 1366 px);
            # 受理 from 待补正 is 补正已收.
            button.setVisible(
                can(case.status, spec.action)
                and not (spec.action == CaseAction.ACCEPT and case.status != CaseStatus.RECEIVED)
            )
            on = enabled(spec.action, case)
            button.setEnabled(on)
            button.setToolTip("" if on else why_not(spec.action, case))
        self.print_current_button.setEnabled(True)
        self._document_buttons()

    def _read_records(self, case: CaseDetail) -> None:
        """The case's forwarding to the online hall (for the timeline) and its documents, read on
        the runner; an answer for a case no longer shown is dropped."""
        db = self.ctx.db

        def read() -> tuple[list[EventForwarding], list[PrintedDocumentInfo]]:
            try:
                forwarding = case_forwarding(db, case.case_no)
            except HallDeskError:  # the timeline without the forwarding columns
                forwarding = []
            return forwarding, doc_svc.list_documents(db, case_id=case.id)

        def show(records: tuple[list[EventForwarding], list[PrintedDocumentInfo]]) -> None:
            if self.case is not case:
                return  # another case (or a newer version) is shown now
            forwarding, documents = records
            on = bool(self.ctx.settings.online_hall.endpoint)
            self.timeline_model.set_rows(timeline(case, forwarding, forwarding_on=on))
            self.timeline_view.resizeRowsToContents()
            self.document_model.set_rows(documents)
            self._document_buttons()

        self.ctx.runner.submit(read, show, lambda e: self.say(e.message, error=True))

    @staticmethod
    def _masked_mobile(mobile: str | None) -> str:
        from app.domain.privacy import mask_mobile

        return mask_mobile(mobile) if mobile else "—"

    def _clock_text(self, case: CaseDetail) -> str:
        parts = []
        today = clock.today()
        if case.status == CaseStatus.RECEIVED and case.decision_due_date:
            due = case.decision_due_date.isoformat()
            if past(case.decision_due_date, today):
                parts.append(
                    self.tr("收件后 5 个工作日（至 {0}）未作决定：依法自收件之日起视为受理").format(
                        due
                    )
                )
            else:
                parts.append(
                    self.tr("受理决定期限 {0}（收件后 5 个工作日，逾期视为受理）").format(due)
                )
        if case.deemed_accepted and case.decision_due_date:
            parts.append(
                self.tr("视为受理：收件后未在 {0} 前作出决定，期限自收件之日起计算").format(
                    case.decision_due_date.isoformat()
                )
            )
        if case.supplement_due_date and case.status == CaseStatus.NEEDS_SUPPLEMENT:
            text = self.tr("补正期限 {0}").format(case.supplement_due_date.isoformat())
            if past(case.supplement_due_date, today):
                text += self.tr("（已过：可按新申请受理补交的材料，或终止办理）")
            parts.append(text)
        special = case.special_step
        if special is not None:
            text = self.tr("特别程序：{0}").format(special.procedure_label)
            if special.expected_end is not None:
                text += self.tr("，预计 {0} 结束（{1} 个工作日）").format(
                    special.expected_end.isoformat(), special.expected_working_days
                )
                if clock.in_hall(clock.utcnow()).date() > special.expected_end:
                    text += self.tr("，已超过预计结束日期")
            parts.append(text)
        if case.clock_paused_since:
            parts.append(self.tr("自 {0} 暂停计时").format(case.clock_paused_since.isoformat()))
        if case.paused_working_days:
            parts.append(self.tr("已暂停 {0} 个工作日").format(case.paused_working_days))
        if case.extension_days:
            approver = (case.extension_approver_title or "") + (case.extension_approver or "")
            parts.append(
                self.tr("已延长 {0} 个工作日（{1}批准）：{2}").format(
                    case.extension_days, approver or self.tr("负责人"), case.extension_reason or ""
                )
            )
        if case.calendar_warning:
            parts.append("⚠ " + case.calendar_warning)
        return "；".join(parts) or self.tr("正常计时")

    def _result_text(self, case: CaseDetail) -> str:
        if case.status == CaseStatus.TERMINATED:
            text = self.tr("终止办理：{0}").format(case.termination_reason or "")
            return text + ("" if case.renewed_as else self._remedies_text(case))
        if case.previous_case_no and case.completion_result is None:
            return self.tr("原办件 {0} 补正逾期，按新申请受理").format(case.previous_case_no)
        if case.status == CaseStatus.REJECTED:
            text = self.tr("不予受理：{0}").format(case.rejection_reason or "")
            if case.competent_body:
                text += self.tr("；有权机关：{0}").format(case.competent_body)
            return text + self._remedies_text(case)
        if case.completion_result is None:
            return "—"
        text = case.result_label or case.completion_result.label
        if case.denial_reason:
            text += self.tr("：{0}").format("；".join(case.denial_reason.splitlines()))
            return text + self._remedies_text(case)
        if case.certificate_name or case.certificate_no:
            text += f" · {case.certificate_name or ''} {case.certificate_no or ''}".rstrip()
        if case.fee_amount is not None:
            text += self.tr(" · 收费 {0} 元").format(case.fee_amount)
        if case.delivery_method:
            text += f" · {case.delivery_method.label}"
            if case.delivery_note:
                text += f"（{case.delivery_note}）"
        return text

    def _remedies_text(self, case: CaseDetail) -> str:
        parts = []
        if case.decision_basis:
            parts.append(self.tr("依据 {0}").format(case.decision_basis))
        if case.review_body and case.court:
            parts.append(self.tr("复议机关 {0}，法院 {1}").format(case.review_body, case.court))
        return "（" + "；".join(parts) + "）" if parts else ""

    # ------------------------------------------------------------------ actions
    def action_dialog(self, action: CaseAction) -> QDialog:
        assert self.case is not None
        spec = next(s for s in ACTIONS if s.action == action)
        return spec.build(self.ctx, self.case, self)

    def run_action(self, action: CaseAction) -> None:
        if self.case is None:
            return
        dialog = self.action_dialog(action)
        stale: list[CaseChanged] = []
        refused = dialog.refused

        def refused_unless_stale(error: HallDeskError) -> None:
            if isinstance(error, CaseChanged):  # what the dialog shows is out of date: close it
                stale.append(error)
                dialog.reject()
                return
            refused(error)

        dialog.refused = refused_unless_stale
        if dialog.exec() != QDialog.DialogCode.Accepted:
            if stale:
                self.say(stale[0].message, error=True)
                self.reload()
            return
        case: CaseDetail = dialog.result_value
        before = self.case
        self.set_case(case)
        if case.id != before.id:  # late supplements accepted as a new application
            text = self.tr("原办件 {0} 已终止，补交的材料已按新申请受理：新办件 {1}。").format(
                before.case_no, case.case_no
            )
        else:
            text = self.tr("已{0}：办件当前状态为“{1}”。").format(
                ACTION_LABELS[action], case.status.label
            )
        if action in PRINTS_AFTER:
            # the acceptance notice, a supplement or rejection notice, a decision (决定书), the
            # termination notice
            flow = self.printing.print_decision(case)
        elif action in ACTION_NOTICES:  # 延期告知书, 特别程序告知书
            flow = self.printing.print_after(case, action)
        else:
            self.say(text)
            self.changed.emit(case)
            return

        def printed(outcomes: list[PrintOutcome]) -> None:
            if not shiboken6.isValid(self):
                return  # closed while its paper printed
            said = text
            if outcomes:
                if self.ctx.runner.database_ok:  # away: what is shown stays, with what printed
                    self._load(case.id)
                said += self.tr("打印：") + "；".join(o.text for o in outcomes)
            self.say(said, error=any(o.problem for o in outcomes))
            self.changed.emit(case)

        def failed(error: HallDeskError) -> None:
            if shiboken6.isValid(self):
                self.say(text + self.tr("打印：") + error.message, error=True)
                self.changed.emit(case)

        # The case is saved; its paper is a chain on the runner (the notices printed once).
        self.ctx.runner.chain(
            flow, printed, failed, busy=[self.action_buttons[action], self.print_current_button]
        )

    # ------------------------------------------------------------------ documents
    def selected_document(self) -> PrintedDocumentInfo | None:
        rows = self.documents_view.selectionModel().selectedRows()
        return self.document_model.row(rows[0].row()) if rows else None

    def select_document(self, document_id: int) -> None:
        for index, doc in enumerate(self.document_model.rows()):
            if doc.id == document_id:
                self.documents_view.selectRow(index)

    def _document_buttons(self, *_: object) -> None:
        selected = self.selected_document() is not None
        self.preview_button.setEnabled(selected)
        self.reprint_button.setEnabled(selected)

    def preview_selected(self) -> None:
        doc = self.selected_document()
        if doc is None:
            return

        def show(pdf: bytes) -> None:
            from ui.printer import PrintFailed, preview_pdf

            try:
                dialog = preview_pdf(pdf, self)
            except PrintFailed as failure:
                self.say(failure.message, error=True)
                return
            self.preview_dialog = dialog
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        db = self.ctx.db
        self.ctx.runner.operation(
            lambda: doc_svc.document_pdf(db, doc.id),
            show,
            lambda error: self.say(error.message, error=True),
            busy=self.preview_button,
        )

    def print_current(self) -> None:
        """The notices that follow the case as it now is, archived and printed (not a 补打)."""
        case = self.case
        if case is None:
            return

        def printed(outcomes: list[PrintOutcome]) -> None:
            if not shiboken6.isValid(self):
                return
            if not outcomes:
                self.say(self.tr("办件当前状态没有需要打印的通知书"), error=True)
                return
            if self.ctx.runner.database_ok:  # away: what is shown stays, with what printed
                self._read_records(case)
            said = self.tr("打印：") + "；".join(o.text for o in outcomes)
            self.say(said, error=any(o.problem for o in outcomes))  # red: the database was away
            self.changed.emit(case)

        self.ctx.runner.chain(
            self.printing.print_decision(case),
            printed,
            lambda error: self.say(error.message, error=True),
            busy=self.print_current_button,
        )

    def reprint_selected(self) -> None:
        """补打: a new archived copy marked 补打 (audited) with its print job, printed now."""
        doc = self.selected_document()
        case = self.case
        if doc is None or case is None:
            return
        db, actor, settings = self.ctx.db, self.ctx.actor, self.ctx.settings
        target = doc_svc.notice_printer_target(settings)
        printing = self.printing.system_printing()

        async def reprint() -> tuple[doc_svc.RenderedDocument, JobEnd]:
            copy = await on_runner(
                lambda: doc_svc.reprint_document(
                    db, actor, doc.id, printer=target, settings=settings
                )
            )
            assert copy.job is not None
            ask = settings.printers.ask_before_print
            return copy, await printing.print_job(copy.job, with_dialog=ask)

        def printed(result: tuple[doc_svc.RenderedDocument, JobEnd]) -> None:
            if not shiboken6.isValid(self):
                return
            copy, end = result
            label = doc.kind.label
            if end.printed:
                text = self.tr("已补打 {0}").format(label)
                if end.error is not None:
                    text += self.tr("；") + unrecorded_note(end.error)
            else:
                text = self.tr("{0} 补打件已存档，未打印：已留在“未完成的打印”中").format(label)
                if end.error is not None:
                    text += self.tr("（{0}）").format(end.error.message.rstrip("。"))
            self.say(text, error=end.error is not None and not end.printed)
            if self.ctx.runner.database_ok:
                self._show_documents(case, select=copy.document.id)
            self.changed.emit(case)

        self.ctx.runner.chain(
            reprint(),
            printed,
            lambda error: self.say(error.message, error=True),
            busy=self.reprint_button,
        )

    def _show_documents(self, case: CaseDetail, *, select: int | None = None) -> None:
        """The case's documents again (after a 补打), with `select` selected."""
        db = self.ctx.db

        def show(documents: list[PrintedDocumentInfo]) -> None:
            if self.case is None or self.case.id != case.id:
                return  # another case is shown now
            self.document_model.set_rows(documents)
            if select is not None:
                self.select_document(select)
            self._document_buttons()

        self.ctx.runner.submit(
            lambda: doc_svc.list_documents(db, case_id=case.id),
            show,
            lambda e: self.say(e.message, error=True),
        )
