"""Many PCs at once, on a real PostgreSQL and on an SQLite file: 4 kiosks issuing and 8 windows
calling in separate processes at the same time. Every issued ticket is called exactly once, none is
lost, and the numbers are unique and gap-free per category and day."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter as Tally
from pathlib import Path

from sqlalchemy import select

from app.db.models import Ticket, TicketEvent
from app.domain.codes import Role, TicketStatus
from app.services import admin, queue
from app.services.context import Actor

WORKERS = Path(__file__).resolve().parents[1] / "benchmarks" / "queue_workers.py"
ISSUERS, CALLERS, PER_ISSUER = 4, 8, 60


def test_issuing_and_calling_at_once(demo_db, db_url, tmp_path):
    db = demo_db
    counters = {c.number: c for c in admin.list_counters(db)}
    opener = Actor(user_id=None, username="setup", role=Role.CLERK, host="setup")
    for number in range(1, CALLERS + 1):
        queue.open_counter(db, opener, counters[number].id)
    go, stop = tmp_path / "go", tmp_path / "stop"
    # Windows 1-8 serve A, B, C, D, E and G between them.
    issuers = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKERS),
                "issue",
                "--db",
                db_url,
                "--count",
                str(PER_ISSUER),
                "--categories",
                "A,B,C,D,E,G",
                "--seed",
                str(i),
                "--go-file",
                str(go),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(ISSUERS)
    ]
    callers = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKERS),
                "call",
                "--db",
                db_url,
                "--counter",
                str(n),
                "--stop-file",
                str(stop),
                "--go-file",
                str(go),
                "--finish",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(1, CALLERS + 1)
    ]
    go.touch()
    issued: list[int] = []
    for proc in issuers:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        issued += json.loads(out)["issued"]
    stop.touch()
    called: list[int] = []
    for proc in callers:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        called += json.loads(out)["called"]

    assert len(issued) == ISSUERS * PER_ISSUER == len(set(issued))
    tally = Tally(called)
    assert [t for t, n in tally.items() if n > 1] == [], "a ticket was called by two windows"
    assert set(called) == set(issued), "a ticket was lost"
    with db.reader() as session:
        call_events = Tally(
            session.scalars(select(TicketEvent.ticket_id).where(TicketEvent.event_type == "call"))
        )
        assert set(call_events.values()) == {1}
        rows = session.execute(
            select(Ticket.issue_category_id, Ticket.service_date, Ticket.sequence, Ticket.status)
        ).all()
    assert {r.status for r in rows} == {TicketStatus.DONE}
    by_category: dict[tuple, list[int]] = {}
    for r in rows:
        by_category.setdefault((r.issue_category_id, r.service_date), []).append(r.sequence)
    for sequences in by_category.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), (
            "numbers must be unique and gap-free"
        )
