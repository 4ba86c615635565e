"""Windows that fit the hall's screens: most hall PCs have 1366×768, some 1920×1080, kiosks and
boards stand in portrait too. A window asks for the size it would like; it gets what the screen
it opens on has room for, less the title bar and a margin, and never a minimum the screen cannot
hold (the content then scrolls, see the intake form)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32  # the window manager's frame above the window, which availableGeometry includes
MARGIN = 16


def room(widget: QWidget) -> QRect | None:
    """The part of the screen `widget` opens on (its parent's screen, or the primary one) that
    windows may use: the taskbar left out."""
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width × height, or less when the screen has not that much room."""
    space = room(widget)
    if space is None:
        widget.resize(width, height)
        return
    widget.resize(
        min(width, space.width() - MARGIN), min(height, space.height() - TITLE_BAR - MARGIN)
    )


def fits(widget: QWidget, space: QRect) -> bool:
    """Whether `widget`, with its title bar, lies within `space` (tests and the screen check)."""
    return widget.width() <= space.width() and widget.height() + TITLE_BAR <= space.height()
