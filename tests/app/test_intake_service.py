"""Intake decisions and what follows, on SQLite and PostgreSQL (the demo hall)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.db.models import (
    Applicant,
    AuditLog,
    Case,
    CaseDraft,
    CaseEvent,
    DailySequence,
    OutboxMessage,
    ServiceItem,
    User,
)
from app.domain.codes import CaseStatus, CompletionResult, DeliveryMethod, Role
from app.domain.identifiers import resident_id_check_char
from app.errors import Conflict, ValidationError
from app.services import intake
from app.services.applicants import AgentInput, ApplicantInput, find_applicant
from app.services.intake import IntakeInput, MaterialInput, ReceivedMaterial

ID = "11010519491231002X"
AGENT_ID = "110101" + "19800101001"
AGENT_ID += resident_id_check_char(AGENT_ID)
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in the hall


@pytest.fixture
def clerk(demo_db):
    from app.services.context import Actor

    with demo_db.reader() as s:
        user = s.scalars(select(User).where(User.username == "clerk01")).one()
    return Actor(user.id, user.username, Role.CLERK, "pc-test")


def item_id(db, name: str) -> int:
    with db.reader() as s:
        return s.scalars(select(ServiceItem.id).where(ServiceItem.name == name)).one()


def form(db, item="有限责任公司设立登记", *, receive=True, skip=(), gaps=(), **applicant):
    iid = item_id(db, item)
    materials = []
    for m in intake.checklist(db, iid):
        got = receive and m.name not in skip and m.name not in gaps
        materials.append(
            MaterialInput(
                name=m.name,
                material_id=m.material_id,
                required=m.required,
                requirement=m.requirement,
                received=got,
                mode="original" if got else None,
                count=1 if got else 0,
                gap_committed=m.name in gaps,
            )
        )
    person = dict(name="张三", id_number=ID.lower(), mobile="+86 138-1234-5678", address="临江市")
    person.update(applicant)
    return IntakeInput(iid, ApplicantInput(**person), materials=tuple(materials))


def count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_accept_writes_case_events_audit_and_outbox_in_one_go(demo_db, clerk):
    db = demo_db
    case = intake.accept(db, clerk, form(db), now=MONDAY)
    assert case.status == CaseStatus.ACCEPTED
    assert case.case_no == "330199202603020001"
    assert len(case.query_pin) == 6 and case.query_pin.isdigit()
    assert (
        case.applicant_id_number == ID and case.applicant_id_number_masked == "1101**********002X"
    )
    assert case.contact_mobile == "13812345678"
    assert case.accepted_at == MONDAY and case.notice_no == case.case_no
    # 有限责任公司设立登记: promised 1 working day, legal 3.
    assert case.promised_date == date(2026, 3, 3) and case.legal_due_date == date(2026, 3, 5)
    assert case.calendar_warning is None
    assert len(case.materials) == 8 and not case.missing_materials
    assert [e.event_type for e in case.events] == ["application", "acceptance"]
    assert [e.data_version for e in case.events] == [1, 2]
    assert (
        case.hall_name == "临江市政务服务中心" and case.accepting_unit_uscc == "11330199MB00000017"
    )
    with db.reader() as s:
        assert s.scalars(select(OutboxMessage.event_type).order_by(OutboxMessage.id)).all() == [
            "application",
            "acceptance",
        ]
        assert s.scalars(
            select(AuditLog.action).where(AuditLog.entity == "service_case")
        ).all() == ["case.accept"]
    second = intake.accept(db, clerk, form(db), now=MONDAY)
    assert second.case_no == "330199202603020002"
    assert count(db, Applicant) == 1  # the returning applicant, not a copy


def test_returning_applicant_found_by_id_number(demo_db, clerk):
    db = demo_db
    assert find_applicant(db, "111", ID) is None
    intake.accept(db, clerk, form(db, postcode="310000"), now=MONDAY)
    found = find_applicant(db, "111", " 1101 0519 4912 3100 2x ")
    assert found is not None
    assert (found.name, found.mobile, found.postcode, found.sex) == (
        "张三",
        "13812345678",
        "310000",
        "2",
    )
    assert found.birth_date == date(1949, 12, 31)
    assert found.id_number_masked == "1101**********002X"


def test_missing_material_refused_and_nothing_written(demo_db, clerk):
    db = demo_db
    with pytest.raises(ValidationError) as info:
        intake.accept(db, clerk, form(db, skip=("公司章程",)), now=MONDAY)
    assert info.value.field == "materials" and "公司章程" in info.value.message
    assert count(db, Case) == 0 and count(db, OutboxMessage) == 0 and count(db, Applicant) == 0
    assert count(db, DailySequence) == 0  # the number was not used up


def test_bad_id_number_names_the_field(demo_db, clerk):
    with pytest.raises(ValidationError) as info:
        intake.accept(demo_db, clerk, form(demo_db, id_number="110105194912310021"), now=MONDAY)
    assert info.value.field == "applicant_id_number"
    assert "校验位" in info.value.message


def test_accept_with_gaps_needs_the_commitment(demo_db, clerk):
    db = demo_db
    data = form(db, "食品经营许可", gaps=("主要设备设施清单",))
    with pytest.raises(ValidationError) as info:
        intake.accept(db, clerk, data, now=MONDAY)
    assert info.value.field == "commitment"
    case = intake.accept(
        db,
        clerk,
        data,
        commitment="本人承诺 5 个工作日内补交主要设备设施清单",
        gap_due_date=date(2026, 3, 6),
        now=MONDAY,
    )
    assert case.with_gaps and case.gap_due_date == date(2026, 3, 6)
    assert [(m.name, m.gap_due_date) for m in case.gap_materials] == [
        ("主要设备设施清单", date(2026, 3, 6))
    ]
    assert case.missing_materials == ()


def test_supplement_request_lists_every_missing_item_then_accepts_from_that_day(demo_db, clerk):
    db = demo_db
    data = form(db, skip=("公司章程", "住所使用相关文件"))
    case = intake.request_supplements(db, clerk, data, due_date=date(2026, 3, 9), now=MONDAY)
    assert case.status == CaseStatus.NEEDS_SUPPLEMENT
    assert {m.name for m in case.missing_materials} == {"公司章程", "住所使用相关文件"}
    assert all(m.requirement for m in case.missing_materials)
    assert case.supplement_due_date == date(2026, 3, 9) and case.accepted_at is None
    with db.reader() as s:
        payload = s.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.event_type == "supplement_request")
        ).one()
    assert {m["name"] for m in payload["detail"]["missing"]} == {"公司章程", "住所使用相关文件"}

    later = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
    first = [m for m in case.missing_materials if m.name == "公司章程"]
    with pytest.raises(ValidationError) as info:
        intake.supplements_received(
            db,
            clerk,
            case.id,
            [ReceivedMaterial(first[0].id)],
            expected_version=case.data_version,
            now=later,
        )
    assert "住所使用相关文件" in info.value.message
    done = intake.supplements_received(
        db,
        clerk,
        case.id,
        [ReceivedMaterial(m.id) for m in case.missing_materials],
        expected_version=case.data_version,  # the refused attempt changed nothing
        now=later,
    )
    assert done.status == CaseStatus.ACCEPTED
    assert done.accepted_at == later and done.supplement_received_at == later
    assert done.promised_date == date(2026, 3, 5)  # counted from Wed 4 March
    assert [e.event_type for e in done.events] == [
        "application",
        "supplement_request",
        "process_step",
        "acceptance",
    ]


def test_nothing_missing_is_no_supplement(demo_db, clerk):
    with pytest.raises(ValidationError) as info:
        intake.request_supplements(
            demo_db, clerk, form(demo_db), due_date=date(2026, 3, 9), now=MONDAY
        )
    assert "无需补正" in info.value.message


def test_reject_needs_a_reason(demo_db, clerk):
    db = demo_db
    with pytest.raises(ValidationError) as info:
        intake.reject(db, clerk, form(db), reason="  ", now=MONDAY)
    assert info.value.field == "rejection_reason"
    case = intake.reject(
        db,
        clerk,
        form(db),
        reason="不属于本机关职权范围",
        ground="not_competent",
        competent_body="临江市税务局",
        now=MONDAY,
    )
    assert case.status == CaseStatus.REJECTED
    assert (case.rejection_reason, case.competent_body) == ("不属于本机关职权范围", "临江市税务局")
    assert [e.event_type for e in case.events] == ["application", "rejection"]


def test_instant_item_completed_on_the_spot(demo_db, clerk):
    db = demo_db
    with pytest.raises(ValidationError) as info:
        intake.complete_on_spot(db, clerk, form(db), now=MONDAY)
    assert "承诺件" in info.value.message
    case = intake.complete_on_spot(
        db,
        clerk,
        form(db, "个体工商户设立登记"),
        certificate_name="营业执照",
        certificate_no="92330199MA2B3C4D7K",
        now=MONDAY,
    )
    assert case.status == CaseStatus.COMPLETED
    assert case.completion_result == CompletionResult.GRANTED
    assert case.promised_date == date(2026, 3, 2)
    assert [e.event_type for e in case.events] == ["application", "acceptance", "completion"]
    delivered = intake.deliver(
        db,
        clerk,
        case.id,
        expected_version=case.data_version,
        method=DeliveryMethod.WINDOW,
        now=MONDAY,
    )
    assert delivered.status == CaseStatus.DELIVERED


def test_process_special_procedure_extension_completion_delivery(demo_db, clerk):
    db = demo_db
    case = intake.accept(db, clerk, form(db, "食品经营许可"), now=MONDAY)  # promised 5, legal 10
    assert case.promised_date == date(2026, 3, 9)
    case = intake.start_processing(
        db, clerk, case.id, expected_version=case.data_version, now=MONDAY
    )
    case = intake.record_step(
        db,
        clerk,
        case.id,
        expected_version=case.data_version,
        step_name="审查",
        handler="李四",
        opinion="材料齐全",
        now=MONDAY,
    )
    tue = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    thu = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
    case = intake.begin_special_procedure(
        db,
        clerk,
        case.id,
        expected_version=case.data_version,
        kind="testing",
        expected_working_days=5,
        reason="现场核查",
        now=tue,
    )
    assert case.status == CaseStatus.SPECIAL_PROCEDURE and case.clock_paused_since == date(
        2026, 3, 3
    )
    with pytest.raises(Conflict):
        intake.complete(
            db, clerk, case.id, expected_version=case.data_version, result="granted", now=thu
        )
    case = intake.end_special_procedure(
        db, clerk, case.id, expected_version=case.data_version, opinion="检验合格", now=thu
    )
    assert case.paused_working_days == 2
    assert case.promised_date == date(2026, 3, 11)
    case = intake.extend(
        db,
        clerk,
        case.id,
        expected_version=case.data_version,
        reason="情况复杂",
        approver="王建国",
        now=thu,
    )
    assert case.promised_date == date(2026, 3, 25) and case.extension_days == 10
    with pytest.raises(Conflict) as info:
        intake.extend(
            db,
            clerk,
            case.id,
            expected_version=case.data_version,
            reason="再延",
            approver="王建国",
            now=thu,
        )
    assert "已经延长过一次" in info.value.message
    case = intake.complete(
        db,
        clerk,
        case.id,
        expected_version=case.data_version,
        result="granted",
        certificate_name="食品经营许可证",
        certificate_no="JY13301990000001",
        fee_amount="0",
        now=thu,
    )
    case = intake.deliver(
        db,
        clerk,
        case.id,
        expected_version=case.data_version,
        method="mail",
        note="SF1234567890",
        now=thu,
    )
    assert case.status == CaseStatus.DELIVERED and case.result_mailed
    assert [s.step_name for s in case.steps] == ["开始办理", "审查", "特别程序：检验", "延长审批"]
    assert case.steps[2].ended_at == thu
    assert [e.label for e in case.events][-3:] == ["延长办理期限", "办结", "送达"]
    with db.reader() as s:
        kinds = s.scalars(
            select(OutboxMessage.event_type)
            .where(OutboxMessage.case_id == case.id)
            .order_by(OutboxMessage.id)
        ).all()
        versions = s.scalars(
            select(CaseEvent.data_version)
            .where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.id)
        ).all()
    assert kinds[0] == "application" and kinds[-2:] == ["completion", "delivery"]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)


def test_year_end_acceptance_warns_about_2027(demo_db, clerk):
    db = demo_db
    december = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)
    case = intake.accept(
        db, clerk, form(db, "基本医疗保险关系转移接续"), now=december
    )  # 10 days: 8 in 2026, Fri 1 Jan (元旦, statutory: not counted), Mon 4, Tue 5 Jan
    assert case.promised_date == date(2027, 1, 5)
    assert "2027 年的放假安排尚未确认" in case.calendar_warning
    preview = intake.preview_due_dates(db, item_id(db, "基本医疗保险关系转移接续"), now=december)
    assert preview.promised_date == date(2027, 1, 5) and "2027" in preview.warning


def test_agent_and_organisation(demo_db, clerk):
    db = demo_db
    data = form(
        db,
        kind="2",
        name="临江市示范有限公司",
        id_type="001",
        id_number="91110108551385082Q",
        legal_representative="王五",
    )
    data = IntakeInput(
        data.service_item_id,
        data.applicant,
        AgentInput(name="李四", id_number=AGENT_ID, mobile="13900001111"),
        data.materials,
    )
    case = intake.accept(db, clerk, data, now=MONDAY)
    assert case.applicant_kind == "2" and case.legal_representative == "王五"
    assert (case.agent_name, case.agent_id_number, case.contact_mobile) == (
        "李四",
        AGENT_ID,
        "13900001111",
    )
    bad = IntakeInput(
        data.service_item_id,
        data.applicant,
        AgentInput(name="李四", id_number="123"),
        data.materials,
    )
    with pytest.raises(ValidationError) as info:
        intake.accept(db, clerk, bad, now=MONDAY)
    assert info.value.field == "agent_id_number"


def test_search_by_number_id_name_phone_and_item(demo_db, clerk):
    db = demo_db
    a = intake.accept(db, clerk, form(db), now=MONDAY)
    intake.accept(
        db,
        clerk,
        form(db, "食品经营许可", name="李四", id_number=AGENT_ID, mobile="13900001111"),
        now=MONDAY,
    )
    assert intake.find_case(db, f" {a.case_no.lower()} ").id == a.id
    assert intake.find_case(db, "nope") is None
    assert [c.id for c in intake.search_cases(db, case_no=a.case_no)] == [a.id]
    assert [c.case_no for c in intake.search_cases(db, id_number=ID.lower())] == [a.case_no]
    rows = intake.search_cases(db, name_prefix="张")
    assert [r.applicant_name for r in rows] == ["张三"]
    assert rows[0].applicant_id_number_masked == "1101**********002X"
    assert rows[0].contact_mobile_masked == "138****5678"
    assert len(intake.search_cases(db, mobile="139 0000 1111")) == 1
    assert len(intake.search_cases(db, service_item_id=item_id(db, "食品经营许可"))) == 1
    assert len(intake.search_cases(db, status=CaseStatus.ACCEPTED)) == 2
    assert intake.search_cases(db, applied_from=datetime(2026, 3, 3, tzinfo=UTC)) == []


def test_drafts_survive_and_go_with_the_decision(demo_db, clerk):
    db = demo_db
    draft = intake.save_draft(db, clerk, {"applicant_name": "张"}, counter_id=None)
    draft = intake.save_draft(db, clerk, {"applicant_name": "张三"}, draft_id=draft.id)
    assert [d.data for d in intake.drafts_for(db, clerk.user_id)] == [{"applicant_name": "张三"}]
    data = form(db)
    data = IntakeInput(
        data.service_item_id, data.applicant, None, data.materials, draft_id=draft.id
    )
    intake.accept(db, clerk, data, now=MONDAY)
    assert intake.drafts_for(db, clerk.user_id) == []
    assert count(db, CaseDraft) == 0


def test_rating_after_a_case_is_its_evaluation_and_goes_to_the_online_hall(demo_db, clerk):
    from dataclasses import replace

    from app.db.models import OutboxMessage, Rating
    from app.domain.codes import RatingScore
    from app.services import admin, queue, rating

    category = next(c for c in admin.list_categories(demo_db) if c.prefix == "A")
    counter = next(c for c in admin.list_counters(demo_db) if c.number == 1)
    ticket = queue.issue_ticket(demo_db, category.id).ticket
    queue.open_counter(demo_db, clerk, counter.id)
    queue.call_next(demo_db, clerk, counter.id)
    case = intake.accept(
        demo_db, clerk, replace(form(demo_db), ticket_id=ticket.id, counter_id=counter.id)
    )
    queue.finish_service(demo_db, clerk, counter.id)

    info = rating.record_rating(
        demo_db,
        ticket_id=ticket.id,
        counter_id=counter.id,
        clerk_id=clerk.user_id,
        score=RatingScore.DISSATISFIED,
        reasons=[rating.NEGATIVE_REASONS[0]],
    )
    assert info.score == RatingScore.DISSATISFIED
    with demo_db.reader() as s:
        stored = s.scalars(select(Rating)).one()
        assert stored.case_id == case.id
        sent = s.scalars(
            select(OutboxMessage).where(
                OutboxMessage.case_no == case.case_no, OutboxMessage.event_type == "rating"
            )
        ).one()
        evaluation = sent.payload["data"]["evaluation"]
        assert evaluation["score"] == "4" and evaluation["reasons"] == [rating.NEGATIVE_REASONS[0]]


def test_a_pad_that_timed_out_sends_nothing(demo_db, clerk):
    from dataclasses import replace

    from app.db.models import OutboxMessage
    from app.services import admin, queue, rating

    category = next(c for c in admin.list_categories(demo_db) if c.prefix == "A")
    counter = next(c for c in admin.list_counters(demo_db) if c.number == 1)
    ticket = queue.issue_ticket(demo_db, category.id).ticket
    queue.open_counter(demo_db, clerk, counter.id)
    queue.call_next(demo_db, clerk, counter.id)
    case = intake.accept(
        demo_db, clerk, replace(form(demo_db), ticket_id=ticket.id, counter_id=counter.id)
    )
    rating.record_rating(
        demo_db, ticket_id=ticket.id, counter_id=counter.id, clerk_id=None, score=None
    )
    with demo_db.reader() as s:
        kinds = s.scalars(
            select(OutboxMessage.event_type).where(OutboxMessage.case_no == case.case_no)
        ).all()
    assert "rating" not in kinds


def test_confirming_a_years_arrangement_recomputes_the_open_cases_in_it(demo_db, clerk):
    """Accepted on 29 December with the 2027 arrangement unknown: legal deadline Mon 4 Jan. The
    admin enters 4 Jan as an extra rest day and confirms 2027: that case moves to Tue 5 Jan, is
    listed and audited, and its record no longer warns; a case within 2026 is untouched."""
    from app.db.models import AuditLog
    from app.domain.codes import CalendarDayKind
    from app.services import calendar
    from app.services.context import Actor

    db = demo_db
    admin = Actor(user_id=None, username="admin", role=Role.ADMIN, host="pc-admin")
    late = intake.accept(db, clerk, form(db), now=datetime(2026, 12, 29, 2, 0, tzinfo=UTC))
    early = intake.accept(db, clerk, form(db), now=datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    assert late.legal_due_date == date(2027, 1, 4) and "2027 年" in late.calendar_warning

    calendar.save_override(db, admin, date(2027, 1, 4), CalendarDayKind.HOLIDAY, "元旦调休")
    assert intake.get_case(db, late.id).legal_due_date == date(2027, 1, 4)  # not yet: unconfirmed
    confirmed = calendar.confirm_year(db, admin, 2027, "国办发明电〔2026〕X号")
    assert [(r.case_no, r.legal_before, r.legal_after) for r in confirmed.recomputed] == [
        (late.case_no, date(2027, 1, 4), date(2027, 1, 5))
    ]
    again = intake.get_case(db, late.id)
    assert again.legal_due_date == date(2027, 1, 5) and again.calendar_warning is None
    assert intake.get_case(db, early.id).legal_due_date == early.legal_due_date
    with db.reader() as s:
        entry = s.scalars(
            select(AuditLog).where(AuditLog.action == "case.recompute_deadlines")
        ).one()
    assert entry.entity_id == late.case_no
    assert entry.after["legal_due_date"] == "2027-01-05"

    # Taken back: computed again without the confirmation (the entered day still counts).
    assert calendar.unconfirm_year(db, admin, 2027) == []
    assert "2027 年" in intake.get_case(db, late.id).calendar_warning
