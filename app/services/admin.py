"""What the admin window does: users, windows (counters), queue categories, the hall's case-number
rule, the audit trail.

Every change is checked (the message names the field and the fix), audited with before and after
in the same transaction, and refused for a role that may not make it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    AuditLog,
    Counter,
    CounterCategory,
    QueueCategory,
    ServiceItem,
    User,
    UserCounter,
)
from app.domain.case_numbers import CASE_NUMBER_RULES, DEFAULT_RULE_NAME, RULE_LABELS
from app.domain.codes import CounterState, Role
from app.domain.queue import CALL_MODE_LABELS, CallMode
from app.domain.text import check_text, check_whole_number
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.security import hash_password
from app.services import audit, cache
from app.services.access import allowed
from app.services.auth import UserInfo, user_info
from app.services.context import Actor
from app.services.hall import require_hall

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
PREFIX_RE = re.compile(r"^[A-Z]{1,2}$")


def _require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        names = "、".join(r.label for r in roles)
        raise PermissionDenied("access.only_roles", roles=names)


# --------------------------------------------------------------------------- users

USER_FIELDS = ["username", "full_name", "staff_no", "role", "active", "must_change_password"]


def list_users(db: Database) -> list[UserInfo]:
    with db.reader() as session:
        users = session.scalars(select(User).order_by(User.role, User.username)).all()
        return [user_info(session, u) for u in users]


@allowed(Role.ADMIN)
def create_user(
    db: Database,
    actor: Actor,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    staff_no: str | None = None,
    counter_numbers: Sequence[int] = (),
) -> UserInfo:
    username = username.strip()
    full_name = full_name.strip()
    if not USERNAME_RE.match(username):
        raise ValidationError("user.username_format", field="username")
    if not full_name:
        raise ValidationError("user.full_name_required", field="full_name")
    password_hash = hash_password(password)  # raises a ValidationError naming the password
    try:
        with db.session() as session:
            if session.scalar(
                select(func.count()).select_from(User).where(User.username == username)
            ):
                raise Conflict("user.username_taken", username=username, field="username")
            user = User(
                username=username,
                full_name=full_name,
                role=Role(role),
                staff_no=(staff_no or "").strip() or None,
                password_hash=password_hash,
                active=True,
                must_change_password=True,
                failed_logins=0,
                created_at=utcnow(),
            )
            session.add(user)
            session.flush()
            for counter in _counters_by_number(session, counter_numbers):
                session.add(UserCounter(user_id=user.id, counter_id=counter.id))
            session.flush()
            audit.record(
                session,
                actor,
                "user.create",
                "app_user",
                user.id,
                after=audit.snapshot(user, USER_FIELDS) | {"counters": sorted(counter_numbers)},
            )
            return user_info(session, user)
    except IntegrityError as exc:
        raise Conflict("user.username_taken", username=username, field="username") from exc


def _get_user(session: Any, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user.not_found")
    return user


@allowed(Role.ADMIN)
def set_user_active(db: Database, actor: Actor, user_id: int, active: bool) -> UserInfo:
    if user_id == actor.user_id and not active:
        raise ValidationError("user.cannot_disable_self", field="active")
    with db.session() as session:
        user = _get_user(session, user_id)
        before = audit.snapshot(user, ["active"])
        user.active = active
        audit.record(
            session,
            actor,
            "user.enable" if active else "user.disable",
            "app_user",
            user.id,
            before=before,
            after={"active": active},
        )
        return user_info(session, user)


@allowed(Role.ADMIN)
def reset_password(db: Database, actor: Actor, user_id: int, new_password: str) -> UserInfo:
    """Set a temporary password; the user must change it at the next login. Also unlocks."""
    password_hash = hash_password(new_password)
    with db.session() as session:
        user = _get_user(session, user_id)
        before = audit.snapshot(user, ["must_change_password", "failed_logins", "locked_until"])
        user.password_hash = password_hash
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        audit.record(
            session,
            actor,
            "user.reset_password",
            "app_user",
            user.id,
            before=before,  # never the hash: the trail says that it changed, not what to
            after={"password": "reset", "must_change_password": True, "locked_until": None},
        )
        return user_info(session, user)


@allowed(Role.ADMIN)
def unlock_user(db: Database, actor: Actor, user_id: int) -> UserInfo:
    with db.session() as session:
        user = _get_user(session, user_id)
        before = audit.snapshot(user, ["locked_until", "failed_logins"])
        user.failed_logins = 0
        user.locked_until = None
        audit.record(
            session,
            actor,
            "user.unlock",
            "app_user",
            user.id,
            before=before,
            after={"locked_until": None, "failed_logins": 0},
        )
        return user_info(session, user)


@allowed(Role.ADMIN)
def update_user(
    db: Database, actor: Actor, user_id: int, *, full_name: str, role: Role, staff_no: str | None
) -> UserInfo:
    if not full_name.strip():
        raise ValidationError("user.full_name_required", field="full_name")
    if user_id == actor.user_id and role != Role.ADMIN:
        raise ValidationError("user.cannot_drop_own_admin_role", field="role")
    with db.session() as session:
        user = _get_user(session, user_id)
        before = audit.snapshot(user, USER_FIELDS)
        user.full_name = full_name.strip()
        user.role = Role(role)
        user.staff_no = (staff_no or "").strip() or None
        audit.record(
            session,
            actor,
            "user.update",
            "app_user",
            user.id,
            before=before,
            after=audit.snapshot(user, USER_FIELDS),
        )
        return user_info(session, user)


def _counters_by_number(session: Any, numbers: Sequence[int]) -> list[Counter]:
    wanted = set(numbers)
    counters = list(session.scalars(select(Counter).where(Counter.number.in_(wanted))))
    missing = sorted(wanted - {c.number for c in counters})
    if missing:
        raise ValidationError(
            "user.unknown_counters", numbers="、".join(map(str, missing)), field="counters"
        )
    return counters


@allowed(Role.ADMIN)
def assign_counters(
    db: Database, actor: Actor, user_id: int, counter_numbers: Sequence[int]
) -> UserInfo:
    """The windows a clerk may log in at."""
    with db.session() as session:
        user = _get_user(session, user_id)
        wanted = sorted(set(counter_numbers))
        counters = _counters_by_number(session, wanted)
        before = list(user_info(session, user).counter_numbers)
        session.execute(delete(UserCounter).where(UserCounter.user_id == user.id))
        for counter in counters:
            session.add(UserCounter(user_id=user.id, counter_id=counter.id))
        session.flush()
        audit.record(
            session,
            actor,
            "user.assign_counters",
            "app_user",
            user.id,
            before={"counters": before},
            after={"counters": wanted},
        )
        return user_info(session, user)


# --------------------------------------------------------------------------- categories


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    prefix: str
    name: str
    description: str | None
    number_digits: int
    priority_enabled: bool
    priority_every_n: int
    wait_target_minutes: int
    avg_service_minutes: Decimal
    sort_order: int
    active: bool
    name_en: str | None = None


CATEGORY_FIELDS = [
    "prefix",
    "name",
    "name_en",
    "description",
    "number_digits",
    "priority_enabled",
    "priority_every_n",
    "wait_target_minutes",
    "avg_service_minutes",
    "sort_order",
    "active",
]


def _category_info(c: QueueCategory) -> CategoryInfo:
    return CategoryInfo(**{f: getattr(c, f) for f in ["id", *CATEGORY_FIELDS]})


def list_categories(db: Database, *, include_inactive: bool = True) -> list[CategoryInfo]:
    with db.reader() as session:
        query = select(QueueCategory).order_by(QueueCategory.sort_order, QueueCategory.prefix)
        if not include_inactive:
            query = query.where(QueueCategory.active.is_(True))
        return [_category_info(c) for c in session.scalars(query)]


def _english_name(value: Any) -> str | None:
    """A category's English name: optional; letters of the Latin alphabet, digits, spaces and
    ordinary punctuation, as an English screen can show them."""
    text = " ".join(str(value or "").split())
    if not text:
        return None
    check_text(text, field="name_en", label="英文名称", max_length=64)
    if not all(c.isascii() and (c.isprintable()) for c in text):
        raise ValidationError("category.english_name_characters", field="name_en")
    return text


def _clean_category(data: dict[str, Any]) -> dict[str, Any]:
    prefix = str(data.get("prefix", "")).strip().upper()
    if not PREFIX_RE.match(prefix):
        raise ValidationError("category.prefix_format", field="prefix")
    name = str(data.get("name", "")).strip()
    if not name:
        raise ValidationError("category.name_required", field="name")
    try:
        avg = Decimal(str(data.get("avg_service_minutes", "8")))
    except InvalidOperation:
        raise ValidationError(
            "category.service_minutes_not_number", field="avg_service_minutes"
        ) from None
    if not Decimal("0.5") <= avg <= Decimal("240"):
        raise ValidationError("category.service_minutes_range", field="avg_service_minutes")
    return {
        "prefix": prefix,
        "name": name,
        "name_en": _english_name(data.get("name_en")),
        "description": (str(data.get("description") or "").strip() or None),
        "number_digits": check_whole_number(
            data.get("number_digits", 3), field="number_digits", label="号码位数", low=2, high=4
        ),
        "priority_enabled": bool(data.get("priority_enabled", True)),
        "priority_every_n": check_whole_number(
            data.get("priority_every_n", 3),
            field="priority_every_n",
            label="优先比例（每叫 N 个普通号叫 1 个优先号）",
            low=1,
            high=50,
        ),
        "wait_target_minutes": check_whole_number(
            data.get("wait_target_minutes", 20),
            field="wait_target_minutes",
            label="等候目标时长（分钟）",
            low=1,
            high=480,
        ),
        "avg_service_minutes": avg,
        "sort_order": check_whole_number(
            data.get("sort_order", 0), field="sort_order", label="排序", low=0, high=999
        ),
        "active": bool(data.get("active", True)),
    }


@allowed(Role.ADMIN)
def save_category(
    db: Database, actor: Actor, data: dict[str, Any], category_id: int | None = None
) -> CategoryInfo:
    """Create (category_id None) or update a queue category."""
    clean = _clean_category(data)
    try:
        with db.session() as session:
            hall = require_hall(session)
            clash = session.scalars(
                select(QueueCategory).where(
                    QueueCategory.hall_id == hall.id, QueueCategory.prefix == clean["prefix"]
                )
            ).first()
            if clash is not None and clash.id != category_id:
                raise Conflict(
                    "category.prefix_taken_by",
                    prefix=clean["prefix"],
                    clash=clash.name,
                    field="prefix",
                )
            if category_id is None:
                category = QueueCategory(hall_id=hall.id, **clean)
                session.add(category)
                session.flush()
                audit.record(
                    session, actor, "category.create", "queue_category", category.id, after=clean
                )
            else:
                category = session.get(QueueCategory, category_id)
                if category is None:
                    raise NotFound("category.not_found_refresh_list")
                before = audit.snapshot(category, CATEGORY_FIELDS)
                for key, value in clean.items():
                    setattr(category, key, value)
                audit.record(
                    session,
                    actor,
                    "category.update",
                    "queue_category",
                    category.id,
                    before=before,
                    after=audit.snapshot(category, CATEGORY_FIELDS),
                )
            cache.clear()  # this PC sees the change at once; others within SETTINGS_TTL_SECONDS (30 s)
            return _category_info(category)
    except IntegrityError as exc:
        raise Conflict("category.prefix_taken", prefix=clean["prefix"], field="prefix") from exc


# --------------------------------------------------------------------------- counters (windows)


@dataclass(frozen=True)
class CounterInfo:
    id: int
    number: int
    name: str
    location: str | None
    state: CounterState
    pause_reason: str | None
    active: bool
    category_ids: tuple[int, ...]  # in calling order
    category_prefixes: tuple[str, ...]
    clerk_names: tuple[str, ...]
    call_mode: CallMode
    weights: tuple[int, ...]  # parallel to category_ids (used in weighted mode)


def _counter_info(c: Counter) -> CounterInfo:
    return CounterInfo(
        id=c.id,
        number=c.number,
        name=c.name,
        location=c.location,
        state=c.state,
        pause_reason=c.pause_reason,
        active=c.active,
        category_ids=tuple(cc.category_id for cc in c.categories),
        category_prefixes=tuple(cc.category.prefix for cc in c.categories),
        clerk_names=tuple(u.full_name for u in c.clerks),
        call_mode=CallMode(c.call_mode or CallMode.ORDER),
        weights=tuple(cc.weight for cc in c.categories),
    )


def list_counters(db: Database) -> list[CounterInfo]:
    with db.reader() as session:
        return [_counter_info(c) for c in session.scalars(select(Counter).order_by(Counter.number))]


COUNTER_FIELDS = ["number", "name", "location", "active", "call_mode"]
WEIGHT_RANGE = (1, 99)


def _call_mode(value: CallMode | str) -> CallMode:
    try:
        return CallMode(value)
    except ValueError:
        choices = "、".join(f"{label}（{mode.value}）" for mode, label in CALL_MODE_LABELS.items())
        raise ValidationError(
            "counter.call_mode_choices", choices=choices, field="call_mode"
        ) from None


def _counter_snapshot(counter: Counter, served: Sequence[CounterCategory]) -> dict[str, Any]:
    return audit.snapshot(counter, COUNTER_FIELDS) | {
        "categories": [cc.category_id for cc in served],
        "weights": {cc.category_id: cc.weight for cc in served},
    }


@allowed(Role.ADMIN, Role.MANAGER)
def save_counter(
    db: Database,
    actor: Actor,
    *,
    number: Any,
    name: str,
    location: str | None,
    category_ids: Sequence[int],
    active: bool = True,
    counter_id: int | None = None,
    call_mode: CallMode | str | None = None,
    weights: Mapping[int, int] | None = None,
) -> CounterInfo:
    """Create or update a window with the categories it serves, in calling order, and how it
    calls them. `call_mode` None keeps the window's mode (a new window: in order); `weights`
    (category id → weight) sets the weights it names, and a served category it does not name
    keeps its weight (a newly added one: 1). Weights of categories not served are ignored."""
    # Managers may change an existing window (issue: assign categories); only admins add windows.
    _require_role(actor, *((Role.ADMIN,) if counter_id is None else (Role.ADMIN, Role.MANAGER)))
    number = check_whole_number(number, field="number", label="窗口号", low=1, high=999)
    name = (name or "").strip() or f"{number}号窗口"
    mode = None if call_mode is None else _call_mode(call_mode)
    category_ids = list(dict.fromkeys(category_ids))  # a category listed twice is served once
    if active and not category_ids:
        raise ValidationError("counter.categories_required", field="categories")
    try:
        with db.session() as session:
            hall = require_hall(session)
            clash = session.scalars(
                select(Counter).where(Counter.hall_id == hall.id, Counter.number == number)
            ).first()
            if clash is not None and clash.id != counter_id:
                raise Conflict("counter.number_taken", number=number, field="number")
            known = set(
                session.scalars(select(QueueCategory.id).where(QueueCategory.id.in_(category_ids)))
            )
            if set(category_ids) - known:
                raise ValidationError("counter.category_gone", field="categories")
            given = {cid: w for cid, w in (weights or {}).items() if cid in known}
            if given:
                prefixes = dict(
                    session.execute(
                        select(QueueCategory.id, QueueCategory.prefix).where(
                            QueueCategory.id.in_(given)
                        )
                    ).all()
                )
                given = {
                    cid: check_whole_number(
                        w,
                        field="weights",
                        label=f"{prefixes[cid]} 类的权重",
                        low=WEIGHT_RANGE[0],
                        high=WEIGHT_RANGE[1],
                    )
                    for cid, w in given.items()
                }
            if counter_id is None:
                counter = Counter(
                    hall_id=hall.id,
                    number=number,
                    name=name,
                    location=(location or None),
                    active=active,
                    state=CounterState.CLOSED,
                    normal_calls_since_priority=0,
                    call_mode=(mode or CallMode.ORDER).value,
                )
                session.add(counter)
                before = None
                kept: dict[int, int] = {}
            else:
                counter = session.get(Counter, counter_id)
                if counter is None:
                    raise NotFound("counter.not_found_refresh_list")
                before = _counter_snapshot(counter, counter.categories)
                kept = {cc.category_id: cc.weight for cc in counter.categories}
                counter.number, counter.name, counter.location, counter.active = (
                    number,
                    name,
                    location or None,
                    active,
                )
                if mode is not None:
                    counter.call_mode = mode.value
            counter.categories = [
                CounterCategory(
                    category_id=cid, position=i, weight=given.get(cid, kept.get(cid, 1))
                )
                for i, cid in enumerate(category_ids)
            ]
            session.flush()
            after = _counter_snapshot(counter, counter.categories)
            audit.record(
                session,
                actor,
                "counter.create" if before is None else "counter.update",
                "counter",
                counter.id,
                before=before,
                after=after,
            )
            session.refresh(counter)
            cache.clear()
            return _counter_info(counter)
    except IntegrityError as exc:
        raise Conflict("counter.number_taken", number=number, field="number") from exc


# --------------------------------------------------------------------------- hall-wide rules


@dataclass(frozen=True)
class CaseNumberRuleChoice:
    name: str
    label: str
    example: str  # a number as it would read today


@dataclass(frozen=True)
class CaseNumberRuleInfo:
    current: str  # the hall's rule (the default if it was never set)
    choices: tuple[CaseNumberRuleChoice, ...]


def case_number_rule(db: Database) -> CaseNumberRuleInfo:
    """The hall's case-number rule, every PC's, and the rules it may take, each with an example
    made from the hall's code, an item's code and today's date."""
    with db.reader() as session:
        hall = require_hall(session)
        item_code = session.scalar(
            select(ServiceItem.implementation_code).order_by(ServiceItem.id).limit(1)
        )
        today = local_date(utcnow(), hall.timezone)
        choices = tuple(
            CaseNumberRuleChoice(
                name,
                RULE_LABELS[name],
                rule.format(hall.code, item_code or "事项实施编码", today, 1),
            )
            for name, rule in CASE_NUMBER_RULES.items()
        )
        return CaseNumberRuleInfo(hall.case_number_rule or DEFAULT_RULE_NAME, choices)


