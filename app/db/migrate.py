"""Bring a database to the schema this program expects.

Called at every start and by ``halldesk db upgrade``. Before touching an SQLite file that already
has tables, a consistent copy is taken beside it (SQLite's online backup), so a failed or unwanted
upgrade can be undone by copying the file back.
"""

from __future__ import annotations

import functools
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
from app.db import roles
from app.db.engine import check_reachable, describe_url
from app.errors import DatabaseTooNew, MigrationFailed, SettingsError

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x48616C6C  # PostgreSQL advisory lock key ("Hall") held while migrating


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None
    granted_to: str | None = None  # PostgreSQL: the program role given its grants (app/db/roles.py)

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(location: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", location or str(MIGRATIONS_DIR))
    return cfg


def _scripts() -> ScriptDirectory:
    """The migrations this program ships, read once (they do not change while it runs)."""
    return _scripts_in(str(MIGRATIONS_DIR))


@functools.cache
def _scripts_in(location: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(location))


def head_revision() -> str:
    """The newest schema this program knows (several branch heads are shown joined by '+')."""
    heads = _scripts().get_heads()
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


def _cannot_migrate(engine: Engine, current: str | None, head: str) -> MigrationFailed:
    with engine.connect() as conn:
        user = conn.execute(text("SELECT current_user")).scalar_one()
    return MigrationFailed(
        "migration.program_role_cannot_upgrade",
        database=describe_url(engine.url),
        current=current or "空库",
        head=head,
        user=user,
    )


def upgrade(
    engine: Engine, *, backup: bool = True, program_role: str | None = None
) -> UpgradeResult:
    """Migrate to the newest schema this program knows. Raises DatabaseTooNew when the database
    was written by a newer HallDesk, and never downgrades.

    PostgreSQL with two roles: run as the owner, this then grants the program role what it needs
    (`program_role`, else the one an earlier upgrade granted to); run as the program role, it
    only checks that the schema is current and says who can upgrade it when it is not."""
    check_reachable(engine)
    postgresql = engine.url.get_backend_name() == "postgresql"
    script = _scripts()
    head = head_revision()
    current = current_revision(engine)
    if current is not None:
        try:
            known = all(script.get_revision(rev) is not None for rev in current.split("+"))
        except Exception:  # alembic raises several kinds for an unknown id
            known = False
        if not known:
            raise DatabaseTooNew(
                "migration.database_too_new", database=describe_url(engine.url), current=current
            )
    if program_role and not postgresql:
        log.warning("database.program_role (%s) is for PostgreSQL; ignored on SQLite", program_role)
    grantee = _program_role_to_grant(engine, program_role) if postgresql else None
    if current == head and grantee is None:
        return UpgradeResult(current, head, None)
    if postgresql and current != head:
        with engine.connect() as conn:
            if roles.program_cannot_migrate(conn):
                raise _cannot_migrate(engine, current, head)

    backup_path = None
    if backup and not postgresql and current is not None and current != head:
        backup_path = _backup_sqlite(engine, current)
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            if postgresql:
                # The PCs of a hall start together after an update: one migrates, the others wait
                # here and then find nothing left to do. (SQLite: BEGIN IMMEDIATE serialises.)
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
            if grantee is not None:
                roles.grant_program_role(conn, grantee)
    except DBAPIError as exc:
        hint = f"升级前的副本在 {backup_path}。" if backup_path else ""
        raise MigrationFailed(
            "migration.failed", database=describe_url(engine.url), problem=exc.orig, hint=hint
        ) from exc
    if current != head:
        log.info("database at %s (was %s)", head, current)
    if grantee is not None:
        log.info(
            "program role %s granted what HallDesk needs (audit log: read and append)", grantee
        )
    return UpgradeResult(current, head, backup_path, grantee)


def _program_role_to_grant(engine: Engine, program_role: str | None) -> str | None:
    """The role to grant to in this upgrade: the one asked for, else the one remembered from an
    earlier upgrade; never the role connected (a PC of the hall, which has no right to grant)."""
    with engine.connect() as conn:
        user = conn.execute(text("SELECT current_user")).scalar_one()
        tables = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar_one()
        role = program_role or (roles.remembered_program_role(conn) if tables else None)
        if role == user and not roles.program_cannot_migrate(conn):
            raise SettingsError("settings.program_role_is_owner", role=role)
    if role is None or role == user:
        return None
    return roles.check_role_name(role)
