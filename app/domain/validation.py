"""Checking what a clerk types about an applicant (shared/domain.md §5). Pure functions.

Each check returns the value in its normal form (NFKC, upper case, no spaces, +86 dropped) or raises
`ValidationError(field=…)` whose message names the field and says what is wrong and how to fix
it, so the form can put it next to the field.

Deliberate differences from common libraries (see tests/app/test_intake_validation.py):
- Region codes are checked by province (the first two digits), not against a region table: tables
  go stale as counties merge, and a person keeps the number issued under an old code for life.
- Residence permits of Hong Kong, Macao and Taiwan residents (810000, 820000, 830000) are valid
  GB 11643 numbers (python-stdnum's cn.ric refuses them); `validate_id` takes them under their own
  types (237, 238) and tells a clerk who chose 居民身份证 for one which type to choose.
- A birth date must be a real calendar date and not in the future (id-validator accepts 0231 and a
  date later this year; stdnum accepts any future date).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app import clock
from app.domain.codes import IdType
from app.domain.identifiers import USCC_ALPHABET, resident_id_check_char, uscc_check_char
from app.domain.text import check_text, refuse_other_digits
from app.errors import ValidationError

# First two digits of a resident ID: provinces (GB/T 2260) and 71 Taiwan; 81/82/83 are the
# residence permits of Hong Kong, Macao and Taiwan residents (region exactly 810000/820000/830000).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71".split()
)
PERMIT_REGION_NAMES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
RESIDENCE_PERMIT_REGIONS = {
    "810000": "港澳居民居住证（香港）",
    "820000": "港澳居民居住证（澳门）",
    "830000": "台湾居民居住证",
}
EARLIEST_BIRTH_YEAR = 1900

# Spaces, dashes, and the invisible characters a copy from a web page brings (zero-width space,
# joiners, byte-order mark).
_SEPARATORS = re.compile(r"[\s\-－—\u3000\u200b-\u200d\u2060\ufeff]")
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ＋",
    "0123456789XxABCDEFGHJKLMNPQRTUWXY+",
)


def compact(value: str) -> str:
    """Full-width digits, letters and brackets to ASCII (NFKC: also the Roman numeral Ⅹ some input
    methods give for X), spaces, dashes and zero-width characters removed, upper case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


@dataclass(frozen=True)
class ResidentId:
    number: str
    region: str
    birth_date: date
    sex: str  # "1" male, "2" female (GB/T 2261.1)
    residence_permit: str | None  # the permit's name for 81/82/83 numbers, else None

    @property
    def sex_label(self) -> str:
        return "男" if self.sex == "1" else "女"


def parse_resident_id(
    value: str, *, field: str = "id_number", label: str = "身份证号码", today: date | None = None
) -> ResidentId:
    """GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check
    char. Also for residence permits of Hong Kong, Macao and Taiwan residents."""
    refuse_other_digits(value, field=field, label=label)
    number = compact(value)
    today = today or clock.today()
    if not number:
        raise ValidationError("text.required", label=label, field=field)
    if len(number) != 18:
        raise ValidationError(
            "id.resident_wrong_length", label=label, length=len(number), field=field
        )
    if not _RESIDENT_ID.fullmatch(number):
        raise ValidationError("id.resident_bad_characters", label=label, field=field)
    region = number[:6]
    province = region[:2]
    permit = RESIDENCE_PERMIT_REGIONS.get(region)
    if province in ("81", "82", "83"):
        if permit is None:
            raise ValidationError(
                "id.resident_permit_region",
                label=label,
                province=province,
                region=region,
                field=field,
            )
    elif province not in PROVINCES:
        raise ValidationError(
            "id.resident_bad_region",
            label=label,
            region=region,
            province=province,
            field=field,
        )
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(
            "id.resident_bad_birth_date",
            label=label,
            year=digits[:4],
            month=digits[4:6],
            day=digits[6:8],
            field=field,
        ) from None
    if birth > today:
        raise ValidationError(
            "id.resident_born_in_future", label=label, birth=birth.isoformat(), field=field
        )
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            "id.resident_born_too_early",
            label=label,
            birth=birth.isoformat(),
            earliest_year=EARLIEST_BIRTH_YEAR,
            field=field,
        )
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            "id.resident_check_digit",
            label=label,
            expected=expected,
            typed=number[17],
            field=field,
        )
    sex = "1" if int(number[16]) % 2 == 1 else "2"
    return ResidentId(number, region, birth, sex, permit)


