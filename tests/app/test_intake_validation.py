"""Applicant checks (shared/domain.md §5): hand-checked vectors, and property tests against
independent implementations on generated numbers.

Where HallDesk and the libraries disagree, on purpose:
- python-stdnum's cn.ric refuses the residence permits of Hong Kong, Macao and Taiwan residents
  (regions 810000/820000/830000: not in its region table) — they are valid IDs by GB 11643 rules
  and the State Council's 2018 residence-permit measures; HallDesk accepts them.
- stdnum accepts a birth date in the future; id-validator accepts a day 31 in any month (0231) and
  any date of the current year. HallDesk requires a real date, not after today.
- Both libraries check the region against their own region tables (stdnum even raises KeyError
  on some unknown codes); HallDesk checks the province only, because people keep numbers issued
  under codes that have since been retired.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from id_validator import validator as idv
from stdnum.cn import ric, uscc

from app.domain.identifiers import USCC_ALPHABET, resident_id_check_char, uscc_check_char
from app.domain.validation import (
    normalize_landline,
    normalize_mobile,
    parse_resident_id,
    validate_id,
    validate_uscc,
)
from app.errors import ValidationError

TODAY = date(2026, 12, 1)

# Region codes both libraries know for every birth year since 1900 (stdnum dates each county:
# 330106 only from 1983 on, for example, and refuses earlier births there).
REAL_REGIONS = ["110101", "110105", "110108", "120101", "310101", "310104"]


def with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def message(fn, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    return info.value


# --------------------------------------------------------------------------- hand-checked vectors


def test_known_good_resident_ids():
    # GB 11643-1999 appendix example and a female number ending in X.
    parsed = parse_resident_id("11010519491231002X", today=TODAY)
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "2" and parsed.sex_label == "女"
    assert parsed.residence_permit is None
    male = parse_resident_id(with_check("44052419800101001"), today=TODAY)
    assert (male.sex, male.birth_date) == ("1", date(1980, 1, 1))


def test_input_is_normalised():
    assert parse_resident_id(" 1101 0519 4912 31002x ", today=TODAY).number == "11010519491231002X"
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).number.endswith(
        "X"
    )


def test_residence_permits_of_hong_kong_macao_and_taiwan():
    for region, where in [("810000", "香港"), ("820000", "澳门"), ("830000", "台湾")]:
        number = with_check(f"{region}19900101001")
        parsed = parse_resident_id(number, today=TODAY)
        assert where in parsed.residence_permit
        assert parsed.birth_date == date(1990, 1, 1)
    error = message(parse_resident_id, with_check("81010119900101001"), today=TODAY)
    assert "810000" in error.message and "居住证" in error.message


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("11010519491231002", ["18 位", "17 位"]),
        ("1101051949123100X2", ["数字", "X"]),
        ("110105194912310021", ["校验位", "X", "1"]),
        (with_check("11010519490231002"), ["1949-02-31", "不是真实的日期"]),
        (with_check("11010520271231002"), ["2027-12-31", "今天之后"]),
        (with_check("99010519491231002"), ["地区", "990105"]),
        (with_check("11010518991231002"), ["1899-12-31", "1900"]),
        ("", ["请填写"]),
    ],
)
def test_bad_resident_ids_name_the_field_and_the_fault(number, words):
    error = message(parse_resident_id, number, today=TODAY, field="applicant_id_number")
    assert error.field == "applicant_id_number"
    assert "身份证号码" in error.message
    for word in words:
        assert word in error.message, error.message


def test_uscc_vectors():
    assert validate_uscc("91110108551385082q") == "91110108551385082Q"
    assert validate_uscc("11330199MB00000017") == "11330199MB00000017"  # the demo hall
    bad_check = message(validate_uscc, "91110108551385082A")
    assert "校验位" in bad_check.message and "Q" in bad_check.message
    bad_letter = message(validate_uscc, "9111010855138508IQ")
    assert "I" in bad_letter.message
    assert "18 位" in message(validate_uscc, "9111010855138508").message


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("199-0000-1111", "19900001111"),
        # Hong Kong, Macao, Taiwan and abroad, with their code: kept as E.164
        ("+852 9123 4567", "+85291234567"),
        ("00852-9123-4567", "+85291234567"),
        ("+853 6612 3456", "+85366123456"),
        ("+886 912 345 678", "+886912345678"),
        ("+44 7911 123456", "+447911123456"),
        ("＋８５２ ９１２３ ４５６７", "+85291234567"),  # full-width, as some IMEs type it
    ],
)
def test_mobiles(typed, expected):
    assert normalize_mobile(typed) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0571-86000000", ["固定电话"]),
        ("12812345678", ["13–19"]),
        ("1381234567", ["11 位", "10 位"]),
        ("138abc45678", ["数字"]),
        # a Hong Kong number without its code is 8 digits: the message says how to write it
        ("9123 4567", ["8 位", "+852"]),
        ("+852 1234", ["不是有效的香港号码", "+852 1234"]),
        ("+853 2123 4567", ["不是有效的澳门号码"]),
        ("+852 2123 4567", ["香港的固定电话", "固定电话"]),
        ("+999 123", ["格式不对", "+852 9123 4567"]),
    ],
)
def test_bad_mobiles(typed, words):
    error = message(normalize_mobile, typed, field="mobile")
    assert error.field == "mobile" and "手机号码" in error.message
    for word in words:
        assert word in error.message


def test_landlines_kept_apart():
    assert normalize_landline("0571-86000000") == "0571-86000000"
    assert normalize_landline("0571 8600 0000转123") == "057186000000转123"
    assert "手机" in message(normalize_landline, "13812345678").message


def test_validate_id_dispatches_by_type():
    assert validate_id("111", "11010519491231002x", today=TODAY).sex == "2"
    assert validate_id("113", "11010519491231002X", today=TODAY).birth_date == date(1949, 12, 31)
    assert validate_id("001", "91110108551385082Q").number == "91110108551385082Q"
    assert validate_id("414", "e12345678").number == "E12345678"
    assert validate_id("516", "H12345678").number == "H12345678"
    assert validate_id("511", "12345678").number == "12345678"
    error = message(validate_id, "414", "E-1", field="agent_id_number")
    assert error.field == "agent_id_number" and "普通护照号码" in error.message
    assert "港澳居民来往内地通行证" in message(validate_id, "516", "X12345678").message


# --------------------------------------------------------------------------- property tests

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY - timedelta(days=1))


@st.composite
def resident_ids(draw, regions=REAL_REGIONS):
    region = draw(st.sampled_from(regions))
    born = draw(birth_dates)
    seq = draw(st.integers(min_value=0, max_value=999))
    return with_check(f"{region}{born:%Y%m%d}{seq:03d}")


@given(resident_ids())
@settings(max_examples=300, deadline=None)
def test_valid_ids_agree_with_stdnum(number):
    parsed = parse_resident_id(number, today=TODAY)
    assert ric.validate(number) == number
    assert ric.get_birth_date(number) == parsed.birth_date


@given(resident_ids())
@settings(max_examples=60, deadline=None)  # id-validator takes ~25 ms per number
def test_valid_ids_agree_with_id_validator(number):
    parsed = parse_resident_id(number, today=TODAY)
    info = idv.get_info(number)
    assert info
    assert info["birthday_code"] == parsed.birth_date.isoformat()
    assert (info["sex"] == 1) == (parsed.sex == "1")


@given(resident_ids(), st.integers(min_value=0, max_value=17), st.integers(1, 9))
@settings(max_examples=300, deadline=None)
def test_one_wrong_digit_is_caught_like_stdnum_does(number, position, delta):
    """Any single changed character breaks the check digit (GB 11643's ISO 7064 MOD 11-2);
    stdnum agrees whenever the changed number still has a valid date."""
    chars = list(number)
    if position == 17:
        alphabet = "0123456789X"
        chars[17] = alphabet[(alphabet.index(chars[17]) + delta) % 11]
    else:
        chars[position] = str((int(chars[position]) + delta) % 10)
    changed = "".join(chars)
    with pytest.raises(ValidationError):
        parse_resident_id(changed, today=TODAY)
    try:
        ric.validate(changed)
        stdnum_ok = True
    except Exception:  # stdnum raises several kinds (and KeyError on unknown regions)
        stdnum_ok = False
    assert not stdnum_ok


def _stdnum_accepts(number: str) -> bool:
    try:
        ric.validate(number)
    except Exception:  # InvalidComponent, and KeyError on some unknown regions
        return False
    return True


@given(st.sampled_from(["810000", "820000", "830000"]), birth_dates, st.integers(0, 999))
@settings(max_examples=200, deadline=None)
def test_residence_permits_where_stdnum_disagrees(region, born, seq):
    """stdnum treats 810000/820000 as counties founded in 1997/1999 and refuses anyone born
    before (a Hong Kong resident born in 1960 holds a valid permit), and does not know 830000 at
    all. id-validator accepts all three, as HallDesk does."""
    number = with_check(f"{region}{born:%Y%m%d}{seq:03d}")
    assert parse_resident_id(number, today=TODAY).residence_permit
    assert idv.is_valid(number)
    since = {"810000": 1997, "820000": 1999}.get(region)
    assert _stdnum_accepts(number) == (since is not None and born.year >= since)


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
@settings(max_examples=300, deadline=None)
def test_uscc_agrees_with_stdnum_on_generated_codes(first17):
    code = first17 + uscc_check_char(first17)
    assert validate_uscc(code) == code
    # stdnum also checks the embedded organisation code (GB 11714, positions 9–17), which HallDesk
    # does not: codes issued to individual businesses carry no valid organisation code.
    try:
        uscc.validate(code)
    except Exception as exc:
        assert type(exc).__name__ in ("InvalidComponent", "InvalidFormat"), exc


@given(st.text(alphabet=USCC_ALPHABET, min_size=18, max_size=18))
@settings(max_examples=300, deadline=None)
def test_uscc_check_char_matches_stdnum(code):
    assert uscc.calc_check_digit(code[:17]) == uscc_check_char(code[:17])
    assume(code[17] != uscc_check_char(code[:17]))
    with pytest.raises(ValidationError):
        validate_uscc(code)


@given(
    st.integers(min_value=3, max_value=9),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(["", "+86", "+86 ", "0086", "86"]),
    st.sampled_from(["", " ", "-"]),
)
def test_mobile_normalisation_is_total_on_valid_numbers(second, rest, prefix, sep):
    number = f"1{second}{rest}"
    typed = prefix + sep.join([number[:3], number[3:7], number[7:]])
    assert normalize_mobile(typed) == number


def test_mobiles_are_masked_keeping_the_country_code():
    from app.domain.privacy import mask_mobile

    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("+85291234567") == "+852 ****4567"
    assert mask_mobile("+886912345678") == "+886 ****5678"
    assert mask_mobile("") == ""


def test_an_applicant_from_hong_kong_gets_a_case(sqlite_demo_db):
    from app.domain.codes import Role
    from app.services import catalog, intake
    from app.services.applicants import ApplicantInput
    from app.services.context import Actor
    from app.services.intake import IntakeInput
    from tests.intake_helpers import every_material_received

    db = sqlite_demo_db
    item = next(i for i in catalog.list_items(db) if i.name == "有限责任公司设立登记")
    clerk = Actor(user_id=None, username="clerk01", role=Role.CLERK, host="pc-test")
    data = IntakeInput(
        item.id,
        ApplicantInput(name="陈大文", id_number="11010519491231002X", mobile="+852 9123 4567"),
        materials=every_material_received(db, item.id),
    )
    case = intake.accept(db, clerk, data)
    assert case.contact_mobile == "+85291234567"
    [found] = intake.search_cases(db, mobile="00852 9123 4567")
    assert found.contact_mobile_masked == "+852 ****4567"
