"""docs/online-hall-openapi.yaml is the contract: what the client sends and what the simulator
answers are checked against its schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses), and the
simulator refuses what the schema refuses."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.clock import utcnow
from app.domain.codes import OutboxStatus
from app.forwarding.client import OnlineHallClient, OutgoingEvent
from app.forwarding.signing import sign_request
from app.forwarding.simulator import validate_event
from app.services.outbox import EVENT_TYPES, enqueue_case_event
from tests.forwarding.cases import accept, make_case
from tests.forwarding.conftest import Running, credentials, make_sender, sim_json, wait_for

SPEC_PATH = Path(__file__).resolve().parents[2] / "docs" / "online-hall-openapi.yaml"
SPEC_URI = "urn:halldesk:online-hall-openapi"
EVENT_FIELDS = (
    "idempotency_key",
    "case_no",
    "event_type",
    "data_version",
    "occurred_at",
    "data",
    "detail",
)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema(spec):
    registry = Registry().with_resource(
        SPEC_URI, Resource(contents=spec, specification=DRAFT202012)
    )

    def validator(name: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": f"{SPEC_URI}#/components/schemas/{name}"}, registry=registry
        )

    return validator


def errors_of(validator: Draft202012Validator, doc: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)
    ]


class Recorder(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response


def test_the_spec_is_openapi_3_1_with_the_contract_paths(spec):
    assert spec["openapi"] == "3.1.0"
    assert {"/v1/case-events", "/v1/changes", "/v1/health"} <= set(spec["paths"])
    Draft202012Validator.check_schema(spec["components"]["schemas"]["CaseEvent"])
    assert spec["components"]["schemas"]["EventType"]["enum"] == list(EVENT_TYPES)
    params = {p["name"] for p in spec["components"]["parameters"].values()}
    assert {
        "Idempotency-Key",
        "X-App-Id",
        "X-Timestamp",
        "X-Nonce",
        "X-Signature",
        "X-Signature-Method",
    } <= params


def test_the_program_carries_the_contract_as_documented(spec):
    """The simulator checks bodies against resources/contract/online-hall-openapi.json; it must be
    docs/online-hall-openapi.yaml. After editing the YAML: python -m app.forwarding.contract"""
    from app.forwarding.contract import contract, json_from_yaml

    assert contract() == spec
    assert json.loads(json_from_yaml(SPEC_PATH)) == contract()


def test_the_example_event_is_recorded(sim, spec):
    """The contract's own example of an application event is what a server must accept."""
    example = spec["paths"]["/v1/case-events"]["post"]["requestBody"]["content"][
        "application/json"
    ]["example"]
    with OnlineHallClient(sim.url, credentials()) as client:
        answer = client.push(OutgoingEvent(**{k: example[k] for k in EVENT_FIELDS}))
    assert answer.status_code == 201, answer.error


def _every_event_type(db) -> None:
    with db.session() as s:
        case = make_case(s, 1)
        enqueue_case_event(s, case, "application")
        accept(case)
        enqueue_case_event(s, case, "acceptance")
        case.supplement_due_date = case.promised_date
        enqueue_case_event(s, case, "supplement_request", detail={"missing": ["营业执照副本"]})
        enqueue_case_event(s, case, "rejection")
        _extended(s, case)  # the process step of an extension carries its special_procedure set
        enqueue_case_event(s, case, "process_step", detail={"action": "extend", "days": 10})
        enqueue_case_event(s, case, "completion")
        enqueue_case_event(s, case, "delivery")
        enqueue_case_event(s, case, "rating", detail={"score": "1", "rated": True, "reasons": None})


def _extended(session, case) -> None:
    from app.db.models import CaseStep

    case.extension_days = 10
    case.extension_reason = "需现场核查经营场所"
    case.extension_approver = "王建国"
    case.extension_approver_title = "副局长"
    case.legal_due_date = case.promised_date
    step = CaseStep(
        case_id=case.id,
        step_name="延长审批",
        action="other",
        handler="clerk01",
        opinion=case.extension_reason,
        special_procedure="extension",
        started_at=utcnow(),
        ended_at=utcnow(),
    )
    session.add(step)
    case.steps.append(step)
    session.flush()


