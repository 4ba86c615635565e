"""Register the bundled CJK font with Qt, so no machine shows empty boxes for Chinese."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources

log = logging.getLogger(__name__)
_families: list[str] = []


def register_fonts() -> list[str]:
    """Add the bundled font to Qt's database (once) and return its family names."""
    if _families:
        return _families
    font_id = QFontDatabase.addApplicationFont(str(resources.FONT_FILE))
    if font_id < 0:
        log.error(
            "could not load the bundled font %s; Chinese may show as boxes", resources.FONT_FILE
        )
        return []
    _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _families


def apply_application_font(app: QApplication, point_size: float = 11) -> QFont:
    families = register_fonts()
    font = QFont(families[0] if families else resources.FONT_FAMILY)
    font.setPointSizeF(point_size)
    # Fall back to the bundled family for any glyph the system's UI font lacks.
    font.setFamilies([*(families or [resources.FONT_FAMILY])])
    app.setFont(font)
    return font
