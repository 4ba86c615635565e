"""The real `halldesk` console command, run as a subprocess (no Qt is loaded for these commands).
Few and fast: each case is one short process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app import __version__
from app.db.migrate import head_revision

HALLDESK = Path(sys.executable).parent / "halldesk"


@pytest.fixture
def run(tmp_path):
    """Run halldesk with a clean environment: no HALLDESK_* variables, config and data folders in
    tmp_path, and an empty settings file passed with --config unless the test passes its own."""
    assert HALLDESK.exists(), f"console script not installed: {HALLDESK}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["HOME"] = str(tmp_path / "home")
    env.pop("QT_QPA_PLATFORM", None)
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")

    def _run(*args: str, config: Path | None = empty, extra_env: dict[str, str] | None = None):
        argv = [str(HALLDESK), *args]
        if config is not None:
            argv[1:1] = ["--config", str(config)]
        proc = subprocess.run(
            argv,
            env=env | (extra_env or {}),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc

    return _run


def test_version(run):
    proc = run("--version", config=None)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"HallDesk {__version__}"


def test_db_upgrade_then_current(run, tmp_path):
    url = f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"
    proc = run("db", "upgrade", "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert f"升级到 {head_revision()}" in proc.stdout
    assert (tmp_path / "x.sqlite3").exists()
    with closing(sqlite3.connect(tmp_path / "x.sqlite3")) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (head_revision(),)
        ]

    proc = run("--db", url, "db", "upgrade")  # options before the command work too
    assert proc.returncode == 0, proc.stderr
    assert "已是最新" in proc.stdout

    proc = run("db", "current", "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"database: {head_revision()}; program: {head_revision()}"


def test_settings_command_shows_the_effective_database(run, tmp_path):
    proc = run("settings", extra_env={"HALLDESK_DATA_DIR": str(tmp_path / "data")})
    assert proc.returncode == 0, proc.stderr
    assert f"sqlite:///{(tmp_path / 'data' / 'halldesk.sqlite3').as_posix()}" in proc.stdout
    assert str(tmp_path / "empty.toml") in proc.stdout


def test_settings_command_says_when_there_is_no_settings_file(run, tmp_path):
    proc = run("settings", config=None)
    assert proc.returncode == 0, proc.stderr
    assert "# no settings file (" in proc.stdout and "does not exist" in proc.stdout
    assert "# from " not in proc.stdout
    proc = run("settings")
    assert f"# from {tmp_path / 'empty.toml'}" in proc.stdout


def test_settings_command_says_the_case_number_rule_key_is_no_longer_used(run, tmp_path):
    proc = run("settings")
    assert "case_number_rule in the settings file is no longer used" not in proc.stdout
    config = tmp_path / "old.toml"
    config.write_text('[hall]\ncase_number_rule = "item_date_seq"\n', encoding="utf-8")
    proc = run("settings", config=config)
    assert proc.returncode == 0, proc.stderr
    assert "# hall.case_number_rule in the settings file is no longer used" in proc.stdout
    assert "系统管理 → 大厅设置" in proc.stdout


def test_unsupported_database_url(run):
    proc = run("db", "upgrade", "--db", "nonsense://x")
    assert proc.returncode == 2
    assert "database.url" in proc.stderr


def test_unreachable_postgresql(run):
    proc = run("db", "upgrade", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/nodb")
    assert proc.returncode == 3, proc.stderr
    assert "无法连接数据库" in proc.stderr
    assert "127.0.0.1:1" in proc.stderr


def test_broken_settings_file(run, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[database\nurl = 1\n", encoding="utf-8")
    proc = run("db", "upgrade", config=broken)
    assert proc.returncode == 2
    assert str(broken) in proc.stderr


def test_database_newer_than_program(run, tmp_path):
    path = tmp_path / "new.sqlite3"
    url = f"sqlite:///{path.as_posix()}"
    assert run("db", "upgrade", "--db", url).returncode == 0
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    proc = run("db", "upgrade", "--db", url)
    assert proc.returncode == 4
    assert "ffff9999" in proc.stderr


def test_sqlite_path_that_cannot_be_created(run):
    """A bad folder in an SQLite URL (here: below a file) is a message, not a crash."""
    proc = run("db", "upgrade", "--db", "sqlite:////dev/null/halldesk/halldesk.sqlite3")
    assert proc.returncode in (2, 3), proc.stderr
    assert proc.stderr.startswith("HallDesk:")
    assert "/dev/null/halldesk" in proc.stderr


def test_calendar_deadline_and_status(run, tmp_path):
    url = f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"
    assert run("db", "upgrade", "--db", url).returncode == 0
    proc = run("calendar", "deadline", "--from", "2026-12-04", "--days", "20", "--db", url)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "2026-12-04 之后第 20 个工作日：2027-01-04"  # not New Year's Day
    assert "2026 年：内置国家节假日数据（含调休）" in lines[1]
    assert "2027 年：只计法定节假日：放假安排尚未确认" in lines[2]
    assert "⚠ 2027 年的放假安排尚未确认" in proc.stdout

    proc = run("calendar", "status", "--years", "1", "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert "只计法定节假日：放假安排尚未确认" in proc.stdout

    proc = run("calendar", "deadline", "--from", "2026-13-04", "--days", "3", "--db", url)
    assert proc.returncode != 0
    assert "--from 2026-13-04：日期应写成 YYYY-MM-DD" in proc.stderr


def test_calendar_import_previews_then_writes_and_confirms(run, tmp_path):
    url = f"sqlite:///{(tmp_path / 'x.sqlite3').as_posix()}"
    assert run("db", "upgrade", "--db", url).returncode == 0
    arrangement = tmp_path / "2027.txt"
    arrangement.write_text(
        "年份 2027\n文号 国办发明电〔2026〕X号\n2027-01-04 休息 元旦\n2027-02-20 上班 春节调休\n",
        encoding="utf-8",
    )
    proc = run("calendar", "import", str(arrangement), "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert "2027-01-04 法定节假日（休息） 元旦  [新增]" in proc.stdout and "只是预览" in proc.stdout
    proc = run("calendar", "deadline", "--from", "2026-12-31", "--days", "1", "--db", url)
    assert "2027-01-04" in proc.stdout  # the preview wrote nothing

    proc = run("calendar", "import", str(arrangement), "--apply", "--confirm", "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert "已确认 2027 年放假安排" in proc.stdout
    proc = run("calendar", "deadline", "--from", "2026-12-31", "--days", "1", "--db", url)
    assert "2027-01-05" in proc.stdout and "⚠" not in proc.stdout

    arrangement.write_text("年份 2027\n2027-01-05 上班\n", encoding="utf-8")
    proc = run("calendar", "import", str(arrangement), "--db", url)
    assert proc.returncode != 0 and "第 2 行" in proc.stderr and "星期二" in proc.stderr


def test_audit_verify_prints_the_head_then_the_first_broken_link(run, tmp_path):
    path = tmp_path / "x.sqlite3"
    url = f"sqlite:///{path.as_posix()}"
    assert run("db", "upgrade", "--db", url, "--demo").returncode == 0  # the demo seed is audited
    proc = run("audit", "verify", "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert "审计日志完整：共 1 条" in proc.stdout
    head = proc.stdout.split("链头：")[1].split()[0]
    assert run("audit", "verify", "--expect", head, "--db", url).returncode == 0

    with closing(sqlite3.connect(path)) as conn, conn:  # the file's owner, behind HallDesk's back
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET username = 'someone'")
    proc = run("audit", "verify", "--db", url)
    assert proc.returncode == 1
    assert "内容被改动" in proc.stdout and "条目：id 1，链上第 1 条，时间 " in proc.stdout

    proc = run("audit", "verify", "--expect", "1:abc", "--db", url)
    assert proc.returncode != 0 and "--expect" in proc.stderr
