"""Property tests over what takes text from a person or a file (hardening issue, fuzzing): the
validators, the catalog importers, the holiday-arrangement reader, the settings loader and the
service entries. The only outcomes allowed are success or the program's own error (a
HallDeskError) naming the field, and after an error nothing is saved.

Bounded for CI: modest max_examples, deadline=None (a database write takes what it takes); the
service entries run on SQLite, the intake decisions also on PostgreSQL. Examples share one
database per test (hence the suppressed health check): each example is its own transaction.
"""

from __future__ import annotations

import io
import json
import string
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app import clock
from app.db import models
from app.domain import validation
from app.domain.codes import CalendarDayKind, IdType, Role
from app.domain.text import check_organisation_name, check_person_name, check_text
from app.errors import HallDeskError, SettingsError, ValidationError
from app.services import admin, calendar, catalog, departments, intake, queue
from app.services.applicants import ApplicantInput, check_applicant
from app.services.catalog import CatalogImportError
from app.services.context import Actor
from app.services.intake import IntakeInput
from app.settings import load_settings
from tests.intake_helpers import GOOD_ID, every_material_received

QUICK = settings(max_examples=150, deadline=None)
SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# What people and files bring in: invisible and direction characters, NUL and lone surrogates,
# emoji, digits of other scripts and by compatibility, rare ideographs, and plain text.
NASTY = [
    "\x00", "\x07", "\x1b", "\n", "\r", "\t", "\u0085", "\u00ad", "\u200b", "\u200d", "\u200e",
    "\u202e", "\u2066", "\u2069", "\ufeff", "\ud800", "\udfff", "\uffff", "\ufdd0", "\ue000",
    "\U000e0041", "😀", "❤\ufe0f", "²", "①", "٣", "۳", "३", "፪", "𝟐", "Ⅹ", "·", "・", "𠀀",
    "\U00031350", "０", "１", "X", "x", "1", "3", "8", "-", " ", "\u3000", "'", '"', "%", "_",
    "\\", "<", "张", "三", "a", "Z",
]  # fmt: skip
texts = st.one_of(
    st.text(alphabet="张三李四临江市人民路号补交材料 abc", min_size=1, max_size=20),  # plain
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(NASTY), st.characters()), max_size=60).map("".join),
    st.builds(lambda c, n: c * n, st.sampled_from(["长", "a", "1", " "]), st.integers(0, 2100)),
)
maybe_texts = st.one_of(st.none(), texts)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ADMIN = Actor(1, "admin", Role.ADMIN, "pc-admin")
DEMO_ITEMS = (
    Path(__file__).resolve().parents[2] / "resources" / "demo" / "service_items.json"
).read_text("utf-8")


def own_error_or(fn, *fields: str):
    """fn's result, or the program's own error with a message and a field (one of `fields`)."""
    try:
        return fn()
    except HallDeskError as error:
        assert error.message.strip()
        assert error.field, f"no field named: {error.message}"
        if fields:
            assert error.field in fields, (error.field, error.message)
        return error


def clean(value: str | None) -> bool:
    """No character a database would store differently, or that no field takes."""
    return value is None or not any(
        c in "\x00\u200b\u202e\u2066\ufeff" or "\ud800" <= c <= "\udfff" for c in value
    )


def length(column) -> int:
    return column.type.length


# --------------------------------------------------------------------------- validators


@QUICK
@given(st.sampled_from(list(IdType)), texts)
def test_id_numbers(id_type, value):
    checked = own_error_or(lambda: validation.validate_id(id_type, value, field="id"), "id")
    if not isinstance(checked, HallDeskError):
        assert checked.number.isprintable() and len(checked.number) <= 64
        assert all(not c.isdigit() or c in string.digits for c in checked.number)


@QUICK
@given(texts)
def test_numbers(value):
    for fn, field in (
        (validation.validate_postcode, "postcode"),
        (validation.normalize_mobile, "mobile"),
        (validation.normalize_landline, "phone"),
        (validation.validate_uscc, "id_number"),
    ):
        result = own_error_or(lambda fn=fn: fn(value), field)
        if isinstance(result, str):
            assert result.isascii() and result.isprintable() and len(result) <= 32


@QUICK
@given(texts, st.integers(1, 300), st.booleans())
def test_names_and_free_text(value, limit, multiline):
    for fn in (check_person_name, check_organisation_name):
        name = own_error_or(lambda fn=fn: fn(value, field="n", label="名称", max_length=limit))
        if isinstance(name, str):
            assert name and clean(name) and len(name) <= limit and name == name.strip()
    text = own_error_or(
        lambda: check_text(value, field="t", label="备注", max_length=limit, multiline=multiline)
    )
    if isinstance(text, str):
        assert clean(text) and len(text) <= limit


