"""Printing archived PDFs on system printers through Qt, and the clerk's side of a failed print.

Pages are rendered with QtPdf (pdfium inside Qt) at the printer's resolution (capped at 300 dpi,
plenty for text and barcodes, and an A4 page stays ~35 MB in memory) and painted onto a QPrinter:
silently to the configured printer, or through QPrintDialog, with QPrintPreviewDialog for a look
first. A failure leaves the job failed in the database (it stays in the unfinished list) and asks
the clerk: 重试, 选择其他打印机, or 稍后打印.

ESC/POS ticket printers are not driven from here: ``app.services.documents.run_escpos_job`` runs
in the task runner; this module only shows its failures with the same dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db.engine import Database
from app.domain.codes import PrintJobStatus
from app.services import documents as svc
from app.services.context import Actor
from app.settings import Settings

MAX_DPI = 300


class PrintFailed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def load_pdf(pdf: bytes) -> QPdfDocument:
    """A QPdfDocument over the bytes (the buffer is kept alive with the document)."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    document._buffer = buffer  # type: ignore[attr-defined]  # QPdfDocument reads it lazily
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintFailed("文书内容无法读取（PDF 损坏），请补打后重试")
    return document


def page_size_of(document: QPdfDocument, page: int = 0) -> QPageSize:
    size = document.pagePointSize(page)
    return QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point, "HallDesk")


def paint_pdf(pdf: bytes | QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of the PDF onto `printer` (a real printer, a PDF file or a preview),
    each page scaled to fit the paper keeping its proportions. Returns the page count."""
    document = pdf if isinstance(pdf, QPdfDocument) else load_pdf(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        name = printer.printerName() or printer.outputFileName() or "打印机"
        raise PrintFailed(
            f"无法开始打印：“{name}”不可用，请检查打印机是否开机、联网，或选择其他打印机"
        )
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrintFailed("打印机在换页时出错，请检查打印机后重试")
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(index, pixels)
            if image.isNull():
                raise PrintFailed("文书页面无法生成图像（内存不足？），请稍后重试")
            target = QRectF(painter.viewport())
            scale = min(target.width() / image.width(), target.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
    finally:
        painter.end()
    return document.pageCount()


def make_printer(name: str | None, document: QPdfDocument | None = None) -> QPrinter:
    """A QPrinter for the named system printer ("" or None: the default one), with the paper size
    of the document's first page and no extra margins (the PDF carries its own)."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        if name:
            raise PrintFailed(f"找不到打印机“{name}”：请检查打印机是否已安装，或选择其他打印机")
        raise PrintFailed("本机没有可用的打印机：请安装打印机，或选择其他打印机")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    _fit_to(printer, document)
    return printer


def pdf_file_printer(path: str, document: QPdfDocument | None = None) -> QPrinter:
    """A QPrinter that writes a PDF file (for tests, and halls without a printer)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    _fit_to(printer, document)
    return printer


def _fit_to(printer: QPrinter, document: QPdfDocument | None) -> None:
    printer.setFullPage(True)
    if document is not None:
        size = page_size_of(document)
        printer.setPageLayout(
            QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )


def choose_printer(parent: QWidget | None, current: str | None = None) -> str | None:
    """Let the clerk pick a printer (QPrintDialog): the job's new printer value — a system
    printer's name, or ``pdf-file:<path>`` for 打印到文件 (the archived PDF is written there as
    it is: A4, text and fonts embedded) — or None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if current and not svc.runs_without_qt(current):
        printer.setPrinterName(current)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("选择打印机")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer_target(printer)


