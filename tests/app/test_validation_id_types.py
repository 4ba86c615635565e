"""ID numbers of every document type a hall takes (issue 13, point 10): each type by its own rule,
on both sides of every rule, typed the ways clerks type them (full-width, spaces, lower case).

The codes are GA/T 517-2004 常用证件代码 (the table GB/T 39046 data use) where it has one; the two
residence permits, which it predates, take 237/238 from the tax administration's table (see
app.domain.codes.IdType)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.codes import IdType
from app.domain.identifiers import resident_id_check_char
from app.domain.validation import _RULES, CITIZEN_NUMBER_TYPES, document_name, validate_id
from app.errors import ValidationError

TODAY = date(2026, 12, 1)


def with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


RESIDENT = "11010519491231002X"
HONG_KONG = with_check("81000019900101001")
MACAO = with_check("82000019851231002")
TAIWAN = with_check("83000019700615003")
PERMANENT_2023 = with_check("91184019850110001")  # 9 + 17 digits, MOD 11-2 check


def _flip_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def _error(id_type: str, typed: str, field: str = "applicant_id_number") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_id(id_type, typed, field=field, today=TODAY)
    return info.value


# --------------------------------------------------------------------------- the code table


def test_stored_codes_never_change():
    """Codes are stored in databases and sent to the online hall: the existing ones stay."""
    assert {t.name: t.value for t in IdType} == {
        "RESIDENT_ID": "111",
        "TEMP_RESIDENT_ID": "112",
        "HOUSEHOLD_REGISTER": "113",
        "MILITARY_OFFICER": "114",
        "ARMED_POLICE_OFFICER": "115",
        "BIRTH_CERTIFICATE": "117",
        "HK_MACAO_RESIDENCE_PERMIT": "237",
        "TAIWAN_RESIDENCE_PERMIT": "238",
        "HK_MACAO_PERMIT": "516",
        "TAIWAN_PERMIT": "511",
        "PASSPORT": "414",
        "FOREIGN_PERMANENT": "553",
        "USCC": "001",
        "OTHER": "990",
    }
    assert all(len(t.value) == 3 and t.value.isdigit() for t in IdType)  # String(3), the API


def test_every_type_has_its_own_rule():
    assert set(_RULES) == set(IdType)


# --------------------------------------------------------------------------- valid, per type

VALID = [
    # 居民身份证 / 临时居民身份证 / 户口簿: GB 11643
    ("111", RESIDENT, RESIDENT),
    ("111", "1101 0519 4912 3100 2x", RESIDENT),
    ("112", RESIDENT, RESIDENT),
    ("113", RESIDENT, RESIDENT),
    # the residence permits: GB 11643 with their regions
    ("237", HONG_KONG, HONG_KONG),
    ("237", MACAO, MACAO),
    ("238", TAIWAN, TAIWAN),
    # 军官证 / 武警警官证: 部别 + 字第 + digits + 号; a missing 号 is added
    ("114", "南字第20123456号", "南字第20123456号"),
    ("114", "南字第20123456", "南字第20123456号"),
    ("114", "空字第123456号", "空字第123456号"),
    ("114", "南字第 2012 3456 号", "南字第20123456号"),
    ("115", "武字第00123456号", "武字第00123456号"),
    # 出生医学证明
    ("117", "O440012345", "O440012345"),
    ("117", "p510012345", "P510012345"),
    # passports of any country
    ("414", "E12345678", "E12345678"),
    ("414", "ea1234567", "EA1234567"),
    ("414", "G12345678", "G12345678"),
    ("414", "123456789", "123456789"),  # United States
    ("414", "C01X00T47", "C01X00T47"),  # Germany
    ("414", "X1234", "X1234"),
    ("414", "AB1234567890CDEFG", "AB1234567890CDEFG"),  # 17
    # 港澳居民来往内地通行证
    ("516", "H12345678", "H12345678"),
    ("516", "m1234567801", "M1234567801"),
    # 台湾居民来往大陆通行证
    ("511", "12345678", "12345678"),
    ("511", "1234567801", "1234567801"),
    ("511", "T1234567", "T1234567"),
    # 外国人永久居留身份证: 2017 and 2023 cards
    ("553", "usa330106850110", "USA330106850110"),
    ("553", PERMANENT_2023, PERMANENT_2023),
    # USCC
    ("001", "91110108551385082q", "91110108551385082Q"),
    # 其他: any printable text up to the column
    ("990", "香港身份证 A123456(7)", "香港身份证A123456(7)"),
    ("990", "士兵证 第123号", "士兵证第123号"),
    ("990", "x" * 64, "X" * 64),
]


@pytest.mark.parametrize(("id_type", "typed", "stored"), VALID)
def test_valid_numbers_are_taken_in_normal_form(id_type, typed, stored):
    assert validate_id(id_type, typed, today=TODAY).number == stored


FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})


@pytest.mark.parametrize(("id_type", "typed", "stored"), VALID)
def test_full_width_input_is_the_same_number(id_type, typed, stored):
    """Input methods in full-width mode type Ｅ１２３…, （７） and ideographic spaces."""
    assert validate_id(id_type, typed.translate(FULL_WIDTH), today=TODAY).number == stored


def test_roman_numeral_ten_for_x_and_zero_width_spaces_from_a_web_page():
    assert validate_id("111", "11010519491231002Ⅹ", today=TODAY).number == RESIDENT
    assert validate_id("516", "H1234\u200b5678\ufeff", today=TODAY).number == "H12345678"


def test_citizen_numbers_tell_birth_date_sex_and_permit():
    checked = validate_id("237", HONG_KONG, today=TODAY)
    assert (checked.birth_date, checked.sex) == (date(1990, 1, 1), "1")
    assert "香港" in checked.residence_permit
    assert validate_id("238", TAIWAN, today=TODAY).birth_date == date(1970, 6, 15)
    assert validate_id("114", "南字第20123456号").birth_date is None


# --------------------------------------------------------------------------- invalid, per type

INVALID = [
    # GB 11643 faults, under each type that uses it
    ("111", "110105194912310021", ["居民身份证号码", "校验位", "X"]),
    ("113", "11010519491231002", ["户口簿号码", "18 位"]),
    ("237", _flip_check(HONG_KONG), ["港澳居民居住证号码", "校验位"]),
    ("238", with_check("83000020271231003"), ["台湾居民居住证号码", "今天之后"]),
    # a permit number under a resident-ID type: told which type to choose
    ("111", HONG_KONG, ["居民身份证号码", "810000", "港澳居民居住证", "237"]),
    ("111", TAIWAN, ["830000", "台湾居民居住证", "238"]),
    ("113", MACAO, ["户口簿号码", "820000", "237"]),
    ("112", TAIWAN, ["临时居民身份证号码", "238"]),
    # and the other way round
    ("237", RESIDENT, ["港澳居民居住证号码", "810000", "820000", "110105", "111 居民身份证"]),
    ("238", RESIDENT, ["台湾居民居住证号码", "830000", "111"]),
    ("237", TAIWAN, ["830000", "台湾居民居住证", "238"]),
    ("238", HONG_KONG, ["810000", "港澳居民居住证", "237"]),
    # 军官证
    ("114", "20123456", ["中国人民解放军军官证号码", "只填了数字", "南字第20123456号"]),
    ("114", "南字20123456号", ["军官证号码", "格式不对", "字第"]),
    ("114", "南字第123号", ["军官证号码", "格式不对"]),
    ("114", "南字第1234567890123号", ["军官证号码", "格式不对"]),
    ("114", "NAN字第20123456号", ["军官证号码"]),
    ("115", "武字第号", ["中国人民武装警察部队警官证号码", "字第"]),
    # 出生医学证明
    ("117", "O44001234", ["出生医学证明号码", "9 位", "1 位字母加 9 位数字"]),
    ("117", "OO44001234", ["出生医学证明号码"]),
    # passports
    ("414", "E1234.5678", ["普通护照号码", "只能是字母和数字", "."]),
    ("414", "E1234/5678#", ["/", "#"]),
    ("414", "护照E1234567", ["护", "照"]),
    ("414", "E123", ["普通护照号码", "5–17 位", "4 位"]),
    ("414", "E" + "1" * 17, ["18 位"]),
    ("414", "ABCDEFGH", ["没有数字"]),
    # 港澳居民来往内地通行证
    ("516", "X12345678", ["港澳居民来往内地通行证号码", "H（香港）或 M（澳门）"]),
    ("516", "H1234567", ["8 位", "H12345678"]),
    ("516", "H123456789", ["10 位"]),
    ("516", "12345678", ["H（香港）"]),
    # 台湾居民来往大陆通行证
    ("511", "1234567", ["台湾居民来往大陆通行证号码", "7 位", "8 位数字"]),
    ("511", "123456789", ["9 位"]),
    ("511", "TW1234567", ["格式不对"]),
    # 外国人永久居留身份证
    ("553", _flip_check(PERMANENT_2023), ["外国人永久居留身份证号码", "校验位"]),
    ("553", "US330106850110", ["9 开头的 18 位", "3 位字母加 12 位数字"]),
    ("553", "811840198501100015", ["9 开头"]),
    # USCC
    ("001", "91110108551385082A", ["统一社会信用代码", "校验位"]),
    # 其他
    ("990", "x" * 65, ["证件号码", "64", "65"]),
]


@pytest.mark.parametrize(("id_type", "typed", "words"), INVALID)
def test_invalid_numbers_are_refused_naming_the_field_and_the_fix(id_type, typed, words):
    error = _error(id_type, typed, field="agent_id_number")
    assert error.field == "agent_id_number"
    for word in words:
        assert word in error.message, error.message


@pytest.mark.parametrize("id_type", [t.value for t in IdType])
def test_every_type_names_itself_when_empty(id_type):
    error = _error(id_type, "   ")
    assert error.message.startswith("请填写")
    label = "证件号码" if id_type == IdType.OTHER.value else IdType(id_type).label
    assert label in error.message and error.field == "applicant_id_number"


@pytest.mark.parametrize("id_type", [t.value for t in IdType])
@pytest.mark.parametrize("junk", ["\x00", "\x1b[A", "\x7f", "\x9b"])
def test_control_characters_are_refused_for_every_type(id_type, junk):
    """A barcode scanner's escape sequence or a pasted NUL must not end up in the database."""
    error = _error(id_type, f"H1234{junk}5678")
    assert "控制字符" in error.message and error.field == "applicant_id_number"


