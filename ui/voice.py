"""The hall board's voice: one queue of announcements, played strictly one at a time, a chime first.

    announcer = Announcer(parent=board)
    announcer.announced.connect(board.flash)          # the moment an announcement starts
    announcer.announce(call_text("A001", 5), call_tokens("A001", 5), key=call_event_id)

Three ways to speak, chosen once when the Announcer is made (`backend`):

* "tts": a text-to-speech engine with a Chinese (zh) voice (PySide6.QtTextToSpeech, e.g. SAPI or
  WinRT voices on Windows): the chime clip, then the engine reads the call.
* "clips": recorded clips (resources/voice/<token>.wav, see its README) joined into one WAV, chime
  first, played with QSoundEffect (PySide6.QtMultimedia) on the default audio output.
* "none": no audio module or no audio output. Each announcement is logged (logging.info) and
  `announced` is still emitted, paced as if it were spoken, so the board behaves the same.

QtMultimedia and QtTextToSpeech are imported only here, lazily and guarded: on a machine without
their system libraries (libpulse.so.0 on Linux) the import fails and the board simply has no voice.
"""

from __future__ import annotations

import io
import logging
import tempfile
import wave
from collections import OrderedDict, deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal

import resources
from app.domain.announce import ALL_TOKENS, CHIME, tokens_text

log = logging.getLogger(__name__)

BACKENDS = ("tts", "clips", "none")
VOICE_DIR = resources.path("voice")

_KEYS_REMEMBERED = 10_000  # keys kept for "announced once"; a day of calls in a large hall
_WATCHDOG_SLACK_MS = 5_000  # past an announcement's expected length, give up waiting for it


# --------------------------------------------------------------------------------------- WAV files


def _describe(fmt: tuple[int, int, int]) -> str:
    channels, width, rate = fmt
    return f"{width * 8}-bit, {'mono' if channels == 1 else f'{channels} channels'}, {rate} Hz"


def concatenate_wavs(paths: Iterable[str | Path], gap_ms: int = 60) -> bytes:
    """The WAV files in `paths` joined into one WAV (bytes), with `gap_ms` of silence between two
    parts (none before the first or after the last). All parts must share one format (channels,
    sample width, sample rate): a mismatch raises ValueError naming both files. Only PCM WAV."""
    paths = list(paths)
    if not paths:
        raise ValueError("concatenate_wavs: no WAV files given")
    if gap_ms < 0:
        raise ValueError(f"concatenate_wavs: gap_ms must not be negative ({gap_ms})")
    first: tuple[Path, tuple[int, int, int]] | None = None
    parts: list[bytes] = []
    for p in paths:
        try:
            with wave.open(str(p), "rb") as w:
                fmt = (w.getnchannels(), w.getsampwidth(), w.getframerate())
                parts.append(w.readframes(w.getnframes()))
        except (wave.Error, EOFError) as exc:
            raise ValueError(f"{p}: not a PCM WAV file ({exc})") from exc
        if first is None:
            first = (Path(p), fmt)
        elif fmt != first[1]:
            raise ValueError(
                f"voice clips differ in format: {p} is {_describe(fmt)} but {first[0]} is "
                f"{_describe(first[1])}; all clips must share one format"
            )
    assert first is not None
    channels, width, rate = first[1]
    gap_frames = round(rate * gap_ms / 1000)
    silent_sample = b"\x80" if width == 1 else b"\x00" * width  # 8-bit WAV is unsigned
    gap = silent_sample * channels * gap_frames
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(gap.join(parts))
    return out.getvalue()


def wav_duration_ms(paths: Sequence[str | Path], gap_ms: int = 60) -> int:
    """How long `concatenate_wavs(paths, gap_ms)` plays, from the headers alone (unreadable files
    count as nothing)."""
    total = 0.0
    for p in paths:
        try:
            with wave.open(str(p), "rb") as w:
                total += w.getnframes() / w.getframerate()
        except (OSError, wave.Error, EOFError, ZeroDivisionError):
            continue
    return round(total * 1000) + gap_ms * max(0, len(paths) - 1)


