"""Printing the notices of a case decision, after the decision has committed.

The case is already saved when this runs: whatever happens here (a character the fonts lack, a
printer that is off, a PDF that cannot be rendered) leaves the case as it is and only decides
what paper comes out. For each document (`app.services.case_documents.notices_for`, read on the
runner):

1. characters no font can print are shown to the clerk first (`MissingGlyphsDialog`: print anyway
   with 〓 in their place, to be written in by hand, or don't print);
2. the document is archived (bytes, SHA-256, who and when) with its print job, in one transaction
   on the runner;
3. it is printed through `ui.printer.SystemPrinting` (failure dialog: 重试 / 选择其他打印机 / 稍后打印).

It is one chain (`TaskRunner.chain`): the database steps on the runner, the questions and the Qt
painting on the GUI thread between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.case import CaseAction
from app.errors import DatabaseUnavailable, HallDeskError
from app.services import documents as doc_svc
from app.services.case_documents import action_notices, notices_for
from app.services.intake import CaseDetail
from printing.documents import Document, document_kind, missing_glyphs
from ui.printer import JobEnd, SystemPrinting, dialog_parent, unrecorded_note
from ui.tasks import on_runner

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one document: printed, left for later (job failed), or not printed."""

    kind_label: str
    document_id: int | None = None
    job_status: str | None = None  # PrintJobStatus value, as the database last said
    skipped: str | None = None  # why nothing was archived (the clerk cancelled, an error)
    printed: bool = False  # the paper came out
    problem: HallDeskError | None = None  # a printing step the database did not take

    def ended(self, end: JobEnd) -> PrintOutcome:
        return replace(
            self, job_status=end.job.status.value, printed=end.printed, problem=end.error
        )

    @property
    def text(self) -> str:
        if self.skipped:
            return f"{self.kind_label}：{self.skipped}"
        if self.printed and self.problem:
            return translate("CasePrinting", "{0}：已打印，{1}").format(
                self.kind_label, unrecorded_note(self.problem)
            )
        if self.printed:
            return translate("CasePrinting", "{0}：已打印").format(self.kind_label)
        if self.problem:
            return translate("CasePrinting", "{0}：未打印（{1}），已留在“未完成的打印”中").format(
                self.kind_label, self.problem.message.rstrip("。")
            )
        return translate("CasePrinting", "{0}：未打印，已留在“未完成的打印”中").format(
            self.kind_label
        )


class MissingGlyphsDialog(QDialog):
    """Tells the clerk which characters will not print, before anything is printed."""

    def __init__(self, kind_label: str, chars: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("有字符无法打印"))
        self.setObjectName("missing_glyphs_dialog")
        shown = "  ".join(f"{c}（U+{ord(c):04X}）" for c in chars)
        self.message_label = QLabel(
            self.tr(
                "{0}中以下字符本机字体无法打印：\n{1}\n\n"
                "仍然打印时，这些字会印成“〓”，请在纸上手写补全并请申请人核对；"
                "也可以取消打印，在设置 documents.fallback_fonts 中加入含这些字的字体后补打。"
            ).format(kind_label, shown)
        )
        self.message_label.setObjectName("missing_glyphs")
        self.message_label.setWordWrap(True)
        self.print_button = QPushButton(self.tr("仍然打印（缺字印为〓）"))
        self.print_button.setObjectName("print_anyway")
        self.cancel_button = QPushButton(self.tr("取消打印"))
        self.cancel_button.setObjectName("cancel_print")
        self.print_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.print_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)


ConfirmGlyphs = Callable[[str, list[str]], bool]  # (document label, characters) → print anyway?


