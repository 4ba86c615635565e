"""The data model of the whole product (SQLAlchemy 2, typed).

Names follow shared/domain.md (GB/T 39046 data sets for cases). Every table has a surrogate
integer key; natural keys (ticket number per day, case number, usernames) are unique constraints
so the database, not the code, guarantees them under concurrency.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.db.types import JSONType, StrEnumType, UTCDateTime
from app.domain.codes import (
    CalendarDayKind,
    CaseSource,
    CaseStatus,
    CaseType,
    CompletionResult,
    CounterState,
    DeliveryMethod,
    DocumentKind,
    MaterialReceiveMode,
    OutboxStatus,
    PrintJobStatus,
    PriorityReason,
    RatingScore,
    Role,
    TicketSource,
    TicketStatus,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Id columns: BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY autoincrements).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType}


def _id() -> Mapped[int]:
    return mapped_column(BigId, primary_key=True, autoincrement=True)


# --------------------------------------------------------------------------- people and access


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = _id()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(64))
    staff_no: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    counters: Mapped[list[Counter]] = relationship(
        secondary="user_counter", back_populates="clerks", order_by="Counter.number"
    )


class UserCounter(Base):
    """Which windows a clerk may work at (assigned by an admin)."""

    __tablename__ = "user_counter"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True
    )


class CounterSession(Base):
    """A clerk logged in at a window from one PC. At most one open session per window and per clerk:
    two partial unique indexes make a second login lose the race in the database itself."""

    __tablename__ = "counter_session"
    __table_args__ = (
        Index(
            "uq_counter_session_open_counter",
            "counter_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index(
            "uq_counter_session_open_user",
            "user_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = _id()
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    host: Mapped[str] = mapped_column(String(128))
    started_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))

    counter: Mapped[Counter] = relationship()
    user: Mapped[User] = relationship()


class AuditLog(Base):
    """Append-only: the program has no way to change a row, and database triggers refuse
    UPDATE and DELETE (see the initial migration); on PostgreSQL the program's own role may only
    read and insert (app/db/roles.py). Tamper-evident: each entry is a link of one hash chain
    (app/domain/audit_chain.py), written by app/services/audit.py last in its transaction."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = _id()
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(64))
    host: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    # The chain (migration 0015): the entry's place in the one line of entries (unique, so two
    # writers can never both take a place), the previous entry's hash and this entry's own.
    chain_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


# --------------------------------------------------------------------------- hall and queue


