"""The admin sets how a window calls (in order, by weight, oldest first) and the weights of its
categories in the window dialog, by keyboard and mouse, and the service keeps what was chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox

from app.domain.queue import CallMode
from app.services import admin
from ui.application import DeskController
from ui.widgets.admin_dialogs import FormDialog, WeightPanel
from ui.windows.admin import AdminWindow


@pytest.fixture
def admin_window(qtbot, desk, ctx) -> AdminWindow:
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "admin")
    window = controller.window
    assert isinstance(window, AdminWindow)
    window.controller = controller  # type: ignore[attr-defined]  (kept alive with the window)
    desk.click_tab(window.tabs, "窗口")
    return window


def _counter(window: AdminWindow, number: int) -> admin.CounterInfo:
    return next(c for c in admin.list_counters(window.ctx.db) if c.number == number)


def _select_window(desk, window: AdminWindow, number: int) -> int:
    rows = window.counters.model.rows()
    row = next(i for i, c in enumerate(rows) if c.number == number)
    desk.click_row(window.counters.table, row, 1)
    return row


def _cell(window: AdminWindow, row: int, title: str) -> str:
    model = window.counters.model
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == title:
            return model.data(model.index(row, column))
    raise AssertionError(f"no column {title!r}")


def test_admin_sets_a_window_to_weighted_with_a_weight(qtbot, desk, admin_window):
    window = admin_window
    row = _select_window(desk, window, 2)
    assert _cell(window, row, "叫号方式") == "按顺序叫号"

    def edit(dialog):
        mode = desk.find(dialog, QComboBox, "call_mode")
        assert mode.currentText() == "按顺序叫号"
        assert "前面的类别没有人等候" in desk.label_text(dialog, "call_mode_hint")
        weight_a = desk.find(dialog, QSpinBox, "weight_A")
        assert not weight_a.isEnabled()  # weights only count in weighted mode

        desk.choose(mode, CallMode.WEIGHTED)
        assert mode.currentText() == "按权重轮叫"
        assert "权重" in desk.label_text(dialog, "call_mode_hint")
        assert weight_a.isEnabled()
        weight_a.setFocus()
        qtbot.keyClick(weight_a, Qt.Key.Key_Up)
        qtbot.keyClick(weight_a, Qt.Key.Key_Up)
        assert weight_a.value() == 3
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()
        assert dialog.result() == FormDialog.DialogCode.Accepted

    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "edit_counter")), edit)

    two = _counter(window, 2)
    assert two.category_prefixes == ("A", "E")
    assert (two.call_mode, two.weights) == (CallMode.WEIGHTED, (3, 1))
    row = next(i for i, c in enumerate(window.counters.model.rows()) if c.number == 2)
    assert _cell(window, row, "叫号方式") == "按权重轮叫（A:E = 3:1）"
    entry = admin.list_audit(window.ctx.db, action_prefix="counter.update")[0]
    assert (entry.before["call_mode"], entry.after["call_mode"]) == ("order", "weighted")

    def reopen(dialog):  # opened again, the dialog shows what was saved
        assert desk.find(dialog, QComboBox, "call_mode").currentText() == "按权重轮叫"
        weight_a = desk.find(dialog, QSpinBox, "weight_A")
        assert weight_a.isEnabled() and weight_a.value() == 3
        assert desk.find(dialog, QSpinBox, "weight_E").value() == 1
        desk.click(desk.cancel_button(dialog))

    desk.click_row(window.counters.table, row, 1)
    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "edit_counter")), reopen)


def test_weights_follow_their_category_when_checked_and_moved(qtbot, desk, admin_window):
    """Window 11 serves F → A → C. In weighted mode C gets weight 2 and moves up one place;
    B is checked too and starts at 1; its weight is kept when B is unchecked and checked again."""
    window = admin_window
    _select_window(desk, window, 11)
    prefixes = {c.id: c.prefix for c in admin.list_categories(window.ctx.db)}

    def edit(dialog):
        desk.choose(desk.find(dialog, QComboBox, "call_mode"), CallMode.WEIGHTED)
        panel = dialog.findChild(WeightPanel, "weights")
        assert [prefixes[cid] for cid in panel.spin_boxes] == ["F", "A", "C"]
        weight_c = desk.find(dialog, QSpinBox, "weight_C")
        weight_c.setFocus()
        qtbot.keyClick(weight_c, Qt.Key.Key_Up)

        lst = dialog.category_list
        desk.click_row(lst, [prefixes[cid] for cid in lst.checked_data()].index("C"))
        desk.click(desk.button(dialog, "上移"))
        assert [prefixes[cid] for cid in panel.spin_boxes] == ["F", "C", "A"]

        desk.toggle_checks(lst, lambda cid, checked: prefixes[cid] == "B")
        weight_b = desk.find(dialog, QSpinBox, "weight_B")
        assert weight_b.value() == 1 and weight_b.isVisible()
        weight_b.setFocus()
        weight_b.selectAll()
        qtbot.keyClicks(weight_b, "5")
        assert weight_b.value() == 5
        desk.toggle_checks(lst, lambda cid, checked: prefixes[cid] == "B")  # off
        assert dialog.findChild(QSpinBox, "weight_B") is None or not weight_b.isVisible()
        desk.toggle_checks(lst, lambda cid, checked: prefixes[cid] == "B")  # on again
        assert desk.find(dialog, QSpinBox, "weight_B").value() == 5
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()

    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "edit_counter")), edit)

    eleven = _counter(window, 11)
    assert eleven.call_mode is CallMode.WEIGHTED
    assert dict(zip(eleven.category_prefixes, eleven.weights, strict=True)) == {
        "F": 1,
        "C": 2,
        "A": 1,
        "B": 5,
    }
    assert eleven.category_prefixes[:3] == ("F", "C", "A")


def test_new_window_fifo_mode(qtbot, desk, admin_window):
    window = admin_window

    def fill(dialog):
        number = desk.find(dialog, QSpinBox, "number")
        number.setFocus()
        number.selectAll()
        qtbot.keyClicks(number, "20")
        assert number.value() == 20
        panel = dialog.findChild(WeightPanel, "weights")
        assert "请先在上面勾选" in panel.findChild(QLabel).text()
        desk.toggle_checks(dialog.category_list, lambda _cid, _checked: True)
        desk.choose(desk.find(dialog, QComboBox, "call_mode"), CallMode.FIFO)
        assert "先取号的先叫" in desk.label_text(dialog, "call_mode_hint")
        assert not panel.isEnabled()
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()

    desk.modal(lambda: desk.click(desk.find(window, QPushButton, "new_counter")), fill)
    twenty = _counter(window, 20)
    assert twenty.call_mode is CallMode.FIFO and set(twenty.weights) == {1}
    row = next(i for i, c in enumerate(window.counters.model.rows()) if c.number == 20)
    assert _cell(window, row, "叫号方式") == "先到先叫"
