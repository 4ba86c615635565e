"""A PostgreSQL cluster of the test's own, for tests that stop, kill or restart the database: it
lives in a temporary folder, listens on its own port on 127.0.0.1 and never touches the shared
server. Run as the `postgres` user when the tests run as root (initdb refuses root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent  # /usr/local/bin may hold only links to some
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.glob("*/bin/pg_ctl"), reverse=True) if root.exists() else []
    return versions[0].parent if versions else None


def available() -> str | None:
    """Why a private cluster cannot be made here, or None."""
    if _bin_dir() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


def require() -> None:
    """Skip a test that needs a private cluster where none can be made, saying why; under CI
    (HALLDESK_REQUIRE_PG=1) fail instead."""
    import pytest

    if (problem := available()) is not None:
        if os.environ.get("HALLDESK_REQUIRE_PG") == "1":
            pytest.fail(f"a private PostgreSQL cluster is required but cannot be made: {problem}")
        pytest.skip(f"no private PostgreSQL cluster here: {problem}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateCluster:
    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, available()
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="halldesk-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-instructions")  # fmt: skip

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/halldesk"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
                  "-w", "start")  # fmt: skip
        if not getattr(self, "_created", False):
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                      "halldesk")  # fmt: skip
            self._created = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server ("fast": clients are disconnected; "immediate": as after a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def wait_until(check, timeout: float = 10.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return bool(check())
