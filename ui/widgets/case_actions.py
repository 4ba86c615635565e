"""What happens to a case after intake, one small dialog per action (开始办理, 记录环节, 特别程序,
中止/恢复, 延长, 办结, 送达, 撤回, 作废, 补正材料已收), and the decisions on an application not yet
accepted: on materials taken in (收件) 受理, 告知补正 or 不予受理, within the office's 5 working
days (past them 受理 records the acceptance from receipt the law gives); on a case waiting for
supplements 不予受理 or, after the applicant's deadline, 终止办理 (with its notice) — 补正已收 then
takes the supplements as a new application.

Each dialog is a `FormDialog`: OK runs the one service call; a refusal is marked next to its field
and the dialog stays open with everything typed. Every call carries the version of the case the
dialog was opened on (`expected_version`): a case another PC changed meanwhile is refused
(`CaseChanged`, which the case view answers by showing the case as it now is). `ACTIONS` lists them in the order the case view
shows its buttons; `enabled(action, case)` follows the case state machine (app/domain/case.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app import clock
from app.domain.case import CaseAction, can
from app.domain.codes import CaseStatus, CompletionResult, DeliveryMethod, MaterialReceiveMode
from app.domain.decisions import RejectionGround
from app.domain.extensions import EXPECTED_DAYS_MAX, SPECIAL_PROCEDURES
from app.domain.intake_deadlines import (
    APPLICANT_SUPPLEMENT_WORKING_DAYS,
    applicant_supplement_due,
    past,
)
from app.errors import HallDeskError
from app.services import calendar as calendar_service
from app.services import intake
from app.services.intake import CaseDetail, ReceivedMaterial
from ui.widgets.admin_dialogs import FormDialog

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


@dataclass(frozen=True)
class ActionSpec:
    action: CaseAction
    name: str  # object name of the button
    label: str
    build: Callable[..., FormDialog]


def _text(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(widget)


def _memo(height: int = 72) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setFixedHeight(height)
    return edit


def _combo(choices: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _me(ctx) -> str | None:
    """The default handler: the clerk's own name (the service falls back to the username)."""
    return ctx.user.full_name if ctx.user else None


class CaseActionDialog(FormDialog):
    """A FormDialog that grows when a refusal's message appears: a word-wrapped label does not make
    a window taller by itself, so a long message would overlap the fields."""

    def refused(self, error: HallDeskError) -> None:
        super().refused(error)
        if self.isVisible():
            layout = self.layout()
            layout.activate()
            wanted = layout.totalHeightForWidth(self.width())
            if wanted > self.height():
                self.resize(self.width(), wanted)


def _dialog(title: str, ok: str, case: CaseDetail, parent: QWidget | None) -> FormDialog:
    dialog = CaseActionDialog(title, parent)
    dialog.setObjectName("case_action_dialog")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).setText(ok)
    heading = QLabel(f"{case.case_no} · {case.item_name} · {case.applicant_name}")
    heading.setObjectName("case_heading")
    heading.setWordWrap(True)
    heading.setStyleSheet("color: #555;")
    dialog.form.addRow(heading)
    return dialog


def _save_with(
    d: FormDialog, ctx, case: CaseDetail, service: Callable[..., CaseDetail], /, **fields: Callable
) -> None:
    """The dialog's reader: on OK, `service` on this case at the version the clerk saw, with each
    field's value read from the form (`fields`: name → a function that reads it)."""
    d.save = lambda: partial(
        service,
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        **{name: read() for name, read in fields.items()},
    )


def start_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog(
        translate("CaseActions", "开始办理"), translate("CaseActions", "开始办理"), case, parent
    )
    handler = d.add_field("handler", translate("CaseActions", "承办人"), QLineEdit())
    handler.setPlaceholderText(ctx.user.full_name if ctx.user else "")
    _save_with(d, ctx, case, intake.start_processing, handler=lambda: handler.text() or _me(ctx))
    return d


