"""The `halldesk` command: parse options, run a headless command, or start the GUI.

GUI start-up: QApplication and the bundled font first (so even an error box shows Chinese), then
the database (migrated, demo loaded if asked), then the login dialog and the window of the role.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from app.cli import build_parser, configure_logging, report_error, run_headless, settings_from_args
from app.errors import HallDeskError
from app.settings import Settings

STARTED = time.perf_counter()

log = logging.getLogger("halldesk")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = settings_from_args(args)
        if args.command is not None:
            return run_headless(args, settings)
    except HallDeskError as error:
        return report_error(error)
    from ui.application import run_gui

    if args.self_test:
        _quit_after_first_window(settings)
    return run_gui(settings, demo=args.demo)


SELF_TEST_TIMEOUT_MS = 120_000


def _quit_after_first_window(settings: Settings) -> None:
    """--self-test: once the first window (login, kiosk, board) is on screen, print what came up
    (for support staff: version, settings file, database, Qt) and quit as a person would."""
    from PySide6.QtCore import QEvent, QObject, QTimer, qVersion
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    from app import __version__
    from app.db.engine import describe_url, open_database
    from app.db.migrate import current_revision, head_revision
    from ui.application import create_application

    app = create_application()

    def report(window: QWidget) -> None:
        db = open_database(
            settings.database_url, busy_timeout_seconds=settings.database.busy_timeout_seconds
        )
        try:
            revision = current_revision(db.engine)
        finally:
            db.dispose()
        station = settings.station
        lines = [
            f"HallDesk {__version__}（{'安装包' if getattr(sys, 'frozen', False) else '源代码'}："
            f"{Path(sys.executable).parent if getattr(sys, 'frozen', False) else Path(__file__).parents[1]}）",
            f"设置文件：{settings.source_file}"
            + ("" if Path(str(settings.source_file)).exists() else "（不存在，使用默认设置）"),
            f"数据库：{describe_url(db.engine.url)}，结构版本 {revision}（程序 {head_revision()}）",
            f"本机角色：{station.role}，窗口号 {station.counter_number or '—'}，"
            f"全屏 {'是' if station.fullscreen else '否'}",
            f"Qt {qVersion()}，平台 {QApplication.platformName()}，"
            f"字体 {QFontInfo(QApplication.font()).family()}",
            f"首个窗口：{type(window).__name__}「{window.windowTitle()}」，"
            f"启动用时 {(time.perf_counter() - STARTED) * 1000:.0f} ms",
            "自检通过",
        ]
        print("\n".join(lines), flush=True)

    class FirstWindow(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Show
                and isinstance(watched, QWidget)
                and watched.isWindow()
                and not isinstance(watched, QMessageBox)  # an error box is not "came up"
            ):
                app.removeEventFilter(self)
                report(watched)
                QTimer.singleShot(0, QApplication.quit)
            return False

    def give_up() -> None:
        print(
            f"HallDesk: 自检失败：{SELF_TEST_TIMEOUT_MS // 1000} 秒内没有窗口出现", file=sys.stderr
        )
        app.exit(1)

    app.installEventFilter(FirstWindow(app))
    QTimer.singleShot(SELF_TEST_TIMEOUT_MS, give_up)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
