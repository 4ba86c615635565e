"""One way to run an operation from the UI: every call into the services goes through the runner.

The checker parses every `ui/**/*.py` and fails on a *service call* made outside a *runner
context*:

- A service call is a call of a function of `app.services.*` or `app.forwarding.*` (reached
  through an imported module, `intake.search(...)`, or an imported name, `find_applicant(...)`)
  that takes a database (a parameter named `db` or annotated `Database`), or a question to the
  database itself (`ctx.db.session()`, `db.reader()`, `db.probe()`; `db.dispose()` is not one). Constructing a service's dataclass
  (`IntakeInput(...)`) and its pure helpers (`describe_printer(...)`, `action_label(...)`: no
  database) are not service calls, and neither is anything from `app.domain`.
- A runner context is the body of a lambda, a nested function or a method of the same class that
  is passed as the task to the runner: the first argument (or `fn=`) of `submit`, `operation` or
  `on_runner` (a chain's database step, `await on_runner(lambda: ...)`), or of a helper of the same module that passes one of its parameters on as that task (found by
  the checker: `ClerkWindow._run(fn, then)` calls `operation(fn, ...)`, so `self._run(lambda:
  queue.x(...))` is fine). Also the `run` method of a `QThread`/`QRunnable` subclass (off the GUI
  thread by construction), a function of the module that no other ui module imports and that the
  module calls from runner contexts only, and the few functions in `ALLOWED`, each with its
  reason.

What it cannot see: a service function passed along as a value and called under another name
(`fn(...)`); the convention is to pass it only to the runner (or a helper that does).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.errors import DatabaseUnavailable
from app.services.admin import list_users

ROOT = Path(__file__).resolve().parents[2]
SERVICE_PACKAGES = ("app.services", "app.forwarding")
# The runner's entries and where their task is; `on_runner(fn)` is a chain's database step.
RUNNER_METHODS = {"submit": 0, "operation": 0, "on_runner": 0}
THREAD_BASES = {"QThread", "QRunnable"}
DATABASE_METHODS = {"session", "reader", "driver", "probe"}  # Database's, that ask the server
# A form's reader: `dialog.save = reader` (FormDialog) or a function named `save` handed to a
# dialog builder. It runs on the GUI thread, reads the fields and returns the task (a lambda, a
# nested function or `partial(service, ...)`), which FormDialog._save passes to runner.operation.
READERS = {"save"}

# (path, qualified name) -> why the calls in it stay on the calling thread. Keep it short.
ALLOWED: dict[tuple[str, str], str] = {
    ("ui/tasks.py", "ImmediateRunner.probe_now"): "the runner itself (tests' runner: at once)",
    ("ui/tasks.py", "TaskRunner._read_changes"): "the runner itself: what a task committed, read "
    "right after it on the task's own thread (the worker, or the tests' runner's caller)",
    ("ui/application.py", "run_gui"): "start-up, before the event loop: the hall's record, which "
    "every window is built from, is read once",
}


def _takes_database(fn: object) -> bool:
    try:
        parameters = inspect.signature(fn).parameters.values()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return any(p.name == "db" or "Database" in str(p.annotation) for p in parameters)


class _Imports:
    """What the module's names refer to among the service packages."""

    def __init__(self, tree: ast.AST):
        self.modules: dict[str, str] = {}  # alias -> module name
        self.names: dict[str, tuple[str, str]] = {}  # alias -> (module, name)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    local = alias.asname or alias.name
                    if full.startswith(SERVICE_PACKAGES) and _is_module(full):
                        self.modules[local] = full
                    elif node.module.startswith(SERVICE_PACKAGES):
                        self.names[local] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(SERVICE_PACKAGES) and alias.asname:
                        self.modules[alias.asname] = alias.name

    def service_call(self, call: ast.Call) -> str | None:
        """The callee's name if `call` is a service call."""
        func = call.func
        target: object = None
        if isinstance(func, ast.Name) and func.id in self.names:
            module, name = self.names[func.id]
            target = getattr(importlib.import_module(module), name, None)
            label = func.id
        elif isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id in self.modules:
                module = importlib.import_module(self.modules[func.value.id])
                target = getattr(module, func.attr, None)
                label = f"{func.value.id}.{func.attr}"
            elif func.attr in DATABASE_METHODS and (
                (isinstance(func.value, ast.Name) and func.value.id == "db")
                or (isinstance(func.value, ast.Attribute) and func.value.attr == "db")
            ):
                return f"{ast.unparse(func.value)}.{func.attr}"
        if target is None or inspect.isclass(target) or not callable(target):
            return None
        return label if _takes_database(target) else None


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _callee_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _task_argument(call: ast.Call, funnels: dict[str, int]) -> ast.expr | None:
    """The task passed to the runner by `call`, if `call` is one of the runner's entries."""
    name = _callee_name(call)
    if name not in funnels:
        return None
    index = funnels[name]
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    for keyword in call.keywords:
        if keyword.arg == "fn":
            return keyword.value
    return None


