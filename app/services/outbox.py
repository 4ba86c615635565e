"""The transactional outbox for the online hall: case services call :func:`enqueue_case_event` in
their own transaction, so a case change and its message commit or roll back together. A sender
(app/forwarding/sender.py) delivers the messages later, in order per case.

The payload is built here, once, from the case as it is at the moment of the change, and never
rebuilt: a retry sends the same bytes with the same idempotency key.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.clock import utcnow
from app.db.models import Case, OutboxMessage
from app.domain.codes import OutboxStatus
from app.domain.extensions import EXTENSION, SPECIAL_PROCEDURES, procedure_label
from app.domain.json_values import json_value

# The event types of the contract (docs/online-hall-openapi.yaml, `EventType`).
EVENT_TYPES = (
    "application",
    "acceptance",
    "supplement_request",
    "rejection",
    "process_step",
    "completion",
    "delivery",
    "rating",
)

# GB/T 39046 data sets, as the columns of `service_case` that hold them.
CASE_FIELDS = (
    "case_no",
    "item_code",
    "item_name",
    "case_type",
    "status",
    "source",
    "region_code",
)
APPLICATION_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "applicant_id_type",
    "applicant_id_number",
    "agent_name",
    "agent_id_type",
    "agent_id_number",
    "contact_mobile",
    "postcode",
    "address",
    "legal_representative",
    "applied_at",
)
MATERIAL_FIELDS = ("name", "required", "received", "receive_mode", "count", "received_at")
MATERIAL_EXTRA = ("gap_committed",)
ACCEPTANCE_FIELDS = (
    "accepted_at",
    "accepting_unit_name",
    "accepting_unit_uscc",
    "notice_no",
    "with_gaps",
    "legal_due_date",
    "promised_date",
)
SUPPLEMENT_FIELDS = ("supplement_requested_at", "supplement_due_date")
REJECTION_FIELDS = ("rejection_reason", "competent_body", "decision_basis", "review_body", "court")
COMPLETION_FIELDS = (
    "completed_at",
    "completion_handler",
    "completion_result",
    "certificate_name",
    "certificate_no",
    "result_mailed",
    "fee_amount",
    # a denial's reason, basis and remedies (empty for a grant)
    "denial_reason",
    "decision_basis",
    "review_body",
    "court",
)
DELIVERY_FIELDS = ("delivered_at", "delivery_method", "delivery_note")
STEP_FIELDS = (
    "step_name",
    "action",
    "handler",
    "opinion",
    "special_procedure",
    "started_at",
    "ended_at",
)


# 特别程序 (an extension, §42, or a §45 procedure), sent with the process step that begins or ends
# it: what the applicant was told in writing, and the deadlines as they now stand.
SPECIAL_PROCEDURE_ACTIONS = ("extend", "begin_special", "end_special")


class UnknownEventType(ValueError):
    pass


def _pick(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: json_value(getattr(obj, name)) for name in fields}


def _materials(case: Case) -> list[dict[str, Any]]:
    return [_pick(m, MATERIAL_FIELDS + MATERIAL_EXTRA) for m in case.materials]


def case_event_data(case: Case, event_type: str) -> dict[str, Any]:
    """The data sets a given event carries. Every event names the case (`case`); the rest depends
    on what the event is about, so the online hall can apply it on its own."""
    data: dict[str, Any] = {"case": _pick(case, CASE_FIELDS)}
    if event_type == "application":
        data["application"] = _pick(case, APPLICATION_FIELDS)
        data["materials"] = _materials(case)
    elif event_type == "acceptance":
        data["acceptance"] = _pick(case, ACCEPTANCE_FIELDS)
        data["materials"] = _materials(case)
    elif event_type == "supplement_request":
        data["supplement"] = _pick(case, SUPPLEMENT_FIELDS)
        data["materials"] = _materials(case)
    elif event_type == "rejection":
        data["rejection"] = _pick(case, REJECTION_FIELDS)
    elif event_type == "process_step":
        data["process"] = _pick(case.steps[-1], STEP_FIELDS) if case.steps else None
    elif event_type == "completion":
        data["completion"] = _pick(case, COMPLETION_FIELDS)
    elif event_type == "delivery":
        data["delivery"] = _pick(case, DELIVERY_FIELDS)
    elif event_type == "rating":
        data["evaluation"] = None  # given by the caller in `detail` (score, reasons, rated_at)
    else:  # pragma: no cover - guarded by enqueue_case_event
        raise UnknownEventType(event_type)
    return data


def special_procedure_data(case: Case, action: str | None) -> dict[str, Any] | None:
    """The `special_procedure` data set of an extension's or a special procedure's event: the
    kind, when, how long (working days), the reason, the approver of an extension, and the legal
    deadline and promised date as they stand after the change. None for other events."""
    if action not in SPECIAL_PROCEDURE_ACTIONS:
        return None
    extension = action == "extend"
    steps = [
        s
        for s in case.steps
        if (s.special_procedure == EXTENSION) == extension
        and (extension or s.special_procedure in SPECIAL_PROCEDURES)
    ]
    if not steps:
        return None
    step = steps[-1]
    return {
        "kind": step.special_procedure,
        "kind_label": procedure_label(step.special_procedure),
        "started_at": json_value(step.started_at),
        "ended_at": json_value(step.ended_at),
        "time_limit": case.extension_days if extension else step.expected_working_days,
        "time_limit_unit": "working_day",
        "expected_end": None if extension else json_value(step.expected_end),
        "reason": case.extension_reason if extension else step.opinion,
        "approver": case.extension_approver if extension else None,
        "approver_title": case.extension_approver_title if extension else None,
        "legal_due_date": json_value(case.legal_due_date),
        "promised_date": json_value(case.promised_date),
    }


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def enqueue_case_event(
    session: Session,
    case: Case,
    event_type: str,
    *,
    at: datetime | None = None,
    detail: dict | None = None,
) -> OutboxMessage:
    """Add a message for `event_type` of `case` to the outbox in the caller's transaction.

    `at` is when the event happened (default now); `detail` carries what the case row does not
    hold (the missing materials of a supplement request, the step of a process event, the score of
    a rating). Nothing is committed here.
    """
    if event_type not in EVENT_TYPES:
        raise UnknownEventType(
            f"unknown online-hall event type {event_type!r}; one of {', '.join(EVENT_TYPES)}"
        )
    if not case.case_no:
        raise ValueError("the case has no case number yet; assign it before enqueueing")
    if case.id is None:
        session.flush()  # the case's id, so the message can refer to it
    now = utcnow()
    occurred_at = at or now
    payload: dict[str, Any] = {
        "occurred_at": json_value(occurred_at),
        "data": case_event_data(case, event_type),
        "detail": json_value(detail) if detail is not None else None,
    }
    if event_type == "rating" and detail is not None:
        payload["data"]["evaluation"] = json_value(detail)
    if event_type == "process_step" and detail is not None:
        special = special_procedure_data(case, detail.get("action"))
        if special is not None:
            payload["data"]["special_procedure"] = special
    message = OutboxMessage(
        case_id=case.id,
        case_no=case.case_no,
        event_type=event_type,
        idempotency_key=new_idempotency_key(),
        data_version=case.data_version or 1,
        payload=payload,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    return message
