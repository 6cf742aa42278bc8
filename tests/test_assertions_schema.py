"""assert_valid_appointment: valid bodies pass, invalid ones fail naming each JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from toolkit.assertions import MAX_LINES, appointment_problems, assert_valid_appointment
from toolkit.factories import AppointmentFactory
from toolkit.select import apply_select

SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "spec"


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SPEC / f"sample-{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def response() -> dict[str, Any]:
    return AppointmentFactory(seed=5).build_response()


def test_the_spec_samples_are_valid() -> None:
    assert_valid_appointment(sample("response"))
    assert_valid_appointment(sample("request"), response=False)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_factory_payloads_are_valid(seed: int) -> None:
    factory = AppointmentFactory(seed=seed)
    assert_valid_appointment(factory.build_response())
    assert_valid_appointment(factory.build(), response=False)


@pytest.mark.parametrize(
    ("path", "value", "expected_line"),
    [
        ("StartDate", "2024-01-01 10:00", "StartDate: '2024-01-01 10:00' is not a .NET date"),
        ("ColorIndex", 40000, "ColorIndex: 40000 is greater than the maximum of 32767"),
        ("AppointmentId", 2**31, "AppointmentId: 2147483648 is greater than the maximum"),
        ("Private", "Secret", "Private: 'Secret' is not one of ['Public', 'PrivateUser', 'PrivateGroup']"),
        ("HasAlarm", "yes", "HasAlarm: 'yes' is not of type 'boolean'"),
    ],
)
def test_a_bad_value_is_named_by_its_path(
    response: dict[str, Any], path: str, value: object, expected_line: str
) -> None:
    response[path] = value
    with pytest.raises(AssertionError) as failure:
        assert_valid_appointment(response)
    assert expected_line in str(failure.value)
    assert str(failure.value).startswith("not a valid AppointmentEntityWithLinks (1 problem):")


def test_nested_paths_are_named(response: dict[str, Any]) -> None:
    response["Links"] = [{**link, "Id": "seven"} for link in response["Links"]] or [{"Id": "seven"}]
    with pytest.raises(AssertionError, match=r"Links\[0\]\.Id: 'seven' is not of type 'integer'"):
        assert_valid_appointment(response)


def test_a_missing_property_is_named_at_its_own_path(response: dict[str, Any]) -> None:
    del response["Title"]
    with pytest.raises(AssertionError, match=r"\n  Title: missing \(a required property\)"):
        assert_valid_appointment(response)


def test_every_problem_is_listed_shortest_path_first(response: dict[str, Any]) -> None:
    response["Links"] = [{**link, "Id": "x"} for link in response["Links"]] or [{"Id": "x"}]
    response["EndDate"] = "soon"
    problems = appointment_problems(response)
    assert problems[0].startswith("EndDate: ")
    assert any(p.startswith("Links[0].Id: ") for p in problems[1:])


def test_many_problems_are_capped_with_a_count(response: dict[str, Any]) -> None:
    for name in response:
        response[name] = [True]  # wrong for every property: scalars, carriers, arrays of objects
    total = len(appointment_problems(response))
    assert total > MAX_LINES
    with pytest.raises(AssertionError) as failure:
        assert_valid_appointment(response)
    lines = str(failure.value).splitlines()
    assert lines[0] == f"not a valid AppointmentEntityWithLinks ({total} problems):"
    assert len(lines) == 1 + MAX_LINES + 1
    assert lines[-1] == f"  ... and {total - MAX_LINES} more"


def test_a_body_that_is_not_an_object_fails_at_the_root() -> None:
    with pytest.raises(AssertionError, match=r"\$: \[\] is not of type 'object'"):
        assert_valid_appointment([])


def test_a_select_response_is_valid_only_with_its_select(response: dict[str, Any]) -> None:
    selected = apply_select(response, "Title,Links/Id")
    assert_valid_appointment(selected, select="Title,Links/Id")
    # Without the select, its nulls break the strict schema (ids and booleans are never null).
    with pytest.raises(AssertionError, match=r"AppointmentId: None is not of type 'integer'"):
        assert_valid_appointment(selected)


def test_a_select_response_still_checks_the_values_it_has(response: dict[str, Any]) -> None:
    selected = apply_select(response, "StartDate")
    selected["StartDate"] = "tomorrow"
    with pytest.raises(AssertionError, match=r"StartDate: 'tomorrow' is not a \.NET date"):
        assert_valid_appointment(selected, select="StartDate")


def test_request_bodies_use_the_request_schema() -> None:
    request = sample("request")
    request["TableRight"] = {"Mask": "Select", "Reason": ""}  # a response-only property
    with pytest.raises(AssertionError, match=r"not a valid AppointmentEntity \("):
        assert_valid_appointment(request, response=False)
