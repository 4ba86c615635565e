"""The service-item catalog (事项) as the windows read it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import ServiceItem


@dataclass(frozen=True)
class ItemBrief:
    id: int
    name: str
    implementation_code: str
    category_id: int | None


def items_for_category(db: Database, category_id: int) -> list[ItemBrief]:
    with db.reader() as session:
        rows = session.scalars(
            select(ServiceItem)
            .where(ServiceItem.category_id == category_id, ServiceItem.active.is_(True))
            .order_by(ServiceItem.name)
        )
        return [ItemBrief(i.id, i.name, i.implementation_code, i.category_id) for i in rows]