def printer_target(printer: QPrinter) -> str:
    """The print-job printer value for what a print dialog set up."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return svc.PDF_FILE_PREFIX + printer.outputFileName()
    return printer.printerName()


def preview_pdf(pdf: bytes, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A print preview of the PDF (not shown yet: call .exec() or .open()). Printing from it to a
    PDF file writes the archived PDF itself, not page images on the dialog's paper size."""
    document = load_pdf(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _fit_to(printer, document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("打印预览")

    def paint(target: QPrinter) -> None:
        if target.outputFormat() == QPrinter.OutputFormat.PdfFormat and target.outputFileName():
            Path(target.outputFileName()).write_bytes(pdf)
            return
        paint_pdf(document, target)

    dialog.paintRequested.connect(paint)
    # The dialog does not own the printer or the document: keep them alive with it.
    dialog._printer = printer  # type: ignore[attr-defined]
    dialog._document = document  # type: ignore[attr-defined]
    return dialog


class PrintFailureDialog(QDialog):
    """重试 / 选择其他打印机 / 稍后打印, after a print failed."""

    RETRY = 10
    CHOOSE_OTHER = 11
    LATER = 12

    def __init__(self, message: str, parent: QWidget | None = None, *, title: str = "打印失败"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        note = QLabel("办件和号票已保存，打印任务会保留在“未完成的打印”中，可以稍后再打。")
        note.setWordWrap(True)
        self.retry_button = QPushButton("重试")
        self.choose_button = QPushButton("选择其他打印机")
        self.later_button = QPushButton("稍后打印")
        self.retry_button.setDefault(True)
        self.retry_button.clicked.connect(lambda: self.done(self.RETRY))
        self.choose_button.clicked.connect(lambda: self.done(self.CHOOSE_OTHER))
        self.later_button.clicked.connect(lambda: self.done(self.LATER))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.retry_button, self.choose_button, self.later_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

    def reject(self) -> None:  # Esc or the close box: print later
        self.done(self.LATER)


AskFailure = Callable[[str], int]  # message → PrintFailureDialog.RETRY / CHOOSE_OTHER / LATER
ChoosePrinter = Callable[[str], "str | None"]  # current printer → new printer or None


class SystemPrinting:
    """Prints archived documents' jobs: on system printers through Qt, or, for thermal printers and
    PDF folders or files, through ``app.services.documents.run_device_job``. However many
    documents a decision prints, a failure asks the clerk once: 重试 / 选择其他打印机 / 稍后打印.

    `ask_failure` and `choose` default to the real dialogs; tests pass callables."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        ask_failure: AskFailure | None = None,
        choose: ChoosePrinter | None = None,
        printer_factory: Callable[[str, QPdfDocument], QPrinter] | None = None,
    ):
        self.db = db
        self.actor = actor
        self.settings = settings
        self.parent = parent
        self.ask_failure = ask_failure or self._ask_with_dialog
        self.choose = choose or (lambda current: choose_printer(self.parent, current))
        self.printer_factory = printer_factory or make_printer

    def _ask_with_dialog(self, message: str) -> int:
        return PrintFailureDialog(message, self.parent).exec()

    def attempt(self, job_id: int) -> svc.PrintJobInfo:
        """One try at printing the job: it ends done, or failed with the reason."""
        printer = svc.get_print_job(self.db, job_id).printer
        if svc.runs_without_qt(printer):
            return svc.run_device_job(self.db, job_id, printer, self.settings, actor=self.actor)
        job = svc.start_print_job(self.db, job_id)
        try:
            document = load_pdf(svc.print_job_pdf(self.db, job_id))
            paint_pdf(document, self.printer_factory(job.printer, document))
        except PrintFailed as failure:
            return svc.fail_print_job(self.db, job_id, failure.message)
        return svc.finish_print_job(self.db, job_id, actor=self.actor)

    def print_jobs(
        self, job_ids: list[int], *, with_dialog: bool = False
    ) -> list[svc.PrintJobInfo]:
        """Print the jobs now; while some fail, ask the clerk once for all of them. Returns each
        job as it ends (done, or failed and still in the unfinished list), in order."""
        results: dict[int, svc.PrintJobInfo] = {}
        todo = list(job_ids)
        if with_dialog and todo:
            chosen = self.choose(svc.get_print_job(self.db, todo[0]).printer)
            if chosen is None:  # the clerk closed the print dialog: nothing printed, kept for later
                return [svc.retry_print_job(self.db, self.actor, job_id) for job_id in todo]
            self._move(todo, chosen)
        while todo:
            for job_id in todo:
                results[job_id] = self.attempt(job_id)
            failed = [results[j] for j in todo if results[j].status != PrintJobStatus.DONE]
            if not failed:
                break
            answer = self.ask_failure(_failure_message(failed))
            todo = [job.id for job in failed]
            if answer == PrintFailureDialog.CHOOSE_OTHER:
                chosen = self.choose(failed[0].printer)
                if chosen is None:
                    break
                self._move(todo, chosen)
            elif answer != PrintFailureDialog.RETRY:
                break
        return [results[job_id] for job_id in job_ids]

    def print_job(self, job_id: int, *, with_dialog: bool = False) -> svc.PrintJobInfo:
        return self.print_jobs([job_id], with_dialog=with_dialog)[0]

    def print_documents(
        self,
        document_ids: list[int],
        printer: str | None = None,
        *,
        with_dialog: bool | None = None,
    ) -> list[svc.PrintJobInfo]:
        """Queue and print archived documents (notices by default go to the notice printer;
        `with_dialog` defaults to settings ``printers.ask_before_print``)."""
        target = svc.notice_printer_target(self.settings) if printer is None else printer
        jobs = [svc.create_print_job(self.db, self.actor, d, target).id for d in document_ids]
        dialog = self.settings.printers.ask_before_print if with_dialog is None else with_dialog
        return self.print_jobs(jobs, with_dialog=dialog)

    def print_document(
        self, document_id: int, printer: str | None = None, *, with_dialog: bool | None = None
    ) -> svc.PrintJobInfo:
        return self.print_documents([document_id], printer, with_dialog=with_dialog)[0]

    def _move(self, job_ids: list[int], chosen: str) -> None:
        """Send the jobs to another printer; several jobs to one PDF file get numbered files."""
        path = svc.pdf_file_target(chosen)
        for index, job_id in enumerate(job_ids):
            target = chosen
            if path is not None and index:
                file = Path(path)
                target = svc.PDF_FILE_PREFIX + str(
                    file.with_name(f"{file.stem}-{index + 1}{file.suffix or '.pdf'}")
                )
            svc.retry_print_job(self.db, self.actor, job_id, printer=target)


def _failure_message(failed: list[svc.PrintJobInfo]) -> str:
    """One message for every document that did not print, with each different reason once."""
    names = "、".join(job.kind.label for job in failed)
    reasons = list(dict.fromkeys(job.last_error or "原因不明" for job in failed))
    return f"{names}未能打印：" + "；".join(reasons)
