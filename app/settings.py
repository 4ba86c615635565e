"""The one typed settings object.

Sources, later ones winning:
1. defaults in the models below;
2. the TOML file (``--config``, else ``HALLDESK_CONFIG``, else ``halldesk.toml`` in the user's
   config folder, else this PC's file written by the installer: see ``machine_config_path``);
3. environment variables ``HALLDESK_<SECTION>__<KEY>`` (for example ``HALLDESK_DATABASE__URL``);
4. command-line options (passed in as a dict of dotted keys, for example ``{"database.url": ...}``).

A bad file or value raises :class:`SettingsError` whose message names the file, the key and the fix.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.domain.stations import (
    DEFAULT_STATION,
    STATION_KINDS,
    STATION_LANGUAGES,
    station_choices,
)
from app.errors import SettingsError

log = logging.getLogger(__name__)

APP_NAME = "HallDesk"
ENV_PREFIX = "HALLDESK_"
CONFIG_FILE_NAME = "halldesk.toml"


def parse_url(url: str) -> URL:
    """Parse and check a database URL; a bad one raises SettingsError naming `database.url`."""
    try:
        parsed = make_url(url)
    except ValueError as exc:  # a port that is not a number (make_url calls int() on it)
        raise SettingsError("settings.database_url_bad_port") from exc
    except ArgumentError as exc:
        raise SettingsError("settings.database_url_invalid", url=url) from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise SettingsError("settings.database_url_backend", backend=backend)
    if backend == "postgresql" and parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "postgresql" and parsed.drivername != "postgresql+psycopg":
        raise SettingsError("settings.database_url_driver", driver=parsed.drivername)
    if backend == "sqlite" and not parsed.database:
        raise SettingsError("settings.database_url_no_sqlite_path")
    return parsed


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# A PostgreSQL role HallDesk names in SQL (app/db/roles.py): plain, so it never needs quoting rules.
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class DatabaseSettings(_Section):
    url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; empty means an SQLite file in the user data folder. "
        "PostgreSQL: postgresql+psycopg://user:password@host:5432/halldesk",
    )
    backup_before_migrate: bool = True

    @field_validator("url")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        """A URL that cannot be parsed is the settings' fault: said when they are read, with
        exit code 2, never as a traceback when the database is opened."""
        if value:
            try:
                parse_url(value)
            except SettingsError as exc:
                message = str(exc).removeprefix("设置项 “database.url” ")
                message = message.removeprefix("的值 ").removeprefix("的")
                raise ValueError(message) from None
        return value

    busy_timeout_seconds: float = Field(
        default=30.0,
        ge=1,
        le=600,
        description="how long an action waits for a lock another PC or program holds before the "
        "window says the database is busy (SQLite: and retries by itself; PostgreSQL: the "
        "session's lock_timeout)",
    )
    program_role: str | None = Field(
        default=None,
        description="PostgreSQL with two roles: the role the hall's PCs connect as. "
        "`halldesk db upgrade`, run with the owner's URL, grants it what HallDesk needs and no "
        "more (the audit log: read and append only); remembered in the database after that",
    )

    @field_validator("program_role")
    @classmethod
    def _role_name(cls, value: str | None) -> str | None:
        if value is not None and not ROLE_NAME.match(value):
            raise ValueError("角色名只用小写字母、数字和下划线，以字母开头，例如 halldesk_app")
        return value


CASE_NUMBER_RULE_MOVED = (
    "hall.case_number_rule in the settings file is no longer used: the case-number rule is the "
    "hall's, kept in the database and set by the admin (系统管理 → 大厅设置)"
)


class HallSettings(_Section):
    """Hall identity. Unset values keep what the database already has (for example the demo hall)."""

    name: str | None = None
    code: str | None = Field(default=None, description="hall code used in case numbers")
    region_code: str | None = None
    uscc: str | None = None
    timezone: str = "Asia/Shanghai"
    case_number_rule: str | None = Field(
        default=None,
        description="no longer used: the case-number rule is the hall's, kept in the database and "
        "set by the admin (系统管理 → 大厅设置). Read once, by the first PC to start after the "
        "upgrade that moved it there, to keep numbering as before: hall_date_seq (hall code + "
        "YYYYMMDD + sequence) or item_date_seq (item implementation code + YYYYMMDD + sequence "
        "per item)",
    )

    @field_validator("case_number_rule")
    @classmethod
    def _known_rule(cls, value: str | None) -> str | None:
        from app.domain.case_numbers import CASE_NUMBER_RULES

        if value is not None and value not in CASE_NUMBER_RULES:
            raise ValueError(f"办件编号规则应为 {' 或 '.join(CASE_NUMBER_RULES)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name too long
            raise ValueError(f"未知时区 {value!r}，请写成 IANA 名称，例如 Asia/Shanghai") from exc
        return value

    @field_validator("region_code")
    @classmethod
    def _region_digits(cls, value: str | None) -> str | None:
        if value is not None and not (len(value) == 6 and value.isascii() and value.isdigit()):
            raise ValueError("行政区划代码应为 6 位数字，例如 330100")
        return value


TicketPrinterKind = Literal["system", "escpos-network", "escpos-usb", "escpos-serial", "pdf"]
NoticePrinterKind = Literal["system", "pdf"]


class PrinterSettings(_Section):
    """Where documents print. Tickets go to an 80 mm (or 58 mm) thermal printer, either through
    its system driver or straight over ESC/POS; notices go to an A4 printer."""

    ticket_printer: str | None = Field(
        default=None,
        description="queue-ticket printer: the system printer's name (kind system), "
        "host[:port] (escpos-network, port 9100 if omitted), vid:pid in hex such as "
        "0416:5011 (escpos-usb), COM3 or /dev/ttyUSB0 (escpos-serial), a folder (pdf)",
    )
    ticket_printer_kind: TicketPrinterKind = "system"
    ticket_paper_mm: Literal[80, 58] = Field(
        default=80, description="thermal paper width: 80 mm = 576 dots, 58 mm = 384 dots"
    )
    ticket_cut: bool = Field(default=True, description="cut the paper after each ticket")
    serial_baudrate: int = Field(default=9600, ge=1200, le=921600)
    escpos_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    notice_printer: str | None = Field(
        default=None,
        description="A4 printer for notices: the system printer's name (kind system; empty: the "
        "default printer), or a folder (pdf; empty: data_dir/notices)",
    )
    notice_printer_kind: NoticePrinterKind = Field(
        default="system",
        description="system: a printer of this PC; pdf: each notice saved as an A4 PDF (text and "
        "fonts embedded) in the notice_printer folder",
    )
    notice_paper: Literal["A4", "A5"] = "A4"
    ask_before_print: bool = Field(
        default=False, description="show the print dialog for notices instead of printing silently"
    )

    @model_validator(mode="after")
    def _link_matches_kind(self) -> PrinterSettings:
        link, kind = self.ticket_printer, self.ticket_printer_kind
        if kind.startswith("escpos-") and not link:
            raise ValueError(
                f"ticket_printer_kind = {kind!r} 需要同时设置 ticket_printer（打印机地址）"
            )
        if kind == "escpos-network" and link:
            host, _, port = link.rpartition(":") if ":" in link else (link, "", "9100")
            if not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
                raise ValueError(
                    f"ticket_printer 的值 {link!r} 不是网络打印机地址，请写成 192.168.1.50:9100"
                )
        if kind == "escpos-usb" and link:
            parts = link.lower().replace("0x", "").split(":")
            if len(parts) != 2 or not all(
                p and all(c in "0123456789abcdef" for c in p) for p in parts
            ):
                raise ValueError(
                    f"ticket_printer 的值 {link!r} 不是 USB 厂商号:产品号，请写成 0416:5011（十六进制）"
                )
        return self


class DocumentSettings(_Section):
    """What the hall's paper says: names, phones, footer, logo; the rest comes from the case."""

    hall_name: str | None = Field(default=None, description="empty: the hall's name")
    hall_name_en: str | None = Field(
        default=None, description="the hall's English name, under the Chinese on English tickets"
    )
    department_name: str | None = Field(
        default=None, description="unit that seals notices, e.g. 临江市行政审批局"
    )
    address: str | None = None
    consultation_phone: str | None = Field(default=None, description="咨询电话")
    supervision_phone: str | None = Field(default=None, description="监督电话")
    footer_text: str | None = None
    footer_text_en: str | None = Field(
        default=None, description="the footer of English tickets; empty: footer_text"
    )
    logo_path: str | None = Field(default=None, description="PNG or JPEG printed on notices")
    ticket_tips: list[str] = Field(
        default_factory=lambda: ["过号无效，请重新取号", "请留意叫号屏幕和语音提示"]
    )
    ticket_tips_en: list[str] = Field(
        default_factory=lambda: [
            "A missed number is void; please take a new ticket.",
            "Please watch the screen and listen for your number.",
        ],
        description="ticket_tips on tickets taken in English (keep the two lists saying the same)",
    )
    ticket_qr_url: str | None = Field(
        default=None,
        description="QR code on tickets, e.g. https://…/queue?t={ticket_no}&d={date}; "
        "empty: no QR code",
    )
    case_qr_url: str | None = Field(
        default=None,
        description="QR code on notices, e.g. https://…/case?no={case_no}; empty: the case number",
    )
    fallback_fonts: list[str] = Field(
        default_factory=list,
        description="extra font files (TTF) for rare characters, tried before the system ones",
    )

    @field_validator("logo_path")
    @classmethod
    def _logo_exists(cls, value: str | None) -> str | None:
        if value and not Path(value).is_file():
            raise ValueError(f"找不到图片文件 {value}，请检查路径，或删除这一行不印标志")
        return value

    @field_validator("ticket_qr_url", "case_qr_url")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value:
            try:
                value.format(ticket_no="A001", date="20260101", case_no="X")
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(
                    f"模板只能使用 {{ticket_no}}、{{date}}、{{case_no}}：{exc}"
                ) from exc
        return value