@allowed(Role.ADMIN)
def set_case_number_rule(db: Database, actor: Actor, name: str) -> CaseNumberRuleInfo:
    """How every PC of the hall numbers its cases from the next case on (numbers given stay).
    The daily sequences are per rule, so switching back and forth never repeats a number."""
    if name not in CASE_NUMBER_RULES:
        choices = "、".join(RULE_LABELS.values())
        raise ValidationError(
            "hall.case_number_rule_choices", choices=choices, field="case_number_rule"
        )
    with db.session() as session:
        hall = require_hall(session)
        before = hall.case_number_rule
        if before != name:
            hall.case_number_rule = name
            audit.record(
                session,
                actor,
                "hall.case_number_rule",
                "hall",
                hall.id,
                before={"case_number_rule": before},
                after={"case_number_rule": name},
            )
    return case_number_rule(db)


# --------------------------------------------------------------------------- audit trail


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    host: str | None
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def list_audit(
    db: Database, *, limit: int = 500, action_prefix: str | None = None, username: str | None = None
) -> list[AuditEntry]:
    with db.reader() as session:
        query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
        if action_prefix:
            query = query.where(AuditLog.action.startswith(action_prefix, autoescape=True))
        if username:
            query = query.where(AuditLog.username == username)
        return [
            AuditEntry(
                a.id, a.at, a.username, a.host, a.action, a.entity, a.entity_id, a.before, a.after
            )
            for a in session.scalars(query)
        ]