def _parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    names = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _funnels(tree: ast.AST) -> dict[str, int]:
    """The runner's entries and the module's helpers that pass a parameter on as the task."""
    funnels = dict(RUNNER_METHODS)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    changed = True
    while changed:
        changed = False
        for fn in functions:
            if fn.name in funnels:
                continue
            parameters = _parameters(fn)
            for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                task = _task_argument(call, funnels)
                if isinstance(task, ast.Call) and _callee_name(task) == "partial" and task.args:
                    task = task.args[0]  # partial(fn, ...)
                if isinstance(task, ast.Name) and task.id in parameters:
                    funnels[fn.name] = parameters.index(task.id)
                    changed = True
                    break
    return funnels


def _tasks(scope: ast.AST, funnels: dict[str, int]) -> tuple[set[str], set[str], list[ast.Lambda]]:
    """Within `scope`: names of functions, `self.` methods and lambdas passed as tasks."""
    names: set[str] = set()
    methods: set[str] = set()
    lambdas: list[ast.Lambda] = []
    tasks: list[ast.expr] = []
    for call in (n for n in ast.walk(scope) if isinstance(n, ast.Call)):
        task = _task_argument(call, funnels)
        if task is not None:
            tasks.append(task)
    readers = set(READERS)
    for assign in (n for n in ast.walk(scope) if isinstance(n, ast.Assign)):
        if any(isinstance(t, ast.Attribute) and t.attr in READERS for t in assign.targets):
            if isinstance(assign.value, ast.Lambda):
                tasks.append(assign.value.body)
            elif isinstance(assign.value, ast.Name):
                readers.add(assign.value.id)
    for fn in (n for n in ast.walk(scope) if isinstance(n, ast.FunctionDef)):
        if fn.name in readers:
            tasks += [r.value for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value]
    for task in tasks:
        if isinstance(task, ast.Call) and _callee_name(task) == "partial" and task.args:
            task = task.args[0]  # partial(f, ...): f is the task
        if isinstance(task, ast.Name):
            names.add(task.id)
        elif (
            isinstance(task, ast.Attribute)
            and isinstance(task.value, ast.Name)
            and task.value.id == "self"
        ):
            methods.add(task.attr)
        elif isinstance(task, ast.Lambda):
            lambdas.append(task)
    return names, methods, lambdas


class Offence(NamedTuple):
    path: str
    line: int
    callee: str
    where: str  # the qualified name of the function it is in

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.callee} (in {self.where})"


def offences(
    source: str, path: str = "ui/example.py", imported: frozenset[str] = frozenset()
) -> list[Offence]:
    """Each service call outside a runner context. `imported`: the module's names other ui
    modules import (such a function may be called from anywhere)."""
    tree = ast.parse(textwrap.dedent(source))
    imports = _Imports(tree)
    funnels = _funnels(tree)
    _, _, lambdas = _tasks(tree, funnels)
    safe_lambdas = {id(node) for node in lambdas}
    helpers = {
        n.name
        for n in tree.body
        if isinstance(n, ast.FunctionDef) and n.name not in funnels and n.name not in imported
    }
    workers: set[str] = set()  # module functions called from runner contexts only
    while True:
        found, calls = _scan(tree, path, imports, funnels, safe_lambdas, workers, helpers)
        more = {name for name, safe in calls.items() if all(safe)} - workers
        if not more:
            return found
        workers |= more