def step_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog(
        translate("CaseActions", "记录办理环节"), translate("CaseActions", "记录"), case, parent
    )
    name = d.add_field("step_name", translate("CaseActions", "环节名称"), QLineEdit())
    name.setPlaceholderText(translate("CaseActions", "例如：审查、决定、现场核查"))
    action = d.add_field(
        "action", translate("CaseActions", "处理结果"), _combo(list(intake.STEP_ACTIONS.items()))
    )
    handler = d.add_field("handler", translate("CaseActions", "经办人"), QLineEdit())
    handler.setPlaceholderText(ctx.user.full_name if ctx.user else "")
    opinion = d.add_field("opinion", translate("CaseActions", "办理意见"), _memo())
    _save_with(
        d,
        ctx,
        case,
        intake.record_step,
        step_name=name.text,
        action=action.currentData,
        handler=lambda: handler.text() or _me(ctx),
        opinion=opinion.toPlainText,
    )
    return d


def begin_special_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """特别程序 (行政许可法 §45): which one, why, and how long it is expected to take in working
    days (the date it comes to is shown as the clerk types); the 特别程序告知书 follows."""
    d = _dialog(
        translate("CaseActions", "进入特别程序"),
        translate("CaseActions", "开始特别程序"),
        case,
        parent,
    )
    note = QLabel(
        translate(
            "CaseActions",
            "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入办理期限，"
            "办理期限从今天起暂停；所需时间将以特别程序告知书书面告知申请人。",
        )
    )
    note.setWordWrap(True)
    d.form.addRow(note)
    kind = d.add_field(
        "kind", translate("CaseActions", "特别程序"), _combo(list(SPECIAL_PROCEDURES.items()))
    )
    reason = d.add_field("reason", translate("CaseActions", "事由"), _memo())
    days = QSpinBox()
    days.setRange(0, EXPECTED_DAYS_MAX)
    days.setSuffix(translate("CaseActions", " 个工作日"))
    # 0: not chosen yet; the service names the field
    days.setSpecialValueText(translate("CaseActions", "请填写"))
    d.add_field("expected_working_days", translate("CaseActions", "预计所需时间"), days)
    ends = QLabel()
    ends.setObjectName("expected_end")
    d.form.addRow("", ends)
    today = clock.in_hall(clock.utcnow()).date()
    calendars: list = []  # the working calendar, once read (the end date is shown from then on)

    def show_end() -> None:
        if not calendars or not days.value():
            ends.setText("")
            return
        end = calendars[0].add_working_days(today, days.value()).day
        ends.setText(
            translate("CaseActions", "预计 {0} 结束（{1}年{2}月{3}日）").format(
                end.isoformat(), end.year, end.month, end.day
            )
        )

    def calendar_read(work) -> None:
        calendars.append(work)
        show_end()

    days.valueChanged.connect(show_end)
    # Without the calendar only the preview of the end is missing: a failure is not shown here.
    ctx.runner.submit(lambda: calendar_service.work_calendar(ctx.db), calendar_read)
    _save_with(
        d,
        ctx,
        case,
        intake.begin_special_procedure,
        kind=kind.currentData,
        expected_working_days=lambda: days.value() or None,
        reason=reason.toPlainText,
    )
    return d


def end_special_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog(
        translate("CaseActions", "特别程序结束"),
        translate("CaseActions", "结束特别程序"),
        case,
        parent,
    )
    opinion = d.add_field("opinion", translate("CaseActions", "结论"), _memo())
    _save_with(
        d, ctx, case, intake.end_special_procedure, opinion=lambda: opinion.toPlainText() or None
    )
    return d


