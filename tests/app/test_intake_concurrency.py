"""Several PCs taking in cases at the same instant never share a case number (both backends).

Each thread opens its own engine (its own connections, as a separate PC would) and accepts cases
as fast as it can; a barrier starts them together."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from app.db.engine import open_database
from app.db.models import Case, DailySequence, ServiceItem, User
from app.domain.codes import Role
from app.services import intake
from app.services.applicants import ApplicantInput
from app.services.context import Actor
from app.services.intake import IntakeInput
from tests.intake_helpers import every_material_received

PCS, PER_PC = 6, 12
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_concurrent_intakes_never_share_a_case_number(demo_db, db_url):
    with demo_db.reader() as s:
        item_id = s.scalars(select(ServiceItem.id).where(ServiceItem.name == "食品经营许可")).one()
        users = s.scalars(select(User).where(User.role == Role.CLERK).limit(PCS)).all()
        actors = [Actor(u.id, u.username, Role.CLERK, f"pc-{i}") for i, u in enumerate(users)]
    materials = every_material_received(demo_db, item_id)
    ids = ["11010519491231002X", "110101198001010010", "310101199001010012"]
    barrier = threading.Barrier(PCS)
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def pc(index: int) -> None:
        db = open_database(db_url)
        try:
            barrier.wait()
            numbers = []
            for n in range(PER_PC):
                data = IntakeInput(
                    item_id,
                    ApplicantInput(
                        name="张三", id_number=ids[(index + n) % 3], mobile="13812345678"
                    ),
                    materials=materials,
                )
                numbers.append(intake.accept(db, actors[index], data, now=NOW).case_no)
            results[index] = numbers
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=pc, args=(i,)) for i in range(PCS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors
    numbers = [n for batch in results.values() for n in batch]
    assert len(numbers) == PCS * PER_PC == len(set(numbers))
    sequences = sorted(int(n[-4:]) for n in numbers)
    assert sequences == list(range(1, PCS * PER_PC + 1)), "numbers must be gap-free"
    assert {n[:14] for n in numbers} == {"33019920260302"}
    with demo_db.reader() as s:
        assert s.scalar(select(DailySequence.last_value)) == PCS * PER_PC
        assert len(s.scalars(select(Case.case_no)).all()) == PCS * PER_PC
