"""Start-up shared by every entry point: open the database, migrate it, seed the demo hall if
asked, and bring the hall identity in line with this PC's settings. Raises HallDeskError
subclasses whose messages and exit codes the command line and the GUI show as they are."""

from __future__ import annotations

import logging

from app.db.engine import Database, open_database
from app.db.migrate import UpgradeResult, upgrade
from app.services.context import Actor
from app.services.demo import seed_demo
from app.services.hall import apply_settings_identity
from app.services.queue import expire_stale
from app.settings import Settings

log = logging.getLogger(__name__)


def prepare_database(settings: Settings, *, demo: bool = False) -> tuple[Database, UpgradeResult]:
    db = open_database(
        settings.database_url, busy_timeout_seconds=settings.database.busy_timeout_seconds
    )
    try:
        result = upgrade(db.engine, backup=settings.database.backup_before_migrate)
        if demo and seed_demo(db):
            log.info("demo hall loaded into %s", settings.database_url)
        apply_settings_identity(db, settings.hall, Actor.system())
        # Yesterday's queue ends here if no PC ran through midnight: nobody can be called from it.
        if expired := expire_stale(db):
            log.info("%d tickets of earlier days expired", expired)
    except BaseException:
        db.dispose()
        raise
    return db, result
