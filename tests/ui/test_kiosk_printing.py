"""The kiosk prints the ticket it has just issued: to a thermal printer over ESC/POS, or as a PDF file.
A printer that fails never costs the applicant their place: the number is on screen and the job
waits, unfinished, for staff to reprint."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from app.db.models import PrintedDocument, PrintJob, Ticket
from app.domain.codes import DocumentKind, PrintJobStatus, TicketStatus
from app.services import documents
from ui.ticket_printing import TicketPrinter
from ui.windows.kiosk import KioskWindow, TouchButton

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
    printer.printed.connect(kiosk.ticket_printed)
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
        assert kiosk.findChild(QLabel, "ticket_status").text() == "请取走号票"
        assert kiosk.subtitle.text() == "取号成功，请取走号票"
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
    # the applicant, in large words: nothing came out, note the number, ask staff for paper
    status = kiosk.findChild(QLabel, "ticket_status").text()
    assert "A001" in status and "记下" in status and "补打" in status
    assert "请取走号票" not in kiosk.subtitle.text() and "没有打印" in kiosk.subtitle.text()
    assert kiosk.findChild(QLabel, "confirm_number").text() == "A001"
    # staff: a red bar that stays until a ticket prints again
    alert = kiosk.findChild(QLabel, "printer_alert")
    assert alert.isVisible() and "缺纸" in alert.text() and "未完成的打印" in alert.text()
    desk.click(desk.find(kiosk, QPushButton, "confirm_done"))
    assert alert.isVisible()
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


def test_a_double_tap_on_done_does_not_start_a_priority_ticket_and_priority_has_a_way_back(
    desk, ctx, qtbot
):
    kiosk = KioskWindow(ctx)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    desk.click(desk.find(kiosk, QPushButton, "category_A"))
    assert kiosk.pages.currentWidget() is kiosk.confirm_page
    done = desk.find(kiosk, QPushButton, "confirm_done")
    desk.click(done)
    # the second tap of the double tap lands where 优先取号 now is: nothing happens
    qtbot.mouseClick(kiosk.priority_button, Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.start_page and kiosk.priority_reason is None
    kiosk._guard_until = 0  # a moment later, a real tap
    desk.click(kiosk.priority_button)
    assert kiosk.pages.currentWidget() is kiosk.reason_page
    desk.click(desk.find(kiosk, QPushButton, "reason_elderly"))
    back = desk.find(kiosk, QPushButton, "back_to_start")
    assert back.isVisible() and "返回" in back.text()
    desk.click(back)
    assert kiosk.priority_reason is None and kiosk.priority_button.isVisible()
    assert not back.isVisible()


@pytest.mark.parametrize("size", [(1366, 768), (768, 1366), (1024, 768)])
def test_the_kiosk_fits_the_screen_it_is_given(desk, ctx, qtbot, size):
    """Full screen on a 1366×768 hall PC, a portrait touch screen, an old 1024×768 one: the
    window never asks for more than the screen, and every button shows its whole text."""
    kiosk = KioskWindow(ctx)
    kiosk.resize(*size)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    hint = kiosk.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint
    assert (kiosk.width(), kiosk.height()) == size
    qtbot.wait(100)  # a portrait screen rebuilds the buttons in two columns once shown
    shown = [b for b in kiosk.findChildren(TouchButton) if b.isVisible()]
    qtbot.waitUntil(lambda: all(b.label.width() > 0 for b in shown))  # laid out
    for button in shown:
        if button.isVisible():
            label = button.label
            assert label.heightForWidth(label.width()) <= label.height() + 2, button.text()


def test_no_open_window_means_no_promised_minutes_on_kiosk_board_or_ticket(desk, ctx, qtbot):
    """Before any window of a category opens, the kiosk and the board say that no window serves
    it now, the confirmation says it will be called once one opens, and the paper gives no
    estimate; once a window opens, minutes again."""
    from app.domain.codes import Role
    from app.services import admin, queue
    from app.services.context import Actor
    from ui.ticket_printing import ticket_data
    from ui.windows.board import BoardWindow

    kiosk = KioskWindow(ctx)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    button = desk.find(kiosk, QPushButton, "category_A")
    assert "暂无窗口办理" in button.text() and "分钟" not in button.text()
    desk.click(button)
    assert "暂无窗口办理" in kiosk.confirm_detail.text() and "约" not in kiosk.confirm_detail.text()
    issued = queue.issue_ticket(
        ctx.db, next(c.id for c in admin.list_categories(ctx.db) if c.prefix == "A")
    )
    assert issued.open_windows == 0 and ticket_data(ctx, issued).estimated_wait_minutes is None
    board = BoardWindow(ctx, announcer=None)
    assert "企业开办" in board.loads_label.text() and "暂无窗口办理" in board.loads_label.text()

    clerk = Actor(user_id=None, username="clerk01", role=Role.CLERK, host="pc1")
    window_1 = next(c for c in admin.list_counters(ctx.db) if c.number == 1)
    queue.open_counter(ctx.db, clerk, window_1.id)
    from app.services import cache

    cache.clear()
    kiosk.reload()
    qtbot.wait(20)  # the old buttons go at the next event loop turn
    assert "约" in kiosk.category_buttons[issued.ticket.category_id].text()
    issued = queue.issue_ticket(ctx.db, issued.ticket.category_id)
    assert issued.open_windows == 1 and ticket_data(ctx, issued).estimated_wait_minutes is not None


def _words(pdf: bytes) -> str:
    """The PDF's text without whitespace (wrapping breaks lines anywhere)."""
    import io
    import re

    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _codes(pdf: bytes) -> list[tuple[str, str]]:
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=200 / 72).to_pil()
    document.close()
    return [(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)]


