"""After acceptance: process steps, special procedures (§45) and suspensions, the one extension (§42), deadlines recomputed when the calendar changes, completion (办结), delivery, withdrawal and voiding."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import (
    Case,
    Hall,
    ServiceItem,
)
from app.domain.case import ACTION_LABELS, FINAL, CaseAction, next_status
from app.domain.codes import (
    CaseStatus,
    CompletionResult,
    DeliveryMethod,
    Role,
)
from app.domain.decisions import check_legal_basis, wording
from app.domain.extensions import (
    EXPECTED_DAYS_MAX,
    EXTENSION,
    EXTENSION_LABEL,
    SPECIAL_PROCEDURES,
    check_extension,
    procedures_text,
    running_deadline,
)
from app.domain.workdays import (
    paused_days,
)
from app.errors import ValidationError
from app.services import audit, departments
from app.services.access import allowed
from app.services.calendar import load_calendar
from app.services.case_changes import announce
from app.services.context import Actor, Unattended
from app.services.intake.common import (
    _audit,
    _change,
    _handler,
    _move,
    _recompute_due,
    _set_due_dates,
    _step,
    _today,
)
from app.services.intake.records import (
    CaseDetail,
    RecomputedDeadline,
)

STEP_ACTIONS = {"pass": "通过", "return": "退回", "other": "其他"}


@allowed(Role.ADMIN, Unattended.PROGRAM)
def recompute_deadlines(session: Session, actor: Actor, year: int) -> list[RecomputedDeadline]:
    """Compute again, in the caller's transaction and with the calendar as it now stands, the
    deadlines of every open case whose span from acceptance to its legal deadline touches `year`;
    each one that moved is audited and returned."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = session.scalars(
        select(Case).where(
            Case.status.not_in([s.value for s in FINAL]),
            Case.accepted_at.is_not(None),
            Case.legal_due_date >= start,
        )
    ).all()
    calendar = load_calendar(session)
    moved = []
    moved_ids = []
    for case in cases:
        hall = session.get(Hall, case.hall_id)
        item = session.get(ServiceItem, case.service_item_id)
        assert hall is not None and item is not None
        accepted_on = local_date(case.accepted_at, hall.timezone)
        if accepted_on > end:
            continue
        before = (case.promised_date, case.legal_due_date)
        _set_due_dates(case, item, calendar, accepted_on)
        if (case.promised_date, case.legal_due_date) == before:
            continue
        case.data_version += 1
        moved_ids.append(case.id)
        audit.record(
            session,
            actor,
            "case.recompute_deadlines",
            "service_case",
            case.case_no,
            before={"promised_date": before[0], "legal_due_date": before[1]},
            after={
                "promised_date": case.promised_date,
                "legal_due_date": case.legal_due_date,
                "reason": f"{year} 年放假安排",
            },
        )
        moved.append(
            RecomputedDeadline(
                case.case_no,
                case.item_name,
                case.applicant_name,
                before[0],
                case.promised_date,
                before[1],
                case.legal_due_date,
            )
        )
    announce(session, moved_ids)
    return moved


