"""The admin window, driven the way the system administrator uses it: buttons, modal forms, typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPushButton, QTabWidget

from app.domain.codes import Role
from app.services import admin, auth
from ui.application import DeskController
from ui.login import LoginDialog
from ui.widgets.admin_dialogs import CheckList, FormDialog
from ui.windows.admin import AdminWindow
from ui.windows.clerk import ClerkWindow


@pytest.fixture
def admin_window(qtbot, desk, ctx) -> AdminWindow:
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "admin")
    window = controller.window
    assert isinstance(window, AdminWindow)
    window.controller = controller  # type: ignore[attr-defined]  (kept alive with the window)
    return window


def _rows(page) -> list:
    return page.model.rows()


def _cell(page, row: int, title: str) -> str:
    model = page.model
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == title:
            return model.data(model.index(row, column))
    raise AssertionError(f"no column {title!r}")


def _row_of(page, predicate) -> int:
    for i, row in enumerate(_rows(page)):
        if predicate(row):
            return i
    raise AssertionError("row not in the table")


# ----------------------------------------------------------------------------- users


def test_create_user_short_password_then_fixed(qtbot, desk, admin_window):
    window = admin_window
    seen: dict[str, str] = {}

    def fill(dialog):
        assert isinstance(dialog, FormDialog)
        assert dialog.windowTitle() == "新建用户"
        desk.type(desk.find(dialog, QLineEdit, "username"), "li.na")
        desk.type(desk.find(dialog, QLineEdit, "full_name"), "李娜")
        desk.type(desk.find(dialog, QLineEdit, "staff_no"), "LJ0199")
        desk.choose(desk.find(dialog, QComboBox, "role"), Role.CLERK)
        desk.toggle_checks(
            dialog.findChild(CheckList, "counters"),
            lambda number, checked: number == 3 and not checked,
        )
        password = desk.find(dialog, QLineEdit, "password")
        desk.type(password, "abc1")
        desk.click(desk.ok_button(dialog))

        # Refused: still open, message at the password, nothing typed lost.
        assert dialog.isVisible()
        seen["password_error"] = desk.label_text(dialog, "password_error")
        assert "至少 8 位" in seen["password_error"]
        assert desk.find(dialog, QLineEdit, "username").text() == "li.na"
        assert desk.find(dialog, QLineEdit, "full_name").text() == "李娜"
        assert dialog.findChild(CheckList, "counters").checked_data() == [3]

        desk.retype(password, "abcd1234")
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()
        assert dialog.result() == FormDialog.DialogCode.Accepted

    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "new_user")), fill)

    users = window.users
    row = _row_of(users, lambda u: u.username == "li.na")
    assert _cell(users, row, "姓名") == "李娜"
    assert _cell(users, row, "工号") == "LJ0199"
    assert _cell(users, row, "角色") == "窗口工作人员"
    assert _cell(users, row, "状态") == "正常"
    assert _cell(users, row, "可登录窗口") == "3"
    assert users.selected() is not None and users.selected().username == "li.na"

    desk.click_tab(window.tabs, "审计日志（只读）")
    entries = window.audit.model.rows()
    created = [e for e in entries if e.action == "user.create"]
    assert created, [e.action for e in entries[:10]]
    assert created[0].username == "admin"
    assert created[0].after["username"] == "li.na"
    assert created[0].after["counters"] == [3]
    audit_row = entries.index(created[0])
    assert (
        _cell(window.audit, audit_row, "操作") == "新建用户"
    )  # the audit tab names actions in Chinese
    assert _cell(window.audit, audit_row, "用户") == "admin"


def test_new_user_can_log_in_with_the_initial_password(qtbot, desk, admin_window, make_ctx):
    def fill(dialog):
        desk.type(desk.find(dialog, QLineEdit, "username"), "wang.fang")
        desk.type(desk.find(dialog, QLineEdit, "full_name"), "王芳")
        desk.toggle_checks(
            dialog.findChild(CheckList, "counters"), lambda number, checked: number == 8
        )
        desk.type(desk.find(dialog, QLineEdit, "password"), "first2026")
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "new_user")), fill)

    # First login: the initial password must be changed before the window opens.
    pc = DeskController(make_ctx("pc-8"))
    dialog = pc.show_login()

    def change(form):
        assert form.windowTitle() == "请修改密码"
        desk.type(desk.find(form, QLineEdit, "old_password"), "first2026")
        desk.type(desk.find(form, QLineEdit, "new_password"), "mine2026")
        desk.type(desk.find(form, QLineEdit, "new_password_again"), "mine2027")
        desk.click(desk.ok_button(form))
        assert form.isVisible()
        assert "不一致" in desk.label_text(form, "new_password_again_error")
        desk.retype(desk.find(form, QLineEdit, "new_password_again"), "mine2026")
        desk.click(desk.ok_button(form))
        assert not form.isVisible()

    desk.modal(lambda: desk.login(dialog, "wang.fang", password="first2026", counter=8), change)
    assert isinstance(pc.window, ClerkWindow)
    assert pc.ctx.user.must_change_password is False
    assert (
        auth.authenticate(pc.ctx.db, "wang.fang", "mine2026", host="pc-8").must_change_password
        is False
    )


def test_duplicate_username_is_marked_at_the_username(qtbot, desk, admin_window):
    def fill(dialog):
        desk.type(desk.find(dialog, QLineEdit, "username"), "clerk01")
        desk.type(desk.find(dialog, QLineEdit, "full_name"), "张三")
        desk.type(desk.find(dialog, QLineEdit, "password"), "abcd1234")
        desk.click(desk.ok_button(dialog))
        assert dialog.isVisible()
        assert "clerk01 已被使用" in desk.label_text(dialog, "username_error")
        assert desk.find(dialog, QLineEdit, "full_name").text() == "张三"
        desk.click(desk.cancel_button(dialog))
        assert not dialog.isVisible()

    before = len(_rows(admin_window.users))
    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "new_user")), fill)
    assert len(_rows(admin_window.users)) == before


def test_disable_user_with_toggle(qtbot, desk, admin_window, make_ctx):
    users = admin_window.users
    row = _row_of(users, lambda u: u.username == "clerk02")
    assert _cell(users, row, "状态") == "正常"
    desk.click_row(users.table, row, 1)
    assert users.selected().username == "clerk02"

    desk.click(desk.find(admin_window, QPushButton, "toggle_user"))

    row = _row_of(users, lambda u: u.username == "clerk02")
    assert _cell(users, row, "状态") == "已停用"
    assert any(
        e.action == "user.disable" for e in admin.list_audit(admin_window.ctx.db, username="admin")
    )

    # The disabled clerk can no longer log in.
    pc = DeskController(make_ctx("pc-2"))
    dialog = pc.show_login()
    desk.login(dialog, "clerk02", counter=2)
    assert pc.window is None
    assert "已停用" in desk.label_text(dialog, "username_error")

    # And enabled again with the same button.
    desk.click_row(users.table, row, 1)
    desk.click(desk.find(admin_window, QPushButton, "toggle_user"))
    assert _cell(users, _row_of(users, lambda u: u.username == "clerk02"), "状态") == "正常"


def test_admin_cannot_disable_own_account(qtbot, desk, admin_window):
    users = admin_window.users
    desk.click_row(users.table, _row_of(users, lambda u: u.username == "admin"), 1)
    seen: list[str] = []

    def read(box):
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        desk.click(box.button(QMessageBox.StandardButton.Ok))

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "toggle_user")), read)
    assert seen and "不能停用自己" in seen[0]
    assert _cell(users, _row_of(users, lambda u: u.username == "admin"), "状态") == "正常"


def test_toggle_without_a_selection_asks_to_choose(qtbot, desk, admin_window):
    admin_window.users.table.clearSelection()
    seen: list[str] = []

    def read(box):
        seen.append(box.text())
        desk.click(box.button(QMessageBox.StandardButton.Ok))

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "toggle_user")), read)
    assert seen and "请先在列表中选择" in seen[0]


def test_reset_password_dialog(qtbot, desk, admin_window, make_ctx):
    users = admin_window.users
    desk.click_row(users.table, _row_of(users, lambda u: u.username == "clerk09"), 0)

    def fill(dialog):
        assert "clerk09" in dialog.windowTitle()
        password = desk.find(dialog, QLineEdit, "password")
        desk.type(password, "12345678")
        desk.click(desk.ok_button(dialog))
        assert dialog.isVisible()
        assert "字母和数字" in desk.label_text(dialog, "password_error")
        desk.retype(password, "temp2026x")
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "reset_password")), fill)
    assert auth.authenticate(
        admin_window.ctx.db, "clerk09", "temp2026x", host="pc-9"
    ).must_change_password


# ----------------------------------------------------------------------------- categories


def test_new_category_with_a_used_prefix_stays_open(qtbot, desk, admin_window):
    window = admin_window
    desk.click_tab(window.tabs, "业务类别")
    before = len(_rows(window.categories))

    def fill(dialog):
        assert dialog.windowTitle() == "新建业务类别"
        prefix = desk.find(dialog, QLineEdit, "prefix")
        desk.type(prefix, "A")
        desk.type(desk.find(dialog, QLineEdit, "name"), "人才服务")
        desk.click(desk.ok_button(dialog))

        assert dialog.isVisible()
        message = desk.label_text(dialog, "prefix_error")
        assert "号码前缀 A 已被" in message and "企业开办" in message
        assert prefix.text() == "A"
        assert desk.find(dialog, QLineEdit, "name").text() == "人才服务"

        # A free letter is accepted.
        desk.retype(prefix, "H")
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()

    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "new_category")), fill)
    assert len(_rows(window.categories)) == before + 1
    row = _row_of(window.categories, lambda c: c.prefix == "H")
    assert _cell(window.categories, row, "名称") == "人才服务"


def test_lower_case_prefix_clash_is_also_caught(qtbot, desk, admin_window):
    desk.click_tab(admin_window.tabs, "业务类别")

    def fill(dialog):
        desk.type(desk.find(dialog, QLineEdit, "prefix"), "b")
        desk.type(desk.find(dialog, QLineEdit, "name"), "不动产二")
        desk.click(desk.ok_button(dialog))
        assert dialog.isVisible()
        assert "不动产登记" in desk.label_text(dialog, "prefix_error")
        desk.click(desk.cancel_button(dialog))

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "new_category")), fill)


# ----------------------------------------------------------------------------- windows (counters)


def test_edit_window_categories_none_checked_is_refused(qtbot, desk, admin_window):
    window = admin_window
    desk.click_tab(window.tabs, "窗口")
    counters = window.counters
    row = _row_of(counters, lambda c: c.number == 2)
    assert _cell(counters, row, "办理类别（叫号顺序）") == "A → E"
    desk.click_row(counters.table, row, 1)

    def edit(dialog):
        assert dialog.windowTitle() == "编辑 2 号窗口"
        lst = dialog.category_list
        assert len(lst.checked_data()) == 2
        desk.toggle_checks(lst, lambda _id, checked: checked)  # uncheck all
        assert lst.checked_data() == []
        desk.click(desk.ok_button(dialog))

        assert dialog.isVisible()
        assert "请至少选择一个" in desk.label_text(dialog, "categories_error")
        assert desk.find(dialog, QLineEdit, "name").text() == "企业开办综合窗口"

        # Serve only 税务 (E) from now on.
        prefixes = {c.id: c.prefix for c in admin.list_categories(window.ctx.db)}
        desk.toggle_checks(lst, lambda cid, checked: prefixes[cid] == "E")
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()

    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "edit_counter")), edit)
    row = _row_of(counters, lambda c: c.number == 2)
    assert _cell(counters, row, "办理类别（叫号顺序）") == "E"
    assert any(
        e.action == "counter.update" for e in admin.list_audit(window.ctx.db, username="admin")
    )


def test_new_window_number_clash_is_marked_at_the_number(qtbot, desk, admin_window):
    from PySide6.QtWidgets import QSpinBox

    desk.click_tab(admin_window.tabs, "窗口")

    def fill(dialog):
        number = desk.find(dialog, QSpinBox, "number")
        number.setFocus()
        number.selectAll()
        qtbot.keyClicks(number, "5")
        qtbot.keyClick(number, Qt.Key.Key_Tab)
        assert number.value() == 5
        desk.type(desk.find(dialog, QLineEdit, "name"), "临时窗口")
        desk.toggle_checks(dialog.category_list, lambda _cid, _checked: True)
        desk.click(desk.ok_button(dialog))
        assert dialog.isVisible()
        assert "已经有 5 号窗口" in desk.label_text(dialog, "number_error")
        desk.click(desk.cancel_button(dialog))

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "new_counter")), fill)


# ----------------------------------------------------------------------------- hall-wide rules


def test_the_case_number_rule_is_set_for_the_whole_hall_and_audited(
    qtbot, desk, admin_window, make_ctx
):
    window = admin_window
    desk.click_tab(window.tabs, "大厅设置")
    page = window.hall_rules
    rule = desk.find(page, QComboBox, "case_number_rule")
    save = desk.find(page, QPushButton, "save_case_number_rule")
    assert rule.currentData() == "hall_date_seq"
    assert page.example.text().startswith("330199") and not save.isEnabled()

    desk.choose(rule, "item_date_seq")
    assert rule.currentText() == "事项实施编码 + 日期 + 该事项当日顺序号"
    assert not page.example.text().startswith("330199") and page.example.text().endswith("0001")
    desk.click(save)
    assert "已保存：全厅从下一件办件起按“事项实施编码" in page.message.text()
    assert not save.isEnabled()
    other_pc = make_ctx("pc-other")  # another PC reads the hall's rule, whatever its file says
    assert admin.case_number_rule(other_pc.db).current == "item_date_seq"

    desk.click_tab(window.tabs, "审计日志（只读）")
    row = _row_of(window.audit, lambda e: e.action == "hall.case_number_rule")
    assert _cell(window.audit, row, "操作") == "修改办件编号规则"
    assert _cell(window.audit, row, "修改后") == "办件编号规则 item_date_seq"
    assert _cell(window.audit, row, "用户") == "admin"


def test_audit_filter_by_username(qtbot, desk, admin_window):
    window = admin_window
    desk.click_tab(window.tabs, "审计日志（只读）")
    desk.type(window.audit_filter, "admin")
    qtbot.keyClick(window.audit_filter, Qt.Key.Key_Return)
    users = {e.username for e in window.audit.model.rows()}
    assert users == {"admin"}


def test_admin_logout_goes_back_to_login(qtbot, desk, admin_window):
    controller = admin_window.controller
    desk.click(desk.find(admin_window, QPushButton, "logout"))
    assert isinstance(controller.login, LoginDialog) and controller.login.isVisible()
    assert isinstance(admin_window.tabs, QTabWidget)


# ----------------------------------------------------------------------------- departments


def test_admin_sets_where_a_departments_decisions_can_be_challenged(qtbot, desk, admin_window):
    from sqlalchemy import update

    from app.db.models import Department

    ctx = admin_window.ctx
    with ctx.db.session() as s:
        s.execute(
            update(Department).where(Department.name.like("国家税务总局%")).values(court=None)
        )
    admin_window.refresh()
    page = admin_window.departments
    admin_window.tabs.setCurrentWidget(page)
    assert "1 个部门未设置" in admin_window.departments_note.text()
    row = _row_of(page, lambda d: d.name == "国家税务总局临江市税务局")
    assert _cell(page, row, "人民法院") == "（未设置）" and _cell(page, row, "垂直管理") == "是"
    page.table.selectRow(row)

    def fill(dialog):
        name = desk.find(dialog, QLineEdit, "name")
        assert name.isReadOnly()  # items name it: renamed in the catalog, not here
        desk.type(desk.find(dialog, QLineEdit, "court"), "江滨区")
        desk.click(desk.ok_button(dialog))
        assert "人民法院的全称" in desk.label_text(dialog, "court_error")
        desk.retype(desk.find(dialog, QLineEdit, "court"), "临江市江滨区人民法院")
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: desk.click(desk.find(admin_window, QPushButton, "edit_department")), fill)
    row = _row_of(page, lambda d: d.name == "国家税务总局临江市税务局")
    assert _cell(page, row, "人民法院") == "临江市江滨区人民法院"
    assert admin_window.departments_note.text() == ""
    [entry] = admin.list_audit(ctx.db, username="admin")[:1]
    assert entry.action == "department.save"


def test_the_audit_tab_checks_the_hash_chain(qtbot, desk, admin_window):
    """校验完整性 walks the chain on the task runner (at once in tests) and says what it found; an
    entry changed behind the program's back (the file's owner drops the trigger) is named."""
    from sqlalchemy import text

    window = admin_window
    desk.click_tab(window.tabs, "审计日志（只读）")
    verify = desk.find(window, QPushButton, "verify_audit")
    desk.click(verify)
    result = desk.label_text(window, "audit_verify_result")
    count = len(admin.list_audit(window.ctx.db, limit=10_000))
    assert result.startswith(f"完整：共 {count} 条") and verify.isEnabled()

    login = next(e for e in admin.list_audit(window.ctx.db) if e.action == "login")
    with window.ctx.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(
            text("UPDATE audit_log SET host = 'elsewhere' WHERE id = :id"), {"id": login.id}
        )
    desk.click(verify)
    result = desk.label_text(window, "audit_verify_result")
    assert result.startswith(f"断开（内容被改动）：id {login.id}，时间 "), result
