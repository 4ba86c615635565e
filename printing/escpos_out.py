"""Thermal ticket printers over ESC/POS (network, USB or serial), through python-escpos's links.

The ticket is the same PDF the archive keeps, rasterised with pdfium to the head's width (576
dots on 80 mm paper, 384 on 58 mm, at 203 dpi) and sent as ``GS v 0`` raster bands: one layout
for driver printers, ESC/POS printers and the archive, so what the applicant holds is what was
archived. The printer's status is asked before and after the job (``DLE EOT 1/2/4``) where the
link can answer; a printer that does not answer is printed to anyway (many cheap ones are
silent), a printer that reports a problem is not, and the problem is said in plain Chinese.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Literal

import pypdfium2 as pdfium
from PIL import Image

DOTS = {80: 576, 58: 384}  # printable dots per paper width at 203 dpi
PRINTABLE_MM = {80: 72.0, 58: 48.0}
BAND_ROWS = 256  # rows per GS v 0 command; keeps each command within small printers' buffers
THRESHOLD = 170  # grey level under which a dot is black; >128 keeps thin strokes solid

ESC_INIT = b"\x1b@"
DLE_EOT = b"\x10\x04"
FEED_AND_CUT = b"\x1dVA\x10"  # feed 16 lines (past the cutter), then partial cut
FEED_ONLY = b"\x1bd\x06"

LinkKind = Literal["network", "usb", "serial"]


class ThermalPrintError(Exception):
    """A ticket did not print; `message` says why in words a clerk understands."""

    def __init__(self, message: str, *, status: PrinterStatus | None = None):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class EscposLink:
    kind: LinkKind
    target: str  # host[:port] | vid:pid (hex) | COM3, /dev/ttyUSB0
    baudrate: int = 9600
    timeout: float = 5.0

    @classmethod
    def from_settings(cls, printer_kind: str, target: str, **kwargs) -> EscposLink:
        """From ``printers.ticket_printer_kind`` (escpos-network …) and ``ticket_printer``."""
        return cls(printer_kind.removeprefix("escpos-"), target, **kwargs)  # type: ignore[arg-type]

    def describe(self) -> str:
        what = {"network": "网络", "usb": "USB", "serial": "串口"}[self.kind]
        return f"{what}小票打印机 {self.target}"

    def open(self):
        """An open python-escpos printer on this link, or ThermalPrintError (无法连接)."""
        from escpos import exceptions as escpos_errors

        try:
            if self.kind == "network":
                from escpos.printer import Network

                host, _, port = self.target.rpartition(":")
                if not host:
                    host, port = self.target, "9100"
                printer = Network(host, port=int(port), timeout=self.timeout)
            elif self.kind == "usb":
                from escpos.printer import Usb

                vid, pid = (int(p, 16) for p in self.target.lower().split(":"))
                printer = Usb(vid, pid, timeout=int(self.timeout * 1000))
            else:
                from escpos.printer import Serial

                printer = Serial(self.target, baudrate=self.baudrate, timeout=self.timeout)
            printer.open()
        except (OSError, escpos_errors.Error, ValueError) as exc:
            raise ThermalPrintError(
                f"无法连接{self.describe()}：请检查电源、数据线或网线，以及打印机地址设置。（{exc}）"
            ) from exc
        if getattr(printer, "device", None) in (None, False):
            raise ThermalPrintError(
                f"无法连接{self.describe()}：请检查电源、数据线或网线，以及打印机地址设置。"
            )
        return printer


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself (None: the link gave no answer)."""

    offline: bool = False
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    cutter_error: bool = False
    error: bool = False

    def problem(self) -> str | None:
        """The first reason the printer cannot print now, in Chinese; None if it can."""
        if self.paper_out:
            return "小票打印机缺纸：请装入新的热敏纸卷后重试。"
        if self.cover_open:
            return "小票打印机盖板打开：请合上上盖后重试。"
        if self.cutter_error:
            return "小票打印机切刀故障：请打开上盖清除卡纸后重试。"
        if self.error:
            return "小票打印机报告故障：请关闭电源再打开后重试。"
        if self.offline:
            return "小票打印机脱机：请检查打印机是否开机、上盖是否合好。"
        return None

    def warning(self) -> str | None:
        return "小票打印机纸将用完，请准备更换纸卷。" if self.paper_near_end else None


def _valid(byte: int) -> bool:
    # Every DLE EOT answer has bit 1 and bit 4 set, bits 0 and 7 clear.
    return byte & 0x93 == 0x12


def _ask(printer, n: int) -> int | None:
    try:
        printer._raw(DLE_EOT + bytes([n]))
        answer = printer._read()
    except (TimeoutError, OSError, NotImplementedError, AttributeError):
        return None
    except Exception:  # a link without a read channel (pyusb, pyserial errors)
        return None
    if not answer:
        return None
    byte = answer[-1] if isinstance(answer, (bytes, bytearray)) else int(answer[-1])
    return byte if _valid(byte) else None


