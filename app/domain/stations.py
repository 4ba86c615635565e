"""What a PC can be (settings ``station.role``, ``--role``): one entry per kind of station.

A new kind (a check-in kiosk for appointments, a window display, a complaint desk) is one entry
here and one factory in ``ui/stations.py``; the settings check, the command line's choices, the
start-up (login or not, forwarding or not) and the window chosen all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StationKind:
    code: str  # as written in the settings file and after --role
    label: str  # as shown to people
    login: bool  # a person logs in and gets the window of their role (clerk, manager, admin)
    forwards: bool  # this PC may run the sender to the online hall (a PC a person works at)
    needs_counter: bool  # belongs to one window: station.counter_number (or --counter) is required
    fullscreen: bool  # shown full screen whatever station.fullscreen says (faces the public)


STATION_KINDS: dict[str, StationKind] = {
    kind.code: kind
    for kind in (
        StationKind("desk", "工作台（登录后按角色打开窗口）", True, True, False, False),
        StationKind("window", "窗口电脑（同工作台）", True, True, False, False),
        StationKind("manager", "管理员电脑（同工作台）", True, True, False, False),
        StationKind("kiosk", "取号机", False, False, False, True),
        StationKind("board", "大厅显示屏", False, False, False, True),
        StationKind("rating", "评价器（独立设备）", False, False, True, False),
    )
}
DEFAULT_STATION = "desk"
# What the applicant-facing screens can speak (station.language; ui/i18n.py has the catalogues).
STATION_LANGUAGES = ("zh_CN", "en")


def station_kind(code: str) -> StationKind:
    """The kind named `code`; KeyError for one not in the table (settings refuse it first)."""
    return STATION_KINDS[code]


def station_choices() -> str:
    """The codes for messages: "desk、window、…"."""
    return "、".join(STATION_KINDS)
