"""What each document says, as plain frozen dataclasses: the services fill them, the renderers in
this package lay them out, and the archive keeps them as JSON so a reprint (补打) is rendered again
from exactly the same content.

Times are aware datetimes; they are printed in the issuer's time zone. Everything a person reads
is already a label here (an ID type is "居民身份证", not "111"): the document shows what it is
given and looks nothing up.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Union

from app.domain.codes import DocumentKind


@dataclass(frozen=True)
class Issuer:
    """The hall and unit whose name is on the paper (from settings ``documents``)."""

    hall_name: str
    department_name: str = ""  # the accepting unit that seals notices; empty: the hall
    address: str = ""
    consultation_phone: str = ""
    supervision_phone: str = ""
    footer_text: str = ""
    logo_path: str | None = None
    timezone: str = "Asia/Shanghai"
    hall_name_en: str = ""  # printed under the Chinese name on English queue tickets

    @property
    def sealing_unit(self) -> str:
        return self.department_name or self.hall_name


@dataclass(frozen=True)
class ReprintMark:
    """Printed on a reprint (补打): when and by whom. Not part of the archived content."""

    at: datetime
    by: str = ""


@dataclass(frozen=True)
class QueueTicketData:
    issuer: Issuer
    ticket_no: str
    category_name: str
    people_ahead: int
    issued_at: datetime
    estimated_wait_minutes: int | None = None
    priority_label: str | None = None  # 绿色通道 reason, e.g. "老年人"
    applicant_name: str | None = None  # already masked (张*三) — tickets are public
    tips: tuple[str, ...] = ("过号无效，请重新取号",)
    qr_text: str | None = None  # e.g. a link to follow the queue from a phone
    qr_caption: str = "扫码查看排队进度"
    # The applicant's language at the kiosk: the ticket's own words (app.messages, paper.*) are
    # printed in it; the texts above come already in it (app.services.documents.ticket_document).
    language: str = "zh_CN"


@dataclass(frozen=True)
class Party:
    """The applicant (or the organisation) as printed, with the agent/contact if any."""

    name: str
    id_type: str = ""  # label, e.g. 居民身份证 / 统一社会信用代码
    id_number: str = ""  # as it should appear (the service may mask it)
    mobile: str = ""
    address: str = ""
    agent_name: str = ""
    agent_id_number: str = ""


@dataclass(frozen=True)
class MaterialLine:
    """A material handed in: name, how many, in what form (原件/复印件/电子件)."""

    name: str
    copies: int = 1
    form: str = "原件"
    note: str = ""


@dataclass(frozen=True)
class MissingMaterial:
    """A material still missing (一次性告知): what it is and what exactly is required."""

    name: str
    requirement: str = ""
    copies: str = ""  # free text, e.g. "原件1份，复印件1份"
    note: str = ""
    defect: str = ""  # handed in but 不符合要求: what is wrong with it


@dataclass(frozen=True)
class CaseDesk:
    """Where and by whom the case was handled, and the case's own lookup keys."""

    case_no: str
    query_pin: str = ""
    counter_name: str = ""  # "5号窗口"
    clerk_name: str = ""
    qr_text: str | None = None  # empty: the case number itself


@dataclass(frozen=True)
class AcceptanceNoticeData:
    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    applied_at: datetime
    accepted_at: datetime
    materials: tuple[MaterialLine, ...] = ()
    promised_date: date | None = None
    promised_days: int | None = None  # working days, for the sentence under the table
    # The years whose State Council holiday arrangement was not confirmed when the date was set
    # (the date counts their statutory holidays only): said on the paper, not only on screen.
    unconfirmed_years: tuple[int, ...] = ()
    item_code: str = ""
    case_type: str = ""  # label: 承诺件 …
    with_gaps: tuple[str, ...] = ()  # 容缺: materials to be handed in later under a commitment
    notes: tuple[str, ...] = ()
    # 视为受理 (行政许可法 §32): no decision by this day after 收件, so accepted from receipt
    # (accepted_at is then the receipt)
    deemed_after: date | None = None


@dataclass(frozen=True)
class SupplementNoticeData:
    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    applied_at: datetime
    notified_at: datetime
    missing: tuple[MissingMaterial, ...]
    due_date: date | None = None  # the applicant's deadline
    received: tuple[MaterialLine, ...] = ()
    notes: tuple[str, ...] = ()
    defective: tuple[MissingMaterial, ...] = ()  # handed in but 不符合要求, each with its defect


