"""The Linux bundle in figures: its size, how long it takes to build, and its time to the login
window against running from source.

    python tests/benchmarks/bundle.py [--bundle DIR] [--runs 5] [--json]

Without --bundle it builds one with installer/build_linux.sh into a temporary folder (a cold build:
no PyInstaller cache) and times that. Start-up: each run spawns `halldesk --self-test` offscreen on
an SQLite file and measures wall time from spawning the process to its "首个窗口" line (printed
when the login window is shown): the bundle's program against `python -m ui.main` from this
source tree. The first run on a new file is reported apart ("cold": migration and demo seed
included); the others are the median and the maximum of --runs.
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

ROOT = Path(__file__).resolve().parents[2]


def tree_size(folder: Path) -> int:
    return sum(f.lstat().st_size for f in folder.rglob("*") if not f.is_symlink() and f.is_file())


def build(out: Path) -> tuple[Path, Path, float]:
    started = time.perf_counter()
    subprocess.run(
        ["bash", str(ROOT / "installer" / "build_linux.sh"), "--out", str(out)],
        env={**os.environ, "PYTHON": sys.executable},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    (tarball,) = out.glob("halldesk-*.tar.gz")
    return out / tarball.name.removesuffix(".tar.gz") / "halldesk", tarball, elapsed


def time_to_login(command: list[str], url: str, home: Path, *, demo: bool) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), QT_QPA_PLATFORM="offscreen")
    args = [*command, "--db", url, "--role", "window", "--self-test", *(["--demo"] if demo else [])]
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.startswith("首个窗口") and elapsed is None:
            elapsed = (time.perf_counter() - started) * 1000
    code = proc.wait()
    if elapsed is None or code != 0:
        raise SystemExit(f"{' '.join(args)} failed with exit code {code}")
    return elapsed


def startup(command: list[str], tmp: Path, runs: int) -> dict[str, float]:
    url = f"sqlite:///{(tmp / 'bench.sqlite3').as_posix()}"
    cold = time_to_login(command, url, tmp, demo=True)
    warm = [time_to_login(command, url, tmp, demo=False) for _ in range(runs)]
    return {
        "cold_ms": round(cold, 1),
        "median_ms": round(statistics.median(warm), 1),
        "max_ms": round(max(warm), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bundle", type=Path, help="an existing bundle folder (skips the build)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.bundle:
            bundle = args.bundle.resolve()
        else:
            bundle, tarball, seconds = build(tmp / "build")
            result["build_s"] = round(seconds, 1)
            result["tarball_mb"] = round(tarball.stat().st_size / 2**20, 1)
        result["bundle_mb"] = round(tree_size(bundle) / 2**20, 1)
        result["bundle_files"] = sum(1 for f in bundle.rglob("*") if f.is_file())
        for name, command in (
            ("bundle", [str(bundle / "halldesk")]),
            ("source", [sys.executable, "-m", "ui.main"]),
        ):
            run_dir = tmp / name
            run_dir.mkdir()
            for key, value in startup(command, run_dir, args.runs).items():
                result[f"{name}_to_login_{key}"] = value
    result["runs"] = args.runs
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
