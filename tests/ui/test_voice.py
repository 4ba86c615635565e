"""The hall board's voice: one queue, one announcement at a time, each call once, never a crash.

Runs with or without QtMultimedia (it cannot load where libpulse.so.0 is missing): the "none"
backend always, the "clips" logic with a stand-in sound effect always, and a real QSoundEffect and
the "mock" text-to-speech engine only where their modules load.
"""

from __future__ import annotations

import io
import logging
import wave
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

import ui.voice as voice
from app.domain.announce import ALL_TOKENS, call_text, call_tokens
from ui.voice import Announcer, check_voice_dir, concatenate_wavs, wav_duration_ms

CALLS = [("A001", 5), ("B012", 12), ("C105", 105)]


def write_wav(path: Path, frames: int, rate: int = 8000, channels: int = 1, width: int = 2,
              value: int = 1000) -> Path:  # fmt: skip
    if width == 1:
        sample = bytes([value % 256])
    else:
        sample = value.to_bytes(width, "little", signed=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(sample * channels * frames)
    return path


def read_wav(data: bytes) -> tuple[tuple[int, int, int], int, bytes]:
    with wave.open(io.BytesIO(data), "rb") as w:
        fmt = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        return fmt, w.getnframes(), w.readframes(w.getnframes())


class Recorder:
    """Every start and end of an announcement, in order."""

    def __init__(self, announcer: Announcer):
        self.events: list[tuple[str, str]] = []
        announcer.announced.connect(lambda text: self.events.append(("start", text)))
        announcer.finished.connect(lambda text: self.events.append(("end", text)))


def announce_three(announcer: Announcer) -> list[str]:
    texts = []
    for i, (number, window) in enumerate(CALLS):
        text = call_text(number, window)
        assert announcer.announce(text, call_tokens(number, window), key=f"call-{i}")
        texts.append(text)
    return texts


def strictly_one_at_a_time(texts: list[str]) -> list[tuple[str, str]]:
    return [event for text in texts for event in (("start", text), ("end", text))]


def wait_all_done(qtbot, announcer: Announcer, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: announcer.current is None and not announcer.pending, timeout=timeout)


# ------------------------------------------------------------------------------ concatenate_wavs


def test_concatenate_wavs_frame_count_is_the_parts_plus_the_gaps(tmp_path):
    parts = [
        write_wav(tmp_path / "a.wav", 100, value=1000),
        write_wav(tmp_path / "b.wav", 250, value=2000),
        write_wav(tmp_path / "c.wav", 37, value=3000),
    ]
    fmt, frames, data = read_wav(concatenate_wavs(parts, gap_ms=60))
    gap = 8000 * 60 // 1000  # 480 frames
    assert fmt == (1, 2, 8000)
    assert frames == 100 + 250 + 37 + 2 * gap
    samples = [
        int.from_bytes(data[i : i + 2], "little", signed=True) for i in range(0, len(data), 2)
    ]
    expected = [1000] * 100 + [0] * gap + [2000] * 250 + [0] * gap + [3000] * 37
    assert samples == expected
    assert wav_duration_ms(parts, 60) == round((100 + 250 + 37) / 8) + 120


def test_concatenate_wavs_default_gap_and_other_formats(tmp_path):
    one = [write_wav(tmp_path / "x.wav", 10, rate=22050)]
    assert read_wav(concatenate_wavs(one))[1] == 10  # no gap after a single part
    stereo = [write_wav(tmp_path / f"s{i}.wav", 5, rate=1000, channels=2) for i in range(2)]
    fmt, frames, _ = read_wav(concatenate_wavs(stereo, gap_ms=10))
    assert (fmt, frames) == ((2, 2, 1000), 5 + 10 + 5)
    eight_bit = [
        write_wav(tmp_path / f"e{i}.wav", 4, rate=1000, width=1, value=200) for i in range(2)
    ]
    _, _, data = read_wav(concatenate_wavs(eight_bit, gap_ms=3))
    assert data == bytes([200] * 4 + [0x80] * 3 + [200] * 4)  # 8-bit silence is 128


def test_concatenate_wavs_refuses_mismatched_formats(tmp_path):
    a = write_wav(tmp_path / "a.wav", 10, rate=22050)
    b = write_wav(tmp_path / "b.wav", 10, rate=44100)
    with pytest.raises(ValueError, match="differ in format") as info:
        concatenate_wavs([a, b])
    assert "b.wav" in str(info.value) and "a.wav" in str(info.value)
    assert "44100 Hz" in str(info.value)
    c = write_wav(tmp_path / "c.wav", 10, rate=22050, channels=2)
    with pytest.raises(ValueError, match="2 channels"):
        concatenate_wavs([a, c])


def test_concatenate_wavs_refuses_nothing_and_non_wavs(tmp_path):
    with pytest.raises(ValueError, match="no WAV"):
        concatenate_wavs([])
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"ID3 this is an mp3 really")
    with pytest.raises(ValueError, match="not a PCM WAV"):
        concatenate_wavs([junk])


