"""Printing as a chain of runner steps (`TaskRunner.chain`): the database steps (archive, start,
mark printed or failed, move to another printer) on the runner, Qt's painting and the questions
to the clerk on the GUI thread between them. What the clerk sees and what the database holds when
the chain stops half-way: the printer fails, or the database goes away between the paper coming
out and the job being marked printed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton

from app.domain.codes import CaseStatus, DocumentKind, PrintJobStatus
from app.errors import HallDeskError
from app.services import documents as doc_svc
from app.services import intake
from tests.ui.test_case_desk import _case, _fill, _form, _keys
from tests.ui.test_one_runner import LOST, LostDatabase
from ui.printer import PrintFailureDialog
from ui.tasks import UNEXPECTED, ImmediateRunner, TaskRunner, on_runner
from ui.widgets.case_view import CaseView
from ui.widgets.print_jobs import PrintJobsWidget

SHOTS = Path("/tmp/halldesk-shots")


def _database_lost_after_paper(ctx, paper):
    """Give `ctx` a database that goes away once a page is handed to the printer: (the database,
    the printer factory that cuts it)."""
    lost = LostDatabase(ctx.db)
    ctx.db = ctx.runner.db = lost

    def paper_then_cut(name, document):
        printer = paper(name, document)
        lost.lost = True  # the page is on its way to the printer
        return printer

    return lost, paper_then_cut


def _on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


# ----------------------------------------------------------------------------- the chain itself


def test_a_chain_goes_on_after_an_error_it_catches_and_ends_with_one_it_lets_through(qapp):
    runner = ImmediateRunner()
    button = QPushButton()
    steps: list[str] = []

    def refuse() -> None:
        raise HallDeskError("该打印任务已打印完成，不能放弃")

    async def flow() -> str:
        steps.append(await on_runner(lambda: "archived"))
        try:
            await on_runner(refuse)
        except HallDeskError as error:
            steps.append(error.message)
        assert not button.isEnabled()  # busy for the whole chain, GUI steps included
        await on_runner(refuse)
        return "never"

    ended: list = []
    runner.chain(flow(), ended.append, lambda error: ended.append(error.message), busy=button)
    assert steps == ["archived", "该打印任务已打印完成，不能放弃"]
    assert ended == ["该打印任务已打印完成，不能放弃"]
    assert button.isEnabled()
    assert runner.run_now(_returns(7)) == 7


async def _returns(value: int) -> int:
    return await on_runner(lambda: value)


def test_with_the_real_runner_the_steps_run_off_the_gui_thread_and_the_rest_on_it(qtbot):
    runner = TaskRunner()
    where: list[tuple[str, bool]] = []

    def step(name: str) -> str:
        where.append((name, _on_gui_thread()))
        return name

    async def flow() -> list[str]:
        first = await on_runner(lambda: step("archive"))
        where.append(("paint", _on_gui_thread()))
        second = await on_runner(lambda: step("finish"))
        return [first, second]

    ended: list = []
    runner.chain(flow(), ended.append)
    qtbot.waitUntil(lambda: bool(ended), timeout=5000)
    assert ended == [["archive", "finish"]]
    assert where == [("archive", False), ("paint", True), ("finish", False)]
    assert runner.wait(5000)


def test_a_bug_between_the_steps_is_the_programs_own_sentence_not_a_crash(qtbot):
    """pytest-qt fails a test on an exception raised into the event loop."""
    runner = TaskRunner()
    button = QPushButton()

    async def flow() -> None:
        await on_runner(lambda: None)
        raise KeyError("a bug on the GUI thread")

    said: list[str | None] = []
    runner.chain(flow(), None, lambda error: said.append(error.code), busy=button)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said == [UNEXPECTED] and button.isEnabled()
    assert runner.wait(5000)


# ----------------------------------------------------------------------------- the case view


def _view(desk, ctx, paper) -> CaseView:
    view = CaseView(ctx)
    desk.qtbot.addWidget(view)
    view.printing.printer_factory = paper
    view.resize(1366, 768)
    view.show()
    desk.qtbot.waitExposed(view)
    return view


def _jobs(db) -> list[tuple[DocumentKind, PrintJobStatus]]:
    return [(j.kind, j.status) for j in doc_svc.unfinished_print_jobs(db)]


def test_a_failed_printer_is_said_in_the_case_view_and_the_jobs_wait_failed(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    paper.fail = 99
    asked: list[str] = []
    view = _view(desk, clerk_ctx, paper)
    view.printing.ask_failure = lambda message: asked.append(message) or PrintFailureDialog.LATER
    view.show_case(case.id)
    desk.click_tab(view.tabs, "文书")
    desk.click(view.print_current_button)
    assert len(asked) == 1 and "受理通知书、材料接收凭证未能打印" in asked[0]
    text = view.message.text()
    assert text.startswith("打印：受理通知书：未打印，已留在“未完成的打印”中")
    assert "材料接收凭证：未打印，已留在“未完成的打印”中" in text
    assert view.message.isVisible() and view.print_current_button.isEnabled()
    jobs = doc_svc.unfinished_print_jobs(clerk_ctx.db)
    assert [(j.status, j.attempts) for j in jobs] == [(PrintJobStatus.FAILED, 1)] * 2
    assert all("缺纸" in j.last_error for j in jobs)
    states = [view.document_model.data(view.document_model.index(r, 3)) for r in range(2)]
    assert all(s.startswith("打印失败：") and "缺纸" in s for s in states), states
    SHOTS.mkdir(parents=True, exist_ok=True)
    desk.qtbot.wait(50)  # let the layouts settle
    assert view.grab().save(str(SHOTS / "case_view_print_failed.png"))


def test_the_database_lost_between_the_paper_and_its_mark_keeps_the_job_and_marks_it_when_back(
    desk, clerk_ctx, paper
):
    """The acceptance notice is painted, then the line to the database is cut before the job is
    marked printed: the clerk is told it printed and that the mark waits; the database holds it
    打印中 (listed in 未完成的打印, nothing lost); the receipt is not tried. When the database
    answers again the notice's job is marked printed by the clerk, and the receipt still waits."""
    case = _case(clerk_ctx)
    db = clerk_ctx.db
    lost, paper_then_cut = _database_lost_after_paper(clerk_ctx, paper)

    view = _view(desk, clerk_ctx, paper_then_cut)
    view.show_case(case.id)
    desk.click_tab(view.tabs, "文书")
    desk.click(view.print_current_button)
    text = view.message.text()
    assert (
        "受理通知书：已打印，打印记录暂未写入（数据库暂时无法连接，正在重试），数据库恢复后自动补记"
        in text
    )
    assert "材料接收凭证：未打印（数据库暂时无法连接，正在重试），已留在“未完成的打印”中" in text
    assert len(paper.made) == 1 and paper.made[0].exists()
    assert clerk_ctx.runner.database_ok is False
    assert view.print_current_button.isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    desk.qtbot.wait(50)  # let the layouts settle
    assert view.grab().save(str(SHOTS / "case_view_printed_database_lost.png"))
    assert _jobs(db) == [
        (DocumentKind.ACCEPTANCE_NOTICE, PrintJobStatus.PRINTING),
        (DocumentKind.MATERIALS_RECEIPT, PrintJobStatus.PENDING),
    ]

    lost.lost = False
    clerk_ctx.runner.probe_now()  # the runner's check, every few seconds in the program
    assert clerk_ctx.runner.database_ok
    assert _jobs(db) == [(DocumentKind.MATERIALS_RECEIPT, PrintJobStatus.PENDING)]
    [notice] = [
        d for d in doc_svc.list_documents(db, case_id=case.id) if d.kind.label == "受理通知书"
    ]
    assert notice.print_status == PrintJobStatus.DONE
    assert notice.printed_by_name == clerk_ctx.user.full_name
    clerk_ctx.runner.probe_now()  # marked once: nothing is left waiting for the next time
    assert _jobs(db) == [(DocumentKind.MATERIALS_RECEIPT, PrintJobStatus.PENDING)]


