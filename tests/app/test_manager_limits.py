"""The recall cap among the manager's limits, on SQLite and PostgreSQL: saved and read back,
bad values refused with the field named, audited before and after, and the next recall obeys it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import AuditLog
from app.domain.codes import Role, TicketStatus
from app.errors import PermissionDenied, ValidationError
from app.services import admin, auth, manager, queue
from app.services.context import Actor
from tests.conftest import DEMO_PASSWORD


def _manager(db) -> Actor:
    return auth.authenticate(db, "manager", DEMO_PASSWORD, host="pc-manager").actor("pc-manager")


def _clerk(n: int) -> Actor:
    return Actor(user_id=None, username=f"clerk{n:02d}", role=Role.CLERK, host=f"pc{n}")


def _audit(db) -> list[AuditLog]:
    with db.reader() as session:
        return list(
            session.scalars(
                select(AuditLog)
                .where(AuditLog.action == "hall.manager_limits")
                .order_by(AuditLog.id)
            )
        )


def test_the_recall_cap_is_saved_read_and_audited(demo_db):
    boss = _manager(demo_db)
    assert manager.limits(demo_db).recall_cap == 3
    saved = manager.save_limits(
        demo_db, boss, pause_limit_minutes=15, due_soon_working_days=3, recall_cap="5"
    )
    assert saved == manager.ManagerLimits(15, 3, 5) == manager.limits(demo_db)
    # leaving it out, or None, keeps it
    manager.save_limits(demo_db, boss, pause_limit_minutes=20, due_soon_working_days=3)
    manager.save_limits(
        demo_db, boss, pause_limit_minutes=20, due_soon_working_days=4, recall_cap=None
    )
    assert manager.limits(demo_db) == manager.ManagerLimits(20, 4, 5)
    first, second, third = _audit(demo_db)
    assert first.before == {
        "pause_limit_minutes": 15,
        "due_soon_working_days": 3,
        "recall_cap": 3,
    }
    assert first.after == {"pause_limit_minutes": 15, "due_soon_working_days": 3, "recall_cap": 5}
    assert second.before["recall_cap"] == second.after["recall_cap"] == 5
    assert third.after == {"pause_limit_minutes": 20, "due_soon_working_days": 4, "recall_cap": 5}


@pytest.mark.parametrize("bad", [0, 10, -1, "三", "", "2.5", True])
def test_a_bad_recall_cap_is_refused_and_nothing_changes(demo_db, bad):
    with pytest.raises(ValidationError) as error:
        manager.save_limits(
            demo_db, _manager(demo_db), pause_limit_minutes=30, due_soon_working_days=5,
            recall_cap=bad,
        )  # fmt: skip
    assert error.value.field == "recall_cap"
    assert "重呼次数上限" in error.value.message
    assert manager.limits(demo_db) == manager.ManagerLimits(15, 3, 3)
    assert _audit(demo_db) == []


def test_a_clerk_may_not_set_the_recall_cap(demo_db):
    with pytest.raises(PermissionDenied):
        manager.save_limits(
            demo_db, _clerk(5), pause_limit_minutes=15, due_soon_working_days=3, recall_cap=1
        )
    assert manager.limits(demo_db).recall_cap == 3


def test_with_a_cap_of_one_the_second_recall_is_a_no_show(demo_db):
    db = demo_db
    category = next(c.id for c in admin.list_categories(db) if c.prefix == "C")
    window = next(c.id for c in admin.list_counters(db) if c.number == 5)
    queue.open_counter(db, _clerk(5), window)
    queue.issue_ticket(db, category)
    queue.call_next(db, _clerk(5), window)
    assert queue.window_state(db, window).recall_cap == 3
    manager.save_limits(
        db, _manager(db), pause_limit_minutes=15, due_soon_working_days=3, recall_cap=1
    )
    assert queue.window_state(db, window).recall_cap == 1  # the clerk's window shows it at once
    assert queue.recall(db, _clerk(5), window).recall_count == 1
    last = queue.recall(db, _clerk(5), window)
    assert last.status == TicketStatus.NO_SHOW
    assert queue.window_state(db, window).current is None
