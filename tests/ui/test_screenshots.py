"""Every screen rendered to a PNG under /tmp/halldesk-shots/ for a person to look at, plus the
checks a machine can make: nothing drawn blank, no button or label narrower than its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app.services import admin, queue
from ui.application import DeskController
from ui.widgets.admin_dialogs import (
    category_dialog,
    change_password_dialog,
    counter_dialog,
    password_dialog,
    user_dialog,
)
from ui.windows.admin import AdminWindow
from ui.windows.clerk import ClerkWindow
from ui.windows.manager import ManagerWindow

SHOTS = Path("/tmp/halldesk-shots")


@pytest.fixture(scope="module", autouse=True)
def shots_dir() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def _save(qtbot, widget: QWidget, name: str) -> QImage:
    if not widget.isVisible():
        widget.show()
    qtbot.waitExposed(widget)
    widget.repaint()
    pixmap = widget.grab()
    path = SHOTS / f"{name}.png"
    assert pixmap.save(str(path)), f"could not write {path}"
    image = pixmap.toImage()
    assert not image.isNull() and image.width() > 100 and image.height() > 100
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 3, f"{name}: drawn as a flat colour"
    return image


def _clipped(root: QWidget) -> list[str]:
    """Visible buttons and single-line labels narrower (or lower) than their text needs."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            need = widget.sizeHint()
        elif isinstance(widget, QAbstractButton) and widget.text():
            need = widget.minimumSizeHint()
        else:
            continue
        got = widget.size()
        if got.width() < need.width() or got.height() < need.height():
            problems.append(
                f"{type(widget).__name__} {widget.objectName() or widget.text()!r}: "
                f"{got.width()}x{got.height()} < {need.width()}x{need.height()}"
            )
    return problems


def _dark_pixels(image: QImage) -> int:
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if QColor(image.pixel(x, y)).lightness() < 100
    )


# ----------------------------------------------------------------------------- login


def test_shot_login_dialog(qtbot, desk, ctx):
    controller = DeskController(ctx)
    dialog = controller.show_login()
    image = _save(qtbot, dialog, "01-login")
    assert _dark_pixels(image) > 200
    assert _clipped(dialog) == []


def test_shot_login_dialog_with_messages(qtbot, desk, make_ctx):
    pc_a = DeskController(make_ctx("pc-a"))
    desk.login(pc_a.show_login(), "clerk05", counter=5)
    pc_b = DeskController(make_ctx("pc-b"))
    dialog = pc_b.show_login()
    desk.fill_login(dialog, "clerk05", counter=5)
    desk.click(desk.find(dialog, QPushButton, "login"))
    assert dialog.findChild(QPushButton, "take_over").isVisible()
    dialog.adjustSize()
    _save(qtbot, dialog, "02-login-window-taken")
    assert _clipped(dialog) == []

    wrong = DeskController(make_ctx("pc-c")).show_login()
    desk.fill_login(wrong, "clerk03", password="wrongpass1", counter=3)
    desk.click(desk.find(wrong, QPushButton, "login"))
    wrong.adjustSize()
    _save(qtbot, wrong, "03-login-wrong-password")
    assert _clipped(wrong) == []


# ----------------------------------------------------------------------------- role windows


def test_shot_admin_window_every_tab(qtbot, desk, ctx):
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "admin")
    window = controller.window
    assert isinstance(window, AdminWindow)
    tabs: QTabWidget = window.tabs
    names = ["04-admin-users", "05-admin-windows", "06-admin-categories", "07-admin-audit"]
    for i, name in enumerate(names):
        desk.click_tab(tabs, tabs.tabText(i))
        _save(qtbot, window, name)
        assert _clipped(window) == [], name


def test_shot_manager_window(qtbot, desk, ctx):
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "manager")
    assert isinstance(controller.window, ManagerWindow)
    _save(qtbot, controller.window, "08-manager")
    assert _clipped(controller.window) == []


def test_shot_clerk_window(qtbot, desk, ctx):
    categories = {c.prefix: c for c in admin.list_categories(ctx.db)}
    for prefix, name in [("F", None), ("A", "张伟"), ("A", "欧阳娜娜"), ("C", None)]:
        queue.issue_ticket(ctx.db, categories[prefix].id, applicant_name=name)
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "clerk01", counter=11)
    window = controller.window
    assert isinstance(window, ClerkWindow)
    _save(qtbot, window, "09-clerk-idle")
    assert _clipped(window) == []
    desk.click(desk.find(window, QPushButton, "call_next"))
    assert window.findChild(QLabel, "current_number").text() != "—"
    _save(qtbot, window, "10-clerk-called")
    assert _clipped(window) == []


# ----------------------------------------------------------------------------- admin dialogs


@pytest.fixture
def admin_window(qtbot, desk, ctx) -> AdminWindow:
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "admin")
    return controller.window


