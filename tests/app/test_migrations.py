"""Migrations and the data model, on SQLite and PostgreSQL: upgrade from empty, the migrated schema
equals the models, a newer database is refused, SQLite backups before an upgrade, a failed upgrade
rolls back, every model round-trips, UTCDateTime, and the append-only audit log."""

from __future__ import annotations

import enum
import shutil
import sqlite3
import textwrap
import threading
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, StatementError

from app.db import migrate as migrate_module
from app.db.engine import open_database
from app.db.migrate import current_revision, head_revision, upgrade
from app.db.models import AuditLog, Base, Hall
from app.db.types import StrEnumType, UTCDateTime
from app.errors import DatabaseTooNew, MigrationFailed
from app.services import audit
from app.services.context import Actor

SHANGHAI = ZoneInfo("Asia/Shanghai")

# These tests are about migrating: each `db` here is migrated from scratch, not copied from the
# session's template database (tests/conftest.py).
pytestmark = pytest.mark.fresh_database


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


# --------------------------------------------------------------------------- upgrade


def test_upgrade_from_empty_reaches_head_and_again_is_a_no_op(db_url):
    database = open_database(db_url)
    try:
        assert current_revision(database.engine) is None
        first = upgrade(database.engine)
        assert first.from_revision is None
        assert first.to_revision == head_revision()
        assert first.changed
        assert first.backup_path is None  # nothing to back up in an empty database
        assert current_revision(database.engine) == head_revision()
        tables = set(inspect(database.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables

        second = upgrade(database.engine)
        assert second.from_revision == second.to_revision == head_revision()
        assert not second.changed
        assert second.backup_path is None
        assert current_revision(database.engine) == head_revision()
    finally:
        database.dispose()
    if db_url.startswith("sqlite"):
        path = _sqlite_path(db_url)
        assert [p.name for p in path.parent.glob("*before-upgrade*")] == []


def test_pcs_starting_together_on_an_empty_database_all_come_up(db_url):
    """After an update every PC of the hall starts at 8:30 and migrates at once: one does the work,
    the others wait for it and find nothing left to do; none fails."""
    databases = [open_database(db_url) for _ in range(4)]
    start = threading.Barrier(len(databases))
    results: list[object] = [None] * len(databases)

    def start_pc(i: int) -> None:
        start.wait()
        try:
            results[i] = upgrade(databases[i].engine, backup=False)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever a PC got
            results[i] = exc

    threads = [threading.Thread(target=start_pc, args=(i,)) for i in range(len(databases))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert [type(r).__name__ for r in results] == ["UpgradeResult"] * len(databases), results
        assert all(r.to_revision == head_revision() for r in results)
        assert current_revision(databases[0].engine) == head_revision()
    finally:
        for database in databases:
            database.dispose()


def test_a_station_opening_a_new_file_while_another_writes_to_it_waits_and_comes_up(tmp_path):
    """The start-up race behind the test above: a station's first connection switches a new file
    to WAL, which needs the file to itself. While another station holds the write lock, SQLite
    answers that switch with "database is locked" at once (its busy handler is skipped, as waiting
    could deadlock); the station waits for the lock to go instead of failing to start."""
    path = tmp_path / "halldesk.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE started (pc TEXT)")  # a file still in rollback-journal mode
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO started VALUES ('pc-1')")
    release = threading.Timer(0.5, other.execute, ("COMMIT",))
    release.start()
    database = open_database(f"sqlite:///{path.as_posix()}")
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("SELECT pc FROM started").scalar() == "pc-1"
    finally:
        release.join()
        other.close()
        database.dispose()


def test_migrated_schema_equals_the_models(db):
    # Nothing is ignored: the types, nullability, indexes, unique constraints, foreign keys and
    # server defaults of the migrated schema must be exactly what the models declare.
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_partial_unique_indexes_have_their_where_clause(db):
    # compare_metadata does not look at an index's WHERE; a missing one would allow only one
    # session per window *ever* (or, the other way, any number of open ones), so check it here.
    names = ("uq_counter_session_open_counter", "uq_counter_session_open_user")
    with db.engine.connect() as conn:
        for name in names:
            if db.backend == "sqlite":
                sql = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}
                ).scalar()
            else:
                sql = conn.execute(
                    text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name}
                ).scalar()
            assert sql is not None, name
            normalized = sql.upper().replace("(", "").replace(")", "")
            assert "UNIQUE" in normalized and "WHERE ENDED_AT IS NULL" in normalized, sql


