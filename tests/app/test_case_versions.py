"""Two PCs changing one case (issue 12), on SQLite and PostgreSQL.

Every change of an existing case carries the version the clerk's view showed. When another PC
changed the case meanwhile, the change is refused with the message naming who changed it and
when, on the hall's clock, and nothing is written. Each change of a case is announced once to the
other PCs through the change feed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.db.models import AuditLog, CaseEvent, CaseStep, OutboxMessage, User
from app.domain.codes import CalendarDayKind, CaseStatus, Role
from app.errors import CaseChanged, Conflict
from app.services import calendar, catalog, intake
from app.services.applicants import ApplicantInput
from app.services.context import Actor
from app.services.feed import ChangeFeed, Changes
from app.services.intake import CaseDetail, IntakeInput, ReceivedMaterial
from tests.intake_helpers import GOOD_ID, accept_case, every_material_received

CLERK_ON_PC1 = "clerk01"  # 张晓雯, whose view went stale
CLERK_ON_PC2 = "clerk02"  # 陈志强, who changed the case meanwhile


def _actor(db, username: str, host: str) -> Actor:
    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
    return Actor(user.id, user.username, user.role, host)


@pytest.fixture
def pc1(demo_db) -> Actor:
    return _actor(demo_db, CLERK_ON_PC1, "pc-1")


@pytest.fixture
def pc2(demo_db) -> Actor:
    return _actor(demo_db, CLERK_ON_PC2, "pc-2")


# --------------------------------------------------------------------------- the scenarios

Act = Callable[[object, Actor, CaseDetail, int], CaseDetail]


def _accepted(db, actor) -> CaseDetail:
    return accept_case(db, actor)


def _in_progress(db, actor) -> CaseDetail:
    case = _accepted(db, actor)
    return intake.start_processing(db, actor, case.id, expected_version=case.data_version)


def _special(db, actor) -> CaseDetail:
    case = _in_progress(db, actor)
    return intake.begin_special_procedure(
        db,
        actor,
        case.id,
        expected_version=case.data_version,
        kind="testing",
        expected_working_days=5,
    )


def _suspended(db, actor) -> CaseDetail:
    case = _in_progress(db, actor)
    return intake.suspend(db, actor, case.id, expected_version=case.data_version, reason="待批复")


def _completed(db, actor) -> CaseDetail:
    case = _in_progress(db, actor)
    return intake.complete(db, actor, case.id, expected_version=case.data_version, result="granted")


def _needs_supplement(db, actor) -> CaseDetail:
    item = next(i for i in catalog.list_items(db) if i.name == "有限责任公司设立登记")
    materials = tuple(
        replace(m, received=False, mode=None, count=0) if m.name == "公司章程" else m
        for m in every_material_received(db, item.id)
    )
    applicant = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678")
    data = IntakeInput(item.id, applicant, materials=materials)
    return intake.request_supplements(db, actor, data, due_date=date(2030, 1, 4))


def _received(db, actor) -> CaseDetail:
    item = next(i for i in catalog.list_items(db) if i.name == "有限责任公司设立登记")
    applicant = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678")
    data = IntakeInput(item.id, applicant, materials=every_material_received(db, item.id))
    return intake.receive(db, actor, data)


def _supplement_due_today(db, actor) -> CaseDetail:
    item = next(i for i in catalog.list_items(db) if i.name == "有限责任公司设立登记")
    materials = tuple(
        replace(m, received=False, mode=None, count=0) if m.name == "公司章程" else m
        for m in every_material_received(db, item.id)
    )
    applicant = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678")
    data = IntakeInput(item.id, applicant, materials=materials)
    return intake.request_supplements(db, actor, data, due_date=clock.today("Asia/Shanghai"))


def _after_the_deadline():
    return clock.utcnow() + timedelta(days=3)


def _ask_supplements(db, actor, case: CaseDetail, version: int) -> CaseDetail:
    return intake.request_supplements_received(
        db,
        actor,
        case.id,
        expected_version=version,
        due_date=date(2030, 1, 4),
        defects={case.materials[0].id: "未加盖公章"},
    )


def _with_gaps(db, actor) -> CaseDetail:
    """食品经营许可 accepted with its two 容缺 materials outstanding."""
    item = next(i for i in catalog.list_items(db) if i.name == "食品经营许可")
    gaps = ("主要设备设施清单", "食品安全管理制度目录")
    materials = tuple(
        replace(m, received=False, mode=None, count=0, gap_committed=True) if m.name in gaps else m
        for m in every_material_received(db, item.id)
    )
    applicant = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678")
    data = IntakeInput(item.id, applicant, materials=materials)
    due = intake.preview_due_dates(db, item.id).promised_date
    return intake.accept(db, actor, data, commitment="按期补交", gap_due_date=due)


def _gap_in(db, actor, case: CaseDetail, version: int) -> CaseDetail:
    first = case.gap_materials[0]
    return intake.gap_materials_received(
        db, actor, case.id, [ReceivedMaterial(first.id)], expected_version=version
    )


def _step(db, actor, case: CaseDetail, version: int) -> CaseDetail:
    return intake.record_step(
        db, actor, case.id, expected_version=version, step_name="审查", opinion="材料齐全"
    )


def _supplements(db, actor, case: CaseDetail, version: int) -> CaseDetail:
    received = [ReceivedMaterial(m.id) for m in case.missing_materials]
    return intake.supplements_received(db, actor, case.id, received, expected_version=version)


@dataclass(frozen=True)
class Scenario:
    """The case brought to a state (`setup`), changed by the other PC (`meanwhile`: a change after
    which `act` would still be allowed, where there is one), then `act` from the stale view."""

    setup: Callable[[object, Actor], CaseDetail]
    meanwhile: Act
    act: Act


SCENARIOS: dict[str, Scenario] = {
    # The supplements brought in at two windows at once: the second is refused by its version.
    "supplements_received": Scenario(_needs_supplement, _supplements, _supplements),
    "start_processing": Scenario(
        _accepted,
        _step,
        lambda db, a, c, v: intake.start_processing(db, a, c.id, expected_version=v),
    ),
    "record_step": Scenario(_in_progress, _step, _step),
    "gap_materials_received": Scenario(_with_gaps, _step, _gap_in),
    "begin_special_procedure": Scenario(
        _in_progress,
        _step,
        lambda db, a, c, v: intake.begin_special_procedure(
            db,
            a,
            c.id,
            expected_version=v,
            kind="hearing",
            expected_working_days=20,
            reason="需听证",
        ),
    ),
    "end_special_procedure": Scenario(
        _special,
        _step,
        lambda db, a, c, v: intake.end_special_procedure(
            db, a, c.id, expected_version=v, opinion="检验合格"
        ),
    ),
    "suspend": Scenario(
        _in_progress,
        _step,
        lambda db, a, c, v: intake.suspend(db, a, c.id, expected_version=v, reason="等待批复"),
    ),
    "resume": Scenario(
        _suspended,
        _step,
        lambda db, a, c, v: intake.resume(db, a, c.id, expected_version=v),
    ),
    "extend": Scenario(
        _in_progress,
        _step,
        lambda db, a, c, v: intake.extend(
            db, a, c.id, expected_version=v, reason="情况复杂", approver="王建国"
        ),
    ),
    "complete": Scenario(
        _in_progress,
        _step,
        lambda db, a, c, v: intake.complete(
            db, a, c.id, expected_version=v, result="granted", certificate_no="X1"
        ),
    ),
    # Delivered at the other window: the second delivery is refused by its version.
    "deliver": Scenario(
        _completed,
        lambda db, a, c, v: intake.deliver(db, a, c.id, expected_version=v, method="window"),
        lambda db, a, c, v: intake.deliver(
            db, a, c.id, expected_version=v, method="mail", note="SF1234567890"
        ),
    ),
    "withdraw": Scenario(
        _in_progress,
        _step,
        lambda db, a, c, v: intake.withdraw(db, a, c.id, expected_version=v, reason="申请人撤回"),
    ),
    "void": Scenario(
        _accepted,
        _step,
        lambda db, a, c, v: intake.void(db, a, c.id, expected_version=v, reason="误录"),
    ),
    # 收件: decided at the other window meanwhile
    "accept_received": Scenario(
        _received,
        _ask_supplements,
        lambda db, a, c, v: intake.accept_received(db, a, c.id, expected_version=v),
    ),
    "request_supplements_received": Scenario(
        _received,
        lambda db, a, c, v: intake.accept_received(db, a, c.id, expected_version=v),
        _ask_supplements,
    ),
    # Supplements asked meanwhile: rejecting a case waiting for them is still allowed.
    "reject_received": Scenario(
        _received,
        _ask_supplements,
        lambda db, a, c, v: intake.reject_received(
            db, a, c.id, expected_version=v, reason="", ground="false_materials"
        ),
    ),
    # After the supplement deadline: the supplements taken in at the other window meanwhile.
    "terminate": Scenario(
        _supplement_due_today,
        _supplements,
        lambda db, a, c, v: intake.terminate(
            db, a, c.id, expected_version=v, now=_after_the_deadline()
        ),
    ),
    "accept_anew": Scenario(
        _supplement_due_today,
        _supplements,
        lambda db, a, c, v: intake.accept_anew(
            db,
            a,
            c.id,
            [ReceivedMaterial(m.id) for m in c.missing_materials],
            expected_version=v,
            now=_after_the_deadline(),
        ),
    ),
}

LAST_CHANGE_LABELS = {
    "supplements_received": "补正材料收齐并受理",
    "deliver": "办件送达",
    "accept_received": "一次性告知补正",
    "request_supplements_received": "受理办件",
    "reject_received": "一次性告知补正",
    "terminate": "补正材料收齐并受理",
    "accept_anew": "补正材料收齐并受理",
}
# Scenarios whose change meanwhile leaves the case where `act` is no longer allowed.
NOT_AGAIN = {
    "supplements_received",
    "deliver",
    "accept_received",
    "request_supplements_received",
    "terminate",
    "accept_anew",
}


def _written(db, case_id: int) -> dict[str, object]:
    """Everything a case action writes, to show that a refused one wrote nothing."""
    case = intake.get_case(db, case_id)
    with db.reader() as s:
        return {
            "case": case,
            "events": s.scalar(select(func.count()).select_from(CaseEvent)),
            "steps": s.scalar(select(func.count()).select_from(CaseStep)),
            "audit": s.scalar(select(func.count()).select_from(AuditLog)),
            "outbox": s.scalar(select(func.count()).select_from(OutboxMessage)),
        }


def test_every_case_changing_function_takes_the_version():
    """The list above is every service function that changes an existing case (a new one there
    needs its stale-version scenario here)."""
    import inspect

    changing = {
        name
        for name, fn in vars(intake).items()
        if inspect.isfunction(fn)
        and not name.startswith("_")
        and fn.__module__.startswith(f"{intake.__name__}.")  # defined in the package
        and "case_id" in inspect.signature(fn).parameters
        and name not in ("get_case",)
    }
    assert changing == set(SCENARIOS)
    for name in changing:
        parameter = inspect.signature(getattr(intake, name)).parameters["expected_version"]
        assert parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_change_from_a_stale_view_is_refused_naming_who_and_when(
    name, demo_db, pc1, pc2, set_hall_time
):
    db, scenario = demo_db, SCENARIOS[name]
    set_hall_time("10:42")
    seen = scenario.setup(db, pc1)  # both PCs show the case at this version
    changed = scenario.meanwhile(db, pc2, seen, seen.data_version)
    assert changed.data_version > seen.data_version
    before = _written(db, seen.id)

    with pytest.raises(CaseChanged) as refused:
        scenario.act(db, pc1, seen, seen.data_version)

    assert isinstance(refused.value, Conflict)
    what = LAST_CHANGE_LABELS.get(name, "记录办理环节")
    assert refused.value.message == (
        f"该办件已被 陈志强 于 10:42 修改（{what}，现在是“{changed.status.label}”），"
        "请刷新后再操作。"
    )
    assert refused.value.case_id == seen.id
    assert refused.value.current_version == changed.data_version
    assert _written(db, seen.id) == before  # nothing written: not the case, no event, no audit

    # From the fresh view the same clerk goes on (where the case's state still allows it).
    if name not in NOT_AGAIN:
        done = scenario.act(db, pc1, changed, changed.data_version)
        assert done.data_version > changed.data_version


def test_a_change_on_another_day_names_the_day(demo_db, pc1, pc2, set_hall_time):
    set_hall_time("2026-03-02T16:05")
    seen = _in_progress(demo_db, pc1)
    _step(demo_db, pc2, seen, seen.data_version)
    set_hall_time("2026-03-03T09:00")
    with pytest.raises(CaseChanged) as refused:
        _step(demo_db, pc1, seen, seen.data_version)
    assert "已被 陈志强 于 2026-03-02 16:05 修改（记录办理环节" in refused.value.message


def test_deadlines_recomputed_meanwhile_also_make_a_view_stale(demo_db, pc1, set_hall_time):
    """A change without a case event of its own (the admin confirmed a year's holidays and the
    case's deadline moved) is found in the audit log and named."""
    set_hall_time("2026-12-29T10:00")
    seen = accept_case(demo_db, pc1)
    assert seen.legal_due_date == date(2027, 1, 4)
    admin = _actor(demo_db, "admin", "pc-admin")
    set_hall_time("2026-12-29T11:30")
    calendar.save_override(demo_db, admin, date(2027, 1, 4), CalendarDayKind.HOLIDAY, "调休")
    calendar.confirm_year(demo_db, admin, 2027, "国办发明电〔2026〕X号")
    with pytest.raises(CaseChanged) as refused:
        intake.start_processing(demo_db, pc1, seen.id, expected_version=seen.data_version)
    assert refused.value.message == (
        "该办件已被 王建国 于 11:30 修改（放假安排变化后重算办件期限，现在是“已受理”），"
        "请刷新后再操作。"
    )


# --------------------------------------------------------------------------- the change feed


def _wait_for_cases(feed: ChangeFeed, seconds: float = 5.0) -> Changes:
    deadline = time.monotonic() + seconds
    collected = Changes()
    while time.monotonic() < deadline:
        changes = feed.wait(0.3)
        collected.cases.extend(changes.cases)
        collected.tickets.extend(changes.tickets)
        if collected.cases:
            # and whatever else is already on its way
            collected.cases.extend(feed.wait(0.3).cases)
            return collected
    return collected


def test_a_case_change_is_announced_once_with_its_case_and_version(demo_db, pc1, pc2):
    db = demo_db
    case = _in_progress(db, pc1)
    feed = ChangeFeed(db)
    try:
        feed.wait(0.3)  # connected (LISTEN / the SQLite counter noted)
        changed = _step(db, pc2, case, case.data_version)
        got = _wait_for_cases(feed)
        assert [(c.case_id, c.data_version) for c in got.cases] == [(case.id, changed.data_version)]
        only = got.cases[0]
        assert only.case_no == case.case_no and only.status == CaseStatus.IN_PROGRESS
        assert got.tickets == []

        # a refused change announces nothing
        with pytest.raises(CaseChanged):
            _step(db, pc1, case, case.data_version)
        assert feed.wait(0.5).cases == []

        # a new case is announced too (a case list may show it)
        new = accept_case(db, pc1, name="李四")
        assert [c.case_id for c in _wait_for_cases(feed).cases] == [new.id]
    finally:
        feed.close()


def test_one_transaction_that_changes_several_cases_names_them_all(demo_db, pc1, set_hall_time):
    db = demo_db
    set_hall_time("2026-12-29T10:00")
    first, second = accept_case(db, pc1), accept_case(db, pc1, name="李四")
    admin = Actor(None, "admin", Role.ADMIN, "pc-admin")
    calendar.save_override(db, admin, date(2027, 1, 4), CalendarDayKind.HOLIDAY, "调休")
    feed = ChangeFeed(db)
    try:
        feed.wait(0.3)
        calendar.confirm_year(db, admin, 2027, "国办发明电〔2026〕X号")
        got = _wait_for_cases(feed)
        assert sorted(c.case_id for c in got.cases) == sorted([first.id, second.id])
        assert all(c.data_version == first.data_version + 1 for c in got.cases)
    finally:
        feed.close()
