"""大厅设置: rules every PC of the hall follows, kept in the database and set here by the admin
(not in each PC's settings file). Today: the case-number rule (app.services.admin)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HallDeskError
from app.services import admin
from app.services.admin import CaseNumberRuleInfo


class HallRulesPage(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("hall_rules")
        self.info: CaseNumberRuleInfo | None = None

        self.rule = QComboBox()
        self.rule.setObjectName("case_number_rule")
        self.example = QLabel()
        self.example.setObjectName("case_number_example")
        note = QLabel(
            self.tr(
                "全厅所有电脑都按这条规则给新办件编号（不再看各台电脑的设置文件）。"
                "修改后从下一件办件起生效，已有办件的编号不变。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("save_case_number_rule")
        self.message = QLabel()
        self.message.setObjectName("hall_rules_message")
        self.message.setWordWrap(True)

        numbers = QGroupBox(self.tr("办件编号规则"))
        form = QFormLayout(numbers)
        form.addRow(self.tr("编号规则"), self.rule)
        form.addRow(self.tr("示例"), self.example)
        form.addRow(note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        form.addRow(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(numbers)
        layout.addStretch(1)

        self.rule.currentIndexChanged.connect(self._chosen)
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        self.ctx.runner.submit(
            lambda: admin.case_number_rule(self.ctx.db), self._show, self._failed
        )

    def _show(self, info: CaseNumberRuleInfo) -> None:
        self.info = info
        self.rule.blockSignals(True)
        self.rule.clear()
        for choice in info.choices:
            self.rule.addItem(choice.label, choice.name)
        self.rule.setCurrentIndex(self.rule.findData(info.current))
        self.rule.blockSignals(False)
        self._chosen()

    def _chosen(self, *_: object) -> None:
        if self.info is None:
            return
        name = self.rule.currentData()
        example = next((c.example for c in self.info.choices if c.name == name), "")
        self.example.setText(example)
        self.save_button.setEnabled(name != self.info.current)

    def save(self) -> None:
        name = self.rule.currentData()
        label = self.rule.currentText()
        self.ctx.runner.submit(
            lambda: admin.set_case_number_rule(self.ctx.db, self.ctx.actor, name),
            lambda info: self._saved(info, label),
            self._failed,
        )

    def _saved(self, info: CaseNumberRuleInfo, label: str) -> None:
        self._show(info)
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(self.tr("已保存：全厅从下一件办件起按“{0}”编号。").format(label))

    def _failed(self, error: HallDeskError) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error.message)
