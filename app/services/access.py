"""Who may call which service: every public service function that changes data says so where it
is defined, and the call is refused before the function runs (before any database work).

    @allowed(Role.ADMIN)
    def save_item(db, actor, spec, item_id=None): ...

    @without_actor("登录：用户名和密码本身就是检查")
    def authenticate(db, username, password, *, host): ...

`allowed` takes roles and, for callers without a login, `Unattended.STATION` (kiosk, rating pad,
board) or `Unattended.PROGRAM` (start-up, the command line, demo data). A refused caller gets
`PermissionDenied` with a plain message naming who may. `without_actor` marks a function that
writes without an `Actor` and says why that is right (a login, a heartbeat, a sweep).

The same wrapper refuses, for every declared function, a text argument with characters no field
takes (controls other than line breaks, zero-width and direction controls: `app.domain.text`),
naming the field, before the function runs; structured arguments (the intake form, a catalog
row) are checked field by field by their own validators.

tests/app/test_service_roles.py walks app/services: a public function that takes an `actor`, or
that writes without one, and has neither declaration fails the build; every declared function is
called with every caller it does not allow and must refuse before touching the database.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from app.domain.codes import Role
from app.domain.text import refuse_invisible
from app.errors import PermissionDenied
from app.services.context import Actor, Caller, Unattended

F = TypeVar("F", bound=Callable[..., Any])

EVERY_CALLER: tuple[Caller, ...] = (*Role, *Unattended)
STAFF: tuple[Role, ...] = (Role.CLERK, Role.MANAGER, Role.ADMIN)


def caller_label(caller: Caller) -> str:
    return caller.label


def refused(caller: Caller, callers: frozenset[Caller]) -> PermissionDenied:
    """The refusal of a caller that may not: who they are and who may."""
    names = [caller_label(c) for c in EVERY_CALLER if c in callers]
    may = names[0] if len(names) == 1 else "、".join(names[:-1]) + "或" + names[-1]
    return PermissionDenied("access.refused", caller=caller_label(caller), allowed=may)


def refusal(caller: Caller, callers: frozenset[Caller]) -> str:
    """The message for a caller that may not: who they are and who may."""
    return refused(caller, callers).message


# What the messages call the text parameters of the service functions.
TEXT_LABELS = {
    "action": "处理结果",
    "applicant_name": "申请人姓名",
    "basis": "法律依据",
    "certificate_name": "证照名称",
    "certificate_no": "证照编号",
    "commitment": "承诺内容",
    "competent_body": "有权机关",
    "court": "人民法院",
    "denial_reason": "不予许可的理由",
    "fee_amount": "收费金额",
    "full_name": "姓名",
    "gap_override_reason": "先行办结理由",
    "handler": "经办人",
    "location": "位置",
    "name": "名称",
    "node_name": "发送节点",
    "note": "备注",
    "number": "号码",
    "opinion": "意见",
    "printer": "打印机",
    "reason": "原因",
    "review_body": "行政复议机关",
    "staff_no": "工号",
    "step_name": "环节名称",
    "username": "用户名",
}
# Checked by their own rules: a password (any character the password rule allows), a file's
# content (the importer checks it row by row and names the row and field).
_NOT_SCREENED = frozenset({"password", "new_password", "old", "new", "data"})


def screen_text(arguments: dict[str, Any]) -> None:
    for name, value in arguments.items():
        if isinstance(value, str) and name not in _NOT_SCREENED:
            refuse_invisible(value, field=name, label=TEXT_LABELS.get(name, name), multiline=True)


def check(actor: Actor | None, callers: frozenset[Caller], *, absent: Caller) -> None:
    caller = actor.caller if actor is not None else absent
    if caller not in callers:
        raise refused(caller, callers)


def allowed(*callers: Caller, absent: Caller = Unattended.STATION) -> Callable[[F], F]:
    """Declare who may call the function (its `actor` parameter is checked at each call).

    `absent` is who an `actor` of None stands for, where the function lets it be omitted: a
    station by default (the printing functions, `queue.issue_ticket`), the program for
    `demo.seed_demo`."""
    if not callers:
        raise TypeError("allowed() needs at least one role or unattended caller")
    declared = frozenset(callers)
    for caller in declared:
        if not isinstance(caller, Role | Unattended):
            raise TypeError(f"allowed(): {caller!r} is neither a Role nor an Unattended caller")

    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)
        if "actor" not in signature.parameters:
            raise TypeError(f"{fn.__qualname__} has no `actor` parameter to check")
        parameter = signature.parameters["actor"]
        names = list(signature.parameters)
        position = (
            names.index("actor")
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
            else None
        )
        default = None if parameter.default is parameter.empty else parameter.default

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "actor" in kwargs:
                actor = kwargs["actor"]
            elif position is not None and len(args) > position:
                actor = args[position]
            else:
                actor = default
            check(actor, declared, absent=absent)
            screen_text(signature.bind_partial(*args, **kwargs).arguments)
            return fn(*args, **kwargs)

        wrapper.__allowed__ = declared  # type: ignore[attr-defined]
        wrapper.__absent_actor__ = absent  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def without_actor(reason: str) -> Callable[[F], F]:
    """Mark a function that changes data without an `Actor`, with the reason it needs none."""
    if not reason.strip():
        raise TypeError("without_actor() needs the reason")

    def decorate(fn: F) -> F:
        fn.__without_actor__ = reason  # type: ignore[attr-defined]
        return fn

    return decorate


def callers_of(fn: Callable[..., Any]) -> frozenset[Caller] | None:
    """The declared callers of a service function, None when it has no `allowed` declaration."""
    return getattr(fn, "__allowed__", None)
