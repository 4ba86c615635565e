"""A compressed hall day with faults, as one figure (issue 14).

    python tests/benchmarks/hall_day_chaos.py [--backend postgresql|sqlite|both] [--json]
        [--tickets 2000] [--cases 300] [--windows 20] [--seed 1] [--small]

For each backend, a hall of `--windows` windows lives one compressed day on real processes:
a kiosk process issuing `--tickets` tickets (every fifth printed to a PDF folder), window
processes calling, serving and taking in `--cases` cases (accepted, then processed and completed;
requests for supplements; instant items completed on the spot), each case's notice printed to a
PDF folder, and `halldesk forward` sending every case event to `halldesk online-hall-sim`.
PostgreSQL runs on a cluster the benchmark makes and starts itself on a port of its own
(tests/pgcluster.py), with 5 window processes (3 at --small); SQLite on a file, with 3.

Faults come at random moments of the day (seeded; a moment is a share of the day's tickets
issued), all real:
- the database stopped and started: `pg_ctl stop -m fast` and `-m immediate` on the benchmark's
  own cluster (on SQLite: another program holding the file's exclusive lock past the busy
  timeout);
- a window process killed -9 while it is in the middle of an action (it says which action in a
  file of its own; it is restarted, as the clerk restarts the PC); the kiosk and the forwarder
  killed -9 too;
- the online hall down, throttling (429 with Retry-After), dropping connections before and after
  storing, answering 503 (the simulator's `PUT /sim/faults`);
- the notice and ticket printers failing (their folder replaced by a file for a while);
- a catalog import whose file has bad rows among good ones: refused whole.

At the end it reconciles from the database and the simulator (the workers' journals only say what
a person was told had happened, to find what went missing):
- tickets: numbers unique and gap-free per category and day; every ticket the kiosk handed out is
  there; every ticket's events chain from issue to one final state, and nothing else follows;
- cases: every case a clerk was told of is there; no intended case twice; every case's outbox
  messages were sent, and the online hall holds exactly those events, each once, in the order of
  the outbox;
- printing: every job printed or failed and listed by `unfinished_print_jobs` (补打); the failed ones
  are then reprinted from the list; every printed file is the archived document;
- the catalog: nothing of the bad file imported;
- the audit chain verifies (`verify_audit_log`).

`--json` prints one object: tickets, cases, faults, lost, duplicated, unreconciled,
audit_chain_ok, seconds, and per backend the details. The exit code is 1 when anything was lost,
duplicated or unreconciled, a raw error escaped a worker, or the audit chain does not verify.
A program that ends by itself during the day (a traceback, an exit it should not make) counts as
unreconciled; a forwarder that cannot start while the database is down (a plain message and an exit
code, as documented) is started again and counted apart. `--small` is the CI size
(tests/acceptance/test_hall_day_chaos.py). The workers are this file too (`worker kiosk|windows`).

Figures (2 shared cores, other engineers' work on them; load average 10–36): the default size on
both backends, 35 faults, 0 lost, 0 duplicated, 0 unreconciled, the audit chain whole, in 331 s
and 591 s; `--small` (120 tickets and 20 cases on each backend) in 75–155 s, most of it the
programs' start and the faults' own length, and how busy the cores are.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter as Tally
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

APP_ID = "chaos-hall"
SECRET = "chaos-secret-0123456789abcdef"
SIM_TOKEN = "chaos-sim-token"
SQLITE_BUSY_SECONDS = 2.0  # the window PCs give up on a lock after this (a hall's default: 30)


# =============================================================================== workers


def _resident_id(n: int) -> str:
    """A valid resident ID number (GB 11643), one per n."""
    birth = date(1950, 1, 1) + timedelta(days=(n * 37) % 18000)
    body = f"330102{birth:%Y%m%d}{n % 999 + 1:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


class Journal:
    """What a worker was told happened, one JSON line each, written before it goes on (a kill -9
    after the write loses nothing of it)."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("a", encoding="utf-8")

    def write(self, **entry: Any) -> None:
        entry["t"] = round(time.monotonic(), 3)
        self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.file.flush()


class Doing:
    """The action this process is in, in a file the orchestrator reads to kill it mid-action."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def __call__(self, what: str) -> None:
        data = what.encode().ljust(32)
        os.pwrite(self.fd, data, 0)


def _retrying(journal: Journal, what: str, fn, *, give_up: float = 180.0):
    """Run one action the way a person at the desk does: when the database is away, wait and press
    again (the same data). Anything but the program's own refusals is a raw error: journalled."""
    from app.errors import DatabaseBusy, DatabaseUnavailable

    started = time.monotonic()
    while True:
        try:
            return fn()
        except (DatabaseUnavailable, DatabaseBusy) as exc:
            # DatabaseBusy: "try again a moment later" (a lock held too long, a deadlock)
            if isinstance(exc, DatabaseBusy):
                journal.write(busy=f"{what}: {exc}"[:300])
            if time.monotonic() - started > give_up:
                raise
            time.sleep(0.3)
        except Exception as exc:  # noqa: BLE001 - the program's refusals are re-raised below
            from app.errors import HallDeskError

            if isinstance(exc, HallDeskError):
                raise
            journal.write(raw_error=f"{what}: {type(exc).__name__}: {exc}"[:2000],
                          trace=traceback.format_exc()[-3000:])  # fmt: skip
            time.sleep(0.3)
            if time.monotonic() - started > give_up:
                raise


