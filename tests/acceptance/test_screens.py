"""Every window fits the hall's screens: 1366×768 (most hall PCs, with a taskbar), 1920×1080, and
the kiosk, board and rating pad in portrait. Each window is opened in a program of its own on a
screen of that size and saved as a PNG under test-artifacts/screens/<size>/ to look at."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "acceptance" / "screens.py"
ARTIFACTS = Path(os.environ.get("HALLDESK_ARTIFACTS", ROOT / "test-artifacts")) / "screens"
DESK = [
    "login",
    "clerk",
    "intake_form",
    "case_search",
    "print_jobs",
    "manager",
    "admin",
    "calendar",
]
WALL = ["kiosk", "board", "rating_pad"]


@pytest.mark.parametrize(
    "size, windows",
    [("1366x768", DESK + WALL), ("1920x1080", DESK + WALL), ("1080x1920", WALL)],
)
def test_every_window_fits_the_screen(size, windows):
    out = ARTIFACTS / size
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    run = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--size",
            size,
            "--out",
            str(out),
            "--only",
            ",".join(windows),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert [r["window"] for r in results] == windows, run.stderr[-2000:]
    too_big = [r for r in results if not r["fits"]]
    assert too_big == [], f"windows that do not fit {size}: {too_big}"
    assert run.returncode == 0
    for result in results:
        png = Path(result["png"])
        assert png.stat().st_size > 5_000, f"{png} looks empty"
