"""A hall day, lived by real `halldesk` processes on one database (SQLite, and PostgreSQL on a
private cluster of the test's own): the kiosk issues and prints, the board follows, two clerks call,
take in, decide and print, the manager watches. Keys go to whatever has focus, as a person's would;
the test reads what each screen shows and what the database holds. Faults come as they do in a
hall: Esc and the title bar's close on the intake form, logging out with it open, a notice printer
that fails, a clerk's PC killed in the middle of an intake, the database stopped or locked.

Screenshots of what each PC showed are kept in test-artifacts/acceptance/. The watchdog figures
(the longest the GUI thread of each process did not answer) are in each station's state.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.engine import open_database
from app.db.models import Case, CaseDraft, PrintJob, Ticket
from tests import pgcluster
from tests.acceptance.hall import Hall, Station, wait_until

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("HALLDESK_ARTIFACTS", ROOT / "test-artifacts")) / "acceptance"
GOOD_ID = "11010519491231002X"


def _count(url: str, model, *where) -> int:
    db = open_database(url)
    try:
        with db.reader() as session:
            return session.scalar(select(func.count()).select_from(model).where(*where))
    finally:
        db.dispose()


def _start_hall(hall: Hall) -> dict[str, Station]:
    folder = hall.folder
    tickets = folder / "tickets"
    notices = folder / "notices"
    for path in (tickets, notices):
        path.mkdir()
    # A notice printer that cannot take paper: a folder that cannot be made (its parent is a
    # file; a read-only folder would not do, the tests may run as root).
    (folder / "not-a-folder").write_text("", encoding="utf-8")
    broken = folder / "not-a-folder" / "notices"
    pcs = {
        "kiosk": hall.station(
            "kiosk",
            f'[station]\nrole = "kiosk"\n[printers]\nticket_printer_kind = "pdf"\n'
            f'ticket_printer = "{tickets}"\n',
            "--demo",
        ),
        "board": hall.station("board", '[station]\nrole = "board"\n'),
        "clerk1": hall.station(
            "clerk1",
            f'[station]\nrole = "desk"\ncounter_number = 1\n[printers]\n'
            f'notice_printer_kind = "pdf"\nnotice_printer = "{notices}"\n',
        ),
        "clerk3": hall.station(
            "clerk3",
            f'[station]\nrole = "desk"\ncounter_number = 3\n[printers]\n'
            f'notice_printer_kind = "pdf"\nnotice_printer = "{broken}"\n',
        ),
        "manager": hall.station("manager", '[station]\nrole = "desk"\n'),
    }
    pcs["kiosk"].start()  # it loads the demo hall; the others find it there
    for name in ("board", "clerk1", "clerk3", "manager"):
        pcs[name].start()
    return pcs


def _open_window(clerk: Station, username: str) -> None:
    clerk.login(username)
    wait_until(lambda: "ClerkWindow" in clerk.windows(), what=f"{clerk.name}'s window")
    clerk.key("O", "ctrl")  # 开放窗口
    wait_until(lambda: "开放" in (clerk.text("counter_state") or ""), what="the window open")


def _intake_form_open(clerk: Station) -> bool:
    return "IntakeForm" in clerk.windows()


def _type_applicant(clerk: Station, initials: str, name: str) -> None:
    """As in the UI tests: the item by its initials, then ID number, name, mobile by Tab."""
    wait_until(lambda: clerk.state()["focus"] == "item_search", what="the item search focused")
    clerk.type(initials)
    clerk.key("Return")
    wait_until(lambda: clerk.state()["focus"] == "applicant_id_type", what="the ID type focused")
    clerk.key("Tab")
    clerk.type(GOOD_ID)
    clerk.key("Tab")
    clerk.type(name)
    clerk.key("Tab")
    clerk.type("13812345678")


def _tick_every_material(clerk: Station) -> None:
    clerk.key("M", "ctrl")
    rows = clerk.rows("materials")
    for row in range(rows):
        if row:
            clerk.key("Down")
        clerk.key("Space")


@pytest.fixture
def artifacts(request) -> Path:
    folder = ARTIFACTS / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _live_the_morning(hall: Hall, pcs: dict[str, Station]) -> None:
    url = hall.url
    kiosk, board, clerk1, clerk3, manager = (
        pcs[n] for n in ("kiosk", "board", "clerk1", "clerk3", "manager")
    )
    tickets = hall.folder / "tickets"

    # The kiosk: two tickets for 企业开办, one for 不动产登记, each on paper.
    for category, count in (("category_A", 1), ("category_A", 2), ("category_B", 3)):
        kiosk.click(category)
        wait_until(lambda c=count: len(list(tickets.glob("*.pdf"))) >= c, what="a ticket PDF")
        wait_until(lambda: kiosk.text("ticket_status") == "请取走号票", what="请取走号票")
        kiosk.click("confirm_done")
        time.sleep(1.0)  # the next applicant (a tap right after 完成 is taken as a double tap)
    kiosk.grab("tickets")
    assert _count(url, Ticket) == 3
    # A double tap on 完成 lands its second half where a category button appears: no ticket.
    kiosk.click("category_B")
    wait_until(lambda: kiosk.text("ticket_status") == "请取走号票", what="B002 printed")
    kiosk.click("confirm_done")
    kiosk.click("category_A")
    time.sleep(0.5)
    assert _count(url, Ticket) == 4 and kiosk.text("confirm_number") is None
    time.sleep(1.0)

    # Two clerks log in by keyboard and open their windows; the manager logs in.
    _open_window(clerk1, "clerk01")
    _open_window(clerk3, "clerk03")
    manager.login("manager")
    wait_until(lambda: "ManagerWindow" in manager.windows(), what="the manager's window")

    # F1 at window 1: the board of another PC shows A001.
    clerk1.key("F1")
    wait_until(lambda: clerk1.text("current_number") == "A001", what="A001 called")
    wait_until(lambda: "A001" in (board.text("latest_call") or ""), what="A001 on the board")
    board.grab("A001")
    # F1 at window 3: B001.
    clerk3.key("F1")
    wait_until(lambda: clerk3.text("current_number") == "B001", what="B001 called")

    # Window 1 takes in for A001; Esc closes the form, its draft kept; F11 brings it back.
    clerk1.key("F11")
    wait_until(lambda: _intake_form_open(clerk1), what="the intake form")
    _type_applicant(clerk1, "yxzrgs", "张三")
    clerk1.key("Escape")
    wait_until(lambda: not _intake_form_open(clerk1), what="Esc to close the form")
    clerk1.key("F11")
    wait_until(lambda: _intake_form_open(clerk1), what="the form again")
    wait_until(lambda: clerk1.text("applicant_name") == "张三", what="the draft restored")
    # The title bar's close works too, and keeps the draft.
    assert clerk1.close_active() == "IntakeForm"
    wait_until(lambda: not _intake_form_open(clerk1), what="the close box to close the form")
    wait_until(lambda: _count(url, CaseDraft) == 1, what="the draft in the database")

    # The manager's window sees both windows serving.
    manager.grab("morning")

    # Window 3 accepts a case for B001; its notice printer fails: one question, then the jobs
    # wait in 未完成的打印.
    clerk3.key("F11")
    wait_until(lambda: _intake_form_open(clerk3), what="window 3's intake form")
    _type_applicant(clerk3, "bdcbg", "李四")  # 不动产变更登记
    _tick_every_material(clerk3)
    clerk3.key("Return", "ctrl")  # 受理
    wait_until(lambda: clerk3.state()["modal"] == "PrintFailureDialog", what="one failure dialog")
    clerk3.grab("print-failed")
    clerk3.key("Escape")  # 稍后打印
    wait_until(lambda: clerk3.state()["modal"] is None, what="the dialog gone")
    assert _count(url, Case) == 1
    assert _count(url, PrintJob, PrintJob.status != "done") >= 1
    clerk3.activate("IntakeForm")  # a click on the form (offscreen has no window manager)
    assert clerk3.close_active() == "IntakeForm"
    wait_until(lambda: "ClerkWindow" == clerk3.state()["active"], what="back at the window")
    wait_until(
        lambda: "未完成的打印（" in (clerk3.text("print_jobs") or ""), what="the count of jobs"
    )

    # Window 1: 过号 for A001, then a walk-in intake; logging out with the form open leaves only
    # the login box, with nobody's data on it.
    clerk1.key("F3")
    wait_until(lambda: clerk1.text("current_number") == "—", what="A001 no-show")
    clerk1.key("F11")
    wait_until(lambda: _intake_form_open(clerk1), what="the walk-in form")
    wait_until(lambda: clerk1.text("applicant_name") == "张三", what="the draft again")
    clerk1.activate("ClerkWindow")
    clerk1.click("logout")
    wait_until(lambda: clerk1.windows() == ["LoginDialog"], what="only the login box")
    screen = clerk1.screen_text()
    assert GOOD_ID not in screen and "张三" not in screen and "13812345678" not in screen

    # Power cut at window 1 in the middle of an intake: the draft is there at the next login.
    _open_window(clerk1, "clerk01")
    clerk1.key("F11")
    wait_until(lambda: clerk1.text("applicant_name") == "张三", what="the draft after log-in")
    clerk1.kill()
    clerk1.start()
    _open_window(clerk1, "clerk01")
    clerk1.key("F11")
    wait_until(lambda: clerk1.text("applicant_name") == "张三", what="the draft after kill -9")
    clerk1.grab("draft-back")
    clerk1.close_active()


def test_a_hall_day_on_sqlite(artifacts):
    folder = Path(tempfile.mkdtemp(prefix="halldesk-day-"))
    url = f"sqlite:///{folder / 'hall.sqlite3'}"
    hall = Hall(folder, url, artifacts)
    try:
        pcs = _start_hall(hall)
        _live_the_morning(hall, pcs)

        # Another program locks the SQLite file: the kiosk says 暂停取号, gives no number, and
        # takes tickets again by itself once the lock is gone.
        kiosk = pcs["kiosk"]
        before = _count(url, Ticket)
        other = sqlite3.connect(folder / "hall.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            kiosk.click("category_C")
            wait_until(
                lambda: kiosk.text("paused_title") == "暂停取号", timeout=60, what="暂停取号"
            )
            kiosk.grab("paused")
        finally:
            other.execute("ROLLBACK")
            other.close()
        wait_until(lambda: kiosk.text("paused_title") is None, timeout=20, what="the kiosk back")
        kiosk.click("category_C")
        wait_until(lambda: kiosk.text("confirm_number") == "C001", what="C001")
        assert _count(url, Ticket) == before + 1
        for station in pcs.values():
            assert station.state()["max_gap_ms"] < 5000, station.name  # never frozen for long
    finally:
        hall.close()


@pytest.mark.postgres
def test_a_hall_day_on_postgresql_with_the_server_stopped_mid_morning(artifacts):
    pgcluster.require()
    with pgcluster.private_cluster() as cluster:
        folder = Path(tempfile.mkdtemp(prefix="halldesk-day-pg-"))
        hall = Hall(folder, cluster.url, artifacts)
        try:
            pcs = _start_hall(hall)
            _live_the_morning(hall, pcs)

            clerk3, kiosk, board = pcs["clerk3"], pcs["kiosk"], pcs["board"]
            cluster.stop()
            clerk3.activate("ClerkWindow")
            clerk3.key("F3")  # 过号 B001: the database is gone
            wait_until(
                lambda: "数据库暂时无法连接" in (clerk3.text("database_notice") or ""),
                timeout=30,
                what="the clerk told plainly",
            )
            assert "psycopg" not in clerk3.screen_text()

            # The kiosk may have found out by itself (its feed asked it to reload); if not, the
            # next applicant's tap finds out. Either way: 暂停取号, and no number.
            def paused_or_tap() -> bool:
                if kiosk.text("paused_title") == "暂停取号":
                    return True
                if kiosk.text("category_D") is not None:
                    try:
                        kiosk.ask({"op": "click", "name": "category_D"})
                    except AssertionError:  # it paused between the look and the tap
                        pass
                return False

            wait_until(paused_or_tap, timeout=30, interval=0.5, what="暂停取号")
            clerk3.grab("database-down")
            kiosk.grab("database-down")

            cluster.start()
            wait_until(lambda: clerk3.text("database_notice") is None, timeout=30, what="recovered")
            wait_until(lambda: kiosk.text("paused_title") is None, timeout=30, what="kiosk back")
            clerk3.key("F3")
            wait_until(lambda: clerk3.text("current_number") == "—", timeout=20, what="no-show")
            kiosk.click("category_D")
            wait_until(lambda: kiosk.text("confirm_number") == "D001", timeout=20, what="D001")
            assert board.state()["windows"]
        finally:
            hall.close()
