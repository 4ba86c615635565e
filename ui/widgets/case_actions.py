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
    QWidget,
)

from app.domain.case import CaseAction, can
from app.domain.codes import CompletionResult, DeliveryMethod, MaterialReceiveMode
from app.domain.workdays import EXTENSION_DAYS
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


def _dialog(title: str, ok: str, case: CaseDetail, parent: QWidget | None) -> FormDialog:
    dialog = FormDialog(title, parent)
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
    d = _dialog("进入特别程序", "开始特别程序", case, parent)
    note = QLabel("听证、检验、鉴定、专家评审期间不计入办理期限，办理期限从今天起暂停。")
    note.setWordWrap(True)
    d.form.addRow(note)
    kind = d.add_field("kind", "特别程序", _combo(list(intake.SPECIAL_PROCEDURES.items())))
    reason = d.add_field("reason", "事由", _memo())
    d.save = lambda: intake.begin_special_procedure(
        ctx.db,
        ctx.actor,
        case.id,
        expected_version=case.data_version,
        kind=kind.currentData(),
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
    override = None
    if case.gap_materials:  # 容缺 not all in: no grant, unless the hall's manager says why
        names = "、".join(f"“{m.name}”" for m in case.gap_materials)
        warning = QLabel(
            f"容缺材料{names}尚未补交，不能准予办结。请先“容缺补交”；"
            "确需先行办结的，由大厅负责人（管理员账号）填写理由。"
        )
        warning.setObjectName("gap_warning")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b71c1c;")
        d.form.addRow(warning)
        override = d.add_field("gap_override_reason", "先行办结理由", _memo(56))

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
        gap_override_reason=override.toPlainText() if override is not None else None,
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


def gap_in_dialog(ctx, case: CaseDetail, parent=None) -> FormDialog:
    """容缺材料补交: tick what the applicant handed in (late ones are recorded as late)."""
    d = _dialog("容缺材料补交", "登记补交", case, parent)
    note = QLabel("勾选申请人补交的容缺材料（空格键勾选）。容缺材料全部补齐后才能准予办结。")
    note.setWordWrap(True)
    d.form.addRow(note)
    materials = QListWidget()
    for m in case.gap_materials:
        due = f"，{m.gap_due_date.isoformat()} 前补交" if m.gap_due_date else ""
        entry = QListWidgetItem(f"{m.name}（容缺{due}）")
        entry.setData(Qt.ItemDataRole.UserRole, m.id)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        entry.setCheckState(Qt.CheckState.Checked)
        materials.addItem(entry)
    materials.setMinimumHeight(100)
    d.add_field("materials", "补交材料", materials)
    mode = d.add_field("mode", "收取方式", _combo(MaterialReceiveMode.choices()))

    def save() -> CaseDetail:
        received = [
            ReceivedMaterial(materials.item(i).data(Qt.ItemDataRole.UserRole), mode.currentData())
            for i in range(materials.count())
            if materials.item(i).checkState() == Qt.CheckState.Checked
        ]
        return intake.gap_materials_received(
            ctx.db, ctx.actor, case.id, received, expected_version=case.data_version
        )

    d.save = save
    return d


ACTIONS: list[ActionSpec] = [
    ActionSpec(CaseAction.SUPPLEMENTS_IN, "supplements_in", "补正已收", supplements_dialog),
    ActionSpec(CaseAction.START, "start", "开始办理", start_dialog),
    ActionSpec(CaseAction.STEP, "step", "记录环节", step_dialog),
    ActionSpec(CaseAction.GAP_IN, "gap_in", "容缺补交", gap_in_dialog),
    ActionSpec(CaseAction.BEGIN_SPECIAL, "begin_special", "特别程序", begin_special_dialog),
    ActionSpec(CaseAction.END_SPECIAL, "end_special", "结束特别程序", end_special_dialog),
    ActionSpec(
        CaseAction.SUSPEND,
        "suspend",
        "中止",
        _reason_dialog("中止办理", "中止", intake.suspend, "中止期间办理期限暂停计算。"),
    ),
    ActionSpec(CaseAction.RESUME, "resume", "恢复办理", resume_dialog),
    ActionSpec(
        CaseAction.EXTEND,
        "extend",
        "延长期限",
        _reason_dialog(
            "延长办理期限",
            "延长",
            intake.extend,
            f"办理期限延长 {EXTENSION_DAYS} 个工作日，每件只能延长一次，须写明理由。",
        ),
    ),
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
    if action == CaseAction.GAP_IN:
        return bool(case.gap_materials)
    return True
