"""A short-lived in-process cache for what changes rarely but is read on every call (the hall's
time zone, a category's settings, a window's configuration, a category's service rate). Entries
live a few seconds, so an admin's change reaches every PC within that time without a message bus.

When an entry has just expired, the caller still gets it at once and one background thread reads
the new value (stale-while-revalidate): a window's call never waits for a settings read. An entry
expired for longer than `STALE_FACTOR` times its lifetime is read again before answering."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
STALE_FACTOR = 6

log = logging.getLogger(__name__)
_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, Any]] = {}
_refreshing: set[Hashable] = set()


def _refresh(key: Hashable, ttl_seconds: float, compute: Callable[[], Any]) -> None:
    try:
        value = compute()
    except Exception as exc:  # noqa: BLE001 - the next caller computes it and sees the error
        log.debug("background refresh of %r failed: %s", key, exc)
        with _lock:
            _entries.pop(key, None)
    else:
        with _lock:
            _entries[key] = (time.monotonic() + ttl_seconds, value)
    finally:
        with _lock:
            _refreshing.discard(key)


def cached(key: Hashable, ttl_seconds: float, compute: Callable[[], T]) -> T:
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit is not None:
            expires, value = hit
            if expires > now:
                return value
            if now - expires < ttl_seconds * STALE_FACTOR:
                if key not in _refreshing:
                    _refreshing.add(key)
                    threading.Thread(
                        target=_refresh,
                        args=(key, ttl_seconds, compute),
                        name="halldesk-cache-refresh",
                        daemon=True,
                    ).start()
                return value
    value = compute()
    with _lock:
        _entries[key] = (time.monotonic() + ttl_seconds, value)
    return value


def clear() -> None:
    """Forget everything (tests, and after an admin's change in this process)."""
    with _lock:
        _entries.clear()
