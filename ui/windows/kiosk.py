"""The kiosk (取号机): full screen, large touch buttons per category with the number waiting and
the expected wait, a priority path with its reason, a confirmation with the number and the people
ahead; idle, it goes back to the start screen by itself.

The issued ticket is handed to `ticket_sink` with the language it was taken in (the printer prints
it in that language; without a sink the confirmation page itself is the ticket, shown large enough
to photograph or note down). A refusal is shown in the applicant's language
(`HallDeskError.render`, the words from app/messages)."""

from __future__ import annotations

import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import PriorityReason
from app.errors import DatabaseUnavailable, HallDeskError
from app.services import queue
from app.services.feed import Changes
from app.services.queue import CategoryLoad, IssuedTicket
from ui.context import AppContext
from ui.i18n import LANGUAGES, SOURCE_LANGUAGE, PublicLanguage, category_name, wait_text
from ui.widgets.pin_dialog import StationLock

PRIORITY_REASONS = [
    PriorityReason.MILITARY,
    PriorityReason.ELDERLY,
    PriorityReason.DISABLED,
    PriorityReason.PREGNANT,
]


def _font(widget: QWidget, factor: float, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)


class _ActivityFilter(QObject):
    """Any touch or key restarts the idle timer."""

    def __init__(self, on_activity: Callable[[], None]):
        super().__init__()
        self.on_activity = on_activity

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.KeyPress,
            QEvent.Type.TouchBegin,
        ):
            self.on_activity()
        return False


