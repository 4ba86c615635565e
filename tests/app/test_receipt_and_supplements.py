"""收件 and its 5-working-day decision, deemed acceptance, defective materials, the applicant's
supplement deadline and what happens after it (行政许可法 §32), on SQLite and PostgreSQL, with
fixed times. Each rule is tried on both sides of its day; the notices are read back as PDF text.

The dates (2026, chinesecalendar): 清明 is Sat 4 – Mon 6 April, so materials taken in on Thu
2 April are due for a decision on Fri 10 April (Fri 3, Tue 7, Wed 8, Thu 9, Fri 10); 劳动节 is
Fri 1 – Tue 5 May with Sat 9 May worked (调休), so Thu 30 April is due on Mon 11 May."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.db.models import AuditLog, Case, OutboxMessage, ServiceItem, User
from app.domain.case import FINAL
from app.domain.codes import CaseStatus, DocumentKind, Role
from app.domain.intake_deadlines import (
    APPLICANT_SUPPLEMENT_WORKING_DAYS,
    applicant_supplement_due,
    decision_due_date,
    deemed_accepted_on,
    past,
)
from app.domain.workdays import WorkCalendar
from app.errors import Conflict, ValidationError
from app.services import intake, manager_supervision
from app.services.applicants import ApplicantInput
from app.services.case_documents import SUPPLEMENT_NOTES, notices_for
from app.services.context import Actor
from app.services.intake import IntakeInput, ReceivedMaterial
from app.settings import load_settings
from printing.documents import document_kind
from printing.render import render_document
from tests.printing.conftest import pdf_text

ID = "11010519491231002X"
ITEM = "有限责任公司设立登记"
THU_2_APRIL = datetime(2026, 4, 2, 2, 0, tzinfo=UTC)  # 10:00 in the hall
FRI_10_APRIL_LATE = datetime(2026, 4, 10, 15, 30, tzinfo=UTC)  # 23:30: the due day still
SAT_11_APRIL = datetime(2026, 4, 10, 16, 30, tzinfo=UTC)  # 00:30: the day after
STATEMENT = "本告知书所列即为全部需要补正的内容"


def hall(hour_utc: int, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, hour_utc, 0, tzinfo=UTC)


@pytest.fixture
def clerk(demo_db) -> Actor:
    with demo_db.reader() as s:
        user = s.scalars(select(User).where(User.username == "clerk01")).one()
    return Actor(user.id, user.username, Role.CLERK, "pc-test")


@pytest.fixture
def settings():
    return load_settings(None, environ={})


def form(db, *, skip=(), defects: dict[str, str] | None = None, nothing=False) -> IntakeInput:
    with db.reader() as s:
        iid = s.scalars(select(ServiceItem.id).where(ServiceItem.name == ITEM)).one()
    defects = defects or {}
    lines = []
    for m in intake.checklist(db, iid):
        got = not nothing and m.name not in skip
        lines.append(
            replace(
                m,
                received=got,
                mode="original" if got else None,
                count=1 if got else 0,
                defect=defects.get(m.name),
            )
        )
    applicant = ApplicantInput(name="张三", id_number=ID, mobile="13812345678", address="临江市")
    return IntakeInput(iid, applicant, materials=tuple(lines))


def required_names(db) -> list[str]:
    return [m.name for m in form(db).materials if m.required]


def text_of(doc) -> str:
    return pdf_text(render_document(doc))


def audit_actions(db, case_no: str) -> list[str]:
    with db.reader() as s:
        return list(
            s.scalars(
                select(AuditLog.action).where(AuditLog.entity_id == case_no).order_by(AuditLog.id)
            )
        )


def outbox(db, case_no: str) -> list[tuple[str, str]]:
    with db.reader() as s:
        return [
            (m.event_type, m.payload["data"]["case"]["status"])
            for m in s.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.case_no == case_no)
                .order_by(OutboxMessage.id)
            )
        ]


def received(db, clerk, **kwargs) -> intake.CaseDetail:
    return intake.receive(db, clerk, form(db, **kwargs), now=THU_2_APRIL)


# --------------------------------------------------------------------------- the days (no database)


@pytest.mark.parametrize(
    ("received_on", "due"),
    [
        (date(2026, 4, 2), date(2026, 4, 10)),  # over a weekend and 清明 (Mon 6 April)
        (date(2026, 4, 30), date(2026, 5, 11)),  # over 劳动节, counting Sat 9 May (调休)
        (date(2026, 3, 5), date(2026, 3, 12)),  # an ordinary week: Thursday to Thursday
    ],
)
def test_the_decision_is_due_on_the_fifth_working_day(received_on, due):
    calendar = WorkCalendar()
    assert decision_due_date(calendar, received_on).day == due
    assert not past(due, due)  # met on its own day
    assert past(due, deemed_accepted_on(due))  # the next day (whatever day it is) is past it
    assert deemed_accepted_on(date(2026, 4, 10)) == date(2026, 4, 11)  # a Saturday


def test_the_applicants_deadline_is_its_own_date():
    calendar = WorkCalendar()
    assert APPLICANT_SUPPLEMENT_WORKING_DAYS == 15
    # Thu 2 April + 15 working days (Qingming off): Fri 24 April; the office's 5 days end on 10th
    assert applicant_supplement_due(calendar, date(2026, 4, 2)).day == date(2026, 4, 24)
    assert decision_due_date(calendar, date(2026, 4, 2)).day == date(2026, 4, 10)


# --------------------------------------------------------------------------- 收件


def test_receive_takes_the_materials_in_and_the_receipt_says_it_is_not_an_acceptance(
    demo_db, clerk, settings
):
    case = received(demo_db, clerk, skip=("公司章程",))
    assert case.status == CaseStatus.RECEIVED
    assert case.decision_due_date == date(2026, 4, 10)
    assert case.accepted_at is None and case.promised_date is None
    assert case.applied_at == THU_2_APRIL  # the receipt: deadlines would run from it
    assert [e.event_type for e in case.events] == ["application"]
    assert audit_actions(demo_db, case.case_no) == ["case.receive"]
    assert outbox(demo_db, case.case_no) == [("application", "received")]

    [receipt] = notices_for(case, settings, demo_db)
    assert document_kind(receipt) == DocumentKind.MATERIALS_RECEIPT
    assert receipt.decision_due_date == date(2026, 4, 10)
    text = text_of(receipt)
    for expected in (
        "材料接收凭证",
        case.case_no,
        "本凭证不是受理通知书，本申请尚未受理",
        "本机关将于2026年4月10日前（收件后五个工作日内）作出受理、一次性告知补正或者不予受理的决定",
        "逾期未告知的",
        "自收到申请材料之日起即为受理",
        "受理决定期限",
        "2026年4月2日",
    ):
        assert expected in text, expected
    assert "公司章程" not in text  # only what was received is on the receipt


def test_receive_needs_one_material_at_least(demo_db, clerk):
    with pytest.raises(ValidationError) as refused:
        received(demo_db, clerk, nothing=True)
    assert refused.value.field == "materials" and "至少要收下一项材料" in refused.value.message
    with demo_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0


def test_accepted_on_the_due_day_counts_from_that_day(demo_db, clerk):
    case = received(demo_db, clerk)
    done = intake.accept_received(
        demo_db, clerk, case.id, expected_version=case.data_version, now=FRI_10_APRIL_LATE
    )
    assert done.status == CaseStatus.ACCEPTED and not done.deemed_accepted
    assert done.accepted_at == FRI_10_APRIL_LATE
    # 承诺 1 working day for this item, counted from Fri 10 April: Mon 13 April
    assert done.promised_date == date(2026, 4, 13)
    assert audit_actions(demo_db, case.case_no)[-1] == "case.accept"


def test_accepted_the_day_after_is_deemed_from_receipt(demo_db, clerk, settings):
    case = received(demo_db, clerk, skip=("公司章程",))  # even with a material missing
    done = intake.accept_received(
        demo_db, clerk, case.id, expected_version=case.data_version, now=SAT_11_APRIL
    )
    assert done.status == CaseStatus.ACCEPTED and done.deemed_accepted
    assert done.accepted_at == THU_2_APRIL
    assert done.promised_date == date(2026, 4, 3)  # 1 working day from Thu 2 April
    assert done.events[-1].detail["deemed"] is True
    assert audit_actions(demo_db, case.case_no)[-1] == "case.deemed_accept"

    notice = notices_for(done, settings, demo_db)[0]
    assert notice.deemed_after == date(2026, 4, 10)
    text = text_of(notice)
    assert "本机关收件后未在五个工作日内（2026年4月10日前）作出受理决定或者告知补正" in text
    assert "第三十二条第一款第四项" in text
    assert "该申请自收到申请材料之日（2026年4月2日）起即为受理" in text
    assert "经审查，申请材料齐全" not in text


def test_an_incomplete_case_taken_in_is_not_accepted_within_the_days(demo_db, clerk):
    case = received(demo_db, clerk, skip=("公司章程",))
    with pytest.raises(ValidationError) as refused:
        intake.accept_received(
            demo_db, clerk, case.id, expected_version=case.data_version, now=FRI_10_APRIL_LATE
        )
    assert "公司章程" in refused.value.message and "告知补正" in refused.value.message
    assert intake.get_case(demo_db, case.id).status == CaseStatus.RECEIVED


def test_deemed_acceptance_is_recorded_by_the_sweep_the_day_after_and_once(demo_db, clerk):
    case = received(demo_db, clerk)
    other = intake.receive(demo_db, clerk, form(demo_db), now=hall(2, date(2026, 4, 3)))
    system = Actor.system("pc-sweep")

    assert intake.apply_deemed_acceptance(demo_db, system, now=FRI_10_APRIL_LATE) == []
    assert intake.apply_deemed_acceptance(demo_db, system, now=SAT_11_APRIL) == [case.case_no]
    assert intake.apply_deemed_acceptance(demo_db, system, now=SAT_11_APRIL) == []  # once

    deemed = intake.get_case(demo_db, case.id)
    assert deemed.status == CaseStatus.ACCEPTED and deemed.deemed_accepted
    assert deemed.accepted_at == THU_2_APRIL and deemed.events[-1].username is None
    assert deemed.data_version == case.data_version + 1
    assert outbox(demo_db, case.case_no) == [
        ("application", "received"),
        ("acceptance", "accepted"),
    ]
    with demo_db.reader() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "case.deemed_accept")).one()
    assert entry.username == "system" and entry.after["decision_due_date"] == "2026-04-10"
    # the one taken in a day later is not due yet (Mon 13 April)
    assert intake.get_case(demo_db, other.id).status == CaseStatus.RECEIVED

    # a clerk whose view still shows it as received is told who changed it
    with pytest.raises(Conflict) as stale:
        intake.reject_received(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            reason="不属于本机关职权范围",
            ground="not_competent",
            competent_body="临江市市场监督管理局",
            now=SAT_11_APRIL,
        )
    assert "系统" in stale.value.message and "视为受理" in stale.value.message


# --------------------------------------------------------------------------- decisions on a case taken in


def test_supplements_asked_within_the_days_list_the_defective_material(demo_db, clerk, settings):
    names = required_names(demo_db)
    case = received(demo_db, clerk, skip=("公司章程",))
    ids = {m.name: m.id for m in case.materials}
    done = intake.request_supplements_received(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        due_date=date(2026, 5, 8),
        defects={ids[names[0]]: "未加盖公章"},
        now=FRI_10_APRIL_LATE,
    )
    assert done.status == CaseStatus.NEEDS_SUPPLEMENT
    assert done.supplement_due_date == date(2026, 5, 8)
    assert [m.name for m in done.missing_materials] == ["公司章程"]
    assert [(m.name, m.defect) for m in done.defective_materials] == [(names[0], "未加盖公章")]
    notice, *_ = notices_for(
        done, settings, demo_db
    )  # the main one (a 补正 notice brings its receipt)
    assert [m.name for m in notice.defective] == [names[0]]
    text = text_of(notice)
    for expected in (
        "共2项，其中需要补交1项，需要更正1项",
        "需要补交的材料",
        "已提交但不符合要求、需要更正的材料",
        "未加盖公章",
        STATEMENT,
        "请于2026年5月8日前一次性补正上述全部内容",
        "逾期未补正的，本机关可以终止办理本申请",
        "不符合要求：未加盖公章",  # beside it in the list of what was received
    ):
        assert expected in text, expected


def test_supplements_asked_the_day_after_are_refused_it_counts_as_accepted(demo_db, clerk):
    case = received(demo_db, clerk, skip=("公司章程",))
    with pytest.raises(Conflict) as refused:
        intake.request_supplements_received(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            due_date=date(2026, 5, 8),
            now=SAT_11_APRIL,
        )
    message = refused.value.message
    assert "至 2026-04-10" in message and "（2026-04-02）起视为受理" in message
    assert "不能再告知补正" in message
    assert intake.get_case(demo_db, case.id).data_version == case.data_version


def test_rejected_within_the_days_but_not_after(demo_db, clerk, settings):
    first = received(demo_db, clerk)
    rejection = dict(
        reason="",
        ground="not_competent",
        competent_body="临江市江滨区市场监督管理局",
    )
    with pytest.raises(Conflict):
        intake.reject_received(
            demo_db,
            clerk,
            first.id,
            expected_version=first.data_version,
            now=SAT_11_APRIL,
            **rejection,
        )
    done = intake.reject_received(
        demo_db,
        clerk,
        first.id,
        expected_version=first.data_version,
        now=FRI_10_APRIL_LATE,
        **rejection,
    )
    assert done.status == CaseStatus.REJECTED
    assert done.decision_basis.endswith("第三十二条第一款第二项")
    assert done.review_body and done.court
    notice, *_ = notices_for(
        done, settings, demo_db
    )  # the main one (a 补正 notice brings its receipt)
    assert "临江市江滨区市场监督管理局" in text_of(notice)


def test_a_case_waiting_for_supplements_can_be_rejected_at_any_time(demo_db, clerk):
    case = intake.request_supplements(
        demo_db,
        clerk,
        form(demo_db, skip=("公司章程",)),
        due_date=date(2026, 4, 9),
        now=THU_2_APRIL,
    )
    done = intake.reject_received(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        reason="申请人隐瞒有关情况",
        ground="false_materials",
        now=hall(2, date(2026, 6, 1)),
    )
    assert done.status == CaseStatus.REJECTED and "第七十八条" in done.decision_basis


def test_accept_received_is_only_for_a_case_taken_in(demo_db, clerk):
    case = intake.request_supplements(
        demo_db,
        clerk,
        form(demo_db, skip=("公司章程",)),
        due_date=date(2026, 4, 9),
        now=THU_2_APRIL,
    )
    with pytest.raises(Conflict) as refused:
        intake.accept_received(demo_db, clerk, case.id, expected_version=case.data_version)
    assert "待补正" in refused.value.message


# --------------------------------------------------------------------------- defective materials


def test_a_defective_material_is_to_be_corrected_not_accepted(demo_db, clerk, settings):
    name = required_names(demo_db)[0]
    with pytest.raises(ValidationError) as refused:
        intake.accept(
            demo_db, clerk, form(demo_db, defects={name: "复印件不清晰"}), now=THU_2_APRIL
        )
    assert f"“{name}”（不符合要求）" in refused.value.message

    case = intake.request_supplements(
        demo_db,
        clerk,
        form(demo_db, defects={name: "复印件不清晰"}),
        due_date=date(2026, 4, 24),
        now=THU_2_APRIL,
    )
    assert case.missing_materials == () and [m.name for m in case.to_supplement] == [name]
    notice, *_ = notices_for(
        case, settings, demo_db
    )  # the main one (a 补正 notice brings its receipt)
    assert notice.notes == SUPPLEMENT_NOTES  # the hall's notes: the statement is printed anyway
    text = text_of(notice)
    assert STATEMENT in text and "复印件不清晰" in text and "共1项" in text
    assert "需要补正的材料" not in text  # nothing missing: only the table of what to correct

    # brought again in time: corrected, accepted
    fixed = intake.supplements_received(
        demo_db,
        clerk,
        case.id,
        [ReceivedMaterial(m.id) for m in case.defective_materials],
        expected_version=case.data_version,
        now=hall(2, date(2026, 4, 24)),
    )
    assert fixed.status == CaseStatus.ACCEPTED and fixed.defective_materials == ()


def test_a_defect_goes_with_a_material_received(demo_db, clerk):
    name = required_names(demo_db)[0]
    data = form(demo_db, skip=(name,), defects={name: "未签字"})
    with pytest.raises(ValidationError) as refused:
        intake.request_supplements(
            demo_db, clerk, data, due_date=date(2026, 4, 24), now=THU_2_APRIL
        )
    assert "未勾选已收" in refused.value.message


def test_the_statement_is_on_a_notice_with_the_default_notes_too(demo_db, clerk, settings):
    case = intake.request_supplements(
        demo_db,
        clerk,
        form(demo_db, skip=("公司章程",)),
        due_date=date(2026, 4, 24),
        now=THU_2_APRIL,
    )
    notice, *_ = notices_for(
        case, settings, demo_db
    )  # the main one (a 补正 notice brings its receipt)
    for notes in ((), ("本大厅周六上午办理补正。",)):
        text = text_of(replace(notice, notes=notes))
        assert text.count(STATEMENT) == 1


# --------------------------------------------------------------------------- the applicant's deadline


def _waiting(db, clerk) -> intake.CaseDetail:
    """Waiting for 公司章程 until Thu 9 April."""
    return intake.request_supplements(
        db, clerk, form(db, skip=("公司章程",)), due_date=date(2026, 4, 9), now=THU_2_APRIL
    )


def test_supplements_on_the_deadline_are_taken_the_day_after_are_not(demo_db, clerk):
    case = _waiting(demo_db, clerk)
    late = hall(1, date(2026, 4, 10))  # 09:00 Fri 10 April
    with pytest.raises(Conflict) as refused:
        intake.supplements_received(
            demo_db,
            clerk,
            case.id,
            [ReceivedMaterial(m.id) for m in case.missing_materials],
            expected_version=case.data_version,
            now=late,
        )
    assert "补正期限（2026-04-09）已过" in refused.value.message
    assert "按新申请受理" in refused.value.message and "终止办理" in refused.value.message
    on_time = intake.supplements_received(
        demo_db,
        clerk,
        case.id,
        [ReceivedMaterial(m.id) for m in case.missing_materials],
        expected_version=case.data_version,
        now=datetime(2026, 4, 9, 15, 59, tzinfo=UTC),  # 23:59 on the day
    )
    assert on_time.status == CaseStatus.ACCEPTED


def test_termination_only_after_the_deadline_with_its_notice(demo_db, clerk, settings):
    case = _waiting(demo_db, clerk)
    with pytest.raises(Conflict) as early:
        intake.terminate(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            now=datetime(2026, 4, 9, 15, 59, tzinfo=UTC),
        )
    assert "补正期限至 2026-04-09，期限届满前不能终止" in early.value.message
    with pytest.raises(ValidationError):  # a basis, when typed, names a law and an article
        intake.terminate(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            basis="有关规定",
            now=hall(1, date(2026, 4, 13)),
        )
    done = intake.terminate(
        demo_db, clerk, case.id, expected_version=case.data_version, now=hall(1, date(2026, 4, 13))
    )
    assert done.status == CaseStatus.TERMINATED and done.status in FINAL
    assert done.termination_reason == "申请人未在补正期限（2026年4月9日前）内补正全部材料"
    assert done.steps[-1].step_name == "终止办理"
    assert outbox(demo_db, case.case_no)[-1] == ("process_step", "terminated")
    assert audit_actions(demo_db, case.case_no)[-1] == "case.terminate"

    notice, *_ = notices_for(
        done, settings, demo_db
    )  # the main one (a 补正 notice brings its receipt)
    assert document_kind(notice) == DocumentKind.TERMINATION_NOTICE
    assert notice.doc_no == case.case_no + "-ZZ"
    text = text_of(notice)
    for expected in (
        "终止办理通知书",
        "本机关已于2026年4月2日出具补正材料一次性告知书，告知你（单位）于2026年4月9日前补正",
        "补正期限已届满，你（单位）仍未补正下列内容",
        "1.公司章程",
        "本机关决定终止办理该申请，理由如下",
        "申请人未在补正期限（2026年4月9日前）内补正全部材料",
        "终止办理不影响你（单位）重新提出申请",
        "六十日内向",
        "六个月内依法向",
        "退回的申请材料",
        case.case_no,
    ):
        assert expected in text, expected
    with pytest.raises(Conflict):  # final
        intake.withdraw(
            demo_db, clerk, case.id, expected_version=done.data_version, reason="申请人撤回"
        )


def test_late_supplements_accepted_as_a_new_application(demo_db, clerk, settings):
    case = _waiting(demo_db, clerk)
    missing = [ReceivedMaterial(m.id) for m in case.missing_materials]
    with pytest.raises(Conflict) as early:
        intake.accept_anew(
            demo_db,
            clerk,
            case.id,
            missing,
            expected_version=case.data_version,
            now=datetime(2026, 4, 9, 8, 0, tzinfo=UTC),
        )
    assert "尚未届满" in early.value.message
    later = hall(2, date(2026, 4, 14))  # Tue 14 April, 10:00
    with pytest.raises(ValidationError) as incomplete:
        intake.accept_anew(
            demo_db, clerk, case.id, [], expected_version=case.data_version, now=later
        )
    assert "公司章程" in incomplete.value.message
    assert intake.get_case(demo_db, case.id).status == CaseStatus.NEEDS_SUPPLEMENT

    new = intake.accept_anew(
        demo_db, clerk, case.id, missing, expected_version=case.data_version, now=later
    )
    assert new.id != case.id and new.case_no != case.case_no
    assert new.status == CaseStatus.ACCEPTED and new.accepted_at == new.applied_at == later
    assert new.previous_case_no == case.case_no
    assert new.promised_date == date(2026, 4, 15)
    assert all(m.received for m in new.materials if m.required)
    assert (new.applicant_name, new.applicant_id_number) == ("张三", ID)
    old = intake.get_case(demo_db, case.id)
    assert old.status == CaseStatus.TERMINATED and old.renewed_as == new.case_no
    assert new.case_no in old.termination_reason
    assert notices_for(old, settings, demo_db) == []  # the applicant has the new case's notice
    docs = notices_for(new, settings, demo_db)
    assert [document_kind(d) for d in docs][0] == DocumentKind.ACCEPTANCE_NOTICE
    assert [e.event_type for e in new.events] == ["application", "acceptance"]
    assert audit_actions(demo_db, new.case_no) == ["case.accept_anew"]
    assert outbox(demo_db, case.case_no)[-1] == ("process_step", "terminated")


# --------------------------------------------------------------------------- supervision


def test_supervision_lists_cases_taken_in_with_their_due_day_and_the_deemed(demo_db, clerk):
    first = received(demo_db, clerk)
    second = intake.receive(demo_db, clerk, form(demo_db), now=hall(2, date(2026, 4, 8)))
    view = manager_supervision.supervision(demo_db, now=FRI_10_APRIL_LATE)
    rows = {r.case_no: r for r in view.received}
    assert rows[first.case_no].decision_due_date == date(2026, 4, 10)
    assert rows[first.case_no].working_days_left == 0 and not rows[first.case_no].overdue
    assert rows[second.case_no].decision_due_date == date(2026, 4, 15)
    assert rows[second.case_no].working_days_left == 3

    # the day after, before any PC has recorded it: shown as deemed accepted, overdue
    view = manager_supervision.supervision(demo_db, now=SAT_11_APRIL)
    row = next(r for r in view.received if r.case_no == first.case_no)
    assert row.overdue

    intake.apply_deemed_acceptance(demo_db, Actor.system(), now=SAT_11_APRIL)
    view = manager_supervision.supervision(demo_db, now=SAT_11_APRIL)
    assert [r.case_no for r in view.received] == [second.case_no]
    [deemed] = view.deemed
    assert deemed.case_no == first.case_no and deemed.decision_due_date == date(2026, 4, 10)
    assert deemed.received_at == THU_2_APRIL and deemed.promised_date == date(2026, 4, 3)