@QUICK
@given(
    st.sampled_from(["1", "2", "x"]),
    texts,
    st.sampled_from(["111", "414", "990", "249", "x"]),
    texts,
    texts,
    texts,
    texts,
    texts,
    maybe_texts,
)
def test_the_applicant_form(kind, name, id_type, id_number, mobile, phone, postcode, address, rep):
    data = ApplicantInput(
        kind, name, id_type, id_number, mobile, phone, postcode, address, rep or ""
    )
    checked = own_error_or(lambda: check_applicant(data, date(2026, 12, 4)))
    if isinstance(checked, HallDeskError):
        return
    applicant = models.Applicant
    for field in dataclass_fields(checked):
        value = getattr(checked, field.name)
        if isinstance(value, str):
            assert clean(value)
            column = getattr(applicant, field.name, None)
            if column is not None and getattr(column.type, "length", None):
                assert len(value) <= length(column), field.name


@QUICK
@given(
    st.dictionaries(
        st.sampled_from([k for k, _ in catalog.ITEM_COLUMNS] + ["category", "materials", "x"]),
        json_values,
    )
)
def test_a_catalog_row_is_an_item_or_problems(raw):
    spec, problems = catalog.check_item(raw, {"A": 1, "B": 2}, row=7)
    assert (spec is None) == bool(problems)
    assert all(p.row == 7 and p.message for p in problems)
    if spec is not None:
        for name, limit in catalog.ITEM_LENGTHS.items():
            value = getattr(spec, name, None)
            assert value is None or (len(value) <= limit and clean(value))


@QUICK
@given(texts)
def test_a_holiday_arrangement_file(text):
    own_error_or(lambda: calendar.read_arrangement(text), "file")


@QUICK
@given(st.one_of(texts, st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace"))))
def test_the_settings_file(tmp_path_factory, text):
    path = Path(tmp_path_factory.mktemp("settings")) / "halldesk.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_settings(path, environ={})
    except SettingsError as error:
        assert str(path) in error.message or "设置项" in error.message


@QUICK
@given(
    st.sampled_from(
        ["DATABASE__URL", "HALL__NAME", "HALL__TIMEZONE", "PRINTERS__TICKET_PAPER_MM",
         "STATION__ROLE", "STATION__COUNTER_NUMBER", "DATA_DIR", "NO_SUCH", "HALL__CODE"]
    ),
    texts,
)  # fmt: skip
def test_the_settings_environment(tmp_path_factory, key, value):
    path = Path(tmp_path_factory.mktemp("settings")) / "halldesk.toml"
    path.write_text("", encoding="utf-8")
    try:
        load_settings(path, environ={f"HALLDESK_{key}": value})
    except SettingsError as error:
        assert "HALLDESK" in error.message or "设置项" in error.message


# --------------------------------------------------------------------------- importers


def _catalog_state(db):
    with db.reader() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(table))
            for table in (
                models.ServiceItem,
                models.ServiceItemMaterial,
                models.AuditLog,
                models.Department,
            )
        )


def _imported_or_refused(db, importer, data):
    before = _catalog_state(db)
    try:
        result = importer(db, ADMIN, data)
        event("imported")
        return result
    except CatalogImportError as error:
        event("refused")
        assert error.field == "file" and error.problems
        assert _catalog_state(db) == before  # nothing half-imported
        return error


@SLOW
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.dictionaries(st.sampled_from([k for k, _ in catalog.ITEM_COLUMNS] + ["materials", "category"]), json_values), max_size=4).map(json.dumps),
        st.lists(json_values, max_size=3).map(lambda v: json.dumps(v, ensure_ascii=False)),
    )
)  # fmt: skip
def test_json_imports(sqlite_demo_db, data):
    _imported_or_refused(sqlite_demo_db, catalog.import_json, data)


