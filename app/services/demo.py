"""Seed a believable demo hall from the data files under resources/demo/.

Idempotent: a database that already has a hall is left alone. Everything is written in one
transaction, so a failed seed leaves an empty database rather than half a hall.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

import resources
from app.clock import utcnow
from app.db.engine import Database
from app.db.models import (
    Counter,
    CounterCategory,
    Department,
    Hall,
    QueueCategory,
    ServiceItem,
    ServiceItemMaterial,
    User,
    UserCounter,
)
from app.domain.case_numbers import DEFAULT_RULE_NAME
from app.domain.codes import CaseType, CounterState, Role
from app.domain.pinyin import initials
from app.security import hash_password
from app.services import audit, departments
from app.services.access import allowed
from app.services.context import Actor, Unattended

DEMO_DIR = resources.path("demo")


def load_demo_files(directory: Path = DEMO_DIR) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    hall = json.loads((directory / "hall.json").read_text(encoding="utf-8"))
    items = json.loads((directory / "service_items.json").read_text(encoding="utf-8"))
    return hall, items


@allowed(Unattended.PROGRAM, absent=Unattended.PROGRAM)
def seed_demo(db: Database, *, directory: Path = DEMO_DIR, actor: Actor | None = None) -> bool:
    """Load the demo hall. Returns False (and changes nothing) if the database has a hall."""
    data, items = load_demo_files(directory)
    actor = actor or Actor.system()
    now = utcnow()
    with db.session() as session:
        if session.scalars(select(Hall.id)).first() is not None:
            return False
        # A new hall numbers its cases by the default rule unless its data names one.
        hall = Hall(created_at=now, **{"case_number_rule": DEFAULT_RULE_NAME, **data["hall"]})
        session.add(hall)
        session.flush()

        categories: dict[str, QueueCategory] = {}
        for row in data["categories"]:
            row = dict(row)
            row["avg_service_minutes"] = Decimal(str(row["avg_service_minutes"]))
            category = QueueCategory(
                hall_id=hall.id, active=True, priority_enabled=True, number_digits=3, **row
            )
            session.add(category)
            categories[category.prefix] = category
        session.flush()

        counters: dict[int, Counter] = {}
        for row in data["counters"]:
            counter = Counter(
                hall_id=hall.id,
                number=row["number"],
                name=row["name"],
                location=row.get("location"),
                state=CounterState.CLOSED,
                active=True,
                normal_calls_since_priority=0,
            )
            counter.categories = [
                CounterCategory(category=categories[prefix], position=i, weight=1)
                for i, prefix in enumerate(row["categories"])
            ]
            session.add(counter)
            counters[counter.number] = counter
        session.flush()

        password_hash = hash_password(data["password"])
        for row in data["users"]:
            user = User(
                username=row["username"],
                full_name=row["full_name"],
                role=Role(row["role"]),
                staff_no=row.get("staff_no"),
                password_hash=password_hash,
                active=True,
                must_change_password=False,
                failed_logins=0,
                created_at=now,
            )
            session.add(user)
            session.flush()
            for number in row.get("counters", []):
                session.add(UserCounter(user_id=user.id, counter_id=counters[number].id))

        # the departments the items name, with where their decisions can be challenged
        for row in data.get("departments", []):
            session.add(Department(updated_at=now, **row))
        session.flush()
        for row in items:
            departments.ensure(session, row["department"])
            item = ServiceItem(
                basic_code=row["basic_code"],
                implementation_code=row["implementation_code"],
                name=row["name"],
                pinyin_initials=initials(row["name"]),
                category=categories[row["category"]],
                department=row["department"],
                item_type=row["item_type"],
                exercise_level=row["exercise_level"],
                case_type=CaseType(row["case_type"]),
                legal_limit_days=row["legal_limit_days"],
                promised_limit_days=row["promised_limit_days"],
                fee=row["fee"],
                served_objects=row["served_objects"],
                handling_modes=",".join(row["handling_modes"]),
                consult_phone=row["consult_phone"],
                supervise_phone=row["supervise_phone"],
                active=True,
                updated_at=now,
            )
            item.materials = [
                ServiceItemMaterial(position=i, **material)
                for i, material in enumerate(row["materials"])
            ]
            session.add(item)
        session.flush()
        audit.record(
            session,
            actor,
            "demo.seed",
            "hall",
            hall.id,
            after={
                "categories": len(categories),
                "counters": len(counters),
                "users": len(data["users"]),
                "service_items": len(items),
            },
        )
    return True
