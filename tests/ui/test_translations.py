"""English for the screens applicants read (kiosk, board, rating pad): the catalogue is current with
the sources and fully translated, the kiosk switches with one tap and comes back to Chinese after
the ticket, the board follows station.language, the pad goes back to Chinese after the rating."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton

from app.domain.codes import PriorityReason
from app.domain.stations import STATION_LANGUAGES
from app.services import admin, queue
from ui.i18n import LANGUAGES, ROOT, sources, translate, translations_folder, unfinished
from ui.windows.board import BoardWindow
from ui.windows.kiosk import KioskWindow
from ui.windows.rating import PendingRating, RatingPad

TOOLS = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(context, source) → (translation, its type) of a Qt Linguist file."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            out[(name, message.findtext("source"))] = (
                translation.text,
                translation.get("type"),
            )
    return out


def test_the_english_catalogue_holds_every_ui_string_and_translates_the_public_ones(tmp_path):
    committed = translations_folder() / "halldesk_en.ts"
    fresh = tmp_path / "halldesk_en.ts"
    shutil.copy(committed, fresh)
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), *(str(ROOT / s) for s in sources())]
        + ["-no-obsolete", "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    now, before = _messages(fresh), _messages(committed)
    assert set(now) == set(before), (
        "the sources' strings changed: run `python -m ui.i18n build` and translate the new ones"
    )
    public, staff = unfinished(fresh)
    assert public == 0, "strings of the kiosk, board or rating pad without an English translation"
    assert staff > 0  # the staff's screens are in the catalogue, for a translator to take up
    for (_context, source), (text, kind) in now.items():  # the same {0} {1} in both
        if not text or kind == "unfinished":
            continue
        assert sorted(p for p in ("{0}", "{1}", "\n") if p in source) == sorted(
            p for p in ("{0}", "{1}", "\n") if p in text
        ), source


def test_the_compiled_catalogue_is_the_one_the_sources_give(tmp_path):
    qm = tmp_path / "halldesk_en.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), str(translations_folder() / "halldesk_en.ts")]
        + ["-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    assert qm.read_bytes() == (translations_folder() / "halldesk_en.qm").read_bytes(), (
        "halldesk_en.qm is behind halldesk_en.ts: run `python -m ui.i18n build`"
    )
    assert translate("en", "KioskWindow", "完成") == "Done"
    assert translate("zh_CN", "KioskWindow", "完成") == "完成"


def test_the_settings_take_exactly_the_languages_there_are_catalogues_for():
    assert set(STATION_LANGUAGES) == set(LANGUAGES)


def _category(db, prefix: str) -> int:
    return next(c.id for c in admin.list_categories(db) if c.prefix == prefix)


def _text(widget, name: str) -> str:
    return widget.findChild(QLabel, name).text()


def test_the_kiosk_in_english_for_one_applicant_then_chinese_again(desk, ctx):
    kiosk = KioskWindow(ctx)
    kiosk.show()
    desk.qtbot.waitExposed(kiosk)
    language = desk.find(kiosk, QPushButton, "language")
    assert language.text() == "English"
    assert _text(kiosk, "kiosk_subtitle") == "请选择您要办理的业务"

    desk.click(language)
    assert language.text() == "中文"
    assert _text(kiosk, "kiosk_subtitle") == "Please choose the service you need"
    a = _category(ctx.db, "A")
    assert kiosk.category_buttons[a].text().startswith("Business Start-up\n")
    assert "waiting" in kiosk.category_buttons[a].text()
    desk.click(desk.find(kiosk, QPushButton, "priority"))
    assert "Senior citizen" in desk.find(kiosk, QPushButton, "reason_elderly").text()
    desk.click(desk.find(kiosk, QPushButton, f"reason_{PriorityReason.ELDERLY.value}"))
    assert "Senior citizen" in _text(kiosk, "kiosk_subtitle")
    desk.click(desk.find(kiosk, QPushButton, "category_A"))

    number = _text(kiosk, "confirm_number")
    assert number == "A001"
    detail = _text(kiosk, "confirm_detail")
    assert "Business Start-up (priority: Senior citizen)" in detail
    assert "People waiting before you: 0" in detail
    assert not language.isVisible()  # the ticket is read in the language it was taken in

    desk.click(desk.find(kiosk, QPushButton, "confirm_done"))
    assert language.isVisible() and language.text() == "English"
    assert _text(kiosk, "kiosk_subtitle") == "请选择您要办理的业务"
    assert kiosk.category_buttons[a].text().startswith("企业开办\n")


def test_the_kiosk_left_in_english_goes_back_to_chinese_by_itself(desk, ctx):
    kiosk = KioskWindow(ctx)
    kiosk.IDLE_MS = 200
    kiosk.show()
    desk.qtbot.waitExposed(kiosk)
    desk.click(desk.find(kiosk, QPushButton, "language"))
    assert kiosk.language == "en"
    desk.qtbot.waitUntil(lambda: kiosk.language == "zh_CN", timeout=3000)
    assert _text(kiosk, "kiosk_subtitle") == "请选择您要办理的业务"


def test_back_keeps_the_applicants_language(desk, ctx):
    kiosk = KioskWindow(ctx)
    kiosk.show()
    desk.qtbot.waitExposed(kiosk)
    desk.click(desk.find(kiosk, QPushButton, "language"))
    desk.click(desk.find(kiosk, QPushButton, "priority"))
    desk.click(desk.find(kiosk, QPushButton, "cancel_priority"))
    assert kiosk.language == "en"
    assert _text(kiosk, "kiosk_subtitle") == "Please choose the service you need"


def test_a_board_set_to_english_shows_english(make_ctx, qtbot):
    base = make_ctx("board-pc")
    station = base.settings.station.model_copy(update={"language": "en"})
    ctx = dataclasses.replace(base, settings=base.settings.model_copy(update={"station": station}))
    db = ctx.db
    queue.issue_ticket(db, _category(db, "A"))
    board = BoardWindow(ctx)
    qtbot.addWidget(board)
    assert board.latest.text() == "Please watch for your number"
    assert board.recent_title.text() == "Recent calls"
    loads = board.findChild(QLabel, "category_loads").text()
    assert "Business Start-up" in loads and "1 waiting" in loads
    assert board.tiles[1].title.text().startswith("Window 1")


def test_the_rating_pad_in_english_then_chinese_for_the_next(ctx, qtbot, desk):
    db = ctx.db
    issued = queue.issue_ticket(db, _category(db, "A"))
    pad = RatingPad(ctx)
    pad.THANKS_MS = 100
    pad.show()
    qtbot.waitExposed(pad)
    pad.start(PendingRating(issued.ticket.id, issued.ticket.number, None, None))
    desk.click(desk.find(pad, QPushButton, "language"))
    assert _text(pad, "rating_prompt") == "Number A001, please rate the service you received"
    assert desk.find(pad, QPushButton, "score_1").text() == "Very satisfied"
    desk.click(desk.find(pad, QPushButton, "score_4"))
    assert desk.find(pad, QPushButton, "reason_0").text() == "Waited too long"
    desk.click(desk.find(pad, QPushButton, "reason_0"))
    with qtbot.waitSignal(pad.stored, timeout=2000) as stored:
        desk.click(desk.find(pad, QPushButton, "submit_rating"))
    assert stored.args[0].reasons == ("等候时间太长",)  # stored as the catalogue's Chinese
    assert pad.thanks_page.text() == "Thank you for your rating!"
    qtbot.waitUntil(lambda: pad.language == "zh_CN", timeout=3000)
    assert desk.find(pad, QPushButton, "score_1").text() == "非常满意"


def test_a_refusal_at_the_kiosk_reads_in_the_applicants_language(desk, ctx):
    """The category closes while the applicant stands at the English kiosk: the refusal is the
    catalogue's English (app/messages), and Chinese again when they switch back."""
    from app.db.models import QueueCategory
    from app.services import cache

    kiosk = KioskWindow(ctx)
    kiosk.show()
    desk.qtbot.waitExposed(kiosk)
    language = desk.find(kiosk, QPushButton, "language")
    desk.click(language)
    with ctx.db.session() as session:
        session.get(QueueCategory, _category(ctx.db, "A")).active = False
    cache.clear()  # as another PC's change reaches this one

    desk.click(desk.find(kiosk, QPushButton, "category_A"))
    assert kiosk.pages.currentWidget() is kiosk.start_page  # no number was given
    message = _text(kiosk, "kiosk_message")
    assert message == "This service is not available now; please choose another one."
    assert message == kiosk.shown_error.render("en")
    assert kiosk.shown_error.code == "ticket.category_closed"

    desk.click(language)
    assert _text(kiosk, "kiosk_message") == "该业务类别已停用，请选择其他业务"
    desk.click(language)
    assert _text(kiosk, "kiosk_message") == message
    desk.click(desk.find(kiosk, QPushButton, "category_B"))  # the next try clears it
    assert _text(kiosk, "confirm_number") == "B001" and not _text(kiosk, "kiosk_message")
