"""The intake form as a clerk uses it: keyboard only, told precisely about a wrong ID number,
drafts that survive a crash, a supplement request that lists every missing material."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from sqlalchemy import select

from app.db.models import Case, CaseDraft, Ticket
from app.domain.codes import CaseStatus
from app.services import admin, auth, intake, queue
from ui.application import DeskController
from ui.widgets.intake_form import IntakeForm, open_intake
from ui.windows.clerk import ClerkWindow

SHOTS = Path("/tmp/halldesk-shots")
GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # last character wrong: should be X


@pytest.fixture(autouse=True)
def _leave_the_window_quietly(ctx):
    """The called ticket is still at the window when a test ends: closing the clerk window would
    ask (modally) to finish it first. Hide it instead, before the context goes away."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ClerkWindow):
            widget.hide()


@pytest.fixture(autouse=True)
def _notices_print_to_pdf_files(monkeypatch, tmp_path):
    """Each decision prints its notices: here to PDF files (offscreen there is no printer)."""
    import ui.printer

    out = tmp_path / "printed"
    out.mkdir()
    monkeypatch.setattr(
        ui.printer,
        "make_printer",
        lambda name, document: ui.printer.pdf_file_printer(
            str(out / f"{len(list(out.iterdir()))}.pdf"), document
        ),
    )


def _clerk_window(desk, ctx, username="clerk01", counter=1) -> ClerkWindow:
    controller = DeskController(ctx)
    desk.login(controller.show_login(), username, counter=counter)
    window = controller.window
    assert isinstance(window, ClerkWindow)
    window.show()
    desk.qtbot.waitExposed(window)
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window._controller = controller
    return window


def _form_for_ticket(desk, ctx) -> tuple[ClerkWindow, IntakeForm]:
    category = next(c.id for c in admin.list_categories(ctx.db) if c.prefix == "A")
    queue.issue_ticket(ctx.db, category)
    window = _clerk_window(desk, ctx)
    desk.qtbot.keyClick(window, Qt.Key.Key_F1)  # call A001
    desk.qtbot.keyClick(window, Qt.Key.Key_F11)  # 受理
    form = window.intake_form
    desk.qtbot.waitExposed(form)
    form.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    return window, form


def _keys(desk, widget, *keys) -> None:
    for key in keys:
        if isinstance(key, tuple):
            desk.qtbot.keyClick(widget, key[0], key[1])
        else:
            desk.qtbot.keyClick(widget, key)


def _focused() -> QLineEdit:
    return QApplication.focusWidget()


def _pick_item(desk, form: IntakeForm, initials: str) -> None:
    search = form.item_search
    assert QApplication.focusWidget() is search  # the form opens in the search box
    desk.type(search, initials)
    _keys(desk, search, Qt.Key.Key_Return)
    assert form.item is not None


def _tick_required(desk, form: IntakeForm, skip: tuple[str, ...] = ()) -> None:
    _keys(desk, form, (Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier))
    table = form.materials
    assert QApplication.focusWidget() is table
    for row, line in enumerate(table.lines):
        if row:
            _keys(desk, table, Qt.Key.Key_Down)
        assert table.currentRow() == row
        if line.required and line.name not in skip:
            _keys(desk, table, Qt.Key.Key_Space)


def _type_applicant(desk, form: IntakeForm, name: str = "张三", mobile: str | None = None) -> None:
    """From the ID type box, by Tab as a clerk does: the ID number, the name, the mobile."""
    _keys(desk, form.id_type, Qt.Key.Key_Tab)
    desk.type(form.edits["applicant_id_number"], GOOD_ID)
    _keys(desk, _focused(), Qt.Key.Key_Tab)
    desk.type(form.edits["applicant_name"], name)
    if mobile is not None:
        _keys(desk, _focused(), Qt.Key.Key_Tab)
        desk.type(form.edits["mobile"], mobile)


