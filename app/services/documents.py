"""Printed documents and print jobs.

Every document handed out is archived with its exact bytes, SHA-256, kind, case or ticket, who and
when (`archive_document`), in its own transaction after the ticket or case was saved: saving never
depends on rendering or on a printer. Printing is a job (`PrintJob`): pending → printing → done,
or failed with the error, which stays listed until it is retried or cancelled. A reprint (补打) is
rendered again from the archived content with the 补打 mark, stored as a new document pointing at
the original, and audited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from app import messages
from app.clock import local_date, utcnow
from app.db.engine import Database
from app.db.models import UNFINISHED_PRINT, PrintedDocument, PrintJob, QueueCategory, User
from app.domain.codes import DocumentKind, PrintJobStatus, Role
from app.errors import Conflict, HallDeskError, NotFound, ValidationError
from app.services import audit
from app.services.access import allowed, without_actor
from app.services.context import Actor, Unattended
from app.services.hall import find_hall
from app.settings import Settings
from printing.documents import (
    Document,
    Issuer,
    QueueTicketData,
    ReprintMark,
    case_number,
    document_kind,
    document_number,
    from_json,
    missing_glyphs,
    to_json,
)
from printing.fonts import configure_fallback_fonts
from printing.render import render_document

# The same condition as the partial index ix_print_job_unfinished, written out so both backends
# see that the index covers the query (a bound IN list does not show it).
UNFINISHED_CONDITION = text(UNFINISHED_PRINT)


class MissingGlyphs(HallDeskError):
    """Characters no font here can print. The clerk must be told before printing; the service
    archives such a document only when called again with ``accept_missing_glyphs=True`` (the
    characters print as 〓 to be written in by hand)."""

    def __init__(self, chars: list[str]):
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in chars)
        super().__init__("document.missing_glyphs", characters=shown, field="glyphs")
        self.chars = chars


@dataclass(frozen=True)
class PrintedDocumentInfo:
    id: int
    kind: DocumentKind
    doc_no: str | None
    case_id: int | None
    ticket_id: int | None
    sha256: str
    size: int
    reprint_of_id: int | None
    created_by: int | None
    created_by_name: str | None
    created_at: datetime
    # The state of its latest print job: None = never sent to a printer.
    print_status: PrintJobStatus | None = None
    print_printer: str | None = None
    print_host: str | None = None
    printed_at: datetime | None = None  # when it printed, or was given up
    printed_by_name: str | None = None  # who printed it (or gave up), by name
    print_problem: str | None = None  # why it failed, or why it was given up

    @property
    def is_reprint(self) -> bool:
        return self.reprint_of_id is not None


@dataclass(frozen=True)
class PrintJobInfo:
    id: int
    document_id: int
    kind: DocumentKind
    doc_no: str | None
    printer: str
    status: PrintJobStatus
    attempts: int
    last_error: str | None
    host: str | None
    created_at: datetime
    finished_at: datetime | None
    finished_by_name: str | None = None
    cancel_reason: str | None = None


@dataclass(frozen=True)
class RenderedDocument:
    """An archived document with its PDF, and the print job created with it (if any)."""

    document: PrintedDocumentInfo
    pdf: bytes
    job: PrintJobInfo | None = None


# -- what the paper says about the hall ------------------------------------------------------------


def issuer_for(db: Database, settings: Settings) -> Issuer:
    """The letterhead: settings ``documents`` first, then the hall's own record."""
    with db.reader() as session:
        hall = find_hall(session)
        hall_name = hall.name if hall else ""
        address = hall.address if hall else None
        phone = hall.phone if hall else None
        supervise = hall.supervise_phone if hall else None
        tz = hall.timezone if hall else settings.hall.timezone
    doc = settings.documents
    configure_fallback_fonts(doc.fallback_fonts)
    return Issuer(
        hall_name=doc.hall_name or settings.hall.name or hall_name,
        department_name=doc.department_name or "",
        address=doc.address or address or "",
        consultation_phone=doc.consultation_phone or phone or "",
        supervision_phone=doc.supervision_phone or supervise or "",
        footer_text=doc.footer_text or "",
        logo_path=doc.logo_path,
        timezone=tz,
        hall_name_en=doc.hall_name_en or "",
    )


