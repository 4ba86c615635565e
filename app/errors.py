"""Errors a user can read. Each carries a code and named parameters; its words come from the
message catalogue (`app.messages`): `message` is the Chinese sentence that names what is wrong and
how to fix it, `render(language)` the same in another language where the catalogue has it. Each
class also carries the process exit code the command line uses for it."""

from __future__ import annotations

from typing import Any

from app import messages


class HallDeskError(Exception):
    """Base of every error that is shown to a person rather than logged as a bug.

    ``HallDeskError("area.what", field=…, **params)``: `code` and `params` say what happened, the
    catalogue says it in words. `ui/` may also pass a sentence it has already translated with
    ``tr()`` (no code: it reads the same in every language)."""

    exit_code = 1

    def __init__(self, code: str, /, *, field: str | None = None, **params: Any):
        if messages.is_code(code):
            self.code: str | None = code
            self.params: dict[str, Any] = params
            message = messages.text(code, **params)
        else:  # a sentence already in its reader's language
            self.code, self.params, message = None, {}, code
        super().__init__(message)
        self.message = message
        self.field = field

    def render(self, language: str) -> str:
        """The message in `language` (the Chinese where the catalogue has no translation)."""
        if self.code is None:
            return self.message
        return messages.text(self.code, language, **self.params)

    def __reduce__(self):
        # Exception pickles as cls(*args), which would take the message for a code.
        return _rebuild, (type(self), self.__dict__.copy(), self.args)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


def _rebuild(cls: type[HallDeskError], state: dict[str, Any], args: tuple) -> HallDeskError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


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

    def __init__(self, code: str, /, *, case_id: int, current_version: int, **params: Any):
        super().__init__(code, **params)
        self.case_id = case_id
        self.current_version = current_version


class PermissionDenied(HallDeskError):
    pass


class LoginFailed(HallDeskError):
    pass


class AccountLocked(LoginFailed):
    def __init__(self, code: str, /, *, seconds_left: int, **params: Any):
        super().__init__(code, **params)
        self.seconds_left = seconds_left


class CounterTaken(Conflict):
    """Another PC (or another clerk) holds the window; the caller may take over explicitly."""

    def __init__(self, code: str, /, *, holder: str, host: str, counter_number: int, **params: Any):
        super().__init__(code, **params)
        self.holder = holder
        self.host = host
        self.counter_number = counter_number
