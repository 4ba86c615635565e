"""The catalog import from the admin's window runs on the task runner's thread with a progress
dialog fed from the import's counter; 取消 stops it and nothing is imported (hardening issue,
point 3)."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from sqlalchemy import func, select

from app.db.models import ServiceItem
from app.services import catalog
from ui.application import DeskController
from ui.tasks import TaskRunner
from ui.windows.admin import AdminWindow


@pytest.fixture
def page(qtbot, desk, ctx):
    controller = DeskController(ctx)
    desk.login(controller.show_login(), "admin")
    window = controller.window
    assert isinstance(window, AdminWindow)
    window.controller = controller  # type: ignore[attr-defined]
    ctx.runner = TaskRunner()  # from here a real worker thread, as in the program
    ctx.runner.db = ctx.db
    yield window.catalog
    ctx.runner.wait(10_000)


def _items(db) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(ServiceItem))


def _file(tmp_path, db, count: int):
    demo = json.loads(catalog.export_json(db))
    items = [
        {**demo[i % len(demo)], "implementation_code": f"NEW-{i:05d}", "name": f"新事项{i}"}
        for i in range(count)
    ]
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_import_runs_off_the_gui_thread_and_says_what_it_did(qtbot, page, tmp_path):
    path = _file(tmp_path, page.ctx.db, 60)
    page.import_path(path)
    dialog = page.import_progress
    assert isinstance(dialog, QProgressDialog) and dialog.isVisible()  # shown at once
    qtbot.waitUntil(lambda: page.import_result is not None, timeout=30_000)
    box = page.import_result
    assert box.text() == "新增 60 个事项，更新 0 个事项。"
    assert page.import_progress is None
    assert _items(page.ctx.db) == 32 + 60
    # the list is read again, on the runner too
    qtbot.waitUntil(lambda: page.model.rowCount() == 32 + 60, timeout=5_000)
    box.button(QMessageBox.StandardButton.Ok).click()


def test_cancel_stops_the_import_and_nothing_is_imported(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(catalog, "BATCH", 5)
    flush = catalog._Importer.flush

    def slow_flush(self):  # a large file, made slow enough to press 取消 in the middle of it
        time.sleep(0.05)
        flush(self)

    monkeypatch.setattr(catalog._Importer, "flush", slow_flush)
    path = _file(tmp_path, page.ctx.db, 400)
    page.import_path(path)
    dialog = page.import_progress
    qtbot.waitUntil(lambda: "已读" in dialog.labelText() and dialog.value() > 0, timeout=30_000)
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    qtbot.waitUntil(lambda: page.import_result is not None, timeout=30_000)
    assert page.import_result.windowTitle() == "导入已取消"
    assert "没有导入任何内容" in page.import_result.text()
    assert _items(page.ctx.db) == 32


def test_a_refused_file_is_told_with_its_rows(qtbot, page, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"name": "x", "materials": "身份证"}]), encoding="utf-8")
    page.import_path(path)
    qtbot.waitUntil(lambda: page.import_result is not None, timeout=30_000)
    assert page.import_result.windowTitle() == "导入失败"
    assert "第 1 行“materials”" in page.import_result.text()
    assert _items(page.ctx.db) == 32
