"""The A4 documents handed to applicants (domain.md §4): acceptance notice, supplement notice
(一次性告知), rejection notice, materials receipt (also of 收件, with the day the decision is due)
and termination notice (终止办理, after the supplement deadline), plus the hall report.

Every page carries the document number and page x of y; a reprint carries 补打 with its time on
every page. Tables repeat their header row when they break across pages.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.decisions import Remedies
from printing.documents import (
    AcceptanceNoticeData,
    CaseDesk,
    DailyReportData,
    DecisionData,
    GapCommitmentData,
    Issuer,
    MaterialLine,
    MaterialsReceiptData,
    MissingMaterial,
    Party,
    RejectionNoticeData,
    ReportTable,
    ReprintMark,
    SupplementNoticeData,
    TerminationNoticeData,
)
from printing.fonts import FONT_NAME, register_fonts
from printing.layout import (
    GREY,
    HEADER_FILL,
    INK,
    RULE,
    Code128Barcode,
    QrCode,
    cn_date,
    cn_datetime,
    para,
    short_datetime,
)

PAGE_SIZES = {"A4": A4, "A5": A5}
SIDE = 18 * mm
TOP = 20 * mm  # the running header sits in here
BOTTOM = 18 * mm


def _page_decorator(
    issuer: Issuer, doc_no: str, title: str, reprint: ReprintMark | None
) -> Callable[[pdf_canvas.Canvas, int, int], None]:
    """Draws the running header and footer; called once per page when the page count is known."""
    tz = issuer.timezone

    def decorate(canvas: pdf_canvas.Canvas, page: int, pages: int) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(GREY)
        canvas.setFont(FONT_NAME, 8.5)
        top = height - 12 * mm
        canvas.drawString(SIDE, top, issuer.hall_name)
        if doc_no:
            canvas.drawRightString(width - SIDE, top, f"编号：{doc_no}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE, top - 2.5 * mm, width - SIDE, top - 2.5 * mm)
        if reprint is not None:
            # A boxed 补打 mark under the header rule, on every page of a reprint.
            detail = f"补打时间 {short_datetime(reprint.at, tz)}" + (
                f"　补打人 {reprint.by}" if reprint.by else ""
            )
            mark_w = canvas.stringWidth("补打", FONT_NAME, 15)
            detail_w = canvas.stringWidth(detail, FONT_NAME, 9)
            box_w = mark_w + detail_w + 9 * mm
            box_x = width - SIDE - box_w
            box_y = top - 12 * mm
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(1.2)
            canvas.rect(box_x, box_y, box_w, 8 * mm, stroke=1, fill=0)
            canvas.setFillColor(INK)
            canvas.setFont(FONT_NAME, 15)
            canvas.drawString(box_x + 3 * mm, box_y + 2.3 * mm, "补打")
            canvas.setFont(FONT_NAME, 9)
            canvas.drawString(box_x + 6 * mm + mark_w, box_y + 2.8 * mm, detail)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT_NAME, 8)
        canvas.line(SIDE, BOTTOM - 5 * mm, width - SIDE, BOTTOM - 5 * mm)
        footer_y = BOTTOM - 9 * mm
        canvas.drawString(SIDE, footer_y, issuer.footer_text or title)
        canvas.drawRightString(width - SIDE, footer_y, f"第 {page} 页 共 {pages} 页")
        canvas.restoreState()

    return decorate


def _numbered_canvas(decorate: Callable[[pdf_canvas.Canvas, int, int], None]) -> type:
    class NumberedCanvas(pdf_canvas.Canvas):
        """Holds the pages back until the end so each can say "共 N 页"."""

        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = True  # same content, same bytes: archive hashes are stable
            kwargs["initialFontName"] = FONT_NAME  # else an unembedded Helvetica is referenced
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _build(
    story: list[Flowable],
    *,
    issuer: Issuer,
    title: str,
    doc_no: str,
    reprint: ReprintMark | None,
    paper: str = "A4",
    subject: str = "",
) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[paper],
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=TOP + (8 * mm if reprint is not None else 0),
        bottomMargin=BOTTOM,
        title=title,
        author=issuer.sealing_unit,
        subject=subject or doc_no,
        creator="HallDesk",
    )
    decorate = _page_decorator(issuer, doc_no, title, reprint)
    template.build(story, canvasmaker=_numbered_canvas(decorate))
    return buffer.getvalue()


# -- shared blocks ------------------------------------------------------------------------------


def _table_style(commands: list[tuple]) -> TableStyle:
    # Cells default to Helvetica, which would be referenced unembedded even when no cell uses it.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), *commands])


def _content_width(paper: str) -> float:
    return PAGE_SIZES[paper][0] - 2 * SIDE


def _body(text: str, *, leading: float = 19, **kwargs) -> Paragraph:
    """A paragraph of a notice's body: 11.5 pt, first line indented two characters."""
    return para(text, 11.5, leading=leading, first_indent=23, **kwargs)