def worker_kiosk(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from app.db.engine import open_database
    from app.db.models import QueueCategory, Ticket
    from app.services import documents, queue
    from app.services.context import Actor
    from app.settings import Settings

    folder = Path(args.dir)
    journal = Journal(folder / "journal-kiosk.jsonl")
    doing = Doing(folder / f"doing-{os.getpid()}")
    db = open_database(args.db, busy_timeout_seconds=SQLITE_BUSY_SECONDS)
    settings = Settings()
    actor = Actor.station("kiosk", "chaos-kiosk")
    printer = f"{documents.PDF_FOLDER_PREFIX}{folder / 'tickets'}"
    rng = random.Random(args.seed * 1000 + os.getpid())

    def issued_so_far() -> int:
        with db.reader() as s:
            return s.scalar(select(func.count()).select_from(Ticket)) or 0

    categories = _retrying(journal, "categories", lambda: _categories(db, QueueCategory))
    done = _retrying(journal, "count", issued_so_far)
    doing("idle")  # ready
    pace = args.issue_seconds / max(args.tickets, 1)
    next_at = time.monotonic()
    while done < args.tickets:
        category = rng.choice(categories)
        doing("issue")
        issued = _retrying(journal, "issue", lambda c=category: queue.issue_ticket(db, c))
        journal.write(ticket=issued.ticket.id, number=issued.ticket.number)
        done += 1
        if done % 5 == 0:  # a ticket on paper now and then (the rest go to phones)
            doing("print-ticket")
            data = _retrying(
                journal,
                "ticket document",
                lambda i=issued: documents.ticket_document(db, settings, i),
            )
            rendered = _retrying(
                journal,
                "archive ticket",
                lambda d=data, t=issued.ticket.id: documents.archive_document(
                    db, actor, d, ticket_id=t, printer=printer, settings=settings
                ),
            )
            if rendered.job is not None:
                job = rendered.job
                _retrying(
                    journal,
                    "print ticket",
                    lambda j=job: documents.run_device_job(db, j.id, j.printer, settings),
                )
        doing("idle")
        next_at += pace
        time.sleep(max(0.0, next_at - time.monotonic()))
    db.dispose()
    return 0


def _categories(db, QueueCategory) -> list[int]:
    from sqlalchemy import select

    with db.reader() as s:
        return list(s.scalars(select(QueueCategory.id).order_by(QueueCategory.id)))


class Window:
    """One window's clerk: call, (no-show or) start, maybe take in a case, finish."""

    def __init__(self, w: WindowsWorker, counter_id: int, number: int) -> None:
        from app.domain.codes import Role
        from app.services.context import Actor

        self.w = w
        self.counter_id = counter_id
        self.actor = Actor(
            user_id=None, username=f"clerk{number:02d}", role=Role.CLERK, host=f"chaos-w{number}"
        )
        self.ticket_id: int | None = None
        self.status: str | None = None
        self.idle_until = 0.0
        self.reload()

    def reload(self) -> None:
        from app.services import queue

        state = _retrying(
            self.w.journal, "window_state", lambda: queue.window_state(self.w.db, self.counter_id)
        )
        current = state.current
        self.ticket_id = current.id if current else None
        self.status = current.status.value if current else None

    def step(self) -> bool:
        """One action; False when there was nothing to do."""
        from app.errors import HallDeskError
        from app.services import queue
        from app.services.queue import NothingWaiting

        w, db = self.w, self.w.db
        try:
            if self.ticket_id is None:
                if time.monotonic() < self.idle_until:
                    return False
                w.doing("call_next")
                try:
                    ticket = _retrying(
                        w.journal,
                        "call_next",
                        lambda: queue.call_next(db, self.actor, self.counter_id),
                    )
                except NothingWaiting:
                    # the clerk presses F1 again when the board shows someone waiting, not at once
                    self.idle_until = time.monotonic() + w.rng.uniform(0.2, 0.5)
                    return False
                self.ticket_id, self.status = ticket.id, "called"
                w.journal.write(called=ticket.id, counter=self.counter_id)
            elif self.status == "called":
                if w.rng.random() < 0.08:
                    w.doing("no_show")
                    _retrying(
                        w.journal,
                        "no_show",
                        lambda: queue.mark_no_show(db, self.actor, self.counter_id),
                    )
                    self.ticket_id = self.status = None
                else:
                    w.doing("start_service")
                    _retrying(
                        w.journal,
                        "start_service",
                        lambda: queue.start_service(db, self.actor, self.counter_id),
                    )
                    self.status = "serving"
            else:
                if w.wants_case():
                    w.take_in(self, self.ticket_id)
                w.doing("finish_service")
                _retrying(
                    w.journal,
                    "finish_service",
                    lambda: queue.finish_service(db, self.actor, self.counter_id),
                )
                self.ticket_id = self.status = None
        except HallDeskError:
            # refused (e.g. a press repeated after a lost answer had in fact gone through): look
            # at the window as it is now and go on
            self.reload()
        finally:
            w.doing("idle")
        return True


class WindowsWorker:
    def __init__(self, args: argparse.Namespace) -> None:
        from app.db.engine import open_database
        from app.settings import Settings

        self.args = args
        self.folder = Path(args.dir)
        self.index = args.index
        self.journal = Journal(self.folder / f"journal-windows{args.index}.jsonl")
        self.doing = Doing(self.folder / f"doing-{os.getpid()}")
        self.db = open_database(args.db, busy_timeout_seconds=SQLITE_BUSY_SECONDS)
        self.settings = Settings()
        self.rng = random.Random(args.seed * 7919 + os.getpid())
        self.notices = f"pdf-folder:{self.folder / 'notices'}"
        self.counters = [int(c) for c in args.counters.split(",")]
        self.case_quota = args.case_quota
        self.case_rate = args.case_rate
        self.items: dict[str, list[int]] = {}
        self.cases_made = 0

    def setup(self) -> None:
        from sqlalchemy import func, select

        from app.db.models import Case, Counter
        from app.services import catalog

        def load():
            with self.db.reader() as s:
                numbers = dict(
                    s.execute(
                        select(Counter.id, Counter.number).where(Counter.id.in_(self.counters))
                    ).all()
                )
                made = s.scalar(
                    select(func.count()).select_from(Case).where(Case.counter_id.in_(self.counters))
                )
            items = [i for i in catalog.list_items(self.db, include_inactive=False)]
            return numbers, made, items

        numbers, made, items = _retrying(self.journal, "setup", load)
        self.cases_made = made or 0
        for item in items:
            self.items.setdefault(item.case_type, []).append(item.id)
        self.windows = [Window(self, cid, numbers[cid]) for cid in self.counters]

    def wants_case(self) -> bool:
        return self.cases_made < self.case_quota and self.rng.random() < self.case_rate

    def take_in(self, window: Window, ticket_id: int | None) -> None:
        """A case at this window: its decision, then (accepted) processing steps to completion;
        each decision's notice printed."""
        from app.clock import utcnow
        from app.errors import CaseChanged, HallDeskError
        from app.services import intake
        from app.services.applicants import ApplicantInput
        from app.services.intake import IntakeInput, MaterialInput
        from tests.intake_helpers import every_material_received

        db, actor, rng = self.db, window.actor, self.rng
        token = f"{rng.randrange(10**11, 10**12)}"
        roll = rng.random()
        kind = "instant" if roll < 0.15 else "supplement" if roll < 0.3 else "accept"
        item_id = rng.choice(self.items["1" if kind == "instant" else "2"])
        materials = _retrying(
            self.journal, "checklist", lambda: every_material_received(db, item_id)
        )
        if kind == "supplement":
            materials = tuple(
                MaterialInput(
                    name=m.name,
                    material_id=m.material_id,
                    required=m.required,
                    requirement=m.requirement,
                    received=not (m.required and i == 0),
                    mode="original",
                    count=1 if not (m.required and i == 0) else 0,
                )
                for i, m in enumerate(materials)
            )
            if all(m.received for m in materials):
                kind = "accept"
        n = rng.randrange(1, 10**6)
        data = IntakeInput(
            item_id,
            ApplicantInput(
                name=rng.choice(("张三", "李四", "王五", "赵六", "陈七", "刘八", "周九")),
                id_number=_resident_id(n),
                mobile=f"138{n:08d}",
                address=f"临江市人民路{token}号",  # the intent: one case, however often pressed
            ),
            materials=materials,
            ticket_id=ticket_id,
            counter_id=window.counter_id,
        )
        self.doing(f"intake-{kind}")
        try:
            if kind == "instant":
                detail = _retrying(
                    self.journal,
                    "complete_on_spot",
                    lambda: intake.complete_on_spot(db, actor, data, certificate_name="办结凭证"),
                )
            elif kind == "supplement":
                due = utcnow().date() + timedelta(days=30)  # well ahead, whatever the zone
                detail = _retrying(
                    self.journal,
                    "request_supplements",
                    lambda: intake.request_supplements(db, actor, data, due_date=due),
                )
            else:
                detail = _retrying(self.journal, "accept", lambda: intake.accept(db, actor, data))
        except HallDeskError as exc:
            self.journal.write(refused=f"{kind}: {exc}"[:500])
            return
        self.cases_made += 1
        self.journal.write(case=detail.case_no, case_id=detail.id, intent=token, kind=kind)
        self.print_notice(window, detail)
        if kind != "accept":
            return
        steps = [
            ("start", lambda v: intake.start_processing(db, actor, detail.id, expected_version=v)),
            ("step", lambda v: intake.record_step(
                db, actor, detail.id, expected_version=v, step_name="审查", opinion="材料齐全")),
            ("complete", lambda v: intake.complete(
                db, actor, detail.id, expected_version=v, result="granted",
                certificate_name="许可证", certificate_no=f"XK{token}")),
        ]  # fmt: skip
        version = detail.data_version
        for name, action in steps:
            self.doing(f"case-{name}")
            try:
                version = _retrying(
                    self.journal, f"case {name}", lambda a=action, v=version: a(v)
                ).data_version
            except CaseChanged:
                # the press went through although its answer was lost: read it and go on
                current = _retrying(
                    self.journal, "get_case", lambda: intake.get_case(db, detail.id)
                )
                version = current.data_version
                if name == "start" and current.status.value != "in_progress":
                    break
            except HallDeskError as exc:
                self.journal.write(refused=f"case {name} {detail.case_no}: {exc}"[:500])
                break

    def print_notice(self, window: Window, detail) -> None:
        from app.services import case_documents, documents

        doc = _retrying(
            self.journal,
            "notice",
            lambda: case_documents.notice_for(detail, self.settings, self.db),
        )
        if doc is None:
            return
        self.doing("print-notice")
        rendered = _retrying(
            self.journal,
            "archive notice",
            lambda: documents.archive_document(
                self.db,
                window.actor,
                doc,
                case_id=detail.id,
                printer=self.notices,
                settings=self.settings,
                accept_missing_glyphs=True,
            ),
        )
        job = rendered.job
        if job is not None:
            _retrying(
                self.journal,
                "print notice",
                lambda: documents.run_device_job(self.db, job.id, job.printer, self.settings),
            )

    def run(self) -> int:
        self.setup()
        self.doing("idle")  # ready
        stop = Path(self.args.stop_file)
        while True:
            busy = False
            for window in self.windows:
                busy = window.step() or busy
            if not busy:
                if stop.exists():
                    # the kiosk is done: one more look at every window, then the day's end
                    for window in self.windows:
                        window.idle_until = 0.0
                    if any([window.step() for window in self.windows]):
                        continue
                    if self.cases_made < self.case_quota and self.windows:
                        # the day's last applicants came without a ticket
                        self.take_in(self.windows[0], None)
                        continue
                    break
                time.sleep(0.02)
        self.db.dispose()
        return 0


def worker_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=("kiosk", "windows"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tickets", type=int, default=0)
    parser.add_argument("--issue-seconds", type=float, default=60)
    parser.add_argument("--index", type=int, default=0)
    parser.add_argument("--counters", default="")
    parser.add_argument("--case-quota", type=int, default=0)
    parser.add_argument("--case-rate", type=float, default=0.2)
    parser.add_argument("--stop-file", default="")
    args = parser.parse_args(argv)
    if args.role == "kiosk":
        return worker_kiosk(args)
    return WindowsWorker(args).run()


# =============================================================================== orchestrator


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Day:
    """One backend's day: its database, simulator, forwarder, kiosk and windows, and its faults."""

    def __init__(self, backend: str, args: argparse.Namespace, log) -> None:
        self.backend = backend
        self.args = args
        self.log = log
        self.rng = random.Random(f"{args.seed}-{backend}")
        self.folder = Path(tempfile.mkdtemp(prefix=f"halldesk-chaos-{backend}-"))
        self.cluster = None
        self.faults: Tally[str] = Tally()
        self.procs: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, list[str]] = {}
        self.restarts: Tally[str] = Tally()
        self.crashes: list[str] = []
        self.start_refused: Tally[str] = Tally()
        self.log_offset: dict[str, int] = {}
        self.finished: set[str] = set()
        self.stop_file = self.folder / "stop"
        self.lock = threading.RLock()
        self.processes = args.processes or (5 if backend == "postgresql" and not args.small else 3)
        self.processes = min(self.processes, args.windows)

    # ---------------------------------------------------------------- set-up
    def setup(self) -> None:
        from app.db.engine import open_database
        from app.db.migrate import upgrade
        from app.domain.codes import Role
        from app.services import admin, queue
        from app.services.context import Actor
        from app.services.demo import seed_demo

        if self.backend == "postgresql":
            from tests import pgcluster

            problem = pgcluster.available()
            if problem:
                raise SystemExit(f"no private PostgreSQL cluster: {problem}")
            self.cluster = pgcluster.PrivateCluster()
            self.cluster.start()
            self.url = self.cluster.url
        else:
            self.url = f"sqlite:///{(self.folder / 'hall.sqlite3').as_posix()}"
        for sub in ("tickets", "notices"):
            (self.folder / sub).mkdir()
        db = open_database(self.url)
        upgrade(db.engine, backup=False)
        seed_demo(db)
        admin_actor = Actor(user_id=None, username="admin", role=Role.ADMIN, host="chaos-setup")
        counters = {c.number: c for c in admin.list_counters(db)}
        categories = [c.id for c in admin.list_categories(db, include_inactive=False)]
        for number in range(1, self.args.windows + 1):
            if number not in counters:
                served = [
                    categories[number % len(categories)],
                    categories[(number + 3) % len(categories)],
                ]
                counters[number] = admin.save_counter(
                    db, admin_actor, number=number, name=f"{number}号综合窗口",
                    location="C区", category_ids=served,
                )  # fmt: skip
        # every category served somewhere among the windows that open today
        opened = [counters[n] for n in range(1, self.args.windows + 1)]
        served = {cid for c in opened for cid in c.category_ids}
        missing = [cid for cid in categories if cid not in served]
        for k, cid in enumerate(missing):
            c = opened[k % len(opened)]
            admin.save_counter(
                db, admin_actor, number=c.number, name=c.name, location=c.location,
                category_ids=[*c.category_ids, cid], counter_id=c.id,
            )  # fmt: skip
        opener = Actor(user_id=None, username="opener", role=Role.CLERK, host="chaos-setup")
        for c in opened:
            queue.open_counter(db, opener, c.id)
        self.counter_ids = [c.id for c in opened]
        self.items_before = self._item_count(db)
        db.dispose()

    @staticmethod
    def _item_count(db) -> int:
        from sqlalchemy import func, select

        from app.db.models import ServiceItem

        with db.reader() as s:
            return s.scalar(select(func.count()).select_from(ServiceItem)) or 0

    # ---------------------------------------------------------------- processes
    def _env(self) -> dict[str, str]:
        # no settings of the machine's; the program's clock as the benchmark's (a shifted one too)
        keep = ("HALLDESK_CLOCK_OFFSET_SECONDS",)
        env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_") or k in keep}
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def _spawn(self, name: str) -> None:
        log = self.folder / f"{name}.log"
        self.log_offset[name] = log.stat().st_size if log.exists() else 0
        out = log.open("ab")
        self.procs[name] = subprocess.Popen(
            self.commands[name], cwd=ROOT, env=self.envs.get(name, self._env()),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def start_processes(self) -> None:
        args = self.args
        py = sys.executable
        me = str(Path(__file__).resolve())
        self.envs: dict[str, dict[str, str]] = {}
        # the online hall
        self.sim_port = _free_port()
        sim_env = self._env()
        sim_env["HALLDESK_SIM_SECRET"] = SECRET
        sim_env["HALLDESK_SIM_TOKEN"] = SIM_TOKEN
        code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
        self.commands["sim"] = [
            py, "-c", code, "--config", os.devnull, "online-hall-sim", "--port",
            str(self.sim_port), "--app-id", APP_ID, "--seed", str(args.seed),
        ]  # fmt: skip
        self.envs["sim"] = sim_env
        self._spawn("sim")
        import httpx

        self.base = f"http://127.0.0.1:{self.sim_port}"
        self.admin = httpx.Client(
            base_url=self.base, timeout=10, headers={"Authorization": f"Bearer {SIM_TOKEN}"}
        )
        # the gateway PC forwarding
        config = self.folder / "forward.toml"
        config.write_text(
            f'data_dir = "{(self.folder / "forward").as_posix()}"\n'
            f'[database]\nurl = "{self.url}"\nbusy_timeout_seconds = {SQLITE_BUSY_SECONDS}\n'
            f'[online_hall]\nendpoint = "{self.base}"\napp_id = "{APP_ID}"\n'
            'sender_name = "chaos/forward"\nparallel_cases = 8\npoll_seconds = 0.2\n'
            "backoff_base_seconds = 0.2\nbackoff_cap_seconds = 2\nlease_seconds = 10\n"
            "timeout_seconds = 5\n",
            encoding="utf-8",
        )
        fwd_env = self._env()
        fwd_env["HALLDESK_ONLINE_HALL__APP_SECRET"] = SECRET
        self.envs["forward"] = fwd_env
        self.commands["forward"] = [py, "-c", code, "--config", str(config), "forward"]
        self._spawn("forward")
        # the kiosk
        self.commands["kiosk"] = [
            py, me, "worker", "kiosk", "--db", self.url, "--dir", str(self.folder),
            "--seed", str(args.seed), "--tickets", str(args.tickets),
            "--issue-seconds", str(self.issue_seconds),
        ]  # fmt: skip
        # the windows, shared among the processes
        groups = [self.counter_ids[i :: self.processes] for i in range(self.processes)]
        quota = -(-args.cases // self.processes)
        rate = min(1.0, 2.5 * args.cases / max(args.tickets, 1))
        for i, group in enumerate(groups):
            share = (
                min(quota, args.cases - quota * i)
                if i < self.processes - 1
                else (args.cases - quota * (self.processes - 1))
            )
            self.commands[f"windows{i}"] = [
                py, me, "worker", "windows", "--db", self.url, "--dir", str(self.folder),
                "--seed", str(args.seed + i), "--index", str(i),
                "--counters", ",".join(map(str, group)), "--case-quota", str(max(share, 0)),
                "--case-rate", str(rate), "--stop-file", str(self.stop_file),
            ]  # fmt: skip
        workers = [name for name in self.commands if name not in ("sim", "forward")]
        for name in workers:
            self._spawn(name)
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.base}/v1/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the online-hall simulator did not start") from None
                time.sleep(0.1)
        self.sim_faults(**BACKGROUND_FAULTS)
        # the day starts when every PC is up (imports, connections, the window's state)
        deadline = time.monotonic() + 120
        for name in workers:
            path = self.folder / f"doing-{self.procs[name].pid}"
            while not (path.exists() and path.read_bytes().strip()):
                if time.monotonic() > deadline or self.procs[name].poll() is not None:
                    raise SystemExit(f"{self.backend}: {name} did not start (see {name}.log)")
                time.sleep(0.05)

    def sim_faults(self, **faults: Any) -> None:
        self.admin.put("/sim/faults", json=faults).raise_for_status()

    def kill(self, name: str, rng: random.Random, *, mid_action: bool = True) -> str:
        """kill -9, when the process says it is in the middle of an action; restart it."""
        proc = self.procs[name]
        doing = ""
        if mid_action:
            path = self.folder / f"doing-{proc.pid}"
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and proc.poll() is None:
                with contextlib.suppress(OSError):
                    doing = path.read_bytes().decode(errors="replace").strip()
                if doing and doing != "idle":
                    break
                time.sleep(0.001)
        with self.lock:
            if proc.poll() is not None:
                return "already exited"
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            self.restarts[name] += 1
            time.sleep(rng.uniform(0.2, 0.6))  # the PC restarting
            self._spawn(name)
        return doing or "?"

    # ---------------------------------------------------------------- faults
    def fault_plan(self) -> list[tuple[float, str]]:
        """The faults of the day, each at a share of the day's tickets issued."""
        a = self.args
        small = a.small
        kinds: list[str] = []
        if self.backend == "postgresql":
            kinds += ["db_stop_fast"] * (1 if small else 2) + ["db_stop_immediate"]
        else:
            kinds += ["db_locked"] * (1 if small else 2)
        kinds += ["window_kill"] * (2 if small else 4)
        kinds += ["kiosk_kill", "forwarder_kill", "online_hall_down", "throttling", "dropping"]
        kinds += ["errors", "printer_failure", "catalog_bad_rows"]
        if not small:
            kinds += ["online_hall_down", "printer_failure", "window_kill"]
        # when: the share of the day's tickets issued (the day's pace is the machine's, not ours)
        moments = sorted(self.rng.uniform(0.05, 0.95) for _ in kinds)
        self.rng.shuffle(kinds)
        return list(zip(moments, kinds, strict=True))

    def issued(self) -> int:
        """Tickets the kiosk has handed out so far (its journal's lines; no database needed)."""
        try:
            return (self.folder / "journal-kiosk.jsonl").read_bytes().count(b"\n")
        except OSError:
            return 0

    def inject(self, kind: str, rng: random.Random) -> str:
        if kind == "db_stop_fast" or kind == "db_stop_immediate":
            mode = "fast" if kind == "db_stop_fast" else "immediate"
            self.cluster.stop(mode)
            down = rng.uniform(1.0, 2.5) if self.args.small else rng.uniform(1.5, 4.0)
            time.sleep(down)
            self.cluster.start()
            return f"pg_ctl stop -m {mode}, {down:.1f} s down"
        if kind == "db_locked":
            held = SQLITE_BUSY_SECONDS + (
                rng.uniform(0.5, 1.5) if self.args.small else rng.uniform(1.0, 3.0)
            )
            other = sqlite3.connect(self.folder / "hall.sqlite3", isolation_level=None, timeout=30)
            other.execute("BEGIN EXCLUSIVE")
            time.sleep(held)
            other.execute("ROLLBACK")
            other.close()
            return f"exclusive lock held {held:.1f} s"
        if kind == "window_kill":
            name = f"windows{rng.randrange(self.processes)}"
            return f"{name} killed -9 in {self.kill(name, rng)}"
        if kind == "kiosk_kill":
            return f"kiosk killed -9 in {self.kill('kiosk', rng)}"
        if kind == "forwarder_kill":
            self.kill("forward", rng, mid_action=False)
            return "forwarder killed -9 while sending"
        if kind == "online_hall_down":
            seconds = rng.uniform(2.0, 5.0)
            self.sim_faults(down_for_seconds=seconds)
            return f"online hall down {seconds:.1f} s"
        if kind in ("throttling", "dropping", "errors"):
            change = {
                "throttling": {"rate_limit_rate": 0.4, "retry_after_seconds": 1},
                "dropping": {"drop_rate": 0.25, "drop_after_store_rate": 0.25},
                "errors": {"error_rate": 0.4},
            }[kind]
            self.sim_faults(**change)
            seconds = rng.uniform(2.0, 4.0)
            time.sleep(seconds)
            self.sim_faults(**BACKGROUND_FAULTS)
            return f"{kind} {change} for {seconds:.1f} s"
        if kind == "printer_failure":
            # the printers' folders become files: nothing can be written there, until at least
            # one job has failed (or 15 s)
            failed_before = self._failed_jobs()
            started = time.monotonic()
            moved = []
            for sub in ("notices", "tickets"):
                path = self.folder / sub
                path.rename(self.folder / f"{sub}.away")
                path.write_text("not a folder", encoding="utf-8")
                moved.append(path)
            time.sleep(rng.uniform(1.0, 2.0))
            while self._failed_jobs() <= failed_before and time.monotonic() - started < 15:
                time.sleep(0.2)
            for path in moved:
                path.unlink()
                (self.folder / f"{path.name}.away").rename(path)
            return f"printers failing {time.monotonic() - started:.1f} s"
        if kind == "catalog_bad_rows":
            return self.bad_catalog()
        raise AssertionError(kind)

    def bad_catalog(self) -> str:
        from app.db.engine import open_database
        from app.domain.codes import Role
        from app.errors import DatabaseUnavailable
        from app.services import catalog
        from app.services.context import Actor

        demo = json.loads((ROOT / "resources/demo/service_items.json").read_text("utf-8"))
        rows = []
        for n in range(40):
            item = dict(demo[n % len(demo)])
            item["implementation_code"] = f"CHAOS{n:08d}"
            item["name"] = f"{item['name']}（导入{n}）"
            rows.append(item)
        rows[7]["legal_limit_days"] = "二十"  # not a number
        rows[19]["name"] = ""  # no name
        rows[31]["item_type"] = "99x"  # no such type
        path = self.folder / "catalog-bad.json"
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        self.bad_codes = [r["implementation_code"] for r in rows]
        db = open_database(self.url, busy_timeout_seconds=30)
        actor = Actor(user_id=None, username="admin", role=Role.ADMIN, host="chaos-admin")
        try:
            for _ in range(100):
                try:
                    catalog.import_json(db, actor, path)
                    return "catalog with bad rows IMPORTED (wrong)"
                except catalog.CatalogImportError as exc:
                    return f"catalog refused whole: {len(exc.problems)} problems"
                except DatabaseUnavailable:
                    time.sleep(0.5)
            return "catalog import: database unavailable throughout"
        finally:
            db.dispose()

    def _failed_jobs(self) -> int:
        from sqlalchemy import func, select

        from app.db.engine import open_database
        from app.db.models import PrintJob

        db = open_database(self.url, busy_timeout_seconds=10)
        try:
            with db.reader() as s:
                return s.scalar(
                    select(func.count()).select_from(PrintJob).where(PrintJob.status == "failed")
                )
        except Exception:  # noqa: BLE001 - the database may be away by another fault
            return 0
        finally:
            db.dispose()

    def run_faults(self, plan: list[tuple[float, str]], t0: float) -> None:
        """Each fault at its moment, in a thread of its own (they may overlap, as in a hall); two
        of the same group never at once."""
        groups = {"db_stop_fast": "db", "db_stop_immediate": "db", "db_locked": "db"}
        locks: dict[str, threading.Lock] = {}

        def one(index: int, at: float, kind: str) -> None:
            rng = random.Random(f"{self.args.seed}-{self.backend}-{index}")
            while self.issued() < at * self.args.tickets and "kiosk" not in self.finished:
                time.sleep(0.1)
            with locks.setdefault(groups.get(kind, kind), threading.Lock()):
                try:
                    what = self.inject(kind, rng)
                    self.faults[kind] += 1
                    self.log(f"  [{self.backend} {time.monotonic() - t0:6.1f}s] {kind}: {what}")
                except Exception as exc:  # noqa: BLE001 - a fault that could not be made is said
                    self.faults[f"{kind}_failed"] += 1
                    self.log(f"  [{self.backend}] fault {kind} could not be made: {exc!r}")

        for kind in {groups.get(k, k) for _, k in plan}:
            locks[kind] = threading.Lock()
        threads = [
            threading.Thread(target=one, args=(i, at, kind), daemon=True)
            for i, (at, kind) in enumerate(plan)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    # ---------------------------------------------------------------- the day
    def run(self) -> dict:
        started = time.monotonic()
        a = self.args
        self.issue_seconds = a.issue_seconds or max(10.0, a.tickets / (45 if not a.small else 25))
        phases: dict[str, float] = {}
        mark = [started]

        def phase(name: str) -> None:
            now = time.monotonic()
            phases[name] = round(now - mark[0], 1)
            mark[0] = now

        self.setup()
        phase("setup")
        self.log(f"{self.backend}: hall ready in {phases['setup']} s ({self.url})")
        try:
            self.start_processes()
            phase("programs_start")
            t0 = time.monotonic()
            plan = self.fault_plan()
            faults = threading.Thread(target=self.run_faults, args=(plan, t0), daemon=True)
            faults.start()
            self.wait_for("kiosk", stall=180, faults=faults)
            faults.join()
            self.stop_file.touch()
            for name in [n for n in self.commands if n.startswith("windows")]:
                self.wait_for(name, stall=180)
            phase("day")
            self.log(f"  [{self.backend} {time.monotonic() - t0:6.1f}s] windows done")
            self.sim_faults(**NO_FAULTS)
            drained = self.drain(timeout=180)
            phase("forwarding_drain")
            self.log(
                f"  [{self.backend} {time.monotonic() - t0:6.1f}s] forwarding drained: {drained}"
            )
            self.stop("forward")
            result = self.reconcile()
            phase("reconcile")
        finally:
            for name in list(self.procs):
                self.stop(name)
            with contextlib.suppress(Exception):
                self.admin.close()
            if self.cluster is not None:
                self.cluster.destroy()
        phase("teardown")
        result["phase_seconds"] = phases
        result["seconds"] = round(time.monotonic() - started, 1)
        if not self.args.keep:
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            result["folder"] = str(self.folder)
        return result

    def supervise(self) -> None:
        """A program that ended by itself when it should not have (anything but the kiosk or a
        window after the day's end, and not one this benchmark killed) is a finding: counted as
        a crash, said, and restarted so the day can go on."""
        with self.lock:
            for name, proc in self.procs.items():
                code = proc.poll()
                if code is None or name in self.finished:
                    continue
                if code == 0 and (
                    name == "kiosk" or (name.startswith("windows") and self.stop_file.exists())
                ):
                    self.finished.add(name)
                    continue
                with (self.folder / f"{name}.log").open("rb") as f:
                    f.seek(self.log_offset.get(name, 0))
                    since = f.read().decode(errors="replace")
                if name == "forward" and "forwarding to" not in since and "Traceback" not in since:
                    # it could not start: the database did not answer while it connected and
                    # checked the schema (an exit code with a plain message, as documented); the
                    # service manager starts it again
                    self.start_refused[f"{name} (exit {code})"] += 1
                    self.log(
                        f"  {name} refused to start, the database being down; starting it again"
                    )
                    time.sleep(0.5)
                    self._spawn(name)
                    continue
                tail = since[-1500:]
                self.log(
                    f"  {name} ended by itself (exit {code}); restarting. Its log ends:\n{tail}"
                )
                self.crashes.append(f"{name} ended by itself (exit {code})")
                self._spawn(name)

    def progress(self) -> int:
        """How much the PCs have journalled so far (grows while the day moves)."""
        total = 0
        for path in self.folder.glob("journal-*.jsonl"):
            with contextlib.suppress(OSError):
                total += path.stat().st_size
        return total

    def wait_for(self, name: str, stall: float, faults: threading.Thread | None = None) -> None:
        """Until the process ends by itself, its work done (the others supervised meanwhile);
        given up only when no PC has done anything for `stall` seconds (the machine's load sets
        the day's pace, not a deadline)."""
        seen, moved = self.progress(), time.monotonic()
        while True:
            self.supervise()
            if name in self.finished and (faults is None or not faults.is_alive()):
                return
            now = self.progress()
            if now != seen:
                seen, moved = now, time.monotonic()
            elif time.monotonic() - moved > stall:
                raise SystemExit(f"{self.backend}: {name}: nothing done for {stall:.0f} s")
            time.sleep(0.1)

    def stop(self, name: str) -> None:
        self.finished.add(name)
        proc = self.procs.get(name)
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)

    def drain(self, timeout: float) -> dict:
        """Until the forwarder has sent every message (or nothing moves for a while)."""
        from sqlalchemy import func, select

        from app.db.engine import open_database
        from app.db.models import OutboxMessage

        db = open_database(self.url, busy_timeout_seconds=30)
        deadline = time.monotonic() + timeout
        try:
            while True:
                self.supervise()
                with db.reader() as s:
                    counts = dict(
                        s.execute(
                            select(OutboxMessage.status, func.count()).group_by(
                                OutboxMessage.status
                            )
                        ).all()
                    )
                counts = {str(getattr(k, "value", k)): v for k, v in counts.items()}
                if not counts.get("pending") and not counts.get("sending"):
                    return counts
                if time.monotonic() > deadline:
                    return counts
                time.sleep(0.3)
        finally:
            db.dispose()

    # ---------------------------------------------------------------- reconciliation
    def journals(self) -> list[dict]:
        entries = []
        for path in sorted(self.folder.glob("journal-*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError):  # a line cut by kill -9
                    entries.append(json.loads(line))
        return entries

    def reconcile(self) -> dict:
        from sqlalchemy import func, select

        from app.db.engine import open_database
        from app.db.models import (
            Case,
            CaseEvent,
            OutboxMessage,
            PrintedDocument,
            PrintJob,
            ServiceItem,
            Ticket,
            TicketEvent,
        )
        from app.domain.codes import Role
        from app.domain.queue import FINAL
        from app.services import documents
        from app.services.audit_log import verify_audit_log
        from app.services.context import Actor
        from app.settings import Settings

        db = open_database(self.url, busy_timeout_seconds=30)
        journal = self.journals()
        lost: list[str] = []
        duplicated: list[str] = []
        unreconciled: list[str] = [
            f"a program did not live through the day: {c}" for c in self.crashes
        ]
        raw_errors = [e["raw_error"] for e in journal if "raw_error" in e]
        busy = [e["busy"] for e in journal if "busy" in e]

        # ---- tickets
        with db.reader() as s:
            tickets = s.execute(
                select(Ticket.id, Ticket.issue_category_id, Ticket.service_date, Ticket.sequence, Ticket.number,
                       Ticket.status)
            ).all()  # fmt: skip
            events: dict[int, list] = {}
            for row in s.execute(
                select(TicketEvent.ticket_id, TicketEvent.event_type, TicketEvent.from_status,
                       TicketEvent.to_status, TicketEvent.counter_id).order_by(TicketEvent.id)
            ):  # fmt: skip
                events.setdefault(row.ticket_id, []).append(row)
        by_number = Tally((t.issue_category_id, t.service_date, t.sequence) for t in tickets)
        duplicated += [f"ticket number {k} issued {n} times" for k, n in by_number.items() if n > 1]
        seqs: dict[tuple, set[int]] = {}
        for t in tickets:
            seqs.setdefault((t.issue_category_id, t.service_date), set()).add(t.sequence)
        for key, got in seqs.items():
            gaps = set(range(1, max(got) + 1)) - got
            lost += [f"ticket {key} number {n} missing (a gap)" for n in sorted(gaps)]
        ids = {t.id for t in tickets}
        handed = [e["ticket"] for e in journal if "ticket" in e]
        lost += [f"ticket {i} handed out but not in the database" for i in handed if i not in ids]
        finals = {s.value for s in FINAL}
        for t in tickets:
            chain = events.get(t.id, [])
            problem = None
            if (
                not chain
                or chain[0].from_status is not None
                or chain[0].to_status.value != "waiting"
            ):
                problem = "does not start with its issue"
            elif sum(1 for e in chain if e.from_status is None) != 1:
                problem = "issued more than once"
            else:
                for a, b in zip(chain, chain[1:], strict=False):
                    if b.from_status != a.to_status:
                        problem = f"{a.to_status.value} then {b.from_status.value}"
                        break
                    if a.to_status.value in finals:
                        problem = f"an event after its final state {a.to_status.value}"
                        break
            if problem is None and chain[-1].to_status != t.status:
                problem = f"events end {chain[-1].to_status.value}, ticket says {t.status.value}"
            if problem is None and t.status.value not in finals:
                problem = f"left {t.status.value}"
            if problem:
                target = duplicated if "more than once" in problem else unreconciled
                target.append(f"ticket {t.number} (id {t.id}): {problem}")
            calls = [e for e in chain if e.event_type == "call"]
            if len({e.counter_id for e in calls}) > 1:
                duplicated.append(f"ticket {t.number} called at two windows")
        ticket_states = Tally(t.status.value for t in tickets)

        # ---- cases and the online hall
        with db.reader() as s:
            cases = s.execute(select(Case.id, Case.case_no, Case.address, Case.status)).all()
            messages: dict[str, list] = {}
            for m in s.execute(
                select(OutboxMessage.case_no, OutboxMessage.idempotency_key, OutboxMessage.status,
                       OutboxMessage.event_type).order_by(OutboxMessage.id)
            ):  # fmt: skip
                messages.setdefault(m.case_no, []).append(m)
            event_counts = dict(
                s.execute(select(CaseEvent.case_id, func.count()).group_by(CaseEvent.case_id)).all()
            )
        case_nos = {c.case_no for c in cases}
        told = [e for e in journal if "case" in e]
        lost += [f"case {e['case']} taken in but not in the database" for e in told
                 if e["case"] not in case_nos]  # fmt: skip
        intents = Tally(c.address for c in cases)
        duplicated += [
            f"one applicant's case made {n} times ({a})" for a, n in intents.items() if n > 1
        ]
        received = {c["case_no"]: c for c in self.admin.get("/sim/cases").json()}
        stats = self.admin.get("/sim/stats").json()
        if stats["duplicates"]:
            duplicated.append(f"the online hall recorded {stats['duplicates']} events twice")
        for c in cases:
            mine = messages.get(c.case_no, [])
            if not mine:
                lost.append(f"case {c.case_no}: no outbox message")
                continue
            if not event_counts.get(c.id):
                unreconciled.append(f"case {c.case_no}: no case event")
            unsent = [m for m in mine if m.status.value != "sent"]
            if unsent:
                unreconciled.append(
                    f"case {c.case_no}: {len(unsent)} messages {Tally(m.status.value for m in unsent)}"
                )
            keys = [m.idempotency_key for m in mine]
            there = [e["idempotency_key"] for e in received.get(c.case_no, {}).get("events", [])]
            if there == keys:
                continue
            missing = [k for k in keys if k not in there]
            extra = Tally(there) - Tally(keys)
            if missing:
                lost.append(f"case {c.case_no}: {len(missing)} events not at the online hall")
            if extra or len(there) != len(set(there)):
                duplicated.append(f"case {c.case_no}: events twice or unknown at the online hall")
            if not missing and not extra:
                unreconciled.append(f"case {c.case_no}: events out of order at the online hall")
        duplicated += [
            f"case {n} at the online hall but not here" for n in received if n not in case_nos
        ]
        case_states = Tally(c.status.value for c in cases)

        # ---- printing: every failed job is on the list for 补打; then it is reprinted from it
        manager = Actor(user_id=None, username="manager", role=Role.MANAGER, host="chaos-manager")
        settings = Settings()
        with db.reader() as s:
            jobs = s.execute(select(PrintJob.id, PrintJob.status, PrintJob.printer)).all()
        listed = {j.id for j in documents.unfinished_print_jobs(db)}
        failed = [j for j in jobs if j.status.value != "done"]
        not_listed = [j.id for j in failed if j.id not in listed]
        unreconciled += [f"print job {i} failed but not listed for reprint" for i in not_listed]
        reprinted = 0
        for job_id in sorted(listed):
            info = documents.retry_print_job(db, manager, job_id)
            done = documents.run_device_job(db, job_id, info.printer, settings, actor=manager)
            if done.status.value == "done":
                reprinted += 1
            else:
                unreconciled.append(f"print job {job_id} not reprinted: {done.last_error}")
        with db.reader() as s:
            docs = s.execute(select(PrintedDocument.id, PrintedDocument.sha256)).all()
            job_docs = dict(
                s.execute(
                    select(PrintJob.document_id, func.count()).group_by(PrintJob.document_id)
                ).all()
            )
            done_jobs = s.execute(
                select(
                    PrintJob.id, PrintJob.printer, PrintedDocument.doc_no, PrintedDocument.sha256
                )
                .join(PrintedDocument, PrintedDocument.id == PrintJob.document_id)
                .where(PrintJob.status == "done")
            ).all()
        lost += [
            f"document {d.id} archived without a print job" for d in docs if d.id not in job_docs
        ]
        import hashlib

        for j in done_jobs:
            folder = documents.pdf_folder_target(j.printer)
            name = (j.doc_no or "").replace("/", "-")
            target = Path(folder) / f"{name}-{j.id}.pdf"
            if not target.exists() or hashlib.sha256(target.read_bytes()).hexdigest() != j.sha256:
                unreconciled.append(f"print job {j.id} done but its file is not the document")
        printing = {
            "documents": len(docs),
            "jobs": len(jobs),
            "failed_before_reprint": len(failed),
            "listed_for_reprint": len(failed) - len(not_listed),
            "reprinted": reprinted,
        }

        # ---- the catalog: nothing of the bad file
        codes = getattr(self, "bad_codes", [])
        with db.reader() as s:
            imported = s.scalar(
                select(func.count()).select_from(ServiceItem).where(ServiceItem.implementation_code.in_(codes))
            ) if codes else 0  # fmt: skip
        if imported:
            unreconciled.append(f"{imported} items of a refused catalog file were imported")
        if self._item_count(db) != self.items_before:
            unreconciled.append("the catalog changed")

        # ---- the audit chain
        report = verify_audit_log(db)
        db.dispose()
        return {
            "backend": self.backend,
            "windows": self.args.windows,
            "processes": self.processes,
            "tickets": len(tickets),
            "ticket_states": dict(ticket_states),
            "cases": len(cases),
            "case_states": dict(case_states),
            "case_events_at_online_hall": sum(len(c["events"]) for c in received.values()),
            "online_hall": {
                k: stats[k]
                for k in (
                    "requests",
                    "recorded",
                    "replayed",
                    "duplicates",
                    "dropped",
                    "faults_served",
                    "conflicts",
                )
            },  # fmt: skip
            "printing": printing,
            "faults": {**dict(self.faults), "total": sum(self.faults.values())},
            "restarts": dict(self.restarts),
            "crashes": len(self.crashes),
            "start_refused_database_down": dict(self.start_refused),
            "lost": len(lost),
            "duplicated": len(duplicated),
            "unreconciled": len(unreconciled),
            "raw_errors": len(raw_errors),
            "database_busy_retried": len(busy),
            "audit_chain_ok": bool(report.ok),
            "audit_entries": getattr(report, "count", None),
            "problems": (lost + duplicated + unreconciled)[:30],
            "raw_error_samples": raw_errors[:5],
        }


BACKGROUND_FAULTS = {
    "error_rate": 0.02,
    "drop_rate": 0.01,
    "drop_after_store_rate": 0.01,
    "rate_limit_rate": 0.01,
    "latency_ms": 1.0,
}
NO_FAULTS = {
    "error_rate": 0.0,
    "drop_rate": 0.0,
    "drop_after_store_rate": 0.0,
    "rate_limit_rate": 0.0,
    "latency_ms": 0.0,
    "down_for_seconds": 0.0,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "worker":
        return worker_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--tickets", type=int)
    parser.add_argument("--cases", type=int)
    parser.add_argument("--windows", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=0,
                        help="window processes (default: PostgreSQL 5, SQLite and --small 3)")  # fmt: skip
    parser.add_argument("--issue-seconds", type=float, default=0,
                        help="how long the kiosk takes to issue the day's tickets (default: by size)")  # fmt: skip
    parser.add_argument(
        "--small", action="store_true", help="CI size: 120 tickets, 20 cases, 6 windows"
    )
    parser.add_argument("--keep", action="store_true", help="keep the day's folder (logs, PDFs)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    defaults = (120, 20, 6) if args.small else (2000, 300, 20)
    args.tickets = args.tickets or defaults[0]
    args.cases = args.cases or defaults[1]
    args.windows = args.windows or defaults[2]

    def log(message: str) -> None:
        print(message, file=sys.stderr if args.json else sys.stdout, flush=True)

    # the orchestrator's own looks at the database while a fault has it away are expected
    logging.getLogger("app.db.engine").setLevel(logging.ERROR)
    backends = ("postgresql", "sqlite") if args.backend == "both" else (args.backend,)
    started = time.monotonic()
    runs = [Day(b, args, log).run() for b in backends]
    faults: Tally[str] = Tally()
    for r in runs:
        faults.update({k: v for k, v in r["faults"].items() if k != "total"})
    result = {
        "tickets": sum(r["tickets"] for r in runs),
        "cases": sum(r["cases"] for r in runs),
        "faults": {**dict(sorted(faults.items())), "total": sum(faults.values())},
        "lost": sum(r["lost"] for r in runs),
        "duplicated": sum(r["duplicated"] for r in runs),
        "unreconciled": sum(r["unreconciled"] for r in runs),
        "raw_errors": sum(r["raw_errors"] for r in runs),
        "audit_chain_ok": all(r["audit_chain_ok"] for r in runs),
        "seconds": round(time.monotonic() - started, 1),
        "backends": {r["backend"]: r for r in runs},
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        for key in ("tickets", "cases", "faults", "lost", "duplicated", "unreconciled",
                    "raw_errors", "audit_chain_ok", "seconds"):  # fmt: skip
            print(f"{key:>16}: {result[key]}")
        for r in runs:
            print(f"\n{r['backend']}:")
            for key, value in r.items():
                print(f"{key:>28}: {value}")
    bad = result["lost"] or result["duplicated"] or result["unreconciled"] or result["raw_errors"]
    return 1 if bad or not result["audit_chain_ok"] else 0


if __name__ == "__main__":
    sys.exit(main())
