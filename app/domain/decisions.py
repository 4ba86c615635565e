"""What a decision on an application says, in law: no database, no Qt.

- `wording(item_type, item_name)`: the words a result is given in, by the kind of item. A licence
  (01 行政许可) is 准予/不予行政许可 with its 决定书 (行政许可法 §38); a registration is 准予/不予登记,
  a benefit 准予/不予给付, a public service 已办理/不予办理. Only a licence's grant has a decision
  document of its own; every denial has one, because a denial must state its reasons, its legal
  basis and the applicant's remedies.
- `RejectionGround`: the grounds for 不予受理 with the clause they rest on (§32 ①(一)(二), §78), so
  the notice names the clause, never a bare "第三十二条".
- `check_legal_basis`: a basis the clerk writes must name a law and an article.
- `Remedies` and `require_remedies`: 行政复议 within 60 days (行政复议法 §20) and 行政诉讼 within
  6 months (行政诉讼法 §46), naming the review body and the court. They differ by department
  (a vertically managed office such as tax is reviewed by the tax authority above it, not by the
  city), so they are set per department by an admin; a denial whose department has none set is
  refused before anything is saved, with what to configure.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from app.errors import ValidationError

LICENCE = "01"
REVIEW_DAYS = 60  # 行政复议法 (2023) 第二十条
LAWSUIT_MONTHS = 6  # 行政诉讼法 第四十六条
LICENCE_LAW = "《中华人民共和国行政许可法》"


@dataclass(frozen=True)
class Wording:
    """How an item's result reads: on screens, on the receipt and on the decision documents."""

    granted: str  # 准予行政许可
    denied: str  # 不予行政许可
    grant_title: str | None  # 准予行政许可决定书; None: the grant has no document of its own
    deny_title: str  # 不予行政许可决定书
    grant_basis: str = ""  # the clause a grant rests on, printed on its document

    def result(self, granted: bool) -> str:
        return self.granted if granted else self.denied


_LICENCE = Wording(
    "准予行政许可",
    "不予行政许可",
    "准予行政许可决定书",
    "不予行政许可决定书",
    grant_basis=f"{LICENCE_LAW}第三十八条第一款",
)
_BY_TYPE = {
    "05": Wording("准予给付", "不予给付", None, "不予给付决定书"),
    "07": Wording("予以确认", "不予确认", None, "不予确认决定书"),
    "20": Wording("已办理", "不予办理", None, "不予办理告知书"),
}
_REGISTRATION = Wording("准予登记", "不予登记", None, "不予登记决定书")
_OTHER = Wording("予以办理", "不予办理", None, "不予办理决定书")


def wording(item_type: str | None, item_name: str = "") -> Wording:
    """The words for an item's result. A registration (an item named …登记 that is not a licence)
    is 准予登记 whatever its type code; a licence stays a licence even when named 登记 (company
    registration is a licence in the catalog: 准予行政许可)."""
    code = (item_type or "").strip()
    if code == LICENCE:
        return _LICENCE
    name = re.sub(r"[（(][^（）()]*[）)]$", "", item_name.strip())  # …登记（存量房买卖）
    if name.endswith("登记") and code != "20":
        return _REGISTRATION
    return _BY_TYPE.get(code, _OTHER)


class RejectionGround(enum.StrEnum):
    """不予受理的情形, with the reason a clerk would write and the clause it rests on."""

    NOT_COMPETENT = "not_competent"  # the usual one: listed first
    NOT_LICENCE = "not_licence"
    FALSE_MATERIALS = "false_materials"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _GROUNDS[self][0]

    @property
    def reason(self) -> str:
        return _GROUNDS[self][1]

    @property
    def basis(self) -> str:
        return _GROUNDS[self][2]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(g.value, g.label) for g in cls]


_GROUNDS = {
    RejectionGround.NOT_LICENCE: (
        "依法不需要取得行政许可",
        "申请事项依法不需要取得行政许可",
        f"{LICENCE_LAW}第三十二条第一款第一项",
    ),
    RejectionGround.NOT_COMPETENT: (
        "不属于本机关职权范围",
        "申请事项依法不属于本机关职权范围",
        f"{LICENCE_LAW}第三十二条第一款第二项",
    ),
    RejectionGround.FALSE_MATERIALS: (
        "隐瞒有关情况或者提供虚假材料",
        "申请人隐瞒有关情况或者提供虚假材料申请行政许可",
        f"{LICENCE_LAW}第七十八条",
    ),
    RejectionGround.OTHER: ("其他情形（须写明依据）", "", ""),
}

_LAW = re.compile(r"《[^《》]{2,}》")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇两0-9]+条")
_BARE_32 = re.compile(r"《中华人民共和国行政许可法》第三十二条(?!第)")
BASIS_MAX = 500


def check_legal_basis(text: str | None, *, field: str = "decision_basis") -> str:
    """A legal basis that names a law in 《》 and an article (第…条), and not only "行政许可法第三十
    二条", which covers every outcome of an application and says nothing of this one."""
    basis = " ".join((text or "").split())
    if not basis:
        raise ValidationError(
            "decision.basis_required",
            field=field,
        )
    if len(basis) > BASIS_MAX:
        raise ValidationError("decision.basis_too_long", max_length=BASIS_MAX, field=field)
    if not _LAW.search(basis) or not _ARTICLE.search(basis):
        raise ValidationError(
            "decision.basis_needs_law_and_article",
            field=field,
        )
    if _BARE_32.search(basis) and not re.search(r"》第三十二条第", basis):
        raise ValidationError(
            "decision.basis_article_32_too_broad",
            field=field,
        )
    return basis


@dataclass(frozen=True)
class Remedies:
    """Where the applicant can challenge a rejection or a denial."""

    review_body: str  # 行政复议机关
    court: str  # 人民法院

    def text(self, document: str = "本决定书") -> str:
        return (
            f"如不服本决定，可以自收到{document}之日起{_cn(REVIEW_DAYS)}日内向{self.review_body}"
            f"申请行政复议，也可以自收到{document}之日起{_cn(LAWSUIT_MONTHS)}个月内依法向"
            f"{self.court}提起行政诉讼。"
        )


def _cn(n: int) -> str:
    return {60: "六十", 6: "六"}.get(n, str(n))


def require_remedies(
    department: str | None, review_body: str | None, court: str | None, *, decision: str
) -> Remedies:
    """The department's remedies, or a ValidationError telling the clerk that the admin must set
    them first (a denial without them would not hold up: §38)."""
    review_body = (review_body or "").strip()
    court = (court or "").strip()
    if review_body and court:
        return Remedies(review_body, court)
    missing = "、".join(
        name for name, value in (("行政复议机关", review_body), ("人民法院", court)) if not value
    )
    who = f"“{department}”" if department else "本事项（未填写实施部门）"
    raise ValidationError(
        "decision.remedy_bodies_missing",
        who=who,
        missing=missing,
        decision=decision,
        field="department",
    )