def _numbered(items: Sequence[str], *, leading: float = 19) -> list[Paragraph]:
    """Reasons, or materials still missing, numbered 1. 2. … as body paragraphs."""
    return [_body(f"{i}. {item}", leading=leading) for i, item in enumerate(items, start=1)]


def _rights(data, document: str) -> Paragraph:
    """The applicant's remedies (行政复议、行政诉讼) closing a refusal, then some space."""
    return _body(
        rights_text(data.review_body, data.court, document), leading=20, space_after=3 * mm
    )


def _title_block(issuer: Issuer, title: str) -> list[Flowable]:
    blocks: list[Flowable] = []
    logo = _logo(issuer.logo_path)
    unit = para(issuer.sealing_unit, 12, align="center")
    if logo is not None:
        logo_table = Table([[logo, unit, ""]], colWidths=[20 * mm, None, 20 * mm])
        logo_table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        blocks.append(logo_table)
    else:
        blocks.append(unit)
    blocks.append(Spacer(1, 1 * mm))
    blocks.append(para(title, 20, align="center", leading=28))
    blocks.append(Spacer(1, 3 * mm))
    return blocks


def _logo(path: str | None) -> Flowable | None:
    if not path or not os.path.isfile(path):
        return None
    image = Image(path)
    scale = min(18 * mm / image.imageWidth, 14 * mm / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    return image


def _grid(rows: Sequence[tuple[str, str]], width: float) -> Table:
    """Label/value pairs, two pairs per row; a long value takes the whole row."""
    label_w = 25 * mm
    value_w = width / 2 - label_w
    lines: list[list[tuple[str, str]]] = []
    open_half = False  # the last line holds one short pair and can take another
    for label, value in rows:
        fits_half = pdfmetrics.stringWidth(value, FONT_NAME, 10.5) < value_w - 8
        if fits_half and open_half:
            lines[-1].append((label, value))
            open_half = False
        else:
            lines.append([(label, value)])
            open_half = fits_half
    cells: list[list] = []
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for r, line in enumerate(lines):
        row: list = []
        for label, value in line:
            row += [para(label, 9.5, color="#333333"), para(value, 10.5)]
        commands.append(("BACKGROUND", (0, r), (0, r), HEADER_FILL))
        if len(line) == 2:
            commands.append(("BACKGROUND", (2, r), (2, r), HEADER_FILL))
        else:
            row += ["", ""]
            commands.append(("SPAN", (1, r), (3, r)))
        cells.append(row)
    table = Table(cells, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(_table_style(commands))
    return table


def _codes_block(desk: CaseDesk, width: float) -> Flowable:
    """Case number as Code128 with the query PIN beside it, and the QR code."""
    qr_size = 26 * mm
    bar_width = width - qr_size - 8 * mm
    left = [
        para("办件编号（凭此号查询办理进度）", 9, color="#333333"),
        Spacer(1, 1 * mm),
        Code128Barcode(desk.case_no, max_width=bar_width, height=12 * mm),
    ]
    if desk.query_pin:
        left += [Spacer(1, 1.5 * mm), para(f"查询密码：{desk.query_pin}", 11)]
    right = [
        QrCode(desk.qr_text or desk.case_no, size=qr_size),
        para("扫码查询", 8, align="center"),
    ]
    table = Table([[left, right]], colWidths=[width - qr_size - 4 * mm, qr_size + 4 * mm])
    table.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (0, 0), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float | None],
    *,
    numeric: Sequence[int] = (),
    size: float = 10,
) -> Table:
    """A table of paragraphs whose header row repeats on every page it spans."""
    data = [[para(h, size, align="center") for h in header]]
    for row in rows:
        data.append(
            [
                para(cell, size, align="right" if i in numeric else "left")
                for i, cell in enumerate(row)
            ]
        )
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        _table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _materials_table(materials: Sequence[MaterialLine], width: float) -> Table:
    rows = [
        (str(i), m.name, str(m.copies), m.form, m.note) for i, m in enumerate(materials, start=1)
    ]
    number_w = 13 * mm
    rest = width - number_w
    widths = [number_w, rest * 0.50, rest * 0.09, rest * 0.13, rest * 0.28]
    return _table(
        ("序号", "材料名称", "份数", "形式", "备注"),
        rows,
        widths,
        numeric=(0, 2),
    )