def ticket_qr_text(settings: Settings, ticket_no: str, issued_at: datetime) -> str | None:
    template = settings.documents.ticket_qr_url
    if not template:
        return None
    day = local_date(issued_at, settings.hall.timezone)
    return template.format(ticket_no=ticket_no, date=f"{day:%Y%m%d}", case_no="")


def ticket_document(
    db: Database, settings: Settings, issued: Any, language: str = messages.SOURCE_LANGUAGE
) -> QueueTicketData:
    """The queue ticket of an issued ticket (app.services.queue.IssuedTicket), as printed, in the
    language the applicant took it in: the category's English name (its Chinese where it has
    none), the priority reason's label, the hall's English tips and footer from the settings
    (`documents.*_en`); the ticket's own words follow `language` in the renderer."""
    ticket = issued.ticket
    doc = settings.documents
    issuer = issuer_for(db, settings)
    category_name, tips = ticket.category_name, tuple(doc.ticket_tips)
    if language == "en":
        with db.reader() as session:
            name_en = session.scalar(
                select(QueueCategory.name_en).where(QueueCategory.id == ticket.category_id)
            )
        category_name = name_en or category_name
        tips = tuple(doc.ticket_tips_en)
        issuer = replace(issuer, footer_text=doc.footer_text_en or issuer.footer_text)
    reason = ticket.priority_reason
    return QueueTicketData(
        issuer=issuer,
        ticket_no=ticket.number,
        category_name=category_name,
        people_ahead=issued.people_ahead,
        # no window open for the category: no estimate on paper rather than a wrong one
        estimated_wait_minutes=issued.estimated_wait_minutes if issued.open_windows else None,
        issued_at=ticket.issued_at,
        priority_label=reason.label_in(language) if reason else None,
        tips=tips,
        qr_text=ticket_qr_text(settings, ticket.number, ticket.issued_at),
        qr_caption=messages.text("paper.qr_caption", language),
        language=language,
    )


def case_qr_text(settings: Settings, case_no: str) -> str:
    template = settings.documents.case_qr_url
    return template.format(case_no=case_no, ticket_no="", date="") if template else case_no


# -- archive ---------------------------------------------------------------------------------------


def _doc_info(
    doc: PrintedDocument,
    user_name: str | None,
    job: PrintJob | None = None,
    job_user_name: str | None = None,
) -> PrintedDocumentInfo:
    return PrintedDocumentInfo(
        id=doc.id,
        kind=doc.kind,
        doc_no=doc.doc_no,
        case_id=doc.case_id,
        ticket_id=doc.ticket_id,
        sha256=doc.sha256,
        size=len(doc.content),
        reprint_of_id=doc.reprint_of_id,
        created_by=doc.created_by,
        created_by_name=user_name,
        created_at=doc.created_at,
        print_status=job.status if job else None,
        print_printer=job.printer if job else None,
        print_host=job.host if job else None,
        printed_at=job.finished_at if job else None,
        printed_by_name=job_user_name,
        print_problem=(job.cancel_reason or job.last_error) if job else None,
    )


def _job_info(
    job: PrintJob, doc: PrintedDocument, finished_by_name: str | None = None
) -> PrintJobInfo:
    return PrintJobInfo(
        id=job.id,
        document_id=job.document_id,
        kind=doc.kind,
        doc_no=doc.doc_no,
        printer=job.printer,
        status=job.status,
        attempts=job.attempts,
        last_error=job.last_error,
        host=job.host,
        created_at=job.created_at,
        finished_at=job.finished_at,
        finished_by_name=finished_by_name,
        cancel_reason=job.cancel_reason,
    )


