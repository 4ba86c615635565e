"""Case intake at the window and everything that happens to a case afterwards.

Each function is one clerk action and one transaction: the case change, its `CaseEvent`s, an audit
entry and the online-hall outbox messages (`app.services.outbox.enqueue_case_event`) commit or roll
back together. Functions take plain arguments and return `CaseDetail` (plain, frozen), never ORM
objects.

Intake decisions (行政许可法 §32), each creating the case (event "application") and deciding it:
- `accept` — 受理; with gaps (容缺受理) when required materials are marked as committed, which
  needs the signed commitment text and a date;
- `request_supplements` — 一次性告知: the case waits (needs_supplement), listing every missing
  required material and every material received but defective (不符合要求, with what is wrong),
  and the applicant's deadline; `supplements_received` later accepts the case from that day, but
  not after the deadline: then the clerk accepts the supplements as a new application
  (`accept_anew`: a new case received and accepted today, the old one ended) or ends the
  application (`terminate`, 终止, with a notice). `reject_received` refuses a waiting case;
- `reject` — 不予受理 with the reason and, where there is one, the competent body;
- `complete_on_spot` — instant items (即办件) accepted and completed at the window;
- `receive` — 收件: the materials are taken in and the case waits (received) for the office's
  decision, due within 5 working days of receipt (app.domain.intake_deadlines): `accept_received`,
  `request_supplements_received` or `reject_received`. Past that day the application counts as
  accepted from receipt (视为受理): `apply_deemed_acceptance` records it for every such case (each
  desk program runs it at start and every few minutes, the manager's supervision before it reads;
  it is the law's effect, not a decision anyone makes), and `accept_received` records it so too.

Case numbers come from a pluggable `CaseNumberRule` (app.domain.case_numbers; default: hall code +
YYYYMMDD + 4-digit daily sequence from `daily_sequence`, incremented inside the transaction: never
shared, even by two PCs at the same instant). The query PIN is 6 random digits from `secrets`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    CaseDraft,
    CaseEvent,
    CaseMaterial,
    CaseStep,
    Counter,
    Hall,
    ServiceItem,
    Ticket,
    User,
)
from app.domain.case import ACTION_LABELS, EVENT_TYPE, FINAL, CaseAction, next_status
from app.domain.case_numbers import CaseNumberRule, rule_named
from app.domain.codes import (
    CaseSource,
    CaseStatus,
    CaseType,
    CompletionResult,
    DeliveryMethod,
    MaterialReceiveMode,
    Role,
)
from app.domain.decisions import RejectionGround, Wording, check_legal_basis, wording
from app.domain.extensions import (
    EXPECTED_DAYS_MAX,
    EXTENSION,
    EXTENSION_LABEL,
    SPECIAL_PROCEDURES,
    check_extension,
    procedures_text,
    running_deadline,
)
from app.domain.intake_deadlines import decision_due_date, past
from app.domain.json_values import json_value
from app.domain.privacy import mask_id_number, mask_mobile
from app.domain.text import check_text
from app.domain.validation import compact, normalize_mobile
from app.domain.workdays import (
    STATUTORY_LIMIT_DAYS,
    WorkCalendar,
    case_due_date,
    paused_days,
)
from app.errors import Conflict, NotFound, ValidationError
from app.services import audit, departments
from app.services.access import allowed
from app.services.applicants import (
    AgentInput,
    ApplicantInput,
    check_agent,
    check_applicant,
    upsert_applicant,
)
from app.services.calendar import load_calendar
from app.services.case_changes import announce, check_version
from app.services.context import Actor, Unattended
from app.services.hall import find_hall, require_hall

STEP_ACTIONS = {"pass": "通过", "return": "退回", "other": "其他"}
PIN_DIGITS = 6


def new_query_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class MaterialInput:
    """One line of the materials checklist as the clerk ticked it."""

    name: str
    material_id: int | None = None
    required: bool = True
    requirement: str | None = None
    originals: int = 0
    copies: int = 0
    received: bool = False
    mode: str | None = None  # MaterialReceiveMode value
    count: int = 0
    gap_committed: bool = False  # 容缺: to be handed in later, against the commitment
    note: str | None = None
    gap_eligible: bool = False  # the catalog allows this one to be 容缺
    gap_due_date: date | None = None  # 容缺: due by (default: the form's 补交期限)
    defect: str | None = None  # received but 不符合要求: what is wrong (to be corrected)


@dataclass(frozen=True)
class IntakeInput:
    service_item_id: int | None
    applicant: ApplicantInput
    agent: AgentInput | None = None
    materials: tuple[MaterialInput, ...] = ()
    ticket_id: int | None = None
    counter_id: int | None = None
    draft_id: int | None = None  # deleted in the decision's transaction


@dataclass(frozen=True)
class ReceivedMaterial:
    """A supplement handed in later: which case material, how, how many."""

    case_material_id: int
    mode: str = MaterialReceiveMode.ORIGINAL.value
    count: int = 1


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CaseMaterialInfo:
    id: int
    position: int
    name: str
    required: bool
    requirement: str | None
    received: bool
    receive_mode: MaterialReceiveMode | None
    count: int
    received_at: datetime | None
    gap_committed: bool
    note: str | None
    gap_due_date: date | None = None
    defect: str | None = None  # received but 不符合要求: what is wrong

    @property
    def outstanding_gap(self) -> bool:
        """容缺, not handed in yet."""
        return self.gap_committed and not self.received

    @property
    def receive_mode_label(self) -> str:
        return self.receive_mode.label if self.receive_mode else ""

    @property
    def missing(self) -> bool:
        return self.required and not self.received and not self.gap_committed

    @property
    def defective(self) -> bool:
        return self.received and bool(self.defect)


@dataclass(frozen=True)
class CaseStepInfo:
    id: int
    step_name: str
    action: str
    handler: str
    opinion: str | None
    special_procedure: str | None
    started_at: datetime
    ended_at: datetime | None
    # a special procedure (§45): how long it was expected to take, as the applicant was told
    expected_working_days: int | None = None
    expected_end: date | None = None

    @property
    def procedure_label(self) -> str:
        return SPECIAL_PROCEDURES.get(self.special_procedure or "", "")


@dataclass(frozen=True)
class CaseEventInfo:
    id: int
    event_type: str
    at: datetime
    from_status: CaseStatus | None
    to_status: CaseStatus
    username: str | None
    data_version: int
    detail: dict[str, Any] | None

    @property
    def label(self) -> str:
        action = (self.detail or {}).get("action")
        try:
            return ACTION_LABELS[CaseAction(action)]
        except ValueError:
            return self.event_type


@dataclass(frozen=True)
class CaseDetail:
    """A case as services return it: everything the notices, receipts and the case view show."""

    id: int
    case_no: str
    query_pin: str
    status: CaseStatus
    case_type: CaseType
    source: CaseSource
    # the item
    service_item_id: int
    item_code: str
    item_name: str
    department: str | None
    item_type: str
    consult_phone: str | None
    supervise_phone: str | None
    item_fee: str | None
    legal_limit_days: int
    promised_limit_days: int
    # the hall and the window
    hall_code: str
    hall_name: str
    hall_address: str | None
    accepting_unit_name: str | None
    accepting_unit_uscc: str | None
    region_code: str | None
    ticket_id: int | None
    ticket_number: str | None
    counter_id: int | None
    counter_number: int | None
    clerk_id: int | None
    clerk_name: str | None
    # the application
    applicant_id: int | None
    applicant_kind: str
    applicant_name: str
    applicant_id_type: str
    applicant_id_number: str
    legal_representative: str | None
    agent_name: str | None
    agent_id_type: str | None
    agent_id_number: str | None
    contact_mobile: str | None
    postcode: str | None
    address: str | None
    applied_at: datetime
    # acceptance
    accepted_at: datetime | None
    notice_no: str | None
    with_gaps: bool
    gap_commitment: str | None
    gap_due_date: date | None
    legal_due_date: date | None
    promised_date: date | None
    calendar_warning: str | None
    clock_paused_since: date | None
    paused_working_days: int
    extension_days: int
    extension_reason: str | None
    # supplement and rejection
    supplement_requested_at: datetime | None
    supplement_due_date: date | None
    supplement_received_at: datetime | None
    rejection_reason: str | None
    competent_body: str | None
    # a rejection's or denial's clause and the remedies printed with it
    decision_basis: str | None
    denial_reason: str | None
    review_body: str | None
    court: str | None
    # completion and delivery
    completed_at: datetime | None
    completion_handler: str | None
    completion_result: CompletionResult | None
    certificate_name: str | None
    certificate_no: str | None
    fee_amount: Decimal | None
    result_mailed: bool
    delivered_at: datetime | None
    delivery_method: DeliveryMethod | None
    delivery_note: str | None
    data_version: int
    materials: tuple[CaseMaterialInfo, ...] = ()
    steps: tuple[CaseStepInfo, ...] = ()
    events: tuple[CaseEventInfo, ...] = field(default=())
    # 收件: the office's decision is due by this day, else accepted from receipt (deemed)
    decision_due_date: date | None = None
    deemed_accepted: bool = False
    # 终止; a late application accepted anew: the old case's number on the new, and back
    terminated_at: datetime | None = None
    termination_reason: str | None = None
    previous_case_no: str | None = None
    renewed_as: str | None = None
    # §42: the item's extension days (0: none allowed) and who approved this case's extension
    extension_limit_days: int = 0
    extension_approver: str | None = None
    extension_approver_title: str | None = None

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def wording(self) -> Wording:
        """How this item's results read (准予行政许可, 准予登记, 已办理 …)."""
        return wording(self.item_type, self.item_name)

    @property
    def result_label(self) -> str | None:
        if self.completion_result is None:
            return None
        return self.wording.result(self.completion_result == CompletionResult.GRANTED)

    @property
    def completed_on_spot(self) -> bool:
        """Accepted and completed in one go at the window (即办件当场办结: one transaction, one
        moment; only an instant item can be)."""
        return (
            self.case_type == CaseType.INSTANT
            and self.completed_at is not None
            and self.completed_at == self.accepted_at
        )

    @property
    def applicant_id_number_masked(self) -> str:
        return mask_id_number(self.applicant_id_number)

    @property
    def agent_id_number_masked(self) -> str:
        return mask_id_number(self.agent_id_number)

    @property
    def received_materials(self) -> tuple[CaseMaterialInfo, ...]:
        return tuple(m for m in self.materials if m.received)

    @property
    def missing_materials(self) -> tuple[CaseMaterialInfo, ...]:
        """Required, not received and not covered by the 容缺 commitment: the supplement list."""
        return tuple(m for m in self.materials if m.missing)

    @property
    def gap_materials(self) -> tuple[CaseMaterialInfo, ...]:
        return tuple(m for m in self.materials if m.gap_committed and not m.received)

    @property
    def defective_materials(self) -> tuple[CaseMaterialInfo, ...]:
        """Received but 不符合要求: listed on the supplement notice, each with what is wrong."""
        return tuple(m for m in self.materials if m.defective)

    @property
    def to_supplement(self) -> tuple[CaseMaterialInfo, ...]:
        """Everything a supplement notice asks for: the missing, then the defective."""
        return self.missing_materials + self.defective_materials

    @property
    def special_step(self) -> CaseStepInfo | None:
        """The special procedure (§45) under way, or None."""
        running = [
            s
            for s in self.steps
            if s.special_procedure in SPECIAL_PROCEDURES and s.ended_at is None
        ]
        return running[-1] if running else None

    def latest_event(self, action: CaseAction) -> CaseEventInfo | None:
        for event in reversed(self.events):
            if (event.detail or {}).get("action") == action.value:
                return event
        return None


