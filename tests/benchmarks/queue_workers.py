"""Worker processes for the queue concurrency test and the contention benchmark.

    python queue_workers.py issue  --db URL --count N [--categories A,B] [--seed S]
    python queue_workers.py call   --db URL --counter NUMBER --stop-file PATH [--pace-ms MS] [--finish]
    python queue_workers.py floor  --db URL --stop-file PATH

Each prints one JSON line when done. `call` goes through HallDesk's own service (call_next, then
finish_service); `floor` claims with the bare minimum SQL, one statement per call. Callers stop
when the stop file exists and nothing is left to call.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select, text  # noqa: E402

from app.db.engine import open_database  # noqa: E402
from app.db.models import Counter, QueueCategory  # noqa: E402
from app.domain.codes import Role  # noqa: E402
from app.services import queue  # noqa: E402
from app.services.context import Actor  # noqa: E402
from app.services.queue import NothingWaiting  # noqa: E402


def _wait_for_go(go_file: str | None) -> None:
    """Say this worker is ready (imported, connected, warmed up), then wait for the start."""
    if go_file:
        Path(f"{go_file}.ready-{os.getpid()}").touch()
    while go_file and not os.path.exists(go_file):
        time.sleep(0.005)


def cmd_issue(args) -> dict:
    db = open_database(args.db)
    with db.reader() as session:
        query = select(QueueCategory.id, QueueCategory.prefix)
        rows = session.execute(query).all()
    wanted = set(args.categories.split(",")) if args.categories else None
    ids = [cid for cid, prefix in rows if wanted is None or prefix in wanted]
    rng = random.Random(args.seed)
    _wait_for_go(args.go_file)
    issued = []
    start = time.perf_counter()
    for _ in range(args.count):
        issued.append(queue.issue_ticket(db, rng.choice(ids)).ticket.id)
    seconds = time.perf_counter() - start
    db.dispose()
    return {"issued": issued, "seconds": seconds}


def cmd_call(args) -> dict:
    db = open_database(args.db)
    with db.reader() as session:
        counter_id = session.scalar(select(Counter.id).where(Counter.number == args.counter))
    actor = Actor(
        user_id=None, username=f"bench{args.counter}", role=Role.CLERK, host=f"bench-{os.getpid()}"
    )
    called: list[int] = []
    latencies: list[float] = []
    # A window is open before it calls: its settings are loaded and its connections are made.
    # (The first call of a fresh process costs imports and compiled-statement caches; that is
    # start-up, not the cost of a call.)
    config = queue.counter_config(db, counter_id)
    queue.hall_identity(db)
    for served in config.served:
        queue.category_settings(db, served.category_id)
    if db.backend == "postgresql":
        with db.driver() as conn:  # the hot statements' own pool
            conn.execute("SELECT 1")
    with db.session() as session:
        session.execute(text("SELECT 1"))
    # The window's first call of the day prepares its statements; it is counted as a call (the
    # accounting of lost and duplicate tickets includes it) but its time is start-up, not a call's.
    try:
        first = queue.call_next(db, actor, counter_id)
    except NothingWaiting:
        first = None
    if first is not None:
        called.append(first.id)
        if args.finish:
            queue.finish_service(db, actor, counter_id)
        else:
            queue.mark_no_show(db, actor, counter_id)
    _wait_for_go(args.go_file)
    next_at = time.perf_counter()
    if args.pace_ms:
        # Windows are not in lockstep: each starts at its own moment within the first period.
        next_at += random.uniform(0, args.pace_ms / 1000)
        time.sleep(max(next_at - time.perf_counter(), 0))
    while True:
        if args.pace_ms:
            next_at += args.pace_ms / 1000
        start = time.perf_counter()
        try:
            ticket = queue.call_next(db, actor, counter_id)
        except NothingWaiting:
            if os.path.exists(args.stop_file):
                break
            time.sleep(0.002)
            continue
        latencies.append((time.perf_counter() - start) * 1000)
        called.append(ticket.id)
        if args.finish:
            queue.finish_service(db, actor, counter_id)
        else:
            queue.mark_no_show(db, actor, counter_id)
        if args.pace_ms:
            time.sleep(max(next_at - time.perf_counter(), 0))
        if args.max_calls and len(called) >= args.max_calls:
            break
    db.dispose()
    return {"called": called, "latencies_ms": latencies}


FLOOR_SQL = """
    UPDATE ticket SET status = 'called', called_at = CURRENT_TIMESTAMP
    WHERE id = (
        SELECT id FROM ticket WHERE status = 'waiting'
        ORDER BY queue_since, id LIMIT 1 {lock}
    )
    RETURNING id
"""


def cmd_floor(args) -> dict:
    """The floor: the bare claim, one prepared statement in autocommit mode on the psycopg
    connection itself (on PostgreSQL, the same client path as HallDesk's hot statements, so the
    comparison is of the work, not of the client), no event, no window, no notify."""
    db = open_database(args.db)
    called: list[int] = []
    latencies: list[float] = []
    postgres = db.backend == "postgresql"
    statement = FLOOR_SQL.format(lock="FOR UPDATE SKIP LOCKED" if postgres else "")

    def claim() -> int | None:
        if postgres:
            with db.driver() as conn:
                row = conn.execute(statement, prepare=True).fetchone()
        else:
            with db.engine.connect() as conn, conn.begin():
                row = conn.execute(text(statement)).first()
        return None if row is None else row[0]

    _wait_for_go(args.go_file)
    timed = False  # the first claim prepares the statement: counted, not timed (as for call)
    while True:
        start = time.perf_counter()
        ticket_id = claim()
        if ticket_id is None:
            if os.path.exists(args.stop_file):
                break
            time.sleep(0.002)
            continue
        if timed:
            latencies.append((time.perf_counter() - start) * 1000)
        timed = True
        called.append(ticket_id)
    db.dispose()
    return {"called": called, "latencies_ms": latencies}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    issue = sub.add_parser("issue")
    issue.add_argument("--count", type=int, required=True)
    issue.add_argument("--categories")
    issue.add_argument("--seed", type=int, default=0)
    call = sub.add_parser("call")
    call.add_argument("--counter", type=int, required=True)
    call.add_argument("--pace-ms", type=float, default=0)
    call.add_argument("--finish", action="store_true")
    call.add_argument("--max-calls", type=int, default=0)
    floor = sub.add_parser("floor")
    for p in (issue, call, floor):
        p.add_argument("--db", required=True)
        p.add_argument("--go-file")
    for p in (call, floor):
        p.add_argument("--stop-file", required=True)
    args = parser.parse_args()
    result = {"issue": cmd_issue, "call": cmd_call, "floor": cmd_floor}[args.cmd](args)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
