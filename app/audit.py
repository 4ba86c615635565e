"""The audit log: appended in the caller's transaction, so the change and its record commit or
roll back together. There is deliberately no function here to change or delete an entry."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.clock import utcnow
from app.db.models import AuditLog
from app.services.context import Actor


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The listed attributes of a model object as JSON-ready values (never secrets)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    entry = AuditLog(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.username,
        host=actor.host,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    session.add(entry)
    return entry
