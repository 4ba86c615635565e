"""Supervision of cases (电子监察) and of negative ratings, for the hall manager.

- A case whose clock runs (accepted, in progress) is **red** when its promised date has passed and
  **yellow** when it has N or fewer working days left (N: the hall's ``due_soon_working_days``).
  The working-day arithmetic is the intake's (app.domain.workdays through app.services.calendar):
  "N working days left" is turned into a date once, and the database compares dates, so the counts
  by item, department and clerk are plain aggregates. A case whose clock is stopped (special
  procedure, suspension) is counted apart: its promised date moves when the clock restarts.
- Supplement requests the applicant has not answered yet (待补正), oldest first.
- 容缺 materials still outstanding on open cases, by due date: overdue ones first, in red.
- Materials taken in without a decision (收件), with the day the decision is due (5 working days
  after receipt, 行政许可法 §32) and what is left of them, soonest first; one past its day counts as
  accepted from receipt and is marked so until a PC records it (`intake.apply_deemed_acceptance`,
  which the manager's window runs before it reads this). The open cases that came to be accepted
  that way (视为受理) are listed apart: each is a decision the office missed.
- Special procedures (行政许可法 §45) still running past the end the applicant was told of in
  writing (特别程序超期), the longest over first: the clock is stopped, so nothing else shows them.
- Negative ratings (不满意, 非常不满意) must be followed up within 15 working days; the manager
  records the follow-up here (audited). The deadline is the one stored with the rating, else 15
  working days after the day of the rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Row, and_, case, func, literal_column, select
from sqlalchemy.orm import aliased

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    CaseMaterial,
    CaseStep,
    Counter,
    Rating,
    ServiceItem,
    Ticket,
    User,
)
from app.domain.codes import CaseStatus, RatingScore, Role
from app.domain.extensions import SPECIAL_PROCEDURES, procedure_label
from app.domain.intake_deadlines import past
from app.domain.privacy import mask_name
from app.domain.workdays import WorkCalendar
from app.errors import Conflict, NotFound, ValidationError
from app.services import audit
from app.services.access import allowed
from app.services.calendar import load_calendar
from app.services.context import Actor
from app.services.hall import require_hall

FOLLOW_UP_WORKING_DAYS = 15
RUNNING = (CaseStatus.ACCEPTED.value, CaseStatus.IN_PROGRESS.value)
STOPPED = (CaseStatus.SPECIAL_PROCEDURE.value, CaseStatus.SUSPENDED.value)
NEGATIVE = (RatingScore.DISSATISFIED.value, RatingScore.VERY_DISSATISFIED.value)
# Written out (not bound) so that even a prepared, generic plan sees the partial index's predicate.
NEGATIVE_SQL = Rating.score.in_([literal_column(f"'{code}'") for code in NEGATIVE])
CASE_LIST_LIMIT = 500
RECENT_FOLLOW_UPS_DAYS = 30
RECENT_FOLLOW_UPS = 100  # the newest follow-ups shown under the open ones


class WorkdayCounter:
    """Working days between two dates, from one pass over the span (not one walk per case)."""

    def __init__(self, calendar: WorkCalendar, first: date, last: date):
        self.first = first
        self.cumulative: list[int] = []
        total = 0
        day = first
        while day <= last:
            total += 1 if calendar.is_workday(day) else 0
            self.cumulative.append(total)
            day += timedelta(days=1)

    def _upto(self, day: date) -> int:
        index = (day - self.first).days
        if index < 0:
            return 0
        return self.cumulative[min(index, len(self.cumulative) - 1)]

    def left(self, today: date, due: date) -> int:
        """Working days after today up to the due date (negative: working days overdue)."""
        if due >= today:
            return self._upto(due) - self._upto(today)
        return -(self._upto(today) - self._upto(due))


@dataclass(frozen=True)
class SupervisionGroup:
    label: str
    running: int
    yellow: int
    red: int
    stopped: int


@dataclass(frozen=True)
class SupervisedCase:
    case_id: int
    case_no: str
    item_name: str
    department: str
    clerk_name: str
    applicant_name: str  # masked
    status: CaseStatus
    accepted_at: datetime | None
    promised_date: date
    working_days_left: int  # negative: overdue by that many working days

    @property
    def level(self) -> str:
        return "red" if self.working_days_left < 0 else "yellow"


@dataclass(frozen=True)
class SupplementWaiting:
    case_id: int
    case_no: str
    item_name: str
    department: str
    clerk_name: str
    applicant_name: str
    contact_mobile: str | None
    requested_at: datetime
    due_date: date | None
    days_waiting: int


@dataclass(frozen=True)
class GapOutstanding:
    """A 容缺 material not handed in yet, on a case still open."""

    case_id: int
    case_no: str
    item_name: str
    department: str
    clerk_name: str
    applicant_name: str
    contact_mobile: str | None
    material: str
    due_date: date | None
    days_overdue: int  # calendar days past the due date; 0 or less: not due yet

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class ReceivedWaiting:
    """A case taken in (收件) whose decision is still to come."""

    case_id: int
    case_no: str
    item_name: str
    department: str
    clerk_name: str
    applicant_name: str  # masked
    received_at: datetime
    decision_due_date: date
    working_days_left: int  # 0: due today
    overdue: bool  # past its day: it counts as accepted from receipt


@dataclass(frozen=True)
class DeemedAccepted:
    """An open case accepted from receipt because nobody decided within the 5 working days."""

    case_id: int
    case_no: str
    item_name: str
    department: str
    clerk_name: str
    applicant_name: str  # masked
    status: CaseStatus
    received_at: datetime
    decision_due_date: date | None
    promised_date: date | None


@dataclass(frozen=True)
class SpecialProcedureOverdue:
    """A special procedure still under way after the day it was expected to end."""

    case_id: int
    case_no: str
    item_name: str
    department: str
    clerk_name: str
    applicant_name: str  # masked
    procedure: str  # 听证 … 专家评审
    started_at: datetime
    expected_end: date
    working_days_over: int


@dataclass(frozen=True)
class NegativeRating:
    id: int
    rated_at: datetime
    score: RatingScore
    reasons: tuple[str, ...]
    ticket_number: str | None
    counter_number: int | None
    clerk_name: str
    due_date: date
    working_days_left: int
    follow_up_note: str | None
    follow_up_at: datetime | None
    follow_up_by: str | None

    @property
    def done(self) -> bool:
        return self.follow_up_at is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.working_days_left < 0


def _case_head(r: Row) -> tuple[int, str, str, str, str, str]:
    """The first six fields of every supervised line, from a `case_list` row: the case, its item,
    department and clerk, the applicant's name masked."""
    return (
        r.id,
        r.case_no,
        r.item_name,
        r.department or "",
        r.full_name or "",
        mask_name(r.applicant_name),
    )