def test_whole_intake_by_keyboard_with_a_wrong_id_fixed(desk, ctx):
    window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "yxzrgs")  # 有限责任公司设立登记
    assert form.item.name == "有限责任公司设立登记"
    assert "承诺办结日期" in form.due_label.text()
    assert _focused() is form.id_type
    _keys(desk, form.id_type, Qt.Key.Key_Tab)
    id_edit = form.edits["applicant_id_number"]
    assert _focused() is id_edit

    desk.type(id_edit, BAD_ID)
    error = form.findChild(QLabel, "applicant_id_number_error")
    assert error.isVisible()
    assert "校验位" in error.text() and "应为 X" in error.text()
    assert id_edit.text() == BAD_ID  # nothing typed is cleared
    assert "#c62828" in id_edit.styleSheet()
    _keys(desk, id_edit, Qt.Key.Key_Backspace)
    desk.type(id_edit, "x")
    assert not error.isVisible()
    assert "1949-12-31" in form.id_info.text() and "女" in form.id_info.text()

    _keys(desk, id_edit, Qt.Key.Key_Tab)
    assert _focused() is form.edits["applicant_name"]
    desk.type(form.edits["applicant_name"], "张三")
    _keys(desk, _focused(), Qt.Key.Key_Tab)
    assert _focused() is form.edits["mobile"]
    desk.type(form.edits["mobile"], "138 1234 5678")
    _tick_required(desk, form)
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))

    assert form.result is not None, form.errors.general.text()
    case = form.result
    assert case.status == CaseStatus.ACCEPTED
    assert case.ticket_number == "A001" and case.counter_number == 1
    assert case.applicant_id_number == GOOD_ID and case.contact_mobile == "13812345678"
    assert case.case_no in form.result_label.text() and case.query_pin in form.result_label.text()
    with ctx.db.reader() as s:
        stored = s.scalars(select(Case)).one()
        ticket = s.scalars(select(Ticket).where(Ticket.number == "A001")).one()
        assert stored.ticket_id == ticket.id
        assert s.scalars(select(CaseDraft)).all() == []  # the decision removed the draft
    _keys(desk, form, Qt.Key.Key_Escape)


def test_the_service_refusal_is_marked_next_to_the_field_and_keeps_the_input(desk, ctx):
    _window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "yxzrgs")
    _type_applicant(desk, form)
    # no mobile, no materials: accept is refused field by field
    _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert form.result is None
    assert "手机" in desk.label_text(form, "mobile_error")
    assert _focused() is form.edits["mobile"]
    desk.type(form.edits["mobile"], "0571-86000000")
    _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert "固定电话" in desk.label_text(form, "mobile_error")
    assert form.edits["mobile"].text() == "0571-86000000"
    desk.retype(form.edits["mobile"], "13812345678")
    _keys(desk, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert "公司章程" in desk.label_text(form, "materials_error")
    assert form.edits["applicant_name"].text() == "张三"


def test_supplement_request_lists_every_missing_required_material(desk, ctx):
    _window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "spjy")  # 食品经营许可
    _type_applicant(desk, form, mobile="13812345678")
    skipped = ("主要设备设施清单", "食品安全管理制度目录")
    _tick_required(desk, form, skip=skipped)
    _keys(desk, form.materials, (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier))
    case = form.result
    assert case is not None and case.status == CaseStatus.NEEDS_SUPPLEMENT
    assert tuple(m.name for m in case.missing_materials) == skipped
    assert all(m.requirement for m in case.missing_materials)
    assert "需补正 2 项材料" in form.result_label.text()


