"""The service-item catalog (事项): what the windows read, what the admin edits, import/export.

Codes are strings (formats vary by province). Search matches the name, either code, or the pinyin
initials of the name (`gtgs` finds 个体工商户设立登记). Imports (JSON, XLSX) check every row first
and report each problem by row and column; nothing is written unless the whole file is good.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from os import PathLike
from typing import Any, BinaryIO

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.clock import utcnow
from app.db.engine import Database
from app.db.models import Department, QueueCategory, ServiceItem, ServiceItemMaterial
from app.domain.codes import CaseType, Role
from app.domain.extensions import STATUTORY_EXTENSION_DAYS
from app.domain.pinyin import initials
from app.domain.text import check_text, whole_number
from app.errors import HallDeskError, NotFound, ValidationError
from app.services import audit, departments
from app.services.access import allowed
from app.services.context import Actor

HANDLING_MODES = {"window": "窗口", "web": "网上", "mobile": "移动端", "mail": "邮寄"}
ITEM_TYPES = {
    "00": "行政权力",
    "01": "行政许可",
    "02": "行政处罚",
    "03": "行政强制",
    "04": "行政征收",
    "05": "行政给付",
    "06": "行政检查",
    "07": "行政确认",
    "08": "行政奖励",
    "09": "行政裁决",
    "10": "其他行政权力",
    "20": "公共服务",
}
MAX_LIMIT_DAYS = 999


@dataclass(frozen=True)
class ItemBrief:
    id: int
    name: str
    implementation_code: str
    category_id: int | None


@dataclass(frozen=True)
class MaterialSpec:
    """One material of an item, as the admin edits it and the intake checklist shows it."""

    name: str
    originals: int = 1
    copies: int = 0
    required: bool = True
    electronic_ok: bool = False
    gap_eligible: bool = False  # 可容缺: may be handed in after acceptance (容缺受理)
    requirement: str | None = None
    notes: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class ItemSpec:
    """A service item as the admin edits it (also one row of an import)."""

    implementation_code: str
    basic_code: str
    name: str
    case_type: str  # CaseType value: "1" instant, "2" promised …
    item_type: str = "01"
    category_prefix: str | None = None
    department: str | None = None
    exercise_level: str | None = None
    legal_limit_days: int = 20
    promised_limit_days: int = 20
    # 行政许可法 §42: working days a deadline may be extended by, once (0: no extension allowed)
    extension_limit_days: int = STATUTORY_EXTENSION_DAYS
    fee: str | None = None
    served_objects: str | None = None
    handling_modes: tuple[str, ...] = ("window",)
    consult_phone: str | None = None
    supervise_phone: str | None = None
    active: bool = True
    materials: tuple[MaterialSpec, ...] = ()


@dataclass(frozen=True)
class ItemInfo(ItemSpec):
    id: int = 0
    category_id: int | None = None
    category_name: str | None = None
    pinyin_initials: str = ""

    @property
    def case_type_label(self) -> str:
        return CaseType(self.case_type).label

    @property
    def instant(self) -> bool:
        return self.case_type == CaseType.INSTANT.value


@dataclass(frozen=True)
class ImportProblem:
    """One line of the importer's report on a file (what is wrong where). The report is plain
    Chinese text, as the administrator reads it; unlike refusals it has no message codes yet."""

    row: int  # 1-based: the spreadsheet row, or the item's position in a JSON list
    column: str  # the column heading (XLSX) or field name (JSON)
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = f"“{self.sheet}”表" if self.sheet else ""
        return f"{where}第 {self.row} 行“{self.column}”：{self.message}"


class CatalogImportError(ValidationError):
    """A file with problems; nothing was imported. `problems` lists each by row and column."""

    def __init__(self, problems: Sequence[ImportProblem], *, total: int | None = None):
        total = max(total or 0, len(problems))
        shown = "\n".join(str(p) for p in problems[:20])
        if total > 20:
            super().__init__(
                "catalog.import_problems_more",
                total=total,
                problems=shown,
                more=total - 20,
                field="file",
            )
        else:
            super().__init__("catalog.import_problems", total=total, problems=shown, field="file")
        self.problems = list(problems)  # the first MAX_PROBLEMS_KEPT, by row
        self.total = total


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    codes: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- reading


def _material_spec(m: ServiceItemMaterial) -> MaterialSpec:
    return MaterialSpec(
        name=m.name,
        originals=m.originals,
        copies=m.copies,
        required=m.required,
        electronic_ok=m.electronic_ok,
        gap_eligible=m.gap_eligible,
        requirement=m.requirement,
        notes=m.notes,
        id=m.id,
    )


def _info(item: ServiceItem) -> ItemInfo:
    return ItemInfo(
        id=item.id,
        implementation_code=item.implementation_code,
        basic_code=item.basic_code,
        name=item.name,
        case_type=item.case_type.value,
        item_type=item.item_type,
        category_prefix=item.category.prefix if item.category else None,
        category_id=item.category_id,
        category_name=item.category.name if item.category else None,
        department=item.department,
        exercise_level=item.exercise_level,
        legal_limit_days=item.legal_limit_days,
        promised_limit_days=item.promised_limit_days,
        extension_limit_days=item.extension_limit_days,
        fee=item.fee,
        served_objects=item.served_objects,
        handling_modes=tuple(m for m in (item.handling_modes or "").split(",") if m),
        consult_phone=item.consult_phone,
        supervise_phone=item.supervise_phone,
        active=item.active,
        pinyin_initials=item.pinyin_initials or "",
        materials=tuple(_material_spec(m) for m in item.materials),
    )


def _loaded():
    return select(ServiceItem).options(
        selectinload(ServiceItem.materials), selectinload(ServiceItem.category)
    )


def items_for_category(db: Database, category_id: int) -> list[ItemBrief]:
    with db.reader() as session:
        rows = session.scalars(
            select(ServiceItem)
            .where(ServiceItem.category_id == category_id, ServiceItem.active.is_(True))
            .order_by(ServiceItem.name)
        )
        return [ItemBrief(i.id, i.name, i.implementation_code, i.category_id) for i in rows]


def list_items(db: Database, *, include_inactive: bool = True) -> list[ItemInfo]:
    query = _loaded().order_by(ServiceItem.category_id, ServiceItem.name)
    if not include_inactive:
        query = query.where(ServiceItem.active.is_(True))
    with db.reader() as session:
        return [_info(i) for i in session.scalars(query)]


def get_item(db: Database, item_id: int) -> ItemInfo:
    with db.reader() as session:
        item = session.scalars(_loaded().where(ServiceItem.id == item_id)).one_or_none()
        if item is None:
            raise NotFound("item.not_found_choose_again")
        return _info(item)


def search_items(
    db: Database,
    text: str,
    *,
    categories: Sequence[int] = (),
    include_inactive: bool = False,
    limit: int = 50,
) -> list[ItemInfo]:
    """Items whose name contains `text`, whose codes start with it, or whose pinyin initials
    contain it. Items of `categories` come first, in that order (the ticket's category, then the
    window's own categories), then the rest; within each, matches at the start of the name or
    its initials first, then by pinyin."""
    text = (text or "").strip()
    query = _loaded()
    if text:
        lowered = text.lower()
        query = query.where(
            or_(
                ServiceItem.name.contains(text, autoescape=True),
                ServiceItem.implementation_code.startswith(text.upper(), autoescape=True),
                ServiceItem.basic_code.startswith(text.upper(), autoescape=True),
                ServiceItem.pinyin_initials.contains(lowered, autoescape=True),
            )
        )
    if not include_inactive:
        query = query.where(ServiceItem.active.is_(True))
    with db.reader() as session:
        items = [_info(i) for i in session.scalars(query.limit(500))]

    order: dict[int, int] = {}
    for category in categories:
        order.setdefault(category, len(order))

    def rank(item: ItemInfo) -> tuple[int, int, str, str]:
        same_category = order.get(item.category_id, len(order))
        if not text:
            return (same_category, 0, item.pinyin_initials, item.name)
        lowered = text.lower()
        if item.name.startswith(text) or item.pinyin_initials.startswith(lowered):
            match = 0
        elif item.implementation_code == text.upper():
            match = 0
        else:
            match = 1
        return (same_category, match, item.pinyin_initials, item.name)

    return sorted(items, key=rank)[:limit]


# --------------------------------------------------------------------------- checking


def _length(column: Any) -> int:
    return column.type.length


# Lengths from the columns the values go to, so the checks cannot drift from the schema: a value
# longer than its column is refused by PostgreSQL (a raw DataError) and kept whole by SQLite.
ITEM_LENGTHS = {
    "implementation_code": _length(ServiceItem.implementation_code),
    "basic_code": _length(ServiceItem.basic_code),
    "name": _length(ServiceItem.name),
    "item_type": _length(ServiceItem.item_type),
    "department": min(_length(ServiceItem.department), _length(Department.name)),
    "exercise_level": _length(ServiceItem.exercise_level),
    "fee": _length(ServiceItem.fee),
    "served_objects": _length(ServiceItem.served_objects),
    "consult_phone": _length(ServiceItem.consult_phone),
    "supervise_phone": _length(ServiceItem.supervise_phone),
    "category_prefix": _length(QueueCategory.prefix),
}
MATERIAL_NAME_MAX = _length(ServiceItemMaterial.name)
# requirement and notes are TEXT columns; a notice prints them, and a page holds about this much.
MATERIAL_TEXT_MAX = 2000
MAX_MATERIALS = 200  # per item: more is a broken file, not a checklist a clerk can tick

_OPTIONAL_TEXT = {
    "department": "实施部门",
    "exercise_level": "行使层级",
    "fee": "收费",
    "served_objects": "服务对象",
    "consult_phone": "咨询电话",
    "supervise_phone": "监督电话",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, dict):
        return "对象 { … }"
    if isinstance(value, list | tuple):
        return "列表 [ … ]"
    if isinstance(value, int | float):
        return f"数字 {value}"
    return type(value).__name__


def _shown(value: Any) -> str:
    """A value as a message quotes it: short, and without what cannot be shown."""
    text = str(value)
    text = "".join(c if c.isprintable() else "?" for c in text[:40])
    return text + ("…" if len(str(value)) > 40 else "")


def _text(
    raw: dict[str, Any],
    name: str,
    bad: Callable[[str, str], None],
    *,
    label: str,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str | None:
    """A text field of a row: text, or a number (a spreadsheet cell holding a code), checked by
    app.domain.text (no control or direction characters) and held to its column's length."""
    value = raw.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
        bad(name, f"{label}应是文字，现在是{_kind(value)}")
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        value = str(value)
    try:
        return check_text(
            value,
            field=name,
            label=label,
            max_length=max_length,
            multiline=multiline,
            required=required,
        )
    except ValidationError as error:
        bad(name, error.message if value else f"{label}不能为空")
        return None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if not isinstance(value, str | int | float):
        raise ValueError
    text = str(value).strip().lower()
    if text in ("1", "1.0", "true", "yes", "y", "是", "√", "✓"):
        return True
    if text in ("0", "0.0", "false", "no", "n", "否", "", "none"):
        return False
    raise ValueError


def check_item(
    raw: dict[str, Any],
    categories: dict[str, int],
    *,
    columns: dict[str, str] | None = None,
    row: int = 0,
    sheet: str | None = None,
) -> tuple[ItemSpec | None, list[ImportProblem]]:
    """Turn one raw item (dict of field → value, as a file gives it) into an ItemSpec, or list
    what is wrong, field by field: a wrong type, a value too long for its column, a character no
    field takes. `columns` maps field names to what the user sees (XLSX headings)."""
    columns = columns or {}
    problems: list[ImportProblem] = []

    def bad(name: str, message: str) -> None:
        problems.append(ImportProblem(row, columns.get(name, name), message, sheet))

    if not isinstance(raw, dict):
        bad("事项", f"每个事项应是一个对象 {{ … }}，现在是{_kind(raw)}")
        return None, problems
    values: dict[str, Any] = {}
    for name, label in (
        ("implementation_code", "实施编码"),
        ("basic_code", "基本编码"),
        ("name", "事项名称"),
    ):
        values[name] = _text(
            raw, name, bad, label=label, max_length=ITEM_LENGTHS[name], required=True
        )
    case_type = _text(raw, "case_type", bad, label="办件类型", max_length=2)
    if case_type not in {c.value for c in CaseType} and not any(
        p.column == columns.get("case_type", "case_type") for p in problems
    ):
        bad("case_type", "办件类型应为 1（即办件）、2（承诺件）、3（联办件）或 4（上报件）")
    values["case_type"] = case_type
    item_type = _text(raw, "item_type", bad, label="事项类型", max_length=8) or "01"
    if item_type.isdigit() and len(item_type) == 1:
        item_type = "0" + item_type
    if len(item_type) > ITEM_LENGTHS["item_type"]:
        bad("item_type", "事项类型代码最多 4 位，例如 01（行政许可）、20（公共服务）")
    values["item_type"] = item_type
    category_key = "category_prefix" if "category_prefix" in raw else "category"
    prefix = _text(
        raw, category_key, bad, label="业务类别", max_length=ITEM_LENGTHS["category_prefix"]
    )
    if prefix is not None and prefix.upper() not in categories:
        known = "、".join(sorted(categories)) or "（还没有业务类别）"
        bad("category_prefix", f"业务类别 {prefix} 不存在；现有：{known}")
    values["category_prefix"] = prefix.upper() if prefix else None
    for name, label in (("legal_limit_days", "法定时限"), ("promised_limit_days", "承诺时限")):
        value = raw.get(name)
        try:
            values[name] = whole_number(value if value not in (None, "") else 0, 0, MAX_LIMIT_DAYS)
        except (TypeError, ValueError):
            bad(name, f"{label}应为 0–{MAX_LIMIT_DAYS} 的整数（工作日），现在是“{_shown(value)}”")
    if (
        "legal_limit_days" in values
        and "promised_limit_days" in values
        and values["legal_limit_days"]
        and values["promised_limit_days"] > values["legal_limit_days"]
    ):
        bad("promised_limit_days", "承诺时限不能长于法定时限")
    # Absent (a file from before the field): the statutory 10 days; 0 is a value (no extension).
    extension = raw.get("extension_limit_days")
    try:
        values["extension_limit_days"] = whole_number(
            STATUTORY_EXTENSION_DAYS if extension in (None, "") else extension, 0, MAX_LIMIT_DAYS
        )
    except (TypeError, ValueError):
        bad(
            "extension_limit_days",
            f"可延长时限应为 0–{MAX_LIMIT_DAYS} 的整数（工作日；行政许可法规定为 10，"
            f"法律另有规定的按其规定，0 表示不能延长），现在是“{extension}”",
        )
    values["handling_modes"] = _handling_modes(raw.get("handling_modes"), bad)
    for name, label in _OPTIONAL_TEXT.items():
        values[name] = _text(raw, name, bad, label=label, max_length=ITEM_LENGTHS[name])
    try:
        values["active"] = _bool(raw.get("active", True))
    except ValueError:
        bad("active", "启用应为 是 或 否")
    materials: list[MaterialSpec] = []
    raw_materials = raw.get("materials")
    if raw_materials is None:
        raw_materials = []
    if not isinstance(raw_materials, list | tuple):
        bad("materials", f"材料应是一个列表 [ {{ … }}, … ]，现在是{_kind(raw_materials)}")
        raw_materials = []
    if len(raw_materials) > MAX_MATERIALS:
        bad("materials", f"一个事项最多 {MAX_MATERIALS} 项材料，现在有 {len(raw_materials)} 项")
        raw_materials = []
    for position, material in enumerate(raw_materials, start=1):
        spec, material_problems = check_material(
            material, columns=columns, row=row, sheet=sheet, position=position
        )
        problems += material_problems
        if spec is not None:
            materials.append(spec)
    names = [m.name for m in materials]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        bad("materials", f"材料“{duplicate}”重复出现")
    if problems:
        return None, problems
    return ItemSpec(materials=tuple(materials), **values), []


def _handling_modes(value: Any, bad: Callable[[str, str], None]) -> tuple[str, ...]:
    if value is None or value == "":
        return ("window",)
    if isinstance(value, str):
        parts: list[Any] = value.replace("，", ",").replace("、", ",").split(",")
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        bad(
            "handling_modes",
            f'办理方式应写成 窗口、网上 或列表 ["window", …]，现在是{_kind(value)}',
        )
        return ()
    by_label = {label: code for code, label in HANDLING_MODES.items()}
    modes: list[str] = []
    for mode in parts:
        if not isinstance(mode, str):
            bad("handling_modes", f"办理方式的每一项应是文字，现在有{_kind(mode)}")
            continue
        mode = mode.strip()
        if not mode:
            continue
        code = mode if mode in HANDLING_MODES else by_label.get(mode)
        if code is None:
            bad(
                "handling_modes",
                f"办理方式“{_shown(mode)}”不认识；可写 窗口、网上、移动端、邮寄",
            )
        elif code not in modes:
            modes.append(code)
    return tuple(modes) or ("window",)


_APPLICATION_FORM = ("申请书", "申请表", "登记表", "申领表", "申报表")


def is_application_form(name: str) -> bool:
    """The application form itself (申请书、申请表、登记表 …): never 容缺 (the application is what
    is being accepted). Core materials are the admin's call: only what is marked may be 容缺."""
    return any(word in name for word in _APPLICATION_FORM)


def check_material(
    raw: dict[str, Any],
    *,
    columns: dict[str, str] | None = None,
    row: int = 0,
    sheet: str | None = None,
    position: int | None = None,
) -> tuple[MaterialSpec | None, list[ImportProblem]]:
    columns = columns or {}
    problems: list[ImportProblem] = []
    # In a JSON file a material is addressed inside its item; in XLSX it has its own row.
    prefix = f"materials[{position}]." if position is not None and not sheet else ""

    def bad(name: str, message: str) -> None:
        if position is not None and not sheet:
            message = f"第 {position} 项材料：{message}"
        problems.append(ImportProblem(row, prefix + columns.get(name, name), message, sheet))

    if not isinstance(raw, dict):
        bad("name", f'每项材料应是一个对象 {{ "name": … }}，现在是{_kind(raw)}')
        return None, problems
    name = _text(raw, "name", bad, label="材料名称", max_length=MATERIAL_NAME_MAX, required=True)
    counts = {}
    for key, label in (("originals", "原件份数"), ("copies", "复印件份数")):
        value = raw.get(key, 0)
        try:
            counts[key] = whole_number(value if value not in (None, "") else 0, 0, 99)
        except (TypeError, ValueError):
            bad(key, f"{label}应为 0–99 的整数，现在是“{_shown(value)}”")
    flags = {}
    for key, label, default in (
        ("required", "是否必要", True),
        ("electronic_ok", "可交电子件", False),
        ("gap_eligible", "可容缺", False),
    ):
        try:
            flags[key] = _bool(raw.get(key, default))
        except ValueError:
            bad(key, f"{label}应为 是 或 否")
    texts = {
        key: _text(raw, key, bad, label=label, max_length=MATERIAL_TEXT_MAX, multiline=True)
        for key, label in (("requirement", "要求"), ("notes", "备注"))
    }
    if problems or name is None:
        return None, problems
    if counts["originals"] == 0 and counts["copies"] == 0 and not flags["electronic_ok"]:
        bad("originals", "原件、复印件份数都为 0，又不收电子件：请至少填一种")
        return None, problems
    if flags["gap_eligible"] and is_application_form(name):
        bad("gap_eligible", f"“{name}”是申请书（表），不能容缺：请改为 否")
        return None, problems
    return MaterialSpec(name=name, **texts, **counts, **flags), []


# --------------------------------------------------------------------------- writing

AUDIT_FIELDS = [
    "implementation_code",
    "basic_code",
    "name",
    "case_type",
    "item_type",
    "category_id",
    "department",
    "legal_limit_days",
    "promised_limit_days",
    "extension_limit_days",
    "fee",
    "handling_modes",
    "consult_phone",
    "supervise_phone",
    "active",
]


def _category_ids(session: Session) -> dict[str, int]:
    return {c.prefix: c.id for c in session.scalars(select(QueueCategory))}


def _apply(
    session: Session,
    item: ServiceItem,
    spec: ItemSpec,
    categories: dict[str, int],
    *,
    departments_known: set[str] | None = None,
):
    item.implementation_code = spec.implementation_code
    item.basic_code = spec.basic_code
    item.name = spec.name
    item.pinyin_initials = initials(spec.name)
    item.case_type = CaseType(spec.case_type)
    item.item_type = spec.item_type
    item.category_id = categories[spec.category_prefix] if spec.category_prefix else None
    item.department = spec.department
    if departments_known is None or spec.department not in departments_known:
        departments.ensure(session, spec.department)
        if departments_known is not None and spec.department:
            departments_known.add(spec.department)
    item.exercise_level = spec.exercise_level
    item.legal_limit_days = spec.legal_limit_days
    item.promised_limit_days = spec.promised_limit_days
    item.extension_limit_days = spec.extension_limit_days
    item.fee = spec.fee
    item.served_objects = spec.served_objects
    item.handling_modes = ",".join(spec.handling_modes)
    item.consult_phone = spec.consult_phone
    item.supervise_phone = spec.supervise_phone
    item.active = spec.active
    item.updated_at = utcnow()
    # Keep the rows of materials that stay (matched by id, then by name), so cases that refer to
    # them keep the link; removed ones go (cases keep their own copy of name and requirement).
    existing = list(item.materials)
    by_id = {m.id: m for m in existing}
    by_name = {m.name: m for m in existing}
    kept: list[ServiceItemMaterial] = []
    for position, spec_m in enumerate(spec.materials):
        row = by_id.get(spec_m.id) if spec_m.id else None
        row = row or by_name.get(spec_m.name)
        if row is None or row in kept:
            row = ServiceItemMaterial()
        row.position = position
        row.name = spec_m.name
        row.originals = spec_m.originals
        row.copies = spec_m.copies
        row.required = spec_m.required
        row.electronic_ok = spec_m.electronic_ok
        row.gap_eligible = spec_m.gap_eligible
        row.requirement = spec_m.requirement
        row.notes = spec_m.notes
        kept.append(row)
    item.materials = kept


@allowed(Role.ADMIN)
def save_item(db: Database, actor: Actor, spec: ItemSpec, item_id: int | None = None) -> ItemInfo:
    """Create or change one item with its materials (one transaction, audited)."""
    with db.session() as session:
        categories = _category_ids(session)
        raw = asdict(spec)
        raw["materials"] = [asdict(m) for m in spec.materials]
        checked, problems = check_item(raw, categories)
        if problems:
            first = problems[0]
            is_material = first.column.startswith("materials")
            # The importer's row report is plain text (see ImportProblem), so is its first line here.
            raise ValidationError(
                "catalog.item_problem",
                problem=first.message,
                field="materials" if is_material else first.column,
            )
        assert checked is not None
        # Keep the ids the editor passed in, so materials are matched by id.
        checked = replace(
            checked,
            materials=tuple(
                replace(m, id=original.id)
                for m, original in zip(checked.materials, spec.materials, strict=True)
            ),
        )
        clash = session.scalars(
            select(ServiceItem.id).where(
                ServiceItem.implementation_code == checked.implementation_code
            )
        ).first()
        if clash is not None and clash != item_id:
            raise ValidationError(
                "item.implementation_code_taken",
                implementation_code=checked.implementation_code,
                field="implementation_code",
            )
        if item_id is None:
            item = ServiceItem()
            session.add(item)
            before = None
        else:
            item = session.scalars(_loaded().where(ServiceItem.id == item_id)).one_or_none()
            if item is None:
                raise NotFound("item.not_found_refresh")
            before = audit.snapshot(item, AUDIT_FIELDS) | {"materials": len(item.materials)}
        _apply(session, item, checked, categories)
        session.flush()
        audit.record(
            session,
            actor,
            "service_item.create" if before is None else "service_item.update",
            "service_item",
            item.id,
            before=before,
            after=audit.snapshot(item, AUDIT_FIELDS) | {"materials": len(item.materials)},
        )
        session.flush()
        item_id = item.id
    return get_item(db, item_id)


@allowed(Role.ADMIN)
def set_item_active(db: Database, actor: Actor, item_id: int, active: bool) -> ItemInfo:
    with db.session() as session:
        item = session.get(ServiceItem, item_id)
        if item is None:
            raise NotFound("item.not_found_refresh")
        if item.active != active:
            item.active = active
            item.updated_at = utcnow()
            audit.record(
                session,
                actor,
                "service_item.enable" if active else "service_item.disable",
                "service_item",
                item.id,
                before={"active": not active},
                after={"active": active},
            )
    return get_item(db, item_id)


# --------------------------------------------------------------------------- import and export

ITEM_COLUMNS: list[tuple[str, str]] = [
    ("implementation_code", "实施编码"),
    ("basic_code", "基本编码"),
    ("name", "事项名称"),
    ("category_prefix", "业务类别"),
    ("department", "实施部门"),
    ("item_type", "事项类型"),
    ("exercise_level", "行使层级"),
    ("case_type", "办件类型"),
    ("legal_limit_days", "法定时限（工作日）"),
    ("promised_limit_days", "承诺时限（工作日）"),
    ("extension_limit_days", "可延长时限（工作日）"),
    ("fee", "收费"),
    ("served_objects", "服务对象"),
    ("handling_modes", "办理方式"),
    ("consult_phone", "咨询电话"),
    ("supervise_phone", "监督电话"),
    ("active", "启用"),
]
MATERIAL_COLUMNS: list[tuple[str, str]] = [
    ("implementation_code", "实施编码"),
    ("name", "材料名称"),
    ("originals", "原件份数"),
    ("copies", "复印件份数"),
    ("required", "是否必要"),
    ("electronic_ok", "可交电子件"),
    ("gap_eligible", "可容缺"),
    ("requirement", "要求"),
    ("notes", "备注"),
]
ITEMS_SHEET, MATERIALS_SHEET = "事项", "材料"
# Columns a workbook from an older release lacks: their default applies.
OPTIONAL_COLUMNS = {"gap_eligible", "extension_limit_days"}


def _export_dict(item: ItemInfo) -> dict[str, Any]:
    return {
        "implementation_code": item.implementation_code,
        "basic_code": item.basic_code,
        "name": item.name,
        "category": item.category_prefix,
        "department": item.department,
        "item_type": item.item_type,
        "exercise_level": item.exercise_level,
        "case_type": item.case_type,
        "legal_limit_days": item.legal_limit_days,
        "promised_limit_days": item.promised_limit_days,
        "extension_limit_days": item.extension_limit_days,
        "fee": item.fee,
        "served_objects": item.served_objects,
        "handling_modes": list(item.handling_modes),
        "consult_phone": item.consult_phone,
        "supervise_phone": item.supervise_phone,
        "active": item.active,
        "materials": [
            {
                "name": m.name,
                "originals": m.originals,
                "copies": m.copies,
                "required": m.required,
                "electronic_ok": m.electronic_ok,
                "gap_eligible": m.gap_eligible,
                "requirement": m.requirement,
                "notes": m.notes,
            }
            for m in item.materials
        ],
    }


def export_json(db: Database) -> bytes:
    """The whole catalog in the demo file's format (resources/demo/service_items.json)."""
    items = [_export_dict(i) for i in list_items(db)]
    return json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8")


def export_xlsx(db: Database) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    items_sheet = book.active
    items_sheet.title = ITEMS_SHEET
    items_sheet.append([label for _, label in ITEM_COLUMNS])
    materials_sheet = book.create_sheet(MATERIALS_SHEET)
    materials_sheet.append([label for _, label in MATERIAL_COLUMNS])
    for item in list_items(db):
        data = _export_dict(item)
        data["category_prefix"] = data.pop("category")
        data["handling_modes"] = "、".join(HANDLING_MODES[m] for m in item.handling_modes)
        data["active"] = "是" if item.active else "否"
        items_sheet.append([data[key] for key, _ in ITEM_COLUMNS])
        for m in data["materials"]:
            row = {**m, "implementation_code": item.implementation_code}
            row["required"] = "是" if m["required"] else "否"
            row["electronic_ok"] = "是" if m["electronic_ok"] else "否"
            row["gap_eligible"] = "是" if m["gap_eligible"] else "否"
            materials_sheet.append([row[key] for key, _ in MATERIAL_COLUMNS])
    for sheet in (items_sheet, materials_sheet):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Imports read the file as a stream and write in batches inside one transaction: memory stays
# bounded by a batch (plus a set of the codes seen, to find a code given twice), and a problem
# anywhere, a cancellation or a failure rolls the whole import back: nothing is half-imported.
# Every row is checked even after a problem, so the admin gets the file's problems in one list.
MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_PROBLEMS_KEPT = 500  # listed by row; beyond them only counted
BATCH = 500


class ImportCancelled(HallDeskError):
    """The admin cancelled an import; nothing was imported."""


class ImportProgress:
    """How far an import has come, and whether to stop: written by the thread that imports, read
    by the window's progress dialog (a plain counter it polls; ints and a bool are safe to share
    between threads here). `total` and `done` count bytes of the file (JSON) or rows (XLSX)."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.items = 0
        self.stage = ""
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def check(self) -> None:
        if self.cancelled:
            raise ImportCancelled("catalog.import_cancelled")


Source = bytes | str | PathLike[str] | BinaryIO


def _open_source(data: Source) -> tuple[BinaryIO, int]:
    """A binary stream and its size; a file or stream larger than MAX_IMPORT_BYTES is refused
    before anything is read."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: not text any file can hold
            raise CatalogImportError(
                [ImportProblem(0, "文件", f"第 {exc.start + 1} 个字符是残缺的字符，不能导入")]
            ) from None
    if isinstance(data, bytes | bytearray):
        stream: BinaryIO = io.BytesIO(data)
        size = len(data)
    elif isinstance(data, PathLike):
        try:
            size = os.stat(data).st_size
            stream = open(data, "rb")  # closed by the caller
        except OSError as exc:
            raise CatalogImportError(
                [ImportProblem(0, "文件", f"读不了文件：{exc.strerror or exc}")]
            ) from None
    else:
        stream = data
        position = stream.tell()
        stream.seek(0, os.SEEK_END)
        size = stream.tell() - position
        stream.seek(position)
    if size > MAX_IMPORT_BYTES:
        stream.close()
        raise CatalogImportError(
            [
                ImportProblem(
                    0,
                    "文件",
                    f"文件有 {size / 1024 / 1024:.1f} MB，超过导入上限 "
                    f"{MAX_IMPORT_BYTES // 1024 // 1024} MB（按导出格式约一万八千个事项）。"
                    "一个大厅的事项目录远小于此；请确认选对了文件，或按部门分成几个文件导入",
                )
            ]
        )
    return stream, size


class _Importer:
    """Checks rows as they come and writes the good ones in batches, in the caller's transaction;
    after the first problem it only checks (and the caller rolls back)."""

    def __init__(self, session: Session, progress: ImportProgress):
        self.session = session
        self.progress = progress
        self.categories = _category_ids(session)
        self.departments: set[str] = set()
        self.seen: dict[str, int] = {}
        self.problems: list[ImportProblem] = []
        self.problem_count = 0
        self.batch: list[ItemSpec] = []
        self.created = self.updated = 0

    def problem(self, problem: ImportProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)

    def row(
        self, row: int, raw: Any, sheet: str | None = None, columns: dict[str, str] | None = None
    ) -> None:
        spec, item_problems = check_item(
            raw, self.categories, columns=columns, row=row, sheet=sheet
        )
        for problem in item_problems:
            self.problem(problem)
        self.progress.items += 1
        if spec is None:
            return
        code = spec.implementation_code
        if code in self.seen:
            self.problem(
                ImportProblem(
                    row,
                    (columns or {}).get("implementation_code", "implementation_code"),
                    f"实施编码 {code} 与第 {self.seen[code]} 行重复",
                    sheet,
                )
            )
            return
        self.seen[code] = row
        if self.problem_count:
            return  # the import will be rolled back: keep checking, stop writing
        self.batch.append(spec)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.progress.check()
        if not self.batch or self.problem_count:
            self.batch = []
            return
        session = self.session
        existing = {
            i.implementation_code: i
            for i in session.scalars(
                _loaded().where(
                    ServiceItem.implementation_code.in_([s.implementation_code for s in self.batch])
                )
            )
        }
        for spec in self.batch:
            item = existing.get(spec.implementation_code)
            if item is None:
                item = ServiceItem()
                session.add(item)
                self.created += 1
            else:
                self.updated += 1
            _apply(session, item, spec, self.categories, departments_known=self.departments)
        session.flush()
        session.expunge_all()  # what is written is in the transaction; memory holds one batch
        self.batch = []

    def finish(self, actor: Actor, source: str) -> ImportResult:
        self.flush()
        if self.problem_count:
            raise CatalogImportError(self.problems, total=self.problem_count)
        audit.record(
            self.session,
            actor,
            "catalog.import",
            "service_item",
            None,
            after={"source": source, "created": self.created, "updated": self.updated},
        )
        return ImportResult(self.created, self.updated, tuple(self.seen))


def _json_rows(stream: BinaryIO, progress: ImportProgress):
    """(position, item) for each element of the file's top-level list, read as a stream."""
    import ijson

    head = stream.read(4096)
    stream.seek(0)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")  # a BOM from Windows Notepad is fine
    if not start:
        raise CatalogImportError([ImportProblem(0, "文件", "文件是空的")])
    if not start.startswith(b"["):
        raise CatalogImportError([ImportProblem(0, "文件", "JSON 文件最外层应是事项列表 [ … ]")])
    if head.startswith(b"\xef\xbb\xbf"):
        stream.read(3)
    position = 0
    try:
        for position, raw in enumerate(ijson.items(stream, "item", use_float=True), start=1):
            if position % 64 == 0:
                progress.done = stream.tell()
            yield position, raw
    except ijson.JSONError as exc:
        where = f"（第 {position + 1} 个事项处或之前）"
        raise CatalogImportError(
            [ImportProblem(position + 1, "文件", f"不是有效的 JSON 文件{where}：{exc}")]
        ) from None
    except UnicodeDecodeError:
        raise CatalogImportError(
            [ImportProblem(position + 1, "文件", "文件不是 UTF-8 编码；请另存为 UTF-8 后再导入")]
        ) from None


@allowed(Role.ADMIN)
def import_json(
    db: Database, actor: Actor, data: Source, *, progress: ImportProgress | None = None
) -> ImportResult:
    """A JSON list of items (the export format), as bytes, text, a path or a binary stream.
    All or nothing; `progress` is updated as it goes and can cancel."""
    progress = progress or ImportProgress()
    stream, progress.total = _open_source(data)
    progress.stage = "检查并写入"
    with stream, db.session() as session:
        importer = _Importer(session, progress)
        for row, raw in _json_rows(stream, progress):
            importer.row(row, raw)
        progress.done = progress.total
        return importer.finish(actor, "json")


@allowed(Role.ADMIN)
def import_xlsx(
    db: Database, actor: Actor, data: Source, *, progress: ImportProgress | None = None
) -> ImportResult:
    """A workbook with the sheets 事项 and 材料 (the export format). All or nothing; problems are
    reported by sheet, row and column heading. The workbook is read row by row (openpyxl's
    read-only mode); the materials, which sit on their own sheet, are held checked (small) until
    their items come."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    progress = progress or ImportProgress()
    stream, _size = _open_source(data)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        stream.close()
        raise CatalogImportError(
            [ImportProblem(0, "文件", f"无法读取 Excel 文件（应为 .xlsx）：{_shown(exc)}")]
        ) from None
    try:
        return _import_book(db, actor, book, progress, get_column_letter)
    finally:
        book.close()
        stream.close()


def _import_book(db, actor, book, progress: ImportProgress, get_column_letter) -> ImportResult:
    problems: list[ImportProblem] = []
    for sheet in (ITEMS_SHEET, MATERIALS_SHEET):
        if sheet not in book.sheetnames:
            problems.append(ImportProblem(0, "工作表", f"缺少名为“{sheet}”的工作表", sheet))
    if problems:
        raise CatalogImportError(problems)
    progress.total = sum(book[s].max_row or 0 for s in (ITEMS_SHEET, MATERIALS_SHEET))

    def read(sheet_name: str, columns: list[tuple[str, str]]):
        rows = book[sheet_name].iter_rows(values_only=True)
        try:
            first = next(rows, ())
        except Exception as exc:  # a damaged sheet
            raise CatalogImportError(
                [ImportProblem(1, "文件", f"无法读取 Excel 文件：{_shown(exc)}", sheet_name)]
            ) from None
        header = [str(h).strip() if h is not None else "" for h in first]
        where: dict[str, int] = {}
        labels: dict[str, str] = {}
        for key, label in columns:
            if label in header:
                where[key] = header.index(label)
                labels[key] = f"{label}（{get_column_letter(where[key] + 1)} 列）"
            else:
                labels[key] = label
                if key not in OPTIONAL_COLUMNS:  # added later: files made before lack them
                    problems.append(ImportProblem(1, label, "表头缺少这一列", sheet_name))

        def values():
            number = 1
            try:
                for number, cells in enumerate(rows, start=2):
                    progress.done += 1
                    if number % 256 == 0:
                        progress.check()
                    if cells is None or all(v is None or str(v).strip() == "" for v in cells):
                        continue
                    yield (
                        number,
                        {key: cells[i] if i < len(cells) else None for key, i in where.items()},
                    )
            except HallDeskError:
                raise
            except Exception as exc:  # a damaged sheet: openpyxl reads it only row by row
                raise CatalogImportError(
                    [
                        ImportProblem(
                            number + 1,
                            "文件",
                            f"无法读取 Excel 文件（此行或其后已损坏）：{_shown(exc)}",
                            sheet_name,
                        )
                    ]
                ) from None

        return values(), labels

    item_rows, item_labels = read(ITEMS_SHEET, ITEM_COLUMNS)
    material_rows, material_labels = read(MATERIALS_SHEET, MATERIAL_COLUMNS)
    if problems:
        raise CatalogImportError(problems)
    progress.stage = "检查材料"
    # Materials first (their own sheet): checked now, kept as raw rows of the good ones, by code.
    materials_by_code: dict[str, list[dict[str, Any]]] = {}
    material_rows_of: dict[str, int] = {}
    kept: list[ImportProblem] = []
    kept_count = 0
    for number, raw in material_rows:
        code = _material_code(raw.get("implementation_code"))
        spec, material_problems = check_material(
            raw, columns=material_labels, row=number, sheet=MATERIALS_SHEET
        )
        if code is None:
            material_problems.append(
                ImportProblem(
                    number,
                    material_labels["implementation_code"],
                    "实施编码为空：每行材料要写它所属事项的实施编码",
                    MATERIALS_SHEET,
                )
            )
        kept_count += len(material_problems)
        kept += material_problems[: max(0, MAX_PROBLEMS_KEPT - len(kept))]
        if spec is not None and code:
            materials_by_code.setdefault(code, []).append(asdict(spec))
            material_rows_of.setdefault(code, number)
    progress.stage = "检查并写入"
    with db.session() as session:
        importer = _Importer(session, progress)
        for problem in kept:
            importer.problem(problem)
        importer.problem_count = kept_count
        for number, raw in item_rows:
            raw = dict(raw)
            code = _material_code(raw.get("implementation_code"))
            raw["materials"] = materials_by_code.pop(code or "", [])
            importer.row(number, raw, ITEMS_SHEET, item_labels)
        for code, number in material_rows_of.items():
            if code in materials_by_code:  # not taken by any item row
                importer.problem(
                    ImportProblem(
                        number,
                        material_labels["implementation_code"],
                        f"实施编码 {_shown(code)} 在“事项”表中没有",
                        MATERIALS_SHEET,
                    )
                )
        return importer.finish(actor, "xlsx")


def _material_code(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None or isinstance(value, bool):
        return None
    return str(value).strip() or None
