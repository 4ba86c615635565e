"""The settings cache: fresh values within their lifetime, the old value at once (and a background
read) just after, a synchronous read when far too old."""

from __future__ import annotations

import threading
import time

from app.services import cache


def test_fresh_then_stale_while_revalidating_then_too_old(monkeypatch):
    cache.clear()
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    reads: list[int] = []
    release = threading.Event()

    def compute() -> int:
        reads.append(len(reads) + 1)
        if len(reads) == 2:  # the background read takes its time
            release.wait(5)
        return len(reads)

    assert cache.cached("k", 5, compute) == 1
    clock[0] += 4
    assert cache.cached("k", 5, compute) == 1 and reads == [1]  # fresh: no read
    clock[0] += 2  # expired a second ago
    assert cache.cached("k", 5, compute) == 1  # the old value at once ...
    assert cache.cached("k", 5, compute) == 1  # ... and only one background read
    release.set()
    for _ in range(100):
        if cache.cached("k", 5, compute) == 2:
            break
        time.sleep(0.01)
    assert cache.cached("k", 5, compute) == 2 and reads == [1, 2]

    clock[0] += 5 * cache.STALE_FACTOR + 10  # far too old: read before answering
    assert cache.cached("k", 5, compute) == 3
    cache.clear()


def test_a_failed_background_read_leaves_it_to_the_next_caller(monkeypatch):
    cache.clear()
    clock = [0.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return f"v{len(calls)}"

    assert cache.cached("f", 1, flaky) == "v1"
    clock[0] += 2
    assert cache.cached("f", 1, flaky) == "v1"  # stale; the refresh fails in the background
    for _ in range(100):
        if len(calls) >= 2 and "f" not in cache._refreshing:
            break
        time.sleep(0.01)
    assert cache.cached("f", 1, flaky) == "v3"  # dropped, so read again now
    cache.clear()