class OnlineHallSettings(_Section):
    """Forwarding to the online hall (docs/online-hall-openapi.yaml). Empty `endpoint`: off.

    The app secret is never read from the settings file: it comes from the environment variable
    HALLDESK_ONLINE_HALL__APP_SECRET or from `app_secret_file` (default: online-hall.secret in the
    data folder, readable by its owner only); see app/forwarding/credentials.py.
    """

    endpoint: str | None = Field(default=None, description="base URL of the province's online hall")
    app_id: str | None = None
    signer: Literal["hmac-sha256", "sm3-hmac"] = "hmac-sha256"
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    app_secret: SecretStr | None = Field(
        default=None,
        description="only from the environment (HALLDESK_ONLINE_HALL__APP_SECRET), never the file",
    )
    app_secret_file: str | None = Field(
        default=None, description="file holding the app secret; default: data folder"
    )
    sender_name: str | None = Field(
        default=None, max_length=128, description="this sender's name; default: PC name + role"
    )
    parallel_cases: int = Field(default=8, ge=1, le=64, description="cases sent at once")
    poll_seconds: float = Field(default=1.0, gt=0, le=300)
    fetch_changes_seconds: float = Field(default=30.0, ge=1, le=3600)
    backoff_base_seconds: float = Field(default=1.0, gt=0, le=60)
    backoff_cap_seconds: float = Field(default=300.0, ge=1, le=86400)
    lease_seconds: float = Field(default=120.0, ge=10, le=3600)

    @field_validator("endpoint")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("网上大厅地址应以 http:// 或 https:// 开头")
        return value


