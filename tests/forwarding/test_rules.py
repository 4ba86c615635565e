"""Outbox rules and signatures, without a database or a network."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.codes import OutboxStatus
from app.domain.outbox import (
    TRANSITIONS,
    Action,
    Outcome,
    TransitionRefused,
    backoff_delay,
    classify,
    next_attempt_at,
    next_state,
    parse_retry_after,
)
from app.forwarding import signing
from app.forwarding.signing import (
    Credentials,
    HmacSha256Signer,
    Sm3HmacSigner,
    sign_request,
    signer_for,
    sm3_digest,
    string_to_sign,
    verify_signature,
)

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "code,outcome",
    [
        (200, Outcome.DELIVERED),
        (201, Outcome.DELIVERED),
        (409, Outcome.CONFLICT),
        (400, Outcome.REJECTED),
        (422, Outcome.REJECTED),
        (404, Outcome.REJECTED),
        (401, Outcome.AUTH_REFUSED),
        (403, Outcome.AUTH_REFUSED),
        (429, Outcome.BACKOFF),
        (500, Outcome.BACKOFF),
        (503, Outcome.BACKOFF),
        (None, Outcome.BACKOFF),
    ],
)
def test_answers_are_classified_as_domain_md_says(code, outcome):
    assert classify(code) is outcome


def test_transition_table():
    P, S, D, X = (
        OutboxStatus.PENDING,
        OutboxStatus.SENT,
        OutboxStatus.DEAD,
        OutboxStatus.DISCARDED,
    )
    assert next_state(P, Action.DELIVERED) is S
    assert next_state(P, Action.BACKOFF) is P
    assert next_state(P, Action.CONFLICT) is D  # after the sender's resync did not help
    assert next_state(P, Action.AUTH_REFUSED) is P
    assert next_state(P, Action.REJECTED) is D
    assert next_state(D, Action.RETRY) is P
    assert next_state(D, Action.DISCARD) is X
    for state, action in [
        (S, Action.RETRY),
        (X, Action.RETRY),
        (P, Action.DISCARD),
        (S, Action.DISCARD),
        (X, Action.DELIVERED),
    ]:
        with pytest.raises(TransitionRefused):
            next_state(state, action)
    # terminal states lead nowhere but to themselves
    assert all(to is S for (frm, _), to in TRANSITIONS.items() if frm is S)
    assert not any(frm is X for frm, _ in TRANSITIONS)


def test_full_jitter_stays_within_the_exponential_ceiling():
    rng = random.Random(1)
    for attempts in range(1, 15):
        ceiling = min(60.0, 0.5 * 2 ** (attempts - 1))
        draws = [
            backoff_delay(attempts, base_seconds=0.5, cap_seconds=60, rng=rng) for _ in range(200)
        ]
        assert all(0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling * 0.8  # spread over the whole range
    assert backoff_delay(10_000, cap_seconds=300, rng=rng) <= 300


def test_retry_after_is_a_floor():
    rng = random.Random(2)
    at = next_attempt_at(Outcome.BACKOFF, 1, NOW, retry_after=30, base_seconds=1, rng=rng)
    assert at >= NOW + timedelta(seconds=30)
    assert next_attempt_at(Outcome.AUTH_REFUSED, 3, NOW) == NOW


def test_retry_after_values():
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after("Mon, 02 Mar 2026 01:00:30 GMT", NOW) == 30
    assert parse_retry_after("Mon, 02 Mar 2026 00:59:00 GMT", NOW) == 0
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_sm3_published_vector_abc():
    # GB/T 32905-2016, example 1
    assert (
        sm3_digest(b"abc").hex()
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    # example 2: "abcd" repeated 16 times
    assert (
        sm3_digest(b"abcd" * 16).hex()
        == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_sm3_hmac_is_the_same_with_and_without_openssl(monkeypatch):
    pytest.importorskip("gmssl")
    with_openssl = [Sm3HmacSigner().sign(k, b"message") for k in (b"key", b"k" * 100)]
    monkeypatch.setattr(signing, "_sm3_constructor", lambda: None)
    assert sm3_digest(b"abc").hex().startswith("66c7f0f4")
    assert [Sm3HmacSigner().sign(k, b"message") for k in (b"key", b"k" * 100)] == with_openssl


def test_hmac_sha256_matches_the_standard_library():
    message = string_to_sign("post", "/v1/case-events", "1700000000", "ab" * 16, b"{}")
    assert message == (
        b"POST\n/v1/case-events\n1700000000\n"
        + b"ab" * 16
        + b"\n"
        + hashlib.sha256(b"{}").hexdigest().encode()
    )
    import hmac

    assert HmacSha256Signer().sign(b"s", message) == hmac.new(b"s", message, "sha256").hexdigest()


@pytest.mark.parametrize("name", ["hmac-sha256", "sm3-hmac"])
def test_sign_and_verify_each_attempt_fresh(name):
    creds = Credentials("app", b"secret", signer_for(name))
    body = '{"case_no":"办件1"}'.encode()
    first = sign_request(creds, "POST", "/v1/case-events", body, NOW)
    second = sign_request(creds, "POST", "/v1/case-events", body, NOW + timedelta(seconds=5))
    assert first["X-Nonce"] != second["X-Nonce"]
    assert first["X-Timestamp"] != second["X-Timestamp"]
    assert first["X-Signature-Method"] == creds.signer.method
    assert verify_signature(b"secret", creds.signer, "POST", "/v1/case-events", first, body)
    assert not verify_signature(
        b"secret", creds.signer, "POST", "/v1/case-events", first, body + b" "
    )
    assert not verify_signature(b"other", creds.signer, "POST", "/v1/case-events", first, body)
    assert not verify_signature(b"secret", creds.signer, "POST", "/v1/changes", first, body)
    assert "secret" not in repr(creds)


def test_answer_text_keeps_the_code_readable():
    from app.domain.outbox import answer_code, answer_text

    text = answer_text(422, "invalid_body", "body does not follow the contract", ["a", "b"])
    assert text == "HTTP 422 invalid_body: body does not follow the contract — a; b"
    assert answer_code(text) == "invalid_body"
    assert answer_code(answer_text(502, None, "<html>", None)) is None
    assert answer_code(None) is None


def test_each_dead_letter_is_explained_in_plain_chinese():
    from app.domain.outbox import ApplicationAtDesk, DeadLetterFacts, explain_dead_letter

    def explain(status, code, application=ApplicationAtDesk.NONE, **more):
        return explain_dead_letter(DeadLetterFacts(status, code, application, **more))

    discarded = explain(
        409,
        "unknown_case",
        ApplicationAtDesk.DISCARDED,
        application_discard_reason="重复受理",
        waiting_behind=2,
    )
    assert "申请消息已被放弃" in discarded.cause
    assert "重复受理" in discarded.advice and "其后还有 2 条" in discarded.advice
    lost = explain(409, "unknown_case", ApplicationAtDesk.SENT)
    assert "找不到此办件" in lost.cause and "重新发送了一遍" in lost.advice
    assert "没有此办件" in explain(409, "out_of_order").cause  # an older server's name for it
    assert "冲突" in explain(409, "version_conflict", ApplicationAtDesk.SENT).cause
    assert "不符合" in explain(422, "invalid_body").cause
    assert "编号相同" in explain(422, "idempotency_conflict").cause
    assert "HTTP 404" in explain(404, "not_found").cause
    for explanation in (discarded, lost, explain(400, "bad_json"), explain(None, None)):
        assert "重发" in explanation.advice or "放弃" in explanation.advice
        assert not any("a" <= ch <= "z" for ch in explanation.cause)  # words, not codes
