"""Request signatures of the online-hall contract (docs/online-hall-openapi.yaml, "Signature").

The string to sign is five lines joined by "\\n":

    METHOD            upper case, e.g. POST
    PATH              the request target exactly as sent, with the query string if any
    TIMESTAMP         Unix seconds, decimal
    NONCE             32 lowercase hex digits, new for every attempt
    BODY_SHA256       lowercase hex SHA-256 of the exact body bytes (of b"" for no body)

and the signature is the lowercase hex HMAC of it under the app secret, with SHA-256 (default,
``HMAC-SHA256``) or SM3 (``SM3-HMAC``, GB/T 32905). Signing happens at send time, so each retry
carries a fresh timestamp and nonce while the idempotency key stays the same.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

HEADER_APP_ID = "X-App-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
HEADER_SIGNATURE_METHOD = "X-Signature-Method"

TIMESTAMP_WINDOW_SECONDS = 300


class Signer(Protocol):
    method: str

    def sign(self, secret: bytes, message: bytes) -> str: ...


def _sm3_constructor() -> Callable[[], object] | None:
    if "sm3" in hashlib.algorithms_available:
        try:
            hashlib.new("sm3")
            return lambda data=b"": hashlib.new("sm3", data)
        except ValueError:  # listed but disabled by the OpenSSL provider configuration
            pass
    return None


def sm3_digest(data: bytes) -> bytes:
    """SM3 of `data`: OpenSSL's through hashlib where available, else gmssl's (pure Python)."""
    ctor = _sm3_constructor()
    if ctor is not None:
        h = ctor()
        h.update(data)  # type: ignore[attr-defined]
        return h.digest()  # type: ignore[attr-defined]
    try:
        from gmssl import func, sm3  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on the Python build
        raise RuntimeError(
            "本机的 Python 不提供 SM3 算法。请安装 gmssl（pip install 'halldesk[sm3]'），"
            "或把设置项 online_hall.signer 改为 hmac-sha256"
        ) from exc
    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


class HmacSha256Signer:
    method = "HMAC-SHA256"

    def sign(self, secret: bytes, message: bytes) -> str:
        return hmac.new(secret, message, hashlib.sha256).hexdigest()


class Sm3HmacSigner:
    """HMAC (RFC 2104) over SM3: 64-byte blocks, 32-byte digests."""

    method = "SM3-HMAC"
    block_size = 64

    def sign(self, secret: bytes, message: bytes) -> str:
        ctor = _sm3_constructor()
        if ctor is not None:
            return hmac.new(secret, message, ctor).hexdigest()  # type: ignore[arg-type]
        key = sm3_digest(secret) if len(secret) > self.block_size else secret
        key = key.ljust(self.block_size, b"\0")
        inner = sm3_digest(bytes(b ^ 0x36 for b in key) + message)
        return sm3_digest(bytes(b ^ 0x5C for b in key) + inner).hex()


SIGNERS: dict[str, type[HmacSha256Signer] | type[Sm3HmacSigner]] = {
    "hmac-sha256": HmacSha256Signer,
    "sm3-hmac": Sm3HmacSigner,
}
# The header value names the method; settings use the lower-case names above.
SIGNERS_BY_METHOD = {cls.method: cls for cls in SIGNERS.values()}


def signer_for(name: str) -> Signer:
    try:
        return SIGNERS[name.lower()]()
    except KeyError:
        try:
            return SIGNERS_BY_METHOD[name]()
        except KeyError:
            raise ValueError(f"unknown signer {name!r}; one of {', '.join(SIGNERS)}") from None


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return "\n".join([method.upper(), path, timestamp, nonce, body_sha256(body)]).encode("utf-8")


def new_nonce() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Credentials:
    app_id: str
    secret: bytes
    signer: Signer

    def __repr__(self) -> str:  # never show the secret in a log or a traceback
        return f"Credentials(app_id={self.app_id!r}, signer={self.signer.method!r})"


def sign_request(
    credentials: Credentials,
    method: str,
    path: str,
    body: bytes,
    now: datetime,
    nonce: str | None = None,
) -> dict[str, str]:
    """The signature headers for one attempt."""
    timestamp = str(int(now.timestamp()))
    nonce = nonce or new_nonce()
    signature = credentials.signer.sign(
        credentials.secret, string_to_sign(method, path, timestamp, nonce, body)
    )
    return {
        HEADER_APP_ID: credentials.app_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE_METHOD: credentials.signer.method,
        HEADER_SIGNATURE: signature,
    }


def verify_signature(
    secret: bytes, signer: Signer, method: str, path: str, headers: dict[str, str], body: bytes
) -> bool:
    expected = signer.sign(
        secret,
        string_to_sign(
            method, path, headers.get(HEADER_TIMESTAMP, ""), headers.get(HEADER_NONCE, ""), body
        ),
    )
    return hmac.compare_digest(expected, headers.get(HEADER_SIGNATURE, "").lower())
