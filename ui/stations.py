"""The window each kind of station without a login opens (app.domain.stations lists the kinds).

A new unattended kind is one factory here, registered under its code; the kinds that log in open
the login dialog instead (ui.application.DeskController)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.errors import SettingsError
from app.settings import StationSettings
from ui.context import AppContext
from ui.windows.board import BoardWindow
from ui.windows.kiosk import KioskWindow
from ui.windows.rating import RatingStation

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

StationFactory = Callable[[AppContext, StationSettings], QWidget]


def _kiosk(ctx: AppContext, station: StationSettings) -> QWidget:
    from ui.ticket_printing import TicketPrinter  # printing stack: only on the kiosk PC

    kiosk = KioskWindow(ctx)
    printer = TicketPrinter(ctx, kiosk)
    printer.failed.connect(kiosk.print_failed)
    printer.printed.connect(kiosk.ticket_printed)
    kiosk.ticket_sink = printer
    return kiosk


def _board(ctx: AppContext, station: StationSettings) -> QWidget:
    from ui.voice import Announcer  # only the board loads the audio stack

    return BoardWindow(ctx, announcer=Announcer())


def _rating(ctx: AppContext, station: StationSettings) -> QWidget:
    assert station.counter_number is not None  # open_station checked needs_counter
    widget = RatingStation(ctx, station.counter_number)
    widget.TIMEOUT_MS = station.rating_timeout_seconds * 1000
    return widget


STATION_WINDOWS: dict[str, StationFactory] = {
    "kiosk": _kiosk,
    "board": _board,
    "rating": _rating,
}


def require_counter(station: StationSettings, label: str) -> None:
    if station.counter_number is None:
        raise SettingsError(
            translate(
                "Stations",
                "{0}需要知道它属于哪个窗口：请设置 station.counter_number 或使用 --counter N",
            ).format(label)
        )
