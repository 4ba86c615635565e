"""Catalog imports take whatever a file holds (the hardening issue's point 3): wrong types, values
longer than their columns, NUL, a file too large, a cancelled import. Each ends imported in full
or refused by row and field with nothing written, alike on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.db.models import AuditLog, ServiceItem, ServiceItemMaterial
from app.domain.codes import Role
from app.services import catalog
from app.services.catalog import CatalogImportError, ImportCancelled, ImportProgress
from app.services.context import Actor

ADMIN = Actor(1, "admin", Role.ADMIN, "pc-admin")


def _state(db) -> tuple[int, int, int, str]:
    with db.reader() as s:
        return (
            s.scalar(select(func.count()).select_from(ServiceItem)),
            s.scalar(select(func.count()).select_from(ServiceItemMaterial)),
            s.scalar(select(func.count()).select_from(AuditLog)),
            s.scalar(select(ServiceItem.fee).order_by(ServiceItem.id).limit(1)),
        )


def _exported(db) -> list[dict]:
    return json.loads(catalog.export_json(db))


def _refused(db, data) -> list[tuple[int, str]]:
    before = _state(db)
    with pytest.raises(CatalogImportError) as info:
        catalog.import_json(db, ADMIN, data)
    assert _state(db) == before
    assert "未导入任何内容" in info.value.message
    return [(p.row, p.column) for p in info.value.problems]


def test_wrong_types_are_problems_by_row_and_field(demo_db):
    data = _exported(demo_db)
    data[0]["fee"] = "改了"  # a good change, not written either
    data[1]["materials"] = "身份证、户口簿"
    data[2]["materials"] = ["身份证", "户口簿"]
    data[3]["handling_modes"] = 3
    data[4]["name"] = {"zh": "名称"}
    data[5]["legal_limit_days"] = [20]
    data[6]["handling_modes"] = ["窗口", 7]
    data[7]["active"] = {"yes": True}
    data[8]["materials"][0]["requirement"] = ["A4"]
    data[9] = "not an item"
    assert _refused(demo_db, json.dumps(data, ensure_ascii=False)) == [
        (2, "materials"),
        (3, "materials[1].name"),
        (3, "materials[2].name"),
        (4, "handling_modes"),
        (5, "name"),
        (6, "legal_limit_days"),
        (7, "handling_modes"),
        (8, "active"),
        (9, "materials[1].requirement"),
        (10, "事项"),
    ]


def test_values_longer_than_their_columns_and_nul_are_problems_on_both_backends(demo_db):
    data = _exported(demo_db)
    data[0]["name"] = "长" * 256
    data[1]["implementation_code"] = "X" * 65
    data[2]["served_objects"] = "自然人" * 30
    data[3]["department"] = "局" * 129
    data[4]["fee"] = "不收\x00费"
    data[5]["materials"][0]["name"] = "材" * 256
    data[6]["materials"][0]["notes"] = "注" * 2001
    data[7]["consult_phone"] = "0571\u202e-1234"
    data[8]["exercise_level"] = "123"
    problems = _refused(demo_db, json.dumps(data, ensure_ascii=False))
    assert problems == [
        (1, "name"),
        (2, "implementation_code"),
        (3, "served_objects"),
        (4, "department"),
        (5, "fee"),
        (6, "materials[1].name"),
        (7, "materials[1].notes"),
        (8, "consult_phone"),
        (9, "exercise_level"),
    ]


def test_lengths_come_from_the_columns():
    assert catalog.ITEM_LENGTHS["name"] == ServiceItem.__table__.c.name.type.length
    assert catalog.ITEM_LENGTHS["served_objects"] == 64
    assert catalog.MATERIAL_NAME_MAX == ServiceItemMaterial.__table__.c.name.type.length


def test_a_file_over_the_limit_is_refused_before_it_is_read(sqlite_demo_db, monkeypatch, tmp_path):
    monkeypatch.setattr(catalog, "MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_bytes(catalog.export_json(sqlite_demo_db))
    for data in (path, path.read_bytes()):
        with pytest.raises(CatalogImportError) as info:
            catalog.import_json(sqlite_demo_db, ADMIN, data)
        assert "超过导入上限" in info.value.message


def test_a_path_a_stream_and_a_bom_are_taken(sqlite_demo_db, tmp_path):
    data = catalog.export_json(sqlite_demo_db)
    path = tmp_path / "catalog.json"
    path.write_bytes(b"\xef\xbb\xbf" + data)  # saved by Windows Notepad
    assert catalog.import_json(sqlite_demo_db, ADMIN, path).updated == 32
    assert catalog.import_json(sqlite_demo_db, ADMIN, io.BytesIO(data)).updated == 32


@pytest.mark.parametrize(
    "data,says",
    [
        (b"", "空"),
        (b'{"a": 1}', "最外层"),
        (b"[{", "不是有效的 JSON"),
        (b'[{"name": "x"}, ', "不是有效的 JSON"),
        (b"[\xff\xfe]", "JSON"),
        (b"[" + b"[" * 5000 + b"]" * 5000 + b"]", "事项"),
    ],
)
def test_broken_files_say_what_is_wrong(sqlite_demo_db, data, says):
    before = _state(sqlite_demo_db)
    with pytest.raises(CatalogImportError) as info:
        catalog.import_json(sqlite_demo_db, ADMIN, data)
    assert says in info.value.message
    assert _state(sqlite_demo_db) == before


def test_a_cancelled_import_takes_back_what_it_had_written(demo_db, monkeypatch):
    monkeypatch.setattr(catalog, "BATCH", 5)
    data = _exported(demo_db)
    new = [
        {**data[i % 32], "implementation_code": f"NEW-{i:04d}", "name": f"新事项{i}"}
        for i in range(40)
    ]

    class CancelAfterTwoBatches(ImportProgress):
        checks = 0

        def check(self) -> None:
            self.checks += 1
            if self.checks == 3:
                self.cancel()
            super().check()

    progress = CancelAfterTwoBatches()
    before = _state(demo_db)
    with pytest.raises(ImportCancelled):
        catalog.import_json(demo_db, ADMIN, json.dumps(new, ensure_ascii=False), progress=progress)
    assert progress.items >= 10  # two batches were written inside the transaction, then undone
    assert _state(demo_db) == before
    progress = ImportProgress()
    result = catalog.import_json(demo_db, ADMIN, json.dumps(new), progress=progress)
    assert (result.created, progress.items, progress.done) == (40, 40, progress.total)


def test_problems_are_counted_past_the_ones_listed(sqlite_demo_db, monkeypatch):
    monkeypatch.setattr(catalog, "MAX_PROBLEMS_KEPT", 3)
    data = [{"name": "x"}] * 10
    with pytest.raises(CatalogImportError) as info:
        catalog.import_json(sqlite_demo_db, ADMIN, json.dumps(data))
    assert len(info.value.problems) == 3 and info.value.total > 10


def test_xlsx_wrong_cells_and_orphan_materials(demo_db):
    book = load_workbook(io.BytesIO(catalog.export_xlsx(demo_db)))
    items, materials = book["事项"], book["材料"]

    def column(sheet, label: str) -> str:  # by header, not position: columns get added
        from openpyxl.utils import get_column_letter

        headers = [cell.value for cell in sheet[1]]
        return get_column_letter(headers.index(label) + 1)

    items[f"{column(items, '事项名称')}2"] = "名" * 256
    items[f"{column(items, '办理方式')}3"] = 5  # as a number
    materials[f"{column(materials, '材料名称')}2"] = "料\u202e"  # a right-to-left override
    orphan = {"实施编码": "NO-SUCH-CODE", "材料名称": "孤儿材料", "原件份数": 1, "复印件份数": 0}
    orphan |= {"是否必要": "是", "可交电子件": "否", "可容缺": "否"}
    materials.append([orphan.get(cell.value) for cell in materials[1]])
    out = io.BytesIO()
    book.save(out)
    before = _state(demo_db)
    with pytest.raises(CatalogImportError) as info:
        catalog.import_xlsx(demo_db, ADMIN, out.getvalue())
    found = {(p.sheet, p.row, p.column.split("（")[0]) for p in info.value.problems}
    assert ("事项", 2, "事项名称") in found
    assert ("事项", 3, "办理方式") in found
    assert ("材料", 2, "材料名称") in found
    assert ("材料", materials.max_row, "实施编码") in found
    assert _state(demo_db) == before
    with pytest.raises(CatalogImportError) as info:
        catalog.import_xlsx(demo_db, ADMIN, b"PK\x03\x04 not a workbook")
    assert "无法读取 Excel 文件" in info.value.message
