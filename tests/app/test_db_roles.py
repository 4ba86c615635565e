"""PostgreSQL with two roles (app/db/roles.py): the owner migrates and grants; the program role the
PCs connect as does a day's work (start-up with the demo hall, login, window, tickets issued and
called, a case accepted) but cannot change, delete or truncate the audit log, set its triggers
aside, drop a table or stamp a revision, and owns nothing. What the owner can still do to the log
is found by `verify`. Each test makes its own database and its own two roles, and drops them."""

from __future__ import annotations

import shutil
import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.bootstrap import prepare_database
from app.cli import main as cli_main
from app.db import migrate as migrate_module
from app.db import roles
from app.db.engine import open_database
from app.db.migrate import head_revision, upgrade
from app.domain.audit_chain import BreakKind
from app.errors import MigrationFailed, SettingsError
from app.services import admin, auth, queue
from app.services.audit_log import verify_audit_log
from app.settings import load_settings
from tests.conftest import DEMO_PASSWORD, PG_ADMIN_DSN, _pg_url, require_pg
from tests.intake_helpers import accept_case

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Hall:
    owner: str
    program: str
    owner_url: str
    program_url: str


def _url_as(url: str, role: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}@{rest.split('@', 1)[1]}"


@pytest.fixture
def hall() -> Iterator[Hall]:
    """An empty database owned by a role of its own, and a program role that may log in."""
    require_pg()
    tag = uuid.uuid4().hex[:10]
    owner, program, name = f"hd_owner_{tag}", f"hd_app_{tag}", f"halldesk_test_{tag}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN")
        conn.execute(f"CREATE ROLE {program} LOGIN")
        conn.execute(f"CREATE DATABASE {name} OWNER {owner}")
    url = _pg_url(name)
    try:
        yield Hall(owner, program, _url_as(url, owner), _url_as(url, program))
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"DROP ROLE IF EXISTS {program}")
            conn.execute(f"DROP ROLE IF EXISTS {owner}")


def _owner_upgrades(hall: Hall, **kwargs) -> migrate_module.UpgradeResult:
    database = open_database(hall.owner_url)
    try:
        return upgrade(database.engine, backup=False, **kwargs)
    finally:
        database.dispose()


def _refused(db, statement: str) -> str:
    """The error PostgreSQL gives the connected role for `statement` (which must fail)."""
    with pytest.raises(DBAPIError) as info:
        with db.engine.begin() as conn:
            conn.execute(text(statement))
    return str(info.value.orig)


def test_the_program_role_does_a_days_work_and_cannot_touch_the_audit_log(hall, tmp_path):
    result = _owner_upgrades(hall, program_role=hall.program)
    assert (result.to_revision, result.granted_to) == (head_revision(), hall.program)

    # a PC starts as it does every morning: the schema is current, the demo hall is loaded
    config = tmp_path / "pc.toml"
    config.write_text("", encoding="utf-8")
    settings = load_settings(config, environ={}, overrides={"database.url": hall.program_url})
    db, started = prepare_database(settings, demo=True)
    try:
        assert not started.changed and started.granted_to is None
        clerk = auth.authenticate(db, "clerk01", DEMO_PASSWORD, host="pc-1")
        auth.start_counter_session(db, clerk, 1, host="pc-1")
        actor = clerk.actor("pc-1")
        counter = next(c for c in admin.list_counters(db) if c.number == 1)
        category = next(
            c for c in admin.list_categories(db) if c.prefix == counter.category_prefixes[0]
        )
        queue.open_counter(db, actor, counter.id)
        issued = [queue.issue_ticket(db, category.id) for _ in range(3)]
        called = queue.call_next(db, actor, counter.id)
        assert called.number == issued[0].ticket.number
        queue.finish_service(db, actor, counter.id)
        case = accept_case(db, actor)
        assert case.case_no
        report = verify_audit_log(db)  # the program role may check the log too
        assert report.ok and report.count >= 5

        for statement in (
            "UPDATE audit_log SET username = 'someone'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            assert "permission denied" in _refused(db, statement), statement
        for statement in (
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
            "ALTER TABLE audit_log DISABLE TRIGGER ALL",
            "DROP TABLE audit_log",
            "DROP TABLE ticket",
            "ALTER TABLE ticket ADD COLUMN x integer",
        ):
            assert "must be owner" in _refused(db, statement), statement
        for statement in (
            "UPDATE alembic_version SET version_num = 'x'",
            "TRUNCATE ticket",
            "CREATE TABLE mine (id integer)",
            "CREATE FUNCTION lower(varchar) RETURNS text LANGUAGE sql AS 'SELECT $1'",
        ):
            assert "permission denied" in _refused(db, statement), statement
        with db.engine.connect() as conn:
            owned = conn.execute(
                text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relowner = "
                    "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
                )
            ).scalar_one()
        assert owned == 0
        assert verify_audit_log(db).count == report.count  # nothing written by the refusals

        # the owner still can, and what it did shows
        owner_db = open_database(hall.owner_url)
        try:
            with owner_db.engine.begin() as conn:
                conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
                changed_id = conn.execute(
                    text("SELECT id FROM audit_log WHERE action = 'case.accept'")
                ).scalar_one()
                conn.execute(
                    text("UPDATE audit_log SET after = NULL WHERE id = :id"), {"id": changed_id}
                )
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        finally:
            owner_db.dispose()
        broken = verify_audit_log(db).broken
        assert (broken.kind, broken.entry_id) == (BreakKind.CHANGED, changed_id)
    finally:
        db.dispose()


