"""The hall's identity: kept in the database (every PC of a hall reads the same one) and
updated from this PC's settings where the settings name it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import audit
from app.db.engine import Database
from app.db.models import Hall
from app.services.context import Actor
from app.settings import HallSettings

HALL_FIELDS = ["code", "name", "region_code", "uscc", "timezone"]


@dataclass(frozen=True)
class HallInfo:
    id: int
    code: str
    name: str
    region_code: str
    uscc: str | None
    timezone: str
    address: str | None
    phone: str | None
    supervise_phone: str | None
    recall_cap: int


def get_hall(db: Database) -> HallInfo | None:
    with db.reader() as session:
        hall = session.scalars(select(Hall).order_by(Hall.id)).first()
        if hall is None:
            return None
        return HallInfo(
            hall.id,
            hall.code,
            hall.name,
            hall.region_code,
            hall.uscc,
            hall.timezone,
            hall.address,
            hall.phone,
            hall.supervise_phone,
            hall.recall_cap,
        )


def apply_settings_identity(db: Database, settings: HallSettings, actor: Actor) -> HallInfo | None:
    """Write the identity named in the settings into the hall row (audited), leaving unset fields."""
    # Only what the settings state explicitly: a default time zone must not overwrite the hall's.
    wanted = {
        k: getattr(settings, k)
        for k in HALL_FIELDS
        if k in settings.model_fields_set and getattr(settings, k) is not None
    }
    with db.session() as session:
        hall = session.scalars(select(Hall).order_by(Hall.id)).first()
        if hall is None:
            return None
        before = audit.snapshot(hall, HALL_FIELDS)
        changed = {k: v for k, v in wanted.items() if getattr(hall, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(hall, key, value)
            audit.record(
                session,
                actor,
                "hall.update_from_settings",
                "hall",
                hall.id,
                before={k: before[k] for k in changed},
                after=changed,
            )
    return get_hall(db)
