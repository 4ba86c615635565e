"""Running service calls off the GUI thread, and knowing whether the database answers.

`TaskRunner.submit(fn, on_done, on_error)` runs `fn` on a worker thread and calls back on the GUI
thread; `TaskRunner.operation(fn, on_done, on_error, busy=button)` does the same for something a
person started, with the acting widgets busy meanwhile (disabled, a busy cursor) and back as they
were when it ends, either way. Every service call from `ui/` goes through one of the two, or
through `on_runner` in a chain (`tests/ui/test_one_runner.py` parses the sources): `fn` is a
lambda or a nested function that calls the service; `on_done(result)` and
`on_error(HallDeskError)` run on the GUI thread; an unexpected exception arrives at `on_error` as
the program's own sentence (`UNEXPECTED`), logged with its traceback, never raised into the event
loop. Database work goes through one worker (writes serialised, in the order the clerk acted);
tests use `ImmediateRunner`, which runs the task at once on the calling thread.

`TaskRunner.chain(flow, on_done, on_error, busy=...)` runs an operation whose database steps
alternate with work that must stay on the GUI thread (Qt printing, a question to the clerk):
`flow` is an `async def` coroutine; each `await on_runner(fn)` runs `fn` on the runner and resumes
the flow, on the GUI thread, with its result (or raises its HallDeskError at the `await`, where
the flow may catch it); everything between two awaits runs on the GUI thread, in the previous
step's `done` callback. No asyncio: the runner is the only thing that drives a flow.

When a task finds the database gone (`DatabaseUnavailable`: a server down, a line cut, an SQLite
file locked by another program) the runner says so once (`database_down`, with the plain message
every window shows), then checks the database every few seconds on a thread of its own, never the
GUI thread, and says `database_up` when it answers again: windows hide their notice and reload, the
kiosk takes tickets again. Nothing typed is lost meanwhile: the windows stay as they are.

What a task changed: the worker runs it inside `app.db.changes.capture`, so every transaction it
commits hands over its change set; the runner reads them (`app.services.feed.read_changes`, the
change feed's own reading) and, after `on_done`/`on_error`, says `changes_made(changes)` with
`changes.own` set. Windows follow it as they follow the feed (`AppContext.follow_changes`) and
refresh once, only for what concerns them; the feed skips the same transactions (their tokens are
in `runner.own` before they commit), so the echo of a window's own action reloads nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Generator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from app.db.changes import Capture, OwnTransactions, capture
from app.errors import DatabaseUnavailable, HallDeskError
from app.services.feed import Changes, read_changes

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[HallDeskError], None]
T = TypeVar("T")

UNEXPECTED = "program.unexpected"  # its words: app/messages


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    value: Any  # the result, or the HallDeskError to show
    changes: Changes | None = None  # what the task committed


class _Relay(QObject):
    finished = Signal(object)  # _Outcome


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
    def __init__(self, fn: Callable[[], _Outcome], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        self.relay.finished.emit(self.fn())


class _OnRunner:
    """What a flow awaits: `fn`, to run on the runner (see `on_runner`)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[], Any]):
        self.fn = fn

    def __await__(self) -> Generator[_OnRunner, Any, Any]:
        return (yield self)  # the runner sends the result back (or throws the error in)


def on_runner(fn: Callable[[], T]) -> Awaitable[T]:
    """A database step of a flow (`TaskRunner.chain`): `result = await on_runner(lambda: ...)`
    runs the lambda on the runner and goes on, on the GUI thread, with what it returned; a
    HallDeskError it raised is raised at the `await`."""
    return cast(Awaitable[T], _OnRunner(fn))


def _make_busy(busy: QWidget | Sequence[QWidget]) -> Callable[[], None]:
    """Disable `busy` with a busy cursor; returns what puts it back as it was."""
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

    return restore


