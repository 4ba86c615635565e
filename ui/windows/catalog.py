"""The admin's catalog page (事项目录): search, edit items and their materials, import and export
JSON / XLSX, and the holiday table. Shown as a tab of the admin window."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CaseType
from app.errors import DatabaseUnavailable, HallDeskError
from app.services import admin, catalog
from app.services.admin import CategoryInfo
from app.services.catalog import HANDLING_MODES, ITEM_TYPES, ItemInfo, ItemSpec, MaterialSpec
from ui.table_model import Column, RowTableModel
from ui.tasks import acting
from ui.widgets.admin_dialogs import FormDialog
from ui.widgets.calendar_dialog import CalendarDialog

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

MATERIAL_HEADERS = [
    QT_TRANSLATE_NOOP("Catalog", "材料名称"),
    QT_TRANSLATE_NOOP("Catalog", "原件"),
    QT_TRANSLATE_NOOP("Catalog", "复印件"),
    QT_TRANSLATE_NOOP("Catalog", "必要(是/否)"),
    QT_TRANSLATE_NOOP("Catalog", "电子件(是/否)"),
    QT_TRANSLATE_NOOP("Catalog", "可容缺(是/否)"),
    QT_TRANSLATE_NOOP("Catalog", "要求"),
    QT_TRANSLATE_NOOP("Catalog", "备注"),
]


class MaterialsEditor(QTableWidget):
    """Materials as an editable table: one row per material."""

    def __init__(self, materials: tuple[MaterialSpec, ...], parent: QWidget | None = None):
        super().__init__(0, len(MATERIAL_HEADERS), parent)
        self.setHorizontalHeaderLabels([translate("Catalog", h) for h in MATERIAL_HEADERS])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(200)
        self.ids: list[int | None] = []
        for m in materials:
            self.add(m)

    def add(self, m: MaterialSpec | None = None) -> None:
        m = m or MaterialSpec(name="")
        row = self.rowCount()
        self.insertRow(row)
        self.ids.append(m.id)
        values = [
            m.name,
            str(m.originals),
            str(m.copies),
            self.tr("是") if m.required else self.tr("否"),
            self.tr("是") if m.electronic_ok else self.tr("否"),
            self.tr("是") if m.gap_eligible else self.tr("否"),
            m.requirement or "",
            m.notes or "",
        ]
        for column, value in enumerate(values):
            self.setItem(row, column, QTableWidgetItem(value))
        self.setCurrentCell(row, 0)

    def remove_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)
            del self.ids[row]

    def specs(self) -> tuple[MaterialSpec, ...]:
        from app.errors import ValidationError

        out = []
        for row in range(self.rowCount()):
            cell = [
                (self.item(row, c).text() if self.item(row, c) else "").strip() for c in range(8)
            ]
            if not any(cell):
                continue
            try:
                originals, copies = int(cell[1] or 0), int(cell[2] or 0)
            except ValueError:
                raise ValidationError(
                    self.tr("第 {0} 项材料的原件、复印件份数应为整数").format(row + 1),
                    field="materials",
                ) from None
            out.append(
                MaterialSpec(
                    name=cell[0],
                    originals=originals,
                    copies=copies,
                    required=cell[3] not in (self.tr("否"), "0", "no", "n"),
                    electronic_ok=cell[4] in (self.tr("是"), "1", "yes", "y"),
                    gap_eligible=cell[5] in (self.tr("是"), "1", "yes", "y"),
                    requirement=cell[6] or None,
                    notes=cell[7] or None,
                    id=self.ids[row],
                )
            )
        return tuple(out)


def item_dialog(
    parent: QWidget, categories: list[CategoryInfo], item: ItemInfo | None, save
) -> FormDialog:
    dialog = FormDialog(
        translate("Catalog", "新建事项")
        if item is None
        else translate("Catalog", "编辑事项 {0}").format(item.name),
        parent,
    )
    dialog.setMinimumWidth(860)
    value = item or ItemSpec(implementation_code="", basic_code="", name="", case_type="2")
    fields: dict[str, Any] = {}
    for name, label in (
        ("implementation_code", translate("Catalog", "实施编码")),
        ("basic_code", translate("Catalog", "基本编码")),
        ("name", translate("Catalog", "事项名称")),
        ("department", translate("Catalog", "实施部门")),
        ("fee", translate("Catalog", "收费")),
        ("served_objects", translate("Catalog", "服务对象")),
        ("consult_phone", translate("Catalog", "咨询电话")),
        ("supervise_phone", translate("Catalog", "监督电话")),
    ):
        fields[name] = dialog.add_field(
            name, translate("Catalog", label), QLineEdit(getattr(value, name) or "")
        )
    case_type = QComboBox()
    for code, label in CaseType.choices():
        case_type.addItem(f"{code} {label}", code)
    case_type.setCurrentIndex(case_type.findData(value.case_type))
    fields["case_type"] = dialog.add_field("case_type", translate("Catalog", "办件类型"), case_type)
    item_type = QComboBox()
    for code, label in ITEM_TYPES.items():
        item_type.addItem(f"{code} {label}", code)
    item_type.setCurrentIndex(max(item_type.findData(value.item_type), 0))
    fields["item_type"] = dialog.add_field("item_type", translate("Catalog", "事项类型"), item_type)
    category = QComboBox()
    category.addItem(translate("Catalog", "（不指定）"), None)
    for c in categories:
        category.addItem(f"{c.prefix} {c.name}", c.prefix)
    category.setCurrentIndex(max(category.findData(value.category_prefix), 0))
    fields["category_prefix"] = dialog.add_field(
        "category_prefix", translate("Catalog", "业务类别"), category
    )
    for name, label in (
        ("legal_limit_days", translate("Catalog", "法定时限（工作日）")),
        ("promised_limit_days", translate("Catalog", "承诺时限（工作日）")),
        ("extension_limit_days", translate("Catalog", "可延长时限（工作日）")),
    ):
        spin = QSpinBox()
        spin.setRange(0, catalog.MAX_LIMIT_DAYS)
        spin.setValue(getattr(value, name))
        fields[name] = dialog.add_field(name, translate("Catalog", label), spin)
    extension = fields["extension_limit_days"]
    extension.setSpecialValueText(translate("Catalog", "0（依法不能延长）"))
    extension.setToolTip(
        translate(
            "Catalog",
            "行政许可法第四十二条：经本机关负责人批准可延长 10 个工作日，一次为限；"
            "法律、法规另有规定的按其规定填写；填 0 表示该事项不能延长。",
        )
    )
    modes = QWidget()
    modes_layout = QHBoxLayout(modes)
    modes_layout.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for code, label in HANDLING_MODES.items():
        box = QCheckBox(label)
        box.setChecked(code in value.handling_modes)
        modes_layout.addWidget(box)
        boxes[code] = box
    dialog.add_field("handling_modes", translate("Catalog", "办理方式"), modes)
    active = QCheckBox(translate("Catalog", "启用"))
    active.setChecked(value.active)
    dialog.add_field("active", "", active)
    materials = MaterialsEditor(value.materials)
    dialog.add_field("materials", translate("Catalog", "材料清单"), materials)
    row = QHBoxLayout()
    add = QPushButton(translate("Catalog", "添加材料"))
    add.clicked.connect(lambda: materials.add())
    remove = QPushButton(translate("Catalog", "删除选中材料"))
    remove.clicked.connect(materials.remove_current)
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    dialog.form.addRow("", row)

    def spec() -> ItemSpec:
        return ItemSpec(
            implementation_code=fields["implementation_code"].text().strip(),
            basic_code=fields["basic_code"].text().strip(),
            name=fields["name"].text().strip(),
            case_type=case_type.currentData(),
            item_type=item_type.currentData(),
            category_prefix=category.currentData(),
            department=fields["department"].text().strip() or None,
            legal_limit_days=fields["legal_limit_days"].value(),
            promised_limit_days=fields["promised_limit_days"].value(),
            extension_limit_days=fields["extension_limit_days"].value(),
            fee=fields["fee"].text().strip() or None,
            served_objects=fields["served_objects"].text().strip() or None,
            handling_modes=tuple(code for code, box in boxes.items() if box.isChecked()),
            consult_phone=fields["consult_phone"].text().strip() or None,
            supervise_phone=fields["supervise_phone"].text().strip() or None,
            active=active.isChecked(),
            materials=materials.specs(),
        )

    dialog.save = lambda: save(spec())
    return dialog


class CatalogPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("catalog_page")
        self.search = QLineEdit()
        self.search.setObjectName("catalog_search")
        self.search.setPlaceholderText(self.tr("按名称、编码或拼音首字母查找"))
        # Typing searches once the admin pauses (SEARCH_DELAY_MS), not on every keystroke;
        # Return searches at once.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.refresh)
        self._serial = 0  # the latest query's number: older answers are dropped
        self.model: RowTableModel[ItemInfo] = RowTableModel(
            [
                Column(self.tr("事项名称"), lambda i: i.name),
                Column(self.tr("类别"), lambda i: i.category_prefix or ""),
                Column(self.tr("办件类型"), lambda i: i.case_type_label),
                Column(
                    self.tr("法定/承诺时限"),
                    lambda i: f"{i.legal_limit_days} / {i.promised_limit_days}",
                ),
                Column(self.tr("材料"), lambda i: len(i.materials)),
                Column(self.tr("启用"), lambda i: self.tr("是") if i.active else self.tr("否")),
                Column(self.tr("实施编码"), lambda i: i.implementation_code),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("catalog_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setStyleSheet("QTableView::item { padding: 2px 10px; }")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        buttons = QHBoxLayout()
        for name, text, slot in (
            ("new_item", self.tr("新建事项"), self.new_item),
            ("edit_item", self.tr("编辑事项"), self.edit_item),
            ("toggle_item", self.tr("停用 / 启用"), self.toggle_item),
            ("import_catalog", self.tr("导入（JSON / Excel）"), self.import_file),
            ("export_json", self.tr("导出 JSON"), lambda: self.export("json")),
            ("export_xlsx", self.tr("导出 Excel"), lambda: self.export("xlsx")),
            ("calendar", self.tr("节假日设置"), self.open_calendar),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.import_progress: QProgressDialog | None = None  # while an import runs
        self.import_result: QMessageBox | None = None  # the last import's outcome
        self.refresh()

    SEARCH_DELAY_MS = 250  # a pause in typing this long runs the search

    def refresh(self) -> None:
        """The list for what the box holds, now; only the latest query's answer is shown. Not
        read because the database is away: the window's red notice says so."""
        self._search_timer.stop()
        db, text = self.ctx.db, self.search.text().strip()
        self._serial = serial = self._serial + 1

        def read() -> list[ItemInfo]:
            if text:
                return catalog.search_items(db, text, include_inactive=True, limit=500)
            return catalog.list_items(db)

        def show(rows: list[ItemInfo]) -> None:
            if serial == self._serial:
                self.model.set_rows(rows)

        def failed(error: HallDeskError) -> None:
            if serial == self._serial and not isinstance(error, DatabaseUnavailable):
                self._failed(error)

        self.ctx.runner.submit(read, show, failed)

    def _failed(self, error: HallDeskError) -> None:
        QMessageBox.warning(self, self.tr("无法完成"), error.message)

    def selected(self) -> ItemInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _dialog(self, item: ItemInfo | None) -> None:
        def save(spec: ItemSpec) -> Callable[[], ItemInfo]:
            return partial(
                catalog.save_item, self.ctx.db, self.ctx.actor, spec, item.id if item else None
            )

        def open_dialog(categories: list[CategoryInfo]) -> None:
            if item_dialog(self, categories, item, save).exec():
                self.refresh()

        db = self.ctx.db
        self.ctx.runner.operation(
            lambda: admin.list_categories(db), open_dialog, self._failed, busy=acting(self)
        )

    def new_item(self) -> None:
        self._dialog(None)

    def edit_item(self) -> None:
        item = self.selected()
        if item is None:
            QMessageBox.information(
                self, self.tr("请先选择"), self.tr("请先在列表中选择一个事项。")
            )
            return
        self._dialog(item)

    def toggle_item(self) -> None:
        item = self.selected()
        if item is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.runner.operation(
            lambda: catalog.set_item_active(db, actor, item.id, not item.active),
            lambda _item: self.refresh(),
            lambda error: (self._failed(error), self.refresh()),
            busy=acting(self),
        )

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("导入事项目录"), "", self.tr("事项目录 (*.json *.xlsx)")
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        """Import on the task runner's thread, the file read as a stream; a progress dialog
        polls the import's counter and its 取消 stops the import, which then rolls back."""
        db, actor = self.ctx.db, self.ctx.actor
        progress = catalog.ImportProgress()
        xlsx = path.suffix.lower() == ".xlsx"
        dialog = QProgressDialog(
            self.tr("正在导入 {0} …").format(path.name), self.tr("取消"), 0, 1000, self
        )
        dialog.setObjectName("catalog_import_progress")
        dialog.setWindowTitle(self.tr("导入事项目录"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel)
        timer = QTimer(dialog)
        timer.setInterval(100)
        timer.timeout.connect(lambda: self._show_progress(dialog, progress))
        self.import_progress = dialog
        dialog.show()
        timer.start()

        def run() -> catalog.ImportResult:
            importer = catalog.import_xlsx if xlsx else catalog.import_json
            return importer(db, actor, path, progress=progress)

        def ended() -> None:
            timer.stop()
            dialog.canceled.disconnect(progress.cancel)
            dialog.close()
            dialog.deleteLater()
            self.import_progress = None

        def done(result: catalog.ImportResult) -> None:
            ended()
            self._tell(
                self.tr("导入完成"),
                self.tr("新增 {0} 个事项，更新 {1} 个事项。").format(
                    result.created, result.updated
                ),
            )
            self.refresh()

        def failed(error: HallDeskError) -> None:
            ended()
            if isinstance(error, catalog.ImportCancelled):
                self._tell(self.tr("导入已取消"), error.message)
            else:
                self._tell(self.tr("导入失败"), error.message, warning=True)

        self.ctx.runner.submit(run, done, failed)

    def _show_progress(self, dialog: QProgressDialog, progress: catalog.ImportProgress) -> None:
        if progress.total:
            dialog.setValue(min(999, int(1000 * progress.done / progress.total)))
        if progress.cancelled:
            dialog.setLabelText(self.tr("正在取消，已写入的内容将全部撤回 …"))
        else:
            dialog.setLabelText(
                self.tr("{0}：已读 {1} 个事项").format(
                    progress.stage or self.tr("读取"), progress.items
                )
            )

    def _tell(self, title: str, text: str, *, warning: bool = False) -> None:
        """The outcome in a box that does not block (the page stays usable behind it)."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("catalog_import_result")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_result = box
        box.open()

    def export(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出事项目录"), self.tr("事项目录.{0}").format(kind), f"*.{kind}"
        )
        if not path:
            return
        db = self.ctx.db

        def write() -> None:
            data = catalog.export_xlsx(db) if kind == "xlsx" else catalog.export_json(db)
            Path(path).write_bytes(data)

        self.ctx.runner.operation(write, None, self._failed, busy=acting(self))

    def open_calendar(self) -> None:
        CalendarDialog(self.ctx, self).exec()