def test_database_newer_than_the_program_is_refused(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(DatabaseTooNew) as info:
        upgrade(db.engine)
    error = info.value
    assert error.exit_code == 4
    assert "ffff9999" in error.message
    assert "更新版本" in error.message  # tells the user to install the newer HallDesk
    # and the database was not touched
    assert current_revision(db.engine) == "ffff9999"


def test_upgrade_from_each_shipped_revision_keeps_the_data(db_url):
    """A database left at an older shipped revision (with data in it) is brought to head; the rows
    survive, new NOT NULL columns get their defaults, and an SQLite file is copied first."""
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate_module.alembic_config())
    older = [r.revision for r in script.walk_revisions() if r.revision != head_revision()]
    if not older:
        pytest.skip("only one migration shipped: no older revision to start from")
    for start in older:
        database = open_database(db_url)
        try:
            with database.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("DROP SCHEMA public CASCADE"))
                    conn.execute(text("CREATE SCHEMA public"))
            if db_url.startswith("sqlite"):
                database.dispose()
                for p in _sqlite_path(db_url).parent.glob("halldesk*"):
                    p.unlink()
                database = open_database(db_url)
            cfg = migrate_module.alembic_config()
            with database.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, start)
            with database.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO hall (code, name, region_code, timezone, recall_cap, created_at) "
                        "VALUES ('330199', '旧版大厅', '330199', 'Asia/Shanghai', 3, :t)"
                    ),
                    {
                        "t": datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
                        if conn.dialect.name == "postgresql"
                        else "2026-01-05 01:00:00.000000"
                    },
                )
                hall_id = conn.execute(text("SELECT id FROM hall")).scalar()
                conn.execute(
                    text(
                        "INSERT INTO counter (hall_id, number, name, state, normal_calls_since_priority, active) "
                        "VALUES (:h, 1, '1号窗口', 'closed', 0, :t)"
                    ),
                    {"h": hall_id, "t": True},
                )
            result = upgrade(database.engine)
            assert (result.from_revision, result.to_revision) == (start, head_revision())
            if db_url.startswith("sqlite"):
                assert result.backup_path is not None and result.backup_path.exists()
                assert f"before-upgrade-{start}" in result.backup_path.name
            else:
                assert result.backup_path is None
            from app.db.models import Counter

            with database.reader() as s:
                assert s.scalars(select(Hall.name)).all() == ["旧版大厅"]
                counter = s.scalars(select(Counter)).one()
                assert (counter.number, counter.name) == (1, "1号窗口")
                assert s.scalars(select(Hall.created_at)).one() == datetime(
                    2026, 1, 5, 1, 0, tzinfo=UTC
                )
        finally:
            database.dispose()


def test_a_hall_from_before_0010_keeps_numbering_as_its_pcs_file_said(db_url, tmp_path):
    """0010 moves the case-number rule from each PC's settings file onto the hall's row. The
    migration cannot read the files: the column stays empty, and the first PC to start copies its
    file's rule in (audited); the next PC, whose file says otherwise, does not change it."""
    from alembic import command

    from app.bootstrap import prepare_database
    from app.settings import load_settings

    database = open_database(db_url)
    try:
        cfg = migrate_module.alembic_config()
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0009_calendar_year")
            conn.execute(
                text(
                    "INSERT INTO hall (code, name, region_code, timezone, recall_cap, created_at) "
                    "VALUES ('330199', '旧版大厅', '330199', 'Asia/Shanghai', 3, :t)"
                ),
                {
                    "t": datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
                    if conn.dialect.name == "postgresql"
                    else "2026-01-05 01:00:00.000000"
                },
            )
        upgrade(database.engine, backup=False)
        with database.reader() as s:
            assert s.scalars(select(Hall.case_number_rule)).all() == [None]
    finally:
        database.dispose()

    for pc, rule in (("pc-a", "item_date_seq"), ("pc-b", "hall_date_seq")):
        path = tmp_path / f"{pc}.toml"
        path.write_text(f'[hall]\ncase_number_rule = "{rule}"\n', encoding="utf-8")
        started, _ = prepare_database(
            load_settings(path, environ={}, overrides={"database.url": db_url})
        )
        started.dispose()
    database = open_database(db_url)
    try:
        with database.reader() as s:
            assert s.scalars(select(Hall.case_number_rule)).all() == ["item_date_seq"]
            entries = s.scalars(
                select(AuditLog).where(AuditLog.action == "hall.case_number_rule_from_settings")
            ).all()
        assert [(e.before, e.after) for e in entries] == [
            ({"case_number_rule": None}, {"case_number_rule": "item_date_seq"})
        ]
    finally:
        database.dispose()


