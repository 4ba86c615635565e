"""Archive, reprint (补打) and print jobs, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.db.models import AuditLog, PrintedDocument, User
from app.domain.codes import DocumentKind, PrintJobStatus
from app.errors import Conflict, ValidationError
from app.services.context import Actor
from app.services.documents import (
    MissingGlyphs,
    archive_document,
    cancel_print_job,
    count_unfinished_print_jobs,
    document_pdf,
    fail_print_job,
    finish_print_job,
    list_documents,
    notice_printer_target,
    reprint_document,
    retry_print_job,
    run_device_job,
    run_escpos_job,
    runs_without_qt,
    start_print_job,
    ticket_printer_target,
    unfinished_print_jobs,
)
from app.settings import load_settings
from printing.samples import sample_documents

from .conftest import pdf_text
from .fake_escpos import FakeEscposPrinter, FakePrinterState

SAMPLES = sample_documents()
NOTICE = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
TICKET = SAMPLES[DocumentKind.QUEUE_TICKET]


@pytest.fixture
def clerk(demo_db) -> Actor:
    with demo_db.reader() as session:
        user = session.scalars(select(User).where(User.username == "clerk01")).one()
        return Actor(user_id=user.id, username=user.username, role=user.role, host="pc-5")


def _audit(db, action: str) -> list[AuditLog]:
    with db.reader() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_archive_keeps_bytes_hash_kind_who_and_when(demo_db, clerk):
    result = archive_document(demo_db, clerk, NOTICE)
    info = result.document
    assert info.kind == DocumentKind.ACCEPTANCE_NOTICE
    assert info.doc_no == NOTICE.doc_no
    assert info.sha256 == hashlib.sha256(result.pdf).hexdigest()
    assert info.created_by == clerk.user_id and info.created_at is not None
    assert document_pdf(demo_db, info.id) == result.pdf
    entries = _audit(demo_db, "document.print")
    assert len(entries) == 1 and entries[0].after["case_no"] == NOTICE.desk.case_no
    assert entries[0].host == "pc-5"
    assert [d.id for d in list_documents(demo_db)] == [info.id]


def test_reprint_is_rendered_again_marked_and_audited(demo_db, clerk):
    original = archive_document(demo_db, clerk, NOTICE).document
    first = reprint_document(demo_db, clerk, original.id, reason="申请人遗失")
    assert first.document.reprint_of_id == original.id
    assert first.document.is_reprint and first.document.doc_no == original.doc_no
    text = pdf_text(first.pdf)
    assert "补打" in text and NOTICE.desk.case_no in text
    assert "补打" not in pdf_text(document_pdf(demo_db, original.id))
    # a reprint of the reprint still points at the original
    second = reprint_document(demo_db, clerk, first.document.id)
    assert second.document.reprint_of_id == original.id
    entries = _audit(demo_db, "document.reprint")
    assert len(entries) == 2
    assert entries[0].after["reprint_of_id"] == original.id
    assert entries[0].after["reason"] == "申请人遗失"
    assert [d.id for d in list_documents(demo_db)] == [
        original.id,
        first.document.id,
        second.document.id,
    ]


def test_tampered_archive_is_refused(demo_db, clerk):
    doc = archive_document(demo_db, clerk, NOTICE).document
    with demo_db.session() as session:
        session.execute(
            update(PrintedDocument).where(PrintedDocument.id == doc.id).values(content=b"%PDF-x")
        )
    with pytest.raises(Conflict):
        document_pdf(demo_db, doc.id)


def test_missing_glyphs_stop_the_archive_until_the_clerk_accepts(demo_db, clerk, monkeypatch):
    from printing import fonts

    monkeypatch.setattr(fonts, "SYSTEM_FALLBACK_FONTS", ())
    fonts.configure_fallback_fonts(["/nonexistent/font.ttf"])
    try:
        data = replace(NOTICE, applicant=replace(NOTICE.applicant, name="吉𠮷祥"))
        with pytest.raises(MissingGlyphs) as caught:
            archive_document(demo_db, clerk, data)
        assert caught.value.chars == ["𠮷"] and "𠮷" in caught.value.message
        assert list_documents(demo_db) == []
        result = archive_document(demo_db, clerk, data, accept_missing_glyphs=True)
        assert "吉〓祥" in pdf_text(result.pdf)
    finally:
        fonts.configure_fallback_fonts(())


def test_print_job_lifecycle(demo_db, clerk):
    result = archive_document(demo_db, clerk, NOTICE, printer="HP LaserJet 办公室")
    job = result.job
    assert job is not None and job.status == PrintJobStatus.PENDING and job.host == "pc-5"
    assert [j.id for j in unfinished_print_jobs(demo_db)] == [job.id]
    assert start_print_job(demo_db, job.id).attempts == 1
    failed = fail_print_job(demo_db, job.id, "打印机脱机")
    assert failed.status == PrintJobStatus.FAILED and failed.last_error == "打印机脱机"
    assert [j.id for j in unfinished_print_jobs(demo_db, host="pc-5")] == [job.id]
    assert unfinished_print_jobs(demo_db, host="pc-9") == []
    moved = retry_print_job(demo_db, clerk, job.id, printer="Canon 备用")
    assert moved.status == PrintJobStatus.PENDING and moved.printer == "Canon 备用"
    assert start_print_job(demo_db, job.id).attempts == 2
    done = finish_print_job(demo_db, job.id)
    assert done.status == PrintJobStatus.DONE and done.finished_at is not None
    assert done.last_error is None
    assert unfinished_print_jobs(demo_db) == []
    with pytest.raises(Conflict):
        retry_print_job(demo_db, clerk, job.id)
    assert len(_audit(demo_db, "print_job.change_printer")) == 1


def test_cancelled_job_needs_a_reason_and_is_no_longer_unfinished(demo_db, clerk):
    job = archive_document(demo_db, clerk, NOTICE, printer="A4").job
    fail_print_job(demo_db, job.id, "缺纸")
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as error:
            cancel_print_job(demo_db, clerk, job.id, blank)
        assert error.value.field == "reason" and "原因" in error.value.message
    with pytest.raises(ValidationError):
        cancel_print_job(demo_db, clerk, job.id, "长" * 201)
    assert [j.id for j in unfinished_print_jobs(demo_db)] == [job.id]  # refused: still there
    cancelled = cancel_print_job(demo_db, clerk, job.id, "  申请人已改为\n电子送达 ")
    assert cancelled.cancel_reason == "申请人已改为 电子送达"
    assert unfinished_print_jobs(demo_db) == []
    [entry] = _audit(demo_db, "print_job.cancel")
    assert entry.after["reason"] == "申请人已改为 电子送达"
    with pytest.raises(Conflict):
        cancel_print_job(demo_db, clerk, job.id, "again")


def test_documents_carry_their_print_state(demo_db, clerk):
    """The case's 文书 tab tells printed (when, by whom by name), failed (why), given up (why) and
    never sent apart, from each document's latest job."""
    printed = archive_document(demo_db, clerk, NOTICE, printer="A4").job
    start_print_job(demo_db, printed.id)
    finish_print_job(demo_db, printed.id, actor=clerk)
    failed = archive_document(demo_db, clerk, NOTICE, printer="A4").job
    start_print_job(demo_db, failed.id)
    fail_print_job(demo_db, failed.id, "打印机缺纸")
    given_up = archive_document(demo_db, clerk, NOTICE, printer="A4").job
    cancel_print_job(demo_db, clerk, given_up.id, "申请人不需要纸质件")
    never = archive_document(demo_db, clerk, NOTICE).document
    docs = {d.id: d for d in list_documents(demo_db)}
    done = docs[printed.document_id]
    assert done.print_status == PrintJobStatus.DONE and done.printed_at is not None
    assert (
        done.printed_by_name == clerk_full_name(demo_db)
        and done.created_by_name == done.printed_by_name
    )
    assert docs[failed.document_id].print_status == PrintJobStatus.FAILED
    assert docs[failed.document_id].print_problem == "打印机缺纸"
    assert docs[given_up.document_id].print_status == PrintJobStatus.CANCELLED
    assert docs[given_up.document_id].print_problem == "申请人不需要纸质件"
    assert docs[never.id].print_status is None and docs[never.id].printed_at is None


