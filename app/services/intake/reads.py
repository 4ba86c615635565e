"""Reading cases: one case in full (`CaseDetail`), search, a service item's checklist, the due dates a clerk is shown before deciding."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    Counter,
    Hall,
    ServiceItem,
    Ticket,
    User,
)
from app.domain.codes import (
    CaseStatus,
    CaseType,
)
from app.domain.privacy import mask_id_number, mask_mobile
from app.domain.validation import compact, normalize_mobile
from app.domain.workdays import (
    STATUTORY_LIMIT_DAYS,
    case_due_date,
)
from app.errors import NotFound, ValidationError
from app.services.calendar import load_calendar
from app.services.hall import require_hall
from app.services.intake.records import (
    CaseBrief,
    CaseDetail,
    CaseEventInfo,
    CaseMaterialInfo,
    CaseStepInfo,
    DueDatePreview,
    MaterialInput,
)

T = TypeVar("T")


def copied(cls: type[T], row: Any, **computed: Any) -> T:
    """A result dataclass from an ORM row: each field not given in `computed` is the row's
    attribute of the same name (an AttributeError, not a silent default, when the row has none).
    A field added to both the table and the result is carried without another line here."""
    values = {
        f.name: computed.pop(f.name) if f.name in computed else getattr(row, f.name)
        for f in fields(cls)
    }
    assert not computed, f"not fields of {cls.__name__}: {sorted(computed)}"
    return cls(**values)


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
    return copied(
        CaseDetail,
        case,
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
        ticket_number=ticket_number,
        counter_number=counter.number if counter else None,
        clerk_name=usernames.get(case.clerk_id) if case.clerk_id else None,
        extension_limit_days=item.extension_limit_days,
        materials=tuple(copied(CaseMaterialInfo, m) for m in case.materials),
        steps=tuple(copied(CaseStepInfo, s) for s in case.steps),
        events=tuple(
            copied(CaseEventInfo, e, username=usernames.get(e.user_id) if e.user_id else None)
            for e in case.events
        ),
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
            raise NotFound("case.not_found_search_again")
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
            raise NotFound("intake.item_not_found", field="service_item")
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
            raise NotFound("intake.item_not_found", field="service_item")
        hall = _hall(session, None)
        today = local_date(now, hall.timezone)
        calendar = load_calendar(session)
        legal, promised = _limits(item)
        promised_due = case_due_date(calendar, today, promised)
        legal_due = case_due_date(calendar, today, legal)
    warnings = dict.fromkeys(promised_due.warnings + legal_due.warnings)
    return DueDatePreview(today, promised_due.day, legal_due.day, "\n".join(warnings) or None)


def _hall(session: Session, counter: Counter | None) -> Hall:
    if counter is None:
        return require_hall(session)
    return session.get_one(Hall, counter.hall_id)
