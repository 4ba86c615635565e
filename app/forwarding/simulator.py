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

The simulator is the reference every desk is tested against, so it answers as the contract says
to anything, well-formed or not (tests/forwarding/test_contract_fuzz.py runs a contract fuzzer
against it): 404 for a path and 405 (with ``Allow``) for a method the contract does not have,
400/422 for bodies and queries the schema refuses, never a 5xx except an injected fault. Its own
``/sim/`` paths need ``Authorization: Bearer <token>`` (the token is given, or made up and printed
at start), and what they show of a case has personal data masked (张*, 1101**********002X). A client
that hangs up before its answer is a debug line, not a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import math
import random
import re
import secrets
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app import clock
from app.domain.privacy import mask_address, mask_id_number, mask_mobile, mask_name
from app.forwarding.client import canonical_json
from app.forwarding.contract import schema_errors
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

CONTRACT_VERSION = "1.1"
CHANGE_KINDS = (
    "completed_online",
    "supplement_uploaded",
    "withdrawn_online",
    "rated_online",
    "other",
)
_QUERY_INT = re.compile(r"[0-9]{1,15}")
_METHOD = re.compile(r"[A-Z]{1,20}")
MAX_BODY_BYTES = 1 << 20

# path -> the methods the contract gives it (anything else: 405 with Allow)
ROUTES: dict[str, tuple[str, ...]] = {
    "/v1/health": ("GET",),
    "/v1/case-events": ("POST",),
    "/v1/changes": ("GET",),
    "/": ("GET",),
    "/sim/faults": ("GET", "PUT"),
    "/sim/cases": ("GET",),
    "/sim/stats": ("GET",),
    "/sim/online-changes": ("POST",),
    "/sim/reset": ("POST",),
}


# --------------------------------------------------------------------------- validation


def validate_event(doc: Any) -> list[str]:
    """What is wrong with a CaseEvent body: the contract's schema (app/forwarding/contract.py)
    and the one rule a schema cannot say, that the case named inside is the case sent. [] when
    fine."""
    errors = schema_errors("CaseEvent", doc)
    if not errors:
        inner = doc["data"]["case"]["case_no"]
        if inner != doc["case_no"]:
            errors.append("data.case.case_no: differs from case_no")
    return errors


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (RFC 8259)")


def parse_json(body: bytes) -> Any:
    """A request body as JSON; ValueError for anything that is not JSON text (NaN and Infinity,
    which Python would take, included)."""
    return json.loads(body.decode("utf-8"), parse_constant=_no_constant)


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
        """Apply `changes` (the contract's SimFaults) if every one is valid; else change nothing
        and say what is wrong."""
        errors = [
            problem
            for key, value in changes.items()
            if (problem := _fault_problem(key, value)) is not None
        ]
        if errors:
            return errors
        for key, value in changes.items():
            if key == "down_until":
                self.down_until = None if value is None else float(value)
                continue
            setattr(self, key, type(getattr(self, key))(value))
            if key == "down_for_seconds":
                self.down_until = _epoch() + value if value > 0 else None
        return []


# name -> (integer?, lowest, highest): the bounds of docs/online-hall-openapi.yaml's SimFaults
_FAULT_BOUNDS: dict[str, tuple[bool, float, float]] = {
    "latency_ms": (False, 0, 600_000),
    "latency_after_store_ms": (False, 0, 600_000),
    "error_rate": (False, 0, 1),
    "error_status": (True, 429, 599),
    "burst_errors": (True, 0, 1_000_000),
    "rate_limit_rate": (False, 0, 1),
    "retry_after_seconds": (True, 0, 86_400),
    "drop_rate": (False, 0, 1),
    "drop_after_store_rate": (False, 0, 1),
    "down_for_seconds": (False, 0, 86_400),
    "down_until": (False, 0, 100_000_000_000),
    "clock_offset_seconds": (False, -315_360_000, 315_360_000),
}


def _fault_problem(key: str, value: Any) -> str | None:
    bounds = _FAULT_BOUNDS.get(key)
    if bounds is None:
        return f"{key}: unknown fault"
    if key == "down_until" and value is None:
        return None
    integer, low, high = bounds
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return f"{key}: a number"
    if integer and value != int(value):
        return f"{key}: a whole number"
    if not low <= value <= high:
        return f"{key}: between {low:g} and {high:g}"
    if key == "error_status" and not (value == 429 or 500 <= value <= 599):
        return "error_status: 429 or 500–599"
    return None


def validate_online_change(doc: Any) -> list[str]:
    """What is wrong with a ``POST /sim/online-changes`` body; [] when fine."""
    return schema_errors("SimOnlineChangeRequest", doc)


# what /sim/cases shows of the personal data it received
_MASKS = {
    "applicant_name": mask_name,
    "agent_name": mask_name,
    "legal_representative": mask_name,
    "applicant_id_number": mask_id_number,
    "agent_id_number": mask_id_number,
    "contact_mobile": mask_mobile,
    "address": mask_address,
}


