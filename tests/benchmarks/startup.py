"""Time from process start to the login window shown (offscreen), and resident memory then.

    python tests/benchmarks/startup.py [--runs 5] [--db URL] [--json]

Each run starts a fresh Python process that imports HallDesk, opens (and on the first run creates,
migrates and seeds) the database, builds the QApplication with the bundled font, and shows the login
dialog; the parent measures wall time from spawning the process to the child's "shown" line. The
first run on a new SQLite file is reported apart ("cold": migration and demo seed included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import os, sys
from app.settings import load_settings
from ui.application import create_application, DeskController
from app.bootstrap import prepare_database
from app.services.hall import get_hall
from app.services.context import this_host
from ui.context import AppContext
settings = load_settings(environ={}, overrides={"database.url": sys.argv[1]})
app = create_application()
db, _ = prepare_database(settings, demo=True)
ctx = AppContext(db=db, settings=settings, host=this_host(), hall=get_hall(db))
dialog = DeskController(ctx).show_login()
app.processEvents()
assert dialog.isVisible()
rss_kb = 0
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
print("SHOWN", rss_kb, flush=True)
"""


def one_run(url: str) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            elapsed = (time.perf_counter() - start) * 1000
            rss_mb = int(line.split()[1]) / 1024
            break
    else:
        raise SystemExit(f"child failed with exit code {proc.wait()}")
    proc.wait()
    return elapsed, rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp, 'bench.sqlite3').as_posix()}"
        cold_ms, cold_rss = one_run(url)
        warm = [one_run(url) for _ in range(args.runs)]
    result = {
        "backend": url.split(":", 1)[0].split("+")[0],
        "runs": args.runs,
        "cold_start_to_login_ms": round(cold_ms, 1),
        "start_to_login_ms_median": round(statistics.median(t for t, _ in warm), 1),
        "start_to_login_ms_max": round(max(t for t, _ in warm), 1),
        "rss_mb_at_login": round(statistics.median(r for _, r in warm), 1),
        "rss_mb_cold": round(cold_rss, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