def _missing_table(missing: Sequence[MissingMaterial], width: float) -> Table:
    rows = [
        (str(i), m.name, m.requirement, m.copies, m.note) for i, m in enumerate(missing, start=1)
    ]
    number_w = 13 * mm
    rest = width - number_w
    widths = [number_w, rest * 0.30, rest * 0.34, rest * 0.17, rest * 0.19]
    return _table(
        ("序号", "材料名称", "具体要求", "份数", "备注"),
        rows,
        widths,
        numeric=(0,),
    )


def _defective_table(defective: Sequence[MissingMaterial], width: float) -> Table:
    rows = [
        (str(i), m.name, m.defect, m.requirement, m.copies)
        for i, m in enumerate(defective, start=1)
    ]
    number_w = 13 * mm
    rest = width - number_w
    widths = [number_w, rest * 0.26, rest * 0.30, rest * 0.28, rest * 0.16]
    return _table(
        ("序号", "材料名称", "存在的问题", "更正要求", "份数"),
        rows,
        widths,
        numeric=(0,),
    )


def _party_rows(applicant: Party) -> list[tuple[str, str]]:
    rows = [("申请人", applicant.name)]
    if applicant.id_number:
        rows.append((applicant.id_type or "证件号码", applicant.id_number))
    if applicant.agent_name:
        rows.append(("代理人", applicant.agent_name))
        if applicant.agent_id_number:
            rows.append(("代理人证件", applicant.agent_id_number))
    if applicant.mobile:
        rows.append(("联系电话", applicant.mobile))
    if applicant.address:
        rows.append(("联系地址", applicant.address))
    return rows


def _desk_rows(desk: CaseDesk) -> list[tuple[str, str]]:
    rows = []
    if desk.counter_name:
        rows.append(("办理窗口", desk.counter_name))
    if desk.clerk_name:
        rows.append(("经办人", desk.clerk_name))
    return rows


def _phones(issuer: Issuer) -> list[Flowable]:
    parts = []
    if issuer.consultation_phone:
        parts.append(f"咨询电话：{issuer.consultation_phone}")
    if issuer.supervision_phone:
        parts.append(f"监督电话：{issuer.supervision_phone}")
    if issuer.address:
        parts.append(f"地址：{issuer.address}")
    return [para("；".join(parts), 9.5, leading=14)] if parts else []


def _signatures(
    issuer: Issuer, when_text: str, width: float, *, applicant: bool = True
) -> list[Flowable]:
    """Seal line for the unit, and a signature line for the applicant."""
    left = (
        [
            para("申请人（代理人）签字：", 10.5),
            Spacer(1, 9 * mm),
            para("日期：________年____月____日", 10.5),
        ]
        if applicant
        else [""]
    )
    right = [
        para(f"{issuer.sealing_unit}（盖章）", 10.5, align="center"),
        Spacer(1, 14 * mm),  # room for the seal
        para(when_text, 10.5, align="center"),
    ]
    table = Table([[left, right]], colWidths=[width / 2, width / 2])
    table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    # the caller keeps these together with what precedes them (a KeepTogether inside another
    # one makes reportlab move the whole block to a new page even when it fits)
    return [Spacer(1, 6 * mm), table]