def test_client_bodies_headers_and_simulator_answers_follow_the_spec(db, sim, spec, schema):
    _every_event_type(db)
    httpx.post(
        sim.url + "/sim/online-changes",
        json={"case_no": "X1", "kind": "completed_online"},
        headers=sim.admin_headers,
    )
    recorder = Recorder()
    sender = make_sender(db, sim, fetch_changes_seconds=0.05)
    sender.client = OnlineHallClient(sim.url, credentials(), transport=recorder)
    with Running(sender):
        wait_for(
            lambda: sim_json(sim, "/sim/stats")["recorded"] == len(EVENT_TYPES), what="all sent"
        )
        wait_for(lambda: any(r.url.path == "/v1/changes" for r, _ in recorder.exchanges))
    events = [(r, a) for r, a in recorder.exchanges if r.url.path == "/v1/case-events"]
    assert len(events) == len(EVENT_TYPES)
    header_schemas = {
        p["name"]: p["schema"]
        for p in spec["components"]["parameters"].values()
        if p["in"] == "header" and "$ref" not in p["schema"]
    }
    for request, response in events:
        doc = json.loads(request.content)
        assert errors_of(schema("CaseEvent"), doc) == [], doc["event_type"]
        assert validate_event(doc) == []  # the simulator agrees
        assert request.headers["Idempotency-Key"] == doc["idempotency_key"]
        for name, header_schema in header_schemas.items():
            assert errors_of(Draft202012Validator(header_schema), request.headers[name]) == [], name
        assert errors_of(schema("IdempotencyKey"), request.headers["Idempotency-Key"]) == []
        assert response.status_code == 201
        assert errors_of(schema("EventAccepted"), response.json()) == []
    changes = next(a for r, a in recorder.exchanges if r.url.path == "/v1/changes")
    assert errors_of(schema("ChangesPage"), changes.json()) == []
    health = httpx.get(sim.url + "/v1/health").json()
    assert errors_of(schema("Health"), health) == []
    assert errors_of(schema("SimStats"), sim_json(sim, "/sim/stats")) == []
    assert errors_of(schema("SimFaults"), sim_json(sim, "/sim/faults")) == []
    for case in sim_json(sim, "/sim/cases"):
        assert errors_of(schema("SimCase"), case) == []
    assert all(r.status is OutboxStatus.SENT for r in _rows(db))


def _rows(db):
    from sqlalchemy import select

    from app.db.models import OutboxMessage

    with db.reader() as s:
        return s.scalars(select(OutboxMessage)).all()


def _special_event(kind: str, **special: Any) -> dict[str, Any]:
    doc = _valid_event()
    doc["event_type"] = "process_step"
    doc["data"] = {
        "case": doc["data"]["case"],
        "process": {
            "step_name": "延长审批",
            "action": "other",
            "handler": "clerk01",
            "opinion": "需现场核查",
            "special_procedure": kind,
            "started_at": "2026-03-10T09:30:00+08:00",
            "ended_at": None,
        },
        "special_procedure": {
            "kind": kind,
            "kind_label": "延长审批",
            "started_at": "2026-03-10T09:30:00+08:00",
            "ended_at": None,
            "time_limit": 10,
            "time_limit_unit": "working_day",
            "expected_end": None,
            "reason": "需现场核查",
            "approver": "王建国",
            "approver_title": "副局长",
            "legal_due_date": "2026-03-30",
            "promised_date": "2026-03-20",
            **special,
        },
    }
    return doc


@pytest.mark.parametrize(
    ("kind", "changes", "valid"),
    [
        ("extension", {}, True),
        ("extension", {"approver": None}, False),
        ("extension", {"reason": ""}, False),
        ("expert_review", {"approver": None, "expected_end": "2026-04-01"}, True),
        ("quarantine", {"approver": None, "time_limit": 30}, True),
        ("teleport", {}, False),
        ("hearing", {"time_limit": "ten"}, False),
    ],
)
def test_the_special_procedure_data_set_follows_the_spec(kind, changes, valid, schema):
    doc = _special_event(kind, **changes)
    assert (errors_of(schema("CaseEvent"), doc) == []) == valid
    simulator = validate_event(doc)
    if valid or changes.get("reason") != "":  # the simulator does not check every constraint
        assert (simulator == []) == valid, simulator


