"""Station kinds: one table (app/domain/stations.py) read by the settings, the command line, the
start and the window chosen; each kind without a login opens its window from ui/stations.py."""

from __future__ import annotations

import dataclasses

import pytest

from app.cli import build_parser
from app.domain.stations import STATION_KINDS
from app.errors import SettingsError
from ui.application import open_station
from ui.stations import STATION_WINDOWS
from ui.windows.board import BoardWindow
from ui.windows.kiosk import KioskWindow
from ui.windows.rating import RatingStation


def test_every_kind_without_a_login_has_a_window_and_only_those():
    unattended = {code for code, kind in STATION_KINDS.items() if not kind.login}
    assert set(STATION_WINDOWS) == unattended


def test_the_command_line_offers_exactly_the_kinds():
    action = next(a for a in build_parser()._actions if a.dest == "role")
    assert list(action.choices) == list(STATION_KINDS)


def _with_role(ctx, role: str, **station):
    settings = ctx.settings.model_copy(
        update={"station": ctx.settings.station.model_copy(update={"role": role, **station})}
    )
    return dataclasses.replace(ctx, settings=settings)


@pytest.mark.parametrize(
    "role, window, full", [("kiosk", KioskWindow, True), ("board", BoardWindow, True)]
)
def test_a_public_station_opens_its_window_full_screen(make_ctx, qtbot, role, window, full):
    widget = open_station(_with_role(make_ctx(f"{role}-pc"), role))
    qtbot.addWidget(widget)
    assert isinstance(widget, window)
    assert widget.isFullScreen() is full


def test_a_rating_pad_belongs_to_a_window_and_says_so_when_it_has_none(make_ctx, qtbot):
    with pytest.raises(SettingsError) as info:
        open_station(_with_role(make_ctx("pad-pc"), "rating"))
    assert "评价器" in info.value.message and "station.counter_number" in info.value.message
    widget = open_station(_with_role(make_ctx("pad-pc", counter=1), "rating"))
    qtbot.addWidget(widget)
    assert isinstance(widget, RatingStation)
    assert not widget.isFullScreen()  # a pad on a window's desk, unless station.fullscreen


@pytest.mark.parametrize("role", [code for code, kind in STATION_KINDS.items() if kind.login])
def test_a_station_that_logs_in_opens_no_station_window(ctx, role):
    assert open_station(_with_role(ctx, role)) is None