@allowed(Role.CLERK, Role.MANAGER)
def start_processing(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    handler: str | None = None,
    now=None,
) -> CaseDetail:
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.START)
        _step(
            session,
            case,
            now,
            step_name="开始办理",
            action="pass",
            handler=_handler(actor, handler),
        )
        _move(session, case, CaseAction.START, actor, now)
        _audit(session, actor, "case.start", case)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def record_step(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    step_name: str,
    action: str = "pass",
    handler: str | None = None,
    opinion: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """A process step (环节): name, pass/return/other, handler, opinion."""
    now = now or utcnow()
    step_name = (step_name or "").strip()
    if not step_name:
        raise ValidationError("step.name_required", field="step_name")
    if action not in STEP_ACTIONS:
        raise ValidationError("step.outcome_invalid", field="action")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.STEP)
        _step(
            session,
            case,
            now,
            step_name=step_name[:64],
            action=action,
            handler=_handler(actor, handler)[:64],
            opinion=opinion,
        )
        _move(session, case, CaseAction.STEP, actor, now, {"step_name": step_name})
        _audit(session, actor, "case.step", case, step_name=step_name)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def begin_special_procedure(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    kind: str,
    expected_working_days: int | None,
    reason: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """A special procedure of 行政许可法 §45 (听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审):
    the deadline clock stops from today, and the applicant is told in writing how long it is
    expected to take: `expected_working_days` working days after today, recorded with the date
    they come to and printed on the 特别程序告知书."""
    now = now or utcnow()
    if kind not in SPECIAL_PROCEDURES:
        raise ValidationError(
            "special_procedure.kind_required", procedures=procedures_text(), field="kind"
        )
    if (
        isinstance(expected_working_days, bool)
        or not isinstance(expected_working_days, int)
        or not 1 <= expected_working_days <= EXPECTED_DAYS_MAX
    ):
        raise ValidationError(
            "special_procedure.days_required",
            procedure=SPECIAL_PROCEDURES[kind],
            max_days=EXPECTED_DAYS_MAX,
            field="expected_working_days",
        )

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.BEGIN_SPECIAL)
        if case.status == CaseStatus.ACCEPTED:
            _move(session, case, CaseAction.START, actor, now)
        today = _today(session, case, now)
        case.clock_paused_since = today
        expected_end = load_calendar(session).add_working_days(today, expected_working_days).day
        step = _step(
            session,
            case,
            now,
            step_name=f"特别程序：{SPECIAL_PROCEDURES[kind]}",
            action="other",
            handler=actor.username,
            opinion=reason,
            special=kind,
            ended=False,
        )
        step.expected_working_days = expected_working_days
        step.expected_end = expected_end
        _move(
            session,
            case,
            CaseAction.BEGIN_SPECIAL,
            actor,
            now,
            {
                "kind": kind,
                "reason": (reason or "").strip() or None,
                "expected_working_days": expected_working_days,
                "expected_end": expected_end,
            },
        )
        _audit(
            session,
            actor,
            "case.begin_special",
            case,
            kind=kind,
            expected_working_days=expected_working_days,
            expected_end=expected_end,
        )

    return _change(db, actor, case_id, expected_version, apply)


def _restart_clock(session: Session, case: Case, now: datetime) -> int:
    today = _today(session, case, now)
    stopped = 0
    if case.clock_paused_since is not None:
        stopped = paused_days(load_calendar(session), case.clock_paused_since, today)
        case.paused_working_days += stopped
        case.clock_paused_since = None
    _recompute_due(session, case)
    return stopped


@allowed(Role.CLERK, Role.MANAGER)
def end_special_procedure(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    opinion: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.END_SPECIAL)
        stopped = _restart_clock(session, case, now)
        open_steps = [s for s in case.steps if s.special_procedure and s.ended_at is None]
        for step in open_steps:
            step.ended_at = now
            if opinion:
                step.opinion = "\n".join(filter(None, [step.opinion, opinion.strip()]))
        _move(
            session,
            case,
            CaseAction.END_SPECIAL,
            actor,
            now,
            {"paused_working_days": stopped, "promised_date": case.promised_date},
        )
        _audit(session, actor, "case.end_special", case, promised_date=case.promised_date)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def suspend(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    now: datetime | None = None,
) -> CaseDetail:
    """中止 (the clock stops), with the reason."""
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("suspension.reason_required", field="reason")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.SUSPEND)
        case.clock_paused_since = _today(session, case, now)
        _step(
            session,
            case,
            now,
            step_name="中止",
            action="other",
            handler=actor.username,
            opinion=reason,
        )
        _move(session, case, CaseAction.SUSPEND, actor, now, {"reason": reason})
        _audit(session, actor, "case.suspend", case)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def resume(
    db: Database, actor: Actor, case_id: int, *, expected_version: int, now: datetime | None = None
) -> CaseDetail:
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.RESUME)
        stopped = _restart_clock(session, case, now)
        _step(session, case, now, step_name="恢复办理", action="other", handler=actor.username)
        _move(session, case, CaseAction.RESUME, actor, now, {"paused_working_days": stopped})
        _audit(session, actor, "case.resume", case, promised_date=case.promised_date)

    return _change(db, actor, case_id, expected_version, apply)


APPROVER_MAX = 64