@SLOW
@given(st.data())
def test_demo_items_with_one_field_changed_import_or_are_refused(sqlite_demo_db, data):
    items = json.loads(DEMO_ITEMS)[:3]  # not the database's: examples must not depend on it
    item = data.draw(st.sampled_from(items))
    key = data.draw(st.sampled_from(sorted(item)))
    item[key] = data.draw(json_values)
    if item["materials"] and isinstance(item["materials"], list) and data.draw(st.booleans()):
        material = item["materials"][0]
        if isinstance(material, dict) and material:  # the drawn value may be [[]] or [None]
            material[data.draw(st.sampled_from(sorted(material)))] = data.draw(json_values)
    payload = json.dumps(items, ensure_ascii=False).encode("utf-8", "surrogatepass")
    _imported_or_refused(sqlite_demo_db, catalog.import_json, payload)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.one_of(st.none(), st.integers(-5, 2000), texts), min_size=1, max_size=16), max_size=3),
    st.lists(st.lists(st.one_of(st.none(), st.integers(-5, 200), texts), min_size=1, max_size=9), max_size=3),
    st.binary(max_size=100),
)  # fmt: skip
def test_xlsx_imports(sqlite_demo_db, item_rows, material_rows, junk):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = catalog.ITEMS_SHEET
    sheet.append([label for _, label in catalog.ITEM_COLUMNS])
    materials = book.create_sheet(catalog.MATERIALS_SHEET)
    materials.append([label for _, label in catalog.MATERIAL_COLUMNS])
    writable = str.maketrans({chr(c): None for c in range(32) if chr(c) not in "\t\n\r"})
    for target, rows in ((sheet, item_rows), (materials, material_rows)):
        for row in rows:
            target.append(
                [
                    v.translate(writable).encode("utf-8", "ignore").decode()
                    if isinstance(v, str)
                    else v
                    for v in row
                ]
            )
    out = io.BytesIO()
    book.save(out)
    _imported_or_refused(sqlite_demo_db, catalog.import_xlsx, out.getvalue())
    _imported_or_refused(sqlite_demo_db, catalog.import_xlsx, junk)


# --------------------------------------------------------------------------- service entries


def _case_state(db):
    with db.reader() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(table))
            for table in (
                models.Case,
                models.CaseMaterial,
                models.CaseEvent,
                models.Applicant,
                models.AuditLog,
                models.OutboxMessage,
            )
        )


def _clerk(db) -> Actor:
    with db.reader() as s:
        user = s.scalars(select(models.User).where(models.User.username == "clerk01")).one()
    return Actor(user.id, user.username, user.role, "pc-fuzz")


def _item_id(db, name: str) -> int:
    return next(i.id for i in catalog.list_items(db) if i.name == name)


PERSON = ApplicantInput(name="张三", id_number=GOOD_ID, mobile="13812345678", address="临江市")
COMPANY = ApplicantInput(
    kind="2", name="临江798文化有限公司", id_type="990", id_number="LJ-1", mobile="13812345678"
)
# One field typed anyhow, the others as a clerk types them: most examples reach the database.
applicants = st.builds(
    lambda base, field, value: ApplicantInput(**{**base.__dict__, field: value}),
    st.sampled_from([PERSON, COMPANY]),
    st.sampled_from(
        ["name", "id_number", "mobile", "phone", "postcode", "address", "legal_representative"]
    ),
    texts,
)


@SLOW
@given(
    applicants, maybe_texts, texts, st.sampled_from(["accept", "supplements", "reject", "on_spot"])
)
def test_intake_decisions(demo_db, applicant, note, reason, decision):
    """On both backends: a NUL anywhere used to fail `intake.accept` on PostgreSQL with a raw
    DataError."""
    db = demo_db
    clerk = _clerk(db)
    item = _item_id(db, "个体工商户设立登记" if decision == "on_spot" else "有限责任公司设立登记")
    materials = list(every_material_received(db, item))
    if decision == "supplements":
        materials[0] = type(materials[0])(
            **{**materials[0].__dict__, "received": False, "count": 0}
        )
    materials[-1] = type(materials[-1])(**{**materials[-1].__dict__, "note": note})
    form = IntakeInput(item, applicant, materials=tuple(materials))
    before = _case_state(db)
    actions = {
        "accept": lambda: intake.accept(db, clerk, form),
        "supplements": lambda: intake.request_supplements(
            db, clerk, form, due_date=clock.today() + timedelta(days=5), note=reason
        ),
        "reject": lambda: intake.reject(db, clerk, form, reason=reason, competent_body=note),
        "on_spot": lambda: intake.complete_on_spot(
            db, clerk, form, certificate_name=reason, certificate_no=note
        ),
    }
    outcome = own_error_or(actions[decision])
    event("refused" if isinstance(outcome, HallDeskError) else "saved")
    if isinstance(outcome, HallDeskError):
        assert _case_state(db) == before
        return
    case = intake.get_case(db, outcome.id)
    assert clean(case.applicant_name) and clean(case.address)
    assert all(clean(m.note) for m in case.materials)


