"""Queue contention: many windows calling at once through HallDesk, against the bare-SQL floor.

    python tests/benchmarks/queue_contention.py --db URL --callers 20 --tickets 5000 --json

URL may be an existing empty PostgreSQL database or omitted (a temporary PostgreSQL database is
created on 127.0.0.1 and dropped). Prints one JSON object:

  backend, callers, tickets, issued, called_once, duplicates, lost, issue_per_s,
  call_p50_ms, call_p99_ms, floor_call_p99_ms, paced_call_p99_ms, board_latency_ms_p50/p99

- issue_per_s: N processes issuing M tickets between them, through issue_ticket;
- call_*: N windows (processes) calling through call_next (+ marking each no-show, which is the
  window's next action and part of the load) as fast as they can until the M tickets are gone;
- floor_call_p99_ms: same harness, same run, same concurrency, M fresh tickets claimed with one
  `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING` per call, prepared,
  in autocommit mode on the psycopg connection itself (the client path HallDesk's hot statements
  take, so the floor is the work's floor, not a slower client's);
- paced_call_p99_ms: N windows each calling once every 200 ms for --paced-seconds, each starting
  at its own moment within the first period (real windows are not in lockstep);
every worker loads its window's settings, opens its connections and makes its first call (counted,
  not timed: it prepares the statements) before the clock starts;
- board_latency: from call_next returning in one process to a ChangeFeed in another seeing it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter as Tally
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, select, text, update  # noqa: E402

from app.db.engine import open_database  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.db.models import Counter, QueueCategory, Ticket, TicketEvent, User  # noqa: E402
from app.domain.codes import CounterState, Role  # noqa: E402
from app.services import admin, queue  # noqa: E402
from app.services.context import Actor  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402
from app.services.feed import ChangeFeed  # noqa: E402

WORKERS = Path(__file__).with_name("queue_workers.py")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))], 2)


def prepare(url: str, callers: int) -> None:
    db = open_database(url)
    upgrade(db.engine)
    seed_demo(db)
    with db.session() as session:
        admin_id = session.scalar(select(User.id).where(User.role == Role.ADMIN.value))
    actor = Actor(admin_id, "admin", Role.ADMIN, "bench")
    all_categories = [c.id for c in admin.list_categories(db)]
    existing = {c.number: c for c in admin.list_counters(db)}
    for number in range(1, callers + 1):
        admin.save_counter(
            db,
            actor,
            number=number,
            name=f"{number}号窗口",
            location=None,
            category_ids=all_categories,
            counter_id=existing[number].id if number in existing else None,
        )
    with db.session() as session:
        session.execute(update(Counter).values(state=CounterState.OPEN.value))
    db.dispose()


def run_workers(commands: list[list[str]], go: Path) -> list[dict]:
    procs = [
        subprocess.Popen([sys.executable, str(WORKERS), *c], stdout=subprocess.PIPE, text=True)
        for c in commands
    ]
    # Start when every process has imported, connected and warmed up (20 Python processes starting
    # on 2 cores take seconds; a fixed pause would time their start-up, not the queue).
    deadline = time.monotonic() + 300
    while len(list(go.parent.glob(f"{go.name}.ready-*"))) < len(procs):
        if time.monotonic() > deadline or any(p.poll() not in (None, 0) for p in procs):
            raise SystemExit("workers did not get ready")
        time.sleep(0.05)
    go.touch()
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise SystemExit(f"worker failed: {proc.args}")
        results.append(json.loads(out))
    return results


def issue_phase(
    url: str, callers: int, tickets: int, tmp: Path, tag: str
) -> tuple[list[int], float]:
    go = tmp / f"go-issue-{tag}"
    per, extra = divmod(tickets, callers)
    commands = [
        [
            "issue",
            "--db",
            url,
            "--count",
            str(per + (1 if i < extra else 0)),
            "--seed",
            str(i),
            "--go-file",
            str(go),
        ]
        for i in range(callers)
    ]
    results = run_workers(commands, go)
    issued = [t for r in results for t in r["issued"]]
    slowest = max(r["seconds"] for r in results)  # all started together: the last one to finish
    return issued, len(issued) / max(slowest, 1e-9)


def call_phase(
    url: str, callers: int, mode: str, tmp: Path, extra: list[str] | None = None
) -> list[dict]:
    go, stop = tmp / f"go-{mode}", tmp / f"stop-{mode}"
    stop.touch()  # tickets are all issued already: stop as soon as the queue is empty
    if mode == "floor":
        commands = [
            ["floor", "--db", url, "--stop-file", str(stop), "--go-file", str(go)]
            for _ in range(callers)
        ]
    else:
        commands = [
            [
                "call",
                "--db",
                url,
                "--counter",
                str(n),
                "--stop-file",
                str(stop),
                "--go-file",
                str(go),
                *(extra or []),
            ]
            for n in range(1, callers + 1)
        ]
    return run_workers(commands, go)


def reset_queue(url: str) -> None:
    db = open_database(url)
    with db.session() as session:
        session.execute(
            update(Counter).values(current_ticket_id=None, normal_calls_since_priority=0)
        )
        session.execute(delete(TicketEvent))
        session.execute(delete(Ticket))
        from app.db.models import DailySequence

        session.execute(delete(DailySequence))
    db.dispose()


def floor_index(url: str, *, create: bool) -> None:
    """The floor's own best index (its claim reads the oldest waiting ticket, nothing else), so
    the floor is never slowed by an index made for HallDesk's calling rule."""
    db = open_database(url)
    with db.session() as session:
        session.execute(
            text(
                "CREATE INDEX floor_claim ON ticket (queue_since, id) WHERE status = 'waiting'"
                if create
                else "DROP INDEX IF EXISTS floor_claim"
            )
        )
    db.dispose()


