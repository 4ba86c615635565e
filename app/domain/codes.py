"""Code tables of the domain (see shared/domain.md). Values are what is stored in the database and
sent to the online hall; labels are what people read: `label` in Chinese, `label_in(language)` in
another language where the message catalogue has it (app.messages, ``LABELS``)."""

from __future__ import annotations

import enum

from app import messages


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a Chinese label: ``Member = ("value", "标签")``."""

    label: str

    def __new__(cls, value: str, label: str = ""):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    def label_in(self, language: str) -> str:
        """The label in `language`; the Chinese `label` where there is no translation."""
        return messages.label(type(self).__name__, self.value, language, self.label)


class Role(LabelledEnum):
    CLERK = ("clerk", "窗口工作人员")
    MANAGER = ("manager", "大厅管理员")
    ADMIN = ("admin", "系统管理员")


class CounterState(LabelledEnum):
    CLOSED = ("closed", "关闭")
    OPEN = ("open", "开放")
    PAUSED = ("paused", "暂停")


class TicketStatus(LabelledEnum):
    WAITING = ("waiting", "等待中")
    CALLED = ("called", "已呼叫")
    SERVING = ("serving", "办理中")
    ON_HOLD = ("on_hold", "挂起")
    TRANSFERRED = ("transferred", "已转移")
    NO_SHOW = ("no_show", "过号")
    DONE = ("done", "已办结")
    EXPIRED = ("expired", "已过期")
    VOID = ("void", "已作废")


class PriorityReason(LabelledEnum):
    MILITARY = ("military", "军人依法优先")
    ELDERLY = ("elderly", "老年人")
    DISABLED = ("disabled", "残疾人")
    PREGNANT = ("pregnant", "孕妇")
    OTHER = ("other", "其他")


class TicketSource(LabelledEnum):
    KIOSK = ("kiosk", "取号机")
    WINDOW = ("window", "窗口")
    APPOINTMENT = ("appointment", "预约")


class ApplicantKind(LabelledEnum):
    """申请人类型 per GB/T 39046 (自然人 and the organisation kinds)."""

    PERSON = ("1", "自然人")
    ENTERPRISE = ("2", "企业法人")
    INSTITUTION = ("3", "事业法人")
    SOCIAL_ORG = ("4", "社会组织法人")
    OTHER = ("9", "其他组织")


class IdType(LabelledEnum):
    """证件类型代码 (3 digits). Stored as the code string; never renumber a member.

    GB/T 39046 leaves the code table to the public-security one, GA/T 517-2004 常用证件代码, which
    gives 111–117, 414, 511, 516, 553 and 990 here. That table predates the 2018 residence permits
    of Hong Kong, Macao and Taiwan residents and has no code for them; 237 and 238 are the codes
    the tax administration's 身份证件类型 table gives the two permits (free in GA/T 517). 001 for
    the unified social credit code is this program's own (organisations). Each type's number is
    checked by its own rule (`app.domain.validation.validate_id`)."""

    RESIDENT_ID = ("111", "居民身份证")
    TEMP_RESIDENT_ID = ("112", "临时居民身份证")
    HOUSEHOLD_REGISTER = ("113", "户口簿")
    MILITARY_OFFICER = ("114", "中国人民解放军军官证")
    ARMED_POLICE_OFFICER = ("115", "中国人民武装警察部队警官证")
    BIRTH_CERTIFICATE = ("117", "出生医学证明")
    HK_MACAO_RESIDENCE_PERMIT = ("237", "港澳居民居住证")
    TAIWAN_RESIDENCE_PERMIT = ("238", "台湾居民居住证")
    HK_MACAO_PERMIT = ("516", "港澳居民来往内地通行证")
    TAIWAN_PERMIT = ("511", "台湾居民来往大陆通行证")
    PASSPORT = ("414", "普通护照")
    FOREIGN_PERMANENT = ("553", "外国人永久居留身份证")
    USCC = ("001", "统一社会信用代码")
    OTHER = ("990", "其他")


class CaseType(LabelledEnum):
    INSTANT = ("1", "即办件")
    PROMISED = ("2", "承诺件")
    JOINT = ("3", "联办件")
    ESCALATED = ("4", "上报件")


class CaseSource(LabelledEnum):
    WINDOW = ("window", "窗口")
    ONLINE = ("online", "网上")
    OTHER = ("other", "其他")


class CaseStatus(LabelledEnum):
    DRAFT = ("draft", "草稿")
    RECEIVED = ("received", "已收件")
    NEEDS_SUPPLEMENT = ("needs_supplement", "待补正")
    ACCEPTED = ("accepted", "已受理")
    REJECTED = ("rejected", "不予受理")
    IN_PROGRESS = ("in_progress", "办理中")
    SPECIAL_PROCEDURE = ("special_procedure", "特别程序")
    SUSPENDED = ("suspended", "中止")
    COMPLETED = ("completed", "已办结")
    DELIVERED = ("delivered", "已送达")
    WITHDRAWN = ("withdrawn", "已撤回")
    TERMINATED = ("terminated", "已终止")  # 终止: the supplement deadline passed (see case.py)
    VOID = ("void", "作废")


class MaterialReceiveMode(LabelledEnum):
    ORIGINAL = ("original", "原件")
    COPY = ("copy", "复印件")
    ELECTRONIC = ("electronic", "电子件")


class CompletionResult(LabelledEnum):
    GRANTED = ("granted", "准予许可")
    DENIED = ("denied", "不予许可")


class DeliveryMethod(LabelledEnum):
    WINDOW = ("window", "窗口领取")
    MAIL = ("mail", "邮寄送达")
    ELECTRONIC = ("electronic", "电子送达")


class DocumentKind(LabelledEnum):
    QUEUE_TICKET = ("queue_ticket", "排队号票")
    ACCEPTANCE_NOTICE = ("acceptance_notice", "受理通知书")
    SUPPLEMENT_NOTICE = ("supplement_notice", "一次性告知书")
    REJECTION_NOTICE = ("rejection_notice", "不予受理通知书")
    DECISION = ("decision", "办理决定书")  # 准予/不予行政许可决定书, 不予登记决定书 …
    MATERIALS_RECEIPT = ("materials_receipt", "材料接收凭证")
    GAP_COMMITMENT = ("gap_commitment", "容缺受理承诺书")
    TERMINATION_NOTICE = ("termination_notice", "终止办理通知书")
    EXTENSION_NOTICE = ("extension_notice", "延期告知书")  # 行政许可法 §42
    SPECIAL_PROCEDURE_NOTICE = ("special_procedure_notice", "特别程序告知书")  # §45
    DAILY_REPORT = ("daily_report", "大厅日报")
    MONTHLY_REPORT = ("monthly_report", "大厅月报")


class PrintJobStatus(LabelledEnum):
    PENDING = ("pending", "等待打印")
    PRINTING = ("printing", "打印中")
    DONE = ("done", "已打印")
    FAILED = ("failed", "打印失败")
    CANCELLED = ("cancelled", "已取消")


class OutboxStatus(LabelledEnum):
    PENDING = ("pending", "待发送")
    SENT = ("sent", "已发送")
    DEAD = ("dead", "发送失败待处理")
    DISCARDED = ("discarded", "已放弃")


class RatingScore(LabelledEnum):
    """GB/T 39046 codes: 1 = 非常满意 … 5 = 非常不满意. Other targets map explicitly."""

    VERY_SATISFIED = ("1", "非常满意")
    SATISFIED = ("2", "满意")
    BASICALLY_SATISFIED = ("3", "基本满意")
    DISSATISFIED = ("4", "不满意")
    VERY_DISSATISFIED = ("5", "非常不满意")

    @property
    def negative(self) -> bool:
        return self in (RatingScore.DISSATISFIED, RatingScore.VERY_DISSATISFIED)


class CalendarDayKind(LabelledEnum):
    HOLIDAY = ("holiday", "法定节假日（休息）")
    WORKDAY = ("workday", "调休上班日")
