"""System printing through Qt (to a PDF file, offscreen), the failure dialog and the list of
unfinished print jobs."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.db.models import AuditLog, User
from app.domain.codes import DocumentKind, PrintJobStatus
from app.services import auth
from app.services import documents as svc
from app.services.context import Actor
from app.settings import load_settings
from printing.samples import sample_documents
from ui.printer import (
    PrintFailed,
    PrintFailureDialog,
    SystemPrinting,
    load_pdf,
    make_printer,
    paint_pdf,
    pdf_file_printer,
    preview_pdf,
)
from ui.tasks import ImmediateRunner
from ui.widgets.print_jobs import PrintJobsWidget, open_print_jobs

SAMPLES = sample_documents()
NOTICE = SAMPLES[DocumentKind.ACCEPTANCE_NOTICE]
TICKET = SAMPLES[DocumentKind.QUEUE_TICKET]


@pytest.fixture
def clerk(sqlite_demo_db) -> Actor:
    with sqlite_demo_db.reader() as session:
        user = session.scalars(select(User).where(User.username == "clerk01")).one()
        return Actor(user_id=user.id, username=user.username, role=user.role, host="pc-5")


def _codes(path) -> list[tuple[str, str]]:
    document = pdfium.PdfDocument(str(path))
    found = []
    for index in range(len(document)):
        image = document[index].render(scale=200 / 72).to_pil()
        found += [(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)]
    return found


def test_notice_prints_through_qprinter_to_a_pdf_file(qapp, tmp_path):
    from printing.render import render_document

    pdf = render_document(NOTICE)
    document = load_pdf(pdf)
    out = tmp_path / "printed.pdf"
    assert paint_pdf(document, pdf_file_printer(str(out), document)) == 2
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 2
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    height_mm = float(reader.pages[0].mediabox.height) / 72 * 25.4
    assert abs(width_mm - 210) < 1 and abs(height_mm - 297) < 1
    found = _codes(out)
    assert ("Code128", NOTICE.desk.case_no) in found
    assert ("QRCode", NOTICE.desk.case_no) in found


def test_ticket_keeps_its_80mm_paper(qapp, tmp_path):
    from printing.render import render_document

    document = load_pdf(render_document(TICKET))
    out = tmp_path / "ticket.pdf"
    paint_pdf(document, pdf_file_printer(str(out), document))
    page = PdfReader(str(out)).pages[0]
    assert abs(float(page.mediabox.width) / 72 * 25.4 - 80) < 1
    assert ("QRCode", TICKET.qr_text) in _codes(out)


def test_unknown_printer_is_a_clear_error(qapp):
    with pytest.raises(PrintFailed) as caught:
        make_printer("没有这台打印机")
    assert "找不到打印机" in caught.value.message


def test_broken_pdf_is_a_clear_error(qapp):
    with pytest.raises(PrintFailed):
        load_pdf(b"not a pdf")


@pytest.mark.parametrize(
    "button, code",
    [
        ("retry_button", PrintFailureDialog.RETRY),
        ("choose_button", PrintFailureDialog.CHOOSE_OTHER),
        ("later_button", PrintFailureDialog.LATER),
    ],
)
def test_failure_dialog_buttons(qtbot, button, code):
    dialog = PrintFailureDialog("小票打印机缺纸：请装入新的热敏纸卷后重试。")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "缺纸" in dialog.message_label.text()
    assert dialog.choose_button.text() == "选择其他打印机"
    qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert dialog.result() == code


def test_failure_dialog_escape_means_later(qtbot):
    dialog = PrintFailureDialog("打印失败")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == PrintFailureDialog.LATER


def _factory(tmp_path):
    made = []

    def factory(name, document):
        if name == "PDF":
            out = tmp_path / f"out{len(made)}.pdf"
            made.append(out)
            return pdf_file_printer(str(out), document)
        return make_printer(name, document)

    return factory, made


def test_failed_print_then_choose_another_printer(qapp, tmp_path, sqlite_demo_db, clerk):
    settings = load_settings(None, environ={"HALLDESK_PRINTERS__NOTICE_PRINTER": "坏掉的打印机"})
    doc = svc.archive_document(sqlite_demo_db, clerk, NOTICE).document
    factory, made = _factory(tmp_path)
    asked = []
    printing = SystemPrinting(
        sqlite_demo_db,
        clerk,
        settings,
        ask_failure=lambda message: asked.append(message) or PrintFailureDialog.CHOOSE_OTHER,
        choose=lambda current: "PDF",
        printer_factory=factory,
    )
    job = ImmediateRunner().run_now(printing.print_document(doc.id)).job
    assert job.status == PrintJobStatus.DONE and job.printer == "PDF" and job.attempts == 2
    assert asked and "坏掉的打印机" in asked[0]
    assert len(made) == 1 and made[0].exists()
    assert svc.unfinished_print_jobs(sqlite_demo_db) == []


def test_print_later_keeps_the_job_listed_and_the_list_retries_and_cancels(
    desk, make_ctx, tmp_path, monkeypatch
):
    """未完成的打印 as the clerk uses it: the failed notice is listed; 换打印机… to a PDF file prints
    it; a second one is given up only with a reason, which the audit log keeps."""
    import ui.printer

    ctx = make_ctx("pc-5")
    ctx.user = auth.authenticate(ctx.db, "clerk01", desk.PASSWORD, host="pc-5")
    settings = load_settings(None, environ={"HALLDESK_PRINTERS__NOTICE_PRINTER": "坏掉的打印机"})
    doc = svc.archive_document(ctx.db, ctx.actor, NOTICE).document
    factory, made = _factory(tmp_path)
    answers = [PrintFailureDialog.RETRY, PrintFailureDialog.LATER]
    printing = SystemPrinting(
        ctx.db,
        ctx.actor,
        settings,
        ask_failure=lambda message: answers.pop(0),
        choose=lambda current: None,
        printer_factory=factory,
    )
    job = ctx.runner.run_now(printing.print_document(doc.id)).job
    assert job.status == PrintJobStatus.FAILED and job.attempts == 2
    assert "找不到打印机" in job.last_error
    svc.archive_document(ctx.db, ctx.actor, TICKET, printer="别的电脑的打印机")  # pc-5 too
    other_pc = replace(ctx.actor, host="pc-9")
    svc.archive_document(ctx.db, other_pc, TICKET, printer="kiosk")  # not this PC's

    dialog = open_print_jobs(ctx)
    desk.qtbot.waitExposed(dialog)
    widget = dialog.jobs
    assert [j.host for j in widget.model.rows()] == ["pc-5", "pc-5"]
    assert widget.selected_job().id == job.id  # the first is selected: Enter retries it
    out = tmp_path / "notice.pdf"
    monkeypatch.setattr(ui.printer, "choose_printer", lambda parent, current: f"pdf-file:{out}")
    desk.click(widget.other_button)
    assert "已打印" in widget.message.text()
    assert out.read_bytes() == svc.document_pdf(ctx.db, doc.id)  # the archived A4 PDF itself
    assert [j.kind for j in widget.model.rows()] == [DocumentKind.QUEUE_TICKET]

    def give_up(box):
        desk.click(desk.ok_button(box))  # no reason yet: refused, said next to the field
        assert "原因" in box.error.text() and box.isVisible()
        desk.type(box.reason, "applicant left")
        desk.click(desk.ok_button(box))

    desk.modal(lambda: desk.click(widget.cancel_button), give_up)
    assert widget.model.rowCount() == 0 and widget.empty_label.isVisible()
    assert "已放弃打印" in widget.message.text()
    with ctx.db.reader() as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "print_job.cancel")).one()
    assert entry.after["reason"] == "applicant left"

    # the manager's list holds every PC's, the kiosk's ticket included
    everyone = PrintJobsWidget(ctx, all_pcs=True)
    assert [j.host for j in everyone.model.rows()] == ["pc-9"]


def test_reprint_prints_marked_补打(qapp, tmp_path, sqlite_demo_db, clerk):
    settings = load_settings(None, environ={})
    original = svc.archive_document(sqlite_demo_db, clerk, NOTICE).document
    copy = svc.reprint_document(sqlite_demo_db, clerk, original.id, printer="PDF")
    factory, made = _factory(tmp_path)
    printing = SystemPrinting(sqlite_demo_db, clerk, settings, printer_factory=factory)
    assert ImmediateRunner().run_now(printing.print_job(copy.job)).job.status == PrintJobStatus.DONE
    # the printed page (an image) carries the mark: compare its rendering with the archive's
    from tests.printing.conftest import pdf_text

    assert "补打" in pdf_text(svc.document_pdf(sqlite_demo_db, copy.document.id))
    assert made[0].exists()


def test_preview_dialog_paints(qtbot):
    from printing.render import render_document

    dialog = preview_pdf(render_document(TICKET))
    qtbot.addWidget(dialog)
    painted = []
    dialog.paintRequested.connect(lambda printer: painted.append(printer))
    dialog.open()
    qtbot.waitUntil(lambda: bool(painted), timeout=5000)
    dialog.close()


def test_preview_printed_to_a_pdf_file_is_the_archived_pdf_not_letter_images(qtbot, tmp_path):
    """预览 → 打印 → 打印到文件 used to write a US-Letter page of images; it writes the A4 PDF."""
    from PySide6.QtPrintSupport import QPrinter

    from printing.render import render_document

    pdf = render_document(NOTICE)
    dialog = preview_pdf(pdf)
    qtbot.addWidget(dialog)
    target = QPrinter(QPrinter.PrinterMode.HighResolution)
    target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target.setOutputFileName(str(tmp_path / "preview.pdf"))
    dialog.paintRequested.emit(target)  # what the preview's 打印 does after its print dialog
    assert (tmp_path / "preview.pdf").read_bytes() == pdf
    assert NOTICE.desk.case_no in PdfReader(tmp_path / "preview.pdf").pages[0].extract_text()


def test_the_clerk_reaches_unfinished_prints_with_ctrl_p_and_sees_how_many(desk, ctx):
    from tests.ui.test_intake_form import _clerk_window

    window = _clerk_window(desk, ctx)
    assert window.buttons["print_jobs"].text() == "未完成的打印\nCtrl+P"
    job = svc.archive_document(ctx.db, ctx.actor, TICKET, printer="坏掉的打印机").job
    svc.fail_print_job(ctx.db, job.id, "缺纸")
    window.refresh()
    assert window.buttons["print_jobs"].text() == "未完成的打印（1）\nCtrl+P"
    desk.qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.print_jobs
    desk.qtbot.waitExposed(dialog)
    assert [j.id for j in dialog.jobs.model.rows()] == [job.id]
    assert dialog.windowTitle() == "未完成的打印（本机）"
    dialog.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    desk.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
