"""The two dates of an application before it is accepted (行政许可法 §32), kept apart.

- The office's duty: materials taken in without a decision (收件) must be accepted, answered with
  a supplement notice (补正) or rejected within `DECISION_WORKING_DAYS` working days of receipt.
  Past that day the application counts as accepted **from receipt** (视为受理): nobody has to do
  anything for it to be so, and the case's deadlines run from the day the materials came in.
- The applicant's deadline for supplements: a date the clerk sets on the supplement notice; the
  form offers `APPLICANT_SUPPLEMENT_WORKING_DAYS` working days from the notice. The law gives no
  number. 15 working days (three weeks) leaves time to obtain a paper from another office (most
  certify within 10 working days) and still closes a forgotten application within a month; the
  clerk changes it where the item or the applicant needs another date. Supplements brought after
  it are not taken silently into the old application: the office accepts them as a new
  application, or ends the old one (终止).

A deadline is met on its day: the day after is the first day past it, whatever kind of day it is.
No database, no Qt.
"""

from __future__ import annotations

from datetime import date

from app.domain.workdays import DueDate, WorkCalendar

DECISION_WORKING_DAYS = 5
APPLICANT_SUPPLEMENT_WORKING_DAYS = 15


def decision_due_date(calendar: WorkCalendar, received_on: date) -> DueDate:
    """The last day the office can decide on materials taken in on `received_on`."""
    return calendar.add_working_days(received_on, DECISION_WORKING_DAYS)


def applicant_supplement_due(calendar: WorkCalendar, notified_on: date) -> DueDate:
    """The supplement deadline the form offers for a notice given on `notified_on`."""
    return calendar.add_working_days(notified_on, APPLICANT_SUPPLEMENT_WORKING_DAYS)


def past(due: date | None, today: date) -> bool:
    """Whether `due` has gone by on `today` (a deadline is met on its own day)."""
    return due is not None and today > due


def deemed_accepted_on(due: date | None) -> date | None:
    """The first day an undecided application counts as accepted (from receipt)."""
    return None if due is None else date.fromordinal(due.toordinal() + 1)