# --------------------------------------------------------------------------- upgrades with a later revision

EXTRA_REVISION = '''
"""test-only revision after the shipped head"""

import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))
{fail}

def downgrade() -> None:
    op.drop_table("test_extra")
'''


@pytest.fixture
def later_migrations(tmp_path, monkeypatch):
    """Point app.db.migrate at a copy of the shipped migrations plus one test-only revision after
    head, so that a database made by the real migrations is 'behind'. Returns a function that
    installs the copy; `fail=True` makes the extra revision fail after creating its table."""

    def install(*, fail: bool = False) -> str:
        target = tmp_path / f"migrations-{'fail' if fail else 'ok'}"
        shutil.copytree(
            migrate_module.MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__")
        )
        body = EXTRA_REVISION.format(
            down=head_revision(),
            fail='    op.execute("SELECT no_such_column FROM no_such_table")\n' if fail else "",
        )
        (target / "versions" / "9000_test_extra.py").write_text(
            textwrap.dedent(body), encoding="utf-8"
        )
        monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", target)
        assert head_revision() == "9000"
        return "9000"

    return install


def _add_hall(database, code: str = "330199") -> None:
    with database.session() as s:
        s.add(
            Hall(
                code=code,
                name="备份测试大厅",
                region_code="330199",
                timezone="Asia/Shanghai",
                recall_cap=3,
                created_at=datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI),
            )
        )