def _scan(tree, path, imports, funnels, safe_lambdas, workers, helpers):
    found: list[Offence] = []
    calls: dict[str, list[bool]] = {}

    def visit(
        node: ast.AST,
        qualname: list[str],
        safe: bool,
        cls: ast.ClassDef | None,
        task_names: set[str],  # nested functions the enclosing function passes as tasks
    ) -> None:
        if isinstance(node, ast.ClassDef):
            for child in node.body:
                visit(child, [*qualname, node.name], safe, node, set())
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = [*qualname, node.name]
            inner_safe = safe or node.name in task_names or (path, ".".join(name)) in ALLOWED
            inner_safe |= not qualname and node.name in workers
            if cls is not None:
                _, methods, _ = _tasks(cls, funnels)
                bases = {ast.unparse(b).rsplit(".", 1)[-1] for b in cls.bases}
                inner_safe |= node.name in methods or (
                    node.name == "run" and bool(bases & THREAD_BASES)
                )
            names, _, _ = _tasks(node, funnels)
            for child in node.body:
                visit(child, name, inner_safe, None, names)
            for decorator in node.decorator_list:
                visit(decorator, qualname, safe, None, set())
            return
        if isinstance(node, ast.Lambda) and id(node) in safe_lambdas:
            visit(node.body, qualname, True, None, task_names)
            return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in helpers:
                calls.setdefault(node.func.id, []).append(safe)
        if isinstance(node, ast.Call) and not safe:
            callee = imports.service_call(node)
            if callee:
                where = ".".join(qualname) or "<module>"
                found.append(Offence(path, node.lineno, callee, where))
        for child in ast.iter_child_nodes(node):
            visit(child, qualname, safe, None, task_names)

    for top in tree.body:
        visit(top, [], False, None, set())
    return found, calls


def _ui_files() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py"))


def _imported_by_other_modules() -> dict[str, set[str]]:
    """ui module (as a path) -> the names other ui modules import from it."""
    imported: dict[str, set[str]] = {}
    for file in _ui_files():
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ui."):
                path = node.module.replace(".", "/") + ".py"
                imported.setdefault(path, set()).update(a.name for a in node.names)
    return imported


def _all_offences() -> list[Offence]:
    found = []
    imported = _imported_by_other_modules()
    for file in _ui_files():
        path = file.relative_to(ROOT).as_posix()
        names = frozenset(imported.get(path, set()))
        found += offences(file.read_text(encoding="utf-8"), path, names)
    return found


def test_every_service_call_from_the_ui_goes_through_the_runner():
    found = _all_offences()
    assert not found, "service calls outside the runner:\n" + "\n".join(map(str, found))


def test_every_allowed_entry_still_exists():
    def defined(node: ast.AST, prefix: list[str]) -> set[str]:
        found = set()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                found.add(".".join([*prefix, child.name]))
                found |= defined(child, [*prefix, child.name])
        return found

    for path, qualname in ALLOWED:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        assert qualname in defined(tree, []), f"{path}: {qualname} is allowed but no longer there"


# ----------------------------------------------------------------------------- the checker itself

