"""Document rendering times (issue 5). Prints JSON with --json.

    .venv/bin/python tests/benchmarks/printing.py --json

ticket_ms / notice_ms: render a queue ticket / an acceptance notice to PDF bytes, warm (fonts
registered, one render done), median and p95 over --runs renders with varying content.
raster_ms: the ticket PDF to the 576-dot ESC/POS image. font_load_ms: registering the bundled
fonts in a fresh process (what the first document of the day pays once).
Targets: ticket ≤ 20 ms, notice ≤ 60 ms at p95.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2)}


def _font_load_ms() -> float:
    code = (
        "import time; t=time.perf_counter(); from printing.fonts import register_fonts;"
        "register_fonts(); print((time.perf_counter()-t)*1000)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return round(float(out.stdout.strip()), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    from app.domain.codes import DocumentKind
    from printing.escpos_out import rasterize_ticket
    from printing.render import render_document
    from printing.samples import sample_documents

    docs = sample_documents()
    ticket, notice = docs[DocumentKind.QUEUE_TICKET], docs[DocumentKind.ACCEPTANCE_NOTICE]
    render_document(ticket), render_document(notice)  # warm up

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    ticket_ms, notice_ms, raster_ms = [], [], []
    for i in range(args.runs):
        t = replace(ticket, ticket_no=f"A{i:03d}", qr_text=f"{ticket.qr_text}&n={i}")
        ticket_ms.append(timed(lambda t=t: render_document(t)))
        n = replace(notice, desk=replace(notice.desk, case_no=f"{notice.desk.case_no[:-4]}{i:04d}"))
        notice_ms.append(timed(lambda n=n: render_document(n)))
    pdf = render_document(ticket)
    for _ in range(max(5, args.runs // 4)):
        raster_ms.append(timed(lambda: rasterize_ticket(pdf)))
    result = {
        "ticket_ms": _stats(ticket_ms),
        "notice_ms": _stats(notice_ms),
        "raster_ms": _stats(raster_ms),
        "font_load_ms": _font_load_ms(),
        "runs": args.runs,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
