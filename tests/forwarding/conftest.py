"""Fixtures for the forwarding tests: a simulator on loopback and senders against it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from app.forwarding.client import OnlineHallClient
from app.forwarding.sender import Sender, SenderConfig
from app.forwarding.signing import Credentials, signer_for
from app.forwarding.simulator import OnlineHallSimulator

APP_ID = "test-app"
SECRET = b"test-secret-0123456789"


@pytest.fixture
def sim() -> Iterator[OnlineHallSimulator]:
    simulator = OnlineHallSimulator({APP_ID: (SECRET, "hmac-sha256")}, seed=7).start()
    try:
        yield simulator
    finally:
        simulator.stop()


def credentials(secret: bytes = SECRET, signer: str = "hmac-sha256") -> Credentials:
    return Credentials(APP_ID, secret, signer_for(signer))


def fast_config(name: str = "test-sender", **changes: Any) -> SenderConfig:
    values: dict[str, Any] = {
        "name": name,
        "parallel_cases": 4,
        "poll_seconds": 0.05,
        "fetch_changes_seconds": 0,
        "backoff_base_seconds": 0.05,
        "backoff_cap_seconds": 0.5,
        "offline_probe_cap_seconds": 0.3,
        "heartbeat_seconds": 0.2,
        "resume_check_seconds": 0.1,
    }
    values.update(changes)
    return SenderConfig(**values)


def make_sender(db, sim: OnlineHallSimulator, *, clock=None, **config: Any) -> Sender:
    kwargs = {"clock": clock} if clock else {}
    client = OnlineHallClient(sim.url, credentials(), timeout=5.0, max_connections=8, **kwargs)
    return Sender(db, client, fast_config(**config), **kwargs)


class Running:
    """A sender running in a thread for the duration of a `with` block."""

    def __init__(self, sender: Sender):
        self.sender = sender
        self.stop = threading.Event()
        self.thread = threading.Thread(target=sender.run, args=(self.stop,), daemon=True)
        self.error: BaseException | None = None

    def __enter__(self) -> Running:
        def target() -> None:
            try:
                self.sender.run(self.stop)
            except BaseException as exc:  # surfaced by __exit__
                self.error = exc

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.sender.stop()
        self.thread.join(timeout=30)
        self.sender.client.close()
        assert not self.thread.is_alive(), "the sender did not stop"
        if self.error is not None:
            raise self.error


def wait_rounds(sender: Sender, rounds: int = 5, timeout: float = 20.0) -> None:
    """Wait until the running `sender` has gone round its loop `rounds` more times (each round
    claims what is due): after that, what it has not tried it was not going to try. A condition
    on the sender's progress, not a guess at how long it takes."""
    start = sender.rounds
    wait_for(lambda: sender.rounds >= start + rounds, timeout, what=f"{rounds} rounds")


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def sim_json(sim: OnlineHallSimulator, path: str) -> Any:
    return httpx.get(sim.url + path, headers=sim.admin_headers, timeout=5).json()
