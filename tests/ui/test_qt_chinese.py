"""Qt's own dialogs speak Chinese: the print dialog a clerk opens for 选择其他打印机, the file
dialogs, the standard buttons and the right-click menu of every text box."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
)

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _words(widget) -> list[str]:
    texts = [
        w.text()
        for kind in (QPushButton, QLabel, QCheckBox, QRadioButton)
        for w in widget.findChildren(kind)
    ]
    texts += [g.title() for g in widget.findChildren(QGroupBox)]
    texts += [c.itemText(i) for c in widget.findChildren(QComboBox) for i in range(c.count())]
    return [t for t in texts if t and "/" not in t]  # paths are not words


def test_standard_buttons_and_menus_are_chinese(qapp):
    assert QLocale().language() == QLocale.Language.Chinese
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
    )
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消", "关闭"])
    edit = QLineEdit()
    menu = edit.createStandardContextMenu()
    actions = [a.text() for a in menu.actions() if a.text()]
    assert any(a.startswith("复制") for a in actions) and any(a.startswith("粘贴") for a in actions)
    assert not [a for a in actions if ENGLISH.search(a.split("\t")[0])]


def test_the_print_dialog_has_no_english(qapp):
    dialog = QPrintDialog(QPrinter())
    words = _words(dialog)
    assert "打印(&P)" in words and "取消" in words
    assert [w for w in words if ENGLISH.search(w)] == []
    assert dialog.windowTitle() == "打印"


def test_the_file_dialog_has_no_english(qapp, tmp_path):
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    words = _words(dialog)
    assert "取消" in words
    assert [w for w in words if ENGLISH.search(w)] == []
