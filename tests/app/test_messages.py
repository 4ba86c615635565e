"""The message catalogue (app/messages) and the errors that use it.

Parsed from the sources: no HallDeskError in app/ is made from a sentence (a string literal or an
f-string) instead of a code; every code the sources use is in the Chinese catalogue and passes
exactly the parameters its template names; every code in the catalogue is used; every translation
names the same parameters as its Chinese; every label translation belongs to a code table member.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import app
from app import messages
from app.domain import codes
from app.domain.stations import STATION_LANGUAGES
from app.errors import CounterTaken, HallDeskError, NotFound, ValidationError

ROOT = Path(__file__).resolve().parents[2]
# where codes are used: app/ raises them, printing/ prints the ticket's words, ui/ a few of its own
USING_PACKAGES = ("app", "printing", "ui")


def _error_classes() -> dict[str, type[HallDeskError]]:
    """Every HallDeskError subclass defined in app/, by name (the sources' names for them)."""
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found: dict[str, type[HallDeskError]] = {}
    todo = [HallDeskError]
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo += cls.__subclasses__()
    return found


ERRORS = _error_classes()


def _own_keywords(cls: type[HallDeskError]) -> set[str]:
    """Keywords a class's constructor keeps as attributes (CaseChanged's case_id …), not message
    parameters."""
    own: set[str] = {"field"}
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None or klass is Exception:
            continue
        own |= {
            p.name for p in inspect.signature(init).parameters.values() if p.kind is p.KEYWORD_ONLY
        }
    return own


@dataclass(frozen=True)
class Use:
    where: str
    code: str
    params: frozenset[str] | None  # None: passed on with ** (not visible)


@dataclass(frozen=True)
class Sentence:
    where: str
    source: str


def _module_codes(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "area.what" constants (engine.UNAVAILABLE_SERVER …)."""
    found = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and messages.is_code(node.value.value)
        ):
            found[node.targets[0].id] = node.value.value
    return found


def _codes_of(node: ast.expr, constants: dict[str, str]) -> list[str] | None:
    """The codes an argument can be, None when it is not visible (a variable, error.code)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if messages.is_code(node.value) else None
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        body, orelse = _codes_of(node.body, constants), _codes_of(node.orelse, constants)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _is_sentence(node: ast.expr) -> bool:
    """A message written out: a string that is no code, an f-string, strings added together."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not messages.is_code(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_sentence(node.left) or _is_sentence(node.right)
    if isinstance(node, ast.IfExp):
        return _is_sentence(node.body) or _is_sentence(node.orelse)
    return False


def _foreign_names(tree: ast.Module) -> set[str]:
    """Names imported from outside the program (jsonschema's ValidationError is not ours)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
        if node.module.split(".")[0] not in USING_PACKAGES
        for alias in node.names
    }


def _error_class(
    call: ast.Call, enclosing: str | None, foreign: set[str]
) -> type[HallDeskError] | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name in foreign and isinstance(func, ast.Name):
        return None
    if name in ERRORS:
        return ERRORS[name]
    # super().__init__(code, …) inside an error class
    if (
        name == "__init__"
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and getattr(func.value.func, "id", None) == "super"
        and enclosing in ERRORS
    ):
        return ERRORS[enclosing]
    return None


def _is_super(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call)


def _is_text_call(call: ast.Call) -> bool:
    """messages.text("code", language, **params)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "text":
        return getattr(func.value, "id", None) == "messages"
    return False


def scan(source: str, where: str) -> tuple[list[Use], list[Sentence]]:
    tree = ast.parse(source)
    constants = _module_codes(tree)
    foreign = _foreign_names(tree)
    uses: list[Use] = []
    sentences: list[Sentence] = []

    def visit(node: ast.AST, enclosing: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            enclosing = node.name
        if isinstance(node, ast.Call) and node.args:
            cls = _error_class(node, enclosing, foreign)
            first = node.args[0]
            if cls is not None or _is_text_call(node):
                if cls is not None and _is_sentence(first):
                    sentences.append(Sentence(f"{where}:{node.lineno}", ast.unparse(first)))
                found = _codes_of(first, constants)
                # super().__init__ runs the base's constructor: its own keywords are the base's
                base = cls.__mro__[1] if cls is not None and _is_super(node) else cls
                own = _own_keywords(base) if base is not None else set()
                hidden = any(k.arg is None for k in node.keywords)
                params = frozenset(k.arg for k in node.keywords if k.arg and k.arg not in own)
                for code in found or ():
                    uses.append(Use(f"{where}:{node.lineno}", code, None if hidden else params))
        for child in ast.iter_child_nodes(node):
            visit(child, enclosing)

    visit(tree, None)
    return uses, sentences


def _sources(*packages: str) -> list[tuple[str, str]]:
    found = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                found.append((path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))))
    return found


def _all_uses() -> list[Use]:
    uses: list[Use] = []
    for source, where in _sources(*USING_PACKAGES):
        uses += scan(source, where)[0]
    return uses


CHINESE = messages.LANGUAGES[messages.SOURCE_LANGUAGE].MESSAGES


# -------------------------------------------------------------------------------- the sources


def test_no_error_in_app_is_made_from_a_sentence():
    sentences = []
    for source, where in _sources("app"):
        sentences += scan(source, where)[1]
    assert not sentences, (
        "raise a code with named parameters and put the Chinese in app/messages/zh_CN.py:\n"
        + "\n".join(f"{s.where}: {s.source[:90]}" for s in sentences)
    )


def test_every_code_used_is_in_the_catalogue_with_the_parameters_it_names():
    uses = _all_uses()
    assert len(uses) > 300  # the scan sees the sources
    problems = []
    for use in uses:
        template = CHINESE.get(use.code)
        if template is None:
            problems.append(f"{use.where}: {use.code} is not in app/messages/zh_CN.py")
        elif use.params is not None and use.params != messages.parameters(template):
            problems.append(
                f"{use.where}: {use.code} takes {sorted(messages.parameters(template))}, "
                f"given {sorted(use.params)}"
            )
    assert not problems, "\n".join(problems)


def test_every_code_in_the_catalogue_is_used():
    used = {use.code for use in _all_uses()}
    assert not sorted(set(CHINESE) - used), "codes nothing raises: remove them"


def test_every_translation_names_the_parameters_of_its_chinese():
    for code, language in messages.LANGUAGES.items():
        for key, text in language.MESSAGES.items():
            assert key in CHINESE, f"{code}: {key} has no Chinese"
            assert messages.parameters(text) == messages.parameters(CHINESE[key]), (code, key)


def test_every_label_translation_is_of_a_code_table_member():
    tables = {
        name: cls
        for name, cls in vars(codes).items()
        if isinstance(cls, type) and issubclass(cls, codes.LabelledEnum)
    }
    for code, language in messages.LANGUAGES.items():
        for key in getattr(language, "LABELS", {}):
            table, _, value = key.partition(".")
            assert table in tables and value in {m.value for m in tables[table]}, (code, key)


class _Anything:
    """A parameter value every format spec takes."""

    def __format__(self, spec: str) -> str:
        return "x"

    def __repr__(self) -> str:
        return "x"


def test_every_template_formats():
    for code, language in messages.LANGUAGES.items():
        for key, text in language.MESSAGES.items():
            params = {name: _Anything() for name in messages.parameters(text)}
            assert text.format(**params), (code, key)


def test_the_catalogues_are_the_station_languages():
    assert set(messages.LANGUAGES) == set(STATION_LANGUAGES)


# -------------------------------------------------------------------------------- the checker


@pytest.mark.parametrize(
    "source, sentences, uses",
    [
        ('raise NotFound("该号不存在")', 1, []),
        ('raise Conflict(f"{n} 号已呼叫", field="x")', 1, []),
        ('raise ValidationError("请" + "填写")', 1, []),
        ('raise NotFound("ticket.category_closed")', 0, [("ticket.category_closed", set())]),
        (
            'raise Conflict("queue.number_called_elsewhere", number=n, field="number")',
            0,
            [("queue.number_called_elsewhere", {"number"})],
        ),
        ('X = "database.busy"\nraise DatabaseBusy(X)', 0, [("database.busy", set())]),
        ("raise ValidationError(error.code, **error.params)", 0, []),
        ('words = messages.text("paper.title", lang, number=n)', 0, [("paper.title", {"number"})]),
        (
            'raise CaseChanged("case.changed_meanwhile", status=s, case_id=1, current_version=2)',
            0,
            [("case.changed_meanwhile", {"status"})],
        ),
        ('raise KeyError("no such thing")', 0, []),
        ('from jsonschema import ValidationError\nyield ValidationError(f"{x!r} bad")', 0, []),
        ('from app.errors import ValidationError\nraise ValidationError(f"{x} 不对")', 1, []),
    ],
)
def test_the_checker_itself(source, sentences, uses):
    found, written = scan(source, "<test>")
    assert len(written) == sentences
    assert [(u.code, set(u.params or ())) for u in found] == uses


# -------------------------------------------------------------------------------- the errors


def test_an_error_keeps_its_code_and_parameters_and_says_them_in_chinese():
    error = ValidationError("ticket.priority_not_offered", category="社保", field="priority")
    assert error.code == "ticket.priority_not_offered"
    assert error.params == {"category": "社保"}
    assert error.field == "priority"
    assert error.message == str(error) == "“社保”不设优先号"
    assert error.render("zh_CN") == error.message


def test_it_renders_in_english_and_in_chinese_where_there_is_no_english():
    closed = NotFound("ticket.category_closed")
    assert closed.render("en") == "This service is not available now; please choose another one."
    back_office = ValidationError("counter.pause_reason_required", field="pause_reason")
    assert "counter.pause_reason_required" not in messages.LANGUAGES["en"].MESSAGES
    assert back_office.render("en") == back_office.message
    assert back_office.render("fr") == back_office.message  # no such catalogue: Chinese


def test_a_sentence_from_the_ui_is_kept_as_it_is():
    error = ValidationError("两次输入的新密码不一致", field="new_password_again")
    assert error.code is None and error.params == {}
    assert error.message == error.render("en") == "两次输入的新密码不一致"


def test_a_slip_in_a_catalogue_never_hides_the_error(caplog):
    assert messages.text("no.such_code", "en", n=1) == "no.such_code（n=1）"
    # a template missing its parameter: the error is still made, its Chinese without formatting
    # falls back to the code rather than raising inside the raise
    assert messages.text("ticket.priority_not_offered") == "ticket.priority_not_offered"
    assert "does not format" in caplog.text


def test_errors_pickle_with_their_code_and_attributes():
    error = CounterTaken("counter.taken_just_now", counter=5, holder="", host="", counter_number=5)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is CounterTaken
    assert (copy.code, copy.params, copy.message, copy.counter_number) == (
        error.code,
        error.params,
        error.message,
        5,
    )


def test_labels_in_another_language_fall_back_to_chinese():
    assert codes.PriorityReason.ELDERLY.label_in("en") == "Senior citizen"
    assert codes.PriorityReason.ELDERLY.label_in("zh_CN") == codes.PriorityReason.ELDERLY.label
    assert codes.Role.ADMIN.label_in("en") == "系统管理员"  # the back office: not translated
    assert codes.TicketStatus.WAITING.label_in("en") == "Waiting"
