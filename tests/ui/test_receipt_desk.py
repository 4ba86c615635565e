"""收件 and the supplement deadline at the desk, by keyboard and mouse: the clerk takes materials
in with Ctrl+K and later accepts them from the case view (within the 5 working days, and the day
after, when it counts as accepted from receipt); marks a material as 不符合要求 in the checklist;
and, once the applicant's deadline has passed, ends the application with its notice printed or
accepts the late supplements as a new application. The hall's clock is set to fixed days (清明
2026 is Sat 4 – Mon 6 April: materials taken in on Thu 2 April are due for a decision on Fri 10)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton
from sqlalchemy import select

from app.db.models import ServiceItem
from app.domain.case import CaseAction
from app.domain.codes import CaseStatus, DocumentKind
from app.services import auth, intake
from app.services import documents as doc_svc
from app.services.applicants import ApplicantInput
from app.services.intake import IntakeInput
from tests.intake_helpers import every_material_received
from tests.printing.conftest import pdf_text
from tests.ui.test_case_desk import SHOTS, _act, _browser, _fill, _form, _keys
from ui.widgets.case_actions import ACTIONS

ITEM = "有限责任公司设立登记"
GOOD_ID = "11010519491231002X"


def _printed(ctx, case_id: int) -> dict[DocumentKind, str]:
    return {
        d.kind: pdf_text(doc_svc.document_pdf(ctx.db, d.id))
        for d in doc_svc.list_documents(ctx.db, case_id=case_id)
    }


def _waiting(ctx, due: date) -> intake.CaseDetail:
    """A case waiting for 公司章程 until `due` (asked today)."""
    with ctx.db.reader() as s:
        item_id = s.scalars(select(ServiceItem.id).where(ServiceItem.name == ITEM)).one()
    lines = []
    for m in intake.checklist(ctx.db, item_id):
        got = m.name != "公司章程"
        lines.append(
            m.__class__(
                **{
                    **m.__dict__,
                    "received": got,
                    "mode": "original" if got else None,
                    "count": 1 if got else 0,
                }
            )
        )
    applicant = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678")
    data = IntakeInput(item_id, applicant, materials=tuple(lines))
    return intake.request_supplements(ctx.db, ctx.actor, data, due_date=due)


def test_a_clerk_takes_materials_in_and_accepts_them_later_from_the_case_view(
    desk, clerk_ctx, paper, set_hall_time
):
    set_hall_time("2026-04-02T10:00")
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs", skip=("公司章程",))
    assert "如收件，须于 2026-04-10 前决定是否受理" in form.due_label.text()
    assert form.buttons["receive"].text().endswith("Ctrl+K")
    _keys(desk, form, (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.RECEIVED
    assert case.decision_due_date == date(2026, 4, 10)
    assert "须于 2026-04-10 前决定受理、补正或不予受理" in form.result_label.text()
    assert [o.kind_label for o in form.printed] == ["材料接收凭证"]
    assert form.printed[0].job_status == "done"
    receipt = _printed(clerk_ctx, case.id)[DocumentKind.MATERIALS_RECEIPT]
    assert "本凭证不是受理通知书，本申请尚未受理" in receipt
    assert "2026年4月10日前" in receipt and "自收到申请材料之日起即为受理" in receipt
    form.close()

    # Thu 9 April: 公司章程 has come in meanwhile? No: it is still missing, so 受理 is refused and
    # the clerk asks for it instead, within the office's days.
    set_hall_time("2026-04-09T15:00")
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)
    buttons = view.action_buttons
    shown = {a for a, b in buttons.items() if b.isVisible()}
    assert shown == {
        CaseAction.ACCEPT,
        CaseAction.REQUEST_SUPPLEMENT,
        CaseAction.REJECT,
        CaseAction.WITHDRAW,
        CaseAction.VOID,
    }
    assert "受理决定期限 2026-04-10" in view.values["clock"].text()

    def accept_refused(dialog):
        assert "2026-04-10" in dialog.findChild(QLabel, "action_note").text()
        desk.click(desk.ok_button(dialog))
        assert "公司章程" in desk.label_text(dialog, "message")
        desk.click(desk.cancel_button(dialog))

    _act(desk, view, CaseAction.ACCEPT, accept_refused)
    assert view.case.status == CaseStatus.RECEIVED

    def ask(dialog):
        assert "公司章程" in dialog.findChild(QLabel, "absent_materials").text()
        due = dialog.findChild(QDateEdit, "supplement_due_date")
        # the applicant's deadline: 15 working days from Thu 9 April (清明 is behind): 30 April
        assert due.date().toString("yyyy-MM-dd") == "2026-04-30"
        first = next(m for m in view.case.materials if m.received)
        desk.type(dialog.findChild(QLineEdit, f"defect_{first.id}"), "未加盖公章")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.REQUEST_SUPPLEMENT, ask)
    assert view.case.status == CaseStatus.NEEDS_SUPPLEMENT
    assert view.case.supplement_due_date == date(2026, 4, 30)
    assert "一次性告知书：已打印" in view.message.text()
    notice = _printed(clerk_ctx, case.id)[DocumentKind.SUPPLEMENT_NOTICE]
    assert "公司章程" in notice and "未加盖公章" in notice
    assert "本告知书所列即为全部需要补正的内容" in notice


def test_accepted_from_the_case_view_the_day_after_counts_from_receipt(
    desk, clerk_ctx, paper, set_hall_time
):
    set_hall_time("2026-04-02T10:00")
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs")
    _keys(desk, form, (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    form.close()

    set_hall_time("2026-04-11T09:30")  # a Saturday: the day after the 5th working day
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)
    assert "视为受理" in view.values["clock"].text()

    def accept(dialog):
        note = dialog.findChild(QLabel, "action_note").text()
        assert "依法自收件之日（2026-04-02）起视为受理" in note
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.ACCEPT, accept)
    assert view.case.status == CaseStatus.ACCEPTED and view.case.deemed_accepted
    assert view.values["accepted"].text().startswith("2026-04-02 10:0")
    notice = _printed(clerk_ctx, case.id)[DocumentKind.ACCEPTANCE_NOTICE]
    assert "该申请自收到申请材料之日（2026年4月2日）起即为受理" in notice


def test_a_defective_material_is_marked_in_the_checklist_with_n(
    desk, clerk_ctx, paper, set_hall_time
):
    set_hall_time("2026-04-02T10:00")
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs")
    # the applicant's deadline is offered 15 working days on, not the office's 5
    assert form.supplement_due.date().toString("yyyy-MM-dd") == "2026-04-24"
    table = form.materials
    table.setFocus()
    table.setCurrentCell(0, 0)

    def defect(dialog):
        assert dialog.objectName() == "defect_dialog"
        desk.type(dialog.findChild(QLineEdit), "复印件不清晰")
        desk.click(desk.button(dialog, "确定"))

    desk.modal(lambda: _keys(desk, table, Qt.Key.Key_N), defect)
    assert table.lines[0].defect == "复印件不清晰"
    assert table.item(0, table.DEFECT_COLUMN).text() == "复印件不清晰"
    assert form.form_data()["materials"][0]["defect"] == "复印件不清晰"  # kept in the draft

    form.activateWindow()  # the offscreen platform does not give it back by itself
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert form.result is None and "不符合要求" in desk.label_text(form, "materials_error")
    _keys(desk, form, (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.NEEDS_SUPPLEMENT
    assert case.supplement_due_date == date(2026, 4, 24)
    notice = _printed(clerk_ctx, case.id)[DocumentKind.SUPPLEMENT_NOTICE]
    assert "复印件不清晰" in notice and "已提交但不符合要求、需要更正的材料" in notice
    assert "请于2026年4月24日前一次性补正上述全部内容" in notice


def test_an_overdue_supplement_case_is_terminated_with_its_notice(
    desk, clerk_ctx, paper, set_hall_time
):
    set_hall_time("2026-04-02T10:00")
    case = _waiting(clerk_ctx, date(2026, 4, 9))
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)
    terminate = view.action_buttons[CaseAction.TERMINATE]
    assert terminate.isVisible() and not terminate.isEnabled()  # not before the deadline
    assert "2026-04-09 届满后才能终止" in terminate.toolTip()
    assert view.action_buttons[CaseAction.REJECT].isEnabled()
    assert view.action_buttons[CaseAction.WITHDRAW].isEnabled()

    set_hall_time("2026-04-10T09:00")
    view.show_case(case.id)
    assert terminate.isEnabled()
    assert "已过" in view.values["clock"].text()

    def end(dialog):
        assert "补正期限 2026-04-09 已过" in dialog.findChild(QLabel, "action_note").text()
        desk.type(dialog.findChild(QLineEdit, "decision_basis"), "有关规定")
        desk.click(desk.ok_button(dialog))
        assert "书名号" in desk.label_text(dialog, "decision_basis_error")
        desk.retype(dialog.findChild(QLineEdit, "decision_basis"), "")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.TERMINATE, end)
    assert view.case.status == CaseStatus.TERMINATED
    assert "终止办理通知书：已打印" in view.message.text()
    assert "终止办理：申请人未在补正期限（2026年4月9日前）内补正全部材料" in (
        view.values["result"].text()
    )
    assert not any(b.isVisible() for b in view.action_buttons.values())  # final
    assert [d.kind for d in view.document_model.rows()] == [DocumentKind.TERMINATION_NOTICE]
    notice = _printed(clerk_ctx, case.id)[DocumentKind.TERMINATION_NOTICE]
    assert "终止办理通知书" in notice and "1.公司章程" in notice
    assert "补正期限已届满，你（单位）仍未补正下列内容" in notice
    assert "六十日内向" in notice and "行政诉讼" in notice
    assert view.timeline_model.rows()[-1].what == "终止办理"


def test_late_supplements_are_accepted_as_a_new_application(desk, clerk_ctx, paper, set_hall_time):
    set_hall_time("2026-04-02T10:00")
    case = _waiting(clerk_ctx, date(2026, 4, 9))
    set_hall_time("2026-04-13T10:00")
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)

    def anew(dialog):
        assert dialog.windowTitle() == "补正期限已过：按新申请受理"
        assert "原申请终止" in dialog.findChild(QLabel, "action_note").text()
        ok = desk.ok_button(dialog)
        assert ok.text() == "按新申请受理"
        desk.click(ok)

    _act(desk, view, CaseAction.SUPPLEMENTS_IN, anew)
    new = view.case
    assert new.id != case.id and new.status == CaseStatus.ACCEPTED
    assert new.previous_case_no == case.case_no
    assert f"原办件 {case.case_no} 已终止" in view.message.text()
    assert "受理通知书：已打印" in view.message.text()
    assert intake.get_case(clerk_ctx.db, case.id).status == CaseStatus.TERMINATED


def test_a_case_waiting_for_supplements_is_rejected_from_the_case_view(
    desk, clerk_ctx, paper, set_hall_time
):
    set_hall_time("2026-04-02T10:00")
    case = _waiting(clerk_ctx, date(2026, 4, 24))
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)

    def reject(dialog):
        desk.choose(dialog.findChild(QComboBox, "rejection_ground"), "not_competent")
        desk.click(desk.ok_button(dialog))
        assert "有权处理的机关" in desk.label_text(dialog, "competent_body_error")
        desk.type(dialog.findChild(QLineEdit, "competent_body"), "临江市江滨区市场监督管理局")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.REJECT, reject)
    assert view.case.status == CaseStatus.REJECTED
    notice = _printed(clerk_ctx, case.id)
    text = notice[DocumentKind.REJECTION_NOTICE]
    assert "临江市江滨区市场监督管理局" in text and "第三十二条第一款第二项" in text


@pytest.mark.parametrize("shot", ["received", "needs_supplement_overdue"])
def test_screens_at_1366(desk, clerk_ctx, paper, set_hall_time, shot):
    """The case view at a hall PC's size, with the pre-acceptance buttons: nothing cut off."""
    set_hall_time("2026-04-02T10:00")
    if shot == "received":
        form = _form(desk, clerk_ctx, paper)
        _fill(desk, form, "yxzrgs")
        _keys(desk, form, (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier))
        case = form.result
        form.close()
    else:
        case = _waiting(clerk_ctx, date(2026, 4, 9))
        set_hall_time("2026-04-13T10:00")
    browser = _browser(desk, clerk_ctx, paper)
    browser.resize(1366, 768)
    view = browser.case_view
    view.show_case(case.id)
    desk.qtbot.wait(50)
    names = {spec.name for spec in ACTIONS}
    for button in view.findChildren(QPushButton):
        if button.isVisible() and button.objectName() in names:
            assert button.visibleRegion().boundingRect().width() == button.width(), button.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.grab().save(str(SHOTS / f"case_view_{shot}.png"))
    assert QApplication.activeModalWidget() is None


