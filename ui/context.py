"""What every window needs: the database, the settings, this PC's name and the logged-in user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app import clock
from app.db.engine import Database
from app.services.auth import CounterSessionInfo, UserInfo
from app.services.context import Actor
from app.services.hall import HallInfo
from app.settings import Settings


@dataclass
class AppContext:
    db: Database
    settings: Settings
    host: str
    hall: HallInfo | None
    user: UserInfo | None = None
    counter_session: CounterSessionInfo | None = field(default=None)
    runner: Any = None  # ui.tasks.TaskRunner
    feed: Any = None  # ui.feed.FeedThread (None in tests that do not need other PCs' changes)
    forwarding: Any = None  # ui.forwarding.ForwardingThread when this PC forwards
    rating_pad: Any = None  # ui.windows.rating.RatingPad shown to the applicant, if this PC has one

    def __post_init__(self) -> None:
        clock.set_hall_zone(self.timezone)  # every time shown is the hall's (app.clock.in_hall)
        if self.runner is None:  # a bare context (a script, a benchmark): tasks run at once
            from ui.tasks import ImmediateRunner

            self.runner = ImmediateRunner()
        if self.runner.db is None:
            self.runner.db = self.db  # what it checks while the database is away

    @property
    def timezone(self) -> str:
        """The hall's time zone: what "today" and the clocks on screen mean."""
        return self.hall.timezone if self.hall else self.settings.hall.timezone

    @property
    def actor(self) -> Actor:
        assert self.user is not None, "no user logged in"
        return self.user.actor(self.host)
