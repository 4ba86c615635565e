"""The hall's identity: kept in the database (every PC of a hall reads the same one) and
updated from this PC's settings where the settings name it.

Hall-wide rules live on the hall's row too, not in each PC's settings file: the case-number rule
(`hall.case_number_rule`) is set by the admin (app.services.admin.set_case_number_rule). A database
from before it moved there has none yet: the first PC to start copies its file's rule in
(`adopt_case_number_rule`), so the hall keeps numbering as it did; later the files' key is ignored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Hall
from app.domain.case_numbers import DEFAULT_RULE_NAME
from app.errors import NotFound
from app.services import audit
from app.services.access import allowed
from app.services.context import Actor, Unattended
from app.settings import HallSettings

HALL_FIELDS = ["code", "name", "region_code", "uscc", "timezone"]


NO_HALL = "hall.missing"


def find_hall(session: Session) -> Hall | None:
    """The hall this database serves (one per database; the first row if a test made more)."""
    return session.scalars(select(Hall).order_by(Hall.id)).first()


def require_hall(session: Session) -> Hall:
    """The hall, or NotFound with what to do when the database has none yet."""
    hall = find_hall(session)
    if hall is None:
        raise NotFound(NO_HALL)
    return hall


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
    case_number_rule: str | None = None  # None: never set (numbered by the default rule)


def get_hall(db: Database) -> HallInfo | None:
    with db.reader() as session:
        hall = find_hall(session)
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
            hall.case_number_rule,
        )


@allowed(Unattended.PROGRAM)
def apply_settings_identity(db: Database, settings: HallSettings, actor: Actor) -> HallInfo | None:
    """Write the identity named in the settings into the hall row (audited), leaving unset fields."""
    # Only what the settings state explicitly: a default time zone must not overwrite the hall's.
    wanted = {
        k: getattr(settings, k)
        for k in HALL_FIELDS
        if k in settings.model_fields_set and getattr(settings, k) is not None
    }
    with db.session() as session:
        hall = find_hall(session)
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


@dataclass(frozen=True)
class CaseNumberRuleAtStart:
    """What start-up found: the hall's rule, whether this PC has just copied its rule in, and the
    rule this PC's settings file names (None: it names none)."""

    rule: str
    adopted: bool
    from_file: str | None


@allowed(Unattended.PROGRAM)
def adopt_case_number_rule(
    db: Database, settings: HallSettings, actor: Actor
) -> CaseNumberRuleAtStart | None:
    """At start: a hall without a case-number rule (a database from before the rule moved into it)
    takes this PC's file's rule, or the default the PC numbered by when the file names none,
    audited. Two PCs starting together: one conditional UPDATE wins, the other finds it set."""
    from_file = settings.case_number_rule
    with db.session() as session:
        hall = find_hall(session)
        if hall is None:
            return None
        adopted = False
        if hall.case_number_rule is None:
            wanted = from_file or DEFAULT_RULE_NAME
            taken = session.execute(
                update(Hall)
                .where(Hall.id == hall.id, Hall.case_number_rule.is_(None))
                .values(case_number_rule=wanted)
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken:
                adopted = True
                audit.record(
                    session,
                    actor,
                    "hall.case_number_rule_from_settings",
                    "hall",
                    hall.id,
                    before={"case_number_rule": None},
                    after={"case_number_rule": wanted},
                )
        rule = session.scalar(select(Hall.case_number_rule).where(Hall.id == hall.id))
        assert rule is not None
    return CaseNumberRuleAtStart(rule, adopted, from_file)
