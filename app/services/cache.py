"""A short-lived in-process cache for what changes rarely but is read on every call (the hall's
time zone, a category's settings, a category's service rate). Entries live a few seconds, so an
admin's change reaches every PC within that time without a message bus."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, Any]] = {}


def cached(key: Hashable, ttl_seconds: float, compute: Callable[[], T]) -> T:
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    value = compute()
    with _lock:
        _entries[key] = (now + ttl_seconds, value)
    return value


def clear() -> None:
    """Forget everything (tests, and after an admin's change in this process)."""
    with _lock:
        _entries.clear()
