"""The audit log: appended in the caller's transaction, so the change and its record commit or
roll back together. There is deliberately no function here to change or delete an entry.

Every entry is a link of one hash chain (app/domain/audit_chain.py). `record` only queues the
entry on the session; when the transaction commits, `_link_pending_entries` flushes the rest of
the work, takes the chain's head (on PostgreSQL under a transaction-level advisory lock, so PCs
writing at once still make one line; on SQLite the write transaction already holds the file's
write lock since BEGIN IMMEDIATE), gives each entry its place and hashes and inserts them. The
chain's lock is thus the last lock a transaction takes and is held only for those inserts and the
commit: no deadlock with the row locks taken before it, and the wait is short. Ids are assigned
under it too, so ids follow the chain's order (and the change feed, which reads entries by id,
never sees a later id commit before an earlier one).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, SessionTransaction

from app.clock import in_hall, utcnow
from app.db.models import AuditLog
from app.domain import audit_chain
from app.domain.json_values import json_value
from app.services.context import Actor

AUDIT_CHAIN_LOCK = 0x41756469  # PostgreSQL advisory lock key ("Audi") held while linking entries
_PENDING = "halldesk.audit_pending"


def _stored(value: dict[str, Any] | None) -> Any:
    """The value as the database will give it back (a JSON round trip), so the hash taken now is
    the one the walk recomputes later."""
    if value is None:
        return None
    return json.loads(json.dumps(json_value(value), ensure_ascii=False, allow_nan=False))


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The listed attributes of a model object as JSON-ready values (never secrets)."""
    return {name: json_value(getattr(obj, name)) for name in fields}


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Queue an entry; it is written when the session's transaction commits (and dropped with it
    when it rolls back). Its id, place and hashes are set then."""
    entry = AuditLog(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.username,
        host=actor.host,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=_stored(before),
        after=_stored(after),
    )
    session.info.setdefault(_PENDING, []).append(entry)
    return entry


def chain_head(session: Session) -> tuple[int, str]:
    """The last entry's place and hash ((0, GENESIS) for an empty log). Call it only while the
    chain is held: in a write transaction, after `_hold_chain`."""
    row = session.execute(
        text("SELECT chain_seq, entry_hash FROM audit_log ORDER BY chain_seq DESC LIMIT 1")
    ).one_or_none()
    return (row[0], row[1]) if row is not None else (0, audit_chain.GENESIS)


def _hold_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # A statement of its own: in READ COMMITTED the next statement's snapshot then sees the
        # entry the previous holder committed before letting go.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


def link(entry: AuditLog, seq: int, prev_hash: str) -> str:
    """Give `entry` its place and hashes; returns its hash (the next entry's prev_hash)."""
    entry.chain_seq = seq
    entry.prev_hash = prev_hash
    entry.entry_hash = audit_chain.entry_hash(
        **{name: getattr(entry, name) for name in audit_chain.HASHED_COLUMNS}
    )
    return entry.entry_hash


@event.listens_for(Session, "before_commit")
def _link_pending_entries(session: Session) -> None:
    pending: list[AuditLog] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # the transaction's own work first: its locks and its constraint errors
    _hold_chain(session)
    seq, head = chain_head(session)
    for entry in pending:
        seq += 1
        head = link(entry, seq, head)
    session.add_all(pending)
    session.flush()


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending_entries(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction, not a savepoint inside it
        session.info.pop(_PENDING, None)


# How the admin window names actions and records; an unknown code is shown as it is.
ACTION_LABELS = {
    "login": "登录",
    "login.failed": "登录失败",
    "login.locked": "账号锁定",
    "user.create": "新建用户",
    "user.update": "修改用户",
    "user.enable": "启用用户",
    "user.disable": "停用用户",
    "user.reset_password": "重置密码",
    "user.change_password": "修改密码",
    "user.unlock": "解锁账号",
    "user.assign_counters": "分配窗口",
    "category.create": "新建业务类别",
    "category.update": "修改业务类别",
    "counter.create": "新建窗口",
    "counter.update": "修改窗口",
    "counter.open": "开放窗口",
    "counter.pause": "暂停窗口",
    "counter.resume": "恢复窗口",
    "counter.close": "关闭窗口",
    "counter_session.start": "窗口登录",
    "counter_session.resume": "窗口恢复登录",
    "counter_session.end": "窗口退出",
    "counter_session.take_over": "接管窗口",
    "hall.update_from_settings": "按设置更新大厅信息",
    "demo.seed": "载入示范大厅",
    "station.exit": "退出全屏终端",
    "station.exit_refused": "退出全屏终端被拒绝",
    "service_item.create": "新建事项",
    "service_item.update": "修改事项",
    "service_item.enable": "启用事项",
    "service_item.disable": "停用事项",
    "catalog.import": "导入事项目录",
    "department.save": "设置部门的复议机关与法院",
    "calendar.save_day": "设置节假日/调休日",
    "calendar.delete_day": "删除节假日/调休日设置",
    "calendar.confirm_year": "确认年度放假安排",
    "calendar.unconfirm_year": "撤销年度放假安排的确认",
    "calendar.import_year": "导入年度放假安排",
    "case.recompute_deadlines": "放假安排变化后重算办件期限",
    "document.print": "打印文书",
    "document.reprint": "补打文书",
    "print_job.cancel": "取消打印任务",
    "print_job.change_printer": "更换打印机",
    "outbox.retry": "重发网上大厅消息",
    "outbox.discard": "放弃网上大厅消息",
    "forwarding.resume": "恢复向网上大厅发送",
    "online_change.apply": "确认网上办理变更",
    "case.accept": "受理办件",
    "case.accept_with_gaps": "容缺受理办件",
    "case.gap_received": "容缺材料补交",
    "case.gap_override": "容缺材料未补齐先行办结",
    "case.request_supplement": "一次性告知补正",
    "case.supplements_in": "补正材料收齐并受理",
    "case.reject": "不予受理",
    "case.complete_on_spot": "即办件当场办结",
    "case.start": "办件开始办理",
    "case.step": "记录办理环节",
    "case.begin_special": "办件进入特别程序",
    "case.end_special": "办件特别程序结束",
    "case.suspend": "办件中止",
    "case.resume": "办件恢复办理",
    "case.extend": "办件延长期限",
    "case.complete": "办件办结",
    "case.deliver": "办件送达",
    "case.withdraw": "办件撤回",
    "case.receive": "收件（待决定是否受理）",
    "case.deemed_accept": "收件逾期未决定，视为受理",
    "case.accept_anew": "补正逾期，按新申请受理",
    "case.terminate": "办件终止办理",
    "case.void": "办件作废",
    "ticket.move": "移动号票到其他队列",
    "ticket.void": "作废号票",
    "hall.manager_limits": "修改暂停时限、临期提醒与重呼次数上限",
    "hall.case_number_rule": "修改办件编号规则",
    "hall.case_number_rule_from_settings": "按升级后首台电脑的设置确定办件编号规则",
    "category.wait_target": "修改等候目标时长",
    "rating.follow_up": "登记差评整改回访",
}

ENTITY_LABELS = {
    "app_user": "用户",
    "department": "部门",
    "counter": "窗口",
    "counter_session": "窗口登录",
    "queue_category": "业务类别",
    "hall": "大厅",
    "ticket": "号票",
    "service_case": "办件",
    "service_item": "事项",
    "calendar_override": "节假日设置",
    "calendar_year": "年度放假安排",
    "printed_document": "文书",
    "print_job": "打印任务",
    "outbox_message": "网上大厅消息",
    "forwarding_node": "网上大厅发送程序",
    "online_change": "网上办理变更",
    "rating": "好差评",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


# How the admin window names the fields an entry records; the audit keeps the field names (they
# are what a query or an export matches), people read these.
FIELD_LABELS = {
    # the demo hall
    "categories": "业务类别",
    "counters": "窗口",
    "users": "用户",
    "service_items": "事项",
    # users and logins
    "username": "用户名",
    "full_name": "姓名",
    "staff_no": "工号",
    "role": "角色",
    "active": "启用",
    "must_change_password": "须修改密码",
    "password": "密码",
    "failed_logins": "连续登录失败次数",
    "locked_until": "锁定至",
    "station": "工作站",
    "action": "操作",
    "counter": "窗口号",
    "counter_id": "窗口",
    "user_id": "用户",
    "host": "电脑",
    "ended_at": "结束时间",
    "taken_by": "接替人",
    # categories, windows, the hall
    "prefix": "号码前缀",
    "name": "名称",
    "description": "说明",
    "name_en": "英文名称",
    "number_digits": "号码位数",
    "priority_enabled": "设优先号",
    "priority_every_n": "每几个普通号叫一个优先号",
    "wait_target_minutes": "等候目标（分钟）",
    "avg_service_minutes": "平均办理（分钟）",
    "sort_order": "排序",
    "number": "号码",
    "location": "位置",
    "call_mode": "叫号方式",
    "weights": "权重",
    "state": "状态",
    "pause_reason": "暂停原因",
    "code": "编码",
    "region_code": "行政区划代码",
    "uscc": "统一社会信用代码",
    "timezone": "时区",
    "pause_limit_minutes": "暂停时限（分钟）",
    "due_soon_working_days": "临期提醒（工作日）",
    "recall_cap": "重呼次数上限",
    "case_number_rule": "办件编号规则",
    "category_id": "业务类别",
    # service items
    "implementation_code": "实施编码",
    "basic_code": "基本编码",
    "case_type": "办件类型",
    "item_type": "事项类型",
    "department": "实施部门",
    "legal_limit_days": "法定时限（工作日）",
    "promised_limit_days": "承诺时限（工作日）",
    "extension_limit_days": "可延长时限（工作日）",
    "fee": "收费",
    "handling_modes": "办理方式",
    "consult_phone": "咨询电话",
    "supervise_phone": "监督电话",
    "materials": "材料数",
    "late": "逾期件数",
    "gap_eligible": "可容缺",
    "gap_due_date": "补交期限",
    "created": "新增",
    "updated": "修改",
    "source": "来源",
    "item_code": "事项编码",
    # cases, documents, printing, forwarding
    "status": "状态",
    "reason": "原因",
    "note": "说明",
    "due": "期限",
    "on_time": "按时",
    "kind": "类型",
    "case_id": "办件",
    "case_no": "办件编号",
    "doc_no": "文书编号",
    "document_id": "文书",
    "reprint_of_id": "补打自",
    "sha256": "文件校验值",
    "printer": "打印机",
    "ticket_id": "号票",
    "attempts": "发送次数",
    "last_status_code": "最近响应码",
    "last_error": "最近错误",
    "remote_id": "网上大厅编号",
    "event_type": "消息类型",
    "nodes": "发送程序",
    "cases": "办件数",
    "changed": "改动天数",
    # what intake records with a case (and sends on)
    "accepted_at": "受理时间",
    "accepting_unit_name": "受理单位",
    "accepting_unit_uscc": "受理单位信用代码",
    "address": "地址",
    "agent_id_number": "代理人证件号码",
    "agent_id_type": "代理人证件类型",
    "agent_name": "代理人",
    "applicant_id_number": "申请人证件号码",
    "applicant_id_type": "申请人证件类型",
    "applicant_kind": "申请人类型",
    "applicant_name": "申请人",
    "applied_at": "申请时间",
    "by": "经办人",
    "certificate_name": "证照名称",
    "certificate_no": "证照编号",
    "competent_body": "主管部门",
    "completed_at": "办结时间",
    "completion_handler": "办结人",
    "completion_result": "办结结果",
    "contact_mobile": "联系电话",
    "count": "份数",
    "days": "天数",
    "delivered_at": "送达时间",
    "delivery_method": "送达方式",
    "delivery_note": "送达说明",
    "due_date": "期限",
    "fee_amount": "收费金额",
    "gaps": "缺少的材料",
    "handler": "经办人",
    "item_name": "事项名称",
    "legal_due_date": "法定办结日期",
    "legal_representative": "法定代表人",
    "method": "方式",
    "missing": "缺少",
    "notice_no": "通知书编号",
    "opinion": "意见",
    "paused_working_days": "中止工作日数",
    "postcode": "邮编",
    "promised_date": "承诺办结日期",
    "receive_mode": "收取方式",
    "received": "已收取",
    "received_at": "收取时间",
    "rejection_reason": "不予受理理由",
    "denial_reason": "不予许可理由",
    "decision_basis": "法律依据",
    "basis": "法律依据",
    "ground": "不予受理情形",
    "review_body": "行政复议机关",
    "court": "人民法院",
    "vertical": "垂直管理",
    "required": "必需",
    "requirement": "要求",
    "result_mailed": "结果邮寄",
    "special_procedure": "特别程序",
    "started_at": "开始时间",
    "step_name": "环节",
    "supplement_due_date": "补正期限",
    "decision_due_date": "受理决定期限",
    "deemed": "视为受理",
    "defect": "不符合要求之处",
    "previous_case_no": "原办件编号",
    "new_case_no": "新办件编号",
    "supplement_requested_at": "一次性告知时间",
    "target_counter_id": "转至窗口",
    "to_category": "转至类别",
    "with_gaps": "容缺",
    # extensions (§42) and special procedures (§45)
    "approver": "批准负责人",
    "approver_title": "负责人职务",
    "legal_due_date_before": "原法定办结日期",
    "promised_date_before": "原承诺办结日期",
    "expected_working_days": "预计所需工作日",
    "expected_end": "预计结束日期",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def _shown(value: Any) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list):
        return "、".join(_shown(v) for v in value) or "（无）"
    if isinstance(value, dict):
        return "、".join(f"{k}:{_shown(v)}" for k, v in value.items()) or "（无）"
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:  # a time stored as ISO text, in UTC: shown on the hall's clock
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return in_hall(moment).strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def describe(data: dict[str, Any] | None) -> str:
    """An entry's recorded values as people read them: 业务类别 7；窗口 12；…"""
    if not data:
        return ""
    return "；".join(f"{field_label(k)} {_shown(v)}" for k, v in data.items())