def _section(text: str) -> list[Flowable]:
    return [CondPageBreak(30 * mm), Spacer(1, 3 * mm), para(text, 11.5), Spacer(1, 1.5 * mm)]


def _notes(lines: Sequence[str]) -> list[Flowable]:
    out: list[Flowable] = []
    for line in lines:
        out.append(para(line, 9.5, leading=14))
    return out


# -- the documents ---------------------------------------------------------------------------------


def _finish_notice(
    story: list[Flowable],
    data,
    title: str,
    signed_at,
    width: float,
    reprint: ReprintMark | None,
    paper: str,
) -> bytes:
    """The end every case notice shares: the phones, the seal and signature lines dated
    `signed_at`, and the PDF with the case number as its subject. The seal block is kept on one
    page with the phones and the last lines of text before it: a page 2 with only the seal on it
    reads as a sheet that could belong to anything."""
    starts = [i for i, f in enumerate(story) if isinstance(f, CondPageBreak)]
    if starts and len(story) - starts[-1] <= 10:
        # the last section (a heading, its table, the notes under it) goes with the seal
        tail = story[starts[-1] :]
        del story[starts[-1] :]
    else:
        tail = []
        while story and len(tail) < 2 and not isinstance(story[-1], Table):
            tail.insert(0, story.pop())  # the last paragraphs (notes)
    return _sealed(story, tail, data, title, signed_at, width, reprint, paper)


def _sealed(
    story: list[Flowable],
    tail: list[Flowable],
    data,
    title: str,
    signed_at,
    width: float,
    reprint: ReprintMark | None,
    paper: str,
) -> bytes:
    """`tail`, the phones and the seal and signature lines as one flat block after `story` (a
    KeepTogether nested in another is never fitted: reportlab moves it to a new page), then the
    PDF with the case number as its subject."""
    tail = [*tail, *_phones(data.issuer)]
    tail += _signatures(data.issuer, cn_date(signed_at, data.issuer.timezone), width)
    story.append(KeepTogether(tail))
    return _build(
        story,
        issuer=data.issuer,
        title=title,
        doc_no=data.doc_no,
        reprint=reprint,
        paper=paper,
        subject=data.desk.case_no,
    )


