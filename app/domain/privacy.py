"""Masking personal data on public screens, tickets and lists (张*三, 3301**********1234)."""

from __future__ import annotations


def mask_name(name: str | None) -> str:
    """张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜; Latin names keep the first letter of each word."""
    if not name:
        return ""
    name = name.strip()
    if all(ord(c) < 0x2E80 for c in name):  # not CJK
        return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(number: str | None) -> str:
    """Keep the first 4 and last 4 characters of an ID number: 3301**********1234."""
    if not number:
        return ""
    number = number.strip()
    if len(number) <= 8:
        return number[:1] + "*" * (len(number) - 1)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number: str | None) -> str:
    if not number:
        return ""
    digits = number.strip()
    if digits.startswith("+"):  # +85291234567 → +852 ****4567
        import phonenumbers

        try:
            code = phonenumbers.parse(digits, None).country_code
        except phonenumbers.NumberParseException:
            return digits[:3] + "****" + digits[-4:]
        return f"+{code} ****{digits[-4:]}"
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 11 else digits


def mask_address(address: str | None) -> str:
    """Keep the first 6 characters (province, city) of an address: 浙江省杭州市****."""
    if not address:
        return ""
    address = address.strip()
    return address[:6] + "****" if len(address) > 6 else address[:1] + "****"
