"""Every document: its text says every field, its barcode and QR code scan back to the case
number, the font is embedded, rare characters print, long lists break across pages."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from app.domain.codes import DocumentKind
from printing.documents import (
    MaterialLine,
    ReprintMark,
    from_json,
    missing_glyphs,
    to_json,
)
from printing.fonts import FONT_NAME, RARE_FONT_NAME
from printing.notices import MissingRemedies
from printing.render import render_document
from printing.samples import CASE_NO, sample_documents

from .conftest import decode, embedded_fonts, page_texts, pdf_text

SAMPLES = sample_documents()
A4_NOTICES = [
    DocumentKind.ACCEPTANCE_NOTICE,
    DocumentKind.SUPPLEMENT_NOTICE,
    DocumentKind.REJECTION_NOTICE,
    DocumentKind.MATERIALS_RECEIPT,
]


def _issuer_fields(text: str, issuer) -> None:
    for value in (
        issuer.hall_name,
        issuer.sealing_unit,
        issuer.consultation_phone,
        issuer.supervision_phone,
    ):
        assert value.replace(" ", "") in text


def test_acceptance_notice_says_every_field():
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    text = pdf_text(render_document(data))
    for value in (
        "受理通知书",
        data.doc_no,
        data.desk.case_no,
        f"查询密码：{data.desk.query_pin}",
        data.item_name,
        data.item_code,
        data.case_type,
        data.applicant.name,
        data.applicant.id_number,
        data.applicant.mobile,
        data.applicant.address,
        "2026年11月27日10:05",  # applied, in the hall's time zone
        "2026年11月27日10:25",  # accepted
        "2026年12月4日",  # promised completion
        data.desk.counter_name,
        data.desk.clerk_name,
        "申请人（代理人）签字",
        f"{data.issuer.sealing_unit}（盖章）",
        "第1页共2页",
    ):
        assert value.replace(" ", "") in text, value
    for material in data.materials:
        assert material.name in text
        assert material.form in text
    for name in data.with_gaps:
        assert name in text
    _issuer_fields(text, data.issuer)


def test_supplement_notice_lists_every_missing_material_with_requirement_and_deadline():
    data = SAMPLES[DocumentKind.SUPPLEMENT_NOTICE]
    text = pdf_text(render_document(data))
    assert "补正材料一次性告知书" in text
    assert f"共{len(data.missing)}项" in text
    for item in data.missing:
        assert item.name in text
        assert item.requirement.replace(" ", "") in text
        assert item.copies in text
    assert "请于2026年12月11日前" in text
    for value in (
        data.doc_no,
        data.desk.case_no,
        data.desk.query_pin,
        data.applicant.name,
        data.applicant.agent_name,
        data.applicant.id_number,
    ):
        assert value in text
    _issuer_fields(text, data.issuer)


def test_rejection_notice_gives_reasons_competent_body_and_remedies():
    data = SAMPLES[DocumentKind.REJECTION_NOTICE]
    text = pdf_text(render_document(data))
    assert "不予受理通知书" in text
    for reason in data.reasons:
        assert reason.replace(" ", "") in text
    assert data.legal_basis in text
    assert f"请向{data.competent_body}提出申请" in text
    assert f"六十日内向{data.review_body}申请行政复议" in text
    assert f"六个月内依法向{data.court}提起行政诉讼" in text
    for value in (data.doc_no, data.desk.case_no, data.applicant.name, data.desk.clerk_name):
        assert value in text
    _issuer_fields(text, data.issuer)


@pytest.mark.parametrize("blank", ["review_body", "court"])
def test_a_rejection_without_the_bodies_named_is_not_printed(blank):
    """ "有管辖权的行政复议机关" is nowhere an applicant can go: such a notice is refused, saying
    what the admin must set (the services refuse the decision before it gets here)."""
    data = replace(SAMPLES[DocumentKind.REJECTION_NOTICE], **{blank: "  "})
    with pytest.raises(MissingRemedies, match="部门与救济途径"):
        render_document(data)


def test_materials_receipt_lists_the_materials_and_is_not_an_acceptance():
    data = SAMPLES[DocumentKind.MATERIALS_RECEIPT]
    text = pdf_text(render_document(data))
    assert "材料接收凭证" in text
    assert "2026年11月27日10:05" in text
    assert "不代表受理" in text or "是否受理以受理通知书" in text
    for material in data.materials:
        assert material.name in text
    for value in (data.doc_no, data.desk.case_no, data.applicant.name):
        assert value in text


def test_report_prints_figures_and_every_table_cell():
    data = SAMPLES[DocumentKind.DAILY_REPORT]
    text = pdf_text(render_document(data))
    assert data.title in text and data.period in text
    for label, value in data.figures:
        assert label in text and value in text
    for section in data.sections:
        assert section.title in text
        for column in section.columns:
            assert column in text
        for row in section.rows:
            for cell in row:
                assert cell in text


def test_queue_ticket_fields_size_and_qr():
    data = SAMPLES[DocumentKind.QUEUE_TICKET]
    pdf = render_document(data)
    text = pdf_text(pdf)
    for value in (
        data.issuer.hall_name,
        data.category_name,
        data.ticket_no,
        "您前面还有5人在等待",
        "预计等待约18分钟",
        "取号时间：2026-11-2710:05",
        "过号无效，请重新取号",
    ):
        assert value in text, value
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert abs(width_mm - 80) < 0.1
    assert 60 < height_mm < 160, "height fits the content"
    assert ("QRCode", data.qr_text) in decode(pdf)
    plain = replace(data, qr_text=None, tips=("过号无效，请重新取号",))
    assert float(PdfReader(io.BytesIO(render_document(plain))).pages[0].mediabox.height) < float(
        page.mediabox.height
    ), "a ticket without QR code is shorter"


def test_queue_ticket_in_english_has_its_own_words_and_the_same_qr():
    """A ticket taken in English: the catalogue's English for the ticket's own words, what the
    data brings already in English, the hall's English name under its Chinese one; the Chinese
    ticket has none of it (no caption over its number)."""
    chinese = SAMPLES[DocumentKind.QUEUE_TICKET]
    data = replace(
        chinese,
        issuer=replace(chinese.issuer, hall_name_en="Linjiang Government Service Centre"),
        category_name="Business Start-up",
        priority_label="Senior citizen",
        tips=("A missed number is void; please take a new ticket.",),
        qr_caption="Scan to follow the queue",
        language="en",
    )
    pdf = render_document(data)
    text = pdf_text(pdf)
    for value in (
        chinese.issuer.hall_name,
        "LinjiangGovernmentServiceCentre",
        "BusinessStart-up",
        "Priority·Seniorcitizen",
        "Yournumber",
        "A012",
        "Waitingahead:5",
        "Estimatedwait:about18min",
        "Takenat:2026-11-2710:05",
        "Amissednumberisvoid;pleasetakeanewticket.",
        "Scantofollowthequeue",
    ):
        assert value in text, value
    assert not any(word in text for word in ("您前面", "预计等待", "取号时间", "绿色通道"))
    assert ("QRCode", data.qr_text) in decode(pdf)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Queue ticket A012"
    reprinted = ReprintMark(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))
    reprint = pdf_text(render_document(data, reprint=reprinted))
    assert "[Reprint]2026-11-28" in reprint
    assert "Yournumber" not in pdf_text(render_document(chinese))
    assert "LinjiangGovernment" not in pdf_text(
        render_document(replace(chinese, issuer=data.issuer))
    ), "the English name is for English tickets"
    assert "Yournumber" in pdf_text(render_document(data, ticket_paper_mm=58))


def test_ticket_on_58mm_paper():
    pdf = render_document(SAMPLES[DocumentKind.QUEUE_TICKET], ticket_paper_mm=58)
    width_mm = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) / 72 * 25.4
    assert abs(width_mm - 58) < 0.1
    assert "A012" in pdf_text(pdf)


@pytest.mark.parametrize("kind", A4_NOTICES)
def test_case_number_barcode_and_qr_scan_back(kind):
    data = SAMPLES[kind]
    found = decode(render_document(data))
    assert ("Code128", data.desk.case_no) in found
    assert ("QRCode", data.desk.case_no) in found


def test_qr_carries_a_link_when_configured():
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    link = f"https://zwfw.example/case?no={CASE_NO}"
    data = replace(data, desk=replace(data.desk, qr_text=link))
    found = decode(render_document(data))
    assert ("QRCode", link) in found
    assert ("Code128", CASE_NO) in found


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_fonts_are_embedded(kind):
    fonts = embedded_fonts(render_document(SAMPLES[kind]))
    assert fonts, "the document uses fonts"
    assert all(fonts.values()), f"every font embedded: {fonts}"


def test_rare_extension_a_character_prints_with_the_bundled_fallback():
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    assert data.applicant.name == "王䶮"
    assert missing_glyphs(data) == []
    pdf = render_document(data)
    assert "王䶮" in pdf_text(pdf)
    names = list(embedded_fonts(pdf))
    assert any("HallDeskRareExtA" in n or RARE_FONT_NAME in n for n in names), names


def test_extension_b_character_is_reported_when_no_font_has_it(monkeypatch):
    from printing import fonts

    monkeypatch.setattr(fonts, "SYSTEM_FALLBACK_FONTS", ())
    fonts.configure_fallback_fonts(["/nonexistent/font.ttf"])  # forget whatever was found before
    try:
        data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
        data = replace(data, applicant=replace(data.applicant, name="吉𠮷祥"))
        assert missing_glyphs(data) == ["𠮷"]
        # printed anyway (after the clerk was told) it shows the typesetter's 〓, never a blank
        assert "吉〓祥" in pdf_text(render_document(data))
    finally:
        fonts.configure_fallback_fonts(())


def test_extension_b_character_prints_with_a_configured_fallback_font(extb_font):
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    data = replace(data, applicant=replace(data.applicant, name="吉𠮷祥"))
    assert missing_glyphs(data) == []
    pdf = render_document(data)
    assert "吉𠮷祥" in pdf_text(pdf), "extractable: the ToUnicode map is right beyond the BMP"
    assert all(embedded_fonts(pdf).values())


def test_long_materials_list_breaks_across_pages_with_the_header_repeated():
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    materials = tuple(
        MaterialLine(
            f"第{i}项申请材料：不动产权证书、购房合同及相关附件复印件", 1 + i % 3, "复印件"
        )
        for i in range(1, 61)
    )
    pdf = render_document(replace(data, materials=materials))
    pages = page_texts(pdf)
    assert len(pages) >= 3
    with_table = [p for p in pages if "第" in p and "项申请材料" in p]
    assert len(with_table) >= 2
    for page in with_table:
        assert "序号材料名称份数形式备注" in page, "header row repeated on every page of the table"
    text = "".join(pages)
    for i in range(1, 61):
        assert f"第{i}项申请材料" in text
    assert f"第1页共{len(pages)}页" in text and f"第{len(pages)}页共{len(pages)}页" in text
    # the signature block is kept whole at the end
    assert "申请人（代理人）签字" in pages[-1]


def test_reprint_is_marked_on_every_page():
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    mark = ReprintMark(datetime(2026, 11, 28, 1, 0, tzinfo=UTC), "李明")
    pages = page_texts(render_document(data, reprint=mark))
    assert all("补打" in p and "2026-11-2809:00" in p and "李明" in p for p in pages)
    assert not any("补打" in p for p in page_texts(render_document(data)))
    ticket = render_document(SAMPLES[DocumentKind.QUEUE_TICKET], reprint=mark)
    assert "【补打】" in pdf_text(ticket)


def test_rendering_is_deterministic():
    data = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
    assert render_document(data) == render_document(data)


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_json_round_trip(kind):
    data = SAMPLES[kind]
    assert from_json(kind, to_json(data)) == data


def test_a5_notice_renders_and_scans():
    data = SAMPLES[DocumentKind.SUPPLEMENT_NOTICE]
    pdf = render_document(data, paper="A5")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert abs(float(page.mediabox.width) / 72 * 25.4 - 148) < 1
    assert ("Code128", data.desk.case_no) in decode(pdf, dpi=300)
    assert all(item.name in pdf_text(pdf) for item in data.missing)


def test_main_font_name_is_used():
    fonts = embedded_fonts(render_document(SAMPLES[DocumentKind.MATERIALS_RECEIPT]))
    assert any("WenQuanYi" in name or FONT_NAME in name for name in fonts), fonts
