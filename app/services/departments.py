"""Departments (实施部门) and where their decisions can be challenged.

Each unit named on the catalog's items has a row: its 行政复议机关 and 人民法院, printed on every
不予受理通知书 and denial. They are hall-wide (in the database, not a PC's settings file) and set
by an admin, audited. A department appears here as soon as an item names it (catalog saves and
imports call `ensure`), with its remedies empty until the admin fills them in; decisions that need
them are refused until then (app.domain.decisions.require_remedies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import Department, ServiceItem
from app.domain.codes import Role
from app.domain.decisions import Remedies, require_remedies
from app.errors import NotFound, ValidationError
from app.services import audit
from app.services.access import allowed
from app.services.context import Actor

FIELDS = ["name", "review_body", "court", "vertical"]
NAME_MAX = 128


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    review_body: str | None
    court: str | None
    vertical: bool
    items: int  # active catalog items naming it
    updated_at: datetime | None

    @property
    def complete(self) -> bool:
        return bool(self.review_body and self.court)


def list_departments(db: Database) -> list[DepartmentInfo]:
    with db.reader() as session:
        counts = dict(
            session.execute(
                select(ServiceItem.department, func.count())
                .where(ServiceItem.active.is_(True))
                .group_by(ServiceItem.department)
            ).all()
        )
        return [
            DepartmentInfo(
                d.id,
                d.name,
                d.review_body,
                d.court,
                d.vertical,
                counts.get(d.name, 0),
                d.updated_at,
            )
            for d in session.scalars(select(Department).order_by(Department.name))
        ]


def ensure(session: Session, name: str | None) -> None:
    """A row for a department an item names (its remedies empty until an admin sets them)."""
    name = (name or "").strip()[:NAME_MAX]
    if name and session.scalar(select(Department.id).where(Department.name == name)) is None:
        session.add(Department(name=name))
        session.flush()


def remedies(session: Session, department: str | None, *, decision: str) -> Remedies:
    """The remedies a rejection or denial by `department` must print, or the ValidationError
    telling the clerk what the admin has to set first."""
    row = (
        session.scalar(select(Department).where(Department.name == department.strip()))
        if department and department.strip()
        else None
    )
    return require_remedies(
        department,
        row.review_body if row else None,
        row.court if row else None,
        decision=decision,
    )


def _text(value: str | None, field: str, label: str) -> str | None:
    text = " ".join((value or "").split())
    if len(text) > NAME_MAX:
        raise ValidationError("department.too_long", label=label, max_length=NAME_MAX, field=field)
    if any(not c.isprintable() for c in text):
        raise ValidationError("department.invisible_characters", label=label, field=field)
    return text or None


@allowed(Role.ADMIN)
def save_department(
    db: Database,
    actor: Actor,
    *,
    name: str,
    review_body: str | None,
    court: str | None,
    vertical: bool = False,
    department_id: int | None = None,
) -> DepartmentInfo:
    """Create or change a department. A name already used by items cannot be renamed here (the
    items name it by text); review body and court are checked for length and stray characters."""
    clean_name = _text(name, "name", "部门名称")
    if not clean_name:
        raise ValidationError("department.name_required", field="name")
    body = _text(review_body, "review_body", "行政复议机关")
    court_name = _text(court, "court", "人民法院")
    if court_name and "法院" not in court_name:
        raise ValidationError("department.court_required", field="court")
    with db.session() as session:
        same = session.scalar(select(Department).where(Department.name == clean_name))
        if department_id is None:
            if same is not None:
                raise ValidationError("department.exists_edit", name=clean_name, field="name")
            row = Department(name=clean_name)
            session.add(row)
            before = None
        else:
            row = session.get(Department, department_id)
            if row is None:
                raise NotFound("department.deleted")
            if same is not None and same.id != row.id:
                raise ValidationError("department.exists", name=clean_name, field="name")
            if clean_name != row.name and session.scalar(
                select(func.count()).where(ServiceItem.department == row.name)
            ):
                raise ValidationError(
                    "department.name_in_use",
                    field="name",
                )
            before = audit.snapshot(row, FIELDS)
        row.name = clean_name
        row.review_body = body
        row.court = court_name
        row.vertical = bool(vertical)
        row.updated_at = utcnow()
        session.flush()
        audit.record(
            session,
            actor,
            "department.save",
            "department",
            row.id,
            before=before,
            after=audit.snapshot(row, FIELDS),
        )
        items = session.scalar(
            select(func.count()).where(
                ServiceItem.department == row.name, ServiceItem.active.is_(True)
            )
        )
        return DepartmentInfo(
            row.id, row.name, row.review_body, row.court, row.vertical, items or 0, row.updated_at
        )
