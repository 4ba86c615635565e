"""Logging in, lockout, and counter (window) sessions, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.db.models import AuditLog, Counter, CounterSession, User
from app.domain.codes import Role
from app.errors import (
    AccountLocked,
    CounterTaken,
    HallDeskError,
    LoginFailed,
    NotFound,
    PermissionDenied,
)
from app.services.auth import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    authenticate,
    end_counter_session,
    start_counter_session,
    touch_counter_session,
)
from tests.conftest import DEMO_PASSWORD

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in the hall


def audit_rows(db, action: str | None = None) -> list[AuditLog]:
    with db.reader() as s:
        query = select(AuditLog).order_by(AuditLog.id)
        if action:
            query = query.where(AuditLog.action == action)
        return list(s.scalars(query))


def login(db, username: str, *, host: str = "pc-1", now: datetime = T0):
    return authenticate(db, username, DEMO_PASSWORD, host=host, now=now)


# --------------------------------------------------------------------------- authenticate


def test_demo_users_log_in(demo_db):
    expected = []
    for username, role in [
        ("admin", Role.ADMIN),
        ("manager", Role.MANAGER),
        ("clerk01", Role.CLERK),
    ]:
        info = login(demo_db, username)
        assert info.username == username
        assert info.role == role
        assert info.active and not info.must_change_password
        with demo_db.reader() as s:
            user = s.scalars(select(User).where(User.username == username)).one()
            assert user.last_login_at == T0
            assert user.failed_logins == 0
        expected.append((username, "pc-1", info.id))
    entries = audit_rows(demo_db, "login")
    assert [(e.username, e.host, e.user_id) for e in entries] == expected


def test_clerk_info_lists_assigned_counters(demo_db):
    assert login(demo_db, "clerk01").counter_numbers == (1, 11)
    assert login(demo_db, " clerk04 ").counter_numbers == (3, 4)  # surrounding blanks ignored


def test_empty_username_or_password(demo_db):
    with pytest.raises(LoginFailed) as info:
        authenticate(demo_db, "  ", DEMO_PASSWORD, host="pc-1", now=T0)
    assert info.value.field == "username"
    with pytest.raises(LoginFailed) as info:
        authenticate(demo_db, "clerk01", "", host="pc-1", now=T0)
    assert info.value.field == "password"


def test_wrong_password_counts_down_then_locks(demo_db):
    messages = []
    for i in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed) as info:
            authenticate(
                demo_db, "clerk01", "wrong-pass1", host="pc-1", now=T0 + timedelta(seconds=i)
            )
        assert type(info.value) is LoginFailed
        assert info.value.field == "password"
        messages.append(info.value.message)
    for left, message in zip([4, 3, 2, 1], messages, strict=True):
        assert f"再错 {left} 次" in message, message

    with pytest.raises(AccountLocked) as info:
        authenticate(demo_db, "clerk01", "wrong-pass1", host="pc-1", now=T0 + timedelta(seconds=10))
    assert info.value.seconds_left == int(LOCKOUT.total_seconds()) == 300
    assert "5 分钟" in info.value.message

    # the right password does not help while locked
    with pytest.raises(AccountLocked) as info:
        login(demo_db, "clerk01", now=T0 + timedelta(seconds=70))
    assert 230 <= info.value.seconds_left <= 240
    assert "4 分钟" in info.value.message
    with pytest.raises(AccountLocked):
        login(demo_db, "clerk01", now=T0 + timedelta(seconds=10) + LOCKOUT - timedelta(seconds=1))

    # five minutes later it works again, with a fresh count
    info = login(demo_db, "clerk01", now=T0 + timedelta(seconds=10) + LOCKOUT)
    assert info.username == "clerk01"
    with demo_db.reader() as s:
        user = s.scalars(select(User).where(User.username == "clerk01")).one()
        assert user.failed_logins == 0 and user.locked_until is None
    # other accounts were never affected
    assert login(demo_db, "clerk02").username == "clerk02"


def test_lockout_survives_a_new_connection(demo_db):
    """The failure count is committed, not held in memory of one session."""
    for i in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            authenticate(
                demo_db, "clerk03", "wrong-pass1", host="pc-1", now=T0 + timedelta(seconds=i)
            )
    from app.db.engine import open_database

    other = open_database(demo_db.engine.url.render_as_string(hide_password=False))
    try:
        with pytest.raises(AccountLocked):
            login(other, "clerk03", now=T0 + timedelta(seconds=30))
    finally:
        other.dispose()


def test_a_success_resets_the_count(demo_db):
    for i in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed):
            authenticate(
                demo_db, "clerk01", "wrong-pass1", host="pc-1", now=T0 + timedelta(seconds=i)
            )
    login(demo_db, "clerk01", now=T0 + timedelta(seconds=5))
    with pytest.raises(LoginFailed) as info:
        authenticate(demo_db, "clerk01", "wrong-pass1", host="pc-1", now=T0 + timedelta(seconds=6))
    assert type(info.value) is LoginFailed and "再错 4 次" in info.value.message


def test_disabled_user_is_refused(demo_db):
    with demo_db.session() as s:
        s.execute(update(User).where(User.username == "clerk02").values(active=False))
    with pytest.raises(LoginFailed) as info:
        login(demo_db, "clerk02")
    assert "停用" in info.value.message
    assert not audit_rows(demo_db, "login")


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(demo_db):
    with pytest.raises(LoginFailed) as wrong:
        authenticate(demo_db, "clerk01", "wrong-pass1", host="pc-1", now=T0)
    with pytest.raises(LoginFailed) as unknown:
        authenticate(demo_db, "nobody", "wrong-pass1", host="pc-1", now=T0)
    assert type(unknown.value) is type(wrong.value)
    assert unknown.value.field == wrong.value.field
    # Otherwise the message tells an outsider which usernames exist.
    assert unknown.value.message == wrong.value.message


def test_failed_logins_and_lockout_are_audited(demo_db):
    for i in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed):
            authenticate(
                demo_db, "clerk05", "wrong-pass1", host="pc-7", now=T0 + timedelta(seconds=i)
            )
    failed = audit_rows(demo_db, "login.failed")
    assert [e.after for e in failed] == [{"failed_logins": n} for n in range(1, MAX_FAILED_LOGINS)]
    assert {(e.username, e.host, e.entity) for e in failed} == {("clerk05", "pc-7", "app_user")}
    locked = audit_rows(demo_db, "login.locked")
    assert len(locked) == 1
    assert locked[0].username == "clerk05" and locked[0].host == "pc-7"
    until = datetime.fromisoformat(locked[0].after["locked_until"])
    assert until == T0 + timedelta(seconds=MAX_FAILED_LOGINS - 1) + LOCKOUT
    assert not audit_rows(demo_db, "login")


def test_failed_login_with_an_unknown_username_is_audited(demo_db):
    # Guessing at usernames is a failed login like any other; the trail must show it.
    with pytest.raises(LoginFailed):
        authenticate(demo_db, "root", "wrong-pass1", host="pc-9", now=T0)
    entries = audit_rows(demo_db, "login.failed")
    assert [(e.username, e.host, e.user_id) for e in entries] == [("root", "pc-9", None)]


# --------------------------------------------------------------------------- counter sessions


def open_sessions(db) -> list[tuple[int, int, str]]:
    """(counter number, user id, host) of every open session."""
    with db.reader() as s:
        rows = s.scalars(select(CounterSession).where(CounterSession.ended_at.is_(None))).all()
        return sorted((cs.counter.number, cs.user_id, cs.host) for cs in rows)


def test_clerk_only_at_assigned_windows(demo_db):
    clerk = login(demo_db, "clerk01")
    cs = start_counter_session(demo_db, clerk, 1, host="pc-1", now=T0)
    assert (cs.counter_number, cs.user_id, cs.host) == (1, clerk.id, "pc-1")
    assert cs.started_at == T0
    end_counter_session(demo_db, cs.id, clerk.actor("pc-1"), now=T0)
    with pytest.raises(PermissionDenied) as info:
        start_counter_session(demo_db, clerk, 3, host="pc-1", now=T0)
    assert info.value.field == "counter_number"
    assert "1、11" in info.value.message  # says which windows are allowed
    assert open_sessions(demo_db) == []


def test_unknown_window(demo_db):
    manager = login(demo_db, "manager")
    with pytest.raises(NotFound) as info:
        start_counter_session(demo_db, manager, 99, host="pc-1", now=T0)
    assert info.value.field == "counter_number"


def test_window_taken_by_another_clerk_names_holder_and_host(demo_db):
    clerk03 = login(demo_db, "clerk03")
    clerk04 = login(demo_db, "clerk04")
    start_counter_session(demo_db, clerk03, 3, host="pc-3", now=T0)
    with pytest.raises(CounterTaken) as info:
        start_counter_session(demo_db, clerk04, 3, host="pc-4", now=T0)
    error = info.value
    assert (error.holder, error.host, error.counter_number) == ("刘婷", "pc-3", 3)
    assert "刘婷" in error.message and "pc-3" in error.message
    # the same clerk from another PC is refused as well
    with pytest.raises(CounterTaken) as info:
        start_counter_session(demo_db, clerk03, 3, host="pc-other", now=T0)
    assert info.value.host == "pc-3"
    assert open_sessions(demo_db) == [(3, clerk03.id, "pc-3")]


def test_same_clerk_same_pc_resumes(demo_db):
    clerk = login(demo_db, "clerk01")
    first = start_counter_session(demo_db, clerk, 1, host="pc-1", now=T0)
    again = start_counter_session(demo_db, clerk, 1, host="pc-1", now=T0 + timedelta(minutes=3))
    assert again.id == first.id
    assert again.started_at == T0
    with demo_db.reader() as s:
        assert s.get(CounterSession, first.id).last_seen_at == T0 + timedelta(minutes=3)
    assert len(audit_rows(demo_db, "counter_session.resume")) == 1
    assert open_sessions(demo_db) == [(1, clerk.id, "pc-1")]


def test_take_over_ends_the_other_session_and_is_audited(demo_db):
    clerk03 = login(demo_db, "clerk03")
    clerk04 = login(demo_db, "clerk04")
    held = start_counter_session(demo_db, clerk03, 3, host="pc-3", now=T0)
    later = T0 + timedelta(minutes=10)
    mine = start_counter_session(demo_db, clerk04, 3, host="pc-4", take_over=True, now=later)
    assert mine.id != held.id
    assert open_sessions(demo_db) == [(3, clerk04.id, "pc-4")]
    with demo_db.reader() as s:
        old = s.get(CounterSession, held.id)
        assert old.ended_at == later and old.end_reason == "taken_over"
    entries = audit_rows(demo_db, "counter_session.take_over")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.username == "clerk04" and entry.host == "pc-4"
    assert entry.entity_id == str(held.id)
    assert entry.before == {"counter_id": held.counter_id, "user_id": clerk03.id, "host": "pc-3"}
    assert entry.after["taken_by"] == "clerk04" and entry.after["host"] == "pc-4"
    # the PC that lost the window learns it on its next heartbeat
    assert touch_counter_session(demo_db, held.id, now=later + timedelta(seconds=5)) is False
    assert touch_counter_session(demo_db, mine.id, now=later + timedelta(seconds=5)) is True


def test_one_window_per_clerk(demo_db):
    clerk = login(demo_db, "clerk01")
    at_one = start_counter_session(demo_db, clerk, 1, host="pc-1", now=T0)
    with pytest.raises(CounterTaken) as info:
        start_counter_session(demo_db, clerk, 11, host="pc-11", now=T0)
    assert info.value.host == "pc-1"
    assert "1 号窗口" in info.value.message
    # not even from the same PC
    with pytest.raises(CounterTaken):
        start_counter_session(demo_db, clerk, 11, host="pc-1", now=T0)
    moved = start_counter_session(demo_db, clerk, 11, host="pc-11", take_over=True, now=T0)
    assert moved.counter_number == 11
    assert open_sessions(demo_db) == [(11, clerk.id, "pc-11")]
    assert touch_counter_session(demo_db, at_one.id, now=T0) is False


def test_end_counter_session(demo_db):
    clerk = login(demo_db, "clerk01")
    cs = start_counter_session(demo_db, clerk, 1, host="pc-1", now=T0)
    assert touch_counter_session(demo_db, cs.id, now=T0 + timedelta(minutes=1)) is True
    end_counter_session(demo_db, cs.id, clerk.actor("pc-1"), now=T0 + timedelta(minutes=2))
    assert touch_counter_session(demo_db, cs.id, now=T0 + timedelta(minutes=3)) is False
    with demo_db.reader() as s:
        ended = s.get(CounterSession, cs.id)
        assert ended.ended_at == T0 + timedelta(minutes=2)
        assert ended.end_reason == "logout"
        assert ended.last_seen_at == T0 + timedelta(minutes=1)
    entries = audit_rows(demo_db, "counter_session.end")
    assert [(e.entity_id, e.after) for e in entries] == [(str(cs.id), {"reason": "logout"})]
    # ending twice is harmless and not audited twice
    end_counter_session(demo_db, cs.id, clerk.actor("pc-1"), now=T0 + timedelta(minutes=4))
    assert len(audit_rows(demo_db, "counter_session.end")) == 1
    # the window is free again, for someone else too
    other = login(demo_db, "clerk11")
    assert start_counter_session(demo_db, other, 11, host="pc-x", now=T0).counter_number == 11
    assert touch_counter_session(demo_db, 999_999) is False


def test_the_database_allows_one_open_session_per_window_and_per_clerk(demo_db):
    """The partial unique indexes themselves, without the service's checks in front of them."""
    with demo_db.reader() as s:
        c3 = s.scalars(select(Counter.id).where(Counter.number == 3)).one()
        c4 = s.scalars(select(Counter.id).where(Counter.number == 4)).one()
        u3 = s.scalars(select(User.id).where(User.username == "clerk03")).one()
        u4 = s.scalars(select(User.id).where(User.username == "clerk04")).one()

    def add(counter_id, user_id, ended=None):
        with demo_db.session() as s:
            s.add(
                CounterSession(
                    counter_id=counter_id,
                    user_id=user_id,
                    host="pc",
                    started_at=T0,
                    last_seen_at=T0,
                    ended_at=ended,
                )
            )

    add(c3, u3)
    with pytest.raises(IntegrityError):
        add(c3, u4)  # second open session at window 3
    with pytest.raises(IntegrityError):
        add(c4, u3)  # clerk03 open at a second window
    # ended sessions do not count, however many
    add(c3, u4, ended=T0)
    add(c4, u3, ended=T0)
    add(c3, u3, ended=T0)
    add(c4, u4)
    assert open_sessions(demo_db) == [(3, u3, "pc"), (4, u4, "pc")]


