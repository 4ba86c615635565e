"""enqueue_case_event: one pending message per call, in the caller's transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import OutboxMessage
from app.domain.codes import OutboxStatus
from app.services.outbox import EVENT_TYPES, UnknownEventType, enqueue_case_event
from tests.forwarding.cases import accept, make_case


def test_application_message_carries_the_data_sets(db):
    with db.session() as s:
        case = make_case(s, 1)
        msg = enqueue_case_event(s, case, "application", detail={"note": "窗口收件"})
        case_no = case.case_no
    with db.reader() as s:
        row = s.scalars(select(OutboxMessage)).one()
        assert row.id == msg.id
        assert row.case_no == case_no
        assert row.status is OutboxStatus.PENDING
        assert row.attempts == 0
        assert row.data_version == 1
        assert len(row.idempotency_key) == 32
        assert row.next_attempt_at <= row.created_at or row.next_attempt_at == row.created_at
        data = row.payload["data"]
        assert data["case"]["case_no"] == case_no
        assert data["case"]["case_type"] == "2"
        assert data["application"]["applicant_id_type"] == "111"
        assert [m["name"] for m in data["materials"]] == ["营业执照", "身份证"]
        assert data["materials"][0]["receive_mode"] == "copy"
        assert row.payload["detail"] == {"note": "窗口收件"}
        assert row.payload["occurred_at"].endswith("+00:00")


def test_each_event_type_and_unique_keys(db):
    with db.session() as s:
        case = make_case(s, 2)
        accept(case)
        keys = {enqueue_case_event(s, case, t).idempotency_key for t in EVENT_TYPES}
    assert len(keys) == len(EVENT_TYPES)
    with db.reader() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [r.event_type for r in rows] == list(EVENT_TYPES)
        acceptance = rows[1]
        assert acceptance.data_version == 2
        assert acceptance.payload["data"]["acceptance"]["notice_no"].startswith("SL")


def test_rolled_back_with_the_case_change(db):
    with pytest.raises(RuntimeError), db.session() as s:
        case = make_case(s, 3)
        enqueue_case_event(s, case, "application")
        raise RuntimeError("intake failed")
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_unknown_event_type_refused(db):
    with db.session() as s:
        case = make_case(s, 4)
        with pytest.raises(UnknownEventType):
            enqueue_case_event(s, case, "teleport")
