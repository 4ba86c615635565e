"""Two PCs and one case (issue 12): the clerk whose view went stale is refused with the plain
message and then sees the case as it now is; an open case view and the case list follow a change
made on another PC by themselves (the change feed), and do not reload for their own change."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from app.domain.case import CaseAction
from app.domain.codes import CaseStatus
from app.services import auth, intake
from tests.intake_helpers import accept_case
from ui.feed import FeedThread
from ui.widgets.case_search import CaseBrowser
from ui.widgets.case_view import CaseView


def _logged_in(make_ctx, desk, username: str, host: str):
    ctx = make_ctx(host)
    ctx.user = auth.authenticate(ctx.db, username, desk.PASSWORD, host=host)
    return ctx


def _view(desk, ctx, case_id: int) -> CaseView:
    view = CaseView(ctx)
    desk.qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    desk.qtbot.waitExposed(view)
    view.show_case(case_id)
    return view


def _act(desk, view: CaseView, action: CaseAction, fill) -> None:
    desk.modal(lambda: desk.click(view.action_buttons[action]), fill)


def test_the_second_clerks_action_is_refused_and_the_view_shows_the_case_as_it_is(
    desk, make_ctx, set_hall_time
):
    set_hall_time("10:42")
    pc_a = _logged_in(make_ctx, desk, "clerk01", "pc-a")  # 张晓雯
    pc_b = _logged_in(make_ctx, desk, "clerk02", "pc-b")  # 陈志强
    case = accept_case(pc_a.db, pc_a.actor)
    view_a, view_b = _view(desk, pc_a, case.id), _view(desk, pc_b, case.id)
    assert view_a.status_label.text() == view_b.status_label.text() == "已受理"

    _act(desk, view_b, CaseAction.START, lambda d: desk.click(desk.ok_button(d)))
    assert view_b.case.status == CaseStatus.IN_PROGRESS
    assert view_a.action_buttons[CaseAction.START].isEnabled()  # A still shows the old case

    def start_again(dialog):
        desk.type(dialog.findChild(QLineEdit, "handler"), "zhang")
        desk.click(desk.ok_button(dialog))
        assert not dialog.isVisible()  # closed: what it was opened on is out of date

    _act(desk, view_a, CaseAction.START, start_again)
    assert view_a.message.isVisible()
    assert view_a.message.text() == (
        "该办件已被 陈志强 于 10:42 修改（办件开始办理，现在是“办理中”），请刷新后再操作。"
    )
    # and the view shows the case as it now is: B's start, no second one
    assert view_a.case.data_version == view_b.case.data_version
    assert view_a.status_label.text() == "办理中"
    assert not view_a.action_buttons[CaseAction.START].isEnabled()
    assert view_a.action_buttons[CaseAction.STEP].isEnabled()
    assert [r.what for r in view_a.timeline_model.rows()] == ["收件", "受理", "开始办理"]
    assert [s.handler for s in intake.get_case(pc_a.db, case.id).steps] == ["陈志强"]

    # from the fresh view A goes on
    def step(dialog):
        desk.type(dialog.findChild(QLineEdit, "step_name"), "审查")
        desk.click(desk.ok_button(dialog))

    _act(desk, view_a, CaseAction.STEP, step)
    assert view_a.case.steps[-1].step_name == "审查"
    assert view_a.message.text() == "已办理环节：办件当前状态为“办理中”。"


@pytest.fixture
def feed(sqlite_demo_db):
    thread = FeedThread(str(sqlite_demo_db.engine.url))
    yield thread
    thread.stop()


def test_an_open_case_and_the_list_follow_a_change_made_on_another_pc(desk, make_ctx, feed, qtbot):
    ctx = _logged_in(make_ctx, desk, "clerk01", "pc-a")
    ctx.feed = feed
    case = accept_case(ctx.db, ctx.actor)
    browser = CaseBrowser(ctx)
    qtbot.addWidget(browser)
    browser.resize(1280, 900)
    browser.show()
    qtbot.waitExposed(browser)
    browser.start()
    view = browser.case_view
    view.show_case(case.id)
    assert browser.search.model.rows()[0].status == CaseStatus.ACCEPTED
    feed.start()
    qtbot.waitUntil(feed.isRunning, timeout=2000)
    qtbot.wait(400)  # the feed notes where the database stands

    # Another PC starts work on the case, through the service.
    other = auth.authenticate(ctx.db, "clerk02", desk.PASSWORD, host="pc-b").actor("pc-b")
    intake.start_processing(ctx.db, other, case.id, expected_version=case.data_version)

    qtbot.waitUntil(lambda: view.status_label.text() == "办理中", timeout=5000)
    assert view.reloads == 1
    assert view.action_buttons[CaseAction.STEP].isEnabled()
    assert not view.action_buttons[CaseAction.START].isEnabled()
    assert [r.what for r in view.timeline_model.rows()][-1] == "开始办理"
    qtbot.waitUntil(
        lambda: browser.search.model.rows()[0].status == CaseStatus.IN_PROGRESS, timeout=2000
    )

    # This PC's own action shows its result at once; the notice of it reloads nothing.
    def suspend(dialog):
        desk.type(dialog.findChild(QPlainTextEdit, "reason"), "等待批复")
        desk.click(desk.ok_button(dialog))

    heard: list[tuple[int, int]] = []
    feed.changed.connect(
        lambda changes: heard.extend((c.case_id, c.data_version) for c in changes.cases)
    )
    _act(desk, view, CaseAction.SUSPEND, suspend)
    assert view.status_label.text() == "中止"
    qtbot.waitUntil(lambda: (case.id, view.case.data_version) in heard, timeout=5000)
    qtbot.wait(200)
    assert view.reloads == 1
    assert browser.search.model.rows()[0].status == CaseStatus.SUSPENDED
