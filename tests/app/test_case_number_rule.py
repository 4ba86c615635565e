"""The case-number rule is the hall's, in the database (issue 12, point 11), on SQLite and
PostgreSQL: PCs whose settings files differ number alike; a hall from before the rule moved keeps
numbering as its first PC's file said; the admin changes it, audited; no one else may."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from app.bootstrap import prepare_database
from app.db.models import AuditLog, Hall, User
from app.domain.codes import Role
from app.errors import PermissionDenied, ValidationError
from app.services import admin, hall
from app.services.context import Actor
from app.settings import load_settings
from tests.intake_helpers import accept_case

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
HALL_STYLE = "330199202603020001"  # hall code + date + the hall's sequence


def _actor(db, username: str, host: str) -> Actor:
    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
    return Actor(user.id, user.username, user.role, host)


def _pc_settings(tmp_path, db_url: str, name: str, rule: str | None):
    """The settings of one PC: its own file, naming a case-number rule or none."""
    path = tmp_path / f"{name}.toml"
    path.write_text(f'[hall]\ncase_number_rule = "{rule}"\n' if rule else "", encoding="utf-8")
    return load_settings(path, environ={}, overrides={"database.url": db_url})


def _start_pc(tmp_path, db_url: str, name: str, rule: str | None):
    db, _result = prepare_database(_pc_settings(tmp_path, db_url, name, rule))
    return db


def _rule_in_database(db) -> str | None:
    with db.reader() as s:
        return s.scalar(select(Hall.case_number_rule))


def _forget_the_rule(db) -> None:
    """The hall as a database from before migration 0010 has it: no rule on the hall's row."""
    with db.session() as s:
        s.execute(text("UPDATE hall SET case_number_rule = NULL"))


def _audited(db, action: str) -> list[AuditLog]:
    with db.reader() as s:
        return s.scalars(select(AuditLog).where(AuditLog.action == action)).all()


def test_a_new_hall_numbers_by_the_default_whatever_the_pcs_files_say(
    demo_db, db_url, tmp_path, caplog
):
    assert _rule_in_database(demo_db) == "hall_date_seq"  # seeded with the demo hall
    caplog.set_level(logging.INFO, logger="app.bootstrap")
    pc_a = _start_pc(tmp_path, db_url, "pc-a", "item_date_seq")
    pc_b = _start_pc(tmp_path, db_url, "pc-b", None)
    try:
        a = accept_case(pc_a, _actor(pc_a, "clerk01", "pc-a"), now=MONDAY)
        b = accept_case(pc_b, _actor(pc_b, "clerk02", "pc-b"), now=MONDAY)
    finally:
        pc_a.dispose()
        pc_b.dispose()
    assert (a.case_no, b.case_no) == (HALL_STYLE, "330199202603020002")
    assert _rule_in_database(demo_db) == "hall_date_seq"
    assert any(
        "no longer used" in r.getMessage() and "this PC's file says item_date_seq" in r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING
    )
    assert _audited(demo_db, "hall.case_number_rule_from_settings") == []


def test_a_hall_from_before_keeps_numbering_as_the_first_pcs_file_said(
    demo_db, db_url, tmp_path, caplog
):
    """Upgraded: the hall has no rule yet. The first PC to start copies its file's rule in
    (audited); a PC whose file says otherwise numbers the hall's way, and the log says so."""
    _forget_the_rule(demo_db)
    caplog.set_level(logging.INFO, logger="app.bootstrap")
    pc_a = _start_pc(tmp_path, db_url, "pc-a", "item_date_seq")
    pc_b = _start_pc(tmp_path, db_url, "pc-b", "hall_date_seq")
    try:
        a = accept_case(pc_a, _actor(pc_a, "clerk01", "pc-a"), now=MONDAY)
        b = accept_case(pc_b, _actor(pc_b, "clerk02", "pc-b"), now=MONDAY)
    finally:
        pc_a.dispose()
        pc_b.dispose()
    assert a.case_no == f"{a.item_code}202603020001"
    assert b.case_no == f"{b.item_code}202603020002"  # the same item's sequence, not the hall's
    assert _rule_in_database(demo_db) == "item_date_seq"
    [adopted] = _audited(demo_db, "hall.case_number_rule_from_settings")
    assert (adopted.before, adopted.after) == (
        {"case_number_rule": None},
        {"case_number_rule": "item_date_seq"},
    )
    messages = [r.getMessage() for r in caplog.records]
    assert any("is now the hall's" in m and "item_date_seq" in m for m in messages)
    assert any("this PC's file says hall_date_seq" in m for m in messages)


