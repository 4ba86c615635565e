"""The paper a case decision hands to the applicant, built from the case as saved.

`notices_for(detail, settings, db)` gives the documents that follow the case's latest decision, in
the order they are printed:

- accepted (受理, also 容缺受理 and after supplements arrived) → 受理通知书 (for 容缺: what is
  missing, by when), the 容缺受理承诺书 for the applicant to sign, then 材料接收凭证;
- received (收件: taken in, the office decides within 5 working days) → 材料接收凭证 saying it is
  not an acceptance and by when the decision is due;
- accepted from receipt (视为受理, the office missed those days) → 受理通知书 saying so;
- needs supplement (一次性告知) → 一次性告知书 listing every missing required material with what is
  required, how many, every material handed in but defective with what is wrong, the applicant's
  deadline, and always that this is everything to be supplemented;
- terminated (终止, the supplement deadline passed) → 终止办理通知书 with the reason, what was still
  missing and the remedies; none when the supplements were accepted as a new application (the
  applicant has the new case's acceptance notice);
- rejected (不予受理) → 不予受理通知书 with the reason, its clause, the competent body, and the
  review body and court of the item's department (as recorded on the case when it was decided);
- completed → the decision document where the law asks for one (`decision`): every denial (不予行政
  许可决定书, 不予登记决定书 … with reasons, basis and remedies) and a licence granted (准予行政许可
  决定书); completed on the spot (即办件) adds the 材料接收凭证, which states the result in the item's
  own words (准予登记, 已办理 …).

After acceptance, `action_notices(detail, action, settings, db)` gives the paper an action hands
out: an extension (行政许可法 §42) → 延期告知书 with the reason, the 负责人's approval and the deadline
before and after; a special procedure begun (§45) → 特别程序告知书 with the procedure and how long
it is expected to take.

`notice_for` is the first (main) one. Everything here is plain data (`printing.documents`); no Qt,
no rendering, nothing written: the UI archives and prints what it gets (archive_document).
ID numbers and mobiles are printed masked, as on every screen other than the intake form.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.db.engine import Database
from app.domain.case import CaseAction
from app.domain.codes import CaseStatus, CaseType, CompletionResult
from app.domain.decisions import LICENCE
from app.domain.extensions import SPECIAL_PROCEDURES, STATUTORY_EXTENSION_DAYS, procedure_label
from app.domain.privacy import mask_id_number, mask_mobile
from app.domain.validation import document_name
from app.domain.workdays import YearSource
from app.errors import HallDeskError
from app.services import calendar, catalog
from app.services.documents import case_qr_text, issuer_for
from app.services.intake import CaseDetail, CaseMaterialInfo
from app.settings import Settings
from printing.documents import (
    AcceptanceNoticeData,
    CaseDesk,
    DecisionData,
    Document,
    ExtensionNoticeData,
    GapCommitmentData,
    GapLine,
    Issuer,
    MaterialLine,
    MaterialsReceiptData,
    MissingMaterial,
    Party,
    RejectionNoticeData,
    SpecialProcedureNoticeData,
    SupplementNoticeData,
    TerminationNoticeData,
)

# 文书编号: the case number and a suffix per kind (the acceptance notice keeps the notice number
# the service gave the case). Unique per case and kind, readable at the counter.
DOC_SUFFIX = {
    "supplement": "-BZ",
    "rejection": "-BY",
    "receipt": "-SJ",
    "decision": "-JD",
    "gap_commitment": "-RQ",
    "termination": "-ZZ",
    "extension": "-YQ",
    "special": "-TB",  # and the procedure's number in the case: -TB1, -TB2 …
}
# The hall's notes under the supplement notice. "本告知书所列即为全部需要补正的内容" and what the
# deadline means are printed by the notice itself, whatever notes are given.
SUPPLEMENT_NOTES = (
    "请按本告知书一次性补齐上列全部材料；自收到全部补正材料之日起受理。",
    "补正时请携带本告知书及已提交材料的接收凭证。",
)
# States an accepted case can be in right after an intake decision (accept, or supplements in).
_ACCEPTED = (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS)


def _cn_date(day: date) -> str:
    """2026年3月3日, as the notices print dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def _label(enum_type, value: str | None) -> str:
    if not value:
        return ""
    try:
        return enum_type(value).label
    except ValueError:
        return value