# --------------------------------------------------------------------------- names and lookups


def test_the_document_name_printed_for_each_number():
    assert document_name("237", HONG_KONG) == "港澳居民居住证"
    assert document_name("238", TAIWAN) == "台湾居民居住证"
    assert document_name("114", "南字第20123456号") == "中国人民解放军军官证"
    assert document_name("111", RESIDENT) == "居民身份证"
    # taken in under 111 before the permits had their own types: named as what it is
    assert document_name("111", HONG_KONG) == "港澳居民居住证"
    assert document_name("111", TAIWAN) == "台湾居民居住证"
    assert document_name("999", "x") == "999"  # an unknown code from another system: as stored


def test_citizen_number_types_are_the_gb_11643_ones():
    for code in CITIZEN_NUMBER_TYPES:
        assert _RULES[IdType(code)] is _RULES[IdType.RESIDENT_ID]
    assert {t.value for t in IdType if _RULES[t] is _RULES[IdType.RESIDENT_ID]} == (
        CITIZEN_NUMBER_TYPES
    )


def test_an_officer_and_a_residence_permit_holder_are_taken_in():
    from app.services.applicants import ApplicantInput, check_applicant

    officer = check_applicant(
        ApplicantInput(
            name="王建军", id_type="114", id_number="南字第２０１２３４５６", mobile="13812345678"
        ),
        TODAY,
    )
    assert (officer.id_type, officer.id_number) == ("114", "南字第20123456号")
    permit = check_applicant(
        ApplicantInput(name="陈大文", id_type="237", id_number=HONG_KONG, mobile="+85291234567"),
        TODAY,
    )
    assert permit.birth_date == date(1990, 1, 1) and permit.sex == "1"


def test_a_permit_holder_taken_in_under_111_before_is_found_under_237(demo_db):
    from datetime import UTC, datetime

    from app.db.models import Applicant
    from app.services.applicants import find_applicant

    with demo_db.session() as session:
        session.add(
            Applicant(
                kind="1",
                name="陈大文",
                id_type="111",
                id_number=HONG_KONG,
                mobile="+85291234567",
                created_at=datetime(2025, 5, 1, tzinfo=UTC),
                updated_at=datetime(2025, 5, 1, tzinfo=UTC),
            )
        )
    found = find_applicant(demo_db, "237", HONG_KONG.lower())
    assert found is not None and found.name == "陈大文"
    assert find_applicant(demo_db, "114", HONG_KONG) is None
