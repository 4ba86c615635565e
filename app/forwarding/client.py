"""The desk's side of the contract (docs/online-hall-openapi.yaml), over httpx.

Every call signs at send time (fresh timestamp and nonce) and never raises for an HTTP answer or
a network failure: it returns an :class:`Answer` whose `outcome` the sender acts on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from app.clock import utcnow
from app.domain.outbox import Outcome, answer_text, classify, parse_retry_after
from app.forwarding.signing import Credentials, sign_request

EVENTS_PATH = "/v1/case-events"
CHANGES_PATH = "/v1/changes"
HEALTH_PATH = "/v1/health"
HEADER_IDEMPOTENCY_KEY = "Idempotency-Key"
HEADER_REPLAYED = "Idempotent-Replayed"
USER_AGENT = "HallDesk-forwarder/1"


@dataclass(frozen=True)
class OutgoingEvent:
    """One case event as it goes on the wire; built from an outbox row."""

    idempotency_key: str
    case_no: str
    event_type: str
    data_version: int
    occurred_at: str
    data: dict[str, Any]
    detail: dict[str, Any] | None = None

    def body(self) -> bytes:
        """The exact bytes sent: canonical JSON (sorted keys, no spaces, UTF-8), so every retry of
        a message sends the same body whatever order the database returned the payload's keys in."""
        doc = {
            "idempotency_key": self.idempotency_key,
            "case_no": self.case_no,
            "event_type": self.event_type,
            "data_version": self.data_version,
            "occurred_at": self.occurred_at,
            "data": self.data,
            "detail": self.detail,
        }
        return canonical_json(doc)


def canonical_json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no HTTP answer (network)
    outcome: Outcome
    retry_after: float | None = None
    error: str | None = None  # short text for the outbox row and the status mark
    replayed: bool = False
    body: dict[str, Any] | None = None


@dataclass(frozen=True)
class RemoteChange:
    seq: int
    id: str
    case_no: str
    kind: str
    at: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class ChangesPage:
    answer: Answer
    changes: list[RemoteChange]
    last_seq: int
    has_more: bool


def _error_text(response: httpx.Response) -> str:
    try:
        doc = response.json()
    except ValueError:
        doc = None
    if isinstance(doc, dict) and "code" in doc:
        errors = doc.get("errors")
        return answer_text(
            response.status_code,
            str(doc.get("code")),
            str(doc.get("message", "")),
            errors if isinstance(errors, list) else None,
        )
    return answer_text(response.status_code, None, response.text[:200], None)


class OnlineHallClient:
    def __init__(
        self,
        endpoint: str,
        credentials: Credentials,
        *,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = utcnow,
        max_connections: int = 16,
        transport: httpx.BaseTransport | None = None,
    ):
        self.endpoint = endpoint.rstrip("/")
        self._base_path = urlsplit(self.endpoint).path.rstrip("/")
        self.credentials = credentials
        self.clock = clock
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OnlineHallClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ requests

    def _send(
        self, method: str, target: str, body: bytes, extra: dict[str, str] | None = None
    ) -> httpx.Response | Answer:
        """`target` is the path and query exactly as signed and sent."""
        signed_target = self._base_path + target
        headers = sign_request(self.credentials, method, signed_target, body, self.clock())
        if body:
            headers["Content-Type"] = "application/json"
        headers.update(extra or {})
        try:
            return self._http.request(
                method, self.endpoint + target, content=body or None, headers=headers
            )
        except httpx.TransportError as exc:
            return Answer(
                None, Outcome.BACKOFF, error=f"网络错误 {type(exc).__name__}: {exc}"[:500]
            )

    def _answer(self, response: httpx.Response) -> Answer:
        outcome = classify(response.status_code)
        retry_after = parse_retry_after(response.headers.get("Retry-After"), utcnow())
        body: dict[str, Any] | None = None
        try:
            parsed = response.json()
            body = parsed if isinstance(parsed, dict) else None
        except ValueError:
            body = None
        return Answer(
            status_code=response.status_code,
            outcome=outcome,
            retry_after=retry_after,
            error=None if outcome is Outcome.DELIVERED else _error_text(response),
            replayed=response.headers.get(HEADER_REPLAYED, "").lower() == "true",
            body=body,
        )

    def push(self, event: OutgoingEvent) -> Answer:
        result = self._send(
            "POST",
            EVENTS_PATH,
            event.body(),
            {HEADER_IDEMPOTENCY_KEY: event.idempotency_key},
        )
        return result if isinstance(result, Answer) else self._answer(result)

    def fetch_changes(self, after: int, limit: int = 100) -> ChangesPage:
        target = f"{CHANGES_PATH}?{urlencode({'after': after, 'limit': limit})}"
        result = self._send("GET", target, b"")
        if isinstance(result, Answer):
            return ChangesPage(result, [], after, False)
        answer = self._answer(result)
        if answer.outcome is not Outcome.DELIVERED or answer.body is None:
            return ChangesPage(answer, [], after, False)
        try:
            changes = [
                RemoteChange(
                    seq=int(c["seq"]),
                    id=str(c["id"]),
                    case_no=str(c["case_no"]),
                    kind=str(c["kind"]),
                    at=str(c["at"]),
                    payload=dict(c.get("payload") or {}),
                )
                for c in answer.body.get("changes", [])
            ]
            return ChangesPage(
                answer,
                changes,
                int(answer.body.get("last_seq", after)),
                bool(answer.body.get("has_more", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            bad = Answer(result.status_code, Outcome.BACKOFF, error=f"变更列表格式错误：{exc}")
            return ChangesPage(bad, [], after, False)

    def health(self) -> tuple[Answer, datetime | None]:
        """Unsigned; the server's clock, to tell clock skew from a bad secret."""
        try:
            response = self._http.get(self.endpoint + HEALTH_PATH)
        except httpx.TransportError as exc:
            return Answer(
                None, Outcome.BACKOFF, error=f"网络错误 {type(exc).__name__}: {exc}"
            ), None
        answer = self._answer(response)
        server_time = None
        if answer.body and isinstance(answer.body.get("server_time"), str):
            try:
                server_time = datetime.fromisoformat(answer.body["server_time"])
            except ValueError:
                server_time = None
        return answer, server_time
