"""What happens to a case after intake, one small dialog per action (开始办理, 记录环节, 特别程序,
中止/恢复, 延长, 办结, 送达, 撤回, 作废, 补正材料已收).

Each dialog is a `FormDialog`: OK runs the one service call; a refusal is marked next to its field
and the dialog stays open with everything typed. Every call carries the version of the case the
dialog was opened on (`expected_version`): a case another PC changed meanwhile is refused
(`CaseChanged`, which the case view answers by showing the case as it now is). `ACTIONS` lists them in the order the case view
shows its buttons; `enabled(action, case)` follows the case state machine (app/domain/case.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from app.domain.codes import CompletionResult, DeliveryMethod, MaterialReceiveMode
from app.domain.extensions import EXPECTED_DAYS_MAX, SPECIAL_PROCEDURES
from app.errors import HallDeskError
from app.services import calendar as calendar_svc
from app.services import intake
from app.services.intake import CaseDetail, ReceivedMaterial
from ui.widgets.admin_dialogs import FormDialog


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

    def _save(self) -> None:
        super()._save()
        if self.result_value is None and self.isVisible():
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


def start_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog("开始办理", "开始办理", case, parent)
    handler = d.add_field("handler", "承办人", QLineEdit())
    handler.setPlaceholderText(ctx.user.full_name if ctx.user else "")
    d.save = lambda: intake.start_processing(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        handler=handler.text() or _me(ctx),
    )
    return d


def step_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog("记录办理环节", "记录", case, parent)
    name = d.add_field("step_name", "环节名称", QLineEdit())
    name.setPlaceholderText("例如：审查、决定、现场核查")
    action = d.add_field("action", "处理结果", _combo(list(intake.STEP_ACTIONS.items())))
    handler = d.add_field("handler", "经办人", QLineEdit())
    handler.setPlaceholderText(ctx.user.full_name if ctx.user else "")
    opinion = d.add_field("opinion", "办理意见", _memo())
    d.save = lambda: intake.record_step(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        step_name=name.text(),
        action=action.currentData(),
        handler=handler.text() or _me(ctx),
        opinion=opinion.toPlainText(),
    )
    return d


def begin_special_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """特别程序 (行政许可法 §45): which one, why, and how long it is expected to take in working
    days (the date it comes to is shown as the clerk types); the 特别程序告知书 follows."""
    d = _dialog("进入特别程序", "开始特别程序", case, parent)
    note = QLabel(
        "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入办理期限，"
        "办理期限从今天起暂停；所需时间将以特别程序告知书书面告知申请人。"
    )
    note.setWordWrap(True)
    d.form.addRow(note)
    kind = d.add_field("kind", "特别程序", _combo(list(SPECIAL_PROCEDURES.items())))
    reason = d.add_field("reason", "事由", _memo())
    days = QSpinBox()
    days.setRange(0, EXPECTED_DAYS_MAX)
    days.setSuffix(" 个工作日")
    days.setSpecialValueText("请填写")  # 0: not chosen yet; the service names the field
    d.add_field("expected_working_days", "预计所需时间", days)
    ends = QLabel()
    ends.setObjectName("expected_end")
    d.form.addRow("", ends)
    try:
        work = calendar_svc.work_calendar(ctx.db)
    except HallDeskError:
        work = None
    today = clock.in_hall(clock.utcnow()).date()

    def show_end() -> None:
        if work is None or not days.value():
            ends.setText("")
            return
        end = work.add_working_days(today, days.value()).day
        ends.setText(f"预计 {end.isoformat()} 结束（{end.year}年{end.month}月{end.day}日）")

    days.valueChanged.connect(show_end)
    show_end()
    d.save = lambda: intake.begin_special_procedure(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        kind=kind.currentData(),
        expected_working_days=days.value() or None,
        reason=reason.toPlainText(),
    )
    return d


def end_special_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog("特别程序结束", "结束特别程序", case, parent)
    opinion = d.add_field("opinion", "结论", _memo())
    d.save = lambda: intake.end_special_procedure(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        opinion=opinion.toPlainText() or None,
    )
    return d


def _reason_dialog(title: str, ok: str, call, note: str = ""):
    def build(ctx, case: CaseDetail, parent=None) -> FormDialog:
        d = _dialog(title, ok, case, parent)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            d.form.addRow(label)
        reason = d.add_field("reason", "理由", _memo())
        d.save = lambda: call(
            ctx.db,
            ctx.actor,
            case.id,
            expected_version=case.data_version,
            reason=reason.toPlainText(),
        )
        return d

    return build


def extend_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """延长 (行政许可法 §42): the reason and the 负责人 who approved it; refused on the service's
    side once the legal deadline has passed, a second time, or for an item that allows none.
    The 延期告知书 follows."""
    d = _dialog("延长办理期限", "延长", case, parent)
    legal = case.legal_due_date.isoformat() if case.legal_due_date else "—"
    promised = case.promised_date.isoformat() if case.promised_date else "—"
    if case.extension_limit_days:
        text = (
            f"法定办结日期 {legal}，承诺办结日期 {promised}。"
            f"经本机关负责人批准，可延长 {case.extension_limit_days} 个工作日，以一次为限；"
            "须在法定期限届满前（含届满当日）决定。延期告知书将打印交申请人。"
        )
    else:
        text = "本事项依法不能延长办理期限（事项目录中可延长时限为 0）。"
    note = QLabel(text)
    note.setObjectName("extension_rule")
    note.setWordWrap(True)
    d.form.addRow(note)
    reason = d.add_field("reason", "延长理由", _memo())
    reason.setPlaceholderText("写明不能在法定期限内作出决定的原因，将告知申请人")
    approver = d.add_field("approver", "批准负责人", QLineEdit())
    approver.setPlaceholderText("批准延长的本机关负责人姓名")
    title = d.add_field("approver_title", "负责人职务", QLineEdit())
    title.setPlaceholderText("如：局长、副局长（印在延期告知书上）")
    d.save = lambda: intake.extend(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        reason=reason.toPlainText(),
        approver=approver.text(),
        approver_title=title.text(),
    )
    return d


def resume_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog("恢复办理", "恢复办理", case, parent)
    since = case.clock_paused_since.isoformat() if case.clock_paused_since else "—"
    label = QLabel(f"办件自 {since} 中止；恢复后办理期限继续计算，承诺办结日期顺延。")
    label.setWordWrap(True)
    d.form.addRow(label)
    d.save = lambda: intake.resume(ctx.db, ctx.actor, case.id, expected_version=case.data_version)
    return d


def complete_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """办结: the result in the item's own words (准予行政许可, 准予登记 …). A denial asks for its
    reasons and legal basis; the remedies come from the department (行政许可法 §38)."""
    d = _dialog("办结", "办结", case, parent)
    words = case.wording
    result = d.add_field(
        "result",
        "办理结果",
        _combo(
            [
                (CompletionResult.GRANTED.value, words.granted),
                (CompletionResult.DENIED.value, words.denied),
            ]
        ),
    )
    certificate_name = d.add_field("certificate_name", "证照名称", QLineEdit())
    certificate_no = d.add_field("certificate_no", "证照编号", QLineEdit())
    fee = d.add_field("fee_amount", "收费金额（元）", QLineEdit())
    fee.setPlaceholderText(case.item_fee or "不收费留空或填 0")
    reason = d.add_field("denial_reason", f"{words.denied}理由", _memo(64))
    reason.setPlaceholderText("每条理由一行，写明不符合的条件、标准")
    basis = d.add_field("decision_basis", "法律依据", QLineEdit())
    basis.setPlaceholderText("法律法规名称和条款，如《中华人民共和国行政许可法》第三十八条第二款")
    handler = d.add_field("handler", "办结人", QLineEdit())
    handler.setPlaceholderText(ctx.user.full_name if ctx.user else "")
    mailed = d.add_field("mailed", "结果送达", QCheckBox("结果邮寄给申请人"))

    def result_changed() -> None:
        denied = result.currentData() == CompletionResult.DENIED.value
        for widget in (reason, basis):
            widget.setEnabled(denied)  # asked for a denial only; what was typed stays
        for widget in (certificate_name, certificate_no):
            widget.setEnabled(not denied)

    result.currentIndexChanged.connect(result_changed)
    result_changed()
    d.save = lambda: intake.complete(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        result=result.currentData(),
        certificate_name=certificate_name.text() if certificate_name.isEnabled() else None,
        certificate_no=certificate_no.text() if certificate_no.isEnabled() else None,
        fee_amount=fee.text().strip() or None,
        handler=handler.text() or _me(ctx),
        mailed=mailed.isChecked(),
        denial_reason=reason.toPlainText(),
        basis=basis.text(),
    )
    return d


def deliver_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog("送达", "送达", case, parent)
    method = d.add_field("method", "送达方式", _combo(DeliveryMethod.choices()))
    if case.result_mailed:
        method.setCurrentIndex(method.findData(DeliveryMethod.MAIL.value))
    note = d.add_field("note", "快递单号 / 说明", QLineEdit())
    note.setPlaceholderText("邮寄送达必填快递单号")
    d.save = lambda: intake.deliver(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        method=method.currentData(),
        note=note.text(),
    )
    return d


def supplements_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    d = _dialog("补正材料已收", "收齐并受理", case, parent)
    note = QLabel("勾选申请人补交的材料（空格键勾选）。收齐全部必要材料后办件自今天起受理。")
    note.setWordWrap(True)
    d.form.addRow(note)
    materials = QListWidget()
    for m in case.materials:
        if m.received:
            continue
        entry = QListWidgetItem(f"{m.name}（{'必要' if m.required else '可选'}）")
        entry.setData(Qt.ItemDataRole.UserRole, m.id)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked if m.required else Qt.CheckState.Unchecked)
        materials.addItem(entry)
    materials.setMinimumHeight(120)
    d.add_field("materials", "补交材料", materials)
    mode = d.add_field("mode", "收取方式", _combo(MaterialReceiveMode.choices()))

    def save() -> CaseDetail:
        received = [
            ReceivedMaterial(materials.item(i).data(Qt.ItemDataRole.UserRole), mode.currentData())
            for i in range(materials.count())
            if materials.item(i).checkState() == Qt.CheckState.Checked
        ]
        return intake.supplements_received(
            ctx.db, ctx.actor, case.id, received, expected_version=case.data_version
        )

    d.save = save
    return d


ACTIONS: list[ActionSpec] = [
    ActionSpec(CaseAction.SUPPLEMENTS_IN, "supplements_in", "补正已收", supplements_dialog),
    ActionSpec(CaseAction.START, "start", "开始办理", start_dialog),
    ActionSpec(CaseAction.STEP, "step", "记录环节", step_dialog),
    ActionSpec(CaseAction.BEGIN_SPECIAL, "begin_special", "特别程序", begin_special_dialog),
    ActionSpec(CaseAction.END_SPECIAL, "end_special", "结束特别程序", end_special_dialog),
    ActionSpec(
        CaseAction.SUSPEND,
        "suspend",
        "中止",
        _reason_dialog("中止办理", "中止", intake.suspend, "中止期间办理期限暂停计算。"),
    ),
    ActionSpec(CaseAction.RESUME, "resume", "恢复办理", resume_dialog),
    ActionSpec(CaseAction.EXTEND, "extend", "延长期限", extend_dialog),
    ActionSpec(CaseAction.COMPLETE, "complete", "办结", complete_dialog),
    ActionSpec(CaseAction.DELIVER, "deliver", "送达", deliver_dialog),
    ActionSpec(
        CaseAction.WITHDRAW,
        "withdraw",
        "撤回",
        _reason_dialog("申请人撤回", "撤回", intake.withdraw, "撤回后办件终止，不能恢复。"),
    ),
    ActionSpec(
        CaseAction.VOID,
        "void",
        "作废",
        _reason_dialog("作废办件", "作废", intake.void, "仅用于误录的办件；作废后不能恢复。"),
    ),
]


def enabled(action: CaseAction, case: CaseDetail) -> bool:
    """Whether the button is offered for the case as it is now."""
    if not can(case.status, action):
        return False
    if action == CaseAction.EXTEND:
        return not case.extension_days
    return True
