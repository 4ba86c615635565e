"""The clerk's side of a case after the intake decision: the notices printed (to PDF files here),
a failed printer that leaves the case saved, characters the fonts lack, 当场办结 with the
certificate, the case search (typed or scanned), the case view with its actions, and 补打."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)
from sqlalchemy import select

from app.db.models import AuditLog, Case
from app.domain.case import CaseAction
from app.domain.codes import CaseStatus, DocumentKind, PrintJobStatus
from app.services import admin, auth, intake
from app.services import documents as doc_svc
from app.services.applicants import ApplicantInput
from app.services.intake import IntakeInput, MaterialInput
from tests.printing.conftest import decode, pdf_text
from ui.printer import PrintFailed, PrintFailureDialog, pdf_file_printer
from ui.widgets.case_search import CaseBrowser, find_cases
from ui.widgets.case_view import CaseView
from ui.widgets.intake_form import IntakeForm, open_intake

SHOTS = Path("/tmp/halldesk-shots")
GOOD_ID = "11010519491231002X"
RARE = "𠮷"  # CJK Extension B: not in the bundled font


class Paper:
    """A printer factory writing each print to a PDF file; `fail` makes the next prints fail."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: list[Path] = []
        self.fail = 0

    def __call__(self, name, document):
        if self.fail:
            self.fail -= 1
            raise PrintFailed(f"打印机“{name or '默认打印机'}”缺纸：请装纸后重试")
        out = self.folder / f"printed-{len(self.made)}.pdf"
        self.made.append(out)
        return pdf_file_printer(str(out), document)


def _keys(desk, widget, *keys) -> None:
    for key in keys:
        if isinstance(key, tuple):
            desk.qtbot.keyClick(widget, key[0], key[1])
        else:
            desk.qtbot.keyClick(widget, key)


def _form(desk, ctx, paper: Paper, **printing) -> IntakeForm:
    form = open_intake(ctx, counter_id=None)
    desk.qtbot.waitExposed(form)
    form.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    form.case_printing.printer_factory = paper
    for key, value in printing.items():
        setattr(form.case_printing, key, value)
    return form


def _fill(desk, form: IntakeForm, initials: str, name: str = "张三", skip=()) -> None:
    desk.type(form.item_search, initials)
    _keys(desk, form.item_search, Qt.Key.Key_Return)
    _keys(desk, form.id_type, Qt.Key.Key_Tab)
    desk.type(form.edits["applicant_id_number"], GOOD_ID)
    _keys(desk, QApplication.focusWidget(), Qt.Key.Key_Tab)
    desk.type(form.edits["applicant_name"], name)
    _keys(desk, QApplication.focusWidget(), Qt.Key.Key_Tab)
    desk.type(form.edits["mobile"], "13812345678")
    _keys(desk, form, (Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier))
    table = form.materials
    for row, line in enumerate(table.lines):
        if row:
            _keys(desk, table, Qt.Key.Key_Down)
        if line.required and line.name not in skip:
            _keys(desk, table, Qt.Key.Key_Space)


def _stored(ctx, case_no: str) -> Case:
    with ctx.db.reader() as s:
        return s.scalars(select(Case).where(Case.case_no == case_no)).one()


# --------------------------------------------------------------------------- notices after a decision


def test_accepting_prints_the_acceptance_notice_and_the_receipt(desk, clerk_ctx, paper):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs")
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.ACCEPTED
    assert [o.job_status for o in form.printed] == ["done", "done"]
    assert "受理通知书：已打印" in form.result_label.text()
    assert "材料接收凭证：已打印" in form.result_label.text()
    docs = doc_svc.list_documents(clerk_ctx.db, case_id=case.id)
    assert [d.kind for d in docs] == [
        DocumentKind.ACCEPTANCE_NOTICE,
        DocumentKind.MATERIALS_RECEIPT,
    ]
    assert len(paper.made) == 2 and all(p.exists() for p in paper.made)
    # What came out of the "printer" carries the case number in its barcode and QR code.
    printed = paper.made[0].read_bytes()
    assert ("Code128", case.case_no) in decode(printed)
    assert ("QRCode", case.case_no) in decode(printed)
    archived = pdf_text(doc_svc.document_pdf(clerk_ctx.db, docs[0].id))
    assert case.case_no in archived and case.query_pin in archived and "张三" in archived


