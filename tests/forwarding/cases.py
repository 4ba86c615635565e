"""Making cases for the forwarding tests without the intake service (which is not the subject)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.models import Case, CaseMaterial, Hall, ServiceItem
from app.domain.codes import CaseStatus, CaseType


def _hall_and_item(session: Session) -> tuple[Hall, ServiceItem]:
    hall = session.scalars(select(Hall).where(Hall.code == "FWDTEST")).first()
    if hall is None:
        hall = Hall(code="FWDTEST", name="测试大厅", region_code="330100", created_at=utcnow())
        session.add(hall)
        session.flush()
    item = session.scalars(
        select(ServiceItem).where(ServiceItem.implementation_code == "11330100MB0000000X4330100001")
    ).first()
    if item is None:
        item = ServiceItem(
            basic_code="000101001000",
            implementation_code="11330100MB0000000X4330100001",
            name="食品经营许可（新办）",
            item_type="01",
            case_type=CaseType.PROMISED,
        )
        session.add(item)
        session.flush()
    return hall, item


def make_case(session: Session, n: int, *, name: str = "张三") -> Case:
    hall, item = _hall_and_item(session)
    now = utcnow()
    case = Case(
        case_no=f"{item.implementation_code}{now:%Y%m%d}{n:05d}",
        query_pin="123456",
        hall_id=hall.id,
        service_item_id=item.id,
        item_code=item.implementation_code,
        item_name=item.name,
        case_type=CaseType.PROMISED,
        status=CaseStatus.RECEIVED,
        region_code="330100",
        applicant_kind="1",
        applicant_name=name,
        applicant_id_type="111",
        applicant_id_number="11010519491231002X",
        contact_mobile="13800000000",
        applied_at=now,
        created_at=now,
        fee_amount=Decimal("0.00"),
    )
    case.materials = [
        CaseMaterial(
            name="营业执照",
            position=0,
            received=True,
            receive_mode="copy",
            count=1,
            received_at=now,
        ),
        CaseMaterial(
            name="身份证",
            position=1,
            received=True,
            receive_mode="original",
            count=1,
            received_at=now,
        ),
    ]
    session.add(case)
    session.flush()
    return case


def accept(case: Case) -> None:
    case.status = CaseStatus.ACCEPTED
    case.accepted_at = utcnow()
    case.accepting_unit_name = "市市场监督管理局"
    case.accepting_unit_uscc = "11330100MB0000000X"
    case.notice_no = f"SL{case.id:06d}"
    case.promised_date = local_date(case.accepted_at, "Asia/Shanghai") + timedelta(days=20)
    case.data_version = (case.data_version or 1) + 1
