"""Languages of the screens applicants use: the kiosk, the hall board and the rating pad.

Chinese is the source language: every string in ``ui/`` is written in Chinese inside ``self.tr()``
(Qt Linguist extracts them with ``pyside6-lupdate``). A translation is a Qt Linguist source file
``resources/translations/halldesk_<code>.ts``, compiled to ``halldesk_<code>.qm`` by
``python -m ui.i18n build`` (the installer's build runs it; the ``.qm`` is kept beside the ``.ts``
so a checkout runs as it is, and ``tests/ui/test_translations.py`` fails when either is behind the
sources).

An applicant-facing screen has a language of its own (:class:`PublicLanguage`), not the PC's: a
kiosk switched to English with one tap goes back to Chinese after the ticket, and a rating pad on a
clerk's PC can be English while the clerk's window stays Chinese. Its ``tr`` looks the string up
in that language's catalogue; ``retranslate()`` sets the texts again when the language changes.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTranslator

import resources

SOURCE_LANGUAGE = "zh_CN"


@dataclass(frozen=True)
class Language:
    code: str  # as in station.language and the .ts/.qm file names
    name: str  # in its own language, as the switch button shows it


LANGUAGES: dict[str, Language] = {
    lang.code: lang for lang in (Language("zh_CN", "中文"), Language("en", "English"))
}
# The files whose strings applicants read: a catalogue must translate every one of them.
PUBLIC_SOURCES = (
    "ui/i18n.py",
    "ui/windows/kiosk.py",
    "ui/windows/board.py",
    "ui/windows/rating.py",
)
ROOT = Path(__file__).resolve().parents[1]


def sources() -> list[str]:
    """Every file of `ui/`, as lupdate reads them for the catalogues: the staff's screens'
    strings are in each catalogue too, waiting for a translator (until then they show in
    Chinese); the public ones must be translated (`build` fails without)."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def unfinished(ts: Path) -> tuple[int, int]:
    """(public, staff): how many strings of a catalogue have no translation yet, those of the
    screens applicants read (PUBLIC_SOURCES) and the rest."""
    public = staff = 0
    for message in ET.parse(ts).getroot().iter("message"):
        if message.find("translation").get("type") != "unfinished":
            continue
        files = {
            str((ts.parent / loc.get("filename")).resolve().relative_to(ROOT))
            for loc in message.iter("location")
        }
        if files & set(PUBLIC_SOURCES):
            public += 1
        else:
            staff += 1
    return public, staff


def translations_folder() -> Path:
    return Path(str(resources.path("translations")))


@cache
def catalogue(code: str) -> QTranslator | None:
    """The compiled catalogue of `code`, None for Chinese (the source) or a missing file."""
    if code == SOURCE_LANGUAGE:
        return None
    translator = QTranslator()
    if not translator.load(str(translations_folder() / f"halldesk_{code}.qm")):
        return None
    return translator


def translate(code: str, context: str, text: str) -> str:
    """`text` (Chinese, as written in the source) in language `code`; the Chinese when the
    catalogue has no translation for it."""
    translator = catalogue(code)
    if translator is None:
        return text
    return translator.translate(context, text) or text


# What the kiosk and the board say of a queue (the Chinese as app.domain.announce.wait_phrase).
_NO_WINDOW = QT_TRANSLATE_NOOP("Queue", "等候 {0} 人 · 暂无窗口办理")
_WAIT = QT_TRANSLATE_NOOP("Queue", "等候 {0} 人 · 约 {1} 分钟")


def wait_text(code: str, waiting: int, minutes: int, open_windows: int) -> str:
    if open_windows <= 0:
        return translate(code, "Queue", _NO_WINDOW).format(waiting)
    return translate(code, "Queue", _WAIT).format(waiting, minutes)


def category_name(code: str, name: str, name_en: str | None) -> str:
    """A queue category's name in `code` (its Chinese name where it has no English one)."""
    return name if code == SOURCE_LANGUAGE or not name_en else name_en


class PublicLanguage:
    """Mixin for a QWidget that applicants read: its own language, its own ``tr``.

    lupdate files ``self.tr("…")`` under the class's name, so the lookup uses
    ``TR_CONTEXT`` (the class that wrote the strings; subclasses inherit it)."""

    TR_CONTEXT = ""
    language = SOURCE_LANGUAGE

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:  # noqa: ARG002
        return translate(self.language, self.TR_CONTEXT or type(self).__name__, text)

    def set_language(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"no such language: {code}")
        if code != self.language:
            self.language = code
            self.retranslate()

    def retranslate(self) -> None:
        """Set every text again in the current language (each screen says what it shows)."""


def build() -> int:
    """lupdate every ui/ source into each .ts (keeping the translations made), then lrelease
    them to .qm. Exit status 1 when a string of the public screens has no translation yet; the
    staff's screens' untranslated strings are counted (they show in Chinese until someone
    translates them, in Qt Linguist: pyside6-linguist resources/translations/…)."""
    folder = translations_folder()
    tools = Path(sys.executable).parent
    status = 0
    for code in LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        ts = folder / f"halldesk_{code}.ts"
        files = [str(ROOT / s) for s in sources()]
        lupdate = [str(tools / "pyside6-lupdate"), *files, "-no-obsolete", "-ts", str(ts)]
        subprocess.run(lupdate, check=True, capture_output=True)
        lrelease = [str(tools / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))]
        subprocess.run(lrelease, check=True, capture_output=True)
        public, staff = unfinished(ts)
        if staff:
            print(f"{ts.name}: {staff} strings of the staff's screens without a translation")
        if public:
            print(f"{ts.name}: {public} strings of the public screens without a translation")
            status = 1
    return status


if __name__ == "__main__":  # python -m ui.i18n build
    if sys.argv[1:] != ["build"]:
        sys.exit("usage: python -m ui.i18n build")
    sys.exit(build())
