"""Assertion speed: our schema check and our equality check beside the libraries a user would reach for.

* Validation: ``assert_valid_appointment`` on a valid response (jsonschema-rs compiled once from the
  shipped schema; jsonschema only explains a refusal) beside the same schema checked by jsonschema-rs
  alone, fastjsonschema (compiled once) and jsonschema (a reused ``Draft202012Validator``).  Target:
  within 1.5x jsonschema-rs alone.
* Equality: ``assert_same_appointment`` on equal payloads beside plain ``a == b`` (which cannot tell
  ``true`` from ``1``) and one ``DeepDiff(a, b)``.  Target: within 5x ``==``.  The actual payload is the
  expected one after a JSON round trip, as a response read off the wire is (so no string is shared
  between the two, which would let ``==`` skip comparing it).

Payloads are factory responses (seeded).  Everything runs in this process, best of a few rounds.
Run: ``python benchmarks/bench_validation.py``; ``run()`` returns rows for ``benchmarks/run.py``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import fastjsonschema
import jsonschema
import jsonschema_rs
from _tables import timing_row
from _timing import per_call_seconds
from deepdiff import DeepDiff

from toolkit.assertions import assert_same_appointment, assert_valid_appointment
from toolkit.factories import AppointmentFactory
from toolkit.schemas import load_schema

__all__ = ["TARGET_EQUALITY", "TARGET_VALIDATION", "run"]

#: assert_valid_appointment may take at most this many times jsonschema-rs alone.
TARGET_VALIDATION = 1.5
#: assert_same_appointment on equal payloads may take at most this many times ``==``.
TARGET_EQUALITY = 5.0


def _us(fn: Callable[[], object], n: int) -> float:
    return per_call_seconds(fn, n) * 1e6


def _row(
    what: str, ours: float, anchor: str, anchor_us: float, target: float | None = None
) -> dict[str, Any]:
    row = timing_row(what, ours, "µs", anchor, anchor_us)
    if target is not None:
        row["target"] = f"≤ {target:g}x {anchor.split(' (')[0]}"
        row["met"] = ours <= target * anchor_us
    return row


def run(n: int = 2000) -> list[dict[str, Any]]:
    """Rows: each case once per anchor, all measured in this run."""
    factory = AppointmentFactory(seed=7)
    rows: list[dict[str, Any]] = []
    schema = load_schema("AppointmentEntityWithLinks")
    rust = jsonschema_rs.Draft202012Validator(schema)
    compiled = fastjsonschema.compile(schema)
    reference = jsonschema.Draft202012Validator(schema)
    slow_n = max(20, n // 50)
    for shape, body in (
        ("a valid response", factory.build_response()),
        ("a valid with_relations response", factory.build_response(traits="with_relations")),
    ):
        assert rust.is_valid(body)
        assert reference.is_valid(body)
        compiled(body)  # raises if fastjsonschema disagrees
        assert_valid_appointment(body)  # compile once, as every test session does
        ours = _us(lambda body=body: assert_valid_appointment(body), n)
        what = f"schema check of {shape}"
        rows.append(
            _row(
                what,
                ours,
                "jsonschema-rs alone",
                _us(lambda body=body: rust.is_valid(body), n),
                TARGET_VALIDATION,
            )
        )
        rows.append(
            _row(what, ours, "fastjsonschema (compiled once)", _us(lambda body=body: compiled(body), n))
        )
        rows.append(
            _row(
                what,
                ours,
                "jsonschema (reused validator)",
                _us(lambda body=body: reference.is_valid(body), slow_n),
            )
        )
    for shape, body in (
        ("two equal responses", factory.build_response()),
        ("two equal with_relations responses", factory.build_response(traits="with_relations")),
    ):
        wire = json.loads(json.dumps(body))  # the same data, as read from an HTTP answer
        assert_same_appointment(wire, body)
        ours = _us(lambda body=body, wire=wire: assert_same_appointment(wire, body), n)
        what = f"compare {shape}"
        rows.append(
            _row(
                what,
                ours,
                "plain == (blind to true vs 1)",
                _us(lambda body=body, wire=wire: wire == body, n),
                TARGET_EQUALITY,
            )
        )
        rows.append(
            _row(what, ours, "DeepDiff(a, b)", _us(lambda body=body, wire=wire: DeepDiff(body, wire), slow_n))
        )
    # The kindest case for ``==``: a deep copy shares every string, so ``==`` compares them by identity.
    body = factory.build_response()
    copied = copy.deepcopy(body)
    rows.append(
        _row(
            "compare two equal responses, one a deep copy (strings shared)",
            _us(lambda: assert_same_appointment(copied, body), n),
            "plain == (blind to true vs 1)",
            _us(lambda: copied == body, n),
            TARGET_EQUALITY,
        )
    )
    return rows


def main() -> None:
    from run import table

    print(table(run()))


if __name__ == "__main__":
    main()
