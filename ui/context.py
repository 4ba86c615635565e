"""What every window needs: the database, the settings, this PC's name and the logged-in user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

    @property
    def timezone(self) -> str:
        """The hall's time zone: what "today" and the clocks on screen mean."""
        return self.hall.timezone if self.hall else self.settings.hall.timezone

    @property
    def actor(self) -> Actor:
        assert self.user is not None, "no user logged in"
        return self.user.actor(self.host)
