"""Two PCs and one case: the version check every case action makes, and the notice every change of
a case sends to the other PCs.

Version. Each change of a case raises `Case.data_version`. A case action carries the version the
clerk's view showed (`expected_version`) and checks it in its transaction, under the case's row lock
(PostgreSQL ``FOR UPDATE``; SQLite writers are serialised by ``BEGIN IMMEDIATE``). A case that moved
on since is refused with `CaseChanged`, nothing done, naming who changed it last and when, on the
hall's clock. Who and when come from the audit log: every case change writes its entry in its own
transaction, also the changes that have no case event (deadlines recomputed after a holiday
arrangement is confirmed).

Notice. A transaction that changes cases names them in its one notice at commit, with the rest of
what it changed (app/db/changes.py: the session notes every case, case event, material and step
it writes); `announce` names cases changed in ways the session does not see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import in_hall, utcnow
from app.db import changes
from app.db.models import AuditLog, Case, User
from app.errors import CaseChanged
from app.services.audit import action_label

CASE_ENTITY = "service_case"  # the audit log's entity for a case (entity_id: its case number)


@dataclass(frozen=True)
class LastChange:
    who: str
    at: datetime
    what: str


def last_change(session: Session, case_no: str) -> LastChange | None:
    """The latest audited change of the case: by whom (full name), when, and what."""
    row = session.execute(
        select(AuditLog.at, AuditLog.action, AuditLog.username, User.full_name)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(AuditLog.entity == CASE_ENTITY, AuditLog.entity_id == case_no)
        .order_by(AuditLog.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    at, action, username, full_name = row
    who = full_name or ("系统" if username == "system" else username)
    return LastChange(who, at, action_label(action))


def _when(at: datetime) -> str:
    local = in_hall(at)
    if local.date() == in_hall(utcnow()).date():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def check_version(session: Session, case: Case, expected_version: int) -> None:
    """Refuse (CaseChanged) when the case is no longer at the version the clerk saw: who changed
    it last, when and how, when the audit log says."""
    if case.data_version == expected_version:
        return
    status = case.status.label
    change = last_change(session, case.case_no)
    if change is None:
        raise CaseChanged(
            "case.changed_meanwhile",
            status=status,
            case_id=case.id,
            current_version=case.data_version,
        )
    raise CaseChanged(
        "case.changed_by",
        who=change.who,
        when=_when(change.at),
        what=change.what,
        status=status,
        case_id=case.id,
        current_version=case.data_version,
    )


def announce(session: Session, case_ids: Iterable[int]) -> None:
    """Name these cases in the transaction's notice to the other PCs (the session notes the cases
    it writes by itself; this is for a change it cannot see, and costs nothing when repeated)."""
    changes.note(session, "case", case_ids)