PASS = {
    "a lambda passed to submit": """
        from app.services import intake
        class W:
            def f(self):
                db = self.ctx.db
                self.ctx.runner.submit(lambda: intake.search_cases(db), self.show)
        """,
    "a nested function passed to operation": """
        from app.services import intake
        def f(ctx, button):
            def read():
                return intake.search_cases(ctx.db)
            ctx.runner.operation(read, print, busy=button)
        """,
    "a method passed to submit": """
        from app.services import queue
        class W:
            def load(self):
                return queue.category_loads(self.ctx.db)
            def refresh(self):
                self.ctx.runner.submit(self.load, self.show)
        """,
    "the task keyword": """
        from app.services import queue
        def f(runner, db):
            runner.submit(on_done=print, fn=lambda: queue.category_loads(db))
        """,
    "through a helper that passes its parameter on": """
        from app.services import queue
        class W:
            def _run(self, fn, then):
                self.ctx.runner.operation(fn, then)
            def g(self, db, actor):
                self._run(lambda: queue.call_next(db, actor, 1), self.show)
        """,
    "a form's reader returns partial(service, ...)": """
        from functools import partial
        from app.services import intake
        def build(ctx, d, case):
            d.save = lambda: partial(intake.resume, ctx.db, ctx.actor, case.id)
        """,
    "a reader named save returns a nested task": """
        from app.services import admin
        def edit(db, actor, user):
            def save(v):
                def task():
                    admin.update_user(db, actor, user.id, full_name=v)
                    return admin.assign_counters(db, actor, user.id, [])
                return task
            return save
        """,
    "a module function called from tasks only": """
        from app.services import intake
        def _facts(db, item_id):
            return intake.checklist(db, item_id)
        def f(ctx):
            ctx.runner.submit(lambda: _facts(ctx.db, 1), print)
        """,
    "a chain's database steps": """
        from app.services import documents
        from ui.tasks import on_runner
        class P:
            async def attempt(self, job):
                db = self.db
                def start():
                    return documents.start_print_job(db, job.id)
                started = await on_runner(start)
                return await on_runner(lambda: documents.finish_print_job(db, started.id))
        """,
    "a thread's run": """
        from PySide6.QtCore import QThread
        from app.services import queue
        class T(QThread):
            def run(self):
                queue.expire_stale(self.db)
        """,
    "no database: dataclasses, pure helpers, app.domain": """
        from app.domain.validation import validate_id
        from app.services.documents import describe_printer
        from app.services.intake import IntakeInput
        def f(text):
            validate_id("1", text)
            describe_printer(text)
            return IntakeInput
        """,
    "closing the engine is no question to the database": """
        def f(ctx):
            ctx.db.dispose()
        """,
}

FAIL = {
    "a direct call in a slot": """
        from app.services import intake
        class W:
            def search(self, text):
                return intake.search_cases(self.ctx.db, name_prefix=text)
        """,
    "an imported function": """
        from app.services.applicants import find_applicant
        def f(db):
            return find_applicant(db, "1", "2")
        """,
    "a lambda connected to a signal": """
        from app.services import queue
        def f(button, db, actor):
            button.clicked.connect(lambda: queue.call_next(db, actor, 1))
        """,
    "a nested function called, not passed": """
        from app.services import intake
        def f(ctx):
            def read():
                return intake.search_cases(ctx.db)
            return read()
        """,
    "in on_done (the GUI thread), not in the task": """
        from app.services import intake
        def f(ctx):
            ctx.runner.submit(lambda: None, lambda _r: intake.search_cases(ctx.db))
        """,
    "a form's reader calling the service itself": """
        from app.services import intake
        def build(ctx, d, case):
            d.save = lambda: intake.resume(ctx.db, ctx.actor, case.id)
        """,
    "the database asked directly": """
        def f(ctx):
            with ctx.db.session() as session:
                return session
        """,
    "a module function also called directly": """
        from app.services import intake
        def _facts(db, item_id):
            return intake.checklist(db, item_id)
        def f(ctx):
            ctx.runner.submit(lambda: _facts(ctx.db, 1), print)
            return _facts(ctx.db, 2)
        """,
    "a chain's GUI step calling the service itself": """
        from app.services import documents
        from ui.tasks import on_runner
        async def attempt(db, job):
            await on_runner(lambda: documents.start_print_job(db, job.id))
            return documents.finish_print_job(db, job.id)
        """,
    "a run that is not a thread's": """
        from app.services import queue
        class T:
            def run(self):
                queue.expire_stale(self.db)
        """,
}


@pytest.mark.parametrize("source", PASS.values(), ids=PASS.keys())
def test_the_checker_passes(source):
    assert offences(source) == []


@pytest.mark.parametrize("source", FAIL.values(), ids=FAIL.keys())
def test_the_checker_fails(source):
    assert len(offences(source)) == 1, offences(source)


def test_a_module_function_another_module_imports_is_not_taken_as_a_task():
    source = PASS["a module function called from tasks only"]
    found = offences(source, imported=frozenset({"_facts"}))
    assert [o.callee for o in found] == ["intake.checklist"]


# ----------------------------------------------------------------------------- a lost database

LOST = "数据库暂时无法连接，正在重试。"


class LostDatabase:
    """The demo database, until `lost`: then every question to it fails as a cut line does."""

    def __init__(self, db):
        self._db = db
        self.lost = False

    def __getattr__(self, name):
        if self.lost and name in ("session", "reader", "driver", "probe"):

            def refuse(*_args, **_kwargs):
                raise DatabaseUnavailable(LOST)

            return refuse
        return getattr(self._db, name)


