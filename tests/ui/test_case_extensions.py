"""The clerk extends a case (行政许可法 §42) and begins a special procedure (§45) through the case
view's dialogs, from the keyboard and mouse; the 延期告知书 and the 特别程序告知书 come out of the
printer (PDF files here) and their text is read back. The admin sets an item's extension days in
the catalog editor."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox

from app import clock
from app.domain.case import CaseAction
from app.domain.codes import CaseStatus, DocumentKind
from app.services import auth, catalog
from app.services import documents as doc_svc
from tests.printing.conftest import decode, pdf_text
from tests.ui.test_case_desk import _act, _browser, _case, _type_days
from ui.windows.catalog import CatalogPage

SHOTS = Path("/tmp/halldesk-shots")


def _view(desk, ctx, paper, case):
    browser = _browser(desk, ctx, paper)
    browser.case_view.show_case(case.id)
    return browser  # kept by the test: the view lives as long as its window


def _kinds(ctx, case_id: int) -> list[DocumentKind]:
    return [d.kind for d in doc_svc.list_documents(ctx.db, case_id=case_id)]


def test_a_clerk_extends_with_the_approvers_name_and_the_notice_is_printed(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    browser = _view(desk, clerk_ctx, paper, case)
    view = browser.case_view
    legal = view.case.legal_due_date

    def extend(dialog):
        rule = dialog.findChild(QLabel, "extension_rule").text()
        assert f"法定办结日期 {legal.isoformat()}" in rule and "可延长 10 个工作日" in rule
        reason = dialog.findChild(QPlainTextEdit, "reason")
        desk.type(reason, "需现场核查")
        desk.click(desk.ok_button(dialog))  # no approver: refused next to the field, text kept
        assert "负责人" in desk.label_text(dialog, "approver_error")
        assert reason.toPlainText() == "需现场核查"
        desk.type(dialog.findChild(QLineEdit, "approver"), "王建国")
        desk.type(dialog.findChild(QLineEdit, "approver_title"), "副局长")
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "case_extend_dialog.png"))
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.EXTEND, extend)
    assert view.case.extension_days == 10 and view.case.extension_approver == "王建国"
    assert view.case.legal_due_date > legal
    assert "延期告知书：已打印" in view.message.text()
    assert "副局长王建国批准" in view.values["clock"].text()
    assert not view.action_buttons[CaseAction.EXTEND].isEnabled()  # once
    assert _kinds(clerk_ctx, case.id) == [DocumentKind.EXTENSION_NOTICE]
    assert view.document_model.rows()[0].kind == DocumentKind.EXTENSION_NOTICE  # listed
    [printed] = paper.made  # what the printer got is the page as an image; the text is archived
    assert ("Code128", case.case_no) in decode(printed.read_bytes())
    [doc] = doc_svc.list_documents(clerk_ctx.db, case_id=case.id)
    text = pdf_text(doc_svc.document_pdf(clerk_ctx.db, doc.id))
    for expected in (
        "延期告知书",
        "理由：需现场核查",
        "经本行政机关负责人（副局长）批准，决定将办理期限延长十日（工作日）",
        f"依法应于{legal.year}年{legal.month}月{legal.day}日前作出行政许可决定",
        "批准负责人王建国（副局长）",
        case.case_no + "-YQ",
    ):
        assert expected in text, expected
    timeline = view.timeline_model.rows()[-1]
    assert timeline.what == "延长办理期限" and "副局长王建国批准" in timeline.detail


def test_an_extension_after_the_legal_deadline_is_refused_in_the_dialog(desk, clerk_ctx, paper):
    clock.set_offset(timedelta(days=-60), for_child_processes=False)
    try:
        case = _case(clerk_ctx)  # accepted sixty days ago: its legal deadline has passed
    finally:
        clock.set_offset(timedelta(0), for_child_processes=False)
    browser = _view(desk, clerk_ctx, paper, case)
    view = browser.case_view

    def extend(dialog):
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "情况复杂")
        desk.type(dialog.findChild(QLineEdit, "approver"), "王建国")
        desk.click(desk.ok_button(dialog))
        assert "届满" in desk.label_text(dialog, "message")
        assert "第四十二条" in desk.label_text(dialog, "message")
        desk.click(desk.cancel_button(dialog))

    _act(desk, view, CaseAction.EXTEND, extend)
    assert view.case.extension_days == 0 and paper.made == []


def test_a_special_procedure_asks_how_long_and_prints_its_notice(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    browser = _view(desk, clerk_ctx, paper, case)
    view = browser.case_view

    def special(dialog):
        kind = dialog.findChild(QComboBox, "kind")
        assert [kind.itemText(i) for i in range(kind.count())] == [
            "听证",
            "招标",
            "拍卖",
            "检验",
            "检测",
            "检疫",
            "鉴定",
            "专家评审",
        ]
        desk.choose(kind, "quarantine")
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "进口原料需检疫")
        desk.click(desk.ok_button(dialog))  # how long: not said yet
        assert "预计需要的时间" in desk.label_text(dialog, "expected_working_days_error")
        _type_days(desk, dialog.findChild(QSpinBox, "expected_working_days"), "20")
        assert "结束" in desk.label_text(dialog, "expected_end")
        SHOTS.mkdir(parents=True, exist_ok=True)
        desk.qtbot.wait(50)
        dialog.grab().save(str(SHOTS / "case_special_dialog.png"))
        desk.click(desk.ok_button(dialog))

    _act(desk, view, CaseAction.BEGIN_SPECIAL, special)
    assert view.case.status == CaseStatus.SPECIAL_PROCEDURE
    step = view.case.special_step
    assert step.procedure_label == "检疫" and step.expected_working_days == 20
    shown = view.values["clock"].text()
    assert f"特别程序：检疫，预计 {step.expected_end.isoformat()} 结束（20 个工作日）" in shown
    assert "特别程序告知书：已打印" in view.message.text()
    assert _kinds(clerk_ctx, case.id) == [DocumentKind.SPECIAL_PROCEDURE_NOTICE]
    [printed] = paper.made
    assert printed.exists()
    [doc] = doc_svc.list_documents(clerk_ctx.db, case_id=case.id)
    text = pdf_text(doc_svc.document_pdf(clerk_ctx.db, doc.id))
    end = step.expected_end
    for expected in (
        "特别程序告知书",
        "经审查，该申请依法需要进行检疫。",
        "事由：进口原料需检疫",
        "依照《中华人民共和国行政许可法》第四十五条的规定，检疫所需时间不计算在本机关作出",
        f"预计需要二十个工作日，预计于{end.year}年{end.month}月{end.day}日前结束",
        case.case_no + "-TB1",
    ):
        assert expected in text, expected
    _act(desk, view, CaseAction.END_SPECIAL, lambda d: desk.click(desk.ok_button(d)))
    assert view.case.status == CaseStatus.IN_PROGRESS and view.case.special_step is None
    assert len(paper.made) == 1  # ending prints nothing


def test_the_admin_sets_an_items_extension_days_and_the_clerk_is_told(desk, ctx, paper):
    ctx.user = auth.authenticate(ctx.db, "admin", desk.PASSWORD, host="pc-test")
    page = CatalogPage(ctx)
    page.show()
    desk.qtbot.waitExposed(page)
    desk.type(page.search, "yxzrgs")  # 有限责任公司设立登记
    desk.qtbot.keyClick(page.search, Qt.Key.Key_Return)
    page.table.selectRow(0)
    item = page.model.row(0)
    assert item.extension_limit_days == 10

    def interact(dialog):
        spin = dialog.findChild(QSpinBox, "extension_limit_days")
        assert spin.value() == 10
        _type_days(desk, spin, "0")
        desk.click(desk.ok_button(dialog))

    desk.modal(page.edit_item, interact)
    assert catalog.get_item(ctx.db, item.id).extension_limit_days == 0
    page.hide()

    ctx.user = auth.authenticate(ctx.db, "clerk01", desk.PASSWORD, host="pc-test")
    case = _case(ctx)
    browser = _view(desk, ctx, paper, case)
    view = browser.case_view

    def extend(dialog):
        assert "依法不能延长" in dialog.findChild(QLabel, "extension_rule").text()
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "情况复杂")
        desk.type(dialog.findChild(QLineEdit, "approver"), "王建国")
        desk.click(desk.ok_button(dialog))
        assert "依法不能延长" in desk.label_text(dialog, "message")
        desk.click(desk.cancel_button(dialog))

    _act(desk, view, CaseAction.EXTEND, extend)
    assert view.case.extension_days == 0


def test_the_manager_sees_a_special_procedure_past_its_expected_end(desk, clerk_ctx):
    from app.services import intake, manager_supervision
    from ui.widgets.manager_supervision import SupervisionPanel

    clock.set_offset(timedelta(days=-30), for_child_processes=False)
    try:
        case = _case(clerk_ctx)
        intake.begin_special_procedure(
            clerk_ctx.db,
            clerk_ctx.actor,
            case.id,
            expected_version=case.data_version,
            kind="expert_review",
            expected_working_days=5,
        )
    finally:
        clock.set_offset(timedelta(0), for_child_processes=False)
    panel = SupervisionPanel("Asia/Shanghai")
    desk.qtbot.addWidget(panel)
    panel.show()
    panel.show_supervision(manager_supervision.supervision(clerk_ctx.db))
    desk.click_tab(panel.tabs, "特别程序超期")
    [row] = panel.special_model.rows()
    assert row.case_no == case.case_no and row.procedure == "专家评审"
    assert row.working_days_over > 10
    shown = [
        panel.special_model.data(panel.special_model.index(0, c))
        for c in range(panel.special_model.columnCount())
    ]
    assert "专家评审" in shown and f"{row.working_days_over} 个工作日" in shown