class Hall(Base):
    __tablename__ = "hall"

    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    region_code: Mapped[str] = mapped_column(String(12))
    uscc: Mapped[str | None] = mapped_column(String(18))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    address: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(32))
    supervise_phone: Mapped[str | None] = mapped_column(String(32))
    recall_cap: Mapped[int] = mapped_column(Integer, default=3)
    # The manager's limits (hall-wide, so every manager PC alerts alike): a window paused longer
    # than this is an alert; a case with this many working days left or fewer shows yellow.
    pause_limit_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    due_soon_working_days: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # How every PC of the hall numbers cases: a name of app.domain.case_numbers.CASE_NUMBER_RULES,
    # set by the admin. NULL: never set (a database from before migration 0010, until the first
    # PC to start copies its settings file's rule in); cases are then numbered by the default.
    case_number_rule: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class QueueCategory(Base):
    __tablename__ = "queue_category"
    __table_args__ = (UniqueConstraint("hall_id", "prefix"),)

    id: Mapped[int] = _id()
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    prefix: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str | None] = mapped_column(String(64))  # the kiosk's and board's English
    description: Mapped[str | None] = mapped_column(String(255))
    number_digits: Mapped[int] = mapped_column(Integer, default=3)
    priority_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # One priority call after every N normal calls while priority tickets wait.
    priority_every_n: Mapped[int] = mapped_column(Integer, default=3)
    wait_target_minutes: Mapped[int] = mapped_column(Integer, default=20)
    avg_service_minutes: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("8"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Counter(Base):
    """A service window (窗口). Its state lives here so it survives a restart of any PC."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("hall_id", "number"),)

    id: Mapped[int] = _id()
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(
        String(64), doc="room or area, announced with the window"
    )
    state: Mapped[CounterState] = mapped_column(
        StrEnumType(CounterState, 16), default=CounterState.CLOSED
    )
    pause_reason: Mapped[str | None] = mapped_column(String(128))
    state_changed_at: Mapped[datetime | None]
    # Not a foreign key: ticket already refers to counter, and a cycle of constraints would make
    # SQLite batch migrations and table creation order fragile. The queue service keeps it true.
    current_ticket_id: Mapped[int | None] = mapped_column(BigId)
    normal_calls_since_priority: Mapped[int] = mapped_column(Integer, default=0)
    call_mode: Mapped[str] = mapped_column(
        String(16), default="order", server_default="order", doc="app.domain.queue.CallMode"
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    categories: Mapped[list[CounterCategory]] = relationship(
        back_populates="counter", cascade="all, delete-orphan", order_by="CounterCategory.position"
    )
    clerks: Mapped[list[User]] = relationship(secondary="user_counter", back_populates="counters")


class CounterCategory(Base):
    """The categories a window serves, in its calling order, with an optional weight."""

    __tablename__ = "counter_category"

    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("queue_category.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=1)

    counter: Mapped[Counter] = relationship(back_populates="categories")
    category: Mapped[QueueCategory] = relationship()


class HallAlert(Base):
    """Something the manager must see: a wait over the category's target, a category with people
    waiting and no open window, a window paused longer than allowed. Kept as an interval (started,
    ended) so the list shows when each began and ended, on every manager PC and after a restart.
    At most one open alert per key (a partial unique index), so two manager PCs noticing the same
    thing at once record it once."""

    __tablename__ = "hall_alert"
    __table_args__ = (
        Index(
            "uq_hall_alert_open_key",
            "alert_key",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_hall_alert_started_at", "started_at"),
    )

    id: Mapped[int] = _id()
    kind: Mapped[str] = mapped_column(String(24), doc="app.services.manager.AlertKind value")
    alert_key: Mapped[str] = mapped_column(String(64), doc="kind:category or kind:counter id")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("queue_category.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    message: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class CounterEvent(Base):
    """A window opened, paused (with the reason), resumed or closed; the board and the manager's
    view follow these."""

    __tablename__ = "counter_event"

    id: Mapped[int] = _id()
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(16))
    state: Mapped[CounterState] = mapped_column(StrEnumType(CounterState, 16))
    reason: Mapped[str | None] = mapped_column(String(128))
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class DailySequence(Base):
    """Gap-free daily counters (ticket numbers per category, case numbers per hall). Incremented
    with a single UPDATE … RETURNING inside the issuing transaction, so two PCs never get the same
    value and a rolled-back issue leaves no gap."""

    __tablename__ = "daily_sequence"

    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


_CALLABLE = "status IN ('waiting', 'transferred')"
_UNTARGETED = f"{_CALLABLE} AND target_counter_id IS NULL"
_TARGETED = f"{_CALLABLE} AND target_counter_id IS NOT NULL"


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        # The number belongs to the category that issued it; a transfer changes category_id only.
        UniqueConstraint("issue_category_id", "service_date", "sequence"),
        Index("ix_ticket_service_date", "service_date"),
        # Only callable tickets: call-next's pick probes these (one per category and priority
        # class, or the whole day in FIFO mode), never a sort of the day's queue.
        Index(
            "ix_ticket_callable_category",
            "service_date",
            "category_id",
            "priority",
            "queue_since",
            "id",
            sqlite_where=text(_UNTARGETED),
            postgresql_where=text(_UNTARGETED),
        ),
        Index(
            "ix_ticket_callable_day",
            "service_date",
            "priority",
            "queue_since",
            "id",
            "category_id",
            sqlite_where=text(_UNTARGETED),
            postgresql_where=text(_UNTARGETED),
        ),
        Index(
            "ix_ticket_callable_target",
            "target_counter_id",
            "service_date",
            sqlite_where=text(_TARGETED),
            postgresql_where=text(_TARGETED),
        ),
        # a day's tickets of one category in one state: the estimator's and the manager's
        # statistics; with it even a generic (prepared) plan finds today's rows directly
        Index("ix_ticket_day_category", "service_date", "category_id", "status"),
    )

    id: Mapped[int] = _id()
    category_id: Mapped[int] = mapped_column(
        ForeignKey("queue_category.id"), doc="the queue it waits in now"
    )
    issue_category_id: Mapped[int] = mapped_column(
        ForeignKey("queue_category.id"), doc="the queue that issued it"
    )
    service_date: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(16))
    status: Mapped[TicketStatus] = mapped_column(
        StrEnumType(TicketStatus, 16), default=TicketStatus.WAITING
    )
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reason: Mapped[PriorityReason | None] = mapped_column(StrEnumType(PriorityReason, 16))
    source: Mapped[TicketSource] = mapped_column(
        StrEnumType(TicketSource, 16), default=TicketSource.KIOSK
    )
    issued_at: Mapped[datetime]
    # Place in the queue; a transferred ticket keeps its original issue time here.
    queue_since: Mapped[datetime]
    called_at: Mapped[datetime | None]
    service_started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    return_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    people_ahead_at_issue: Mapped[int | None] = mapped_column(Integer)
    estimated_wait_minutes: Mapped[int | None] = mapped_column(Integer)
    applicant_name: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)

    category: Mapped[QueueCategory] = relationship(foreign_keys=[category_id])
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}


class TicketEvent(Base):
    __tablename__ = "ticket_event"
    __table_args__ = (
        # A ticket's first call (from "waiting"): when its wait ended, for the manager's statistics
        # (by time: the last hour's waits, a day's or a month's).
        Index(
            "ix_ticket_event_first_call",
            "at",
            "ticket_id",
            sqlite_where=text("event_type = 'call' AND from_status = 'waiting'"),
            postgresql_where=text("event_type = 'call' AND from_status = 'waiting'"),
        ),
    )

    id: Mapped[int] = _id()
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    from_status: Mapped[TicketStatus | None] = mapped_column(StrEnumType(TicketStatus, 16))
    to_status: Mapped[TicketStatus] = mapped_column(StrEnumType(TicketStatus, 16))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    detail: Mapped[dict[str, Any] | None]

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TicketServiceItem(Base):
    """The service items handled while serving a ticket."""

    __tablename__ = "ticket_service_item"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True
    )
    service_item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"), primary_key=True)


class Rating(Base):
    """好差评. `score` uses GB/T 39046 codes (1 非常满意 … 5 非常不满意); other targets map explicitly."""

    __tablename__ = "rating"
    __table_args__ = (
        Index("ix_rating_rated_at", "rated_at"),
        Index("ix_rating_follow_up_at", "follow_up_at"),
        # negative ratings still waiting for their follow-up (the manager's supervision list)
        Index(
            "ix_rating_follow_up_open",
            "rated_at",
            sqlite_where=text("score IN ('4', '5') AND follow_up_at IS NULL"),
            postgresql_where=text("score IN ('4', '5') AND follow_up_at IS NULL"),
        ),
    )

    id: Mapped[int] = _id()
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("service_case.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    score: Mapped[RatingScore | None] = mapped_column(StrEnumType(RatingScore, 2))
    rated: Mapped[bool] = mapped_column(Boolean, default=True, doc="False when the pad timed out")
    reasons: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime]
    follow_up_due: Mapped[date | None] = mapped_column(Date)
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    follow_up_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    follow_up_at: Mapped[datetime | None]


# --------------------------------------------------------------------------- catalog and cases


class ServiceItem(Base):
    """事项. Codes are strings: formats vary by province."""

    __tablename__ = "service_item"

    id: Mapped[int] = _id()
    basic_code: Mapped[str] = mapped_column(String(64))
    implementation_code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    pinyin_initials: Mapped[str | None] = mapped_column(String(255), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("queue_category.id"))
    department: Mapped[str | None] = mapped_column(String(128))
    item_type: Mapped[str] = mapped_column(String(4))
    exercise_level: Mapped[str | None] = mapped_column(String(2))
    case_type: Mapped[CaseType] = mapped_column(StrEnumType(CaseType, 2))
    legal_limit_days: Mapped[int] = mapped_column(Integer, default=20)
    promised_limit_days: Mapped[int] = mapped_column(Integer, default=20)
    # 行政许可法 §42: extendable once by 10 working days unless a law says otherwise for the item;
    # 0: the law allows no extension for it.
    extension_limit_days: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    fee: Mapped[str | None] = mapped_column(String(255))
    served_objects: Mapped[str | None] = mapped_column(String(64))
    handling_modes: Mapped[str | None] = mapped_column(
        String(64), doc="comma list: window,web,mobile,mail"
    )
    consult_phone: Mapped[str | None] = mapped_column(String(64))
    supervise_phone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime | None]

    category: Mapped[QueueCategory | None] = relationship()
    materials: Mapped[list[ServiceItemMaterial]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ServiceItemMaterial.position"
    )


class Department(Base):
    """实施部门: the unit named on an item (`ServiceItem.department`, by name) and where its
    rejections and denials can be challenged (行政复议机关, 人民法院), set by an admin."""

    __tablename__ = "department"

    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(String(128), unique=True)
    review_body: Mapped[str | None] = mapped_column(String(128))
    court: Mapped[str | None] = mapped_column(String(128))
    vertical: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), doc="垂直管理 (tax, customs …)"
    )
    updated_at: Mapped[datetime | None]


class ServiceItemMaterial(Base):
    __tablename__ = "service_item_material"

    id: Mapped[int] = _id()
    item_id: Mapped[int] = mapped_column(
        ForeignKey("service_item.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(255))
    originals: Mapped[int] = mapped_column(Integer, default=1)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    electronic_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    # 容缺受理: may be handed in after acceptance against the applicant's commitment (never the
    # application form or a core material: the admin marks the ones the rules allow)
    gap_eligible: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    requirement: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    item: Mapped[ServiceItem] = relationship(back_populates="materials")


class Applicant(Base):
    __tablename__ = "applicant"
    __table_args__ = (UniqueConstraint("id_type", "id_number"), Index("ix_applicant_name", "name"))

    id: Mapped[int] = _id()
    kind: Mapped[str] = mapped_column(String(2), doc="app.domain.codes.ApplicantKind value")
    name: Mapped[str] = mapped_column(String(128))
    id_type: Mapped[str] = mapped_column(String(3), doc="app.domain.codes.IdType value")
    id_number: Mapped[str] = mapped_column(String(64))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1), doc="1 male, 2 female (GB/T 2261.1)")
    mobile: Mapped[str | None] = mapped_column(String(20), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    postcode: Mapped[str | None] = mapped_column(String(6))
    address: Mapped[str | None] = mapped_column(String(255))
    legal_representative: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]


class Case(Base):
    """办件, with the fields of GB/T 39046's application, acceptance and completion data sets."""

    __tablename__ = "service_case"
    __table_args__ = (
        Index("ix_service_case_status", "status"),
        Index("ix_service_case_applicant_id_number", "applicant_id_number"),
        # varchar_pattern_ops: name-prefix search (LIKE '张%') uses it on PostgreSQL whatever the
        # database collation; equality still does. SQLite searches a prefix as a range instead.
        Index(
            "ix_service_case_applicant_name",
            "applicant_name",
            postgresql_ops={"applicant_name": "varchar_pattern_ops"},
        ),
        Index("ix_service_case_promised_date", "promised_date"),
        Index("ix_service_case_contact_mobile", "contact_mobile"),
        Index("ix_service_case_applied_at", "applied_at"),
        Index("ix_service_case_service_item_id", "service_item_id"),
        Index("ix_service_case_completed_at", "completed_at"),
    )

    id: Mapped[int] = _id()
    case_no: Mapped[str] = mapped_column(String(50), unique=True)
    query_pin: Mapped[str] = mapped_column(String(12))
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    service_item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"))
    item_code: Mapped[str] = mapped_column(String(64))
    item_name: Mapped[str] = mapped_column(String(255))
    case_type: Mapped[CaseType] = mapped_column(StrEnumType(CaseType, 2))
    status: Mapped[CaseStatus] = mapped_column(
        StrEnumType(CaseStatus, 24), default=CaseStatus.RECEIVED
    )
    source: Mapped[CaseSource] = mapped_column(
        StrEnumType(CaseSource, 8), default=CaseSource.WINDOW
    )
    region_code: Mapped[str | None] = mapped_column(String(12))
    # application (snapshot of the applicant at the time, as the standard's data set wants)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"))
    applicant_kind: Mapped[str] = mapped_column(String(2))
    applicant_name: Mapped[str] = mapped_column(String(128))
    applicant_id_type: Mapped[str] = mapped_column(String(3))
    applicant_id_number: Mapped[str] = mapped_column(String(64))
    agent_name: Mapped[str | None] = mapped_column(String(64))
    agent_id_type: Mapped[str | None] = mapped_column(String(3))
    agent_id_number: Mapped[str | None] = mapped_column(String(64))
    contact_mobile: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(6))
    address: Mapped[str | None] = mapped_column(String(255))
    legal_representative: Mapped[str | None] = mapped_column(String(64))
    applied_at: Mapped[datetime]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # acceptance
    accepted_at: Mapped[datetime | None]
    accepting_unit_name: Mapped[str | None] = mapped_column(String(128))
    accepting_unit_uscc: Mapped[str | None] = mapped_column(String(18))
    notice_no: Mapped[str | None] = mapped_column(String(64))
    with_gaps: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="容缺受理 against a commitment"
    )
    gap_commitment: Mapped[str | None] = mapped_column(
        Text, doc="容缺受理: what the applicant signed to hand in, and by when"
    )
    gap_due_date: Mapped[date | None] = mapped_column(Date)
    legal_due_date: Mapped[date | None] = mapped_column(Date)
    promised_date: Mapped[date | None] = mapped_column(Date)
    clock_paused_since: Mapped[date | None] = mapped_column(Date)
    paused_working_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    # §42: the office's 负责人 who approved the extension (name, and post as printed)
    extension_approver: Mapped[str | None] = mapped_column(String(64))
    extension_approver_title: Mapped[str | None] = mapped_column(String(64))
    calendar_warning: Mapped[str | None] = mapped_column(Text)
    # supplement / rejection
    supplement_requested_at: Mapped[datetime | None]
    supplement_due_date: Mapped[date | None] = mapped_column(Date)
    supplement_received_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    competent_body: Mapped[str | None] = mapped_column(String(255))
    # 收件 (行政许可法 §32): materials taken in without a decision; the office decides by this day
    # (applied_at is the receipt), else the case counts as accepted from receipt (deemed_accepted)
    decision_due_date: Mapped[date | None] = mapped_column(Date)
    deemed_accepted: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), doc="视为受理: accepted from receipt"
    )
    # 终止 after the supplement deadline; a late application accepted anew names the old case
    terminated_at: Mapped[datetime | None]
    termination_reason: Mapped[str | None] = mapped_column(Text)
    previous_case_id: Mapped[int | None] = mapped_column(ForeignKey("service_case.id"))
    # a rejection or a denial: its clause, and the remedies as printed (the department's at the
    # time of the decision, so a reprint says what the applicant was told)
    decision_basis: Mapped[str | None] = mapped_column(Text)
    denial_reason: Mapped[str | None] = mapped_column(Text)
    review_body: Mapped[str | None] = mapped_column(String(128))
    court: Mapped[str | None] = mapped_column(String(128))
    # completion and delivery
    completed_at: Mapped[datetime | None]
    completion_handler: Mapped[str | None] = mapped_column(String(64))
    completion_result: Mapped[CompletionResult | None] = mapped_column(
        StrEnumType(CompletionResult, 16)
    )
    certificate_name: Mapped[str | None] = mapped_column(String(128))
    certificate_no: Mapped[str | None] = mapped_column(String(128))
    fee_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    result_mailed: Mapped[bool] = mapped_column(Boolean, default=False)
    delivered_at: Mapped[datetime | None]
    delivery_method: Mapped[DeliveryMethod | None] = mapped_column(StrEnumType(DeliveryMethod, 16))
    delivery_note: Mapped[str | None] = mapped_column(Text)
    data_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]

    materials: Mapped[list[CaseMaterial]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMaterial.position"
    )
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.id")
    steps: Mapped[list[CaseStep]] = relationship(back_populates="case", order_by="CaseStep.id")


