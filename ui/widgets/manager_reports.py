"""Daily and monthly reports: pick a day (or its month), see the report, export it as PDF (archived
like every printed document) or as an Excel workbook."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.clock import local_date, utcnow
from app.errors import HallDeskError
from app.services import reports
from app.services.documents import issuer_for
from printing.documents import DailyReportData

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def report_html(data: DailyReportData) -> str:
    """The report as simple HTML for the preview (the PDF is laid out by printing/)."""
    esc = html.escape
    parts = [
        f"<h2 style='text-align:center'>{esc(data.issuer.hall_name)} {esc(data.title)}</h2>",
        translate(
            "ManagerReports", "<p style='text-align:center'>统计期间：{0}　报表编号：{1}</p>"
        ).format(esc(data.period), esc(data.doc_no)),
        "<table cellspacing='0' cellpadding='6' border='1' style='border-collapse:collapse' width='100%'><tr>",
    ]
    for i, (label, value) in enumerate(data.figures):
        if i and i % 4 == 0:
            parts.append("</tr><tr>")
        parts.append(
            f"<td align='center'><b style='font-size:15pt'>{esc(value)}</b><br>{esc(label)}</td>"
        )
    parts.append("</tr></table>")
    for table in data.sections:
        parts.append(f"<h3>{esc(table.title)}</h3>")
        parts.append(
            "<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse' width='100%'>"
        )
        parts.append(
            "<tr style='background:#dce6f1'>"
            + "".join(f"<th>{esc(c)}</th>" for c in table.columns)
            + "</tr>"
        )
        for row in table.rows:
            cells = []
            for i, value in enumerate(row):
                align = "right" if i in table.numeric_columns else "left"
                cells.append(f"<td align='{align}'>{esc(value)}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
        if table.note:
            parts.append(f"<p style='color:#555'>{esc(table.note)}</p>")
    return "".join(parts)


class ReportsPanel(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPanel")
        self.report: reports.PeriodReport | None = None
        self.data: DailyReportData | None = None

        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        self.kind.addItem(self.tr("日报"), False)
        self.kind.addItem(self.tr("月报"), True)
        tz = ctx.hall.timezone if ctx.hall else "Asia/Shanghai"
        today = local_date(utcnow(), tz)
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setObjectName("reportDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.build_button = QPushButton(self.tr("生成报表"))
        self.build_button.setObjectName("buildReport")
        self.build_button.clicked.connect(self.build)
        self.pdf_button = QPushButton(self.tr("导出 PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.xlsx_button.setObjectName("exportXlsx")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("报表")))
        row.addWidget(self.kind)
        row.addWidget(QLabel(self.tr("日期")))
        row.addWidget(self.day)
        row.addWidget(self.build_button)
        row.addStretch(1)
        row.addWidget(self.pdf_button)
        row.addWidget(self.xlsx_button)

        self.preview = QTextBrowser()
        self.preview.setObjectName("reportPreview")
        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.pdf_button.setEnabled(self.report is not None)
        self.xlsx_button.setEnabled(self.report is not None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)

    def chosen_day(self) -> date:
        return self.day.date().toPython()

    def ask_path(self, title: str, suggested: str, pattern: str) -> str:
        """Where to save (a file dialog); tests replace it."""
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return path

    def build(self) -> None:
        db, settings = self.ctx.db, self.ctx.settings
        day, monthly = self.chosen_day(), bool(self.kind.currentData())
        self._say(self.tr("正在统计…"))
        self.build_button.setEnabled(False)

        def work():
            report = reports.build_report(db, day, monthly=monthly)
            return report, reports.report_document(report, issuer_for(db, settings))

        def done(result) -> None:
            self.report, self.data = result
            self.preview.setHtml(report_html(self.data))
            self.build_button.setEnabled(True)
            self._update_buttons()
            self._say(self.tr("{0}（{1}）已生成").format(self.data.title, self.data.period))

        def failed(error: HallDeskError) -> None:
            self.build_button.setEnabled(True)
            self._say(error.message, error=True)

        self.ctx.runner.submit(work, done, failed)

    def _suggested(self, suffix: str) -> str:
        assert self.report is not None
        folder = Path(self.ctx.settings.data_dir) if self.ctx.settings.data_dir else Path.home()
        return str(folder / f"{self.report.title}-{self.report.doc_no}.{suffix}")

    def export_pdf(self) -> None:
        if self.report is None:
            return
        path = self.ask_path(self.tr("导出 PDF"), self._suggested("pdf"), "PDF (*.pdf)")
        if not path:
            return
        db, actor, settings, report = self.ctx.db, self.ctx.actor, self.ctx.settings, self.report

        def done(rendered) -> None:
            try:
                Path(path).write_bytes(rendered.pdf)
            except OSError as exc:
                self._say(
                    self.tr("无法写入 {0}：{1}。请换一个文件夹。").format(path, exc), error=True
                )
                return
            self._say(self.tr("已导出 PDF 并存档：{0}").format(path))

        self.ctx.runner.submit(
            lambda: reports.export_pdf(db, actor, settings, report),
            done,
            lambda e: self._say(e.message, error=True),
        )

    def export_xlsx(self) -> None:
        if self.report is None:
            return
        path = self.ask_path(self.tr("导出 Excel"), self._suggested("xlsx"), "Excel (*.xlsx)")
        if not path:
            return
        db, settings, report = self.ctx.db, self.ctx.settings, self.report

        def done(content: bytes) -> None:
            try:
                Path(path).write_bytes(content)
            except OSError as exc:
                self._say(
                    self.tr("无法写入 {0}：{1}。请换一个文件夹。").format(path, exc), error=True
                )
                return
            self._say(self.tr("已导出 Excel：{0}").format(path))

        self.ctx.runner.submit(
            lambda: reports.export_xlsx(db, settings, report),
            done,
            lambda e: self._say(e.message, error=True),
        )
