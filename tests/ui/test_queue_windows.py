"""The queue as the hall's people use it: a clerk working the window from the keyboard, an applicant
at the kiosk, the board following calls made on another PC, and the rating pad after service."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton
from sqlalchemy import select

from app.db.models import Rating, Ticket
from app.domain.codes import CounterState, PriorityReason, TicketStatus
from app.domain.queue import TicketAction, allowed_actions, next_status
from app.services import admin, auth, queue
from ui.application import DeskController
from ui.feed import FeedThread
from ui.windows.board import BoardWindow
from ui.windows.clerk import ClerkWindow
from ui.windows.kiosk import KioskWindow
from ui.windows.rating import RatingPad


def _category(db, prefix: str) -> int:
    return next(c.id for c in admin.list_categories(db) if c.prefix == prefix)


def _counter_id(db, number: int) -> int:
    return next(c.id for c in admin.list_counters(db) if c.number == number)


def _ticket(db, number: str) -> Ticket:
    with db.reader() as session:
        return session.scalars(select(Ticket).where(Ticket.number == number)).one()


def _clerk_window(desk, ctx, username: str = "clerk01", counter: int = 1) -> ClerkWindow:
    controller = DeskController(ctx)
    desk.login(controller.show_login(), username, counter=counter)
    window = controller.window
    assert isinstance(window, ClerkWindow)
    window.show()
    desk.qtbot.waitExposed(window)
    window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window._controller = controller  # keep it alive with the window
    return window


def _key(desk, window, key: Qt.Key) -> None:
    desk.qtbot.keyClick(window, key)


def _number(window: ClerkWindow) -> str:
    return window.findChild(QLabel, "current_number").text()


def test_clerk_calls_recalls_past_the_cap_and_the_ticket_becomes_a_no_show(desk, ctx):
    db = ctx.db
    a = _category(db, "A")
    queue.issue_ticket(db, a)
    queue.issue_ticket(db, a)
    window = _clerk_window(desk, ctx)
    assert window.waiting_model.rowCount() == 2

    _key(desk, window, Qt.Key.Key_F1)  # 叫号
    assert _number(window) == "A001"
    assert _ticket(db, "A001").status == TicketStatus.CALLED
    assert window.waiting_model.rowCount() == 1

    cap = window.state.recall_cap
    for n in range(1, cap + 1):
        _key(desk, window, Qt.Key.Key_F2)  # 重呼
        assert f"第 {n} 次" in window.message.text()
        assert f"已重呼 {n}/{cap} 次" in window.findChild(QLabel, "current_detail").text()
    _key(desk, window, Qt.Key.Key_F2)  # one more than the cap
    assert "重呼已达上限" in window.message.text()
    assert _ticket(db, "A001").status == TicketStatus.NO_SHOW
    assert _number(window) == "—"
    assert window.buttons["call_next"].isEnabled()

    _key(desk, window, Qt.Key.Key_F1)
    assert _number(window) == "A002"


def test_clerk_transfers_a_ticket_to_another_category_from_the_keyboard(desk, ctx):
    db = ctx.db
    queue.issue_ticket(db, _category(db, "A"))
    # Window 3 (real estate) is open on another PC.
    clerk03 = auth.authenticate(db, "clerk03", desk.PASSWORD, host="pc-3")
    auth.start_counter_session(db, clerk03, 3, host="pc-3")
    queue.open_counter(db, clerk03.actor("pc-3"), _counter_id(db, 3))
    window = _clerk_window(desk, ctx)
    _key(desk, window, Qt.Key.Key_F1)
    assert _number(window) == "A001"
    b = _category(db, "B")

    def choose_b(dialog):
        desk.choose(dialog.findChild(type(dialog.category), "transfer_category"), b)
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: _key(desk, window, Qt.Key.Key_F5), choose_b)
    assert "A001 已转移" in window.message.text()
    assert _number(window) == "—"
    # The ticket now waits at the real-estate windows, with its original issue time.
    waiting_at_3 = queue.waiting_for_counter(db, _counter_id(db, 3))
    assert [t.number for t in waiting_at_3] == ["A001"]


def test_clerk_serves_and_finishes_and_the_rating_pad_stores_the_rating(desk, ctx, qtbot):
    db = ctx.db
    queue.issue_ticket(db, _category(db, "A"))
    pad = RatingPad(ctx)
    ctx.rating_pad = pad
    pad.show()
    window = _clerk_window(desk, ctx)
    _key(desk, window, Qt.Key.Key_F1)
    _key(desk, window, Qt.Key.Key_F8)  # 开始办理
    assert _ticket(db, "A001").status == TicketStatus.SERVING
    assert "办理用时" in window.findChild(QLabel, "current_timer").text()

    def tick_first_item(dialog):
        items = dialog.findChild(QListWidget, "service_items")
        assert items.count() > 0
        desk.toggle_checks(items, lambda _data, checked: not checked and items.currentRow() == 0)
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: _key(desk, window, Qt.Key.Key_F4), tick_first_item)
    ticket = _ticket(db, "A001")
    assert ticket.status == TicketStatus.DONE
    assert ticket.finished_at is not None

    # The applicant rates on the pad turned towards them.
    assert "A001" in pad.findChild(QLabel, "rating_prompt").text()
    with qtbot.waitSignal(pad.stored, timeout=2000) as stored:
        desk.click(desk.find(pad, QPushButton, "score_1"))
    assert stored.args[0].score.value == "1"
    with db.reader() as session:
        rating = session.scalars(select(Rating).where(Rating.ticket_id == ticket.id)).one()
        assert rating.score.value == "1"
        assert rating.counter_id == window.counter_id


def test_kiosk_priority_ticket_shows_number_and_people_ahead(desk, ctx):
    db = ctx.db
    a = _category(db, "A")
    queue.issue_ticket(db, a)
    kiosk = KioskWindow(ctx)
    kiosk.show()
    desk.qtbot.waitExposed(kiosk)
    desk.click(desk.find(kiosk, QPushButton, "priority"))
    desk.click(desk.find(kiosk, QPushButton, f"reason_{PriorityReason.ELDERLY.value}"))
    assert "老年人" in kiosk.findChild(QLabel, "kiosk_subtitle").text()
    desk.click(desk.find(kiosk, QPushButton, "category_A"))

    assert kiosk.findChild(QLabel, "confirm_number").text() == "A002"
    detail = kiosk.findChild(QLabel, "confirm_detail").text()
    assert "优先：老年人" in detail
    assert "您前面还有" in detail
    ticket = _ticket(db, "A002")
    assert ticket.priority and ticket.priority_reason == PriorityReason.ELDERLY
    # The waiting count on the button is the new one.
    assert "等候 2 人" in kiosk.category_buttons[a].text()


class _Voice:
    def __init__(self):
        self.said: list[tuple[str, list[str], str]] = []

    def announce(self, text, tokens, key):
        self.said.append((text, list(tokens), key))
        return True


def test_board_shows_a_call_made_on_another_pc_and_announces_it_once(
    desk, make_ctx, qtbot, sqlite_demo_db
):
    board_ctx = make_ctx("board-pc")
    feed = FeedThread(str(sqlite_demo_db.engine.url))
    board_ctx.feed = feed
    voice = _Voice()
    board = BoardWindow(board_ctx, announcer=voice)
    board.show()
    feed.start()
    try:
        # Window 5 is on another PC: it calls through the service, not through this board.
        db = sqlite_demo_db
        queue.issue_ticket(db, _category(db, "C"))
        clerk = auth.authenticate(db, "clerk05", desk.PASSWORD, host="pc-5")
        auth.start_counter_session(db, clerk, 5, host="pc-5")
        counter5 = _counter_id(db, 5)
        queue.open_counter(db, clerk.actor("pc-5"), counter5)
        queue.call_next(db, clerk.actor("pc-5"), counter5)

        qtbot.waitUntil(lambda: "C001" in board.latest.text(), timeout=3000)
        assert "5 号窗口" in board.latest.text()
        assert board.tiles[5].number.text() == "C001"
        assert len(voice.said) == 1
        text, tokens, _key = voice.said[0]
        assert text.startswith("请 C001 号到") and "5 号窗口办理" in text
        assert tokens[:2] == ["chime", "qing"]
    finally:
        feed.stop()


def test_transfer_to_a_category_with_no_open_window_is_refused_and_the_ticket_stays(desk, ctx):
    db = ctx.db
    queue.issue_ticket(db, _category(db, "A"))
    window = _clerk_window(desk, ctx)
    _key(desk, window, Qt.Key.Key_F1)
    b = _category(db, "B")  # no real-estate window is open

    def choose_b(dialog):
        desk.choose(dialog.findChild(type(dialog.category), "transfer_category"), b)
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: _key(desk, window, Qt.Key.Key_F5), choose_b)
    assert "不动产登记" in window.message.text() and "没有开放的窗口" in window.message.text()
    assert _number(window) == "A001"
    ticket = _ticket(db, "A001")
    assert ticket.status == TicketStatus.CALLED and ticket.counter_id == window.counter_id


def test_the_clerk_sees_the_waiting_list_in_the_order_f1_calls_with_the_next_marked(desk, ctx):
    db = ctx.db
    a, e = _category(db, "A"), _category(db, "E")
    queue.issue_ticket(db, a)  # A001 came first, but the 税务 window calls E before A
    queue.issue_ticket(db, e)
    window = _clerk_window(desk, ctx, "clerk02", counter=9)
    model = window.waiting_model
    rows = [[model.index(r, c).data() for c in range(2)] for r in range(model.rowCount())]
    assert rows == [["下一位", "E001"], ["2", "A001"]]
    assert model.index(0, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 1).data(Qt.ItemDataRole.FontRole) is None
    assert "下一位 E001" in window.waiting_title.text()

    _key(desk, window, Qt.Key.Key_F1)
    assert _number(window) == "E001"
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["A001"]
    assert model.index(0, 0).data() == "下一位"


def test_each_ticket_button_follows_the_state_machine_for_every_status(desk, ctx):
    """Which of the clerk's ticket buttons are enabled is what app.domain.queue.allowed_actions
    allows from the current ticket's status (办结 also straight from a call: it starts the
    service first), open or paused; the call buttons need an open window with nobody at it."""
    db = ctx.db
    queue.issue_ticket(db, _category(db, "A"))
    window = _clerk_window(desk, ctx)
    _key(desk, window, Qt.Key.Key_F1)
    called = window.state
    assert called.current is not None
    buttons = {
        "recall": TicketAction.RECALL,
        "no_show": TicketAction.NO_SHOW,
        "start": TicketAction.START,
        "transfer": TicketAction.TRANSFER,
        "hold": TicketAction.HOLD,
    }
    for counter_state in (CounterState.OPEN, CounterState.PAUSED):
        for status in TicketStatus:
            ticket = replace(called.current, status=status)
            window._show_state(replace(called, state=counter_state, current=ticket))
            allowed = allowed_actions(status)
            for name, action in buttons.items():
                assert window.buttons[name].isEnabled() == (action in allowed), (name, status)
            finishable = TicketAction.FINISH in allowed or (
                TicketAction.START in allowed
                and TicketAction.FINISH in allowed_actions(next_status(status, TicketAction.START))
            )
            assert window.buttons["finish"].isEnabled() == finishable, status
            for name in ("call_next", "call_number", "call_back"):
                assert not window.buttons[name].isEnabled()
        window._show_state(replace(called, state=counter_state, current=None))
        for name in buttons.keys() | {"finish"}:
            assert not window.buttons[name].isEnabled()
        for name in ("call_next", "call_number", "call_back"):
            assert window.buttons[name].isEnabled() == (counter_state == CounterState.OPEN)


def test_the_idle_hint_names_the_key_that_works_now(desk, ctx):
    """A closed window's clerk is not told to press F1 (which is off): the hint says Ctrl+O, and
    once the window is open, F1."""
    window = _clerk_window(desk, ctx)
    detail = window.findChild(QLabel, "current_detail")
    desk.qtbot.keyClick(
        window,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    desk.qtbot.waitUntil(lambda: window.state.state == CounterState.CLOSED, timeout=3000)
    assert not window.buttons["call_next"].isEnabled()
    assert "Ctrl+O" in detail.text() and "F1" not in detail.text()

    desk.qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.waitUntil(lambda: window.state.state == CounterState.OPEN, timeout=3000)
    assert window.buttons["call_next"].isEnabled()
    assert detail.text() == "按 F1 叫下一位"
