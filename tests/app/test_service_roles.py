"""Every service function that changes data says who may call it (app/services/access.py).

The walk below finds each public function of app/services that takes an `actor`, or that opens a
write transaction (`db.session()`, `db.driver()`, directly or through a helper of its own module)
without one. The first kind must be declared with `@allowed(...)`, the second with
`@without_actor(reason)`; a new function without a declaration fails here. Functions that take a
`session` work inside their caller's transaction and are covered by the caller's declaration.

Each declared function is then called with every caller it does not allow and must refuse with
PermissionDenied before it touches the database (the database given to it fails on any use).
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import textwrap
from datetime import date
from types import ModuleType

import pytest
from sqlalchemy import func, select

import app.services
from app.db.models import AuditLog, CalendarOverride, ServiceItem
from app.domain.codes import CalendarDayKind, Role
from app.errors import PermissionDenied
from app.services import access, calendar, catalog
from app.services.context import Actor, Unattended


def _modules() -> list[ModuleType]:
    """Every module of app/services, those of its packages (app/services/intake/…) included."""
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(app.services.__path__, prefix="app.services.")
        if info.name not in ("app.services.access", "app.services.context")  # the declarations
    ]


def _public_functions(module: ModuleType):
    for name, obj in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        if obj.__module__ != module.__name__:
            continue  # imported from elsewhere; checked where it is defined
        yield name, obj


def _parameters(fn) -> list[str]:
    return list(inspect.signature(inspect.unwrap(fn)).parameters)


def _imported_writer(module: ModuleType, name: str) -> bool:
    """`name` in `module` is a function imported from another module of app/services that writes."""
    fn = getattr(module, name, None)
    home = getattr(fn, "__module__", "")
    if not inspect.isfunction(fn) or home == module.__name__:
        return False
    if not home.startswith("app.services.") or home in ("app.services.access",):
        return False
    return name in _writers(importlib.import_module(home))


@functools.cache
def _writers(module: ModuleType) -> set[str]:
    """Module-level functions that open a write transaction, directly or through a module-level
    function they call."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(module)))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    opens: dict[str, bool] = {}
    calls: dict[str, set[str]] = {}
    for name, node in functions.items():
        opens[name] = False
        calls[name] = set()
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                target = inner.func
                if isinstance(target, ast.Attribute) and target.attr in ("session", "driver"):
                    opens[name] = True
                elif isinstance(target, ast.Name) and target.id in functions:
                    calls[name].add(target.id)
                elif isinstance(target, ast.Name) and _imported_writer(module, target.id):
                    opens[name] = True  # a helper of a sibling module (intake.common._change)
    writers = {name for name, yes in opens.items() if yes}
    changed = True
    while changed:
        changed = False
        for name, called in calls.items():
            if name not in writers and called & writers:
                writers.add(name)
                changed = True
    return writers


def _entries():
    """(qualified name, function, takes_actor, writes) for every public service function that
    takes an actor or writes."""
    found = []
    for module in _modules():
        writers = _writers(module)
        for name, fn in _public_functions(module):
            parameters = _parameters(fn)
            takes_actor = "actor" in parameters
            if "session" in parameters:
                continue  # part of the caller's transaction: the caller's declaration holds

            writes = name in writers
            if takes_actor or writes:
                found.append((f"{module.__name__}.{name}", fn, takes_actor, writes))
    return found


ENTRIES = _entries()
DECLARED = [(name, fn) for name, fn, takes_actor, _ in ENTRIES if takes_actor]


def test_the_walk_finds_the_known_entries():
    names = {name for name, *_ in ENTRIES}
    for expected in (
        "app.services.catalog.set_item_active",
        "app.services.catalog.import_json",
        "app.services.calendar.save_override",
        "app.services.intake.decisions.accept",
        "app.services.queue.call_next",
        "app.services.auth.authenticate",  # writes without an actor
        "app.services.rating.record_rating",
    ):
        assert expected in names
    assert len(DECLARED) > 60


@pytest.mark.parametrize(
    "name,fn,takes_actor,writes",
    ENTRIES,
    ids=[entry[0].removeprefix("app.services.") for entry in ENTRIES],
)
def test_every_function_that_changes_data_declares_who_may_call_it(name, fn, takes_actor, writes):
    if takes_actor:
        assert access.callers_of(fn), (
            f"{name} takes an actor but declares no callers: add @allowed(Role…) "
            "(app/services/access.py)"
        )
    else:
        assert getattr(fn, "__without_actor__", None), (
            f"{name} writes without an actor: declare @allowed(...) with an actor parameter, or "
            "@without_actor('why no one needs to be checked')"
        )


class _Touched(Exception):
    pass