def test_a_failed_printer_leaves_the_case_saved_and_the_job_listed(desk, clerk_ctx, paper):
    paper.fail = 99
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs")
    desk.type(form.edits["rejection_reason"], "不属于本机关职权范围")
    desk.type(form.edits["competent_body"], "临江市江滨区市场监督管理局")

    def later(dialog):
        assert isinstance(dialog, PrintFailureDialog)
        assert "缺纸" in dialog.message_label.text()
        desk.click(dialog.later_button)

    desk.modal(
        lambda: _keys(desk, form, (Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)), later
    )
    case = form.result
    assert case is not None and case.status == CaseStatus.REJECTED
    assert _stored(clerk_ctx, case.case_no).status == CaseStatus.REJECTED
    [outcome] = form.printed
    assert outcome.job_status == PrintJobStatus.FAILED.value
    assert "不予受理通知书：未打印" in form.result_label.text()
    [job] = doc_svc.unfinished_print_jobs(clerk_ctx.db)
    assert job.kind == DocumentKind.REJECTION_NOTICE and "缺纸" in job.last_error


def test_no_printer_asks_once_for_the_whole_decision_and_prints_to_a_pdf_file(
    desk, clerk_ctx, paper, tmp_path
):
    """Acceptance prints two documents. With no printer, one question covers both; 选择其他打印机
    → 打印到文件 writes each archived A4 PDF (text and fonts, not page images) to a file."""
    paper.fail = 99
    asked: list[str] = []
    out = tmp_path / "受理.pdf"
    form = _form(
        desk,
        clerk_ctx,
        paper,
        ask_failure=lambda message: asked.append(message) or PrintFailureDialog.CHOOSE_OTHER,
        choose=lambda current: f"pdf-file:{out}",
    )
    _fill(desk, form, "yxzrgs")
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.ACCEPTED
    assert len(asked) == 1 and "受理通知书、材料接收凭证未能打印" in asked[0] and "缺纸" in asked[0]
    assert [o.job_status for o in form.printed] == ["done", "done"]
    second = tmp_path / "受理-2.pdf"
    assert case.case_no in pdf_text(out.read_bytes()) and "受理通知书" in pdf_text(out.read_bytes())
    assert "材料接收凭证" in pdf_text(second.read_bytes())
    assert doc_svc.unfinished_print_jobs(clerk_ctx.db) == []

    # the case's 文书 tab says how each came out: printed, when, by whom by name
    view = CaseView(clerk_ctx)
    view.show_case(case.id)
    states = [view.document_model.data(view.document_model.index(r, 3)) for r in range(2)]
    name = clerk_ctx.user.full_name  # 张晓雯, not clerk01
    assert all(s.startswith("已打印 ") and s.endswith(f"· {name}") for s in states), states


def test_the_documents_tab_tells_failed_and_not_printed_apart(desk, clerk_ctx, paper):
    paper.fail = 99
    form = _form(desk, clerk_ctx, paper, ask_failure=lambda m: PrintFailureDialog.LATER)
    _fill(desk, form, "yxzrgs")
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    view = CaseView(clerk_ctx)
    view.show_case(form.result.id)
    states = [view.document_model.data(view.document_model.index(r, 3)) for r in range(2)]
    assert all("打印失败" in s and "缺纸" in s and "未完成的打印" in s for s in states), states
    headers = [view.document_model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert "打印时间" not in headers and "打印情况" in headers


def test_the_timeline_does_not_promise_forwarding_that_is_switched_off(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    view = CaseView(clerk_ctx)
    view.show_case(case.id)
    column = [
        view.timeline_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(view.timeline_model.columnCount())
    ].index("网上大厅")
    assert not clerk_ctx.settings.online_hall.endpoint
    cells = [view.timeline_model.data(view.timeline_model.index(r, column)) for r in range(1)]
    assert cells == ["未开启转发"]
    clerk_ctx.settings.online_hall = clerk_ctx.settings.online_hall.model_copy(
        update={"endpoint": "https://zwfw.example.gov.cn/api/desk"}
    )
    view.show_case(case.id)
    assert view.timeline_model.data(view.timeline_model.index(0, column)).startswith("待发送")


def test_rare_characters_are_named_before_printing(desk, clerk_ctx, paper):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs", name=f"吉{RARE}")

    def print_anyway(dialog):
        label = dialog.findChild(QLabel, "missing_glyphs")
        assert RARE in label.text() and "U+20BB7" in label.text()
        assert "受理通知书" in label.text() and "〓" in label.text()
        desk.click(desk.button(dialog, "仍然打印（缺字印为〓）"))

    desk.modal(
        lambda: _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)),
        print_anyway,
    )
    assert form.result is not None and [o.job_status for o in form.printed] == ["done", "done"]