def test_upgrade_of_a_database_behind_head_backs_up_sqlite_only(db, db_url, later_migrations):
    shipped = head_revision()
    _add_hall(db)
    later_migrations()
    result = upgrade(db.engine)
    assert (result.from_revision, result.to_revision) == (shipped, "9000")
    assert current_revision(db.engine) == "9000"
    assert "test_extra" in inspect(db.engine).get_table_names()
    if db.backend != "sqlite":
        assert result.backup_path is None
        return
    backup = result.backup_path
    assert backup is not None and backup.exists()
    assert backup.parent == _sqlite_path(db_url).parent
    assert f"before-upgrade-{shipped}" in backup.name
    # the copy is the database as it was before the upgrade
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(shipped,)]
        assert conn.execute("SELECT name FROM hall").fetchall() == [("备份测试大厅",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "test_extra" not in tables
    # once at head, no further copies
    again = upgrade(db.engine)
    assert again.backup_path is None
    assert [p.name for p in backup.parent.glob("*before-upgrade*")] == [backup.name]


def test_backup_can_be_switched_off(db, db_url, later_migrations):
    if db.backend != "sqlite":
        pytest.skip("backups are an SQLite feature")
    later_migrations()
    result = upgrade(db.engine, backup=False)
    assert result.changed and result.backup_path is None
    assert list(_sqlite_path(db_url).parent.glob("*before-upgrade*")) == []


def test_failed_upgrade_rolls_back_and_says_where_the_copy_is(db, later_migrations):
    shipped = head_revision()
    _add_hall(db)
    later_migrations(fail=True)
    with pytest.raises(MigrationFailed) as info:
        upgrade(db.engine)
    assert info.value.exit_code == 5
    assert "回滚" in info.value.message
    # the failed revision left nothing behind: not its table, not its version
    assert current_revision(db.engine) == shipped
    assert "test_extra" not in inspect(db.engine).get_table_names()
    with db.reader() as s:
        assert s.scalars(select(Hall.name)).all() == ["备份测试大厅"]
    if db.backend == "sqlite":
        assert "before-upgrade" in info.value.message  # names the copy taken before


# --------------------------------------------------------------------------- round trip of every model


class _Values:
    """Distinct, valid values for each column, chosen from the column's type."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, column) -> Any:
        self.n += 1
        n = self.n
        t = column.type
        if isinstance(t, UTCDateTime):
            # an aware local time with microseconds; must come back as the same instant in UTC
            return datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=SHANGHAI) + timedelta(minutes=n)
        if isinstance(t, StrEnumType):
            members = list(t.enum_class)
            return members[n % len(members)]
        if isinstance(t, Boolean):
            default = column.default.arg if column.default is not None else None
            return (not default) if isinstance(default, bool) else True
        if isinstance(t, DateTime):
            raise AssertionError(f"{column}: plain DateTime; use UTCDateTime")
        if isinstance(t, Date):
            return date(2026, 1, 1) + timedelta(days=n)
        if isinstance(t, Numeric) and not isinstance(t, Integer):
            whole = "9" * (t.precision - t.scale)
            return Decimal(f"{whole}.{'7' * t.scale}")
        if isinstance(t, Integer):
            return 1000 + n
        if isinstance(t, Text):
            return f"{column.name}：多行文本\n第二行，含“引号”与 emoji 🙂" * 20
        if isinstance(t, String):
            value = f"{column.name}·值{n}"
            return value[: t.length] if t.length else value
        if isinstance(t, LargeBinary):
            return bytes(range(256)) * 4
        if isinstance(t, JSON):
            return {"键": "值", "n": n, "nested": {"list": [1, 2.5, None, True, "二"]}}
        raise AssertionError(f"no test value for {column} of type {t!r}")


def _mappers_by_table() -> dict:
    return {mapper.local_table: mapper for mapper in Base.registry.mappers}


def test_every_table_is_mapped():
    by_table = _mappers_by_table()
    assert set(by_table) == set(Base.metadata.sorted_tables)


def test_every_model_round_trips(db):
    by_table = _mappers_by_table()
    values = _Values()
    created: dict[Any, Any] = {}  # table -> instance
    expected: dict[Any, dict[str, Any]] = {}
    with db.session() as s:
        for table in Base.metadata.sorted_tables:
            mapper = by_table[table]
            kwargs: dict[str, Any] = {}
            for prop in mapper.column_attrs:
                column = prop.columns[0]
                if column is mapper.version_id_col:
                    continue  # SQLAlchemy numbers versions itself
                fks = list(column.foreign_keys)
                if fks:
                    parent_table = fks[0].column.table
                    if parent_table is table:
                        kwargs[prop.key] = (
                            None  # a self-reference (reprint_of_id): nothing to point at yet
                        )
                    else:
                        parent = created[parent_table]
                        kwargs[prop.key] = getattr(
                            parent, by_table[parent_table].get_property_by_column(fks[0].column).key
                        )
                    continue
                if (
                    column.primary_key
                    and column.autoincrement in (True, "auto")
                    and isinstance(column.type, Integer)
                ):
                    continue  # the database assigns it
                kwargs[prop.key] = values(column)
            instance = mapper.class_(**kwargs)
            s.add(instance)
            s.flush()
            created[table] = instance
            expected[table] = {
                prop.key: getattr(instance, prop.key) for prop in mapper.column_attrs
            }
            # every non-nullable column really got a value
            for prop in mapper.column_attrs:
                if not prop.columns[0].nullable:
                    assert expected[table][prop.key] is not None, f"{table.name}.{prop.key}"

    for table, instance in created.items():
        mapper = by_table[table]
        identity = mapper.primary_key_from_instance(instance)
        with db.reader() as s:
            loaded = s.get(mapper.class_, identity)
            assert loaded is not None, table.name
            for prop in mapper.column_attrs:
                want = expected[table][prop.key]
                got = getattr(loaded, prop.key)
                where = f"{table.name}.{prop.key}"
                if mapper.version_id_col is not None and prop.columns[0] is mapper.version_id_col:
                    assert got == 1, where
                    continue
                assert got == want, where
                if want is not None:
                    assert type(got) is type(want) or isinstance(want, (enum.Enum, dict)), where
                if isinstance(want, datetime):
                    assert got.utcoffset() == timedelta(0), f"{where} not UTC: {got!r}"
                    assert got.tzinfo is UTC or got.tzinfo == UTC, where
                if isinstance(want, enum.Enum):
                    assert type(got) is type(want), where


def test_utc_datetime_rejects_naive_values(db):
    with pytest.raises(StatementError, match="naive"):
        with db.session() as s:
            s.add(
                Hall(
                    code="X1",
                    name="大厅",
                    region_code="330100",
                    timezone="Asia/Shanghai",
                    recall_cap=3,
                    created_at=datetime(2026, 1, 1, 8, 0),
                )
            )
    with db.reader() as s:
        assert s.scalars(select(Hall)).all() == []


def test_utc_datetime_stores_utc_and_returns_aware_utc(db):
    local = datetime(2026, 1, 1, 8, 0, 0, 5, tzinfo=SHANGHAI)  # = 2026-01-01 00:00:00.000005 UTC
    with db.session() as s:
        hall = Hall(
            code="X1",
            name="大厅",
            region_code="330100",
            timezone="Asia/Shanghai",
            recall_cap=3,
            created_at=local,
        )
        s.add(hall)
    with db.reader() as s:
        if db.backend == "postgresql":
            # the connection's own time zone must not change what comes back
            s.execute(text("SET LOCAL TIME ZONE 'America/New_York'"))
        else:
            raw = s.execute(text("SELECT created_at FROM hall")).scalar()
            assert str(raw).startswith("2026-01-01 00:00:00.000005"), raw
        got = s.scalars(select(Hall.created_at)).one()
    assert got == local
    assert got.tzinfo == UTC
    assert (got.year, got.month, got.day, got.hour) == (2026, 1, 1, 0)


def test_utc_datetime_compares_in_queries(db):
    """Filtering on a UTCDateTime column with an aware value in another zone finds the row."""
    moment = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    with db.session() as s:
        s.add(
            Hall(
                code="X1",
                name="大厅",
                region_code="330100",
                timezone="Asia/Shanghai",
                recall_cap=3,
                created_at=moment,
            )
        )
    with db.reader() as s:
        local_after = moment.astimezone(SHANGHAI) - timedelta(seconds=1)  # 2026-07-01 07:29:59+08
        local_before = moment.astimezone(SHANGHAI) + timedelta(seconds=1)
        assert s.scalars(select(Hall.code).where(Hall.created_at > local_after)).all() == ["X1"]
        assert s.scalars(select(Hall.code).where(Hall.created_at > local_before)).all() == []


# --------------------------------------------------------------------------- append-only audit log


def _one_audit_row(db) -> int:
    with db.session() as s:
        entry = audit.record(s, Actor.system("test-pc"), "test.entry", "hall", 1, after={"x": 1})
    return entry.id  # written, and given its id, at commit


def test_audit_log_refuses_update_and_delete(db):
    entry_id = _one_audit_row(db)
    for statement in [
        "UPDATE audit_log SET action = 'tampered'",
        "UPDATE audit_log SET after = NULL WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
        "DELETE FROM audit_log",
    ]:
        with pytest.raises(DBAPIError, match="append-only"):
            with db.session() as s:
                s.execute(text(statement), {"id": entry_id})
        with db.reader() as s:
            rows = s.scalars(select(AuditLog)).all()
        assert [(r.id, r.action, r.after) for r in rows] == [(entry_id, "test.entry", {"x": 1})], (
            statement
        )


def test_audit_log_refuses_orm_changes(db):
    entry_id = _one_audit_row(db)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.session() as s:
            s.get(AuditLog, entry_id).action = "tampered"
    with pytest.raises(DBAPIError, match="append-only"):
        with db.session() as s:
            s.delete(s.get(AuditLog, entry_id))
    with db.reader() as s:
        assert s.get(AuditLog, entry_id).action == "test.entry"


def test_audit_log_refuses_truncate_on_postgresql(db):
    if db.backend != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _one_audit_row(db)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.session() as s:
            s.execute(text("TRUNCATE audit_log CASCADE"))
    with db.reader() as s:
        assert len(s.scalars(select(AuditLog)).all()) == 1
