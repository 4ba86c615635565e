"""The hall manager's window. The manager issue fills it with the live overview, supervision and
reports; for now it lists the windows and what they serve."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout

from app.services.admin import CounterInfo, list_counters
from ui.table_model import Column, RowTableModel
from ui.windows.base import RoleWindow


class ManagerWindow(RoleWindow):
    role_title = "大厅管理"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("manager_window")
        self.model: RowTableModel[CounterInfo] = RowTableModel(
            [
                Column(self.tr("窗口"), lambda c: f"{c.number} 号"),
                Column(self.tr("名称"), lambda c: c.name),
                Column(self.tr("位置"), lambda c: c.location),
                Column(self.tr("办理类别"), lambda c: "、".join(c.category_prefixes)),
                Column(self.tr("状态"), lambda c: c.state.label),
            ]
        )
        table = QTableView()
        table.setObjectName("counters")
        table.setModel(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self.body)
        layout.addWidget(QLabel(self.tr("窗口一览")))
        layout.addWidget(table)
        self.model.set_rows(list_counters(ctx.db))