def _reason_dialog(title: str, ok: str, call, note: str = ""):
    """A dialog asking only for the reason; `title`, `ok` and `note` are marked with
    QT_TRANSLATE_NOOP("CaseActions", …) where they are written."""

    def build(ctx, case: CaseDetail, parent=None) -> FormDialog:
        d = _dialog(translate("CaseActions", title), translate("CaseActions", ok), case, parent)
        if note:
            label = QLabel(translate("CaseActions", note))
            label.setWordWrap(True)
            d.form.addRow(label)
        reason = d.add_field("reason", translate("CaseActions", "理由"), _memo())
        _save_with(d, ctx, case, call, reason=reason.toPlainText)
        return d

    return build


def extend_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """延长 (行政许可法 §42): the reason and the 负责人 who approved it; refused on the service's
    side once the legal deadline has passed, a second time, or for an item that allows none.
    The 延期告知书 follows."""
    d = _dialog(
        translate("CaseActions", "延长办理期限"), translate("CaseActions", "延长"), case, parent
    )
    legal = case.legal_due_date.isoformat() if case.legal_due_date else "—"
    promised = case.promised_date.isoformat() if case.promised_date else "—"
    if case.extension_limit_days:
        text = translate(
            "CaseActions",
            "法定办结日期 {0}，承诺办结日期 {1}。经本机关负责人批准，可延长 {2} 个工作日，以一次为限；须在法定期限届满前（含届满当日）决定。延期告知书将打印交申请人。",
        ).format(legal, promised, case.extension_limit_days)
    else:
        text = translate("CaseActions", "本事项依法不能延长办理期限（事项目录中可延长时限为 0）。")
    note = QLabel(text)
    note.setObjectName("extension_rule")
    note.setWordWrap(True)
    d.form.addRow(note)
    reason = d.add_field("reason", translate("CaseActions", "延长理由"), _memo())
    reason.setPlaceholderText(
        translate("CaseActions", "写明不能在法定期限内作出决定的原因，将告知申请人")
    )
    approver = d.add_field("approver", translate("CaseActions", "批准负责人"), QLineEdit())
    approver.setPlaceholderText(translate("CaseActions", "批准延长的本机关负责人姓名"))
    title = d.add_field("approver_title", translate("CaseActions", "负责人职务"), QLineEdit())
    title.setPlaceholderText(translate("CaseActions", "如：局长、副局长（印在延期告知书上）"))
    _save_with(
        d,
        ctx,
        case,
        intake.extend,
        reason=reason.toPlainText,
        approver=approver.text,
        approver_title=title.text,
    )
    return d


def resume_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog(
        translate("CaseActions", "恢复办理"), translate("CaseActions", "恢复办理"), case, parent
    )
    since = case.clock_paused_since.isoformat() if case.clock_paused_since else "—"
    label = QLabel(
        translate(
            "CaseActions", "办件自 {0} 中止；恢复后办理期限继续计算，承诺办结日期顺延。"
        ).format(since)
    )
    label.setWordWrap(True)
    d.form.addRow(label)
    d.save = lambda: partial(
        intake.resume, ctx.db, ctx.actor, case.id, expected_version=case.data_version
    )
    return d


