"""The notices each intake decision hands out, built from the saved case, rendered, and read back:
every field in the text, the case number in the barcode and the QR code. No Qt."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.db.models import Case, ServiceItem, User
from app.domain.case_numbers import CASE_NUMBER_RULES
from app.domain.codes import CaseStatus, DocumentKind, Role
from app.domain.decisions import RejectionGround
from app.errors import SettingsError
from app.services import intake
from app.services.applicants import AgentInput, ApplicantInput
from app.services.case_documents import notice_for, notices_for
from app.services.context import Actor
from app.services.intake import IntakeInput, MaterialInput
from app.settings import load_settings
from printing.documents import document_kind
from printing.render import render_document
from tests.printing.conftest import decode, pdf_text

ID = "11010519491231002X"
AGENT_ID = "110101198001010010"
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in the hall
ENV = {"HALLDESK_DOCUMENTS__DEPARTMENT_NAME": "临江市行政审批局"}


@pytest.fixture
def db(sqlite_demo_db):
    return sqlite_demo_db


@pytest.fixture
def clerk(db) -> Actor:
    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == "clerk01")).one()
    return Actor(user.id, user.username, Role.CLERK, "pc-test")


@pytest.fixture
def settings():
    return load_settings(None, environ=ENV)


def form(db, item="有限责任公司设立登记", *, skip=(), gaps=(), agent=False) -> IntakeInput:
    with db.reader() as s:
        iid = s.scalars(select(ServiceItem.id).where(ServiceItem.name == item)).one()
    materials = []
    for m in intake.checklist(db, iid):
        got = m.name not in skip and m.name not in gaps
        materials.append(
            MaterialInput(
                name=m.name,
                material_id=m.material_id,
                required=m.required,
                requirement=m.requirement,
                received=got,
                mode="copy" if got else None,
                count=2 if got else 0,
                gap_committed=m.name in gaps,
            )
        )
    applicant = ApplicantInput(
        name="张三", id_number=ID, mobile="13812345678", address="临江市望江路12号"
    )
    agent_input = AgentInput(name="李四", id_type="111", id_number=AGENT_ID) if agent else None
    return IntakeInput(iid, applicant, agent=agent_input, materials=tuple(materials))


def _text(data) -> str:
    return pdf_text(render_document(data))


def _codes_are_the_case_number(data, case_no: str) -> None:
    found = decode(render_document(data))
    assert ("Code128", case_no) in found
    assert ("QRCode", case_no) in found


def test_accept_gives_the_acceptance_notice_and_the_materials_receipt(db, clerk, settings):
    case = intake.accept(db, clerk, form(db, agent=True), now=MONDAY)
    docs = notices_for(case, settings, db)
    assert [document_kind(d) for d in docs] == [
        DocumentKind.ACCEPTANCE_NOTICE,
        DocumentKind.MATERIALS_RECEIPT,
    ]
    notice, receipt = docs
    assert notice_for(case, settings, db) == notice
    assert notice.doc_no == case.notice_no == case.case_no
    assert notice.desk.query_pin == case.query_pin and notice.desk.counter_name == ""
    assert notice.promised_date == case.promised_date == date(2026, 3, 3)
    assert notice.issuer.department_name == "临江市行政审批局"
    assert notice.applicant.id_number == "1101**********002X"  # masked on paper too
    assert notice.applicant.agent_name == "李四"
    assert AGENT_ID not in str(notice)

    text = _text(notice)
    for expected in (
        "受理通知书",
        case.case_no,
        case.query_pin,
        "有限责任公司设立登记",
        "张三",
        "1101**********002X",
        "138****5678",
        "2026年3月3日",
        "临江市行政审批局",
    ):
        assert expected.replace(" ", "") in text, expected
    for m in case.received_materials:
        assert m.name.replace(" ", "") in text, m.name
    _codes_are_the_case_number(notice, case.case_no)

    receipt_text = _text(receipt)
    assert "材料接收凭证" in receipt_text and case.case_no in receipt_text
    assert receipt.doc_no == case.case_no + "-SJ"
    assert all(line.copies == 2 and line.form == "复印件" for line in receipt.materials)
    _codes_are_the_case_number(receipt, case.case_no)


HONG_KONG_PERMIT = "810000199001010019"  # GB 11643 with region 810000 (check char 9)


@pytest.mark.parametrize(
    ("id_type", "number", "masked", "named"),
    [
        ("237", HONG_KONG_PERMIT, "8100**********0019", "港澳居民居住证"),
        ("114", "南字第20123456号", "南字第2****456号", "中国人民解放军军官证"),
    ],
)
def test_the_acceptance_notice_names_the_document_the_applicant_showed(
    db, clerk, settings, id_type, number, masked, named
):
    """The notice's ID row is labelled with the document's name, so a 居住证 holder's paper does
    not say 居民身份证 (issue 13, point 10)."""
    data = form(db)
    data = replace(data, applicant=replace(data.applicant, id_type=id_type, id_number=number))
    case = intake.accept(db, clerk, data, now=MONDAY)
    notice = notice_for(case, settings, db)
    assert notice.applicant.id_type == named
    text = _text(notice)
    assert named + masked in text, text
    assert "居民身份证" not in text


def test_a_permit_taken_in_under_resident_id_before_is_named_as_the_permit(db, clerk, settings):
    """Before 237/238 existed a permit holder was taken in under 111: reprints name the permit."""
    data = form(db)
    data = replace(
        data, applicant=replace(data.applicant, id_type="237", id_number=HONG_KONG_PERMIT)
    )
    case = intake.accept(db, clerk, data, now=MONDAY)
    with db.session() as session:
        session.get(Case, case.id).applicant_id_type = "111"
    case = intake.get_case(db, case.id)
    assert case.applicant_id_type == "111"
    assert "港澳居民居住证8100" in _text(notice_for(case, settings, db))


def test_accept_with_gaps_prints_the_committed_materials(db, clerk, settings):
    names = [m.name for m in intake.checklist(db, form(db).service_item_id) if m.required]
    case = intake.accept(
        db,
        clerk,
        form(db, gaps=(names[-1],)),  # the catalog allows this one to be 容缺
        commitment="申请人承诺次日补交",
        gap_due_date=date(2026, 3, 3),  # the promised date: no later
        now=MONDAY,
    )
    notice, commitment, receipt = notices_for(case, settings, db)
    assert document_kind(commitment) == DocumentKind.GAP_COMMITMENT
    assert document_kind(receipt) == DocumentKind.MATERIALS_RECEIPT
    assert notice.with_gaps == (f"{names[-1]}（容缺，承诺于2026年3月3日前补交）",)
    text = _text(notice).replace(" ", "")
    assert names[-1] in text and "申请人承诺次日补交" in text
    assert "除下列1项容缺材料外，申请材料齐全、符合法定形式" in text
    assert "申请材料齐全、符合法定形式。" not in text  # never said of a 容缺 acceptance
    signed = _text(commitment).replace(" ", "")
    assert "容缺受理承诺书" in signed and names[-1] in signed and "2026年3月3日前" in signed
    assert "不作出准予行政许可的决定" in signed and "申请人承诺次日补交" in signed
    assert "申请人（代理人）签字" in signed


def test_supplement_notice_lists_every_missing_material_with_requirement_and_deadline(
    db, clerk, settings
):
    required = [m for m in intake.checklist(db, form(db).service_item_id) if m.required]
    skipped = tuple(m.name for m in required[:3])
    case = intake.request_supplements(
        db, clerk, form(db, skip=skipped), due_date=date(2026, 3, 9), now=MONDAY
    )
    assert case.status == CaseStatus.NEEDS_SUPPLEMENT
    notice, receipt = notices_for(case, settings, db)
    assert document_kind(notice) == DocumentKind.SUPPLEMENT_NOTICE
    # the notice asks for "已提交材料的接收凭证": it is printed with it
    assert document_kind(receipt) == DocumentKind.MATERIALS_RECEIPT
    assert "是否受理以受理通知书或补正、不予受理通知书为准" in _text(receipt)
    assert [m.name for m in notice.missing] == list(skipped)
    assert notice.due_date == date(2026, 3, 9)
    assert all(m.copies for m in notice.missing)  # 原件1份 … from the catalog
    text = _text(notice)
    assert "一次性告知书" in text and "2026年3月9日" in text
    for m in required[:3]:
        assert m.name.replace(" ", "") in text
        if m.requirement:
            assert m.requirement.replace(" ", "")[:12] in text
    _codes_are_the_case_number(notice, case.case_no)


def test_rejection_notice_names_reason_competent_body_review_and_court(db, clerk, settings):
    case = intake.reject(
        db,
        clerk,
        form(db),
        reason="申请事项依法不属于本机关职权范围",
        ground=RejectionGround.NOT_COMPETENT,
        competent_body="临江市江滨区市场监督管理局",
        now=MONDAY,
    )
    [notice] = notices_for(case, settings, db)
    assert document_kind(notice) == DocumentKind.REJECTION_NOTICE
    assert notice.reasons == ("申请事项依法不属于本机关职权范围",)
    assert notice.decided_at == MONDAY
    text = _text(notice)
    for expected in (
        "不予受理通知书",
        "申请事项依法不属于本机关职权范围",
        "依据：《中华人民共和国行政许可法》第三十二条第一款第二项",
        "临江市江滨区市场监督管理局",
        "临江市人民政府",
        "临江市江滨区人民法院",
        "行政复议",
        "行政诉讼",
    ):
        assert expected in text, expected
    _codes_are_the_case_number(notice, case.case_no)


def test_completed_on_the_spot_gives_a_receipt_with_the_result(db, clerk, settings):
    case = intake.complete_on_spot(
        db,
        clerk,
        form(db, "个体工商户设立登记"),
        certificate_name="营业执照",
        certificate_no="92330199MA2B3C4D7K",
        fee_amount="0",
        now=MONDAY,
    )
    decision, receipt = notices_for(case, settings, db)
    assert document_kind(receipt) == DocumentKind.MATERIALS_RECEIPT
    text = _text(receipt)
    assert "当场办结" in text and "结果：准予行政许可" in text
    assert "营业执照" in text and "92330199MA2B3C4D7K" in text
    assert "是否受理以" not in text  # decided at the window: nothing left to wait for
    # a licence granted: its decision document comes first (行政许可法 §38)
    assert document_kind(decision) == DocumentKind.DECISION
    text = _text(decision)
    assert "准予行政许可决定书" in text and "本机关决定准予行政许可" in text
    assert "《中华人民共和国行政许可法》第三十八条第一款" in text
    assert "颁发《营业执照》" in text and "92330199MA2B3C4D7K" in text
    assert "行政复议" not in text  # a grant carries no remedies


def test_supplements_received_then_acceptance_notice(db, clerk, settings):
    required = [m for m in intake.checklist(db, form(db).service_item_id) if m.required]
    case = intake.request_supplements(
        db, clerk, form(db, skip=(required[0].name,)), due_date=date(2026, 3, 9), now=MONDAY
    )
    missing = case.missing_materials[0]
    later = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    case = intake.supplements_received(
        db,
        clerk,
        case.id,
        [intake.ReceivedMaterial(missing.id)],
        expected_version=case.data_version,
        now=later,
    )
    notice, receipt = notices_for(case, settings, db)
    assert notice.accepted_at == later and document_kind(receipt) == DocumentKind.MATERIALS_RECEIPT


def test_nothing_to_hand_out_after_withdrawal(db, clerk, settings):
    case = intake.accept(db, clerk, form(db), now=MONDAY)
    case = intake.withdraw(
        db, clerk, case.id, expected_version=case.data_version, reason="申请人撤回", now=MONDAY
    )
    assert notices_for(case, settings, db) == [] and notice_for(case, settings, db) is None


def test_case_number_rule_setting(db, clerk):
    """The settings key is read only while a hall has no rule (see test_case_number_rule.py), but
    a wrong value still names the key and the choices; a caller may still name a rule."""
    assert load_settings(None, environ={}).hall.case_number_rule is None
    chosen = load_settings(None, environ={"HALLDESK_HALL__CASE_NUMBER_RULE": "item_date_seq"})
    rule = CASE_NUMBER_RULES[chosen.hall.case_number_rule]
    case = intake.accept(db, clerk, form(db), now=MONDAY, rule=rule)
    assert case.case_no == f"{case.item_code}202603020001"
    with pytest.raises(SettingsError) as caught:
        load_settings(None, environ={"HALLDESK_HALL__CASE_NUMBER_RULE": "by_magic"})
    message = str(caught.value)
    assert "hall.case_number_rule" in message and "by_magic" in message
    assert "hall_date_seq" in message and "item_date_seq" in message


def test_a_deadline_in_an_unconfirmed_year_is_said_on_the_paper(db, clerk, settings):
    """Accepted in December 2026 with a deadline in 2027, whose arrangement is not confirmed: the
    notice itself says the date counts 2027's statutory holidays only and may be recomputed. Once
    the admin confirms 2027, a new notice says nothing of it."""
    from app.domain.codes import CalendarDayKind
    from app.services import calendar

    december = datetime(2026, 12, 29, 2, 0, tzinfo=UTC)  # legal limit 3 days: 30, 31, 4 Jan
    case = intake.accept(db, clerk, form(db), now=december)
    assert case.legal_due_date == date(2027, 1, 4)
    notice = notice_for(case, settings, db)
    assert notice.unconfirmed_years == (2027,)
    text = _text(notice)
    assert "2027年的放假安排尚未确认" in text and "重新计算并告知" in text

    admin = Actor(user_id=None, username="admin", role=Role.ADMIN, host="pc-admin")
    calendar.save_override(db, admin, date(2027, 2, 9), CalendarDayKind.HOLIDAY, "春节")
    calendar.confirm_year(db, admin, 2027)
    again = notice_for(case, settings, db)
    assert again.unconfirmed_years == ()
    assert "尚未确认" not in _text(again)


def test_a_deadline_within_a_known_year_says_nothing_of_it(db, clerk, settings):
    case = intake.accept(db, clerk, form(db), now=MONDAY)
    notice = notice_for(case, settings, db)
    assert notice.unconfirmed_years == ()
    assert "尚未确认" not in _text(notice)


def test_the_acceptance_notice_keeps_the_query_and_pickup_lines_when_the_item_has_a_fee(
    db, clerk, settings
):
    case = intake.accept(db, clerk, form(db), now=MONDAY)
    assert case.item_fee  # every demo item has one
    notice = notice_for(case, settings, db)
    text = _text(notice).replace(" ", "")
    assert f"收费：{case.item_fee}".replace(" ", "") in text
    assert "查询办理进度" in text and "领取办理结果时请携带本通知书" in text


def test_a_long_notice_keeps_its_seal_with_the_text_before_it(db, clerk, settings):
    """Many materials push the end of the notice onto page 2: the seal block is not alone there,
    the lines before it go with it."""
    from dataclasses import replace as dc_replace

    from printing.documents import MaterialLine
    from tests.printing.conftest import page_texts

    case = intake.accept(db, clerk, form(db), now=MONDAY)
    notice = notice_for(case, settings, db)
    for count in range(8, 30):  # find a length where the end spills over
        lines = tuple(MaterialLine(f"补充材料{i}", 1, "原件") for i in range(count))
        pages = page_texts(render_document(dc_replace(notice, materials=lines)))
        if len(pages) > 1:
            break
    last = pages[-1].replace(" ", "")
    assert "（盖章）" in last
    assert "领取办理结果时请携带本通知书" in last  # not alone: the notes before it go along


def test_the_samples_are_made_like_real_cases_and_their_numbers_pass_the_checks(tmp_path):
    """`halldesk documents sample`: every kind, from cases taken through the services; the
    company's USCC passes the program's own check; a short notice fits one page."""
    from app.domain.validation import validate_uscc
    from app.services.sample_cases import COMPANY, sample_documents, write_samples
    from tests.printing.conftest import page_texts

    settings = load_settings(None, environ={})
    assert validate_uscc(COMPANY.id_number) == COMPANY.id_number
    samples = dict(sample_documents(settings))
    kinds = {document_kind(doc) for doc in samples.values()}
    assert kinds == set(DocumentKind) - {DocumentKind.MONTHLY_REPORT}
    gap = samples["gaps-acceptance_notice"]
    assert gap.with_gaps and "容缺" in gap.with_gaps[0]
    written = write_samples(settings, tmp_path)
    assert {p.stem for p in written} == set(samples) | {"accepted-acceptance_notice-reprint"}
    receipt = (tmp_path / "on-the-spot-materials_receipt.pdf").read_bytes()
    assert len(page_texts(receipt)) == 1
    assert "本件已当场办结" in pdf_text(receipt).replace(" ", "")