def test_a_reprint_that_printed_while_the_database_went_away_says_so(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    printing = CaseView(clerk_ctx).printing
    printing.printer_factory = paper
    clerk_ctx.runner.run_now(printing.print_decision(case))  # the notices, as after the decision
    db = clerk_ctx.db
    lost, paper_then_cut = _database_lost_after_paper(clerk_ctx, paper)

    view = _view(desk, clerk_ctx, paper_then_cut)
    view.show_case(case.id)
    desk.click_tab(view.tabs, "文书")
    desk.click_row(view.documents_view, 0)
    desk.click(view.reprint_button)
    assert view.message.text() == (
        "已补打 受理通知书；打印记录暂未写入（数据库暂时无法连接，正在重试），数据库恢复后自动补记"
    )
    [job] = doc_svc.unfinished_print_jobs(db)
    assert job.status == PrintJobStatus.PRINTING and job.kind == DocumentKind.ACCEPTANCE_NOTICE
    lost.lost = False
    clerk_ctx.runner.probe_now()
    assert doc_svc.unfinished_print_jobs(db) == []


def test_with_the_real_runner_the_case_view_paints_on_the_gui_thread(desk, clerk_ctx, paper):
    case = _case(clerk_ctx)
    painted: list[bool] = []

    def factory(name, document):
        painted.append(_on_gui_thread())
        return paper(name, document)

    runner = TaskRunner()
    runner.db = clerk_ctx.db
    clerk_ctx.runner = runner
    view = _view(desk, clerk_ctx, factory)
    view.show_case(case.id)
    desk.qtbot.waitUntil(lambda: view.case is not None, timeout=5000)
    desk.click_tab(view.tabs, "文书")
    desk.click(view.print_current_button)
    assert not view.print_current_button.isEnabled()  # busy while the chain runs
    desk.qtbot.waitUntil(lambda: view.message.text().startswith("打印："), timeout=10000)
    assert view.message.text() == "打印：受理通知书：已打印；材料接收凭证：已打印"
    assert painted == [True, True]
    assert view.print_current_button.isEnabled()
    assert runner.wait(5000)
    assert doc_svc.unfinished_print_jobs(clerk_ctx.db) == []


# ----------------------------------------------------------------------------- the intake form


def test_the_database_lost_right_after_the_decision_keeps_the_case_and_says_what_printed(
    desk, clerk_ctx, paper, monkeypatch
):
    db = clerk_ctx.db
    lost = LostDatabase(db)
    clerk_ctx.db = clerk_ctx.runner.db = lost
    accept = intake.accept

    def accept_then_cut(*args, **kwargs):
        case = accept(*args, **kwargs)
        lost.lost = True  # committed; the notices are read next
        return case

    monkeypatch.setattr(intake, "accept", accept_then_cut)
    form = _form(desk, clerk_ctx, paper)
    _fill(desk, form, "yxzrgs")
    _keys(desk, form.materials, (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier))  # 受理
    case = form.result
    assert case is not None and case.status == CaseStatus.ACCEPTED
    assert "打印：通知书：未能生成：" + LOST in form.result_label.text()
    assert paper.made == []
    saved = intake.get_case(db, case.id)  # nothing lost: the decision is in the database
    assert saved.status == CaseStatus.ACCEPTED and saved.applicant_name == "张三"
    assert doc_svc.list_documents(db, case_id=case.id) == []  # nothing archived: 打印当前通知书


# ----------------------------------------------------------------------------- 未完成的打印


def _failed_job(ctx, paper) -> doc_svc.PrintJobInfo:
    case = _case(ctx)
    paper.fail = 99
    printing = CaseView(ctx).printing
    printing.printer_factory = paper
    printing.ask_failure = lambda _message: PrintFailureDialog.LATER
    ctx.runner.run_now(printing.print_decision(case))
    return doc_svc.unfinished_print_jobs(ctx.db)[0]


def _jobs_widget(desk, ctx) -> PrintJobsWidget:
    widget = PrintJobsWidget(ctx)
    desk.qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    desk.qtbot.waitExposed(widget)
    return widget


def test_a_retry_on_a_failing_printer_says_why_and_counts_the_try(
    desk, clerk_ctx, paper, monkeypatch
):
    import ui.printer

    job = _failed_job(clerk_ctx, paper)
    monkeypatch.setattr(ui.printer, "make_printer", paper)  # the list prints on this PC's printer
    widget = _jobs_widget(desk, clerk_ctx)
    changed: list[bool] = []
    widget.changed.connect(lambda: changed.append(True))
    assert widget.selected_job().id == job.id
    desk.click(widget.retry_button)
    assert widget.message.text() == "仍未打印：打印机“默认打印机”缺纸：请装纸后重试"
    assert widget.message.isVisible() and changed == [True]
    [again, _receipt] = doc_svc.unfinished_print_jobs(clerk_ctx.db)
    assert (again.id, again.status, again.attempts) == (job.id, PrintJobStatus.FAILED, 2)
    assert widget.retry_button.isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    desk.qtbot.wait(50)
    assert widget.grab().save(str(SHOTS / "print_jobs_retry_failed.png"))


def test_a_retry_that_printed_while_the_database_went_away_stays_listed_until_it_is_back(
    desk, clerk_ctx, paper, monkeypatch
):
    import ui.printer

    job = _failed_job(clerk_ctx, paper)
    db = clerk_ctx.db
    lost, paper_then_cut = _database_lost_after_paper(clerk_ctx, paper)

    paper.fail = 0  # the paper is back in
    monkeypatch.setattr(ui.printer, "make_printer", paper_then_cut)
    widget = _jobs_widget(desk, clerk_ctx)
    rows = widget.model.rowCount()
    desk.click(widget.retry_button)
    assert widget.message.text() == (
        f"已打印：受理通知书 {job.doc_no}；"
        "打印记录暂未写入（数据库暂时无法连接，正在重试），数据库恢复后自动补记"
    )
    assert widget.model.rowCount() == rows  # what was listed stays listed (F5 when back)
    assert doc_svc.get_print_job(db, job.id).status == PrintJobStatus.PRINTING
    lost.lost = False
    clerk_ctx.runner.probe_now()
    assert doc_svc.get_print_job(db, job.id).status == PrintJobStatus.DONE
    widget.refresh()
    assert [j.kind for j in widget.model.rows()] == [DocumentKind.MATERIALS_RECEIPT]


def test_a_retry_with_the_database_away_leaves_the_job_as_it_was(desk, clerk_ctx, paper):
    job = _failed_job(clerk_ctx, paper)
    db = clerk_ctx.db
    lost = LostDatabase(db)
    clerk_ctx.db = clerk_ctx.runner.db = lost
    widget = _jobs_widget(desk, clerk_ctx)
    lost.lost = True
    desk.click(widget.retry_button)
    assert widget.message.text() == LOST
    assert widget.retry_button.isEnabled()
    again = doc_svc.get_print_job(db, job.id)
    assert (again.status, again.attempts) == (PrintJobStatus.FAILED, 1)