def board_latency(url: str, samples: int = 30) -> list[float]:
    """Time from call_next returning to a ChangeFeed in another thread (own connection) seeing it."""
    db = open_database(url)
    listener_db = open_database(url)
    feed = ChangeFeed(listener_db)
    seen: dict[int, float] = {}
    stop = threading.Event()

    def listen() -> None:
        while not stop.is_set():
            for change in feed.wait(0.2).tickets:
                if change.event_type == "call":
                    seen[change.ticket_id] = time.perf_counter()

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    feed.wait(0.05)
    with db.reader() as session:
        counter_id = session.scalar(select(Counter.id).where(Counter.number == 1))
        category_id = session.scalar(select(QueueCategory.id).order_by(QueueCategory.id))
    actor = Actor(None, "bench", Role.CLERK, "bench")
    latencies = []
    for _ in range(samples):
        queue.issue_ticket(db, category_id)
        ticket = queue.call_next(db, actor, counter_id)
        called_at = time.perf_counter()
        deadline = called_at + 5
        while ticket.id not in seen and time.perf_counter() < deadline:
            time.sleep(0.001)
        latencies.append((seen.get(ticket.id, deadline) - called_at) * 1000)
        queue.mark_no_show(db, actor, counter_id)
        time.sleep(0.05)
    stop.set()
    thread.join(2)
    feed.close()
    db.dispose()
    listener_db.dispose()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", help="empty database URL (default: a temporary PostgreSQL database)"
    )
    parser.add_argument("--callers", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--paced-seconds", type=float, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    temp_db = None
    url = args.db
    if url is None:
        import psycopg

        temp_db = f"halldesk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(
            "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{temp_db}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{temp_db}"
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            prepare(url, args.callers)
            issued, issue_rate = issue_phase(url, args.callers, args.tickets, tmp, "1")
            calls = call_phase(url, args.callers, "call", tmp)
            called = [t for r in calls for t in r["called"]]
            latencies = [x for r in calls for x in r["latencies_ms"]]
            tally = Tally(called)

            reset_queue(url)
            floor_index(url, create=True)
            issue_phase(url, args.callers, args.tickets, tmp, "2")
            floor = call_phase(url, args.callers, "floor", tmp)
            floor_latencies = [x for r in floor for x in r["latencies_ms"]]
            floor_index(url, create=False)

            reset_queue(url)
            paced_tickets = int(args.callers * args.paced_seconds * 1000 / 200) + args.callers
            issue_phase(url, args.callers, paced_tickets, tmp, "3")
            per_window = int(args.paced_seconds * 1000 / 200)
            paced = call_phase(
                url,
                args.callers,
                "paced",
                tmp,
                ["--pace-ms", "200", "--max-calls", str(per_window)],
            )
            paced_latencies = [x for r in paced for x in r["latencies_ms"]]
            if os.environ.get("HALLDESK_BENCH_DEBUG"):
                for r in paced:
                    slow = [(i, round(x, 1)) for i, x in enumerate(r["latencies_ms"]) if x > 15]
                    if slow:
                        print("slow paced calls (index, ms):", slow, file=sys.stderr)

            reset_queue(url)
            board = board_latency(url)
        db = open_database(url)
        result = {
            "backend": db.backend,
            "callers": args.callers,
            "tickets": args.tickets,
            "issued": len(issued),
            "called_once": sum(1 for n in tally.values() if n == 1),
            "duplicates": sum(1 for n in tally.values() if n > 1),
            "lost": len(set(issued) - set(called)),
            "issue_per_s": round(issue_rate, 1),
            "call_p50_ms": pct(latencies, 50),
            "call_p99_ms": pct(latencies, 99),
            "floor_call_p50_ms": pct(floor_latencies, 50),
            "floor_call_p99_ms": pct(floor_latencies, 99),
            "paced_call_p99_ms": pct(paced_latencies, 99),
            "paced_call_p50_ms": pct(paced_latencies, 50),
            "board_latency_ms_p50": round(statistics.median(board), 1),
            "board_latency_ms_p99": pct(board, 99),
        }
        db.dispose()
    finally:
        if temp_db:
            import psycopg

            with psycopg.connect(
                "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{temp_db}" WITH (FORCE)')
    print(json.dumps(result) if args.json else "\n".join(f"{k:24} {v}" for k, v in result.items()))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
