"""What the audit log's hash chain costs an audited action, and how fast `audit verify` walks it.

    python tests/benchmarks/audit_chain.py --json
    python tests/benchmarks/audit_chain.py --db postgresql+psycopg://postgres@127.0.0.1/x --writers 1,4,8

Without --db: a temporary PostgreSQL database on 127.0.0.1 (dropped after) and a temporary SQLite
file. Each writer is a process of its own (a PC) with its own window, pausing and resuming it
(`queue.pause_counter` / `resume_counter`: lock the counter row, a counter event, NOTIFY, one
audit entry, one transaction) --actions times as fast as it can, all writers at once:
- chain: as shipped (PostgreSQL: advisory lock + head read at commit; SQLite: head read);
- bare: the same action with the chain's lock and head read taken out (each writer numbers its
  entries in a range of its own, so they stay unique), i.e. what the action cost before.
Chain and bare rounds take turns, --repeats times each, so a busy moment of the machine hits both.
Before them the log is filled to --entries entries and `verify_audit_log` walks it (entries/s,
and the walk's peak Python memory, which must not grow with the log).
Prints one JSON object per backend: per writer count p50/p95/mean latency and actions/s, chain
and bare, and the difference.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select, text, update  # noqa: E402

from app.db.engine import open_database  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.db.models import Counter, User  # noqa: E402
from app.domain.audit_chain import GENESIS  # noqa: E402
from app.domain.codes import CounterState, Role  # noqa: E402
from app.services import (
    audit,  # noqa: E402
    queue,  # noqa: E402
)
from app.services.audit_log import verify_audit_log  # noqa: E402
from app.services.context import Actor  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))], 3)


def _bare(first_place: int) -> None:
    """Take the chain out of the commit: no lock, no head read; places unique per writer."""
    counter = iter(range(first_place, first_place + 10**6))
    audit._hold_chain = lambda session: None
    audit.chain_head = lambda session: (next(counter), GENESIS)


def writer(url: str, writer_no: int, actions: int, bare: int, barrier, results) -> None:
    if bare:
        _bare(bare)
    db = open_database(url)
    counter_id = db_counter(db, writer_no + 1)
    actor = Actor(None, f"bench{writer_no}", Role.CLERK, f"pc{writer_no}")
    queue.pause_counter(db, actor, counter_id, "预热")  # connections and statements warm
    queue.resume_counter(db, actor, counter_id)
    barrier.wait()
    times = []
    for n in range(actions):
        start = time.perf_counter()
        if n % 2 == 0:
            queue.pause_counter(db, actor, counter_id, "临时离开")
        else:
            queue.resume_counter(db, actor, counter_id)
        times.append((time.perf_counter() - start) * 1000)
    db.dispose()
    results.put(times)


def db_counter(db, number: int) -> int:
    with db.reader() as s:
        return s.scalar(select(Counter.id).where(Counter.number == number))


def prepare(url: str) -> None:
    db = open_database(url)
    upgrade(db.engine)
    seed_demo(db)
    with db.session() as s:
        s.execute(update(Counter).values(state=CounterState.OPEN.value, current_ticket_id=None))
    db.dispose()


ROUNDS = itertools.count(1)


def round_of(url: str, writers: int, actions: int, bare: bool) -> tuple[list[float], float]:
    """One round: `writers` processes at once; every action's latency and the round's wall time.
    `bare`: each writer numbers its entries from a place of its own, in a range of this round's,
    so none collide."""
    first = 10**9 * next(ROUNDS)
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(writers + 1), ctx.Queue()
    procs = [
        ctx.Process(
            target=writer,
            args=(url, i, actions, bare and first + 10**6 * i, barrier, results),
        )
        for i in range(writers)
    ]
    for proc in procs:
        proc.start()
    barrier.wait(timeout=300)
    start = time.perf_counter()
    times = [t for _ in procs for t in results.get(timeout=1800)]
    elapsed = time.perf_counter() - start
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"writer failed ({proc.exitcode})")
    return times, elapsed


def summary(times: list[float], elapsed: float) -> dict:
    return {
        "p50_ms": pct(times, 50),
        "p95_ms": pct(times, 95),
        "mean_ms": round(statistics.fmean(times), 3),
        "actions_per_s": round(len(times) / elapsed, 1),
    }


def fill_and_verify(url: str, entries: int) -> dict:
    db = open_database(url)
    with db.reader() as s:
        admin_id = s.scalar(select(User.id).where(User.role == Role.ADMIN.value))
    actor = Actor(admin_id, "admin", Role.ADMIN, "bench")
    have = verify_audit_log(db).count
    while have < entries:
        batch = min(1000, entries - have)
        with db.session() as s:
            for i in range(batch):
                audit.record(s, actor, "bench.fill", "hall", i, after={"n": have + i, "名": "张三"})
        have += batch
    tracemalloc.start()
    start = time.perf_counter()
    report = verify_audit_log(db)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    db.dispose()
    assert report.ok, report.broken
    return {
        "entries": report.count,
        "verify_s": round(elapsed, 2),
        "verify_entries_per_s": round(report.count / elapsed),
        "verify_peak_python_mb": round(peak / 2**20, 1),
    }


def migration(url: str, entries: int) -> dict:
    """How long 0015 takes to chain a log written before it: `entries` rows at 0014, then up."""
    from alembic import command

    from app.db import migrate

    db = open_database(url)
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0014_gap_materials")
        pg = conn.dialect.name == "postgresql"
        after = '{"state": "paused", "pause_reason": "临时离开"}'
        rows = [
            {"at": "2026-01-05 01:00:00.000000", "n": str(n), "after": after}
            for n in range(entries)
        ]
        values = (
            "CAST(:at AS timestamptz), 'clerk01', 'pc-5', 'counter.pause', 'counter', :n, "
            "CAST(:after AS jsonb)"
            if pg
            else ":at, 'clerk01', 'pc-5', 'counter.pause', 'counter', :n, :after"
        )
        conn.execute(
            text(
                "INSERT INTO audit_log (at, username, host, action, entity, entity_id, after) "
                f"VALUES ({values})"
            ),
            rows,
        )
    start = time.perf_counter()
    upgrade(db.engine, backup=False)
    elapsed = time.perf_counter() - start
    assert verify_audit_log(db).count == entries
    db.dispose()
    backend = "postgresql" if pg else "sqlite"
    return {"backend": backend, "migrated_entries": entries, "migrate_s": round(elapsed, 2)}


def bench(url: str, writer_counts: list[int], actions: int, entries: int, repeats: int) -> dict:
    prepare(url)
    out: dict = {"backend": "postgresql" if url.startswith("postgresql") else "sqlite"}
    # The walk first: the bare rounds below leave entries that are not links of the chain.
    out["verify"] = fill_and_verify(url, entries)
    for writers in writer_counts:
        pooled: dict[bool, tuple[list[float], float]] = {False: ([], 0.0), True: ([], 0.0)}
        for _ in range(repeats):  # chain and bare take turns, so a busy moment hits both
            for bare in (False, True):
                times, elapsed = round_of(url, writers, actions, bare)
                pooled[bare] = (pooled[bare][0] + times, pooled[bare][1] + elapsed)
        chain, bare = summary(*pooled[False]), summary(*pooled[True])
        out[f"{writers}_writers"] = {
            "chain": chain,
            "bare": bare,
            "added_p50_ms": round(chain["p50_ms"] - bare["p50_ms"], 3),
            "added_mean_ms": round(chain["mean_ms"] - bare["mean_ms"], 3),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database (default: temporary PostgreSQL + SQLite)")
    parser.add_argument("--writers", default="1,4,8")
    parser.add_argument("--actions", type=int, default=300, help="audited actions per writer")
    parser.add_argument("--entries", type=int, default=50_000, help="log size for the walk")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of each kind per count")
    parser.add_argument(
        "--migrate-entries", type=int, default=0, help="also time 0015 chaining this many entries"
    )
    parser.add_argument("--json", action="store_true", help="(always JSON; kept for symmetry)")
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]
    results = []
    if args.migrate_entries:
        results.extend(each_backend(args.db, lambda url: migration(url, args.migrate_entries)))
    results.extend(
        each_backend(
            args.db, lambda url: bench(url, counts, args.actions, args.entries, args.repeats)
        )
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))


def each_backend(db: str | None, run) -> list[dict]:
    """`run` on --db, or on a temporary PostgreSQL database and a temporary SQLite file."""
    results = []
    if db:
        return [run(db)]
    import psycopg

    name = f"halldesk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        results.append(run(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"))
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{(Path(tmp) / 'bench.sqlite3').as_posix()}"))
    return results


if __name__ == "__main__":
    main()