class TouchButton(QPushButton):
    """A big touch button whose text wraps instead of widening the window (a long category name
    at a large font made the kiosk 1393 px wide on a 1366 px screen)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("background: transparent;")
        inner = QVBoxLayout(self)
        inner.setContentsMargins(12, 8, 12, 8)
        inner.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def text(self) -> str:  # noqa: D102 - the label carries the text
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt
        self.label.setText(text)

    def setFont(self, font: QFont) -> None:  # noqa: N802 - Qt
        super().setFont(font)
        self.label.setFont(font)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt
        return QSize(120, self.label.heightForWidth(240) + 16)


class KioskWindow(PublicLanguage, QWidget):
    """Chinese, or English for one applicant with one tap (the 英文/中文 button at the top); back
    to Chinese after the ticket or when the applicant walks away."""

    TR_CONTEXT = "KioskWindow"
    issued = Signal(object)  # IssuedTicket

    IDLE_MS = 30_000
    CONFIRM_MS = 10_000
    UNPRINTED_MS = 30_000  # the number stays longer when the ticket did not print
    GUARD_MS = 800  # after 完成, taps are ignored this long (a double tap is not a new ticket)

    def __init__(
        self,
        ctx: AppContext,
        ticket_sink: Callable[[IssuedTicket, str], None] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_sink = ticket_sink
        self.setObjectName("kiosk")
        self.setWindowTitle(self.tr("自助取号"))
        self.setStyleSheet("""
            #kiosk { background: #eef3f8; }
            QPushButton.category { background: #1f4e79; color: white; border-radius: 16px; padding: 12px; }
            QPushButton.category:pressed { background: #163a5a; }
            QPushButton.priority { background: #2e7d32; color: white; border-radius: 16px; padding: 12px; }
            QPushButton.plain { background: white; border: 2px solid #1f4e79; border-radius: 12px; padding: 10px; }
            QPushButton.category QLabel, QPushButton.priority QLabel { color: white; }
            QPushButton.plain QLabel { color: #1f4e79; }
        """)
        self.priority_reason: PriorityReason | None = None
        self.loads: list[CategoryLoad] = []
        self.shown_error: HallDeskError | None = None  # under the buttons, in the language shown

        hall = ctx.hall.name if ctx.hall else "HallDesk"
        title = QLabel(hall)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _font(title, 2.6, True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("kiosk_subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _font(self.subtitle, 1.6)

        self.pages = QStackedWidget()
        self.start_page = QWidget()
        self.category_grid = QGridLayout(self.start_page)
        self.category_grid.setSpacing(18)
        self.category_buttons: dict[int, QPushButton] = {}

        self.reason_page = QWidget()
        reason_layout = QGridLayout(self.reason_page)
        reason_layout.setSpacing(18)
        self.reason_buttons: dict[PriorityReason, TouchButton] = {}
        for i, reason in enumerate(PRIORITY_REASONS):
            button = TouchButton(self._reason_text(reason))
            self.reason_buttons[reason] = button
            button.setObjectName(f"reason_{reason.value}")
            button.setProperty("class", "priority")
            button.setMinimumHeight(130)
            _font(button, 2.0, True)
            button.clicked.connect(lambda _=False, r=reason: self.choose_reason(r))
            reason_layout.addWidget(button, i // 2, i % 2)
        self.cancel_reason = self._plain_button("cancel_priority", self.tr("返回"), self.go_back)
        reason_layout.addWidget(self.cancel_reason, 2, 0, 1, 2)

        self.confirm_page = QWidget()
        self.confirm_number = QLabel()
        self.confirm_number.setObjectName("confirm_number")
        self.confirm_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _font(self.confirm_number, 8.0, True)
        self.confirm_detail = QLabel()
        self.confirm_detail.setObjectName("confirm_detail")
        self.confirm_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_detail.setWordWrap(True)
        _font(self.confirm_detail, 1.8)
        # What became of the paper, in words for the applicant: printing…, take it, or note the
        # number because nothing came out.
        self.ticket_status = QLabel()
        self.ticket_status.setObjectName("ticket_status")
        self.ticket_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_status.setWordWrap(True)
        _font(self.ticket_status, 2.0, True)
        self.done_button = done = self._plain_button("confirm_done", self.tr("完成"), self.go_start)
        done.setFixedWidth(360)
        confirm_layout = QVBoxLayout(self.confirm_page)
        confirm_layout.addStretch(1)
        confirm_layout.addWidget(self.confirm_number)
        confirm_layout.addWidget(self.ticket_status)
        confirm_layout.addWidget(self.confirm_detail)
        confirm_layout.addSpacing(12)
        # in the middle of the page, never where 优先取号 sits on the start page
        confirm_layout.addWidget(done, 0, Qt.AlignmentFlag.AlignHCenter)
        confirm_layout.addStretch(1)

        # 暂停取号: the database does not answer, so no number can be given; back by itself.
        self.paused_page = QWidget()
        self.paused_page.setObjectName("paused_page")
        self.paused_title = paused_title = QLabel(self.tr("暂停取号"))
        paused_title.setObjectName("paused_title")
        paused_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        paused_title.setStyleSheet("color: #b71c1c;")
        _font(paused_title, 5.0, True)
        self.paused_text = QLabel(
            self.tr("系统暂时无法取号，正在自动恢复，恢复后即可取号。请稍候，或向工作人员咨询。")
        )
        self.paused_text.setObjectName("paused_text")
        self.paused_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_text.setWordWrap(True)
        _font(self.paused_text, 2.0)
        paused_layout = QVBoxLayout(self.paused_page)
        paused_layout.addStretch(1)
        paused_layout.addWidget(paused_title)
        paused_layout.addWidget(self.paused_text)
        paused_layout.addStretch(1)

        for page in (self.start_page, self.reason_page, self.confirm_page, self.paused_page):
            self.pages.addWidget(page)

        self.message = QLabel()
        self.message.setObjectName("kiosk_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #c62828;")
        _font(self.message, 1.4)

        # For staff: the ticket printer is failing (stays until a ticket prints again).
        self.printer_alert = QLabel()
        self.printer_alert.setObjectName("printer_alert")
        self.printer_alert.setWordWrap(True)
        self.printer_alert.setStyleSheet(
            "background: #b71c1c; color: white; padding: 6px; border-radius: 6px;"
        )
        self.printer_alert.hide()

        self.priority_button = TouchButton(self.tr("优先取号（军人、老年人、残疾人、孕妇）"))
        self.priority_button.setObjectName("priority")
        self.priority_button.setProperty("class", "priority")
        self.priority_button.setMinimumHeight(90)
        _font(self.priority_button, 1.6, True)
        self.priority_button.clicked.connect(self.go_priority)
        self.back_button = self._plain_button(
            "back_to_start", self.tr("返回（不取优先号）"), self.go_back
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.priority_button)
        bottom.addWidget(self.back_button)

        # one tap: the other language (its name in itself), for this applicant only
        self.language_button = QPushButton()
        self.language_button.setObjectName("language")
        self.language_button.setProperty("class", "plain")
        self.language_button.setMinimumSize(180, 64)
        _font(self.language_button, 1.4, True)
        self.language_button.setText(LANGUAGES["en"].name)
        self.language_button.clicked.connect(self.toggle_language)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addLayout(top)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(16)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        layout.addWidget(self.printer_alert)
        self._guard_until = 0.0

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.go_start)
        self._activity = _ActivityFilter(self._touched)
        self.installEventFilter(self._activity)
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(300)
        self._reload_soon.timeout.connect(self.reload)
        ctx.follow_changes(self.on_changes)
        self._taking = False  # a ticket is being issued: further taps wait for it
        if ctx.runner is not None:
            ctx.runner.database_down.connect(self._database_down)
            ctx.runner.database_up.connect(self._database_up)
        self.reload()
        self.go_start()
        # Full screen, only a manager leaves it (Ctrl+Alt+Q or five taps in the top-left corner).
        self.station_lock = StationLock(self, ctx, "kiosk")

    def _plain_button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = TouchButton(text)
        button.setObjectName(name)
        button.setProperty("class", "plain")
        button.setMinimumHeight(80)
        _font(button, 1.6)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ language
    def toggle_language(self) -> None:
        self.set_language("en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE)
        self._touched()

    def retranslate(self) -> None:
        other = "en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE
        self.language_button.setText(LANGUAGES[other].name)
        self.setWindowTitle(self.tr("自助取号"))
        for reason, button in self.reason_buttons.items():
            button.setText(self._reason_text(reason))
        self.cancel_reason.setText(self.tr("返回"))
        self.done_button.setText(self.tr("完成"))
        self.paused_title.setText(self.tr("暂停取号"))
        self.paused_text.setText(
            self.tr("系统暂时无法取号，正在自动恢复，恢复后即可取号。请稍候，或向工作人员咨询。")
        )
        self.priority_button.setText(self.tr("优先取号（军人、老年人、残疾人、孕妇）"))
        self.back_button.setText(self.tr("返回（不取优先号）"))
        if self.shown_error is not None:
            self.message.setText(self.shown_error.render(self.language))
        page = self.pages.currentWidget()
        if page is self.paused_page:
            self.subtitle.setText(self.tr("暂停取号"))
        elif page is self.reason_page:
            self.subtitle.setText(self.tr("请选择优先原因（请向工作人员出示相关证件）"))
        elif page is self.start_page and self.priority_reason is not None:
            self.subtitle.setText(
                self.tr("优先取号（{0}）：请选择业务").format(
                    self._reason_text(self.priority_reason)
                )
            )
        elif page is self.start_page:
            self.subtitle.setText(self.tr("请选择您要办理的业务"))
        self._build_buttons()

    def _reason_text(self, reason: PriorityReason) -> str:
        return reason.label_in(self.language)  # the same words as on the printed ticket

    def _category_name(self, category_id: int, chinese: str) -> str:
        load = next((x for x in self.loads if x.category_id == category_id), None)
        return category_name(self.language, chinese, load.name_en if load else None)

    def _touched(self) -> None:
        if self.language != SOURCE_LANGUAGE:
            self.idle.start(
                self.CONFIRM_MS if self.pages.currentWidget() is self.confirm_page else self.IDLE_MS
            )
        elif self.pages.currentWidget() is not self.start_page or self.priority_reason is not None:
            self.idle.start(
                self.CONFIRM_MS if self.pages.currentWidget() is self.confirm_page else self.IDLE_MS
            )

    # ------------------------------------------------------------------ data
    def on_changes(self, changes: Changes) -> None:
        """Tickets or windows changed: the waiting counts again, once (this kiosk's own ticket at
        once, other PCs' changes after a short pause, so a burst is one reload)."""
        if not changes.concerns("ticket", "counter"):
            return
        if changes.own:
            self._reload_soon.stop()
            self.reload()
        else:
            self._reload_soon.start()

    def reload(self) -> None:
        db = self.ctx.db
        self.ctx.runner.submit(lambda: queue.category_loads(db), self._loaded, self._load_failed)

    def _loaded(self, loads: list[CategoryLoad]) -> None:
        self.loads = loads
        self._build_buttons()

    def _load_failed(self, error: HallDeskError) -> None:
        if not isinstance(error, DatabaseUnavailable):
            self._say(error)

    def _say(self, error: HallDeskError | None) -> None:
        """A refusal under the buttons, in the applicant's language; None clears it."""
        self.shown_error = error
        self.message.setText(error.render(self.language) if error is not None else "")

    @property
    def paused(self) -> bool:
        return not self.ctx.runner.database_ok

    def _database_down(self, _message: str) -> None:
        if self.pages.currentWidget() is not self.confirm_page:  # a number just given stays
            self._show_paused()

    def _show_paused(self) -> None:
        self.idle.stop()
        self.priority_reason = None
        self._say(None)
        self.subtitle.setText(self.tr("暂停取号"))
        self.priority_button.hide()
        self.back_button.hide()
        self.pages.setCurrentWidget(self.paused_page)

    def _database_up(self) -> None:
        self.reload()
        if self.pages.currentWidget() is self.paused_page:
            self.go_start()

    def _build_buttons(self) -> None:
        for button in self.category_buttons.values():
            button.deleteLater()
        self.category_buttons.clear()
        # before its first resize the window has no real size: lay out for a landscape screen
        self._portrait = getattr(self, "_portrait", False)
        columns = 2 if self._portrait or len(self.loads) <= 4 else 3
        for column in range(max(self.category_grid.columnCount(), 3)):
            self.category_grid.setColumnStretch(column, 1 if column < columns else 0)
        for i, load in enumerate(self.loads):
            name = self._category_name(load.category_id, load.name)
            wait = wait_text(
                self.language, load.waiting, load.estimated_wait_minutes, load.open_windows
            )
            text = f"{name}\n{wait}"
            button = TouchButton(text)
            button.setObjectName(f"category_{load.prefix}")
            button.setProperty("class", "category")
            button.setMinimumHeight(96)  # taller when there is room; fits four rows on 768 px
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            _font(button, 1.7, True)
            button.clicked.connect(lambda _=False, cid=load.category_id: self.take(cid))
            self.category_grid.addWidget(button, i // columns, i % columns)
            self.category_buttons[load.category_id] = button

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        if portrait != getattr(self, "_portrait", False):
            self._portrait = portrait
            self._build_buttons()  # a portrait touch screen: two columns of taller buttons

    # ------------------------------------------------------------------ flow
    def go_start(self) -> None:
        """The start page for the next applicant: after the ticket, when idle, in Chinese."""
        if self.pages.currentWidget() is self.confirm_page:
            self._guard_until = time.monotonic() + self.GUARD_MS / 1000
        if self.language != SOURCE_LANGUAGE:
            self.language = SOURCE_LANGUAGE
            self.retranslate()
        self._go_start()

    def go_back(self) -> None:
        """返回 within one applicant's visit: the start page, in the language they chose."""
        self._go_start()
        if self.language != SOURCE_LANGUAGE:
            self.idle.start(self.IDLE_MS)  # walked away in English: back to Chinese by itself

    def _go_start(self) -> None:
        if self.paused:
            self._show_paused()
            return
        self.priority_reason = None
        self.idle.stop()
        self._say(None)
        self.subtitle.setText(self.tr("请选择您要办理的业务"))
        self.priority_button.show()
        self.back_button.hide()
        self.language_button.show()
        self.pages.setCurrentWidget(self.start_page)

    def _guarded(self) -> bool:
        """A tap that came right after 完成 (the second half of a double tap) does nothing."""
        return time.monotonic() < self._guard_until

    def go_priority(self) -> None:
        if self._guarded():
            return
        self.subtitle.setText(self.tr("请选择优先原因（请向工作人员出示相关证件）"))
        self.priority_button.hide()
        self.back_button.hide()  # the reason page has its own 返回
        self.pages.setCurrentWidget(self.reason_page)
        self.idle.start(self.IDLE_MS)

    def choose_reason(self, reason: PriorityReason) -> None:
        self.priority_reason = reason
        self.subtitle.setText(
            self.tr("优先取号（{0}）：请选择业务").format(self._reason_text(reason))
        )
        self.back_button.show()
        self.pages.setCurrentWidget(self.start_page)
        self.idle.start(self.IDLE_MS)

    def take(self, category_id: int) -> None:
        """Issue a ticket off the GUI thread (the screen keeps answering while the database
        works); taps meanwhile are ignored, so a double tap is one ticket."""
        if self._guarded() or self._taking:
            return
        if self.paused:
            self._show_paused()
            return
        reason = self.priority_reason
        db = self.ctx.db
        self._taking = True
        self._say(None)
        self.message.setText(self.tr("正在取号，请稍候…"))
        self.ctx.runner.submit(
            lambda: queue.issue_ticket(
                db, category_id, priority=reason is not None, priority_reason=reason
            ),
            self._taken,
            self._take_failed,
        )

    def _taken(self, issued: IssuedTicket) -> None:
        self._taking = False
        self._say(None)
        self.show_ticket(issued)

    def _take_failed(self, error: HallDeskError) -> None:
        self._taking = False
        self._say(None)
        if isinstance(error, DatabaseUnavailable):
            self._show_paused()  # no number was given; 暂停取号 until the database answers
        else:
            self._say(error)

    def ticket_printed(self, number: str) -> None:
        self.printer_alert.hide()
        if self._showing(number):
            self.ticket_status.setStyleSheet("color: #2e7d32;")
            self.ticket_status.setText(self.tr("请取走号票"))
            self.subtitle.setText(self.tr("取号成功，请取走号票"))

    def print_failed(self, number: str, reason: str) -> None:
        """The ticket is saved and in the queue; only the paper is missing. The applicant is told
        plainly, in large words, to note the number; staff see why in the red bar below, and the
        job waits in 未完成的打印."""
        self.printer_alert.setText(
            self.tr(
                "工作人员请注意：号票打印机故障（{0}）。请检查打印机，并在“未完成的打印”中补打。"
            ).format(reason or self.tr("原因不明"))
        )
        self.printer_alert.show()
        if not self._showing(number):
            return
        self.subtitle.setText(self.tr("取号成功，但号票没有打印出来"))
        self.ticket_status.setStyleSheet(
            "color: #5d4037; background: #fff3c4; border: 2px solid #f9a825; padding: 10px;"
        )
        self.ticket_status.setText(
            self.tr(
                "请记下您的号码 {0}，您已在排队，请留意叫号。需要纸质号票请找工作人员补打。"
            ).format(number)
        )
        self.idle.start(self.UNPRINTED_MS)  # leave the number on screen longer

    def _showing(self, number: str) -> bool:
        return (
            self.pages.currentWidget() is self.confirm_page and self.confirm_number.text() == number
        )

    def show_ticket(self, issued: IssuedTicket) -> None:
        ticket = issued.ticket
        tz = ZoneInfo(self.ctx.hall.timezone if self.ctx.hall else "Asia/Shanghai")
        self.confirm_number.setText(ticket.number)
        lines = [
            self._category_name(ticket.category_id, ticket.category_name)
            + (
                self.tr("（优先：{0}）").format(self._reason_text(ticket.priority_reason))
                if ticket.priority and ticket.priority_reason
                else ""
            ),
            self.tr("您前面还有 {0} 人在等待").format(issued.people_ahead),
            self.tr("预计等候约 {0} 分钟").format(issued.estimated_wait_minutes)
            if issued.open_windows
            else self.tr("目前暂无窗口办理此业务，窗口开放后按顺序叫号"),
            self.tr("取号时间 {0}").format(ticket.issued_at.astimezone(tz).strftime("%H:%M")),
            self.tr("请留意叫号，过号无效，请重新取号"),
        ]
        self.confirm_detail.setText("\n".join(lines))
        printing = self.ticket_sink is not None
        self.subtitle.setText(self.tr("取号成功"))
        self.ticket_status.setStyleSheet("color: #1f4e79;")
        self.ticket_status.setText(
            self.tr("正在打印号票…") if printing else self.tr("请记下您的号码，留意叫号")
        )
        self.priority_button.hide()
        self.back_button.hide()
        self.language_button.hide()  # the ticket is read in the language it was taken in
        self.pages.setCurrentWidget(self.confirm_page)
        self.priority_reason = None
        self.idle.start(self.CONFIRM_MS)
        self.issued.emit(issued)
        if self.ticket_sink is not None:
            self.ticket_sink(issued, self.language)
        # the counts follow from the ticket's change (on_changes), once
