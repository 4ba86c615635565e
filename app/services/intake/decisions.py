"""Intake decisions (行政许可法 §32) and what follows them before acceptance: accept (with 容缺), request supplements (补正) and their arrival, reject (不予受理), complete on the spot (即办), receive (收件) and the decision on it or deemed acceptance, termination and accepting anew after a missed supplement deadline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    CaseMaterial,
    Hall,
    ServiceItem,
)
from app.domain.case import ACTION_LABELS, CaseAction, next_status
from app.domain.case_numbers import CaseNumberRule
from app.domain.codes import (
    CaseStatus,
    CaseType,
    CompletionResult,
    MaterialReceiveMode,
    Role,
)
from app.domain.decisions import RejectionGround, check_legal_basis
from app.domain.intake_deadlines import decision_due_date, past
from app.errors import Conflict, ValidationError
from app.services import departments
from app.services.access import allowed
from app.services.calendar import load_calendar
from app.services.case_changes import announce, check_version
from app.services.context import Actor, Unattended
from app.services.hall import find_hall
from app.services.intake.common import (
    DEFECT_MAX,
    _accept,
    _audit,
    _change,
    _create_case,
    _decided,
    _event,
    _handler,
    _locked,
    _missing,
    _missing_text,
    _move,
    _set_due_dates,
    _step,
    _today,
    new_received_case,
)
from app.services.intake.reads import (
    _case_query,
    _detail,
)
from app.services.intake.records import (
    CaseDetail,
    IntakeInput,
    MaterialInput,
    ReceivedMaterial,
)
from app.services.intake.steps import (
    _complete,
)


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
                "intake.required_materials_missing",
                materials=_missing_text(missing),
                field="materials",
            )
        gaps = [m for m in materials if m.gap_committed and not m.received]
        if gaps:
            _check_gaps(gaps, item, materials)
            commitment = (commitment or "").strip()
            if not commitment:
                raise ValidationError(
                    "gap.commitment_required",
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
            "gap.not_allowed",
            materials=_missing_text(refused),
            allowed="、".join(f"“{m.name}”" for m in item.materials if m.gap_eligible) or "（无）",
            field="materials",
        )
    if not any(m.received for m in materials if m.required):
        raise ValidationError("gap.nothing_received", field="materials")


def _gap_due_dates(
    case: Case, gaps: Sequence[MaterialInput], default: date | None, today: date
) -> dict[str, date]:
    by_name = {m.name: m for m in case.materials}
    dues: dict[str, date] = {}
    for gap in gaps:
        due = gap.gap_due_date or default
        if due is None or due < today:
            raise ValidationError("gap.due_date_required", material=gap.name, field="gap_due_date")
        if case.promised_date is not None and due > case.promised_date:
            raise ValidationError(
                "gap.due_after_promised",
                material=gap.name,
                promised_date=case.promised_date.isoformat(),
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
        raise ValidationError("gap.materials_required", field="materials")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.GAP_IN)
        hall = session.get(Hall, case.hall_id)
        today = local_date(now, hall.timezone if hall else "Asia/Shanghai")
        by_id = {m.id: m for m in case.materials}
        names, late = [], []
        for r in received:
            material = by_id.get(r.case_material_id)
            if material is None or not material.gap_committed:
                raise ValidationError("gap.not_a_gap_material", field="materials")
            if material.received:
                raise ValidationError(
                    "gap.already_handed_in", material=material.name, field="materials"
                )
            if not 1 <= r.count <= 999:
                raise ValidationError("gap.copies_range", field="materials")
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
        raise ValidationError("supplement.nothing_missing", field="materials")
    if due_date is None or due_date < today:
        raise ValidationError("supplement.due_date_required", field="supplement_due_date")
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
        raise ValidationError("rejection.ground_required", field="rejection_ground") from None
    reason = (reason or "").strip() or ground.reason
    if not reason:
        raise ValidationError("rejection.reason_required", field="rejection_reason")
    basis = check_legal_basis((basis or "").strip() or ground.basis)
    body = (competent_body or "").strip() or None
    if ground == RejectionGround.NOT_COMPETENT and not body:
        raise ValidationError(
            "rejection.competent_body_required",
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
                "intake.not_instant",
                item=item.name,
                case_type=item.case_type.label,
                field="service_item",
            )
        missing = _missing(materials) + [m for m in materials if m.gap_committed]
        if missing:
            raise ValidationError(
                "intake.instant_needs_all_materials",
                materials=_missing_text(missing),
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


def _brought(case: Case, received: Sequence[ReceivedMaterial]) -> dict[int, ReceivedMaterial]:
    """The supplements handed in, checked against the case's materials (by case material id)."""
    by_id = {m.id: m for m in case.materials}
    brought: dict[int, ReceivedMaterial] = {}
    for r in received:
        material = by_id.get(r.case_material_id)
        if material is None:
            raise ValidationError("supplement.material_not_of_case", field="materials")
        if not 1 <= r.count <= 999:
            raise ValidationError(
                "supplement.copies_range", material=material.name, field="materials"
            )
        try:
            MaterialReceiveMode(r.mode)
        except ValueError:
            raise ValidationError(
                "supplement.mode_invalid", material=material.name, field="materials"
            ) from None
        brought[r.case_material_id] = r
    return brought


def _late_supplements(case: Case, today: date) -> None:
    """Supplements after the applicant's deadline are not taken into the old application."""
    if past(case.supplement_due_date, today):
        raise Conflict("supplement.deadline_passed", due=case.supplement_due_date)


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
            raise ValidationError("supplement.still_missing", names=names, field="materials")
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
            raise ValidationError("intake.receipt_needs_material", field="materials")
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
            "intake.deemed_accepted", due=case.decision_due_date, received_on=received_on, what=what
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
                "intake.materials_incomplete",
                names=names,
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
            "case.action_not_allowed", status=case.status.label, action=ACTION_LABELS[action]
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
                raise ValidationError("case.material_not_of_case", field="materials")
            defect = (text or "").strip() or None
            if defect and not material.received:
                raise ValidationError(
                    "case.material_not_received",
                    material=material.name,
                    field="materials",
                )
            if defect and len(defect) > DEFECT_MAX:
                raise ValidationError(
                    "case.material_defect_too_long",
                    material=material.name,
                    max_length=DEFECT_MAX,
                    field="materials",
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
            raise Conflict("supplement.terminate_before_due", until=until)
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
            raise Conflict("supplement.renew_before_due", due=old.supplement_due_date)
        brought = _brought(old, received)
        item = session.get(ServiceItem, old.service_item_id)
        hall = session.get(Hall, old.hall_id)
        assert item is not None and hall is not None
        if not item.active:
            raise ValidationError(
                "supplement.renew_item_inactive", item=item.name, field="service_item"
            )
        materials = [_carried(m, brought.get(m.id), now) for m in old.materials]
        absent = [m for m in materials if m.required and not m.received]
        wrong = [m for m in materials if m.defect]
        if absent or wrong:
            names = "、".join(
                [f"“{m.name}”" for m in absent] + [f"“{m.name}”（不符合要求）" for m in wrong]
            )
            raise ValidationError(
                "supplement.renew_still_missing",
                names=names,
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
    return new_received_case(
        session,
        hall,
        item,
        actor,
        now,
        today,
        rule,
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
        ticket_id=None,
        counter_id=counter_id,
        previous_case_id=old.id,
    )
