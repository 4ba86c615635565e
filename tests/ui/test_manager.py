"""The manager's window as a manager uses it: logging in reaches it; the overview follows a ticket
issued on another PC through the real change feed; an alert appears and clears; a report exported
as XLSX and PDF says what the statistics say; voiding and moving tickets and recording a follow-up
through the dialogs; and every tab rendered to a PNG for a person to look at."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlalchemy import select

from app.clock import utcnow
from app.db.models import AuditLog, Ticket
from app.domain.codes import RatingScore, TicketStatus
from app.services import admin, auth, queue, rating, stats
from app.services import manager as manager_service
from tests.app.test_stats import DAY, build_known_day
from ui.application import DeskController
from ui.feed import FeedThread
from ui.widgets.manager_common import selected_row
from ui.windows.manager import ManagerWindow

SHOTS = Path("/tmp/halldesk-shots")


def _category(db, prefix: str) -> int:
    return next(c.id for c in admin.list_categories(db) if c.prefix == prefix)


def _counter(db, number: int) -> int:
    return next(c.id for c in admin.list_counters(db) if c.number == number)


def _manager_window(desk, ctx) -> ManagerWindow:
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "manager")
    window = controller.window
    assert isinstance(window, ManagerWindow)
    window._controller = controller
    window.show()
    desk.qtbot.waitExposed(window)
    return window


def _category_row(window: ManagerWindow, prefix: str):
    return next(c for c in window.overview.category_model.rows() if c.prefix == prefix)


def _other_pc(db, username: str, number: int):
    user = auth.authenticate(db, username, "halldesk1", host=f"pc-{number}")
    return user.actor(f"pc-{number}"), _counter(db, number)


@pytest.fixture
def feed(make_ctx, sqlite_demo_db):
    thread = FeedThread(str(sqlite_demo_db.engine.url))
    yield thread
    thread.stop()


def _start(feed, qtbot) -> None:
    """Start the feed and give it time to note where the database stands (it reports what comes
    after that)."""
    feed.start()
    qtbot.waitUntil(feed.isRunning, timeout=2000)
    qtbot.wait(400)


def test_manager_login_reaches_the_manager_window_with_its_tabs(desk, ctx):
    window = _manager_window(desk, ctx)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[0] == "实时概况" and "网上大厅" in titles and "办件监察" in titles
    assert len(window.overview.window_model.rows()) == 12
    assert window.overview.banner.text() == "目前没有告警"


def test_overview_updates_when_a_ticket_is_issued_on_another_pc(desk, make_ctx, feed, qtbot):
    ctx = make_ctx("manager-pc")
    ctx.feed = feed
    window = _manager_window(desk, ctx)
    _start(feed, qtbot)
    db = ctx.db
    assert _category_row(window, "A").waiting == 0
    before = window.live_refreshes

    queue.issue_ticket(db, _category(db, "A"))  # the kiosk, another PC
    qtbot.waitUntil(lambda: _category_row(window, "A").waiting == 1, timeout=5000)
    assert window.live_refreshes == before + 1  # one fetch for the change, no reloading otherwise
    assert "正在等候 1 人" in window.overview.summary.text()

    # a window opened and a call made at window 1 on another PC
    clerk, counter = _other_pc(db, "clerk01", 1)
    queue.open_counter(db, clerk, counter)
    queue.call_next(db, clerk, counter)
    qtbot.waitUntil(
        lambda: (
            next(w for w in window.overview.window_model.rows() if w.number == 1).current_number
            == "A001"
        ),
        timeout=5000,
    )
    assert _category_row(window, "A").waiting == 0


def test_an_alert_appears_and_clears(desk, make_ctx, feed, qtbot):
    ctx = make_ctx("manager-pc")
    ctx.feed = feed
    window = _manager_window(desk, ctx)
    _start(feed, qtbot)
    db = ctx.db
    # A ticket for C taken 25 minutes ago (target 20) while no window serves C.
    queue.issue_ticket(db, _category(db, "C"), now=utcnow() - timedelta(minutes=25))
    qtbot.waitUntil(lambda: "告警：" in window.overview.banner.text(), timeout=5000)
    banner = window.overview.banner.text()
    assert "超过目标 20 分钟" in banner and "没有开放的窗口" in banner
    assert window.tabs.tabText(1) == "告警记录（2）"
    assert all(a.active for a in window.alerts.model.rows())

    clerk, counter = _other_pc(db, "clerk05", 5)
    queue.open_counter(db, clerk, counter)
    queue.call_next(db, clerk, counter)
    qtbot.waitUntil(lambda: window.overview.banner.text() == "目前没有告警", timeout=5000)
    assert window.tabs.tabText(1) == "告警记录"
    history = window.alerts.model.rows()
    assert len(history) == 2 and all(a.ended_at is not None for a in history)
    shown = [window.alerts.model.data(window.alerts.model.index(r, 3)) for r in range(2)]
    assert "持续中" not in shown


def test_a_pause_alert_starts_on_time_without_any_event(desk, ctx, qtbot):
    window = _manager_window(desk, ctx)
    db = ctx.db
    clerk, counter = _other_pc(db, "clerk03", 3)
    queue.open_counter(db, clerk, counter)
    # paused 15 minutes ago less two seconds (the limit is 15 minutes): no alert yet
    queue.pause_counter(
        db, clerk, counter, "临时离开", now=utcnow() - timedelta(minutes=15) + timedelta(seconds=2)
    )
    window.refresh_live()
    assert window.overview.alerts == ()
    assert window._next_check.isActive() and window._next_check.remainingTime() <= 3500
    qtbot.waitUntil(lambda: len(window.overview.alerts) == 1, timeout=6000)
    assert "3 号窗口暂停超过 15 分钟（临时离开）" in window.overview.banner.text()


def test_report_exported_as_xlsx_and_pdf_matches_the_statistics(desk, ctx, tmp_path):
    build_known_day(ctx.db)
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "报表")
    panel = window.reports
    panel.day.setDate(QDate(DAY.year, DAY.month, DAY.day))
    desk.click(panel.build_button)
    assert "大厅日报（2025年3月4日）已生成" in panel.message.text()
    assert "13.2" in panel.preview.toPlainText()

    paths = {"xlsx": tmp_path / "day.xlsx", "pdf": tmp_path / "day.pdf"}
    panel.ask_path = lambda _title, suggested, _pattern: str(paths[suggested.rsplit(".", 1)[1]])
    desk.click(panel.xlsx_button)
    desk.click(panel.pdf_button)
    assert "已导出 PDF 并存档" in panel.message.text()

    expected = stats.ticket_stats(ctx.db, DAY, DAY)
    book = openpyxl.load_workbook(paths["xlsx"])
    figures = {r[0].value: r[1].value for r in book["概况"].iter_rows(min_row=7)}
    assert figures["取号总数"] == expected.total.issued
    assert figures["办结"] == expected.total.served
    assert figures["等候中位数（分钟）"] == pytest.approx(round(expected.total.wait.median, 1))
    assert figures["90%的人等候不超过（分钟）"] == pytest.approx(round(expected.total.wait.p90, 1))
    by_window = {r[0].value: r for r in book["按窗口"].iter_rows(min_row=3)}
    one = next(g for g in expected.by_window if g.label == "1 号窗口")
    assert by_window["1 号窗口"][1].value == one.served
    assert by_window["1 号窗口"][6].value == pytest.approx(round(one.service.p90, 1))

    text = "".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(paths["pdf"].read_bytes())).pages
    )
    assert f"{expected.total.wait.p90:.1f}" in text and "大厅日报" in text
    with ctx.db.reader() as session:
        assert session.scalars(select(AuditLog).where(AuditLog.action == "document.print")).first()


def test_manager_voids_and_moves_tickets_through_the_dialogs(desk, ctx):
    db = ctx.db
    a = _category(db, "A")
    first = queue.issue_ticket(db, a).ticket
    second = queue.issue_ticket(db, a).ticket
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "窗口与号票")
    panel = window.windows
    assert [t.number for t in panel.ticket_model.rows()] == ["A001", "A002"]

    desk.click_row(panel.ticket_view, 0)

    def give_reason(dialog):
        desk.click(desk.ok_button(dialog))  # no reason: refused next to the field
        assert "作废须说明原因" in dialog.findChild(QLabel, "void_reason_error").text()
        desk.type(dialog.findChild(QLineEdit, "void_reason"), "重复取号")
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: desk.click(panel.void_button), give_reason)
    assert "A001 号已作废" in panel.message.text()
    with db.reader() as session:
        assert session.get(Ticket, first.id).status == TicketStatus.VOID

    desk.click_row(panel.ticket_view, 0)
    f = _category(db, "F")

    def choose_f(dialog):
        desk.choose(dialog.findChild(QComboBox, "to_category"), f)
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: desk.click(panel.move_button), choose_f)
    assert "A002 号已移到“综合咨询”" in panel.message.text()
    with db.reader() as session:
        assert session.get(Ticket, second.id).category_id == f
        actions = set(session.scalars(select(AuditLog.action)))
    assert {"ticket.void", "ticket.move"} <= actions


def test_manager_opens_a_window_and_sets_limits(desk, ctx):
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "窗口与号票")
    panel = window.windows
    desk.click_row(panel.counter_view, 4)  # window 5
    desk.click(panel.open_button)
    assert "5 号窗口已开放" in panel.message.text()
    assert next(w for w in window.overview.window_model.rows() if w.number == 5).activity == "idle"
    # the list refreshed with window 5 open, and window 5 is still the one selected
    assert panel.counter_model.row(4).state.label == "开放"
    assert selected_row(panel.counter_view, panel.counter_model).number == 5
    panel.pause_limit.setValue(20)
    desk.click(desk.find(panel, QAbstractButton, "saveLimits"))
    assert manager_service.limits(ctx.db).pause_limit_minutes == 20


def test_manager_sets_the_recall_cap_from_the_keyboard(desk, ctx):
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "窗口与号票")
    panel = window.windows
    spin = desk.find(panel, QSpinBox, "recallCap")
    assert spin.value() == manager_service.limits(ctx.db).recall_cap == 3
    assert desk.label_text(panel, "recallCapHint") == "超过次数后该号自动记为过号"
    spin.setFocus()
    desk.qtbot.keyClick(spin, Qt.Key.Key_Down)  # 3 → 2
    assert spin.value() == 2
    desk.qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    desk.qtbot.keyClicks(spin, "5")
    assert spin.value() == 5
    desk.qtbot.keyClicks(spin, "0")  # past the range: the spin box keeps 5
    assert spin.value() == 5
    save = desk.find(panel, QAbstractButton, "saveLimits")
    assert save.text() == "保存设置"
    desk.click(save)
    desk.qtbot.waitUntil(lambda: manager_service.limits(ctx.db).recall_cap == 5)
    assert "最多重呼 5 次" in panel.message.text()
    with ctx.db.reader() as session:
        entry = session.scalars(
            select(AuditLog).where(AuditLog.action == "hall.manager_limits")
        ).one()
    assert (entry.before["recall_cap"], entry.after["recall_cap"]) == (3, 5)


def test_manager_records_a_follow_up_of_a_negative_rating(desk, ctx):
    db = ctx.db
    ticket = queue.issue_ticket(db, _category(db, "A")).ticket
    rating.record_rating(
        db, ticket_id=ticket.id, counter_id=None, clerk_id=None,
        score=RatingScore.VERY_DISSATISFIED, reasons=["服务态度差"],
    )  # fmt: skip
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "办件监察")
    panel = window.supervision
    desk.click_tab(panel.tabs, "差评整改")
    assert panel.rating_model.rowCount() == 1
    desk.click_row(panel.rating_view, 0)

    def write(dialog):
        dialog.findChild(QPlainTextEdit, "follow_up_note").setPlainText(
            "已电话回访并致歉，已对窗口人员培训"
        )
        desk.click(desk.ok_button(dialog))

    desk.modal(lambda: desk.click(panel.follow_up_button), write)
    [row] = panel.rating_model.rows()
    assert row.done and row.follow_up_by == "李秀英"


# ----------------------------------------------------------------------------- screenshots


def _clipped(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            need = widget.sizeHint()
        elif isinstance(widget, QAbstractButton) and widget.text():
            need = widget.minimumSizeHint()
        else:
            continue
        got = widget.size()
        if got.width() < need.width() or got.height() < need.height():
            problems.append(f"{type(widget).__name__} {widget.objectName() or widget.text()!r}")
    return problems


def test_shot_every_manager_tab(desk, ctx, qtbot):
    build_known_day(ctx.db)
    db = ctx.db
    # today: some traffic and an alert, so the overview has something to show
    now = utcnow()
    clerk, counter = _other_pc(db, "clerk01", 1)
    queue.open_counter(db, clerk, counter, now=now - timedelta(minutes=50))
    for minutes in (48, 40, 33, 30, 22, 12, 6):
        queue.issue_ticket(db, _category(db, "A"), now=now - timedelta(minutes=minutes))
    queue.call_next(db, clerk, counter, now=now - timedelta(minutes=45))
    queue.start_service(db, clerk, counter, now=now - timedelta(minutes=45))
    queue.finish_service(db, clerk, counter, now=now - timedelta(minutes=35))
    queue.call_next(db, clerk, counter, now=now - timedelta(minutes=34))
    queue.start_service(db, clerk, counter, now=now - timedelta(minutes=33))
    queue.issue_ticket(db, _category(db, "C"), now=now - timedelta(minutes=26))
    clerk3, counter3 = _other_pc(db, "clerk03", 3)
    queue.open_counter(db, clerk3, counter3, now=now - timedelta(minutes=40))
    queue.pause_counter(db, clerk3, counter3, "业务培训", now=now - timedelta(minutes=20))

    window = _manager_window(desk, ctx)
    window.resize(1360, 860)
    window.reports.day.setDate(QDate(DAY.year, DAY.month, DAY.day))
    window.reports.build()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for i in range(window.tabs.count()):
        desk.click_tab(window.tabs, window.tabs.tabText(i))
        if window.tabs.currentWidget() is window.supervision:
            # the known day's cases are in 2025: look at them as on that day
            from app.services import manager_supervision

            window.supervision.show_supervision(
                manager_supervision.supervision(db, now=build_now())
            )
        window.repaint()
        qtbot.wait(50)
        assert window.grab().save(str(SHOTS / f"manager-{i + 1}.png"))
        assert _clipped(window) == [], window.tabs.tabText(i)


def build_now():
    from tests.app.test_stats import NOW

    return NOW


def test_the_supervision_tab_says_when_a_years_holiday_arrangement_is_not_confirmed(
    desk, ctx, set_hall_time
):
    set_hall_time("2026-12-03T10:00")
    window = _manager_window(desk, ctx)
    desk.click_tab(window.tabs, "办件监察")
    note = window.supervision.calendar_note
    assert note.isVisible()
    assert "2027 年：只计法定节假日：放假安排尚未确认" in note.text()
    assert "⚠ 2027 年的放假安排尚未确认" in note.text()
