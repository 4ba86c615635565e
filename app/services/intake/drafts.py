"""Drafts of the intake form, kept per clerk so a form survives a crash, a log-out or a closed window."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    CaseDraft,
    Ticket,
)
from app.domain.codes import (
    Role,
)
from app.errors import ValidationError
from app.services.access import allowed
from app.services.context import Actor
from app.services.intake.records import (
    DraftInfo,
)


def _draft_info(d: CaseDraft) -> DraftInfo:
    return DraftInfo(d.id, d.user_id, d.counter_id, d.ticket_id, dict(d.data), d.updated_at)


@allowed(Role.CLERK, Role.MANAGER)
def save_draft(
    db: Database,
    actor: Actor,
    data: dict[str, Any],
    *,
    draft_id: int | None = None,
    counter_id: int | None = None,
    ticket_id: int | None = None,
) -> DraftInfo:
    """The form as typed so far (plain JSON). Called as the clerk types (debounced)."""
    if actor.user_id is None:
        raise ValidationError("draft.needs_user")
    now = utcnow()
    with db.session() as session:
        draft = session.get(CaseDraft, draft_id) if draft_id else None
        if draft is not None and draft.user_id != actor.user_id:
            draft = None  # never write into another clerk's draft
        if draft is None:
            if ticket_id is not None and session.get(Ticket, ticket_id) is None:
                ticket_id = None
            draft = CaseDraft(
                user_id=actor.user_id,
                counter_id=counter_id,
                ticket_id=ticket_id,
                data=data,
                updated_at=now,
            )
            session.add(draft)
        else:
            draft.data = data
            draft.updated_at = now
        session.flush()
        return _draft_info(draft)


def items_taken_for_ticket(db: Database, ticket_id: int) -> list[tuple[int, str]]:
    """(item id, item name) of the cases taken in for a ticket, in the order taken: what F4 办结
    ticks for the clerk (a walk-in's item may be outside the ticket's category)."""
    with db.reader() as session:
        rows = session.execute(
            select(Case.service_item_id, Case.item_name)
            .where(Case.ticket_id == ticket_id)
            .order_by(Case.id)
        ).all()
    return list(dict.fromkeys((item_id, name) for item_id, name in rows))


def drafts_for(db: Database, user_id: int) -> list[DraftInfo]:
    """This clerk's unfinished intakes, newest first (shown after a crash or restart)."""
    with db.reader() as session:
        rows = session.scalars(
            select(CaseDraft)
            .where(CaseDraft.user_id == user_id)
            .order_by(CaseDraft.updated_at.desc(), CaseDraft.id.desc())
        )
        return [_draft_info(d) for d in rows]


@allowed(Role.CLERK, Role.MANAGER)
def discard_draft(db: Database, actor: Actor, draft_id: int) -> None:
    with db.session() as session:
        session.execute(
            delete(CaseDraft).where(CaseDraft.id == draft_id, CaseDraft.user_id == actor.user_id)
        )