class StationSettings(_Section):
    """What this PC is: a clerk's window, the kiosk, the hall board or a manager's desk."""

    role: str = DEFAULT_STATION  # a code of app.domain.stations.STATION_KINDS
    counter_number: int | None = Field(default=None, ge=1, le=999)
    fullscreen: bool = False
    screen: int | None = Field(
        default=None, ge=0, le=8, description="screen for the kiosk, board or pad"
    )
    rating_pad: bool = Field(
        default=False, description="this window PC has an applicant-facing rating pad"
    )
    rating_pad_screen: int | None = Field(default=None, ge=0, le=8)
    rating_timeout_seconds: int = Field(default=60, ge=10, le=600)
    board_notice: str | None = None
    language: str = "zh_CN"

    @field_validator("role")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in STATION_KINDS:
            raise ValueError(f"应为 {station_choices()} 之一")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in STATION_LANGUAGES:
            raise ValueError(f"应为 {'、'.join(STATION_LANGUAGES)} 之一（大屏、评价器的语言）")
        return value


class Settings(_Section):
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    hall: HallSettings = Field(default_factory=HallSettings)
    printers: PrinterSettings = Field(default_factory=PrinterSettings)
    documents: DocumentSettings = Field(default_factory=DocumentSettings)
    online_hall: OnlineHallSettings = Field(default_factory=OnlineHallSettings)
    station: StationSettings = Field(default_factory=StationSettings)
    data_dir: str | None = Field(default=None, description="folder for the SQLite file and backups")

    # Where the settings came from, and what in it is no longer read; not settings themselves.
    source_file: str | None = Field(default=None, exclude=True)
    moved: list[str] = Field(default_factory=list, exclude=True)

    @property
    def data_path(self) -> Path:
        return (
            Path(self.data_dir)
            if self.data_dir
            else Path(platformdirs.user_data_dir(APP_NAME, False))
        )

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{(self.data_path / 'halldesk.sqlite3').as_posix()}"


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, False)) / CONFIG_FILE_NAME


