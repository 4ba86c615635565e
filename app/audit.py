"""The audit log: appended in the caller's transaction, so the change and its record commit or
roll back together. There is deliberately no function here to change or delete an entry."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.clock import utcnow
from app.db.models import AuditLog
from app.services.context import Actor


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The listed attributes of a model object as JSON-ready values (never secrets)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


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
    entry = AuditLog(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.username,
        host=actor.host,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    session.add(entry)
    return entry


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
    "calendar.save_day": "设置节假日/调休日",
    "calendar.delete_day": "删除节假日/调休日设置",
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
    "case.void": "办件作废",
    "ticket.move": "移动号票到其他队列",
    "ticket.void": "作废号票",
    "hall.manager_limits": "修改暂停时限、临期提醒与重呼次数上限",
    "category.wait_target": "修改等候目标时长",
    "rating.follow_up": "登记差评整改回访",
}

ENTITY_LABELS = {
    "app_user": "用户",
    "counter": "窗口",
    "counter_session": "窗口登录",
    "queue_category": "业务类别",
    "hall": "大厅",
    "ticket": "号票",
    "service_case": "办件",
    "service_item": "事项",
    "calendar_override": "节假日设置",
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
