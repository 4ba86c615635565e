"""The domain, services and printing never import Qt or the ui package.

Checked statically (ast), so a Qt import hidden in a function body or behind a condition is found
too. Dynamic imports with a literal module name (importlib.import_module / __import__) count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED_PACKAGES = ("app", "printing")
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _is_forbidden(module: str) -> bool:
    top = module.split(".", 1)[0]
    return top in FORBIDDEN


def forbidden_imports(source: str, filename: str) -> list[tuple[int, str]]:
    """(line, module) for every import of a forbidden package in `source`."""
    tree = ast.parse(source, filename=filename)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_forbidden(alias.name):
                    found.append((node.lineno, alias.name))
        elif isinstance(node, ast.ImportFrom):
            # Relative imports (level > 0) stay inside the package being checked.
            if node.level == 0 and node.module and _is_forbidden(node.module):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("import_module", "__import__") and node.args:
                arg = node.args[0]
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and _is_forbidden(arg.value)
                ):
                    found.append((node.lineno, arg.value))
    return found


def _python_files() -> list[Path]:
    files: list[Path] = []
    for package in CHECKED_PACKAGES:
        files.extend(sorted((ROOT / package).rglob("*.py")))
    return files


def test_the_checked_packages_exist_and_have_sources():
    files = _python_files()
    assert any(f.is_relative_to(ROOT / "app") for f in files)
    assert any(f.is_relative_to(ROOT / "printing") for f in files)
    # the migrations are part of app and must be checked as well
    assert any("migrations" in f.parts for f in files)


def test_no_qt_or_ui_import_below_app_and_printing():
    offenders = []
    for path in _python_files():
        for line, module in forbidden_imports(path.read_text(encoding="utf-8"), str(path)):
            offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not offenders, "app/ and printing/ must not depend on Qt or ui/:\n" + "\n".join(
        offenders
    )


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import PySide6\n", [(1, "PySide6")]),
        ("from PySide6.QtCore import QObject\n", [(1, "PySide6.QtCore")]),
        ("import os\nimport shiboken6 as sb\n", [(2, "shiboken6")]),
        ("def f():\n    from ui.main import main\n", [(2, "ui.main")]),
        ("import ui.widgets\n", [(1, "ui.widgets")]),
        ("import importlib\nimportlib.import_module('PySide6.QtGui')\n", [(2, "PySide6.QtGui")]),
        ("__import__('ui')\n", [(1, "ui")]),
        # not forbidden: look-alike names and relative imports
        ("import uikit\nfrom uix import a\nfrom . import ui\nfrom .ui import x\n", []),
        ("import app.services.auth\n", []),
    ],
)
def test_the_checker_itself(source, expected):
    assert forbidden_imports(source, "<test>") == expected


# -- arrows point down inside app/ and printing/ ----------------------------------------------------
# Each module's layer is the one of the longest prefix listed; it may import its own layer and those
# below. A module that needs something from above is in the wrong place (docs/ARCHITECTURE.md).
LAYERS: dict[str, int] = {
    "app.errors": 0,
    "app.messages": 0,  # what app/ and printing/ say, by code (errors.py renders from it)
    "app": 0,  # app/__init__.py: the version
    "app.clock": 1,
    "app.domain": 2,
    "app.settings": 3,
    "printing": 3,
    "app.db": 4,
    "app.security": 4,
    "app.services": 5,
    "app.forwarding": 6,
    "app.bootstrap": 7,
    "app.forwarding.commands": 8,
    "app.document_commands": 8,
    "app.cli": 9,
}
# printing renders what it is given: besides itself it may read app.domain's codes, app.errors
# and the message catalogue (the printed ticket's own words)
PRINTING_MAY_IMPORT = ("printing", "app.domain", "app.errors", "app.messages")


def _layer(module: str) -> int | None:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return LAYERS[".".join(parts[:n])]
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(source: str, filename: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module in ("app", "printing"):  # from app import audit: the submodule counts
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, m) for line, m in found if m.split(".")[0] in ("app", "printing")]


def test_imports_point_down():
    upward = []
    for path in _python_files():
        if "migrations" in path.parts:
            continue  # a revision is frozen in time; it imports what it imported when written
        here = _module_name(path)
        mine = _layer(here)
        assert mine is not None, f"{here} has no layer in LAYERS: add it"
        for line, module in _imported(path.read_text(encoding="utf-8"), str(path)):
            theirs = _layer(module)
            if here.startswith("printing") and not module.startswith(PRINTING_MAY_IMPORT):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
            elif theirs is not None and theirs > mine:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module} (layer above)")
    assert not upward, "imports that point up:\n" + "\n".join(upward)
