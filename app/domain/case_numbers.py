"""Case numbers (办件编号): the rules a hall may number its cases by, looked up by name.

Case numbers vary by province (shared/domain.md §3); a rule says which daily sequence a number
draws from (`scope`) and how the number reads (`format`). The hall's rule is one name of
`CASE_NUMBER_RULES`, kept on the hall's row in the database (`hall.case_number_rule`, set by the
admin), so every PC of a hall numbers alike. A new rule is one entry here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class CaseNumberRule(Protocol):
    """How case numbers look. `scope` names the daily sequence the number draws from."""

    def scope(self, hall_code: str, item_code: str) -> str: ...

    def format(self, hall_code: str, item_code: str, day: date, sequence: int) -> str: ...


@dataclass(frozen=True)
class HallDateSequence:
    """Hall code + YYYYMMDD + daily sequence (default): 33019920261201 0001."""

    digits: int = 4

    def scope(self, hall_code: str, item_code: str) -> str:
        return f"case:{hall_code}"[:64]

    def format(self, hall_code: str, item_code: str, day: date, sequence: int) -> str:
        return f"{hall_code}{day:%Y%m%d}{sequence:0{self.digits}d}"


@dataclass(frozen=True)
class ItemDateSequence:
    """Implementation code + YYYYMMDD + 4-digit daily sequence per item (seen in some provinces)."""

    digits: int = 4

    def scope(self, hall_code: str, item_code: str) -> str:
        scope = f"case-item:{item_code}"
        if len(scope) > 64:
            scope = "case-item:" + hashlib.sha1(item_code.encode()).hexdigest()
        return scope

    def format(self, hall_code: str, item_code: str, day: date, sequence: int) -> str:
        return f"{item_code}{day:%Y%m%d}{sequence:0{self.digits}d}"


CASE_NUMBER_RULES: dict[str, CaseNumberRule] = {
    "hall_date_seq": HallDateSequence(),
    "item_date_seq": ItemDateSequence(),
}
RULE_LABELS: dict[str, str] = {
    "hall_date_seq": "大厅代码 + 日期 + 全厅当日顺序号",
    "item_date_seq": "事项实施编码 + 日期 + 该事项当日顺序号",
}
DEFAULT_RULE_NAME = "hall_date_seq"
DEFAULT_RULE: CaseNumberRule = CASE_NUMBER_RULES[DEFAULT_RULE_NAME]


def rule_named(name: str | None) -> CaseNumberRule:
    """The rule of that name; None (a hall whose rule was never set) numbers by the default."""
    if name is None:
        return DEFAULT_RULE
    try:
        return CASE_NUMBER_RULES[name]
    except KeyError:
        raise ValueError(
            f"未知的办件编号规则 {name!r}；应为 {' 或 '.join(CASE_NUMBER_RULES)}"
        ) from None