@dataclass(frozen=True)
class CaseBrief:
    """A row of a case list: ID number and phone masked."""

    id: int
    case_no: str
    status: CaseStatus
    item_name: str
    applicant_name: str
    applicant_id_number_masked: str
    contact_mobile_masked: str
    applied_at: datetime
    promised_date: date | None


@dataclass(frozen=True)
class DueDatePreview:
    accepted_on: date
    promised_date: date
    legal_due_date: date
    warning: str | None


@dataclass(frozen=True)
class DraftInfo:
    id: int | None  # None: a draft kept on this PC that never reached the database
    user_id: int
    counter_id: int | None
    ticket_id: int | None
    data: dict[str, Any]
    updated_at: datetime
    from_this_pc: bool = False  # kept on this PC while the database was away (draft_spool)


# --------------------------------------------------------------------------- reading


def _detail(session: Session, case: Case) -> CaseDetail:
    item = session.get(ServiceItem, case.service_item_id)
    hall = session.get(Hall, case.hall_id)
    counter = session.get(Counter, case.counter_id) if case.counter_id else None
    ticket_number = None
    if case.ticket_id:
        ticket_number = session.scalar(select(Ticket.number).where(Ticket.id == case.ticket_id))
    user_ids = {e.user_id for e in case.events if e.user_id} | {case.clerk_id} - {None}
    usernames = (
        dict(session.execute(select(User.id, User.full_name).where(User.id.in_(user_ids))).all())
        if user_ids
        else {}
    )
    assert item is not None and hall is not None
    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        query_pin=case.query_pin,
        status=case.status,
        case_type=case.case_type,
        source=case.source,
        service_item_id=case.service_item_id,
        item_code=case.item_code,
        item_name=case.item_name,
        department=item.department,
        item_type=item.item_type,
        consult_phone=item.consult_phone,
        supervise_phone=item.supervise_phone or hall.supervise_phone,
        item_fee=item.fee,
        legal_limit_days=item.legal_limit_days,
        promised_limit_days=item.promised_limit_days,
        hall_code=hall.code,
        hall_name=hall.name,
        hall_address=hall.address,
        accepting_unit_name=case.accepting_unit_name,
        accepting_unit_uscc=case.accepting_unit_uscc,
        region_code=case.region_code,
        ticket_id=case.ticket_id,
        ticket_number=ticket_number,
        counter_id=case.counter_id,
        counter_number=counter.number if counter else None,
        clerk_id=case.clerk_id,
        clerk_name=usernames.get(case.clerk_id) if case.clerk_id else None,
        applicant_id=case.applicant_id,
        applicant_kind=case.applicant_kind,
        applicant_name=case.applicant_name,
        applicant_id_type=case.applicant_id_type,
        applicant_id_number=case.applicant_id_number,
        legal_representative=case.legal_representative,
        agent_name=case.agent_name,
        agent_id_type=case.agent_id_type,
        agent_id_number=case.agent_id_number,
        contact_mobile=case.contact_mobile,
        postcode=case.postcode,
        address=case.address,
        applied_at=case.applied_at,
        accepted_at=case.accepted_at,
        notice_no=case.notice_no,
        with_gaps=case.with_gaps,
        gap_commitment=case.gap_commitment,
        gap_due_date=case.gap_due_date,
        legal_due_date=case.legal_due_date,
        promised_date=case.promised_date,
        calendar_warning=case.calendar_warning,
        clock_paused_since=case.clock_paused_since,
        paused_working_days=case.paused_working_days,
        extension_days=case.extension_days,
        extension_reason=case.extension_reason,
        supplement_requested_at=case.supplement_requested_at,
        supplement_due_date=case.supplement_due_date,
        supplement_received_at=case.supplement_received_at,
        rejection_reason=case.rejection_reason,
        competent_body=case.competent_body,
        decision_basis=case.decision_basis,
        denial_reason=case.denial_reason,
        review_body=case.review_body,
        court=case.court,
        completed_at=case.completed_at,
        completion_handler=case.completion_handler,
        completion_result=case.completion_result,
        certificate_name=case.certificate_name,
        certificate_no=case.certificate_no,
        fee_amount=case.fee_amount,
        result_mailed=case.result_mailed,
        delivered_at=case.delivered_at,
        delivery_method=case.delivery_method,
        delivery_note=case.delivery_note,
        data_version=case.data_version,
        extension_limit_days=item.extension_limit_days,
        extension_approver=case.extension_approver,
        extension_approver_title=case.extension_approver_title,
        materials=tuple(
            CaseMaterialInfo(
                m.id,
                m.position,
                m.name,
                m.required,
                m.requirement,
                m.received,
                m.receive_mode,
                m.count,
                m.received_at,
                m.gap_committed,
                m.note,
                m.gap_due_date,
                m.defect,
            )
            for m in case.materials
        ),
        steps=tuple(
            CaseStepInfo(
                s.id,
                s.step_name,
                s.action,
                s.handler,
                s.opinion,
                s.special_procedure,
                s.started_at,
                s.ended_at,
                s.expected_working_days,
                s.expected_end,
            )
            for s in case.steps
        ),
        events=tuple(
            CaseEventInfo(
                e.id,
                e.event_type,
                e.at,
                e.from_status,
                e.to_status,
                usernames.get(e.user_id) if e.user_id else None,
                e.data_version,
                e.detail,
            )
            for e in case.events
        ),
        decision_due_date=case.decision_due_date,
        deemed_accepted=case.deemed_accepted,
        terminated_at=case.terminated_at,
        termination_reason=case.termination_reason,
        previous_case_no=(
            session.scalar(select(Case.case_no).where(Case.id == case.previous_case_id))
            if case.previous_case_id
            else None
        ),
        renewed_as=session.scalar(
            select(Case.case_no).where(Case.previous_case_id == case.id).limit(1)
        )
        if case.status == CaseStatus.TERMINATED
        else None,
    )


def _case_query():
    return select(Case).options(
        selectinload(Case.materials), selectinload(Case.steps), selectinload(Case.events)
    )


def get_case(db: Database, case_id: int) -> CaseDetail:
    with db.reader() as session:
        case = session.scalars(_case_query().where(Case.id == case_id)).one_or_none()
        if case is None:
            raise NotFound("找不到该办件，请核对后重新查询")
        return _detail(session, case)


def find_case(db: Database, case_no: str) -> CaseDetail | None:
    """By case number as a barcode scanner types it (spaces and case ignored)."""
    number = compact(case_no)
    if not number:
        return None
    with db.reader() as session:
        case = session.scalars(_case_query().where(Case.case_no == number)).one_or_none()
        return _detail(session, case) if case is not None else None


def search_cases(
    db: Database,
    *,
    case_no: str | None = None,
    id_number: str | None = None,
    name_prefix: str | None = None,
    mobile: str | None = None,
    service_item_id: int | None = None,
    status: CaseStatus | None = None,
    applied_from: datetime | None = None,
    applied_to: datetime | None = None,
    limit: int = 200,
) -> list[CaseBrief]:
    """Cases matching every given criterion, newest first."""
    query = select(
        Case.id,
        Case.case_no,
        Case.status,
        Case.item_name,
        Case.applicant_name,
        Case.applicant_id_number,
        Case.contact_mobile,
        Case.applied_at,
        Case.promised_date,
    )
    if case_no:
        query = query.where(Case.case_no == compact(case_no))
    if id_number:
        query = query.where(Case.applicant_id_number == compact(id_number))
    if name_prefix and name_prefix.strip():
        prefix = name_prefix.strip()
        if db.backend == "postgresql":
            # LIKE 'prefix%' on the varchar_pattern_ops index
            query = query.where(Case.applicant_name.startswith(prefix, autoescape=True))
        else:
            # SQLite's LIKE is case-insensitive and skips the index; a range uses it.
            query = query.where(
                Case.applicant_name >= prefix,
                Case.applicant_name < prefix[:-1] + chr(ord(prefix[-1]) + 1),
            )
    if mobile:
        try:  # stored as the form stores it: 11 digits, or E.164 for other regions
            stored = normalize_mobile(mobile)
        except ValidationError:
            stored = compact(mobile).removeprefix("+86")
        query = query.where(Case.contact_mobile == stored)
    if service_item_id:
        query = query.where(Case.service_item_id == service_item_id)
    if status:
        query = query.where(Case.status == status)
    if applied_from:
        query = query.where(Case.applied_at >= applied_from)
    if applied_to:
        query = query.where(Case.applied_at < applied_to)
    query = query.order_by(Case.applied_at.desc(), Case.id.desc()).limit(limit)
    with db.reader() as session:
        return [
            CaseBrief(
                r.id,
                r.case_no,
                r.status,
                r.item_name,
                r.applicant_name,
                mask_id_number(r.applicant_id_number),
                mask_mobile(r.contact_mobile),
                r.applied_at,
                r.promised_date,
            )
            for r in session.execute(query)
        ]


