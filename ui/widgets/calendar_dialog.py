"""The admin's holiday table (节假日设置): statutory holidays and make-up workdays per day, for the
years the bundled calendar does not know yet. Every change goes through app.services.calendar
(audited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.domain.codes import CalendarDayKind
from app.domain.workdays import YearSource
from app.errors import HallDeskError
from app.services import calendar
from app.services.calendar import OverrideInfo
from ui.forms import FieldErrors
from ui.table_model import Column, RowTableModel
from ui.tasks import acting

WEEKDAYS = (
    QT_TRANSLATE_NOOP("CalendarDialog", "星期一"),
    QT_TRANSLATE_NOOP("CalendarDialog", "星期二"),
    QT_TRANSLATE_NOOP("CalendarDialog", "星期三"),
    QT_TRANSLATE_NOOP("CalendarDialog", "星期四"),
    QT_TRANSLATE_NOOP("CalendarDialog", "星期五"),
    QT_TRANSLATE_NOOP("CalendarDialog", "星期六"),
    QT_TRANSLATE_NOOP("CalendarDialog", "星期日"),
)


class CalendarDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("calendar_dialog")
        self.setWindowTitle(self.tr("节假日设置"))
        self.setMinimumSize(720, 560)
        today = clock.today(ctx.timezone)

        self.status = QLabel()
        self.status.setObjectName("calendar_status")
        self.status.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year + 1 if today.month >= 10 else today.year)
        self.year.valueChanged.connect(self.refresh)

        self.model: RowTableModel[OverrideInfo] = RowTableModel(
            [
                Column(self.tr("日期"), lambda o: o.day.isoformat()),
                Column(
                    self.tr("星期"),
                    lambda o: QCoreApplication.translate(
                        "CalendarDialog", WEEKDAYS[o.day.weekday()]
                    ),
                ),
                Column(self.tr("类型"), lambda o: o.kind.label),
                Column(self.tr("名称"), lambda o: o.name or ""),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("overrides_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._pick)

        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setObjectName("day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for value, label in CalendarDayKind.choices():
            self.kind.addItem(label, value)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("例如：春节、国庆节调休"))
        self.errors = FieldErrors(QLabel())
        self.errors.general.setObjectName("message")
        form = QFormLayout()
        for field, label, widget in (
            ("day", self.tr("日期"), self.day),
            ("kind", self.tr("类型"), self.kind),
            ("name", self.tr("名称"), self.name),
        ):
            error = QLabel()
            error.setObjectName(f"{field}_error")
            form.addRow(label, widget)
            form.addRow("", error)
            self.errors.add(field, widget, error)
        save = QPushButton(self.tr("保存这一天"))
        save.setObjectName("save_day")
        save.clicked.connect(self.save_day)
        remove = QPushButton(self.tr("删除这一天的设置"))
        remove.setObjectName("delete_day")
        remove.clicked.connect(self.delete_day)
        import_file = QPushButton(self.tr("从文件导入放假安排…"))
        import_file.setObjectName("import_year")
        import_file.clicked.connect(self.import_file)
        self.moved = QLabel()
        self.moved.setObjectName("recomputed_cases")
        self.moved.setWordWrap(True)
        self.confirm = QPushButton()
        self.confirm.setObjectName("confirm_year")
        self.confirm.clicked.connect(self.toggle_confirmation)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年份")))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(import_file)
        top.addWidget(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.moved)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        db, year, today = self.ctx.db, self.year.value(), clock.today(self.ctx.timezone)

        def read():
            return (
                calendar.list_overrides(db, year),
                _year_status(db, year),
                calendar.calendar_status(db, today),
                calendar.calendar_warnings(db, today),
            )

        self.ctx.runner.submit(read, lambda answer: self._show(year, *answer), self.errors.show)

    def _show(self, year: int, overrides, status, statuses, warnings) -> None:
        self.model.set_rows(overrides)
        self.confirm.setVisible(status.source != YearSource.PACKAGE)
        self.confirm.setText(
            self.tr("撤销对 {0} 年放假安排的确认").format(year)
            if status.source == YearSource.CONFIRMED
            else self.tr("确认 {0} 年放假安排已完整录入").format(year)
        )
        lines = [self.tr("{0} 年：{1}").format(s.year, s.source_label) for s in statuses]
        text = "；".join(lines)
        if warnings:
            text += "\n⚠ " + "\n⚠ ".join(warnings)
            self.status.setStyleSheet("color: #8a4b00;")
        else:
            self.status.setStyleSheet("")
        self.status.setText(text)

    def toggle_confirmation(self) -> None:
        """Confirm the year's arrangement as entered (asking for the notice's number), or take a
        confirmation back."""
        self.errors.clear()
        db, actor, year = self.ctx.db, self.ctx.actor, self.year.value()

        def done(moved) -> None:
            self.refresh()
            self._show_moved(year, moved)

        def decide(status) -> None:
            if status.source == YearSource.CONFIRMED:
                self.ctx.runner.operation(
                    lambda: calendar.unconfirm_year(db, actor, year),
                    done,
                    self.errors.show,
                    busy=self.confirm,
                )
                return
            note, ok = QInputDialog.getText(
                self,
                self.tr("确认 {0} 年放假安排").format(year),
                self.tr(
                    "确认已按国务院办公厅的通知录入 {0} 年全部放假和调休日期。\n"
                    "通知文号（可不填）："
                ).format(year),
            )
            if ok:
                self.ctx.runner.operation(
                    lambda: calendar.confirm_year(db, actor, year, note).recomputed,
                    done,
                    self.errors.show,
                    busy=self.confirm,
                )

        self.ctx.runner.operation(
            lambda: _year_status(db, year), decide, self.errors.show, busy=self.confirm
        )

    def import_file(self, path: str | None = None) -> None:
        """A year's arrangement from a text file: read, checked line by line, previewed beside
        what is entered now; written (and the year confirmed, if ticked) only on 导入."""
        self.errors.clear()
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择放假安排文件"), "", self.tr("文本文件 (*.txt);;所有文件 (*)")
            )
            if not path:
                return
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.errors.show(self.tr("读不了文件 {0}：{1}").format(path, exc))
            return
        try:
            arrangement = calendar.read_arrangement(text)  # no database: the file's lines
        except HallDeskError as error:
            self.errors.show(error.message)
            return
        db, actor = self.ctx.db, self.ctx.actor

        def previewed(preview) -> None:
            dialog = ImportPreview(arrangement, preview, self)
            if dialog.exec():
                confirm = dialog.confirm.isChecked()
                self.ctx.runner.operation(
                    lambda: calendar.import_arrangement(db, actor, arrangement, confirm=confirm),
                    lambda confirmed: self._imported(arrangement, confirmed),
                    self.errors.show,
                )

        self.ctx.runner.operation(
            lambda: calendar.preview_arrangement(db, arrangement), previewed, self.errors.show
        )

    def _imported(self, arrangement, confirmed) -> None:
        self.year.setValue(arrangement.year)
        self.refresh()
        if confirmed is not None:
            self._show_moved(arrangement.year, confirmed.recomputed)
        else:
            self.moved.setText(
                self.tr("已导入 {0} 年放假安排，尚未确认。").format(arrangement.year)
            )

    def _show_moved(self, year: int, moved) -> None:
        """The open cases whose deadlines moved, for the manager to follow up (also audited)."""
        if not moved:
            self.moved.setText(self.tr("{0} 年没有在办办件的期限因此改变。").format(year))
            return
        lines = [
            self.tr("已按 {0} 年放假安排重新计算 {1} 件在办办件的期限：").format(year, len(moved))
        ]
        for m in moved[:20]:
            lines.append(
                self.tr("{0} {1}（{2}）：法定期限 {3} → {4}，承诺 {5} → {6}").format(
                    m.case_no,
                    m.item_name,
                    m.applicant_name,
                    m.legal_before,
                    m.legal_after,
                    m.promised_before,
                    m.promised_after,
                )
            )
        if len(moved) > 20:
            lines.append(self.tr("……共 {0} 件，详见审计日志").format(len(moved)))
        self.moved.setText("\n".join(lines))

    def _pick(self, index) -> None:
        row = self.model.row(index.row())
        self.day.setDate(QDate(row.day.year, row.day.month, row.day.day))
        self.kind.setCurrentIndex(self.kind.findData(row.kind.value))
        self.name.setText(row.name or "")

    def _day(self) -> date:
        value = self.day.date()
        return date(value.year(), value.month(), value.day())

    def save_day(self) -> None:
        self.errors.clear()
        db, actor, day = self.ctx.db, self.ctx.actor, self._day()
        kind, name = self.kind.currentData(), self.name.text()

        def saved(_result) -> None:
            if day.year != self.year.value():
                self.year.setValue(day.year)
            self.refresh()

        self.ctx.runner.operation(
            lambda: calendar.save_override(db, actor, day, kind, name),
            saved,
            self.errors.show,
            busy=acting(self),
        )

    def delete_day(self) -> None:
        self.errors.clear()
        db, actor, day = self.ctx.db, self.ctx.actor, self._day()
        self.ctx.runner.operation(
            lambda: calendar.delete_override(db, actor, day),
            lambda _result: self.refresh(),
            lambda error: self.errors.show(error, "day"),
            busy=acting(self),
        )


def _year_status(db, year: int):
    return calendar.calendar_status(db, date(year, 1, 1), 0)[0]


class ImportPreview(QDialog):
    """The file's days beside what is entered now (新增 / 修改 / 不变), before anything is written."""

    def __init__(self, arrangement, preview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_preview")
        self.setWindowTitle(self.tr("导入 {0} 年放假安排").format(arrangement.year))
        self.setMinimumSize(640, 420)
        intro = QLabel(
            self.tr("{0}，共 {1} 天。请与通知原文核对后导入：").format(
                arrangement.note or self.tr("未写文号"), len(arrangement.days)
            )
        )
        intro.setWordWrap(True)
        model: RowTableModel = RowTableModel(
            [
                Column(self.tr("日期"), lambda p: p.day.isoformat()),
                Column(
                    self.tr("星期"),
                    lambda p: QCoreApplication.translate(
                        "CalendarDialog", WEEKDAYS[p.day.weekday()]
                    ),
                ),
                Column(self.tr("类型"), lambda p: p.kind.label),
                Column(self.tr("名称"), lambda p: p.name or ""),
                Column(self.tr("与现有设置相比"), lambda p: p.change),
            ],
            self,
        )
        model.set_rows(preview)
        table = QTableView()
        table.setObjectName("preview_table")
        table.setModel(model)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        self.confirm = QCheckBox(
            self.tr("导入后确认 {0} 年放假安排已完整录入（在办办件的期限将重新计算）").format(
                arrangement.year
            )
        )
        self.confirm.setObjectName("confirm_after_import")
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)
