"""The Linux bundle, built as a hall gets it (installer/build_linux.sh), installed with install.sh
into a temporary root, and started offscreen: `--version`, `--self-test` on a fresh SQLite file,
and an upgrade of an SQLite file from the first schema (copy taken first, data kept).

Slow (about three minutes, most of it PyInstaller), so marked `installer`: a plain `pytest`
deselects it (pyproject.toml's addopts) and `pytest -n 0 -m installer` runs it; .ci/run does, as a step
of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.installer,
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 900


def program_env(home: Path) -> dict[str, str]:
    """A PC with no settings of its own: a fresh home, offscreen Qt, no HALLDESK_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Iterator[dict[str, Path]]:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: pip install -e '.[test]' (the test extra brings it)")
    out = tmp_path_factory.mktemp("build")
    started = time.perf_counter()
    result = subprocess.run(
        ["bash", str(ROOT / "installer" / "build_linux.sh"), "--out", str(out)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"\nbuild_linux.sh: {time.perf_counter() - started:.0f} s\n{result.stdout}")
    (tarball,) = out.glob("halldesk-*-linux-*.tar.gz")
    stage = out / tarball.name.removesuffix(".tar.gz")
    yield {"out": out, "tarball": tarball, "stage": stage}
    shutil.rmtree(out, ignore_errors=True)  # close to a gigabyte with PyInstaller's work files


@pytest.fixture(scope="module")
def installed(build, tmp_path_factory) -> Iterator[Path]:
    """install.sh --role kiosk --counter 3 into a temporary root; the installed program."""
    root = tmp_path_factory.mktemp("root")
    result = subprocess.run(
        ["sh", str(build["stage"] / "install.sh"), "--role", "kiosk", "--counter", "3"],
        env={**os.environ, "DESTDIR": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    program = root / "opt" / "halldesk" / "halldesk"
    assert program.is_file()
    yield program
    shutil.rmtree(root, ignore_errors=True)


def run(program: Path, *args: str, home: Path, timeout: float = 180):
    return subprocess.run(
        [str(program), *args],
        env=program_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_tarball_holds_the_bundle_and_the_installer(build):
    with tarfile.open(build["tarball"]) as tar:
        names = set(tar.getnames())
    top = build["stage"].name
    for role in ("window", "kiosk", "board", "manager", "rating"):
        assert f"{top}/share/applications/halldesk-{role}.desktop" in names
    for name in ("install.sh", "uninstall.sh", "halldesk/halldesk", "CHANGELOG.md"):
        assert f"{top}/{name}" in names
    internal = f"{top}/halldesk/_internal"
    assert f"{internal}/resources/fonts/wqy-microhei.ttc" in names
    assert f"{internal}/resources/voice/chime.wav" in names
    assert f"{internal}/app/db/migrations/env.py" in names
    assert any(n.startswith(f"{internal}/app/db/migrations/versions/0001_") for n in names)
    plugins = {n.split("/plugins/", 1)[1] for n in names if "/Qt/plugins/" in n}
    assert {"platforms/libqxcb.so", "platforms/libqoffscreen.so"} <= plugins
    assert any(p.startswith("multimedia/") for p in plugins)
    assert any(p.startswith("printsupport/") for p in plugins)
    assert not any("WebEngine" in n or "/qml/" in n for n in names)


def test_the_bundle_is_kept_small(build):
    bundle = build["stage"] / "halldesk"
    # Qt's libraries appear twice as symbolic links (PyInstaller's layout): counted once.
    size = sum(f.lstat().st_size for f in bundle.rglob("*") if not f.is_symlink() and f.is_file())
    print(
        f"\nbundle {size / 2**20:.0f} MiB, tarball {build['tarball'].stat().st_size / 2**20:.0f} MiB"
    )
    assert size < 400 * 2**20, "the bundle grew past 400 MiB: is a Qt module leaking in?"


def test_install_writes_the_pcs_settings_and_starts_its_role_at_login(installed):
    root = installed.parents[2]
    settings = (root / "etc" / "halldesk" / "halldesk.toml").read_text(encoding="utf-8")
    assert 'role = "kiosk"' in settings and "counter_number = 3" in settings
    autostart = (root / "etc" / "xdg" / "autostart" / "halldesk.desktop").read_text()
    assert "Exec=/opt/halldesk/halldesk --role kiosk --counter 3" in autostart
    entries = sorted(p.name for p in (root / "usr" / "share" / "applications").iterdir())
    assert entries == [
        f"halldesk-{role}.desktop" for role in ("board", "kiosk", "manager", "rating", "window")
    ]


def test_version(installed, tmp_path):
    from app import __version__

    result = run(installed, "--version", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"HallDesk {__version__}"


def test_self_test_opens_the_login_window_on_a_fresh_sqlite_file(installed, tmp_path):
    db = tmp_path / "fresh.sqlite3"
    started = time.perf_counter()
    result = run(
        installed,
        "--demo",
        "--db",
        f"sqlite:///{db}",
        "--role",
        "window",
        "--self-test",
        home=tmp_path,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "首个窗口：LoginDialog" in result.stdout
    assert "自检通过" in result.stdout
    assert "安装包" in result.stdout  # the frozen program, not a Python on the PATH
    assert db.exists()
    print(f"\nbundle: process start to login window and quit: {elapsed * 1000:.0f} ms")


def test_the_kiosk_self_test_quits_cleanly_despite_the_station_lock(installed, tmp_path):
    result = run(
        installed,
        "--demo",
        "--db",
        f"sqlite:///{tmp_path / 'k.sqlite3'}",
        "--role",
        "kiosk",
        "--self-test",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "首个窗口：KioskWindow" in result.stdout


def _old_database(path: Path) -> None:
    """An SQLite file at the first schema revision (as the first release left it), with a hall."""
    from alembic import command

    from app.db.engine import open_database
    from app.db.migrate import alembic_config

    db = open_database(f"sqlite:///{path}")
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO hall (code, name, region_code, timezone, recall_cap, created_at) "
            "VALUES ('330199', '临江市政务服务中心', '330199', 'Asia/Shanghai', 3, "
            "'2026-03-02 01:00:00+00:00')"
        )


def test_upgrade_migrates_an_old_sqlite_file_after_copying_it(installed, tmp_path):
    from app.db.migrate import head_revision

    db = tmp_path / "data" / "halldesk.sqlite3"
    db.parent.mkdir()
    _old_database(db)

    result = run(installed, "db", "upgrade", "--db", f"sqlite:///{db}", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "升级前的副本" in result.stdout

    (backup,) = db.parent.glob("halldesk.before-upgrade-0001-*.sqlite3")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    with sqlite3.connect(db) as conn:
        revisions = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
        halls = conn.execute("SELECT name FROM hall").fetchall()
    assert "+".join(sorted(revisions)) == head_revision()
    assert halls == [("临江市政务服务中心",)]

    # And the upgraded file opens at the login window.
    result = run(installed, "--db", f"sqlite:///{db}", "--self-test", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"结构版本 \S+（程序 \S+）", result.stdout)
    assert "首个窗口：LoginDialog" in result.stdout