def complete_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """办结: the result in the item's own words (准予行政许可, 准予登记 …). A denial asks for its
    reasons and legal basis; the remedies come from the department (行政许可法 §38)."""
    d = _dialog(translate("CaseActions", "办结"), translate("CaseActions", "办结"), case, parent)
    words = case.wording
    result = d.add_field(
        "result",
        translate("CaseActions", "办理结果"),
        _combo(
            [
                (CompletionResult.GRANTED.value, words.granted),
                (CompletionResult.DENIED.value, words.denied),
            ]
        ),
    )
    certificate_name = d.add_field(
        "certificate_name", translate("CaseActions", "证照名称"), QLineEdit()
    )
    certificate_no = d.add_field(
        "certificate_no", translate("CaseActions", "证照编号"), QLineEdit()
    )
    fee = d.add_field("fee_amount", translate("CaseActions", "收费金额（元）"), QLineEdit())
    fee.setPlaceholderText(case.item_fee or translate("CaseActions", "不收费留空或填 0"))
    reason = d.add_field(
        "denial_reason", translate("CaseActions", "{0}理由").format(words.denied), _memo(64)
    )
    reason.setPlaceholderText(translate("CaseActions", "每条理由一行，写明不符合的条件、标准"))
    basis = d.add_field("decision_basis", translate("CaseActions", "法律依据"), QLineEdit())
    basis.setPlaceholderText(
        translate(
            "CaseActions", "法律法规名称和条款，如《中华人民共和国行政许可法》第三十八条第二款"
        )
    )
    handler = d.add_field("handler", translate("CaseActions", "办结人"), QLineEdit())
    handler.setPlaceholderText(ctx.user.full_name if ctx.user else "")
    mailed = d.add_field(
        "mailed",
        translate("CaseActions", "结果送达"),
        QCheckBox(translate("CaseActions", "结果邮寄给申请人")),
    )
    override = None
    if case.gap_materials:  # 容缺 not all in: no grant, unless the hall's manager says why
        names = "、".join(f"“{m.name}”" for m in case.gap_materials)
        warning = QLabel(
            translate(
                "CaseActions",
                "容缺材料{0}尚未补交，不能准予办结。请先“容缺补交”；确需先行办结的，由大厅负责人（管理员账号）填写理由。",
            ).format(names)
        )
        warning.setObjectName("gap_warning")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b71c1c;")
        d.form.addRow(warning)
        override = d.add_field(
            "gap_override_reason", translate("CaseActions", "先行办结理由"), _memo(56)
        )

    def result_changed() -> None:
        denied = result.currentData() == CompletionResult.DENIED.value
        for widget in (reason, basis):
            widget.setEnabled(denied)  # asked for a denial only; what was typed stays
        for widget in (certificate_name, certificate_no):
            widget.setEnabled(not denied)

    result.currentIndexChanged.connect(result_changed)
    result_changed()
    _save_with(
        d,
        ctx,
        case,
        intake.complete,
        result=result.currentData,
        certificate_name=lambda: certificate_name.text() if certificate_name.isEnabled() else None,
        certificate_no=lambda: certificate_no.text() if certificate_no.isEnabled() else None,
        fee_amount=lambda: fee.text().strip() or None,
        handler=lambda: handler.text() or _me(ctx),
        mailed=mailed.isChecked,
        denial_reason=reason.toPlainText,
        basis=basis.text,
        gap_override_reason=lambda: override.toPlainText() if override is not None else None,
    )
    return d


def deliver_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog(translate("CaseActions", "送达"), translate("CaseActions", "送达"), case, parent)
    method = d.add_field(
        "method", translate("CaseActions", "送达方式"), _combo(DeliveryMethod.choices())
    )
    if case.result_mailed:
        method.setCurrentIndex(method.findData(DeliveryMethod.MAIL.value))
    note = d.add_field("note", translate("CaseActions", "快递单号 / 说明"), QLineEdit())
    note.setPlaceholderText(translate("CaseActions", "邮寄送达必填快递单号"))
    _save_with(d, ctx, case, intake.deliver, method=method.currentData, note=note.text)
    return d


def _note(d: FormDialog, text: str, name: str = "action_note") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    d.form.addRow(label)
    return label


def _today() -> date:
    return clock.today()  # the hall's day (app.clock.set_hall_zone)