def _render(data: Document, reprint: ReprintMark | None, settings: Settings | None) -> bytes:
    if settings is None:
        return render_document(data, reprint=reprint)
    return render_document(
        data,
        reprint=reprint,
        paper=settings.printers.notice_paper,
        ticket_paper_mm=settings.printers.ticket_paper_mm,
    )


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def archive_document(
    db: Database,
    actor: Actor,
    data: Document,
    *,
    case_id: int | None = None,
    ticket_id: int | None = None,
    printer: str | None = None,
    settings: Settings | None = None,
    accept_missing_glyphs: bool = False,
    now: datetime | None = None,
) -> RenderedDocument:
    """Render `data`, store it, and (with `printer`) queue a print job for it, in one transaction.

    Raises MissingGlyphs when a character cannot be printed, unless the clerk has been told and
    `accept_missing_glyphs` is set."""
    if not accept_missing_glyphs:
        missing = missing_glyphs(data)
        if missing:
            raise MissingGlyphs(missing)
    now = now or utcnow()
    pdf = _render(data, None, settings)
    kind = document_kind(data)
    with db.session() as session:
        doc = PrintedDocument(
            kind=kind,
            doc_no=document_number(data),
            case_id=case_id,
            ticket_id=ticket_id,
            content=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            mime_type="application/pdf",
            render_data=to_json(data),
            created_by=actor.user_id,
            created_at=now,
        )
        session.add(doc)
        session.flush()
        audit.record(
            session,
            actor,
            "document.print",
            "printed_document",
            doc.id,
            after={
                "kind": kind,
                "doc_no": doc.doc_no,
                "case_no": case_number(data),
                "case_id": case_id,
                "ticket_id": ticket_id,
                "sha256": doc.sha256,
            },
        )
        job = _new_job(session, actor, doc, printer, now) if printer is not None else None
        return RenderedDocument(
            _doc_info(doc, _name_of(session, actor.user_id), job),
            pdf,
            _job_info(job, doc) if job else None,
        )


