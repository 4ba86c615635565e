"""Every action the services write to the audit trail has a Chinese name for the admin's list, and so
does every kind of record it names: a new action without a label would show as a bare code."""

from __future__ import annotations

import ast
from pathlib import Path

from app.services import audit

APP = Path(__file__).resolve().parents[2] / "app"


def _constants(node: ast.AST) -> list[str]:
    """The string constants an argument can take (both branches of `a if c else b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _recorded() -> tuple[set[str], set[str]]:
    actions: set[str] = set()
    entities: set[str] = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 3:
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name == "record" and len(node.args) >= 4:
                actions.update(_constants(node.args[2]))
                entities.update(_constants(node.args[3]))
            elif name == "_audit":
                actions.update(_constants(node.args[2]))
    return actions, entities


def test_the_scan_finds_the_audit_calls():
    actions, entities = _recorded()
    assert {"login", "user.create", "counter_session.take_over"} <= actions
    assert {"app_user", "counter"} <= entities


def test_every_recorded_action_and_entity_has_a_label():

    actions, entities = _recorded()
    assert sorted(a for a in actions if a not in audit.ACTION_LABELS) == []
    assert sorted(e for e in entities if e not in audit.ENTITY_LABELS) == []
    assert audit.action_label("no.such") == "no.such"


def _recorded_fields() -> set[str]:
    """The field names entries record: the keys of dicts built in a function that writes to the
    audit, the fields it snapshots, and the services' *_FIELDS lists."""
    fields: set[str] = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module-level lists of audited fields
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_FIELDS") for t in node.targets
            ):
                fields.update(
                    e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)
                )
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)]
            names = {getattr(c.func, "attr", None) or getattr(c.func, "id", None) for c in calls}
            if not names & {"record", "_audit"}:
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Dict):
                    fields.update(k.value for k in node.keys if isinstance(k, ast.Constant))
                elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "snapshot":
                    fields.update(
                        e.value
                        for e in getattr(node.args[1], "elts", [])
                        if isinstance(e, ast.Constant)
                    )
                elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "update":
                    fields.update(k.arg for k in node.keywords if k.arg)
    return {f for f in fields if isinstance(f, str)}


def test_every_recorded_field_has_a_chinese_name():
    fields = _recorded_fields()
    assert {"categories", "failed_logins", "prefix", "implementation_code", "case_no"} <= fields
    assert sorted(f for f in fields if f not in audit.FIELD_LABELS) == []


def test_an_entry_reads_as_chinese(sqlite_demo_db):
    from app.services import admin

    entry = next(e for e in admin.list_audit(sqlite_demo_db) if e.action == "demo.seed")
    assert audit.describe(entry.after) == "业务类别 7；窗口 12；用户 14；事项 32"
    assert audit.describe({"active": False, "locked_until": "2026-12-03T02:15:00+00:00"}) == (
        "启用 否；锁定至 2026-12-03 10:15:00"
    )
