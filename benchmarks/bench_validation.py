"""Assertion speed: our schema check and our equality check against the libraries they wrap.

* Validation: ``assert_valid_appointment`` on a valid response (a compiled fastjsonschema validator,
  built once per schema) against a *reused* ``jsonschema.Draft202012Validator(...).is_valid`` on the
  same schema.  Target: ratio >= 5.
* Equality: ``assert_same_appointment`` on equal payloads (``==`` plus a JSON-type check; DeepDiff
  only runs when they differ) against one ``DeepDiff(a, b)`` call.  Target: ratio >= 20.  Rows with
  an ignore path and with matchers inside ``expected`` show the cost of those features.

Payloads are factory responses (seeded), different objects with equal content.  Everything runs in
this process, best of a few rounds.

Run: ``python benchmarks/bench_validation.py``.  ``run()`` returns rows ``{"name", "ours_us",
"anchor", "anchor_us", "ratio"}`` for ``benchmarks/run.py``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import jsonschema
from _timing import per_call_seconds
from deepdiff import DeepDiff

from toolkit.assertions import assert_same_appointment, assert_valid_appointment
from toolkit.factories import AppointmentFactory
from toolkit.matchers import ANY_DOTNET_DATE, ANY_INT
from toolkit.schemas import build_schema, load_schema
from toolkit.select import apply_select

__all__ = ["TARGETS", "run"]

#: Minimum ratio per row kind (anchor time / our time).
TARGETS = {"validate": 5.0, "compare": 20.0}


def _per_call_us(fn: Callable[[], object], n: int, rounds: int = 3) -> float:
    return per_call_seconds(fn, n, rounds) * 1e6


def _row(name: str, ours_us: float, anchor: str, anchor_us: float) -> dict[str, Any]:
    return {
        "name": name,
        "ours_us": round(ours_us, 2),
        "anchor": anchor,
        "anchor_us": round(anchor_us, 2),
        "ratio": round(anchor_us / ours_us, 1),
    }


def run(n: int = 2000) -> list[dict[str, Any]]:
    """One row per case; ``n`` calls of ours, fewer of the (slower) anchor."""
    factory = AppointmentFactory(seed=7)
    shapes = {
        "response": factory.build_response(),
        "response with_relations": factory.build_response(traits="with_relations"),
    }
    reused = jsonschema.Draft202012Validator(load_schema("AppointmentEntityWithLinks"))
    anchor_n = max(20, n // 50)
    rows = []
    for shape, body in shapes.items():
        assert reused.is_valid(body)
        assert_valid_appointment(body)  # build the validator once, as every test session does
        rows.append(
            _row(
                f"validate: valid {shape}",
                _per_call_us(lambda body=body: assert_valid_appointment(body), n),
                "jsonschema Draft202012Validator.is_valid (reused)",
                _per_call_us(lambda body=body: reused.is_valid(body), anchor_n),
            )
        )
    select = "Title,Links/Id,Associate"
    selected = apply_select(shapes["response"], select)
    lenient = jsonschema.Draft202012Validator(build_schema("AppointmentEntityWithLinks", lenient=True))
    assert lenient.is_valid(selected)
    assert_valid_appointment(selected, select=select)
    rows.append(
        _row(
            "validate: $select response (lenient)",
            _per_call_us(lambda: assert_valid_appointment(selected, select=select), n),
            "jsonschema Draft202012Validator.is_valid (reused)",
            _per_call_us(lambda: lenient.is_valid(selected), anchor_n),
        )
    )
    for shape, body in shapes.items():
        same = copy.deepcopy(body)
        rows.append(
            _row(
                f"compare: equal {shape}",
                _per_call_us(lambda body=body, same=same: assert_same_appointment(same, body), n),
                "DeepDiff(a, b)",
                _per_call_us(lambda body=body, same=same: DeepDiff(body, same), anchor_n),
            )
        )
    body = shapes["response"]
    same = copy.deepcopy(body)
    deepdiff_us = _per_call_us(lambda: DeepDiff(body, same), anchor_n)
    ignore = ["Links[*].Id", "UpdatedDate"]
    with_matchers = {**body, "AppointmentId": ANY_INT, "UpdatedDate": ANY_DOTNET_DATE}
    cases: list[tuple[str, Callable[[], None]]] = [
        ("compare: equal, ignore Links[*].Id", lambda: assert_same_appointment(same, body, ignore=ignore)),
        ("compare: equal, matchers in expected", lambda: assert_same_appointment(same, with_matchers)),
    ]
    for name, fn in cases:
        rows.append(_row(name, _per_call_us(fn, n), "DeepDiff(a, b)", deepdiff_us))
    return rows


def main() -> None:
    print(f"{'case':40} {'ours us':>9} {'anchor us':>10} {'ratio':>8}  anchor")
    for row in run():
        target = TARGETS[row["name"].partition(":")[0]]
        flag = "" if row["ratio"] >= target else f"  (below target {target:g}x)"
        print(
            f"{row['name']:40} {row['ours_us']:9.2f} {row['anchor_us']:10.2f} {row['ratio']:7.1f}x"
            f"  {row['anchor']}{flag}"
        )


if __name__ == "__main__":
    main()
