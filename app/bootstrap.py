"""Start-up shared by every entry point: open the database, migrate it, seed the demo hall if
asked, and bring the hall identity in line with this PC's settings. Raises HallDeskError
subclasses whose messages and exit codes the command line and the GUI show as they are."""

from __future__ import annotations

import logging

from app.db.engine import Database, open_database
from app.db.migrate import UpgradeResult, upgrade
from app.domain.case_numbers import RULE_LABELS
from app.services.context import Actor
from app.services.demo import seed_demo
from app.services.hall import adopt_case_number_rule, apply_settings_identity
from app.services.intake import apply_deemed_acceptance
from app.services.queue import expire_stale
from app.settings import CASE_NUMBER_RULE_MOVED, Settings

log = logging.getLogger(__name__)


def prepare_database(settings: Settings, *, demo: bool = False) -> tuple[Database, UpgradeResult]:
    db = open_database(
        settings.database_url, busy_timeout_seconds=settings.database.busy_timeout_seconds
    )
    try:
        result = upgrade(
            db.engine,
            backup=settings.database.backup_before_migrate,
            program_role=settings.database.program_role,
        )
        if demo and seed_demo(db):
            log.info("demo hall loaded into %s", settings.database_url)
        apply_settings_identity(db, settings.hall, Actor.system())
        _case_number_rule(db, settings)
        # Yesterday's queue ends here if no PC ran through midnight: nobody can be called from it.
        if expired := expire_stale(db):
            log.info("%d tickets of earlier days expired", expired)
        # 收件 past its 5 working days counts as accepted from receipt (行政许可法 §32).
        if deemed := apply_deemed_acceptance(db, Actor.system()):
            log.info("accepted from receipt (no decision within 5 working days): %s", deemed)
    except BaseException:
        db.dispose()
        raise
    return db, result


def _case_number_rule(db: Database, settings: Settings) -> None:
    """The hall's case-number rule: copied from this PC's file if the hall has none yet (a database
    from before the rule moved into it); said in the log when the file's key is not used."""
    found = adopt_case_number_rule(db, settings.hall, Actor.system())
    if found is None:
        return
    rule, label = found.rule, RULE_LABELS.get(found.rule, found.rule)
    if found.adopted:
        log.info(
            "the hall had no case-number rule yet: this PC's %s (%s, %s) is now the hall's, for "
            "every PC; the settings files' hall.case_number_rule is not read any more",
            "setting" if found.from_file else "default",
            rule,
            label,
        )
    elif found.from_file is not None and found.from_file != rule:
        log.warning(
            "%s; this PC's file says %s but the hall numbers cases by %s (%s)",
            CASE_NUMBER_RULE_MOVED,
            found.from_file,
            rule,
            label,
        )
    elif found.from_file is not None:
        log.info("%s (it says %s, as the hall does)", CASE_NUMBER_RULE_MOVED, rule)
