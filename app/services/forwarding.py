"""What the desk shows and does about forwarding to the online hall: the status mark, each case
event's forwarding state, dead letters (retry or discard, audited, managers only), asking a
stopped sender to resume, and the changes made online."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import AuditLog, ForwardingNode, OnlineChange, OutboxMessage
from app.domain.codes import OutboxStatus, Role
from app.domain.outbox import (
    LINE_STATE_LABELS,
    Action,
    ApplicationAtDesk,
    DeadLetterFacts,
    Explanation,
    LineState,
    TransitionRefused,
    answer_code,
    explain_dead_letter,
    next_state,
)
from app.errors import Conflict, NotFound, ValidationError
from app.services import audit
from app.services.access import allowed
from app.services.context import Actor

# A sender that has not written its status row for this long is taken as not running.
NODE_STALE_AFTER = timedelta(seconds=60)

EVENT_TYPE_LABELS = {
    "application": "申请",
    "acceptance": "受理",
    "supplement_request": "补正告知",
    "rejection": "不予受理",
    "process_step": "办理环节",
    "completion": "办结",
    "delivery": "送达",
    "rating": "评价",
}

# --------------------------------------------------------------------------- status mark


@dataclass(frozen=True)
class NodeInfo:
    name: str
    host: str | None
    state: LineState
    state_label: str
    detail: str | None
    updated_at: datetime
    last_success_at: datetime | None
    stale: bool


@dataclass(frozen=True)
class ForwardingOverview:
    """For the status mark: the best line state any live sender reports, and the counts."""

    configured: bool
    state: LineState
    state_label: str
    detail: str | None
    pending: int
    dead: int
    oldest_pending_at: datetime | None
    last_success_at: datetime | None
    nodes: tuple[NodeInfo, ...]

    @property
    def online(self) -> bool:
        return self.state is LineState.ONLINE


_STATE_RANK = {
    LineState.ONLINE: 0,
    LineState.STARTING: 1,
    LineState.OFFLINE: 2,
    LineState.STOPPED: 3,
    LineState.ENDED: 4,
}


def _line_state(value: str) -> LineState:
    try:
        return LineState(value)
    except ValueError:
        return LineState.ENDED


def forwarding_overview(
    db: Database, *, configured: bool = True, now: datetime | None = None
) -> ForwardingOverview:
    now = now or utcnow()
    with db.reader() as s:
        counts = dict(
            s.execute(
                select(OutboxMessage.status, func.count())
                .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.DEAD]))
                .group_by(OutboxMessage.status)
            ).all()
        )
        oldest = s.scalar(
            select(func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == OutboxStatus.PENDING
            )
        )
        rows = s.scalars(select(ForwardingNode).order_by(ForwardingNode.name)).all()
        nodes = tuple(
            NodeInfo(
                name=row.name,
                host=row.host,
                state=_line_state(row.state),
                state_label=LINE_STATE_LABELS.get(_line_state(row.state), row.state),
                detail=row.detail,
                updated_at=row.updated_at,
                last_success_at=row.last_success_at,
                stale=now - row.updated_at > NODE_STALE_AFTER,
            )
            for row in rows
        )
    live = [n for n in nodes if not n.stale and n.state is not LineState.ENDED]
    if live:
        # A stopped sender is what a manager must see even when another one is fine.
        stopped = [n for n in live if n.state is LineState.STOPPED]
        best = stopped[0] if stopped else min(live, key=lambda n: _STATE_RANK[n.state])
        state, detail = best.state, best.detail
    else:
        state, detail = LineState.ENDED, None
    successes = [n.last_success_at for n in nodes if n.last_success_at]
    return ForwardingOverview(
        configured=configured,
        state=state,
        state_label=LINE_STATE_LABELS[state] if configured else "未配置网上大厅",
        detail=detail,
        pending=counts.get(OutboxStatus.PENDING, 0),
        dead=counts.get(OutboxStatus.DEAD, 0),
        oldest_pending_at=oldest,
        last_success_at=max(successes) if successes else None,
        nodes=nodes,
    )


# --------------------------------------------------------------------------- per case event


@dataclass(frozen=True)
class EventForwarding:
    message_id: int
    event_type: str
    event_label: str
    data_version: int
    status: OutboxStatus
    status_label: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    dead_cause: str | None = None  # for a dead letter: why, in a few words (explain_dead_letter)


def _event_forwarding(row: OutboxMessage, dead_cause: str | None = None) -> EventForwarding:
    return EventForwarding(
        message_id=row.id,
        event_type=row.event_type,
        event_label=EVENT_TYPE_LABELS.get(row.event_type, row.event_type),
        data_version=row.data_version,
        status=row.status,
        status_label=row.status.label,
        attempts=row.attempts,
        created_at=row.created_at,
        sent_at=row.sent_at,
        next_attempt_at=row.next_attempt_at if row.status is OutboxStatus.PENDING else None,
        last_status_code=row.last_status_code,
        last_error=row.last_error,
        dead_cause=dead_cause,
    )


def case_forwarding(db: Database, case_no: str) -> list[EventForwarding]:
    """Each event of one case and how far it got to the online hall, in the order they go."""
    with db.reader() as s:
        rows = s.scalars(
            select(OutboxMessage).where(OutboxMessage.case_no == case_no).order_by(OutboxMessage.id)
        ).all()
        dead = [r for r in rows if r.status is OutboxStatus.DEAD]
        explained = _explain(s, dead, {}) if dead else {}
        return [
            _event_forwarding(r, explained[r.id].cause if r.id in explained else None) for r in rows
        ]


# --------------------------------------------------------------------------- dead letters


@dataclass(frozen=True)
class DeadLetter:
    message_id: int
    case_no: str
    event_type: str
    event_label: str
    data_version: int
    attempts: int
    created_at: datetime
    last_status_code: int | None
    last_error: str | None  # the online hall's answer as it came
    blocked_behind: int  # later events of the same case waiting behind it
    cause: str = ""  # why, in a few words
    advice: str = ""  # what happened and what the manager does, in plain Chinese

    @property
    def explanation(self) -> str:
        return f"{self.cause}。{self.advice}" if self.cause else (self.last_error or "")


def _explain(s: Any, rows: list[OutboxMessage], waiting: dict[str, int]) -> dict[int, Explanation]:
    """The explanation of each dead letter in `rows`, from its answer and what became of its case's
    application message here (sent: the online hall lost the case; discarded, with the manager's
    reason from the audit log: it never had it)."""
    cases = {r.case_no for r in rows}
    applications = s.execute(
        select(OutboxMessage.case_no, OutboxMessage.id, OutboxMessage.status).where(
            OutboxMessage.case_no.in_(cases), OutboxMessage.event_type == "application"
        )
    ).all()
    sent = {a.case_no for a in applications if a.status is OutboxStatus.SENT}
    discarded = {
        a.case_no: a.id
        for a in applications
        if a.status is OutboxStatus.DISCARDED and a.case_no not in sent
    }
    reasons: dict[str, str] = {}
    if discarded:
        entries = s.execute(
            select(AuditLog.entity_id, AuditLog.after)
            .where(
                AuditLog.entity == "outbox_message",
                AuditLog.action == "outbox.discard",
                AuditLog.entity_id.in_([str(i) for i in discarded.values()]),
            )
            .order_by(AuditLog.id)
        ).all()
        by_id = {entity_id: (after or {}).get("reason") for entity_id, after in entries}
        reasons = {c: by_id.get(str(i)) or "" for c, i in discarded.items()}
    explained = {}
    for r in rows:
        if r.case_no in sent:
            application = ApplicationAtDesk.SENT
        elif r.case_no in discarded:
            application = ApplicationAtDesk.DISCARDED
        else:
            application = ApplicationAtDesk.NONE
        explained[r.id] = explain_dead_letter(
            DeadLetterFacts(
                status_code=r.last_status_code,
                error_code=answer_code(r.last_error),
                application=application,
                application_discard_reason=reasons.get(r.case_no) or None,
                waiting_behind=waiting.get(r.case_no, 0),
            )
        )
    return explained


def list_dead_letters(db: Database) -> list[DeadLetter]:
    with db.reader() as s:
        rows = s.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.DEAD)
            .order_by(OutboxMessage.id)
        ).all()
        waiting = dict(
            s.execute(
                select(OutboxMessage.case_no, func.count())
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.case_no.in_({r.case_no for r in rows}),
                )
                .group_by(OutboxMessage.case_no)
            ).all()
        )
        explained = _explain(s, list(rows), waiting) if rows else {}
        return [
            DeadLetter(
                message_id=r.id,
                case_no=r.case_no,
                event_type=r.event_type,
                event_label=EVENT_TYPE_LABELS.get(r.event_type, r.event_type),
                data_version=r.data_version,
                attempts=r.attempts,
                created_at=r.created_at,
                last_status_code=r.last_status_code,
                last_error=r.last_error,
                blocked_behind=waiting.get(r.case_no, 0),
                cause=explained[r.id].cause,
                advice=explained[r.id].advice,
            )
            for r in rows
        ]


def _dead_letter_action(
    db: Database, actor: Actor, message_id: int, action: Action, reason: str | None
) -> EventForwarding:
    with db.session() as s:
        row = s.get(OutboxMessage, message_id, with_for_update=True)
        if row is None:
            raise NotFound("outbox.message_not_found", message_id=message_id)
        try:
            new_status = next_state(row.status, action)
        except TransitionRefused:
            raise Conflict(
                "outbox.cannot_act",
                status=row.status.label,
                action="重发" if action is Action.RETRY else "放弃",
            ) from None
        before = audit.snapshot(row, ["status", "attempts", "last_status_code", "last_error"])
        row.status = new_status
        if action is Action.RETRY:
            row.attempts = 0
            row.next_attempt_at = utcnow()
            row.claimed_by = None
            row.claimed_until = None
        after = audit.snapshot(row, ["status", "attempts"])
        after.update(case_no=row.case_no, event_type=row.event_type)
        if reason:
            after["reason"] = reason
        audit.record(
            s,
            actor,
            "outbox.retry" if action is Action.RETRY else "outbox.discard",
            "outbox_message",
            row.id,
            before=before,
            after=after,
        )
        s.flush()
        return _event_forwarding(row)


@allowed(Role.MANAGER, Role.ADMIN)
def retry_dead_letter(db: Database, actor: Actor, message_id: int) -> EventForwarding:
    """Send a dead letter again (after the cause was fixed at the online hall's end)."""
    return _dead_letter_action(db, actor, message_id, Action.RETRY, None)


@allowed(Role.MANAGER, Role.ADMIN)
def discard_dead_letter(
    db: Database, actor: Actor, message_id: int, reason: str
) -> EventForwarding:
    """Give a dead letter up; the events behind it in its case then go on."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("outbox.discard_reason_required", field="reason")
    return _dead_letter_action(db, actor, message_id, Action.DISCARD, reason)


@dataclass(frozen=True)
class Backlog:
    """What is left in the outbox, for `halldesk forward --until-idle`."""

    pending: int  # waiting to be sent
    blocked: int  # of those, held behind a dead letter of their case: they wait for a person
    dead: int

    @property
    def sendable(self) -> int:
        """Pending messages a sender can still deliver without anyone acting."""
        return self.pending - self.blocked


def forwarding_backlog(db: Database) -> Backlog:
    earlier = aliased(OutboxMessage)
    behind_a_dead_letter = exists().where(
        earlier.case_no == OutboxMessage.case_no,
        earlier.id < OutboxMessage.id,
        earlier.status == OutboxStatus.DEAD,
    )
    with db.reader() as s:
        counts = dict(
            s.execute(
                select(OutboxMessage.status, func.count())
                .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.DEAD]))
                .group_by(OutboxMessage.status)
            ).all()
        )
        blocked = s.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING, behind_a_dead_letter)
        )
    return Backlog(
        pending=counts.get(OutboxStatus.PENDING, 0),
        blocked=blocked or 0,
        dead=counts.get(OutboxStatus.DEAD, 0),
    )


# --------------------------------------------------------------------------- stopped senders


@allowed(Role.MANAGER, Role.ADMIN)
def request_resume(db: Database, actor: Actor, node_name: str | None = None) -> int:
    """Ask stopped senders (all, or one) to try again, after the secret or the clock was fixed.
    Returns how many were asked."""
    now = utcnow()
    with db.session() as s:
        query = select(ForwardingNode).where(ForwardingNode.state == LineState.STOPPED.value)
        if node_name:
            query = query.where(ForwardingNode.name == node_name)
        nodes = s.scalars(query).all()
        for node in nodes:
            node.resume_requested_at = now
        audit.record(
            s,
            actor,
            "forwarding.resume",
            "forwarding_node",
            node_name,
            after={"nodes": [n.name for n in nodes]},
        )
        return len(nodes)


# --------------------------------------------------------------------------- changes made online


@dataclass(frozen=True)
class OnlineChangeInfo:
    id: int
    remote_id: str
    case_no: str
    kind: str
    kind_label: str
    payload: dict[str, Any]
    remote_at: datetime | None
    received_at: datetime
    applied_at: datetime | None


CHANGE_KIND_LABELS = {
    "completed_online": "已在网上办结",
    "supplement_uploaded": "申请人已在网上补正材料",
    "withdrawn_online": "申请人已在网上撤回",
    "rated_online": "申请人已在网上评价",
    "other": "网上变更",
}


def _change_info(row: OnlineChange) -> OnlineChangeInfo:
    return OnlineChangeInfo(
        id=row.id,
        remote_id=row.remote_id,
        case_no=row.case_no,
        kind=row.kind,
        kind_label=CHANGE_KIND_LABELS.get(row.kind, row.kind),
        payload=dict(row.payload),
        remote_at=row.remote_at,
        received_at=row.received_at,
        applied_at=row.applied_at,
    )


def list_online_changes(
    db: Database, *, case_no: str | None = None, unapplied_only: bool = True, limit: int = 200
) -> list[OnlineChangeInfo]:
    with db.reader() as s:
        query = select(OnlineChange).order_by(OnlineChange.id.desc()).limit(limit)
        if case_no:
            query = query.where(OnlineChange.case_no == case_no)
        if unapplied_only:
            query = query.where(OnlineChange.applied_at.is_(None))
        return [_change_info(r) for r in s.scalars(query)]


@allowed(Role.CLERK, Role.MANAGER)
def acknowledge_online_change(db: Database, actor: Actor, change_id: int) -> OnlineChangeInfo:
    """A clerk or manager has seen a change made online and dealt with it at the desk."""
    with db.session() as s:
        row = s.get(OnlineChange, change_id, with_for_update=True)
        if row is None:
            raise NotFound("online_change.not_found", change_id=change_id)
        if row.applied_at is not None:
            raise Conflict("online_change.already_acknowledged")
        row.applied_at = utcnow()
        row.applied_by = actor.user_id
        audit.record(
            s,
            actor,
            "online_change.apply",
            "online_change",
            row.id,
            after={"case_no": row.case_no, "kind": row.kind, "remote_id": row.remote_id},
        )
        s.flush()
        return _change_info(row)
