"""容缺受理 that holds up: only materials the catalog marks, each with a due date no later than the
promised completion, their arrival recorded, overdue ones in supervision, and no grant while one
is outstanding unless a manager overrides it with a reason (audited). Fixed clocks throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.db.models import AuditLog, OutboxMessage, User
from app.domain.codes import CaseStatus, Role
from app.errors import ValidationError
from app.services import catalog, intake, manager_supervision
from app.services.context import Actor
from app.services.intake import ReceivedMaterial

from .test_intake_service import form

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in the hall
FOOD = "食品经营许可"  # promised 5 working days: due by 2026-03-09
EQUIPMENT, RULES = "主要设备设施清单", "食品安全管理制度目录"  # the two the catalog allows


def _actor(db, username: str) -> Actor:
    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
    return Actor(user.id, user.username, user.role, "pc-test")


@pytest.fixture
def clerk(demo_db) -> Actor:
    return _actor(demo_db, "clerk01")


@pytest.fixture
def manager(demo_db) -> Actor:
    with demo_db.reader() as s:
        user = s.scalars(select(User).where(User.role == Role.MANAGER)).first()
    return Actor(user.id, user.username, Role.MANAGER, "pc-manager")


def _gap_case(db, clerk, *gaps, due=date(2026, 3, 6)):
    return intake.accept(
        db,
        clerk,
        form(db, FOOD, gaps=gaps or (EQUIPMENT,)),
        commitment="按期补交",
        gap_due_date=due,
        now=MONDAY,
    )


def test_the_checklist_says_which_materials_may_be_gaps(demo_db):
    lines = intake.checklist(demo_db, form(demo_db, FOOD).service_item_id)
    assert {m.name for m in lines if m.gap_eligible} == {EQUIPMENT, RULES}


@pytest.mark.parametrize(
    "gaps",
    [
        ("食品经营许可申请书",),  # the application form
        ("营业执照或其他主体资格证明文件",),  # a core material
        (EQUIPMENT, "经营场所平面图和设备布局、加工流程图"),  # one allowed, one not
    ],
)
def test_only_materials_the_catalog_allows_may_be_gaps(demo_db, clerk, gaps):
    with pytest.raises(ValidationError) as raised:
        intake.accept(
            demo_db,
            clerk,
            form(demo_db, FOOD, gaps=gaps),
            commitment="按期补交",
            gap_due_date=date(2026, 3, 6),
            now=MONDAY,
        )
    assert raised.value.field == "materials"
    assert "不能容缺" in raised.value.message and f"“{EQUIPMENT}”" in raised.value.message


def test_nothing_received_is_never_a_gap_acceptance(demo_db, clerk):
    with demo_db.session() as s:  # even if an admin marked everything eligible
        from app.db.models import ServiceItemMaterial

        for m in s.scalars(select(ServiceItemMaterial)):
            m.gap_eligible = True
    data = form(demo_db, FOOD, receive=False)
    data = replace(
        data,
        materials=tuple(replace(m, gap_committed=m.required) for m in data.materials),
    )
    with pytest.raises(ValidationError) as raised:
        intake.accept(
            demo_db, clerk, data, commitment="x", gap_due_date=date(2026, 3, 6), now=MONDAY
        )
    assert "没有收到任何必要材料" in raised.value.message


@pytest.mark.parametrize(
    ("due", "ok"),
    [
        (date(2026, 3, 1), False),  # before today
        (date(2026, 3, 2), True),  # today
        (date(2026, 3, 9), True),  # the promised date
        (date(2026, 3, 10), False),  # after it
    ],
)
def test_a_gap_is_due_no_later_than_the_promised_date(demo_db, clerk, due, ok):
    if ok:
        case = _gap_case(demo_db, clerk, due=due)
        assert case.promised_date == date(2026, 3, 9)
        assert [m.gap_due_date for m in case.gap_materials] == [due]
        return
    with pytest.raises(ValidationError) as raised:
        _gap_case(demo_db, clerk, due=due)
    assert raised.value.field == "gap_due_date"


def test_no_grant_while_a_gap_is_outstanding_unless_a_manager_says_why(demo_db, clerk, manager):
    case = _gap_case(demo_db, clerk)
    with pytest.raises(ValidationError) as raised:
        intake.complete(
            demo_db, clerk, case.id, expected_version=case.data_version, result="granted"
        )
    assert raised.value.field == "gap_override_reason"
    assert f"“{EQUIPMENT}”尚未补交" in raised.value.message and "负责人" in raised.value.message
    with pytest.raises(ValidationError) as raised:  # a manager, but no reason
        intake.complete(
            demo_db, manager, case.id, expected_version=case.data_version, result="granted"
        )
    assert "理由" in raised.value.message
    assert intake.get_case(demo_db, case.id).status == CaseStatus.ACCEPTED
    done = intake.complete(
        demo_db,
        manager,
        case.id,
        expected_version=case.data_version,
        result="granted",
        gap_override_reason="现场核查已确认设备齐全，清单次日补交",
    )
    assert done.status == CaseStatus.COMPLETED
    with demo_db.reader() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "case.gap_override")).one()
    assert entry.after["reason"] == "现场核查已确认设备齐全，清单次日补交"
    assert entry.after["materials"] == [EQUIPMENT] and entry.username == manager.username


def test_a_denial_needs_no_override(demo_db, clerk):
    case = _gap_case(demo_db, clerk)
    done = intake.complete(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        result="denied",
        denial_reason="逾期未补交容缺材料",
        basis="《中华人民共和国行政许可法》第三十八条第二款",
    )
    assert done.status == CaseStatus.COMPLETED


def test_arrival_is_recorded_forwarded_and_then_the_case_can_be_granted(demo_db, clerk):
    case = _gap_case(demo_db, clerk, EQUIPMENT, RULES)
    equipment = next(m for m in case.gap_materials if m.name == EQUIPMENT)
    later = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    case = intake.gap_materials_received(
        demo_db,
        clerk,
        case.id,
        [ReceivedMaterial(equipment.id)],
        expected_version=case.data_version,
        now=later,
    )
    assert [m.name for m in case.gap_materials] == [RULES]
    assert case.steps[-1].step_name == "容缺材料补交" and EQUIPMENT in case.steps[-1].opinion
    with pytest.raises(ValidationError):  # already in
        intake.gap_materials_received(
            demo_db,
            clerk,
            case.id,
            [ReceivedMaterial(equipment.id)],
            expected_version=case.data_version,
        )
    rules = case.gap_materials[0]
    late = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # after the 6th: recorded, said late
    case = intake.gap_materials_received(
        demo_db,
        clerk,
        case.id,
        [ReceivedMaterial(rules.id, mode="copy", count=2)],
        expected_version=case.data_version,
        now=late,
    )
    assert case.gap_materials == ()
    assert "逾期补交" in case.steps[-1].opinion and "2026-03-06" in case.steps[-1].opinion
    with demo_db.reader() as s:
        steps = s.scalars(
            select(OutboxMessage.payload).where(
                OutboxMessage.case_id == case.id, OutboxMessage.event_type == "process_step"
            )
        ).all()
    assert [p["data"]["process"]["step_name"] for p in steps] == ["容缺材料补交"] * 2
    done = intake.complete(
        demo_db, clerk, case.id, expected_version=case.data_version, result="granted"
    )
    assert done.status == CaseStatus.COMPLETED


def test_supervision_lists_outstanding_gaps_overdue_first(demo_db, clerk):
    first = _gap_case(demo_db, clerk, due=date(2026, 3, 3))
    second = _gap_case(demo_db, clerk, RULES, due=date(2026, 3, 6))
    seen = manager_supervision.supervision(demo_db, now=datetime(2026, 3, 4, 2, 0, tzinfo=UTC))
    assert [(g.case_no, g.material, g.overdue) for g in seen.gaps] == [
        (first.case_no, EQUIPMENT, True),
        (second.case_no, RULES, False),
    ]
    assert seen.gaps[0].days_overdue == 1 and "*" in seen.gaps[0].applicant_name


def test_the_catalog_keeps_which_materials_may_be_gaps(demo_db):
    admin = _actor(demo_db, "admin")
    item = catalog.get_item(demo_db, form(demo_db, FOOD).service_item_id)
    exported = catalog.export_json(demo_db).decode()
    assert '"gap_eligible": true' in exported
    materials = tuple(
        replace(m, gap_eligible=m.name == "食品经营许可申请书") for m in item.materials
    )
    with pytest.raises(ValidationError) as raised:
        catalog.save_item(demo_db, admin, replace(item, materials=materials), item.id)
    assert "申请书" in raised.value.message
