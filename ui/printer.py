"""Printing archived PDFs on system printers through Qt, and the clerk's side of a failed print.

Pages are rendered with QtPdf (pdfium inside Qt) at the printer's resolution (capped at 300 dpi,
plenty for text and barcodes, and an A4 page stays ~35 MB in memory) and painted onto a QPrinter:
silently to the configured printer, or through QPrintDialog, with QPrintPreviewDialog for a look
first. A failure leaves the job failed in the database (it stays in the unfinished list) and asks
the clerk: 重试, 选择其他打印机, or 稍后打印.

Printing is a chain (`ui.tasks.TaskRunner.chain`): the job's database steps (start it and read its
PDF; mark it printed or failed; move it to another printer) run on the runner, the painting and
the questions on the GUI thread between them. ESC/POS ticket printers and PDF files are printed
by ``app.services.documents.run_device_job`` within the first step, on the runner; this module
only shows their failures with the same dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db.engine import Database
from app.domain.codes import PrintJobStatus
from app.errors import DatabaseUnavailable, HallDeskError
from app.services import documents as svc
from app.services.context import Actor
from app.settings import Settings
from ui.tasks import TaskRunner, default_runner, on_runner

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")

log = logging.getLogger(__name__)

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
        raise PrintFailed(translate("Printer", "文书内容无法读取（PDF 损坏），请补打后重试"))
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
        name = printer.printerName() or printer.outputFileName() or translate("Printer", "打印机")
        raise PrintFailed(
            translate(
                "Printer", "无法开始打印：“{0}”不可用，请检查打印机是否开机、联网，或选择其他打印机"
            ).format(name)
        )
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrintFailed(translate("Printer", "打印机在换页时出错，请检查打印机后重试"))
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(index, pixels)
            if image.isNull():
                raise PrintFailed(
                    translate("Printer", "文书页面无法生成图像（内存不足？），请稍后重试")
                )
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
            raise PrintFailed(
                translate(
                    "Printer", "找不到打印机“{0}”：请检查打印机是否已安装，或选择其他打印机"
                ).format(name)
            )
        raise PrintFailed(
            translate("Printer", "本机没有可用的打印机：请安装打印机，或选择其他打印机")
        )
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
    dialog.setWindowTitle(translate("Printer", "选择打印机"))
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
    dialog.setWindowTitle(translate("Printer", "打印预览"))

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

    def __init__(self, message: str, parent: QWidget | None = None, *, title: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("打印失败"))
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        note = QLabel(self.tr("办件和号票已保存，打印任务会保留在“未完成的打印”中，可以稍后再打。"))
        note.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("重试"))
        self.choose_button = QPushButton(self.tr("选择其他打印机"))
        self.later_button = QPushButton(self.tr("稍后打印"))
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


@dataclass(frozen=True)
class JobEnd:
    """How one job's printing ended, as this PC knows it. `job`: as the database last said.
    `printed`: the paper came out. `error`: a step the database did not take (it is away, or
    refused): the job is then as the database holds it, still in 未完成的打印, and, when `printed`,
    is marked printed once the database answers again (`_mark_printed_when_back`)."""

    job: svc.PrintJobInfo
    printed: bool = False
    error: HallDeskError | None = None

    @classmethod
    def of(cls, job: svc.PrintJobInfo) -> JobEnd:
        return cls(job, printed=job.status == PrintJobStatus.DONE)

    @property
    def at_printer(self) -> bool:
        """Not printed, for the printer's sake (the failure question is about these)."""
        return not self.printed and self.error is None


def unrecorded_note(error: HallDeskError) -> str:
    """What the clerk is told about paper that came out while the database was away."""
    return translate("Printer", "打印记录暂未写入（{0}），数据库恢复后自动补记").format(
        error.message.rstrip("。")
    )


def dialog_parent(widget: QWidget | None) -> QWidget | None:
    """The parent for a dialog: `widget`, unless its window was closed meanwhile (the paper
    still comes out; the question is asked on its own)."""
    return widget if widget is not None and shiboken6.isValid(widget) else None


