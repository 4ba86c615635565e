"""The demo hall, the hall identity taken from settings, and start-up (prepare_database)."""

from __future__ import annotations

from collections import Counter as Tally

import pytest
from sqlalchemy import func, select

from app.bootstrap import prepare_database
from app.db.migrate import head_revision
from app.db.models import (
    AuditLog,
    Counter,
    CounterCategory,
    Hall,
    QueueCategory,
    ServiceItem,
    ServiceItemMaterial,
    User,
    UserCounter,
)
from app.domain.codes import Role
from app.domain.pinyin import initials
from app.services.context import Actor
from app.services.demo import load_demo_files, seed_demo
from app.services.hall import apply_settings_identity, get_hall
from app.settings import HallSettings, Settings, load_settings

MODELS = (
    Hall,
    QueueCategory,
    Counter,
    CounterCategory,
    User,
    UserCounter,
    ServiceItem,
    ServiceItemMaterial,
    AuditLog,
)


def counts(db) -> dict[str, int]:
    with db.reader() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in MODELS}


def test_demo_hall_contents(demo_db):
    c = counts(demo_db)
    assert c["Hall"] == 1
    assert c["QueueCategory"] >= 6
    assert c["Counter"] == 12
    assert 28 <= c["ServiceItem"] <= 40
    with demo_db.reader() as s:
        hall = s.scalars(select(Hall)).one()
        assert hall.timezone == "Asia/Shanghai" and len(hall.region_code) == 6
        assert sorted(s.scalars(select(Counter.number))) == list(range(1, 13))
        # every window serves at least one category, every item has materials and a category
        assert s.scalar(select(func.count(func.distinct(CounterCategory.counter_id)))) == 12
        items = s.scalars(select(ServiceItem)).all()
        assert all(item.materials for item in items), [i.name for i in items if not i.materials]
        assert all(item.category_id is not None for item in items)
        assert all(item.pinyin_initials == initials(item.name) for item in items)
        roles = Tally(s.scalars(select(User.role)))
        assert roles[Role.ADMIN] >= 1 and roles[Role.MANAGER] >= 1 and roles[Role.CLERK] == 12
        # every clerk is assigned to windows, and clerkNN sits at window NN first
        for n in range(1, 13):
            user = s.scalars(select(User).where(User.username == f"clerk{n:02d}")).one()
            assert n in [counter.number for counter in user.counters]
        assert s.scalars(select(AuditLog.action)).all() == ["demo.seed"]


def test_demo_seed_twice_returns_false_and_changes_nothing(demo_db):
    before = counts(demo_db)
    with demo_db.reader() as s:
        names_before = sorted(s.scalars(select(ServiceItem.name)))
    assert seed_demo(demo_db) is False
    assert counts(demo_db) == before
    with demo_db.reader() as s:
        assert sorted(s.scalars(select(ServiceItem.name))) == names_before


def test_seed_returns_true_on_an_empty_database(db):
    assert seed_demo(db, actor=Actor.system("seed-pc")) is True
    with db.reader() as s:
        entry = s.scalars(select(AuditLog)).one()
        assert (entry.action, entry.username, entry.host) == ("demo.seed", "system", "seed-pc")
        assert entry.after["counters"] == 12


def test_failed_seed_leaves_an_empty_database(db, tmp_path):
    """One transaction: a broken data file (an item naming an unknown category) writes nothing."""
    hall, items = load_demo_files()
    items = [*items, dict(items[0], implementation_code="X-1", category="Z")]
    import json

    (tmp_path / "hall.json").write_text(json.dumps(hall, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "service_items.json").write_text(
        json.dumps(items, ensure_ascii=False), encoding="utf-8"
    )
    with pytest.raises(KeyError):
        seed_demo(db, directory=tmp_path)
    assert set(counts(db).values()) == {0}


def test_pinyin_initials_find_the_item(demo_db):
    with demo_db.reader() as s:
        found = s.scalars(
            select(ServiceItem.name).where(ServiceItem.pinyin_initials.contains("gtgs"))
        ).all()
        item = s.scalars(select(ServiceItem).where(ServiceItem.name == "个体工商户设立登记")).one()
    assert found == ["个体工商户设立登记"]
    assert item.pinyin_initials.startswith("gtgs")
    assert initials("个体工商户设立登记") == "gtgshsldj"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("不动产登记", "bdcdj"),
        ("公司变更登记（2024版）", "gsbgdj2024b"),
        ("ABC证明", "abczm"),
        ("", ""),
    ],
)
def test_initials(text, expected):
    assert initials(text) == expected


