"""409 from the online hall, against the simulator over real HTTP on loopback (SQLite and
PostgreSQL): every message ends sent or in front of a manager with the cause in plain words, and
no answer is retried in a loop (the simulator counts the requests)."""

from __future__ import annotations

import httpx
from sqlalchemy import select, update

from app.db.models import Case, OutboxMessage
from app.domain.codes import OutboxStatus
from app.services.forwarding import discard_dead_letter, list_dead_letters
from app.services.outbox import enqueue_case_event
from tests.forwarding.cases import accept, make_case
from tests.forwarding.conftest import Running, make_sender, sim_json, wait_for, wait_rounds
from tests.forwarding.test_sender import MANAGER, outbox, stats, take_cases


def _by_key(db) -> dict[tuple[str, str], OutboxMessage]:
    return {(r.case_no, r.event_type): r for r in outbox(db)}


def _quiet_for(sim, sender, rounds: int = 20) -> int:
    """Requests the simulator got while the sender went `rounds` times round its loop (each
    claiming what is due): 0 when nothing is retried."""
    before = stats(sim)["requests"]
    wait_rounds(sender, rounds)
    return stats(sim)["requests"] - before


def test_after_a_discarded_application_the_next_event_is_a_dead_letter_that_says_why(db, sim):
    with db.session() as s:
        case = make_case(s, 1)
        case.applicant_id_type = "ABC"  # the online hall refuses it: 422, a dead letter
        enqueue_case_event(s, case, "application")
        case_no = case.case_no
        accept(case)
        enqueue_case_event(s, case, "acceptance")
        case.data_version += 1
        enqueue_case_event(s, case, "completion")
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(
            lambda: _by_key(db)[(case_no, "application")].status is OutboxStatus.DEAD,
            what="the application refused",
        )
        application = _by_key(db)[(case_no, "application")]
        discard_dead_letter(db, MANAGER, application.id, "证件类型录错，已作为新办件重新受理")
        wait_for(
            lambda: _by_key(db)[(case_no, "acceptance")].status is OutboxStatus.DEAD,
            what="the acceptance a dead letter",
        )
        # Nothing more goes out for this case until a manager acts: no retry loop.
        assert _quiet_for(sim, sender) == 0
    rows = _by_key(db)
    acceptance = rows[(case_no, "acceptance")]
    assert acceptance.attempts == 1 and acceptance.last_status_code == 409
    assert "unknown_case" in acceptance.last_error
    assert rows[(case_no, "completion")].status is OutboxStatus.PENDING  # held behind it
    assert rows[(case_no, "completion")].attempts == 0
    st = stats(sim)
    assert st["unknown_case"] == 1 and st["requests"] == 2  # the 422 and the 409, nothing else
    (letter,) = list_dead_letters(db)
    assert letter.message_id == acceptance.id and letter.blocked_behind == 1
    assert "申请消息已被放弃" in letter.cause
    assert "证件类型录错" in letter.advice  # the manager's reason for the discard
    assert "放弃本条" in letter.advice and "重发" in letter.advice


def test_the_online_hall_lost_its_state_the_desk_resends_each_case_history(db, sim):
    numbers = take_cases(db, 1, 20, events_per_case=2)
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(lambda: stats(sim)["recorded"] == 40, what="40 events recorded")
        wait_for(lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), what="all sent")
        # One case's application would not pass the online hall's checks any more (its rules
        # changed while it had the case): resending its history cannot make the case known.
        with db.session() as s:
            row = s.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.case_no == numbers[0], OutboxMessage.event_type == "application"
                )
            ).one()
            payload = dict(row.payload)
            payload["data"] = {
                **payload["data"],
                "application": {**payload["data"]["application"], "applicant_id_type": "ABC"},
            }
            s.execute(
                update(OutboxMessage).where(OutboxMessage.id == row.id).values(payload=payload)
            )
        httpx.post(sim.url + "/sim/reset", headers=sim.admin_headers, timeout=5)
        assert stats(sim)["cases"] == 0  # the online hall forgot everything
        for number in numbers:
            with db.session() as s:
                case = s.scalars(select(Case).where(Case.case_no == number)).one()
                case.data_version += 1
                enqueue_case_event(s, case, "completion")
        wait_for(
            lambda: not any(r.status is OutboxStatus.PENDING for r in outbox(db)),
            timeout=30,
            what="every completion sent or a dead letter",
        )
        assert _quiet_for(sim, sender) == 0
    rows = _by_key(db)
    lost = rows[(numbers[0], "completion")]
    assert lost.status is OutboxStatus.DEAD and lost.last_status_code == 409
    assert "invalid_body" in lost.last_error  # what the resend ran into
    assert all(rows[(n, "completion")].status is OutboxStatus.SENT for n in numbers[1:])
    # Each of the 19 others: its completion (409), its application and acceptance again, its
    # completion again — and nothing else. The broken one: 409, its application (422).
    st = stats(sim)
    assert st["requests"] == 19 * 4 + 2
    assert st["unknown_case"] == 20
    cases = {c["case_no"]: c for c in sim_json(sim, "/sim/cases")}
    assert numbers[0] not in cases
    for number in numbers[1:]:
        history = [e["event_type"] for e in cases[number]["events"]]
        assert history == ["application", "acceptance", "completion"]
        keys = [e["idempotency_key"] for e in cases[number]["events"]]
        assert keys == [
            rows[(number, t)].idempotency_key for t in ("application", "acceptance", "completion")
        ]
    (letter,) = list_dead_letters(db)
    assert letter.case_no == numbers[0]
    assert "找不到此办件" in letter.cause and "重新发送了一遍" in letter.advice
