"""How good is the estimated wait printed on a ticket? A simulated hall day, run through HallDesk's own
queue services with simulated time, compares each ticket's estimate with the wait that followed.

    python tests/benchmarks/estimate_accuracy.py [--seed 7] [--json]

The day: the demo hall's 12 windows and 7 categories, 08:30–17:00 (Asia/Shanghai); arrivals are
Poisson with a morning and an early-afternoon peak; 12 % of tickets are priority where the category
allows it; real service times are log-normal around a per-category mean that differs from the
configured average by a factor 0.6–1.6 (halls rarely configure it right); two windows pause for
half an hour; a clerk calls the next ticket as soon as the last one is done.

Prints tickets, mae_minutes (HallDesk's estimate), baseline_mae_minutes (people ahead × configured
average ÷ windows configured for the category, what peers print), median and p90 absolute errors.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import random
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.db.engine import open_database  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.domain.codes import PriorityReason, Role  # noqa: E402
from app.services import admin, cache, queue  # noqa: E402
from app.services.context import Actor  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402
from app.services.queue import NothingWaiting  # noqa: E402

DAY_START = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
DAY_MINUTES = 8.5 * 60
ARRIVALS_PER_HOUR = {"A": 11, "B": 9, "C": 17, "D": 11, "E": 8, "F": 13, "G": 7}


def arrival_rate(prefix: str, minute: float) -> float:
    """Arrivals per minute at `minute` after opening: peaks at 10:00 and 14:30."""
    base = ARRIVALS_PER_HOUR[prefix] / 60
    shape = (
        0.6
        + 0.9 * math.exp(-(((minute - 90) / 60) ** 2))
        + 0.7 * math.exp(-(((minute - 360) / 50) ** 2))
    )
    return base * shape


def simulate(seed: int) -> dict[str, float | int]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/estimate.sqlite3")
        upgrade(db.engine, backup=False)
        seed_demo(db)
        categories = {c.prefix: c for c in admin.list_categories(db)}
        counters = admin.list_counters(db)
        true_mean = {
            p: float(c.avg_service_minutes) * rng.uniform(0.6, 1.6) for p, c in categories.items()
        }
        windows_for = {
            p: sum(1 for w in counters if c.id in w.category_ids) for p, c in categories.items()
        }
        prefix_of = {c.id: p for p, c in categories.items()}

        def at(minute: float) -> datetime:
            return DAY_START + timedelta(minutes=minute)

        def actor(number: int) -> Actor:
            return Actor(
                user_id=None, username=f"clerk{number:02d}", role=Role.CLERK, host=f"pc{number}"
            )

        events: list[tuple[float, int, str, object]] = []
        order = 0

        def push(minute: float, kind: str, payload: object) -> None:
            nonlocal order
            order += 1
            heapq.heappush(events, (minute, order, kind, payload))

        # Arrivals by thinning a Poisson process per category.
        for prefix in categories:
            peak = max(arrival_rate(prefix, m) for m in range(0, int(DAY_MINUTES)))
            minute = 0.0
            while True:
                minute += rng.expovariate(peak)
                if (
                    minute >= DAY_MINUTES - 30
                ):  # the kiosk stops issuing half an hour before closing
                    break
                if rng.random() < arrival_rate(prefix, minute) / peak:
                    push(minute, "arrive", prefix)
        for w in counters:
            queue.open_counter(db, actor(w.number), w.id, now=at(0))
            push(0.0, "free", w)
        on_break = {w.id for w in rng.sample(counters, 2)}  # 11:00–11:30 away from the window

        issued: dict[int, tuple[float, int, int, int]] = {}  # id → (minute, estimate, baseline)
        errors: list[float] = []
        signed: list[float] = []
        waits: list[float] = []
        baseline_errors: list[float] = []
        idle: set[int] = set()
        while events:
            minute, _, kind, payload = heapq.heappop(events)
            cache.clear()  # the rate cache keys on wall time; the simulation's clock is faster
            if kind == "arrive":
                prefix = payload
                category = categories[prefix]
                priority = category.priority_every_n > 0 and rng.random() < 0.12
                ticket = queue.issue_ticket(
                    db,
                    category.id,
                    priority=priority,
                    priority_reason=PriorityReason.ELDERLY if priority else None,
                    now=at(minute),
                )
                baseline = (
                    ticket.people_ahead
                    * float(category.avg_service_minutes)
                    / max(windows_for[prefix], 1)
                )
                issued[ticket.ticket.id] = (minute, ticket.estimated_wait_minutes, baseline)
                for w in counters:  # a window with nobody to call wakes up
                    if w.id in idle and category.id in w.category_ids:
                        idle.discard(w.id)
                        push(minute, "free", w)
            elif kind == "free":
                w = payload
                if w.id in on_break and 150 <= minute < 180:
                    push(180.0, "free", w)
                    continue
                try:
                    called = queue.call_next(db, actor(w.number), w.id, now=at(minute))
                except NothingWaiting:
                    idle.add(w.id)
                    continue
                start_minute, estimate, baseline = issued.pop(called.id)
                waited = minute - start_minute
                errors.append(abs(estimate - waited))
                signed.append(estimate - waited)
                waits.append(waited)
                baseline_errors.append(abs(baseline - waited))
                prefix = prefix_of[called.category_id]
                mean = true_mean[prefix]
                sigma = 0.5
                service = rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)
                queue.start_service(db, actor(w.number), w.id, now=at(minute + 0.3))
                queue.finish_service(db, actor(w.number), w.id, now=at(minute + 0.3 + service))
                push(minute + 0.3 + service + 0.2, "free", w)
        db.dispose()

    def p90(values: list[float]) -> float:
        ordered = sorted(values)
        return round(ordered[int(0.9 * (len(ordered) - 1))], 1)

    return {
        "tickets": len(errors),
        "unserved_at_close": len(issued),
        "mean_wait_minutes": round(statistics.fmean(waits), 1),
        "mae_minutes": round(statistics.fmean(errors), 2),
        "bias_minutes": round(statistics.fmean(signed), 2),
        "median_abs_error_minutes": round(statistics.median(errors), 1),
        "p90_abs_error_minutes": p90(errors),
        "baseline_mae_minutes": round(statistics.fmean(baseline_errors), 2),
        "baseline_p90_abs_error_minutes": p90(baseline_errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=1, help="simulate several days (seeds seed…)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [simulate(args.seed + i) for i in range(args.days)]
    if len(results) == 1:
        out = results[0]
    else:
        out = {k: round(statistics.fmean(r[k] for r in results), 2) for k in results[0]}
        out["days"] = len(results)
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