def _issuer(detail: CaseDetail, settings: Settings, db: Database) -> Issuer:
    """The hall's letterhead; the item's own unit and phones where settings leave them open."""
    issuer = issuer_for(db, settings)
    return replace(
        issuer,
        department_name=issuer.department_name
        or detail.accepting_unit_name
        or detail.department
        or "",
        consultation_phone=detail.consult_phone or issuer.consultation_phone,
        supervision_phone=issuer.supervision_phone or detail.supervise_phone or "",
    )


def _party(detail: CaseDetail) -> Party:
    return Party(
        name=detail.applicant_name,
        id_type=document_name(detail.applicant_id_type, detail.applicant_id_number),
        id_number=mask_id_number(detail.applicant_id_number),
        mobile=mask_mobile(detail.contact_mobile) if detail.contact_mobile else "",
        address=detail.address or "",
        agent_name=detail.agent_name or "",
        agent_id_number=mask_id_number(detail.agent_id_number) if detail.agent_id_number else "",
    )


def _desk(detail: CaseDetail, settings: Settings) -> CaseDesk:
    return CaseDesk(
        case_no=detail.case_no,
        query_pin=detail.query_pin,
        counter_name=f"{detail.counter_number}号窗口" if detail.counter_number else "",
        clerk_name=detail.clerk_name or "",
        qr_text=case_qr_text(settings, detail.case_no),
    )


def _line(m: CaseMaterialInfo) -> MaterialLine:
    return MaterialLine(
        name=m.name,
        copies=max(m.count, 1),
        form=m.receive_mode.label if m.receive_mode else "",
        note=m.note or "",
    )


def _received(detail: CaseDetail) -> tuple[MaterialLine, ...]:
    return tuple(_line(m) for m in detail.received_materials)


def _required_copies(db: Database, detail: CaseDetail) -> dict[str, str]:
    """Material name → "原件1份，复印件1份" from the item's catalog entry (the case keeps only the
    name and requirement). An item removed from the catalog simply leaves it out."""
    try:
        item = catalog.get_item(db, detail.service_item_id)
    except HallDeskError:
        return {}
    wanted: dict[str, str] = {}
    for m in item.materials:
        parts = []
        if m.originals:
            parts.append(f"原件{m.originals}份")
        if m.copies:
            parts.append(f"复印件{m.copies}份")
        if m.electronic_ok:
            parts.append("可交电子件")
        wanted[m.name] = "，".join(parts)
    return wanted


def acceptance_notice(detail: CaseDetail, settings: Settings, db: Database) -> AcceptanceNoticeData:
    if detail.accepted_at is None:
        raise ValueError(f"case {detail.case_no} is not accepted")
    gaps = tuple(
        f"{m.name}（容缺，承诺于{_cn_date(due)}前补交）" if due else f"{m.name}（容缺）"
        for m in detail.gap_materials
        for due in (m.gap_due_date or detail.gap_due_date,)
    )
    notes = []
    if detail.gap_commitment and gaps:
        notes.append(f"容缺承诺：{detail.gap_commitment}")
    if detail.item_fee:
        notes.append(f"收费：{detail.item_fee}")
    return AcceptanceNoticeData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.notice_no or detail.case_no,
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        item_code=detail.item_code,
        case_type=_label(CaseType, detail.case_type),
        applicant=_party(detail),
        applied_at=detail.applied_at,
        accepted_at=detail.accepted_at,
        materials=_received(detail),
        promised_date=detail.promised_date,
        promised_days=detail.promised_limit_days + detail.extension_days,
        unconfirmed_years=_unconfirmed_years(db, detail),
        with_gaps=gaps,
        notes=tuple(notes),
        deemed_after=detail.decision_due_date if detail.deemed_accepted else None,
    )


