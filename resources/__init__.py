"""Files the program ships: fonts, demo data, voice clips, translations. Found next to this
module both from a source tree and from a PyInstaller bundle."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent

FONT_FILE = ROOT / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"


def path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
