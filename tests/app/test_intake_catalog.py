"""The catalog (search, admin edits, JSON/XLSX import and export) and the calendar overrides."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.db.models import AuditLog, ServiceItem
from app.domain.codes import CalendarDayKind, Role
from app.domain.workdays import DueDate, YearSource
from app.errors import NotFound, ValidationError
from app.services import calendar, catalog
from app.services.catalog import CatalogImportError, ItemSpec, MaterialSpec
from app.services.context import Actor

ADMIN = Actor(None, "admin", Role.ADMIN, "pc-admin")


def names(items) -> list[str]:
    return [i.name for i in items]


def test_search_by_pinyin_initials_name_and_code(sqlite_demo_db):
    db = sqlite_demo_db
    assert names(catalog.search_items(db, "gtgs"))[0] == "个体工商户设立登记"
    assert names(catalog.search_items(db, "GTGS"))[0] == "个体工商户设立登记"
    assert "公司注销登记" in names(catalog.search_items(db, "注销"))
    found = catalog.search_items(db, "11330199002573013E4000105001000")
    assert names(found) == ["个体工商户设立登记"]
    assert names(catalog.search_items(db, "000105001"))[0] == "个体工商户设立登记"
    assert catalog.search_items(db, "zzzzqqq") == []


def test_search_puts_the_tickets_category_first(sqlite_demo_db):
    db = sqlite_demo_db
    items = catalog.list_items(db)
    category_b = next(i.category_id for i in items if i.category_prefix == "B")
    results = catalog.search_items(db, "dj", categories=[category_b])  # 登记 everywhere
    assert results[0].category_prefix == "B"


def test_a_walk_in_search_lists_the_windows_own_categories_first_in_its_order(sqlite_demo_db):
    db = sqlite_demo_db
    items = catalog.list_items(db)
    ids = {i.category_prefix: i.category_id for i in items}
    # The 税务 window serves E, then A: its items lead, E before A, then everything else.
    results = catalog.search_items(db, "", categories=[ids["E"], ids["A"]], limit=100)
    prefixes = [r.category_prefix for r in results]
    n_e, n_a = prefixes.count("E"), prefixes.count("A")
    assert n_e and n_a and len(results) == len(items)
    assert prefixes[:n_e] == ["E"] * n_e
    assert prefixes[n_e : n_e + n_a] == ["A"] * n_a
    # Within a category, by pinyin initials.
    initials = [r.pinyin_initials for r in results[:n_e]]
    assert initials == sorted(initials)


def test_admin_edits_an_item_and_its_materials(sqlite_demo_db):
    db = sqlite_demo_db
    item = next(i for i in catalog.list_items(db) if i.name == "公章刻制备案")
    kept = item.materials[0]
    spec = replace(
        item,
        promised_limit_days=0,
        fee="不收费",
        materials=(kept, MaterialSpec(name="新增材料", originals=0, copies=1, required=False)),
    )
    spec = ItemSpec(**{k: getattr(spec, k) for k in ItemSpec.__dataclass_fields__})
    saved = catalog.save_item(db, ADMIN, spec, item.id)
    assert [m.name for m in saved.materials] == [
        kept.name,
        "新增材料",
    ]
    assert saved.materials[0].id == kept.id  # the row stays: cases keep their link
    with db.reader() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.action == "service_item.update")
            )
            == 1
        )


def test_save_item_names_the_bad_field(sqlite_demo_db):
    db = sqlite_demo_db
    spec = ItemSpec(
        implementation_code="X1",
        basic_code="B1",
        name="测试事项",
        case_type="2",
        legal_limit_days=5,
        promised_limit_days=9,
    )
    with pytest.raises(ValidationError) as info:
        catalog.save_item(db, ADMIN, spec)
    assert info.value.field == "promised_limit_days"
    clash = replace(
        spec,
        promised_limit_days=3,
        implementation_code=catalog.list_items(db)[0].implementation_code,
    )
    with pytest.raises(ValidationError) as info:
        catalog.save_item(db, ADMIN, clash)
    assert info.value.field == "implementation_code"
    created = catalog.save_item(db, ADMIN, replace(spec, promised_limit_days=3))
    assert created.pinyin_initials == "cssx"
    assert catalog.set_item_active(db, ADMIN, created.id, False).active is False
    with pytest.raises(NotFound):
        catalog.get_item(db, 999999)


def test_json_round_trip(sqlite_demo_db):
    db = sqlite_demo_db
    data = json.loads(catalog.export_json(db))
    assert len(data) == 32
    data[0]["fee"] = "按规定收费"
    data.append({**data[1], "implementation_code": "NEW-0001", "name": "新事项", "materials": []})
    result = catalog.import_json(db, ADMIN, json.dumps(data, ensure_ascii=False))
    assert (result.created, result.updated) == (1, 32)
    assert catalog.search_items(db, "新事项")[0].implementation_code == "NEW-0001"
    assert next(i for i in catalog.list_items(db) if i.name == data[0]["name"]).fee == "按规定收费"


def test_bad_json_rows_reported_and_nothing_imported(demo_db):
    db = demo_db
    data = json.loads(catalog.export_json(db))
    data[0]["fee"] = "改了"
    data[2]["promised_limit_days"] = "三天"
    data[4]["materials"][1]["copies"] = -1
    data[5]["category"] = "Z"
    with pytest.raises(CatalogImportError) as info:
        catalog.import_json(db, ADMIN, json.dumps(data, ensure_ascii=False))
    problems = [(p.row, p.column) for p in info.value.problems]
    assert problems == [
        (3, "promised_limit_days"),
        (5, "materials[2].copies"),
        (6, "category_prefix"),
    ]
    assert "未导入任何内容" in info.value.message and "三天" in info.value.message
    assert next(i for i in catalog.list_items(db) if i.name == data[0]["name"]).fee != "改了"
    with pytest.raises(CatalogImportError):
        catalog.import_json(db, ADMIN, "{not json")


def test_xlsx_round_trip_and_bad_cells_by_row_and_column(sqlite_demo_db):
    db = sqlite_demo_db
    blob = catalog.export_xlsx(db)
    book = load_workbook(io.BytesIO(blob))
    items, materials = book["事项"], book["材料"]
    assert items.max_row == 33 and items["C2"].value
    assert materials.max_row - 1 == sum(len(i.materials) for i in catalog.list_items(db))
    assert catalog.import_xlsx(db, ADMIN, blob).updated == 32

    items["I4"] = "abc"  # 法定时限 of the item in row 4
    materials["D3"] = "x"  # 复印件份数
    items["A6"] = items["A5"].value  # a duplicate code
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(CatalogImportError) as info:
        catalog.import_xlsx(db, ADMIN, out.getvalue())
    found = {(p.sheet, p.row, p.column.split("（")[0]) for p in info.value.problems}
    assert ("事项", 4, "法定时限") in found
    assert ("材料", 3, "复印件份数") in found
    assert ("事项", 6, "实施编码") in found
    text = info.value.message
    assert "“事项”表第 4 行“法定时限（工作日）（I 列）”" in text
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(ServiceItem)) == 32


def test_calendar_overrides_are_audited_and_used(sqlite_demo_db):
    db = sqlite_demo_db
    status = {s.year: s for s in calendar.calendar_status(db, date(2026, 12, 1))}
    assert status[2026].warning is None and status[2027].warning
    assert calendar.calendar_warnings(db, date(2026, 12, 1))[0].startswith("2027 年")
    calendar.save_override(db, ADMIN, date(2027, 1, 1), CalendarDayKind.HOLIDAY, "元旦")
    calendar.save_override(db, ADMIN, date(2027, 2, 6), "workday", "春节调休")
    # Entering days confirms nothing: the year warns until the admin says it is complete.
    assert calendar.calendar_warnings(db, date(2026, 12, 1))[0].startswith("2027 年")
    status = calendar.confirm_year(db, ADMIN, 2027, "国办发明电〔2026〕X号").status
    assert status.source == YearSource.CONFIRMED and status.override_days == 2
    assert calendar.calendar_warnings(db, date(2026, 12, 1)) == []
    confirmed = {s.year: s for s in calendar.calendar_status(db, date(2026, 12, 1))}[2027]
    assert confirmed.note == "国办发明电〔2026〕X号" and "确认" in confirmed.source_label
    assert calendar.add_working_days(db, date(2026, 12, 31), 1) == DueDate(date(2027, 1, 4))
    with pytest.raises(ValidationError) as info:
        calendar.confirm_year(db, ADMIN, 2028)  # nothing entered for 2028
    assert info.value.field == "year" and "先" in info.value.message
    with pytest.raises(ValidationError):
        calendar.confirm_year(db, ADMIN, 2026)  # the package's year
    calendar.unconfirm_year(db, ADMIN, 2027)
    assert calendar.calendar_warnings(db, date(2026, 12, 1))[0].startswith("2027 年")
    calendar.confirm_year(db, ADMIN, 2027)
    with pytest.raises(ValidationError) as info:
        calendar.save_override(db, ADMIN, date(2027, 1, 5), "workday")
    assert info.value.field == "day" and "星期二" in info.value.message
    assert [o.name for o in calendar.list_overrides(db, 2027)] == ["元旦", "春节调休"]
    calendar.delete_override(db, ADMIN, date(2027, 1, 1))
    with pytest.raises(NotFound):
        calendar.delete_override(db, ADMIN, date(2027, 1, 1))
    with db.reader() as s:
        actions = s.scalars(
            select(AuditLog.action)
            .where(AuditLog.entity.in_(["calendar_override", "calendar_year"]))
            .order_by(AuditLog.id)
        ).all()
    assert actions == [
        "calendar.save_day",
        "calendar.save_day",
        "calendar.confirm_year",
        "calendar.unconfirm_year",
        "calendar.confirm_year",
        "calendar.delete_day",
    ]


def test_a_years_arrangement_is_previewed_then_imported_and_confirmed(sqlite_demo_db):
    db = sqlite_demo_db
    calendar.save_override(db, ADMIN, date(2027, 2, 9), CalendarDayKind.HOLIDAY, "春节")
    arrangement = calendar.read_arrangement(
        "年份 2027\n文号 国办发明电〔2026〕X号\n"
        "2027-02-09 休息 春节\n2027-02-10 休息 春节\n2027-02-20 上班 春节调休\n"
    )
    preview = calendar.preview_arrangement(db, arrangement)
    assert [(p.day.isoformat(), p.change) for p in preview] == [
        ("2027-02-09", "不变"),
        ("2027-02-10", "新增"),
        ("2027-02-20", "新增"),
    ]
    assert len(calendar.list_overrides(db, 2027)) == 1  # a preview writes nothing

    confirmed = calendar.import_arrangement(db, ADMIN, arrangement, confirm=True)
    assert confirmed is not None and confirmed.status.note == "国办发明电〔2026〕X号"
    assert [o.day.isoformat() for o in calendar.list_overrides(db, 2027)] == [
        "2027-02-09",
        "2027-02-10",
        "2027-02-20",
    ]
    assert calendar.calendar_warnings(db, date(2026, 12, 1)) == []
    with db.reader() as s:
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.action.like("calendar.%")).order_by(AuditLog.id)
        ).all()
    assert actions == [
        "calendar.save_day",  # entered by hand before
        "calendar.save_day",
        "calendar.save_day",  # the two new days of the file; the unchanged one is not rewritten
        "calendar.import_year",
        "calendar.confirm_year",
    ]

    with pytest.raises(ValidationError) as error:
        calendar.read_arrangement("年份 2027\n2027-02-09 上班")
    assert error.value.field == "file" and "第 2 行" in error.value.message
    with pytest.raises(ValidationError):
        calendar.import_arrangement(
            db, ADMIN, calendar.read_arrangement("2026-10-09 休息 国庆"), confirm=False
        )
