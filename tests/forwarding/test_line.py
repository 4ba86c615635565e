"""The sender's line state machine (app/domain/line.py), without a database, a network or a clock:
every state × event is either in the table or refused, and sequences of events keep the line's
invariants."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.line import (
    PROBING,
    RESUME_DETAIL,
    TRANSITIONS,
    Answered,
    Ended,
    Line,
    LineEvent,
    LinePolicy,
    LineTransitionRefused,
    Refused,
    ResumeRequested,
    Started,
    TransportFailed,
    apply,
    classify,
    next_line_state,
    probe_wait,
    rate_limit_wait,
)
from app.domain.outbox import LineState

AT = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
POLICY = LinePolicy(offline_after_failures=3, backoff_base_seconds=1.0, probe_cap_seconds=30.0)
ST, ON, OFF, STOP, END = (
    LineState.STARTING,
    LineState.ONLINE,
    LineState.OFFLINE,
    LineState.STOPPED,
    LineState.ENDED,
)
E = LineEvent

# The whole table, written out once more by hand: a change to the sender's line is a change here.
EXPECTED = {
    ST: {E.STARTED: ST, E.ANSWERED: ON, E.DOWN: OFF, E.REFUSED: STOP, E.ENDED: END},
    ON: {E.ANSWERED: ON, E.FAILED: ON, E.DOWN: OFF, E.REFUSED: STOP, E.ENDED: END},
    OFF: {E.ANSWERED: ON, E.DOWN: OFF, E.REFUSED: STOP, E.ENDED: END},
    STOP: {
        E.ANSWERED: STOP,
        E.FAILED: STOP,
        E.DOWN: STOP,
        E.REFUSED: STOP,
        E.RESUMED: OFF,
        E.ENDED: END,
    },
    END: {E.STARTED: ST, E.ENDED: END},
}


@pytest.mark.parametrize("state", list(LineState))
@pytest.mark.parametrize("event", list(LineEvent))
def test_every_state_and_event_is_allowed_or_refused(state, event):
    expected = EXPECTED[state].get(event)
    if expected is None:
        assert (state, event) not in TRANSITIONS
        with pytest.raises(LineTransitionRefused) as refused:
            next_line_state(state, event)
        assert refused.value.state is state and refused.value.event is event
    else:
        assert next_line_state(state, event) is expected


def test_the_table_has_nothing_else():
    assert set(TRANSITIONS) == {(s, e) for s, row in EXPECTED.items() for e in row}


def test_only_a_manager_leaves_stopped_and_only_ended_starts():
    leaving_stopped = {e for (s, e), t in TRANSITIONS.items() if s is STOP and t is not STOP}
    assert leaving_stopped == {E.RESUMED, E.ENDED}
    assert {s for (s, e) in TRANSITIONS if e is E.STARTED} == {ST, END}


def failed(status: int | None = 503, retry_after: float | None = None) -> TransportFailed:
    return TransportFailed(AT, f"HTTP {status}", status, retry_after)


def run(line: Line, *events, tick: float = 0.0, seed: int = 1):
    rng = random.Random(seed)
    for event in events:
        line = apply(line, event, tick=tick, policy=POLICY, rng=rng).after
    return line


def test_starting_probes_and_its_first_failure_takes_the_line_down():
    line = run(Line(), Started())
    assert line.state is ST and line.probing
    assert classify(line, failed(), POLICY) is E.DOWN
    down = apply(line, failed(), tick=100.0, policy=POLICY, rng=random.Random(1))
    assert down.changed and down.after.state is OFF and down.after.detail == "HTTP 503"
    assert 100.0 + POLICY.backoff_base_seconds / 4 <= down.after.paused_until <= 101.0


def test_online_goes_offline_at_the_threshold_not_before():
    line = run(Line(), Started(), Answered(AT))
    assert line.state is ON and not line.probing and line.last_success_at == AT
    line = run(line, failed(), failed())
    assert line.state is ON and line.failures_in_row == 2 and line.paused_until == 0.0
    assert classify(line, failed(), POLICY) is E.DOWN
    line = run(line, failed(None), tick=50.0)
    assert line.state is OFF and line.failures_in_row == 3 and line.paused_until >= 50.25


def test_an_answer_after_offline_recovers_and_resets_the_count():
    line = run(Line(), Started(), failed(), failed())
    assert line.state is OFF
    back = apply(
        line, Answered(AT + timedelta(seconds=9)), tick=9, policy=POLICY, rng=random.Random()
    )
    assert back.recovered and back.changed
    assert back.after.state is ON and back.after.failures_in_row == 0 and back.after.detail is None
    # Answers while already online recover nothing.
    again = apply(back.after, Answered(AT), tick=9, policy=POLICY, rng=random.Random())
    assert not again.recovered and not again.changed


def test_refused_stops_and_stays_stopped_until_a_manager_resumes():
    line = run(Line(), Started(), Answered(AT))
    stopped = apply(
        line, Refused(AT, "HTTP 401 stale_timestamp: …"), tick=1, policy=POLICY, rng=random.Random()
    )
    assert stopped.changed and stopped.after.state is STOP
    assert stopped.after.stopped_at == AT and "stale_timestamp" in stopped.after.detail
    assert stopped.after.halted(tick=10**9) and not stopped.after.may_claim(10**9, in_flight=False)
    # What was on the wire comes back: the line stays stopped, the first cause stays shown.
    line = run(stopped.after, Answered(AT), failed(), failed(), failed(), Refused(AT, "other"))
    assert line.state is STOP and "stale_timestamp" in line.detail
    resumed = apply(line, ResumeRequested(), tick=5, policy=POLICY, rng=random.Random())
    assert resumed.resumed and resumed.after.state is OFF and resumed.after.probing
    assert resumed.after.detail == RESUME_DETAIL and resumed.after.failures_in_row == 0
    assert resumed.after.paused_until == 0.0 and resumed.after.stopped_at is None


def test_resume_is_refused_unless_stopped():
    for state in (ST, ON, OFF, END):
        with pytest.raises(LineTransitionRefused):
            apply(Line(state=state), ResumeRequested(), tick=0, policy=POLICY, rng=random.Random())


def test_nothing_but_started_after_ended():
    line = run(Line(), Started(), Ended())
    assert line.state is END
    for event in (Answered(AT), Refused(AT, "x"), failed(), ResumeRequested()):
        with pytest.raises(LineTransitionRefused):
            apply(line, event, tick=0, policy=POLICY, rng=random.Random())


def test_retry_after_pauses_the_whole_sender_whatever_the_state():
    line = run(Line(), Started(), Answered(AT))
    line = run(line, failed(429, retry_after=30.0), tick=1000.0)
    assert line.state is ON and line.paused_until == 1030.0
    assert line.paused(1029.9) and not line.paused(1030.0)
    assert not line.may_claim(1029.9, in_flight=False) and line.may_claim(1030.0, in_flight=False)
    # A shorter Retry-After later does not shorten the pause.
    assert run(line, failed(429, retry_after=1.0), tick=1001.0).paused_until == 1030.0
    # 429 without Retry-After: a jittered wait within the first step of the probe backoff.
    quick = run(Line(state=ON), failed(429), tick=0.0)
    assert 0.0 <= quick.paused_until <= POLICY.backoff_base_seconds


def test_probing_claims_one_case_at_a_time():
    line = run(Line(), Started())
    assert line.may_claim(0.0, in_flight=False) and not line.may_claim(0.0, in_flight=True)
    online = run(line, Answered(AT))
    assert online.may_claim(0.0, in_flight=True)


def test_probe_waits_grow_with_the_failures_and_are_capped():
    policy = LinePolicy(offline_after_failures=3, backoff_base_seconds=1.0, probe_cap_seconds=8.0)

    class Top(random.Random):
        def uniform(self, a, b):  # the ceiling of the full-jitter draw
            return b

    ceilings = [probe_wait(n, policy, Top()) for n in range(3, 9)]
    assert ceilings == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]

    class Bottom(random.Random):
        def uniform(self, a, b):
            return a

    assert probe_wait(3, policy, Bottom()) == 0.25  # never a busy probe
    assert rate_limit_wait(12.0, policy, Bottom()) == 12.0
    assert rate_limit_wait(None, policy, Top()) == 1.0


events = st.one_of(
    st.just(Answered(AT)),
    st.builds(lambda s: failed(s), st.sampled_from([None, 500, 503, 429])),
    st.builds(lambda r: failed(429, r), st.floats(0.5, 120)),
    st.just(Refused(AT, "HTTP 401 bad_signature")),
    st.just(ResumeRequested()),
    st.just(Ended()),
    st.just(Started()),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(events, st.floats(0, 50)), max_size=40), st.integers(0, 2**32))
def test_any_sequence_keeps_the_invariants(steps, seed):
    """Whatever happens: a move is either in the table or refused and leaves the line as it was;
    probing is exactly STARTING/OFFLINE; a pause never moves back except by a manager's resume;
    only 401/403 stops, only a resume or the end leaves STOPPED."""
    rng = random.Random(seed)
    line, tick = Line(), 0.0
    for event, dt in steps:
        tick += dt
        kind = classify(line, event, POLICY)
        if (line.state, kind) not in TRANSITIONS:
            # What a worker reports (an answer, a refusal, a failure) is refused only after the
            # end, when no worker is left: the sender's own events never hit a gap in the table.
            if isinstance(event, (Answered, Refused, TransportFailed)):
                assert line.state is END
            with pytest.raises(LineTransitionRefused):
                apply(line, event, tick=tick, policy=POLICY, rng=rng)
            continue
        t = apply(line, event, tick=tick, policy=POLICY, rng=rng)
        after = t.after
        assert after.state is TRANSITIONS[(line.state, kind)]
        assert after.probing == (after.state in PROBING)
        assert t.changed == (line.state is not after.state)
        if not isinstance(event, ResumeRequested):
            assert after.paused_until >= line.paused_until
        if after.state is STOP and line.state is not STOP:
            assert isinstance(event, Refused)
        if line.state is STOP and after.state is not STOP:
            assert isinstance(event, (ResumeRequested, Ended))
        if isinstance(event, Answered):
            assert after.failures_in_row == 0
        if isinstance(event, TransportFailed):
            assert after.failures_in_row == line.failures_in_row + 1
            if after.state is OFF:
                assert after.paused_until >= tick + POLICY.backoff_base_seconds / 4
            assert (
                after.paused_until <= tick + max(POLICY.probe_cap_seconds, event.retry_after or 0)
                or after.paused_until == line.paused_until
            )
        if t.recovered:
            assert line.state is OFF and after.state is ON
        line = after