class CasePrinting:
    """Archive and print a case's decision notices. Its `print_*` methods are flows, run by
    `ctx.runner.chain(...)`; they end with one PrintOutcome per document and raise nothing of
    their own. Tests swap `printer_factory`, `ask_failure`, `choose` (as for SystemPrinting) and
    `confirm_glyphs`."""

    def __init__(
        self,
        ctx,
        parent: QWidget | None = None,
        *,
        printer_factory=None,
        ask_failure=None,
        choose=None,
        confirm_glyphs: ConfirmGlyphs | None = None,
    ):
        self.ctx = ctx
        self.parent = parent
        self.printer_factory = printer_factory
        self.ask_failure = ask_failure
        self.choose = choose
        self.confirm_glyphs = confirm_glyphs or self._confirm_with_dialog

    def _confirm_with_dialog(self, kind_label: str, chars: list[str]) -> bool:
        dialog = MissingGlyphsDialog(kind_label, chars, dialog_parent(self.parent))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def system_printing(self) -> SystemPrinting:
        return SystemPrinting(
            self.ctx.db,
            self.ctx.actor,
            self.ctx.settings,
            self.parent,
            ask_failure=self.ask_failure,
            choose=self.choose,
            printer_factory=self.printer_factory,
            runner=self.ctx.runner,
        )

    async def print_decision(self, case: CaseDetail) -> list[PrintOutcome]:
        """Print every notice that follows the case's latest decision (none: []); characters that
        cannot print are asked about once, for all of them."""
        settings, db = self.ctx.settings, self.ctx.db
        try:
            docs = await on_runner(lambda: notices_for(case, settings, db))
        except HallDeskError as error:
            return [
                PrintOutcome(
                    translate("CasePrinting", "通知书"),
                    skipped=translate("CasePrinting", "未能生成：{0}").format(error.message),
                )
            ]
        return await self.print_documents(case.id, docs)

    async def print_after(self, case: CaseDetail, action: CaseAction) -> list[PrintOutcome]:
        """Print the notice an action after acceptance hands out (延期告知书 after an extension,
        特别程序告知书 after a special procedure begins); nothing for other actions."""
        settings, db = self.ctx.settings, self.ctx.db
        try:
            docs = await on_runner(lambda: action_notices(case, action, settings, db))
        except HallDeskError as error:
            return [
                PrintOutcome(
                    translate("CasePrinting", "告知书"),
                    skipped=translate("CasePrinting", "未能生成：{0}").format(error.message),
                )
            ]
        return await self.print_documents(case.id, docs) if docs else []

    async def print_documents(self, case_id: int, docs: list[Document]) -> list[PrintOutcome]:
        """Archive each document with its print job (one transaction each, on the runner), then
        print them all: one failure question for the decision's paper, not one per document."""
        db, actor, settings = self.ctx.db, self.ctx.actor, self.ctx.settings
        labels = [getattr(d, "title", None) or document_kind(d).label for d in docs]
        chars: dict[str, None] = {}
        for data in docs:
            chars.update(dict.fromkeys(missing_glyphs(data)))
        if chars and not self.confirm_glyphs("、".join(labels), list(chars)):
            return [
                PrintOutcome(
                    label, skipped=translate("CasePrinting", "有无法打印的字符，已取消打印")
                )
                for label in labels
            ]
        target = doc_svc.notice_printer_target(settings)
        outcomes: list[PrintOutcome] = []
        jobs: list[doc_svc.PrintJobInfo] = []
        away: HallDeskError | None = None
        for data, label in zip(docs, labels, strict=True):
            if away is not None:  # the database is away: the others would wait for it too
                outcomes.append(
                    PrintOutcome(
                        label,
                        skipped=translate("CasePrinting", "未能存档：{0}").format(away.message),
                    )
                )
                continue
            archive = partial(
                doc_svc.archive_document,
                db,
                actor,
                data,
                case_id=case_id,
                printer=target,
                settings=settings,
                accept_missing_glyphs=bool(chars),
            )
            try:
                archived = await on_runner(archive)
            except HallDeskError as error:
                outcomes.append(
                    PrintOutcome(
                        label,
                        skipped=translate("CasePrinting", "未能存档：{0}").format(error.message),
                    )
                )
                if isinstance(error, DatabaseUnavailable):
                    away = error
            else:
                assert archived.job is not None
                outcomes.append(PrintOutcome(label, archived.document.id))
                jobs.append(archived.job)
        dialog = settings.printers.ask_before_print
        ends = iter(
            await self.system_printing().print_jobs(jobs, with_dialog=dialog) if jobs else []
        )
        return [o.ended(next(ends)) if o.document_id is not None else o for o in outcomes]
