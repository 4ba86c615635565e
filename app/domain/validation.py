"""Checking what a clerk types about an applicant (shared/domain.md §5). Pure functions.

Each check returns the value in its normal form (upper case, no spaces, +86 dropped) or raises
`ValidationError(field=…)` whose message names the field and says what is wrong and how to fix
it, so the form can put it next to the field.

Deliberate differences from common libraries (see tests/app/test_intake_validation.py):
- Region codes are checked by province (the first two digits), not against a region table: tables
  go stale as counties merge, and a person keeps the number issued under an old code for life.
- Residence permits of Hong Kong, Macao and Taiwan residents (810000, 820000, 830000) are valid
  resident ID numbers for every purpose here (python-stdnum's cn.ric refuses them).
- A birth date must be a real calendar date and not in the future (id-validator accepts 0231 and a
  date later this year; stdnum accepts any future date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app import clock
from app.domain.codes import IdType
from app.domain.identifiers import USCC_ALPHABET, resident_id_check_char, uscc_check_char
from app.errors import ValidationError

# First two digits of a resident ID: provinces (GB/T 2260) and 71 Taiwan; 81/82/83 are the
# residence permits of Hong Kong, Macao and Taiwan residents (region exactly 810000/820000/830000).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71".split()
)
RESIDENCE_PERMIT_REGIONS = {
    "810000": "港澳台居民居住证（香港）",
    "820000": "港澳台居民居住证（澳门）",
    "830000": "港澳台居民居住证（台湾）",
}
EARLIEST_BIRTH_YEAR = 1900

_SEPARATORS = re.compile(r"[\s\-－—\u3000]")
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ＋",
    "0123456789XxABCDEFGHJKLMNPQRTUWXY+",
)


def compact(value: str) -> str:
    """Full-width digits and letters to ASCII, spaces and dashes removed, upper case."""
    return _SEPARATORS.sub("", (value or "").translate(_FULLWIDTH)).upper()


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
    number = compact(value)
    today = today or clock.today()
    if not number:
        raise ValidationError(f"请填写{label}", field=field)
    if len(number) != 18:
        raise ValidationError(
            f"{label}应为 18 位，现在是 {len(number)} 位；请核对证件重新输入", field=field
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            f"{label}前 17 位只能是数字，最后一位是数字或字母 X；请核对证件重新输入", field=field
        )
    region = number[:6]
    province = region[:2]
    permit = RESIDENCE_PERMIT_REGIONS.get(region)
    if province in ("81", "82", "83"):
        if permit is None:
            raise ValidationError(
                f"{label}以 {province} 开头的应为港澳台居民居住证，前 6 位须是 {province}0000，"
                f"现在是 {region}；请核对证件",
                field=field,
            )
    elif province not in PROVINCES:
        raise ValidationError(
            f"{label}前 6 位是地区代码，{region} 不是有效的省级地区（开头 {province}）；请核对证件",
            field=field,
        )
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(
            f"{label}第 7–14 位是出生日期，{digits[:4]}-{digits[4:6]}-{digits[6:8]} 不是真实的日期；"
            "请核对证件",
            field=field,
        ) from None
    if birth > today:
        raise ValidationError(
            f"{label}中的出生日期 {birth.isoformat()} 在今天之后；请核对证件", field=field
        )
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            f"{label}中的出生日期 {birth.isoformat()} 早于 {EARLIEST_BIRTH_YEAR} 年；请核对证件",
            field=field,
        )
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            f"{label}校验位不对：按前 17 位算，最后一位应为 {expected}，现在是 {number[17]}。"
            "多半是某一位输错了，请逐位核对证件",
            field=field,
        )
    sex = "1" if int(number[16]) % 2 == 1 else "2"
    return ResidentId(number, region, birth, sex, permit)


def validate_uscc(value: str, *, field: str = "id_number", label: str = "统一社会信用代码") -> str:
    """GB 32100-2015: 18 characters without I, O, S, V, Z; the last is a check character."""
    code = compact(value)
    if not code:
        raise ValidationError(f"请填写{label}", field=field)
    if len(code) != 18:
        raise ValidationError(
            f"{label}应为 18 位，现在是 {len(code)} 位；请对照营业执照重新输入", field=field
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            f"{label}不能含有 {'、'.join(bad)}（代码中不用字母 I、O、S、V、Z，也没有符号）；"
            "请对照营业执照重新输入",
            field=field,
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"{label}校验位不对：按前 17 位算，最后一位应为 {expected}，现在是 {code[17]}。"
            "请逐位核对营业执照",
            field=field,
        )
    return code


_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")


REGION_NAMES = {"HK": "香港", "MO": "澳门", "TW": "台湾"}


def normalize_mobile(value: str, *, field: str = "mobile", label: str = "手机号码") -> str:
    """A mainland mobile as 11 digits (`1[3-9]` + 9, after dropping +86 / 0086, spaces and
    dashes); a number of Hong Kong, Macao, Taiwan or abroad, written with its country or region
    code (+852 …, 00852 …), as E.164 (+85291234567), checked by the `phonenumbers` library. A
    landline is refused with a hint, because notices and SMS go to this number."""
    number = compact(value)
    if not number:
        raise ValidationError(f"请填写{label}", field=field)
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
            f"{label}栏填的是固定电话（{value.strip()}）；请填写 11 位手机号码，固定电话填在“固定电话”栏",
            field=field,
        )
    if not number.isdigit():
        raise ValidationError(f"{label}只能含数字（可带 +86、空格、短横线）", field=field)
    if len(number) != 11:
        raise ValidationError(
            f"{label}应为 11 位，现在是 {len(number)} 位；请核对后重新输入。"
            "港澳台及境外号码请在前面加国家或地区代码，如 +852 9123 4567",
            field=field,
        )
    raise ValidationError(f"{label}应以 13–19 开头，现在是 {number[:2]}；请核对", field=field)


def _international_mobile(e164: str, field: str, label: str) -> str:
    import phonenumbers

    example = "如 +852 9123 4567、+853 6612 3456、+886 912 345 678"
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            f"{label}格式不对：港澳台及境外号码应写成 + 国家或地区代码 + 号码，{example}",
            field=field,
        ) from None
    region = phonenumbers.region_code_for_number(parsed)
    where = REGION_NAMES.get(region or "", "该国家或地区")
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            f"{label}不是有效的{where}号码（+{parsed.country_code} {parsed.national_number}）："
            f"请核对位数和开头，{example}",
            field=field,
        )
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE:
        raise ValidationError(
            f"{label}栏填的是{where}的固定电话；请填写手机号码，固定电话填在“固定电话”栏",
            field=field,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_landline(value: str, *, field: str = "phone", label: str = "固定电话") -> str:
    """Area code + number, kept as typed apart from spaces: 0571-86000000, extension after '转'."""
    text = (value or "").strip().translate(_FULLWIDTH)
    main = re.split(r"转|ext|EXT|#", text)[0]
    digits = re.sub(r"[\s\-()（）]", "", main)
    if not digits:
        raise ValidationError(f"请填写{label}", field=field)
    if _MOBILE.fullmatch(digits):
        raise ValidationError(f"{label}栏填的是手机号码；请填在“手机号码”栏", field=field)
    if not re.fullmatch(r"0\d{9,11}|\d{7,8}", digits):
        raise ValidationError(
            f"{label}格式不对：应为区号 + 7–8 位号码，如 0571-86000000", field=field
        )
    return re.sub(r"\s+", "", text)


_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAO_PERMIT = re.compile(r"[HM]\d{8}(\d{2})?")
_TAIWAN_PERMIT = re.compile(r"\d{8}(\d{2})?")
_FOREIGN_PERMANENT = re.compile(r"[A-Z]{3}\d{12}|9\d{17}")


def _format_only(
    number: str, pattern: re.Pattern[str], label: str, example: str, field: str
) -> str:
    if not pattern.fullmatch(number):
        raise ValidationError(f"{label}格式不对：{example}；请核对证件重新输入", field=field)
    return number


@dataclass(frozen=True)
class IdCheck:
    """A checked ID number in normal form, with what it tells (resident IDs only)."""

    id_type: str
    number: str
    birth_date: date | None = None
    sex: str | None = None
    residence_permit: str | None = None


def validate_id(
    id_type: str | IdType, value: str, *, field: str = "id_number", today: date | None = None
) -> IdCheck:
    """Check an ID number by its type code: full checks for resident IDs (111, 112, 113 use the
    citizen number) and USCC (001); format only for passports, permits and the rest."""
    id_type = IdType(str(id_type))
    label = f"{id_type.label}号码"
    number = compact(value)
    if not number:
        raise ValidationError(f"请填写{label}", field=field)
    if id_type in (IdType.RESIDENT_ID, IdType.TEMP_RESIDENT_ID, IdType.HOUSEHOLD_REGISTER):
        parsed = parse_resident_id(number, field=field, label=label, today=today)
        return IdCheck(
            id_type.value, parsed.number, parsed.birth_date, parsed.sex, parsed.residence_permit
        )
    if id_type == IdType.USCC:
        return IdCheck(id_type.value, validate_uscc(number, field=field))
    if id_type == IdType.PASSPORT:
        checked = _format_only(number, _PASSPORT, label, "5–17 位字母或数字，如 E12345678", field)
    elif id_type == IdType.HK_MACAO_PERMIT:
        checked = _format_only(
            number, _HK_MACAO_PERMIT, label, "H 或 M 加 8 位（或 10 位）数字，如 H12345678", field
        )
    elif id_type == IdType.TAIWAN_PERMIT:
        checked = _format_only(
            number, _TAIWAN_PERMIT, label, "8 位（或 10 位）数字，如 12345678", field
        )
    elif id_type == IdType.FOREIGN_PERMANENT:
        checked = _format_only(
            number, _FOREIGN_PERMANENT, label, "3 位字母加 12 位数字，或 9 开头的 18 位数字", field
        )
    else:
        checked = _format_only(
            number, re.compile(r"[A-Z0-9()（）]{2,64}"), label, "只能是字母和数字", field
        )
    return IdCheck(id_type.value, checked)


def validate_postcode(value: str, *, field: str = "postcode") -> str:
    code = compact(value)
    if not re.fullmatch(r"\d{6}", code):
        raise ValidationError("邮政编码应为 6 位数字", field=field)
    return code