def render_acceptance_notice(
    data: AcceptanceNoticeData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "受理通知书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    if data.deemed_after is not None:
        body = _deemed_text(data)
    elif data.with_gaps:  # 容缺: the materials are not all here, and the paper says so
        body = (
            f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请，经审查，"
            f"除下列{len(data.with_gaps)}项容缺材料外，申请材料齐全、符合法定形式，"
            "你（单位）已签署容缺受理承诺书，承诺在规定期限内补交。本机关决定容缺受理。"
            "容缺材料补齐前，本机关不作出准予的决定。"
        )
    else:
        body = (
            f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请，经审查，"
            "申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款"
            "第五项的规定，本机关决定予以受理。"
        )
    if data.promised_date is not None:
        days = f"（{data.promised_days}个工作日）" if data.promised_days else ""
        body += f"本事项承诺于{cn_date(data.promised_date)}前办结{days}，法定节假日及依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的时间不计算在内。"
        if data.unconfirmed_years:
            years = "、".join(f"{y}年" for y in data.unconfirmed_years)
            body += (
                f"{years}的放假安排尚未确认，上述日期已扣除法定节假日；"
                "如国家公布的放假调休安排使期限变化，本机关将重新计算并告知。"
            )
    story.append(_body(body, space_after=3 * mm))
    rows = [("办件编号", data.desk.case_no)]
    if data.item_code:
        rows.append(("事项编码", data.item_code))
    rows.append(("申请事项", data.item_name))
    if data.case_type:
        rows.append(("办件类型", data.case_type))
    rows += _party_rows(data.applicant)
    rows += [
        ("申请时间", cn_datetime(data.applied_at, tz)),
        ("受理时间", cn_datetime(data.accepted_at, tz)),
    ]
    if data.promised_date is not None:
        rows.append(("承诺办结日期", cn_date(data.promised_date)))
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    if data.materials:
        story += _section(f"已收取的申请材料（共{len(data.materials)}项）")
        story.append(_materials_table(data.materials, width))
    if data.with_gaps:
        story += _section("容缺受理、承诺后补的材料")
        story += _notes([f"{i}. {name}" for i, name in enumerate(data.with_gaps, start=1)])
        story.append(para("请按承诺书约定的时间补交以上材料，逾期未补交的按承诺书约定处理。", 9.5))
    story.append(Spacer(1, 3 * mm))
    # how to follow the case and collect the result: always, whatever else the item adds (fee)
    notes = [
        "请妥善保管本通知书和查询密码，可凭办件编号和查询密码在网上办事大厅、政务服务移动端或窗口查询办理进度。",
        "领取办理结果时请携带本通知书和申请人有效身份证件；委托他人领取的，另需提供委托书和受托人身份证件。",
        *data.notes,
    ]
    story += _notes(notes)
    return _finish_notice(story, data, title, data.accepted_at, width, reprint, paper)


def _deemed_text(data: AcceptanceNoticeData) -> str:
    """视为受理: the office did not decide within 5 working days of 收件 (行政许可法 §32 ①(四))."""
    tz = data.issuer.timezone
    assert data.deemed_after is not None
    return (
        f"你（单位）于{cn_date(data.applied_at, tz)}提交的“{data.item_name}”申请材料，本机关收件后"
        f"未在五个工作日内（{cn_date(data.deemed_after)}前）作出受理决定或者告知补正。"
        "根据《中华人民共和国行政许可法》第三十二条第一款第四项的规定，该申请自收到申请材料之日"
        f"（{cn_date(data.accepted_at, tz)}）起即为受理，办理期限自该日起计算。"
    )


def render_supplement_notice(
    data: SupplementNoticeData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "补正材料一次性告知书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    count = len(data.missing) + len(data.defective)
    parts = []
    if data.missing and data.defective:
        parts.append(f"其中需要补交{len(data.missing)}项，需要更正{len(data.defective)}项")
    body = (
        f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请，经审查，"
        "申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条第一款"
        f"第四项的规定，现一次性告知你（单位）需要补正的全部内容（共{count}项"
        + ("，" + parts[0] if parts else "")
        + "），详见下表。"
    )
    story.append(_body(body, space_after=3 * mm))
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    rows += [
        ("申请时间", cn_datetime(data.applied_at, tz)),
        ("告知时间", cn_datetime(data.notified_at, tz)),
    ]
    if data.due_date is not None:
        rows.append(("补正期限", f"{cn_date(data.due_date)}前"))
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    if data.missing:
        story += _section("需要补交的材料" if data.defective else "需要补正的材料")
        story.append(_missing_table(data.missing, width))
    if data.defective:
        story += _section("已提交但不符合要求、需要更正的材料")
        story.append(_defective_table(data.defective, width))
    # Said on every notice, whatever notes the hall adds: the list is complete (§32 ①(四)), and
    # what the applicant's deadline means.
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            "本告知书所列即为全部需要补正的内容，本机关不再要求补正其他材料。",
            11.5,
            leading=19,
            first_indent=23,
        )
    )
    if data.due_date is not None:
        story.append(
            para(
                f"请于{cn_date(data.due_date)}前一次性补正上述全部内容。逾期未补正的，本机关可以"
                "终止办理本申请；期满后再提交的，按新的申请办理。",
                11.5,
                leading=19,
                first_indent=23,
            )
        )
    if data.received:
        story += _section(f"已收取的申请材料（共{len(data.received)}项）")
        story.append(_materials_table(data.received, width))
    story.append(Spacer(1, 3 * mm))
    notes = list(data.notes) or [
        f"补正时请携带本告知书到{data.desk.counter_name or '本窗口'}提交；"
        "材料补齐后本机关依法受理。",
    ]
    story += _notes(notes)
    return _finish_notice(story, data, title, data.notified_at, width, reprint, paper)