def test_shot_user_dialog_with_error(qtbot, desk, admin_window, ctx):
    calls = []

    def save(values):
        calls.append(values)
        return admin.create_user(
            ctx.db,
            ctx.actor,
            username=values["username"],
            full_name=values["full_name"],
            role=values["role"],
            password=values["password"],
            staff_no=values["staff_no"],
            counter_numbers=values["counters"],
        )

    dialog = user_dialog(admin_window, admin.list_counters(ctx.db), None, save)
    dialog.show()
    desk.type(desk.find(dialog, QLineEdit, "username"), "li.na")
    desk.type(desk.find(dialog, QLineEdit, "full_name"), "李娜")
    desk.type(desk.find(dialog, QLineEdit, "password"), "abc")
    desk.click(desk.ok_button(dialog))
    assert dialog.isVisible() and calls
    assert "至少 8 位" in desk.label_text(dialog, "password_error")
    dialog.adjustSize()
    _save(qtbot, dialog, "11-dialog-new-user-error")
    assert _clipped(dialog) == []


def test_shot_category_dialog_with_error(qtbot, desk, admin_window, ctx):
    dialog = category_dialog(
        admin_window, None, lambda v: admin.save_category(ctx.db, ctx.actor, v)
    )
    dialog.show()
    desk.type(desk.find(dialog, QLineEdit, "prefix"), "A")
    desk.type(desk.find(dialog, QLineEdit, "name"), "人才服务")
    desk.click(desk.ok_button(dialog))
    assert "已被" in desk.label_text(dialog, "prefix_error")
    dialog.adjustSize()
    _save(qtbot, dialog, "12-dialog-category-error")
    assert _clipped(dialog) == []


def test_shot_counter_dialog_with_error(qtbot, desk, admin_window, ctx):
    counter = next(c for c in admin.list_counters(ctx.db) if c.number == 11)
    dialog = counter_dialog(
        admin_window,
        admin.list_categories(ctx.db),
        counter,
        lambda v: admin.save_counter(ctx.db, ctx.actor, counter_id=counter.id, **v),
    )
    dialog.show()
    desk.toggle_checks(dialog.category_list, lambda _cid, checked: checked)
    desk.click(desk.ok_button(dialog))
    assert "请至少选择一个" in desk.label_text(dialog, "categories_error")
    dialog.adjustSize()
    _save(qtbot, dialog, "13-dialog-counter-error")
    assert _clipped(dialog) == []


def test_shot_counter_dialog_weighted(qtbot, desk, admin_window, ctx):
    """Window 11 (three categories) by weight: the mode's hint and a weight per category."""
    from app.domain.queue import CallMode

    counter = next(c for c in admin.list_counters(ctx.db) if c.number == 11)
    dialog = counter_dialog(
        admin_window,
        admin.list_categories(ctx.db),
        counter,
        lambda v: admin.save_counter(ctx.db, ctx.actor, counter_id=counter.id, **v),
    )
    dialog.show()
    desk.choose(desk.find(dialog, QComboBox, "call_mode"), CallMode.WEIGHTED)
    desk.toggle_checks(dialog.category_list, lambda _cid, checked: not checked)  # all seven
    qtbot.wait(50)  # the layout requests of the new spin boxes
    dialog.adjustSize()
    _save(qtbot, dialog, "17-dialog-counter-weighted")
    assert _clipped(dialog) == []


def test_shot_password_dialogs(qtbot, desk, admin_window, ctx):
    reset = password_dialog(admin_window, "clerk09", lambda pw: None)
    reset.show()
    reset.adjustSize()
    _save(qtbot, reset, "14-dialog-reset-password")
    assert _clipped(reset) == []

    change = change_password_dialog(None, "张晓雯", lambda old, new: None)
    change.show()
    change.adjustSize()
    _save(qtbot, change, "15-dialog-change-password")
    assert _clipped(change) == []


def test_login_combo_shows_whole_entries(qtbot, desk, ctx):
    """The window list must be wide enough for '12 号窗口 · 综合咨询台' and the longest name."""
    dialog = DeskController(ctx).show_login()
    qtbot.waitExposed(dialog)
    combo = dialog.findChild(QComboBox, "counter")
    widest = max(
        combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
    )
    assert combo.width() >= widest, f"{combo.width()} < {widest}"


def test_error_mark_on_window_categories_stays_on_the_list(qtbot, desk, admin_window, ctx):
    """Marking the categories field red must not restyle the 上移/下移 buttons beside the list
    (an unscoped 'border: …' style sheet on the container cascades into every child)."""
    counter = next(c for c in admin.list_counters(ctx.db) if c.number == 2)
    dialog = counter_dialog(
        admin_window,
        admin.list_categories(ctx.db),
        counter,
        lambda v: admin.save_counter(ctx.db, ctx.actor, counter_id=counter.id, **v),
    )
    dialog.show()
    qtbot.waitExposed(dialog)
    up = desk.button(dialog, "上移")
    before = up.grab().toImage()
    _save(qtbot, dialog, "16-dialog-counter-normal")

    desk.toggle_checks(dialog.category_list, lambda _cid, checked: checked)
    desk.click(desk.ok_button(dialog))
    assert "请至少选择一个" in desk.label_text(dialog, "categories_error")
    dialog.repaint()
    after = up.grab().toImage()
    assert up.styleSheet() == ""
    assert before == after, "the 上移 button was restyled by the field's error mark"