def test_a_first_pc_without_the_key_keeps_the_default_it_numbered_by(demo_db, db_url, tmp_path):
    _forget_the_rule(demo_db)
    _start_pc(tmp_path, db_url, "pc-a", None).dispose()
    assert _rule_in_database(demo_db) == "hall_date_seq"


def test_pcs_starting_together_copy_one_rule_once(demo_db, db_url, tmp_path):
    _forget_the_rule(demo_db)
    settings = [
        _pc_settings(tmp_path, db_url, f"pc-{i}", rule)
        for i, rule in enumerate(["item_date_seq", "hall_date_seq"] * 2)
    ]
    start = threading.Barrier(len(settings))
    found: list[object] = [None] * len(settings)

    def pc(i: int) -> None:
        from app.db.engine import open_database

        db = open_database(db_url)
        try:
            start.wait()
            found[i] = hall.adopt_case_number_rule(db, settings[i].hall, Actor.system(f"pc-{i}"))
        except Exception as exc:  # noqa: BLE001 - reported below
            found[i] = exc
        finally:
            db.dispose()

    threads = [threading.Thread(target=pc, args=(i,)) for i in range(len(settings))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(f, hall.CaseNumberRuleAtStart) for f in found), found
    rule = _rule_in_database(demo_db)
    assert [f.rule for f in found] == [rule] * len(settings)
    assert sum(f.adopted for f in found) == 1
    assert len(_audited(demo_db, "hall.case_number_rule_from_settings")) == 1


def test_the_admin_sets_the_rule_for_every_pc_audited(demo_db):
    db = demo_db
    admin_actor = _actor(db, "admin", "pc-admin")
    info = admin.case_number_rule(db)
    assert info.current == "hall_date_seq"
    assert [c.name for c in info.choices] == ["hall_date_seq", "item_date_seq"]
    assert info.choices[0].example.startswith("330199") and info.choices[0].example.endswith("0001")

    changed = admin.set_case_number_rule(db, admin_actor, "item_date_seq")
    assert changed.current == "item_date_seq"
    [entry] = _audited(db, "hall.case_number_rule")
    assert (entry.username, entry.host, entry.entity) == ("admin", "pc-admin", "hall")
    assert (entry.before, entry.after) == (
        {"case_number_rule": "hall_date_seq"},
        {"case_number_rule": "item_date_seq"},
    )
    clerk = _actor(db, "clerk01", "pc-1")
    first = accept_case(db, clerk, now=MONDAY)
    assert first.case_no == f"{first.item_code}202603020001"

    # back again: the hall's own sequence goes on, no number is given twice
    admin.set_case_number_rule(db, admin_actor, "hall_date_seq")
    assert accept_case(db, clerk, now=MONDAY).case_no == HALL_STYLE
    admin.set_case_number_rule(db, admin_actor, "hall_date_seq")  # unchanged: nothing audited
    assert len(_audited(db, "hall.case_number_rule")) == 2


@pytest.mark.parametrize("username", ["manager", "clerk01"])
def test_only_the_admin_may_change_the_rule(demo_db, username):
    with pytest.raises(PermissionDenied):
        admin.set_case_number_rule(demo_db, _actor(demo_db, username, "pc-x"), "item_date_seq")
    with pytest.raises(PermissionDenied):
        admin.set_case_number_rule(demo_db, Actor.system("pc-x"), "item_date_seq")
    assert _rule_in_database(demo_db) == "hall_date_seq"
    with demo_db.reader() as s:
        assert s.scalar(select(func.count()).where(AuditLog.action.like("hall.case%"))) == 0


def test_an_unknown_rule_is_refused_at_its_field(demo_db):
    admin_actor = Actor(None, "admin", Role.ADMIN, "pc-admin")
    with pytest.raises(ValidationError) as refused:
        admin.set_case_number_rule(demo_db, admin_actor, "by_magic")
    assert refused.value.field == "case_number_rule"
    assert "大厅代码" in refused.value.message and "事项实施编码" in refused.value.message
    assert _rule_in_database(demo_db) == "hall_date_seq"