def machine_config_path() -> Path:
    """The settings file of this PC, written by the installers: what the PC is (role, window
    number) for every account that logs in to it. Windows: C:\\ProgramData\\HallDesk\\halldesk.toml;
    Linux: /etc/halldesk/halldesk.toml."""
    if sys.platform.startswith("linux"):
        return Path("/etc/halldesk") / CONFIG_FILE_NAME
    return Path(platformdirs.site_config_dir(APP_NAME, False)) / CONFIG_FILE_NAME


def default_config_path() -> Path:
    """The user's own file if there is one, else this PC's (see machine_config_path)."""
    user = user_config_path()
    if user.exists():
        return user
    machine = machine_config_path()
    return machine if machine.exists() else user


def _set_dotted(target: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = target
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise SettingsError(
                "settings.not_a_section", section=".".join(parts[:-1]), dotted=dotted
            )
        node = child
    node[parts[-1]] = value


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX + "CONFIG":
            continue
        key = name[len(ENV_PREFIX) :].lower()
        if "__" in key:
            _set_dotted(data, key.replace("__", "."), value)
        elif key in ("data_dir",):
            data[key] = value
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# Keys that used to be read from a PC's file and now live in the database (hall-wide, so every PC
# does the same): a file that still has them loads, and `halldesk settings` says where they went.
MOVED_TO_DATABASE = {
    "documents.review_body": "行政复议机关已改为按部门设置：系统管理 → 部门与救济途径",
    "documents.court": "人民法院已改为按部门设置：系统管理 → 部门与救济途径",
}


def _take_moved(data: dict[str, Any], origin: str) -> list[str]:
    notes = []
    for dotted, where in MOVED_TO_DATABASE.items():
        section, key = dotted.split(".")
        node = data.get(section)
        if isinstance(node, dict) and key in node:
            node.pop(key)
            notes.append(f"{origin} 中的 “{dotted}” 已不再使用（{where}），可以删除这一行")
    return notes


def _describe(error: dict[str, Any], origin: str) -> str:
    key = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        fix = "这个设置项不存在：请检查拼写，或删除这一行"
    elif kind in ("missing",):
        fix = "缺少必填项"
    else:
        msg = error["msg"]
        fix = msg.removeprefix("Value error, ")
        if "input" in error and not isinstance(error["input"], dict):
            fix = f"值 {error['input']!r} 无效：{fix}"
    return f"{origin} 中的设置项 “{key}”：{fix}"


def load_settings(
    config_path: str | os.PathLike[str] | None = None,
    *,
    environ: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Read settings from file, environment and command line. Never returns half-read settings."""
    environ = dict(os.environ) if environ is None else environ
    explicit = config_path or environ.get(ENV_PREFIX + "CONFIG")
    path = Path(explicit) if explicit else default_config_path()

    file_data: dict[str, Any] = {}
    if path.exists():
        try:
            file_data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError("settings.file_not_toml", path=path, problem=exc) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError("settings.file_unreadable", path=path, problem=exc) from exc
    elif explicit:
        raise SettingsError("settings.file_missing", path=path)

    if isinstance(file_data.get("online_hall"), dict) and "app_secret" in file_data["online_hall"]:
        raise SettingsError("settings.secret_in_file", path=path)
    layers: list[tuple[str, dict[str, Any]]] = [(f"设置文件 {path}", file_data)]
    env_data = _env_overrides(environ)
    if env_data:
        layers.append(("环境变量 HALLDESK_*", env_data))
    cli_data: dict[str, Any] = {}
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(cli_data, dotted, value)
    if cli_data:
        layers.append(("命令行参数", cli_data))

    moved: list[str] = []
    for origin, layer in layers:
        moved += _take_moved(layer, origin)
    merged: dict[str, Any] = {}
    for origin, layer in layers:
        merged = _merge(merged, layer)
        try:  # validate each layer as it is added, so the message names the layer at fault
            Settings.model_validate(merged)
        except PydanticValidationError as exc:
            lines = [_describe(err, origin) for err in exc.errors()]
            # pydantic's findings, each described by _describe (the validators' own sentences)
            raise SettingsError("settings.invalid", problems="\n".join(lines)) from exc
    settings = Settings.model_validate(merged)
    settings.source_file = str(path)
    settings.moved = moved
    for note in moved:
        log.warning("%s", note)
    return settings
