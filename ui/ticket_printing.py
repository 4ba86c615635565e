"""Printing the queue ticket at the kiosk (or a window that issues one): archive the document, then
send it to the configured printer. The ticket is already committed before any of this runs, so a
printer out of paper or offline never loses it: the applicant is told their number on screen, and the
job stays listed as unfinished for staff to reprint."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.errors import HallDeskError
from app.services import documents as svc
from app.services.context import Actor
from app.services.queue import IssuedTicket
from printing.documents import QueueTicketData
from ui.context import AppContext
from ui.i18n import SOURCE_LANGUAGE
from ui.printer import JobEnd, PrintFailureDialog, SystemPrinting
from ui.tasks import on_runner

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

        # Nobody at a kiosk answers dialogs: a failure is 稍后打印, the job waits for staff.
        printing = SystemPrinting(
            ctx.db,
            actor,
            ctx.settings,
            self._parent,
            ask_failure=lambda _message: PrintFailureDialog.LATER,
            runner=ctx.runner,
        )

        async def issue_paper() -> JobEnd:
            rendered = await on_runner(archive)
            assert rendered.job is not None
            # A thermal printer or a folder is printed on the runner; a system printer by Qt.
            return await printing.print_job(rendered.job)

        ctx.runner.chain(issue_paper(), lambda end: self._report(number, end), failed)

    def _report(self, number: str, end: JobEnd) -> None:
        if end.printed:
            self.printed.emit(number)
        else:
            reason = end.job.last_error or (end.error.message if end.error else "")
            log.warning("ticket %s did not print: %s", number, reason)
            self.failed.emit(number, reason)
