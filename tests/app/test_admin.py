"""The admin services: users, categories, windows and the audit trail, on SQLite and PostgreSQL.
Every change is checked, refused for the wrong role, and audited in its own transaction."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.db.models import AuditLog, QueueCategory, User, UserCounter
from app.domain.codes import Role
from app.domain.queue import CallMode
from app.errors import (
    AccountLocked,
    Conflict,
    LoginFailed,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from app.services import admin, manager
from app.services.auth import authenticate
from app.services.context import Actor
from tests.conftest import DEMO_PASSWORD

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def actor_for(db, username: str, host: str = "admin-pc") -> Actor:
    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
        return Actor(user.id, user.username, user.role, host)


@pytest.fixture
def admin_actor(demo_db) -> Actor:
    return actor_for(demo_db, "admin")


def audit_count(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(AuditLog))


def last_audit(db) -> AuditLog:
    with db.reader() as s:
        return s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()


def user_count(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(User))


def category_ids(db, *prefixes: str) -> list[int]:
    with db.reader() as s:
        by_prefix = dict(s.execute(select(QueueCategory.prefix, QueueCategory.id)).all())
    return [by_prefix[p] for p in prefixes]


def new_user(db, actor, **kw):
    args = {
        "username": "zhang.san",
        "full_name": "张三",
        "role": Role.CLERK,
        "password": "start1234",
    }
    args.update(kw)
    return admin.create_user(db, actor, **args)


# --------------------------------------------------------------------------- users


CREATE_USER_MISTAKES = [
    ({"username": "x"}, "username"),
    ({"username": "has space"}, "username"),
    ({"username": "张三"}, "username"),
    ({"username": ""}, "username"),
    ({"full_name": "   "}, "full_name"),
    ({"password": "ab12"}, "password"),  # too short
    ({"password": "12345678"}, "password"),  # only digits
    ({"password": "abcdefgh"}, "password"),  # only letters
]


def test_create_user_validation_names_the_field(demo_db, admin_actor):
    before = (user_count(demo_db), audit_count(demo_db))
    for kwargs, field in CREATE_USER_MISTAKES:
        with pytest.raises(ValidationError) as info:
            new_user(demo_db, admin_actor, **kwargs)
        assert info.value.field == field, kwargs
        assert info.value.message
    assert (user_count(demo_db), audit_count(demo_db)) == before


def test_password_messages_say_what_is_wrong(demo_db, admin_actor):
    with pytest.raises(ValidationError) as info:
        new_user(demo_db, admin_actor, password="ab12")
    assert "8" in info.value.message
    with pytest.raises(ValidationError) as info:
        new_user(demo_db, admin_actor, password="12345678")
    assert "字母" in info.value.message and "数字" in info.value.message


def test_duplicate_username_is_a_conflict_and_writes_nothing(demo_db, admin_actor):
    before = (user_count(demo_db), audit_count(demo_db))
    with pytest.raises(Conflict) as info:
        new_user(demo_db, admin_actor, username="clerk01")
    assert info.value.field == "username"
    assert "clerk01" in info.value.message
    assert (user_count(demo_db), audit_count(demo_db)) == before


def test_only_admins_manage_users(demo_db):
    for who in ("clerk01", "manager"):
        _only_admins_manage_users(demo_db, who)


def _only_admins_manage_users(demo_db, who):
    actor = actor_for(demo_db, who)
    target = actor_for(demo_db, "clerk02").user_id
    before = (user_count(demo_db), audit_count(demo_db))
    calls = [
        lambda: new_user(demo_db, actor),
        lambda: admin.set_user_active(demo_db, actor, target, False),
        lambda: admin.reset_password(demo_db, actor, target, "temp12345"),
        lambda: admin.unlock_user(demo_db, actor, target),
        lambda: admin.assign_counters(demo_db, actor, target, [1]),
        lambda: admin.update_user(
            demo_db, actor, target, full_name="X", role=Role.ADMIN, staff_no=None
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert (user_count(demo_db), audit_count(demo_db)) == before
    with demo_db.reader() as s:
        assert s.get(User, target).active is True


def test_system_actor_without_role_is_refused(demo_db):
    with pytest.raises(PermissionDenied):
        new_user(demo_db, Actor.system("pc"))


def test_create_user(demo_db, admin_actor):
    info = new_user(
        demo_db, admin_actor, staff_no=" LJ0999 ", counter_numbers=[5, 3], username=" zhang.san "
    )
    assert info.username == "zhang.san"
    assert info.role == Role.CLERK
    assert info.staff_no == "LJ0999"
    assert info.must_change_password is True
    assert info.active is True
    assert info.counter_numbers == (3, 5)
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity, entry.entity_id) == (
        "user.create",
        "app_user",
        str(info.id),
    )
    assert (entry.username, entry.host, entry.user_id) == ("admin", "admin-pc", admin_actor.user_id)
    assert entry.before is None
    assert entry.after == {
        "username": "zhang.san",
        "full_name": "张三",
        "staff_no": "LJ0999",
        "role": "clerk",
        "active": True,
        "must_change_password": True,
        "counters": [3, 5],
    }
    assert "password_hash" not in entry.after and "argon2" not in str(entry.after)
    # the new user can log in with the initial password
    assert authenticate(demo_db, "zhang.san", "start1234", host="pc", now=T0).must_change_password


def test_create_user_with_unknown_window_writes_nothing(demo_db, admin_actor):
    before = (user_count(demo_db), audit_count(demo_db))
    with pytest.raises(ValidationError) as info:
        new_user(demo_db, admin_actor, counter_numbers=[1, 42])
    assert info.value.field == "counters"
    assert "42" in info.value.message
    assert (user_count(demo_db), audit_count(demo_db)) == before


def test_disable_and_enable(demo_db, admin_actor):
    target = actor_for(demo_db, "clerk02").user_id
    info = admin.set_user_active(demo_db, admin_actor, target, False)
    assert info.active is False
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity_id, entry.before, entry.after) == (
        "user.disable",
        str(target),
        {"active": True},
        {"active": False},
    )
    with pytest.raises(LoginFailed):
        authenticate(demo_db, "clerk02", DEMO_PASSWORD, host="pc", now=T0)

    info = admin.set_user_active(demo_db, admin_actor, target, True)
    assert info.active is True
    entry = last_audit(demo_db)
    assert (entry.action, entry.before, entry.after) == (
        "user.enable",
        {"active": False},
        {"active": True},
    )
    assert authenticate(demo_db, "clerk02", DEMO_PASSWORD, host="pc", now=T0).username == "clerk02"


def test_admin_cannot_disable_themselves(demo_db, admin_actor):
    with pytest.raises(ValidationError) as info:
        admin.set_user_active(demo_db, admin_actor, admin_actor.user_id, False)
    assert info.value.field == "active"


def test_unknown_user_id(demo_db, admin_actor):
    with pytest.raises(NotFound):
        admin.set_user_active(demo_db, admin_actor, 999_999, False)
    with pytest.raises(NotFound):
        admin.assign_counters(demo_db, admin_actor, 999_999, [1])


def _lock(db, username: str) -> None:
    for i in range(5):
        with pytest.raises(LoginFailed):
            authenticate(db, username, "wrong-pass1", host="pc", now=T0 + timedelta(seconds=i))
    with pytest.raises(AccountLocked):
        authenticate(db, username, DEMO_PASSWORD, host="pc", now=T0 + timedelta(seconds=10))


def test_reset_password_sets_temporary_password_and_unlocks(demo_db, admin_actor):
    _lock(demo_db, "clerk03")
    target = actor_for(demo_db, "clerk03").user_id
    with pytest.raises(ValidationError) as info:
        admin.reset_password(demo_db, admin_actor, target, "short1")
    assert info.value.field == "password"

    info = admin.reset_password(demo_db, admin_actor, target, "temp12345")
    assert info.must_change_password is True
    assert info.locked_until is None
    with demo_db.reader() as s:
        assert s.get(User, target).failed_logins == 0
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity_id) == ("user.reset_password", str(target))
    assert "temp12345" not in str(entry.before) + str(entry.after)
    # still inside the original lockout window, yet the new password works, the old one does not
    with pytest.raises(LoginFailed):
        authenticate(demo_db, "clerk03", DEMO_PASSWORD, host="pc", now=T0 + timedelta(seconds=20))
    assert authenticate(
        demo_db, "clerk03", "temp12345", host="pc", now=T0 + timedelta(seconds=21)
    ).must_change_password


def test_unlock_user(demo_db, admin_actor):
    _lock(demo_db, "clerk04")
    target = actor_for(demo_db, "clerk04").user_id
    info = admin.unlock_user(demo_db, admin_actor, target)
    assert info.locked_until is None
    entry = last_audit(demo_db)
    assert entry.action == "user.unlock"
    assert entry.before["locked_until"] is not None
    assert authenticate(
        demo_db, "clerk04", DEMO_PASSWORD, host="pc", now=T0 + timedelta(seconds=20)
    )


def test_every_user_change_records_before_and_after(demo_db, admin_actor):
    """The module's promise: every change is audited with before and after (creation has no
    before). Checked for each admin action in turn."""
    target = actor_for(demo_db, "clerk05").user_id
    actions = [
        lambda: admin.set_user_active(demo_db, admin_actor, target, False),
        lambda: admin.set_user_active(demo_db, admin_actor, target, True),
        lambda: admin.update_user(
            demo_db, admin_actor, target, full_name="孙丽娟", role=Role.MANAGER, staff_no="X1"
        ),
        lambda: admin.assign_counters(demo_db, admin_actor, target, [5]),
        lambda: admin.unlock_user(demo_db, admin_actor, target),
        lambda: admin.reset_password(demo_db, admin_actor, target, "temp12345"),
    ]
    missing = []
    for call in actions:
        call()
        entry = last_audit(demo_db)
        if entry.before is None or entry.after is None:
            missing.append(f"{entry.action}: before={entry.before!r} after={entry.after!r}")
    assert not missing, "audit entries without before/after:\n" + "\n".join(missing)


def test_update_user(demo_db, admin_actor):
    target = actor_for(demo_db, "clerk06").user_id
    info = admin.update_user(
        demo_db, admin_actor, target, full_name=" 周明明 ", role=Role.MANAGER, staff_no=" "
    )
    assert (info.full_name, info.role, info.staff_no) == ("周明明", Role.MANAGER, None)
    entry = last_audit(demo_db)
    assert entry.before["full_name"] == "周明" and entry.after["full_name"] == "周明明"
    assert entry.before["role"] == "clerk" and entry.after["role"] == "manager"
    with pytest.raises(ValidationError) as err:
        admin.update_user(
            demo_db, admin_actor, target, full_name="", role=Role.CLERK, staff_no=None
        )
    assert err.value.field == "full_name"
    with pytest.raises(ValidationError) as err:
        admin.update_user(
            demo_db,
            admin_actor,
            admin_actor.user_id,
            full_name="王建国",
            role=Role.CLERK,
            staff_no=None,
        )
    assert err.value.field == "role"


def test_assign_counters(demo_db, admin_actor):
    target = actor_for(demo_db, "clerk01").user_id
    info = admin.assign_counters(demo_db, admin_actor, target, [12, 2, 2])
    assert info.counter_numbers == (2, 12)
    entry = last_audit(demo_db)
    assert (entry.action, entry.before, entry.after) == (
        "user.assign_counters",
        {"counters": [1, 11]},
        {"counters": [2, 12]},
    )
    # an unknown window changes nothing
    before = audit_count(demo_db)
    with pytest.raises(ValidationError) as err:
        admin.assign_counters(demo_db, admin_actor, target, [2, 77])
    assert err.value.field == "counters"
    assert audit_count(demo_db) == before
    with demo_db.reader() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(UserCounter).where(UserCounter.user_id == target)
            )
            == 2
        )
    assert admin.assign_counters(demo_db, admin_actor, target, []).counter_numbers == ()


def test_list_users(demo_db):
    users = admin.list_users(demo_db)
    assert len(users) == 14
    assert {u.role for u in users} == {Role.ADMIN, Role.MANAGER, Role.CLERK}


# --------------------------------------------------------------------------- same transaction


def test_audit_and_change_commit_or_roll_back_together(demo_db, admin_actor, monkeypatch):
    """A failure after the audit entry was added (here: building the result) rolls back the user
    AND the audit entry; a success leaves both."""
    real_user_info = admin.user_info

    def broken(*args, **kwargs):
        raise RuntimeError("boom after audit.record")

    before = (user_count(demo_db), audit_count(demo_db))
    monkeypatch.setattr(admin, "user_info", broken)
    with pytest.raises(RuntimeError):
        new_user(demo_db, admin_actor, username="li.si")
    target = actor_for(demo_db, "clerk07").user_id
    with pytest.raises(RuntimeError):
        admin.set_user_active(demo_db, admin_actor, target, False)
    assert (user_count(demo_db), audit_count(demo_db)) == before
    with demo_db.reader() as s:
        assert s.get(User, target).active is True

    monkeypatch.setattr(admin, "user_info", real_user_info)
    info = new_user(demo_db, admin_actor, username="li.si")
    assert (user_count(demo_db), audit_count(demo_db)) == (before[0] + 1, before[1] + 1)
    assert last_audit(demo_db).entity_id == str(info.id)


# --------------------------------------------------------------------------- categories


def category(**kw):
    data = {
        "prefix": "H",
        "name": "医保专窗",
        "avg_service_minutes": "7.5",
        "number_digits": 3,
        "priority_every_n": 2,
        "wait_target_minutes": 15,
        "sort_order": 8,
    }
    data.update(kw)
    return data


CATEGORY_MISTAKES = [
    ({"prefix": ""}, "prefix"),
    ({"prefix": "ABC"}, "prefix"),
    ({"prefix": "1"}, "prefix"),
    ({"prefix": "甲"}, "prefix"),
    ({"name": "  "}, "name"),
    ({"avg_service_minutes": "abc"}, "avg_service_minutes"),
    ({"avg_service_minutes": "0"}, "avg_service_minutes"),
    ({"number_digits": 9}, "number_digits"),
    ({"number_digits": "x"}, "number_digits"),
    ({"priority_every_n": 0}, "priority_every_n"),
    ({"wait_target_minutes": 1000}, "wait_target_minutes"),
    ({"sort_order": -1}, "sort_order"),
]


def test_save_category_validation(demo_db, admin_actor):
    before = (audit_count(demo_db), len(admin.list_categories(demo_db)))
    for data, field in CATEGORY_MISTAKES:
        with pytest.raises(ValidationError) as info:
            admin.save_category(demo_db, admin_actor, category(**data))
        assert info.value.field == field, data
    assert (audit_count(demo_db), len(admin.list_categories(demo_db))) == before


def test_save_category_create_and_update(demo_db, admin_actor):
    info = admin.save_category(demo_db, admin_actor, category(prefix=" h "))
    assert info.prefix == "H"  # trimmed and upper-cased
    assert info.avg_service_minutes == Decimal("7.5")
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity, entry.entity_id) == (
        "category.create",
        "queue_category",
        str(info.id),
    )
    assert entry.before is None
    assert entry.after["prefix"] == "H" and entry.after["avg_service_minutes"] == "7.5"

    # an update may keep its own prefix
    updated = admin.save_category(
        demo_db, admin_actor, category(name="医保专窗（新）"), category_id=info.id
    )
    assert updated.id == info.id and updated.name == "医保专窗（新）"
    entry = last_audit(demo_db)
    assert entry.action == "category.update"
    assert entry.before["name"] == "医保专窗" and entry.after["name"] == "医保专窗（新）"
    assert [c.prefix for c in admin.list_categories(demo_db)].count("H") == 1


def test_save_category_duplicate_prefix(demo_db, admin_actor):
    before = audit_count(demo_db)
    with pytest.raises(Conflict) as info:
        admin.save_category(demo_db, admin_actor, category(prefix="a"))
    assert info.value.field == "prefix"
    assert "企业开办" in info.value.message  # names who has it
    # renaming B to A is refused as well
    b_id = category_ids(demo_db, "B")[0]
    with pytest.raises(Conflict):
        admin.save_category(demo_db, admin_actor, category(prefix="A"), category_id=b_id)
    assert audit_count(demo_db) == before


def test_save_category_roles_and_unknown_id(demo_db, admin_actor):
    for who in ("manager", "clerk01"):
        with pytest.raises(PermissionDenied):
            admin.save_category(demo_db, actor_for(demo_db, who), category())
    with pytest.raises(NotFound):
        admin.save_category(demo_db, admin_actor, category(), category_id=999_999)


def test_save_category_needs_a_hall(db):
    actor = Actor(1, "admin", Role.ADMIN, "pc")
    with pytest.raises(NotFound):
        admin.save_category(db, actor, category())


def test_list_categories(demo_db, admin_actor):
    info = admin.save_category(demo_db, admin_actor, category(active=False))
    everything = admin.list_categories(demo_db)
    assert len(everything) == 8
    active = admin.list_categories(demo_db, include_inactive=False)
    assert info.id not in [c.id for c in active] and len(active) == 7


# --------------------------------------------------------------------------- counters


def test_save_counter_create(demo_db, admin_actor):
    f, a = category_ids(demo_db, "F", "A")
    info = admin.save_counter(
        demo_db, admin_actor, number="13", name=" ", location="二楼", category_ids=[f, a]
    )
    assert (info.number, info.name, info.location) == (13, "13号窗口", "二楼")
    assert info.category_ids == (f, a) and info.category_prefixes == ("F", "A")
    entry = last_audit(demo_db)
    assert (entry.action, entry.entity, entry.entity_id) == (
        "counter.create",
        "counter",
        str(info.id),
    )
    assert entry.before is None
    assert entry.after == {
        "number": 13,
        "name": "13号窗口",
        "location": "二楼",
        "active": True,
        "call_mode": "order",
        "categories": [f, a],
        "weights": {str(f): 1, str(a): 1},
    }
    assert info.call_mode is CallMode.ORDER and info.weights == (1, 1)


def test_save_counter_update_reorders_categories(demo_db, admin_actor):
    manager = actor_for(demo_db, "manager")
    a, e, c = category_ids(demo_db, "A", "E", "C")
    two = next(ci for ci in admin.list_counters(demo_db) if ci.number == 2)
    assert two.category_prefixes == ("A", "E")
    info = admin.save_counter(
        demo_db,
        manager,
        number=2,
        name=two.name,
        location="A区",
        category_ids=[e, a, c],
        counter_id=two.id,
    )
    assert info.category_prefixes == ("E", "A", "C")
    entry = last_audit(demo_db)
    assert entry.action == "counter.update" and entry.username == "manager"
    assert entry.before["categories"] == [a, e] and entry.after["categories"] == [e, a, c]
    again = next(ci for ci in admin.list_counters(demo_db) if ci.number == 2)
    assert again.category_prefixes == ("E", "A", "C")


def test_save_counter_validation_and_conflicts(demo_db, admin_actor):
    a = category_ids(demo_db, "A")[0]
    before = audit_count(demo_db)
    with pytest.raises(Conflict) as info:
        admin.save_counter(demo_db, admin_actor, number=3, name="", location=None, category_ids=[a])
    assert info.value.field == "number"
    with pytest.raises(ValidationError) as info:
        admin.save_counter(demo_db, admin_actor, number=20, name="", location=None, category_ids=[])
    assert info.value.field == "categories"
    with pytest.raises(ValidationError) as info:
        admin.save_counter(demo_db, admin_actor, number=0, name="", location=None, category_ids=[a])
    assert info.value.field == "number"
    with pytest.raises(ValidationError) as info:
        admin.save_counter(
            demo_db, admin_actor, number="二十", name="", location=None, category_ids=[a]
        )
    assert info.value.field == "number"
    with pytest.raises(ValidationError) as info:
        admin.save_counter(
            demo_db, admin_actor, number=20, name="", location=None, category_ids=[a, 999_999]
        )
    assert info.value.field == "categories"
    # renumbering window 4 to 3 clashes too
    four = next(ci for ci in admin.list_counters(demo_db) if ci.number == 4)
    with pytest.raises(Conflict):
        admin.save_counter(
            demo_db,
            admin_actor,
            number=3,
            name="x",
            location=None,
            category_ids=[a],
            counter_id=four.id,
        )
    assert audit_count(demo_db) == before
    assert len(admin.list_counters(demo_db)) == 12


def test_save_counter_roles(demo_db):
    a = category_ids(demo_db, "A")[0]
    with pytest.raises(PermissionDenied):  # managers may change windows but not add them
        admin.save_counter(
            demo_db,
            actor_for(demo_db, "manager"),
            number=20,
            name="",
            location=None,
            category_ids=[a],
        )
    one = next(ci for ci in admin.list_counters(demo_db) if ci.number == 1)
    with pytest.raises(PermissionDenied):
        admin.save_counter(
            demo_db,
            actor_for(demo_db, "clerk01"),
            number=1,
            name="x",
            location=None,
            category_ids=[a],
            counter_id=one.id,
        )


def test_inactive_counter_may_have_no_categories(demo_db, admin_actor):
    info = admin.save_counter(
        demo_db, admin_actor, number=30, name="备用", location=None, category_ids=[], active=False
    )
    assert info.active is False and info.category_ids == ()


def test_list_counters(demo_db):
    counters = admin.list_counters(demo_db)
    assert [c.number for c in counters] == list(range(1, 13))
    eleven = counters[10]
    assert eleven.category_prefixes == ("F", "A", "C")
    assert set(eleven.clerk_names) == {"张晓雯", "许佳琪", "马文涛"}


def counter_by_number(db, number: int) -> admin.CounterInfo:
    return next(c for c in admin.list_counters(db) if c.number == number)


def save_window_2(db, actor, **changes) -> admin.CounterInfo:
    """Save window 2 (serving A → E in the demo hall) with its own values but `changes`."""
    two = counter_by_number(db, 2)
    values = (
        dict(
            number=two.number,
            name=two.name,
            location=two.location,
            category_ids=two.category_ids,
            active=two.active,
        )
        | changes
    )
    return admin.save_counter(db, actor, counter_id=two.id, **values)


def test_save_counter_call_mode_and_weights_round_trip(demo_db, admin_actor):
    a, e, c = category_ids(demo_db, "A", "E", "C")
    assert counter_by_number(demo_db, 2).call_mode is CallMode.ORDER

    info = save_window_2(demo_db, admin_actor, call_mode="weighted", weights={a: 3, e: 2})
    assert (info.call_mode, info.category_ids, info.weights) == (CallMode.WEIGHTED, (a, e), (3, 2))
    again = counter_by_number(demo_db, 2)
    assert (again.call_mode, again.weights) == (CallMode.WEIGHTED, (3, 2))

    # None keeps both; weights follow their category when the order changes
    info = save_window_2(demo_db, admin_actor, name="改名", category_ids=[e, a])
    assert (info.name, info.call_mode, info.weights) == ("改名", CallMode.WEIGHTED, (2, 3))

    # a newly added category starts at 1; a weight given for one category leaves the others
    info = save_window_2(demo_db, admin_actor, category_ids=[e, a, c], weights={e: 5})
    assert info.category_prefixes == ("E", "A", "C") and info.weights == (5, 3, 1)

    # a category dropped and added again starts afresh; weights of unserved categories are ignored
    save_window_2(demo_db, admin_actor, category_ids=[e, c], weights={a: 7})
    info = save_window_2(demo_db, admin_actor, category_ids=[e, c, a], call_mode=CallMode.FIFO)
    assert (info.call_mode, info.weights) == (CallMode.FIFO, (5, 1, 1))


def test_new_counter_takes_call_mode_and_weights(demo_db, admin_actor):
    a, b = category_ids(demo_db, "A", "B")
    info = admin.save_counter(
        demo_db,
        admin_actor,
        number=21,
        name="",
        location=None,
        category_ids=[a, b],
        call_mode=CallMode.WEIGHTED,
        weights={b: 4},
    )
    assert (info.call_mode, info.weights) == (CallMode.WEIGHTED, (1, 4))
    entry = last_audit(demo_db)
    assert entry.action == "counter.create"
    assert entry.after["call_mode"] == "weighted" and entry.after["weights"] == {
        str(a): 1,
        str(b): 4,
    }


def test_manager_assign_categories_keeps_call_mode_and_weights(demo_db, admin_actor):
    a, e, c = category_ids(demo_db, "A", "E", "C")
    two = save_window_2(demo_db, admin_actor, call_mode="weighted", weights={a: 3, e: 2})
    info = manager.assign_categories(demo_db, actor_for(demo_db, "manager"), two.id, [c, e, a])
    assert info.category_prefixes == ("C", "E", "A")
    assert (info.call_mode, info.weights) == (CallMode.WEIGHTED, (1, 2, 3))
    assert counter_by_number(demo_db, 2).weights == (1, 2, 3)


def test_save_counter_refuses_an_unknown_call_mode(demo_db, admin_actor):
    before = audit_count(demo_db)
    for bad in ("random", "", "ORDER"):
        with pytest.raises(ValidationError) as info:
            save_window_2(demo_db, admin_actor, call_mode=bad)
        assert info.value.field == "call_mode"
        message = info.value.message
        assert "叫号方式" in message
        assert all(choice in message for choice in ("按顺序", "按权重", "先到先叫"))
    assert audit_count(demo_db) == before
    assert counter_by_number(demo_db, 2).call_mode is CallMode.ORDER


@pytest.mark.parametrize("bad", [0, 100, -1, 2.5, "two", "", None, True])
def test_save_counter_refuses_a_weight_outside_1_to_99(demo_db, admin_actor, bad):
    a, e = category_ids(demo_db, "A", "E")
    before = audit_count(demo_db)
    with pytest.raises(ValidationError) as info:
        save_window_2(demo_db, admin_actor, call_mode="weighted", weights={a: 2, e: bad})
    assert info.value.field == "weights"
    assert "E 类的权重" in info.value.message and "1–99 的整数" in info.value.message
    assert audit_count(demo_db) == before
    two = counter_by_number(demo_db, 2)
    assert (two.call_mode, two.weights) == (CallMode.ORDER, (1, 1))


def test_save_counter_audits_call_mode_and_weights(demo_db, admin_actor):
    a, e = category_ids(demo_db, "A", "E")
    save_window_2(demo_db, admin_actor, call_mode="weighted", weights={a: 3})
    entry = last_audit(demo_db)
    assert (entry.action, entry.username) == ("counter.update", "admin")
    assert entry.before["call_mode"] == "order" and entry.after["call_mode"] == "weighted"
    assert entry.before["weights"] == {str(a): 1, str(e): 1}
    assert entry.after["weights"] == {str(a): 3, str(e): 1}
    assert entry.after["categories"] == [a, e]
    assert admin.list_audit(demo_db, action_prefix="counter.")[0].after["weights"] == {
        str(a): 3,
        str(e): 1,
    }


# --------------------------------------------------------------------------- audit trail


def test_list_audit_filters(demo_db, admin_actor):
    target = actor_for(demo_db, "clerk08").user_id
    admin.set_user_active(demo_db, admin_actor, target, False)
    admin.set_user_active(demo_db, admin_actor, target, True)
    admin.save_category(demo_db, admin_actor, category())
    with pytest.raises(LoginFailed):
        authenticate(demo_db, "clerk09", "wrong-pass1", host="pc-9", now=T0)

    everything = admin.list_audit(demo_db)
    assert [e.action for e in everything[:4]] == [
        "login.failed",
        "category.create",
        "user.enable",
        "user.disable",
    ]
    assert everything[-1].action == "demo.seed"
    assert [e.id for e in everything] == sorted(
        (e.id for e in everything), reverse=True
    )  # newest first
    assert all(e.at.tzinfo is not None for e in everything)

    users = admin.list_audit(demo_db, action_prefix="user.")
    assert [e.action for e in users] == ["user.enable", "user.disable"]
    assert users[1].before == {"active": True}

    by_admin = admin.list_audit(demo_db, username="admin")
    assert {e.action for e in by_admin} == {"user.enable", "user.disable", "category.create"}
    assert admin.list_audit(demo_db, username="clerk09", action_prefix="login")[0].host == "pc-9"
    assert admin.list_audit(demo_db, username="nobody") == []
    assert len(admin.list_audit(demo_db, limit=2)) == 2
    # a prefix is a prefix, not a pattern
    assert admin.list_audit(demo_db, action_prefix="user_") == []
    assert admin.list_audit(demo_db, action_prefix="%") == []


def test_save_counter_with_a_category_listed_twice_is_not_a_number_clash(demo_db, admin_actor):
    """The same category twice is either merged or refused as a categories problem; it must not
    be reported as 'window number already exists'."""
    a = category_ids(demo_db, "A")[0]
    try:
        info = admin.save_counter(
            demo_db, admin_actor, number=20, name="", location=None, category_ids=[a, a]
        )
    except ValidationError as exc:
        assert exc.field == "categories"
    except Conflict as exc:
        pytest.fail(f"reported as a clash on {exc.field!r}: {exc.message}")
    else:
        assert info.category_ids == (a,)


def test_a_category_english_name_is_plain_latin_text(demo_db, admin_actor):
    a = next(c for c in admin.list_categories(demo_db) if c.prefix == "A")
    data = {f.name: getattr(a, f.name) for f in dataclasses.fields(a)} | {"name_en": "企业"}
    with pytest.raises(ValidationError) as info:
        admin.save_category(demo_db, admin_actor, data, a.id)
    assert info.value.field == "name_en"
    saved = admin.save_category(demo_db, admin_actor, data | {"name_en": "  Company  Setup "}, a.id)
    assert saved.name_en == "Company Setup"
    cleared = admin.save_category(demo_db, admin_actor, data | {"name_en": ""}, a.id)
    assert cleared.name_en is None