def checklist(db: Database, service_item_id: int) -> tuple[MaterialInput, ...]:
    """The materials checklist of an item, nothing received yet."""
    with db.reader() as session:
        item = session.get(ServiceItem, service_item_id)
        if item is None:
            raise NotFound("该事项不存在，请重新选择", field="service_item")
        return tuple(
            MaterialInput(
                name=m.name,
                material_id=m.id,
                required=m.required,
                requirement=m.requirement,
                originals=m.originals,
                copies=m.copies,
                gap_eligible=m.gap_eligible,
            )
            for m in item.materials
        )


def _limits(item: ServiceItem) -> tuple[int, int]:
    """(legal, promised) working days. A promised item without a legal limit gets the statutory
    20 days (行政许可法 §42)."""
    if item.case_type == CaseType.INSTANT:
        return item.legal_limit_days, item.promised_limit_days
    legal = item.legal_limit_days or STATUTORY_LIMIT_DAYS
    return legal, min(item.promised_limit_days or legal, legal)


def preview_due_dates(
    db: Database, service_item_id: int, *, now: datetime | None = None
) -> DueDatePreview:
    """What the promised date would be if the case were accepted now (shown on the form)."""
    now = now or utcnow()
    with db.reader() as session:
        item = session.get(ServiceItem, service_item_id)
        if item is None:
            raise NotFound("该事项不存在，请重新选择", field="service_item")
        hall = _hall(session, None)
        today = local_date(now, hall.timezone)
        calendar = load_calendar(session)
        legal, promised = _limits(item)
        promised_due = case_due_date(calendar, today, promised)
        legal_due = case_due_date(calendar, today, legal)
    warnings = dict.fromkeys(promised_due.warnings + legal_due.warnings)
    return DueDatePreview(today, promised_due.day, legal_due.day, "\n".join(warnings) or None)


# --------------------------------------------------------------------------- writing helpers


def _hall(session: Session, counter: Counter | None) -> Hall:
    if counter is None:
        return require_hall(session)
    return session.get_one(Hall, counter.hall_id)


def _next_sequence(session: Session, scope: str, day: date) -> int:
    # The same single-statement increment the queue uses for ticket numbers.
    from app.services.queue import next_daily_value

    return next_daily_value(session, scope, day)