def test_a_ticket_taken_in_english_prints_in_english(desk, ctx, qtbot, tmp_path):
    """The applicant switched the kiosk to English: the paper says the category's English name,
    the priority reason, "Your number", the people ahead, the time and the tips in English, with
    the hall's Chinese name and its English one; the QR code still carries the queue link. The
    next applicant's ticket is Chinese again."""
    folder = tmp_path / "tickets"
    _set_printer(ctx, "pdf", str(folder))
    link = "https://zwfw.example/queue?t={ticket_no}"
    ctx.settings.documents = ctx.settings.documents.model_copy(
        update={"ticket_qr_url": link, "hall_name_en": "Linjiang Government Service Centre"}
    )
    kiosk, printer = _kiosk(desk, ctx)
    desk.click(desk.find(kiosk, QPushButton, "language"))
    desk.click(desk.find(kiosk, QPushButton, "priority"))
    desk.click(desk.find(kiosk, QPushButton, "reason_elderly"))
    with qtbot.waitSignal(printer.printed, timeout=5000):
        desk.click(desk.find(kiosk, QPushButton, "category_A"))
    (paper,) = folder.glob("*.pdf")
    pdf = paper.read_bytes()
    text = _words(pdf)
    for words in (
        ctx.hall.name,
        "Linjiang Government Service Centre",
        "Business Start-up",
        "Priority · Senior citizen",
        "Your number",
        "A001",
        "Waiting ahead: 0",
        "Taken at:",
        "A missed number is void; please take a new ticket.",
        "Scan to follow the queue",
    ):
        assert words.replace(" ", "") in text, words
    for chinese in ("企业开办", "您前面还有", "取号时间", "过号无效", "绿色通道", "扫码"):
        assert chinese not in text, chinese
    assert ("QRCode", "https://zwfw.example/queue?t=A001") in _codes(pdf)

    desk.click(desk.find(kiosk, QPushButton, "confirm_done"))  # the next applicant: Chinese
    kiosk._guard_until = 0
    with qtbot.waitSignal(printer.printed, timeout=5000):
        desk.click(desk.find(kiosk, QPushButton, "category_A"))
    (chinese,) = set(folder.glob("*.pdf")) - {paper}
    text = _words(chinese.read_bytes())
    assert "企业开办" in text and "您前面还有" in text and "过号无效" in text
    assert "Your number" not in text and "Linjiang" not in text
