"""好差评 from the rating pad: stored with the ticket, window and clerk (and case, once cases link);
a pad left untouched records "not rated" rather than nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import Case, Rating, Ticket
from app.domain.codes import RatingScore
from app.errors import Conflict, NotFound, ValidationError
from app.services.access import without_actor
from app.services.outbox import enqueue_case_event

OTHER_REASON = "其他"  # what a negative rating left without a reason is kept as
NEGATIVE_REASONS = (
    "等候时间太长",
    "办事效率低",
    "服务态度差",
    "一次告知不清楚",
    "材料要求不合理",
    "多次跑腿",
    OTHER_REASON,
)


@dataclass(frozen=True)
class RatingInfo:
    id: int
    ticket_id: int | None
    counter_id: int | None
    clerk_id: int | None
    score: RatingScore | None
    rated: bool
    reasons: tuple[str, ...]
    rated_at: datetime


def _info(r: Rating) -> RatingInfo:
    reasons = tuple(x for x in (r.reasons or "").split("；") if x)
    return RatingInfo(
        r.id, r.ticket_id, r.counter_id, r.clerk_id, r.score, r.rated, reasons, r.rated_at
    )


@without_actor("申请人在评价器上评价：没有人登录，评价属于已办结的号")
def record_rating(
    db: Database,
    *,
    ticket_id: int,
    counter_id: int | None,
    clerk_id: int | None,
    score: RatingScore | None,
    reasons: Sequence[str] = (),
    now: datetime | None = None,
) -> RatingInfo:
    """Store the applicant's rating; `score=None` records that the pad timed out (not rated)."""
    now = now or utcnow()
    if score is not None and RatingScore(score).negative and not reasons:
        raise ValidationError("rating.reasons_required", field="reasons")
    unknown = [r for r in reasons if r not in NEGATIVE_REASONS]
    if unknown:
        raise ValidationError("rating.unknown_reasons", reasons="、".join(unknown), field="reasons")
    with db.session() as session:
        if session.get(Ticket, ticket_id) is None:
            raise NotFound("rating.ticket_not_found")
        if (
            session.scalars(select(Rating.id).where(Rating.ticket_id == ticket_id)).first()
            is not None
        ):
            raise Conflict("rating.already_rated")
        # The case taken at this visit, if any: the rating is its evaluation (GB/T 39046), and goes to
        # the online hall with the case's other events.
        case = session.scalars(
            select(Case).where(Case.ticket_id == ticket_id).order_by(Case.id.desc()).limit(1)
        ).first()
        rating = Rating(
            ticket_id=ticket_id,
            case_id=case.id if case is not None else None,
            counter_id=counter_id,
            clerk_id=clerk_id,
            score=RatingScore(score) if score is not None else None,
            rated=score is not None,
            reasons="；".join(reasons) or None,
            rated_at=now,
        )
        session.add(rating)
        session.flush()
        if case is not None and score is not None:
            enqueue_case_event(
                session,
                case,
                "rating",
                at=now,
                detail={
                    "score": rating.score.value,
                    "score_label": rating.score.label,
                    "reasons": list(reasons),
                    "rated_at": now,
                    "counter_id": counter_id,
                    "clerk_id": clerk_id,
                },
            )
        return _info(rating)


def rating_for_ticket(db: Database, ticket_id: int) -> RatingInfo | None:
    with db.reader() as session:
        rating = session.scalars(select(Rating).where(Rating.ticket_id == ticket_id)).first()
        return _info(rating) if rating else None
