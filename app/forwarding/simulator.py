"""`halldesk online-hall-sim`: a reference online hall speaking docs/online-hall-openapi.yaml,
for demos, tests and measurements. Standard library only (ThreadingHTTPServer), in memory.

It checks what a real online hall must check — signatures, a ±5-minute timestamp window,
single-use nonces, idempotency (same key and body: the stored answer again; same key, other
body: 422), that a case is known before its later events (409 `unknown_case` until its application
has arrived — and again after ``POST /sim/reset`` forgets everything), the body against
the contract (422) — keeps every case with its history, and injects faults on command (latency,
an error rate, 5xx bursts, 429 with Retry-After, dropped connections before or after storing, a
down period, a skewed clock) through ``PUT /sim/faults`` or command-line options. ``GET /`` is a
small page listing the cases received.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import random
import re
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app import clock
from app.domain.privacy import mask_id_number, mask_name
from app.forwarding.client import canonical_json
from app.forwarding.signing import (
    HEADER_APP_ID,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_SIGNATURE_METHOD,
    HEADER_TIMESTAMP,
    TIMESTAMP_WINDOW_SECONDS,
    signer_for,
    verify_signature,
)

log = logging.getLogger(__name__)

CONTRACT_VERSION = "1.0"
EVENT_TYPES = (
    "application",
    "acceptance",
    "supplement_request",
    "rejection",
    "process_step",
    "completion",
    "delivery",
    "rating",
)
CHANGE_KINDS = (
    "completed_online",
    "supplement_uploaded",
    "withdrawn_online",
    "rated_online",
    "other",
)
REQUIRED_SET = {
    "application": ("application", "materials"),
    "acceptance": ("acceptance",),
    "supplement_request": ("supplement",),
    "rejection": ("rejection",),
    "process_step": ("process",),
    "completion": ("completion",),
    "delivery": ("delivery",),
    "rating": ("evaluation",),
}
DATA_SETS = (
    "case",
    "application",
    "materials",
    "acceptance",
    "supplement",
    "rejection",
    "process",
    "completion",
    "delivery",
    "evaluation",
)
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
_ID_TYPE = re.compile(r"^\d{3}$")
_REGION = re.compile(r"^\d{6}(\d{6})?$")


# --------------------------------------------------------------------------- validation


def validate_event(doc: Any) -> list[str]:
    """What is wrong with a CaseEvent body, following the contract's schema; [] when fine."""
    if not isinstance(doc, dict):
        return ["body: not an object"]
    errors: list[str] = []
    allowed = {
        "idempotency_key",
        "case_no",
        "event_type",
        "data_version",
        "occurred_at",
        "data",
        "detail",
    }
    for name in sorted(set(doc) - allowed):
        errors.append(f"{name}: not part of CaseEvent")
    for name in ("idempotency_key", "case_no", "event_type", "data_version", "occurred_at", "data"):
        if name not in doc:
            errors.append(f"{name}: required")
    if errors:
        return errors
    if not isinstance(doc["idempotency_key"], str) or not _KEY.match(doc["idempotency_key"]):
        errors.append("idempotency_key: 8–64 of A–Z a–z 0–9 _ . : -")
    if not isinstance(doc["case_no"], str) or not 1 <= len(doc["case_no"]) <= 50:
        errors.append("case_no: a string of 1–50 characters")
    if doc["event_type"] not in EVENT_TYPES:
        errors.append(f"event_type: one of {', '.join(EVENT_TYPES)}")
    version = doc["data_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        errors.append("data_version: an integer ≥ 1")
    if not isinstance(doc["occurred_at"], str) or not _DATETIME.match(doc["occurred_at"]):
        errors.append("occurred_at: RFC 3339 date-time with offset")
    if doc.get("detail") is not None and not isinstance(doc["detail"], dict):
        errors.append("detail: an object or null")
    data = doc["data"]
    if not isinstance(data, dict):
        return errors + ["data: an object"]
    for name in sorted(set(data) - set(DATA_SETS)):
        errors.append(f"data.{name}: not a GB/T 39046 data set of the contract")
    case = data.get("case")
    if not isinstance(case, dict):
        errors.append("data.case: required object")
    else:
        for name in ("case_no", "item_code", "item_name", "case_type", "status", "source"):
            if not isinstance(case.get(name), str) or not case.get(name):
                errors.append(f"data.case.{name}: required string")
        if case.get("case_type") not in ("1", "2", "3", "4"):
            errors.append("data.case.case_type: one of 1, 2, 3, 4")
        if case.get("source") not in ("window", "online", "other"):
            errors.append("data.case.source: window, online or other")
        region = case.get("region_code")
        if region is not None and (not isinstance(region, str) or not _REGION.match(region)):
            errors.append("data.case.region_code: 6 or 12 digits")
        if isinstance(case.get("case_no"), str) and case.get("case_no") != doc.get("case_no"):
            errors.append("data.case.case_no: differs from case_no")
    for name in REQUIRED_SET.get(doc["event_type"], ()):
        if name not in data:
            errors.append(f"data.{name}: required for {doc['event_type']}")
    application = data.get("application")
    if application is not None:
        if not isinstance(application, dict):
            errors.append("data.application: an object")
        else:
            for name in ("applicant_name", "applicant_id_number", "applicant_kind"):
                if not isinstance(application.get(name), str) or not application.get(name):
                    errors.append(f"data.application.{name}: required string")
            if not isinstance(application.get("applicant_id_type"), str) or not _ID_TYPE.match(
                application["applicant_id_type"]
            ):
                errors.append("data.application.applicant_id_type: three digits (GB/T 39046)")
            agent_type = application.get("agent_id_type")
            if agent_type is not None and (
                not isinstance(agent_type, str) or not _ID_TYPE.match(agent_type)
            ):
                errors.append("data.application.agent_id_type: three digits or null")
            applied = application.get("applied_at")
            if not isinstance(applied, str) or not _DATETIME.match(applied):
                errors.append("data.application.applied_at: RFC 3339 date-time")
    materials = data.get("materials")
    if materials is not None:
        if not isinstance(materials, list):
            errors.append("data.materials: an array")
        else:
            for i, material in enumerate(materials):
                if not isinstance(material, dict) or not material.get("name"):
                    errors.append(f"data.materials[{i}].name: required")
                elif not isinstance(material.get("received"), bool):
                    errors.append(f"data.materials[{i}].received: required boolean")
    process = data.get("process")
    if isinstance(process, dict) and process.get("action") not in ("pass", "return", "other"):
        errors.append("data.process.action: pass, return or other")
    evaluation = data.get("evaluation")
    if isinstance(evaluation, dict) and evaluation.get("score") not in (
        None,
        "1",
        "2",
        "3",
        "4",
        "5",
    ):
        errors.append("data.evaluation.score: 1–5")
    return errors


# --------------------------------------------------------------------------- state


@dataclass
class Faults:
    latency_ms: float = 0.0
    latency_after_store_ms: float = 0.0
    error_rate: float = 0.0
    error_status: int = 503
    burst_errors: int = 0
    rate_limit_rate: float = 0.0
    retry_after_seconds: int = 1
    drop_rate: float = 0.0
    drop_after_store_rate: float = 0.0
    down_for_seconds: float = 0.0
    down_until: float | None = None
    clock_offset_seconds: float = 0.0

    def update(self, changes: dict[str, Any]) -> list[str]:
        names = {f.name: f for f in fields(self)}
        errors = []
        for key, value in changes.items():
            if key not in names:
                errors.append(f"{key}: unknown fault")
                continue
            if key == "down_until":
                if value is not None and not isinstance(value, (int, float)):
                    errors.append("down_until: a number or null")
                    continue
                self.down_until = value
                continue
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                errors.append(f"{key}: a number")
                continue
            if key.endswith("_rate") and not 0 <= value <= 1:
                errors.append(f"{key}: between 0 and 1")
                continue
            setattr(self, key, type(getattr(self, key))(value))
            if key == "down_for_seconds":
                self.down_until = _epoch() + value if value > 0 else None
        return errors


@dataclass
class SimCase:
    case_no: str
    data_version: int = 0
    snapshot: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Stored:
    body_sha256: str
    status: int
    response: bytes


class SimState:
    def __init__(self, apps: dict[str, tuple[bytes, str]], seed: int | None = None):
        self.lock = threading.Lock()
        self.apps = {app_id: (secret, signer_for(name)) for app_id, (secret, name) in apps.items()}
        self.faults = Faults()
        self.rng = random.Random(seed)
        self.reset()

    def reset(self) -> None:
        self.nonces: dict[str, float] = {}
        self.idempotency: dict[str, Stored] = {}
        self.cases: dict[str, SimCase] = {}
        self.changes: list[dict[str, Any]] = []
        self.stats = dict.fromkeys(
            (
                "requests",
                "recorded",
                "replayed",
                "conflicts",
                "refused_auth",
                "invalid",
                "unknown_case",
                "dropped",
                "faults_served",
            ),
            0,
        )
        self.faults = Faults()

    def now(self) -> float:
        return _epoch() + self.faults.clock_offset_seconds

    def roll(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate

    def stats_doc(self) -> dict[str, Any]:
        events = sum(len(c.events) for c in self.cases.values())
        keys = len({e["idempotency_key"] for c in self.cases.values() for e in c.events})
        return {
            **self.stats,
            "cases": len(self.cases),
            "events": events,
            "keys": keys,
            "duplicates": events - keys,
        }


def _epoch() -> float:
    """Seconds since 1970 by the program's clock (app.clock), which a test may have shifted; the
    simulated online hall keeps the same time as the desk unless a fault skews it."""
    return clock.utcnow().timestamp()


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def _error(code: str, message: str, errors: list[str] | None = None) -> bytes:
    doc: dict[str, Any] = {"code": code, "message": message}
    if errors:
        doc["errors"] = errors
    return canonical_json(doc)


class _Drop(Exception):
    """Close the connection without an answer."""


# --------------------------------------------------------------------------- HTTP


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each answer would wait ~40 ms
    # for the client's delayed ACK.
    disable_nagle_algorithm = True
    server: _Server

    # quiet unless asked
    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            log.info("%s %s", self.address_string(), format % args)

    @property
    def state(self) -> SimState:
        return self.server.state

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _drop(self) -> None:
        with self.state.lock:
            self.state.stats["dropped"] += 1
        self.close_connection = True

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def _dispatch(self, method: str) -> None:
        body = self._body()
        path = urlsplit(self.path).path
        try:
            if path.startswith("/v1/"):
                self._contract(method, body)
            else:
                self._simulator(method, path, body)
        except _Drop:
            self._drop()

    # ------------------------------------------------------------------ the contract

    def _contract(self, method: str, body: bytes) -> None:
        state = self.state
        with state.lock:
            state.stats["requests"] += 1
            faults = Faults(**asdict(state.faults))
            down = faults.down_until is not None and _epoch() < faults.down_until
            drop = down or state.roll(faults.drop_rate)
            burst = faults.burst_errors > 0
            if burst:
                state.faults.burst_errors -= 1
            error = burst or state.roll(faults.error_rate)
            limited = not error and state.roll(faults.rate_limit_rate)
        if drop:
            raise _Drop
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000)
        path = urlsplit(self.path).path
        if path == "/v1/health" and method == "GET":
            doc = {
                "status": "ok",
                "server_time": _iso(state.now()),
                "contract_version": CONTRACT_VERSION,
            }
            return self._reply(200, canonical_json(doc))
        if error:
            with state.lock:
                state.stats["faults_served"] += 1
            if faults.error_status == 429:
                return self._reply(
                    429,
                    _error("rate_limited", "请求过于频繁"),
                    headers={"Retry-After": str(faults.retry_after_seconds)},
                )
            return self._reply(
                faults.error_status, _error("unavailable", "暂时无法处理，请稍后重试")
            )
        if limited:
            with state.lock:
                state.stats["faults_served"] += 1
            return self._reply(
                429,
                _error("rate_limited", "请求过于频繁"),
                headers={"Retry-After": str(faults.retry_after_seconds)},
            )
        refused = self._check_signature(method, body)
        if refused is not None:
            with state.lock:
                state.stats["refused_auth"] += 1
            return self._reply(401, refused)
        if path == "/v1/case-events" and method == "POST":
            return self._push(body, faults)
        if path == "/v1/changes" and method == "GET":
            return self._changes()
        return self._reply(404, _error("not_found", f"{method} {path} is not part of the contract"))

    def _check_signature(self, method: str, body: bytes) -> bytes | None:
        state = self.state
        headers = {
            name: self.headers.get(name, "")
            for name in (
                HEADER_APP_ID,
                HEADER_TIMESTAMP,
                HEADER_NONCE,
                HEADER_SIGNATURE,
                HEADER_SIGNATURE_METHOD,
            )
        }
        missing = [name for name, value in headers.items() if not value]
        if missing:
            return _error("missing_headers", "missing " + ", ".join(missing))
        app = state.apps.get(headers[HEADER_APP_ID])
        if app is None:
            return _error("unknown_app", f"unknown app id {headers[HEADER_APP_ID]!r}")
        secret, signer = app
        if headers[HEADER_SIGNATURE_METHOD] != signer.method:
            return _error("bad_signature", f"this app signs with {signer.method}")
        try:
            timestamp = int(headers[HEADER_TIMESTAMP])
        except ValueError:
            return _error("stale_timestamp", "X-Timestamp is not Unix seconds")
        skew = timestamp - state.now()
        if abs(skew) > TIMESTAMP_WINDOW_SECONDS:
            return _error(
                "stale_timestamp",
                f"timestamp is {skew:+.0f} s from the server's clock (allowed ±{TIMESTAMP_WINDOW_SECONDS} s)",
            )
        if not verify_signature(secret, signer, method, self.path, headers, body):
            return _error("bad_signature", "signature does not match")
        nonce = headers[HEADER_NONCE]
        with state.lock:
            if nonce in state.nonces:
                return _error("nonce_reused", "this nonce was already used")
            now = _epoch()
            state.nonces[nonce] = now + 2 * TIMESTAMP_WINDOW_SECONDS
            if len(state.nonces) > 200_000:
                state.nonces = {n: t for n, t in state.nonces.items() if t > now}
        return None

    def _push(self, body: bytes, faults: Faults) -> None:
        state = self.state
        key = self.headers.get("Idempotency-Key", "")
        if not key:
            return self._reply(400, _error("missing_headers", "Idempotency-Key is required"))
        body_sha = hashlib.sha256(body).hexdigest()
        new = False
        with state.lock:
            stored = state.idempotency.get(key)
            if stored is not None:
                if stored.body_sha256 != body_sha:
                    state.stats["conflicts"] += 1
                    status, answer, extra = (
                        422,
                        _error(
                            "idempotency_conflict",
                            "this Idempotency-Key was used with another body",
                        ),
                        {},
                    )
                else:
                    state.stats["replayed"] += 1
                    status, answer, extra = (
                        stored.status,
                        stored.response,
                        {"Idempotent-Replayed": "true"},
                    )
            else:
                status, answer, extra = self._record(key, body, body_sha)
                new = status == 201
        if new:
            if faults.latency_after_store_ms:
                time.sleep(faults.latency_after_store_ms / 1000)
            with state.lock:
                lose = state.roll(faults.drop_after_store_rate)
            if lose:
                raise _Drop
        self._reply(status, answer, headers=extra)

    def _record(self, key: str, body: bytes, body_sha: str) -> tuple[int, bytes, dict[str, str]]:
        """Under the state lock."""
        state = self.state
        try:
            doc = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            state.stats["invalid"] += 1
            return 400, _error("bad_json", f"body is not UTF-8 JSON: {exc}"), {}
        if isinstance(doc, dict) and doc.get("idempotency_key") != key:
            state.stats["invalid"] += 1
            return 400, _error("key_mismatch", "Idempotency-Key header and body differ"), {}
        problems = validate_event(doc)
        if problems:
            state.stats["invalid"] += 1
            return 422, _error("invalid_body", "body does not follow the contract", problems), {}
        case = state.cases.get(doc["case_no"])
        if case is None and doc["event_type"] != "application":
            state.stats["unknown_case"] += 1
            return (
                409,
                _error("unknown_case", "no application has arrived for this case; send it first"),
                {},
            )
        if case is None:
            case = state.cases[doc["case_no"]] = SimCase(doc["case_no"])
        received = _iso(_epoch())
        event = {
            "event_seq": len(case.events) + 1,
            "idempotency_key": key,
            "event_type": doc["event_type"],
            "data_version": doc["data_version"],
            "occurred_at": doc["occurred_at"],
            "received_at": received,
        }
        case.events.append(event)
        if doc["data_version"] >= case.data_version:
            case.data_version = doc["data_version"]
            for name, value in doc["data"].items():
                if value is not None:
                    case.snapshot[name] = value
        state.stats["recorded"] += 1
        answer = canonical_json(
            {
                "status": "recorded",
                "idempotency_key": key,
                "case_no": case.case_no,
                "event_seq": event["event_seq"],
                "data_version": doc["data_version"],
                "received_at": received,
            }
        )
        state.idempotency[key] = Stored(body_sha, 201, answer)
        return 201, answer, {}

    def _changes(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        try:
            after = int(query.get("after", ["0"])[0])
            limit = max(1, min(500, int(query.get("limit", ["100"])[0])))
        except ValueError:
            return self._reply(400, _error("invalid_body", "after and limit are integers"))
        with self.state.lock:
            newer = [c for c in self.state.changes if c["seq"] > after]
        page = newer[:limit]
        doc = {
            "changes": page,
            "last_seq": page[-1]["seq"] if page else after,
            "has_more": len(newer) > limit,
        }
        self._reply(200, canonical_json(doc))

    # ------------------------------------------------------------------ simulator only

    def _simulator(self, method: str, path: str, body: bytes) -> None:
        state = self.state
        if path == "/" and method == "GET":
            return self._reply(200, self._page().encode("utf-8"), content_type="text/html")
        if path == "/sim/faults" and method == "GET":
            with state.lock:
                return self._reply(200, canonical_json(asdict(state.faults)))
        if path == "/sim/faults" and method == "PUT":
            try:
                changes = json.loads(body or b"{}")
            except ValueError:
                return self._reply(400, _error("bad_json", "faults must be a JSON object"))
            if not isinstance(changes, dict):
                return self._reply(400, _error("bad_json", "faults must be a JSON object"))
            with state.lock:
                errors = state.faults.update(changes)
                doc = asdict(state.faults)
            if errors:
                return self._reply(422, _error("invalid_body", "bad faults", errors))
            return self._reply(200, canonical_json(doc))
        if path == "/sim/cases" and method == "GET":
            with state.lock:
                doc = [asdict(c) for c in state.cases.values()]
            return self._reply(200, canonical_json(doc))
        if path == "/sim/stats" and method == "GET":
            with state.lock:
                return self._reply(200, canonical_json(state.stats_doc()))
        if path == "/sim/online-changes" and method == "POST":
            try:
                doc = json.loads(body)
                case_no, kind = str(doc["case_no"]), str(doc["kind"])
            except (ValueError, KeyError, TypeError):
                return self._reply(400, _error("bad_json", "give case_no and kind"))
            if kind not in CHANGE_KINDS:
                return self._reply(422, _error("invalid_body", f"kind: one of {CHANGE_KINDS}"))
            with state.lock:
                seq = len(state.changes) + 1
                change = {
                    "seq": seq,
                    "id": f"chg-{seq:08d}",
                    "case_no": case_no,
                    "kind": kind,
                    "at": _iso(_epoch()),
                    "payload": doc.get("payload") or {},
                }
                state.changes.append(change)
            return self._reply(201, canonical_json(change))
        if path == "/sim/reset" and method == "POST":
            with state.lock:
                state.reset()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self._reply(404, _error("not_found", f"{method} {path}"))

    def _page(self) -> str:
        state = self.state
        with state.lock:
            cases = sorted(state.cases.values(), key=lambda c: c.case_no)[-500:]
            stats = state.stats_doc()
            faults = asdict(state.faults)
        rows = []
        for case in cases:
            app = case.snapshot.get("application") or {}
            item = (case.snapshot.get("case") or {}).get("item_name", "")
            history = " → ".join(e["event_type"] for e in case.events)
            rows.append(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                    html.escape(case.case_no),
                    html.escape(str(item)),
                    html.escape(mask_name(app.get("applicant_name"))),
                    html.escape(mask_id_number(app.get("applicant_id_number"))),
                    case.data_version,
                    html.escape(history),
                )
            )
        active = {k: v for k, v in faults.items() if v not in (0, 0.0, None, 503, 1)}
        return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>网上大厅模拟器</title>
<style>body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;font-size:14px}}th{{background:#eee}}</style></head>
<body><h1>网上大厅模拟器（HallDesk online-hall-sim）</h1>
<p>收到办件 {stats["cases"]} 件，事件 {stats["events"]} 条（新记录 {stats["recorded"]}，
幂等重放 {stats["replayed"]}，重复 {stats["duplicates"]}）；请求 {stats["requests"]}，
签名拒绝 {stats["refused_auth"]}，格式错误 {stats["invalid"]}，未知办件 {stats["unknown_case"]}，
故障注入 {stats["faults_served"]}，断开连接 {stats["dropped"]}。</p>
<p>当前故障：{html.escape(json.dumps(active, ensure_ascii=False)) or "无"}</p>
<table><tr><th>办件编号</th><th>事项</th><th>申请人</th><th>证件号码</th><th>数据版本</th>
<th>事件（按到达顺序）</th></tr>
{"".join(rows) or '<tr><td colspan="6">还没有收到办件</td></tr>'}
</table></body></html>"""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: SimState, verbose: bool):
        self.state = state
        self.verbose = verbose
        super().__init__(address, _Handler)


class OnlineHallSimulator:
    """The simulator as an object: `start()` serves in a background thread (tests), or
    `serve_forever()` in the caller's (the command)."""

    def __init__(
        self,
        apps: dict[str, tuple[bytes, str]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int | None = None,
        verbose: bool = False,
    ):
        self.state = SimState(apps, seed)
        self._server = _Server((host, port), self.state, verbose)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        host = self._server.server_address[0]
        return f"http://{host}:{self.port}"

    def set_faults(self, **changes: Any) -> None:
        with self.state.lock:
            errors = self.state.faults.update(changes)
        if errors:
            raise ValueError("; ".join(errors))

    def start(self) -> OnlineHallSimulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="online-hall-sim", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OnlineHallSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
