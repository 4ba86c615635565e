"""A clock for the sender that moves only when told (or when the sender waits), so the timing
of the line — backoff, probes, Retry-After, heartbeats, resume checks — is tested without sleeping.

`FakeClock.now` is the wall clock (`Sender(clock=...)`), `monotonic` the interval clock
(`Sender(monotonic=...)`), and `take` the sender's one blocking wait (`Sender(take=...)`): news
already queued comes back at once; an empty queue moves the clock on by the whole timeout, as if
the sender had waited that long, and says so with `queue.Empty`.
"""

from __future__ import annotations

import queue
from concurrent.futures import Executor, Future
from datetime import datetime, timedelta
from typing import Any

from app.clock import utcnow


class FakeClock:
    def __init__(self, start: datetime | None = None, tick: float = 1000.0):
        self.start = start or utcnow()
        self.tick = tick
        self.tick0 = tick
        self.waited = 0.0  # seconds the sender "waited" on an empty queue

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.tick - self.tick0)

    def monotonic(self) -> float:
        return self.tick

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.tick += seconds

    def take(self, results: queue.Queue[Any], timeout: float) -> Any:
        try:
            return results.get_nowait()
        except queue.Empty:
            self.advance(timeout)
            self.waited += timeout
            raise


class InlineExecutor(Executor):
    """Runs what the sender hands its worker pool at once, on the calling thread."""

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # pragma: no cover - surfaced by the test's asserts
            future.set_exception(exc)
        return future
