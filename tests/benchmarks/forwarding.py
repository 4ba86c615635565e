"""Forwarding throughput and recovery, against the simulator on loopback.

    python tests/benchmarks/forwarding.py --messages 10000 --json
    python tests/benchmarks/forwarding.py --messages 2000 --db postgresql+psycopg://postgres@127.0.0.1/x

1. Throughput: queues N messages (cases of 4 events: application, acceptance, process step,
   completion), runs the sender against `halldesk online-hall-sim` in its own process with faults on
   (default: 2 % answered 503, 1 % connections dropped before and 1 % after storing, 1 ms
   latency), and prints messages, delivered, duplicates, per_s, seconds.
2. Recovery (`--outage-messages M`, default N/10): the simulator goes down; M messages are queued
   while it is down; when it comes back, the time until all of them are delivered.

Prints one JSON object (with --json) or a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.clock import utcnow  # noqa: E402
from app.db.engine import open_database  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.db.models import Case, CaseMaterial, CaseStep, Hall, OutboxMessage, ServiceItem  # noqa: E402
from app.domain.codes import CaseStatus, CaseType, OutboxStatus  # noqa: E402
from app.forwarding.client import OnlineHallClient  # noqa: E402
from app.forwarding.sender import Sender, SenderConfig  # noqa: E402
from app.forwarding.signing import Credentials, signer_for  # noqa: E402
from app.services.outbox import enqueue_case_event  # noqa: E402

APP_ID = "bench"
SECRET = "bench-secret-0123456789"
SIM_TOKEN = "bench-sim-token"  # for the simulator's /sim/ paths
EVENTS = ("application", "acceptance", "process_step", "completion")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_simulator(port: int, seed: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env["HALLDESK_SIM_SECRET"] = SECRET
    env["HALLDESK_SIM_TOKEN"] = SIM_TOKEN
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "--config",
            os.devnull,
            "online-hall-sim",
            "--port",
            str(port),
            "--app-id",
            APP_ID,
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the simulator did not start")


def queue_cases(db, first: int, messages: int) -> int:
    """Cases with their events, as intake writes them: 4 events per case, 50 cases a transaction."""
    now = utcnow()
    with db.session() as s:
        hall = s.scalars(select(Hall)).first()
        if hall is None:
            hall = Hall(code="BENCH", name="基准大厅", region_code="330100", created_at=now)
            item = ServiceItem(
                basic_code="000101001000",
                implementation_code="11330100MB0000000X4330100001",
                name="食品经营许可（新办）",
                item_type="01",
                case_type=CaseType.PROMISED,
            )
            s.add_all([hall, item])
            s.flush()
    queued = 0
    n = first
    while queued < messages:
        with db.session() as s:
            hall = s.scalars(select(Hall)).one()
            item = s.scalars(select(ServiceItem)).one()
            for _ in range(50):
                if queued >= messages:
                    break
                n += 1
                case = Case(
                    case_no=f"{item.implementation_code}{now:%Y%m%d}{n:06d}",
                    query_pin="123456",
                    hall_id=hall.id,
                    service_item_id=item.id,
                    item_code=item.implementation_code,
                    item_name=item.name,
                    case_type=CaseType.PROMISED,
                    status=CaseStatus.RECEIVED,
                    region_code="330100",
                    applicant_kind="1",
                    applicant_name="张三",
                    applicant_id_type="111",
                    applicant_id_number="11010519491231002X",
                    applied_at=now,
                    created_at=now,
                    fee_amount=Decimal("0"),
                )
                case.materials = [
                    CaseMaterial(name="身份证", received=True, receive_mode="original", count=1)
                ]
                s.add(case)
                s.flush()
                for event in EVENTS:
                    if queued >= messages:
                        break
                    if event == "acceptance":
                        case.status = CaseStatus.ACCEPTED
                        case.accepted_at = now
                    if event == "process_step":
                        case.steps.append(
                            CaseStep(
                                step_name="审核", action="pass", handler="李四", started_at=now
                            )
                        )
                        s.flush()
                    if event == "completion":
                        case.completed_at = now
                    case.data_version = EVENTS.index(event) + 1
                    enqueue_case_event(s, case, event)
                    queued += 1
    return n


def counts(db) -> tuple[int, int]:
    with db.reader() as s:
        rows = dict(
            s.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        )
    return rows.get(OutboxStatus.SENT, 0), rows.get(OutboxStatus.PENDING, 0)


def wait_all_sent(db, total: int, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        sent, _ = counts(db)
        if sent >= total:
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"not all delivered within {timeout}s: {counts(db)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--outage-messages", type=int, default=None)
    parser.add_argument("--outage-seconds", type=float, default=3.0)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--error-rate", type=float, default=0.02)
    parser.add_argument("--drop-rate", type=float, default=0.01)
    parser.add_argument("--drop-after-store-rate", type=float, default=0.01)
    parser.add_argument("--latency-ms", type=float, default=1.0)
    parser.add_argument("--rate-limit-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    outage_messages = args.messages // 10 if args.outage_messages is None else args.outage_messages

    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name, 'bench.sqlite3').as_posix()}"
    db = open_database(url)
    upgrade(db.engine, backup=False)
    with db.reader() as s:
        if s.scalar(select(func.count()).select_from(OutboxMessage)):
            raise SystemExit("the database already has outbox messages; give an empty one")

    port = free_port()
    sim = start_simulator(port, args.seed)
    base = f"http://127.0.0.1:{port}"
    admin = httpx.Client(
        base_url=base, timeout=10, headers={"Authorization": f"Bearer {SIM_TOKEN}"}
    )
    try:
        admin.put(
            "/sim/faults",
            json={
                "error_rate": args.error_rate,
                "drop_rate": args.drop_rate,
                "drop_after_store_rate": args.drop_after_store_rate,
                "latency_ms": args.latency_ms,
                "rate_limit_rate": args.rate_limit_rate,
            },
        ).raise_for_status()
        last_case = queue_cases(db, 0, args.messages)

        config = SenderConfig(
            name="bench/forward",
            parallel_cases=args.parallel,
            poll_seconds=0.2,
            fetch_changes_seconds=0,
            backoff_base_seconds=0.2,
            backoff_cap_seconds=5,
            offline_probe_cap_seconds=1,
            heartbeat_seconds=2,
            offline_after_failures=max(3, args.parallel // 2),
        )
        client = OnlineHallClient(
            base,
            Credentials(APP_ID, SECRET.encode(), signer_for("hmac-sha256")),
            max_connections=args.parallel + 2,
        )
        sender = Sender(db, client, config)
        stop = threading.Event()
        thread = threading.Thread(target=sender.run, args=(stop,), daemon=True)
        started = time.monotonic()
        thread.start()
        finished = wait_all_sent(db, args.messages, timeout=max(120, args.messages / 20))
        seconds = finished - started
        result: dict = {
            "backend": db.backend,
            "messages": args.messages,
            "delivered": counts(db)[0],
            "seconds": round(seconds, 2),
            "per_s": round(args.messages / seconds, 1),
        }

        recovery: dict = {}
        if outage_messages:
            admin.put("/sim/faults", json={"down_for_seconds": args.outage_seconds})
            down_until = time.monotonic() + args.outage_seconds
            queue_cases(db, last_case, outage_messages)
            queued_by = time.monotonic()
            total = args.messages + outage_messages
            while time.monotonic() < down_until:
                time.sleep(0.01)
            back_at = time.monotonic()
            done = wait_all_sent(db, total, timeout=max(120, outage_messages / 10))
            recovery = {
                "queued_during_outage": outage_messages,
                "outage_seconds": args.outage_seconds,
                "queued_before_back": queued_by <= back_at,
                "recovery_seconds": round(done - back_at, 2),
                "recovery_per_s": round(outage_messages / max(done - back_at, 1e-9), 1),
            }
        stop.set()
        sender.stop()
        thread.join(timeout=30)
        client.close()

        stats = admin.get("/sim/stats").json()
        total = args.messages + outage_messages
        result.update(
            duplicates=stats["duplicates"],
            recorded=stats["recorded"],
            each_key_once=stats["recorded"] == stats["keys"] == total,
            replayed=stats["replayed"],
            faults_served=stats["faults_served"],
            dropped=stats["dropped"],
            requests=stats["requests"],
            faults={
                "error_rate": args.error_rate,
                "drop_rate": args.drop_rate,
                "drop_after_store_rate": args.drop_after_store_rate,
                "latency_ms": args.latency_ms,
                "rate_limit_rate": args.rate_limit_rate,
            },
            parallel=args.parallel,
            recovery=recovery,
        )
        # order per case: the simulator's history against the outbox order
        cases = admin.get("/sim/cases").json()
        with db.reader() as s:
            expected: dict[str, list[str]] = {}
            for case_no, key in s.execute(
                select(OutboxMessage.case_no, OutboxMessage.idempotency_key).order_by(
                    OutboxMessage.id
                )
            ):
                expected.setdefault(case_no, []).append(key)
        received = {c["case_no"]: [e["idempotency_key"] for e in c["events"]] for c in cases}
        result["order_kept"] = received == expected
    finally:
        admin.close()
        sim.terminate()
        sim.wait(timeout=10)
        db.dispose()
        tmp.cleanup()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
