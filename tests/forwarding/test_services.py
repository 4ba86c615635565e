"""The desk's forwarding services: dead letters (retry, discard; audited; managers only), the state
of each case event, the status overview, online changes, and where the secret lives."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.clock import utcnow
from app.db.models import AuditLog, ForwardingNode, OnlineChange, OutboxMessage
from app.domain.codes import OutboxStatus, Role
from app.domain.outbox import LineState
from app.errors import Conflict, PermissionDenied, SettingsError, ValidationError
from app.forwarding.credentials import credentials_from_settings, load_app_secret, save_app_secret
from app.services.context import Actor
from app.services.forwarding import (
    acknowledge_online_change,
    case_forwarding,
    discard_dead_letter,
    forwarding_overview,
    list_dead_letters,
    list_online_changes,
    request_resume,
    retry_dead_letter,
)
from app.services.outbox import enqueue_case_event
from app.settings import load_settings
from tests.forwarding.cases import accept, make_case

MANAGER = Actor(user_id=None, username="manager", role=Role.MANAGER, host="pc-m")
CLERK = Actor(user_id=None, username="clerk", role=Role.CLERK, host="pc-1")


def _case_with_dead_application(db) -> tuple[str, int, int]:
    with db.session() as s:
        case = make_case(s, 1)
        first = enqueue_case_event(s, case, "application")
        accept(case)
        second = enqueue_case_event(s, case, "acceptance")
        s.flush()
        first.status = OutboxStatus.DEAD
        first.attempts = 1
        first.last_status_code = 422
        first.last_error = "HTTP 422 invalid_body: applicant_id_type"
        return case.case_no, first.id, second.id


def test_dead_letters_listed_with_what_waits_behind(db):
    case_no, dead_id, _ = _case_with_dead_application(db)
    [letter] = list_dead_letters(db)
    assert letter.message_id == dead_id and letter.case_no == case_no
    assert letter.event_label == "申请" and letter.blocked_behind == 1
    assert letter.last_status_code == 422


def test_retry_is_audited_and_only_for_managers(db):
    _, dead_id, _ = _case_with_dead_application(db)
    with pytest.raises(PermissionDenied):
        retry_dead_letter(db, CLERK, dead_id)
    state = retry_dead_letter(db, MANAGER, dead_id)
    assert state.status is OutboxStatus.PENDING and state.attempts == 0
    with pytest.raises(Conflict):
        retry_dead_letter(db, MANAGER, dead_id)  # no longer a dead letter
    with db.reader() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "outbox.retry")).one()
        assert entry.entity == "outbox_message" and entry.entity_id == str(dead_id)
        assert entry.before["status"] == "dead" and entry.after["status"] == "pending"


def test_discard_needs_a_reason_and_is_audited(db):
    case_no, dead_id, second_id = _case_with_dead_application(db)
    with pytest.raises(ValidationError) as refused:
        discard_dead_letter(db, MANAGER, dead_id, "  ")
    assert refused.value.field == "reason"
    discard_dead_letter(db, MANAGER, dead_id, "重复录入")
    with db.reader() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "outbox.discard")).one()
        assert entry.after["reason"] == "重复录入"
    events = case_forwarding(db, case_no)
    assert [(e.event_type, e.status) for e in events] == [
        ("application", OutboxStatus.DISCARDED),
        ("acceptance", OutboxStatus.PENDING),
    ]
    assert events[1].status_label == "待发送" and events[1].next_attempt_at is not None
    assert list_dead_letters(db) == []


def test_overview_counts_and_line_state(db):
    _case_with_dead_application(db)
    overview = forwarding_overview(db)
    assert (overview.pending, overview.dead) == (1, 1)
    assert overview.state is LineState.ENDED  # no sender has reported
    now = utcnow()
    with db.session() as s:
        s.add(ForwardingNode(name="a", state="online", updated_at=now, last_success_at=now))
        s.add(ForwardingNode(name="old", state="stopped", updated_at=now - timedelta(hours=1)))
    overview = forwarding_overview(db)
    assert overview.state is LineState.ONLINE and overview.online
    assert overview.last_success_at == now
    with db.session() as s:
        s.add(
            ForwardingNode(
                name="b", state="stopped", detail="HTTP 401 bad_signature", updated_at=now
            )
        )
    overview = forwarding_overview(db)
    assert overview.state is LineState.STOPPED and "bad_signature" in overview.detail
    assert request_resume(db, MANAGER) == 2  # "b" and the stale "old"
    with db.reader() as s:
        assert s.get(ForwardingNode, "b").resume_requested_at is not None
    assert forwarding_overview(db, configured=False).state_label == "未配置网上大厅"


def test_online_changes_listed_and_acknowledged_once(db):
    with db.session() as s:
        s.add(
            OnlineChange(
                remote_id="r1",
                remote_seq=1,
                case_no="C1",
                kind="completed_online",
                payload={},
                received_at=utcnow(),
            )
        )
    [change] = list_online_changes(db)
    assert change.kind_label == "已在网上办结"
    done = acknowledge_online_change(db, CLERK, change.id)
    assert done.applied_at is not None
    assert list_online_changes(db) == []
    assert len(list_online_changes(db, unapplied_only=False)) == 1
    with pytest.raises(Conflict):
        acknowledge_online_change(db, CLERK, change.id)


def test_retry_clears_a_stale_lease(db):
    _, dead_id, _ = _case_with_dead_application(db)
    with db.session() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == dead_id)
            .values(claimed_by="x", claimed_until=utcnow())
        )
    retry_dead_letter(db, MANAGER, dead_id)
    with db.reader() as s:
        assert s.get(OutboxMessage, dead_id).claimed_by is None


# --------------------------------------------------------------------------- the secret


def test_secret_is_refused_in_the_settings_file(tmp_path):
    config = tmp_path / "halldesk.toml"
    config.write_text('[online_hall]\napp_id = "a"\napp_secret = "s3cret"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(config, environ={})
    assert "HALLDESK_ONLINE_HALL__APP_SECRET" in refused.value.message


def test_secret_from_the_environment_is_never_printed(tmp_path):
    settings = load_settings(
        None,
        environ={"HALLDESK_ONLINE_HALL__APP_SECRET": "s3cret", "HALLDESK_DATA_DIR": str(tmp_path)},
    )
    assert load_app_secret(settings) == b"s3cret"
    assert "s3cret" not in settings.model_dump_json()


def test_secret_file_saved_private_and_read_back(tmp_path):
    settings = load_settings(None, environ={"HALLDESK_DATA_DIR": str(tmp_path)})
    with pytest.raises(SettingsError):
        load_app_secret(settings)
    path = save_app_secret(settings, "  from-file \n")
    assert load_app_secret(settings) == b"from-file"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        path.chmod(0o644)
        with pytest.raises(SettingsError) as refused:
            load_app_secret(settings)
        assert "chmod 600" in refused.value.message


def test_credentials_need_endpoint_and_app_id(tmp_path):
    env = {"HALLDESK_DATA_DIR": str(tmp_path), "HALLDESK_ONLINE_HALL__APP_SECRET": "x"}
    with pytest.raises(SettingsError, match="endpoint"):
        credentials_from_settings(load_settings(None, environ=env))
    env["HALLDESK_ONLINE_HALL__ENDPOINT"] = "http://127.0.0.1:8780"
    with pytest.raises(SettingsError, match="app_id"):
        credentials_from_settings(load_settings(None, environ=env))
    env["HALLDESK_ONLINE_HALL__APP_ID"] = "a"
    env["HALLDESK_ONLINE_HALL__SIGNER"] = "sm3-hmac"
    creds = credentials_from_settings(load_settings(None, environ=env))
    assert creds.signer.method == "SM3-HMAC" and creds.secret == b"x"