def masked_case(case: SimCase) -> dict[str, Any]:
    doc = asdict(case)
    application = doc["snapshot"].get("application")
    if isinstance(application, dict):
        for name, mask in _MASKS.items():
            if isinstance(application.get(name), str) and application[name]:
                application[name] = mask(application[name])
    return doc


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

    def _body(self) -> bytes | None:
        """The request's body; None when its length is unreadable or too large (answered 400 or
        413 and the connection closed, since the rest of the stream cannot be trusted)."""
        text = self.headers.get("Content-Length") or "0"
        if not _QUERY_INT.fullmatch(text.strip()):
            return None
        length = int(text)
        if length > MAX_BODY_BYTES:
            return None
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
        if self.command != "HEAD":
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

    def __getattr__(self, name: str) -> Any:
        """Any other method (DELETE, PATCH, HEAD, OPTIONS, QUERY …) is dispatched too, to be
        answered 405 with Allow (RFC 9110 §15.5.6) on a path the contract has — not the standard
        library's 501, which would say this server does not know the method at all."""
        if name.startswith("do_") and _METHOD.fullmatch(name[3:]):
            return lambda: self._dispatch(name[3:])
        raise AttributeError(name)

    def _dispatch(self, method: str) -> None:
        body = self._body()
        if body is None:
            self.close_connection = True
            return self._reply(
                400, _error("bad_request", "Content-Length must be a number up to 1 MiB")
            )
        path = urlsplit(self.path).path
        allowed = ROUTES.get(path)
        if allowed is None:
            return self._reply(404, _error("not_found", f"{path} is not part of the contract"))
        if method not in allowed:
            allow = {"Allow": ", ".join(allowed)}
            if method == "OPTIONS":
                return self._reply(204, b"", headers=allow)
            return self._reply(
                405,
                _error("method_not_allowed", f"{path} takes {', '.join(allowed)}"),
                headers=allow,
            )
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
            doc = parse_json(body)
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
        query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        after_text = query.get("after", ["0"])[0]
        limit_text = query.get("limit", ["100"])[0]
        if not _QUERY_INT.fullmatch(after_text) or not _QUERY_INT.fullmatch(limit_text):
            return self._reply(
                400, _error("invalid_query", "after and limit are whole numbers ≥ 0")
            )
        after, limit = int(after_text), int(limit_text)
        if not 1 <= limit <= 500:
            return self._reply(400, _error("invalid_query", "limit is 1–500"))
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

    def _token_refused(self) -> bool:
        given = self.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        expected = self.server.token
        if scheme.lower() == "bearer" and hmac.compare_digest(
            token.strip().encode("utf-8", "replace"), expected.encode("utf-8")
        ):
            return False
        self._reply(
            401,
            _error(
                "unauthorized",
                "the simulator's /sim/ paths need Authorization: Bearer <token> "
                "(printed when it started, or HALLDESK_SIM_TOKEN)",
            ),
            headers={"WWW-Authenticate": 'Bearer realm="online-hall-sim"'},
        )
        return True

    def _simulator(self, method: str, path: str, body: bytes) -> None:
        state = self.state
        if path == "/" and method == "GET":  # masked, read-only: for a browser
            return self._reply(200, self._page().encode("utf-8"), content_type="text/html")
        if self._token_refused():
            return None
        if path == "/sim/faults" and method == "GET":
            with state.lock:
                return self._reply(200, canonical_json(asdict(state.faults)))
        if path == "/sim/faults" and method == "PUT":
            try:
                changes = parse_json(body)
            except ValueError:
                return self._reply(400, _error("bad_json", "faults must be a JSON object"))
            if not isinstance(changes, dict):
                return self._reply(400, _error("bad_json", "faults must be a JSON object"))
            errors = schema_errors("SimFaults", changes)
            with state.lock:
                errors = errors or state.faults.update(changes)
                doc = asdict(state.faults)
            if errors:
                return self._reply(422, _error("invalid_body", "bad faults", errors))
            return self._reply(200, canonical_json(doc))
        if path == "/sim/cases" and method == "GET":
            with state.lock:
                doc = [masked_case(c) for c in state.cases.values()]
            return self._reply(200, canonical_json(doc))
        if path == "/sim/stats" and method == "GET":
            with state.lock:
                return self._reply(200, canonical_json(state.stats_doc()))
        if path == "/sim/online-changes" and method == "POST":
            try:
                doc = parse_json(body)
            except ValueError:
                return self._reply(400, _error("bad_json", "give a JSON object"))
            if not isinstance(doc, dict):
                return self._reply(400, _error("bad_json", "give a JSON object"))
            problems = validate_online_change(doc)
            if problems:
                return self._reply(422, _error("invalid_body", "not an online change", problems))
            case_no, kind = doc["case_no"], doc["kind"]
            with state.lock:
                seq = len(state.changes) + 1
                change = {
                    "seq": seq,
                    "id": f"chg-{seq:08d}",
                    "case_no": case_no,
                    "kind": kind,
                    "at": _iso(_epoch()),
                    "payload": doc.get("payload", {}),
                }
                state.changes.append(change)
            return self._reply(201, canonical_json(change))
        if path == "/sim/reset" and method == "POST":
            with state.lock:
                state.reset()
            return self._reply(204, b"")
        raise AssertionError(f"{method} {path} is routed but not handled")

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

    def __init__(self, address: tuple[str, int], state: SimState, verbose: bool, token: str):
        self.state = state
        self.verbose = verbose
        self.token = token
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a desk killed mid-request, a browser tab closed) is no error of
        ours: one debug line. Anything else is logged with its traceback, not printed to stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.debug("client %s went away: %s", client_address, error)
            return
        log.error("online-hall-sim: error serving %s", client_address, exc_info=True)


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
        token: str | None = None,
    ):
        self.state = SimState(apps, seed)
        # for the /sim/ paths; made up when not given (tests and the command print or pass it)
        self.token = token or secrets.token_urlsafe(18)
        self._server = _Server((host, port), self.state, verbose, self.token)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def admin_headers(self) -> dict[str, str]:
        """What a client of the /sim/ paths sends."""
        return {"Authorization": f"Bearer {self.token}"}

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