def validate_uscc(value: str, *, field: str = "id_number", label: str = "统一社会信用代码") -> str:
    """GB 32100-2015: 18 characters without I, O, S, V, Z; the last is a check character."""
    refuse_other_digits(value, field=field, label=label)
    code = compact(value)
    if not code:
        raise ValidationError("text.required", label=label, field=field)
    if len(code) != 18:
        raise ValidationError("id.uscc_wrong_length", label=label, length=len(code), field=field)
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            "id.uscc_bad_characters",
            label=label,
            characters="、".join(bad),
            field=field,
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            "id.uscc_check_digit",
            label=label,
            expected=expected,
            typed=code[17],
            field=field,
        )
    return code


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}[0-9]{7,8}")
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")


REGION_NAMES = {"HK": "香港", "MO": "澳门", "TW": "台湾"}
LANDLINE_MAX_LENGTH = 32  # the column (applicant.phone)


def normalize_mobile(value: str, *, field: str = "mobile", label: str = "手机号码") -> str:
    """A mainland mobile as 11 digits (`1[3-9]` + 9, after dropping +86 / 0086, spaces and
    dashes); a number of Hong Kong, Macao, Taiwan or abroad, written with its country or region
    code (+852 …, 00852 …), as E.164 (+85291234567), checked by the `phonenumbers` library. A
    landline is refused with a hint, because notices and SMS go to this number."""
    refuse_other_digits(value, field=field, label=label)
    number = compact(value)
    if not number:
        raise ValidationError("text.required", label=label, field=field)
    if number.startswith(("+", "00")) and not number.startswith(("+86", "0086")):
        return _international_mobile(
            "+" + number.removeprefix("+").removeprefix("00"), field, label
        )
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            break
    else:
        if number.startswith("86") and len(number) == 13:
            number = number[2:]
    if _MOBILE.fullmatch(number):
        return number
    if _LANDLINE.fullmatch(number):
        raise ValidationError(
            "phone.mobile_is_landline",
            label=label,
            typed=value.strip(),
            field=field,
        )
    if not number.isascii() or not number.isdigit():
        raise ValidationError("phone.mobile_bad_characters", label=label, field=field)
    if len(number) != 11:
        raise ValidationError(
            "phone.mobile_wrong_length",
            label=label,
            length=len(number),
            field=field,
        )
    raise ValidationError("phone.mobile_bad_start", label=label, start=number[:2], field=field)