def test_cancelling_over_rare_characters_prints_nothing_but_keeps_the_case(desk, clerk_ctx, paper):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs", name=f"吉{RARE}")
    desk.modal(
        lambda: _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)),
        lambda dialog: desk.click(desk.button(dialog, "取消打印")),
    )
    case = form.result
    assert case is not None and _stored(clerk_ctx, case.case_no).applicant_name == f"吉{RARE}"
    assert paper.made == [] and doc_svc.list_documents(clerk_ctx.db, case_id=case.id) == []
    assert "已取消打印" in form.result_label.text()


def test_complete_on_the_spot_with_the_certificate(desk, clerk_ctx, paper):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "gtgs")  # 个体工商户设立登记, an instant item
    desk.type(form.edits["certificate_name"], "营业执照")
    desk.type(form.edits["certificate_no"], "92330199MA2B3C4D7K")
    desk.type(form.edits["fee_amount"], "abc")
    _keys(desk, form, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert form.result is None
    assert "收费金额" in desk.label_text(form, "fee_amount_error")
    assert form.edits["certificate_no"].text() == "92330199MA2B3C4D7K"  # kept
    desk.retype(form.edits["fee_amount"], "0")
    _keys(desk, form, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.COMPLETED
    assert case.certificate_name == "营业执照" and case.certificate_no == "92330199MA2B3C4D7K"
    # a licence granted: its 准予行政许可决定书, then the receipt that states the result
    assert [o.kind_label for o in form.printed] == ["准予行政许可决定书", "材料接收凭证"]
    assert len(paper.made) == 2 and all(p.exists() for p in paper.made)
    decision = pdf_text(doc_svc.document_pdf(clerk_ctx.db, form.printed[0].document_id))
    assert "本机关决定准予行政许可" in decision and "92330199MA2B3C4D7K" in decision
    text = pdf_text(doc_svc.document_pdf(clerk_ctx.db, form.printed[1].document_id))
    assert "当场办结" in text and "准予行政许可" in text and "92330199MA2B3C4D7K" in text


def test_case_number_rule_from_the_database_not_the_pcs_file(desk, make_ctx, paper):
    ctx = make_ctx("pc-test")
    ctx.settings.hall.case_number_rule = "hall_date_seq"  # this PC's file: no longer read
    admin_user = auth.authenticate(ctx.db, "admin", desk.PASSWORD, host="pc-admin")
    admin.set_case_number_rule(ctx.db, admin_user.actor("pc-admin"), "item_date_seq")
    ctx.user = auth.authenticate(ctx.db, "clerk01", desk.PASSWORD, host="pc-test")
    form = _form(desk, ctx, paper)
    _fill(desk, form, "yxzrgs")
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert form.result.case_no.startswith(form.result.item_code)


# --------------------------------------------------------------------------- search and view


def _case(ctx, *, name="张三", mobile="13812345678", skip_required=0) -> intake.CaseDetail:
    item = next(i for i in intake_catalog(ctx) if i.name == "有限责任公司设立登记")
    lines = []
    required_seen = 0
    for m in intake.checklist(ctx.db, item.id):
        got = True
        if m.required and required_seen < skip_required:
            got = False
            required_seen += 1
        lines.append(
            MaterialInput(
                name=m.name,
                material_id=m.material_id,
                required=m.required,
                requirement=m.requirement,
                received=got,
                mode="original" if got else None,
                count=1 if got else 0,
            )
        )
    data = IntakeInput(
        item.id,
        ApplicantInput(name=name, id_number=GOOD_ID, mobile=mobile, address="临江市"),
        materials=tuple(lines),
    )
    if skip_required:
        return intake.request_supplements(ctx.db, ctx.actor, data, due_date=date(2030, 1, 4))
    return intake.accept(ctx.db, ctx.actor, data)


def intake_catalog(ctx):
    from app.services import catalog

    return catalog.list_items(ctx.db)


def _browser(desk, ctx, paper) -> CaseBrowser:
    browser = CaseBrowser(ctx)
    desk.qtbot.addWidget(browser)
    browser.resize(1280, 900)
    browser.case_view.printing.printer_factory = paper
    browser.show()
    desk.qtbot.waitExposed(browser)
    browser.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is browser, timeout=2000)
    browser.start()
    return browser


def test_a_scanned_case_number_opens_the_case(desk, clerk_ctx, paper):
    first = _case(clerk_ctx)
    _case(clerk_ctx, name="李四", mobile="13900001111")
    browser = _browser(desk, clerk_ctx, paper)
    search = browser.search
    assert search.model.rowCount() == 2  # the latest cases, before anything is typed
    assert QApplication.focusWidget() is search.query
    # a barcode scanner types the digits and Enter
    desk.type(search.query, first.case_no)
    _keys(desk, search.query, Qt.Key.Key_Return)
    view = browser.case_view
    assert view.case is not None and view.case.case_no == first.case_no
    assert first.case_no in view.title.text() and view.status_label.text() == "已受理"
    assert view.values["id_number"].text().endswith("1101**********002X")
    assert GOOD_ID not in view.values["id_number"].text()
    assert view.material_model.rowCount() == len(first.materials)
    timeline = [r.what for r in view.timeline_model.rows()]
    assert timeline == ["收件", "受理"]
    # forwarding is off here (no online_hall.endpoint): nothing is said to wait for sending
    assert [r.forwarding for r in view.timeline_model.rows()] == ["未开启转发", "未开启转发"]


@pytest.mark.parametrize(
    "typed, found",
    [("张", ["张三"]), ("13900001111", ["李四"]), (GOOD_ID.lower(), ["李四", "张三"])],
)
def test_search_by_name_prefix_mobile_or_id_number(desk, clerk_ctx, paper, typed, found):
    _case(clerk_ctx)
    _case(clerk_ctx, name="李四", mobile="13900001111")
    assert [b.applicant_name for b in find_cases(clerk_ctx.db, typed)] == found
    browser = _browser(desk, clerk_ctx, paper)
    desk.retype(browser.search.query, typed)
    _keys(desk, browser.search.query, Qt.Key.Key_Return)
    rows = browser.search.model.rows()
    assert [b.applicant_name for b in rows] == found
    assert all(b.applicant_id_number_masked == "1101**********002X" for b in rows)
    assert all("****" in b.contact_mobile_masked for b in rows)


def test_nothing_found_says_so(desk, clerk_ctx, paper):
    browser = _browser(desk, clerk_ctx, paper)
    desk.type(browser.search.query, "330199209901010001")
    _keys(desk, browser.search.query, Qt.Key.Key_Return)
    assert "没有找到" in browser.search.count_label.text()


def _type_days(desk, spin: QSpinBox, digits: str) -> None:
    """Select what the box shows and type the number, as a clerk does."""
    spin.setFocus()
    desk.qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.keyClicks(spin, digits)
    assert spin.value() == int(digits)


def _act(desk, view: CaseView, action: CaseAction, fill) -> None:
    button = view.action_buttons[action]
    desk.modal(lambda: desk.click(button), fill)


def test_after_acceptance_actions_follow_the_state_machine(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)
    buttons = view.action_buttons
    assert buttons[CaseAction.START].isEnabled() and buttons[CaseAction.COMPLETE].isEnabled()
    assert not buttons[CaseAction.DELIVER].isEnabled()
    assert not buttons[CaseAction.RESUME].isEnabled()
    assert not buttons[CaseAction.SUPPLEMENTS_IN].isEnabled()

    _act(desk, view, CaseAction.START, lambda d: desk.click(desk.ok_button(d)))
    assert view.case.status == CaseStatus.IN_PROGRESS

    def step(dialog):
        opinion = dialog.findChild(QPlainTextEdit, "opinion")
        desk.type(opinion, "材料齐全")
        desk.click(desk.ok_button(dialog))  # no step name: refused, input kept
        assert "环节名称" in desk.label_text(dialog, "step_name_error")
        assert opinion.toPlainText() == "材料齐全"
        desk.type(dialog.findChild(QLineEdit, "step_name"), "审查")
        desk.choose(dialog.findChild(QComboBox, "action"), "pass")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.STEP, step)
    assert view.case.steps[-1].step_name == "审查" and view.case.steps[-1].opinion == "材料齐全"
    assert "审查（通过）" in view.timeline_model.rows()[-1].detail

    def special(dialog):
        desk.choose(dialog.findChild(QComboBox, "kind"), "expert_review")
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "需专家论证")
        _type_days(desk, dialog.findChild(QSpinBox, "expected_working_days"), "15")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.BEGIN_SPECIAL, special)
    assert view.case.status == CaseStatus.SPECIAL_PROCEDURE
    assert view.case.clock_paused_since is not None and "暂停计时" in view.values["clock"].text()
    assert not buttons[CaseAction.COMPLETE].isEnabled()
    assert buttons[CaseAction.END_SPECIAL].isEnabled()
    _act(desk, view, CaseAction.END_SPECIAL, lambda d: desk.click(desk.ok_button(d)))
    assert view.case.status == CaseStatus.IN_PROGRESS

    def suspend(dialog):
        desk.click(desk.ok_button(dialog))
        assert "理由" in desk.label_text(dialog, "reason_error")
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "等待上级批复")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.SUSPEND, suspend)
    assert view.case.status == CaseStatus.SUSPENDED
    _act(desk, view, CaseAction.RESUME, lambda d: desk.click(desk.ok_button(d)))
    assert view.case.status == CaseStatus.IN_PROGRESS

    promised = view.case.promised_date

    def extend(dialog):
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "情况复杂")
        desk.type(dialog.findChild(QLineEdit, "approver"), "王建国")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.EXTEND, extend)
    assert view.case.extension_days == 10 and view.case.promised_date > promised
    assert not buttons[CaseAction.EXTEND].isEnabled()  # once only

    def complete(dialog):
        desk.choose(dialog.findChild(QComboBox, "result"), "granted")
        desk.type(dialog.findChild(QLineEdit, "certificate_name"), "营业执照")
        desk.type(dialog.findChild(QLineEdit, "certificate_no"), "91330199MA2B3C4D5E")
        desk.type(dialog.findChild(QLineEdit, "fee_amount"), "-1")
        desk.click(desk.ok_button(dialog))
        assert "负数" in desk.label_text(dialog, "fee_amount_error")
        assert dialog.findChild(QLineEdit, "certificate_no").text() == "91330199MA2B3C4D5E"
        desk.retype(dialog.findChild(QLineEdit, "fee_amount"), "0")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.COMPLETE, complete)
    assert view.case.status == CaseStatus.COMPLETED
    assert "91330199MA2B3C4D5E" in view.values["result"].text()
    assert buttons[CaseAction.DELIVER].isEnabled() and not buttons[CaseAction.START].isEnabled()

    def deliver(dialog):
        desk.choose(dialog.findChild(QComboBox, "method"), "mail")
        desk.click(desk.ok_button(dialog))
        assert "快递单号" in desk.label_text(dialog, "note_error")
        desk.type(dialog.findChild(QLineEdit, "note"), "SF1234567890")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.DELIVER, deliver)
    assert view.case.status == CaseStatus.DELIVERED
    assert not any(b.isEnabled() for b in buttons.values())  # final
    assert browser.search.model.rows()[0].status == CaseStatus.DELIVERED  # the list follows
    whats = [r.what for r in view.timeline_model.rows()]
    assert whats[-3:] == ["延长办理期限", "办结", "送达"]
    assert "邮寄送达" in view.timeline_model.rows()[-1].detail


