"""Letting a full-screen station (kiosk, hall board) go: a hall manager's or admin's own password,
checked as at login (same lockout), and audited — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db.models import AuditLog, User
from app.domain.codes import Role
from app.errors import AccountLocked, LoginFailed, PermissionDenied
from app.services.auth import MAX_FAILED_LOGINS, authenticate, authorize_station_exit
from tests.conftest import DEMO_PASSWORD

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def station_exit(db, username: str, password: str = DEMO_PASSWORD, *, now: datetime = T0):
    return authorize_station_exit(
        db, username, password, host="kiosk-1", station="kiosk", action="close", now=now
    )


def audit(db) -> list[tuple[str, str, str, dict | None]]:
    with db.reader() as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        return [(r.action, r.username, r.host, r.after) for r in rows]


@pytest.mark.parametrize(("username", "role"), [("manager", Role.MANAGER), ("admin", Role.ADMIN)])
def test_a_manager_or_admin_lets_the_station_go(demo_db, username, role):
    user = station_exit(demo_db, username)
    assert user.username == username and user.role == role
    assert audit(demo_db)[-1] == (
        "station.exit",
        username,
        "kiosk-1",
        {"station": "kiosk", "action": "close"},
    )


def test_it_is_not_a_login(demo_db):
    station_exit(demo_db, "manager")
    with demo_db.reader() as session:
        manager = session.scalars(select(User).where(User.username == "manager")).one()
        assert manager.last_login_at is None
    assert not [row for row in audit(demo_db) if row[0] == "login"]


def test_a_clerk_is_refused_and_it_is_audited(demo_db):
    with pytest.raises(PermissionDenied) as info:
        station_exit(demo_db, "clerk01")
    assert info.value.field == "username"
    assert "只有大厅管理员或系统管理员" in info.value.message
    assert audit(demo_db)[-1][:2] == ("station.exit_refused", "clerk01")


def test_wrong_passwords_lock_the_account_as_at_login(demo_db):
    for i in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed) as info:
            station_exit(demo_db, "manager", "wrong-pass1", now=T0 + timedelta(seconds=i))
        assert info.value.field == "password"
    with pytest.raises(AccountLocked):
        station_exit(demo_db, "manager", "wrong-pass1", now=T0 + timedelta(seconds=10))
    # Locked for the desk's login too, and for the right password.
    with pytest.raises(AccountLocked):
        authenticate(demo_db, "manager", DEMO_PASSWORD, host="pc-1", now=T0 + timedelta(seconds=11))
    with pytest.raises(AccountLocked):
        station_exit(demo_db, "manager", now=T0 + timedelta(seconds=12))
    assert [row[0] for row in audit(demo_db)].count("login.failed") == MAX_FAILED_LOGINS - 1
    assert "login.locked" in [row[0] for row in audit(demo_db)]


def test_empty_fields_and_unknown_users_are_refused(demo_db):
    with pytest.raises(LoginFailed) as info:
        station_exit(demo_db, "nobody")
    assert info.value.field == "password"
    with pytest.raises(LoginFailed) as info:
        station_exit(demo_db, "  ")
    assert info.value.field == "username"
    with pytest.raises(LoginFailed) as info:
        station_exit(demo_db, "manager", "")
    assert info.value.field == "password"
