"""The desk program's life: log in, open the role's window, back to login on log-out."""

from __future__ import annotations

import gc
import logging
import os
import sys
from dataclasses import replace
from functools import partial

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import resources
from app.bootstrap import prepare_database
from app.domain.codes import Role
from app.domain.stations import station_kind
from app.errors import HallDeskError
from app.services import auth, intake, queue, report_days
from app.services.context import Actor, this_host
from app.services.hall import get_hall
from app.settings import Settings
from ui.context import AppContext
from ui.feed import FeedThread
from ui.fonts import apply_application_font
from ui.login import LoginDialog
from ui.stations import STATION_WINDOWS, require_counter
from ui.tasks import TaskRunner
from ui.widgets.admin_dialogs import change_password_dialog
from ui.windows.admin import AdminWindow
from ui.windows.base import RoleWindow
from ui.windows.clerk import ClerkWindow
from ui.windows.manager import ManagerWindow
from ui.windows.rating import RatingPad

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

log = logging.getLogger(__name__)

WINDOW_FOR_ROLE: dict[Role, type[RoleWindow]] = {
    Role.ADMIN: AdminWindow,
    Role.MANAGER: ManagerWindow,
    Role.CLERK: ClerkWindow,
}

END_OF_DAY_CHECK_MS = 10 * 60 * 1000  # how often a running PC looks for yesterday's tickets


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName("HallDesk")
    QCoreApplication.setApplicationName("HallDesk")
    apply_application_font(app)
    install_chinese(app)
    translator = QTranslator(app)
    if translator.load(QLocale(), "halldesk", "_", str(resources.path("translations"))):
        app.installTranslator(translator)
    return app


CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def install_chinese(app: QApplication) -> bool:
    """Qt's own words in Chinese, whatever the PC's language: the print and file dialogs, the
    standard buttons (确定, 取消), the context menus of text boxes. Qt ships them (qtbase_zh_CN.qm);
    dates and numbers follow the Chinese locale too."""
    QLocale.setDefault(CHINESE)
    if getattr(app, "_halldesk_qt_chinese", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(CHINESE, "qtbase", "_", folder):
        log.warning("Qt's Chinese translations (qtbase_zh_CN.qm) not found in %s", folder)
        return False
    app.installTranslator(translator)
    gaps = _QtChineseGaps(app)
    app.installTranslator(gaps)  # asked first: the few words Qt's catalog leaves in English
    app._halldesk_qt_chinese = (translator, gaps)  # kept alive with the application
    return True


class _QtChineseGaps(QTranslator):
    """Words of Qt's dialogs that qtbase_zh_CN.qm does not translate (Qt 6)."""

    WORDS = {
        "&Look in:": "查找范围(&L)：",
        "Files of &type:": "文件类型(&T)：",
        "Page &Set:": "打印范围(&S)：",
        "All Pages": "所有页",
        "Odd Pages": "奇数页",
        "Even Pages": "偶数页",
    }

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 - Qt
        return self.WORDS.get(source)  # None: not ours, the next translator answers

    def isEmpty(self) -> bool:  # noqa: N802 - Qt
        return False


def _headless_platform() -> bool:
    return (
        QApplication.platformName() in ("offscreen", "minimal")
        or os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    )


def show_fatal(message: str) -> None:
    print(f"HallDesk: {message}", file=sys.stderr)
    if not _headless_platform():
        QMessageBox.critical(None, "HallDesk", message)


def place_on_screen(widget: QWidget, screen_index: int | None, *, fullscreen: bool) -> None:
    """Show `widget` on the chosen screen (the board's big monitor, the pad's second screen)."""
    screens = QGuiApplication.screens()
    if screen_index is not None:
        if 0 <= screen_index < len(screens):
            screen = screens[screen_index]
            widget.setScreen(screen)
            widget.move(screen.geometry().topLeft())
        else:
            log.warning(
                "screen %s not present (%d screens); using the primary screen",
                screen_index,
                len(screens),
            )
    if fullscreen:
        widget.showFullScreen()
    else:
        widget.show()


def open_station(ctx: AppContext) -> QWidget | None:
    """A PC that needs no login (the kiosk, the hall board, a stand-alone rating pad): its window,
    made by its kind's factory (ui/stations.py). None for the kinds that log in."""
    station = ctx.settings.station
    kind = station_kind(station.role)
    if kind.login:
        return None
    if kind.needs_counter:
        require_counter(station, kind.label)
    widget = STATION_WINDOWS[kind.code](ctx, station)
    place_on_screen(widget, station.screen, fullscreen=station.fullscreen or kind.fullscreen)
    return widget


class DeskController:
    """Shows the login dialog, then the window for the user's role; again after each log-out."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.window: RoleWindow | None = None
        self.login: LoginDialog | None = None

    def show_login(self) -> LoginDialog:
        self.login = LoginDialog(self.ctx)
        self.login.accepted.connect(self.open_role_window)
        self.login.rejected.connect(QApplication.quit)
        self.login.show()
        return self.login

    def open_role_window(self) -> RoleWindow | None:
        assert self.ctx.user is not None
        if self.ctx.user.must_change_password and not self._change_password():
            self._abandon_login()
            return None
        station = self.ctx.settings.station
        if self.ctx.user.role == Role.CLERK and station.rating_pad and self.ctx.rating_pad is None:
            self.ctx.rating_pad = RatingPad(self.ctx)
            self.ctx.rating_pad.TIMEOUT_MS = station.rating_timeout_seconds * 1000
            place_on_screen(self.ctx.rating_pad, station.rating_pad_screen, fullscreen=True)
        window_class = WINDOW_FOR_ROLE[self.ctx.user.role]
        self.window = window_class(self.ctx)
        self.window.logged_out.connect(self.show_login)
        self.window.closed_by_user.connect(QApplication.quit)
        place_on_screen(self.window, None, fullscreen=station.fullscreen)
        return self.window

    def _change_password(self) -> bool:
        user = self.ctx.user
        assert user is not None
        dialog = change_password_dialog(
            None,
            user.full_name,
            lambda old, new: partial(
                auth.change_own_password, self.ctx.db, user.id, old, new, host=self.ctx.host
            ),
        )
        if not dialog.exec():
            return False
        self.ctx.user = replace(user, must_change_password=False)
        return True

    def _abandon_login(self) -> None:
        if self.ctx.counter_session is not None:
            # Back to the login at once; a session the database did not hear end is ended by the
            # heartbeat's timeout like a PC switched off.
            db, session_id, actor = self.ctx.db, self.ctx.counter_session.id, self.ctx.actor
            self.ctx.runner.submit(
                lambda: auth.end_counter_session(
                    db, session_id, actor, reason="password_not_changed"
                )
            )
            self.ctx.counter_session = None
        self.ctx.user = None
        self.show_login()


def run_gui(settings: Settings, *, demo: bool) -> int:
    app = create_application()
    app.setQuitOnLastWindowClosed(False)
    try:
        db, _ = prepare_database(settings, demo=demo)
    except HallDeskError as error:
        show_fatal(error.message)
        return error.exit_code
    ctx = AppContext(
        db=db, settings=settings, host=this_host(), hall=get_hall(db), runner=TaskRunner()
    )
    ctx.feed = FeedThread(settings.database_url, own=ctx.runner.own)  # skips this PC's own
    ctx.feed.start()
    app.aboutToQuit.connect(ctx.feed.stop)
    if station_kind(settings.station.role).forwards and settings.online_hall.endpoint:
        from ui.forwarding import ForwardingThread  # HTTP stack: only where forwarding is on

        # Store-and-forward to the online hall off the GUI thread; a dead line never stops a window.
        ctx.forwarding = ForwardingThread(db, settings, role="desk")
        ctx.forwarding.start()
        app.aboutToQuit.connect(ctx.forwarding.shutdown)
    if ctx.hall is None:
        show_fatal(
            translate(
                "Application",
                "数据库里还没有大厅信息。第一次使用请加 --demo 载入示范大厅，"
                "或由系统管理员导入本大厅的资料。",
            )
        )
        db.dispose()
        return 6
    # A PC left running over midnight ends yesterday's queue itself (every PC does; it is idempotent).
    end_of_day = QTimer(app)
    end_of_day.timeout.connect(lambda: ctx.runner.submit(lambda: queue.expire_stale(db)))
    # Materials taken in (收件) undecided past their 5 working days count as accepted from receipt
    # (行政许可法 §32): recorded by whichever PC looks first; idempotent like the queue's end of day.
    end_of_day.timeout.connect(
        lambda: ctx.runner.submit(lambda: intake.apply_deemed_acceptance(db, Actor.system()))
    )
    # The reports' daily aggregates of the past weeks that are missing (a day just ended) or were
    # made stale by a late change are stored again (app/services/report_days.py); idempotent, and
    # two PCs doing it at once compute each day once.
    end_of_day.timeout.connect(lambda: ctx.runner.submit(lambda: report_days.close_days(db)))
    end_of_day.start(END_OF_DAY_CHECK_MS)
    try:
        station = open_station(ctx)
    except HallDeskError as error:
        show_fatal(error.message)
        db.dispose()
        return error.exit_code
    if station is None:
        controller = DeskController(ctx)
        controller.show_login()
    else:
        app.setQuitOnLastWindowClosed(True)
    settle_memory()
    code = app.exec()
    ctx.runner.wait(10_000)  # what the last window queued (ending its window session)
    db.dispose()
    return code


def settle_memory() -> None:
    """Once the program is up: collect, then freeze what start-up made (the modules, the ORM's
    mappers, Qt's wrappers) out of the garbage collector's way. A full collection over all of it
    held the GUI thread 100–140 ms every so often during the day; afterwards a collection only
    looks at what the day made."""
    gc.collect()
    gc.freeze()