def test_supplements_received_accepts_and_prints(desk, clerk_ctx, paper):
    case = _case(clerk_ctx, skip_required=2)
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)
    assert view.action_buttons[CaseAction.SUPPLEMENTS_IN].isEnabled()
    assert "补正期限 2030-01-04" in view.values["clock"].text()
    _act(desk, view, CaseAction.SUPPLEMENTS_IN, lambda d: desk.click(desk.ok_button(d)))
    assert view.case.status == CaseStatus.ACCEPTED
    kinds = [d.kind for d in view.document_model.rows()]
    assert kinds == [DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.MATERIALS_RECEIPT]
    assert "受理通知书：已打印" in view.message.text()


def test_withdraw_and_void(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)

    def withdraw(dialog):
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "申请人撤回申请")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.WITHDRAW, withdraw)
    assert view.case.status == CaseStatus.WITHDRAWN
    assert not view.action_buttons[CaseAction.VOID].isEnabled()


def test_reprint_from_the_case_view_is_marked_and_audited(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    clerk_ctx.runner.run_now(view.printing.print_decision(case))  # as after the decision
    view.show_case(case.id)
    desk.click_tab(view.tabs, "文书")
    assert view.document_model.rowCount() == 2 and not view.reprint_button.isEnabled()
    desk.click_row(view.documents_view, 0)
    assert view.preview_button.isEnabled()
    desk.click(view.preview_button)
    desk.qtbot.waitUntil(
        lambda: view.preview_dialog is not None and view.preview_dialog.isVisible()
    )
    view.preview_dialog.close()
    desk.click(view.reprint_button)
    rows = view.document_model.rows()
    assert (
        len(rows) == 3 and rows[-1].is_reprint and rows[-1].kind == DocumentKind.ACCEPTANCE_NOTICE
    )
    assert view.document_model.data(view.document_model.index(2, 0)) == "受理通知书（补打）"
    assert "已补打" in view.message.text()
    assert "补打" in pdf_text(doc_svc.document_pdf(clerk_ctx.db, rows[-1].id))
    with clerk_ctx.db.reader() as s:
        assert s.scalars(select(AuditLog).where(AuditLog.action == "document.reprint")).one()


def test_clerk_window_opens_the_search_with_f12(desk, ctx):
    from tests.ui.test_intake_form import _clerk_window

    window = _clerk_window(desk, ctx)
    assert window.buttons["case_search"].isEnabled()
    desk.qtbot.keyClick(window, Qt.Key.Key_F12)
    dialog = window.case_search
    desk.qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "查询办件"
    assert isinstance(dialog.browser, CaseBrowser)
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    assert QApplication.focusWidget() is dialog.browser.search.query  # ready for the scanner
    SHOTS.mkdir(parents=True, exist_ok=True)
    desk.qtbot.wait(50)
    window.grab().save(str(SHOTS / "clerk_with_case_search.png"))
    # F12 again (from the clerk window) brings the same search back instead of a second one.
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    desk.qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.case_search is dialog
    assert (
        len(
            [
                w
                for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowTitle() == "查询办件"
            ]
        )
        == 1
    )
    dialog.close()
    window.hide()


def test_screenshots(desk, clerk_ctx, paper):
    SHOTS.mkdir(parents=True, exist_ok=True)
    case = _case(clerk_ctx)
    _case(clerk_ctx, name="李四", mobile="13900001111", skip_required=2)
    case = intake.start_processing(
        clerk_ctx.db, clerk_ctx.actor, case.id, expected_version=case.data_version
    )
    intake.record_step(
        clerk_ctx.db,
        clerk_ctx.actor,
        case.id,
        expected_version=case.data_version,
        step_name="审查",
        opinion="材料齐全，符合法定形式，同意进入决定环节",
    )
    browser = _browser(desk, clerk_ctx, paper)
    printing = browser.case_view.printing
    clerk_ctx.runner.run_now(printing.print_decision(intake.get_case(clerk_ctx.db, case.id)))
    browser.search.view.selectRow(1)
    browser.search.open_selected()
    desk.qtbot.wait(50)  # let the layouts settle
    browser.grab().save(str(SHOTS / "case_browser.png"))
    desk.click_tab(browser.case_view.tabs, "材料")
    desk.qtbot.wait(50)
    browser.case_view.grab().save(str(SHOTS / "case_view_materials.png"))
    desk.click_tab(browser.case_view.tabs, "文书")
    desk.qtbot.wait(50)
    browser.case_view.grab().save(str(SHOTS / "case_view_documents.png"))
    dialog = browser.case_view.action_dialog(CaseAction.COMPLETE)
    desk.qtbot.addWidget(dialog)
    dialog.show()
    desk.qtbot.wait(50)
    dialog.grab().save(str(SHOTS / "case_complete_dialog.png"))
    dialog.close()


@pytest.fixture
def pc_in_new_york(monkeypatch):
    """This PC's clock set to New York (13 hours behind the hall in Shanghai in December)."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_every_time_on_the_case_desk_is_the_halls_not_the_pcs(
    desk, clerk_ctx, paper, set_hall_time, pc_in_new_york
):
    set_hall_time("2026-12-03T10:15")  # 02:15 UTC; 21:15 the day before in New York
    case = _case(clerk_ctx)
    browser = _browser(desk, clerk_ctx, paper)
    model = browser.search.model
    listed = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "2026-12-03 10:15" in listed, listed
    desk.type(browser.search.query, case.case_no)
    _keys(desk, browser.search.query, Qt.Key.Key_Return)
    view = browser.case_view
    assert view.values["applied"].text().startswith("2026-12-03 10:1")
    assert view.values["accepted"].text().startswith("2026-12-03 10:1")
    timeline = view.timeline_model
    shown = [timeline.index(i, 0).data() for i in range(timeline.rowCount())]
    assert shown and all(s.startswith("2026-12-03 10:1") for s in shown), shown


def test_the_autosave_says_the_halls_time(desk, clerk_ctx, paper, set_hall_time, pc_in_new_york):
    set_hall_time("2026-12-03T10:15")
    form = _form(desk, clerk_ctx, paper)
    desk.type(form.item_search, "gtgs")
    _keys(desk, form.item_search, Qt.Key.Key_Return)
    form.save_draft_now()
    desk.qtbot.waitUntil(lambda: "草稿已自动保存" in form.draft_label.text(), timeout=3000)
    assert "草稿已自动保存 10:1" in form.draft_label.text()
    form.reject()


def test_a_hong_kong_mobile_finds_its_case_however_it_is_typed(desk, clerk_ctx, paper):
    _case(clerk_ctx, name="陈大文", mobile="+852 9123 4567")
    _case(clerk_ctx, name="李四", mobile="13900001111")
    for typed in ("+852 9123 4567", "0085291234567", "+85291234567"):
        assert [b.applicant_name for b in find_cases(clerk_ctx.db, typed)] == ["陈大文"], typed
    browser = _browser(desk, clerk_ctx, paper)
    desk.retype(browser.search.query, "+852 9123 4567")
    _keys(desk, browser.search.query, Qt.Key.Key_Return)
    assert browser.case_view.case is not None
    assert browser.case_view.values["mobile"].text() == "+852 ****4567"


# --------------------------------------------------------------------------- decisions in law


def test_a_rejection_on_a_chosen_ground_prints_its_clause(desk, clerk_ctx, paper):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs")
    desk.choose(form.rejection_ground, "not_licence")
    assert form.edits["decision_basis"].placeholderText().endswith("第三十二条第一款第一项")
    _keys(desk, form, (Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.REJECTED
    assert case.rejection_reason == "申请事项依法不需要取得行政许可"  # the ground's wording
    text = pdf_text(doc_svc.document_pdf(clerk_ctx.db, form.printed[0].document_id))
    assert "依据：《中华人民共和国行政许可法》第三十二条第一款第一项" in text
    assert "六十日内向临江市人民政府申请行政复议" in text


def test_a_denial_on_the_spot_asks_for_reason_and_basis_and_names_the_tax_authority(
    desk, clerk_ctx, paper
):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "fply")  # 发票领用: an instant item of the (vertical) tax office
    assert form.item.name == "发票领用"
    assert form.completion_result.itemText(1) == "不予办理"  # the item's own words
    desk.choose(form.completion_result, "denied")
    _keys(desk, form, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert form.result is None
    assert "不予办理的理由" in desk.label_text(form, "rejection_reason_error")
    desk.type(form.edits["rejection_reason"], "纳税人存在未按期申报的情形")
    desk.type(form.edits["decision_basis"], "《中华人民共和国行政许可法》第三十二条")
    _keys(desk, form, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert form.result is None
    assert "具体的款和项" in desk.label_text(form, "decision_basis_error")
    desk.retype(form.edits["decision_basis"], "《中华人民共和国发票管理办法》第十五条")
    _keys(desk, form, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.result_label == "不予办理"
    assert [o.kind_label for o in form.printed] == ["不予办理决定书", "材料接收凭证"]
    text = pdf_text(doc_svc.document_pdf(clerk_ctx.db, form.printed[0].document_id))
    assert "纳税人存在未按期申报的情形" in text
    assert "六十日内向国家税务总局浙江省税务局申请行政复议" in text


def test_a_denial_after_review_prints_the_decision_with_remedies(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)

    def deny(dialog):
        result = dialog.findChild(QComboBox, "result")
        assert [result.itemText(i) for i in range(2)] == ["准予行政许可", "不予行政许可"]
        reason = dialog.findChild(QPlainTextEdit, "denial_reason")
        assert not reason.isEnabled()  # asked for a denial only
        desk.choose(result, "denied")
        assert reason.isEnabled() and not dialog.findChild(QLineEdit, "certificate_no").isEnabled()
        desk.type(reason, "拟设立公司的名称与已登记企业名称近似")
        desk.click(desk.ok_button(dialog))
        assert "法律依据" in desk.label_text(dialog, "decision_basis_error")
        assert reason.toPlainText() == "拟设立公司的名称与已登记企业名称近似"  # kept
        desk.type(dialog.findChild(QLineEdit, "decision_basis"), "《企业名称登记管理规定》第十七条")
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.COMPLETE, deny)
    assert view.case.status == CaseStatus.COMPLETED
    shown = view.values["result"].text()
    assert "不予行政许可" in shown and "临江市人民政府" in shown
    [doc] = [
        d
        for d in doc_svc.list_documents(clerk_ctx.db, case_id=case.id)
        if d.kind == DocumentKind.DECISION
    ]
    text = pdf_text(doc_svc.document_pdf(clerk_ctx.db, doc.id))
    assert "不予行政许可决定书" in text and "《企业名称登记管理规定》第十七条" in text
    assert "六个月内依法向临江市江滨区人民法院提起行政诉讼" in text


# --------------------------------------------------------------------------- 容缺受理


def test_a_gap_acceptance_takes_only_allowed_materials_and_prints_the_commitment(
    desk, clerk_ctx, paper
):
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "spjyxk", skip=("主要设备设施清单",))  # 食品经营许可
    table = form.materials
    rows = {m.name: i for i, m in enumerate(table.lines)}
    assert table.item(rows["主要设备设施清单"], 6).text() == "可容缺"  # the hint
    table.setCurrentCell(rows["食品经营许可申请书"], 0)
    _keys(desk, table, Qt.Key.Key_Space)  # not received …
    _keys(desk, table, Qt.Key.Key_G)  # … and refused as a gap
    assert "不能容缺" in desk.label_text(form, "materials_error")
    _keys(desk, table, Qt.Key.Key_Space)  # received after all
    table.setCurrentCell(rows["主要设备设施清单"], 0)
    _keys(desk, table, Qt.Key.Key_G)
    assert table.lines[rows["主要设备设施清单"]].gap_committed
    desk.type(form.edits["commitment"], "三日内补交设备清单")
    _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.with_gaps
    assert [o.kind_label for o in form.printed] == ["受理通知书", "容缺受理承诺书", "材料接收凭证"]
    signed = pdf_text(doc_svc.document_pdf(clerk_ctx.db, form.printed[1].document_id))
    assert "主要设备设施清单" in signed and "三日内补交设备清单" in signed
    notice = pdf_text(doc_svc.document_pdf(clerk_ctx.db, form.printed[0].document_id))
    assert "容缺材料外" in notice.replace(" ", "")


def test_a_gap_case_is_granted_only_after_the_material_is_in(desk, clerk_ctx, paper):
    food = next(i for i in intake_catalog(clerk_ctx) if i.name == "食品经营许可")
    lines = tuple(
        MaterialInput(
            name=m.name,
            material_id=m.material_id,
            required=m.required,
            requirement=m.requirement,
            received=m.name != "主要设备设施清单",
            mode="original",
            count=1,
            gap_committed=m.name == "主要设备设施清单",
        )
        for m in intake.checklist(clerk_ctx.db, food.id)
    )
    data = IntakeInput(
        food.id,
        ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678", address="临江市"),
        materials=lines,
    )
    case = intake.accept(
        clerk_ctx.db,
        clerk_ctx.actor,
        data,
        commitment="按期补交",
        gap_due_date=intake.preview_due_dates(clerk_ctx.db, food.id).promised_date,
    )
    browser = _browser(desk, clerk_ctx, paper)
    view = browser.case_view
    view.show_case(case.id)
    buttons = view.action_buttons
    assert buttons[CaseAction.GAP_IN].isEnabled()

    def refused(dialog):
        assert "尚未补交" in dialog.findChild(QLabel, "gap_warning").text()
        desk.click(desk.ok_button(dialog))  # a clerk: refused, told who may
        assert "负责人" in desk.label_text(dialog, "gap_override_reason_error")
        desk.click(desk.cancel_button(dialog))

    _act(desk, view, CaseAction.COMPLETE, refused)
    assert view.case.status == CaseStatus.ACCEPTED

    def hand_in(dialog):
        desk.click(desk.ok_button(dialog))  # the one outstanding is ticked

    _act(desk, view, CaseAction.GAP_IN, hand_in)
    assert view.case.gap_materials == () and not buttons[CaseAction.GAP_IN].isEnabled()
    assert (
        "容缺材料补交"
        in view.timeline_model.rows()[-1].what + view.timeline_model.rows()[-1].detail
    )
    _act(desk, view, CaseAction.COMPLETE, lambda d: desk.click(desk.ok_button(d)))
    assert view.case.status == CaseStatus.COMPLETED


def test_a_refused_decision_scrolls_its_field_into_view_on_a_small_screen(desk, clerk_ctx, paper):
    """At 1366×768 the decision fields sit below the fold: a message about one of them brings it
    into view with its message."""
    form = _form(desk, clerk_ctx, paper)
    form.resize(1280, 640)
    _fill(desk, form, "gtgs")  # 个体工商户设立登记, instant
    form.scroll.verticalScrollBar().setValue(0)
    desk.choose(form.completion_result, "denied")
    _keys(desk, form, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert form.result is None
    edit = form.edits["rejection_reason"]
    viewport = form.scroll.viewport()
    top_left = edit.mapTo(viewport, edit.rect().topLeft())
    assert 0 <= top_left.y() and top_left.y() + edit.height() <= viewport.height()
    assert desk.label_text(form, "rejection_reason_error")


def test_the_intake_form_needs_no_sideways_scrolling_at_1280_px(desk, clerk_ctx, paper):
    """On a 1366×768 screen the form is 1280 px wide: nothing may push its fields past the edge
    (a long hint line once did, clipping the applicant's fields)."""
    form = _form(desk, clerk_ctx, paper)
    form.resize(1280, 680)
    _fill(desk, form, "bdcbg")
    desk.qtbot.wait(50)
    assert not form.scroll.horizontalScrollBar().isVisible()
    assert form.scroll.widget().width() <= form.scroll.viewport().width()