class MissingRemedies(ValueError):
    """A rejection or denial without the review body or the court named: not printed (the
    services refuse such a decision first; this guards a document built some other way)."""


def rights_text(review_body: str, court: str, document: str = "本通知书") -> str:
    """The applicant's remedies (行政复议法 §20: 60 days; 行政诉讼法 §46: 6 months), with the
    bodies named: "有管辖权的行政复议机关" is not something an applicant can go to."""
    if not (review_body or "").strip() or not (court or "").strip():
        raise MissingRemedies(
            "文书必须写明行政复议机关和人民法院；请管理员在“系统管理 → 部门与救济途径”中设置"
        )
    return Remedies(review_body.strip(), court.strip()).text(document)


def render_rejection_notice(
    data: RejectionNoticeData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "不予受理通知书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    body = (
        f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请，经审查，"
        "本机关决定不予受理，理由如下："
    )
    story.append(_body(body, space_after=1 * mm))
    story += _numbered(data.reasons)
    if data.legal_basis:
        story.append(_body(f"依据：{data.legal_basis}"))
    if data.competent_body:
        story.append(
            para(
                f"该申请事项不属于本机关职权范围，请向{data.competent_body}提出申请。",
                11.5,
                leading=20,
                first_indent=23,
            )
        )
    story.append(_rights(data, "本通知书"))
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    rows += [
        ("申请时间", cn_datetime(data.applied_at, tz)),
        ("决定时间", cn_datetime(data.decided_at, tz)),
    ]
    if data.competent_body:
        rows.append(("有权机关", data.competent_body))
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    if data.returned:
        story += _section(f"退回的申请材料（共{len(data.returned)}项）")
        story.append(_materials_table(data.returned, width))
    story.append(Spacer(1, 3 * mm))
    return _finish_notice(story, data, title, data.decided_at, width, reprint, paper)