def test_the_shipped_clips_pass_the_check_and_join():
    assert check_voice_dir(voice.VOICE_DIR) == []
    paths = [voice.VOICE_DIR / f"{t}.wav" for t in call_tokens("A001", 5)]
    fmt, frames, _ = read_wav(concatenate_wavs(paths))
    assert fmt == (1, 2, 22050)
    assert 3.0 < frames / 22050 < 9.0


def test_check_voice_dir_names_missing_and_odd_clips(tmp_path):
    write_wav(tmp_path / "chime.wav", 10, rate=22050)
    write_wav(tmp_path / "qing.wav", 10, rate=16000)
    problems = check_voice_dir(tmp_path)
    assert any("format differs" in p and "qing.wav" in p for p in problems)
    assert sum(p.startswith("missing") for p in problems) == len(ALL_TOKENS) - 2


# ------------------------------------------------------------------------------ "none" backend


def test_backend_is_none_without_audio_modules(qapp, monkeypatch):
    monkeypatch.setattr(voice, "_multimedia", lambda: None)
    monkeypatch.setattr(voice, "_tts_engine", lambda *args, **kwargs: None)
    assert Announcer().backend == "none"
    assert Announcer(backend="clips").backend == "none"  # asked for, cannot load: still works
    assert Announcer(backend="tts").backend == "none"


def test_backend_detection_never_crashes(qapp):
    assert Announcer().backend in ("tts", "clips", "none")


def test_unknown_backend_is_refused(qapp):
    with pytest.raises(ValueError):
        Announcer(backend="loud")


def test_three_announcements_in_order_one_at_a_time(qtbot, caplog):
    caplog.set_level(logging.INFO, logger="ui.voice")
    announcer = Announcer(backend="none", silent_ms=30, pause_ms=5)
    record = Recorder(announcer)
    with qtbot.waitSignal(announcer.announced, timeout=2000) as first:
        texts = announce_three(announcer)
        assert announcer.pending == texts  # starts from the event loop, not inside announce()
    assert first.args == [texts[0]]
    assert announcer.current == texts[0]
    assert announcer.pending == texts[1:]
    for text in texts[1:]:
        with qtbot.waitSignal(announcer.announced, timeout=2000) as started:
            pass
        assert started.args == [text]
    wait_all_done(qtbot, announcer)
    assert record.events == strictly_one_at_a_time(texts)
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    for text in texts:
        assert any(text in message for message in logged)


def test_silent_pace_follows_the_clips_by_default(qtbot):
    announcer = Announcer(backend="none", pause_ms=0)
    record = Recorder(announcer)
    announcer.announce("请 A1 号到 1 号窗口办理", ["chime"])  # 0.8 s of chime
    qtbot.waitUntil(lambda: bool(record.events), timeout=1000)
    qtbot.wait(300)
    assert record.events == [("start", "请 A1 号到 1 号窗口办理")]  # still "speaking"
    wait_all_done(qtbot, announcer, timeout=3000)


