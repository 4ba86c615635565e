"""The sender inside the desk program: a QThread that reports its status by signal."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models import OutboxMessage
from app.domain.codes import OutboxStatus
from app.domain.outbox import LineState
from app.forwarding.simulator import OnlineHallSimulator
from app.services.outbox import enqueue_case_event
from tests.forwarding.cases import make_case


def test_thread_sends_and_reports_status(qtbot, ctx):
    from ui.forwarding import ForwardingThread
    from ui.widgets.online_status import OnlineStatusMark

    with OnlineHallSimulator({"desk-app": (b"desk-secret", "hmac-sha256")}) as sim:
        hall = ctx.settings.online_hall
        hall.endpoint, hall.app_id, hall.app_secret = sim.url, "desk-app", "desk-secret"
        hall.poll_seconds = 0.05
        with ctx.db.session() as s:
            enqueue_case_event(s, make_case(s, 1), "application")
        mark = OnlineStatusMark(ctx)
        qtbot.addWidget(mark)
        thread = ForwardingThread(ctx.db, ctx.settings)
        thread.status_changed.connect(mark.on_sender_status)
        with qtbot.waitSignal(
            thread.status_changed,
            timeout=10_000,
            check_params_cb=lambda status: status.state is LineState.ONLINE and status.sent_total,
        ):
            thread.start()
        assert thread.shutdown()
        assert "在线" in mark.text.text() or "未运行" in mark.text.text()
        with ctx.db.reader() as s:
            assert s.scalars(select(OutboxMessage.status)).all() == [OutboxStatus.SENT]
        assert sim.state.stats_doc()["recorded"] == 1


def test_thread_without_a_secret_says_why(qtbot, ctx):
    from ui.forwarding import ForwardingThread

    ctx.settings.online_hall.endpoint = "http://127.0.0.1:9"
    ctx.settings.online_hall.app_id = "desk-app"
    thread = ForwardingThread(ctx.db, ctx.settings)
    with qtbot.waitSignal(thread.failed, timeout=5_000) as blocker:
        thread.start()
    assert thread.wait(5_000)
    assert "HALLDESK_ONLINE_HALL__APP_SECRET" in blocker.args[0]
