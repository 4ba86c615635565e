"""System printing through Qt (to a PDF file, offscreen), the failure dialog and the list of
unfinished print jobs."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import User
from app.domain.codes import DocumentKind, PrintJobStatus
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
from ui.widgets.print_jobs import PrintJobsWidget

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
    job = printing.print_document(doc.id)
    assert job.status == PrintJobStatus.DONE and job.printer == "PDF" and job.attempts == 2
    assert asked and "坏掉的打印机" in asked[0]
    assert len(made) == 1 and made[0].exists()
    assert svc.unfinished_print_jobs(sqlite_demo_db) == []


def test_print_later_keeps_the_job_listed_and_the_list_retries_and_cancels(
    qtbot, tmp_path, sqlite_demo_db, clerk
):
    settings = load_settings(None, environ={"HALLDESK_PRINTERS__NOTICE_PRINTER": "坏掉的打印机"})
    doc = svc.archive_document(sqlite_demo_db, clerk, NOTICE).document
    factory, made = _factory(tmp_path)
    answers = [PrintFailureDialog.RETRY, PrintFailureDialog.LATER]
    printing = SystemPrinting(
        sqlite_demo_db,
        clerk,
        settings,
        ask_failure=lambda message: answers.pop(0),
        choose=lambda current: None,
        printer_factory=factory,
    )
    job = printing.print_document(doc.id)
    assert job.status == PrintJobStatus.FAILED and job.attempts == 2
    assert "找不到打印机" in job.last_error

    widget = PrintJobsWidget(sqlite_demo_db, clerk, host="pc-5")
    qtbot.addWidget(widget)
    widget.show()
    assert widget.model.rowCount() == 1
    assert widget.model.row(0).id == job.id
    assert not widget.retry_button.isEnabled()
    widget.select_job(job.id)
    assert widget.retry_button.isEnabled()
    with qtbot.waitSignal(widget.retry_requested) as signal:
        qtbot.mouseClick(widget.retry_button, Qt.MouseButton.LeftButton)
    assert signal.args == [job.id]

    # the window answers a retry by printing, here to the PDF "printer" chosen by the clerk
    svc.retry_print_job(sqlite_demo_db, clerk, job.id, printer="PDF")
    assert printing.print_job(job.id).status == PrintJobStatus.DONE
    widget.refresh()
    assert widget.model.rowCount() == 0 and widget.empty_label.isVisibleTo(widget)

    # another failed job, cancelled from the list
    other = svc.archive_document(sqlite_demo_db, clerk, TICKET, printer="坏掉的打印机").job
    svc.fail_print_job(sqlite_demo_db, other.id, "打印机脱机")
    widget.refresh()
    widget.select_job(other.id)
    with qtbot.waitSignal(widget.changed):
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    assert widget.model.rowCount() == 0
    assert "已取消" in widget.message.text()


def test_reprint_prints_marked_补打(qapp, tmp_path, sqlite_demo_db, clerk):
    settings = load_settings(None, environ={})
    original = svc.archive_document(sqlite_demo_db, clerk, NOTICE).document
    copy = svc.reprint_document(sqlite_demo_db, clerk, original.id, printer="PDF")
    factory, made = _factory(tmp_path)
    printing = SystemPrinting(sqlite_demo_db, clerk, settings, printer_factory=factory)
    assert printing.print_job(copy.job.id).status == PrintJobStatus.DONE
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