STATUS_TIMEOUT = 1.0  # seconds to wait for a status byte; silent printers cost this once


def _short_timeout(printer) -> float | None:
    """Shorten the link's read timeout for status queries; returns the old one to restore."""
    device = getattr(printer, "device", None)
    if isinstance(device, socket.socket):
        old = device.gettimeout()
        device.settimeout(STATUS_TIMEOUT)
        return old
    if device is not None and hasattr(device, "timeout"):  # pyserial
        old = device.timeout
        device.timeout = STATUS_TIMEOUT
        return old
    return None


def _restore_timeout(printer, old: float | None) -> None:
    device = getattr(printer, "device", None)
    if old is None or device is None:
        return
    if isinstance(device, socket.socket):
        device.settimeout(old)
    elif hasattr(device, "timeout"):
        device.timeout = old


def query_status(printer) -> PrinterStatus | None:
    """Ask the printer (DLE EOT 1, 2, 3, 4). None when it does not answer."""
    old = _short_timeout(printer)
    try:
        return _query(printer)
    finally:
        _restore_timeout(printer, old)


def _query(printer) -> PrinterStatus | None:
    general = _ask(printer, 1)
    if general is None:
        return None
    offline_cause = _ask(printer, 2) or 0x12
    error_cause = _ask(printer, 3) or 0x12
    paper = _ask(printer, 4) or 0x12
    return PrinterStatus(
        offline=bool(general & 0x08),
        cover_open=bool(offline_cause & 0x04),
        paper_out=bool(paper & 0x60) or bool(offline_cause & 0x20),
        paper_near_end=bool(paper & 0x0C),
        cutter_error=bool(error_cause & 0x08),
        error=bool(offline_cause & 0x40) or bool(error_cause & 0x20),
    )


def rasterize_ticket(pdf: bytes, paper_mm: int = 80) -> Image.Image:
    """The ticket's first page as a 1-bit image exactly as wide as the head (576 dots on 80 mm
    paper), black = ink."""
    dots = DOTS[paper_mm]
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        width_pt, _ = page.get_size()
        scale = dots / (PRINTABLE_MM[paper_mm] / 25.4 * 72)
        grey = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        document.close()
    left = max(0, (grey.width - dots) // 2)
    grey = grey.crop((left, 0, left + dots, grey.height))
    return grey.point(lambda v: 0 if v < THRESHOLD else 255, mode="1")


def raster_commands(image: Image.Image) -> bytes:
    """``GS v 0`` commands for a 1-bit image (black = print), in bands of BAND_ROWS rows."""
    if image.mode != "1":
        image = image.convert("1")
    width_bytes = (image.width + 7) // 8
    # PIL's "1" stores white as 1; ESC/POS prints 1 bits, so invert.
    packed = bytes(b ^ 0xFF for b in image.tobytes())
    out = bytearray()
    for top in range(0, image.height, BAND_ROWS):
        rows = min(BAND_ROWS, image.height - top)
        out += b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")
        out += packed[top * width_bytes : (top + rows) * width_bytes]
    # Padding bits at the end of each row must not print: they are white in the image, and
    # 576 and 384 are multiples of 8 anyway.
    return bytes(out)


def print_ticket(
    link: EscposLink,
    pdf: bytes,
    *,
    paper_mm: int = 80,
    cut: bool = True,
) -> PrinterStatus | None:
    """Print the ticket PDF on `link`. Returns the status after printing (None: the printer does
    not answer status queries); raises ThermalPrintError with a Chinese message on any failure,
    including paper that ran out during the job."""
    image = rasterize_ticket(pdf, paper_mm)
    job = ESC_INIT + raster_commands(image) + (FEED_AND_CUT if cut else FEED_ONLY)
    printer = link.open()
    try:
        before = query_status(printer)
        if before is not None and before.problem():
            raise ThermalPrintError(before.problem() or "", status=before)
        try:
            printer._raw(job)
        except Exception as exc:
            raise ThermalPrintError(
                f"发送到{link.describe()}时连接中断：请检查打印机和连线后重试。（{exc}）"
            ) from exc
        after = query_status(printer) if before is not None else None
        if before is not None and after is None:
            raise ThermalPrintError(
                f"{link.describe()}在打印过程中失去响应，号票可能没有打印完整：请检查打印机后重试。"
            )
        if after is not None and after.problem():
            raise ThermalPrintError(
                "号票可能没有打印完整。" + (after.problem() or ""), status=after
            )
        return after
    finally:
        try:
            printer.close()
        except Exception:  # closing a dead link must not hide the real error
            pass
