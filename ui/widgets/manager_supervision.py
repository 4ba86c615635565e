"""Supervision (电子监察): cases about to miss (yellow) or past (red) their promised date, the same
counted by item, department and clerk, supplement requests still unanswered, materials taken in
(收件) with the day their decision is due (5 working days) and the cases that came to count as
accepted from receipt because it passed (视为受理), and negative ratings with their
15-working-day follow-up, where the manager records the follow-up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.manager_supervision import (
    DeemedAccepted,
    GapOutstanding,
    NegativeRating,
    ReceivedWaiting,
    SpecialProcedureOverdue,
    SupervisedCase,
    Supervision,
    SupervisionGroup,
    SupplementWaiting,
)
from ui.table_model import Column
from ui.widgets.admin_dialogs import FormDialog
from ui.widgets.manager_common import (
    GREEN,
    NUMBER,
    RED,
    YELLOW,
    ColouredTableModel,
    md_hm,
    selected_row,
    table_view,
    ymd,
)

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def _left(days: int) -> str:
    if days < 0:
        return translate("ManagerSupervision", "逾期 {0} 个工作日").format(-days)
    if days == 0:
        return translate("ManagerSupervision", "今天到期")
    return translate("ManagerSupervision", "剩 {0} 个工作日").format(days)


class SupervisionPanel(QWidget):
    follow_up_requested = Signal(object)  # NegativeRating
    refresh_requested = Signal()

    def __init__(self, tz: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("supervisionPanel")
        self.tz = tz
        self.summary = QLabel()
        self.summary.setObjectName("supervisionSummary")
        self.summary.setWordWrap(True)
        refresh = QPushButton(self.tr("刷新"))
        refresh.setObjectName("refreshSupervision")
        refresh.clicked.connect(self.refresh_requested)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)

        def case_colour(c: SupervisedCase) -> QColor:
            return RED if c.level == "red" else YELLOW

        self.case_model: ColouredTableModel[SupervisedCase] = ColouredTableModel(
            [
                Column(self.tr("办件编号"), lambda c: c.case_no),
                Column(self.tr("事项"), lambda c: c.item_name),
                Column(self.tr("部门"), lambda c: c.department),
                Column(self.tr("受理人"), lambda c: c.clerk_name),
                Column(self.tr("申请人"), lambda c: c.applicant_name),
                Column(self.tr("状态"), lambda c: c.status.label),
                Column(self.tr("承诺办结日"), lambda c: ymd(c.promised_date)),
                Column(self.tr("剩余"), lambda c: _left(c.working_days_left)),
            ],
            case_colour,
            self,
        )
        self.case_view = table_view(self.case_model, "supervisedCases", stretch=1)

        def group_colour(g: SupervisionGroup) -> QColor | None:
            return RED if g.red else YELLOW if g.yellow else None

        def group_model(first: str) -> ColouredTableModel[SupervisionGroup]:
            return ColouredTableModel(
                [
                    Column(first, lambda g: g.label),
                    Column(self.tr("在办"), lambda g: g.running, NUMBER),
                    Column(self.tr("临期（黄）"), lambda g: g.yellow, NUMBER),
                    Column(self.tr("逾期（红）"), lambda g: g.red, NUMBER),
                    Column(self.tr("停表中"), lambda g: g.stopped, NUMBER),
                ],
                group_colour,
                self,
            )

        self.item_model = group_model(self.tr("事项"))
        self.department_model = group_model(self.tr("部门"))
        self.clerk_model = group_model(self.tr("受理人"))

        self.supplement_model: ColouredTableModel[SupplementWaiting] = ColouredTableModel(
            [
                Column(self.tr("办件编号"), lambda s: s.case_no),
                Column(self.tr("事项"), lambda s: s.item_name),
                Column(self.tr("受理人"), lambda s: s.clerk_name),
                Column(self.tr("申请人"), lambda s: s.applicant_name),
                Column(self.tr("联系电话"), lambda s: s.contact_mobile or ""),
                Column(self.tr("告知时间"), lambda s: md_hm(s.requested_at, self.tz)),
                Column(self.tr("补正期限"), lambda s: ymd(s.due_date)),
                Column(self.tr("已等待（天）"), lambda s: s.days_waiting, NUMBER),
            ],
            None,
            self,
        )

        self.gap_model: ColouredTableModel[GapOutstanding] = ColouredTableModel(
            [
                Column(self.tr("办件编号"), lambda g: g.case_no),
                Column(self.tr("事项"), lambda g: g.item_name),
                Column(self.tr("容缺材料"), lambda g: g.material),
                Column(self.tr("补交期限"), lambda g: ymd(g.due_date)),
                Column(
                    self.tr("逾期"),
                    lambda g: self.tr("{0} 天").format(g.days_overdue) if g.overdue else "",
                ),
                Column(self.tr("受理人"), lambda g: g.clerk_name),
                Column(self.tr("申请人"), lambda g: g.applicant_name),
                Column(self.tr("联系电话"), lambda g: g.contact_mobile or ""),
            ],
            lambda g: RED if g.overdue else None,
            self,
        )

        def received_colour(r: ReceivedWaiting) -> QColor | None:
            return RED if r.overdue else YELLOW if r.working_days_left <= 1 else None

        self.received_model: ColouredTableModel[ReceivedWaiting] = ColouredTableModel(
            [
                Column(self.tr("办件编号"), lambda r: r.case_no),
                Column(self.tr("事项"), lambda r: r.item_name),
                Column(self.tr("部门"), lambda r: r.department),
                Column(self.tr("收件人"), lambda r: r.clerk_name),
                Column(self.tr("申请人"), lambda r: r.applicant_name),
                Column(self.tr("收件时间"), lambda r: md_hm(r.received_at, self.tz)),
                Column(self.tr("决定期限"), lambda r: ymd(r.decision_due_date)),
                Column(
                    self.tr("剩余"),
                    lambda r: (
                        self.tr("已过期，视为受理") if r.overdue else _left(r.working_days_left)
                    ),
                ),
            ],
            received_colour,
            self,
        )
        self.deemed_model: ColouredTableModel[DeemedAccepted] = ColouredTableModel(
            [
                Column(self.tr("办件编号"), lambda r: r.case_no),
                Column(self.tr("事项"), lambda r: r.item_name),
                Column(self.tr("部门"), lambda r: r.department),
                Column(self.tr("收件人"), lambda r: r.clerk_name),
                Column(self.tr("申请人"), lambda r: r.applicant_name),
                Column(self.tr("收件时间"), lambda r: md_hm(r.received_at, self.tz)),
                Column(self.tr("决定期限"), lambda r: ymd(r.decision_due_date)),
                Column(self.tr("状态"), lambda r: r.status.label),
                Column(self.tr("承诺办结日"), lambda r: ymd(r.promised_date)),
            ],
            lambda r: RED,
            self,
        )
        received = QWidget()
        received_layout = QVBoxLayout(received)
        received_layout.addWidget(
            QLabel(
                self.tr("收件后须在 5 个工作日内决定受理、告知补正或不予受理；")
                + self.tr("逾期自收件之日起视为受理（由系统登记，期限从收件之日算）。")
            )
        )
        received_layout.addWidget(table_view(self.received_model, "receivedCases", stretch=1), 2)
        received_layout.addWidget(QLabel(self.tr("逾期视为受理、仍在办理的办件：")))
        received_layout.addWidget(table_view(self.deemed_model, "deemedCases", stretch=1), 1)

        self.special_model: ColouredTableModel[SpecialProcedureOverdue] = ColouredTableModel(
            [
                Column(self.tr("办件编号"), lambda p: p.case_no),
                Column(self.tr("事项"), lambda p: p.item_name),
                Column(self.tr("受理人"), lambda p: p.clerk_name),
                Column(self.tr("申请人"), lambda p: p.applicant_name),
                Column(self.tr("特别程序"), lambda p: p.procedure),
                Column(self.tr("开始"), lambda p: md_hm(p.started_at, self.tz)),
                Column(self.tr("预计结束"), lambda p: ymd(p.expected_end)),
                Column(
                    self.tr("超出"),
                    lambda p: (
                        self.tr("{0} 个工作日").format(p.working_days_over)
                        if p.working_days_over
                        else self.tr("已过预计结束日")
                    ),
                ),
            ],
            lambda _p: RED,
            self,
        )

        def rating_colour(r: NegativeRating) -> QColor | None:
            if r.done:
                return GREEN
            return RED if r.overdue else YELLOW if r.working_days_left <= 3 else None

        self.rating_model: ColouredTableModel[NegativeRating] = ColouredTableModel(
            [
                Column(self.tr("评价时间"), lambda r: md_hm(r.rated_at, self.tz)),
                Column(self.tr("评价"), lambda r: r.score.label),
                Column(self.tr("原因"), lambda r: "、".join(r.reasons)),
                Column(self.tr("号码"), lambda r: r.ticket_number or ""),
                Column(
                    self.tr("窗口"),
                    lambda r: (
                        self.tr("{0} 号").format(r.counter_number) if r.counter_number else ""
                    ),
                ),
                Column(self.tr("工作人员"), lambda r: r.clerk_name),
                Column(self.tr("整改期限"), lambda r: ymd(r.due_date)),
                Column(
                    self.tr("状态"),
                    lambda r: (
                        self.tr("已回访（{0}）").format(r.follow_up_by or "")
                        if r.done
                        else _left(r.working_days_left)
                    ),
                ),
                Column(self.tr("整改回访情况"), lambda r: r.follow_up_note or ""),
            ],
            rating_colour,
            self,
        )
        self.rating_view = table_view(self.rating_model, "negativeRatings", stretch=8)
        self.follow_up_button = QPushButton(self.tr("登记整改回访…"))
        self.follow_up_button.setObjectName("followUpButton")
        self.follow_up_button.clicked.connect(self._follow_up)
        ratings = QWidget()
        ratings_layout = QVBoxLayout(ratings)
        ratings_layout.addWidget(
            QLabel(self.tr("差评须在 15 个工作日内整改并回复申请人；选中一条后登记整改回访情况。"))
        )
        ratings_layout.addWidget(self.rating_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.follow_up_button)
        ratings_layout.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisionTabs")
        self.tabs.addTab(self.case_view, self.tr("临期与逾期办件"))
        self.tabs.addTab(table_view(self.item_model, "byItem", stretch=0), self.tr("按事项"))
        self.tabs.addTab(
            table_view(self.department_model, "byDepartment", stretch=0), self.tr("按部门")
        )
        self.tabs.addTab(table_view(self.clerk_model, "byClerk", stretch=0), self.tr("按受理人"))
        self.tabs.addTab(
            table_view(self.supplement_model, "supplements", stretch=1), self.tr("待补正（未答复）")
        )
        self.tabs.addTab(table_view(self.gap_model, "gaps", stretch=2), self.tr("容缺待补交"))
        self.tabs.addTab(received, self.tr("收件待决定"))
        self.tabs.addTab(
            table_view(self.special_model, "specialOverdue", stretch=1), self.tr("特别程序超期")
        )
        self.tabs.addTab(ratings, self.tr("差评整改"))

        # Where the deadlines' working days come from, year by year: a year whose holiday
        # arrangement is not confirmed is said here, so the dates below are read with it in mind.
        self.calendar_note = QLabel()
        self.calendar_note.setObjectName("calendar_note")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet("color: #8a4b00;")
        self.calendar_note.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.calendar_note)
        layout.addWidget(self.tabs, 1)

    def show_calendar(self, statuses) -> None:
        """app.services.calendar.YearStatus for this year and the next."""
        text = "；".join(self.tr("{0} 年：{1}").format(s.year, s.source_label) for s in statuses)
        warnings = [s.warning for s in statuses if s.warning]
        if warnings:
            text += "\n⚠ " + "\n⚠ ".join(warnings)
        self.calendar_note.setText(self.tr("期限的工作日：") + text)
        self.calendar_note.setVisible(bool(warnings))

    def show_supervision(self, view: Supervision) -> None:
        self.summary.setText(
            self.tr(
                "在办 {0} 件：临期（剩 {1} 个工作日及以内，至 {2}）{3} 件，逾期 {4} 件；"
                "停表中 {5} 件；待补正 {6} 件；容缺材料逾期 {8} 项；收件待决定 {9} 件（视为受理 {10} 件）；"
                "差评待整改 {7} 条"
            ).format(
                view.running,
                view.warn_days,
                ymd(view.yellow_until),
                view.yellow,
                view.red,
                view.stopped,
                len(view.supplements),
                sum(1 for r in view.ratings if not r.done),
                sum(1 for g in view.gaps if g.overdue),
                len(view.received),
                len(view.deemed),
            )
        )
        self.case_model.set_rows(view.cases)
        self.item_model.set_rows(view.by_item)
        self.department_model.set_rows(view.by_department)
        self.clerk_model.set_rows(view.by_clerk)
        self.supplement_model.set_rows(view.supplements)
        self.gap_model.set_rows(view.gaps)
        self.received_model.set_rows(view.received)
        self.deemed_model.set_rows(view.deemed)
        self.special_model.set_rows(view.special_overdue)
        self.rating_model.set_rows(view.ratings)

    def _follow_up(self) -> None:
        rating = selected_row(self.rating_view, self.rating_model)
        if rating is not None and not rating.done:
            self.follow_up_requested.emit(rating)


def follow_up_dialog(
    parent: QWidget, rating: NegativeRating, save: Callable[[str], object]
) -> FormDialog:
    dialog = FormDialog(translate("ManagerSupervision", "登记差评整改回访"), parent)
    about = QLabel(
        translate("ManagerSupervision", "{0} {1}：{2}（整改期限 {3}）").format(
            rating.ticket_number or "",
            rating.score.label,
            "、".join(rating.reasons) or translate("ManagerSupervision", "未选原因"),
            ymd(rating.due_date),
        )
    )
    about.setWordWrap(True)
    dialog.form.addRow(about)
    note = QPlainTextEdit()
    note.setPlaceholderText(
        translate(
            "ManagerSupervision", "例如：已电话回访申请人，说明原因并致歉；已调整高峰时段窗口。"
        )
    )
    note.setMinimumHeight(100)
    dialog.add_field("follow_up_note", translate("ManagerSupervision", "整改与回复情况"), note)
    dialog.note = note  # type: ignore[attr-defined]
    dialog.save = lambda: save(note.toPlainText())
    return dialog
