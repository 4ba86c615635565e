"""What every change of a case shares: creating one at the window, moving it through the case state machine with its event, audit entry and online-hall message, its deadlines, the lock and version check of an existing case (`_change`), the process steps it records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from app.clock import local_date
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
)
from app.domain.case import EVENT_TYPE, CaseAction, next_status
from app.domain.case_numbers import CaseNumberRule
from app.domain.codes import (
    CaseSource,
    CaseStatus,
    MaterialReceiveMode,
)
from app.domain.json_values import json_value
from app.domain.text import check_text
from app.domain.workdays import (
    WorkCalendar,
    case_due_date,
)
from app.errors import NotFound, ValidationError
from app.services import audit
from app.services.applicants import (
    check_agent,
    check_applicant,
    upsert_applicant,
)
from app.services.calendar import load_calendar
from app.services.case_changes import announce, check_version
from app.services.context import Actor
from app.services.intake.numbers import (
    _case_number,
    new_query_pin,
)
from app.services.intake.reads import (
    _case_query,
    _detail,
    _hall,
    _limits,
)
from app.services.intake.records import (
    CaseDetail,
    IntakeInput,
    MaterialInput,
)


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
                "intake.material_not_of_item",
                material=m.name,
                item=item.name,
                field="materials",
            )
        if m.received:
            try:
                MaterialReceiveMode(m.mode or MaterialReceiveMode.ORIGINAL.value)
            except ValueError:
                raise ValidationError(
                    "intake.material_mode_invalid",
                    position=i + 1,
                    material=m.name,
                    field="materials",
                ) from None
            if not 1 <= m.count <= 999:
                raise ValidationError(
                    "intake.material_copies_range",
                    position=i + 1,
                    material=m.name,
                    field="materials",
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
            "intake.material_defect_not_received",
            position=i + 1,
            material=m.name,
            field="materials",
        )
    if len(defect) > DEFECT_MAX:
        raise ValidationError(
            "intake.material_defect_too_long",
            position=i + 1,
            material=m.name,
            max_length=DEFECT_MAX,
            field="materials",
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


def new_received_case(
    session: Session,
    hall: Hall,
    item: ServiceItem,
    actor: Actor,
    now: datetime,
    today: date,
    rule: CaseNumberRule | None,
    **parties: Any,
) -> Case:
    """A case received now for `item`, by `actor`, with its number (`rule`, else the hall's):
    nothing accepted, paused or extended yet. `parties`: the applicant's and agent's fields, the
    contact, the ticket, the window, a previous case."""
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
        applied_at=now,
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
        **parties,
    )


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
        raise ValidationError("intake.item_required", field="service_item")
    item = session.scalars(
        select(ServiceItem)
        .options(selectinload(ServiceItem.materials))
        .where(ServiceItem.id == intake.service_item_id)
    ).one_or_none()
    if item is None:
        raise ValidationError("intake.item_not_found", field="service_item")
    if not item.active:
        raise ValidationError("intake.item_inactive", item=item.name, field="service_item")
    counter = session.get(Counter, intake.counter_id) if intake.counter_id else None
    hall = _hall(session, counter)
    today = local_date(now, hall.timezone)
    applicant = check_applicant(intake.applicant, today)
    agent = check_agent(intake.agent, today)
    materials = _check_materials(intake.materials, item)
    if intake.ticket_id is not None and session.get(Ticket, intake.ticket_id) is None:
        raise ValidationError("intake.ticket_missing", field="ticket")

    applicant_id = upsert_applicant(session, applicant, now)
    case = new_received_case(
        session,
        hall,
        item,
        actor,
        now,
        today,
        rule,
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
        ticket_id=intake.ticket_id,
        counter_id=counter.id if counter else None,
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


def _locked(session: Session, case_id: int) -> Case:
    query = _case_query().where(Case.id == case_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Case)
    case = session.scalars(query).one_or_none()
    if case is None:
        raise NotFound("case.not_found_refresh")
    return case


def _change(db: Database, actor: Actor, case_id: int, expected_version: int, fn) -> CaseDetail:
    """Every change of an existing case: refused (CaseChanged, naming who changed it last and when)
    unless the case is still at `expected_version`, the version the clerk's view showed."""
    with db.session() as session:
        case = _locked(session, case_id)
        check_version(session, case, expected_version)
        fn(session, case)
        return _decided(session, case)


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