def supplements_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """补正已收: within the applicant's deadline the case is accepted from today; after it the
    supplements are not taken into the old application silently: this dialog then accepts them as
    a new application (the old one ended), or the clerk cancels and uses 终止办理."""
    late = past(case.supplement_due_date, _today())
    if late:
        d = _dialog(
            translate("CaseActions", "补正期限已过：按新申请受理"),
            translate("CaseActions", "按新申请受理"),
            case,
            parent,
        )
        _note(
            d,
            translate(
                "CaseActions",
                "补正期限 {0:%Y-%m-%d} 已过，补交的材料不能按原申请受理。按新申请受理：原申请终止，原已收材料和今天补交的材料作为新申请，今天受理（新的办件编号和查询密码，打印新的受理通知书）。不按新申请办理的，请取消并选“终止办理”。",
            ).format(case.supplement_due_date),
        )
    else:
        d = _dialog(
            translate("CaseActions", "补正材料已收"),
            translate("CaseActions", "收齐并受理"),
            case,
            parent,
        )
        _note(
            d,
            translate(
                "CaseActions",
                "勾选申请人补交的材料（空格键勾选）。收齐全部必要材料后办件自今天起受理。",
            ),
            "supplements_note",
        )
    materials = QListWidget()
    for m in case.materials:
        if m.received and not m.defect:
            continue
        what = (
            translate("CaseActions", "不符合要求：{0}").format(m.defect)
            if m.defect
            else (
                translate("CaseActions", "必要") if m.required else translate("CaseActions", "可选")
            )
        )
        entry = QListWidgetItem(f"{m.name}（{what}）")
        entry.setData(Qt.ItemDataRole.UserRole, m.id)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        wanted = m.required or bool(m.defect)
        entry.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        materials.addItem(entry)
    materials.setMinimumHeight(120)
    d.add_field("materials", translate("CaseActions", "补交材料"), materials)
    mode = d.add_field(
        "mode", translate("CaseActions", "收取方式"), _combo(MaterialReceiveMode.choices())
    )

    def save() -> CaseDetail:
        received = [
            ReceivedMaterial(materials.item(i).data(Qt.ItemDataRole.UserRole), mode.currentData())
            for i in range(materials.count())
            if materials.item(i).checkState() == Qt.CheckState.Checked
        ]
        if late:
            session = ctx.counter_session
            return partial(
                intake.accept_anew,
                ctx.db,
                ctx.actor,
                case.id,
                received,
                expected_version=case.data_version,
                counter_id=session.counter_id if session else None,
            )
        return partial(
            intake.supplements_received,
            ctx.db,
            ctx.actor,
            case.id,
            received,
            expected_version=case.data_version,
        )

    d.save = save
    return d


def gap_in_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """容缺材料补交: tick what the applicant handed in (late ones are recorded as late)."""
    d = _dialog(
        translate("CaseActions", "容缺材料补交"), translate("CaseActions", "登记补交"), case, parent
    )
    note = QLabel(
        translate(
            "CaseActions",
            "勾选申请人补交的容缺材料（空格键勾选）。容缺材料全部补齐后才能准予办结。",
        )
    )
    note.setWordWrap(True)
    d.form.addRow(note)
    materials = QListWidget()
    for m in case.gap_materials:
        due = (
            translate("CaseActions", "，{0} 前补交").format(m.gap_due_date.isoformat())
            if m.gap_due_date
            else ""
        )
        entry = QListWidgetItem(translate("CaseActions", "{0}（容缺{1}）").format(m.name, due))
        entry.setData(Qt.ItemDataRole.UserRole, m.id)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked)
        materials.addItem(entry)
    materials.setMinimumHeight(100)
    d.add_field("materials", translate("CaseActions", "补交材料"), materials)
    mode = d.add_field(
        "mode", translate("CaseActions", "收取方式"), _combo(MaterialReceiveMode.choices())
    )

    def save() -> CaseDetail:
        received = [
            ReceivedMaterial(materials.item(i).data(Qt.ItemDataRole.UserRole), mode.currentData())
            for i in range(materials.count())
            if materials.item(i).checkState() == Qt.CheckState.Checked
        ]
        return partial(
            intake.gap_materials_received,
            ctx.db,
            ctx.actor,
            case.id,
            received,
            expected_version=case.data_version,
        )

    d.save = save
    return d


def _decision_days(case: CaseDetail) -> str:
    due = case.decision_due_date
    return (
        translate("CaseActions", "收件后 5 个工作日内（至 {0:%Y-%m-%d}）").format(due)
        if due
        else translate("CaseActions", "收件后 5 个工作日内")
    )


