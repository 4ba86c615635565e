"""What intake takes in and gives back: the clerk's inputs and the plain, frozen results (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.domain.case import ACTION_LABELS, CaseAction
from app.domain.codes import (
    CaseSource,
    CaseStatus,
    CaseType,
    CompletionResult,
    DeliveryMethod,
    MaterialReceiveMode,
)
from app.domain.decisions import Wording, wording
from app.domain.extensions import (
    SPECIAL_PROCEDURES,
)
from app.domain.privacy import mask_id_number
from app.services.applicants import (
    AgentInput,
    ApplicantInput,
)


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
