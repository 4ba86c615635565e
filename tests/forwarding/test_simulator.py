"""The simulator as the reference online hall: its own paths need a token, what it shows of a case
is masked, it answers 404/405/400/422 as the contract says, and a client hanging up is no
traceback. (tests/forwarding/test_contract_fuzz.py runs a contract fuzzer against it.)"""

from __future__ import annotations

import logging
import os
import re
import socket
import struct
import subprocess
import sys
import time

import httpx
import pytest

from app.forwarding.client import OnlineHallClient, OutgoingEvent
from app.forwarding.signing import sign_request
from tests.forwarding.conftest import credentials, sim_json, wait_for
from tests.forwarding.test_contract import EVENT_FIELDS, _valid_event
from tests.forwarding.test_crash import ROOT

SIM_CALLS = [
    ("GET", "/sim/faults", None),
    ("PUT", "/sim/faults", {"latency_ms": 0}),
    ("GET", "/sim/cases", None),
    ("GET", "/sim/stats", None),
    ("POST", "/sim/online-changes", {"case_no": "C1", "kind": "other"}),
    ("POST", "/sim/reset", None),
]


@pytest.mark.parametrize("method,path,body", SIM_CALLS, ids=[f"{m} {p}" for m, p, _ in SIM_CALLS])
def test_the_simulators_own_paths_need_its_token(sim, method, path, body):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": sim.token}):
        refused = httpx.request(method, sim.url + path, json=body, headers=headers, timeout=5)
        assert refused.status_code == 401, headers
        assert refused.json()["code"] == "unauthorized"
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    allowed = httpx.request(method, sim.url + path, json=body, headers=sim.admin_headers)
    assert allowed.status_code in (200, 201, 204)


def test_the_token_is_made_up_unless_given():
    from app.forwarding.simulator import OnlineHallSimulator

    made_up = OnlineHallSimulator({}, token=None)
    given = OnlineHallSimulator({}, token="demo-token-123")
    try:
        assert len(made_up.token) >= 20 and given.token == "demo-token-123"
        assert given.admin_headers == {"Authorization": "Bearer demo-token-123"}
    finally:
        made_up._server.server_close()
        given._server.server_close()


def test_what_the_simulator_shows_of_a_case_is_masked(sim):
    doc = _valid_event()
    application = doc["data"]["application"]
    application.update(
        applicant_name="张三丰",
        agent_name="李四",
        agent_id_type="111",
        agent_id_number="110105194912310021",
        contact_mobile="13812345678",
        address="浙江省杭州市西湖区文三路90号",
    )
    with OnlineHallClient(sim.url, credentials()) as client:
        assert client.push(OutgoingEvent(**{k: doc[k] for k in EVENT_FIELDS})).status_code == 201
    (case,) = sim_json(sim, "/sim/cases")
    shown = case["snapshot"]["application"]
    assert shown["applicant_name"] == "张*丰" and shown["agent_name"] == "李*"
    assert shown["applicant_id_number"] == "1101**********002X"
    assert shown["agent_id_number"] == "1101**********0021"
    assert shown["contact_mobile"] != "13812345678" and shown["contact_mobile"].startswith("138")
    assert shown["address"] == "浙江省杭州市****"
    assert shown["applicant_id_type"] == "111"  # codes are not personal data
    listing = httpx.get(sim.url + "/sim/cases", headers=sim.admin_headers).text
    page = httpx.get(sim.url + "/").text  # the page is open, and masked
    for secret in ("张三丰", "11010519491231002X", "13812345678", "文三路"):
        assert secret not in listing and secret not in page


def test_methods_and_paths_the_contract_does_not_have(sim):
    for method, path, allow in [
        ("DELETE", "/v1/case-events", "POST"),
        ("GET", "/v1/case-events", "POST"),
        ("PATCH", "/sim/faults", "GET, PUT"),
        ("DELETE", "/sim/reset", "POST"),
        ("PUT", "/", "GET"),
    ]:
        answer = httpx.request(method, sim.url + path, headers=sim.admin_headers)
        assert answer.status_code == 405, (method, path)
        assert answer.headers["Allow"] == allow
        assert answer.json()["code"] == "method_not_allowed"
    head = httpx.head(sim.url + "/v1/health")
    assert head.status_code == 405 and head.content == b""
    options = httpx.options(sim.url + "/sim/faults")
    assert options.status_code == 204 and options.headers["Allow"] == "GET, PUT"
    missing = httpx.get(sim.url + "/v2/anything")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_bodies_and_queries_the_schema_forbids_are_refused(sim):
    admin = httpx.Client(base_url=sim.url, headers=sim.admin_headers, timeout=5)
    empty = admin.post("/sim/online-changes", json={"case_no": "", "kind": "other"})
    assert empty.status_code == 422 and "case_no" in empty.text
    extra = admin.post("/sim/online-changes", json={"case_no": "C1", "kind": "other", "x": 1})
    assert extra.status_code == 422
    assert admin.post("/sim/online-changes", json=["C1"]).status_code == 400
    before = admin.get("/sim/faults").json()
    for bad in (
        {"error_status": 600},
        {"error_rate": 0.5, "error_status": 600},  # one bad field: none is applied
        {"burst_errors": 1.5},
        {"latency_ms": -1},
        {"clock_offset_seconds": True},
        {"teleport": 1},
    ):
        answer = admin.put("/sim/faults", json=bad)
        assert answer.status_code == 422, bad
    assert admin.put("/sim/faults", content=b'{"latency_ms": NaN}').status_code == 400
    assert admin.put("/sim/faults", content=b"").status_code == 400
    assert admin.get("/sim/faults").json() == before
    assert admin.put("/sim/faults", json={"error_status": 429}).status_code == 200
    for query in ("limit=0", "limit=501", "after=-1", "after=x", "limit=", "after=%D9%A3"):
        target = f"/v1/changes?{query}"
        headers = sign_request(credentials(), "GET", target, b"", time_now())
        answer = httpx.get(sim.url + target, headers=headers)
        assert answer.status_code == 400, query
        assert answer.json()["code"] == "invalid_query"


def time_now():
    from app.clock import utcnow

    return utcnow()


def test_a_client_hanging_up_is_not_a_traceback(sim, capfd, caplog):
    sim.set_faults(latency_ms=300)
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", sim.port)) as sock:
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: sim\r\n\r\n")
            # close at once with a reset, before the answer comes
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(0.8)  # the simulator writes its answers into closed connections
    sim.set_faults(latency_ms=0)
    wait_for(lambda: httpx.get(sim.url + "/v1/health").status_code == 200, what="still serving")
    assert "Traceback" not in capfd.readouterr().err
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def _start_command(env_token: str | None) -> tuple[subprocess.Popen, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    if env_token:
        env["HALLDESK_SIM_TOKEN"] = env_token
    code = "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--config", os.devnull, "online-hall-sim", "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = [process.stdout.readline() for _ in range(2)]
    return process, lines


@pytest.mark.parametrize("env_token", [None, "token-from-env-0123"])
def test_the_demo_command_prints_or_takes_its_token(env_token):
    process, lines = _start_command(env_token)
    try:
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", lines[0]).group(1)
        token = env_token or re.search(r"Bearer (\S+)", lines[1]).group(1)
        if env_token:
            assert env_token not in lines[1]  # given by whoever started it: not echoed
        assert httpx.get(url + "/sim/stats", timeout=5).status_code == 401
        stats = httpx.get(url + "/sim/stats", headers={"Authorization": f"Bearer {token}"})
        assert stats.status_code == 200 and stats.json()["requests"] == 0
    finally:
        process.terminate()
        process.wait(timeout=10)