def gap_commitment(detail: CaseDetail, settings: Settings, db: Database) -> GapCommitmentData:
    """容缺受理承诺书 of a case accepted with gaps: each outstanding material and its due date."""
    if detail.accepted_at is None or not detail.gap_materials:
        raise ValueError(f"case {detail.case_no} has no 容缺 materials")
    words = detail.wording
    return GapCommitmentData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.case_no + DOC_SUFFIX["gap_commitment"],
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        accepted_at=detail.accepted_at,
        gaps=tuple(
            GapLine(m.name, m.gap_due_date or detail.gap_due_date, m.requirement or "")
            for m in detail.gap_materials
            if (m.gap_due_date or detail.gap_due_date) is not None
        ),
        promised_date=detail.promised_date,
        commitment=detail.gap_commitment or "",
        granted_text=words.granted,
        denied_text=words.denied,
    )


def _unconfirmed_years(db: Database, detail: CaseDetail) -> tuple[int, ...]:
    """Years from acceptance to the legal deadline whose holiday arrangement is not confirmed."""
    if detail.accepted_at is None or detail.legal_due_date is None:
        return ()
    work = calendar.work_calendar(db)
    first = detail.accepted_at.year
    return tuple(
        y
        for y in range(first, detail.legal_due_date.year + 1)
        if work.source(y) == YearSource.STATUTORY
    )


def supplement_notice(detail: CaseDetail, settings: Settings, db: Database) -> SupplementNoticeData:
    copies = _required_copies(db, detail)

    def line(m: CaseMaterialInfo) -> MissingMaterial:
        return MissingMaterial(
            name=m.name,
            requirement=m.requirement or "",
            copies=copies.get(m.name, ""),
            note=m.note or "",
            defect=m.defect or "",
        )

    missing = tuple(line(m) for m in detail.missing_materials)
    return SupplementNoticeData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.case_no + DOC_SUFFIX["supplement"],
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        applied_at=detail.applied_at,
        notified_at=detail.supplement_requested_at or detail.applied_at,
        missing=missing,
        due_date=detail.supplement_due_date,
        received=tuple(
            replace(_line(m), note=f"不符合要求：{m.defect}") if m.defective else _line(m)
            for m in detail.received_materials
        ),
        notes=SUPPLEMENT_NOTES,
        defective=tuple(line(m) for m in detail.defective_materials),
    )


def _decided_at(detail: CaseDetail, status: CaseStatus) -> datetime:
    for event in reversed(detail.events):
        if event.to_status == status:
            return event.at
    return detail.applied_at


def rejection_notice(detail: CaseDetail, settings: Settings, db: Database) -> RejectionNoticeData:
    return RejectionNoticeData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.case_no + DOC_SUFFIX["rejection"],
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        applied_at=detail.applied_at,
        decided_at=_decided_at(detail, CaseStatus.REJECTED),
        reasons=tuple(
            line.strip() for line in (detail.rejection_reason or "").splitlines() if line.strip()
        ),
        legal_basis=detail.decision_basis or "",
        competent_body=detail.competent_body or "",
        review_body=detail.review_body or "",
        court=detail.court or "",
        returned=_received(detail),
    )


def termination_notice(
    detail: CaseDetail, settings: Settings, db: Database
) -> TerminationNoticeData:
    decided = detail.terminated_at or _decided_at(detail, CaseStatus.TERMINATED)
    return TerminationNoticeData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.case_no + DOC_SUFFIX["termination"],
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        applied_at=detail.applied_at,
        decided_at=decided,
        reasons=tuple(
            line.strip() for line in (detail.termination_reason or "").splitlines() if line.strip()
        ),
        supplement_notified_at=detail.supplement_requested_at,
        supplement_due_date=detail.supplement_due_date,
        unsupplied=tuple(m.name for m in detail.missing_materials)
        + tuple(f"{m.name}（不符合要求：{m.defect}）" for m in detail.defective_materials),
        legal_basis=detail.decision_basis or "",
        review_body=detail.review_body or "",
        court=detail.court or "",
        returned=_received(detail),
    )