def _event(
    session: Session,
    case: Case,
    action: CaseAction,
    from_status: CaseStatus | None,
    actor: Actor,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    from app.services.outbox import enqueue_case_event

    detail = json_value({"action": action.value, **(detail or {})})
    # Kept on the case in memory too, so the result is built without reading it back.
    case.events.append(
        CaseEvent(
            case_id=case.id,
            event_type=EVENT_TYPE[action],
            at=now,
            from_status=from_status,
            to_status=case.status,
            user_id=actor.user_id,
            counter_id=case.counter_id,
            data_version=case.data_version,
            detail=detail,
        )
    )
    enqueue_case_event(session, case, EVENT_TYPE[action], at=now, detail=detail)


def _move(
    session: Session,
    case: Case,
    action: CaseAction,
    actor: Actor,
    now: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """Apply one transition of the state machine and record it (event + outbox)."""
    before = case.status
    case.status = next_status(before, action)
    case.data_version += 1
    case.updated_at = now
    _event(
        session, case, action, None if action == CaseAction.RECEIVE else before, actor, now, detail
    )


def _audit(session: Session, actor: Actor, action: str, case: Case, **extra: Any) -> None:
    audit.record(
        session,
        actor,
        action,
        "service_case",
        case.case_no,
        after={"status": case.status, "item_code": case.item_code, **extra},
    )


def _set_due_dates(case: Case, item: ServiceItem, calendar: WorkCalendar, accepted_on: date):
    legal, promised = _limits(item)
    kwargs = {
        "extension_days": case.extension_days,
        "paused_working_days": case.paused_working_days,
    }
    promised_due = case_due_date(calendar, accepted_on, promised, **kwargs)
    legal_due = case_due_date(calendar, accepted_on, legal, **kwargs)
    case.promised_date = promised_due.day
    case.legal_due_date = legal_due.day
    warnings = dict.fromkeys(promised_due.warnings + legal_due.warnings)
    case.calendar_warning = "\n".join(warnings) or None


def _check_materials(inputs: Sequence[MaterialInput], item: ServiceItem) -> list[MaterialInput]:
    by_id = {m.id: m for m in item.materials}
    out = []
    for i, m in enumerate(inputs):
        if m.material_id is not None and m.material_id not in by_id:
            raise ValidationError(
                f"材料“{m.name}”不属于事项“{item.name}”；请重新选择事项后勾选材料",
                field="materials",
            )
        if m.received:
            try:
                MaterialReceiveMode(m.mode or MaterialReceiveMode.ORIGINAL.value)
            except ValueError:
                raise ValidationError(
                    f"第 {i + 1} 项材料“{m.name}”的收取方式不对；请选原件、复印件或电子件",
                    field="materials",
                ) from None
            if not 1 <= m.count <= 999:
                raise ValidationError(
                    f"第 {i + 1} 项材料“{m.name}”已收，份数应为 1–999", field="materials"
                )
        _check_defect(i, m)
        out.append(_material_text(m, i))
    # Every catalog material appears on the case, ticked or not, so the notices list them all.
    listed = {m.material_id for m in out if m.material_id is not None}
    for material in item.materials:
        if material.id not in listed:
            out.append(
                MaterialInput(
                    name=material.name,
                    material_id=material.id,
                    required=material.required,
                    requirement=material.requirement,
                )
            )
    return out


DEFECT_MAX = 200


def _check_defect(i: int, m: MaterialInput) -> None:
    """What is wrong with a material goes with a material received (it is kept to be corrected)."""
    defect = (m.defect or "").strip()
    if not defect:
        return
    if not m.received:
        raise ValidationError(
            f"第 {i + 1} 项材料“{m.name}”标为不符合要求，但未勾选已收：未交的材料按缺少告知补正",
            field="materials",
        )
    if len(defect) > DEFECT_MAX:
        raise ValidationError(
            f"第 {i + 1} 项材料“{m.name}”的问题说明最多 {DEFECT_MAX} 个字", field="materials"
        )


def _defective(m: MaterialInput) -> bool:
    return m.received and bool((m.defect or "").strip())


def _material_text(m: MaterialInput, i: int) -> MaterialInput:
    """A material's name and note as typed (the name comes from the catalog, or is typed)."""
    name = check_text(
        m.name, field="materials", label=f"第 {i + 1} 项材料的名称", max_length=255, required=True
    )
    label = f"第 {i + 1} 项材料“{name}”的备注"
    note = check_text(m.note, field="materials", label=label, multiline=True)
    return replace(m, name=name, note=note)


def _missing(materials: Sequence[MaterialInput]) -> list[MaterialInput]:
    """What stands in the way of acceptance: required materials not received (nor committed,
    容缺), then every material received but defective."""
    absent = [m for m in materials if m.required and not m.received and not m.gap_committed]
    return absent + [m for m in materials if _defective(m)]


def _missing_text(missing: Sequence[MaterialInput]) -> str:
    return "、".join(f"“{m.name}”" + ("（不符合要求）" if _defective(m) else "") for m in missing)


def _case_number(
    session: Session, hall: Hall, item: ServiceItem, today: date, rule: CaseNumberRule | None
) -> str:
    """The next number by `rule`, else by the hall's (`hall.case_number_rule`, the same on every
    PC), from `daily_sequence` inside the caller's transaction."""
    rule = rule or rule_named(hall.case_number_rule)
    sequence = _next_sequence(session, rule.scope(hall.code, item.implementation_code), today)
    case_no = rule.format(hall.code, item.implementation_code, today, sequence)
    if len(case_no) > 50:
        raise ValidationError(
            f"按当前编号规则生成的办件编号 {case_no} 超过 50 位；请系统管理员更换编号规则",
            field="service_item",
        )
    return case_no


def _create_case(
    session: Session,
    actor: Actor,
    intake: IntakeInput,
    now: datetime,
    rule: CaseNumberRule | None,
) -> tuple[Case, ServiceItem, Hall, date, list[MaterialInput]]:
    """Check the form, then write the applicant, the case (received) and its materials, and
    record the application. Raises ValidationError naming the field before anything is written.
    The number follows `rule`, else the hall's (`hall.case_number_rule`, the same on every PC)."""
    if intake.service_item_id is None:
        raise ValidationError("请选择办理的事项", field="service_item")
    item = session.scalars(
        select(ServiceItem)
        .options(selectinload(ServiceItem.materials))
        .where(ServiceItem.id == intake.service_item_id)
    ).one_or_none()
    if item is None:
        raise ValidationError("该事项不存在，请重新选择", field="service_item")
    if not item.active:
        raise ValidationError(
            f"事项“{item.name}”已停用，不能受理；请选择其他事项", field="service_item"
        )
    counter = session.get(Counter, intake.counter_id) if intake.counter_id else None
    hall = _hall(session, counter)
    today = local_date(now, hall.timezone)
    applicant = check_applicant(intake.applicant, today)
    agent = check_agent(intake.agent, today)
    materials = _check_materials(intake.materials, item)
    if intake.ticket_id is not None and session.get(Ticket, intake.ticket_id) is None:
        raise ValidationError("关联的号票不存在；请从当前号重新开始受理", field="ticket")

    applicant_id = upsert_applicant(session, applicant, now)
    case_no = _case_number(session, hall, item, today, rule)
    case = Case(
        case_no=case_no,
        query_pin=new_query_pin(),
        hall_id=hall.id,
        service_item_id=item.id,
        item_code=item.implementation_code,
        item_name=item.name,
        case_type=item.case_type,
        status=next_status(CaseStatus.DRAFT, CaseAction.RECEIVE),
        source=CaseSource.WINDOW,
        region_code=hall.region_code,
        applicant_id=applicant_id,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_type=applicant.id_type,
        applicant_id_number=applicant.id_number,
        agent_name=agent.name if agent else None,
        agent_id_type=agent.id_type if agent else None,
        agent_id_number=agent.id_number if agent else None,
        contact_mobile=(agent.mobile if agent and agent.mobile else None)
        or applicant.mobile
        or applicant.phone,
        postcode=applicant.postcode,
        address=applicant.address,
        legal_representative=applicant.legal_representative,
        applied_at=now,
        ticket_id=intake.ticket_id,
        counter_id=counter.id if counter else None,
        clerk_id=actor.user_id,
        accepting_unit_name=item.department or hall.name,
        accepting_unit_uscc=hall.uscc,
        with_gaps=False,
        paused_working_days=0,
        extension_days=0,
        result_mailed=False,
        data_version=1,
        created_at=now,
        updated_at=now,
    )
    case.materials = [
        CaseMaterial(
            material_id=m.material_id,
            position=i,
            name=m.name,
            required=m.required,
            requirement=m.requirement,
            received=m.received,
            receive_mode=MaterialReceiveMode(m.mode or "original") if m.received else None,
            count=m.count if m.received else 0,
            received_at=now if m.received else None,
            gap_committed=m.gap_committed and not m.received,
            gap_due_date=m.gap_due_date if m.gap_committed and not m.received else None,
            note=(m.note or "").strip() or None,
            defect=((m.defect or "").strip() or None) if m.received else None,
        )
        for i, m in enumerate(materials)
    ]
    session.add(case)
    session.flush()  # the case's id, for its events and outbox messages
    _event(session, case, CaseAction.RECEIVE, None, actor, now)
    if intake.draft_id is not None:
        session.execute(
            delete(CaseDraft).where(
                CaseDraft.id == intake.draft_id, CaseDraft.user_id == actor.user_id
            )
        )
    return case, item, hall, today, materials


def _decided(session: Session, case: Case) -> CaseDetail:
    session.flush()
    announce(session, [case.id])
    return _detail(session, case)


def _accept(
    session: Session,
    case: Case,
    item: ServiceItem,
    actor: Actor,
    now: datetime,
    today: date,
    *,
    detail: dict[str, Any] | None = None,
) -> None:
    case.accepted_at = now
    case.notice_no = case.case_no
    _set_due_dates(case, item, load_calendar(session), today)
    _move(session, case, CaseAction.ACCEPT, actor, now, detail)


# --------------------------------------------------------------------------- intake decisions


@allowed(Role.CLERK, Role.MANAGER)
def accept(
    db: Database,
    actor: Actor,
    intake: IntakeInput,
    *,
    commitment: str | None = None,
    gap_due_date: date | None = None,
    now: datetime | None = None,
    rule: CaseNumberRule | None = None,
) -> CaseDetail:
    """受理. Every required material must be received, or marked 容缺 (then `commitment`, the
    text the applicant signed, and `gap_due_date` are required)."""
    now = now or utcnow()
    with db.session() as session:
        case, item, _hall_row, today, materials = _create_case(session, actor, intake, now, rule)
        missing = _missing(materials)
        if missing:
            raise ValidationError(
                f"以下必要材料未收：{_missing_text(missing)}。请收齐后受理；或按 F8 一次性告知补正；"
                "或标记为容缺并签署承诺后容缺受理",
                field="materials",
            )
        gaps = [m for m in materials if m.gap_committed and not m.received]
        if gaps:
            _check_gaps(gaps, item, materials)
            commitment = (commitment or "").strip()
            if not commitment:
                raise ValidationError(
                    "容缺受理需要申请人签署的承诺：请填写承诺内容（补交哪些材料、何时补交）",
                    field="commitment",
                )
        _accept(
            session,
            case,
            item,
            actor,
            now,
            today,
            detail={"with_gaps": bool(gaps), "gaps": [m.name for m in gaps]} if gaps else None,
        )
        if gaps:
            # each committed material is due by its date: not before today, not after the
            # promised completion (the case cannot be granted without it)
            dues = _gap_due_dates(case, gaps, gap_due_date, today)
            case.with_gaps = True
            case.gap_commitment = commitment
            case.gap_due_date = max(dues.values())
        _audit(
            session,
            actor,
            "case.accept_with_gaps" if gaps else "case.accept",
            case,
            promised_date=case.promised_date,
        )
        return _decided(session, case)


def _check_gaps(
    gaps: Sequence[MaterialInput], item: ServiceItem, materials: Sequence[MaterialInput]
) -> None:
    """容缺 only for materials the catalog marks as eligible (never the application form or a core
    material), and never for all of them: something has to be received to accept anything."""
    eligible = {m.id for m in item.materials if m.gap_eligible}
    refused = [m for m in gaps if m.material_id not in eligible]
    if refused:
        raise ValidationError(
            f"{_missing_text(refused)}不能容缺：本事项只允许"
            + ("、".join(f"“{m.name}”" for m in item.materials if m.gap_eligible) or "（无）")
            + "容缺；申请书和核心材料须当场收取。请收取这些材料，或一次性告知补正",
            field="materials",
        )
    if not any(m.received for m in materials if m.required):
        raise ValidationError(
            "没有收到任何必要材料，不能容缺受理：请收取申请书等材料", field="materials"
        )


def _gap_due_dates(
    case: Case, gaps: Sequence[MaterialInput], default: date | None, today: date
) -> dict[str, date]:
    by_name = {m.name: m for m in case.materials}
    dues: dict[str, date] = {}
    for gap in gaps:
        due = gap.gap_due_date or default
        if due is None or due < today:
            raise ValidationError(
                f"请填写“{gap.name}”的补交期限（不早于今天）", field="gap_due_date"
            )
        if case.promised_date is not None and due > case.promised_date:
            raise ValidationError(
                f"“{gap.name}”的补交期限不能晚于承诺办结日期 {case.promised_date.isoformat()}："
                "容缺材料补齐前不能办结",
                field="gap_due_date",
            )
        by_name[gap.name].gap_due_date = due
        dues[gap.name] = due
    return dues


@allowed(Role.CLERK, Role.MANAGER)
def gap_materials_received(
    db: Database,
    actor: Actor,
    case_id: int,
    received: Sequence[ReceivedMaterial],
    *,
    expected_version: int,
    now: datetime | None = None,
) -> CaseDetail:
    """容缺材料补交: the applicant handed in committed materials after acceptance. Recorded as a
    process step (forwarded) and audited; late ones are recorded too, and say they were late."""
    now = now or utcnow()
    if not received:
        raise ValidationError("请勾选申请人补交的容缺材料", field="materials")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.GAP_IN)
        hall = session.get(Hall, case.hall_id)
        today = local_date(now, hall.timezone if hall else "Asia/Shanghai")
        by_id = {m.id: m for m in case.materials}
        names, late = [], []
        for r in received:
            material = by_id.get(r.case_material_id)
            if material is None or not material.gap_committed:
                raise ValidationError("所选材料不是该办件的容缺材料；请刷新", field="materials")
            if material.received:
                raise ValidationError(f"“{material.name}”已补交过", field="materials")
            if not 1 <= r.count <= 999:
                raise ValidationError("份数应为 1–999", field="materials")
            material.received = True
            material.receive_mode = MaterialReceiveMode(r.mode)
            material.count = r.count
            material.received_at = now
            names.append(material.name)
            if material.gap_due_date is not None and today > material.gap_due_date:
                late.append(f"{material.name}（应于 {material.gap_due_date.isoformat()} 前）")
        opinion = "补交：" + "、".join(names)
        if late:
            opinion += "；逾期补交：" + "、".join(late)
        _step(
            session,
            case,
            now,
            step_name="容缺材料补交",
            action="pass",
            handler=_handler(actor, None),
            opinion=opinion,
        )
        _move(session, case, CaseAction.GAP_IN, actor, now, {"materials": names})
        _audit(session, actor, "case.gap_received", case, materials=names, late=len(late))

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def request_supplements(
    db: Database,
    actor: Actor,
    intake: IntakeInput,
    *,
    due_date: date,
    note: str | None = None,
    now: datetime | None = None,
    rule: CaseNumberRule | None = None,
) -> CaseDetail:
    """一次性告知: the case is taken in (it gets its number and PIN) and waits for the missing
    required materials and the defective ones (不符合要求), all listed at once with their
    requirements, what is wrong, and the applicant's deadline `due_date`."""
    now = now or utcnow()
    with db.session() as session:
        case, _item, _hall_row, today, materials = _create_case(session, actor, intake, now, rule)
        _ask_supplements(session, case, actor, now, today, due_date=due_date, note=note)
        return _decided(session, case)


def _ask_supplements(
    session: Session,
    case: Case,
    actor: Actor,
    now: datetime,
    today: date,
    *,
    due_date: date | None,
    note: str | None,
) -> None:
    """The supplement request of a case as its materials stand: every required material not
    received (nor committed, 容缺) and every received one that is defective."""
    absent = [m for m in case.materials if m.required and not m.received and not m.gap_committed]
    defective = [m for m in case.materials if m.received and m.defect]
    if not absent and not defective:
        raise ValidationError("必要材料都已收齐且符合要求，无需补正；请直接受理", field="materials")
    if due_date is None or due_date < today:
        raise ValidationError("请填写申请人的补正期限（不早于今天）", field="supplement_due_date")
    case.supplement_requested_at = now
    case.supplement_due_date = due_date
    detail = {
        "missing": [{"name": m.name, "requirement": m.requirement} for m in absent]
        + [{"name": m.name, "requirement": m.requirement, "defect": m.defect} for m in defective],
        "due_date": due_date,
        "note": (note or "").strip() or None,
    }
    _move(session, case, CaseAction.REQUEST_SUPPLEMENT, actor, now, detail)
    _audit(
        session,
        actor,
        "case.request_supplement",
        case,
        missing=len(absent) + len(defective),
        due_date=due_date,
    )


@allowed(Role.CLERK, Role.MANAGER)
def reject(
    db: Database,
    actor: Actor,
    intake: IntakeInput,
    *,
    reason: str,
    ground: RejectionGround | str = RejectionGround.OTHER,
    basis: str | None = None,
    competent_body: str | None = None,
    now: datetime | None = None,
    rule: CaseNumberRule | None = None,
) -> CaseDetail:
    """不予受理 (行政许可法 §32): the ground and its clause, the reason, the competent body when the
    matter belongs to another office, and the department's remedies. Refused before anything is
    saved when one is missing (the clerk's form keeps what was typed)."""
    now = now or utcnow()
    rejection = _rejection(reason, ground, basis, competent_body)
    with db.session() as session:
        case, item, *_ = _create_case(session, actor, intake, now, rule)
        _reject(session, case, item, actor, now, rejection)
        return _decided(session, case)


@dataclass(frozen=True)
class _Rejection:
    ground: RejectionGround
    reason: str
    basis: str
    competent_body: str | None


def _rejection(
    reason: str | None,
    ground: RejectionGround | str,
    basis: str | None,
    competent_body: str | None,
) -> _Rejection:
    """A 不予受理 as the law wants it, checked before anything is saved: the ground and its
    clause (or a basis typed), the reason, the competent body when the office is not."""
    try:
        ground = RejectionGround(ground)
    except ValueError:
        raise ValidationError("请选择不予受理的情形", field="rejection_ground") from None
    reason = (reason or "").strip() or ground.reason
    if not reason:
        raise ValidationError(
            "请填写不予受理的理由（例如：不属于本机关职权范围）", field="rejection_reason"
        )
    basis = check_legal_basis((basis or "").strip() or ground.basis)
    body = (competent_body or "").strip() or None
    if ground == RejectionGround.NOT_COMPETENT and not body:
        raise ValidationError(
            "不属于本机关职权范围的，应告知申请人向哪个机关申请：请填写有权处理的机关",
            field="competent_body",
        )
    return _Rejection(ground, reason, basis, body)


def _reject(
    session: Session,
    case: Case,
    item: ServiceItem | None,
    actor: Actor,
    now: datetime,
    rejection: _Rejection,
) -> None:
    remedies = departments.remedies(session, item.department if item else None, decision="不予受理")
    case.rejection_reason = rejection.reason
    case.competent_body = rejection.competent_body
    case.decision_basis = rejection.basis
    case.review_body, case.court = remedies.review_body, remedies.court
    _move(
        session,
        case,
        CaseAction.REJECT,
        actor,
        now,
        {
            "reason": rejection.reason,
            "competent_body": case.competent_body,
            "basis": rejection.basis,
        },
    )
    _audit(session, actor, "case.reject", case, ground=rejection.ground.value)


@allowed(Role.CLERK, Role.MANAGER)
def complete_on_spot(
    db: Database,
    actor: Actor,
    intake: IntakeInput,
    *,
    result: CompletionResult | str = CompletionResult.GRANTED,
    certificate_name: str | None = None,
    certificate_no: str | None = None,
    fee_amount: str | Decimal | None = None,
    denial_reason: str | None = None,
    basis: str | None = None,
    now: datetime | None = None,
    rule: CaseNumberRule | None = None,
) -> CaseDetail:
    """An instant item (即办件): accepted and completed at the window, in one transaction."""
    now = now or utcnow()
    with db.session() as session:
        case, item, _hall_row, today, materials = _create_case(session, actor, intake, now, rule)
        if item.case_type != CaseType.INSTANT:
            raise ValidationError(
                f"“{item.name}”是{item.case_type.label}，不能当场办结；请受理后交后台办理",
                field="service_item",
            )
        missing = _missing(materials) + [m for m in materials if m.gap_committed]
        if missing:
            raise ValidationError(
                f"当场办结需要材料齐全，以下材料未收：{_missing_text(missing)}",
                field="materials",
            )
        _accept(session, case, item, actor, now, today)
        _complete(
            session,
            case,
            actor,
            now,
            result=result,
            certificate_name=certificate_name,
            certificate_no=certificate_no,
            fee_amount=fee_amount,
            handler=None,
            mailed=False,
            denial_reason=denial_reason,
            basis=basis,
        )
        _audit(session, actor, "case.complete_on_spot", case)
        return _decided(session, case)


# --------------------------------------------------------------------------- after intake


def _locked(session: Session, case_id: int) -> Case:
    query = _case_query().where(Case.id == case_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Case)
    case = session.scalars(query).one_or_none()
    if case is None:
        raise NotFound("找不到该办件，请刷新后重试")
    return case


def _change(db: Database, actor: Actor, case_id: int, expected_version: int, fn) -> CaseDetail:
    """Every change of an existing case: refused (CaseChanged, naming who changed it last and when)
    unless the case is still at `expected_version`, the version the clerk's view showed."""
    with db.session() as session:
        case = _locked(session, case_id)
        check_version(session, case, expected_version)
        fn(session, case)
        return _decided(session, case)


def _brought(case: Case, received: Sequence[ReceivedMaterial]) -> dict[int, ReceivedMaterial]:
    """The supplements handed in, checked against the case's materials (by case material id)."""
    by_id = {m.id: m for m in case.materials}
    brought: dict[int, ReceivedMaterial] = {}
    for r in received:
        material = by_id.get(r.case_material_id)
        if material is None:
            raise ValidationError("补正的材料不属于该办件；请刷新", field="materials")
        if not 1 <= r.count <= 999:
            raise ValidationError(f"“{material.name}”的份数应为 1–999", field="materials")
        try:
            MaterialReceiveMode(r.mode)
        except ValueError:
            raise ValidationError(
                f"“{material.name}”的收取方式不对；请选原件、复印件或电子件", field="materials"
            ) from None
        brought[r.case_material_id] = r
    return brought


def _late_supplements(case: Case, today: date) -> None:
    """Supplements after the applicant's deadline are not taken into the old application."""
    if past(case.supplement_due_date, today):
        raise Conflict(
            f"补正期限（{case.supplement_due_date:%Y-%m-%d}）已过，补交的材料不能按原申请受理。"
            "请选择“按新申请受理”（原申请终止，补交的材料和原已收材料作为新申请今天受理），"
            "或“终止办理”本申请并出具终止办理通知书"
        )


@allowed(Role.CLERK, Role.MANAGER)
def supplements_received(
    db: Database,
    actor: Actor,
    case_id: int,
    received: Sequence[ReceivedMaterial],
    *,
    expected_version: int,
    now: datetime | None = None,
) -> CaseDetail:
    """The applicant brought the supplements within their deadline: mark them (a defective
    material brought again is corrected) and accept the case from today. After the deadline it is
    refused: `accept_anew` or `terminate`."""
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        if case.status != CaseStatus.NEEDS_SUPPLEMENT:
            next_status(case.status, CaseAction.SUPPLEMENTS_IN)  # raises with the reason
        today = _today(session, case, now)
        _late_supplements(case, today)
        brought = _brought(case, received)
        by_id = {m.id: m for m in case.materials}
        for material_id, r in brought.items():
            material = by_id[material_id]
            material.received = True
            material.receive_mode = MaterialReceiveMode(r.mode)
            material.count = r.count
            material.received_at = now
            material.gap_committed = False
            material.defect = None
        still = [m for m in case.materials if m.required and not m.received]
        wrong = [m for m in case.materials if m.received and m.defect]
        if still or wrong:
            names = "、".join(
                [f"“{m.name}”" for m in still] + [f"“{m.name}”（不符合要求）" for m in wrong]
            )
            raise ValidationError(f"以下材料仍未补正：{names}。补齐后才能受理", field="materials")
        item = session.get(ServiceItem, case.service_item_id)
        assert item is not None
        case.supplement_received_at = now
        _move(
            session,
            case,
            CaseAction.SUPPLEMENTS_IN,
            actor,
            now,
            {"received": [by_id[i].name for i in brought]},
        )
        _accept(session, case, item, actor, now, today)
        _audit(session, actor, "case.supplements_in", case, promised_date=case.promised_date)

    return _change(db, actor, case_id, expected_version, apply)


# --------------------------------------------------------------------------- 收件 (§32)


@allowed(Role.CLERK, Role.MANAGER)
def receive(
    db: Database,
    actor: Actor,
    intake: IntakeInput,
    *,
    now: datetime | None = None,
    rule: CaseNumberRule | None = None,
) -> CaseDetail:
    """收件: the clerk cannot decide at once and takes the materials in. The case gets its number
    and PIN and waits (received) for the office's decision, due within 5 working days of receipt
    (`decision_due_date`); the 材料接收凭证 says so. Nothing has to be complete."""
    now = now or utcnow()
    with db.session() as session:
        case, _item, _hall_row, today, materials = _create_case(session, actor, intake, now, rule)
        if not any(m.received for m in materials):
            raise ValidationError(
                "收件至少要收下一项材料：请勾选收到的材料（空格键）", field="materials"
            )
        due = decision_due_date(load_calendar(session), today)
        case.decision_due_date = due.day
        case.calendar_warning = due.warning
        _audit(session, actor, "case.receive", case, decision_due_date=due.day)
        return _decided(session, case)


def _decision_open(session: Session, case: Case, now: datetime, what: str) -> date:
    """Today, while the office may still decide on materials taken in; past the 5 working days
    the application counts as accepted from receipt and `what` is refused."""
    today = _today(session, case, now)
    if case.status == CaseStatus.RECEIVED and past(case.decision_due_date, today):
        received_on = _today(session, case, case.applied_at)
        raise Conflict(
            f"收件后 5 个工作日内（至 {case.decision_due_date:%Y-%m-%d}）未作决定，依法自收件之日"
            f"（{received_on:%Y-%m-%d}）起视为受理，不能再{what}。请按“受理”登记并打印受理通知书"
        )
    return today


def _deem_accepted(session: Session, case: Case, actor: Actor, now: datetime) -> None:
    """视为受理 (行政许可法 §32): accepted from receipt; the deadlines run from that day."""
    item = session.get(ServiceItem, case.service_item_id)
    assert item is not None
    received_on = _today(session, case, case.applied_at)
    case.accepted_at = case.applied_at
    case.notice_no = case.case_no
    case.deemed_accepted = True
    _set_due_dates(case, item, load_calendar(session), received_on)
    _move(
        session,
        case,
        CaseAction.ACCEPT,
        actor,
        now,
        {
            "deemed": True,
            "received_at": case.applied_at,
            "decision_due_date": case.decision_due_date,
            "promised_date": case.promised_date,
        },
    )
    _audit(
        session,
        actor,
        "case.deemed_accept",
        case,
        decision_due_date=case.decision_due_date,
        promised_date=case.promised_date,
    )


@allowed(Role.CLERK, Role.MANAGER)
def accept_received(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    now: datetime | None = None,
) -> CaseDetail:
    """受理 of materials taken in (收件): from today when within the 5 working days and every
    required material is in order; past them the case counts as accepted from receipt (视为受理),
    whatever its materials, and is recorded so."""
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        _only_received(case, CaseAction.ACCEPT)
        today = _today(session, case, now)
        if past(case.decision_due_date, today):
            _deem_accepted(session, case, actor, now)
            return
        missing = [m for m in case.materials if m.required and not m.received]
        wrong = [m for m in case.materials if m.received and m.defect]
        if missing or wrong:
            names = "、".join(
                [f"“{m.name}”" for m in missing] + [f"“{m.name}”（不符合要求）" for m in wrong]
            )
            raise ValidationError(
                f"以下材料未收齐或不符合要求：{names}。请一次性告知补正，或不予受理",
                field="materials",
            )
        item = session.get(ServiceItem, case.service_item_id)
        assert item is not None
        _accept(session, case, item, actor, now, today, detail={"received_at": case.applied_at})
        _audit(session, actor, "case.accept", case, promised_date=case.promised_date)

    return _change(db, actor, case_id, expected_version, apply)


def _only_received(case: Case, action: CaseAction) -> None:
    """A decision on materials taken in: the case must still be waiting for it (受理 is also a
    move from needs_supplement, but there it is `supplements_received`)."""
    if case.status != CaseStatus.RECEIVED:
        raise Conflict(
            f"办件当前状态为“{case.status.label}”，不能“{ACTION_LABELS[action]}”。"
            "请刷新后按办件当前状态操作。"
        )


@allowed(Role.CLERK, Role.MANAGER)
def request_supplements_received(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    due_date: date,
    defects: Mapping[int, str] | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """一次性告知补正 on materials taken in, within the office's 5 working days: every missing
    required material and every defective one (`defects`: case material id → what is wrong; an
    empty text clears it), with the applicant's own deadline `due_date`."""
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        _only_received(case, CaseAction.REQUEST_SUPPLEMENT)
        today = _decision_open(session, case, now, "告知补正")
        by_id = {m.id: m for m in case.materials}
        for material_id, text in (defects or {}).items():
            material = by_id.get(material_id)
            if material is None:
                raise ValidationError("材料不属于该办件；请刷新", field="materials")
            defect = (text or "").strip() or None
            if defect and not material.received:
                raise ValidationError(
                    f"“{material.name}”未收到：未交的材料按缺少告知，无需写明问题",
                    field="materials",
                )
            if defect and len(defect) > DEFECT_MAX:
                raise ValidationError(
                    f"“{material.name}”的问题说明最多 {DEFECT_MAX} 个字", field="materials"
                )
            material.defect = defect
        _ask_supplements(session, case, actor, now, today, due_date=due_date, note=note)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def reject_received(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    ground: RejectionGround | str = RejectionGround.OTHER,
    basis: str | None = None,
    competent_body: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """不予受理 of a case taken in (within the office's 5 working days) or waiting for supplements,
    as at the window: the ground and its clause, the reason, the competent body and the
    department's remedies."""
    now = now or utcnow()
    rejection = _rejection(reason, ground, basis, competent_body)

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.REJECT)
        _decision_open(session, case, now, "不予受理")
        _reject(
            session, case, session.get(ServiceItem, case.service_item_id), actor, now, rejection
        )

    return _change(db, actor, case_id, expected_version, apply)


# the law's effect, not a person's decision: recorded by whichever PC looks first
@allowed(Role.CLERK, Role.MANAGER, Role.ADMIN, Unattended.PROGRAM, Unattended.STATION)
def apply_deemed_acceptance(
    db: Database, actor: Actor, *, now: datetime | None = None
) -> list[str]:
    """Every case taken in (收件) whose decision day has passed counts as accepted from receipt:
    recorded here (event to the online hall, audit entry, deadlines from receipt), once, whichever
    PC gets there first. Returns the case numbers it recorded. Run by every desk program at start
    and every few minutes, and before the manager's supervision is read."""
    now = now or utcnow()
    with db.session() as session:
        hall = find_hall(session)
        if hall is None:
            return []
        # The earliest "today" of any hall zone bounds the query; each case checks its own.
        query = (
            _case_query()
            .where(
                Case.status == CaseStatus.RECEIVED.value,
                Case.decision_due_date < local_date(now, hall.timezone) + timedelta(days=1),
            )
            .order_by(Case.id)
        )
        if session.get_bind().dialect.name == "postgresql":
            # A case another PC is deciding right now is left to it (its decision checks the day).
            query = query.with_for_update(of=Case, skip_locked=True)
        deemed = []
        for case in session.scalars(query):
            if past(case.decision_due_date, _today(session, case, now)):
                _deem_accepted(session, case, actor, now)
                deemed.append(case)
        session.flush()
        announce(session, [c.id for c in deemed])
        return [c.case_no for c in deemed]


# --------------------------------------------------------------------------- after the deadline


@allowed(Role.CLERK, Role.MANAGER)
def terminate(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str | None = None,
    basis: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """终止: the applicant's supplement deadline has passed and the office ends the application,
    with the 终止办理通知书 (the reason, the basis where one is typed, and the department's
    remedies, as for a rejection). Not before the deadline: until then the applicant may still
    supplement (or withdraw)."""
    now = now or utcnow()
    typed_basis = (basis or "").strip()
    checked_basis = check_legal_basis(typed_basis) if typed_basis else None

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.TERMINATE)
        due = case.supplement_due_date
        if not past(due, _today(session, case, now)):
            until = f"至 {due:%Y-%m-%d}" if due else "未设定"
            raise Conflict(
                f"补正期限{until}，期限届满前不能终止：申请人可以在期限内补正，也可以申请撤回"
            )
        item = session.get(ServiceItem, case.service_item_id)
        remedies = departments.remedies(
            session, item.department if item else None, decision="终止办理"
        )
        text = (reason or "").strip() or (
            f"申请人未在补正期限（{due.year}年{due.month}月{due.day}日前）内补正全部材料"
        )
        _end(session, case, actor, now, text)
        case.decision_basis = checked_basis
        case.review_body, case.court = remedies.review_body, remedies.court
        _move(
            session,
            case,
            CaseAction.TERMINATE,
            actor,
            now,
            {"reason": text, "supplement_due_date": due, "basis": checked_basis},
        )
        _audit(session, actor, "case.terminate", case, supplement_due_date=due)

    return _change(db, actor, case_id, expected_version, apply)


def _end(session: Session, case: Case, actor: Actor, now: datetime, reason: str) -> None:
    case.terminated_at = now
    case.termination_reason = reason
    case.clock_paused_since = None
    _step(
        session,
        case,
        now,
        step_name=ACTION_LABELS[CaseAction.TERMINATE],
        action="other",
        handler=actor.username,
        opinion=reason,
    )


@allowed(Role.CLERK, Role.MANAGER)
def accept_anew(
    db: Database,
    actor: Actor,
    case_id: int,
    received: Sequence[ReceivedMaterial],
    *,
    expected_version: int,
    counter_id: int | None = None,
    now: datetime | None = None,
    rule: CaseNumberRule | None = None,
) -> CaseDetail:
    """Supplements after the applicant's deadline, accepted as a new application: a new case
    (new number and PIN) of the same item and applicant, received and accepted today, holding the
    materials received before (defects as they were) and those brought now, which must make the
    application complete; the old case is ended (终止) naming the new one, in the same
    transaction. Returns the new case. No termination notice for the old one: the applicant
    leaves with the new acceptance notice."""
    now = now or utcnow()
    with db.session() as session:
        old = _locked(session, case_id)
        check_version(session, old, expected_version)
        next_status(old.status, CaseAction.TERMINATE)
        today = _today(session, old, now)
        if not past(old.supplement_due_date, today):
            raise Conflict(
                f"补正期限至 {old.supplement_due_date:%Y-%m-%d}，尚未届满：请按“补正已收”"
                "收下材料，按原申请受理"
            )
        brought = _brought(old, received)
        item = session.get(ServiceItem, old.service_item_id)
        hall = session.get(Hall, old.hall_id)
        assert item is not None and hall is not None
        if not item.active:
            raise ValidationError(
                f"事项“{item.name}”已停用，不能按新申请受理；请终止原申请", field="service_item"
            )
        materials = [_carried(m, brought.get(m.id), now) for m in old.materials]
        absent = [m for m in materials if m.required and not m.received]
        wrong = [m for m in materials if m.defect]
        if absent or wrong:
            names = "、".join(
                [f"“{m.name}”" for m in absent] + [f"“{m.name}”（不符合要求）" for m in wrong]
            )
            raise ValidationError(
                f"按新申请受理需要材料齐全，以下材料仍未补正：{names}。"
                "请申请人补齐后再受理，或终止原申请",
                field="materials",
            )
        case = _copy_case(session, old, item, hall, actor, now, today, rule, counter_id)
        case.materials = materials
        session.add(case)
        session.flush()
        _event(
            session, case, CaseAction.RECEIVE, None, actor, now, {"previous_case_no": old.case_no}
        )
        _accept(session, case, item, actor, now, today, detail={"previous_case_no": old.case_no})
        _audit(
            session,
            actor,
            "case.accept_anew",
            case,
            previous_case_no=old.case_no,
            promised_date=case.promised_date,
        )
        reason = (
            f"补正期限（{old.supplement_due_date:%Y-%m-%d}）已过，申请人补交材料后按新申请受理"
            f"（新办件编号 {case.case_no}）"
        )
        _end(session, old, actor, now, reason)
        _move(
            session,
            old,
            CaseAction.TERMINATE,
            actor,
            now,
            {"reason": reason, "new_case_no": case.case_no},
        )
        _audit(session, actor, "case.terminate", old, new_case_no=case.case_no)
        session.flush()
        announce(session, [old.id, case.id])
        return _detail(session, case)


def _carried(old: CaseMaterial, brought: ReceivedMaterial | None, now: datetime) -> CaseMaterial:
    """A material of the new application: brought now, or as the old application held it."""
    if brought is not None:
        received, mode, count, defect = True, MaterialReceiveMode(brought.mode), brought.count, None
    else:
        received, mode, count, defect = old.received, old.receive_mode, old.count, old.defect
    return CaseMaterial(
        material_id=old.material_id,
        position=old.position,
        name=old.name,
        required=old.required,
        requirement=old.requirement,
        received=received,
        receive_mode=mode if received else None,
        count=count if received else 0,
        # handed in for the new application today (the papers of the old one stay with it)
        received_at=now if received else None,
        gap_committed=False,
        note=old.note,
        defect=defect if received else None,
    )


def _copy_case(
    session: Session,
    old: Case,
    item: ServiceItem,
    hall: Hall,
    actor: Actor,
    now: datetime,
    today: date,
    rule: CaseNumberRule | None,
    counter_id: int | None,
) -> Case:
    """A new application by the same applicant for the same item, received now at this window."""
    return Case(
        case_no=_case_number(session, hall, item, today, rule),
        query_pin=new_query_pin(),
        hall_id=hall.id,
        service_item_id=item.id,
        item_code=item.implementation_code,
        item_name=item.name,
        case_type=item.case_type,
        status=next_status(CaseStatus.DRAFT, CaseAction.RECEIVE),
        source=CaseSource.WINDOW,
        region_code=hall.region_code,
        applicant_id=old.applicant_id,
        applicant_kind=old.applicant_kind,
        applicant_name=old.applicant_name,
        applicant_id_type=old.applicant_id_type,
        applicant_id_number=old.applicant_id_number,
        agent_name=old.agent_name,
        agent_id_type=old.agent_id_type,
        agent_id_number=old.agent_id_number,
        contact_mobile=old.contact_mobile,
        postcode=old.postcode,
        address=old.address,
        legal_representative=old.legal_representative,
        applied_at=now,
        ticket_id=None,
        counter_id=counter_id,
        clerk_id=actor.user_id,
        accepting_unit_name=item.department or hall.name,
        accepting_unit_uscc=hall.uscc,
        with_gaps=False,
        paused_working_days=0,
        extension_days=0,
        result_mailed=False,
        previous_case_id=old.id,
        data_version=1,
        created_at=now,
        updated_at=now,
    )


def _today(session: Session, case: Case, now: datetime) -> date:
    hall = session.get(Hall, case.hall_id)
    assert hall is not None
    return local_date(now, hall.timezone)


def _recompute_due(session: Session, case: Case) -> None:
    if case.accepted_at is None:
        return
    item = session.get(ServiceItem, case.service_item_id)
    hall = session.get(Hall, case.hall_id)
    assert item is not None and hall is not None
    _set_due_dates(case, item, load_calendar(session), local_date(case.accepted_at, hall.timezone))


@dataclass(frozen=True)
class RecomputedDeadline:
    """An open case whose deadlines moved when a year's holiday arrangement was confirmed (or
    taken back): listed for the manager; supervision follows the new dates."""

    case_no: str
    item_name: str
    applicant_name: str
    promised_before: date | None
    promised_after: date | None
    legal_before: date | None
    legal_after: date | None


@allowed(Role.ADMIN, Unattended.PROGRAM)
def recompute_deadlines(session: Session, actor: Actor, year: int) -> list[RecomputedDeadline]:
    """Compute again, in the caller's transaction and with the calendar as it now stands, the
    deadlines of every open case whose span from acceptance to its legal deadline touches `year`;
    each one that moved is audited and returned."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = session.scalars(
        select(Case).where(
            Case.status.not_in([s.value for s in FINAL]),
            Case.accepted_at.is_not(None),
            Case.legal_due_date >= start,
        )
    ).all()
    calendar = load_calendar(session)
    moved = []
    moved_ids = []
    for case in cases:
        hall = session.get(Hall, case.hall_id)
        item = session.get(ServiceItem, case.service_item_id)
        assert hall is not None and item is not None
        accepted_on = local_date(case.accepted_at, hall.timezone)
        if accepted_on > end:
            continue
        before = (case.promised_date, case.legal_due_date)
        _set_due_dates(case, item, calendar, accepted_on)
        if (case.promised_date, case.legal_due_date) == before:
            continue
        case.data_version += 1
        moved_ids.append(case.id)
        audit.record(
            session,
            actor,
            "case.recompute_deadlines",
            "service_case",
            case.case_no,
            before={"promised_date": before[0], "legal_due_date": before[1]},
            after={
                "promised_date": case.promised_date,
                "legal_due_date": case.legal_due_date,
                "reason": f"{year} 年放假安排",
            },
        )
        moved.append(
            RecomputedDeadline(
                case.case_no,
                case.item_name,
                case.applicant_name,
                before[0],
                case.promised_date,
                before[1],
                case.legal_due_date,
            )
        )
    announce(session, moved_ids)
    return moved


def _step(
    session: Session,
    case: Case,
    now: datetime,
    *,
    step_name: str,
    action: str,
    handler: str,
    opinion: str | None = None,
    special: str | None = None,
    ended: bool = True,
) -> CaseStep:
    step = CaseStep(
        case_id=case.id,
        step_name=step_name,
        action=action,
        handler=handler,
        opinion=(opinion or "").strip() or None,
        special_procedure=special,
        started_at=now,
        ended_at=now if ended else None,
    )
    session.add(step)
    case.steps.append(step)
    session.flush()
    return step


def _handler(actor: Actor, handler: str | None) -> str:
    return (handler or "").strip() or actor.username


@allowed(Role.CLERK, Role.MANAGER)
def start_processing(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    handler: str | None = None,
    now=None,
) -> CaseDetail:
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.START)
        _step(
            session,
            case,
            now,
            step_name="开始办理",
            action="pass",
            handler=_handler(actor, handler),
        )
        _move(session, case, CaseAction.START, actor, now)
        _audit(session, actor, "case.start", case)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def record_step(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    step_name: str,
    action: str = "pass",
    handler: str | None = None,
    opinion: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """A process step (环节): name, pass/return/other, handler, opinion."""
    now = now or utcnow()
    step_name = (step_name or "").strip()
    if not step_name:
        raise ValidationError("请填写环节名称，例如“审查”“决定”", field="step_name")
    if action not in STEP_ACTIONS:
        raise ValidationError("处理结果应为通过、退回或其他", field="action")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.STEP)
        _step(
            session,
            case,
            now,
            step_name=step_name[:64],
            action=action,
            handler=_handler(actor, handler)[:64],
            opinion=opinion,
        )
        _move(session, case, CaseAction.STEP, actor, now, {"step_name": step_name})
        _audit(session, actor, "case.step", case, step_name=step_name)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def begin_special_procedure(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    kind: str,
    expected_working_days: int | None,
    reason: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """A special procedure of 行政许可法 §45 (听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审):
    the deadline clock stops from today, and the applicant is told in writing how long it is
    expected to take: `expected_working_days` working days after today, recorded with the date
    they come to and printed on the 特别程序告知书."""
    now = now or utcnow()
    if kind not in SPECIAL_PROCEDURES:
        raise ValidationError(f"请选择特别程序：{procedures_text()}", field="kind")
    if (
        isinstance(expected_working_days, bool)
        or not isinstance(expected_working_days, int)
        or not 1 <= expected_working_days <= EXPECTED_DAYS_MAX
    ):
        raise ValidationError(
            f"请填写{SPECIAL_PROCEDURES[kind]}预计需要的时间：1–{EXPECTED_DAYS_MAX} 个工作日"
            "（行政许可法第四十五条：所需时间应当书面告知申请人）",
            field="expected_working_days",
        )

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.BEGIN_SPECIAL)
        if case.status == CaseStatus.ACCEPTED:
            _move(session, case, CaseAction.START, actor, now)
        today = _today(session, case, now)
        case.clock_paused_since = today
        expected_end = load_calendar(session).add_working_days(today, expected_working_days).day
        step = _step(
            session,
            case,
            now,
            step_name=f"特别程序：{SPECIAL_PROCEDURES[kind]}",
            action="other",
            handler=actor.username,
            opinion=reason,
            special=kind,
            ended=False,
        )
        step.expected_working_days = expected_working_days
        step.expected_end = expected_end
        _move(
            session,
            case,
            CaseAction.BEGIN_SPECIAL,
            actor,
            now,
            {
                "kind": kind,
                "reason": (reason or "").strip() or None,
                "expected_working_days": expected_working_days,
                "expected_end": expected_end,
            },
        )
        _audit(
            session,
            actor,
            "case.begin_special",
            case,
            kind=kind,
            expected_working_days=expected_working_days,
            expected_end=expected_end,
        )

    return _change(db, actor, case_id, expected_version, apply)


def _restart_clock(session: Session, case: Case, now: datetime) -> int:
    today = _today(session, case, now)
    stopped = 0
    if case.clock_paused_since is not None:
        stopped = paused_days(load_calendar(session), case.clock_paused_since, today)
        case.paused_working_days += stopped
        case.clock_paused_since = None
    _recompute_due(session, case)
    return stopped


@allowed(Role.CLERK, Role.MANAGER)
def end_special_procedure(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    opinion: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.END_SPECIAL)
        stopped = _restart_clock(session, case, now)
        open_steps = [s for s in case.steps if s.special_procedure and s.ended_at is None]
        for step in open_steps:
            step.ended_at = now
            if opinion:
                step.opinion = "\n".join(filter(None, [step.opinion, opinion.strip()]))
        _move(
            session,
            case,
            CaseAction.END_SPECIAL,
            actor,
            now,
            {"paused_working_days": stopped, "promised_date": case.promised_date},
        )
        _audit(session, actor, "case.end_special", case, promised_date=case.promised_date)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def suspend(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    now: datetime | None = None,
) -> CaseDetail:
    """中止 (the clock stops), with the reason."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写中止的理由", field="reason")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.SUSPEND)
        case.clock_paused_since = _today(session, case, now)
        _step(
            session,
            case,
            now,
            step_name="中止",
            action="other",
            handler=actor.username,
            opinion=reason,
        )
        _move(session, case, CaseAction.SUSPEND, actor, now, {"reason": reason})
        _audit(session, actor, "case.suspend", case)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def resume(
    db: Database, actor: Actor, case_id: int, *, expected_version: int, now: datetime | None = None
) -> CaseDetail:
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.RESUME)
        stopped = _restart_clock(session, case, now)
        _step(session, case, now, step_name="恢复办理", action="other", handler=actor.username)
        _move(session, case, CaseAction.RESUME, actor, now, {"paused_working_days": stopped})
        _audit(session, actor, "case.resume", case, promised_date=case.promised_date)

    return _change(db, actor, case_id, expected_version, apply)


