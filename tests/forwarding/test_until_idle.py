"""`halldesk forward --until-idle` as a gateway's scheduled task runs it (a real process, the
simulator on loopback): it ends, in bounded time, with a summary and an exit code that says whether
everything was sent, messages wait for a manager, or the online hall could not be reached."""

from __future__ import annotations

import socket
import time

from sqlalchemy import select

from app.db.models import Case
from app.domain.codes import OutboxStatus
from app.domain.outbox import LineState
from app.forwarding.commands import (
    ALL_SENT,
    EXIT_ALL_SENT,
    EXIT_LEFT_FOR_A_PERSON,
    EXIT_NO_PROGRESS,
    EXIT_REFUSED,
    LEFT_FOR_A_PERSON,
    REFUSED,
    IdleEnd,
    IdleLook,
    IdleWatch,
)
from app.services.outbox import enqueue_case_event
from tests.forwarding.cases import accept, make_case
from tests.forwarding.test_crash import _forward
from tests.forwarding.test_sender import outbox, stats, take_cases

BOUND_SECONDS = 60  # a run that takes longer has hung


def _run(db_url, url, tmp_path, *extra) -> tuple[int, str, float]:
    started = time.monotonic()
    process = _forward(db_url, url, tmp_path, "--until-idle", *extra)
    output, _ = process.communicate(timeout=BOUND_SECONDS)
    return process.returncode, output, time.monotonic() - started


def test_exits_0_with_a_summary_when_everything_was_sent(db, db_url, sim, tmp_path):
    take_cases(db, 1, 3, events_per_case=2)
    code, output, _ = _run(db_url, sim.url, tmp_path)
    assert code == EXIT_ALL_SENT, output
    assert "全部发出" in output and "本次发出 6 条；待发送 0 条；待处理 0 条" in output, output
    assert all(r.status is OutboxStatus.SENT for r in outbox(db))
    assert stats(sim)["recorded"] == 6
    assert stats(sim)["requests"] <= 6 + 1  # and at most one fetch of the changes made online


def test_exits_6_and_lists_what_waits_for_a_manager(db, db_url, sim, tmp_path):
    take_cases(db, 1, 1, events_per_case=2)
    with db.session() as s:
        bad = make_case(s, 2)
        bad.applicant_id_type = "ABC"
        enqueue_case_event(s, bad, "application")
        bad_no = bad.case_no
    with db.session() as s:
        bad = s.scalars(select(Case).where(Case.case_no == bad_no)).one()
        accept(bad)
        enqueue_case_event(s, bad, "acceptance")
    code, output, elapsed = _run(db_url, sim.url, tmp_path)
    assert code == EXIT_LEFT_FOR_A_PERSON, output
    assert "余下的消息需要大厅管理员处理" in output, output
    assert "本次发出 2 条；待发送 1 条（其中 1 条排在待处理的消息之后）；待处理 1 条" in output
    assert f"{bad_no} 申请：内容不符合网上大厅的要求" in output, output
    st = stats(sim)
    assert st["recorded"] == 2 and st["invalid"] == 1  # the bad application tried once
    assert st["requests"] <= 3 + 1  # and at most one fetch of the changes made online
    # Run again: nothing can be sent without a manager, so it says so at once and sends nothing.
    code, output, elapsed = _run(db_url, sim.url, tmp_path)
    assert code == EXIT_LEFT_FOR_A_PERSON, output
    assert "本次发出 0 条" in output
    assert stats(sim)["requests"] - st["requests"] <= 1  # no event, at most a fetch
    assert elapsed < 20


def test_exits_7_when_the_online_hall_does_not_answer(db, db_url, tmp_path):
    take_cases(db, 1, 2, events_per_case=1)
    with socket.socket() as unused:  # a port nothing listens on: connection refused
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}"
    code, output, elapsed = _run(db_url, url, tmp_path, "--give-up-after", "2")
    assert code == EXIT_NO_PROGRESS, output
    assert "2 秒内没有发出任何消息" in output and "待发送 2 条" in output, output
    assert elapsed < 30
    assert all(r.status is OutboxStatus.PENDING for r in outbox(db))


# ----------------------------------------------------------------------------- the rule, on a fake tick


def _look(line=LineState.ONLINE, *, sent=0, pending=2, dead=0, blocked=0) -> IdleLook:
    return IdleLook(line, sent, pending, dead, pending - blocked)


def test_the_until_idle_rule_without_a_process():
    watch = IdleWatch(300.0, tick=1000.0)
    assert watch.look(_look(), tick=1000.3) is None
    assert watch.look(_look(), tick=1299.0) is None  # no progress yet, not long enough
    assert watch.look(_look(sent=1, pending=1), tick=1299.3) is None  # progress: counts anew
    assert watch.look(_look(sent=1, pending=1), tick=1599.0) is None
    end = watch.look(_look(sent=1, pending=1), tick=1599.3)
    assert end == IdleEnd(EXIT_NO_PROGRESS, end.reason) and "300 秒内没有发出任何消息" in end.reason
    assert IdleWatch(0, tick=0).look(_look(), tick=10**6) is None  # 0 waits for ever
    assert IdleWatch(300.0, tick=0).look(_look(pending=0), tick=0) == ALL_SENT
    assert ALL_SENT.code == EXIT_ALL_SENT == 0
    held = _look(pending=3, dead=1, blocked=3)
    assert IdleWatch(300.0, tick=0).look(held, tick=0) == LEFT_FOR_A_PERSON
    assert LEFT_FOR_A_PERSON.code == EXIT_LEFT_FOR_A_PERSON == 6
    # Refused beats everything else: a person must fix the secret or the clock first.
    refused = IdleWatch(300.0, tick=0).look(_look(LineState.STOPPED, pending=0), tick=0)
    assert refused == REFUSED and REFUSED.code == EXIT_REFUSED == 4
    assert EXIT_NO_PROGRESS == 7