class CaseMaterial(Base):
    __tablename__ = "case_material"

    id: Mapped[int] = _id()
    case_id: Mapped[int] = mapped_column(
        ForeignKey("service_case.id", ondelete="CASCADE"), index=True
    )
    # The case keeps its own copy of the name and requirement; a catalog edit that removes the
    # material leaves the case as it was.
    material_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_item_material.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(255))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    requirement: Mapped[str | None] = mapped_column(Text)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    receive_mode: Mapped[MaterialReceiveMode | None] = mapped_column(
        StrEnumType(MaterialReceiveMode, 16)
    )
    count: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime | None]
    gap_committed: Mapped[bool] = mapped_column(
        Boolean, default=False, doc="容缺: to be handed in later"
    )
    gap_due_date: Mapped[date | None] = mapped_column(Date, doc="容缺: to be handed in by")
    note: Mapped[str | None] = mapped_column(Text)
    # received but 不符合要求: what is wrong with it (listed on the supplement notice to correct)
    defect: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="materials")


class CaseEvent(Base):
    __tablename__ = "case_event"

    id: Mapped[int] = _id()
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    from_status: Mapped[CaseStatus | None] = mapped_column(StrEnumType(CaseStatus, 24))
    to_status: Mapped[CaseStatus] = mapped_column(StrEnumType(CaseStatus, 24))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    data_version: Mapped[int] = mapped_column(Integer, default=1)
    detail: Mapped[dict[str, Any] | None]

    case: Mapped[Case] = relationship(back_populates="events")