def test_the_intake_search_says_a_lost_database_and_raises_nothing(ctx, qtbot):
    """Formerly called on every keystroke, outside the runner. Now after a pause in typing, on the
    runner; the message is shown at the search box and the windows learn the database is away.
    (pytest-qt fails the test on an exception raised in a slot.)"""
    from ui.widgets.intake_form import IntakeForm

    ctx.db = LostDatabase(ctx.db)
    form = IntakeForm(ctx)
    qtbot.addWidget(form)
    ctx.db.lost = True
    qtbot.keyClicks(form.item_search, "gtgs")
    qtbot.waitUntil(lambda: form.errors.message_for("service_item") != "", timeout=2000)
    assert form.errors.message_for("service_item") == LOST
    assert form.item_search.text() == "gtgs"  # what was typed stays
    assert ctx.runner.database_ok is False


def test_the_intake_search_waits_for_a_pause_and_shows_the_latest_answer_only(ctx, qtbot):
    from ui.widgets.intake_form import IntakeForm

    held: list = []
    form = IntakeForm(ctx)
    qtbot.addWidget(form)
    # answers come back when the test says, in the order it says
    ctx.runner.submit = lambda fn, on_done=None, on_error=None: held.append((fn, on_done))
    qtbot.keyClicks(form.item_search, "gtgs")
    assert held == []  # no search per keystroke
    qtbot.waitUntil(lambda: len(held) == 1, timeout=2000)
    form.item_search.setText("zzzz")
    form._search_now()  # the newer query goes out before the older answer is back
    assert len(held) == 2
    (older, older_done), (newer, newer_done) = held
    newer_done(newer())
    assert form.item_list.count() == 0
    older_done(older())  # late: dropped
    assert form.item_list.count() == 0


def test_the_admin_window_says_a_lost_database_where_the_admin_acted(make_ctx, qtbot, monkeypatch):
    """Its one-click actions used to call the services directly and catch HallDeskError only."""
    from app.services.auth import authenticate
    from ui.windows.admin import AdminWindow

    ctx = make_ctx("pc-admin")
    ctx.user = authenticate(ctx.db, "admin", "halldesk1", host="pc-admin")
    ctx.db = LostDatabase(ctx.db)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    window = AdminWindow(ctx)
    qtbot.addWidget(window)
    rows = window.users.model.rows()
    window.users.table.selectRow(next(i for i, u in enumerate(rows) if u.username != "admin"))
    before = window.users.selected()
    ctx.db.lost = True
    button = window.users.findChild(QPushButton, "toggle_user")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert said == [LOST]
    assert button.isEnabled()  # busy only while it ran
    window.refresh()  # used to raise into the event loop
    assert window.statusBar().currentMessage() == LOST  # a read: no box
    assert said == [LOST]
    assert ctx.runner.database_ok is False
    ctx.db.lost = False
    [after] = [u for u in list_users(ctx.db) if u.id == before.id]
    assert after.active == before.active  # nothing was changed


def test_logging_in_before_the_window_list_is_read_takes_this_pcs_own_window(make_ctx, qtbot):
    """The login box reads the windows on the runner, behind what the last log-out queued; a user
    who logs in before they are here logs in at this PC's window (station.counter_number)."""
    from app.services import auth
    from ui.login import LoginDialog

    ctx = make_ctx("pc-1", counter=1)
    run_at_once = ctx.runner.submit
    held: list = []
    ctx.runner.submit = lambda fn, on_done=None, on_error=None: held.append((fn, on_done))
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    ctx.runner.submit = run_at_once
    assert len(held) == 1 and dialog.counter.count() == 1  # the list: not yet
    dialog.username.setText("clerk01")
    dialog.password.setText("halldesk1")
    dialog._login(take_over=False)
    session = ctx.counter_session
    assert session is not None and session.counter_number == 1
    auth.end_counter_session(ctx.db, session.id, ctx.actor)