def test_a_call_is_announced_once(qtbot):
    announcer = Announcer(backend="none", silent_ms=20, pause_ms=0)
    record = Recorder(announcer)
    tokens = call_tokens("A001", 5)
    text = call_text("A001", 5)
    assert announcer.announce(text, tokens, key=41) is True
    assert announcer.announce(text, tokens, key=41) is False  # the same call event again
    assert announcer.pending == [text]
    wait_all_done(qtbot, announcer)
    assert announcer.announce(text, tokens, key=41) is False  # also once it has been played
    assert announcer.announce(text, tokens, key=42) is True  # a recall is a new call event
    assert announcer.announce(text, tokens) is True  # no key: always
    wait_all_done(qtbot, announcer)
    assert [e for e in record.events if e[0] == "start"] == [("start", text)] * 3


def test_clear_drops_what_is_queued(qtbot):
    announcer = Announcer(backend="none", silent_ms=50, pause_ms=0)
    texts = announce_three(announcer)
    with qtbot.waitSignal(announcer.announced):
        pass
    announcer.clear()
    assert announcer.pending == []
    with qtbot.waitSignal(announcer.finished) as done:
        pass
    assert done.args == [texts[0]]
    qtbot.wait(100)
    assert announcer.current is None


def test_missing_clips_do_not_crash_silently(qtbot, tmp_path):
    announcer = Announcer(backend="none", voice_dir=tmp_path, pause_ms=0)  # an empty folder
    with qtbot.waitSignal(announcer.finished, timeout=5000):  # paced at a fixed 2.5 s
        announcer.announce("请 A001 号到 5 号窗口办理", ["no_such_token", "qing"])
    write_wav(tmp_path / "qing.wav", 800)  # 100 ms at 8000 Hz; the others still missing
    with qtbot.waitSignal(announcer.finished, timeout=1000):
        announcer.announce("请 A002 号到 5 号窗口办理", ["no_such_token", "qing"])


# -------------------------------------------------------------- "clips" with a stand-in effect


class FakeSoundEffect(QObject):
    """Plays nothing, in the shape of QSoundEffect: loads on setSource, 'plays' for 20 ms."""

    playingChanged = Signal()
    statusChanged = Signal()
    Status = SimpleNamespace(Null=0, Loading=1, Ready=2, Error=3)
    played: list[FakeSoundEffect] = []
    behaviour = "play"  # "play", "error" or "hang"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._playing = False
        self._status = self.Status.Null
        self._source = None
        self.wav: tuple[tuple[int, int, int], int, bytes] | None = None

    def setVolume(self, volume):
        self.volume = volume

    def setSource(self, url):
        self._source = url
        self.wav = read_wav(Path(url.toLocalFile()).read_bytes())
        self._status = self.Status.Ready

    def source(self):
        return self._source

    def status(self):
        return self._status

    def isPlaying(self):
        return self._playing

    def play(self):
        FakeSoundEffect.played.append(self)
        if self.behaviour == "error":
            self._status = self.Status.Error
            QTimer.singleShot(0, self.statusChanged.emit)
            return
        self._playing = True
        self.playingChanged.emit()
        if self.behaviour == "play":
            QTimer.singleShot(20, self._end)

    def _end(self):
        if self._playing:
            self._playing = False
            self.playingChanged.emit()

    def stop(self):
        self._end()


@pytest.fixture
def fake_audio(monkeypatch):
    FakeSoundEffect.played = []
    FakeSoundEffect.behaviour = "play"
    module = SimpleNamespace(
        QSoundEffect=FakeSoundEffect,
        QMediaDevices=SimpleNamespace(audioOutputs=lambda: ["speaker"]),
    )
    monkeypatch.setattr(voice, "_multimedia", lambda: module)
    monkeypatch.setattr(voice, "_tts_engine", lambda *args, **kwargs: None)
    return FakeSoundEffect


def clip_frames(tokens: list[str]) -> int:
    total = 0
    for t in tokens:
        with wave.open(str(voice.VOICE_DIR / f"{t}.wav"), "rb") as w:
            total += w.getnframes()
    return total