@allowed(Role.CLERK, Role.MANAGER)
def reprint_document(
    db: Database,
    actor: Actor,
    document_id: int,
    *,
    printer: str | None = None,
    settings: Settings | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> RenderedDocument:
    """补打: render the original's content again with the 补打 mark, store it as a new document
    (reprint_of_id = the original, also when reprinting a reprint) and audit it."""
    now = now or utcnow()
    with db.reader() as session:
        doc = session.get(PrintedDocument, document_id)
        if doc is None:
            raise NotFound("document.reprint_missing")
        original_id = doc.reprint_of_id or doc.id
        original = session.get(PrintedDocument, original_id)
        assert original is not None
        if original.render_data is None:
            raise Conflict("document.reprint_no_content")
        render_data = dict(original.render_data)
        kind, doc_no = original.kind, original.doc_no
        case_id, ticket_id, original_sha = original.case_id, original.ticket_id, original.sha256
        user = session.get(User, actor.user_id) if actor.user_id else None
        by = user.full_name if user else actor.username
    data = from_json(kind, render_data)
    pdf = _render(data, ReprintMark(at=now, by=by), settings)
    with db.session() as session:
        copy = PrintedDocument(
            kind=kind,
            doc_no=doc_no,
            case_id=case_id,
            ticket_id=ticket_id,
            content=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            mime_type="application/pdf",
            render_data=render_data,
            reprint_of_id=original_id,
            created_by=actor.user_id,
            created_at=now,
        )
        session.add(copy)
        session.flush()
        audit.record(
            session,
            actor,
            "document.reprint",
            "printed_document",
            copy.id,
            before={"document_id": original_id, "sha256": original_sha},
            after={
                "kind": kind,
                "doc_no": doc_no,
                "reprint_of_id": original_id,
                "sha256": copy.sha256,
                "reason": reason,
            },
        )
        job = _new_job(session, actor, copy, printer, now) if printer is not None else None
        return RenderedDocument(
            _doc_info(copy, actor.username), pdf, _job_info(job, copy) if job else None
        )


def document_pdf(db: Database, document_id: int) -> bytes:
    """The archived bytes, checked against their SHA-256."""
    with db.reader() as session:
        doc = session.get(PrintedDocument, document_id)
        if doc is None:
            raise NotFound("document.not_found")
        content = bytes(doc.content)
        if hashlib.sha256(content).hexdigest() != doc.sha256:
            raise Conflict("document.checksum_mismatch", document=doc.doc_no or doc.id)
        return content


def list_documents(
    db: Database, *, case_id: int | None = None, ticket_id: int | None = None
) -> list[PrintedDocumentInfo]:
    """Documents of a case or ticket, oldest first (reprints after their original), each with the
    state of its latest print job: printed when and by whom, failed and why, or not yet."""
    with db.reader() as session:
        query = (
            select(PrintedDocument, User.full_name)
            .outerjoin(User, User.id == PrintedDocument.created_by)
            .order_by(PrintedDocument.id)
        )
        if case_id is not None:
            query = query.where(PrintedDocument.case_id == case_id)
        if ticket_id is not None:
            query = query.where(PrintedDocument.ticket_id == ticket_id)
        rows = session.execute(query).all()
        latest: dict[int, tuple[PrintJob, str | None]] = {}
        if rows:
            jobs = session.execute(
                select(PrintJob, User.full_name)
                .outerjoin(User, User.id == PrintJob.finished_by)
                .where(PrintJob.document_id.in_([doc.id for doc, _ in rows]))
                .order_by(PrintJob.id)
            )
            latest = {job.document_id: (job, name) for job, name in jobs}
        return [_doc_info(doc, name, *latest.get(doc.id, (None, None))) for doc, name in rows]


def _name_of(session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.scalar(select(User.full_name).where(User.id == user_id))


# -- print jobs ------------------------------------------------------------------------------------


def _new_job(session, actor: Actor, doc: PrintedDocument, printer: str, now: datetime) -> PrintJob:
    job = PrintJob(
        document_id=doc.id,
        printer=printer,
        status=PrintJobStatus.PENDING,
        attempts=0,
        host=actor.host,
        created_at=now,
    )
    session.add(job)
    session.flush()
    return job


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def create_print_job(
    db: Database, actor: Actor, document_id: int, printer: str, *, now: datetime | None = None
) -> PrintJobInfo:
    with db.session() as session:
        doc = session.get(PrintedDocument, document_id)
        if doc is None:
            raise NotFound("document.print_missing")
        return _job_info(_new_job(session, actor, doc, printer, now or utcnow()), doc)


def _job(session, job_id: int) -> tuple[PrintJob, PrintedDocument]:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound("print_job.not_found")
    doc = session.get(PrintedDocument, job.document_id)
    assert doc is not None
    return job, doc


def get_print_job(db: Database, job_id: int) -> PrintJobInfo:
    with db.reader() as session:
        job, doc = _job(session, job_id)
        return _job_info(job, doc, _name_of(session, job.finished_by))


@without_actor("打印任务的一次尝试，由发送它的电脑记下；谁打印的由 finish_print_job 记")
def start_print_job(db: Database, job_id: int) -> PrintJobInfo:
    """The job is on its way to the printer (one more attempt)."""
    with db.session() as session:
        job, doc = _job(session, job_id)
        if job.status in (PrintJobStatus.DONE, PrintJobStatus.CANCELLED):
            raise Conflict("print_job.cannot_print", status=job.status.label)
        job.status = PrintJobStatus.PRINTING
        job.attempts += 1
        session.flush()
        return _job_info(job, doc)


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def finish_print_job(
    db: Database, job_id: int, *, actor: Actor | None = None, now: datetime | None = None
) -> PrintJobInfo:
    """The job printed; `actor` is who printed it (None: a station such as the kiosk)."""
    with db.session() as session:
        job, doc = _job(session, job_id)
        job.status = PrintJobStatus.DONE
        job.last_error = None
        job.finished_at = now or utcnow()
        job.finished_by = actor.user_id if actor else None
        session.flush()
        return _job_info(job, doc, _name_of(session, job.finished_by))


@without_actor("打印失败的原因，由发送它的电脑记下；任务仍在未完成列表里")
def fail_print_job(db: Database, job_id: int, error: str) -> PrintJobInfo:
    """Record why the job failed; it stays listed as unfinished."""
    with db.session() as session:
        job, doc = _job(session, job_id)
        job.status = PrintJobStatus.FAILED
        job.last_error = error
        session.flush()
        return _job_info(job, doc)


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def retry_print_job(
    db: Database, actor: Actor, job_id: int, *, printer: str | None = None
) -> PrintJobInfo:
    """Put a failed (or stuck) job back to pending, optionally on another printer."""
    with db.session() as session:
        job, doc = _job(session, job_id)
        if job.status in (PrintJobStatus.DONE, PrintJobStatus.CANCELLED):
            raise Conflict("print_job.cannot_retry", status=job.status.label)
        before = {"printer": job.printer, "status": job.status}
        job.status = PrintJobStatus.PENDING
        if printer:
            job.printer = printer
        job.host = actor.host
        if printer and printer != before["printer"]:
            audit.record(
                session,
                actor,
                "print_job.change_printer",
                "print_job",
                job.id,
                before=before,
                after={"printer": job.printer},
            )
        session.flush()
        return _job_info(job, doc)


CANCEL_REASON_MAX = 200


@allowed(Role.CLERK, Role.MANAGER)
def cancel_print_job(
    db: Database, actor: Actor, job_id: int, reason: str, *, now: datetime | None = None
) -> PrintJobInfo:
    """Give up printing a job, saying why (the paper is no longer needed, or was handed out
    another way); audited, and shown with the document from then on."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("print_job.cancel_reason_required", field="reason")
    if len(reason) > CANCEL_REASON_MAX:
        raise ValidationError(
            "print_job.cancel_reason_too_long",
            max_length=CANCEL_REASON_MAX,
            length=len(reason),
            field="reason",
        )
    with db.session() as session:
        job, doc = _job(session, job_id)
        if job.status == PrintJobStatus.DONE:
            raise Conflict("print_job.already_printed")
        if job.status == PrintJobStatus.CANCELLED:
            raise Conflict("print_job.already_cancelled")
        before = {"status": job.status, "last_error": job.last_error}
        job.status = PrintJobStatus.CANCELLED
        job.cancel_reason = reason
        job.finished_at = now or utcnow()
        job.finished_by = actor.user_id
        audit.record(
            session,
            actor,
            "print_job.cancel",
            "print_job",
            job.id,
            before=before,
            after={
                "status": job.status,
                "reason": reason,
                "document_id": doc.id,
                "doc_no": doc.doc_no,
            },
        )
        session.flush()
        return _job_info(job, doc, _name_of(session, actor.user_id))


def unfinished_print_jobs(db: Database, *, host: str | None = None) -> list[PrintJobInfo]:
    """Jobs not printed yet (pending, printing or failed), oldest first; `host`: this PC's."""
    with db.reader() as session:
        query = (
            select(PrintJob, PrintedDocument)
            .join(PrintedDocument, PrintedDocument.id == PrintJob.document_id)
            .where(UNFINISHED_CONDITION)
            .order_by(PrintJob.id)
        )
        if host is not None:
            query = query.where(PrintJob.host == host)
        return [_job_info(job, doc) for job, doc in session.execute(query)]


def count_unfinished_print_jobs(db: Database, *, host: str | None = None) -> int:
    """How many jobs wait to be printed (this PC's with `host`), for the clerk's button."""
    with db.reader() as session:
        query = select(func.count()).select_from(PrintJob).where(UNFINISHED_CONDITION)
        if host is not None:
            query = query.where(PrintJob.host == host)
        return session.scalar(query) or 0


def print_job_pdf(db: Database, job_id: int) -> bytes:
    with db.reader() as session:
        job, _ = _job(session, job_id)
        document_id = job.document_id
    return document_pdf(db, document_id)


# -- where a job prints -----------------------------------------------------------------------------

ESCPOS_PREFIX = "escpos-"


def ticket_printer_target(settings: Settings) -> str:
    """The ``PrintJob.printer`` value for tickets: ``escpos-network:host:port`` (…-usb, …-serial)
    for an ESC/POS printer, the system printer's name otherwise ("" = the default printer)."""
    printers = settings.printers
    if printers.ticket_printer_kind.startswith(ESCPOS_PREFIX):
        return f"{printers.ticket_printer_kind}:{printers.ticket_printer}"
    if printers.ticket_printer_kind == "pdf":
        return PDF_FOLDER_PREFIX + (printers.ticket_printer or str(settings.data_path / "tickets"))
    return printers.ticket_printer or ""


PDF_FOLDER_PREFIX = "pdf-folder:"
PDF_FILE_PREFIX = "pdf-file:"


def pdf_folder_target(printer: str) -> str | None:
    """The folder of a ``pdf-folder:<dir>`` job (kind ``pdf``: documents saved as files, for halls
    that test without paper, keep notices electronically, or hand tickets to a phone), else None."""
    return printer[len(PDF_FOLDER_PREFIX) :] if printer.startswith(PDF_FOLDER_PREFIX) else None


def pdf_file_target(printer: str) -> str | None:
    """The file of a ``pdf-file:<path>`` job (the clerk chose 打印到文件 in the print dialog)."""
    return printer[len(PDF_FILE_PREFIX) :] if printer.startswith(PDF_FILE_PREFIX) else None


def describe_printer(printer: str | None) -> str:
    """A job's printer as a person reads it."""
    if not printer:
        return "默认打印机"
    if (folder := pdf_folder_target(printer)) is not None:
        return f"PDF 文件夹 {folder}"
    if (path := pdf_file_target(printer)) is not None:
        return f"PDF 文件 {path}"
    if (link := escpos_target(printer)) is not None:
        return f"小票打印机 {link[1]}"
    return printer


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def run_pdf_file_job(db: Database, job_id: int, *, actor: Actor | None = None) -> PrintJobInfo:
    """Write the job's archived PDF (A4 or ticket size, text and fonts embedded, exactly what the
    archive holds) into its folder as ``<doc_no>-<job>.pdf``, or to its file; never raises for a
    disk problem: the job ends failed with the reason."""
    job = start_print_job(db, job_id)
    folder, path = pdf_folder_target(job.printer), pdf_file_target(job.printer)
    if folder is None and path is None:
        return fail_print_job(db, job_id, f"“{job.printer}”不是 PDF 文件夹或文件")
    try:
        if folder is not None:
            name = (job.doc_no or f"document-{job.document_id}").replace("/", "-")
            target = Path(folder).expanduser() / f"{name}-{job.id}.pdf"
        else:
            target = Path(str(path)).expanduser()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(print_job_pdf(db, job_id))
    except OSError as exc:
        where = folder if folder is not None else path
        return fail_print_job(
            db,
            job_id,
            f"不能写入 {where}：{exc.strerror or exc}。请检查文件夹是否存在、可写、磁盘未满，"
            "或选择其他打印机",
        )
    return finish_print_job(db, job_id, actor=actor)


def runs_without_qt(printer: str) -> bool:
    """A job whose printer is a thermal printer or a file: `run_device_job` prints it, off the GUI
    thread; other jobs go to a system printer through Qt (ui/printer.py)."""
    return (
        escpos_target(printer) is not None
        or pdf_folder_target(printer) is not None
        or pdf_file_target(printer) is not None
    )


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def run_device_job(
    db: Database, job_id: int, printer: str, settings: Settings, *, actor: Actor | None = None
) -> PrintJobInfo:
    """Print a job whose `printer` (its printer value, which the caller has read) `runs_without_qt`;
    the job ends done or failed with the reason."""
    if escpos_target(printer) is not None:
        return run_escpos_job(db, job_id, settings, actor=actor)
    return run_pdf_file_job(db, job_id, actor=actor)


def notice_printer_target(settings: Settings) -> str:
    """The ``PrintJob.printer`` value for A4 notices: a system printer's name ("" = the default
    printer), or ``pdf-folder:<dir>`` (kind ``pdf``; default folder: data_dir/notices)."""
    printers = settings.printers
    if printers.notice_printer_kind == "pdf":
        return PDF_FOLDER_PREFIX + (printers.notice_printer or str(settings.data_path / "notices"))
    return printers.notice_printer or ""


def escpos_target(printer: str) -> tuple[str, str] | None:
    """(kind, address) when the job's printer is an ESC/POS link, else None (a system printer)."""
    if not printer.startswith(ESCPOS_PREFIX):
        return None
    kind, _, address = printer.partition(":")
    return kind, address


# -- thermal printers (ESC/POS) --------------------------------------------------------------------


@allowed(Role.CLERK, Role.MANAGER, Unattended.STATION)
def run_escpos_job(
    db: Database, job_id: int, settings: Settings, *, actor: Actor | None = None
) -> PrintJobInfo:
    """Send an ESC/POS job (see :func:`ticket_printer_target`) and record the outcome. Never
    raises for a printer problem: the job ends done, or failed with the reason to show the clerk.
    Network I/O: call it off the GUI thread (the task runner)."""
    from printing.escpos_out import EscposLink, ThermalPrintError, print_ticket

    printers = settings.printers
    job = start_print_job(db, job_id)
    target = escpos_target(job.printer)
    if target is None:
        return fail_print_job(db, job_id, f"“{job.printer}”不是小票打印机，请选择其他打印机")
    try:
        link = EscposLink.from_settings(
            target[0],
            target[1],
            baudrate=printers.serial_baudrate,
            timeout=printers.escpos_timeout_seconds,
        )
        print_ticket(
            link,
            print_job_pdf(db, job_id),
            paper_mm=printers.ticket_paper_mm,
            cut=printers.ticket_cut,
        )
    except ThermalPrintError as exc:
        return fail_print_job(db, job_id, exc.message)
    except HallDeskError as exc:
        return fail_print_job(db, job_id, exc.message)
    return finish_print_job(db, job_id, actor=actor)