class CaseStep(Base):
    """A process step (GB/T 39046 process data set): action, step name, handler, opinion."""

    __tablename__ = "case_step"

    id: Mapped[int] = _id()
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id"), index=True)
    step_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16), doc="pass / return / other")
    handler: Mapped[str] = mapped_column(String(64))
    opinion: Mapped[str | None] = mapped_column(Text)
    special_procedure: Mapped[str | None] = mapped_column(
        String(32), doc="app.services.intake.SPECIAL_PROCEDURES key, or extension"
    )
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    # §45: how long the special procedure is expected to take, as the applicant was told
    expected_working_days: Mapped[int | None] = mapped_column(Integer)
    expected_end: Mapped[date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="steps")


class CaseDraft(Base):
    """The intake form as the clerk types it, so a crash or restart loses nothing."""

    __tablename__ = "case_draft"

    id: Mapped[int] = _id()
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class CalendarOverride(Base):
    """An admin's statement about one day: a statutory holiday or a make-up workday (调休)."""

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[CalendarDayKind] = mapped_column(StrEnumType(CalendarDayKind, 16))
    name: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime]


class CalendarYear(Base):
    """A year whose State Council holiday arrangement the admin entered (as calendar_override
    days) and confirmed complete; until then the year counts statutory holidays only, and says so."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str | None] = mapped_column(String(200))  # e.g. the notice's number
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    confirmed_at: Mapped[datetime]


# --------------------------------------------------------------------------- documents and forwarding


class PrintedDocument(Base):
    """Every document handed out, with its exact bytes, so it can be shown and reprinted."""

    __tablename__ = "printed_document"

    id: Mapped[int] = _id()
    kind: Mapped[DocumentKind] = mapped_column(StrEnumType(DocumentKind, 24))
    doc_no: Mapped[str | None] = mapped_column(String(64), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("service_case.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    mime_type: Mapped[str] = mapped_column(String(64), default="application/pdf")
    # What the paper says, as printing.documents.to_json: a reprint (补打) is rendered again
    # from it with the reprint mark, rather than stamped over the old bytes.
    render_data: Mapped[dict[str, Any] | None]
    reprint_of_id: Mapped[int | None] = mapped_column(ForeignKey("printed_document.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime]


UNFINISHED_PRINT = "status IN ('pending', 'printing', 'failed')"


class PrintJob(Base):
    """A document on its way to a printer; failed and unfinished jobs stay listed until done."""

    __tablename__ = "print_job"
    __table_args__ = (
        # the few jobs not printed yet, per PC: the clerk's 未完成的打印 count at every refresh,
        # among a job for every ticket the hall ever printed
        Index(
            "ix_print_job_unfinished",
            "host",
            sqlite_where=text(UNFINISHED_PRINT),
            postgresql_where=text(UNFINISHED_PRINT),
        ),
    )

    id: Mapped[int] = _id()
    document_id: Mapped[int] = mapped_column(ForeignKey("printed_document.id"), index=True)
    printer: Mapped[str] = mapped_column(String(255))
    status: Mapped[PrintJobStatus] = mapped_column(
        StrEnumType(PrintJobStatus, 16), default=PrintJobStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # who ended the job: printed it, or discarded it (then with the reason)
    finished_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """Transactional outbox for the online hall: written in the same transaction as the case
    change; a sender delivers in order per case (`case_no`, then `id`)."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
        # "is there an earlier unsent message of this case?" — asked for every candidate; an
        # exact match, so PostgreSQL uses it even before it has statistics for a burst of rows
        Index("ix_outbox_message_case_order", "case_no", "status", "id"),
        # pending messages oldest first, without sorting them all at every claim
        Index("ix_outbox_message_status_id", "status", "id"),
    )

    id: Mapped[int] = _id()
    case_id: Mapped[int | None] = mapped_column(ForeignKey("service_case.id"), index=True)
    case_no: Mapped[str] = mapped_column(String(50), index=True)
    event_type: Mapped[str] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    data_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]]
    status: Mapped[OutboxStatus] = mapped_column(
        StrEnumType(OutboxStatus, 16), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # A sender's lease on the message while it is on the wire (several senders may run: the desk
    # programs and `halldesk forward`). An expired lease is free to take again.
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_until: Mapped[datetime | None]


class OnlineChange(Base):
    """A change made in the online hall and fetched back (a case completed online, supplements
    uploaded online)."""

    __tablename__ = "online_change"

    id: Mapped[int] = _id()
    remote_id: Mapped[str] = mapped_column(String(64), unique=True)
    case_no: Mapped[str] = mapped_column(String(50), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]
    remote_seq: Mapped[int | None] = mapped_column(
        BigInteger, index=True, doc="the online hall's change sequence; the fetch cursor"
    )
    remote_at: Mapped[datetime | None] = mapped_column(doc="when it was done online")
    applied_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class ForwardingNode(Base):
    """What each running sender (a desk program or `halldesk forward`) last said about the line
    to the online hall, so every PC's status mark and the manager's panel can show it."""

    __tablename__ = "forwarding_node"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    host: Mapped[str | None] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16), doc="app.domain.outbox.LineState value")
    detail: Mapped[str | None] = mapped_column(Text)
    last_success_at: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    resume_requested_at: Mapped[datetime | None] = mapped_column(
        doc="a manager asked a stopped sender to try again"
    )


