"""Decisions that hold up in law (行政许可法 §32, §38): every rejection and denial names its clause,
its reasons and where the applicant can challenge it, with the bodies of the item's department;
the result reads as the item's type says. Checked by the text of the printed documents."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.db.models import AuditLog, Case, Department, User
from app.domain.codes import CaseStatus, CompletionResult, DocumentKind
from app.domain.decisions import RejectionGround, check_legal_basis, require_remedies, wording
from app.errors import PermissionDenied, ValidationError
from app.services import catalog, departments, intake
from app.services.case_documents import notices_for
from app.services.context import Actor
from app.settings import load_settings
from printing.documents import document_kind
from printing.render import render_document
from tests.intake_helpers import accept_case
from tests.printing.conftest import pdf_text

from .test_case_documents import form

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TAX_ITEM = "发票领用"  # 国家税务总局临江市税务局: vertically managed
DENIAL_BASIS = "《中华人民共和国行政许可法》第三十八条第二款"


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
    return load_settings(None, environ={})


def _text(doc) -> str:
    return pdf_text(render_document(doc))


def _cases(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(Case))


# --------------------------------------------------------------------------- the domain


@pytest.mark.parametrize(
    ("item_type", "name", "granted", "denied", "deny_title", "has_grant_doc"),
    [
        ("01", "食品经营许可", "准予行政许可", "不予行政许可", "不予行政许可决定书", True),
        ("01", "有限责任公司设立登记", "准予行政许可", "不予行政许可", "不予行政许可决定书", True),
        ("07", "不动产变更登记", "准予登记", "不予登记", "不予登记决定书", False),
        (
            "07",
            "国有建设用地使用权及房屋所有权转移登记（存量房买卖）",
            "准予登记",
            "不予登记",
            "不予登记决定书",
            False,
        ),
        ("07", "居民身份证换领", "予以确认", "不予确认", "不予确认决定书", False),
        ("05", "生育津贴支付", "准予给付", "不予给付", "不予给付决定书", False),
        ("20", "住房公积金提取（购买自住住房）", "已办理", "不予办理", "不予办理告知书", False),
        ("20", "社会保险登记（单位参保登记）", "已办理", "不予办理", "不予办理告知书", False),
        ("10", "发票领用", "予以办理", "不予办理", "不予办理决定书", False),
    ],
)
def test_the_result_reads_as_the_item_type_says(
    item_type, name, granted, denied, deny_title, has_grant_doc
):
    words = wording(item_type, name)
    assert (words.granted, words.denied, words.deny_title) == (granted, denied, deny_title)
    assert (words.grant_title is not None) == has_grant_doc


@pytest.mark.parametrize(
    "basis",
    [
        "《中华人民共和国行政许可法》第三十八条第二款",
        "《不动产登记暂行条例》第二十二条第一项",
        "《中华人民共和国行政许可法》第三十二条第一款第二项",
        "《食品经营许可和备案管理办法》第12条",
    ],
)
def test_a_specific_legal_basis_is_taken(basis):
    assert check_legal_basis(f"  {basis} ") == basis


@pytest.mark.parametrize(
    ("basis", "says"),
    [
        ("", "请填写法律依据"),
        ("   ", "请填写法律依据"),
        ("行政许可法", "书名号"),
        ("《中华人民共和国行政许可法》", "第…条"),
        ("第三十二条", "书名号"),
        ("《中华人民共和国行政许可法》第三十二条", "具体的款和项"),
        ("《中华人民共和国行政许可法》第三十二条的规定", "具体的款和项"),
        ("《法》第一条" + "很长" * 300, "最多"),
    ],
)
def test_a_vague_legal_basis_is_refused_with_the_fix(basis, says):
    with pytest.raises(ValidationError) as raised:
        check_legal_basis(basis)
    assert raised.value.field == "decision_basis"
    assert says in raised.value.message


def test_remedies_are_required_by_name():
    assert require_remedies("X局", "临江市人民政府", "临江市江滨区人民法院", decision="不予许可")
    with pytest.raises(ValidationError) as raised:
        require_remedies(
            "国家税务总局临江市税务局", "", "临江市江滨区人民法院", decision="不予许可"
        )
    message = raised.value.message
    assert "国家税务总局临江市税务局" in message and "行政复议机关" in message
    assert "人民法院" not in message.split("尚未设置")[0].replace("国家税务总局临江市税务局", "")
    assert "系统管理 → 部门与救济途径" in message and "保留" in message


# --------------------------------------------------------------------------- rejection (不予受理)


@pytest.mark.parametrize(
    ("ground", "clause"),
    [
        (RejectionGround.NOT_LICENCE, "第三十二条第一款第一项"),
        (RejectionGround.NOT_COMPETENT, "第三十二条第一款第二项"),
        (RejectionGround.FALSE_MATERIALS, "第七十八条"),
    ],
)
def test_each_rejection_ground_prints_its_clause_reason_and_remedies(
    demo_db, clerk, settings, ground, clause
):
    case = intake.reject(
        demo_db,
        clerk,
        form(demo_db),
        reason="",  # the ground's own wording
        ground=ground,
        competent_body="临江市江滨区市场监督管理局"
        if ground == RejectionGround.NOT_COMPETENT
        else None,
        now=MONDAY,
    )
    assert case.rejection_reason == ground.reason
    assert case.decision_basis.endswith(clause)
    [notice] = notices_for(case, settings, demo_db)
    text = _text(notice)
    assert "不予受理通知书" in text
    assert ground.reason in text
    assert f"依据：《中华人民共和国行政许可法》{clause}" in text
    assert "可以自收到本通知书之日起六十日内向临江市人民政府申请行政复议" in text
    assert "六个月内依法向临江市江滨区人民法院提起行政诉讼" in text
    assert "有管辖权的" not in text


def test_a_rejection_for_another_office_must_say_which(demo_db, clerk):
    before = _cases(demo_db)
    with pytest.raises(ValidationError) as raised:
        intake.reject(demo_db, clerk, form(demo_db), reason="", ground="not_competent", now=MONDAY)
    assert raised.value.field == "competent_body"
    assert _cases(demo_db) == before


def test_a_rejection_on_another_ground_needs_a_specific_basis(demo_db, clerk, settings):
    with pytest.raises(ValidationError) as raised:
        intake.reject(demo_db, clerk, form(demo_db), reason="申请人不具备申请资格", now=MONDAY)
    assert raised.value.field == "decision_basis"
    with pytest.raises(ValidationError) as raised:
        intake.reject(
            demo_db,
            clerk,
            form(demo_db),
            reason="申请人不具备申请资格",
            basis="《中华人民共和国行政许可法》第三十二条",
            now=MONDAY,
        )
    assert "具体的款和项" in raised.value.message
    case = intake.reject(
        demo_db,
        clerk,
        form(demo_db),
        reason="申请人不具备申请资格",
        basis="《中华人民共和国公司法》第二十三条",
        now=MONDAY,
    )
    assert "依据：《中华人民共和国公司法》第二十三条" in _text(
        notices_for(case, settings, demo_db)[0]
    )


def test_no_rejection_while_the_department_has_no_remedies_set(demo_db, clerk, admin):
    with demo_db.session() as s:
        tax = s.scalars(select(Department).where(Department.name.like("国家税务总局%"))).one()
        tax.court = None
    before = _cases(demo_db)
    with pytest.raises(ValidationError) as raised:
        intake.reject(
            demo_db, clerk, form(demo_db, TAX_ITEM), reason="", ground="not_licence", now=MONDAY
        )
    assert raised.value.field == "department"
    assert "国家税务总局临江市税务局" in raised.value.message
    assert "人民法院尚未设置" in raised.value.message
    assert _cases(demo_db) == before  # nothing saved: the form keeps it all
    departments.save_department(
        demo_db,
        admin,
        department_id=tax.id,
        name=tax.name,
        review_body=tax.review_body,
        court="临江市江滨区人民法院",
        vertical=True,
    )
    case = intake.reject(
        demo_db, clerk, form(demo_db, TAX_ITEM), reason="", ground="not_licence", now=MONDAY
    )
    assert (case.review_body, case.court) == ("国家税务总局浙江省税务局", "临江市江滨区人民法院")


# --------------------------------------------------------------------------- denial (不予许可)


def test_a_licence_denied_gets_its_decision_with_reasons_basis_and_remedies(
    demo_db, clerk, settings
):
    case = accept_case(demo_db, clerk, "食品经营许可", now=MONDAY)
    with pytest.raises(ValidationError) as raised:
        intake.complete(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            result="denied",
            basis=DENIAL_BASIS,
        )
    assert raised.value.field == "denial_reason" and "不予行政许可的理由" in raised.value.message
    with pytest.raises(ValidationError) as raised:
        intake.complete(
            demo_db,
            clerk,
            case.id,
            expected_version=case.data_version,
            result="denied",
            denial_reason="现场核查不合格",
        )
    assert raised.value.field == "decision_basis"
    assert intake.get_case(demo_db, case.id).status == CaseStatus.ACCEPTED  # nothing changed

    done = intake.complete(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        result="denied",
        denial_reason="经营场所现场核查不符合食品安全要求\n未设置与经营品种相适应的冷藏设备",
        basis=DENIAL_BASIS,
    )
    assert done.completion_result == CompletionResult.DENIED
    assert done.result_label == "不予行政许可"
    [decision] = notices_for(done, settings, demo_db)
    assert document_kind(decision) == DocumentKind.DECISION
    text = _text(decision)
    for expected in (
        "不予行政许可决定书",
        "本机关决定不予行政许可，理由如下",
        "1. 经营场所现场核查不符合食品安全要求",
        "2. 未设置与经营品种相适应的冷藏设备",
        f"依据：{DENIAL_BASIS}",
        "可以自收到本决定书之日起六十日内向临江市人民政府申请行政复议",
        "六个月内依法向临江市江滨区人民法院提起行政诉讼",
        done.case_no + "-JD",
    ):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected


def test_a_tax_office_denial_names_the_tax_authority_above_it(demo_db, clerk, settings):
    """Tax is vertically managed: its review body is the provincial tax bureau, not the city."""
    case = intake.complete_on_spot(
        demo_db,
        clerk,
        form(demo_db, TAX_ITEM),
        result="denied",
        denial_reason="纳税人存在未按期申报的情形",
        basis="《中华人民共和国发票管理办法》第十五条",
        now=MONDAY,
    )
    decision, receipt = notices_for(case, settings, demo_db)
    text = _text(decision)
    assert "不予办理决定书" in text
    assert "六十日内向国家税务总局浙江省税务局申请行政复议" in text
    assert "临江市人民政府" not in text
    assert "结果：不予办理" in _text(receipt)


@pytest.mark.parametrize(
    ("item", "result", "title"),
    [
        ("不动产变更登记", "不予登记", "不予登记决定书"),
        ("住房公积金提取（购买自住住房）", "不予办理", "不予办理告知书"),
    ],
)
def test_denials_of_other_items_use_their_own_words(demo_db, clerk, settings, item, result, title):
    case = accept_case(demo_db, clerk, item, now=MONDAY)
    done = intake.complete(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        result="denied",
        denial_reason="申请材料与登记簿记载不一致",
        basis="《不动产登记暂行条例》第二十二条",
    )
    assert done.result_label == result
    [decision] = notices_for(done, settings, demo_db)
    text = _text(decision)
    assert title in text and f"本机关决定{result}" in text and "准予许可" not in text


def test_a_registration_granted_reads_as_a_registration_and_needs_no_decision(
    demo_db, clerk, settings
):
    case = accept_case(demo_db, clerk, "不动产变更登记", now=MONDAY)
    done = intake.complete(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        result="granted",
        certificate_name="不动产权证书",
    )
    assert done.result_label == "准予登记"
    assert notices_for(done, settings, demo_db) == []  # the certificate is the result


def test_a_denial_is_forwarded_with_its_reason_basis_and_remedies(demo_db, clerk):
    from app.db.models import OutboxMessage

    case = accept_case(demo_db, clerk, "食品经营许可", now=MONDAY)
    intake.complete(
        demo_db,
        clerk,
        case.id,
        expected_version=case.data_version,
        result="denied",
        denial_reason="不符合条件",
        basis=DENIAL_BASIS,
    )
    with demo_db.reader() as s:
        message = s.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.event_type == "completion")
            .order_by(OutboxMessage.id.desc())
        ).first()
        completion = message.payload["data"]["completion"]
    assert completion["denial_reason"] == "不符合条件"
    assert completion["decision_basis"] == DENIAL_BASIS
    assert completion["review_body"] == "临江市人民政府"


# --------------------------------------------------------------------------- departments


def test_departments_are_set_by_admins_only_and_audited(demo_db, clerk, admin):
    listed = {d.name: d for d in departments.list_departments(demo_db)}
    tax = listed["国家税务总局临江市税务局"]
    assert tax.vertical and tax.complete and tax.items == 4
    with pytest.raises(PermissionDenied):
        departments.save_department(
            demo_db, clerk, department_id=tax.id, name=tax.name, review_body="X", court="X法院"
        )
    with pytest.raises(ValidationError) as raised:
        departments.save_department(
            demo_db, admin, department_id=tax.id, name=tax.name, review_body="X", court="X"
        )
    assert raised.value.field == "court"
    with pytest.raises(ValidationError) as raised:
        departments.save_department(
            demo_db, admin, department_id=tax.id, name="别的名字", review_body="X", court="X法院"
        )
    assert raised.value.field == "name" and "事项目录" in raised.value.message
    departments.save_department(
        demo_db,
        admin,
        department_id=tax.id,
        name=tax.name,
        review_body="国家税务总局浙江省税务局",
        court="临江市中级人民法院",
        vertical=True,
    )
    with demo_db.reader() as s:
        entry = s.scalars(
            select(AuditLog).where(AuditLog.action == "department.save").order_by(AuditLog.id)
        ).all()[-1]
    assert entry.before["court"] == "临江市江滨区人民法院"
    assert entry.after["court"] == "临江市中级人民法院"


def test_an_item_naming_a_new_department_adds_it_without_remedies(demo_db, admin):
    item = next(i for i in catalog.list_items(demo_db) if i.name == "食品经营许可")
    spec = catalog.get_item(demo_db, item.id)
    catalog.save_item(demo_db, admin, replace(spec, department="临江市行政审批局"), item.id)
    listed = {d.name: d for d in departments.list_departments(demo_db)}
    assert "临江市行政审批局" in listed and not listed["临江市行政审批局"].complete


def test_the_old_settings_keys_load_and_say_where_they_went(tmp_path):
    path = tmp_path / "halldesk.toml"
    path.write_text(
        '[documents]\nreview_body = "临江市人民政府"\ncourt = "临江市江滨区人民法院"\n',
        encoding="utf-8",
    )
    settings = load_settings(path, environ={})
    assert len(settings.moved) == 2
    assert all("部门与救济途径" in note for note in settings.moved)
