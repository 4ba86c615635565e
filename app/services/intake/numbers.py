"""Case numbers and query PINs: the hall's `CaseNumberRule` (app.domain.case_numbers) over `daily_sequence`, incremented inside the caller's transaction, never shared even by two PCs at the same instant; the PIN is 6 random digits from `secrets`."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.orm import Session

from app.db.models import (
    Hall,
    ServiceItem,
)
from app.domain.case_numbers import CaseNumberRule, rule_named
from app.errors import ValidationError

PIN_DIGITS = 6


def new_query_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def _next_sequence(session: Session, scope: str, day: date) -> int:
    # The same single-statement increment the queue uses for ticket numbers.
    from app.services.queue import next_daily_value

    return next_daily_value(session, scope, day)


def _case_number(
    session: Session, hall: Hall, item: ServiceItem, today: date, rule: CaseNumberRule | None
) -> str:
    """The next number by `rule`, else by the hall's (`hall.case_number_rule`, the same on every
    PC), from `daily_sequence` inside the caller's transaction."""
    rule = rule or rule_named(hall.case_number_rule)
    sequence = _next_sequence(session, rule.scope(hall.code, item.implementation_code), today)
    case_no = rule.format(hall.code, item.implementation_code, today, sequence)
    if len(case_no) > 50:
        raise ValidationError(
            "case.number_too_long",
            case_no=case_no,
            field="service_item",
        )
    return case_no
