"""Cases made the way a clerk makes them, for tests, screenshots and benchmarks that need one."""

from __future__ import annotations

from datetime import datetime

from app.db.engine import Database
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