# --------------------------------------------------------------------------- report aggregates


class ReportDay(Base):
    """A closed (past) hall-local day whose aggregates for one part of the reports (`tickets`,
    `cases`, `ratings`) are current. app/services/report_days.py writes it with the day's rows;
    database triggers (migration 0016) delete it whenever a row that counts for that day changes,
    so a row here always means: the aggregates equal what the direct queries would say now."""

    __tablename__ = "report_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    part: Mapped[str] = mapped_column(String(16), primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64), doc="the hall's zone the day was cut in")
    computed_at: Mapped[datetime]


class ReportTicketDay(Base):
    """One day's tickets by issuing category, serving window and clerk: counts by outcome and the
    service times (integer microseconds, comma-separated, ascending) of the tickets served."""

    __tablename__ = "report_ticket_day"
    __table_args__ = (Index("ix_report_ticket_day_day", "day"),)

    id: Mapped[int] = _id()
    day: Mapped[date] = mapped_column(Date)
    category_id: Mapped[int] = mapped_column(BigInteger)
    counter_id: Mapped[int | None] = mapped_column(BigInteger)
    clerk_id: Mapped[int | None] = mapped_column(BigInteger)
    issued: Mapped[int] = mapped_column(Integer)
    served: Mapped[int] = mapped_column(Integer)
    no_show: Mapped[int] = mapped_column(Integer)
    void: Mapped[int] = mapped_column(Integer)
    expired: Mapped[int] = mapped_column(Integer)
    service_us: Mapped[str | None] = mapped_column(Text)


