"""Extensions (行政许可法 §42) and special procedures (§45) as the law has them, table by table:
each refusal on both sides of its rule with a fixed `now`, the text of the 延期告知书 and the
特别程序告知书 as printed, what the online hall is sent, the catalog's extension days through
import and export, and supervision of special procedures past their expected end."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db.models import AuditLog, OutboxMessage, ServiceItem, User
from app.domain.case import CaseAction
from app.domain.codes import CaseStatus, DocumentKind
from app.domain.extensions import (
    SPECIAL_PROCEDURES,
    check_extension,
    cn_number,
    procedures_text,
    running_deadline,
)
from app.domain.workdays import WorkCalendar
from app.errors import Conflict, ValidationError
from app.services import catalog, intake, manager_supervision
from app.services.case_documents import action_notices
from app.services.catalog import CatalogImportError
from app.services.context import Actor
from app.settings import load_settings
from printing.documents import document_kind
from printing.render import render_document
from tests.intake_helpers import accept_case
from tests.printing.conftest import decode, page_texts, pdf_text

ITEM = "食品经营许可"  # legal limit 10 working days, promised 5
# Accepted Monday 2 March 2026, 10:00 in the hall (Asia/Shanghai): legal deadline Monday 16 March,
# promised Monday 9 March.
ACCEPTED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
LEGAL_DUE = date(2026, 3, 16)
PROMISED = date(2026, 3, 9)


def hall_time(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in the hall's day (UTC+8)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def _actor(db, username: str) -> Actor:
    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
    return Actor(user.id, user.username, user.role, "pc-test")


@pytest.fixture
def clerk(demo_db) -> Actor:
    return _actor(demo_db, "clerk01")


@pytest.fixture
def admin(demo_db) -> Actor:
    return _actor(demo_db, "admin")


@pytest.fixture
def settings():
    return load_settings(None, environ={"HALLDESK_DOCUMENTS__DEPARTMENT_NAME": "临江市行政审批局"})


def _accepted(db, clerk) -> intake.CaseDetail:
    case = accept_case(db, clerk, ITEM, now=ACCEPTED)
    assert (case.legal_due_date, case.promised_date) == (LEGAL_DUE, PROMISED)
    return case


def _extend(db, clerk, case, now, **kwargs) -> intake.CaseDetail:
    args = {
        "reason": "需会同区局现场核查经营场所",
        "approver": "王建国",
        "approver_title": "副局长",
    }
    return intake.extend(
        db, clerk, case.id, expected_version=case.data_version, now=now, **(args | kwargs)
    )


def _set_extension_days(db, days: int) -> None:
    with db.session() as s:
        s.scalars(
            select(ServiceItem).where(ServiceItem.name == ITEM)
        ).one().extension_limit_days = days


def _text(doc) -> str:
    return pdf_text(render_document(doc))


def _process_messages(db, case_id: int) -> list[dict]:
    with db.reader() as s:
        return [
            m.payload
            for m in s.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.case_id == case_id, OutboxMessage.event_type == "process_step")
                .order_by(OutboxMessage.id)
            )
        ]


# --------------------------------------------------------------------------- the rules, pure

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("today", "extended", "allowed", "refused_with"),
    [
        # the deadline (16 March): the day before and the day itself are in time, the next is not
        (date(2026, 3, 15), 0, 10, None),
        (LEGAL_DUE, 0, 10, None),
        (date(2026, 3, 17), 0, 10, "已于 2026-03-16 届满"),
        # once only: not extended yet / extended before
        (LEGAL_DUE, 10, 10, "已经延长过一次"),
        # the item's days: another law's 30 / none at all
        (LEGAL_DUE, 0, 30, None),
        (LEGAL_DUE, 0, 0, "依法不能延长"),
    ],
)
def test_check_extension(today, extended, allowed, refused_with):
    def check():
        check_extension(
            case_no="C1",
            today=today,
            deadline=LEGAL_DUE,
            extended_days=extended,
            allowed_days=allowed,
        )

    if refused_with is None:
        check()
    else:
        with pytest.raises(Conflict) as raised:
            check()
        assert refused_with in raised.value.message


@pytest.mark.parametrize(
    ("paused_since", "today", "deadline"),
    [
        (None, date(2026, 3, 18), LEGAL_DUE),  # the clock runs: the stored deadline
        # stopped Thu 12 March: Fri 13, Mon 16, Tue 17, Wed 18 do not count → Fri 20 March
        (date(2026, 3, 12), date(2026, 3, 18), date(2026, 3, 20)),
        (date(2026, 3, 12), date(2026, 3, 12), LEGAL_DUE),  # stopped today: nothing yet
        (LEGAL_DUE, date(2026, 3, 18), date(2026, 3, 18)),  # stopped on the last day
        (date(2026, 3, 17), date(2026, 3, 20), LEGAL_DUE),  # stopped when already late
    ],
)
def test_a_stopped_clock_moves_the_deadline_it_has_not_passed(paused_since, today, deadline):
    assert running_deadline(CAL, LEGAL_DUE, paused_since, today) == deadline


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (5, "五"), (10, "十"), (15, "十五"), (20, "二十"), (30, "三十"), (45, "四十五")]
    + [(100, "一百"), (105, "一百零五"), (120, "一百二十"), (365, "三百六十五")],
)
def test_days_as_the_law_writes_them(n, text):
    assert cn_number(n) == text


def test_the_special_procedures_are_the_laws_eight_in_its_order():
    assert list(SPECIAL_PROCEDURES.values()) == [
        "听证",
        "招标",
        "拍卖",
        "检验",
        "检测",
        "检疫",
        "鉴定",
        "专家评审",
    ]
    assert SPECIAL_PROCEDURES["testing"] == "检验"  # the key stored before the list was complete
    assert procedures_text() == "听证、招标、拍卖、检验、检测、检疫、鉴定或专家评审"


# --------------------------------------------------------------------------- extending a case


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        pytest.param(hall_time(date(2026, 3, 13), 16), True, id="the working day before"),
        pytest.param(hall_time(date(2026, 3, 15), 10), True, id="the day before"),
        pytest.param(hall_time(LEGAL_DUE, 9), True, id="the deadline day"),
        pytest.param(hall_time(LEGAL_DUE, 23, 59), True, id="the deadline day at 23:59"),
        pytest.param(hall_time(date(2026, 3, 17), 0, 1), False, id="the day after at 00:01"),
        pytest.param(hall_time(date(2026, 3, 17), 10), False, id="the day after"),
    ],
)
def test_an_extension_is_decided_within_the_legal_period(demo_db, clerk, now, allowed):
    case = _accepted(demo_db, clerk)
    if not allowed:
        with pytest.raises(Conflict) as raised:
            _extend(demo_db, clerk, case, now)
        assert "法定办理期限已于 2026-03-16 届满" in raised.value.message
        after = intake.get_case(demo_db, case.id)
        assert after.data_version == case.data_version and after.extension_days == 0
        return
    extended = _extend(demo_db, clerk, case, now)
    assert extended.extension_days == 10
    assert extended.legal_due_date == date(2026, 3, 30)  # ten working days after 16 March
    assert extended.promised_date == date(2026, 3, 23)
    assert extended.extension_approver == "王建国"
    assert extended.extension_approver_title == "副局长"


def test_only_one_extension(demo_db, clerk):
    case = _extend(demo_db, clerk, _accepted(demo_db, clerk), hall_time(date(2026, 3, 10), 10))
    with pytest.raises(Conflict) as raised:
        _extend(demo_db, clerk, case, hall_time(date(2026, 3, 11), 10))
    assert "已经延长过一次" in raised.value.message


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("reason", "  ", "理由"),
        ("approver", "", "负责人姓名"),
        ("approver", "   ", "负责人姓名"),
        ("approver", "王" * 65, "最多 64"),
        ("approver_title", "副" * 65, "最多 64"),
    ],
)
def test_the_reason_and_the_approver_are_required(demo_db, clerk, field, value, says):
    case = _accepted(demo_db, clerk)
    with pytest.raises(ValidationError) as raised:
        _extend(demo_db, clerk, case, hall_time(date(2026, 3, 10), 10), **{field: value})
    assert raised.value.field == field and says in raised.value.message
    assert intake.get_case(demo_db, case.id).data_version == case.data_version


@pytest.mark.parametrize(
    ("days", "legal_due", "words"),
    [
        (10, date(2026, 3, 30), "根据《中华人民共和国行政许可法》第四十二条第一款的规定"),
        (30, date(2026, 4, 28), "第四十二条第一款和有关法律、法规的规定"),  # 清明 on 6 April
        (0, None, None),
    ],
)
def test_the_item_says_by_how_many_days(demo_db, clerk, settings, days, legal_due, words):
    _set_extension_days(demo_db, days)
    case = _accepted(demo_db, clerk)
    now = hall_time(date(2026, 3, 10), 10)
    if legal_due is None:
        with pytest.raises(Conflict) as raised:
            _extend(demo_db, clerk, case, now)
        assert "依法不能延长" in raised.value.message
        return
    extended = _extend(demo_db, clerk, case, now)
    assert extended.extension_days == days and extended.legal_due_date == legal_due
    [notice] = action_notices(extended, CaseAction.EXTEND, settings, demo_db)
    text = _text(notice)
    assert words in text and f"延长{cn_number(days)}日（工作日）" in text


def test_a_case_in_a_special_procedure_can_be_extended_past_the_stored_deadline(demo_db, clerk):
    case = _accepted(demo_db, clerk)
    case = intake.begin_special_procedure(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        kind="expert_review",
        expected_working_days=10,
        now=hall_time(date(2026, 3, 12), 10),
    )
    # 18 March is after the stored deadline (16 March), but the clock has stood since 12 March.
    extended = _extend(demo_db, clerk, case, hall_time(date(2026, 3, 18), 10))
    event = extended.latest_event(CaseAction.EXTEND).detail
    assert event["legal_due_date_before"] == "2026-03-20"  # as it stands on the 18th
    assert extended.status == CaseStatus.SPECIAL_PROCEDURE


def test_a_clock_stopped_after_the_deadline_does_not_bring_the_case_back(demo_db, clerk):
    case = _accepted(demo_db, clerk)
    case = intake.suspend(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        reason="等待上级批复",
        now=hall_time(date(2026, 3, 17), 10),
    )
    with pytest.raises(Conflict) as raised:
        _extend(demo_db, clerk, case, hall_time(date(2026, 3, 19), 10))
    assert "届满" in raised.value.message


def test_the_extension_notice_says_what_the_law_asks(demo_db, clerk, settings):
    case = _extend(demo_db, clerk, _accepted(demo_db, clerk), hall_time(LEGAL_DUE, 15, 30))
    assert action_notices(case, CaseAction.START, settings, demo_db) == []
    [notice] = action_notices(case, CaseAction.EXTEND, settings, demo_db)
    assert document_kind(notice) == DocumentKind.EXTENSION_NOTICE
    pdf = render_document(notice)
    text = pdf_text(pdf)
    for expected in (
        "临江市行政审批局",
        "延期告知书",
        "张三：",
        "你（单位）于2026年3月2日提出的“食品经营许可”申请，本机关于2026年3月2日受理，"
        "依法应于2026年3月16日前作出行政许可决定。因下列理由，本机关不能在上述期限内作出决定：",
        "理由：需会同区局现场核查经营场所",
        "根据《中华人民共和国行政许可法》第四十二条第一款的规定，经本行政机关负责人（副局长）"
        "批准，决定将办理期限延长十日（工作日），延长后的法定办结期限为2026年3月30日；"
        "本事项承诺办结日期相应顺延至2026年3月23日。",
        "原法定期限2026年3月16日",
        "延长后期限2026年3月30日",
        "批准负责人王建国（副局长）",
        "批准时间2026年3月16日15:30",
        case.case_no + "-YQ",
        "临江市行政审批局（盖章）",
        "不含法定节假日",
    ):
        assert expected in text, expected
    assert ("Code128", case.case_no) in decode(pdf)
    [page] = page_texts(pdf)  # one page: the seal with the letter
    assert "盖章" in page


def test_a_long_reason_takes_the_seal_over_with_the_notes_never_alone(demo_db, clerk, settings):
    reason = "\n".join(
        f"需会同有关部门对第{i}处经营场所和冷链设施进行现场核查并出具意见" for i in range(9)
    )
    case = _extend(
        demo_db, clerk, _accepted(demo_db, clerk), hall_time(LEGAL_DUE, 10), reason=reason
    )
    [notice] = action_notices(case, CaseAction.EXTEND, settings, demo_db)
    pages = page_texts(render_document(notice))
    assert len(pages) == 2
    assert "1.需会同有关部门对第0处" in pages[0] and "盖章" not in pages[0]
    assert "盖章" in pages[1] and "不含法定节假日" in pages[1]  # the notes go over with the seal


def test_the_extension_is_forwarded_with_approver_reason_and_new_dates(demo_db, clerk):
    case = _extend(demo_db, clerk, _accepted(demo_db, clerk), hall_time(date(2026, 3, 10), 10))
    payload = _process_messages(demo_db, case.id)[-1]
    assert payload["detail"]["action"] == "extend"
    assert payload["data"]["process"]["special_procedure"] == "extension"
    assert payload["data"]["special_procedure"] == {
        "kind": "extension",
        "kind_label": "延长审批",
        "started_at": hall_time(date(2026, 3, 10), 10).isoformat(),
        "ended_at": hall_time(date(2026, 3, 10), 10).isoformat(),
        "time_limit": 10,
        "time_limit_unit": "working_day",
        "expected_end": None,
        "reason": "需会同区局现场核查经营场所",
        "approver": "王建国",
        "approver_title": "副局长",
        "legal_due_date": "2026-03-30",
        "promised_date": "2026-03-23",
    }
    detail = payload["detail"]
    assert (detail["legal_due_date_before"], detail["promised_date_before"]) == (
        "2026-03-16",
        "2026-03-09",
    )
    with demo_db.reader() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "case.extend")).one()
    assert entry.after["approver"] == "王建国" and entry.after["days"] == 10


# --------------------------------------------------------------------------- special procedures


@pytest.mark.parametrize(("kind", "label"), list(SPECIAL_PROCEDURES.items()))
def test_each_special_procedure_stops_the_clock_and_prints_its_notice(
    demo_db, clerk, settings, kind, label
):
    case = _accepted(demo_db, clerk)
    started = hall_time(date(2026, 3, 4), 14)
    case = intake.begin_special_procedure(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        kind=kind,
        expected_working_days=15,
        reason="需要依法组织",
        now=started,
    )
    assert case.status == CaseStatus.SPECIAL_PROCEDURE
    assert case.clock_paused_since == date(2026, 3, 4)
    step = case.special_step
    assert step.step_name == f"特别程序：{label}" and step.procedure_label == label
    # fifteen working days after Wednesday 4 March
    assert (step.expected_working_days, step.expected_end) == (15, date(2026, 3, 25))
    [notice] = action_notices(case, CaseAction.BEGIN_SPECIAL, settings, demo_db)
    assert document_kind(notice) == DocumentKind.SPECIAL_PROCEDURE_NOTICE
    pdf = render_document(notice)
    text = pdf_text(pdf)
    for expected in (
        "特别程序告知书",
        f"经审查，该申请依法需要进行{label}。",
        "事由：需要依法组织",
        f"依照《中华人民共和国行政许可法》第四十五条的规定，{label}所需时间不计算在本机关作出"
        "行政许可决定的期限内。",
        f"{label}自2026年3月4日开始，预计需要十五个工作日，预计于2026年3月25日前结束。",
        f"特别程序{label}",
        "预计所需时间15个工作日",
        "法定办结期限2026年3月16日（暂停期间顺延）",
        case.case_no + "-TB1",
        "临江市行政审批局（盖章）",
    ):
        assert expected in text, expected
    assert len(page_texts(pdf)) == 1
    special = _process_messages(demo_db, case.id)[-1]["data"]["special_procedure"]
    assert special["kind"] == kind and special["kind_label"] == label
    assert (special["time_limit"], special["expected_end"]) == (15, "2026-03-25")
    assert special["approver"] is None and special["ended_at"] is None


@pytest.mark.parametrize(
    ("days", "taken"),
    [(None, False), (0, False), (1, True), (365, True), (366, False), (True, False), ("5", False)],
)
def test_the_expected_length_is_required_in_working_days(demo_db, clerk, days, taken):
    case = _accepted(demo_db, clerk)

    def begin():
        return intake.begin_special_procedure(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            kind="hearing",
            expected_working_days=days,
            now=hall_time(date(2026, 3, 4), 10),
        )

    if taken:
        assert begin().special_step.expected_working_days == days
    else:
        with pytest.raises(ValidationError) as raised:
            begin()
        assert raised.value.field == "expected_working_days"
        assert "第四十五条" in raised.value.message


def test_an_unknown_procedure_is_refused_naming_all_eight(demo_db, clerk):
    case = _accepted(demo_db, clerk)
    with pytest.raises(ValidationError) as raised:
        intake.begin_special_procedure(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            kind="extension",  # an extension is its own action
            expected_working_days=5,
        )
    assert raised.value.field == "kind" and "招标、拍卖" in raised.value.message


def test_a_second_procedure_gets_its_own_notice_number(demo_db, clerk, settings):
    case = _accepted(demo_db, clerk)
    numbers = []
    for kind, start, end in (("testing", 3, 5), ("quarantine", 9, 11)):
        case = intake.begin_special_procedure(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            kind=kind,
            expected_working_days=2,
            now=hall_time(date(2026, 3, start), 10),
        )
        [notice] = action_notices(case, CaseAction.BEGIN_SPECIAL, settings, demo_db)
        numbers.append(notice.doc_no)
        case = intake.end_special_procedure(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            opinion="合格",
            now=hall_time(date(2026, 3, end), 10),
        )
    assert numbers == [case.case_no + "-TB1", case.case_no + "-TB2"]
    assert case.paused_working_days == 4 and case.promised_date == date(2026, 3, 13)
    ended = _process_messages(demo_db, case.id)[-1]["data"]["special_procedure"]
    assert ended["kind"] == "quarantine" and ended["ended_at"] is not None
    assert ended["promised_date"] == "2026-03-13"


@pytest.mark.parametrize(
    ("today", "listed"),
    [(date(2026, 3, 9), False), (date(2026, 3, 10), False), (date(2026, 3, 11), True)],
)
def test_supervision_lists_special_procedures_past_their_expected_end(
    demo_db, clerk, today, listed
):
    case = _accepted(demo_db, clerk)
    case = intake.begin_special_procedure(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        kind="appraisal",
        expected_working_days=4,  # Wed 4 March + 4 working days: Tue 10 March
        now=hall_time(date(2026, 3, 4), 10),
    )
    view = manager_supervision.supervision(demo_db, now=hall_time(today, 10))
    assert view.stopped == 1
    if not listed:
        assert view.special_overdue == ()
        return
    [overdue] = view.special_overdue
    assert (overdue.case_no, overdue.procedure) == (case.case_no, "鉴定")
    assert (overdue.expected_end, overdue.working_days_over) == (date(2026, 3, 10), 1)
    assert overdue.applicant_name == "张*"


# --------------------------------------------------------------------------- the catalog


def _item(db, name: str = ITEM) -> catalog.ItemInfo:
    return next(i for i in catalog.list_items(db) if i.name == name)


def test_the_extension_days_go_through_json_export_and_import(demo_db, admin):
    item = _item(demo_db)
    assert item.extension_limit_days == 10  # the law's default
    catalog.save_item(demo_db, admin, replace(item, extension_limit_days=0), item.id)
    exported = json.loads(catalog.export_json(demo_db))
    row = next(r for r in exported if r["name"] == ITEM)
    assert row["extension_limit_days"] == 0
    row["extension_limit_days"] = 30
    older = next(r for r in exported if r["name"] != ITEM)
    del older["extension_limit_days"]  # a file from before the field
    catalog.import_json(demo_db, admin, json.dumps([row, older], ensure_ascii=False))
    assert _item(demo_db).extension_limit_days == 30
    assert _item(demo_db, older["name"]).extension_limit_days == 10
    with demo_db.reader() as s:
        entry = s.scalars(
            select(AuditLog)
            .where(AuditLog.action == "service_item.update")
            .order_by(AuditLog.id.desc())
        ).first()
    assert (entry.before["extension_limit_days"], entry.after["extension_limit_days"]) == (10, 0)


@pytest.mark.parametrize("value", [-1, 1000, "十", 2.5, True])
def test_a_bad_extension_days_value_is_named_by_row_and_nothing_imported(demo_db, admin, value):
    rows = json.loads(catalog.export_json(demo_db))
    rows[1]["extension_limit_days"] = value
    with pytest.raises(CatalogImportError) as raised:
        catalog.import_json(demo_db, admin, json.dumps(rows, ensure_ascii=False))
    [problem] = raised.value.problems
    assert (problem.row, problem.column) == (2, "extension_limit_days")
    assert "可延长时限" in problem.message and "0 表示不能延长" in problem.message


def test_the_extension_days_go_through_xlsx_and_an_older_workbook_still_imports(
    sqlite_demo_db,
):
    from openpyxl import load_workbook

    db = sqlite_demo_db
    admin = _actor(db, "admin")
    item = _item(db)
    catalog.save_item(db, admin, replace(item, extension_limit_days=15), item.id)
    data = catalog.export_xlsx(db)
    book = load_workbook(__import__("io").BytesIO(data))
    header = [c.value for c in book["事项"][1]]
    assert "可延长时限（工作日）" in header
    catalog.save_item(db, admin, replace(item, extension_limit_days=10), item.id)
    catalog.import_xlsx(db, admin, data)
    assert _item(db).extension_limit_days == 15
    # a workbook from before the column: every item gets the law's 10 days
    sheet = book["事项"]
    sheet.delete_cols(header.index("可延长时限（工作日）") + 1)
    out = __import__("io").BytesIO()
    book.save(out)
    catalog.import_xlsx(db, admin, out.getvalue())
    assert _item(db).extension_limit_days == 10


def test_saving_an_item_names_the_bad_extension_days(demo_db, admin):
    item = _item(demo_db)
    with pytest.raises(ValidationError) as raised:
        catalog.save_item(demo_db, admin, replace(item, extension_limit_days=-3), item.id)
    assert raised.value.field == "extension_limit_days"
