"""The daily and monthly reports: built from the statistics of the known day (tests/app/test_stats.py),
the XLSX read back with openpyxl and the PDF's text with pypdf say the same figures."""

from __future__ import annotations

import io

import openpyxl
import pypdf
import pytest

from app.services import reports, stats
from app.settings import Settings
from printing.report_xlsx import cell_value
from tests.app.test_stats import DAY, NOW, build_known_day


@pytest.fixture
def known(demo_db):
    build_known_day(demo_db)
    return demo_db


def _sheet_rows(book, title):
    sheet = book[title]
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]


def test_daily_report_xlsx_and_pdf_match_the_statistics(known, tmp_path):
    report = reports.build_report(known, DAY)
    total = stats.ticket_stats(known, DAY, DAY).total
    settings = Settings(data_dir=str(tmp_path))
    book = openpyxl.load_workbook(io.BytesIO(reports.export_xlsx(known, settings, report, now=NOW)))
    assert book.sheetnames[0] == "概况"
    figures = {row[0].value: row[1].value for row in book["概况"].iter_rows(min_row=7)}
    assert figures["取号总数"] == total.issued == 9
    assert figures["办结"] == 6 and figures["过号"] == 1
    assert figures["平均等候（分钟）"] == pytest.approx(round(total.wait.mean, 1))
    assert figures["90%的人等候不超过（分钟）"] == pytest.approx(13.2)
    assert figures["按时办结率"] == pytest.approx(0.5)
    assert figures["满意率"] == pytest.approx(0.5)

    durations = {r[0]: r for r in _sheet_rows(book, "等候与办理时长（分钟，按业务类别）")}
    a = durations["A 企业开办"]
    assert a[1:] == (7.0, 7.0, 11.0, 10.0, 10.0, 16.0)
    assert durations["全部"][1:4] == (8.1, 8.0, 13.2)
    windows = {r[0]: r for r in _sheet_rows(book, "按窗口")}
    assert windows["1 号窗口"][1:3] == (5, 1)
    clerks = {r[0]: r for r in _sheet_rows(book, "按工作人员")}
    assert clerks["刘婷"][4] == 18.0

    rendered = reports.export_pdf(known, _manager(known), settings, report, now=NOW)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages)
    assert "大厅日报" in text and "2025年3月4日" in text
    assert "13.2" in text and "50.0%" in text
    assert rendered.document.doc_no == "RB20250304"


def test_monthly_report_lists_each_day(known, tmp_path):
    report = reports.build_report(known, DAY, monthly=True)
    assert (report.first_day.day, report.last_day.day) == (1, 31)
    data = reports.report_document(report, reports.issuer_for(known, Settings()), now=NOW)
    days = next(s for s in data.sections if s.title == "每日取号与办结")
    assert len(days.rows) == 31 and days.rows[3] == ("03-04", "9", "6", "1")
    assert data.title == "大厅月报" and data.period == "2025年3月"


def test_cell_values():
    assert cell_value("12") == (12, None)
    assert cell_value("8.5") == (8.5, "0.0")
    assert cell_value("50.0%") == (0.5, "0.0%")
    assert cell_value("—") == ("—", None)


def _manager(db):
    from app.services import auth
    from tests.conftest import DEMO_PASSWORD

    return auth.authenticate(db, "manager", DEMO_PASSWORD, host="pc-m").actor("pc-m")
