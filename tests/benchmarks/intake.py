"""Intake timings: accepting a case with 8 materials, and case search over a large table.

    python tests/benchmarks/intake.py --db postgresql+psycopg://postgres@127.0.0.1/halldesk_bench --json
    python tests/benchmarks/intake.py --db sqlite:///tmp/bench.sqlite3 --cases 100000 --json

Fills `service_case` up to --cases rows (default 1,000,000) with synthetic cases first (one
INSERT … SELECT generate_series on PostgreSQL; batches on SQLite), then measures through
HallDesk's own services:
- save: `intake.accept` of 有限责任公司设立登记 (8 materials): applicant upsert, case number,
  case + 8 materials, 2 events, 2 outbox messages, audit entry — one transaction;
- search: `intake.search_cases` by case number, by ID number, and by a two-character name prefix.
Prints one JSON object (save_p95_ms, search_p95_ms and the details).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import func, select, text  # noqa: E402

from app.db.engine import open_database  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.db.models import Case, Hall, ServiceItem, User  # noqa: E402
from app.domain.codes import Role  # noqa: E402
from app.domain.identifiers import resident_id_check_char  # noqa: E402
from app.services import intake  # noqa: E402
from app.services.applicants import ApplicantInput  # noqa: E402
from app.services.context import Actor  # noqa: E402
from app.services.demo import seed_demo  # noqa: E402
from app.services.intake import IntakeInput  # noqa: E402
from tests.intake_helpers import every_material_received  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣怡佳琪子涵梓轩一诺浩然雨桐思远晨曦嘉怡"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def fill_postgresql(db, missing: int, hall_id: int, item_id: int, item_code: str) -> None:
    surnames, given = SURNAMES, GIVEN
    with db.engine.begin() as conn:
        conn.execute(
            text(
                """
                INSERT INTO service_case (case_no, query_pin, hall_id, service_item_id, item_code,
                    item_name, case_type, status, source, region_code, applicant_kind,
                    applicant_name, applicant_id_type, applicant_id_number, contact_mobile,
                    applied_at, accepted_at, with_gaps, paused_working_days, extension_days,
                    result_mailed, data_version, created_at)
                SELECT 'B' || lpad(g::text, 12, '0'), lpad((g % 1000000)::text, 6, '0'), :hall,
                    :item, :code, '有限责任公司设立登记', '2', 'accepted', 'window', '330199', '1',
                    substr(p.s, (1 + g % length(p.s))::int, 1)
                        || substr(p.gv, (1 + (g / 7) % length(p.gv))::int, 1)
                        || substr(p.gv, (1 + (g / 131) % length(p.gv))::int, 1),
                    '111', '3301' || lpad((g * 7919 % 100000000000000)::text, 14, '0'),
                    '13' || lpad((g % 1000000000)::text, 9, '0'),
                    now() - (g % 3650) * interval '1 day', now() - (g % 3650) * interval '1 day',
                    false, 0, 0, false, 2, now()
                FROM (SELECT CAST(:surnames AS text) AS s, CAST(:given AS text) AS gv) AS p,
                generate_series(
                    (SELECT coalesce(count(*), 0) FROM service_case) + 1,
                    (SELECT coalesce(count(*), 0) FROM service_case) + :missing) AS g
                """
            ),
            {
                "hall": hall_id,
                "item": item_id,
                "code": item_code,
                "surnames": surnames,
                "given": given,
                "missing": missing,
            },
        )
        conn.execute(text("ANALYZE service_case"))


def fill_sqlite(db, missing: int, start: int, hall_id: int, item_id: int, item_code: str) -> None:
    now = datetime.now(UTC)
    batch = []
    for g in range(start + 1, start + missing + 1):
        name = (
            SURNAMES[g % len(SURNAMES)]
            + GIVEN[(g // 7) % len(GIVEN)]
            + GIVEN[(g // 131) % len(GIVEN)]
        )
        applied = (now - timedelta(days=g % 3650)).strftime("%Y-%m-%d %H:%M:%S.%f")
        batch.append(
            {
                "no": f"B{g:012d}",
                "pin": f"{g % 1000000:06d}",
                "name": name,
                "idn": f"3301{g * 7919 % 10**14:014d}",
                "mobile": f"13{g % 10**9:09d}",
                "applied": applied,
            }
        )
        if len(batch) == 20000 or g == start + missing:
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO service_case (case_no, query_pin, hall_id, service_item_id,"
                        " item_code, item_name, case_type, status, source, region_code,"
                        " applicant_kind, applicant_name, applicant_id_type, applicant_id_number,"
                        " contact_mobile, applied_at, accepted_at, with_gaps, paused_working_days,"
                        " extension_days, result_mailed, data_version, created_at) VALUES (:no,"
                        f" :pin, {hall_id}, {item_id}, '{item_code}', '有限责任公司设立登记', '2',"
                        " 'accepted', 'window', '330199', '1', :name, '111', :idn, :mobile,"
                        " :applied, :applied, 0, 0, 0, 0, 2, :applied)"
                    ),
                    batch,
                )
            batch = []
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--searches", type=int, default=300, help="per kind")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    db = open_database(args.db)
    upgrade(db.engine, backup=False)
    seed_demo(db)
    with db.reader() as s:
        hall_id = s.scalar(select(Hall.id))
        item = s.scalars(
            select(ServiceItem).where(ServiceItem.name == "有限责任公司设立登记")
        ).one()
        item_id, item_code = item.id, item.implementation_code
        user = s.scalars(select(User).where(User.role == Role.CLERK)).first()
        existing = s.scalar(select(func.count()).select_from(Case))
    actor = Actor(user.id, user.username, Role.CLERK, "bench")

    fill_seconds = 0.0
    if existing < args.cases:
        started = time.perf_counter()
        if db.backend == "postgresql":
            fill_postgresql(db, args.cases - existing, hall_id, item_id, item_code)
        else:
            fill_sqlite(db, args.cases - existing, existing, hall_id, item_id, item_code)
        fill_seconds = time.perf_counter() - started

    materials = every_material_received(db, item_id)
    assert len(materials) == 8
    rng = random.Random(4)
    saves = []
    for i in range(args.saves):
        body = f"330106199{rng.randint(0, 9)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}{i % 1000:03d}"
        data = IntakeInput(
            item_id,
            ApplicantInput(
                name="李" + GIVEN[i % len(GIVEN)],
                id_number=body + resident_id_check_char(body),
                mobile="13812345678",
            ),
            materials=materials,
        )
        started = time.perf_counter()
        intake.accept(db, actor, data)
        saves.append((time.perf_counter() - started) * 1000)

    total = args.cases
    searches: dict[str, list[float]] = {"case_no": [], "id_number": [], "name_prefix": []}
    hits: dict[str, int] = {k: 0 for k in searches}
    for _ in range(args.searches):
        g = rng.randint(1, total)
        name = SURNAMES[g % len(SURNAMES)] + GIVEN[(g // 7) % len(GIVEN)]
        for kind, kwargs in (
            ("case_no", {"case_no": f"B{g:012d}"}),
            ("id_number", {"id_number": f"3301{g * 7919 % 10**14:014d}"}),
            ("name_prefix", {"name_prefix": name}),
        ):
            started = time.perf_counter()
            rows = intake.search_cases(db, **kwargs, limit=50)
            searches[kind].append((time.perf_counter() - started) * 1000)
            hits[kind] += bool(rows)
    with db.reader() as s:
        cases = s.scalar(select(func.count()).select_from(Case))
    all_searches = [v for values in searches.values() for v in values]
    result = {
        "backend": db.backend,
        "cases": cases,
        "fill_seconds": round(fill_seconds, 1),
        "save_p50_ms": round(statistics.median(saves), 2),
        "save_p95_ms": round(percentile(saves, 95), 2),
        "search_p95_ms": round(percentile(all_searches, 95), 2),
        "search": {
            kind: {
                "p50_ms": round(statistics.median(v), 2),
                "p95_ms": round(percentile(v, 95), 2),
                "found": hits[kind],
                "queries": len(v),
            }
            for kind, v in searches.items()
        },
        "targets": {"save_p95_ms": 30, "search_p95_ms": 100},
    }
    db.dispose()
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
