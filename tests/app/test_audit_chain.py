"""The audit log's hash chain, on SQLite and PostgreSQL: entries make one line (also when PCs write
at once and when transactions roll back), the entries of a database from before 0015 are chained
by the migration, and the walk names the first broken link when the owner changes, deletes,
reorders or rewrites entries behind the program's back (triggers set aside on PostgreSQL, dropped
on SQLite), or cuts off the end. The format itself is pinned by a known vector."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text

from app.db import migrate as migrate_module
from app.db.engine import open_database
from app.db.migrate import upgrade
from app.db.models import AuditLog
from app.domain import audit_chain
from app.domain.audit_chain import GENESIS, BreakKind, ChainRow, parse_expected, walk
from app.services import audit
from app.services.audit_log import CHAIN_COLUMNS, verify_audit_log
from app.services.context import Actor

ACTOR = Actor(user_id=None, username="clerk01", role=None, host="pc-5")

# --------------------------------------------------------------------------- the format, pure


def _fields(**changes: Any) -> dict[str, Any]:
    fields = {
        "chain_seq": 1,
        "prev_hash": GENESIS,
        "at": datetime(2026, 12, 4, 1, 2, 3, 456789, tzinfo=UTC),
        "user_id": 7,
        "username": "clerk01",
        "host": "窗口5",
        "action": "case.accept",
        "entity": "service_case",
        "entity_id": "330199-20261204-0001",
        "before": None,
        "after": {"status": "accepted", "fee": 1.0, "名": "张三", "list": [1, 2.5, None, True]},
    }
    return fields | changes


def test_the_hash_format_is_frozen():
    """Entries hashed today are checked with the same function for as long as they are kept: a
    change here would make every stored entry look tampered with."""
    assert audit_chain.canonical(**_fields()).decode() == (
        '["halldesk-audit-1",1,"' + GENESIS + '","2026-12-04T01:02:03.456789+00:00",7,'
        '"clerk01","窗口5","case.accept","service_case","330199-20261204-0001",null,'
        '{"fee":1,"list":[1,2.5,null,true],"status":"accepted","名":"张三"}]'
    )
    assert audit_chain.entry_hash(**_fields()) == (
        "fd81cea928b0765056d89b92df1767fa75618af7badbaad6ddfea017f40d9fde"
    )


@pytest.mark.parametrize(
    ("written", "read_back"),
    [
        (1.0, 1.0),  # jsonb keeps "1.0": a float again
        (1e100, 10**100),  # jsonb returns a whole number's digits: an int
        (1.7976931348623157e308, 179769313486231570 * 10**291),
        (-0.0, 0.0),
        ({"b": 1, "a": 2}, {"a": 2, "b": 1}),  # jsonb sorts keys
        ((1, "二"), [1, "二"]),
    ],
)
def test_a_value_hashes_as_the_database_gives_it_back(written, read_back):
    assert audit_chain.entry_hash(**_fields(after={"v": written})) == audit_chain.entry_hash(
        **_fields(after={"v": read_back})
    )


def test_every_field_is_covered_by_the_hash():
    base = audit_chain.entry_hash(**_fields())
    for name, other in [
        ("chain_seq", 2),
        ("prev_hash", "1" * 64),
        ("at", datetime(2026, 12, 4, 1, 2, 3, 456790, tzinfo=UTC)),
        ("user_id", None),
        ("username", "clerk02"),
        ("host", None),
        ("action", "case.reject"),
        ("entity", "ticket"),
        ("entity_id", None),
        ("before", {}),
        ("after", {"status": "rejected"}),
    ]:
        assert audit_chain.entry_hash(**_fields(**{name: other})) != base, name


def _chain(n: int) -> list[ChainRow]:
    rows, head = [], GENESIS
    for seq in range(1, n + 1):
        fields = _fields(chain_seq=seq, prev_hash=head, after={"n": seq})
        digest = audit_chain.entry_hash(**fields)
        rows.append(ChainRow(id=seq * 10, entry_hash=digest, **fields))
        head = digest
    return rows


def _rehashed(row: ChainRow, **changes: Any) -> ChainRow:
    fields = {name: getattr(row, name) for name in audit_chain.HASHED_COLUMNS} | changes
    return ChainRow(id=row.id, entry_hash=audit_chain.entry_hash(**fields), **fields)


def test_the_walk_names_the_first_broken_link():
    rows = _chain(5)
    report = walk(rows)
    assert (report.ok, report.count, report.head_seq, report.head_hash) == (
        True,
        5,
        5,
        rows[-1].entry_hash,
    )
    assert walk([]).ok and walk([]).head_hash == GENESIS

    changed = rows[:2] + [ChainRow(**(vars(rows[2]) | {"after": {"n": 99}}))] + rows[3:]
    broken = walk(changed).broken
    assert (broken.kind, broken.entry_id, broken.chain_seq, broken.previous_id) == (
        BreakKind.CHANGED,
        30,
        3,
        20,
    )

    deleted = walk(rows[:1] + rows[3:]).broken
    assert (deleted.kind, deleted.entry_id, deleted.previous_id) == (BreakKind.DELETED, 40, 10)
    assert "第 2–3 条" in deleted.detail
    assert walk(rows[1:]).broken.kind is BreakKind.DELETED  # the first entry gone

    # the second entry rewritten with a hash that fits its new content: the third's link breaks
    rewritten = rows[:1] + [_rehashed(rows[1], after={"n": 99})] + rows[2:]
    relinked = walk(rewritten).broken
    assert (relinked.kind, relinked.entry_id) == (BreakKind.RELINKED, 30)

    swapped = rows[:1] + [ChainRow(**(vars(rows[1]) | {"id": 5}))] + rows[2:]
    assert walk(swapped).broken.kind is BreakKind.REORDERED
    twice = walk(rows[:3] + [ChainRow(**(vars(rows[2]) | {"id": 35}))]).broken
    assert twice.kind is BreakKind.REORDERED


def test_a_noted_head_catches_a_rewritten_log_and_a_cut_off_end():
    rows = _chain(5)
    noted = (4, rows[3].entry_hash)
    # rewritten from the third entry on, every hash recomputed: the chain itself holds …
    forged, head = rows[:2], rows[1].entry_hash
    for row in rows[2:]:
        forged.append(_rehashed(row, prev_hash=head, after={"n": 0}))
        head = forged[-1].entry_hash
    assert walk(forged).ok
    # … but not against the head noted earlier
    broken = walk(forged, expected=[noted]).broken
    assert (broken.kind, broken.chain_seq) == (BreakKind.EXPECTED, 4)
    assert walk(rows, expected=[noted]).ok
    # the last two entries deleted
    assert walk(rows[:3]).ok
    cut = walk(rows[:3], expected=[noted]).broken
    assert (cut.kind, cut.entry_id, cut.chain_seq) == (BreakKind.EXPECTED, None, 4)
    assert "末尾" in cut.detail


def test_a_noted_head_is_read_as_printed():
    assert parse_expected(f" 12:{'AB' * 32} ") == (12, "ab" * 32)
    for bad in ["12", f"x:{'a' * 64}", "12:abc", f"12:{'g' * 64}"]:
        with pytest.raises(ValueError):
            parse_expected(bad)


# --------------------------------------------------------------------------- in the database


def _record(db, n: int = 1, **after: Any) -> list[AuditLog]:
    with db.session() as s:
        return [
            audit.record(s, ACTOR, "test.entry", "hall", i, after={"i": i, **after})
            for i in range(n)
        ]


def _stored_chain(db) -> list[tuple[int, int]]:
    with db.reader() as s:
        return s.execute(select(AuditLog.id, AuditLog.chain_seq).order_by(AuditLog.id)).all()


def test_entries_make_one_line_and_the_walk_says_ok(db):
    first = _record(db, 2, note="两条同一事务")
    _record(db, 1, price=1.0, big=1e100, zero=-0.0)  # values jsonb gives back changed
    with pytest.raises(RuntimeError):
        with db.session() as s:
            audit.record(s, ACTOR, "test.rolled_back", "hall", 1)
            raise RuntimeError("the action fails: its entry goes with it")
    _record(db, 1)
    assert [e.chain_seq for e in first] == [1, 2]
    assert first[1].prev_hash == first[0].entry_hash
    chain = _stored_chain(db)
    assert [seq for _, seq in chain] == [1, 2, 3, 4]  # no place for the rolled-back entry
    assert [i for i, _ in chain] == sorted(i for i, _ in chain)
    report = verify_audit_log(db)
    assert (report.ok, report.count, report.head_seq) == (True, 4, 4)
    with db.reader() as s:
        assert s.scalar(select(AuditLog.entry_hash).where(AuditLog.chain_seq == 4)) == (
            report.head_hash
        )
    assert verify_audit_log(db, expected=[(4, report.head_hash)]).ok


def test_pcs_writing_at_once_still_make_one_line(db_url):
    """Six PCs, each with its own connections, commit audited actions at the same moments."""
    pcs, rounds = 6, 15
    databases = [open_database(db_url) for _ in range(pcs)]
    upgrade(databases[0].engine)
    start = threading.Barrier(pcs)
    failures: list[BaseException] = []

    def pc(i: int) -> None:
        try:
            start.wait()
            for n in range(rounds):
                with databases[i].session() as s:
                    actor = Actor(user_id=None, username=f"clerk{i:02d}", role=None, host=f"pc{i}")
                    for k in range(1 + n % 2):  # one or two entries per action
                        audit.record(s, actor, "test.entry", "counter", i, after={"n": n, "k": k})
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=pc, args=(i,)) for i in range(pcs)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert failures == []
        expected = pcs * sum(1 + n % 2 for n in range(rounds))
        chain = _stored_chain(databases[0])
        assert [seq for _, seq in chain] == list(range(1, expected + 1))
        report = verify_audit_log(databases[0])
        assert (report.ok, report.count) == (True, expected)
    finally:
        for database in databases:
            database.dispose()


def _tamper(db, *statements: tuple[str, dict[str, Any]]) -> None:
    """What an owner of the database (PostgreSQL) or of the file (SQLite) can do: set the
    append-only triggers aside and change the table with plain SQL."""
    with db.engine.begin() as conn:
        if db.backend == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        for statement, params in statements:
            conn.execute(text(statement), params)
        if db.backend == "postgresql":
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))


def _ids(db) -> list[int]:
    return [i for i, _ in _stored_chain(db)]


def test_the_walk_finds_an_entry_changed_by_the_owner(db):
    _record(db, 5)
    ids = _ids(db)
    before = verify_audit_log(db)
    _tamper(db, ("UPDATE audit_log SET username = 'someone' WHERE id = :id", {"id": ids[2]}))
    report = verify_audit_log(db)
    broken = report.broken
    assert (broken.kind, broken.entry_id, broken.chain_seq, broken.previous_id) == (
        BreakKind.CHANGED,
        ids[2],
        3,
        ids[1],
    )
    assert broken.at is not None and report.head_seq == 2
    # changing the JSON the entry recorded is found the same way
    _tamper(
        db,
        ("UPDATE audit_log SET username = 'clerk01' WHERE id = :id", {"id": ids[2]}),
        ("UPDATE audit_log SET after = NULL WHERE id = :id", {"id": ids[3]}),
    )
    broken = verify_audit_log(db).broken
    assert (broken.kind, broken.entry_id) == (BreakKind.CHANGED, ids[3])
    assert before.ok


def test_the_walk_finds_an_entry_deleted_by_the_owner(db):
    _record(db, 5)
    ids = _ids(db)
    _tamper(db, ("DELETE FROM audit_log WHERE id = :id", {"id": ids[1]}))
    broken = verify_audit_log(db).broken
    assert (broken.kind, broken.entry_id, broken.previous_id) == (BreakKind.DELETED, ids[2], ids[0])
    assert "第 2 条" in broken.detail


def test_the_walk_finds_entries_put_in_another_order(db):
    _record(db, 4)
    ids = _ids(db)
    spare = ids[-1] + 100
    _tamper(
        db,
        ("UPDATE audit_log SET id = :spare WHERE id = :id", {"spare": spare, "id": ids[1]}),
        ("UPDATE audit_log SET id = :id WHERE id = :other", {"id": ids[1], "other": ids[2]}),
        ("UPDATE audit_log SET id = :other WHERE id = :spare", {"other": ids[2], "spare": spare}),
    )
    broken = verify_audit_log(db).broken
    assert (broken.kind, broken.chain_seq) == (BreakKind.REORDERED, 3)


def test_a_log_rewritten_to_the_end_or_cut_off_shows_against_the_noted_head(db):
    _record(db, 5)
    noted = verify_audit_log(db)
    expected = [(noted.head_seq, noted.head_hash)]
    # the owner rewrites the third entry and recomputes every hash from there to the end
    with db.reader() as s:
        rows = [
            ChainRow(**r._mapping)
            for r in s.execute(select(*CHAIN_COLUMNS).order_by(AuditLog.chain_seq))
        ]
    head, statements = rows[1].entry_hash, []
    for row in rows[2:]:
        forged = _rehashed(row, prev_hash=head, username="someone")
        statements.append(
            (
                "UPDATE audit_log SET username = :u, prev_hash = :p, entry_hash = :h WHERE id = :id",
                {"u": "someone", "p": forged.prev_hash, "h": forged.entry_hash, "id": row.id},
            )
        )
        head = forged.entry_hash
    _tamper(db, *statements)
    assert verify_audit_log(db).ok  # a bare chain cannot tell …
    broken = verify_audit_log(db, expected=expected).broken  # … the noted head can
    assert (broken.kind, broken.chain_seq) == (BreakKind.EXPECTED, 5)

    _tamper(db, ("DELETE FROM audit_log WHERE chain_seq >= 4", {}))
    assert verify_audit_log(db).ok
    cut = verify_audit_log(db, expected=expected).broken
    assert (cut.kind, cut.entry_id, cut.chain_seq) == (BreakKind.EXPECTED, None, 5)


def _chain_columns():
    from app.services.audit_log import _COLUMNS

    return _COLUMNS


def test_the_migration_chains_the_entries_already_there_in_id_order(db_url):
    database = open_database(db_url)
    try:
        cfg = migrate_module.alembic_config()
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0014_gap_materials")
            pg = conn.dialect.name == "postgresql"
            for n, (after, before) in enumerate(
                [
                    ('{"status": "accepted", "fee": 1.0, "名": "张三"}', None),
                    ('{"big": 1e100, "list": [1, 2.5, null]}', '{"b": 2, "a": 1}'),
                    (None, None),
                ]
            ):
                conn.execute(
                    text(
                        "INSERT INTO audit_log (at, username, host, action, entity, entity_id, "
                        "before, after) VALUES (:at, 'admin', '旧电脑', :action, 'hall', :eid, "
                        + (
                            "CAST(:before AS jsonb), CAST(:after AS jsonb))"
                            if pg
                            else ":before, :after)"
                        )
                    ),
                    {
                        "at": datetime(2026, 1, 5, 1, n, 0, 123456, tzinfo=UTC)
                        if pg
                        else f"2026-01-05 01:0{n}:00.123456",
                        "action": f"old.{n}",
                        "eid": str(n),
                        "before": before,
                        "after": after,
                    },
                )
        result = upgrade(database.engine, backup=False)
        assert result.from_revision == "0014_gap_materials"
        chain = _stored_chain(database)
        assert [seq for _, seq in chain] == [1, 2, 3]
        report = verify_audit_log(database)
        assert (report.ok, report.count) == (True, 3)
        _record(database, 1)  # a new entry links on
        assert verify_audit_log(database).count == 4
        # the migration left the log append-only
        with pytest.raises(Exception, match="append-only"):
            with database.session() as s:
                s.execute(text("DELETE FROM audit_log"))
    finally:
        database.dispose()