APPROVER_MAX = 64


@allowed(Role.CLERK, Role.MANAGER)
def extend(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    approver: str,
    approver_title: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """延长 (行政许可法 §42 ①): once per case, decided within the legal period (the deadline's day
    itself still counts), approved by the office's 负责人 (`approver`, with the post printed on the
    延期告知书), with the reason, by the item's extension days (10 unless a law sets otherwise; an
    item with 0 cannot be extended). See app.domain.extensions."""
    now = now or utcnow()
    reason = (reason or "").strip()
    approver = " ".join((approver or "").split())
    approver_title = " ".join((approver_title or "").split()) or None
    if not reason:
        raise ValidationError(
            "延长办理期限须写明理由（将写入延期告知书告知申请人）", field="reason"
        )
    if not approver:
        raise ValidationError(
            "请填写批准延长的本机关负责人姓名（行政许可法第四十二条：经本行政机关负责人批准）",
            field="approver",
        )
    if len(approver) > APPROVER_MAX:
        raise ValidationError(f"负责人姓名最多 {APPROVER_MAX} 个字", field="approver")
    if approver_title and len(approver_title) > APPROVER_MAX:
        raise ValidationError(f"负责人职务最多 {APPROVER_MAX} 个字", field="approver_title")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.EXTEND)
        item = session.get(ServiceItem, case.service_item_id)
        assert item is not None
        today = _today(session, case, now)
        calendar = load_calendar(session)

        def as_today(day: date | None) -> date | None:
            """A deadline as it stands today (a stopped clock moves it), as the notice says it."""
            return running_deadline(calendar, day, case.clock_paused_since, today) if day else None

        legal_before, promised_before = as_today(case.legal_due_date), as_today(case.promised_date)
        check_extension(
            case_no=case.case_no,
            today=today,
            deadline=legal_before or today,
            extended_days=case.extension_days,
            allowed_days=item.extension_limit_days,
        )
        days = item.extension_limit_days
        case.extension_days = days
        case.extension_reason = reason
        case.extension_approver = approver
        case.extension_approver_title = approver_title
        _recompute_due(session, case)
        _step(
            session,
            case,
            now,
            step_name=EXTENSION_LABEL,
            action="other",
            handler=actor.username,
            opinion=reason,
            special=EXTENSION,
        )
        _move(
            session,
            case,
            CaseAction.EXTEND,
            actor,
            now,
            {
                "days": days,
                "reason": reason,
                "approver": approver,
                "approver_title": approver_title,
                "legal_due_date_before": legal_before,
                "legal_due_date": as_today(case.legal_due_date),
                "promised_date_before": promised_before,
                "promised_date": as_today(case.promised_date),
            },
        )
        _audit(
            session,
            actor,
            "case.extend",
            case,
            days=days,
            approver=approver,
            legal_due_date=case.legal_due_date,
            promised_date=case.promised_date,
        )

    return _change(db, actor, case_id, expected_version, apply)


