"""What the hall board says for a call: Chinese numbers, the call text, the clip tokens, and the
clips shipped in resources/voice."""

from __future__ import annotations

import string
import wave

import pytest

import resources
from app.domain.announce import (
    ALL_TOKENS,
    TOKEN_READINGS,
    call_speech,
    call_text,
    call_tokens,
    chinese_number,
    number_tokens,
    ticket_tokens,
    tokens_text,
)

VOICE = resources.path("voice")


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (200, "二百"),
        (210, "二百一十"),
        (305, "三百零五"),
        (999, "九百九十九"),
    ],
)
def test_chinese_number(n, text):
    assert chinese_number(n) == text


@pytest.mark.parametrize("bad", [-1, 1000, 12345])
def test_chinese_number_out_of_range(bad):
    with pytest.raises(ValueError):
        chinese_number(bad)


def test_chinese_number_needs_an_int():
    with pytest.raises(TypeError):
        chinese_number("5")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        chinese_number(True)


def test_call_text():
    assert call_text("A001", 5) == "请 A001 号到 5 号窗口办理"
    assert call_text("B012", 12, "B区") == "请 B012 号到 B区 12 号窗口办理"
    assert call_text("A001", 5, "") == "请 A001 号到 5 号窗口办理"
    assert call_text("A001", 5, "  ") == "请 A001 号到 5 号窗口办理"


def test_call_tokens():
    assert call_tokens("A001", 5) == [
        "chime", "qing", "A", "0", "0", "1", "hao", "dao", "5", "hao_chuangkou", "banli",
    ]  # fmt: skip
    assert call_tokens("BC1000", 12) == [
        "chime", "qing", "B", "C", "1", "0", "0", "0", "hao", "dao", "shi", "2",
        "hao_chuangkou", "banli",
    ]  # fmt: skip


def test_ticket_tokens_spell_letters_and_read_digits_one_by_one():
    assert ticket_tokens("A001") == ["A", "0", "0", "1"]
    assert ticket_tokens(" a-12 ") == ["A", "1", "2"]  # lower case read as upper, dash skipped


@pytest.mark.parametrize(
    ("n", "tokens"),
    [
        (1, ["1"]),
        (10, ["shi"]),
        (12, ["shi", "2"]),
        (20, ["2", "shi"]),
        (101, ["1", "bai", "0", "1"]),
        (110, ["1", "bai", "1", "shi"]),
        (999, ["9", "bai", "9", "shi", "9"]),
    ],
)
def test_window_numbers_as_tokens(n, tokens):
    assert number_tokens(n) == tokens
    assert tokens_text(tokens) == chinese_number(n)


def test_tokens_read_back_as_the_spoken_sentence():
    assert tokens_text(call_tokens("A001", 12)) == "请A零零一号到十二号窗口办理"
    assert call_speech("A001", 12) == "请A零零一号到十二号窗口办理"
    assert call_speech("A001", 12, "B区") == "请A零零一号到B区十二号窗口办理"


def test_token_names_are_ascii_file_names():
    for token in ALL_TOKENS:
        assert token.isascii() and token.replace("_", "").isalnum(), token
    # no two tokens collide on a case-insensitive file system (Windows)
    assert len({t.lower() for t in ALL_TOKENS}) == len(ALL_TOKENS)
    assert set(TOKEN_READINGS) == set(ALL_TOKENS)


def test_every_token_of_every_call_has_a_clip():
    produced: set[str] = set()
    for letter in string.ascii_uppercase:
        for seq in range(1000):
            produced.update(call_tokens(f"{letter}{seq:03d}", 1))
    for window in range(1, 100):
        produced.update(call_tokens("A001", window))
    produced.update(call_tokens("A001", 105))  # 百 and 零 of windows past 99
    assert produced <= set(ALL_TOKENS)
    missing = sorted(t for t in produced if not (VOICE / f"{t}.wav").is_file())
    assert not missing, f"no clip in {VOICE} for {missing}"


def test_the_clips_share_one_format_and_are_small():
    formats = {}
    total = 0
    for token in ALL_TOKENS:
        path = VOICE / f"{token}.wav"
        total += path.stat().st_size
        with wave.open(str(path), "rb") as w:
            assert w.getcomptype() == "NONE"
            assert w.getnframes() > 0, path
            formats[token] = (w.getnchannels(), w.getsampwidth(), w.getframerate())
            duration = w.getnframes() / w.getframerate()
        assert duration < 2.0, f"{path} lasts {duration:.2f} s: untrimmed silence?"
    assert len(set(formats.values())) == 1, f"the clips differ in format: {formats}"
    assert formats["chime"][:2] == (1, 2), "16-bit mono"
    assert total < 1_500_000
    assert (VOICE / "README.md").is_file()
    assert (VOICE / "generate.sh").is_file()


def test_wait_phrase_promises_no_minutes_without_an_open_window():
    from app.domain.announce import wait_phrase

    assert wait_phrase(3, 14, 0) == "等候 3 人 · 暂无窗口办理"
    assert wait_phrase(3, 14, 2) == "等候 3 人 · 约 14 分钟"