def test_clips_play_in_order_one_joined_wav_each(qtbot, fake_audio):
    announcer = Announcer(pause_ms=0)  # detected: QtMultimedia (stand-in) with an output
    assert announcer.backend == "clips"
    record = Recorder(announcer)
    texts = announce_three(announcer)
    wait_all_done(qtbot, announcer)
    assert record.events == strictly_one_at_a_time(texts)
    assert len(fake_audio.played) == 3
    gap = round(22050 * 60 / 1000)
    for effect, (number, window) in zip(fake_audio.played, CALLS, strict=True):
        tokens = call_tokens(number, window)
        fmt, frames, _ = effect.wav
        assert fmt == (1, 2, 22050)
        assert frames == clip_frames(tokens) + gap * (len(tokens) - 1)


def test_clips_skip_a_missing_token_and_put_the_chime_first(qtbot, fake_audio, caplog):
    announcer = Announcer(pause_ms=0)
    with qtbot.waitSignal(announcer.finished, timeout=5000):
        assert announcer.announce("请 A001 号", ["qing", "no_such_token", "A"])
    assert any(
        "no_such_token" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
    )
    (effect,) = fake_audio.played
    played = ["chime", "qing", "A"]
    assert effect.wav[1] == clip_frames(played) + round(22050 * 60 / 1000) * 2


def test_clips_unplayable_or_mismatched_fall_back_to_silence(qtbot, fake_audio, tmp_path):
    fake_audio.behaviour = "error"
    announcer = Announcer(pause_ms=0, silent_ms=20)
    record = Recorder(announcer)
    texts = announce_three(announcer)
    wait_all_done(qtbot, announcer)
    assert record.events == strictly_one_at_a_time(texts)

    write_wav(tmp_path / "chime.wav", 100, rate=22050)
    write_wav(tmp_path / "qing.wav", 100, rate=44100)
    fake_audio.behaviour = "play"
    odd = Announcer(voice_dir=tmp_path, pause_ms=0, silent_ms=20)
    with qtbot.waitSignal(odd.finished, timeout=3000):
        odd.announce("请", ["qing"])


def test_a_stuck_effect_does_not_stall_the_queue(qtbot, fake_audio, monkeypatch, tmp_path):
    monkeypatch.setattr(voice, "_WATCHDOG_SLACK_MS", 50)
    fake_audio.behaviour = "hang"
    write_wav(tmp_path / "chime.wav", 80)  # 10 ms
    announcer = Announcer(voice_dir=tmp_path, pause_ms=0)
    record = Recorder(announcer)
    announcer.announce("请 A1", ["chime"], key=1)
    announcer.announce("请 A2", ["chime"], key=2)
    wait_all_done(qtbot, announcer, timeout=5000)
    assert record.events == strictly_one_at_a_time(["请 A1", "请 A2"])


# ---------------------------------------------------------------- the real Qt audio modules


def _real_multimedia():
    try:
        from PySide6 import QtMultimedia
    except Exception as exc:  # ImportError: libpulse.so.0 missing, etc.
        return None, f"QtMultimedia cannot load here ({exc})"
    return QtMultimedia, ""


def test_clips_with_the_real_qsoundeffect(qtbot):
    mm, reason = _real_multimedia()
    if mm is None:
        pytest.skip(reason)
    # Whatever the machine has: a real output plays the chime, none makes QSoundEffect fail, and
    # both must keep the order and end every announcement.
    announcer = Announcer(backend="clips", pause_ms=0, silent_ms=20)
    assert announcer.backend == "clips"
    record = Recorder(announcer)
    announcer.announce("一", ["chime"], key="a")
    announcer.announce("二", ["chime"], key="b")
    wait_all_done(qtbot, announcer, timeout=20_000)
    assert record.events == strictly_one_at_a_time(["一", "二"])


def test_tts_with_qt_mock_engine(qtbot):
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except Exception as exc:
        pytest.skip(f"QtTextToSpeech cannot load here ({exc})")
    if "mock" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock text-to-speech engine is not installed")
    announcer = Announcer(backend="tts", tts_engine="mock", pause_ms=0)
    assert announcer.backend == "tts"
    record = Recorder(announcer)
    texts = announce_three(announcer)
    wait_all_done(qtbot, announcer, timeout=20_000)
    assert record.events == strictly_one_at_a_time(texts)
