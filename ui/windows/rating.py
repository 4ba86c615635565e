"""The rating pad (评价器): the applicant's screen (a second monitor or a tablet) that opens when the
clerk finishes. Five big choices; the two negative ones ask for reasons; untouched, it records
"not rated" after a timeout and goes back to its welcome page."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import RatingScore
from app.services import rating as rating_service
from app.services.feed import Changes
from ui.context import AppContext
from ui.i18n import LANGUAGES, SOURCE_LANGUAGE, PublicLanguage

SCORE_COLOURS = {
    RatingScore.VERY_SATISFIED: "#2e7d32",
    RatingScore.SATISFIED: "#558b2f",
    RatingScore.BASICALLY_SATISFIED: "#f9a825",
    RatingScore.DISSATISFIED: "#ef6c00",
    RatingScore.VERY_DISSATISFIED: "#c62828",
}


@dataclass(frozen=True)
class PendingRating:
    ticket_id: int
    number: str
    counter_id: int | None
    clerk_id: int | None


def _big(widget: QWidget, factor: float, bold: bool = True) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)


class RatingPad(PublicLanguage, QWidget):
    """Chinese, or English with one tap for this applicant (back to Chinese after the rating)."""

    TR_CONTEXT = "RatingPad"
    stored = Signal(object)  # RatingInfo

    TIMEOUT_MS = 60_000
    THANKS_MS = 3_000

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("rating_pad")
        self.setWindowTitle(self.tr("服务评价"))
        self.resize(1024, 640)
        self.pending: PendingRating | None = None
        hall = ctx.hall.name if ctx.hall else ""

        self.pages = QStackedWidget()
        # idle
        self.hall_name = hall
        self.idle_page = QLabel(self.tr("欢迎光临\n{0}").format(hall))
        self.idle_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _big(self.idle_page, 2.4)
        # rate
        self.rate_page = QWidget()
        self.prompt = QLabel()
        self.prompt.setObjectName("rating_prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _big(self.prompt, 2.0)
        row = QHBoxLayout()
        self.score_buttons: dict[RatingScore, QPushButton] = {}
        for score in RatingScore:
            button = QPushButton(self._score_text(score))
            button.setObjectName(f"score_{score.value}")
            button.setMinimumSize(160, 140)
            _big(button, 1.6)
            button.setStyleSheet(
                f"QPushButton {{ background: {SCORE_COLOURS[score]}; color: white; border-radius: 12px; }}"
            )
            button.clicked.connect(lambda _=False, s=score: self.choose(s))
            row.addWidget(button)
            self.score_buttons[score] = button
        layout = QVBoxLayout(self.rate_page)
        layout.addStretch(1)
        layout.addWidget(self.prompt)
        layout.addSpacing(30)
        layout.addLayout(row)
        layout.addStretch(1)
        # reasons
        self.reason_page = QWidget()
        self.reason_title = reason_title = QLabel(
            self.tr("很抱歉没能让您满意，请告诉我们原因（可多选）")
        )
        reason_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _big(reason_title, 1.5)
        grid = QGridLayout()
        self.reason_buttons: dict[str, QPushButton] = {}
        for i, reason in enumerate(rating_service.NEGATIVE_REASONS):
            button = QPushButton(self._reason_text(reason))  # stored in Chinese, shown translated
            button.setObjectName(f"reason_{i}")
            button.setCheckable(True)
            button.setMinimumHeight(80)
            _big(button, 1.3, bold=False)
            button.setStyleSheet("QPushButton:checked { background: #ef6c00; color: white; }")
            grid.addWidget(button, i // 3, i % 3)
            self.reason_buttons[reason] = button
        self.submit = QPushButton(self.tr("提交评价"))
        self.submit.setObjectName("submit_rating")
        self.submit.setMinimumHeight(80)
        _big(self.submit, 1.5)
        self.submit.clicked.connect(self.submit_reasons)
        self.reason_message = QLabel()
        self.reason_message.setObjectName("reason_message")
        self.reason_message.setStyleSheet("color: #c62828;")
        self.reason_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _big(self.reason_message, 1.2, bold=False)
        reasons_layout = QVBoxLayout(self.reason_page)
        reasons_layout.addWidget(reason_title)
        reasons_layout.addLayout(grid)
        reasons_layout.addWidget(self.reason_message)
        reasons_layout.addWidget(self.submit)
        # thanks
        self.thanks_page = QLabel(self.tr("感谢您的评价！"))
        self.thanks_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _big(self.thanks_page, 2.6)

        for page in (self.idle_page, self.rate_page, self.reason_page, self.thanks_page):
            self.pages.addWidget(page)
        self.language_button = QPushButton(LANGUAGES["en"].name)
        self.language_button.setObjectName("language")
        self.language_button.setMinimumSize(160, 56)
        _big(self.language_button, 1.2)
        self.language_button.clicked.connect(self.toggle_language)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_button)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.pages)

        self.timeout = QTimer(self)
        self.timeout.setSingleShot(True)
        self.timeout.timeout.connect(self.time_out)
        self.back_to_idle = QTimer(self)
        self.back_to_idle.setSingleShot(True)
        self.back_to_idle.timeout.connect(self._to_idle)
        self._score: RatingScore | None = None

    def _to_idle(self) -> None:
        """After the thanks (in the applicant's language): the next applicant starts in Chinese."""
        self.pages.setCurrentWidget(self.idle_page)
        self.set_language(SOURCE_LANGUAGE)

    # ------------------------------------------------------------------ language
    def toggle_language(self) -> None:
        self.set_language("en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE)

    def retranslate(self) -> None:
        other = "en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE
        self.language_button.setText(LANGUAGES[other].name)
        self.setWindowTitle(self.tr("服务评价"))
        self.idle_page.setText(self.tr("欢迎光临\n{0}").format(self.hall_name))
        for score, button in self.score_buttons.items():
            button.setText(self._score_text(score))
        self.reason_title.setText(self.tr("很抱歉没能让您满意，请告诉我们原因（可多选）"))
        for reason, button in self.reason_buttons.items():
            button.setText(self._reason_text(reason))
        self.submit.setText(self.tr("提交评价"))
        self.thanks_page.setText(self.tr("感谢您的评价！"))
        if self.pending is not None:
            self.prompt.setText(self.tr("{0} 号，请对本次服务进行评价").format(self.pending.number))
        if self.reason_message.text():
            self.reason_message.setText(self.tr("请至少选择一项原因"))

    def _score_text(self, score: RatingScore) -> str:
        return score.label_in(self.language)  # the code table's label (app/messages: English)

    def _reason_text(self, reason: str) -> str:
        """A reason as shown; what is stored is the Chinese of rating_service.NEGATIVE_REASONS."""
        shown = {  # keys: the stored words
            "等候时间太长": self.tr("等候时间太长"),
            "办事效率低": self.tr("办事效率低"),
            "服务态度差": self.tr("服务态度差"),
            "一次告知不清楚": self.tr("一次告知不清楚"),
            "材料要求不合理": self.tr("材料要求不合理"),
            "多次跑腿": self.tr("多次跑腿"),
            "其他": self.tr("其他"),
        }
        return shown.get(reason, reason)

    # ------------------------------------------------------------------ flow
    def start(self, pending: PendingRating) -> None:
        if self.pending is not None:  # the previous applicant left without rating
            self._store(None, ())
        self.pending = pending
        self._score = None
        for button in self.reason_buttons.values():
            button.setChecked(False)
        self.reason_message.clear()
        self.prompt.setText(self.tr("{0} 号，请对本次服务进行评价").format(pending.number))
        self.pages.setCurrentWidget(self.rate_page)
        self.timeout.start(self.TIMEOUT_MS)
        self.back_to_idle.stop()

    def choose(self, score: RatingScore) -> None:
        if self.pending is None:
            return
        self._score = score
        if score.negative:
            self.pages.setCurrentWidget(self.reason_page)
            self.timeout.start(self.TIMEOUT_MS)
        else:
            self._store(score, ())

    def submit_reasons(self) -> None:
        reasons = [r for r, b in self.reason_buttons.items() if b.isChecked()]
        if not reasons:
            self.reason_message.setText(self.tr("请至少选择一项原因"))
            return
        self._store(self._score, reasons)

    def time_out(self) -> None:
        if self.pending is None:
            return
        # A negative choice without reasons is still the applicant's choice: keep it as "其他".
        if self._score is not None and self._score.negative:
            self._store(self._score, [rating_service.OTHER_REASON])
        elif self._score is not None:
            self._store(self._score, ())
        else:
            self._store(None, ())

    def _store(self, score: RatingScore | None, reasons) -> None:
        pending, self.pending = self.pending, None
        self.timeout.stop()
        if pending is None:
            return
        db, reasons = self.ctx.db, list(reasons)

        def stored(info) -> None:
            self.pages.setCurrentWidget(self.thanks_page if score is not None else self.idle_page)
            self.back_to_idle.start(self.THANKS_MS)
            self.stored.emit(info)

        # Refused or the database away: back to the idle page (the applicant is not kept waiting).
        self.ctx.runner.submit(
            lambda: rating_service.record_rating(
                db,
                ticket_id=pending.ticket_id,
                counter_id=pending.counter_id,
                clerk_id=pending.clerk_id,
                score=score,
                reasons=reasons,
            ),
            stored,
            lambda _error: self._to_idle(),
        )


class RatingStation(RatingPad):
    """A pad on its own PC or tablet (`--role rating --counter N`): follows the change feed and opens
    when a ticket is finished at its window."""

    def __init__(self, ctx: AppContext, counter_number: int, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.counter_number = counter_number
        ctx.follow_changes(self.on_changes)

    def on_changes(self, changes: Changes) -> None:
        for change in changes.tickets:
            if change.event_type == "finish" and change.counter_number == self.counter_number:
                self.start(
                    PendingRating(
                        change.ticket_id, change.number, change.counter_id, change.user_id
                    )
                )
