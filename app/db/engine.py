"""Engines and sessions for both backends.

SQLite: WAL, foreign keys on, a busy timeout, and writers that take the write lock at BEGIN
(``BEGIN IMMEDIATE``) so two PCs' writes are serialised instead of failing half-way. PostgreSQL:
psycopg 3, READ COMMITTED; services that must pick and claim a row do it in one statement or with
``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from app.db import changes, storable
from app.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    DatabaseUnreachable,
    HallDeskError,
    SettingsError,
)
from app.settings import parse_url

SQLITE_BUSY_TIMEOUT_MS = 30_000

log = logging.getLogger(__name__)


def describe_url(url: URL) -> str:
    """A URL for messages, without the password."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite 文件 {url.database}"
    return f"PostgreSQL {url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _switch_to_wal(cursor: Any) -> None:
    """Put the file in WAL mode (it stays so: later connections find it done).

    The first switch of a new file needs an exclusive lock. When several stations open a new file
    at once, each holds a shared lock while asking for it, and SQLite answers "database is locked"
    at once instead of waiting in the busy handler, since waiting could deadlock. So the switch
    waits here, up to the same busy timeout, until the others have switched or let go."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN is ours (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        if engine.url.database not in (None, "", ":memory:"):
            _switch_to_wal(cur)
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, busy_timeout_ms: int | None = None, **kwargs: Any) -> Engine:
    """`busy_timeout_ms`: how long a write waits for a lock another PC or program holds before it
    fails (SQLite: DatabaseUnavailable, the file is locked; PostgreSQL: DatabaseBusy, through the
    session's lock_timeout); default SQLITE_BUSY_TIMEOUT_MS."""
    busy = int(busy_timeout_ms or SQLITE_BUSY_TIMEOUT_MS)
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                folder = Path(parsed.database).expanduser().parent
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DatabaseUnreachable(
                        "database.folder_not_writable", folder=folder, problem=exc.strerror or exc
                    ) from exc
            engine = create_engine(
                parsed,
                connect_args={"timeout": busy / 1000, "check_same_thread": False},
                **kwargs,
            )
            _install_sqlite_hooks(engine, busy)
        else:
            connect_args = {
                "connect_timeout": 5,
                "application_name": "halldesk",
                "prepare_threshold": 0,
                # a row another PC holds locked (a PC frozen mid-action) is waited for this long,
                # then the action fails as DatabaseBusy instead of hanging the window
                "options": f"-c lock_timeout={busy}",
            }
            engine = create_engine(parsed, connect_args=connect_args, **kwargs)
            _ping_connections_left_idle(engine)
    except NoSuchModuleError as exc:  # pragma: no cover - guarded by parse_url
        raise SettingsError(
            "settings.database_url_driver_unsupported", driver=parsed.drivername
        ) from exc
    return engine


IDLE_PING_SECONDS = 10.0


def _ping_connections_left_idle(engine: Engine) -> None:
    """Pessimistic disconnect handling, but only for a pooled connection that sat unused for a
    while (a server restart or a dropped line shows up there). A window calling every few seconds
    does not pay a ping round trip on every action, as `pool_pre_ping` would make it."""

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy) -> None:
        now = time.monotonic()
        if now - record.info.get("last_checkout", now) > IDLE_PING_SECONDS:
            try:
                alive = engine.dialect.do_ping(dbapi_connection)
            except Exception:  # noqa: BLE001 - any failure means: do not use this connection
                alive = False
            if not alive:
                raise DisconnectionError("idle connection is gone")  # the pool makes a new one
        record.info["last_checkout"] = now


def check_reachable(engine: Engine) -> None:
    """Open one connection; turn any failure into a message a hall's IT person can act on."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        where = describe_url(engine.url)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        sqlite = engine.url.get_backend_name() == "sqlite"
        raise DatabaseUnreachable(
            "database.unreachable_file" if sqlite else "database.unreachable_server",
            where=where,
            reason=reason,
        ) from exc


# What a person is told when the database stops answering in the middle of the day (the words in
# app/messages): no driver text (it goes to the log), what it means, that nothing typed is lost,
# and what to do if it lasts.
UNAVAILABLE_SERVER = "database.unavailable_server"
UNAVAILABLE_LOCKED = "database.unavailable_locked"
UNAVAILABLE_FILE = "database.unavailable_file"


DATABASE_BUSY = "database.busy"
# PostgreSQL states that mean "not now", not "gone": lock_not_available (a lock_timeout),
# deadlock_detected, serialization_failure, query_canceled (a statement_timeout)
BUSY_STATES = ("55P03", "40P01", "40001", "57014")


def busy(exc: BaseException) -> DatabaseBusy | None:
    """The program's own error for a database that answered "not now", or None."""
    original = getattr(exc, "orig", None) or exc
    state = getattr(getattr(original, "diag", None), "sqlstate", None) or ""
    if state in BUSY_STATES:
        return DatabaseBusy(DATABASE_BUSY)
    return None