@dataclass(frozen=True)
class RejectionNoticeData:
    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    applied_at: datetime
    decided_at: datetime
    reasons: tuple[str, ...]
    legal_basis: str = ""  # e.g. 《中华人民共和国行政许可法》第三十二条第一款第二项
    competent_body: str = ""  # where the applicant should go instead, if there is one
    review_body: str = ""  # 行政复议机关, e.g. 临江市人民政府
    court: str = ""  # 人民法院 for the lawsuit
    returned: tuple[MaterialLine, ...] = ()  # materials handed back


@dataclass(frozen=True)
class DecisionData:
    """决定书 after review: 准予行政许可决定书 for a licence granted, and for every denial the
    不予…决定书 with the reasons, the legal basis and the remedies (行政许可法 §38)."""

    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    title: str  # 准予行政许可决定书 / 不予行政许可决定书 / 不予登记决定书 …
    item_name: str
    applicant: Party
    applied_at: datetime
    decided_at: datetime
    granted: bool
    result_text: str  # 准予行政许可 / 不予登记 …
    accepted_at: datetime | None = None
    reasons: tuple[str, ...] = ()  # a denial's reasons
    legal_basis: str = ""  # the clause the decision rests on
    review_body: str = ""  # 行政复议机关 (a denial)
    court: str = ""  # 人民法院 (a denial)
    certificate_name: str = ""  # a grant: the licence or certificate issued
    certificate_no: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GapLine:
    """A material accepted with a gap (容缺) and the date it is due by."""

    name: str
    due_date: date
    requirement: str = ""


@dataclass(frozen=True)
class GapCommitmentData:
    """容缺受理承诺书: what the applicant signs at a 容缺 acceptance — each missing material with
    its due date, and what follows if it is not handed in."""

    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    accepted_at: datetime
    gaps: tuple[GapLine, ...]
    promised_date: date | None = None
    commitment: str = ""  # the applicant's own words, as typed at the window
    granted_text: str = "准予行政许可"  # the result that waits for the materials
    denied_text: str = "不予行政许可"


@dataclass(frozen=True)
class ExtensionNoticeData:
    """延期告知书 (行政许可法 §42 ①): the period extended once, with the 负责人's approval, and the
    reason told to the applicant in writing; the deadline before and after."""

    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    applied_at: datetime
    decided_at: datetime  # when the extension was approved and recorded
    days: int  # working days added
    reasons: tuple[str, ...]
    approver: str  # the 负责人 who approved it
    accepted_at: datetime | None = None
    approver_title: str = ""  # 局长, 副局长 … (printed in the sentence)
    legal_due_before: date | None = None
    legal_due_date: date | None = None
    promised_before: date | None = None
    promised_date: date | None = None
    decision_name: str = "行政许可决定"  # what is due: 行政许可决定, 决定 …
    statutory: bool = True  # the days are §42's own (else another law's, for this item)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpecialProcedureNoticeData:
    """特别程序告知书 (行政许可法 §45): which procedure, since when, how long it is expected to
    take; its time does not count towards the deadline."""

    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    applied_at: datetime
    started_at: datetime
    procedure: str  # 听证, 招标 … 专家评审
    expected_working_days: int
    expected_end: date | None = None
    accepted_at: datetime | None = None
    reasons: tuple[str, ...] = ()
    legal_due_date: date | None = None  # as it stood when the clock stopped
    promised_date: date | None = None
    decision_name: str = "行政许可决定"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MaterialsReceiptData:
    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    received_at: datetime
    materials: tuple[MaterialLine, ...]
    notes: tuple[str, ...] = ()
    completed_on_spot: bool = False  # 即办件: the result is in `notes`, nothing waits
    # 收件 (行政许可法 §32): taken in without a decision, which is due by this day
    decision_due_date: date | None = None


@dataclass(frozen=True)
class TerminationNoticeData:
    """终止办理通知书: the applicant's supplement deadline passed and the office ends the
    application, with its reason and the remedies (as a rejection)."""

    issuer: Issuer
    doc_no: str
    desk: CaseDesk
    item_name: str
    applicant: Party
    applied_at: datetime
    decided_at: datetime
    reasons: tuple[str, ...]
    supplement_notified_at: datetime | None = None
    supplement_due_date: date | None = None
    unsupplied: tuple[str, ...] = ()  # what was still missing or defective at the deadline
    legal_basis: str = ""
    review_body: str = ""
    court: str = ""
    returned: tuple[MaterialLine, ...] = ()  # materials handed back


@dataclass(frozen=True)
class ReportTable:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    numeric_columns: tuple[int, ...] = ()  # right-aligned


