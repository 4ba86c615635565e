"""The acceptance day's hall: real `halldesk` processes (kiosk, board, clerks' windows, the manager)
on one database, each started by tests/acceptance/station.py with a hand and an eye on a local
socket, on an offscreen screen of 1366×768."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
STATION = ROOT / "tests" / "acceptance" / "station.py"
SCREEN = {
    "screens": [
        {
            "name": "hall",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}


def wait_until(check, timeout: float = 15.0, interval: float = 0.05, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(interval)


class Station:
    """One PC: its settings file, its process, and the socket to its hand."""

    def __init__(self, hall: Hall, name: str, settings: str, *args: str) -> None:
        self.hall = hall
        self.name = name
        self.folder = hall.folder / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config = self.folder / "halldesk.toml"
        self.config.write_text(
            f'data_dir = "{self.folder.as_posix()}"\n[database]\nurl = "{hall.url}"\n'
            # a lock another program holds is given up on after 3 s (the hall's default is 30)
            "busy_timeout_seconds = 3\n" + settings,
            encoding="utf-8",
        )
        self.args = args
        self.control = str(hall.folder / f"{name}.sock")
        self.process: subprocess.Popen | None = None
        self.log = self.folder / "output.log"

    def start(self) -> Station:
        env = dict(os.environ)
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={self.hall.screen}"
        env.pop("HALLDESK_CONFIG", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(STATION),
                "--control",
                self.control,
                "--",
                "--config",
                str(self.config),
                *self.args,
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers, timeout=60, what=f"{self.name} to start")
        return self

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(
                f"{self.name} exited: {self.log.read_text(errors='replace')[-3000:]}"
            )
        try:
            return bool(self.ask({"op": "state"}).get("windows"))
        except OSError:
            return False

    def ask(self, request: dict) -> dict:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(30)
            s.connect(self.control)
            s.sendall(json.dumps(request).encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        answer = json.loads(data)
        if "error" in answer and request.get("op") not in ("state",):
            raise AssertionError(f"{self.name}: {request} → {answer['error']}")
        return answer

    # what a person does
    def key(self, key: str, mod: str = "") -> None:
        self.ask({"op": "key", "key": key, "mod": mod})

    def type(self, text: str) -> None:
        self.ask({"op": "type", "text": text})

    def click(self, name: str, timeout: float = 10.0) -> None:
        """Click the widget once it is on the screen (a person waits for the button to show)."""
        wait_until(
            lambda: self.text(name) is not None, timeout=timeout, what=f"{name} on {self.name}"
        )
        self.ask({"op": "click", "name": name})

    def activate(self, name: str) -> None:
        self.ask({"op": "activate", "name": name})

    def close_active(self) -> str:
        return self.ask({"op": "close_active"})["closed"]

    # what a person sees
    def state(self) -> dict:
        return self.ask({"op": "state"})

    def windows(self) -> list[str]:
        return [w["class"] for w in self.state()["windows"]]

    def text(self, name: str) -> str | None:
        return self.ask({"op": "text", "name": name})["text"]

    def rows(self, name: str) -> int:
        return self.ask({"op": "rowcount", "name": name})["rows"]

    def screen_text(self) -> str:
        return "\n".join(self.ask({"op": "screen_text"})["texts"])

    def grab(self, label: str) -> list[str]:
        folder = self.hall.artifacts
        folder.mkdir(parents=True, exist_ok=True)
        return self.ask({"op": "grab", "path": str(folder / f"{self.name}-{label}")})["shots"]

    def login(self, username: str, password: str = "halldesk1") -> None:
        wait_until(lambda: "LoginDialog" in self.windows(), what=f"{self.name}'s login box")
        self.click("username")
        self.type(username)
        self.key("Tab")
        self.type(password)
        self.key("Return")

    def kill(self) -> None:
        """The power cut / kill -9: no chance to save anything."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def quit(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.ask({"op": "quit"})
            self.process.wait(15)
        except (OSError, subprocess.TimeoutExpired, AssertionError):
            self.process.kill()
            self.process.wait(10)


class Hall:
    def __init__(self, folder: Path, url: str, artifacts: Path) -> None:
        self.folder = folder
        self.url = url
        self.artifacts = artifacts
        self.screen = folder / "screen.json"
        self.screen.write_text(json.dumps(SCREEN), encoding="utf-8")
        self.stations: list[Station] = []

    def station(self, name: str, settings: str, *args: str) -> Station:
        station = Station(self, name, settings, *args)
        self.stations.append(station)
        return station

    def close(self) -> None:
        for station in self.stations:
            station.quit()
