"""Logging in, lockout, and which clerk sits at which window.

Rules: five wrong passwords in a row lock an account for five minutes. A window has at most one
clerk logged in, a clerk at most one window; a second login is refused with who holds it and from
which PC, unless the caller takes over explicitly (the holder's session is then ended and the
take-over audited). The same clerk on the same PC simply resumes (after a crash or restart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import AuditLog, Counter, CounterSession, User, UserCounter
from app.domain.codes import Role
from app.errors import (
    AccountLocked,
    Conflict,
    CounterTaken,
    HallDeskError,
    LoginFailed,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from app.security import (
    dummy_hash,
    hash_password,
    needs_rehash,
    rehash_password,
    verify_password,
)
from app.services import audit
from app.services.access import allowed, without_actor
from app.services.context import Actor

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    must_change_password: bool
    locked_until: datetime | None
    staff_no: str | None
    counter_numbers: tuple[int, ...]

    def actor(self, host: str) -> Actor:
        return Actor(user_id=self.id, username=self.username, role=self.role, host=host)


@dataclass(frozen=True)
class CounterSessionInfo:
    id: int
    counter_id: int
    counter_number: int
    counter_name: str
    user_id: int
    host: str
    started_at: datetime


def user_info(session: Session, user: User) -> UserInfo:
    numbers = session.scalars(
        select(Counter.number)
        .join(UserCounter, UserCounter.counter_id == Counter.id)
        .where(UserCounter.user_id == user.id)
        .order_by(Counter.number)
    ).all()
    return UserInfo(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        active=user.active,
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        staff_no=user.staff_no,
        counter_numbers=tuple(numbers),
    )


def _locked(until: datetime, now: datetime) -> AccountLocked:
    seconds = max(1, int((until - now).total_seconds()))
    minutes = (seconds + 59) // 60
    return AccountLocked(
        "login.locked", failures=MAX_FAILED_LOGINS, minutes=minutes, seconds_left=seconds
    )


def _check_password(
    session: Session, user: User | None, username: str, password: str, actor: Actor, now: datetime
) -> LoginFailed | None:
    """Whether `password` opens `user`'s account: None if so, else the error to raise once the
    transaction (with the failure counted and audited) has committed."""
    if user is None:
        verify_password(dummy_hash(), password)  # same time as a real check
        return _unknown_username(session, actor, now)
    if not user.active:
        return LoginFailed("login.account_disabled", field="username")
    if user.locked_until is not None and user.locked_until > now:
        return _locked(user.locked_until, now)
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            locked = _locked(user.locked_until, now)
            audit.record(
                session,
                actor,
                "login.locked",
                "app_user",
                user.id,
                after={"locked_until": user.locked_until},
            )
            return locked
        left = MAX_FAILED_LOGINS - user.failed_logins
        audit.record(
            session,
            actor,
            "login.failed",
            "app_user",
            user.id,
            after={"failed_logins": user.failed_logins},
        )
        return _wrong_password(left)
    user.failed_logins = 0
    user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = rehash_password(password)
    return None


def _wrong_password(left: int) -> LoginFailed:
    return LoginFailed("login.wrong_password", left=left, field="password")


def _unknown_username(session: Session, actor: Actor, now: datetime) -> LoginFailed:
    """A username that does not exist is answered exactly like a wrong password, countdown and
    lockout included, so the answers never tell an outsider which usernames exist. The count is
    kept in the audit trail (every failed attempt is audited anyway), so it holds across PCs."""
    attempts = select(AuditLog).where(
        AuditLog.username == actor.username, AuditLog.entity_id.is_(None)
    )
    last_lock = session.scalars(
        attempts.where(AuditLog.action == "login.locked").order_by(AuditLog.id.desc()).limit(1)
    ).one_or_none()
    if last_lock is not None:
        until = datetime.fromisoformat((last_lock.after or {})["locked_until"])
        if until > now:
            return _locked(until, now)
    failures = attempts.where(AuditLog.action == "login.failed")
    if last_lock is not None:
        failures = failures.where(AuditLog.id > last_lock.id)
    failed = (session.scalar(select(func.count()).select_from(failures.subquery())) or 0) + 1
    if failed >= MAX_FAILED_LOGINS:
        audit.record(
            session, actor, "login.locked", "app_user", None, after={"locked_until": now + LOCKOUT}
        )
        return _locked(now + LOCKOUT, now)
    audit.record(session, actor, "login.failed", "app_user", None, after={"failed_logins": failed})
    return _wrong_password(MAX_FAILED_LOGINS - failed)


def _user_for_update(db: Database, session: Session, username: str) -> User | None:
    query = select(User).where(User.username == username)
    if db.backend == "postgresql":
        # FOR NO KEY UPDATE: it still serialises two logins of one user, but leaves the KEY SHARE
        # lock that an audit entry's foreign key to this user takes (under the audit chain's lock,
        # app/services/audit.py) free; FOR UPDATE would make the two wait for each other.
        query = query.with_for_update(key_share=True)
    return session.scalars(query).one_or_none()


@without_actor("登录：用户名和密码就是检查；失败次数在同一事务里记下")
def authenticate(
    db: Database, username: str, password: str, *, host: str, now: datetime | None = None
) -> UserInfo:
    """Check a username and password. Failures are counted and committed before the error is
    raised, so the lockout holds whatever the caller does next."""
    now = now or utcnow()
    username = username.strip()
    if not username:
        raise LoginFailed("login.username_required", field="username")
    if not password:
        raise LoginFailed("login.password_required", field="password")
    with db.session() as session:
        user = _user_for_update(db, session, username)
        actor = Actor(user_id=user.id if user else None, username=username, role=None, host=host)
        failure = _check_password(session, user, username, password, actor, now)
        if failure is None:
            assert user is not None
            user.last_login_at = now
            audit.record(session, actor, "login", "app_user", user.id)
            return user_info(session, user)
    raise failure


STATION_EXIT_ROLES = (Role.MANAGER, Role.ADMIN)


@without_actor("大厅管理员在终端上输入自己的用户名和密码，角色在函数里按账号检查")
def authorize_station_exit(
    db: Database,
    username: str,
    password: str,
    *,
    host: str,
    station: str,
    action: str,
    now: datetime | None = None,
) -> UserInfo:
    """A hall manager (or admin) lets a full-screen station (kiosk, board) leave full screen or
    close. The manager's own username and password, checked as at login: wrong passwords count
    toward the same lockout, so a kiosk cannot be used to guess them. Audited as `station.exit`
    (`station.exit_refused` for an account without the right), in one transaction."""
    now = now or utcnow()
    username = username.strip()
    if not username:
        raise LoginFailed("login.manager_username_required", field="username")
    if not password:
        raise LoginFailed("login.password_required", field="password")
    details = {"station": station, "action": action}
    with db.session() as session:
        user = _user_for_update(db, session, username)
        actor = Actor(
            user_id=user.id if user else None,
            username=username,
            role=user.role if user else None,
            host=host,
        )
        failure: HallDeskError | None = _check_password(
            session, user, username, password, actor, now
        )
        if failure is None:
            assert user is not None
            if user.role in STATION_EXIT_ROLES:
                audit.record(session, actor, "station.exit", "app_user", user.id, after=details)
                return user_info(session, user)
            audit.record(session, actor, "station.exit_refused", "app_user", user.id, after=details)
            failure = PermissionDenied(
                "station.exit_not_allowed",
                full_name=user.full_name,
                role=user.role.label,
                field="username",
            )
    raise failure


def _counter_by_number(session: Session, number: int) -> Counter:
    counter = session.scalars(select(Counter).where(Counter.number == number)).one_or_none()
    if counter is None or not counter.active:
        raise NotFound("counter.no_such_number_ask_admin", number=number, field="counter_number")
    return counter


def _session_info(cs: CounterSession, counter: Counter) -> CounterSessionInfo:
    return CounterSessionInfo(
        id=cs.id,
        counter_id=counter.id,
        counter_number=counter.number,
        counter_name=counter.name,
        user_id=cs.user_id,
        host=cs.host,
        started_at=cs.started_at,
    )


@without_actor("登录窗口：刚通过密码检查的用户本人（窗口工作人员只能登录分配给自己的窗口）")
def start_counter_session(
    db: Database,
    user: UserInfo,
    counter_number: int,
    *,
    host: str,
    take_over: bool = False,
    now: datetime | None = None,
) -> CounterSessionInfo:
    """Log `user` in at window `counter_number` from `host`."""
    now = now or utcnow()
    actor = user.actor(host)
    try:
        with db.session() as session:
            counter = _counter_by_number(session, counter_number)
            if user.role == Role.CLERK and counter_number not in user.counter_numbers:
                raise PermissionDenied(
                    "counter.not_assigned",
                    counter_number=counter_number,
                    counters="、".join(map(str, user.counter_numbers)) or "无",
                    field="counter_number",
                )
            open_sessions = session.scalars(
                select(CounterSession)
                .where(CounterSession.ended_at.is_(None))
                .where(
                    (CounterSession.counter_id == counter.id) | (CounterSession.user_id == user.id)
                )
            ).all()
            for other in open_sessions:
                if (
                    other.counter_id == counter.id
                    and other.user_id == user.id
                    and other.host == host
                ):
                    other.last_seen_at = now  # same clerk, same PC: resume
                    audit.record(
                        session, actor, "counter_session.resume", "counter_session", other.id
                    )
                    return _session_info(other, counter)
            for other in open_sessions:
                if not take_over:
                    raise _taken_error(session, other, counter, user)
                other.ended_at = now
                other.end_reason = "taken_over"
                audit.record(
                    session,
                    actor,
                    "counter_session.take_over",
                    "counter_session",
                    other.id,
                    before={
                        "counter_id": other.counter_id,
                        "user_id": other.user_id,
                        "host": other.host,
                    },
                    after={"ended_at": now, "taken_by": user.username, "host": host},
                )
            session.flush()
            new = CounterSession(
                counter_id=counter.id, user_id=user.id, host=host, started_at=now, last_seen_at=now
            )
            session.add(new)
            session.flush()
            audit.record(
                session,
                actor,
                "counter_session.start",
                "counter_session",
                new.id,
                after={"counter": counter.number, "host": host},
            )
            return _session_info(new, counter)
    except IntegrityError as exc:
        # Another PC logged in at the same moment; the partial unique index decided. Say who won,
        # so the clerk can choose to take over with the facts in front of them.
        with db.reader() as session:
            counter = _counter_by_number(session, counter_number)
            other = session.scalars(
                select(CounterSession)
                .where(
                    CounterSession.ended_at.is_(None),
                    (CounterSession.counter_id == counter.id) | (CounterSession.user_id == user.id),
                )
                .order_by(CounterSession.id.desc())
                .limit(1)
            ).one_or_none()
            if other is not None:
                raise _taken_error(session, other, counter, user) from exc
        raise CounterTaken(
            "counter.taken_just_now",
            counter=counter_number,
            holder="",
            host="",
            counter_number=counter_number,
        ) from exc


def _taken_error(
    session: Session, other: CounterSession, counter: Counter, user: UserInfo
) -> Conflict:
    holder = session.get(User, other.user_id)
    holder_name = holder.full_name if holder else "?"
    if other.counter_id == counter.id:
        return CounterTaken(
            "counter.taken_by_other",
            counter=counter.number,
            name=holder_name,
            computer=other.host,
            holder=holder_name,
            host=other.host,
            counter_number=counter.number,
        )
    other_counter = session.get(Counter, other.counter_id)
    return CounterTaken(
        "counter.taken_by_self",
        counter=other_counter.number if other_counter else "?",
        computer=other.host,
        holder=holder_name,
        host=other.host,
        counter_number=counter.number,
    )


@allowed(Role.CLERK, Role.MANAGER, Role.ADMIN)
def end_counter_session(
    db: Database,
    session_id: int,
    actor: Actor,
    *,
    reason: str = "logout",
    now: datetime | None = None,
) -> None:
    now = now or utcnow()
    with db.session() as session:
        cs = session.get(CounterSession, session_id)
        if cs is None or cs.ended_at is not None:
            return
        cs.ended_at = now
        cs.end_reason = reason
        audit.record(
            session,
            actor,
            "counter_session.end",
            "counter_session",
            cs.id,
            after={"reason": reason},
        )


@without_actor("窗口登录的心跳：只更新本次登录自己的最后在线时间")
def touch_counter_session(db: Database, session_id: int, *, now: datetime | None = None) -> bool:
    """Heartbeat; False when the session was ended elsewhere (taken over), so the UI can say so."""
    now = now or utcnow()
    with db.session() as session:
        cs = session.get(CounterSession, session_id)
        if cs is None or cs.ended_at is not None:
            return False
        cs.last_seen_at = now
        return True


@without_actor("用户改自己的密码：须输入原密码")
def change_own_password(db: Database, user_id: int, old: str, new: str, *, host: str) -> None:
    with db.session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("user.missing")
        if not verify_password(user.password_hash, old):
            raise LoginFailed("password.old_wrong", field="old_password")
        if old == new:
            raise ValidationError("password.same_as_old", field="new_password")
        try:
            user.password_hash = hash_password(new)
        except ValidationError as error:
            raise ValidationError(error.code, field="new_password", **error.params) from None
        user.must_change_password = False
        audit.record(
            session,
            Actor(user.id, user.username, user.role, host),
            "user.change_password",
            "app_user",
            user.id,
        )