def accept_received_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """受理 of materials taken in; past the 5 working days it records the acceptance from
    receipt (视为受理) that the law gives, whatever the materials."""
    d = _dialog(translate("CaseActions", "受理"), translate("CaseActions", "受理"), case, parent)
    if past(case.decision_due_date, _today()):
        _note(
            d,
            translate(
                "CaseActions",
                "{0}未作决定：依法自收件之日（{1:%Y-%m-%d}）起视为受理，办理期限从收件之日起计算。确定后登记受理并打印受理通知书。",
            ).format(_decision_days(case), clock.in_hall(case.applied_at)),
        )
    else:
        _note(
            d,
            translate(
                "CaseActions", "材料齐全、符合法定形式的，自今天起受理。本机关须于{0}作出决定。"
            ).format(_decision_days(case)),
        )
    d.save = lambda: partial(
        intake.accept_received, ctx.db, ctx.actor, case.id, expected_version=case.data_version
    )
    return d


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def request_supplements_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """一次性告知补正 on materials taken in: the missing required materials are listed by
    themselves; the clerk writes what is wrong with each received material that is defective; the
    applicant's deadline is a date of its own (default 15 working days)."""
    d = _dialog(
        translate("CaseActions", "一次性告知补正"),
        translate("CaseActions", "告知补正"),
        case,
        parent,
    )
    _note(
        d,
        translate(
            "CaseActions",
            "本机关须于{0}告知；申请人的补正期限另行确定，默认 {1} 个工作日。未收到的必要材料自动列入告知书；已收但不符合要求的，在下面写明问题（不写即为符合要求）。",
        ).format(_decision_days(case), APPLICANT_SUPPLEMENT_WORKING_DAYS),
    )
    absent = [m.name for m in case.materials if m.missing]
    _note(
        d,
        translate("CaseActions", "未收到的必要材料：{0}").format(
            "、".join(absent) or translate("CaseActions", "无")
        ),
        "absent_materials",
    )
    defects: dict[int, QLineEdit] = {}
    for m in case.materials:
        if not m.received:
            continue
        edit = QLineEdit(m.defect or "")
        edit.setPlaceholderText(
            translate("CaseActions", "符合要求；不符合的写明问题，如：未加盖公章")
        )
        defects[m.id] = d.add_field(f"defect_{m.id}", m.name, edit)
    due = d.add_field(
        "supplement_due_date", translate("CaseActions", "申请人补正期限"), _date_edit(_today())
    )
    ok = d.buttons.button(d.buttons.StandardButton.Ok)
    ok.setEnabled(False)  # until the default period is known (it counts working days)

    def calendar_read(work) -> None:
        day = applicant_supplement_due(work, _today()).day
        due.setDate(QDate(day.year, day.month, day.day))
        ok.setEnabled(True)

    ctx.runner.operation(
        lambda: calendar_service.work_calendar(ctx.db), calendar_read, d.errors.show
    )

    def save() -> CaseDetail:
        day = due.date()
        return partial(
            intake.request_supplements_received,
            ctx.db,
            ctx.actor,
            case.id,
            expected_version=case.data_version,
            due_date=date(day.year(), day.month(), day.day()),
            defects={mid: edit.text() for mid, edit in defects.items()},
        )

    d.save = save
    return d


