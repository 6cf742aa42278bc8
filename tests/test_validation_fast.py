"""The fast yes/no schema check (jsonschema-rs, ``Validator.quick_check``) agrees with jsonschema.

It must never be more lenient than the schema as jsonschema reads it: a body it accepts is valid.  It is
in fact exact on JSON data, so a refusal it gives is one jsonschema gives too.  Hostile bodies: factory
payloads with values replaced, deleted or added anywhere (wrong types, integers past 32 bits, floats
holding integers, dates with a trailing newline or non-ASCII digits, unknown names in flag strings).
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.factories import AppointmentFactory
from toolkit.schemas import load_schema
from toolkit.validation import validator

SCHEMAS = ("AppointmentEntity", "AppointmentEntityWithLinks")
CHECKS = {name: validator(name).quick_check for name in SCHEMAS}
# The reference: jsonschema alone (``Validator.is_valid`` itself starts with the fast check).
REFERENCE = {name: jsonschema.Draft202012Validator(load_schema(name)) for name in SCHEMAS}
TRAITS = ((), ("with_relations",), ("with_relations", "booking", "recurring"), ("minimal",))

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**15, -(2**15) - 1, 32767]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([5.0, 1e300, -0.0]),
    st.text(max_size=12),
    st.sampled_from(
        [
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.1234567+02:00",
            "2024-13-01T00:00:00",
            "2024-01-01T00:00:00.12345678",
            "2024-01-01T00:00:00Z\n",
            "٢٠٢٤-01-01T00:00:00",
            "Public",
            "PrivateGroup",
            "Select, Update",
            "FULL",
            "Select,Update",
        ]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(
        st.sampled_from(["Id", "Name", "x", "Mask", "AssociateId"]),
        st.integers() | st.text(max_size=3),
        max_size=2,
    ),
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(paths(v, (*prefix, i)))
    return out


def replaced(body: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(body, dict):
        return {**body, head: replaced(body[head], rest, new)}
    copy = list(body)
    copy[head] = replaced(body[head], rest, new)
    return copy


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(SCHEMAS))
    factory = AppointmentFactory(seed=draw(st.integers(0, 50)))
    traits = draw(st.sampled_from(TRAITS))
    body = factory.build_response(traits=traits) if name.endswith("Links") else factory.build(traits=traits)
    for _ in range(draw(st.integers(0, 2))):
        where = draw(st.sampled_from(paths(body)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            body = replaced(body, where, draw(HOSTILE))
        elif where and isinstance(body, dict):
            parent_path, key = where[:-1], where[-1]
            parent = body
            for step in parent_path:
                parent = parent[step]
            if isinstance(parent, dict):
                changed = dict(parent)
                if action == "delete":
                    changed.pop(key, None)
                else:
                    changed[draw(st.sampled_from(["Extra", "title", str(key) + "x"]))] = draw(HOSTILE)
                body = replaced(body, parent_path, changed)
    return name, body


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_the_fast_check_is_never_more_lenient_than_the_schema(case: tuple[str, Any]) -> None:
    name, body = case
    fast = CHECKS[name](body)
    full = REFERENCE[name].is_valid(body)
    if fast:
        assert full, validator(name).problems(body)[:2]
    # Exact, too (5.0 is an integer to both, as JSON Schema says): no refusal jsonschema would overturn.
    assert fast == full, _leaves(body)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


@pytest.mark.parametrize("traits", TRAITS)
def test_factory_payloads_pass_both_checks(traits: tuple[str, ...]) -> None:
    for seed in range(5):
        factory = AppointmentFactory(seed=seed)
        assert CHECKS["AppointmentEntity"](factory.build(traits=traits))
        assert CHECKS["AppointmentEntityWithLinks"](factory.build_response(traits=traits))


def test_a_value_that_is_not_json_data_is_left_to_jsonschema() -> None:
    body = AppointmentFactory(seed=3).build_response()
    check = validator("AppointmentEntityWithLinks")
    odd = {**body, "Title": object()}
    assert not check.quick_check(odd)
    assert not check.is_valid(odd)
    assert check.first_problem(odd) is not None
    assert check.first_problem(odd).path == "Title"