class SystemPrinting:
    """Prints archived documents' jobs: on system printers through Qt, or, for thermal printers and
    PDF folders or files, through ``app.services.documents.run_device_job``. However many
    documents a decision prints, a failure asks the clerk once: 重试 / 选择其他打印机 / 稍后打印.

    Its methods are flows (`async def`, run by `TaskRunner.chain`): each database step is awaited
    on the runner, the Qt painting and the questions run on the GUI thread between them.
    `ask_failure` and `choose` default to the real dialogs; tests pass callables. `runner` (the
    context's; by default the process's) marks printed jobs whose marking the database missed."""

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
        runner: TaskRunner | None = None,
    ):
        self.db = db
        self.actor = actor
        self.settings = settings
        self.parent = parent
        self.ask_failure = ask_failure or self._ask_with_dialog
        self.choose = choose or (
            lambda current: choose_printer(dialog_parent(self.parent), current)
        )
        self.printer_factory = printer_factory or make_printer
        self.runner = runner

    def _ask_with_dialog(self, message: str) -> int:
        return PrintFailureDialog(message, dialog_parent(self.parent)).exec()

    async def attempt(self, job: svc.PrintJobInfo) -> JobEnd:
        """One try at printing the job: it ends done, or failed with the reason; or, when the
        database does not take a step, as the database holds it (`JobEnd.error`)."""
        db, actor, settings = self.db, self.actor, self.settings

        def start() -> tuple[svc.PrintJobInfo, bytes | None]:
            printer = svc.get_print_job(db, job.id).printer
            if svc.runs_without_qt(printer):  # a thermal printer, a file: printed right here
                return svc.run_device_job(db, job.id, printer, settings, actor=actor), None
            return svc.start_print_job(db, job.id), svc.print_job_pdf(db, job.id)

        try:
            started, pdf = await on_runner(start)
        except HallDeskError as error:
            return JobEnd(job, error=error)
        if pdf is None:
            return JobEnd.of(started)
        try:  # Qt paints on the GUI thread
            document = load_pdf(pdf)
            paint_pdf(document, self.printer_factory(started.printer, document))
        except PrintFailed as failure:
            reason = failure.message
            try:
                return JobEnd.of(await on_runner(lambda: svc.fail_print_job(db, job.id, reason)))
            except HallDeskError as error:  # left 打印中 in the list: the clerk is told why
                return JobEnd(replace(started, last_error=reason), error=error)
        try:
            return JobEnd.of(await on_runner(lambda: svc.finish_print_job(db, job.id, actor=actor)))
        except HallDeskError as error:
            # The paper is out; the job stays 打印中 (in the list) until the database has it.
            if isinstance(error, DatabaseUnavailable):
                _mark_printed_when_back(self.runner or default_runner(), db, actor, job.id)
            return JobEnd(started, printed=True, error=error)

    async def print_jobs(
        self, jobs: list[svc.PrintJobInfo], *, with_dialog: bool = False
    ) -> list[JobEnd]:
        """Print the jobs now; while some fail at the printer, ask the clerk once for all of them.
        Returns how each job ended, in order. With the database away nothing more is tried: the
        jobs not printed wait in 未完成的打印."""
        db, actor = self.db, self.actor
        ends = {job.id: JobEnd(job) for job in jobs}
        todo = list(jobs)
        if with_dialog and todo:
            chosen = self.choose(todo[0].printer)
            try:
                if chosen is None:  # the clerk closed the print dialog: kept for later
                    kept = await on_runner(
                        lambda: [svc.retry_print_job(db, actor, job.id) for job in todo]
                    )
                    return [JobEnd(job) for job in kept]
                todo = await self._move(todo, chosen)
            except HallDeskError as error:
                return [JobEnd(job, error=error) for job in jobs]
        while todo:
            for index, job in enumerate(todo):
                ends[job.id] = end = await self.attempt(job)
                if isinstance(end.error, DatabaseUnavailable):
                    for later in todo[index + 1 :]:  # not tried: each would wait for it too
                        ends[later.id] = JobEnd(later, error=end.error)
                    return [ends[job.id] for job in jobs]
            failed = [ends[job.id].job for job in todo if ends[job.id].at_printer]
            if not failed:
                break
            answer = self.ask_failure(_failure_message(failed))
            todo = failed
            if answer == PrintFailureDialog.CHOOSE_OTHER:
                chosen = self.choose(failed[0].printer)
                if chosen is None:
                    break
                try:
                    todo = await self._move(todo, chosen)
                except HallDeskError as error:
                    for job in todo:
                        ends[job.id] = JobEnd(job, error=error)
                    break
            elif answer != PrintFailureDialog.RETRY:
                break
        return [ends[job.id] for job in jobs]

    async def print_job(self, job: svc.PrintJobInfo, *, with_dialog: bool = False) -> JobEnd:
        return (await self.print_jobs([job], with_dialog=with_dialog))[0]

    async def print_documents(
        self,
        document_ids: list[int],
        printer: str | None = None,
        *,
        with_dialog: bool | None = None,
    ) -> list[JobEnd]:
        """Queue and print archived documents (notices by default go to the notice printer;
        `with_dialog` defaults to settings ``printers.ask_before_print``)."""
        db, actor = self.db, self.actor
        target = svc.notice_printer_target(self.settings) if printer is None else printer
        jobs = await on_runner(
            lambda: [svc.create_print_job(db, actor, d, target) for d in document_ids]
        )
        dialog = self.settings.printers.ask_before_print if with_dialog is None else with_dialog
        return await self.print_jobs(jobs, with_dialog=dialog)

    async def print_document(
        self, document_id: int, printer: str | None = None, *, with_dialog: bool | None = None
    ) -> JobEnd:
        return (await self.print_documents([document_id], printer, with_dialog=with_dialog))[0]

    async def _move(self, jobs: list[svc.PrintJobInfo], chosen: str) -> list[svc.PrintJobInfo]:
        """Send the jobs to another printer; several jobs to one PDF file get numbered files."""
        db, actor = self.db, self.actor
        targets = _numbered_targets(chosen, len(jobs))
        return await on_runner(
            lambda: [
                svc.retry_print_job(db, actor, job.id, printer=target)
                for job, target in zip(jobs, targets, strict=True)
            ]
        )