def check_voice_dir(voice_dir: str | Path, tokens: Iterable[str] = ALL_TOKENS) -> list[str]:
    """What is wrong with a folder of voice clips, as readable lines (empty: all is well): a clip
    missing or unreadable, or one whose format differs from chime.wav's (or the first clip's)."""
    folder = Path(voice_dir)
    problems: list[str] = []
    formats: dict[str, tuple[int, int, int]] = {}
    for token in tokens:
        p = folder / f"{token}.wav"
        if not p.is_file():
            problems.append(f"missing: {p}")
            continue
        try:
            with wave.open(str(p), "rb") as w:
                formats[token] = (w.getnchannels(), w.getsampwidth(), w.getframerate())
        except (OSError, wave.Error, EOFError) as exc:
            problems.append(f"not a PCM WAV file: {p} ({exc})")
    if formats:
        ref = CHIME if CHIME in formats else next(iter(formats))
        for token, fmt in formats.items():
            if fmt != formats[ref]:
                problems.append(
                    f"format differs: {folder / (token + '.wav')} is {_describe(fmt)}, "
                    f"{ref}.wav is {_describe(formats[ref])}"
                )
    return problems


# ---------------------------------------------------------------------------- guarded Qt modules


def _multimedia() -> Any | None:
    """PySide6.QtMultimedia, or None when it cannot load (e.g. libpulse.so.0 missing)."""
    try:
        from PySide6 import QtMultimedia
    except Exception as exc:  # ImportError, or an OSError from a missing system library
        log.info("no QtMultimedia (%s): voice clips cannot play", exc)
        return None
    return QtMultimedia


def _has_audio_output(mm: Any) -> bool:
    try:
        return bool(mm.QMediaDevices.audioOutputs())
    except Exception as exc:
        log.warning("cannot list audio outputs: %s", exc)
        return False


