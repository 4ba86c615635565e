"""Small keyboard-first dialogs of the clerk's window: pause reason, call a number, transfer,
finish with the service items handled. Enter accepts, Esc cancels; typed values are kept when
the service refuses them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.admin import CategoryInfo, CounterInfo

# The pause reasons offered (the clerk may type another); shown, and recorded, in the clerk's language.
PAUSE_REASONS = (
    QT_TRANSLATE_NOOP("QueueDialogs", "临时离开"),
    QT_TRANSLATE_NOOP("QueueDialogs", "业务咨询"),
    QT_TRANSLATE_NOOP("QueueDialogs", "系统故障"),
    QT_TRANSLATE_NOOP("QueueDialogs", "业务培训"),
    QT_TRANSLATE_NOOP("QueueDialogs", "用餐"),
    QT_TRANSLATE_NOOP("QueueDialogs", "会议"),
)


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _accept(self) -> None:
        self.accept()


class PauseDialog(_Dialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("暂停窗口"), parent)
        self.reason = QComboBox()
        self.reason.setObjectName("pause_reason")
        self.reason.setEditable(True)
        self.reason.addItems([QCoreApplication.translate("QueueDialogs", r) for r in PAUSE_REASONS])
        self.form.addRow(self.tr("暂停原因"), self.reason)

    def _accept(self) -> None:
        if not self.reason.currentText().strip():
            self.show_message(self.tr("请选择或输入暂停原因"))
            return
        self.accept()

    def value(self) -> str:
        return self.reason.currentText().strip()


class CallNumberDialog(_Dialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("指定叫号"), parent)
        self.number = QLineEdit()
        self.number.setObjectName("call_number")
        self.number.setPlaceholderText(self.tr("例如 A012"))
        self.form.addRow(self.tr("号码"), self.number)

    def _accept(self) -> None:
        if not self.number.text().strip():
            self.show_message(self.tr("请输入要呼叫的号码，例如 A012"))
            return
        self.accept()

    def value(self) -> str:
        return self.number.text().strip().upper()


@dataclass(frozen=True)
class TransferChoice:
    to_category_id: int | None
    to_counter_number: int | None
    return_here: bool


class TransferDialog(_Dialog):
    def __init__(
        self,
        categories: Sequence[CategoryInfo],
        counters: Sequence[CounterInfo],
        own_counter_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(self.tr("转移"), parent)
        self.to_category = QRadioButton(self.tr("转到业务类别"))
        self.to_category.setObjectName("to_category")
        self.to_category.setChecked(True)
        self.category = QComboBox()
        self.category.setObjectName("transfer_category")
        for c in categories:
            if c.active:
                self.category.addItem(f"{c.prefix} · {c.name}", c.id)
        self.to_counter = QRadioButton(self.tr("直接转到窗口"))
        self.to_counter.setObjectName("to_counter")
        self.counter = QComboBox()
        self.counter.setObjectName("transfer_counter")
        for c in counters:
            if c.active and c.id != own_counter_id:
                self.counter.addItem(self.tr("{0} 号窗口 · {1}").format(c.number, c.name), c.number)
        self.return_here = QCheckBox(self.tr("办完后转回本窗口"))
        self.return_here.setObjectName("return_here")
        self.form.addRow(self.to_category, self.category)
        self.form.addRow(self.to_counter, self.counter)
        self.form.addRow("", self.return_here)
        self.category.setFocus()

    def value(self) -> TransferChoice:
        if self.to_category.isChecked():
            return TransferChoice(self.category.currentData(), None, self.return_here.isChecked())
        return TransferChoice(None, self.counter.currentData(), self.return_here.isChecked())


class FinishDialog(_Dialog):
    """Tick the service items handled for this applicant (none is allowed: a consultation)."""

    def __init__(
        self,
        items: Sequence[tuple[int, str]],
        number: str,
        parent: QWidget | None = None,
        *,
        checked: Sequence[int] = (),
    ):
        """`checked`: the items already taken in for this ticket, ticked for the clerk."""
        super().__init__(self.tr("办结 {0}").format(number), parent)
        self.items = QListWidget()
        self.items.setObjectName("service_items")
        for item_id, name in items:
            entry = QListWidgetItem(name)
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if item_id in checked else Qt.CheckState.Unchecked
            )
            self.items.addItem(entry)
        self.items.setMinimumHeight(220)
        self.items.itemActivated.connect(self._toggle)
        self.form.addRow(QLabel(self.tr("本次办理的事项（空格勾选，回车确定）：")))
        self.form.addRow(self.items)
        if self.items.count():
            self.items.setCurrentRow(0)

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def value(self) -> list[int]:
        return [
            self.items.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        ]