def test_a_pc_with_the_program_role_does_not_migrate_and_says_who_can(hall):
    database = open_database(hall.program_url)
    try:
        with pytest.raises(MigrationFailed) as info:  # an empty database
            upgrade(database.engine)
        assert hall.program in info.value.message
        assert "halldesk db upgrade" in info.value.message
        _owner_upgrades(hall, program_role=hall.program)
        assert not upgrade(database.engine).changed  # current: nothing to do, nothing to grant
    finally:
        database.dispose()


def test_a_role_that_could_do_more_is_refused(hall):
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"GRANT {hall.owner} TO {hall.program}")
    with pytest.raises(SettingsError, match="成员"):
        _owner_upgrades(hall, program_role=hall.program)
    database = open_database(hall.owner_url)
    try:  # refused before anything was migrated or granted
        assert migrate_module.current_revision(database.engine) is None
    finally:
        database.dispose()
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f"REVOKE {hall.owner} FROM {hall.program}")
    with pytest.raises(SettingsError, match="超级用户"):
        _owner_upgrades(hall, program_role="postgres")
    with pytest.raises(SettingsError, match="另一个角色"):
        _owner_upgrades(hall, program_role=hall.owner)
    with pytest.raises(SettingsError, match="没有角色"):
        _owner_upgrades(hall, program_role=f"{hall.program}_missing")
    with pytest.raises(SettingsError, match="角色名"):
        roles.check_role_name('x"; DROP TABLE audit_log; --')


LATER_REVISION = '''
"""test-only revision after the shipped head: a new table"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_later", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("test_later")
'''


def test_the_next_upgrade_remembers_the_program_role(hall, tmp_path, monkeypatch, capsys):
    """The hall sets the program role once (`halldesk db upgrade --program-role`); a later
    version's upgrade, run without it, grants the same role the new tables."""
    assert cli_main(["db", "upgrade", "--db", hall.owner_url, "--program-role", hall.program]) == 0
    assert f"程序账号 {hall.program} 已获得" in capsys.readouterr().out

    target = tmp_path / "migrations"
    shutil.copytree(
        migrate_module.MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__")
    )
    (target / "versions" / "9001_test_later.py").write_text(
        textwrap.dedent(LATER_REVISION.format(down=head_revision())), encoding="utf-8"
    )
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", target)
    result = _owner_upgrades(hall)
    assert (result.to_revision, result.granted_to) == ("9001", hall.program)

    db = open_database(hall.program_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO test_later (id) VALUES (1)"))
        assert "permission denied" in _refused(db, "DELETE FROM audit_log")
    finally:
        db.dispose()
