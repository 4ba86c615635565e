"""A hall report (DailyReportData) as an XLSX workbook: the same content as the PDF, so the two can
never disagree. The first sheet holds the title and the key figures; each table gets a sheet of its
own, with its header row frozen and numbers stored as numbers (percentages as fractions formatted
as percentages), so the figures can be summed and charted in a spreadsheet."""

from __future__ import annotations

import io
import re
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from printing.documents import DailyReportData, ReportTable

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def cell_value(text: str) -> tuple[object, str | None]:
    """A report cell as a spreadsheet value and its number format: "12" → 12, "8.5" → 8.5,
    "50.0%" → 0.5 shown as a percentage; anything else stays text."""
    value = text.strip()
    if value.endswith("%") and _NUMBER.match(value[:-1]):
        return float(value[:-1]) / 100, "0.0%"
    if _NUMBER.match(value):
        if "." in value:
            return float(value), "0.0"
        return int(value), None
    return text, None


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in str(text))


def _sheet_title(title: str, used: set[str]) -> str:
    name = _BAD_SHEET_CHARS.sub("", title)[:28] or "表"
    base, n = name, 2
    while name in used:
        name = f"{base[:26]}{n}"
        n += 1
    used.add(name)
    return name


def _table_sheet(book: Workbook, table: ReportTable, used: set[str]) -> None:
    sheet = book.create_sheet(_sheet_title(table.title, used))
    sheet.cell(row=1, column=1, value=table.title).font = TITLE
    widths = [_width(c) for c in table.columns]
    for col, title in enumerate(table.columns, start=1):
        cell = sheet.cell(row=2, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for r, row in enumerate(table.rows, start=3):
        for c, text in enumerate(row, start=1):
            if c - 1 in table.numeric_columns:
                value, fmt = cell_value(text)
            else:
                value, fmt = text, None
            cell = sheet.cell(row=r, column=c, value=value)
            if fmt:
                cell.number_format = fmt
            widths[c - 1] = max(widths[c - 1], _width(text))
    if table.note:
        sheet.cell(row=len(table.rows) + 4, column=1, value=table.note)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A3"


def render_report_xlsx(data: DailyReportData) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "概况"
    used = {"概况"}
    summary.cell(row=1, column=1, value=f"{data.issuer.hall_name} {data.title}").font = TITLE
    summary.cell(row=2, column=1, value="统计期间")
    summary.cell(row=2, column=2, value=data.period)
    summary.cell(row=3, column=1, value="生成时间")
    generated = data.generated_at.astimezone(ZoneInfo(data.issuer.timezone))
    summary.cell(row=3, column=2, value=generated.strftime("%Y-%m-%d %H:%M"))
    if data.doc_no:
        summary.cell(row=4, column=1, value="报表编号")
        summary.cell(row=4, column=2, value=data.doc_no)
    start = 6
    summary.cell(row=start, column=1, value="指标").font = BOLD
    summary.cell(row=start, column=2, value="数值").font = BOLD
    for i, (label, text) in enumerate(data.figures, start=start + 1):
        summary.cell(row=i, column=1, value=label)
        value, fmt = cell_value(text)
        cell = summary.cell(row=i, column=2, value=value)
        if fmt:
            cell.number_format = fmt
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 30
    for table in data.sections:
        _table_sheet(book, table, used)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["cell_value", "render_report_xlsx"]
