"""The ESC/POS path against a fake network printer on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import pytest

from printing.escpos_out import (
    DOTS,
    EscposLink,
    PrinterStatus,
    ThermalPrintError,
    print_ticket,
    raster_commands,
    rasterize_ticket,
)
from printing.render import render_document
from printing.samples import sample_documents

from .fake_escpos import FakeEscposPrinter, FakePrinterState

TICKET = sample_documents()["queue_ticket"]


@pytest.fixture
def ticket_pdf() -> bytes:
    return render_document(TICKET)


@pytest.fixture
def printer():
    fake = FakeEscposPrinter()
    yield fake
    fake.close()


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _link(fake: FakeEscposPrinter) -> EscposLink:
    return EscposLink("network", fake.address, timeout=3)


def test_raster_is_576_dots_wide_and_monochrome(ticket_pdf):
    image = rasterize_ticket(ticket_pdf)
    assert image.mode == "1"
    assert image.width == DOTS[80] == 576
    assert 400 < image.height < 1300
    pixels = image.tobytes()  # 1 bit per dot, rows padded to bytes; 0 bits are black
    black = sum(8 - bin(b).count("1") for b in pixels)
    assert 0.03 < black / (image.width * image.height) < 0.5, "ink, but not a black slab"
    # nothing but the dashed rule reaches the edges: no text is clipped
    for x in (0, 1, image.width - 2, image.width - 1):
        column = image.crop((x, 0, x + 1, image.height)).convert("L").tobytes()
        assert column.count(0) < image.height * 0.02


def test_raster_58mm_is_384_dots(ticket_pdf):
    pdf = render_document(TICKET, ticket_paper_mm=58)
    assert rasterize_ticket(pdf, 58).width == 384


def test_raster_still_scans(ticket_pdf):
    import zxingcpp

    image = rasterize_ticket(ticket_pdf).convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [TICKET.qr_text]


def test_raster_commands_cover_every_row(ticket_pdf):
    image = rasterize_ticket(ticket_pdf)
    data = raster_commands(image)
    assert data.startswith(b"\x1dv0\x00" + (72).to_bytes(2, "little"))
    assert len(data) == 72 * image.height + 8 * -(-image.height // 256)


def test_prints_to_a_healthy_printer(printer, ticket_pdf):
    status = print_ticket(_link(printer), ticket_pdf)
    assert status == PrinterStatus()
    state = printer.state
    assert _wait_for(lambda: state.cuts == 1)
    image = rasterize_ticket(ticket_pdf)
    assert sum(rows for _, rows in state.rasters) == image.height
    assert {width for width, _ in state.rasters} == {72}
    assert state.cuts == 1
    assert state.received.startswith(b"\x10\x04\x01")  # status asked before printing
    assert b"\x1b@" in state.received


@pytest.mark.parametrize(
    "problem, words",
    [
        (dict(paper_out=True), "缺纸"),
        (dict(cover_open=True), "盖板打开"),
        (dict(offline=True), "脱机"),
    ],
)
def test_a_printer_with_a_problem_is_not_printed_to(problem, words, ticket_pdf):
    fake = FakeEscposPrinter(FakePrinterState(**problem))
    try:
        with pytest.raises(ThermalPrintError) as caught:
            print_ticket(_link(fake), ticket_pdf)
        assert words in caught.value.message
        assert fake.state.rasters == [] and fake.state.cuts == 0
    finally:
        fake.close()


def test_paper_running_out_during_the_job_is_reported(ticket_pdf):
    fake = FakeEscposPrinter(FakePrinterState(paper_runs_out_after_job=True))
    try:
        with pytest.raises(ThermalPrintError) as caught:
            print_ticket(_link(fake), ticket_pdf)
        assert "没有打印完整" in caught.value.message and "缺纸" in caught.value.message
    finally:
        fake.close()


def test_a_silent_printer_is_printed_to(ticket_pdf):
    fake = FakeEscposPrinter(FakePrinterState(silent=True))
    try:
        assert print_ticket(_link(fake), ticket_pdf) is None
        assert _wait_for(lambda: fake.state.cuts == 1)
    finally:
        fake.close()


def test_near_end_is_a_warning_not_a_failure(ticket_pdf):
    fake = FakeEscposPrinter(FakePrinterState(paper_near_end=True))
    try:
        status = print_ticket(_link(fake), ticket_pdf)
        assert status is not None and status.problem() is None
        assert "纸将用完" in (status.warning() or "")
    finally:
        fake.close()


def test_connection_dropped_mid_job(ticket_pdf):
    fake = FakeEscposPrinter(FakePrinterState(drop_after_bytes=20_000))
    try:
        with pytest.raises(ThermalPrintError) as caught:
            print_ticket(_link(fake), ticket_pdf)
        assert "没有打印完整" in caught.value.message or "连接中断" in caught.value.message
    finally:
        fake.close()


def test_no_printer_at_the_address(ticket_pdf):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(ThermalPrintError) as caught:
        print_ticket(EscposLink("network", f"127.0.0.1:{port}", timeout=2), ticket_pdf)
    assert "无法连接" in caught.value.message