@dataclass(frozen=True)
class Supervision:
    today: date
    warn_days: int
    yellow_until: date
    running: int
    yellow: int
    red: int
    stopped: int
    by_item: tuple[SupervisionGroup, ...]
    by_department: tuple[SupervisionGroup, ...]
    by_clerk: tuple[SupervisionGroup, ...]
    cases: tuple[SupervisedCase, ...]  # red and yellow, most urgent first (at most CASE_LIST_LIMIT)
    supplements: tuple[SupplementWaiting, ...]
    ratings: tuple[NegativeRating, ...]
    gaps: tuple[GapOutstanding, ...] = ()
    received: tuple[ReceivedWaiting, ...] = ()  # 收件, soonest due first
    deemed: tuple[DeemedAccepted, ...] = ()  # 视为受理, still open
    special_overdue: tuple[SpecialProcedureOverdue, ...] = ()


def _roll_up(rows, key: int) -> tuple[SupervisionGroup, ...]:
    sums: dict[str, list[int]] = {}
    for row in rows:
        totals = sums.setdefault(row[key] or "（未填）", [0, 0, 0, 0])
        for i in range(4):
            totals[i] += int(row[3 + i] or 0)
    groups = [SupervisionGroup(label, *values) for label, values in sums.items()]
    return tuple(sorted(groups, key=lambda g: (-g.red, -g.yellow, -g.running, g.label)))