def reject_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """不予受理 of a case taken in or waiting for supplements: the ground fills in its clause, as
    on the intake form; the remedies come from the department."""
    d = _dialog(
        translate("CaseActions", "不予受理"), translate("CaseActions", "不予受理"), case, parent
    )
    if case.status == CaseStatus.RECEIVED:
        _note(
            d,
            translate(
                "CaseActions", "本机关须于{0}作出决定；逾期视为受理，不能再不予受理。"
            ).format(_decision_days(case)),
        )
    ground = d.add_field(
        "rejection_ground",
        translate("CaseActions", "不予受理情形"),
        _combo(RejectionGround.choices()),
    )
    reason = d.add_field("rejection_reason", translate("CaseActions", "理由"), QLineEdit())
    body = d.add_field("competent_body", translate("CaseActions", "有权处理的机关"), QLineEdit())
    basis = d.add_field("decision_basis", translate("CaseActions", "法律依据"), QLineEdit())

    def ground_changed() -> None:
        chosen = RejectionGround(ground.currentData())
        other = chosen == RejectionGround.OTHER
        reason.setPlaceholderText(
            translate("CaseActions", "不予受理的理由") if other else chosen.reason
        )
        basis.setPlaceholderText(
            translate("CaseActions", "法律法规名称和条款，如《不动产登记暂行条例》第二十二条")
            if other
            else chosen.basis
        )

    ground.currentIndexChanged.connect(ground_changed)
    ground_changed()
    _save_with(
        d,
        ctx,
        case,
        intake.reject_received,
        reason=reason.text,
        ground=ground.currentData,
        basis=basis.text,
        competent_body=body.text,
    )
    return d


def terminate_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """终止办理 after the applicant's supplement deadline, with the 终止办理通知书."""
    d = _dialog(
        translate("CaseActions", "终止办理"), translate("CaseActions", "终止办理"), case, parent
    )
    due = case.supplement_due_date
    _note(
        d,
        translate(
            "CaseActions",
            "补正期限 {0:%Y-%m-%d} 已过，申请人未补正全部材料。终止后办件结束，打印终止办理通知书（列明未补正的材料、理由和复议、诉讼途径），申请人可以重新申请。",
        ).format(due)
        if due
        else translate("CaseActions", "申请人未补正全部材料。终止后办件结束，打印终止办理通知书。"),
    )
    reason = d.add_field("reason", translate("CaseActions", "理由"), _memo(64))
    if due:
        reason.setPlaceholderText(
            translate(
                "CaseActions", "不填即为：申请人未在补正期限（{0}年{1}月{2}日前）内补正全部材料"
            ).format(due.year, due.month, due.day)
        )
    basis = d.add_field(
        "decision_basis", translate("CaseActions", "法律依据（可不填）"), QLineEdit()
    )
    basis.setPlaceholderText(translate("CaseActions", "有明确依据的写明法规名称和条款"))
    _save_with(d, ctx, case, intake.terminate, reason=reason.toPlainText, basis=basis.text)
    return d