def test_draft_comes_back_after_a_crash(desk, ctx, qtbot):
    window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "gtgs")  # 个体工商户设立登记
    _type_applicant(desk, form, mobile="13812345678")
    _tick_required(desk, form)
    qtbot.waitUntil(lambda: form.draft_id is not None and not form._dirty, timeout=5000)
    assert "草稿已自动保存" in form.draft_label.text()

    # The PC dies: no close, no goodbye. A new program start logs the clerk in again.
    form.hide()
    form.deleteLater()
    window.hide()
    user = auth.authenticate(ctx.db, "clerk01", desk.PASSWORD, host="pc-test")
    ctx.user = user
    again = open_intake(ctx, counter_id=None)
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is again, timeout=2000)
    assert again.item is not None and again.item.name == "个体工商户设立登记"
    assert again.edits["applicant_id_number"].text() == GOOD_ID
    assert again.edits["applicant_name"].text() == "张三"
    assert again.edits["mobile"].text() == "13812345678"
    assert [m.received for m in again.materials.lines] == [
        m.required for m in again.materials.lines
    ]
    assert "已恢复" in again.draft_label.text()
    # finished on the spot from the restored draft (an instant item)
    _keys(desk, again, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert again.result is not None and again.result.status == CaseStatus.COMPLETED
    assert intake.drafts_for(ctx.db, user.id) == []


def test_returning_applicant_filled_in_from_the_id_number(desk, ctx):
    _window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "gtgs")
    _type_applicant(desk, form, mobile="13812345678")
    desk.type(form.edits["address"], "临江市江滨大道1号")
    _tick_required(desk, form)
    _keys(desk, form.materials, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert form.result is not None
    form.close()

    second = open_intake(ctx, counter_id=None)
    desk.qtbot.waitExposed(second)
    second.activateWindow()
    desk.type(second.edits["mobile"], "13900001111")  # typed first: must stay
    desk.type(second.edits["applicant_id_number"], GOOD_ID.lower())
    assert second.edits["applicant_name"].text() == "张三"
    assert second.edits["address"].text() == "临江市江滨大道1号"
    assert second.edits["mobile"].text() == "13900001111"
    assert "老申请人" in second.id_info.text()


def test_form_screenshot(desk, ctx, qtbot):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "yxzrgs")
    _keys(desk, form.id_type, Qt.Key.Key_Tab)
    desk.type(form.edits["applicant_id_number"], BAD_ID)
    desk.type(form.edits["applicant_name"], "张三")
    desk.type(form.edits["mobile"], "13812345678")
    _tick_required(desk, form, skip=("公司章程",))
    form.errors.show(
        form.findChild(QLabel, "applicant_id_number_error").text() or "x", "applicant_id_number"
    )
    form.resize(1280, 860)
    qtbot.wait(50)
    assert form.grab().save(str(SHOTS / "intake_form.png"))