def _tts_engine(parent: QObject, engine: str | None, require_chinese: bool) -> Any | None:
    """A QTextToSpeech set to a Chinese voice: from `engine`, or the first installed engine (the
    test engine "mock" excepted) that has one. None when there is none or the module cannot load.
    With require_chinese False, `engine` is used whatever its languages (tests)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except Exception as exc:
        log.info("no QtTextToSpeech (%s)", exc)
        return None
    try:
        names = [engine] if engine else [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    except Exception as exc:
        log.warning("cannot list text-to-speech engines: %s", exc)
        return None
    for name in names:
        try:
            tts = QTextToSpeech(name, parent)
            if tts.state() == QTextToSpeech.State.Error:
                log.info("text-to-speech engine %s: %s", name, tts.errorString())
                tts.deleteLater()
                continue
            chinese = [
                loc for loc in tts.availableLocales() if loc.language() == QLocale.Language.Chinese
            ]
        except Exception as exc:
            log.warning("text-to-speech engine %s failed: %s", name, exc)
            continue
        if chinese:
            mainland = [loc for loc in chinese if loc.territory() == QLocale.Territory.China]
            tts.setLocale((mainland or chinese)[0])
            log.info("voice: text-to-speech engine %s, %s", name, tts.locale().name())
            return tts
        if not require_chinese:
            return tts
        log.info("text-to-speech engine %s has no Chinese voice", name)
        tts.deleteLater()
    return None


# ------------------------------------------------------------------------------------ Announcer


@dataclass
class _Item:
    text: str
    tokens: list[str]
    speech: str | None
    key: Hashable | None


class Announcer(QObject):
    """One queue of announcements for the hall board, played one at a time in the order given.

    Parameters (all optional):
      voice_dir   folder of <token>.wav clips (default resources/voice)
      backend     force "tts", "clips" or "none" instead of detecting (a forced backend that
                  cannot load falls back to "none"; a forced "clips" needs no audio output)
      tts_engine  the QTextToSpeech engine to use (default: the first with a Chinese voice)
      gap_ms      silence between two clips
      pause_ms    silence between two announcements
      silent_ms   how long an announcement lasts in "none" mode (default: as long as its clips)
      volume      0.0–1.0
    """

    announced = Signal(str)  # an announcement starts playing (or is logged, with no audio)
    finished = Signal(str)  # it is over; the next one starts pause_ms later

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        voice_dir: str | Path | None = None,
        backend: str | None = None,
        tts_engine: str | None = None,
        gap_ms: int = 60,
        pause_ms: int = 400,
        silent_ms: int | None = None,
        volume: float = 1.0,
    ):
        super().__init__(parent)
        if backend is not None and backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS} or None, not {backend!r}")
        self.voice_dir = Path(voice_dir) if voice_dir is not None else VOICE_DIR
        self.gap_ms = gap_ms
        self.pause_ms = pause_ms
        self.silent_ms = silent_ms
        self.volume = volume

        self._queue: deque[_Item] = deque()
        self._current: _Item | None = None
        self._keys: OrderedDict[Hashable, None] = OrderedDict()
        self._phase = ""  # "chime", "speech", "clips", "silent" while an announcement plays
        self._effect: Any | None = None  # the QSoundEffect playing now
        self._effect_started = False
        self._speech_started = False
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._temp_files: list[Path] = []
        self._serial = 0

        self._next_timer = QTimer(self, singleShot=True)
        self._next_timer.timeout.connect(self._start_next)
        self._silent_timer = QTimer(self, singleShot=True)
        self._silent_timer.timeout.connect(self._finish)
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._on_watchdog)

        self._mm: Any | None = None
        self._tts: Any | None = None
        self._backend = self._choose_backend(backend, tts_engine)
        if self._tts is not None:
            self._tts.setVolume(volume)
            self._tts.stateChanged.connect(self._on_tts_state)
        log.info("hall voice: %s", self._backend)
        if self._backend != "none":
            for problem in check_voice_dir(self.voice_dir):
                log.warning("voice clips: %s", problem)

    def _choose_backend(self, forced: str | None, tts_engine: str | None) -> str:
        if forced == "none":
            return "none"
        if forced in (None, "tts"):
            self._tts = _tts_engine(self, tts_engine, require_chinese=forced is None)
            if self._tts is not None:
                self._mm = _multimedia()  # for the chime; without it the voice speaks alone
                return "tts"
            if forced == "tts":
                log.warning("text-to-speech asked for but not available: announcements are logged")
                return "none"
        self._mm = _multimedia()
        if self._mm is not None and (forced == "clips" or _has_audio_output(self._mm)):
            return "clips"
        if forced == "clips":
            log.warning(
                "voice clips asked for but QtMultimedia cannot load: announcements are logged"
            )
        self._mm = None
        return "none"

    # -- the public face

    @property
    def backend(self) -> str:
        """ "tts", "clips" or "none" (see the module's doc)."""
        return self._backend

    @property
    def pending(self) -> list[str]:
        """The texts queued and not yet started, in order."""
        return [item.text for item in self._queue]

    @property
    def current(self) -> str | None:
        """The text being announced now, if any."""
        return self._current.text if self._current else None

    def announce(
        self,
        text: str,
        tokens: Sequence[str],
        key: Hashable | None = None,
        *,
        speech: str | None = None,
    ) -> bool:
        """Queue an announcement: `text` is shown and logged, `tokens` name the clips to play (see
        app.domain.announce.call_tokens; the chime is put first if missing), `speech` is what a
        text-to-speech voice reads (default: the tokens' reading, e.g. "请A零零一号到五号窗口办理",
        else `text`). A `key` already announced (e.g. the same call event id) is ignored: returns
        False. A recall (重呼) is a new call event and so a new key."""
        if key is not None:
            if key in self._keys:
                log.debug("already announced (key %r): %s", key, text)
                return False
            self._keys[key] = None
            while len(self._keys) > _KEYS_REMEMBERED:
                self._keys.popitem(last=False)
        tokens = list(tokens)
        if not tokens or tokens[0] != CHIME:
            tokens.insert(0, CHIME)
        self._queue.append(_Item(text, tokens, speech, key))
        if self._current is None and not self._next_timer.isActive():
            self._next_timer.start(0)  # from the event loop: the caller's slot finishes first
        return True

    def clear(self) -> None:
        """Drop the queued announcements (the one playing finishes)."""
        self._queue.clear()

    # -- playing

    def _start_next(self) -> None:
        if self._current is not None or not self._queue:
            return
        item = self._current = self._queue.popleft()
        log.info("announce [%s]: %s", self._backend, item.text)
        self.announced.emit(item.text)
        if self._current is not item:  # a slot of `announced` cannot end it, but be safe
            return
        try:
            if self._backend == "clips":
                self._play_clips(item)
            elif self._backend == "tts":
                self._play_tts(item)
            else:
                self._play_silent(item)
        except Exception:  # never let the voice take the board down
            log.exception("announcement failed: %s", item.text)
            self._play_silent(item)

    def _clip_paths(self, tokens: Sequence[str]) -> list[Path]:
        paths: list[Path] = []
        for token in tokens:
            p = self.voice_dir / f"{token}.wav"
            if p.is_file():
                paths.append(p)
            else:
                log.warning("voice clip missing, skipped: %s", p)
        return paths

    def _play_silent(self, item: _Item) -> None:
        self._phase = "silent"
        if self.silent_ms is not None:
            ms = self.silent_ms
        else:
            existing = [
                p for p in (self.voice_dir / f"{t}.wav" for t in item.tokens) if p.is_file()
            ]
            ms = wav_duration_ms(existing, self.gap_ms) if existing else 2500
        self._silent_timer.start(max(0, ms))

    def _play_clips(self, item: _Item) -> None:
        paths = self._clip_paths(item.tokens)
        if not paths:
            log.warning("no voice clips for %s: announced without sound", item.text)
            self._play_silent(item)
            return
        try:
            data = concatenate_wavs(paths, self.gap_ms)
        except (OSError, ValueError) as exc:
            log.error("voice clips unusable (%s): announced without sound", exc)
            self._play_silent(item)
            return
        path = self._write_temp(data)
        self._phase = "clips"
        self._play_effect(path, wav_duration_ms(paths, self.gap_ms))

    def _play_tts(self, item: _Item) -> None:
        chime = self.voice_dir / f"{CHIME}.wav"
        if self._mm is not None and chime.is_file() and _has_audio_output(self._mm):
            self._phase = "chime"
            self._play_effect(chime, wav_duration_ms([chime]))
        else:
            self._speak()

    def _speak(self) -> None:
        item = self._current
        assert item is not None and self._tts is not None
        speech = item.speech or tokens_text(item.tokens) or item.text
        self._phase = "speech"
        self._speech_started = False
        self._watchdog.start(len(speech) * 500 + _WATCHDOG_SLACK_MS)
        self._tts.say(speech)

    def _write_temp(self, data: bytes) -> Path:
        self._remove_temp_files()
        if self._tempdir is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="halldesk-voice-")
        self._serial += 1
        path = Path(self._tempdir.name) / f"announcement-{self._serial}.wav"
        path.write_bytes(data)
        self._temp_files.append(path)
        return path

    def _remove_temp_files(self) -> None:
        for p in list(self._temp_files):
            try:
                p.unlink(missing_ok=True)
                self._temp_files.remove(p)
            except OSError:  # still open somewhere (Windows): next time
                pass

    def _make_effect(self) -> Any:
        """A QSoundEffect (a method so that tests can put a stand-in here)."""
        assert self._mm is not None
        return self._mm.QSoundEffect(self)

    def _play_effect(self, path: Path, duration_ms: int) -> None:
        effect = self._effect = self._make_effect()
        self._effect_started = False
        effect.playingChanged.connect(self._on_effect_playing)
        effect.statusChanged.connect(self._on_effect_status)
        effect.setVolume(self.volume)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        self._watchdog.start(duration_ms + _WATCHDOG_SLACK_MS)
        effect.play()  # plays once loaded

    def _on_effect_playing(self) -> None:
        effect = self._effect
        if effect is None or self.sender() is not effect:
            return
        if effect.isPlaying():
            self._effect_started = True
        elif self._effect_started:
            self._effect_done()

    def _on_effect_status(self) -> None:
        effect = self._effect
        if effect is None or self.sender() is not effect:
            return
        if effect.status() == type(effect).Status.Error:
            log.warning("cannot play %s", effect.source().toLocalFile())
            self._watchdog.stop()
            self._drop_effect()
            if self._phase == "chime":
                self._speak()
            elif self._current is not None:
                self._play_silent(self._current)  # keep the pace of a spoken announcement

    def _drop_effect(self) -> None:
        effect, self._effect = self._effect, None
        if effect is not None:
            for signal, slot in (
                (effect.playingChanged, self._on_effect_playing),
                (effect.statusChanged, self._on_effect_status),
            ):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
            effect.stop()
            effect.deleteLater()

    def _effect_done(self) -> None:
        self._watchdog.stop()
        self._drop_effect()
        if self._phase == "chime":
            self._speak()
        else:
            self._finish()

    def _on_tts_state(self, state: Any) -> None:
        if self._phase != "speech" or self._tts is None:
            return
        State = type(self._tts).State
        if state == State.Speaking:
            self._speech_started = True
        elif state == State.Error:
            log.warning("text-to-speech failed: %s", self._tts.errorString())
            self._finish()
        elif state == State.Ready and self._speech_started:
            self._finish()

    def _on_watchdog(self) -> None:
        log.warning("announcement did not end in time, going on: %s", self.current)
        if self._phase == "speech" and self._tts is not None:
            self._tts.stop()
        self._finish()

    def _finish(self) -> None:
        item = self._current
        if item is None:
            return
        self._watchdog.stop()
        self._silent_timer.stop()
        self._drop_effect()
        self._phase = ""
        self._current = None
        self.finished.emit(item.text)
        if self._queue and self._current is None and not self._next_timer.isActive():
            self._next_timer.start(self.pause_ms)
