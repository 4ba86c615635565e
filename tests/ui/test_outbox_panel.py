"""The manager's outbox panel: dead letters retried or discarded with real clicks, audited; the
status mark shows the line and the counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import AuditLog, ForwardingNode, OutboxMessage
from app.domain.codes import OutboxStatus
from app.services import auth
from app.services.outbox import enqueue_case_event
from tests.forwarding.cases import make_case

DEMO_PASSWORD = "halldesk1"


def _dead_letters(db, count: int) -> list[int]:
    ids = []
    with db.session() as s:
        for n in range(count):
            case = make_case(s, 900 + n)
            message = enqueue_case_event(s, case, "application")
            s.flush()
            message.status = OutboxStatus.DEAD
            message.attempts = 1
            message.last_status_code = 422
            message.last_error = "HTTP 422 invalid_body: data.application.applicant_id_type"
            ids.append(message.id)
    return ids


def _manager_ctx(ctx):
    ctx.user = auth.authenticate(ctx.db, "manager", DEMO_PASSWORD, host="pc-test")
    return ctx


def _select_row(qtbot, view, row: int) -> None:
    index = view.model().index(row, 0)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_retry_and_discard_with_clicks(qtbot, ctx):
    from ui.widgets.outbox_panel import OutboxPanel

    ids = _dead_letters(ctx.db, 2)
    panel = OutboxPanel(_manager_ctx(ctx))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.dead_model.rowCount() == 2
    assert not panel.retry_button.isEnabled()  # nothing selected yet
    assert "待处理 2" in panel.line_label.text()

    _select_row(qtbot, panel.dead_view, 0)
    assert panel.retry_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert panel.dead_model.rowCount() == 1
    assert "已重新排队发送" in panel.message.text()

    panel.ask_reason = lambda letter: "申请人证件类型录错，已重新受理"
    _select_row(qtbot, panel.dead_view, 0)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    assert panel.dead_model.rowCount() == 0

    with ctx.db.reader() as s:
        statuses = [s.get(OutboxMessage, i).status for i in ids]
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.entity == "outbox_message").order_by(AuditLog.id)
        ).all()
        discard = s.scalars(select(AuditLog).where(AuditLog.action == "outbox.discard")).one()
    assert statuses == [OutboxStatus.PENDING, OutboxStatus.DISCARDED]
    assert actions == ["outbox.retry", "outbox.discard"]
    assert discard.username == "manager" and discard.after["reason"].startswith("申请人")


def test_discard_cancelled_changes_nothing(qtbot, ctx):
    from ui.widgets.outbox_panel import OutboxPanel

    _dead_letters(ctx.db, 1)
    panel = OutboxPanel(_manager_ctx(ctx))
    qtbot.addWidget(panel)
    panel.ask_reason = lambda letter: None
    _select_row(qtbot, panel.dead_view, 0)
    qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    assert panel.dead_model.rowCount() == 1


def test_a_clerk_is_refused_and_told_why(qtbot, ctx):
    from ui.widgets.outbox_panel import OutboxPanel

    _dead_letters(ctx.db, 1)
    ctx.user = auth.authenticate(ctx.db, "clerk01", DEMO_PASSWORD, host="pc-test")
    panel = OutboxPanel(ctx)
    qtbot.addWidget(panel)
    _select_row(qtbot, panel.dead_view, 0)
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert "只有大厅管理员" in panel.message.text()
    assert panel.dead_model.rowCount() == 1


def test_status_mark_and_resume(qtbot, ctx):
    from app.clock import utcnow
    from ui.widgets.online_status import OnlineStatusMark
    from ui.widgets.outbox_panel import OutboxPanel

    ctx.settings.online_hall.endpoint = "http://127.0.0.1:9"
    _dead_letters(ctx.db, 1)
    with ctx.db.session() as s:
        s.add(
            ForwardingNode(
                name="gw/forward",
                state="stopped",
                detail="HTTP 401 bad_signature",
                updated_at=utcnow(),
            )
        )
    mark = OnlineStatusMark(ctx)
    qtbot.addWidget(mark)
    assert "已停止发送" in mark.text.text() and "待处理 1" in mark.text.text()
    assert "bad_signature" in mark.toolTip()

    panel = OutboxPanel(_manager_ctx(ctx))
    qtbot.addWidget(panel)
    assert panel.resume_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.resume_button, Qt.MouseButton.LeftButton)
    with ctx.db.reader() as s:
        assert s.get(ForwardingNode, "gw/forward").resume_requested_at is not None


def test_status_mark_when_not_configured(qtbot, ctx):
    from ui.widgets.online_status import OnlineStatusMark

    mark = OnlineStatusMark(ctx)
    qtbot.addWidget(mark)
    assert mark.text.text() == "网上大厅：未配置"


def test_a_conflict_dead_letter_says_why_and_what_to_do(qtbot, ctx):
    """After a manager gave up a case's application, the online hall refuses its next event
    (409): the panel says so in plain words, with the reason the application was given up."""
    from app.domain.codes import Role
    from app.services.context import Actor
    from app.services.forwarding import discard_dead_letter
    from tests.forwarding.cases import accept
    from ui.widgets.outbox_panel import OutboxPanel

    with ctx.db.session() as s:
        case = make_case(s, 950)
        application = enqueue_case_event(s, case, "application")
        accept(case)
        acceptance = enqueue_case_event(s, case, "acceptance")
        case.data_version += 1
        enqueue_case_event(s, case, "completion")
        s.flush()
        application.status = OutboxStatus.DEAD
        application.last_status_code = 422
        application.last_error = "HTTP 422 invalid_body: data.application.applicant_id_type"
        acceptance.status = OutboxStatus.DEAD
        acceptance.attempts = 1
        acceptance.last_status_code = 409
        acceptance.last_error = "HTTP 409 unknown_case: no application has arrived for this case"
        application_id, case_no = application.id, case.case_no
    manager = Actor(user_id=None, username="manager", role=Role.MANAGER, host="pc-test")
    discard_dead_letter(ctx.db, manager, application_id, "证件类型录错，已重新受理为新办件")

    panel = OutboxPanel(_manager_ctx(ctx))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.dead_model.rowCount() == 1
    cause = panel.dead_model.index(0, 2).data()
    assert cause == "网上大厅没有此办件：它的申请消息已被放弃"
    assert "选中一条消息" in panel.dead_detail.text()
    _select_row(qtbot, panel.dead_view, 0)
    detail = panel.dead_detail.text()
    assert detail.startswith(f"{case_no} 受理：网上大厅没有此办件")
    assert "证件类型录错" in detail and "其后还有 1 条" in detail
    assert "请放弃本条" in detail and "网上大厅答复：HTTP 409 unknown_case" in detail
