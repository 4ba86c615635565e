"""A read-only table model over a list of plain rows (dataclasses), one column per getter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    value: Callable[[Row], Any]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _key(row: Any) -> Any:
    """A row's identity across refreshes: its `id`, else None (no identity: always reset)."""
    return getattr(row, "id", None)


class RowTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        parent: Any = None,
        *,
        bold: Callable[[Row], bool] | None = None,
    ):
        super().__init__(parent)
        self._columns = list(columns)
        self._bold = bold  # rows to set in bold (the next to be called, say)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`. When they are the same rows as before (by id, in the same order) with new
        values, the cells change in place, so the row the person selected stays selected and the
        list does not scroll (a refresh after opening a window must not lose the window chosen
        for the next action); other changes reset the list."""
        rows = list(rows)
        keys = [_key(r) for r in rows]
        if rows and keys == [_key(r) for r in self._rows] and None not in keys:
            self._rows = rows
            last = self.index(len(rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(self._rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.FontRole and self._bold and self._bold(self._rows[index.row()]):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            # titles written as QT_TRANSLATE_NOOP("Columns", "…") in a table's column list
            return QCoreApplication.translate("Columns", self._columns[section].title)
        return None
