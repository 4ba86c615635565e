"""Cases made the way a clerk makes them, for tests, screenshots and benchmarks that need one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Case, ServiceItem
from app.domain.codes import CaseStatus, CaseType
from app.services import catalog, intake
from app.services.applicants import ApplicantInput
from app.services.context import Actor
from app.services.intake import CaseDetail, IntakeInput, MaterialInput

GOOD_ID = "11010519491231002X"


def every_material_received(db: Database, item_id: int) -> tuple[MaterialInput, ...]:
    """The item's checklist with every line received as one original."""
    return tuple(
        MaterialInput(
            name=m.name,
            material_id=m.material_id,
            required=m.required,
            requirement=m.requirement,
            received=True,
            mode="original",
            count=1,
        )
        for m in intake.checklist(db, item_id)
    )


def accept_case(
    db: Database,
    actor: Actor,
    item_name: str = "有限责任公司设立登记",
    *,
    name: str = "张三",
    now: datetime | None = None,
) -> CaseDetail:
    """An accepted case of the named item, every material received."""
    item = next(i for i in catalog.list_items(db) if i.name == item_name)
    data = IntakeInput(
        item.id,
        ApplicantInput(name=name, id_number=GOOD_ID, mobile="13812345678", address="临江市"),
        materials=every_material_received(db, item.id),
    )
    return intake.accept(db, actor, data, now=now)


def case_row(
    session: Session,
    item: ServiceItem,
    n: int,
    status: CaseStatus,
    *,
    clerk_id: int,
    applied_at: datetime,
    prefix: str = "T",
    **fields,
) -> Case:
    """A case row written straight into the database (no service, no audit entry), for tests of
    the figures computed from cases: number `{prefix}{n:04d}`, 张三丰, accepted when applied unless
    it waits for supplements; `fields` set the rest (completed_at, promised_date …)."""
    case = Case(
        case_no=f"{prefix}{n:04d}",
        query_pin="123456",
        hall_id=1,
        service_item_id=item.id,
        item_code=item.implementation_code,
        item_name=item.name,
        case_type=CaseType.PROMISED,
        status=status,
        applicant_kind="1",
        applicant_name="张三丰",
        applicant_id_type="111",
        applicant_id_number=f"11010519491231{n:04d}",
        applied_at=applied_at,
        accepted_at=applied_at if status != CaseStatus.NEEDS_SUPPLEMENT else None,
        clerk_id=clerk_id,
        created_at=applied_at,
        **fields,
    )
    session.add(case)
    return case