@allowed(Role.CLERK, Role.MANAGER)
def extend(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    approver: str,
    approver_title: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """延长 (行政许可法 §42 ①): once per case, decided within the legal period (the deadline's day
    itself still counts), approved by the office's 负责人 (`approver`, with the post printed on the
    延期告知书), with the reason, by the item's extension days (10 unless a law sets otherwise; an
    item with 0 cannot be extended). See app.domain.extensions."""
    now = now or utcnow()
    reason = (reason or "").strip()
    approver = " ".join((approver or "").split())
    approver_title = " ".join((approver_title or "").split()) or None
    if not reason:
        raise ValidationError("extension.reason_required", field="reason")
    if not approver:
        raise ValidationError(
            "extension.approver_required",
            field="approver",
        )
    if len(approver) > APPROVER_MAX:
        raise ValidationError(
            "extension.approver_name_too_long", max_length=APPROVER_MAX, field="approver"
        )
    if approver_title and len(approver_title) > APPROVER_MAX:
        raise ValidationError(
            "extension.approver_title_too_long", max_length=APPROVER_MAX, field="approver_title"
        )

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.EXTEND)
        item = session.get(ServiceItem, case.service_item_id)
        assert item is not None
        today = _today(session, case, now)
        calendar = load_calendar(session)

        def as_today(day: date | None) -> date | None:
            """A deadline as it stands today (a stopped clock moves it), as the notice says it."""
            return running_deadline(calendar, day, case.clock_paused_since, today) if day else None

        legal_before, promised_before = as_today(case.legal_due_date), as_today(case.promised_date)
        check_extension(
            case_no=case.case_no,
            today=today,
            deadline=legal_before or today,
            extended_days=case.extension_days,
            allowed_days=item.extension_limit_days,
        )
        days = item.extension_limit_days
        case.extension_days = days
        case.extension_reason = reason
        case.extension_approver = approver
        case.extension_approver_title = approver_title
        _recompute_due(session, case)
        _step(
            session,
            case,
            now,
            step_name=EXTENSION_LABEL,
            action="other",
            handler=actor.username,
            opinion=reason,
            special=EXTENSION,
        )
        _move(
            session,
            case,
            CaseAction.EXTEND,
            actor,
            now,
            {
                "days": days,
                "reason": reason,
                "approver": approver,
                "approver_title": approver_title,
                "legal_due_date_before": legal_before,
                "legal_due_date": as_today(case.legal_due_date),
                "promised_date_before": promised_before,
                "promised_date": as_today(case.promised_date),
            },
        )
        _audit(
            session,
            actor,
            "case.extend",
            case,
            days=days,
            approver=approver,
            legal_due_date=case.legal_due_date,
            promised_date=case.promised_date,
        )

    return _change(db, actor, case_id, expected_version, apply)