# --------------------------------------------------------------------------- hall identity


def test_apply_settings_identity_changes_only_what_is_stated(demo_db):
    before = get_hall(demo_db)
    settings = HallSettings(name="临江市民中心")
    assert settings.timezone == "Asia/Shanghai"  # a default, not a statement
    after = apply_settings_identity(demo_db, settings, Actor.system("pc-1"))
    assert after.name == "临江市民中心"
    assert (after.code, after.region_code, after.uscc, after.timezone) == (
        before.code,
        before.region_code,
        before.uscc,
        before.timezone,
    )
    assert (after.address, after.phone, after.recall_cap) == (
        before.address,
        before.phone,
        before.recall_cap,
    )
    with demo_db.reader() as s:
        entry = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (entry.action, entry.entity, entry.entity_id) == (
        "hall.update_from_settings",
        "hall",
        str(before.id),
    )
    assert entry.before == {"name": before.name}
    assert entry.after == {"name": "临江市民中心"}
    assert entry.host == "pc-1"


def test_apply_settings_identity_default_timezone_does_not_overwrite(demo_db):
    with demo_db.session() as s:
        s.scalars(select(Hall)).one().timezone = "Asia/Urumqi"
    audit_before = counts(demo_db)["AuditLog"]
    after = apply_settings_identity(demo_db, HallSettings(), Actor.system("pc"))
    assert after.timezone == "Asia/Urumqi"
    assert counts(demo_db)["AuditLog"] == audit_before  # nothing changed, nothing audited
    # stated explicitly, it does overwrite
    after = apply_settings_identity(
        demo_db, HallSettings(timezone="Asia/Shanghai", code="330100"), Actor.system("pc")
    )
    assert (after.timezone, after.code) == ("Asia/Shanghai", "330100")
    with demo_db.reader() as s:
        entry = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert entry.before == {"timezone": "Asia/Urumqi", "code": "330199"}
    assert entry.after == {"timezone": "Asia/Shanghai", "code": "330100"}


def test_apply_settings_identity_same_values_not_audited(demo_db):
    hall = get_hall(demo_db)
    audit_before = counts(demo_db)["AuditLog"]
    apply_settings_identity(
        demo_db, HallSettings(name=hall.name, code=hall.code), Actor.system("pc")
    )
    assert counts(demo_db)["AuditLog"] == audit_before


def test_apply_settings_identity_from_a_settings_file(demo_db, tmp_path):
    path = tmp_path / "halldesk.toml"
    path.write_text('[hall]\nregion_code = "330100"\n', encoding="utf-8")
    settings = load_settings(path, environ={})
    after = apply_settings_identity(demo_db, settings.hall, Actor.system("pc"))
    assert after.region_code == "330100"
    assert after.timezone == "Asia/Shanghai" and after.name == "临江市政务服务中心"


def test_apply_settings_identity_without_hall(db):
    assert apply_settings_identity(db, HallSettings(name="x"), Actor.system("pc")) is None
    assert get_hall(db) is None


# --------------------------------------------------------------------------- start-up


def test_prepare_database_migrates_seeds_and_applies_identity(db_url):
    settings = Settings.model_validate({"database": {"url": db_url}, "hall": {"name": "测试大厅"}})
    database, result = prepare_database(settings, demo=True)
    try:
        assert result.to_revision == head_revision() and result.from_revision is None
        hall = get_hall(database)
        assert hall.name == "测试大厅"
        assert hall.code == "330199"  # from the demo, not overwritten
        assert counts(database)["Counter"] == 12
    finally:
        database.dispose()
    # a second start: nothing to migrate, nothing seeded again
    database, result = prepare_database(settings, demo=True)
    try:
        assert not result.changed
        assert counts(database)["Counter"] == 12
    finally:
        database.dispose()
