"""What the hall board says when a window calls a ticket: the text, and the voice clips to play.

"请 A001 号到 5 号窗口办理" is shown and logged as text. Spoken, halls read the ticket's letters by
their English names and its digits one by one ("A 零零一 号"), and the window as a Chinese number
("五 号窗口", "十二 号窗口"). `call_tokens` gives the names of the clips to play for that, in order; each
name is a file `resources/voice/<token>.wav`. The Qt side (ui/voice.py) plays them.

Token names (ASCII, file names on every OS):

    chime                 the ding-dong before each announcement
    qing                  请
    A … Z                 the letters, by their English names
    0 … 9                 零 一 二 三 四 五 六 七 八 九 (ticket digits, and the digits of window numbers)
    shi, bai              十, 百 (window numbers)
    hao                   号 (after the ticket number)
    dao                   到
    hao_chuangkou         号窗口
    banli                 办理
"""

from __future__ import annotations

import string
from collections.abc import Iterable

CHIME = "chime"

_DIGITS = "零一二三四五六七八九"

#: What each token says, in Chinese characters (letters as themselves).
TOKEN_READINGS: dict[str, str] = {
    CHIME: "",
    "qing": "请",
    **{letter: letter for letter in string.ascii_uppercase},
    **{str(d): _DIGITS[d] for d in range(10)},
    "shi": "十",
    "bai": "百",
    "hao": "号",
    "dao": "到",
    "hao_chuangkou": "号窗口",
    "banli": "办理",
}

#: Every token `call_tokens` can produce: the clips a hall's voice folder must hold.
ALL_TOKENS: tuple[str, ...] = tuple(TOKEN_READINGS)

_CHAR_TOKENS = {"十": "shi", "百": "bai", **{c: str(d) for d, c in enumerate(_DIGITS)}}


NO_WINDOW_NOW = "暂无窗口办理"


def wait_phrase(waiting: int, minutes: int, open_windows: int) -> str:
    """What the kiosk and the board say of a category's queue. With no window open for it an
    estimate in minutes would be a promise nobody keeps: say that no window serves it now."""
    if open_windows <= 0:
        return f"等候 {waiting} 人 · {NO_WINDOW_NOW}"
    return f"等候 {waiting} 人 · 约 {minutes} 分钟"


def chinese_number(n: int) -> str:
    """0–999 as read aloud: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"chinese_number needs an int, not {type(n).__name__}")
    if not 0 <= n <= 999:
        raise ValueError(f"chinese_number handles 0–999, not {n}")
    if n < 10:
        return _DIGITS[n]
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if tens == 0:
            return out + ("零" + _DIGITS[ones] if ones else "")
        out += _DIGITS[tens] + "十"  # 一百一十, not 一百十
    else:
        out += ("" if tens == 1 else _DIGITS[tens]) + "十"  # 十二, 二十
    return out + (_DIGITS[ones] if ones else "")


def call_text(number: str, counter_number: int, location: str | None = None) -> str:
    """ "请 A001 号到 5 号窗口办理"; with a location "请 A001 号到 B区 5 号窗口办理"."""
    where = f"{location.strip()} " if location and location.strip() else ""
    return f"请 {number} 号到 {where}{counter_number} 号窗口办理"


def ticket_tokens(number: str) -> list[str]:
    """A ticket number spelled: letters by name, digits one by one. Other characters are skipped."""
    tokens: list[str] = []
    for ch in number.strip().upper():
        if ch in string.ascii_uppercase or ch in string.digits:
            tokens.append(ch)
    return tokens


def number_tokens(n: int) -> list[str]:
    """A window number read as a Chinese number: 12 → ["shi", "2"], 105 → ["1", "bai", "0", "5"]."""
    return [_CHAR_TOKENS[c] for c in chinese_number(n)]


def call_tokens(number: str, counter_number: int) -> list[str]:
    """The clips for one call, chime first:
    A001 to window 12 → chime qing A 0 0 1 hao dao shi 2 hao_chuangkou banli."""
    return [
        CHIME,
        "qing",
        *ticket_tokens(number),
        "hao",
        "dao",
        *number_tokens(counter_number),
        "hao_chuangkou",
        "banli",
    ]


def tokens_text(tokens: Iterable[str]) -> str:
    """What the tokens say, as one line for a text-to-speech voice: "请A零零一号到十二号窗口办理".
    Unknown tokens are skipped."""
    return "".join(TOKEN_READINGS.get(t, "") for t in tokens)


def call_speech(number: str, counter_number: int, location: str | None = None) -> str:
    """The call as a text-to-speech voice should read it (digits spelled out, location included):
    "请A零零一号到B区十二号窗口办理"."""
    where = location.strip() if location and location.strip() else ""
    return (
        "请"
        + tokens_text(ticket_tokens(number))
        + "号到"
        + where
        + chinese_number(counter_number)
        + "号窗口办理"
    )
