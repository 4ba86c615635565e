"""Each window refreshes once, and only for what concerns it: a clerk's or a manager's own action
reloads the lists once (the task runner hands over what it changed; the change feed's echo of the
same commit is skipped), and print-job and outbox changes made on another PC reach the windows
that show them through the feed, without a timer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db import changes
from app.db.models import OutboxMessage
from app.domain.codes import DocumentKind, OutboxStatus
from app.services import admin, auth, manager, queue
from app.services import documents as docs
from app.services.feed import Changes
from printing.samples import sample_documents
from tests.intake_helpers import accept_case
from tests.ui.test_manager import _manager_window
from tests.ui.test_queue_windows import _clerk_window, _number
from ui.feed import FeedThread

TICKET = sample_documents()[DocumentKind.QUEUE_TICKET]


def _category(db, prefix: str) -> int:
    return next(c.id for c in admin.list_categories(db) if c.prefix == prefix)


def _counter(db, number: int) -> int:
    return next(c.id for c in admin.list_counters(db) if c.number == number)


def _mark(db) -> None:
    """A commit that concerns none of the windows under test (an online change, by hand)."""
    with db.session() as s:
        changes.note(s, "online_change", [0])


class Heard:
    """What the feed delivered, and a way to know it has read everything committed until now:
    a mark made now arrives after every earlier commit (the feed reads in commit order)."""

    def __init__(self, feed: FeedThread, db, qtbot):
        self.db, self.qtbot = db, qtbot
        self.changes: list[Changes] = []
        feed.changed.connect(self.changes.append)

    def marks(self) -> int:
        return sum(1 for c in self.changes if c.ids.get("online_change"))

    def caught_up(self) -> None:
        seen = self.marks()
        for _ in range(10):  # the first marks may come before the feed noted where it starts
            _mark(self.db)
            try:
                self.qtbot.waitUntil(lambda: self.marks() > seen, timeout=1000)
                return
            except self.qtbot.TimeoutError:
                continue
        raise AssertionError("the change feed delivers nothing")


@pytest.fixture
def feed_for(sqlite_demo_db) -> Callable:
    """`feed_for(ctx)`: the change feed of ctx's PC, skipping its own operations' commits."""
    threads: list[FeedThread] = []

    def make(ctx) -> FeedThread:
        thread = FeedThread(str(sqlite_demo_db.engine.url), own=ctx.runner.own)
        ctx.feed = thread
        threads.append(thread)
        return thread

    yield make
    for thread in threads:
        thread.stop()


def _count_calls(monkeypatch, module, *names: str) -> Counter:
    calls: Counter = Counter()
    for name in names:
        original = getattr(module, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return calls


CLERK_READS = ("window_state", "waiting_for_counter", "held_at_counter")


def test_a_clerk_action_refreshes_the_window_once(desk, make_ctx, feed_for, qtbot, monkeypatch):
    ctx = make_ctx("pc-1")
    db = ctx.db
    feed = feed_for(ctx)
    for _ in range(3):
        queue.issue_ticket(db, _category(db, "A"))
    window = _clerk_window(desk, ctx)
    feed.start()
    heard = Heard(feed, db, qtbot)
    heard.caught_up()
    qtbot.waitUntil(lambda: not window._refresh_soon.isActive(), timeout=2000)

    reads = _count_calls(monkeypatch, queue, *CLERK_READS)
    prints = _count_calls(monkeypatch, docs, "count_unfinished_print_jobs")
    before = len(heard.changes)
    desk.qtbot.keyClick(window, Qt.Key.Key_F1)  # 叫号
    assert _number(window) == "A001"
    assert window.waiting_model.rowCount() == 2
    assert reads == {name: 1 for name in CLERK_READS}  # was 2 each: the answer, then the echo
    assert prints == {"count_unfinished_print_jobs": 1}

    # The feed has read past the call's commit: its echo was skipped, nothing reloads again.
    heard.caught_up()
    assert not window._refresh_soon.isActive()
    assert reads == {name: 1 for name in CLERK_READS}
    assert all(not c.tickets and not c.counters for c in heard.changes[before:])

    # Another PC's call at window 5 (not this window's concern) reloads nothing here either.
    other = auth.authenticate(db, "clerk05", desk.PASSWORD, host="pc-5").actor("pc-5")
    queue.open_counter(db, other, _counter(db, 5))
    qtbot.waitUntil(lambda: any(c.counters for c in heard.changes[before:]), timeout=5000)
    assert not window._refresh_soon.isActive()
    assert reads == {name: 1 for name in CLERK_READS}

    # A ticket of window 1's category taken at a kiosk: one refresh, after the burst.
    queue.issue_ticket(db, _category(db, "A"))
    qtbot.waitUntil(lambda: window.waiting_model.rowCount() == 3, timeout=5000)
    assert reads == {name: 2 for name in CLERK_READS}


def test_a_manager_action_refreshes_the_window_once(desk, make_ctx, feed_for, qtbot, monkeypatch):
    ctx = make_ctx("manager-pc")
    db = ctx.db
    feed = feed_for(ctx)
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "窗口与号票")
    panel = window.windows
    feed.start()
    heard = Heard(feed, db, qtbot)
    heard.caught_up()

    before = window.live_refreshes
    tickets = _count_calls(monkeypatch, manager, "waiting_tickets")
    desk.click_row(panel.counter_view, 4)  # window 5
    desk.click(panel.open_button)
    assert "5 号窗口已开放" in panel.message.text()
    assert next(w for w in window.overview.window_model.rows() if w.number == 5).activity == "idle"
    assert window.live_refreshes == before + 1  # was 2: the panel's signal, then the echo
    assert tickets == {"waiting_tickets": 1}  # was 3

    heard.caught_up()
    assert not window._coalesce.isActive()
    assert window.live_refreshes == before + 1
    assert tickets == {"waiting_tickets": 1}


def test_a_print_job_failed_elsewhere_reaches_the_clerks_list_and_count(
    desk, make_ctx, feed_for, qtbot
):
    clerk_ctx = make_ctx("pc-1")
    db = clerk_ctx.db
    feed_for(clerk_ctx)
    window = _clerk_window(desk, clerk_ctx)
    desk.qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.print_jobs
    qtbot.waitExposed(dialog)
    assert dialog.jobs.model.rowCount() == 0
    clerk_ctx.feed.start()
    Heard(clerk_ctx.feed, db, qtbot).caught_up()

    # a job written elsewhere than by this window's runner (the kiosk, another PC)
    clerk = clerk_ctx.actor
    job = docs.archive_document(db, clerk, TICKET, printer="坏打印机").job
    docs.fail_print_job(db, job.id, "缺纸")
    qtbot.waitUntil(lambda: dialog.jobs.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(
        lambda: window.buttons["print_jobs"].text() == "未完成的打印（1）\nCtrl+P", timeout=5000
    )


def test_an_outbox_message_dead_on_another_pc_reaches_the_managers_panel(
    desk, make_ctx, feed_for, qtbot
):
    ctx = make_ctx("manager-pc")
    db = ctx.db
    feed = feed_for(ctx)
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "网上大厅")
    panel = window.outbox
    assert panel.dead_model.rowCount() == 0
    feed.start()
    Heard(feed, db, qtbot).caught_up()

    clerk = auth.authenticate(db, "clerk01", desk.PASSWORD, host="pc-1").actor("pc-1")
    case = accept_case(db, clerk)  # on PC 1: the case and its messages to the online hall
    with db.reader() as s:
        messages = s.scalars(select(OutboxMessage.id).where(OutboxMessage.case_id == case.id))
        first, *others = sorted(messages)
    qtbot.waitUntil(lambda: f"待发送 {1 + len(others)} 条" in panel.line_label.text(), timeout=5000)
    with db.session() as s:  # the sender on another PC: the online hall refused the first
        s.get(OutboxMessage, first).status = OutboxStatus.DEAD
    qtbot.waitUntil(lambda: panel.dead_model.rowCount() == 1, timeout=5000)
    assert panel.dead_model.row(0).case_no == case.case_no
