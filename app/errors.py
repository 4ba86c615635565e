"""Errors a user can read. Each carries a message in plain Chinese that names what is wrong and
how to fix it, and the process exit code the command line uses for it."""

from __future__ import annotations


class HallDeskError(Exception):
    """Base of every error that is shown to a person rather than logged as a bug."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class SettingsError(HallDeskError):
    exit_code = 2


class DatabaseUnreachable(HallDeskError):
    exit_code = 3


class DatabaseUnavailable(HallDeskError):
    """The database did not answer while the program was running (server down, network cut, the
    SQLite file locked by another program). Nothing was changed; the same action can be tried
    again once it answers, and the windows retry by themselves."""

    exit_code = 3


class DatabaseBusy(HallDeskError):
    """The database answered but could not do this now: a lock another window held too long, a
    deadlock or a conflict between two windows' transactions, a statement cancelled for taking too
    long. Nothing was changed; trying again a moment later normally works. The database is not
    down, so the windows do not switch to their "database unavailable" state."""

    exit_code = 3


class DatabaseTooNew(HallDeskError):
    exit_code = 4


class MigrationFailed(HallDeskError):
    exit_code = 5


class ValidationError(HallDeskError):
    """Bad input in a form field; `field` names it."""


class NotFound(HallDeskError):
    pass


class Conflict(HallDeskError):
    """The action collides with what another user or PC did."""


class CaseChanged(Conflict):
    """A case action started from a version of the case that another PC (or window) has changed
    since: nothing was done. The message names who changed it last and when; the view reloads."""

    def __init__(self, message: str, *, case_id: int, current_version: int):
        super().__init__(message)
        self.case_id = case_id
        self.current_version = current_version


class PermissionDenied(HallDeskError):
    pass


class LoginFailed(HallDeskError):
    pass


class AccountLocked(LoginFailed):
    def __init__(self, message: str, *, seconds_left: int):
        super().__init__(message)
        self.seconds_left = seconds_left


class CounterTaken(Conflict):
    """Another PC (or another clerk) holds the window; the caller may take over explicitly."""

    def __init__(self, message: str, *, holder: str, host: str, counter_number: int):
        super().__init__(message)
        self.holder = holder
        self.host = host
        self.counter_number = counter_number
