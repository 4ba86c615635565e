"""The admin's catalog tab and holiday dialog, typed like an admin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QTabWidget

from app.domain.codes import CalendarDayKind, Role
from app.services import auth, calendar, catalog
from ui.widgets.calendar_dialog import CalendarDialog
from ui.windows.admin import AdminWindow
from ui.windows.catalog import CatalogPage

SHOTS = Path("/tmp/halldesk-shots")


def _admin_ctx(ctx, desk):
    ctx.user = auth.authenticate(ctx.db, "admin", desk.PASSWORD, host="pc-test")
    return ctx


def test_admin_window_has_the_catalog_tab_and_pinyin_search(desk, ctx, qtbot):
    _admin_ctx(ctx, desk)
    window = AdminWindow(ctx)
    window.show()
    qtbot.waitExposed(window)
    tabs = window.findChild(QTabWidget, "tabs")
    desk.click_tab(tabs, "事项目录")
    page = window.findChild(CatalogPage, "catalog_page")
    assert page.model.rowCount() == 32
    search = page.findChild(QLineEdit, "catalog_search")
    desk.type(search, "gtgs")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # at once, without waiting for the pause
    assert page.model.row(0).name == "个体工商户设立登记"
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 800)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "admin_catalog.png"))
    window.hide()


def test_edit_item_dialog_marks_the_bad_field(desk, ctx, qtbot):
    _admin_ctx(ctx, desk)
    page = CatalogPage(ctx)
    page.show()
    qtbot.waitExposed(page)
    desk.type(page.search, "gzkz")  # 公章刻制备案
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    page.table.selectRow(0)

    def interact(dialog):
        code = dialog.findChild(QLineEdit, "implementation_code")
        other = catalog.list_items(ctx.db)[0].implementation_code
        desk.retype(code, other)
        desk.click(desk.ok_button(dialog))
        assert "已被另一个事项使用" in desk.label_text(dialog, "implementation_code_error")
        assert code.text() == other  # kept
        dialog.resize(900, 900)
        qtbot.wait(30)
        dialog.grab().save(str(SHOTS / "catalog_item_dialog.png"))

    desk.modal(page.edit_item, interact)


def test_calendar_dialog_adds_a_2027_holiday(desk, ctx, qtbot):
    _admin_ctx(ctx, desk)
    dialog = CalendarDialog(ctx)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.year.setValue(2027)
    dialog.day.setDate(QDate(2027, 1, 1))
    dialog.kind.setCurrentIndex(dialog.kind.findData(CalendarDayKind.HOLIDAY.value))
    desk.type(dialog.name, "元旦")
    desk.click(dialog.findChild(QPushButton, "save_day"))
    assert [o.day for o in calendar.list_overrides(ctx.db, 2027)] == [date(2027, 1, 1)]
    assert dialog.model.rowCount() == 1
    # a weekday cannot be a make-up workday: said next to the date
    dialog.day.setDate(QDate(2027, 1, 5))
    dialog.kind.setCurrentIndex(dialog.kind.findData(CalendarDayKind.WORKDAY.value))
    desk.click(dialog.findChild(QPushButton, "save_day"))
    assert "星期二" in desk.label_text(dialog, "day_error")
    assert dialog.name.text() == "元旦"
    dialog.resize(760, 600)
    qtbot.wait(30)
    assert dialog.grab().save(str(SHOTS / "calendar_dialog.png"))
    dialog.close()
    QApplication.processEvents()
    _ = Qt


def test_the_admin_confirms_a_years_arrangement_in_the_calendar_dialog(desk, ctx, qtbot):
    _admin_ctx(ctx, desk)
    dialog = CalendarDialog(ctx)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.year.setValue(2027)
    button = dialog.findChild(QPushButton, "confirm_year")
    assert button.isVisible() and button.text() == "确认 2027 年放假安排已完整录入"
    assert "2027 年的放假安排尚未确认" in dialog.status.text()

    # Nothing entered yet: refused, said plainly, nothing confirmed.
    desk.modal(lambda: desk.click(button), lambda box: box.accept())
    assert "请先按国务院办公厅的通知逐日录入" in dialog.errors.general.text()

    dialog.day.setDate(QDate(2027, 2, 9))
    dialog.kind.setCurrentIndex(dialog.kind.findData(CalendarDayKind.HOLIDAY.value))
    desk.type(dialog.name, "春节")
    desk.click(dialog.findChild(QPushButton, "save_day"))
    assert "尚未确认" in dialog.status.text()  # a day entered confirms nothing

    def give_the_notice_number(box):
        box.setTextValue("国办发明电〔2026〕X号")
        box.accept()

    desk.modal(lambda: desk.click(button), give_the_notice_number)
    assert "尚未确认" not in dialog.status.text()
    assert dialog.moved.text() == "2027 年没有在办办件的期限因此改变。"
    assert button.text() == "撤销对 2027 年放假安排的确认"
    status = calendar.calendar_status(ctx.db, date(2027, 1, 1), 0)[0]
    assert status.note == "国办发明电〔2026〕X号"
    desk.click(button)  # taken back
    assert "2027 年的放假安排尚未确认" in dialog.status.text()
    dialog.year.setValue(2026)
    assert not button.isVisible()  # the package's year needs no confirmation
    dialog.close()


def test_confirming_lists_the_cases_whose_deadlines_moved(desk, ctx, qtbot):
    from datetime import UTC, datetime

    from app.services.context import Actor
    from tests.intake_helpers import accept_case

    _admin_ctx(ctx, desk)
    clerk = Actor(user_id=None, username="clerk01", role=Role.CLERK, host="pc-test")
    case = accept_case(ctx.db, clerk, now=datetime(2026, 12, 29, 2, 0, tzinfo=UTC))
    calendar.save_override(ctx.db, ctx.actor, date(2027, 1, 4), CalendarDayKind.HOLIDAY, "调休")
    dialog = CalendarDialog(ctx)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.year.setValue(2027)
    desk.modal(lambda: desk.click(dialog.confirm), lambda box: box.accept())
    text = dialog.moved.text()
    assert "重新计算 1 件在办办件的期限" in text
    assert case.case_no in text and "2027-01-04 → 2027-01-05" in text
    dialog.close()


def test_the_admin_imports_a_years_arrangement_after_a_preview(desk, ctx, qtbot, tmp_path):
    _admin_ctx(ctx, desk)
    calendar.save_override(ctx.db, ctx.actor, date(2027, 2, 9), CalendarDayKind.HOLIDAY, "春节")
    path = tmp_path / "2027.txt"
    path.write_text(
        "年份 2027\n文号 国办发明电〔2026〕X号\n2027-02-09 休息 春节\n2027-02-20 上班 春节调休\n",
        encoding="utf-8",
    )
    dialog = CalendarDialog(ctx)
    dialog.show()
    qtbot.waitExposed(dialog)
    seen = {}

    def look_then_import(preview):
        model = preview.table.model()
        seen["rows"] = [
            [model.index(r, c).data() for c in (0, 2, 4)] for r in range(model.rowCount())
        ]
        preview.grab().save(str(SHOTS / "calendar_import_preview.png"))
        assert calendar.list_overrides(ctx.db, 2027)[0].day == date(2027, 2, 9)  # nothing yet
        preview.confirm.setChecked(True)
        preview.accept()

    desk.modal(lambda: dialog.import_file(str(path)), look_then_import)
    assert seen["rows"] == [
        ["2027-02-09", "法定节假日（休息）", "不变"],
        ["2027-02-20", "调休上班日", "新增"],
    ]
    assert [o.day for o in calendar.list_overrides(ctx.db, 2027)] == [
        date(2027, 2, 9),
        date(2027, 2, 20),
    ]
    assert dialog.year.value() == 2027 and dialog.model.rowCount() == 2
    assert "尚未确认" not in dialog.status.text()

    # A wrong line: said, nothing written, no preview.
    path.write_text("年份 2027\n2027-02-10 上班\n", encoding="utf-8")
    dialog.import_file(str(path))
    assert "第 2 行" in dialog.errors.general.text() and "星期三" in dialog.errors.general.text()
    assert len(calendar.list_overrides(ctx.db, 2027)) == 2
    dialog.close()
