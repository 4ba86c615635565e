"""`halldesk forward` killed between sending and marking sent: after a restart it sends again and the
online hall answers from its idempotency store — no duplicate case, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app.db.models import OutboxMessage
from app.domain.codes import OutboxStatus
from app.services.outbox import enqueue_case_event
from tests.forwarding.cases import accept, make_case
from tests.forwarding.conftest import APP_ID, SECRET, sim_json, wait_for

ROOT = Path(__file__).resolve().parents[2]


def _forward(db_url: str, sim_url: str, tmp_path: Path, *extra: str) -> subprocess.Popen:
    config = tmp_path / "halldesk.toml"
    config.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env.update(
        HALLDESK_CONFIG=str(config),
        HALLDESK_ONLINE_HALL__ENDPOINT=sim_url,
        HALLDESK_ONLINE_HALL__APP_ID=APP_ID,
        HALLDESK_ONLINE_HALL__APP_SECRET=SECRET.decode(),
        HALLDESK_ONLINE_HALL__SENDER_NAME="gateway-test/forward",
        HALLDESK_ONLINE_HALL__POLL_SECONDS="0.1",
        HALLDESK_ONLINE_HALL__PARALLEL_CASES="2",
        HALLDESK_ONLINE_HALL__BACKOFF_BASE_SECONDS="0.1",
    )
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "--db",
            db_url,
            "--data-dir",
            str(tmp_path),
            "forward",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_killed_between_send_and_mark_then_restarted(db, db_url, sim, tmp_path):
    with db.session() as s:
        case = make_case(s, 1)
        enqueue_case_event(s, case, "application")
        accept(case)
        enqueue_case_event(s, case, "acceptance")
    # The online hall stores the event, then takes 30 s to answer: the sender is killed meanwhile.
    sim.set_faults(latency_after_store_ms=30_000)
    first = _forward(db_url, sim.url, tmp_path)
    try:
        wait_for(lambda: sim_json(sim, "/sim/stats")["recorded"] == 1, timeout=30, what="stored")
        first.kill()
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    with db.reader() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [r.status for r in rows] == [OutboxStatus.PENDING, OutboxStatus.PENDING]
    assert rows[0].claimed_by == "gateway-test/forward"  # its lease was left behind

    sim.set_faults(latency_after_store_ms=0)
    second = _forward(db_url, sim.url, tmp_path, "--until-idle")
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 0, output

    stats = sim_json(sim, "/sim/stats")
    assert stats["replayed"] == 1  # the resend was answered from the idempotency store
    assert stats["recorded"] == 2 and stats["duplicates"] == 0
    cases = sim_json(sim, "/sim/cases")
    assert len(cases) == 1
    assert [e["event_type"] for e in cases[0]["events"]] == ["application", "acceptance"]
    with db.reader() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert all(r.status is OutboxStatus.SENT and r.claimed_by is None for r in rows)
