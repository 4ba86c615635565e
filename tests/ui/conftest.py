"""Fixtures for the widget tests: the Qt application with the bundled font, an AppContext on the demo
hall, and small helpers that type and click the way a clerk does.

Chinese text is typed through an input-method commit (QInputMethodEvent), as a pinyin IME would:
QTest.keyClicks only handles Latin-1 and aborts the process on a CJK character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QWidget,
)

# Same as tests/conftest.py's DEMO_PASSWORD (a conftest cannot be imported from a test module).
DEMO_PASSWORD = "halldesk1"


@pytest.fixture(scope="session")
def qapp(qapp_args, pytestconfig):  # overrides pytest-qt's fixture of the same name
    from ui.application import create_application
    from ui.fonts import apply_application_font

    app = create_application(list(qapp_args) or ["halldesk-tests"])
    apply_application_font(app)
    yield app


def _close_all_windows(app: QApplication) -> None:
    for widget in list(app.topLevelWidgets()):
        if widget.isVisible():
            widget.close()
        widget.deleteLater()
    app.processEvents()
    app.sendPostedEvents(None, 0)  # DeferredDelete


@pytest.fixture
def make_ctx(sqlite_demo_db, tmp_path, qapp) -> Iterator[Callable[..., Any]]:
    """`make_ctx(host="pc-a", counter=None)` builds an AppContext on the shared demo db: one call per
    PC. Every window still open is closed before the database goes away."""
    from app.services.hall import get_hall
    from app.settings import load_settings
    from ui.context import AppContext
    from ui.tasks import ImmediateRunner

    config = tmp_path / "halldesk.toml"
    config.write_text("", encoding="utf-8")  # never the developer's own settings file

    def build(host: str = "pc-test", counter: int | None = None) -> AppContext:
        settings = load_settings(
            config,
            environ={},
            overrides={
                "data_dir": str(tmp_path),
                "database.url": str(sqlite_demo_db.engine.url),
                "station.counter_number": counter,
            },
        )
        return AppContext(
            db=sqlite_demo_db,
            settings=settings,
            host=host,
            hall=get_hall(sqlite_demo_db),
            runner=ImmediateRunner(),  # service calls run at once, on the test's thread
        )

    yield build
    _close_all_windows(qapp)


@pytest.fixture
def ctx(make_ctx):
    return make_ctx("pc-test")


# ----------------------------------------------------------------------------- typing and clicking


class Desk:
    """What a clerk's hands do, via qtbot."""

    PASSWORD = DEMO_PASSWORD

    def __init__(self, qtbot):
        self.qtbot = qtbot

    # -- finding
    @staticmethod
    def find(parent: QWidget, cls: type, name: str) -> Any:
        widget = parent.findChild(cls, name)
        assert widget is not None, f"no {cls.__name__} named {name!r} in {parent!r}"
        return widget

    @staticmethod
    def button(parent: QWidget, text: str) -> QPushButton:
        for b in parent.findChildren(QPushButton):
            if b.text() == text:
                return b
        raise AssertionError(f"no button {text!r} in {parent!r}")

    # -- typing
    def type(self, edit: QWidget, text: str) -> None:
        """Latin text key by key; anything else (Chinese) as an input-method commit."""
        edit.setFocus()
        if all(ord(c) < 128 for c in text):
            self.qtbot.keyClicks(edit, text)
            return
        for chunk in text:
            if ord(chunk) < 128:
                self.qtbot.keyClicks(edit, chunk)
            else:
                QApplication.sendEvent(edit, QInputMethodEvent("pinyin", []))  # pre-edit
                commit = QInputMethodEvent()
                commit.setCommitString(chunk)
                QApplication.sendEvent(edit, commit)

    def retype(self, edit: QLineEdit, text: str) -> None:
        edit.setFocus()
        self.qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClick(edit, Qt.Key.Key_Delete)
        assert edit.text() == ""
        self.type(edit, text)

    def click(self, button: QWidget) -> None:
        assert button.isVisible(), f"{button.objectName() or button} is not visible"
        assert button.isEnabled(), f"{button.objectName() or button} is disabled"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def choose(self, combo: QComboBox, data: Any) -> None:
        """Select the entry carrying `data` with the arrow keys, as from the keyboard."""
        combo.setFocus()
        self.qtbot.keyClick(combo, Qt.Key.Key_Home)
        for _ in range(combo.count()):
            if combo.currentData() == data:
                return
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentData() == data, f"no entry {data!r} in the combo box"

    def toggle_checks(self, lst: QListWidget, want: Callable[[Any, bool], bool]) -> None:
        """Walk a check list with the arrow keys and press Space on each entry where
        want(data, checked) is True."""
        lst.setFocus()
        lst.setCurrentRow(0)
        for row in range(lst.count()):
            if row:
                self.qtbot.keyClick(lst, Qt.Key.Key_Down)
            assert lst.currentRow() == row
            item = lst.item(row)
            checked = item.checkState() == Qt.CheckState.Checked
            if want(item.data(Qt.ItemDataRole.UserRole), checked):
                self.qtbot.keyClick(lst, Qt.Key.Key_Space)

    def click_row(self, view: QAbstractItemView, row: int, column: int = 0) -> None:
        index = view.model().index(row, column)
        view.scrollTo(index)
        rect = view.visualRect(index)
        assert rect.isValid(), f"row {row} is not on screen"
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def click_tab(self, tabs: QTabWidget, title: str) -> None:
        bar = tabs.tabBar()
        for i in range(tabs.count()):
            if tabs.tabText(i) == title:
                self.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                assert tabs.currentIndex() == i
                return
        raise AssertionError(f"no tab {title!r}")

    @staticmethod
    def ok_button(dialog: QDialog) -> QPushButton:
        box = dialog.findChild(QDialogButtonBox)
        return box.button(QDialogButtonBox.StandardButton.Ok)

    @staticmethod
    def cancel_button(dialog: QDialog) -> QPushButton:
        box = dialog.findChild(QDialogButtonBox)
        return box.button(QDialogButtonBox.StandardButton.Cancel)

    @staticmethod
    def label_text(parent: QWidget, name: str) -> str:
        label = parent.findChild(QLabel, name)
        assert label is not None, f"no label {name!r}"
        return label.text() if label.isVisible() else ""

    # -- the login dialog
    def fill_login(
        self,
        dialog: QDialog,
        username: str,
        password: str | None = None,
        counter: int | None = None,
    ) -> None:
        """Type the username, the password and choose the window (None: 不在窗口工作)."""
        self.type(self.find(dialog, QLineEdit, "username"), username)
        self.type(
            self.find(dialog, QLineEdit, "password"),
            password if password is not None else self.PASSWORD,
        )
        self.choose(self.find(dialog, QComboBox, "counter"), counter)

    def login(
        self,
        dialog: QDialog,
        username: str,
        password: str | None = None,
        counter: int | None = None,
    ) -> None:
        """Fill in the dialog and press Return in the password field."""
        self.fill_login(dialog, username, password, counter)
        pw = self.find(dialog, QLineEdit, "password")
        pw.setFocus()
        self.qtbot.keyClick(pw, Qt.Key.Key_Return)

    # -- modal dialogs
    def modal(
        self, open_it: Callable[[], Any], interact: Callable[[QDialog], Any], *, attempts: int = 200
    ) -> Any:
        """Call `open_it` (which runs a modal exec()) and, once the modal dialog is up, run
        `interact(dialog)` inside its event loop. A failure inside `interact` closes the dialog
        (so the test never hangs) and is raised here. Returns what `open_it` returned."""
        outcome: dict[str, Any] = {}

        def poll(left: int = attempts) -> None:
            if outcome.get("returned"):
                return  # open_it came back without a modal: never touch a later test's dialog
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                if left > 0:
                    QTimer.singleShot(10, lambda: poll(left - 1))
                return
            outcome["dialog"] = dialog
            try:
                interact(dialog)
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                outcome["error"] = exc
            finally:
                # Whatever happened, no modal loop may outlive the callback.
                for _ in range(10):
                    top = QApplication.activeModalWidget()
                    if top is None:
                        break
                    top.reject() if isinstance(top, QDialog) else top.close()

        QTimer.singleShot(0, poll)
        try:
            result = open_it()
        finally:
            outcome["returned"] = True
        if "error" in outcome:
            raise outcome["error"]
        assert "dialog" in outcome, "no modal dialog appeared"
        return result


@pytest.fixture
def desk(qtbot) -> Desk:
    return Desk(qtbot)


@pytest.fixture
def clerk_ctx(ctx, desk):
    """The test's context with clerk01 logged in (the case desk's tests act as a clerk)."""
    from app.services import auth

    ctx.user = auth.authenticate(ctx.db, "clerk01", desk.PASSWORD, host="pc-test")
    return ctx


@pytest.fixture
def paper(tmp_path):
    """The system printer as a folder of pages (`tests.ui.test_case_desk.Paper`)."""
    from tests.ui.test_case_desk import Paper

    return Paper(tmp_path)