ACTIONS: list[ActionSpec] = [
    ActionSpec(
        CaseAction.SUPPLEMENTS_IN,
        "supplements_in",
        QT_TRANSLATE_NOOP("CaseActions", "补正已收"),
        supplements_dialog,
    ),
    ActionSpec(
        CaseAction.ACCEPT,
        "accept",
        QT_TRANSLATE_NOOP("CaseActions", "受理"),
        accept_received_dialog,
    ),
    ActionSpec(
        CaseAction.REQUEST_SUPPLEMENT,
        "request_supplement",
        QT_TRANSLATE_NOOP("CaseActions", "告知补正"),
        request_supplements_dialog,
    ),
    ActionSpec(
        CaseAction.REJECT, "reject", QT_TRANSLATE_NOOP("CaseActions", "不予受理"), reject_dialog
    ),
    ActionSpec(
        CaseAction.TERMINATE,
        "terminate",
        QT_TRANSLATE_NOOP("CaseActions", "终止办理"),
        terminate_dialog,
    ),
    ActionSpec(
        CaseAction.START, "start", QT_TRANSLATE_NOOP("CaseActions", "开始办理"), start_dialog
    ),
    ActionSpec(CaseAction.STEP, "step", QT_TRANSLATE_NOOP("CaseActions", "记录环节"), step_dialog),
    ActionSpec(
        CaseAction.GAP_IN, "gap_in", QT_TRANSLATE_NOOP("CaseActions", "容缺补交"), gap_in_dialog
    ),
    ActionSpec(
        CaseAction.BEGIN_SPECIAL,
        "begin_special",
        QT_TRANSLATE_NOOP("CaseActions", "特别程序"),
        begin_special_dialog,
    ),
    ActionSpec(
        CaseAction.END_SPECIAL,
        "end_special",
        QT_TRANSLATE_NOOP("CaseActions", "结束特别程序"),
        end_special_dialog,
    ),
    ActionSpec(
        CaseAction.SUSPEND,
        "suspend",
        QT_TRANSLATE_NOOP("CaseActions", "中止"),
        _reason_dialog(
            QT_TRANSLATE_NOOP("CaseActions", "中止办理"),
            QT_TRANSLATE_NOOP("CaseActions", "中止"),
            intake.suspend,
            QT_TRANSLATE_NOOP("CaseActions", "中止期间办理期限暂停计算。"),
        ),
    ),
    ActionSpec(
        CaseAction.RESUME, "resume", QT_TRANSLATE_NOOP("CaseActions", "恢复办理"), resume_dialog
    ),
    ActionSpec(
        CaseAction.EXTEND, "extend", QT_TRANSLATE_NOOP("CaseActions", "延长期限"), extend_dialog
    ),
    ActionSpec(
        CaseAction.COMPLETE, "complete", QT_TRANSLATE_NOOP("CaseActions", "办结"), complete_dialog
    ),
    ActionSpec(
        CaseAction.DELIVER, "deliver", QT_TRANSLATE_NOOP("CaseActions", "送达"), deliver_dialog
    ),
    ActionSpec(
        CaseAction.WITHDRAW,
        "withdraw",
        QT_TRANSLATE_NOOP("CaseActions", "撤回"),
        _reason_dialog(
            QT_TRANSLATE_NOOP("CaseActions", "申请人撤回"),
            QT_TRANSLATE_NOOP("CaseActions", "撤回"),
            intake.withdraw,
            QT_TRANSLATE_NOOP("CaseActions", "撤回后办件终止，不能恢复。"),
        ),
    ),
    ActionSpec(
        CaseAction.VOID,
        "void",
        QT_TRANSLATE_NOOP("CaseActions", "作废"),
        _reason_dialog(
            QT_TRANSLATE_NOOP("CaseActions", "作废办件"),
            QT_TRANSLATE_NOOP("CaseActions", "作废"),
            intake.void,
            QT_TRANSLATE_NOOP("CaseActions", "仅用于误录的办件；作废后不能恢复。"),
        ),
    ),
]


def enabled(action: CaseAction, case: CaseDetail) -> bool:
    """Whether the button is offered for the case as it is now."""
    if not can(case.status, action):
        return False
    if action == CaseAction.EXTEND:
        return not case.extension_days
    if action == CaseAction.GAP_IN:
        return bool(case.gap_materials)
    if action == CaseAction.ACCEPT:  # from needs_supplement it is 补正已收
        return case.status == CaseStatus.RECEIVED
    if action == CaseAction.TERMINATE:
        return past(case.supplement_due_date, _today())
    return True


def why_not(action: CaseAction, case: CaseDetail) -> str:
    """The tooltip of a button the state machine allows but its rule does not, yet."""
    if action == CaseAction.TERMINATE and case.supplement_due_date:
        return translate("CaseActions", "补正期限 {0:%Y-%m-%d} 届满后才能终止").format(
            case.supplement_due_date
        )
    return ""


# Actions after which the case's new notices are printed at once.
PRINTS_AFTER = frozenset(
    {
        CaseAction.SUPPLEMENTS_IN,
        CaseAction.COMPLETE,
        CaseAction.ACCEPT,
        CaseAction.REQUEST_SUPPLEMENT,
        CaseAction.REJECT,
        CaseAction.TERMINATE,
    }
)