class ReportWaitDay(Base):
    """One day's waits (issue to first call, integer microseconds, comma-separated, ascending) by
    issuing category and the window and clerk of the first call."""

    __tablename__ = "report_wait_day"
    __table_args__ = (Index("ix_report_wait_day_day", "day"),)

    id: Mapped[int] = _id()
    day: Mapped[date] = mapped_column(Date)
    category_id: Mapped[int] = mapped_column(BigInteger)
    counter_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    waits_us: Mapped[str | None] = mapped_column(Text)


class ReportCaseDay(Base):
    """One day's cases by service item: those applied for that day by their state now, and those
    completed that day with how many on time."""

    __tablename__ = "report_case_day"
    __table_args__ = (Index("ix_report_case_day_day", "day"),)

    id: Mapped[int] = _id()
    day: Mapped[date] = mapped_column(Date)
    service_item_id: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    needs_supplement: Mapped[int] = mapped_column(Integer)
    granted: Mapped[int] = mapped_column(Integer)
    denied: Mapped[int] = mapped_column(Integer)
    withdrawn_or_void: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    on_time: Mapped[int] = mapped_column(Integer)


class ReportRatingDay(Base):
    """One day's ratings by score (None: not rated) and how many negative ones were followed up."""

    __tablename__ = "report_rating_day"
    __table_args__ = (Index("ix_report_rating_day_day", "day"),)

    id: Mapped[int] = _id()
    day: Mapped[date] = mapped_column(Date)
    score: Mapped[str | None] = mapped_column(String(2))
    ratings: Mapped[int] = mapped_column(Integer)
    followed_up: Mapped[int] = mapped_column(Integer)


# --------------------------------------------------------------------------- the change feed


class ChangeLog(Base):
    """SQLite: what each committed transaction changed, as the notice PostgreSQL sends
    (app/db/changes.py), for the other PCs' change feeds to read after the last row they saw.
    The last rows only are kept; empty on PostgreSQL, which sends notices instead."""

    __tablename__ = "change_log"

    id: Mapped[int] = _id()
    notice: Mapped[str] = mapped_column(Text)
