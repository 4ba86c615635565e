"""The kiosk prints the ticket it has just issued: to a thermal printer over ESC/POS, or as a PDF file.
A printer that fails never costs the applicant their place: the number is on screen and the job
waits, unfinished, for staff to reprint."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from app.db.models import PrintedDocument, PrintJob, Ticket
from app.domain.codes import DocumentKind, PrintJobStatus, TicketStatus
from app.services import documents
from ui.ticket_printing import TicketPrinter
from ui.windows.kiosk import KioskWindow

_spec = importlib.util.spec_from_file_location(
    "fake_escpos", Path(__file__).resolve().parents[1] / "printing" / "fake_escpos.py"
)
fake_escpos = importlib.util.module_from_spec(_spec)
sys.modules["fake_escpos"] = fake_escpos  # dataclasses look their module up
_spec.loader.exec_module(fake_escpos)


def _kiosk(desk, ctx) -> tuple[KioskWindow, TicketPrinter]:
    kiosk = KioskWindow(ctx)
    printer = TicketPrinter(ctx, kiosk)
    printer.failed.connect(kiosk.print_failed)
    kiosk.ticket_sink = printer
    kiosk.show()
    desk.qtbot.waitExposed(kiosk)
    return kiosk, printer


def _set_printer(ctx, kind: str, address: str) -> None:
    ctx.settings.printers = ctx.settings.printers.model_copy(
        update={"ticket_printer_kind": kind, "ticket_printer": address}
    )


def test_kiosk_ticket_goes_to_the_thermal_printer(desk, ctx, qtbot):
    fake = fake_escpos.FakeEscposPrinter()
    try:
        _set_printer(ctx, "escpos-network", fake.address)
        kiosk, printer = _kiosk(desk, ctx)
        with qtbot.waitSignal(printer.printed, timeout=5000) as printed:
            desk.click(desk.find(kiosk, QPushButton, "category_A"))
        assert printed.args == ["A001"]
        assert fake.state.rasters, "no raster image reached the printer"
        width_bytes = fake.state.rasters[0][0]
        assert width_bytes == 576 // 8
        assert fake.state.cuts == 1
    finally:
        fake.close()
    with ctx.db.reader() as session:
        doc = session.scalars(select(PrintedDocument)).one()
        assert doc.kind == DocumentKind.QUEUE_TICKET
        ticket = session.get(Ticket, doc.ticket_id)
        assert ticket.number == "A001"
        job = session.scalars(select(PrintJob)).one()
        assert job.status == PrintJobStatus.DONE


def test_printer_out_of_paper_keeps_the_ticket_and_tells_the_applicant(desk, ctx, qtbot):
    fake = fake_escpos.FakeEscposPrinter(fake_escpos.FakePrinterState(paper_out=True))
    try:
        _set_printer(ctx, "escpos-network", fake.address)
        kiosk, printer = _kiosk(desk, ctx)
        with qtbot.waitSignal(printer.failed, timeout=5000) as failed:
            desk.click(desk.find(kiosk, QPushButton, "category_A"))
    finally:
        fake.close()
    number, reason = failed.args
    assert number == "A001" and "缺纸" in reason
    message = kiosk.findChild(QLabel, "kiosk_message").text()
    assert "A001" in message and "缺纸" in message and "补打" in message
    assert kiosk.findChild(QLabel, "confirm_number").text() == "A001"
    with ctx.db.reader() as session:
        assert session.scalars(select(Ticket)).one().status == TicketStatus.WAITING
    unfinished = documents.unfinished_print_jobs(ctx.db)
    assert [(j.doc_no, j.status) for j in unfinished] == [
        (unfinished[0].doc_no, PrintJobStatus.FAILED)
    ]
    assert "缺纸" in unfinished[0].last_error


@pytest.mark.parametrize("priority", [False, True])
def test_ticket_saved_as_pdf_file_reads_back(desk, ctx, qtbot, tmp_path, priority):
    folder = tmp_path / "tickets"
    _set_printer(ctx, "pdf", str(folder))
    kiosk, printer = _kiosk(desk, ctx)
    if priority:
        desk.click(desk.find(kiosk, QPushButton, "priority"))
        desk.click(desk.find(kiosk, QPushButton, "reason_pregnant"))
    with qtbot.waitSignal(printer.printed, timeout=5000):
        desk.click(desk.find(kiosk, QPushButton, "category_B"))
    files = list(folder.glob("*.pdf"))
    assert len(files) == 1
    text = "".join(page.extract_text() for page in PdfReader(files[0]).pages)
    assert "B001" in text and "不动产登记" in text
    assert "过号无效" in text
    assert ("孕妇" in text) is priority