def decision(detail: CaseDetail, settings: Settings, db: Database) -> DecisionData | None:
    """The decision document of a completed case, or None where the law asks for none (a grant
    of anything but a licence: the certificate or the service is the result)."""
    if detail.completed_at is None or detail.completion_result is None:
        return None
    granted = detail.completion_result == CompletionResult.GRANTED
    words = detail.wording
    title = words.grant_title if granted else words.deny_title
    if title is None:
        return None
    return DecisionData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.case_no + DOC_SUFFIX["decision"],
        desk=_desk(detail, settings),
        title=title,
        item_name=detail.item_name,
        applicant=_party(detail),
        applied_at=detail.applied_at,
        accepted_at=detail.accepted_at,
        decided_at=detail.completed_at,
        granted=granted,
        result_text=words.result(granted),
        reasons=tuple(
            line.strip() for line in (detail.denial_reason or "").splitlines() if line.strip()
        ),
        legal_basis=(words.grant_basis if granted else detail.decision_basis) or "",
        review_body="" if granted else detail.review_body or "",
        court="" if granted else detail.court or "",
        certificate_name=(detail.certificate_name or "") if granted else "",
        certificate_no=(detail.certificate_no or "") if granted else "",
        notes=(
            (
                "领取证照时请携带本决定书和申请人有效身份证件；委托他人领取的，另需提供委托书和受托人身份证件。",
            )
            if granted and (detail.certificate_name or detail.certificate_no)
            else ()
        ),
    )


def materials_receipt(detail: CaseDetail, settings: Settings, db: Database) -> MaterialsReceiptData:
    received_at = min(
        (m.received_at for m in detail.received_materials if m.received_at is not None),
        default=detail.applied_at,
    )
    issuer = _issuer(detail, settings, db)
    notes = []
    if detail.status in (CaseStatus.COMPLETED, CaseStatus.DELIVERED) and detail.completed_at:
        day = detail.completed_at.astimezone(ZoneInfo(issuer.timezone))
        done = f"本件已于{_cn_date(day)}当场办结，结果：{detail.result_label}"
        if detail.certificate_name or detail.certificate_no:
            done += f"；证照：{detail.certificate_name or '证照'}"
            if detail.certificate_no:
                done += f"（编号 {detail.certificate_no}）"
        if detail.fee_amount is not None:
            done += f"；收费 {detail.fee_amount} 元"
        notes.append(done + "。")
    return MaterialsReceiptData(
        issuer=issuer,
        doc_no=detail.case_no + DOC_SUFFIX["receipt"],
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        received_at=received_at,
        materials=_received(detail),
        notes=tuple(notes),
        completed_on_spot=detail.completed_on_spot,
        decision_due_date=(
            detail.decision_due_date if detail.status == CaseStatus.RECEIVED else None
        ),
    )


def notices_for(detail: CaseDetail, settings: Settings, db: Database) -> list[Document]:
    """The documents that follow the case's latest decision (empty: nothing to hand out)."""
    status = detail.status
    if status == CaseStatus.RECEIVED and detail.decision_due_date is not None:
        return [materials_receipt(detail, settings, db)]  # 收件: the decision is still to come
    if status == CaseStatus.TERMINATED:
        if detail.renewed_as:
            return []  # accepted as a new application: that case has the applicant's notice
        return [termination_notice(detail, settings, db)]
    if status == CaseStatus.NEEDS_SUPPLEMENT:
        # the notice asks the applicant to bring the receipt of what was handed in: print it
        docs = [supplement_notice(detail, settings, db)]
        if detail.received_materials:
            docs.append(materials_receipt(detail, settings, db))
        return docs
    if status == CaseStatus.REJECTED:
        return [rejection_notice(detail, settings, db)]
    if status in _ACCEPTED and detail.accepted_at is not None:
        docs: list[Document] = [acceptance_notice(detail, settings, db)]
        if detail.with_gaps and detail.gap_materials:
            docs.append(gap_commitment(detail, settings, db))  # for the applicant to sign
        if detail.received_materials:
            docs.append(materials_receipt(detail, settings, db))
        return docs
    if status == CaseStatus.COMPLETED:
        done: list[Document] = []
        paper = decision(detail, settings, db)
        if paper is not None:
            done.append(paper)
        if detail.completed_on_spot:
            done.append(materials_receipt(detail, settings, db))
        return done
    return []


