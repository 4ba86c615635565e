"""Bring a database to the schema this program expects.

Called at every start and by ``halldesk db upgrade``. Before touching an SQLite file that already
has tables, a consistent copy is taken beside it (SQLite's online backup), so a failed or unwanted
upgrade can be undone by copying the file back.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from app import clock
from app.db.engine import check_reachable, describe_url
from app.errors import DatabaseTooNew, MigrationFailed

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x48616C6C  # PostgreSQL advisory lock key ("Hall") held while migrating


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema this program knows (several branch heads are shown joined by '+')."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads, "no migrations shipped"
    return "+".join(sorted(heads))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) if heads else None


def _backup_sqlite(engine: Engine, revision: str | None) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:" or not Path(database).exists():
        return None
    src = Path(database)
    stamp = clock.utcnow().astimezone().strftime("%Y%m%d-%H%M%S")
    dest = src.with_name(f"{src.stem}.before-upgrade-{revision or 'empty'}-{stamp}{src.suffix}")
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)
    log.info("copied %s to %s before migrating", src, dest)
    return dest


def upgrade(engine: Engine, *, backup: bool = True) -> UpgradeResult:
    """Migrate to the newest schema this program knows. Raises DatabaseTooNew when the database
    was written by a newer HallDesk, and never downgrades."""
    check_reachable(engine)
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    current = current_revision(engine)
    if current is not None:
        try:
            known = all(script.get_revision(rev) is not None for rev in current.split("+"))
        except Exception:  # alembic raises several kinds for an unknown id
            known = False
        if not known:
            raise DatabaseTooNew(
                f"数据库（{describe_url(engine.url)}）的结构版本 {current} 比本程序新，"
                "它是由更新版本的 HallDesk 写入的。请安装与大厅其他电脑相同或更新的 HallDesk 版本；"
                "不要用旧版本打开它。"
            )
    if current == head:
        return UpgradeResult(current, head, None)

    backup_path = None
    if backup and engine.url.get_backend_name() == "sqlite" and current is not None:
        backup_path = _backup_sqlite(engine, current)
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            if engine.url.get_backend_name() == "postgresql":
                # The PCs of a hall start together after an update: one migrates, the others wait
                # here and then find nothing left to do. (SQLite: BEGIN IMMEDIATE serialises.)
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
    except DBAPIError as exc:
        hint = f"升级前的副本在 {backup_path}。" if backup_path else ""
        raise MigrationFailed(
            f"数据库（{describe_url(engine.url)}）升级失败：{exc.orig}。数据库已回滚到升级前的状态。{hint}"
            "请把这条信息交给技术支持。"
        ) from exc
    log.info("database at %s (was %s)", head, current)
    return UpgradeResult(current, head, backup_path)
