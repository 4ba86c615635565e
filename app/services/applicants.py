"""Applicants (申请人): people and organisations, found again by their ID number.

The intake form checks what the clerk typed with `check_applicant` / `check_agent` (field-named
errors), and the intake transaction stores it with `upsert_applicant`. Lists and screens other than
the form get masked ID numbers (`id_number_masked`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Applicant, Case
from app.domain.codes import ApplicantKind, IdType
from app.domain.privacy import mask_id_number, mask_mobile
from app.domain.text import check_organisation_name, check_person_name, check_text
from app.domain.validation import (
    CITIZEN_NUMBER_TYPES,
    compact,
    normalize_landline,
    normalize_mobile,
    validate_id,
    validate_postcode,
)
from app.errors import ValidationError

PERSONAL_ID_TYPES = frozenset(t.value for t in IdType if t not in (IdType.USCC,))
ORGANISATION_ID_TYPES = frozenset({IdType.USCC.value, IdType.OTHER.value})


@dataclass(frozen=True)
class ApplicantInput:
    """What the clerk typed about the applicant (raw text; checked by `check_applicant`)."""

    kind: str = ApplicantKind.PERSON.value
    name: str = ""
    id_type: str = IdType.RESIDENT_ID.value
    id_number: str = ""
    mobile: str = ""
    phone: str = ""
    postcode: str = ""
    address: str = ""
    legal_representative: str = ""


@dataclass(frozen=True)
class AgentInput:
    name: str = ""
    id_type: str = IdType.RESIDENT_ID.value
    id_number: str = ""
    mobile: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.id_number.strip() or self.mobile.strip())


@dataclass(frozen=True)
class CheckedApplicant:
    kind: str
    name: str
    id_type: str
    id_number: str
    birth_date: date | None
    sex: str | None
    mobile: str | None
    phone: str | None
    postcode: str | None
    address: str | None
    legal_representative: str | None


@dataclass(frozen=True)
class CheckedAgent:
    name: str
    id_type: str
    id_number: str
    mobile: str | None


@dataclass(frozen=True)
class ApplicantInfo:
    id: int
    kind: str
    name: str
    id_type: str
    id_number: str
    birth_date: date | None
    sex: str | None
    mobile: str | None
    phone: str | None
    postcode: str | None
    address: str | None
    legal_representative: str | None
    updated_at: datetime | None

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def kind_label(self) -> str:
        return ApplicantKind(self.kind).label


def _info(a: Applicant) -> ApplicantInfo:
    return ApplicantInfo(
        a.id,
        a.kind,
        a.name,
        a.id_type,
        a.id_number,
        a.birth_date,
        a.sex,
        a.mobile,
        a.phone,
        a.postcode,
        a.address,
        a.legal_representative,
        a.updated_at or a.created_at,
    )


def _length(column) -> int:
    return column.type.length


# Limits from the columns the values go to (the applicant's row and the case's copy), so a value
# the form takes is one both databases store as typed (PostgreSQL refuses a longer one, SQLite
# would keep it whole).
NAME_MAX = min(_length(Applicant.name), _length(Case.applicant_name))
PERSON_NAME_MAX = 64
AGENT_NAME_MAX = _length(Case.agent_name)
ADDRESS_MAX = min(_length(Applicant.address), _length(Case.address))
LEGAL_REPRESENTATIVE_MAX = min(
    _length(Applicant.legal_representative), _length(Case.legal_representative)
)


def check_applicant(data: ApplicantInput, today: date) -> CheckedApplicant:
    """Check and normalise the applicant part of the form; errors name the form field
    (applicant_kind, applicant_name, applicant_id_type, applicant_id_number, mobile, phone,
    postcode, address, legal_representative)."""
    try:
        kind = ApplicantKind(data.kind)
    except ValueError:
        raise ValidationError("applicant.kind_required", field="applicant_kind") from None
    person = kind == ApplicantKind.PERSON
    if person:
        name = check_person_name(
            data.name, field="applicant_name", label="申请人姓名", max_length=PERSON_NAME_MAX
        )
    else:
        name = check_organisation_name(
            data.name, field="applicant_name", label="单位名称", max_length=NAME_MAX
        )
    try:
        id_type = IdType(data.id_type)
    except ValueError:
        raise ValidationError("applicant.id_type_required", field="applicant_id_type") from None
    if person and id_type.value not in PERSONAL_ID_TYPES:
        raise ValidationError(
            "applicant.person_with_uscc",
            field="applicant_id_type",
        )
    if not person and id_type.value not in ORGANISATION_ID_TYPES:
        raise ValidationError("applicant.organisation_id_type", field="applicant_id_type")
    checked_id = validate_id(id_type, data.id_number, field="applicant_id_number", today=today)
    mobile = phone = None
    if (data.mobile or "").strip():
        mobile = normalize_mobile(data.mobile, field="mobile")
    if (data.phone or "").strip():
        phone = normalize_landline(data.phone, field="phone")
    if mobile is None and phone is None:
        raise ValidationError("applicant.contact_phone_required", field="mobile")
    postcode = validate_postcode(data.postcode) if (data.postcode or "").strip() else None
    address = check_text(data.address, field="address", label="地址", max_length=ADDRESS_MAX)
    legal_rep = None
    if (data.legal_representative or "").strip():
        legal_rep = check_person_name(
            data.legal_representative,
            field="legal_representative",
            label="法定代表人",
            max_length=LEGAL_REPRESENTATIVE_MAX,
        )
    return CheckedApplicant(
        kind.value,
        name,
        id_type.value,
        checked_id.number,
        checked_id.birth_date,
        checked_id.sex,
        mobile,
        phone,
        postcode,
        address,
        legal_rep,
    )


def check_agent(data: AgentInput | None, today: date) -> CheckedAgent | None:
    """An agent (代理人) is optional; once any of it is typed, name and ID are required."""
    if data is None or data.empty:
        return None
    name = check_person_name(
        data.name, field="agent_name", label="代理人姓名", max_length=AGENT_NAME_MAX
    )
    try:
        id_type = IdType(data.id_type)
    except ValueError:
        raise ValidationError("applicant.agent_id_type_required", field="agent_id_type") from None
    if id_type.value not in PERSONAL_ID_TYPES:
        raise ValidationError("applicant.agent_id_type_person", field="agent_id_type")
    checked = validate_id(id_type, data.id_number, field="agent_id_number", today=today)
    mobile = normalize_mobile(data.mobile, field="agent_mobile") if data.mobile.strip() else None
    return CheckedAgent(name, id_type.value, checked.number, mobile)


def upsert_applicant(session: Session, checked: CheckedApplicant, now: datetime) -> int:
    """The id of the applicant row for this ID, created or refreshed with what was typed now.

    One INSERT … ON CONFLICT DO UPDATE: two PCs taking in the same new applicant at the same
    instant both end up with the one row (a SELECT-then-INSERT would fail one of them)."""
    contact = {
        name: getattr(checked, name)
        for name in ("mobile", "phone", "postcode", "address", "legal_representative")
        # Keep the known ones where the clerk left a field empty this time.
        if getattr(checked, name) is not None
    }
    refreshed = {
        "kind": checked.kind,
        "name": checked.name,
        "birth_date": checked.birth_date,
        "sex": checked.sex,
        "updated_at": now,
        **contact,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(Applicant)
        .values(id_type=checked.id_type, id_number=checked.id_number, created_at=now, **refreshed)
        .on_conflict_do_update(
            index_elements=[Applicant.id_type, Applicant.id_number], set_=refreshed
        )
        .returning(Applicant.id)
    )
    return int(session.execute(statement).scalar_one())


def find_applicant(db: Database, id_type: str, id_number: str) -> ApplicantInfo | None:
    """A returning applicant by ID number (typed any way: spaces, lower-case x)."""
    number = compact(id_number)
    if not number:
        return None
    with db.reader() as session:
        row = session.scalars(
            select(Applicant).where(Applicant.id_type == id_type, Applicant.id_number == number)
        ).one_or_none()
        if row is None and id_type in CITIZEN_NUMBER_TYPES:
            # The same citizen number under another type that shows it (resident ID, household
            # register, residence permits; a permit holder taken in under 111 before 237/238).
            row = session.scalars(
                select(Applicant)
                .where(
                    Applicant.id_type.in_(sorted(CITIZEN_NUMBER_TYPES)),
                    Applicant.id_number == number,
                )
                .order_by(Applicant.updated_at.desc())
            ).first()
        return _info(row) if row is not None else None


def search_applicants(db: Database, name_prefix: str, limit: int = 20) -> list[ApplicantInfo]:
    prefix = (name_prefix or "").strip()
    if not prefix:
        return []
    with db.reader() as session:
        rows = session.scalars(
            select(Applicant)
            .where(Applicant.name.startswith(prefix, autoescape=True))
            .order_by(Applicant.name)
            .limit(limit)
        )
        return [_info(r) for r in rows]
