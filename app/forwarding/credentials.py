"""Where the app secret for the online hall comes from. Never from the settings file.

1. The environment variable ``HALLDESK_ONLINE_HALL__APP_SECRET`` (a service manager's secret
   store, a gateway's unit file with restricted permissions). It reaches us as
   ``settings.online_hall.app_secret``.
2. A secret file: ``online_hall.app_secret_file``, default ``online-hall.secret`` in the data
   folder. ``halldesk forward --save-secret`` writes it readable by its owner only (0600); on
   POSIX a file that others can read is refused. On Windows the data folder is in the user's
   profile, which only that user (and administrators) can read.

Why not the OS keyring: a headless gateway PC has no unlocked keyring, and the desk program and
`halldesk forward` often run as different accounts; a file next to the database they share is
what a hall's IT person can manage.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from app.errors import SettingsError
from app.forwarding.signing import Credentials, signer_for
from app.settings import Settings

SECRET_FILE_NAME = "online-hall.secret"
ENV_NAME = "HALLDESK_ONLINE_HALL__APP_SECRET"


def secret_file_path(settings: Settings) -> Path:
    configured = settings.online_hall.app_secret_file
    return Path(configured).expanduser() if configured else settings.data_path / SECRET_FILE_NAME


def _check_private(path: Path) -> None:
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingsError(
            "forwarding.secret_file_readable_by_others", path=path, filemode=stat.filemode(mode)
        )


def load_app_secret(settings: Settings) -> bytes:
    value = settings.online_hall.app_secret
    if value is not None and value.get_secret_value():
        return value.get_secret_value().encode("utf-8")
    path = secret_file_path(settings)
    if not path.exists():
        raise SettingsError("forwarding.secret_missing", variable=ENV_NAME, path=path)
    _check_private(path)
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError("forwarding.stored_secret_unreadable", path=path, problem=exc) from exc
    if not secret:
        raise SettingsError("forwarding.secret_file_empty", path=path)
    return secret.encode("utf-8")


def save_app_secret(settings: Settings, secret: str) -> Path:
    """Write the secret file atomically, created with mode 0600 (never world-readable, not even
    for an instant)."""
    secret = secret.strip()
    if not secret:
        raise SettingsError("forwarding.secret_empty")
    path = secret_file_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".online-hall-", dir=path.parent)  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secret + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path


def credentials_from_settings(settings: Settings) -> Credentials:
    hall = settings.online_hall
    if not hall.endpoint:
        raise SettingsError("forwarding.endpoint_missing")
    if not hall.app_id:
        raise SettingsError("forwarding.app_id_missing")
    return Credentials(
        app_id=hall.app_id, secret=load_app_secret(settings), signer=signer_for(hall.signer)
    )
