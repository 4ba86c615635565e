"""What a person may type (app/domain/text.py) and the digits of numbers (app/domain/validation.py):
the hardening issue's point 4."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import validation
from app.domain.text import (
    check_organisation_name,
    check_person_name,
    check_text,
    refuse_other_digits,
)
from app.errors import ValidationError
from app.services.applicants import ApplicantInput, check_applicant

TODAY = date(2026, 12, 4)


def person(value: str) -> str:
    return check_person_name(value, field="applicant_name", label="申请人姓名", max_length=64)


def refused(fn, *args, expect: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert info.value.field == expect
    return info.value.message


@pytest.mark.parametrize(
    "name",
    [
        "张三",
        "阿卜杜拉·买买提",
        "𠀀𠀁",  # Extension B
        "𪜀",  # C
        "𫝀",  # D
        "𫠠",  # E
        "𬺰",  # F
        "𰀀",  # G
        "\U00031350",  # H (planes 2 and 3 hold only ideographs)
        "\u9fff\u4e00",
        "欄",  # a compatibility ideograph stays as typed (NFC would change it)
        "Jean-Paul O'Brien",
        "Ólafur Ragnar",
        "ئابدۇرېھىم",  # Uyghur in its own script
        "葛\U000e0100",  # an ideographic variation sequence: the variant glyph of a rare name
    ],
)
def test_names_keep_every_letter(name):
    assert person(name) == name


@pytest.mark.parametrize(
    "typed", ["阿卜杜拉・买买提", "阿卜杜拉•买买提", "阿卜杜拉‧买买提", "阿卜杜拉 · 买买提"]
)
def test_the_middle_dot_is_written_as_on_the_id_card(typed):
    assert person(typed) == "阿卜杜拉·买买提"


@pytest.mark.parametrize(
    "typed,words",
    [
        ("张\x00三", "U+0000 空字符"),
        ("张\x07三", "U+0007"),
        ("张\u200b三", "零宽空格"),
        ("\u202e三张", "从右到左强制方向符"),
        ("张\u2066三", "隔离符"),
        ("张三\ufeff", "BOM"),
        ("张三😀", "😀"),
        ("张三\u2764\ufe0f", "❤"),
        ("张三２", "数字"),
        ("张三²", "数字"),
        ("张\ue000", "私用区"),
        ("·买买提", "间隔号"),
        ("阿卜杜拉··买买提", "间隔号"),
        ("---", "没有文字"),
        ("", "请填写"),
        ("张" * 65, "最多 64"),
    ],
)
def test_names_refuse_what_is_not_a_name(typed, words):
    message = refused(person, typed, expect="applicant_name")
    assert "申请人姓名" in message and words in message


def test_organisation_names_take_digits_and_punctuation_not_symbols():
    name = "北京798艺术区管理有限公司（分公司）"
    assert check_organisation_name(name, field="f", label="单位名称", max_length=128) == name
    for bad in ("某公司😀", "某公司\u202e", "某公司\x00", "某公司®"):
        refused(
            check_organisation_name, bad, field="f", label="单位名称", max_length=128, expect="f"
        )


def test_free_text_keeps_lines_where_lines_are_kept():
    assert check_text("  第一行 \r\n\t第二行  ", field="note", label="备注", multiline=True) == (
        "第一行\n\t第二行"
    )
    assert check_text(" a \n b ", field="address", label="地址") == "a b"
    assert check_text("  ", field="address", label="地址") is None
    message = refused(
        check_text, "x\x00", field="note", label="备注", multiline=True, expect="note"
    )
    assert message.startswith("备注里有看不见的字符")
    refused(check_text, "a" * 11, field="note", label="备注", max_length=10, expect="note")
    refused(check_text, 5, field="note", label="备注", expect="note")  # a number is not text


@pytest.mark.parametrize("digit", ["²", "①", "𝟐", "٢", "۲", "२", "፪"])
def test_digits_of_other_scripts_and_compatibility_digits_are_refused(digit):
    """Refused, not converted (see refuse_other_digits): ² used to be taken as 2 by NFKC, ٢ and
    ۲ were stored as they were (Python's int() and \\d take them), ፪ raised ValueError."""
    number = "11010519491231002X"
    for value, fn, field in (
        (number[:5] + digit + number[6:], validation.validate_id, "id_number"),
        ("10000" + digit, validation.validate_postcode, "postcode"),
        ("1380013800" + digit, validation.normalize_mobile, "mobile"),
        ("0571-8600000" + digit, validation.normalize_landline, "phone"),
    ):
        args = ("111", value) if fn is validation.validate_id else (value,)
        message = refused(fn, *args, expect=field)
        assert "不是普通数字" in message and digit in message


def test_full_width_digits_and_the_roman_ten_are_still_taken():
    assert validation.validate_id("111", "１１０１０５１９４９１２３１００２Ⅹ").number == (
        "11010519491231002X"
    )
    assert validation.validate_postcode("３１００００") == "310000"
    refuse_other_digits("０１２３４５６７８９Ⅹ", field="f", label="x")


def test_every_officer_or_permit_pattern_takes_ascii_digits_only():
    refused(validation.validate_id, "414", "E1234567٨", expect="id_number")
    refused(validation.validate_id, "990", "ABC\u202e123", expect="id_number")
    assert validation.validate_id("990", "ABC-123").number == "ABC123"


def test_a_landline_is_held_to_its_column():
    refused(validation.normalize_landline, "0571-86000000转" + "1" * 30, expect="phone")
    refused(validation.normalize_landline, "0571-86000000转\x00", expect="phone")


def test_the_applicant_form_names_the_field_of_each_fault():
    good = ApplicantInput(name="张三", id_number="11010519491231002X", mobile="13812345678")
    assert check_applicant(good, TODAY).name == "张三"
    for changes, field in (
        ({"name": "张\x00三"}, "applicant_name"),
        ({"address": "临江市\u202e路"}, "address"),
        ({"address": "临" * 256}, "address"),
        ({"postcode": "١٠٠٠٠٠"}, "postcode"),
        ({"kind": "2", "name": "某公司😀", "id_type": "990", "id_number": "X1"}, "applicant_name"),
        (
            {
                "kind": "2",
                "name": "某公司",
                "id_type": "990",
                "id_number": "X1",
                "legal_representative": "李\u200b四",
            },
            "legal_representative",
        ),
    ):
        data = ApplicantInput(**{**good.__dict__, **changes})
        refused(check_applicant, data, TODAY, expect=field)
    organisation = ApplicantInput(
        kind="2", name="临江798文化有限公司", id_type="990", id_number="X1", mobile="13812345678"
    )
    assert check_applicant(organisation, TODAY).name == "临江798文化有限公司"


# --------------------------------------------------------------------------- the nets under them


def test_every_service_entry_refuses_invisible_characters_in_its_text_arguments():
    """Checked with the caller's role, before the function runs: a reason with a NUL never
    reaches PostgreSQL (which refused it with a raw DataError)."""
    from app.domain.codes import Role
    from app.services import intake
    from app.services.context import Actor

    clerk = Actor(2, "clerk01", Role.CLERK, "pc-1")
    with pytest.raises(ValidationError) as info:
        intake.suspend(None, clerk, 1, expected_version=1, reason="等材料\x00")
    assert info.value.field == "reason" and info.value.message.startswith("原因里有看不见的字符")
    with pytest.raises(ValidationError) as info:
        intake.record_step(None, clerk, 1, expected_version=1, step_name="审\u202e核")
    assert info.value.field == "step_name"


def test_what_the_databases_would_store_differently_is_refused_at_the_flush(db):
    """The net under the validators (app/db/storable.py): too long for its column (PostgreSQL
    refused it raw, SQLite kept it whole), NUL in text or JSON; nothing is written."""
    from sqlalchemy import func, select

    from app.db.models import AuditLog, Department
    from app.db.storable import Unstorable
    from app.services import audit
    from app.services.context import Actor

    for row in (Department(name="局" * 129), Department(name="临江\x00局")):
        with pytest.raises(Unstorable) as info, db.session() as session:
            session.add(row)
        assert info.value.field == "name"
    with pytest.raises(Unstorable) as info, db.session() as session:
        session.add(Department(name="临江局"))
        audit.record(session, Actor.system("pc"), "x", "department", after={"note": "a\x00"})
    assert info.value.field == "after"
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Department)) == 0
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0
    with db.session() as session:  # what fits is stored as it is, on both backends
        session.add(Department(name="局" * 128))


# -- whole numbers: the one rule behind every count and limit a person types ----------------------


@pytest.mark.parametrize(
    "given,expected", [(5, 5), ("5", 5), (" 7 ", 7), (5.0, 5), ("+3", 3), (0, 0)]
)
def test_a_whole_number_is_taken_as_typed_or_as_a_spreadsheet_gives_it(given, expected):
    from app.domain.text import whole_number

    assert whole_number(given, 0, 99) == expected


@pytest.mark.parametrize("given", [True, False, 2.5, "two", "", None, "٣", "²", "5a", 100, -1, [5]])
def test_anything_else_is_refused_naming_the_field_and_the_range(given):
    from app.domain.text import check_whole_number

    with pytest.raises(ValidationError) as info:
        check_whole_number(given, field="recall_cap", label="重呼次数上限", low=0, high=99)
    assert info.value.field == "recall_cap"
    assert info.value.message.startswith("重呼次数上限应为 0–99 的整数，现在是")
