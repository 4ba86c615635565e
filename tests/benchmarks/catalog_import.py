"""Catalog import: time and peak memory of importing a large JSON or XLSX catalog.

    python tests/benchmarks/catalog_import.py --items 20000
    python tests/benchmarks/catalog_import.py --items 33376 --no-limit --compare HEAD~1
    python tests/benchmarks/catalog_import.py --items 5000 --format xlsx --db postgresql+psycopg://…

Writes a catalog file of --items items in the export format (the demo hall's 32 items repeated
under new implementation codes, with their materials), then imports it into a fresh demo hall in
a child process of its own, so the peak resident memory (ru_maxrss) is the import's. With
--compare REV, the same file is also imported by app/services/catalog.py as it was at REV (the
import before streaming). --no-limit lifts MAX_IMPORT_BYTES for files larger than the program
accepts. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _demo_items() -> list[dict]:
    return json.loads((ROOT / "resources" / "demo" / "service_items.json").read_text("utf-8"))


def write_json(path: Path, count: int) -> None:
    demo = _demo_items()
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for n in range(count):
            item = dict(demo[n % len(demo)])
            item["implementation_code"] = f"BENCH{n:08d}"
            item["name"] = f"{item['name']}（{n}）"
            text = json.dumps(item, ensure_ascii=False, indent=2)
            out.write(("" if n == 0 else ",\n") + text)
        out.write("\n]\n")


def write_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook

    from app.services.catalog import HANDLING_MODES, ITEM_COLUMNS, MATERIAL_COLUMNS

    demo = _demo_items()
    book = Workbook(write_only=True)
    items = book.create_sheet("事项")
    materials = book.create_sheet("材料")
    items.append([label for _, label in ITEM_COLUMNS])
    materials.append([label for _, label in MATERIAL_COLUMNS])
    yes = {True: "是", False: "否"}
    for n in range(count):
        item = dict(demo[n % len(demo)])
        code = f"BENCH{n:08d}"
        row = {
            **item,
            "implementation_code": code,
            "name": f"{item['name']}（{n}）",
            "category_prefix": item.get("category"),
            "handling_modes": "、".join(HANDLING_MODES[m] for m in item["handling_modes"]),
            "active": "是",
        }
        items.append([row.get(key) for key, _ in ITEM_COLUMNS])
        for m in item["materials"]:
            m = {**m, "implementation_code": code}
            for flag in ("required", "electronic_ok", "gap_eligible"):
                m[flag] = yes[bool(m.get(flag, flag == "required"))]
            materials.append([m.get(key) for key, _ in MATERIAL_COLUMNS])
    book.save(path)


def child(args: argparse.Namespace) -> dict:
    from app.db.engine import open_database
    from app.db.migrate import upgrade
    from app.domain.codes import Role
    from app.services import catalog
    from app.services.context import Actor
    from app.services.demo import seed_demo

    db = open_database(args.db)
    upgrade(db.engine, backup=False)
    seed_demo(db)
    if args.implementation == "current":
        module = catalog
        if args.no_limit:
            catalog.MAX_IMPORT_BYTES = 1 << 40
        source = Path(args.file)  # read as a stream
    else:
        old = Path(args.old_source)
        spec = importlib.util.spec_from_file_location("catalog_before", old)
        module = importlib.util.module_from_spec(spec)
        sys.modules["catalog_before"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        source = Path(args.file).read_bytes()  # what the window did before: the whole file
    actor = Actor(1, "admin", Role.ADMIN, "bench")
    rss_before = _rss_mb()
    started = time.perf_counter()
    importer = module.import_xlsx if args.file.endswith(".xlsx") else module.import_json
    result = importer(db, actor, source)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db.dispose()
    return {
        "implementation": args.implementation,
        "created": result.created,
        "updated": result.updated,
        "seconds": round(seconds, 2),
        "items_per_second": round((result.created + result.updated) / seconds),
        "rss_before_mb": round(rss_before),
        "peak_rss_mb": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--format", choices=["json", "xlsx"], default="json")
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--compare", metavar="REV", help="also import with catalog.py at REV")
    parser.add_argument("--no-limit", action="store_true", help="lift MAX_IMPORT_BYTES")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--implementation", default="current", help=argparse.SUPPRESS)
    parser.add_argument("--old-source", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return

    with tempfile.TemporaryDirectory(prefix="halldesk-catalog-bench-") as folder:
        path = Path(folder) / f"catalog.{args.format}"
        started = time.perf_counter()
        (write_xlsx if args.format == "xlsx" else write_json)(path, args.items)
        written = time.perf_counter() - started
        runs = [("current", None)]
        if args.compare:
            old = Path(folder) / "catalog_before.py"
            old.write_bytes(
                subprocess.run(
                    ["git", "show", f"{args.compare}:app/services/catalog.py"],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                ).stdout
            )
            runs.append(("before", old))
        results = []
        for n, (implementation, old_source) in enumerate(runs):
            db = args.db or f"sqlite:///{Path(folder) / f'bench{n}.sqlite3'}"
            command = [sys.executable, __file__, "--child", "--file", str(path), "--db", db]
            command += ["--implementation", implementation]
            if old_source:
                command += ["--old-source", str(old_source)]
            if args.no_limit:
                command.append("--no-limit")
            out = subprocess.run(
                command, check=True, capture_output=True, text=True, env=os.environ
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(
            json.dumps(
                {
                    "format": args.format,
                    "items": args.items,
                    "file_mb": round(path.stat().st_size / 1024 / 1024, 1),
                    "write_file_seconds": round(written, 1),
                    "runs": results,
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
