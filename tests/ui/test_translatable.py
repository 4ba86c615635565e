"""Every string a person reads in `ui/` goes through Qt Linguist.

The checker parses every `ui/**/*.py` and fails on

- a Chinese string (a literal or an f-string) outside `self.tr("…")`, `translate("Context", "…")`
  (QCoreApplication.translate, for module-level functions) or `QT_TRANSLATE_NOOP("Context", "…")`
  (a string kept in a table and translated where it is shown): lupdate extracts only those;
- a `tr(…)` whose text is not written out (`self.tr(label)`): lupdate cannot extract it, and the
  context it looks the text up in is not the one a `QT_TRANSLATE_NOOP` filed it under. Looking up
  a marked string is `translate("Context", variable)` with the context it was marked with;
- a `tr` called on anything but `self` (`dialog.tr("…")` in a function): lupdate files it under
  the variable's name, which no class has; a function writes `translate("Context", "…")`.

Not counted: docstrings, and what goes to the log (`log.info(...)`): the log is for the
maintainers and stays Chinese or English as written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")
MARKERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical"}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _chinese(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(CJK.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_chinese(v) for v in node.values)
    return False


def problems(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = {
        node.body[0].value
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    where = path.relative_to(root)
    exempt = {  # the strings inside an assignment to a name in ALLOWED_NAMES
        inner
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(
            isinstance(t, ast.Name) and f"{where}::{t.id}" in ALLOWED_NAMES for t in node.targets
        )
        for inner in ast.walk(node.value)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) == "tr":
            owner = node.func.value if isinstance(node.func, ast.Attribute) else None
            if not (isinstance(owner, ast.Name) and owner.id == "self"):
                found.append((node.lineno, f"{where}:{node.lineno}: tr() on something not self"))
            elif not node.args or not isinstance(node.args[0], ast.Constant):
                found.append(
                    (node.lineno, f"{where}:{node.lineno}: tr() of a text not written out")
                )
            continue
        if not isinstance(node, (ast.Constant, ast.JoinedStr)) or node in docstrings | exempt:
            continue
        parent = parents.get(node)
        if isinstance(parent, (ast.JoinedStr, ast.FormattedValue)) or not _chinese(node):
            continue
        if isinstance(parent, ast.Call) and _name(parent.func) in LOG_CALLS:
            continue
        if isinstance(node, ast.Constant) and isinstance(parent, ast.Call):
            if _name(parent.func) in MARKERS and node in parent.args:
                continue
        text = ast.unparse(node)[:60]
        kind = "an f-string (write {0} and .format)" if isinstance(node, ast.JoinedStr) else ""
        found.append((node.lineno, f"{where}:{node.lineno}: {text} {kind}".rstrip()))
    return [line for _, line in sorted(found)]


# Files whose Chinese is not read in a window, with the reason. Keep it short.
ALLOWED: dict[str, str] = {
    "ui/main.py": "the `--self-test` report, printed to the terminal for the maintainer, like the log",
    "ui/i18n.py": "a language's name is written in that language (中文, English), never translated",
}

# Assignments whose Chinese is not source text, with the reason.
ALLOWED_NAMES: dict[str, str] = {
    "ui/application.py::WORDS": "Chinese translations of Qt's own English words (a catalogue)",
    "ui/windows/rating.py::shown": "its keys are the reasons as stored (rating.NEGATIVE_REASONS), "
    "each mapped to its tr()",
}

# Files whose strings are still to be marked. Each must still have one (the test below fails when a
# file is done: take it off the list).
PENDING: set[str] = set()


def _sources() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py"))


def test_every_ui_string_is_marked_for_translation():
    found = [
        p
        for path in _sources()
        if str(path.relative_to(ROOT)) not in PENDING | set(ALLOWED)
        for p in problems(path)
    ]
    assert not found, "\n".join(["strings outside tr()/translate():", *found])


def test_pending_files_still_have_strings_to_mark():
    done = sorted(f for f in PENDING if not problems(ROOT / f))
    assert not done, f"take these off PENDING: {done}"


def test_the_checker_finds_what_lupdate_would_miss(tmp_path):
    sample = tmp_path / "ui" / "sample.py"
    sample.parent.mkdir()
    sample.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "translate = QCoreApplication.translate\n"
        "def build(w, n, label):\n"
        '    """文档字符串不算。"""\n'
        '    w.setText(translate("Sample", "已标记"))\n'
        '    w.setText("未标记")\n'
        '    w.setText(f"共 {n} 项")\n'
        "    w.setText(w.tr(label))\n"
        '    w.setText(translate("Sample", label))\n',
        encoding="utf-8",
    )
    found = problems(sample, root=tmp_path)
    assert [line.split(": ", 1)[0] for line in found] == [
        "ui/sample.py:6",
        "ui/sample.py:7",
        "ui/sample.py:8",
    ], found