def _international_mobile(e164: str, field: str, label: str) -> str:
    import phonenumbers

    example = "如 +852 9123 4567、+853 6612 3456、+886 912 345 678"
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "phone.international_format",
            label=label,
            example=example,
            field=field,
        ) from None
    region = phonenumbers.region_code_for_number(parsed)
    where = REGION_NAMES.get(region or "", "该国家或地区")
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            "phone.international_invalid",
            label=label,
            where=where,
            country_code=parsed.country_code,
            national_number=parsed.national_number,
            example=example,
            field=field,
        )
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE:
        raise ValidationError(
            "phone.international_is_landline",
            label=label,
            where=where,
            field=field,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_landline(value: str, *, field: str = "phone", label: str = "固定电话") -> str:
    """Area code + number, kept as typed apart from spaces: 0571-86000000, extension after '转'."""
    refuse_other_digits(value, field=field, label=label)
    text = check_text(value, field=field, label=label) or ""
    text = text.translate(_FULLWIDTH)
    main = re.split(r"转|ext|EXT|#", text)[0]
    digits = re.sub(r"[\s\-()（）]", "", main)
    if not digits:
        raise ValidationError("text.required", label=label, field=field)
    if _MOBILE.fullmatch(digits):
        raise ValidationError("phone.landline_is_mobile", label=label, field=field)
    if not re.fullmatch(r"0[0-9]{9,11}|[0-9]{7,8}", digits):
        raise ValidationError("phone.landline_format", label=label, field=field)
    phone = re.sub(r"\s+", "", text)
    if len(phone) > LANDLINE_MAX_LENGTH:
        raise ValidationError(
            "phone.landline_too_long",
            label=label,
            max_length=LANDLINE_MAX_LENGTH,
            length=len(phone),
            field=field,
        )
    return phone


# Per-type rules for the other documents (format only: their numbers carry no check character,
# except the 2023 permanent residence card). Lenient where the issuing practice varies.
ID_NUMBER_MAX_LENGTH = 64  # the column (applicant.id_number, service_case.*_id_number)
# [0-9], not \d: \d also matches the digits of other scripts (٣, ३ …).
_OFFICER_CARD = re.compile(r"([\u4e00-\u9fff]{1,3})字第([0-9]{4,12})号?")
_BIRTH_CERTIFICATE = re.compile(r"[A-Z]?[0-9]{9}")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAO_PERMIT = re.compile(r"[HM][0-9]{8}([0-9]{2})?")
_TAIWAN_PERMIT = re.compile(r"[0-9]{8}|[0-9]{10}|[A-Z][0-9]{7}")
_FOREIGN_PERMANENT_2017 = re.compile(r"[A-Z]{3}[0-9]{12}")
_FOREIGN_PERMANENT_2023 = re.compile(r"9[0-9]{16}[0-9X]")

# Types whose number is a citizen number by GB 11643 (one person, one number, whichever document
# shows it): a returning applicant is found under any of them.
CITIZEN_NUMBER_TYPES = frozenset({"111", "112", "113", "237", "238"})
# The residence permits and the regions their numbers start with (国办发〔2018〕81号, art. 3).
PERMIT_REGIONS = {
    IdType.HK_MACAO_RESIDENCE_PERMIT: ("810000", "820000"),
    IdType.TAIWAN_RESIDENCE_PERMIT: ("830000",),
}


def _permit_type(region: str) -> IdType | None:
    return next((t for t, regions in PERMIT_REGIONS.items() if region in regions), None)


def _choose(id_type: IdType) -> str:
    return f"“{id_type.value} {id_type.label}”"


@dataclass(frozen=True)
class IdCheck:
    """A checked ID number in normal form, with what it tells (citizen numbers only)."""

    id_type: str
    number: str
    birth_date: date | None = None
    sex: str | None = None
    residence_permit: str | None = None


def _citizen_number(
    id_type: IdType, number: str, label: str, field: str, today: date | None
) -> IdCheck:
    """居民身份证, 临时居民身份证, 户口簿 and the two residence permits: GB 11643 in full, and the
    region must fit the document. A permit number under 居民身份证 is refused, not taken: the type
    is printed on the notices and sent to the online hall, and the permit is another document."""
    parsed = parse_resident_id(number, field=field, label=label, today=today)
    belongs = _permit_type(parsed.region)
    if id_type in PERMIT_REGIONS and belongs is None:
        regions = "或 ".join(f"{r}（{PERMIT_REGION_NAMES[r]}）" for r in PERMIT_REGIONS[id_type])
        raise ValidationError(
            "id.permit_region_mismatch",
            label=label,
            regions=regions,
            region=parsed.region,
            choose=_choose(IdType.RESIDENT_ID),
            field=field,
        )
    if belongs is not None and belongs != id_type:
        raise ValidationError(
            "id.number_of_other_type",
            label=label,
            region=parsed.region,
            belongs=belongs.label,
            choose=_choose(belongs),
            field=field,
        )
    return IdCheck(
        id_type.value, parsed.number, parsed.birth_date, parsed.sex, parsed.residence_permit
    )


def _officer_card(
    id_type: IdType, number: str, label: str, field: str, today: date | None
) -> IdCheck:
    """军官证 / 武警警官证: the issuing unit's character, 字第, the number, 号 (南字第20123456号).
    A missing 号 is added; the count of digits varies by issue year and is not held to one."""
    match = _OFFICER_CARD.fullmatch(number)
    if match is None:
        typed = "只填了数字" if number.isdigit() else "格式不对"
        raise ValidationError(
            "id.officer_format",
            label=label,
            typed=typed,
            field=field,
        )
    return IdCheck(id_type.value, f"{match[1]}字第{match[2]}号")


def _pattern(pattern: re.Pattern[str], hint: str):
    def check(id_type: IdType, number: str, label: str, field: str, today: date | None):
        if not pattern.fullmatch(number):
            raise ValidationError(
                "id.wrong_format",
                label=label,
                length=len(number),
                hint=hint,
                field=field,
            )
        return IdCheck(id_type.value, number)

    return check


def _passport(id_type: IdType, number: str, label: str, field: str, today: date | None):
    """Passports of any country: letters and digits only (spaces are dropped before), 5–17 long,
    at least one digit. No country's numbering is held against another's."""
    bad = sorted({c for c in number if not (c.isascii() and c.isalnum())})
    if bad:
        raise ValidationError(
            "id.passport_bad_characters",
            label=label,
            characters=" ".join(bad),
            field=field,
        )
    if not _PASSPORT.fullmatch(number) or number.isalpha():
        fault = "没有数字" if number.isalpha() else f"现在是 {len(number)} 位"
        raise ValidationError(
            "id.passport_format",
            label=label,
            fault=fault,
            field=field,
        )
    return IdCheck(id_type.value, number)


def _foreign_permanent(
    id_type: IdType, number: str, label: str, field: str, today: date | None
) -> IdCheck:
    """外国人永久居留身份证: the 2017 card's 3 letters + 12 digits, or the 2023 card's 18 characters
    starting with 9 whose last is a GB 11643 check character (MOD 11-2, as the citizen number)."""
    if _FOREIGN_PERMANENT_2017.fullmatch(number):
        return IdCheck(id_type.value, number)
    if _FOREIGN_PERMANENT_2023.fullmatch(number):
        expected = resident_id_check_char(number[:17])
        if number[17] != expected:
            raise ValidationError(
                "id.permit_check_digit",
                label=label,
                expected=expected,
                typed=number[17],
                field=field,
            )
        return IdCheck(id_type.value, number)
    raise ValidationError(
        "id.foreign_permanent_format",
        label=label,
        length=len(number),
        field=field,
    )


def _uscc(id_type: IdType, number: str, label: str, field: str, today: date | None) -> IdCheck:
    return IdCheck(id_type.value, validate_uscc(number, field=field))


def _other(id_type: IdType, number: str, label: str, field: str, today: date | None) -> IdCheck:
    """其他: any printable text (control characters are refused before)."""
    return IdCheck(id_type.value, number)


_RULES = {
    IdType.RESIDENT_ID: _citizen_number,
    IdType.TEMP_RESIDENT_ID: _citizen_number,
    IdType.HOUSEHOLD_REGISTER: _citizen_number,
    IdType.HK_MACAO_RESIDENCE_PERMIT: _citizen_number,
    IdType.TAIWAN_RESIDENCE_PERMIT: _citizen_number,
    IdType.MILITARY_OFFICER: _officer_card,
    IdType.ARMED_POLICE_OFFICER: _officer_card,
    IdType.BIRTH_CERTIFICATE: _pattern(
        _BIRTH_CERTIFICATE, "应为 1 位字母加 9 位数字（早年的旧证没有字母），如 O440012345"
    ),
    IdType.PASSPORT: _passport,
    IdType.HK_MACAO_PERMIT: _pattern(
        _HK_MACAO_PERMIT,
        "H（香港）或 M（澳门）加 8 位数字，证件上带换证次数的加 10 位，如 H12345678、H1234567801",
    ),
    IdType.TAIWAN_PERMIT: _pattern(
        _TAIWAN_PERMIT, "8 位数字（带换证次数的 10 位），2013 年前的旧证为 1 位字母加 7 位数字"
    ),
    IdType.FOREIGN_PERMANENT: _foreign_permanent,
    IdType.USCC: _uscc,
    IdType.OTHER: _other,
}


def validate_id(
    id_type: str | IdType, value: str, *, field: str = "id_number", today: date | None = None
) -> IdCheck:
    """Check an ID number by its type code, each type by its own rule (`_RULES`): GB 11643 for
    the citizen number (resident ID, household register, residence permits), GB 32100 for the
    USCC, the document's format for the rest. Errors name the document and say how to fix it."""
    id_type = IdType(str(id_type))
    label = "证件号码" if id_type == IdType.OTHER else f"{id_type.label}号码"
    refuse_other_digits(value, field=field, label=label)
    number = compact(value)
    if not number:
        raise ValidationError("text.required", label=label, field=field)
    if not number.isprintable():
        raise ValidationError(
            "id.control_characters",
            label=label,
            field=field,
        )
    if len(number) > ID_NUMBER_MAX_LENGTH:
        raise ValidationError(
            "id.too_long",
            label=label,
            max_length=ID_NUMBER_MAX_LENGTH,
            length=len(number),
            field=field,
        )
    return _RULES[id_type](id_type, number, label, field, today)


def document_name(id_type: str, id_number: str) -> str:
    """The name of the document an applicant showed, as notices print it. A residence-permit
    number stored under 居民身份证 (taken so before the permits had their own types) is named
    as the permit it is."""
    try:
        kind = IdType(id_type)
    except ValueError:
        return id_type
    if kind.value in CITIZEN_NUMBER_TYPES and kind not in PERMIT_REGIONS:
        permit = _permit_type(compact(id_number)[:6])
        if permit is not None:
            return permit.label
    return kind.label


def validate_postcode(value: str, *, field: str = "postcode") -> str:
    refuse_other_digits(value, field=field, label="邮政编码")
    code = compact(value)
    if not re.fullmatch(r"[0-9]{6}", code):
        raise ValidationError("postcode.format", field=field)
    return code