def _numbered_targets(chosen: str, count: int) -> list[str]:
    """`chosen` for each of `count` jobs; a PDF file gets -2, -3 … for the second and later."""
    path = svc.pdf_file_target(chosen)
    if path is None:
        return [chosen] * count
    file = Path(path)
    return [chosen] + [
        svc.PDF_FILE_PREFIX + str(file.with_name(f"{file.stem}-{n}{file.suffix or '.pdf'}"))
        for n in range(2, count + 1)
    ]


def _mark_printed_when_back(runner: TaskRunner, db: Database, actor: Actor, job_id: int) -> None:
    """The job printed while the database was away: mark it printed when the database answers
    again (unless someone gave it up meanwhile). Until then it is listed 打印中 in 未完成的打印,
    and stays so if this program ends first."""

    def back() -> None:
        runner.database_up.disconnect(back)

        def mark() -> svc.PrintJobInfo:
            job = svc.get_print_job(db, job_id)
            if job.status in (PrintJobStatus.DONE, PrintJobStatus.CANCELLED):
                return job
            return svc.finish_print_job(db, job_id, actor=actor)

        def failed(error: HallDeskError) -> None:
            if isinstance(error, DatabaseUnavailable):
                _mark_printed_when_back(runner, db, actor, job_id)  # away again: next time
            else:
                log.warning("print job %s printed but not marked: %s", job_id, error.message)

        runner.submit(mark, None, failed)

    runner.database_up.connect(back)


def _failure_message(failed: list[svc.PrintJobInfo]) -> str:
    """One message for every document that did not print, with each different reason once."""
    names = "、".join(job.kind.label for job in failed)
    reasons = list(
        dict.fromkeys(job.last_error or translate("Printer", "原因不明") for job in failed)
    )
    return translate("Printer", "{0}未能打印：{1}").format(names, "；".join(reasons))
