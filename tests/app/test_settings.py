"""app.settings: defaults, the TOML file, environment and command-line layers, and the messages of
SettingsError (they name the file and the dotted key)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from app import settings as settings_module
from app.errors import SettingsError
from app.settings import load_settings


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """The platform's default settings file never leaks into these tests."""
    missing = tmp_path / "no-such-dir" / "halldesk.toml"
    monkeypatch.setattr(settings_module, "default_config_path", lambda: missing)
    return missing


def write(tmp_path: Path, text: str, name: str = "halldesk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(no_user_config):
    s = load_settings(environ={})
    data_dir = Path(platformdirs.user_data_dir("HallDesk", False))
    assert s.database.url is None
    assert s.database_url == f"sqlite:///{(data_dir / 'halldesk.sqlite3').as_posix()}"
    assert s.data_path == data_dir
    assert s.database.backup_before_migrate is True
    assert s.hall.timezone == "Asia/Shanghai"
    assert s.hall.name is None and s.hall.code is None and s.hall.region_code is None
    assert s.station.role == "desk"
    assert s.station.counter_number is None
    assert s.source_file == str(no_user_config)
    # nothing was stated explicitly, so nothing may overwrite the hall's identity
    assert s.hall.model_fields_set == set()


def test_data_dir_moves_the_sqlite_file(tmp_path):
    s = load_settings(environ={"HALLDESK_DATA_DIR": str(tmp_path / "data")})
    assert s.database_url == f"sqlite:///{(tmp_path / 'data' / 'halldesk.sqlite3').as_posix()}"


def test_toml_file_is_read(tmp_path):
    path = write(
        tmp_path,
        """
data_dir = "/srv/halldesk"

[database]
url = "postgresql+psycopg://hall:secret@db.example:5432/halldesk"
backup_before_migrate = false

[hall]
name = "临江市政务服务中心"
region_code = "330100"
timezone = "Asia/Urumqi"

[station]
role = "window"
counter_number = 3
fullscreen = true

[online_hall]
endpoint = "https://zwfw.example.gov.cn/api"
timeout_seconds = 2.5
""",
    )
    s = load_settings(path, environ={})
    assert s.source_file == str(path)
    assert s.data_dir == "/srv/halldesk"
    assert s.database_url == "postgresql+psycopg://hall:secret@db.example:5432/halldesk"
    assert s.database.backup_before_migrate is False
    assert s.hall.name == "临江市政务服务中心"
    assert s.hall.region_code == "330100"
    assert s.hall.timezone == "Asia/Urumqi"
    assert s.hall.model_fields_set == {"name", "region_code", "timezone"}
    assert s.station.role == "window"
    assert s.station.counter_number == 3
    assert s.station.fullscreen is True
    assert s.online_hall.endpoint == "https://zwfw.example.gov.cn/api"
    assert s.online_hall.timeout_seconds == 2.5


def test_file_named_by_halldesk_config_env(tmp_path):
    path = write(tmp_path, '[hall]\nname = "甲"\n', "other.toml")
    s = load_settings(environ={"HALLDESK_CONFIG": str(path)})
    assert s.hall.name == "甲"
    assert s.source_file == str(path)


def test_env_beats_file(tmp_path):
    path = write(
        tmp_path, '[database]\nurl = "sqlite:///from-file.sqlite3"\n[station]\ncounter_number = 3\n'
    )
    env = {
        "HALLDESK_DATABASE__URL": "sqlite:///from-env.sqlite3",
        "HALLDESK_STATION__COUNTER_NUMBER": "7",
        "PATH": "/usr/bin",  # not ours: ignored
    }
    s = load_settings(path, environ=env)
    assert s.database_url == "sqlite:///from-env.sqlite3"
    assert s.station.counter_number == 7  # converted from the environment's string


def test_cli_beats_env_and_file(tmp_path):
    path = write(
        tmp_path, '[database]\nurl = "sqlite:///from-file.sqlite3"\n[station]\nrole = "kiosk"\n'
    )
    env = {
        "HALLDESK_DATABASE__URL": "sqlite:///from-env.sqlite3",
        "HALLDESK_STATION__ROLE": "board",
    }
    s = load_settings(
        path,
        environ=env,
        overrides={
            "database.url": "sqlite:///from-cli.sqlite3",
            "station.role": "window",
            "data_dir": None,
        },
    )
    assert s.database_url == "sqlite:///from-cli.sqlite3"
    assert s.station.role == "window"
    # an option that was not given (None) does not erase lower layers
    s = load_settings(path, environ=env, overrides={"database.url": None, "station.role": None})
    assert s.database_url == "sqlite:///from-env.sqlite3"
    assert s.station.role == "board"


def test_broken_toml_names_the_file(tmp_path):
    path = write(tmp_path, "[database]\nurl = postgresql://no-quotes\n")
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ={})
    assert str(path) in info.value.message
    assert "TOML" in info.value.message
    assert info.value.exit_code == 2


def test_unknown_key_names_the_dotted_key_and_the_file(tmp_path):
    path = write(tmp_path, '[database]\nuri = "sqlite:///x.sqlite3"\n')
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ={})
    assert "database.uri" in info.value.message
    assert str(path) in info.value.message


def test_unknown_section_names_the_key(tmp_path):
    path = write(tmp_path, '[printer]\nticket_printer = "x"\n')
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ={})
    assert "printer" in info.value.message


def test_unknown_env_key_names_the_key_and_the_environment(tmp_path):
    with pytest.raises(SettingsError) as info:
        load_settings(environ={"HALLDESK_DATABASE__URI": "sqlite:///x"})
    assert "database.uri" in info.value.message
    assert "环境变量" in info.value.message


@pytest.mark.parametrize(
    "toml, key, bad",
    [
        ('[hall]\ntimezone = "Mars/Base"\n', "hall.timezone", "Mars/Base"),
        ('[hall]\nregion_code = "12"\n', "hall.region_code", "12"),
        ("[station]\ncounter_number = 0\n", "station.counter_number", "0"),
        ('[station]\nrole = "cashier"\n', "station.role", "cashier"),
        ('[online_hall]\nendpoint = "ftp://x"\n', "online_hall.endpoint", "ftp://x"),
    ],
)
def test_bad_value_names_the_key(tmp_path, toml, key, bad):
    path = write(tmp_path, toml)
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ={})
    message = info.value.message
    assert key in message
    assert bad in message
    assert str(path) in message


def test_bad_cli_value_names_the_key_and_the_command_line():
    with pytest.raises(SettingsError) as info:
        load_settings(environ={}, overrides={"station.counter_number": 0})
    assert "station.counter_number" in info.value.message
    assert "命令行" in info.value.message


def test_missing_explicit_file_is_an_error(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(SettingsError) as info:
        load_settings(missing, environ={})
    assert str(missing) in info.value.message
    with pytest.raises(SettingsError) as info:
        load_settings(environ={"HALLDESK_CONFIG": str(missing)})
    assert str(missing) in info.value.message


def test_missing_default_file_is_fine(no_user_config):
    assert not no_user_config.exists()
    assert load_settings(environ={}).source_file == str(no_user_config)


def test_not_utf8_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('[hall]\nname = "临江"\n'.encode("gbk"))
    with pytest.raises(SettingsError) as info:
        load_settings(path, environ={})
    assert str(path) in info.value.message
