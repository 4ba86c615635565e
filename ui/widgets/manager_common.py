"""What the manager's panels share: a table model that can colour rows, a read-only table view, and
how times and durations are written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app import clock
from ui.table_model import Column, Index, Row, RowTableModel

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

RED = QColor("#fde2e1")
YELLOW = QColor("#fff4cc")
GREY = QColor("#eeeeee")
GREEN = QColor("#e3f4e1")


class ColouredTableModel(RowTableModel[Row]):
    """RowTableModel whose rows get a background from `colour(row)` (None: none)."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        colour: Callable[[Row], QColor | None] | None = None,
        parent: Any = None,
    ):
        super().__init__(columns, parent)
        self._colour = colour

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self._colour is not None and index.isValid():
            colour = self._colour(self.row(index.row()))
            return QBrush(colour) if colour is not None else None
        return super().data(index, role)

    def refresh_display(self) -> None:
        """Values that depend on the clock changed (durations); the rows did not."""
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self.rowCount() - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.DisplayRole],
            )


def table_view(
    model: RowTableModel, name: str, *, stretch_last: bool = True, stretch: int | None = None
) -> QTableView:
    """A read-only, row-selecting table; `stretch`: the column that takes the spare width (else
    the last one, with `stretch_last`)."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(stretch_last)
    return view


def selected_row(view: QTableView, model: RowTableModel) -> Any | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        index: QModelIndex = view.currentIndex()
        if not index.isValid():
            return None
        return model.row(index.row())
    return model.row(rows[0].row())


NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def _local(value: datetime, tz: str | None) -> datetime:
    return value.astimezone(ZoneInfo(tz)) if tz else clock.in_hall(value)


def hm(value: datetime | None, tz: str | None = None) -> str:
    return _local(value, tz).strftime("%H:%M") if value else ""


def md_hm(value: datetime | None, tz: str | None = None) -> str:
    return _local(value, tz).strftime("%m-%d %H:%M") if value else ""


def ymd(value: date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def duration(minutes: float | None) -> str:
    """12 分 / 1 小时 05 分; empty for None."""
    if minutes is None:
        return ""
    total = max(int(minutes), 0)
    if total < 60:
        return translate("ManagerCommon", "{0} 分").format(total)
    return translate("ManagerCommon", "{0} 小时 {1:02d} 分").format(total // 60, total % 60)


def since(start: datetime | None, now: datetime) -> str:
    if start is None:
        return ""
    return duration((now - start).total_seconds() / 60)


def minutes_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
