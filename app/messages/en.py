"""English, for applicants at 涉外 windows: what the kiosk, the board and the rating pad can refuse
or report, the printed queue ticket's words, and the code-table labels those screens and the
ticket show. A code missing here reads in Chinese (the back office is not translated).

Each text has the same named fields as its Chinese (tests/app/test_messages.py). A field that
carries a value from the hall's own data (a category's Chinese name, a field label) shows it as
it is."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Who may do what
    "access.refused": "{caller} may not do this: only {allowed} may.",
    # The database, when it stops answering
    "database.busy": (
        "The system is busy (another window is working on the same record); nothing was saved. "
        "Please wait a moment and try again; if this keeps happening, please ask a member of staff."
    ),
    "database.unavailable_server": (
        "The system cannot reach its database and is trying again by itself. Nothing you entered "
        "is lost; if this lasts more than a few minutes, please ask a member of staff."
    ),
    "database.unavailable_locked": (
        "The system's database is in use by another program; it is trying again by itself. "
        "Nothing you entered is lost; if this lasts, please ask a member of staff."
    ),
    "database.unavailable_file": (
        "The system cannot read or write its database; it is trying again by itself. Nothing you "
        "entered is lost; if this lasts, please ask a member of staff."
    ),
    "storable.too_long": (
        "{label} may hold at most {max_length} characters, not {length}; please shorten it and "
        "try again."
    ),
    "storable.bad_characters": (
        "{label} contains characters that cannot be saved; please remove them and try again."
    ),
    "storable.bad_characters_pasted": (
        "{label} contains characters that cannot be saved (usually from copying and pasting); "
        "please remove them and try again."
    ),
    # The hall
    "hall.missing": (
        "The hall has not been set up in the database yet: load the demo hall with --demo, or ask "
        "the system administrator to finish the setup."
    ),
    "hall.missing_short": "The hall has not been set up in the database yet.",
    # Taking a ticket at the kiosk
    "ticket.category_closed": "This service is not available now; please choose another one.",
    "ticket.priority_not_offered": "Priority tickets are not offered for “{category}”.",
    "ticket.priority_reason_required": (
        "For a priority ticket, please choose the reason (service member, senior citizen, person "
        "with a disability, pregnant woman)."
    ),
    # The rating pad
    "rating.reasons_required": "Please choose at least one reason why you were not satisfied.",
    "rating.unknown_reasons": "Unknown reason: {reasons}",
    "rating.ticket_not_found": "There is no such ticket number.",
    "rating.already_rated": "This visit has already been rated. Thank you.",
    # The program itself (ui/tasks.py)
    "program.unexpected": (
        "That did not work: the program ran into an unexpected error (it has been logged). "
        "Please try again; if it keeps happening, please ask a member of staff."
    ),
    # The printed queue ticket
    "paper.reprint": "[Reprint] {time}",
    "paper.priority": "Priority · {reason}",
    "paper.your_number": "Your number",
    "paper.people_ahead": "Waiting ahead: {count}",
    "paper.estimated_wait": "Estimated wait: about {minutes} min",
    "paper.issued_at": "Taken at: {time}",
    "paper.qr_caption": "Scan to follow the queue",
    "paper.title": "Queue ticket {number}",
}

# app.domain.codes labels: "<code table>.<value>" → the label (their Chinese is in codes.py).
LABELS: dict[str, str] = {
    "TicketStatus.waiting": "Waiting",
    "TicketStatus.called": "Called",
    "TicketStatus.serving": "Being served",
    "TicketStatus.on_hold": "On hold",
    "TicketStatus.transferred": "Transferred",
    "TicketStatus.no_show": "Missed",
    "TicketStatus.done": "Done",
    "TicketStatus.expired": "Expired",
    "TicketStatus.void": "Cancelled",
    "CounterState.closed": "Closed",
    "CounterState.open": "Open",
    "CounterState.paused": "Paused",
    "PriorityReason.military": "Service member",
    "PriorityReason.elderly": "Senior citizen",
    "PriorityReason.disabled": "Person with a disability",
    "PriorityReason.pregnant": "Pregnant woman",
    "PriorityReason.other": "Other",
    "RatingScore.1": "Very satisfied",
    "RatingScore.2": "Satisfied",
    "RatingScore.3": "Fairly satisfied",
    "RatingScore.4": "Dissatisfied",
    "RatingScore.5": "Very dissatisfied",
}
