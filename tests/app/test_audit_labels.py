"""Every action the services write to the audit trail has a Chinese name for the admin's list, and so
does every kind of record it names: a new action without a label would show as a bare code."""

from __future__ import annotations

import ast
from pathlib import Path

from app import audit

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
