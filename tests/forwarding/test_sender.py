"""The sender against the simulator over real HTTP on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
from sqlalchemy import select, update

from app.clock import utcnow
from app.db.models import ForwardingNode, OnlineChange, OutboxMessage
from app.domain.codes import OutboxStatus, Role
from app.domain.outbox import LineState
from app.forwarding.signing import sign_request
from app.services.context import Actor
from app.services.forwarding import discard_dead_letter, request_resume
from app.services.outbox import enqueue_case_event
from tests.forwarding.cases import accept, make_case
from tests.forwarding.conftest import (
    Running,
    credentials,
    make_sender,
    sim_json,
    wait_for,
    wait_rounds,
)

MANAGER = Actor(user_id=None, username="manager", role=Role.MANAGER, host="test-pc")


def take_cases(db, first: int, count: int, *, events_per_case: int = 3) -> list[str]:
    """Cases as intake would write them: each change with its outbox message, one transaction."""
    numbers = []
    for n in range(first, first + count):
        with db.session() as s:
            case = make_case(s, n)
            enqueue_case_event(s, case, "application")
            numbers.append(case.case_no)
        if events_per_case >= 2:
            with db.session() as s:
                case = s.scalars(select(type(case)).where(type(case).case_no == numbers[-1])).one()
                accept(case)
                enqueue_case_event(s, case, "acceptance")
        for _ in range(events_per_case - 2):
            with db.session() as s:
                case = s.scalars(select(type(case)).where(type(case).case_no == numbers[-1])).one()
                case.data_version += 1
                enqueue_case_event(s, case, "completion")
    return numbers


def outbox(db) -> list[OutboxMessage]:
    with db.reader() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def stats(sim):
    return sim_json(sim, "/sim/stats")


def assert_delivered_once_in_order(db, sim) -> None:
    rows = outbox(db)
    assert all(r.status is OutboxStatus.SENT for r in rows), [
        (r.id, r.status, r.last_error) for r in rows if r.status is not OutboxStatus.SENT
    ]
    st = stats(sim)
    assert st["duplicates"] == 0
    assert st["recorded"] == st["keys"] == len(rows)  # each idempotency key recorded once
    expected: dict[str, list[str]] = {}
    for r in rows:
        expected.setdefault(r.case_no, []).append(r.idempotency_key)
    received = {
        c["case_no"]: [e["idempotency_key"] for e in c["events"]]
        for c in sim_json(sim, "/sim/cases")
    }
    assert received == expected  # order per case kept


def test_happy_path(db, sim):
    take_cases(db, 1, 6)
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(lambda: stats(sim)["recorded"] == 18, what="18 events recorded")
        wait_for(
            lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), what="all marked sent"
        )
        wait_for(lambda: sender.state is LineState.ONLINE)
    assert_delivered_once_in_order(db, sim)
    rows = outbox(db)
    assert all(r.attempts == 1 and r.last_status_code == 201 for r in rows)
    assert all(r.claimed_by is None for r in rows)
    case = sim_json(sim, "/sim/cases")[0]
    assert case["snapshot"]["application"]["applicant_id_type"] == "111"
    with db.reader() as s:
        node = s.get(ForwardingNode, "test-sender")
        assert node.state == LineState.ENDED.value  # it said so when it stopped


def test_outage_with_cases_taken_meanwhile_then_recovery(db, sim):
    take_cases(db, 1, 3)
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(lambda: stats(sim)["recorded"] == 9, what="first cases delivered")
        sim.set_faults(down_for_seconds=2.0)
        take_cases(db, 100, 5)  # the windows work on during the outage
        wait_for(lambda: sender.state is LineState.OFFLINE, what="the sender noticed the outage")
        with db.reader() as s:
            node = s.get(ForwardingNode, "test-sender")
        wait_for(lambda: _node_state(db) == LineState.OFFLINE.value, what="offline status row")
        # Answers lost after storing, on top: the resend must be answered from the idempotency store.
        sim.set_faults(drop_after_store_rate=0.3)
        take_cases(db, 200, 4)
        wait_for(lambda: stats(sim)["recorded"] == 36, timeout=30, what="all 36 events recorded")
        wait_for(lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), what="all sent")
        assert sender.state is LineState.ONLINE
    assert node is not None
    st = stats(sim)
    assert st["dropped"] > 0
    assert_delivered_once_in_order(db, sim)
    # During the outage the sender probed one message at a time instead of hammering.
    assert st["dropped"] < 60


def _node_state(db) -> str | None:
    with db.reader() as s:
        node = s.get(ForwardingNode, "test-sender")
        return node.state if node else None


def test_clock_skew_stops_and_alerts_then_resumes(db, sim):
    take_cases(db, 1, 2, events_per_case=1)
    skew = {"offset": timedelta(minutes=10)}
    sender = make_sender(db, sim, clock=lambda: utcnow() + skew["offset"])
    with Running(sender):
        wait_for(lambda: sender.state is LineState.STOPPED, what="stopped on 401")
        wait_for(lambda: _node_state(db) == LineState.STOPPED.value, what="alert in the status row")
        wait_rounds(sender)  # stopped: its rounds claim nothing
        rows = outbox(db)
        assert all(r.status is OutboxStatus.PENDING for r in rows)
        refused = [r for r in rows if r.last_status_code == 401]
        assert len(refused) == 1  # stopped at the first refusal, nothing else tried
        assert "stale_timestamp" in refused[0].last_error
        assert stats(sim)["refused_auth"] == 1
        with db.reader() as s:
            assert "stale_timestamp" in s.get(ForwardingNode, "test-sender").detail
        # The clock is fixed; a manager asks to resume.
        skew["offset"] = timedelta(0)
        assert request_resume(db, MANAGER) == 1
        wait_for(
            lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), what="sent after resume"
        )
        assert sender.state is LineState.ONLINE
    assert_delivered_once_in_order(db, sim)


def test_bad_body_is_a_dead_letter_that_blocks_its_case_until_discarded(db, sim):
    with db.session() as s:
        bad = make_case(s, 1)
        bad.applicant_id_type = "ABC"  # not a GB/T 39046 ID type code
        enqueue_case_event(s, bad, "application")
        bad_no = bad.case_no
    with db.session() as s:
        bad = s.scalars(select(type(bad)).where(type(bad).case_no == bad_no)).one()
        accept(bad)
        enqueue_case_event(s, bad, "acceptance")
    good = take_cases(db, 2, 1, events_per_case=2)
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(lambda: stats(sim)["recorded"] == 2, what="the good case")
        wait_for(lambda: any(r.status is OutboxStatus.DEAD for r in outbox(db)), what="dead letter")
        wait_rounds(sender)  # the message behind it is not claimed
        rows = {(r.case_no, r.event_type): r for r in outbox(db)}
        dead = rows[(bad_no, "application")]
        assert dead.status is OutboxStatus.DEAD
        assert dead.last_status_code == 422 and "applicant_id_type" in dead.last_error
        behind = rows[(bad_no, "acceptance")]
        assert behind.status is OutboxStatus.PENDING and behind.attempts == 0  # held in order
        assert rows[(good[0], "acceptance")].status is OutboxStatus.SENT
        discard_dead_letter(db, MANAGER, dead.id, "申请人证件类型录错，已重新受理")
        # The acceptance now goes; the online hall has no application for it and the desk has
        # none to resend: a dead letter at once (tests/forwarding/test_conflicts.py has more).
        wait_for(
            lambda: [r for r in outbox(db) if r.id == behind.id][0].status is OutboxStatus.DEAD,
            what="acceptance tried after the discard",
        )
    assert stats(sim)["unknown_case"] == 1


def test_429_with_retry_after_is_honoured(db, sim):
    take_cases(db, 1, 1, events_per_case=1)
    sim.set_faults(burst_errors=1, error_status=429, retry_after_seconds=1)
    sender = make_sender(db, sim)
    started = utcnow()
    with Running(sender):
        row = wait_for(
            lambda: [r for r in outbox(db) if r.status is OutboxStatus.SENT], what="sent"
        )[0]
    assert row.attempts == 2
    assert (row.sent_at - started).total_seconds() >= 1.0
    assert stats(sim)["faults_served"] == 1


def test_5xx_bursts_back_off_and_deliver(db, sim):
    take_cases(db, 1, 8, events_per_case=2)
    sim.set_faults(burst_errors=12, error_status=503)
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(
            lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), timeout=30, what="sent"
        )
        sim.set_faults(error_rate=0.3)  # then a flaky stretch
        take_cases(db, 50, 8, events_per_case=2)
        wait_for(
            lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), timeout=30, what="sent"
        )
    assert_delivered_once_in_order(db, sim)
    assert stats(sim)["faults_served"] >= 12
    assert max(r.attempts for r in outbox(db)) > 1


def test_replayed_request_same_nonce_is_refused(sim):
    body = b'{"x":1}'
    headers = sign_request(credentials(), "GET", "/v1/changes?after=0&limit=10", b"", utcnow())
    first = httpx.get(sim.url + "/v1/changes?after=0&limit=10", headers=headers)
    assert first.status_code == 200
    again = httpx.get(sim.url + "/v1/changes?after=0&limit=10", headers=headers)
    assert again.status_code == 401 and again.json()["code"] == "nonce_reused"
    # A wrong secret, and a body changed after signing, are refused too.
    headers = sign_request(credentials(b"wrong"), "POST", "/v1/case-events", body, utcnow())
    assert (
        httpx.post(sim.url + "/v1/case-events", content=body, headers=headers).json()["code"]
        == "bad_signature"
    )
    headers = sign_request(credentials(), "POST", "/v1/case-events", body, utcnow())
    tampered = httpx.post(sim.url + "/v1/case-events", content=b'{"x":2}', headers=headers)
    assert tampered.status_code == 401 and tampered.json()["code"] == "bad_signature"


def test_two_senders_share_the_work_without_duplicates(db, sim):
    take_cases(db, 1, 20)
    sim.set_faults(latency_ms=5)
    a = make_sender(db, sim, name="sender-a")
    b = make_sender(db, sim, name="sender-b")
    with Running(a), Running(b):
        wait_for(
            lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), timeout=30, what="sent"
        )
    assert a.sent_total > 0 and b.sent_total > 0
    assert a.sent_total + b.sent_total == 60
    assert stats(sim)["replayed"] == 0
    assert_delivered_once_in_order(db, sim)


def test_backoff_is_persisted_on_the_row(db, sim):
    take_cases(db, 1, 1, events_per_case=1)
    sim.set_faults(burst_errors=1, error_status=500)
    sender = make_sender(
        db, sim, backoff_base_seconds=5, backoff_cap_seconds=5, offline_after_failures=5
    )
    stop = threading.Event()
    thread = threading.Thread(target=sender.run, args=(stop,))
    thread.start()
    try:
        row = wait_for(lambda: [r for r in outbox(db) if r.attempts == 1], what="first attempt")[0]
    finally:
        stop.set()
        thread.join()
        sender.client.close()
    assert row.status is OutboxStatus.PENDING and row.last_status_code == 500
    assert row.next_attempt_at > row.created_at  # a restart resumes from here
    assert row.claimed_by is None  # the stopping sender freed its lease


def test_changes_made_online_are_fetched_once(db, sim):
    numbers = take_cases(db, 1, 1, events_per_case=1)
    for kind in ("supplement_uploaded", "completed_online"):
        httpx.post(
            sim.url + "/sim/online-changes",
            json={"case_no": numbers[0], "kind": kind, "payload": {"by": "申请人"}},
            headers=sim.admin_headers,
        )
    sender = make_sender(db, sim, fetch_changes_seconds=0.1)
    with Running(sender):
        wait_for(lambda: _changes(db) == 2, what="two changes fetched")
        httpx.post(
            sim.url + "/sim/online-changes",
            json={"case_no": numbers[0], "kind": "rated_online"},
            headers=sim.admin_headers,
        )
        wait_for(lambda: _changes(db) == 3, what="the third")
        asked = stats(sim)["requests"]  # everything is sent: from now on, fetches only
        wait_for(lambda: stats(sim)["requests"] >= asked + 3, what="three more fetches")
    assert _changes(db) == 3
    with db.reader() as s:
        rows = s.scalars(select(OnlineChange).order_by(OnlineChange.remote_seq)).all()
        assert [r.kind for r in rows] == ["supplement_uploaded", "completed_online", "rated_online"]
        assert [r.remote_seq for r in rows] == [1, 2, 3]
        assert rows[0].payload == {"by": "申请人"}


def _changes(db) -> int:
    with db.reader() as s:
        return len(s.scalars(select(OnlineChange.id)).all())


def test_expired_lease_of_a_dead_sender_is_taken_over(db, sim):
    take_cases(db, 1, 1, events_per_case=1)
    with db.session() as s:
        s.execute(
            update(OutboxMessage).values(
                claimed_by="crashed-pc/forward", claimed_until=utcnow() - timedelta(seconds=1)
            )
        )
    sender = make_sender(db, sim)
    with Running(sender):
        wait_for(lambda: all(r.status is OutboxStatus.SENT for r in outbox(db)), what="sent")