class TaskRunner(QObject):
    database_down = Signal(str)  # the plain message to show
    database_up = Signal()
    # What this PC's own tasks committed (app.services.feed.Changes, `own` set), once each, after
    # the task's on_done/on_error: every window follows it and the change feed alike
    # (AppContext.follow_changes), and the feed skips the same transactions (`own`).
    changes_made = Signal(object)

    PROBE_MS = 3_000  # how often a lost database is checked for

    def __init__(self, parent: QObject | None = None, *, db: Any = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self.db = db  # set by AppContext when not given: what the probe checks
        self.own = OwnTransactions()  # the transactions committed by this runner's tasks
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
        relay = _Relay()  # lives on the GUI thread, so its signal is delivered there
        self._relays.add(relay)

        def finished(outcome: _Outcome) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            self._deliver(outcome, on_done, on_error)

        relay.finished.connect(finished)
        self._pool.start(_Job(lambda: self._run_task(fn), relay))

    def _run_task(self, fn: Callable[[], Any]) -> _Outcome:
        """On the worker: run `fn`, noting what the transactions it commits change."""
        with capture(self.own) as captured:
            ok, value = _outcome(fn)
        return _Outcome(ok, value, self._read_changes(captured))

    def _read_changes(self, captured: Capture) -> Changes | None:
        change_set = captured.merged()
        if change_set is None:
            return None
        if self.db is not None:
            try:
                return read_changes(self.db, change_set, own=True)
            except Exception as exc:  # committed all the same: the windows reload those kinds
                log.warning("changes of a task not read: %s", exc)
        return Changes(
            ids={kind: frozenset(ids) for kind, ids in change_set.ids.items()},
            whole=frozenset(change_set.kinds()),
            own=True,
        )

    def _deliver(self, outcome: _Outcome, on_done: Done | None, on_error: Failed | None) -> None:
        """On the GUI thread: the answer first (the acting window shows it), then what changed."""
        try:
            if outcome.ok:
                if on_done is not None:
                    on_done(outcome.value)
            else:
                self.note_failure(outcome.value)  # first: the state is known when on_error runs
                if on_error is not None:
                    on_error(outcome.value)
        finally:
            if outcome.changes:
                self.changes_made.emit(outcome.changes)

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
        restore = _make_busy(busy)

        def done(result: Any) -> None:
            restore()
            if on_done is not None:
                on_done(result)

        def failed(error: HallDeskError) -> None:
            restore()
            if on_error is not None:
                on_error(error)

        self.submit(fn, done, failed)

    # A bug in a flow's GUI step: logged and said as UNEXPECTED (ImmediateRunner: raised).
    _catch_bugs = True

    def chain(
        self,
        flow: Coroutine[Any, Any, Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        busy: QWidget | Sequence[QWidget] = (),
    ) -> None:
        """Run `flow` (an `async def` that awaits `on_runner(...)` steps) to its end: each step on
        the runner, the flow going on in the step's `done` callback, on the GUI thread. `busy` is
        kept busy for the whole chain, as by `operation`; then `on_done(what the flow returned)`,
        or `on_error(error)` for a HallDeskError the flow let through (a bug: `UNEXPECTED`)."""
        restore = _make_busy(busy)

        def step(resume: Callable[[], Any]) -> None:
            try:
                awaited = resume()
                if not isinstance(awaited, _OnRunner):
                    flow.close()
                    raise TypeError(f"a flow awaits on_runner(...) only, not {awaited!r}")
            except StopIteration as end:
                restore()
                if on_done is not None:
                    on_done(end.value)
                return
            except HallDeskError as error:
                restore()
                if on_error is not None:
                    on_error(error)
                return
            except Exception:
                restore()
                if not self._catch_bugs:
                    raise
                log.exception("a chained operation failed on the GUI thread")
                if on_error is not None:
                    on_error(HallDeskError(UNEXPECTED))
                return
            self.submit(
                awaited.fn,
                lambda result: step(lambda: flow.send(result)),
                lambda error: step(lambda: flow.throw(error)),
            )

        step(lambda: flow.send(None))

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
        probe = self.db.probe

        def finished(outcome: _Outcome) -> None:
            self._probing = False
            self._relays.discard(relay)
            relay.deleteLater()
            if outcome.ok:
                self._back()
            else:
                self.note_failure(outcome.value)

        relay.finished.connect(finished)
        self._probe_pool.start(_Job(lambda: _Outcome(*_outcome(probe)), relay))

    def _back(self, _: Any = None) -> None:
        self._probe_timer.stop()
        if not self.database_ok:
            self.database_ok = True
            self.database_message = ""
            log.info("database answers again")
            self.database_up.emit()


class ImmediateRunner(TaskRunner):
    """Runs each task at once (tests, and start-up code that needs the answer before going on)."""

    _catch_bugs = False  # a bug in a flow is raised, to fail the test

    def run_now(self, flow: Coroutine[Any, Any, T]) -> T:
        """Run the flow to its end and return what it returned (or raise its HallDeskError)."""
        ended: list[tuple[bool, Any]] = []
        self.chain(
            flow, lambda value: ended.append((True, value)), lambda e: ended.append((False, e))
        )
        [(ok, value)] = ended
        if not ok:
            raise value
        return value

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        with capture(self.own) as captured:
            try:  # a bug is raised here, to fail the test, not turned into a message
                outcome = _Outcome(True, fn())
            except HallDeskError as error:
                outcome = _Outcome(False, error)
        self._deliver(replace(outcome, changes=self._read_changes(captured)), on_done, on_error)

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
