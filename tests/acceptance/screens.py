"""Every window of HallDesk on a hall's screen: opened on a screen of the given size (Qt's offscreen
platform, configured to that size), checked that it fits with its title bar and that every button
it shows is inside it, and saved as a PNG to look at.

    python tests/acceptance/screens.py --size 1366x768 --out test-artifacts/screens/1366x768

Prints one JSON object per window: name, size, minimum size, whether it fits, buttons outside it,
the PNG. Exit status 0 when every window fits, 1 otherwise. tests/acceptance/test_screens.py runs
it at 1366×768 (most hall PCs), 1920×1080, and the kiosk and board in portrait.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# The hall PCs' taskbar: windows get the screen less this (the offscreen screen has none).
TASKBAR = 40


def _screen_config(width: int, height: int, folder: Path) -> Path:
    """Two screens of the size: the desk PC's, less its taskbar (what Qt's available geometry is on
    a real desktop; the offscreen platform has no taskbar), and a kiosk's or board's whole screen,
    where those windows run full screen."""

    def screen(name: str, x: int, h: int) -> dict:
        return {
            "name": name, "x": x, "y": 0, "width": width, "height": h,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
        }  # fmt: skip

    config = folder / "screen.json"
    config.write_text(
        json.dumps(
            {"screens": [screen("desk", 0, height - TASKBAR), screen("wall", width, height)]}
        ),
        encoding="utf-8",
    )
    return config


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="", help="comma-separated window names")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="halldesk-screens-"))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen_config(width, height, work)}"

    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractButton, QWidget

    from app.db.engine import open_database
    from app.db.migrate import upgrade
    from app.domain.codes import PriorityReason
    from app.services import admin as admin_service
    from app.services import auth, queue
    from app.services.demo import seed_demo
    from app.services.hall import get_hall
    from app.settings import load_settings
    from tests.intake_helpers import accept_case
    from ui.application import create_application, place_on_screen
    from ui.context import AppContext
    from ui.screen import TITLE_BAR
    from ui.tasks import ImmediateRunner

    app = create_application(["halldesk-screens"])
    url = f"sqlite:///{work / 'hall.sqlite3'}"
    db = open_database(url)
    upgrade(db.engine)
    seed_demo(db)
    categories = {c.prefix: c.id for c in admin_service.list_categories(db)}
    for prefix in "ABCAEFG":
        queue.issue_ticket(db, categories[prefix])
    queue.issue_ticket(db, categories["A"], priority=True, priority_reason=PriorityReason.ELDERLY)
    config = work / "halldesk.toml"
    config.write_text("", encoding="utf-8")

    def context(username: str | None, counter: int | None = None) -> AppContext:
        settings = load_settings(
            config,
            environ={},
            overrides={
                "data_dir": str(work),
                "database.url": url,
                "station.counter_number": counter,
            },
        )
        ctx = AppContext(
            db=db,
            settings=settings,
            host=f"pc-{username or 'hall'}",
            hall=get_hall(db),
            runner=ImmediateRunner(),
        )
        if username:
            ctx.user = auth.authenticate(db, username, "halldesk1", host=ctx.host)
            if counter is not None:
                ctx.counter_session = auth.start_counter_session(
                    db, ctx.user, counter, host=ctx.host
                )
        return ctx

    clerk = context("clerk01", 1)
    case = accept_case(db, clerk.actor)
    space = QRect(0, 0, width, height - TASKBAR)
    results = []

    def check(name: str, open_window, *, fullscreen: bool = False) -> None:
        if args.only and name not in args.only.split(","):
            return
        window: QWidget = open_window()
        if fullscreen:
            place_on_screen(window, 1, fullscreen=True)
        else:
            window.show()
        for _ in range(5):
            app.processEvents()
        png = out / f"{name}.png"
        window.grab().save(str(png))
        hint = window.minimumSizeHint()
        minimum = window.minimumSize().expandedTo(hint)
        if fullscreen:
            fits = window.width() <= width and window.height() <= height
            fits = fits and minimum.width() <= width and minimum.height() <= height
        else:
            fits = window.width() <= space.width() and window.height() + TITLE_BAR <= space.height()
            fits = fits and minimum.width() <= space.width()
            fits = fits and minimum.height() + TITLE_BAR <= space.height()
        inside = QRect(0, 0, window.width(), window.height())
        outside = []
        for button in window.findChildren(QAbstractButton):
            if not button.isVisibleTo(window) or not button.text():
                continue
            top_left = button.mapTo(window, button.rect().topLeft())
            if not inside.contains(QRect(top_left, button.size())):
                outside.append(button.text())
        results.append(
            {
                "window": name,
                "size": [window.width(), window.height()],
                "minimum": [minimum.width(), minimum.height()],
                "fits": fits and not outside,
                "buttons_outside": outside,
                "png": str(png),
            }
        )
        window.close()
        window.deleteLater()
        app.processEvents()

    from ui.login import LoginDialog
    from ui.widgets.calendar_dialog import CalendarDialog
    from ui.widgets.case_search import CaseSearchDialog
    from ui.widgets.intake_form import open_intake
    from ui.widgets.print_jobs import PrintJobsDialog
    from ui.windows.admin import AdminWindow
    from ui.windows.board import BoardWindow
    from ui.windows.clerk import ClerkWindow
    from ui.windows.kiosk import KioskWindow
    from ui.windows.manager import ManagerWindow
    from ui.windows.rating import RatingPad

    check("login", lambda: LoginDialog(context(None, 1)))
    # A fresh context per window: closing a role window logs its user out.
    check("clerk", lambda: ClerkWindow(context("clerk01", 1)))

    def intake_form():
        ctx = context("clerk01", 1)
        return open_intake(ctx, counter_id=ctx.counter_session.counter_id)

    check("intake_form", intake_form)

    def case_search():
        dialog = CaseSearchDialog(context("clerk01", 1))
        dialog.browser.start()
        dialog.browser.case_view.show_case(case.id)
        return dialog

    check("case_search", case_search)
    check("print_jobs", lambda: PrintJobsDialog(context("clerk01", 1)))
    check("manager", lambda: ManagerWindow(context("manager")))
    check("admin", lambda: AdminWindow(context("admin")))
    check("calendar", lambda: CalendarDialog(context("admin")))
    check(
        "kiosk",
        lambda: KioskWindow(context(None), ticket_sink=lambda _t, _language: None),
        fullscreen=True,
    )
    check("board", lambda: BoardWindow(context(None), announcer=None), fullscreen=True)
    check("rating_pad", lambda: RatingPad(context("clerk01", 1)), fullscreen=True)

    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    return 0 if all(r["fits"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