def render_decision(
    data: DecisionData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    """准予行政许可决定书, or a denial (不予行政许可决定书, 不予登记决定书 …) with its reasons, legal
    basis and remedies; the seal and signature lines stay with the text above them."""
    tz = data.issuer.timezone
    width = _content_width(paper)
    story = _title_block(data.issuer, data.title)
    story.append(para(f"{data.applicant.name}：", 12))
    accepted = (
        f"，本机关于{cn_date(data.accepted_at, tz)}受理" if data.accepted_at is not None else ""
    )
    opening = f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请{accepted}。"
    if data.granted:
        body = opening + "经审查，该申请符合法定条件、标准"
        if data.legal_basis:
            body += f"，根据{data.legal_basis}的规定"
        body += f"，本机关决定{data.result_text}。"
        if data.certificate_name or data.certificate_no:
            name = data.certificate_name or "证照"
            number = f"（编号：{data.certificate_no}）" if data.certificate_no else ""
            body += f"现向你（单位）颁发《{name}》{number}。"
        story.append(_body(body, leading=20, space_after=3 * mm))
    else:
        body = opening + f"经审查，本机关决定{data.result_text}，理由如下："
        story.append(_body(body, leading=20, space_after=1 * mm))
        story += _numbered(data.reasons, leading=20)
        story.append(_body(f"依据：{data.legal_basis}", leading=20))
        story.append(_rights(data, "本决定书"))
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    rows.append(("申请时间", cn_datetime(data.applied_at, tz)))
    if data.accepted_at is not None:
        rows.append(("受理时间", cn_datetime(data.accepted_at, tz)))
    rows += [("决定时间", cn_datetime(data.decided_at, tz)), ("决定结果", data.result_text)]
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    if data.notes:
        story.append(Spacer(1, 3 * mm))
        story += _notes(data.notes)
    return _finish_notice(story, data, data.title, data.decided_at, width, reprint, paper)


def render_gap_commitment(
    data: GapCommitmentData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    """容缺受理承诺书, for the applicant's signature: each material with its due date, then what
    the applicant promises and what follows a broken promise."""
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "容缺受理承诺书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.issuer.sealing_unit}：", 12))
    body = (
        f"本人（单位）{data.applicant.name}申请办理“{data.item_name}”，因下列"
        f"{len(data.gaps)}项材料暂时无法提供，申请容缺受理，并郑重承诺："
    )
    story.append(_body(body, leading=20, space_after=2 * mm))
    story.append(
        _table(
            ("序号", "容缺材料", "补交期限", "要求"),
            [
                (str(i), g.name, f"{cn_date(g.due_date)}前", g.requirement or "")
                for i, g in enumerate(data.gaps, start=1)
            ],
            [width * 0.08, width * 0.4, width * 0.2, width * 0.32],
        )
    )
    story.append(Spacer(1, 3 * mm))
    promises = [
        "一、在上述期限内补交全部容缺材料，补交的材料与本次申请所述一致，真实、合法、有效。",
        f"二、知悉容缺材料补齐前，本机关不作出{data.granted_text}的决定"
        + (
            f"；承诺办结日期为{cn_date(data.promised_date)}。"
            if data.promised_date is not None
            else "。"
        ),
        "三、逾期未补交，或补交的材料不符合要求的，本机关可以依法作出"
        f"{data.denied_text}的决定，由此产生的后果由本人（单位）承担。",
    ]
    if data.commitment:
        promises.append(f"四、{data.commitment}")
    for line in promises:
        story.append(_body(line, leading=20))
    story.append(Spacer(1, 3 * mm))
    grid = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    grid += _party_rows(data.applicant)
    grid.append(("受理时间", cn_datetime(data.accepted_at, tz)))
    grid += _desk_rows(data.desk)
    story.append(_grid(grid, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    return _finish_notice(story, data, title, data.accepted_at, width, reprint, paper)


def render_materials_receipt(
    data: MaterialsReceiptData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "材料接收凭证"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    body = (
        f"你（单位）于{cn_datetime(data.received_at, tz)}提交的“{data.item_name}”申请材料"
        f"共{len(data.materials)}项，本窗口已收到，清单如下。"
    )
    if data.completed_on_spot:  # 即办件: decided at the window, the result is below
        body += "本件已当场办结，办理结果见下。"
    else:
        body += "本凭证仅证明材料已接收，是否受理以受理通知书或补正、不予受理通知书为准。"
    story.append(_body(body, space_after=3 * mm))
    if data.decision_due_date is not None:
        story.append(_body(_decision_due_text(data)))
        story.append(Spacer(1, 3 * mm))
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    rows.append(("接收时间", cn_datetime(data.received_at, tz)))
    if data.decision_due_date is not None:
        rows.append(("受理决定期限", f"{cn_date(data.decision_due_date)}前"))
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    story += _section(f"接收的材料（共{len(data.materials)}项）")
    story.append(_materials_table(data.materials, width))
    story.append(Spacer(1, 3 * mm))
    story += _notes(list(data.notes))
    return _finish_notice(story, data, title, data.received_at, width, reprint, paper)


def _decision_due_text(data: MaterialsReceiptData) -> str:
    """收件 (行政许可法 §32): not an acceptance; the decision and its day; what a missed day means."""
    assert data.decision_due_date is not None
    return (
        "本凭证不是受理通知书，本申请尚未受理。本机关将于"
        f"{cn_date(data.decision_due_date)}前（收件后五个工作日内）作出受理、一次性告知补正或者"
        "不予受理的决定并告知你（单位）；逾期未告知的，依照《中华人民共和国行政许可法》第三十二条"
        "第一款第四项的规定，自收到申请材料之日起即为受理。"
    )


def render_termination_notice(
    data: TerminationNoticeData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    """终止办理通知书: the supplement deadline passed; the reasons, what was still missing, the
    basis where one was given, that the applicant may apply again, and the remedies."""
    tz = data.issuer.timezone
    width = _content_width(paper)
    title = "终止办理通知书"
    story = _title_block(data.issuer, title)
    story.append(para(f"{data.applicant.name}：", 12))
    body = f"你（单位）于{cn_date(data.applied_at, tz)}提出的“{data.item_name}”申请，"
    if data.supplement_notified_at is not None and data.supplement_due_date is not None:
        body += (
            f"本机关已于{cn_date(data.supplement_notified_at, tz)}出具补正材料一次性告知书，"
            f"告知你（单位）于{cn_date(data.supplement_due_date)}前补正。补正期限已届满，"
        )
        body += "你（单位）仍未补正下列内容：" if data.unsupplied else "你（单位）未补正全部内容。"
    story.append(_body(body, space_after=1 * mm))
    story += _numbered(data.unsupplied)
    story.append(_body("本机关决定终止办理该申请，理由如下："))
    story += _numbered(data.reasons)
    if data.legal_basis:
        story.append(_body(f"依据：{data.legal_basis}"))
    story.append(
        para(
            "终止办理不影响你（单位）重新提出申请；材料齐全后可以再次申请。",
            11.5,
            leading=19,
            first_indent=23,
        )
    )
    story.append(_rights(data, "本通知书"))
    rows = [("办件编号", data.desk.case_no), ("申请事项", data.item_name)]
    rows += _party_rows(data.applicant)
    rows.append(("申请时间", cn_datetime(data.applied_at, tz)))
    if data.supplement_notified_at is not None:
        rows.append(("补正告知时间", cn_datetime(data.supplement_notified_at, tz)))
    if data.supplement_due_date is not None:
        rows.append(("补正期限", f"{cn_date(data.supplement_due_date)}前"))
    rows.append(("终止时间", cn_datetime(data.decided_at, tz)))
    rows += _desk_rows(data.desk)
    story.append(_grid(rows, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_codes_block(data.desk, width))
    if data.returned:
        story += _section(f"退回的申请材料（共{len(data.returned)}项）")
        story.append(_materials_table(data.returned, width))
    story.append(Spacer(1, 3 * mm))
    return _finish_notice(story, data, title, data.decided_at, width, reprint, paper)


def _figures(figures: Sequence[tuple[str, str]], width: float) -> Table:
    per_row = 4
    cells: list[list] = []
    for start in range(0, len(figures), per_row):
        chunk = list(figures[start : start + per_row])
        chunk += [("", "")] * (per_row - len(chunk))
        cells.append(
            [
                [para(value, 16, align="center"), para(label, 9, align="center", color="#333333")]
                for label, value in chunk
            ]
        )
    table = Table(cells, colWidths=[width / per_row] * per_row)
    table.setStyle(
        _table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _report_table(section: ReportTable, width: float) -> list[Flowable]:
    n = len(section.columns)
    first = min(width * 0.34, 60 * mm) if n > 2 else width / n
    rest = (width - first) / max(n - 1, 1)
    out: list[Flowable] = _section(section.title)
    out.append(
        _table(
            section.columns,
            section.rows,
            [first] + [rest] * (n - 1),
            numeric=section.numeric_columns,
            size=9.5,
        )
    )
    if section.note:
        out.append(para(section.note, 8.5, color="#333333"))
    return out


def render_report(
    data: DailyReportData, *, reprint: ReprintMark | None = None, paper: str = "A4"
) -> bytes:
    tz = data.issuer.timezone
    width = _content_width(paper)
    story = _title_block(data.issuer, data.title)
    story.append(
        para(
            f"统计期间：{data.period}　　生成时间：{cn_datetime(data.generated_at, tz)}",
            10,
            align="center",
            space_after=3 * mm,
        )
    )
    if data.figures:
        story.append(_figures(data.figures, width))
    for section in data.sections:
        story += _report_table(section, width)
    return _build(
        story,
        issuer=data.issuer,
        title=data.title,
        doc_no=data.doc_no,
        reprint=reprint,
        paper=paper,
        subject=data.period,
    )


__all__ = [
    "render_acceptance_notice",
    "render_materials_receipt",
    "render_decision",
    "render_gap_commitment",
    "render_rejection_notice",
    "render_report",
    "render_supplement_notice",
    "render_termination_notice",
    "rights_text",
]
