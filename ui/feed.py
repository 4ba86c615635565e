"""The change feed (app.services.feed) on a thread of its own, re-emitted as a Qt signal on the GUI
thread: every window, board and kiosk learns of other PCs' changes within a fraction of a second.
Given `own` (the task runner's `OwnTransactions`), it skips the transactions this PC's own tasks
committed: the runner has handed those to the windows already (`TaskRunner.changes_made`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QThread, Signal

from app.db.changes import OwnTransactions
from app.db.engine import open_database
from app.services.feed import ChangeFeed, Changes

log = logging.getLogger(__name__)
STOP_WAIT_MS = 10_000  # longer than a connection attempt's timeout (app.services.feed)


class FeedThread(QThread):
    changed = Signal(object)  # Changes

    def __init__(self, database_url: str, parent=None, *, own: OwnTransactions | None = None):
        super().__init__(parent)
        self._url = database_url
        self._own = own
        self._stopping = False

    def run(self) -> None:
        db = open_database(self._url)  # its own engine: nothing shared with the GUI thread
        feed = ChangeFeed(db, self._own)
        try:
            while not self._stopping:
                changes: Changes = feed.wait(0.5)
                if changes and not self._stopping:
                    self.changed.emit(changes)
        finally:
            feed.close()
            db.dispose()

    def stop(self) -> None:
        """Ask the thread to end and wait until it has: a QThread destroyed while it still runs
        aborts the whole program (at quit, that would be a crash report instead of a clean exit).
        It ends within half a second, or once a connection attempt to a database that is away
        gives up (psycopg's connect_timeout, 5 s); past STOP_WAIT_MS it is terminated."""
        self._stopping = True
        if not self.wait(STOP_WAIT_MS):
            log.warning("change feed did not end within %d ms; terminating it", STOP_WAIT_MS)
            self.terminate()
            self.wait()
