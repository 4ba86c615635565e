"""The notices of a case's deadline after acceptance: 延期告知书 (行政许可法 §42 ①) and 特别程序告知书
(§45). Laid out like the other case notices (printing/notices.py, whose blocks they share): the
letter, the table of the case, the case number's codes, the notes, and the seal and signature lines
kept together with what is above them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.domain.extensions import LICENCE_LAW_42, LICENCE_LAW_45, cn_number
from printing.documents import ExtensionNoticeData, ReprintMark, SpecialProcedureNoticeData
from printing.layout import cn_date, cn_datetime, para
from printing.notices import (
    _codes_block,
    _content_width,
    _desk_rows,
    _grid,
    _notes,
    _party_rows,
    _sealed,
    _title_block,
)

COUNTING = "期限以工作日计算，不含法定节假日"
UNCOUNTED = "；依法需要的听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在内"
LOOK_UP = "可凭办件编号和查询密码在网上办事大厅、政务服务移动端或窗口查询办理进度。"


def _body(text: str, *, after: float = 3 * mm) -> Flowable:
    return para(text, 11.5, leading=20, first_indent=23, space_after=after)


def _finish(
    story: list[Flowable],
    data: ExtensionNoticeData | SpecialProcedureNoticeData,
    title: str,
    notes: Sequence[str],
    signed_at: datetime,
    reprint: ReprintMark | None,
    paper: str,
) -> bytes:
    """The notes, the phones and the seal and signature lines as one block: when the page has no
    room left the block goes over together, so the seal never stands alone on a page."""
    width = _content_width(paper)
    return _sealed(story, _notes(notes), data, title, signed_at, width, reprint, paper)


def _reasons(reasons: tuple[str, ...], label: str = "理由") -> list[Flowable]:
    if len(reasons) == 1:
        return [_body(f"{label}：{reasons[0]}", after=1 * mm)]
    return [_body(f"{i}. {reason}", after=0) for i, reason in enumerate(reasons, start=1)]


def render_extension_notice(
    data: ExtensionNoticeData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    """延期告知书: the reason, the 负责人's approval under §42 ①, the deadline before and after."""
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "延期告知书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    accepted = (
        f"，本机关于{cn_date(data.accepted_at, tz)}受理" if data.accepted_at is not None else ""
    )
    due = (
        f"，依法应于{cn_date(data.legal_due_before)}前作出{data.decision_name}"
        if (data.legal_due_before)
        else ""
    )
    story.append(
        _body(
            f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请{accepted}{due}。"
            "因下列理由，本机关不能在上述期限内作出决定：",
            after=1 * mm,
        )
    )
    story += _reasons(data.reasons)
    basis = LICENCE_LAW_42 if data.statutory else f"{LICENCE_LAW_42}和有关法律、法规"
    approver = f"（{data.approver_title}）" if data.approver_title else ""
    decision = (
        f"根据{basis}的规定，经本行政机关负责人{approver}批准，决定将办理期限延长"
        f"{cn_number(data.days)}日（工作日）"
    )
    if data.legal_due_date is not None:
        decision += f"，延长后的法定办结期限为{cn_date(data.legal_due_date)}"
    if data.promised_date is not None:
        decision += f"；本事项承诺办结日期相应顺延至{cn_date(data.promised_date)}"
    decision += "。本机关将在延长后的期限内作出决定，并书面告知你（单位）。"
    story.append(_body(decision))
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    rows.append(("延长时限", f"{data.days}个工作日"))
    if data.legal_due_before is not None:
        rows.append(("原法定期限", cn_date(data.legal_due_before)))
    if data.legal_due_date is not None:
        rows.append(("延长后期限", cn_date(data.legal_due_date)))
    if data.promised_date is not None:
        rows.append(("承诺办结日期", cn_date(data.promised_date)))
    who = data.approver + (f"（{data.approver_title}）" if data.approver_title else "")
    rows += [("批准负责人", who), ("批准时间", cn_datetime(data.decided_at, tz))]
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    story.append(Spacer(1, 3 * mm))
    notes = list(data.notes) or [COUNTING + UNCOUNTED + "。", LOOK_UP]
    return _finish(story, data, title, notes, data.decided_at, reprint, paper)


def render_special_procedure_notice(
    data: SpecialProcedureNoticeData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    """特别程序告知书: the procedure, that its time does not count (§45), and how long it is
    expected to take."""
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "特别程序告知书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    accepted = (
        f"，本机关于{cn_date(data.accepted_at, tz)}受理" if data.accepted_at is not None else ""
    )
    procedure = data.procedure
    story.append(
        _body(
            f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请{accepted}。"
            f"经审查，该申请依法需要进行{procedure}。",
            after=1 * mm if data.reasons else 3 * mm,
        )
    )
    if data.reasons:
        story += _reasons(data.reasons, "事由")
    length = f"预计需要{cn_number(data.expected_working_days)}个工作日"
    if data.expected_end is not None:
        length += f"，预计于{cn_date(data.expected_end)}前结束"
    story.append(
        _body(
            f"依照{LICENCE_LAW_45}的规定，{procedure}所需时间不计算在本机关作出"
            f"{data.decision_name}的期限内。{procedure}自{cn_date(data.started_at, tz)}开始，"
            f"{length}。{procedure}结束后，办理期限继续计算，法定办结期限和承诺办结日期按"
            f"{procedure}实际所用的工作日顺延；实际所需时间与预计不同的，本机关将另行告知。"
        )
    )
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    if data.accepted_at is not None:
        rows.append(("受理时间", cn_datetime(data.accepted_at, tz)))
    rows += [
        ("特别程序", procedure),
        ("开始时间", cn_datetime(data.started_at, tz)),
        ("预计所需时间", f"{data.expected_working_days}个工作日"),
    ]
    if data.expected_end is not None:
        rows.append(("预计结束日期", cn_date(data.expected_end)))
    # the deadlines as they stood when the clock stopped; moved when the procedure ends
    if data.legal_due_date is not None:
        rows.append(("法定办结期限", f"{cn_date(data.legal_due_date)}（暂停期间顺延）"))
    if data.promised_date is not None:
        rows.append(("承诺办结日期", f"{cn_date(data.promised_date)}（暂停期间顺延）"))
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    story.append(Spacer(1, 3 * mm))
    notes = list(data.notes) or [COUNTING + "。" + LOOK_UP]
    return _finish(story, data, title, notes, data.started_at, reprint, paper)


__all__ = ["render_extension_notice", "render_special_procedure_notice"]
