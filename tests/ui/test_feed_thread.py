"""The change feed's thread ends before the program lets it go: at quit, `stop()` waits until it
has ended (a QThread destroyed while it still runs aborts the process), even when the feed is in
the middle of something slower than half a second, such as a connection attempt to a database
that is away (psycopg gives up after 5 s)."""

from __future__ import annotations

import threading
import time

from app.services import feed as feed_service
from app.services.feed import Changes
from ui import feed as feed_thread
from ui.feed import FeedThread


def test_stop_waits_until_a_slow_wait_has_ended(sqlite_demo_db, qtbot, monkeypatch):
    inside = threading.Event()

    def slow_wait(self, timeout: float = 1.0) -> Changes:
        inside.set()
        time.sleep(3.5)  # longer than the 3 s the thread used to be given
        return Changes()

    monkeypatch.setattr(feed_service.ChangeFeed, "wait", slow_wait)
    thread = FeedThread(str(sqlite_demo_db.engine.url))
    thread.start()
    assert inside.wait(5)
    started = time.monotonic()
    thread.stop()
    assert thread.isFinished(), "stop() returned while the feed thread was still running"
    assert time.monotonic() - started < feed_thread.STOP_WAIT_MS / 1000