def test_a_clerk_action_keeps_its_button_busy_and_says_when_the_database_is_slow(desk, ctx):
    """ClerkWindow._run is an operation: the button pressed is busy until the answer is back,
    and an answer slower than SLOW_MS says so (here the timer's tick is sent by hand)."""
    from PySide6.QtCore import QTimer

    from app.services import admin, queue
    from tests.ui.test_queue_windows import _clerk_window

    queue.issue_ticket(ctx.db, admin.list_categories(ctx.db)[0].id)
    window = _clerk_window(desk, ctx)
    window.say("上一条消息")
    run_at_once = ctx.runner.submit
    held: list = []
    ctx.runner.submit = lambda fn, on_done=None, on_error=None: held.append((fn, on_done))
    call_next = window.buttons["call_next"]
    desk.qtbot.keyClick(window, Qt.Key.Key_F1)
    assert len(held) == 1 and not call_next.isEnabled()  # busy: a second F1 does nothing
    desk.qtbot.keyClick(window, Qt.Key.Key_F1)
    assert len(held) == 1
    [slow] = [t for t in window.findChildren(QTimer) if t.isActive() and t.isSingleShot()]
    assert slow.interval() == window.SLOW_MS
    slow.timeout.emit()
    assert window.message.text() == "正在处理，请稍候…（数据库响应较慢）"
    ctx.runner.submit = run_at_once
    [(fn, done)] = held
    run_at_once(fn, done)  # the answer comes back, with what the task changed
    assert window.message.text() == "已呼叫 A001"
    assert window.number_label.text() == "A001"
    assert not call_next.isEnabled()  # back, then as the state machine says: a ticket is here
    assert window.buttons["recall"].isEnabled()


def test_a_slow_read_puts_the_message_back_as_it_was(desk, ctx):
    from PySide6.QtCore import QTimer

    from tests.ui.test_queue_windows import _clerk_window

    window = _clerk_window(desk, ctx)
    window.say("已呼叫 A001")
    held: list = []
    ctx.runner.submit = lambda fn, on_done=None, on_error=None: held.append((fn, on_done))
    window.refresh()
    [slow] = [t for t in window.findChildren(QTimer) if t.isActive() and t.isSingleShot()]
    slow.timeout.emit()
    assert window.message.text() == "正在处理，请稍候…（数据库响应较慢）"
    [(fn, done)] = held
    done(fn())
    assert window.message.text() == "已呼叫 A001"


def _catalog_page(ctx, qtbot, monkeypatch):
    from app.services import catalog
    from ui.windows.catalog import CatalogPage

    queries: list[str] = []
    search = catalog.search_items

    def counted(db, text, **kwargs):
        queries.append(text)
        return search(db, text, **kwargs)

    monkeypatch.setattr(catalog, "search_items", counted)
    page = CatalogPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page, queries


def test_the_catalog_search_waits_for_a_pause_in_typing_and_asks_once(ctx, qtbot, monkeypatch):
    page, queries = _catalog_page(ctx, qtbot, monkeypatch)
    assert page.model.rowCount() == 32  # the whole catalog, before anything is typed
    qtbot.keyClicks(page.search, "gtgs")
    assert queries == [] and page.model.rowCount() == 32  # no query per keystroke
    qtbot.waitUntil(lambda: queries != [], timeout=2000)
    assert queries == ["gtgs"]
    assert [i.name for i in page.model.rows()] == ["个体工商户设立登记"]
    qtbot.keyClicks(page.search, "x")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Return: at once, and once
    assert queries == ["gtgs", "gtgsx"] and page.model.rowCount() == 0
    assert not page._search_timer.isActive()


def test_a_late_catalog_answer_never_overwrites_a_newer_one(ctx, qtbot, monkeypatch):
    page, _queries = _catalog_page(ctx, qtbot, monkeypatch)
    held: list = []
    ctx.runner.submit = lambda fn, on_done=None, on_error=None: held.append((fn, on_done))
    page.search.setText("gtgs")
    page.refresh()  # the pause is over: the older query goes out
    page.search.setText("yxzrgs")
    page.refresh()  # the newer one, before the older answer is back
    (older, older_done), (newer, newer_done) = held
    newer_done(newer())
    assert [i.name for i in page.model.rows()] == ["有限责任公司设立登记"]
    older_done(older())  # late: dropped
    assert [i.name for i in page.model.rows()] == ["有限责任公司设立登记"]