def _complete(
    session: Session,
    case: Case,
    actor: Actor,
    now: datetime,
    *,
    result: CompletionResult | str,
    certificate_name: str | None,
    certificate_no: str | None,
    fee_amount: str | Decimal | None,
    handler: str | None,
    mailed: bool,
    denial_reason: str | None = None,
    basis: str | None = None,
) -> None:
    item = session.get(ServiceItem, case.service_item_id)
    words = wording(item.item_type if item else None, case.item_name)
    try:
        result = CompletionResult(result)
    except ValueError:
        raise ValidationError(
            f"请选择办理结果：{words.granted}或{words.denied}", field="result"
        ) from None
    if result == CompletionResult.DENIED:
        # §38: a denial states its reasons, its basis and the remedies, with the bodies named
        reason = (denial_reason or "").strip()
        if not reason:
            raise ValidationError(
                f"请填写{words.denied}的理由（申请人据此决定是否申请复议或起诉）",
                field="denial_reason",
            )
        case.denial_reason = reason
        case.decision_basis = check_legal_basis(basis)
        if "行政许可法》第三十二条" in case.decision_basis:
            raise ValidationError(
                "行政许可法第三十二条是受理阶段（受理、补正、不予受理）的规定；"
                f"{words.denied}请写明据以作出决定的法律法规条款，例如第三十八条第二款",
                field="decision_basis",
            )
        remedies = departments.remedies(
            session, item.department if item else None, decision=words.denied
        )
        case.review_body, case.court = remedies.review_body, remedies.court
    else:
        case.denial_reason = case.decision_basis = None
        case.review_body = case.court = None
    fee = None
    if fee_amount not in (None, ""):
        try:
            fee = Decimal(str(fee_amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError("收费金额应为数字，例如 0 或 12.50", field="fee_amount") from None
        if fee < 0:
            raise ValidationError("收费金额不能为负数", field="fee_amount")
    case.completed_at = now
    case.completion_handler = _handler(actor, handler)[:64]
    case.completion_result = result
    case.certificate_name = (certificate_name or "").strip() or None
    case.certificate_no = (certificate_no or "").strip() or None
    case.fee_amount = fee
    case.result_mailed = mailed
    _move(session, case, CaseAction.COMPLETE, actor, now, {"result": result})


@allowed(Role.CLERK, Role.MANAGER)
def complete(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    result: CompletionResult | str,
    certificate_name: str | None = None,
    certificate_no: str | None = None,
    fee_amount: str | Decimal | None = None,
    handler: str | None = None,
    mailed: bool = False,
    denial_reason: str | None = None,
    basis: str | None = None,
    gap_override_reason: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """办结: granted, with the certificate where one is issued, or denied, with the reason, the
    legal basis and the department's remedies (行政许可法 §38). A case accepted with gaps is not
    granted while a committed material is outstanding, unless a manager overrides it with a
    reason (audited)."""
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.COMPLETE)
        outstanding = [m.name for m in case.materials if m.gap_committed and not m.received]
        granted = str(getattr(result, "value", result)) == CompletionResult.GRANTED.value
        if outstanding and granted:
            reason = (gap_override_reason or "").strip()
            names = "、".join(f"“{n}”" for n in outstanding)
            if actor.role not in (Role.MANAGER, Role.ADMIN):
                raise ValidationError(
                    f"容缺材料{names}尚未补交，不能准予办结。请先登记补交；"
                    "确需先行办结的，由大厅负责人（管理员账号）填写理由后办结",
                    field="gap_override_reason",
                )
            if not reason:
                raise ValidationError(
                    f"容缺材料{names}尚未补交：请填写先行办结的理由（将记入审计日志）",
                    field="gap_override_reason",
                )
            _audit(session, actor, "case.gap_override", case, materials=outstanding, reason=reason)
        _complete(
            session,
            case,
            actor,
            now,
            result=result,
            certificate_name=certificate_name,
            certificate_no=certificate_no,
            fee_amount=fee_amount,
            handler=handler,
            mailed=mailed,
            denial_reason=denial_reason,
            basis=basis,
        )
        _audit(session, actor, "case.complete", case, result=case.completion_result)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def deliver(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    method: DeliveryMethod | str,
    note: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """送达: picked up at the window, mailed (note: the tracking number) or electronic."""
    now = now or utcnow()
    try:
        method = DeliveryMethod(method)
    except ValueError:
        raise ValidationError("请选择送达方式", field="method") from None
    note = (note or "").strip() or None
    if method == DeliveryMethod.MAIL and not note:
        raise ValidationError("邮寄送达请填写快递单号", field="note")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.DELIVER)
        case.delivered_at = now
        case.delivery_method = method
        case.delivery_note = note
        if method == DeliveryMethod.MAIL:
            case.result_mailed = True
        _move(session, case, CaseAction.DELIVER, actor, now, {"method": method})
        _audit(session, actor, "case.deliver", case, method=method)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def withdraw(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    now: datetime | None = None,
) -> CaseDetail:
    return _close(
        db, actor, case_id, expected_version, CaseAction.WITHDRAW, reason, now or utcnow()
    )


@allowed(Role.CLERK, Role.MANAGER)
def void(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    now: datetime | None = None,
) -> CaseDetail:
    return _close(db, actor, case_id, expected_version, CaseAction.VOID, reason, now or utcnow())


def _close(
    db: Database,
    actor: Actor,
    case_id: int,
    expected_version: int,
    action: CaseAction,
    reason: str,
    now: datetime,
) -> CaseDetail:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"请填写{ACTION_LABELS[action]}的理由", field="reason")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, action)
        case.clock_paused_since = None
        _step(
            session,
            case,
            now,
            step_name=ACTION_LABELS[action],
            action="other",
            handler=actor.username,
            opinion=reason,
        )
        _move(session, case, action, actor, now, {"reason": reason})
        _audit(session, actor, f"case.{action.value}", case)

    return _change(db, actor, case_id, expected_version, apply)


# --------------------------------------------------------------------------- drafts


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
        raise ValidationError("草稿需要登录用户")
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