def _valid_event() -> dict[str, Any]:
    return {
        "idempotency_key": "0123456789abcdef0123456789abcdef",
        "case_no": "C1",
        "event_type": "application",
        "data_version": 1,
        "occurred_at": "2026-03-02T09:30:00+08:00",
        "detail": None,
        "data": {
            "case": {
                "case_no": "C1",
                "item_code": "11330100MB0000000X4330100001",
                "item_name": "食品经营许可",
                "case_type": "2",
                "status": "received",
                "source": "window",
                "region_code": "330100",
            },
            "application": {
                "applicant_kind": "1",
                "applicant_name": "张三",
                "applicant_id_type": "111",
                "applicant_id_number": "11010519491231002X",
                "agent_name": None,
                "agent_id_type": None,
                "agent_id_number": None,
                "contact_mobile": "13800000000",
                "postcode": None,
                "address": None,
                "legal_representative": None,
                "applied_at": "2026-03-02T09:30:00+08:00",
            },
            "materials": [
                {"name": "身份证", "received": True, "receive_mode": "original", "count": 1}
            ],
        },
    }


def _mutations() -> list[tuple[str, Any]]:
    def drop(path: list[str]):
        def apply(doc):
            node = doc
            for key in path[:-1]:
                node = node[key]
            del node[path[-1]]

        return apply

    def put(path: list[str], value: Any):
        def apply(doc):
            node = doc
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value

        return apply

    return [
        ("no case_no", drop(["case_no"])),
        ("no data", drop(["data"])),
        ("unknown event type", put(["event_type"], "teleport")),
        ("data_version 0", put(["data_version"], 0)),
        ("data_version as text", put(["data_version"], "1")),
        ("time without offset", put(["occurred_at"], "2026-03-02 09:30")),
        ("bad ID type code", put(["data", "application", "applicant_id_type"], "ABC")),
        ("bad case type", put(["data", "case", "case_type"], "9")),
        ("bad source", put(["data", "case", "source"], "fax")),
        ("bad region", put(["data", "case", "region_code"], "33")),
        ("application without materials", drop(["data", "materials"])),
        ("unknown data set", put(["data", "gossip"], {})),
        ("unknown top-level field", put(["priority"], 1)),
        ("acceptance without its data set", put(["event_type"], "acceptance")),
        ("short key", put(["idempotency_key"], "abc")),
    ]


@pytest.mark.parametrize("name,mutate", _mutations(), ids=[m[0] for m in _mutations()])
def test_simulator_refuses_what_the_schema_refuses(name, mutate, schema):
    doc = _valid_event()
    assert errors_of(schema("CaseEvent"), doc) == [] and validate_event(doc) == []
    bad = copy.deepcopy(doc)
    mutate(bad)
    assert errors_of(schema("CaseEvent"), bad), f"the spec accepts {name}"
    assert validate_event(bad), f"the simulator accepts {name}"


def test_simulator_answers_422_for_an_invalid_body_over_http(sim, schema):
    doc = _valid_event()
    doc["data"]["application"]["applicant_id_type"] = "ABC"
    event = OutgoingEvent(**{k: doc[k] for k in EVENT_FIELDS})
    body = event.body()
    headers = sign_request(credentials(), "POST", "/v1/case-events", body, utcnow())
    headers["Idempotency-Key"] = doc["idempotency_key"]
    headers["Content-Type"] = "application/json"
    response = httpx.post(sim.url + "/v1/case-events", content=body, headers=headers)
    assert response.status_code == 422
    assert errors_of(schema("Error"), response.json()) == []
    assert response.json()["code"] == "invalid_body"


def test_same_key_other_body_is_422_same_body_is_replayed(sim, schema):
    doc = _valid_event()
    client = OnlineHallClient(sim.url, credentials())
    event = OutgoingEvent(**{k: doc[k] for k in EVENT_FIELDS})
    first = client.push(event)
    again = client.push(event)
    assert first.status_code == 201 and again.status_code == 201
    assert again.replayed and again.body == first.body
    changed = OutgoingEvent(**{**{k: doc[k] for k in EVENT_FIELDS}, "data_version": 2})
    conflict = client.push(changed)
    assert conflict.status_code == 422 and "idempotency_conflict" in conflict.error
    client.close()
    stats = sim_json(sim, "/sim/stats")
    assert stats["recorded"] == 1 and stats["replayed"] == 1 and stats["conflicts"] == 1