def test_after_acceptance_at_1366x768_every_field_keeps_its_height(desk, ctx, qtbot):
    """The result shown after a decision used to squash the applicant's fields to half a line;
    at 1366×768 (a 738 px high window) the fields scroll and keep their height."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    _window, form = _form_for_ticket(desk, ctx)
    assert form.minimumSizeHint().width() <= 1366 and form.minimumSize().height() <= 738
    form.resize(1366, 738)
    _pick_item(desk, form, "yxzrgs")
    _type_applicant(desk, form, "阿卜杜拉·买买提", mobile="13812345678")
    _tick_required(desk, form)
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert form.result is not None and form.result_label.isVisible()
    qtbot.wait(50)
    for name, edit in form.edits.items():
        if edit.isVisibleTo(form):
            assert edit.height() >= edit.sizeHint().height(), name
    for name in ("accept", "close"):
        button = form.buttons[name]
        assert form.rect().contains(button.geometry().translated(button.parentWidget().pos()))
    assert form.grab().save(str(SHOTS / "intake_form_after_acceptance_1366.png"))


def _visible_windows() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def _drafts(ctx, username: str) -> list:
    user_id = next(u.id for u in admin.list_users(ctx.db) if u.username == username)
    return intake.drafts_for(ctx.db, user_id)


@pytest.mark.parametrize("how", ["esc", "close_button", "title_bar"])
def test_the_form_closes_by_esc_its_button_or_the_title_bar_and_keeps_the_draft(desk, ctx, how):
    window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "gtgs")
    _type_applicant(desk, form)
    if how == "esc":
        _keys(desk, _focused(), Qt.Key.Key_Escape)
    elif how == "close_button":
        desk.click(form.buttons["close"])
    else:
        form.close()  # what the window manager's X does
    desk.qtbot.waitUntil(lambda: form not in _visible_windows(), timeout=2000)
    assert [w for w in _visible_windows() if isinstance(w, IntakeForm)] == []
    drafts = _drafts(ctx, "clerk01")
    assert len(drafts) == 1 and drafts[0].data["fields"]["applicant_name"] == "张三"

    # F11 again: the draft comes back in a new form, which closes the same way
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    desk.qtbot.keyClick(window, Qt.Key.Key_F11)
    again = window.intake_form
    desk.qtbot.waitExposed(again)
    assert again.edits["applicant_name"].text() == "张三"
    desk.click(again.buttons["close"])
    assert not again.isVisible()


def test_logging_out_closes_every_window_of_the_clerk_and_keeps_the_draft(desk, ctx):
    """A walk-in intake half typed, the case search open: 退出登录 leaves only the login box on the
    screen, with nobody's ID number anywhere, and the draft waits for the clerk's next login."""
    window = _clerk_window(desk, ctx)
    desk.qtbot.keyClick(window, Qt.Key.Key_F11)  # no ticket at the window: a walk-in
    form = window.intake_form
    desk.qtbot.waitExposed(form)
    form.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    _pick_item(desk, form, "gtgs")
    _type_applicant(desk, form)
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    desk.qtbot.keyClick(window, Qt.Key.Key_F12)
    desk.qtbot.waitExposed(window.case_search)

    desk.click(window.findChild(QPushButton, "logout"))
    login = window._controller.login
    desk.qtbot.waitExposed(login)
    assert _visible_windows() == [login]
    assert ctx.user is None
    drafts = _drafts(ctx, "clerk01")
    assert len(drafts) == 1 and drafts[0].data["fields"]["applicant_id_number"] == GOOD_ID

    desk.login(login, "clerk01", counter=1)  # back at the desk: the draft is there
    window = window._controller.window
    window.show()
    desk.qtbot.waitExposed(window)
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    desk.qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.intake_form.edits["applicant_id_number"].text() == GOOD_ID


def test_f4_ticks_the_item_just_taken_in_for_the_ticket(desk, ctx):
    from PySide6.QtWidgets import QListWidget

    from app.db.models import TicketServiceItem

    window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "gtgs")  # 个体工商户设立登记, an instant item
    _type_applicant(desk, form, mobile="13812345678")
    _tick_required(desk, form)
    _keys(desk, form.materials, (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier))
    assert form.result is not None
    item_id = form.item.id
    _keys(desk, form, Qt.Key.Key_Escape)
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    seen = {}

    def look_and_accept(dialog):
        items = dialog.findChild(QListWidget, "service_items")
        rows = [items.item(i) for i in range(items.count())]
        seen["checked"] = [r.text() for r in rows if r.checkState() == Qt.CheckState.Checked]
        seen["first"] = rows[0].text()
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: desk.qtbot.keyClick(window, Qt.Key.Key_F4), look_and_accept)
    assert seen == {"checked": ["个体工商户设立登记"], "first": "个体工商户设立登记"}
    with ctx.db.reader() as s:
        assert s.scalars(select(TicketServiceItem.service_item_id)).all() == [item_id]


def test_a_walk_in_lists_the_windows_own_items_first_and_none_looks_chosen(desk, ctx):
    window = _clerk_window(desk, ctx, "clerk02", counter=9)  # 税务窗口: E, then A
    desk.qtbot.keyClick(window, Qt.Key.Key_F11)  # nobody at the window: a walk-in
    form = window.intake_form
    desk.qtbot.waitExposed(form)
    listed = [
        form.item_list.item(r).data(Qt.ItemDataRole.UserRole).category_prefix
        for r in range(form.item_list.count())
    ]
    first_other = next(i for i, p in enumerate(listed) if p not in ("E", "A"))
    assert listed[0] == "E" and set(listed[:first_other]) == {"E", "A"}
    assert "A" not in listed[: listed.index("A")] and "E" not in listed[listed.index("A") :]
    # Nothing highlighted while nothing is chosen.
    assert form.item_list.currentRow() == -1 and not form.item_list.selectedItems()
    assert form.item_label.text() == "尚未选择事项"
    # Down moves into the list on the first row; Return takes it.
    form.item_search.setFocus()
    desk.qtbot.keyClick(form.item_search, Qt.Key.Key_Down)
    assert form.item_list.currentRow() == 0
    desk.qtbot.keyClick(form.item_list, Qt.Key.Key_Return)
    assert form.item is not None and form.item.category_prefix == "E"
    assert form.item.name in form.item_label.text()
    form.reject()


def _choose_id_type(desk, form: IntakeForm, code: str) -> None:
    """As a clerk does: in the ID type box, type the code's first digits (the box finds it)."""
    form.id_type.setFocus()
    desk.qtbot.keyClicks(form.id_type, code)
    assert form.id_type.currentData() == code, form.id_type.currentText()