def clerk_full_name(db) -> str:
    with db.reader() as session:
        return session.scalars(select(User.full_name).where(User.username == "clerk01")).one()


def test_notices_to_a_pdf_folder_are_the_archived_a4_pdf(demo_db, clerk, tmp_path):
    settings = load_settings(
        None,
        environ={
            "HALLDESK_PRINTERS__NOTICE_PRINTER_KIND": "pdf",
            "HALLDESK_PRINTERS__NOTICE_PRINTER": str(tmp_path / "notices"),
        },
    )
    target = notice_printer_target(settings)
    assert target == "pdf-folder:" + str(tmp_path / "notices") and runs_without_qt(target)
    job = archive_document(demo_db, clerk, NOTICE, printer=target).job
    done = run_device_job(demo_db, job.id, target, settings, actor=clerk)
    assert done.status == PrintJobStatus.DONE and done.finished_by_name == clerk_full_name(demo_db)
    [written] = (tmp_path / "notices").iterdir()
    assert written.read_bytes() == document_pdf(demo_db, job.document_id)  # text, fonts, A4
    page = PdfReader(written).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210
    assert NOTICE.desk.case_no in page.extract_text()

    default = load_settings(None, environ={"HALLDESK_PRINTERS__NOTICE_PRINTER_KIND": "pdf"})
    assert notice_printer_target(default) == "pdf-folder:" + str(default.data_path / "notices")

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    stuck = archive_document(demo_db, clerk, NOTICE, printer=f"pdf-folder:{blocked}").job
    failed = run_device_job(demo_db, stuck.id, stuck.printer, settings, actor=clerk)
    assert failed.status == PrintJobStatus.FAILED and str(blocked) in failed.last_error
    assert [j.id for j in unfinished_print_jobs(demo_db)] == [stuck.id]