class NoDatabase:
    """A database that fails the test on any use: a refusal must come before any of it."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def __getattr__(self, name: str):
        self.used.append(name)
        raise _Touched(name)


SENTINEL = object()


def _actor(caller) -> Actor:
    if caller is Unattended.STATION:
        return Actor.station("kiosk@pc-hall", "pc-hall")
    if caller is Unattended.PROGRAM:
        return Actor.system("pc-hall")
    return Actor(7, f"someone-{caller.value}", caller, "pc-hall")


def _call(fn, db: NoDatabase, actor: Actor | None, *, omit_actor: bool = False, **given):
    signature = inspect.signature(inspect.unwrap(fn))
    args, kwargs = [], dict(given)
    for parameter in signature.parameters.values():
        if parameter.name == "actor":
            value = actor
            if omit_actor:
                continue
        elif parameter.name in ("db", "session"):
            value = db
        elif parameter.default is not parameter.empty or parameter.name in given:
            continue
        else:
            value = SENTINEL
        if parameter.kind is parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        else:
            args.append(value)
    return fn(*args, **kwargs)


def _refusals():
    cases = []
    for name, fn in DECLARED:
        allowed = access.callers_of(fn) or frozenset()
        for caller in access.EVERY_CALLER:
            if caller not in allowed:
                cases.append(
                    pytest.param(
                        fn, caller, id=f"{name.removeprefix('app.services.')}-{caller.name}"
                    )
                )
    return cases


@pytest.mark.parametrize("fn,caller", _refusals())
def test_a_caller_not_allowed_is_refused_before_anything_is_done(fn, caller):
    db = NoDatabase()
    with pytest.raises(PermissionDenied) as refused:
        _call(fn, db, _actor(caller))
    assert db.used == []
    assert refused.value.message.startswith(caller.label)
    assert "只有" in refused.value.message


# Finer checks inside a function, and the arguments under which every declared caller may call it.
FINER_CHECKS = {
    # a manager may change a window's categories and call mode, not create a window
    "app.services.admin.save_counter": {"counter_id": SENTINEL},
}


@pytest.mark.parametrize(
    "name,fn", DECLARED, ids=[name.removeprefix("app.services.") for name, _ in DECLARED]
)
def test_every_allowed_caller_gets_past_the_declaration(name, fn):
    """The declaration and any finer check inside agree: an allowed caller is not refused for
    who it is (the dummy arguments then fail further on, which is all this needs)."""
    for caller in access.callers_of(fn):
        try:
            _call(fn, NoDatabase(), _actor(caller), **FINER_CHECKS.get(name, {}))
        except PermissionDenied as refused:
            pytest.fail(f"{name} refuses {caller.name}, which it declares: {refused.message}")
        except Exception:  # the dummy arguments or the unusable database: past the check
            pass


def test_an_omitted_actor_stands_for_a_station_unless_declared_otherwise():
    from app.services import demo, documents

    assert documents.finish_print_job.__absent_actor__ is Unattended.STATION
    db = NoDatabase()
    with pytest.raises(PermissionDenied):  # a station may not seed the demo hall
        demo.seed_demo(db, actor=Actor.station("kiosk@pc", "pc"))
    with pytest.raises(_Touched):  # no actor: the program itself, as at start-up
        demo.seed_demo(db)


def test_a_declaration_needs_an_actor_and_known_callers():
    with pytest.raises(TypeError):
        access.allowed(Role.ADMIN)(lambda db, data: None)
    with pytest.raises(TypeError):
        access.allowed()(lambda db, actor: None)
    with pytest.raises(TypeError):
        access.allowed("admin")(lambda db, actor: None)
    with pytest.raises(TypeError):
        access.without_actor(" ")


def test_the_message_says_who_may():
    message = access.refusal(Role.CLERK, frozenset({Role.MANAGER, Role.ADMIN}))
    assert message == "窗口工作人员不能进行此操作：只有大厅管理员或系统管理员可以。"
    assert access.refusal(Unattended.STATION, frozenset({Role.ADMIN})).startswith("无人登录的终端")


# --------------------------------------------------------------------------- the three


def _counts(db) -> tuple[int, int, int, bool]:
    with db.reader() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditLog)),
            session.scalar(select(func.count()).select_from(ServiceItem)),
            session.scalar(select(func.count()).select_from(CalendarOverride)),
            session.scalar(select(ServiceItem.active).order_by(ServiceItem.id).limit(1)),
        )


def test_a_clerk_cannot_change_the_catalog_or_the_holidays(demo_db):
    """The issue's cases, on a real database: a clerk's actor used to succeed in all three."""
    clerk = Actor(2, "clerk01", Role.CLERK, "pc-1")
    before = _counts(demo_db)
    with demo_db.reader() as session:
        item_id = session.scalar(select(ServiceItem.id).order_by(ServiceItem.id).limit(1))
    with pytest.raises(PermissionDenied):
        catalog.set_item_active(demo_db, clerk, item_id, False)
    with pytest.raises(PermissionDenied):
        catalog.import_json(demo_db, clerk, catalog.export_json(demo_db))
    with pytest.raises(PermissionDenied):  # a working day made a holiday moves legal deadlines
        calendar.save_override(demo_db, clerk, date(2027, 3, 3), CalendarDayKind.HOLIDAY, "假")
    assert _counts(demo_db) == before
