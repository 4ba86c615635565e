"""Extending a case's deadline (延长, 行政许可法 §42) and the special procedures whose time does not
count (特别程序, §45): the rules, no database, no Qt.

§42 ①: a decision is due within 20 days of acceptance (or the item's own limit). When it cannot be
made in time, the office's 负责人 may approve extending the period by 10 days — by what another law
sets where it says otherwise — and the applicant is told the reason in writing. Hence an
extension is refused (`check_extension`) when:

- the period has run out. The extension is itself a decision that must be made within the period,
  and a period ends at 24:00 of its last day (民法典 §203), so on the legal deadline's day it is
  still in time and from the next day on it is too late. The clerk's PC's day is the hall's day;
  a clock stopped by a special procedure or a suspension moves the deadline (`running_deadline`);
- the case was extended before (once per case);
- the item allows none (its extension days are 0: a law leaves no room for one).

The approver (负责人) and the reason are required by the service, which names the fields.

§45: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 do not count towards the deadline, and the
applicant is told in writing how long they take. The expected length is asked in working days
(§82: the law's periods count working days) and printed with the date it comes to.
"""

from __future__ import annotations

from datetime import date

from app.domain.workdays import WorkCalendar, paused_days
from app.errors import Conflict

# §45, in the law's order. The keys are what the database and the online hall carry: "testing" was
# 检验 before the list was complete and stays so (the NPC's translation calls 检验 inspection and
# 检测 testing); 检测 is "detection".
SPECIAL_PROCEDURES: dict[str, str] = {
    "hearing": "听证",
    "bidding": "招标",
    "auction": "拍卖",
    "testing": "检验",
    "detection": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
}
EXTENSION = "extension"  # the special_procedure of an extension's step (the contract's value)
EXTENSION_LABEL = "延长审批"
STATUTORY_EXTENSION_DAYS = 10  # §42 ①
EXPECTED_DAYS_MAX = 365  # working days a special procedure can be expected to take
LICENCE_LAW_42 = "《中华人民共和国行政许可法》第四十二条第一款"
LICENCE_LAW_45 = "《中华人民共和国行政许可法》第四十五条"


def procedure_label(kind: str | None) -> str:
    """特别程序 by its key (延长审批 for an extension); an unknown key as it is."""
    if kind == EXTENSION:
        return EXTENSION_LABEL
    return SPECIAL_PROCEDURES.get(kind or "", kind or "")


def procedures_text() -> str:
    """听证、招标、拍卖、检验、检测、检疫、鉴定或专家评审"""
    labels = list(SPECIAL_PROCEDURES.values())
    return "、".join(labels[:-1]) + "或" + labels[-1]


def running_deadline(
    calendar: WorkCalendar, legal_due: date, paused_since: date | None, today: date
) -> date:
    """The legal deadline as it stands today: while the clock is stopped (special procedure,
    suspension) every working day after the stop up to today pushes it back, as it will when the
    clock restarts. A clock stopped after the deadline had passed does not bring the case back
    into time."""
    if paused_since is None or paused_since > legal_due:
        return legal_due
    stopped = paused_days(calendar, paused_since, today)
    return calendar.add_working_days(legal_due, stopped).day if stopped else legal_due


def check_extension(
    *,
    case_no: str,
    today: date,
    deadline: date,
    extended_days: int,
    allowed_days: int,
) -> None:
    """Refuse an extension the law does not allow (Conflict, with what the clerk can do)."""
    if extended_days:
        raise Conflict("extension.already_extended", case_no=case_no, extended_days=extended_days)
    if allowed_days <= 0:
        raise Conflict("extension.not_extendable", case_no=case_no)
    if today > deadline:
        raise Conflict("extension.period_over", case_no=case_no, deadline=deadline.isoformat())


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """10 → 十, 15 → 十五, 30 → 三十, 105 → 一百零五: days as the law writes them."""
    if n < 0 or n > 9999:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out
