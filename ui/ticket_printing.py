"""Printing the queue ticket at the kiosk (or a window that issues one): archive the document, then
send it to the configured printer. The ticket is already committed before any of this runs, so a
printer out of paper or offline never loses it: the applicant is told their number on screen, and the
job stays listed as unfinished for staff to reprint."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.codes import PrintJobStatus
from app.errors import HallDeskError
from app.services import documents as svc
from app.services.context import Actor
from app.services.queue import IssuedTicket
from printing.documents import QueueTicketData
from ui.context import AppContext
from ui.i18n import SOURCE_LANGUAGE
from ui.printer import PrintFailureDialog, SystemPrinting

log = logging.getLogger(__name__)


def station_actor(ctx: AppContext) -> Actor:
    """Who issued a ticket when nobody is logged in: the kiosk PC itself."""
    if ctx.user is not None:
        return ctx.actor
    name = f"{ctx.settings.station.role}@{ctx.host}"
    return Actor.station(name, ctx.host)


def ticket_data(
    ctx: AppContext, issued: IssuedTicket, language: str = SOURCE_LANGUAGE
) -> QueueTicketData:
    return svc.ticket_document(ctx.db, ctx.settings, issued, language)


class TicketPrinter(QObject):
    """Call it with an IssuedTicket and the language it was taken in (the ticket prints in it).
    Emits `printed(number)` or `failed(number, message)`; a failure leaves the job unfinished
    (staff see it in the print-jobs list)."""

    printed = Signal(str)
    failed = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent

    def __call__(self, issued: IssuedTicket, language: str = SOURCE_LANGUAGE) -> None:
        ctx = self.ctx
        number = issued.ticket.number
        actor = station_actor(ctx)
        target = svc.ticket_printer_target(ctx.settings)

        def archive() -> svc.RenderedDocument:
            # A rare character cannot occur on a ticket (no names), but never refuse to print one.
            return svc.archive_document(
                ctx.db,
                actor,
                ticket_data(ctx, issued, language),
                ticket_id=issued.ticket.id,
                printer=target,
                settings=ctx.settings,
                accept_missing_glyphs=True,
            )

        def failed(error: HallDeskError) -> None:
            self.failed.emit(number, error.message)

        def send(rendered: svc.RenderedDocument) -> None:
            job = rendered.job
            assert job is not None
            # Links with I/O of their own (a thermal printer, a folder) run off the GUI thread.
            if svc.runs_without_qt(job.printer):
                run = partial(
                    svc.run_device_job, ctx.db, job.id, job.printer, ctx.settings, actor=actor
                )
                ctx.runner.submit(run, lambda done: self._report(number, done), failed)
            else:  # a system printer: Qt paints on the GUI thread; nobody at a kiosk answers dialogs
                printing = SystemPrinting(
                    ctx.db,
                    actor,
                    ctx.settings,
                    self._parent,
                    ask_failure=lambda _message: PrintFailureDialog.LATER,
                )
                try:
                    self._report(number, printing.print_job(job.id))
                except HallDeskError as error:
                    failed(error)

        ctx.runner.submit(archive, send, failed)

    def _report(self, number: str, job: svc.PrintJobInfo) -> None:
        if job.status == PrintJobStatus.DONE:
            self.printed.emit(number)
        else:
            log.warning("ticket %s did not print: %s", number, job.last_error)
            self.failed.emit(number, job.last_error or "")
