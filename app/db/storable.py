"""The last check before a flush: text that the two databases would not store alike is refused
with the program's own error, naming the column, and the transaction rolls back.

The validators in app/domain and the services are where values are checked, with messages that
name the form's field; this is the net under them, for a value that reached the ORM unchecked:
- a string longer than its `String(n)` column (PostgreSQL raises a raw DataError, SQLite stores
  the whole value silently, so a hall would behave differently after moving to PostgreSQL);
- a NUL character in any text or JSON value (PostgreSQL refuses it in `text` and `jsonb`, SQLite
  stores it), and lone surrogates (neither can encode them).

Only the ORM's units of work pass here (new objects, and the changed attributes of others); the
few Core statements the services run (the applicant upsert, the queue's hot statements) write
values the validators have checked.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import JSON, String, event, inspect
from sqlalchemy.orm import Session

from app.errors import ValidationError

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

# What a person calls the columns a message may name (the rest are named by the column itself).
LABELS = {
    "name": "名称",
    "data": "内容",
    "full_name": "姓名",
    "note": "备注",
    "notes": "备注",
    "reason": "原因",
    "opinion": "意见",
    "handler": "经办人",
    "step_name": "环节名称",
    "completion_handler": "办结人",
    "certificate_name": "证照名称",
    "certificate_no": "证照编号",
    "competent_body": "有权机关",
    "requirement": "要求",
    "address": "地址",
    "department": "实施部门",
    "fee": "收费",
    "served_objects": "服务对象",
    "consult_phone": "咨询电话",
    "supervise_phone": "监督电话",
}


class Unstorable(ValidationError):
    """A value the databases would not store alike; `field` is the column's attribute name."""


def _label(table: str, key: str) -> str:
    return LABELS.get(key, f"{table}.{key}")


def _json_problem(value: Any) -> bool:
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_json_problem(k) or _json_problem(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_json_problem(v) for v in value)
    return False


def check_object(obj: Any, *, only_changed: bool) -> None:
    state = inspect(obj)
    mapper = state.mapper
    table = mapper.local_table.name
    for attr in mapper.column_attrs:
        if only_changed and not state.attrs[attr.key].history.has_changes():
            continue
        value = state.dict.get(attr.key)
        if value is None:
            continue
        column = attr.columns[0]
        kind = column.type
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise Unstorable(
                    "storable.bad_characters_pasted",
                    label=_label(table, attr.key),
                    field=attr.key,
                )
            length = getattr(kind, "length", None)
            if isinstance(kind, String) and length is not None and len(value) > length:
                raise Unstorable(
                    "storable.too_long",
                    label=_label(table, attr.key),
                    max_length=length,
                    length=len(value),
                    field=attr.key,
                )
        elif isinstance(kind, JSON):
            if _json_problem(value):
                raise Unstorable(
                    "storable.bad_characters",
                    label=_label(table, attr.key),
                    field=attr.key,
                )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.new:
        check_object(obj, only_changed=False)
    for obj in session.dirty:
        check_object(obj, only_changed=True)


def install(session_factory: Any) -> None:
    """Check every flush of the sessions `session_factory` makes."""
    event.listen(session_factory, "before_flush", _before_flush)
