"""One hall PC for the acceptance day: the real `halldesk` program (same start-up, same windows),
plus a hand and an eye a test can use from outside over a local socket, as a person at the PC
would: keys go to whatever has focus, clicks to a widget by its name, the title bar's close to the
active window; what the screen shows comes back as text. An event-loop watchdog records how long
the GUI thread ever failed to answer.

    python tests/acceptance/station.py --control NAME -- <halldesk options>

Requests and answers are JSON, one per line (see `Hand.handle`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtNetwork import QLocalServer, QLocalSocket  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

KEYS = {
    "F1": Qt.Key.Key_F1,
    "F2": Qt.Key.Key_F2,
    "F3": Qt.Key.Key_F3,
    "F4": Qt.Key.Key_F4,
    "F11": Qt.Key.Key_F11,
    "F12": Qt.Key.Key_F12,
    "Escape": Qt.Key.Key_Escape,
    "Return": Qt.Key.Key_Return,
    "Tab": Qt.Key.Key_Tab,
    "Down": Qt.Key.Key_Down,
    "P": Qt.Key.Key_P,
    "S": Qt.Key.Key_S,
}
MODIFIERS = {
    "": Qt.KeyboardModifier.NoModifier,
    "ctrl": Qt.KeyboardModifier.ControlModifier,
    "ctrl+shift": Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
}


class Watchdog(QObject):
    """A 10 ms timer: the longest gap between its ticks is the longest the GUI thread did not
    answer (a person's click would have waited that long)."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = QElapsedTimer()
        self.clock.start()
        self.gaps: list[int] = []
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.gaps.append(self.clock.restart())
        if len(self.gaps) > 200_000:
            self.gaps = sorted(self.gaps)[-1000:]

    def report(self) -> dict:
        gaps = sorted(self.gaps[1:]) or [0]
        return {
            "max_gap_ms": gaps[-1],
            "p99_gap_ms": gaps[int(0.99 * (len(gaps) - 1))],
            "gaps_over_100ms": sum(1 for g in gaps if g > 100),
        }


def _stall_sampler(watchdog: Watchdog, threshold_ms: int = 40) -> None:
    """HALLDESK_STALL_STACKS=1: a thread that prints the GUI thread's stack whenever it has not
    ticked for `threshold_ms` (to find what a stall was)."""
    import threading
    import traceback

    main_id = threading.main_thread().ident
    last = {"ticks": 0, "seen": time.monotonic()}

    def sample() -> None:
        while True:
            time.sleep(0.02)
            ticks = len(watchdog.gaps)
            now = time.monotonic()
            if ticks != last["ticks"]:
                last.update(ticks=ticks, seen=now, printed=False)
            elif (now - last["seen"]) * 1000 > threshold_ms and not last.get("printed"):
                frame = sys._current_frames().get(main_id)
                stack = "".join(traceback.format_stack(frame)[-12:]) if frame else ""
                print(
                    f"--- {time.strftime('%H:%M:%S')} GUI stalled {int((now - last['seen']) * 1000)} ms at:\n{stack}",
                    flush=True,
                )
                last["printed"] = True

    threading.Thread(target=sample, daemon=True).start()

    import gc

    started: dict[str, float] = {}

    def collections(phase: str, info: dict) -> None:  # the garbage collector holds the GIL
        if phase == "start":
            started["at"] = time.perf_counter()
        elif (spent := (time.perf_counter() - started.get("at", 0)) * 1000) > 20:
            print(
                f"--- {time.strftime('%H:%M:%S')} gc generation {info['generation']}: {spent:.0f} ms",
                flush=True,
            )

    gc.callbacks.append(collections)


def _visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def _find(name: str) -> QWidget | None:
    for window in _visible_windows():
        if window.objectName() == name:
            return window
        found = window.findChild(QWidget, name)
        if found is not None and found.isVisibleTo(window):
            return found
    return None


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return widget.windowTitle()


def _all_texts(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for kind in (QLabel, QAbstractButton, QLineEdit):
        texts += [w.text() for w in window.findChildren(kind) if w.isVisibleTo(window)]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisibleTo(window):
            continue
        for r in range(min(model.rowCount(), 50)):
            for c in range(model.columnCount()):
                texts.append(str(model.index(r, c).data() or ""))
    return [t for t in texts if t]


class Hand(QObject):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.watchdog = Watchdog()
        if os.environ.get("HALLDESK_STALL_STACKS") == "1":
            _stall_sampler(self.watchdog)
        QLocalServer.removeServer(name)
        self.server = QLocalServer(self)
        if not self.server.listen(name):
            raise SystemExit(f"cannot listen on {name}: {self.server.errorString()}")
        self.server.newConnection.connect(self._accept)
        self.buffers: dict[QLocalSocket, bytes] = {}

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self.buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self.buffers.pop(s, None))

    def _read(self, socket: QLocalSocket) -> None:
        self.buffers[socket] = self.buffers.get(socket, b"") + bytes(socket.readAll())
        while b"\n" in self.buffers[socket]:
            line, rest = self.buffers[socket].split(b"\n", 1)
            self.buffers[socket] = rest
            try:
                answer = self.handle(json.loads(line))
            except Exception as exc:  # noqa: BLE001 - the test reads what went wrong
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            socket.write(json.dumps(answer, ensure_ascii=False).encode() + b"\n")
            socket.flush()

    def handle(self, request: dict) -> dict:
        op = request["op"]
        if op == "state":
            active = QApplication.activeWindow()
            modal = QApplication.activeModalWidget()
            focus = QApplication.focusWidget()
            return {
                "windows": [
                    {"class": type(w).__name__, "name": w.objectName(), "title": w.windowTitle()}
                    for w in _visible_windows()
                ],
                "active": type(active).__name__ if active else None,
                "modal": type(modal).__name__ if modal else None,
                "focus": (focus.objectName() or type(focus).__name__) if focus else None,
                "pid": os.getpid(),
                **self.watchdog.report(),
            }
        if op == "text":
            widget = _find(request["name"])
            return {"text": _text(widget) if widget is not None else None}
        if op == "rowcount":
            widget = _find(request["name"])
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                return {"rows": widget.model().rowCount()}
            rows = getattr(widget, "lines", None)  # the materials table keeps its lines
            return {"rows": len(rows) if rows is not None else None}
        if op == "screen_text":  # every word on every visible window
            return {"texts": [t for w in _visible_windows() for t in _all_texts(w)]}
        if op == "key":
            target = QApplication.focusWidget() or QApplication.activeWindow()
            if target is None:
                return {"error": "nothing has focus"}
            key = KEYS.get(request["key"]) or getattr(Qt.Key, f"Key_{request['key']}")
            QTest.keyClick(target, key, MODIFIERS[request.get("mod", "")])
            return {"ok": True}
        if op == "type":  # into what has focus; Chinese as an input method commits it
            target = QApplication.focusWidget()
            if target is None:
                return {"error": "nothing has focus"}
            text = request["text"]
            if text.isascii():
                QTest.keyClicks(target, text)
            else:
                event = QInputMethodEvent()
                event.setCommitString(text)
                QApplication.sendEvent(target, event)
            return {"ok": True, "into": target.objectName()}
        if op == "click":
            widget = _find(request["name"])
            if widget is None:
                return {"error": f"no visible {request['name']}"}
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
            return {"ok": True}
        if op == "activate":  # a person clicks on a window to bring it forward
            for window in _visible_windows():
                if (
                    window.objectName() == request["name"]
                    or type(window).__name__ == request["name"]
                ):
                    window.raise_()
                    window.activateWindow()
                    QApplication.setActiveWindow(window)
                    return {"ok": True}
            return {"error": f"no window {request['name']}"}
        if op == "close_active":  # the title bar's close button
            window = QApplication.activeModalWidget() or QApplication.activeWindow()
            if window is None:
                return {"error": "no active window"}
            window.close()
            return {"ok": True, "closed": type(window).__name__}
        if op == "grab":
            shots = []
            for i, window in enumerate(_visible_windows()):
                path = f"{request['path']}-{i}-{type(window).__name__}.png"
                window.grab().save(path)
                shots.append(path)
            return {"shots": shots}
        if op == "reset_watch":  # from now on (after start-up and log-in, say)
            before = self.watchdog.report()
            self.watchdog.gaps = []
            self.watchdog.clock.restart()
            return before
        if op == "quit":
            QTimer.singleShot(0, QApplication.quit)
            return {"ok": True}
        return {"error": f"unknown op {op}"}


def main() -> int:
    argv = sys.argv[1:]
    control = argv[argv.index("--control") + 1]
    rest = argv[argv.index("--") + 1 :]
    from ui.application import create_application

    create_application(["halldesk"])
    hand = Hand(control)  # noqa: F841 - lives as long as the program
    from ui.main import main as halldesk

    started = time.perf_counter()
    code = halldesk(rest)
    print(json.dumps({"exit": code, "seconds": round(time.perf_counter() - started, 1)}))
    return code


if __name__ == "__main__":
    sys.exit(main())