@dataclass(frozen=True)
class DailyReportData:
    """A hall report: key figures, then tables. The manager issue decides what goes in."""

    issuer: Issuer
    title: str  # 大厅日报
    period: str  # "2026年11月27日" or "2026年11月"
    generated_at: datetime
    figures: tuple[tuple[str, str], ...] = ()  # (label, value), shown as tiles at the top
    sections: tuple[ReportTable, ...] = ()
    doc_no: str = ""
    monthly: bool = False


Document = (
    QueueTicketData
    | AcceptanceNoticeData
    | SupplementNoticeData
    | RejectionNoticeData
    | DecisionData
    | GapCommitmentData
    | MaterialsReceiptData
    | TerminationNoticeData
    | ExtensionNoticeData
    | SpecialProcedureNoticeData
    | DailyReportData
)

DATA_CLASSES: dict[DocumentKind, type] = {
    DocumentKind.QUEUE_TICKET: QueueTicketData,
    DocumentKind.ACCEPTANCE_NOTICE: AcceptanceNoticeData,
    DocumentKind.SUPPLEMENT_NOTICE: SupplementNoticeData,
    DocumentKind.REJECTION_NOTICE: RejectionNoticeData,
    DocumentKind.DECISION: DecisionData,
    DocumentKind.MATERIALS_RECEIPT: MaterialsReceiptData,
    DocumentKind.GAP_COMMITMENT: GapCommitmentData,
    DocumentKind.TERMINATION_NOTICE: TerminationNoticeData,
    DocumentKind.EXTENSION_NOTICE: ExtensionNoticeData,
    DocumentKind.SPECIAL_PROCEDURE_NOTICE: SpecialProcedureNoticeData,
    DocumentKind.DAILY_REPORT: DailyReportData,
    DocumentKind.MONTHLY_REPORT: DailyReportData,
}


def document_kind(data: Document) -> DocumentKind:
    if isinstance(data, DailyReportData):
        return DocumentKind.MONTHLY_REPORT if data.monthly else DocumentKind.DAILY_REPORT
    for kind, cls in DATA_CLASSES.items():
        if type(data) is cls:
            return kind
    raise TypeError(f"not a document: {type(data).__name__}")


def document_number(data: Document) -> str | None:
    """The number printed on the paper (文书编号), or the ticket number."""
    if isinstance(data, QueueTicketData):
        return data.ticket_no
    return data.doc_no or None


def case_number(data: Document) -> str | None:
    desk = getattr(data, "desk", None)
    return desk.case_no if desk is not None else None


# -- the JSON form kept in the archive -------------------------------------------------------------


def to_json(data: Any) -> Any:
    """A JSON-ready form of a document (dates as ISO strings, tuples as lists)."""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {f.name: to_json(getattr(data, f.name)) for f in dataclasses.fields(data)}
    if isinstance(data, (datetime, date)):
        return data.isoformat()
    if isinstance(data, (list, tuple)):
        return [to_json(v) for v in data]
    return data


def _from(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from(options[0], value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from(args[0], v) for v in value)
        return tuple(_from(a, v) for a, v in zip(args, value, strict=True))
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp)}
        return tp(**{k: _from(hints[k], v) for k, v in value.items() if k in known})
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    return value


def from_json(kind: DocumentKind | str, value: dict[str, Any]) -> Document:
    """The document back from :func:`to_json` (unknown keys from a newer version are ignored)."""
    return _from(DATA_CLASSES[DocumentKind(kind)], value)


# -- characters no font can print ------------------------------------------------------------------


def _strings(value: Any) -> typing.Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "logo_path":
                yield from _strings(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def missing_glyphs(data: Document) -> list[str]:
    """Characters in the document that no available font can print, each once. The UI shows them
    to the clerk before printing (for example a rare character in a name); an empty list means
    every character will print."""
    from printing.fonts import missing_chars

    found: dict[str, None] = {}
    for text in _strings(data):
        for char in missing_chars(text):
            found[char] = None
    return list(found)


__all__ = [
    "AcceptanceNoticeData",
    "CaseDesk",
    "DailyReportData",
    "DecisionData",
    "Document",
    "GapCommitmentData",
    "GapLine",
    "ExtensionNoticeData",
    "Issuer",
    "MaterialLine",
    "MaterialsReceiptData",
    "MissingMaterial",
    "Party",
    "QueueTicketData",
    "RejectionNoticeData",
    "ReportTable",
    "ReprintMark",
    "SpecialProcedureNoticeData",
    "SupplementNoticeData",
    "TerminationNoticeData",
    "document_kind",
    "from_json",
    "missing_glyphs",
    "to_json",
]