def _escpos_settings(address: str):
    return load_settings(
        None,
        environ={
            "HALLDESK_PRINTERS__TICKET_PRINTER_KIND": "escpos-network",
            "HALLDESK_PRINTERS__TICKET_PRINTER": address,
            "HALLDESK_PRINTERS__ESCPOS_TIMEOUT_SECONDS": "3",
        },
    )


def test_ticket_to_escpos_printer_out_of_paper_stays_unfinished(demo_db, clerk):
    fake = FakeEscposPrinter(FakePrinterState(paper_out=True))
    try:
        settings = _escpos_settings(fake.address)
        target = ticket_printer_target(settings)
        assert target == f"escpos-network:{fake.address}"
        job = archive_document(demo_db, clerk, TICKET, printer=target, settings=settings).job
        outcome = run_escpos_job(demo_db, job.id, settings)
        assert outcome.status == PrintJobStatus.FAILED
        assert "缺纸" in outcome.last_error
        assert [j.id for j in unfinished_print_jobs(demo_db)] == [job.id]
        # paper loaded: the retry prints
        fake.state.paper_out = False
        retry_print_job(demo_db, clerk, job.id)
        assert run_escpos_job(demo_db, job.id, settings).status == PrintJobStatus.DONE
        assert unfinished_print_jobs(demo_db) == []
        assert fake.state.cuts == 1
    finally:
        fake.close()


def test_unfinished_jobs_are_read_through_their_partial_index(demo_db, clerk):
    """The clerk's window counts this PC's unfinished jobs at every refresh, among a job for every
    ticket ever printed: the query's condition is the index's, so the index serves it."""
    from sqlalchemy import text

    from app.db.models import UNFINISHED_PRINT

    unfinished = {s.value for s in PrintJobStatus} - {"done", "cancelled"}
    assert UNFINISHED_PRINT == "status IN ({})".format(
        ", ".join(f"'{s}'" for s in ("pending", "printing", "failed"))
    ) and unfinished == {"pending", "printing", "failed"}
    job = archive_document(demo_db, clerk, NOTICE, printer="A4").job
    assert count_unfinished_print_jobs(demo_db, host="pc-5") == 1
    finish_print_job(demo_db, job.id, actor=clerk)
    assert count_unfinished_print_jobs(demo_db, host="pc-5") == 0
    query = f"SELECT count(*) FROM print_job WHERE {UNFINISHED_PRINT} AND host = 'pc-5'"
    with demo_db.engine.connect() as conn:
        if demo_db.backend == "sqlite":
            plan = " ".join(str(r) for r in conn.execute(text("EXPLAIN QUERY PLAN " + query)))
        else:
            conn.execute(text("SET enable_seqscan = off"))
            plan = " ".join(r[0] for r in conn.execute(text("EXPLAIN " + query)))
    assert "ix_print_job_unfinished" in plan, plan


def test_a_ticket_taken_in_english_is_archived_and_reprinted_in_english(demo_db, clerk):
    """The language is part of the archived data: a reprint (补打) of an English ticket is English,
    with the catalogue's words for the mark."""
    from app.services import queue
    from app.services.documents import ticket_document

    settings = load_settings(None, environ={})
    category = next(c for c in queue.category_loads(demo_db) if c.name_en)
    issued = queue.issue_ticket(demo_db, category.category_id)
    data = ticket_document(demo_db, settings, issued, "en")
    assert (data.language, data.category_name) == ("en", category.name_en)
    assert data.tips == tuple(settings.documents.ticket_tips_en)
    original = archive_document(demo_db, clerk, data).document
    text = pdf_text(document_pdf(demo_db, original.id))
    assert category.name_en.replace(" ", "") in text and "Waitingahead:0" in text
    again = pdf_text(reprint_document(demo_db, clerk, original.id).pdf)
    assert "[Reprint]" in again and "Waitingahead:0" in again and "补打" not in again
    chinese = ticket_document(demo_db, settings, issued)
    assert (chinese.language, chinese.category_name) == ("zh_CN", category.name)
    assert "您前面还有0人在等待" in pdf_text(archive_document(demo_db, clerk, chinese).pdf)
