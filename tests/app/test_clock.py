"""The program's one clock (app/clock.py): shifted for tests and training, followed by the programs
a test starts, refused with a plain message when the shift is nonsense, and the only "now" that
the program and the tests read (checked statically, as tests/app/test_layers.py checks imports)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import clock

ROOT = Path(__file__).resolve().parents[2]


def test_set_now_moves_the_clock_and_it_keeps_ticking(set_hall_time):
    moment = set_hall_time("2026-12-31T23:59:30")
    assert moment == datetime(2026, 12, 31, 15, 59, 30, tzinfo=UTC)
    first = clock.utcnow()
    assert timedelta(0) <= first - moment < timedelta(seconds=5)
    assert clock.today("Asia/Shanghai").isoformat() == "2026-12-31"
    assert clock.local_now("Asia/Shanghai").strftime("%H:%M") == "23:59"
    assert clock.utcnow() >= first  # a shifted clock still ticks


def test_the_offset_reaches_a_program_the_test_starts(set_hall_time):
    set_hall_time("2027-01-01T00:00:10")
    child = subprocess.run(
        [sys.executable, "-c", "from app import clock; print(clock.today('Asia/Shanghai'))"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.stdout.strip() == "2027-01-01", child.stderr


def test_the_offset_is_removed_after_each_test():
    # hall_clock (tests/conftest.py) put the clock back after the tests above; without --hall-time
    # the program reads the machine's clock.
    if os.environ.get(clock.OFFSET_ENV) is None:
        assert clock.offset() == timedelta(0)
        assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def _settings_command(tmp_path, offset: str) -> subprocess.CompletedProcess[str]:
    """`halldesk settings` with HALLDESK_CLOCK_OFFSET_SECONDS=offset and nothing else of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env[clock.OFFSET_ENV] = offset
    config = tmp_path / "halldesk.toml"
    config.write_text("", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "ui.main", "--config", str(config), "settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("value", ["soon", "1e30", "nan"])
def test_a_nonsense_offset_stops_the_program_naming_the_variable(tmp_path, value):
    result = _settings_command(tmp_path, value)
    assert result.returncode == 2, result.stderr
    assert clock.OFFSET_ENV in result.stderr and "删除" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_shifted_clock_is_said_at_start(tmp_path):
    result = _settings_command(tmp_path, "-3600")
    assert result.returncode == 0, result.stderr
    assert clock.OFFSET_ENV in result.stderr and "慢 1:00:00" in result.stderr


# ----------------------------------------------------------------------------- one "now"

WALL_CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QDate", "currentDate"),
    ("QTime", "currentTime"),
}
# Where reading the machine's clock is the point: the clock itself, and the tests that compare it.
ALLOWED = {Path("app/clock.py"), Path("tests/app/test_clock.py")}


def wall_clock_reads(source: str, filename: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in WALL_CLOCK_READS:
                found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return found


def test_the_checker_finds_wall_clock_reads():
    source = "import time\nfrom datetime import date, datetime\nx = datetime.now(UTC)\ny = date.today()\nz = time.time()\n"
    assert [line for line, _ in wall_clock_reads(source, "x.py")] == [3, 4, 5]
    assert wall_clock_reads("clock.utcnow()\ntime.monotonic()\n", "y.py") == []


def test_nothing_but_app_clock_reads_the_wall_clock():
    """The program and its tests take "now" from app.clock, so a test can set it and the suite
    passes at any hour (benchmarks measure real time and are not tests)."""
    offenders = []
    for package in ("app", "ui", "printing", "tests"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED or "benchmarks" in relative.parts:
                continue
            for line, call in wall_clock_reads(path.read_text(encoding="utf-8"), str(path)):
                offenders.append(f"{relative}:{line}: {call}")
    assert offenders == [], "read the time through app.clock instead:\n" + "\n".join(offenders)


# A backup file's name carries the machine's time on purpose: it is read on that machine.
MACHINE_ZONE_ALLOWED = {Path("app/db/migrate.py")}


def test_no_time_is_shown_in_the_pcs_zone():
    """`moment.astimezone()` turns a time into this PC's zone; a PC set to UTC (or to anything but
    the hall's zone) would then show times that disagree with the notices and the board. Times
    shown go through app.clock.in_hall."""
    offenders = []
    for package in ("app", "ui", "printing"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in MACHINE_ZONE_ALLOWED or relative == Path("app/clock.py"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "astimezone"
                    and not node.args
                    and not node.keywords
                ):
                    offenders.append(f"{relative}:{node.lineno}")
    assert offenders == [], "use app.clock.in_hall:\n" + "\n".join(offenders)


def test_in_hall_is_the_halls_clock_whatever_the_pc_says(monkeypatch):
    import time

    moment = datetime(2026, 12, 3, 2, 15, tzinfo=UTC)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        clock.set_hall_zone("Asia/Shanghai")
        assert clock.in_hall(moment).strftime("%Y-%m-%d %H:%M") == "2026-12-03 10:15"
        clock.set_hall_zone("Asia/Urumqi")
        assert clock.in_hall(moment).strftime("%H:%M") == "08:15"
    finally:
        clock.set_hall_zone(clock.DEFAULT_HALL_ZONE)
        monkeypatch.undo()
        time.tzset()
