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