def unavailable(exc: BaseException) -> DatabaseUnavailable | None:
    """The program's own error for a database that stopped answering, or None when `exc` is
    something else (a constraint, a bug) that callers handle or that is a bug to log."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable(UNAVAILABLE_SERVER)
    if isinstance(original, sqlite3.OperationalError):
        text = str(original).lower()
        if "locked" in text or "busy" in text:
            return DatabaseUnavailable(UNAVAILABLE_LOCKED)
        if "unable to open" in text or "disk i/o" in text or "readonly" in text or "full" in text:
            return DatabaseUnavailable(UNAVAILABLE_FILE)
        return None
    module = type(original).__module__ or ""
    if module.startswith("psycopg"):
        import psycopg

        if isinstance(original, psycopg.OperationalError | psycopg.InterfaceError):
            state = getattr(getattr(original, "diag", None), "sqlstate", None) or ""
            # no state: the connection itself failed; 08: connection; 57P: server shutting down
            if not state or state.startswith(("08", "57P")):
                return DatabaseUnavailable(UNAVAILABLE_SERVER)
    return None


@contextmanager
def _plain_errors() -> Iterator[None]:
    """Driver errors that mean the database is gone or busy become the program's own errors with
    a plain message (the driver's text goes to the log); anything else (a bug) is raised as it is."""
    try:
        yield
    except HallDeskError:
        raise
    except (OperationalError, InterfaceError, DisconnectionError, DBAPIError) as exc:
        error = unavailable(exc) or busy(exc)
        if error is None:
            raise
        log.warning("database %s: %s", type(error).__name__, str(exc).strip().splitlines()[0])
        raise error from exc
    except Exception as exc:
        error = (
            (unavailable(exc) or busy(exc))
            if type(exc).__module__.startswith(("psycopg", "sqlite3"))
            else None
        )
        if error is None:
            raise
        log.warning("database %s: %s", type(error).__name__, str(exc).strip().splitlines()[0])
        raise error from exc


@dataclass
class Database:
    """The engine plus two session factories: `write` begins with the write lock on SQLite,
    `read` does not (the board's and lists' reads never wait for a writer)."""

    engine: Engine
    write_factory: sessionmaker[Session]
    read_factory: sessionmaker[Session]
    # Statements in autocommit mode. PostgreSQL: an engine of its own, whose small pool holds
    # connections that are always in autocommit mode (nothing to switch at each checkout);
    # SQLite: the main engine's pool.
    autocommit_engine: Engine
    url_key: str = ""  # the URL as text, for cache keys (rendering it costs on every call)
    busy_timeout_ms: int = 0  # SQLite: how long a write waits for a lock (0: the default)

    def __post_init__(self) -> None:
        self.url_key = self.url_key or str(self.engine.url)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception. A database that
        stopped answering raises DatabaseUnavailable (a plain message), never driver text."""
        with _plain_errors(), self.write_factory() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with _plain_errors(), self.read_factory() as session, session.begin():
            yield session

    def probe(self) -> None:
        """Raise DatabaseUnavailable unless the database answers now and would take a write: the
        windows' check while they wait for it to come back. On SQLite a lock held by another
        program blocks writes while reads still work, so this takes the write lock (and lets go)
        waiting at most a second.

        On PostgreSQL the pools are emptied first: the connections they hold were opened before
        the server went away and are dead. Without this, the first action after the server is back
        would take one of them, fail, and say the database is gone again."""
        if self.backend != "sqlite":
            self.drop_pooled_connections()
        with _plain_errors(), self.engine.connect() as conn:
            if self.backend == "sqlite":
                raw = conn.connection.dbapi_connection  # before BEGIN: set how long it waits
                raw.execute("PRAGMA busy_timeout=1000")
                try:
                    conn.exec_driver_sql("SELECT 1")  # after BEGIN IMMEDIATE: the write lock
                finally:
                    conn.rollback()
                    busy = self.busy_timeout_ms or SQLITE_BUSY_TIMEOUT_MS
                    raw.execute(f"PRAGMA busy_timeout={busy}")
            else:
                conn.exec_driver_sql("SELECT 1")

    @contextmanager
    def driver(self) -> Iterator[Any]:
        """A pooled psycopg connection in autocommit mode, used directly (PostgreSQL only): for
        the hot one-statement writes a window makes all day (issue, call next, no-show), run as
        prepared statements without SQLAlchemy's statement and result layers, which cost more
        CPU than the statement itself. A connection that breaks is dropped from the pool."""
        with _plain_errors():
            proxied = self.autocommit_engine.raw_connection()
            connection = proxied.driver_connection
            try:
                yield connection
            except Exception:
                if getattr(connection, "broken", False) or getattr(connection, "closed", False):
                    proxied.invalidate()
                    # the others in the pool were opened before the same loss: drop them too
                    self.autocommit_engine.dispose()
                raise
            finally:
                proxied.close()

    def drop_pooled_connections(self) -> None:
        """Close the idle pooled connections; connections in use are dropped when given back."""
        self.engine.dispose()
        if self.autocommit_engine.pool is not self.engine.pool:
            self.autocommit_engine.dispose()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.autocommit_engine.pool is not self.engine.pool:
            self.autocommit_engine.dispose()


def open_database(
    url: str, *, echo: bool = False, busy_timeout_seconds: float | None = None
) -> Database:
    busy_ms = int(busy_timeout_seconds * 1000) if busy_timeout_seconds else None
    engine = make_engine(url, echo=echo, busy_timeout_ms=busy_ms)
    read_engine = engine.execution_options(sqlite_begin="DEFERRED")
    if engine.url.get_backend_name() == "postgresql":
        autocommit_engine = make_engine(
            url, echo=echo, busy_timeout_ms=busy_ms, isolation_level="AUTOCOMMIT", pool_size=1
        )
    else:
        autocommit_engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    write_factory = sessionmaker(engine, expire_on_commit=False)
    storable.install(write_factory)  # text both backends store alike, or the program's own error
    changes.install(write_factory)  # what each transaction changed, told to every PC at commit
    return Database(
        engine=engine,
        write_factory=write_factory,
        read_factory=sessionmaker(read_engine, expire_on_commit=False),
        autocommit_engine=autocommit_engine,
        busy_timeout_ms=busy_ms or 0,
    )
