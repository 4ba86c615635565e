"""Running service calls off the GUI thread.

`TaskRunner.submit(fn, on_done, on_error)` runs `fn` on a worker thread and calls back on the GUI
thread. Database work goes through one worker (writes serialised, in the order the clerk acted);
tests use `ImmediateRunner`, which runs the task at once on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import HallDeskError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[HallDeskError], None]


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except HallDeskError as error:
            self.relay.failed.emit(error)
        except Exception as exc:  # a bug or a lost database: shown, logged, never fatal
            log.exception("background task failed")
            self.relay.failed.emit(
                HallDeskError(f"操作失败：{exc}。请重试；如果反复出现，请联系技术支持。")
            )
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        relay = _Relay()  # lives on the GUI thread, so its signals are delivered there
        self._relays.add(relay)

        def finish(_: Any = None) -> None:
            self._relays.discard(relay)
            relay.deleteLater()

        if on_done:
            relay.done.connect(on_done)
        if on_error:
            relay.failed.connect(on_error)
        relay.done.connect(finish)
        relay.failed.connect(finish)
        self._pool.start(_Job(fn, relay))

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)


class ImmediateRunner(TaskRunner):
    """Runs each task at once (tests, and start-up code that needs the answer before going on)."""

    def submit(
        self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        try:
            result = fn()
        except HallDeskError as error:
            if on_error:
                on_error(error)
            return
        if on_done:
            on_done(result)
