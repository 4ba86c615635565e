"""The hall display board (大屏): the number at every window, the latest calls highlighted as they
arrive, waiting counts and expected waits per category, a scrolling notice, and the voice
announcing each call once ("请 A001 号到 5 号窗口办理")."""

from __future__ import annotations

from collections import deque
from html import escape

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app import clock
from app.domain.announce import call_text, call_tokens
from app.domain.codes import CounterState
from app.errors import HallDeskError
from app.services import queue
from app.services.feed import Changes, TicketChange
from app.services.queue import CategoryLoad, WindowState
from ui.context import AppContext
from ui.i18n import LANGUAGES, PublicLanguage, category_name, wait_text
from ui.widgets.pin_dialog import StationLock

RECENT_CALLS = 6
HIGHLIGHT_MS = 8_000
PERIODIC_RELOAD_MS = 30_000
CELL_PADDING = 18  # px either side of a category on the loads line
BOARD_STYLE = """
#board { background: #0b2545; }
#board QLabel { color: #e8f1fb; }
QFrame.tile { background: #13315c; border-radius: 10px; }
QFrame.tile[highlight="true"] { background: #c9302c; }
QLabel.dim { color: #8da9c4; }
"""


def _font(widget: QWidget, size: float, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(size)
    font.setBold(bold)
    widget.setFont(font)


class Marquee(QWidget):
    """A notice that scrolls from right to left, forever."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("marquee")
        self.text = text
        self._offset = 0
        self.setMinimumHeight(48)
        _font(self, 20)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)
        self._timer.start(30)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._offset == 0:  # start with the notice readable, not off the right edge
            self._offset = max(self.width() - 40, 0)

    def _step(self) -> None:
        self._offset += 2
        width = self.fontMetrics().horizontalAdvance(self.text)
        if self._offset > width + self.width():
            self._offset = 0
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setPen(Qt.GlobalColor.yellow)
        x = self.width() - self._offset
        painter.drawText(
            QRect(x, 0, self.fontMetrics().horizontalAdvance(self.text) + 20, self.height()),
            Qt.AlignmentFlag.AlignVCenter,
            self.text,
        )


class WindowTile(PublicLanguage, QFrame):
    def __init__(self, number: int, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.language = language  # the board's
        self.setProperty("class", "tile")
        self.setObjectName(f"tile_{number}")
        self.title = QLabel(self.tr("{0} 号窗口").format(number))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _font(self.title, 18)
        self.number = QLabel("—")
        self.number.setObjectName(f"tile_number_{number}")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _font(self.number, 40, True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.number)

    def show_state(self, state: WindowState) -> None:
        if state.state == CounterState.CLOSED:
            self.number.setText("—")
            self.title.setText(self.tr("{0} 号窗口 · 未开放").format(state.number))
        elif state.state == CounterState.PAUSED:
            self.number.setText(state.current.number if state.current else self.tr("暂停"))
            self.title.setText(self.tr("{0} 号窗口 · 暂停").format(state.number))
        else:
            self.number.setText(state.current.number if state.current else "—")
            self.title.setText(self.tr("{0} 号窗口").format(state.number))

    def highlight(self, on: bool) -> None:
        value = "true" if on else "false"
        if self.property("highlight") == value:
            return  # restyling a tile costs; the board clears all twelve after every call
        self.setProperty("highlight", value)
        self.style().unpolish(self)
        self.style().polish(self)


class BoardWindow(PublicLanguage, QWidget):
    """In the language of station.language (zh_CN or en); the voice stays Chinese."""

    TR_CONTEXT = "BoardWindow"

    def __init__(self, ctx: AppContext, announcer=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.announcer = announcer
        self.setObjectName("board")
        self.setWindowTitle(self.tr("叫号大屏"))
        self.setStyleSheet(BOARD_STYLE)
        self.resize(1920, 1080)
        self.recent: deque[TicketChange] = deque(maxlen=RECENT_CALLS)
        self.tiles: dict[int, WindowTile] = {}
        self._loads: list[CategoryLoad] = []
        self._states: list[WindowState] = []

        hall = QLabel(ctx.hall.name if ctx.hall else "HallDesk")
        _font(hall, 30, True)
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        _font(self.clock, 24)
        # For whoever looks after the hall: the board cannot update (the database is away).
        self.stale = QLabel(self.tr("叫号信息暂时无法更新，正在恢复"))
        self.stale.setObjectName("board_stale")
        self.stale.setStyleSheet("color: #ffcc80;")
        _font(self.stale, 18)
        self.stale.hide()
        header = QHBoxLayout()
        header.addWidget(hall)
        header.addStretch(1)
        header.addWidget(self.stale)
        header.addSpacing(24)
        header.addWidget(self.clock)

        self.latest = QLabel(self.tr("请留意叫号"))
        self.latest.setObjectName("latest_call")
        self.latest.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.latest.setWordWrap(True)
        self.latest.setTextFormat(Qt.TextFormat.RichText)
        _font(self.latest, 36, True)
        self.recent_label = QLabel()
        self.recent_label.setObjectName("recent_calls")
        self.recent_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        _font(self.recent_label, 22)
        left = QVBoxLayout()
        left.addWidget(self.latest)
        self.recent_title = recent_title = QLabel(self.tr("最近呼叫"))
        recent_title.setProperty("class", "dim")
        _font(recent_title, 20)
        left.addWidget(recent_title, 0, Qt.AlignmentFlag.AlignHCenter)
        left.addWidget(self.recent_label, 1)

        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(12)
        middle = QHBoxLayout()
        left_box = QWidget()
        left_box.setLayout(left)
        middle.addWidget(left_box, 2)
        grid_box = QWidget()
        grid_box.setLayout(self.tile_grid)
        middle.addWidget(grid_box, 5)

        self.loads_label = QLabel()
        self.loads_label.setObjectName("category_loads")
        self.loads_label.setTextFormat(Qt.TextFormat.RichText)
        self.loads_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _font(self.loads_label, 18)
        self.marquee = Marquee(self._notice())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.addLayout(header)
        layout.addLayout(middle, 1)
        layout.addWidget(self.loads_label)
        layout.addWidget(self.marquee)

        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        self._unhighlight = QTimer(self)
        self._unhighlight.setSingleShot(True)
        self._unhighlight.timeout.connect(self._clear_highlight)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(150)
        self._reload_soon.timeout.connect(self.reload)
        ctx.follow_changes(self.on_changes)
        ctx.runner.database_up.connect(self.reload)
        # Also now and then without a change from the feed: a board that lost its database
        # learns of it (and says so) even when nobody calls.
        self._periodic = QTimer(self)
        self._periodic.timeout.connect(self.reload)
        self._periodic.start(PERIODIC_RELOAD_MS)
        if ctx.settings.station.language in LANGUAGES:
            self.set_language(ctx.settings.station.language)
        self._tick()
        self.reload()
        # Full screen, only a manager leaves it (Ctrl+Alt+Q or five taps in the top-left corner).
        self.station_lock = StationLock(self, ctx, "board")

    def _tick(self) -> None:
        self.clock.setText(clock.local_now(self.ctx.timezone).strftime("%Y-%m-%d %H:%M:%S"))

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        db = self.ctx.db
        self.ctx.runner.submit(
            lambda: (queue.window_states(db), queue.category_loads(db)), self._loaded, self._failed
        )

    def _loaded(self, result: tuple[list[WindowState], list[CategoryLoad]]) -> None:
        states, loads = result
        self.stale.hide()
        self._show_windows(states)
        self._show_loads(loads)

    def _failed(self, error: HallDeskError) -> None:
        self.stale.show()  # what is on the board stays; it updates again once the database answers

    def _notice(self) -> str:
        return self.ctx.settings.station.board_notice or self.tr(
            "请按号码顺序等候叫号，过号无效，请重新取号。军人、老年人、残疾人、孕妇可取优先号。"
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("叫号大屏"))
        self.stale.setText(self.tr("叫号信息暂时无法更新，正在恢复"))
        if not self.recent:
            self.latest.setText(self.tr("请留意叫号"))
        self.recent_title.setText(self.tr("最近呼叫"))
        self.marquee.text = self._notice()
        self.marquee.update()
        for tile in self.tiles.values():
            tile.language = self.language
        self._show_windows(self._states)
        self._show_loads(self._loads)

    def _show_windows(self, states: list[WindowState]) -> None:
        self._states = states
        columns = 4
        for i, state in enumerate(states):
            tile = self.tiles.get(state.number)
            if tile is None:
                tile = WindowTile(state.number, self.language)
                self.tiles[state.number] = tile
                self.tile_grid.addWidget(tile, i // columns, i % columns)
            tile.show_state(state)

    def _show_loads(self, loads: list[CategoryLoad]) -> None:
        """One cell per category, so a name never breaks across lines; as many cells in a row as
        the board's screen has room for (7 categories are two rows on 1366 px or in portrait)."""
        self._loads = loads
        lines = [
            (
                category_name(self.language, load.name, load.name_en),
                wait_text(
                    self.language, load.waiting, load.estimated_wait_minutes, load.open_windows
                ),
            )
            for load in loads
        ]
        metrics = self.loads_label.fontMetrics()
        bold = QFont(self.loads_label.font())
        bold.setBold(True)
        widest = max(
            (
                max(QFontMetrics(bold).horizontalAdvance(name), metrics.horizontalAdvance(phrase))
                for name, phrase in lines
            ),
            default=0,
        )
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = (screen.geometry().width() if screen else 1920) - 48 - 24
        per_row = max(1, room // (widest + 2 * CELL_PADDING + 8)) if widest else 1
        cells = [
            f"<td style='padding: 2px {CELL_PADDING}px; white-space: nowrap;' align='center'>"
            f"<b>{escape(name)}</b><br>{phrase}</td>"
            for name, phrase in lines
        ]
        rows = "".join(
            "<tr>" + "".join(cells[i : i + per_row]) + "</tr>"
            for i in range(0, len(cells), per_row)
        )
        self.loads_label.setText(f"<table align='center'>{rows}</table>")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt
        super().showEvent(event)
        self._show_loads(self._loads)  # now on its screen: rows for that screen's width

    def on_changes(self, changes: Changes) -> None:
        for change in changes.tickets:
            if change.is_call and change.counter_number is not None:
                self.show_call(change)
        if changes.concerns("ticket", "counter"):  # cases, prints, the outbox: not the board's
            self._reload_soon.start()

    def show_call(self, change: TicketChange) -> None:
        """A call made at any window: highlight it, list it, and announce it once."""
        self.recent.appendleft(change)
        text = call_text(change.number, change.counter_number, change.counter_location)
        self.latest.setText(
            f"<p align='center' style='font-size: 96pt; margin: 0;'>{escape(change.number)}</p>"
            + "<p align='center' style='margin: 0;'>"
            + self.tr("请到 {0} 号窗口").format(change.counter_number)
            + "</p>"
        )
        self.recent_label.setText(
            "\n".join(
                self.tr("{0} → {1} 号窗口").format(c.number, c.counter_number) for c in self.recent
            )
        )
        tile = self.tiles.get(change.counter_number)
        if tile is not None:
            tile.number.setText(change.number)
            self._clear_highlight()
            tile.highlight(True)
            self._unhighlight.start(HIGHLIGHT_MS)
        if self.announcer is not None:
            self.announcer.announce(
                text,
                call_tokens(change.number, change.counter_number),
                key=f"call:{change.event_id}",
            )

    def _clear_highlight(self) -> None:
        for tile in self.tiles.values():
            tile.highlight(False)