def supervision(db: Database, *, now: datetime | None = None) -> Supervision:
    now = now or utcnow()
    with db.reader() as session:
        hall = require_hall(session)
        today = local_date(now, hall.timezone)
        calendar = load_calendar(session)
        warn_days = hall.due_soon_working_days
        yellow_until = calendar.add_working_days(today, warn_days).day
        running = Case.status.in_(RUNNING)
        red = and_(running, Case.promised_date < today)
        yellow = and_(running, Case.promised_date >= today, Case.promised_date <= yellow_until)

        def n(condition) -> object:
            return func.sum(case((condition, 1), else_=0))

        measures = (
            n(running),
            n(yellow),
            n(red),
            n(Case.status.in_(STOPPED)),
        )
        open_cases = Case.status.in_(RUNNING + STOPPED)

        # One aggregate at the finest grain (item × department × clerk: a few hundred rows at
        # most), rolled up here into the three lists and the totals.
        fine = session.execute(
            select(Case.item_name, ServiceItem.department, User.full_name, *measures)
            .select_from(Case)
            .outerjoin(ServiceItem, ServiceItem.id == Case.service_item_id)
            .outerjoin(User, User.id == Case.clerk_id)
            .where(open_cases)
            .group_by(Case.item_name, ServiceItem.department, User.full_name)
        ).all()
        by_item = _roll_up(fine, 0)
        by_department = _roll_up(fine, 1)
        by_clerk = _roll_up(fine, 2)
        totals = tuple(sum(int(r[i] or 0) for r in fine) for i in range(3, 7))

        def case_list(*columns, where, order, join=None):
            """A list of cases with their item, department, clerk and applicant, then `columns`."""
            query = select(
                Case.id,
                Case.case_no,
                Case.item_name,
                ServiceItem.department,
                User.full_name,
                Case.applicant_name,
                *columns,
            ).select_from(Case)
            if join is not None:
                query = query.join(*join)
            return session.execute(
                query.outerjoin(ServiceItem, ServiceItem.id == Case.service_item_id)
                .outerjoin(User, User.id == Case.clerk_id)
                .where(*where)
                .order_by(*order)
                .limit(CASE_LIST_LIMIT)
            ).all()

        rows = case_list(
            Case.status,
            Case.accepted_at,
            Case.promised_date,
            where=(
                running,
                Case.promised_date <= yellow_until,
            ),
            order=(Case.promised_date, Case.id),
        )

        supplement_rows = case_list(
            Case.contact_mobile,
            Case.supplement_requested_at,
            Case.supplement_due_date,
            where=(Case.status == CaseStatus.NEEDS_SUPPLEMENT.value,),
            order=(Case.supplement_requested_at, Case.id),
        )

        received_rows = case_list(
            Case.applied_at,
            Case.decision_due_date,
            where=(
                Case.status == CaseStatus.RECEIVED.value,
                Case.decision_due_date.is_not(None),
            ),
            order=(Case.decision_due_date, Case.id),
        )
        deemed_rows = case_list(
            Case.status,
            Case.applied_at,
            Case.decision_due_date,
            Case.promised_date,
            where=(
                Case.deemed_accepted.is_(True),
                Case.status.in_(RUNNING + STOPPED),
            ),
            order=(Case.decision_due_date.desc(), Case.id.desc()),
        )

        special_rows = case_list(
            CaseStep.special_procedure,
            CaseStep.started_at,
            CaseStep.expected_end,
            where=(
                Case.status == CaseStatus.SPECIAL_PROCEDURE.value,
                CaseStep.ended_at.is_(None),
                CaseStep.special_procedure.in_(list(SPECIAL_PROCEDURES)),
                CaseStep.expected_end < today,
            ),
            order=(CaseStep.expected_end, Case.id),
            join=(CaseStep, CaseStep.case_id == Case.id),
        )

        follow_up_user = aliased(User)
        clerk = aliased(User)
        recent = now - timedelta(days=RECENT_FOLLOW_UPS_DAYS)

        def negative_ratings(condition, order):
            return session.execute(
                select(
                    Rating,
                    Ticket.number,
                    Counter.number,
                    clerk.full_name,
                    follow_up_user.full_name,
                )
                .outerjoin(Ticket, Ticket.id == Rating.ticket_id)
                .outerjoin(Counter, Counter.id == Rating.counter_id)
                .outerjoin(clerk, clerk.id == Rating.clerk_id)
                .outerjoin(follow_up_user, follow_up_user.id == Rating.follow_up_by)
                .where(NEGATIVE_SQL, condition)
                .order_by(order)
                .limit(CASE_LIST_LIMIT)
            ).all()

        # still to follow up (a partial index holds exactly these), then the recent follow-ups
        rating_rows = negative_ratings(Rating.follow_up_at.is_(None), Rating.rated_at)
        # only negative ratings are ever followed up (record_follow_up refuses others): the newest
        # follow-ups straight from their index, then their details
        latest = (
            select(Rating.id)
            .where(Rating.follow_up_at >= recent)
            .order_by(Rating.follow_up_at.desc())
            .limit(RECENT_FOLLOW_UPS)
        )
        rating_rows += negative_ratings(Rating.id.in_(latest), Rating.follow_up_at.desc())

        gap_rows = session.execute(
            select(
                Case.id,
                Case.case_no,
                Case.item_name,
                ServiceItem.department,
                User.full_name,
                Case.applicant_name,
                Case.contact_mobile,
                CaseMaterial.name,
                CaseMaterial.gap_due_date,
            )
            .select_from(CaseMaterial)
            .join(Case, Case.id == CaseMaterial.case_id)
            .outerjoin(ServiceItem, ServiceItem.id == Case.service_item_id)
            .outerjoin(User, User.id == Case.clerk_id)
            .where(
                CaseMaterial.gap_committed.is_(True),
                CaseMaterial.received.is_(False),
                open_cases,
            )
            .order_by(CaseMaterial.gap_due_date, Case.id)
            .limit(CASE_LIST_LIMIT)
        ).all()

    gaps = tuple(
        GapOutstanding(
            *_case_head(r),
            r.contact_mobile,
            r.name,
            r.gap_due_date,
            (today - r.gap_due_date).days if r.gap_due_date else 0,
        )
        for r in gap_rows
    )
    dues: dict[int, date] = {}
    for rating, *_rest in rating_rows:
        dues[rating.id] = (
            rating.follow_up_due
            or calendar.add_working_days(
                local_date(rating.rated_at, hall.timezone), FOLLOW_UP_WORKING_DAYS
            ).day
        )
    span = (
        [today, yellow_until]
        + [r.promised_date for r in rows]
        + list(dues.values())
        + [r.decision_due_date for r in received_rows]
        + [r.expected_end for r in special_rows]
    )
    counter = WorkdayCounter(calendar, min(span), max(span))

    cases = tuple(
        SupervisedCase(
            *_case_head(r),
            CaseStatus(r.status),
            r.accepted_at,
            r.promised_date,
            counter.left(today, r.promised_date),
        )
        for r in rows
    )
    supplements = tuple(
        SupplementWaiting(
            *_case_head(r),
            r.contact_mobile,
            r.supplement_requested_at,
            r.supplement_due_date,
            (today - local_date(r.supplement_requested_at, hall.timezone)).days
            if r.supplement_requested_at
            else 0,
        )
        for r in supplement_rows
    )
    received = tuple(
        ReceivedWaiting(
            *_case_head(r),
            r.applied_at,
            r.decision_due_date,
            counter.left(today, r.decision_due_date),
            past(r.decision_due_date, today),
        )
        for r in received_rows
    )
    deemed = tuple(
        DeemedAccepted(
            *_case_head(r),
            CaseStatus(r.status),
            r.applied_at,
            r.decision_due_date,
            r.promised_date,
        )
        for r in deemed_rows
    )
    ratings = tuple(
        NegativeRating(
            rating.id,
            rating.rated_at,
            rating.score,
            tuple(x for x in (rating.reasons or "").split("；") if x),
            ticket_number,
            counter_number,
            clerk_name or "",
            dues[rating.id],
            counter.left(today, dues[rating.id]),
            rating.follow_up_note,
            rating.follow_up_at,
            by_name,
        )
        for rating, ticket_number, counter_number, clerk_name, by_name in rating_rows
    )
    special_overdue = tuple(
        SpecialProcedureOverdue(
            *_case_head(r),
            procedure_label(r.special_procedure),
            r.started_at,
            r.expected_end,
            -counter.left(today, r.expected_end),
        )
        for r in special_rows
    )
    running_n, yellow_n, red_n, stopped_n = totals
    return Supervision(
        today=today,
        warn_days=warn_days,
        yellow_until=yellow_until,
        running=running_n,
        yellow=yellow_n,
        red=red_n,
        stopped=stopped_n,
        by_item=by_item,
        by_department=by_department,
        by_clerk=by_clerk,
        cases=cases,
        supplements=supplements,
        ratings=ratings,
        gaps=gaps,
        received=received,
        deemed=deemed,
        special_overdue=special_overdue,
    )


