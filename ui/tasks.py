"""Running service calls off the GUI thread, and knowing whether the database answers.

`TaskRunner.submit(fn, on_done, on_error)` runs `fn` on a worker thread and calls back on the GUI
thread; `TaskRunner.operation(fn, on_done, on_error, busy=button)` does the same for something a
person started, with the acting widgets busy meanwhile (disabled, a busy cursor) and back as they
were when it ends, either way. Every service call from `ui/` goes through one of the two
(`tests/ui/test_one_runner.py` parses the sources): `fn` is a lambda or a nested function that
calls the service; `on_done(result)` and `on_error(HallDeskError)` run on the GUI thread; an
unexpected exception arrives at `on_error` as the program's own sentence (`UNEXPECTED`), logged
with its traceback, never raised into the event loop. Database work goes through one worker (writes serialised, in the order the clerk acted);
tests use `ImmediateRunner`, which runs the task at once on the calling thread.

When a task finds the database gone (`DatabaseUnavailable`: a server down, a line cut, an SQLite
file locked by another program) the runner says so once (`database_down`, with the plain message
every window shows), then checks the database every few seconds on a thread of its own, never the
GUI thread, and says `database_up` when it answers again: windows hide their notice and reload, the
kiosk takes tickets again. Nothing typed is lost meanwhile: the windows stay as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from app.errors import DatabaseUnavailable, HallDeskError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[HallDeskError], None]

UNEXPECTED = "program.unexpected"  # its words: app/messages


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


def _outcome(fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Run `fn`: (True, its result) or (False, the HallDeskError to show). A bug is logged with
    its traceback and shown as the program's own sentence, never as Python's or a driver's."""
    try:
        return True, fn()
    except HallDeskError as error:
        return False, error
    except Exception:  # a bug: shown, logged, never fatal
        log.exception("background task failed")
        return False, HallDeskError(UNEXPECTED)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        ok, value = _outcome(self.fn)
        (self.relay.done if ok else self.relay.failed).emit(value)


class TaskRunner(QObject):
    database_down = Signal(str)  # the plain message to show
    database_up = Signal()

    PROBE_MS = 3_000  # how often a lost database is checked for

    def __init__(self, parent: QObject | None = None, *, db: Any = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self.db = db  # set by AppContext when not given: what the probe checks
        self.database_ok = True
        self.database_message = ""
        # The probe has a thread of its own: a task stuck waiting for the database (a 30 s lock)
        # must not hold up the check that tells the windows it is back.
        self._probe_pool = QThreadPool(self)
        self._probe_pool.setMaxThreadCount(1)
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(self.PROBE_MS)
        self._probe_timer.timeout.connect(self.probe_now)
        self._probing = False

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        relay = _Relay()  # lives on the GUI thread, so its signals are delivered there
        self._relays.add(relay)

        def finish(_: Any = None) -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        relay.failed.connect(self.note_failure)  # first: the state is known when on_error runs
        if on_done:
            relay.done.connect(on_done)
        if on_error:
            relay.failed.connect(on_error)
        relay.done.connect(finish)
        relay.failed.connect(finish)
        self._pool.start(_Job(fn, relay))

    def operation(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        busy: QWidget | Sequence[QWidget] = (),
    ) -> None:
        """`submit` for what a person started: `busy` (the button pressed, the dialog's OK) is
        disabled with a busy cursor until the result or the error is back, then restored before
        `on_done`/`on_error` run (which may disable it again, or close the window)."""
        widgets = [busy] if isinstance(busy, QWidget) else list(busy)
        before = [(w, w.isEnabled()) for w in widgets]
        for widget in widgets:
            widget.setEnabled(False)
            widget.setCursor(Qt.CursorShape.BusyCursor)

        def restore() -> None:
            for widget, enabled in before:
                if shiboken6.isValid(widget):  # the window may have closed meanwhile
                    widget.setEnabled(enabled)
                    widget.unsetCursor()

        def done(result: Any) -> None:
            restore()
            if on_done is not None:
                on_done(result)

        def failed(error: HallDeskError) -> None:
            restore()
            if on_error is not None:
                on_error(error)

        self.submit(fn, done, failed)

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    # ------------------------------------------------------------------ the database's health
    def note_failure(self, error: HallDeskError) -> None:
        """Called with every failure; a lost database is said once and checked for until back.
        Windows that call a service directly report here too."""
        if not isinstance(error, DatabaseUnavailable):
            return
        self.database_message = error.message
        if self.database_ok:
            self.database_ok = False
            log.warning("database unavailable; checking every %d ms", self.PROBE_MS)
            self.database_down.emit(error.message)
        if self.db is not None and not self._probe_timer.isActive():
            self._probe_timer.start()

    def probe_now(self) -> None:
        if self._probing or self.db is None:
            return
        self._probing = True
        relay = _Relay()
        self._relays.add(relay)

        def finish(_: Any = None) -> None:
            self._probing = False
            self._relays.discard(relay)
            relay.deleteLater()

        relay.done.connect(self._back)
        relay.failed.connect(self.note_failure)
        relay.done.connect(finish)
        relay.failed.connect(finish)
        self._probe_pool.start(_Job(self.db.probe, relay))

    def _back(self, _: Any = None) -> None:
        self._probe_timer.stop()
        if not self.database_ok:
            self.database_ok = True
            self.database_message = ""
            log.info("database answers again")
            self.database_up.emit()


class ImmediateRunner(TaskRunner):
    """Runs each task at once (tests, and start-up code that needs the answer before going on)."""

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        try:  # a bug is raised here, to fail the test, not turned into a message
            result = fn()
        except HallDeskError as error:
            self.note_failure(error)
            if on_error:
                on_error(error)
            return
        if on_done:
            on_done(result)

    def probe_now(self) -> None:
        if self.db is None:
            return
        try:
            self.db.probe()
        except DatabaseUnavailable as error:
            self.note_failure(error)
        else:
            self._back()


def acting(receiver: QObject) -> list[QWidget]:
    """The button whose click `receiver`'s slot is handling (what `operation` keeps busy), if any:
    `runner.operation(fn, done, failed, busy=acting(self))`."""
    sender = receiver.sender()
    return [sender] if isinstance(sender, QAbstractButton) else []


_default: TaskRunner | None = None


def set_default_runner(runner: TaskRunner) -> None:
    """The runner of this process's context (set by `AppContext`): what widgets made without a
    context (`FormDialog`) run their service call on."""
    global _default
    _default = runner


def default_runner() -> TaskRunner:
    global _default
    if _default is None:
        _default = ImmediateRunner()
    return _default
