"""What every window needs: the database, the settings, this PC's name and the logged-in user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app import clock
from app.db.engine import Database
from app.services.auth import CounterSessionInfo, UserInfo
from app.services.context import Actor
from app.services.hall import HallInfo
from app.settings import Settings

if TYPE_CHECKING:  # the Qt side of the context; imported for the types only (they import this)
    from ui.feed import FeedThread
    from ui.forwarding import ForwardingThread
    from ui.tasks import TaskRunner
    from ui.windows.rating import RatingPad


@dataclass
class AppContext:
    db: Database
    settings: Settings
    host: str
    hall: HallInfo | None
    user: UserInfo | None = None
    counter_session: CounterSessionInfo | None = field(default=None)
    runner: TaskRunner | None = None  # None: an ImmediateRunner is made (a script, a benchmark)
    feed: FeedThread | None = None  # None in tests that do not need other PCs' changes
    forwarding: ForwardingThread | None = None  # when this PC forwards
    rating_pad: RatingPad | None = None  # shown to the applicant, if this PC has one

    def __post_init__(self) -> None:
        clock.set_hall_zone(self.timezone)  # every time shown is the hall's (app.clock.in_hall)
        if self.runner is None:  # a bare context (a script, a benchmark): tasks run at once
            from ui.tasks import ImmediateRunner

            self.runner = ImmediateRunner()
        if self.runner.db is None:
            self.runner.db = self.db  # what it checks while the database is away
        from ui.tasks import set_default_runner

        set_default_runner(self.runner)  # what a FormDialog's OK runs its service call on

    def follow_changes(self, slot) -> None:
        """Call `slot(changes)` with what changes: this PC's own tasks' at once (the runner's
        `changes_made`, `changes.own` set) and every other PC's through the change feed."""
        assert self.runner is not None
        self.runner.changes_made.connect(slot)
        if self.feed is not None:
            self.feed.changed.connect(slot)

    @property
    def timezone(self) -> str:
        """The hall's time zone: what "today" and the clocks on screen mean."""
        return self.hall.timezone if self.hall else self.settings.hall.timezone

    @property
    def actor(self) -> Actor:
        assert self.user is not None, "no user logged in"
        return self.user.actor(self.host)
