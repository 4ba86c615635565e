"""Chinese is drawn with the bundled font, never as empty boxes, whatever fonts the PC has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage
from PySide6.QtWidgets import QLabel

import resources
from ui.fonts import apply_application_font, register_fonts

WORDS = ("受理", "窗口")


def test_bundled_family_is_registered(qapp):
    families = register_fonts()
    assert resources.FONT_FAMILY in families
    assert resources.FONT_FAMILY in QFontDatabase.families()


def test_application_font_is_the_bundled_family(qapp):
    font = apply_application_font(qapp)
    assert QFontInfo(qapp.font()).family() == resources.FONT_FAMILY
    assert QFontInfo(font).family() == resources.FONT_FAMILY
    assert qapp.font().pointSizeF() == 11


def test_application_font_has_the_glyphs(qapp):
    apply_application_font(qapp)
    metrics = QFontMetrics(qapp.font())
    for word in WORDS:
        for char in word:
            assert metrics.inFontUcs4(ord(char)), (
                f"{char} missing from {QFontInfo(qapp.font()).family()}"
            )


def test_widgets_inherit_the_font(qapp, qtbot):
    label = QLabel("受理")
    qtbot.addWidget(label)
    assert QFontInfo(label.font()).family() == resources.FONT_FAMILY


def _ink(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}


def _render(qtbot, text: str) -> QImage:
    label = QLabel(text)
    label.setStyleSheet("background: white; color: black;")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.resize(120, 60)
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    return label.grab().toImage()


def test_label_with_chinese_is_not_blank(qapp, qtbot):
    image = _render(qtbot, "受理")
    colours = _ink(image)
    assert len(colours) > 2, "the label rendered as one flat colour"
    dark = sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    assert dark > 30, f"only {dark} dark pixels: the characters did not draw"


def test_different_characters_draw_differently(qapp, qtbot):
    """Missing glyphs all draw as the same box; real glyphs differ."""
    images = [_render(qtbot, c) for c in "受理窗口"]
    for i, a in enumerate(images):
        for b in images[i + 1 :]:
            assert a != b


def test_bold_title_font_also_has_the_glyphs(qapp):
    font = QFont(qapp.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.6)
    assert QFontInfo(font).family() == resources.FONT_FAMILY
    assert all(QFontMetrics(font).inFontUcs4(ord(c)) for c in "临江市政务服务中心")