def test_an_officer_is_taken_in_with_the_number_on_his_card(desk, ctx):
    """军官证 南字第20123456号 used to be refused as 'letters and digits only' (issue 13, 10)."""
    _window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "yxzrgs")
    _choose_id_type(desk, form, "114")
    assert "中国人民解放军军官证" in form.id_type.currentText()
    _keys(desk, form.id_type, Qt.Key.Key_Tab)
    id_edit = form.edits["applicant_id_number"]
    assert _focused() is id_edit
    desk.type(id_edit, "南字第20123456号")
    _keys(desk, id_edit, Qt.Key.Key_Tab)
    assert not form.findChild(QLabel, "applicant_id_number_error").isVisible()
    assert form.errors.message_for("applicant_id_number") in (None, "")
    assert form.id_info.text() == "格式正确"
    desk.type(form.edits["applicant_name"], "王建军")
    _keys(desk, _focused(), Qt.Key.Key_Tab)
    desk.type(form.edits["mobile"], "13812345678")
    _tick_required(desk, form)
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert form.result is not None, form.errors.general.text()
    assert form.result.applicant_id_type == "114"
    assert form.result.applicant_id_number == "南字第20123456号"


HONG_KONG_PERMIT = "810000199001010019"


def test_a_residence_permit_under_resident_id_is_told_which_type_to_choose(desk, ctx, qtbot):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _window, form = _form_for_ticket(desk, ctx)
    _pick_item(desk, form, "yxzrgs")
    _keys(desk, form.id_type, Qt.Key.Key_Tab)  # 111 居民身份证, the default
    id_edit = form.edits["applicant_id_number"]
    desk.type(id_edit, HONG_KONG_PERMIT)
    error = form.findChild(QLabel, "applicant_id_number_error")
    assert error.isVisible()
    assert "港澳居民居住证" in error.text() and "237" in error.text()
    assert id_edit.text() == HONG_KONG_PERMIT  # kept as typed

    # Going through the list with the arrow keys checks the number again under each type, and
    # the focus stays in the box.
    _keys(desk, id_edit, (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier))
    assert _focused() is form.id_type
    _keys(desk, form.id_type, Qt.Key.Key_Down)
    assert form.id_type.currentData() == "112" and _focused() is form.id_type
    assert "临时居民身份证号码" in error.text() and "237" in error.text()
    _choose_id_type(desk, form, "237")
    assert not error.isVisible() and _focused() is form.id_type
    assert "1990-01-01" in form.id_info.text() and "香港" in form.id_info.text()
    _keys(desk, form.id_type, Qt.Key.Key_Tab)
    _keys(desk, id_edit, Qt.Key.Key_Tab)
    desk.type(form.edits["applicant_name"], "陈大文")
    _keys(desk, _focused(), Qt.Key.Key_Tab)
    desk.type(form.edits["mobile"], "+852 9123 4567")
    form.resize(1280, 860)
    qtbot.wait(50)
    assert form.grab().save(str(SHOTS / "intake_form_residence_permit.png"))
    _tick_required(desk, form)
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))
    assert form.result is not None, form.errors.general.text()
    assert (form.result.applicant_id_type, form.result.contact_mobile) == ("237", "+85291234567")