def notice_for(detail: CaseDetail, settings: Settings, db: Database) -> Document | None:
    """The main document of the latest decision (受理通知书, 一次性告知书, 不予受理通知书 or, for an
    instant item completed on the spot, the materials receipt)."""
    docs = notices_for(detail, settings, db)
    return docs[0] if docs else None


# --------------------------------------------------------------------------- after acceptance


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _decision_name(detail: CaseDetail) -> str:
    """What the deadline is for: a licence's 行政许可决定 (§42, §45), any other item's decision."""
    return "行政许可决定" if (detail.item_type or "").strip() == LICENCE else "办理决定"


def extension_notice(detail: CaseDetail, settings: Settings, db: Database) -> ExtensionNoticeData:
    """延期告知书 of a case's extension, from the extension's event (the deadlines as they were
    before and became after it, whatever happened to the case since)."""
    event = detail.latest_event(CaseAction.EXTEND)
    if event is None or not detail.extension_days:
        raise ValueError(f"case {detail.case_no} is not extended")
    info = event.detail or {}
    days = int(info.get("days") or detail.extension_days)
    return ExtensionNoticeData(
        issuer=_issuer(detail, settings, db),
        doc_no=detail.case_no + DOC_SUFFIX["extension"],
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        applied_at=detail.applied_at,
        accepted_at=detail.accepted_at,
        decided_at=event.at,
        days=days,
        reasons=_lines(info.get("reason") or detail.extension_reason),
        approver=info.get("approver") or detail.extension_approver or "",
        approver_title=info.get("approver_title") or detail.extension_approver_title or "",
        legal_due_before=_day(info.get("legal_due_date_before")),
        legal_due_date=_day(info.get("legal_due_date")) or detail.legal_due_date,
        promised_before=_day(info.get("promised_date_before")),
        promised_date=_day(info.get("promised_date")) or detail.promised_date,
        decision_name=_decision_name(detail),
        statutory=days == STATUTORY_EXTENSION_DAYS,
    )


def special_procedure_notice(
    detail: CaseDetail, settings: Settings, db: Database
) -> SpecialProcedureNoticeData:
    """特别程序告知书 of the special procedure under way (the latest one begun)."""
    specials = [s for s in detail.steps if s.special_procedure in SPECIAL_PROCEDURES]
    if not specials or specials[-1].expected_working_days is None:
        raise ValueError(f"case {detail.case_no} has no special procedure with its length")
    step = specials[-1]
    return SpecialProcedureNoticeData(
        issuer=_issuer(detail, settings, db),
        doc_no=f"{detail.case_no}{DOC_SUFFIX['special']}{len(specials)}",
        desk=_desk(detail, settings),
        item_name=detail.item_name,
        applicant=_party(detail),
        applied_at=detail.applied_at,
        accepted_at=detail.accepted_at,
        started_at=step.started_at,
        procedure=procedure_label(step.special_procedure),
        expected_working_days=step.expected_working_days,
        expected_end=step.expected_end,
        reasons=_lines(step.opinion) if step.ended_at is None else (),
        legal_due_date=detail.legal_due_date,
        promised_date=detail.promised_date,
        decision_name=_decision_name(detail),
    )


ACTION_NOTICES = {
    CaseAction.EXTEND: extension_notice,
    CaseAction.BEGIN_SPECIAL: special_procedure_notice,
}


def action_notices(
    detail: CaseDetail, action: CaseAction, settings: Settings, db: Database
) -> list[Document]:
    """The notice an action after acceptance hands out (empty: none)."""
    build = ACTION_NOTICES.get(action)
    return [build(detail, settings, db)] if build is not None else []