@allowed(Role.MANAGER, Role.ADMIN)
def record_follow_up(
    db: Database, actor: Actor, rating_id: int, note: str, *, now: datetime | None = None
) -> None:
    """The manager's record of how a negative rating was followed up (整改与回复)."""
    now = now or utcnow()
    note = (note or "").strip()
    if len(note) < 4:
        raise ValidationError(
            "rating.follow_up_too_short",
            field="follow_up_note",
        )
    with db.session() as session:
        rating = session.get(Rating, rating_id)
        if rating is None:
            raise NotFound("rating.not_found_refresh")
        if rating.score is None or rating.score.value not in NEGATIVE:
            raise Conflict("rating.follow_up_only_negative")
        if rating.follow_up_at is not None:
            raise Conflict("rating.follow_up_done")
        if rating.follow_up_due is None:
            hall = require_hall(session)
            rating.follow_up_due = (
                load_calendar(session)
                .add_working_days(
                    local_date(rating.rated_at, hall.timezone), FOLLOW_UP_WORKING_DAYS
                )
                .day
            )
        rating.follow_up_note = note
        rating.follow_up_by = actor.user_id
        rating.follow_up_at = now
        audit.record(
            session,
            actor,
            "rating.follow_up",
            "rating",
            rating.id,
            after={
                "note": note,
                "due": rating.follow_up_due,
                "on_time": local_date(now, require_hall(session).timezone) <= rating.follow_up_due,
            },
        )