def _race(db, attempts):
    """Run start_counter_session(*args) for each attempt in its own thread, all at once."""
    barrier = threading.Barrier(len(attempts))
    results: list[object] = [None] * len(attempts)

    def worker(i: int) -> None:
        user, number, host = attempts[i]
        barrier.wait()
        try:
            results[i] = start_counter_session(db, user, number, host=host, now=T0)
        except Exception as exc:  # noqa: BLE001 - recorded and checked below
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(attempts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


ROUNDS = 8


def _end_all(db) -> None:
    with db.session() as s:
        for cs in s.scalars(select(CounterSession).where(CounterSession.ended_at.is_(None))):
            cs.ended_at = T0
            cs.end_reason = "test"


def test_racing_logins_at_one_window_exactly_one_wins(demo_db):
    """Two PCs press 登录 at window 3 at the same moment: one gets it, the other is told."""
    users = [login(demo_db, "clerk03"), login(demo_db, "clerk04")]
    for round_ in range(ROUNDS):
        results = _race(demo_db, [(users[0], 3, "pc-0"), (users[1], 3, "pc-1")])
        wins = [r for r in results if not isinstance(r, Exception)]
        losses = [r for r in results if isinstance(r, Exception)]
        assert len(wins) == 1, (round_, results)
        assert len(losses) == 1 and isinstance(losses[0], CounterTaken), (round_, results)
        assert losses[0].counter_number == 3
        winner = results.index(wins[0])
        assert open_sessions(demo_db) == [(3, users[winner].id, f"pc-{winner}")]
        assert len(audit_rows(demo_db, "counter_session.start")) == round_ + 1
        _end_all(demo_db)


def test_racing_logins_of_one_clerk_at_two_windows_exactly_one_wins(demo_db):
    clerk = login(demo_db, "clerk03")
    for round_ in range(ROUNDS):
        results = _race(demo_db, [(clerk, 3, "pc-3"), (clerk, 4, "pc-4")])
        wins = [r for r in results if not isinstance(r, Exception)]
        losses = [r for r in results if isinstance(r, Exception)]
        assert len(wins) == 1 and len(losses) == 1 and isinstance(losses[0], CounterTaken), (
            round_,
            results,
        )
        assert len(open_sessions(demo_db)) == 1
        _end_all(demo_db)


def test_the_loser_of_a_race_is_told_who_holds_the_window(demo_db):
    """Whichever way the race is decided (the service's check or the unique index), the loser's
    CounterTaken names the holder and the PC, so the UI can offer 接管 with the facts."""
    users = [login(demo_db, "clerk03"), login(demo_db, "clerk04")]
    for round_ in range(ROUNDS):
        results = _race(demo_db, [(users[0], 3, "pc-0"), (users[1], 3, "pc-1")])
        winner = next(i for i, r in enumerate(results) if not isinstance(r, Exception))
        loss = results[1 - winner]
        assert isinstance(loss, CounterTaken), results
        assert (loss.holder, loss.host) == (["刘婷", "赵磊"][winner], f"pc-{winner}"), (
            round_,
            loss.message,
        )
        _end_all(demo_db)


# --------------------------------------------------------------------------- password hashes and changes


def _set_hash(db, username: str, password_hash: str) -> None:
    with db.session() as s:
        s.execute(update(User).where(User.username == username).values(password_hash=password_hash))


def _hash_of(db, username: str) -> str:
    with db.reader() as s:
        return s.scalars(select(User.password_hash).where(User.username == username)).one()


def test_old_hash_parameters_are_upgraded_at_login(demo_db):
    from argon2 import PasswordHasher

    from app.security import needs_rehash

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("abc12345")
    assert needs_rehash(old)
    _set_hash(demo_db, "clerk06", old)
    assert authenticate(demo_db, "clerk06", "abc12345", host="pc", now=T0).username == "clerk06"
    new = _hash_of(demo_db, "clerk06")
    assert new != old and not needs_rehash(new)
    assert authenticate(demo_db, "clerk06", "abc12345", host="pc", now=T0).username == "clerk06"


def test_old_hash_of_a_password_below_todays_policy_still_logs_in(demo_db):
    """A password set before the policy was tightened is still the user's password: upgrading its
    hash at login must not apply the strength rules (that is for choosing a new password)."""
    from argon2 import PasswordHasher

    _set_hash(
        demo_db,
        "clerk07",
        PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("1234"),
    )
    assert authenticate(demo_db, "clerk07", "1234", host="pc", now=T0).username == "clerk07"


def test_change_own_password(demo_db):
    from app.services.auth import change_own_password

    user = login(demo_db, "clerk08")
    with pytest.raises(LoginFailed) as info:
        change_own_password(demo_db, user.id, "wrong-pass1", "newpass123", host="pc")
    assert info.value.field == "old_password"
    with pytest.raises(HallDeskError) as err:
        change_own_password(demo_db, user.id, DEMO_PASSWORD, DEMO_PASSWORD, host="pc")
    assert err.value.field == "new_password"
    with pytest.raises(HallDeskError) as err:
        change_own_password(demo_db, user.id, DEMO_PASSWORD, "short", host="pc")
    assert err.value.field == "new_password"
    assert not audit_rows(demo_db, "user.change_password")

    with demo_db.session() as s:
        s.execute(update(User).where(User.id == user.id).values(must_change_password=True))
    change_own_password(demo_db, user.id, DEMO_PASSWORD, "newpass123", host="pc")
    info = authenticate(demo_db, "clerk08", "newpass123", host="pc", now=T0)
    assert info.must_change_password is False
    with pytest.raises(LoginFailed):
        authenticate(demo_db, "clerk08", DEMO_PASSWORD, host="pc", now=T0)
    entries = audit_rows(demo_db, "user.change_password")
    assert len(entries) == 1 and "newpass123" not in str(entries[0].after)
