"""Marking bad input next to the field it belongs to, without clearing anything typed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from app.errors import HallDeskError

ERROR_STYLE = "border: 2px solid #c62828; border-radius: 3px;"


class FieldErrors:
    """Keeps one error label per field; `show(error)` puts the message under the named field (or
    in the general label) and marks the widget; `clear()` removes every mark."""

    def __init__(self, general: QLabel):
        self.general = general
        self.general.setStyleSheet("color: #c62828;")
        self.general.setWordWrap(True)
        self.general.hide()
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, widget: QWidget, label: QLabel) -> None:
        label.setStyleSheet("color: #c62828;")
        label.setWordWrap(True)
        label.hide()
        self._fields[name] = (widget, label)

    def clear(self) -> None:
        self.general.hide()
        self.general.clear()
        for widget, label in self._fields.values():
            widget.setStyleSheet("")
            label.hide()
            label.clear()

    def widget(self, name: str | None) -> QWidget | None:
        """The widget a field's errors are shown at (None: the general label)."""
        return self._fields[name][0] if name in self._fields else None

    def clear_field(self, name: str) -> None:
        """The field was corrected: its mark and message go, the others stay."""
        if name in self._fields:
            widget, label = self._fields[name]
            widget.setStyleSheet("")
            label.hide()
            label.clear()

    def show(
        self, error: HallDeskError | str, field: str | None = None, *, focus: bool = True
    ) -> None:
        """`focus=False` when the check ran on a change elsewhere (a box the clerk is still going
        through): the message is put in place and the focus stays where the clerk is."""
        self.clear()
        message = error.message if isinstance(error, HallDeskError) else str(error)
        field = field or (error.field if isinstance(error, HallDeskError) else None)
        if field in self._fields:
            widget, label = self._fields[field]
            if not widget.objectName():
                widget.setObjectName(f"field_{field}")
            # Scoped to the widget itself, so a container's buttons keep their own look.
            widget.setStyleSheet(f"#{widget.objectName()} {{ {ERROR_STYLE} }}")
            label.setText(message)
            label.show()
            if focus:
                widget.setFocus()
            _make_room(label)
        else:
            self.general.setText(message)
            self.general.show()
            _make_room(self.general)

    def message_for(self, field: str) -> str:
        return self._fields[field][1].text() if field in self._fields else ""


def _make_room(label: QLabel) -> None:
    """A dialog grows to show a message of several lines whole. Qt sizes a dialog by its layout's
    minimum, which counts a word-wrapped label as one line: a two-line message under a field was
    cut in half. Only a dialog, and only taller: a main window has room, and a dialog the user
    made larger stays so."""
    dialog = label.window()
    layout = dialog.layout()
    if not isinstance(dialog, QDialog) or layout is None:
        return
    layout.activate()
    needed = (
        layout.totalHeightForWidth(dialog.width())
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    if dialog.height() < needed:
        dialog.resize(dialog.width(), needed)
