"""The online-hall sender inside the desk program, off the GUI thread.

`ForwardingThread` is a QThread whose `run` is the sender's loop (app/forwarding/sender.py); the
loop talks to the database and the network on this thread and its own worker pool, never on the
GUI thread. Status reaches the GUI through the `status_changed` signal (queued across threads).
`stop()` asks the loop to finish what is on the wire and returns at once; `shutdown()` waits.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QThread, Signal

from app.db.engine import Database
from app.errors import HallDeskError
from app.forwarding.sender import Sender, SenderStatus, build_sender
from app.settings import Settings

log = logging.getLogger(__name__)


class ForwardingThread(QThread):
    status_changed = Signal(object)  # app.forwarding.sender.SenderStatus
    failed = Signal(str)  # could not start (settings, secret); a message for the status mark

    def __init__(self, db: Database, settings: Settings, *, role: str = "desk", parent=None):
        super().__init__(parent)
        self.setObjectName("online-hall-forwarding")
        self._db = db
        self._settings = settings
        self._role = role
        self._stop = threading.Event()
        self._sender: Sender | None = None

    @staticmethod
    def configured(settings: Settings) -> bool:
        return bool(settings.online_hall.endpoint)

    def run(self) -> None:
        try:
            self._sender = build_sender(
                self._db, self._settings, role=self._role, on_status=self._emit
            )
        except HallDeskError as error:
            self.failed.emit(error.message)
            return
        try:
            self._sender.run(self._stop)
        except Exception as exc:  # the desk goes on; the status mark says sending stopped
            log.exception("the online-hall sender stopped")
            self.failed.emit(self.tr("网上大厅发送程序出错：{0}").format(exc))
        finally:
            self._sender.client.close()

    def _emit(self, status: SenderStatus) -> None:
        self.status_changed.emit(status)

    def stop(self) -> None:
        self._stop.set()
        if self._sender is not None:
            self._sender.stop()

    def shutdown(self, timeout_ms: int = 15_000) -> bool:
        self.stop()
        return self.wait(timeout_ms)
