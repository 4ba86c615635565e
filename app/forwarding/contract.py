"""The online-hall contract's schemas at run time, for the simulator to check what it is sent.

docs/online-hall-openapi.yaml is the contract. The program carries a JSON copy of it
(resources/contract/online-hall-openapi.json: no YAML parser needed at run time, and it goes into
the bundle with the other resources); tests/forwarding/test_contract.py fails when the copy is
stale, and ``python -m app.forwarding.contract`` rewrites it from the YAML (PyYAML, a test tool).

Validation follows JSON Schema 2020-12 as OpenAPI 3.1 does, with one correction: a ``pattern``
ending in ``$`` must reach the end of the string. Python's ``re`` lets ``$`` match before a final
newline; the contract's patterns are ECMA-262 regular expressions, where it does not — and the
contract fuzzer, which speaks ECMA-262, would rightly call "12345678\\n" a bad key.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import resources

CONTRACT_FILE = resources.path("contract", "online-hall-openapi.json")
CONTRACT_URI = "urn:halldesk:online-hall-openapi"
YAML_SOURCE = Path(__file__).resolve().parents[2] / "docs" / "online-hall-openapi.yaml"


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "string"):
        return
    match = re.search(pattern, instance)
    if match is None or (pattern.endswith("$") and match.end() != len(instance)):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@cache
def contract() -> dict[str, Any]:
    return json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    return Registry().with_resource(
        CONTRACT_URI, Resource(contents=contract(), specification=DRAFT202012)
    )


@cache
def validator(schema_name: str) -> Any:
    """A validator for ``#/components/schemas/<schema_name>``."""
    return _Validator(
        {"$ref": f"{CONTRACT_URI}#/components/schemas/{schema_name}"}, registry=_registry()
    )


def _where(error: ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "body"


def _messages(error: ValidationError) -> list[str]:
    """One line per problem. A CaseEvent that fails its event type's branch of `oneOf` is told
    what that branch wants, not "valid under none of the given schemas"."""
    if error.validator == "oneOf" and error.context:
        branches: dict[Any, list[ValidationError]] = defaultdict(list)
        for sub in error.context:
            branches[sub.relative_schema_path[0]].append(sub)
        meant = [
            subs for subs in branches.values() if not any(s.validator == "const" for s in subs)
        ]
        if len(meant) == 1:
            return [f"{_where(sub)}: {sub.message}" for sub in meant[0]]
    return [f"{_where(error)}: {error.message}"]


def schema_errors(schema_name: str, doc: Any) -> list[str]:
    """What is wrong with `doc` against the contract's `schema_name`; [] when nothing."""
    errors = sorted(validator(schema_name).iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [line for error in errors for line in _messages(error)]


def json_from_yaml(source: Path = YAML_SOURCE) -> str:
    import yaml  # a test tool; not needed to run the program

    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    CONTRACT_FILE.parent.mkdir(parents=True, exist_ok=True)
    CONTRACT_FILE.write_text(json_from_yaml(), encoding="utf-8")
    print(f"wrote {CONTRACT_FILE}")