_CASES: dict[str, int] = {}


@SLOW
@given(st.sampled_from(["record_step", "suspend"]), texts, maybe_texts, maybe_texts)
def test_case_changes(sqlite_demo_db, action, first, second, third):
    from tests.intake_helpers import accept_case

    db = sqlite_demo_db
    clerk = _clerk(db)
    if db.url_key not in _CASES:  # one case in progress for the whole test
        accepted = accept_case(db, clerk)
        started = intake.start_processing(
            db, clerk, accepted.id, expected_version=accepted.data_version
        )
        _CASES[db.url_key] = started.id
    case = intake.get_case(db, _CASES[db.url_key])
    before = _case_state(db)
    if action == "record_step":
        call = lambda: intake.record_step(  # noqa: E731
            db, clerk, case.id, expected_version=case.data_version, step_name=first,
            handler=second, opinion=third,
        )  # fmt: skip
    else:
        call = lambda: intake.suspend(  # noqa: E731
            db, clerk, case.id, expected_version=case.data_version, reason=first
        )
    outcome = own_error_or(call)
    if isinstance(outcome, HallDeskError):
        assert _case_state(db) == before
    elif action == "suspend":  # back in progress for the next example
        intake.resume(db, clerk, case.id, expected_version=outcome.data_version)


@SLOW
@given(texts, maybe_texts, maybe_texts, texts, texts, texts)
def test_admin_entries(sqlite_demo_db, name, body, court, full_name, username, day_name):
    db = sqlite_demo_db
    before = _catalog_state(db)
    if isinstance(
        own_error_or(
            lambda: departments.save_department(db, ADMIN, name=name, review_body=body, court=court)
        ),
        HallDeskError,
    ):
        assert _catalog_state(db) == before
    own_error_or(
        lambda: admin.create_user(
            db, ADMIN, username=username, full_name=full_name, role=Role.CLERK,
            password="Halldesk-2026!", staff_no=body,
        )
    )  # fmt: skip
    own_error_or(
        lambda: calendar.save_override(
            db, ADMIN, date(2031, 5, 6), CalendarDayKind.HOLIDAY, day_name
        )
    )


@SLOW
@given(st.data())
def test_catalog_editor(sqlite_demo_db, data):
    db = sqlite_demo_db
    item = catalog.list_items(db)[0]
    spec = catalog.ItemSpec(
        **{
            f.name: getattr(item, f.name)
            for f in dataclass_fields(catalog.ItemSpec)
            if f.name != "materials"
        },
        materials=item.materials,
    )
    key = data.draw(
        st.sampled_from(
            ["name", "basic_code", "fee", "department", "served_objects", "consult_phone"]
        )
    )
    spec = catalog.ItemSpec(**{**spec.__dict__, key: data.draw(texts)})
    if data.draw(st.booleans()):
        first = spec.materials[0]
        material = type(first)(
            **{**first.__dict__, "notes": data.draw(texts), "name": data.draw(texts)}
        )
        spec = catalog.ItemSpec(**{**spec.__dict__, "materials": (material, *spec.materials[1:])})
    before = catalog.get_item(db, item.id)
    if isinstance(own_error_or(lambda: catalog.save_item(db, ADMIN, spec, item.id)), HallDeskError):
        assert catalog.get_item(db, item.id) == before


@SLOW
@given(texts)
def test_pausing_a_window(sqlite_demo_db, reason):
    db = sqlite_demo_db
    clerk = _clerk(db)
    counter = admin.list_counters(db)[0]
    queue.open_counter(db, clerk, counter.id)
    own_error_or(lambda: queue.pause_counter(db, clerk, counter.id, reason))


@pytest.mark.parametrize("value", ["张\x00三", "临江\ud800", "x" * 300])
def test_the_issue_examples_on_both_backends(demo_db, value):
    """The issue's own: each refused with the program's error, nothing saved."""
    db = demo_db
    item = _item_id(db, "有限责任公司设立登记")
    applicant = ApplicantInput(name=value, id_number=GOOD_ID, mobile="13812345678")
    before = _case_state(db)
    with pytest.raises(ValidationError) as info:
        intake.accept(
            db,
            _clerk(db),
            IntakeInput(item, applicant, materials=every_material_received(db, item)),
        )
    assert info.value.field == "applicant_name"
    assert _case_state(db) == before