def test_the_manager_sees_cases_taken_in_and_their_deemed_acceptance_is_recorded(
    desk, ctx, set_hall_time
):
    """Opening 办件监察 records the acceptance the law gives a case whose decision day passed
    (by the system), then lists what is still to decide, with its day, and the deemed."""
    from tests.ui.test_manager import _manager_window

    set_hall_time("2026-04-02T10:00")
    clerk = auth.authenticate(ctx.db, "clerk01", desk.PASSWORD, host="pc-1").actor("pc-1")
    with ctx.db.reader() as s:
        item_id = s.scalars(select(ServiceItem.id).where(ServiceItem.name == ITEM)).one()
    applicant = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678")
    data = IntakeInput(item_id, applicant, materials=every_material_received(ctx.db, item_id))
    first = intake.receive(ctx.db, clerk, data)
    set_hall_time("2026-04-08T10:00")
    second = intake.receive(ctx.db, clerk, data)

    set_hall_time("2026-04-13T09:00")  # Monday: the first was due on Fri 10 April
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "办件监察")
    panel = window.supervision
    desk.click_tab(panel.tabs, "收件待决定")
    [waiting] = panel.received_model.rows()
    assert waiting.case_no == second.case_no and waiting.decision_due_date == date(2026, 4, 15)
    assert panel.received_model.data(panel.received_model.index(0, 7)) == "剩 2 个工作日"
    [deemed] = panel.deemed_model.rows()
    assert deemed.case_no == first.case_no and deemed.status == CaseStatus.ACCEPTED
    assert "收件待决定 1 件（视为受理 1 件）" in panel.summary.text()
    recorded = intake.get_case(ctx.db, first.id)
    assert recorded.deemed_accepted and recorded.events[-1].username is None  # by the system