def _complete(
    session: Session,
    case: Case,
    actor: Actor,
    now: datetime,
    *,
    result: CompletionResult | str,
    certificate_name: str | None,
    certificate_no: str | None,
    fee_amount: str | Decimal | None,
    handler: str | None,
    mailed: bool,
    denial_reason: str | None = None,
    basis: str | None = None,
) -> None:
    item = session.get(ServiceItem, case.service_item_id)
    words = wording(item.item_type if item else None, case.item_name)
    try:
        result = CompletionResult(result)
    except ValueError:
        raise ValidationError(
            "completion.result_required", granted=words.granted, denied=words.denied, field="result"
        ) from None
    if result == CompletionResult.DENIED:
        # §38: a denial states its reasons, its basis and the remedies, with the bodies named
        reason = (denial_reason or "").strip()
        if not reason:
            raise ValidationError(
                "completion.denial_reason_required",
                denied=words.denied,
                field="denial_reason",
            )
        case.denial_reason = reason
        case.decision_basis = check_legal_basis(basis)
        if "行政许可法》第三十二条" in case.decision_basis:
            raise ValidationError(
                "completion.basis_article_32",
                denied=words.denied,
                field="decision_basis",
            )
        remedies = departments.remedies(
            session, item.department if item else None, decision=words.denied
        )
        case.review_body, case.court = remedies.review_body, remedies.court
    else:
        case.denial_reason = case.decision_basis = None
        case.review_body = case.court = None
    fee = None
    if fee_amount not in (None, ""):
        try:
            fee = Decimal(str(fee_amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError("completion.fee_not_number", field="fee_amount") from None
        if fee < 0:
            raise ValidationError("completion.fee_negative", field="fee_amount")
    case.completed_at = now
    case.completion_handler = _handler(actor, handler)[:64]
    case.completion_result = result
    case.certificate_name = (certificate_name or "").strip() or None
    case.certificate_no = (certificate_no or "").strip() or None
    case.fee_amount = fee
    case.result_mailed = mailed
    _move(session, case, CaseAction.COMPLETE, actor, now, {"result": result})


@allowed(Role.CLERK, Role.MANAGER)
def complete(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    result: CompletionResult | str,
    certificate_name: str | None = None,
    certificate_no: str | None = None,
    fee_amount: str | Decimal | None = None,
    handler: str | None = None,
    mailed: bool = False,
    denial_reason: str | None = None,
    basis: str | None = None,
    gap_override_reason: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """办结: granted, with the certificate where one is issued, or denied, with the reason, the
    legal basis and the department's remedies (行政许可法 §38). A case accepted with gaps is not
    granted while a committed material is outstanding, unless a manager overrides it with a
    reason (audited)."""
    now = now or utcnow()

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.COMPLETE)
        outstanding = [m.name for m in case.materials if m.gap_committed and not m.received]
        granted = str(getattr(result, "value", result)) == CompletionResult.GRANTED.value
        if outstanding and granted:
            reason = (gap_override_reason or "").strip()
            names = "、".join(f"“{n}”" for n in outstanding)
            if actor.role not in (Role.MANAGER, Role.ADMIN):
                raise ValidationError(
                    "completion.gaps_open",
                    names=names,
                    field="gap_override_reason",
                )
            if not reason:
                raise ValidationError(
                    "completion.gap_override_reason_required",
                    names=names,
                    field="gap_override_reason",
                )
            _audit(session, actor, "case.gap_override", case, materials=outstanding, reason=reason)
        _complete(
            session,
            case,
            actor,
            now,
            result=result,
            certificate_name=certificate_name,
            certificate_no=certificate_no,
            fee_amount=fee_amount,
            handler=handler,
            mailed=mailed,
            denial_reason=denial_reason,
            basis=basis,
        )
        _audit(session, actor, "case.complete", case, result=case.completion_result)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def deliver(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    method: DeliveryMethod | str,
    note: str | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """送达: picked up at the window, mailed (note: the tracking number) or electronic."""
    now = now or utcnow()
    try:
        method = DeliveryMethod(method)
    except ValueError:
        raise ValidationError("delivery.method_required", field="method") from None
    note = (note or "").strip() or None
    if method == DeliveryMethod.MAIL and not note:
        raise ValidationError("delivery.tracking_number_required", field="note")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, CaseAction.DELIVER)
        case.delivered_at = now
        case.delivery_method = method
        case.delivery_note = note
        if method == DeliveryMethod.MAIL:
            case.result_mailed = True
        _move(session, case, CaseAction.DELIVER, actor, now, {"method": method})
        _audit(session, actor, "case.deliver", case, method=method)

    return _change(db, actor, case_id, expected_version, apply)


@allowed(Role.CLERK, Role.MANAGER)
def withdraw(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    now: datetime | None = None,
) -> CaseDetail:
    return _close(
        db, actor, case_id, expected_version, CaseAction.WITHDRAW, reason, now or utcnow()
    )


@allowed(Role.CLERK, Role.MANAGER)
def void(
    db: Database,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int,
    reason: str,
    now: datetime | None = None,
) -> CaseDetail:
    return _close(db, actor, case_id, expected_version, CaseAction.VOID, reason, now or utcnow())


def _close(
    db: Database,
    actor: Actor,
    case_id: int,
    expected_version: int,
    action: CaseAction,
    reason: str,
    now: datetime,
) -> CaseDetail:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("case.reason_required", action=ACTION_LABELS[action], field="reason")

    def apply(session: Session, case: Case) -> None:
        next_status(case.status, action)
        case.clock_paused_since = None
        _step(
            session,
            case,
            now,
            step_name=ACTION_LABELS[action],
            action="other",
            handler=actor.username,
            opinion=reason,
        )
        _move(session, case, action, actor, now, {"reason": reason})
        _audit(session, actor, f"case.{action.value}", case)

    return _change(db, actor, case_id, expected_version, apply)
