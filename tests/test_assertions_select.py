"""assert_select_nulled: the $select rule (toolkit.select) judges responses, naming each path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from toolkit.assertions import assert_select_nulled, select_problems
from toolkit.factories import AppointmentFactory
from toolkit.select import apply_select

SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "spec"
SAMPLE_LINK: dict[str, Any] = json.loads((SPEC / "sample-response.json").read_text("utf-8"))["Links"][0]


@pytest.fixture
def stored() -> dict[str, Any]:
    response = AppointmentFactory(seed=21).build_response()
    link = {**SAMPLE_LINK, "EntityName": "sale", "Id": 1, "Description": "d", "ExtraInfo": "x", "LinkId": 2}
    response["Links"] = [copy.deepcopy(link), {**copy.deepcopy(link), "Id": 3}]
    return response


@pytest.mark.parametrize(
    "select",
    [None, "", "Title", "title,agenda", "Links/Id", "Title,Links/Id,Associate/Name", "NoSuchField"],
)
def test_a_correct_select_response_passes(stored: dict[str, Any], select: str | None) -> None:
    response = apply_select(stored, select)
    assert_select_nulled(response, select)
    assert_select_nulled(response, select, entity=stored)


def test_an_unselected_property_that_is_not_null_is_named(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Title")
    response["Agenda"] = "leaked"
    with pytest.raises(AssertionError) as failure:
        assert_select_nulled(response, "Title")
    assert str(failure.value).splitlines() == [
        "response does not match $select 'Title' (1 problem):",
        "  Agenda: expected null (not in $select 'Title'), got 'leaked'",
    ]


def test_nesting_inside_array_items_is_checked(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Links/Id")
    response["Links"][1]["Description"] = "not selected"
    with pytest.raises(AssertionError, match=r"Links\[1\]\.Description: expected null"):
        assert_select_nulled(response, "Links/Id")


def test_links_are_never_nulled(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Title")
    assert response["_Links"] == stored["_Links"]
    assert_select_nulled(response, "Title")


def test_a_missing_property_is_named(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Links/Id")
    del response["Location"]
    del response["Links"][0]["LinkId"]
    assert select_problems(response, "Links/Id") == [
        "Location: missing (a $select response keeps every property)",
    ]
    # Carriers declare no required fields; below the top level the entity says what must be there.
    assert select_problems(response, "Links/Id", entity=stored) == [
        "Location: missing (a $select response keeps every property)",
        "Links[0].LinkId: missing, expected None",
    ]


def test_with_the_entity_selected_values_must_equal_it(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Title,Links/Id")
    response["Links"][0]["Id"] = 77
    assert_select_nulled(response, "Title,Links/Id")  # nulling alone is right
    with pytest.raises(AssertionError, match=r"\n  Links\[0\]\.Id: expected 1, got 77"):
        assert_select_nulled(response, "Title,Links/Id", entity=stored)


def test_a_selected_property_nulled_by_mistake_is_caught_with_the_entity(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Title")
    response["Title"] = None
    with pytest.raises(AssertionError, match=r"Title: expected '.*', got None"):
        assert_select_nulled(response, "Title", entity=stored)


def test_the_entity_may_be_the_request_body(stored: dict[str, Any]) -> None:
    request = {k: copy.deepcopy(v) for k, v in stored.items() if k not in ("TableRight", "FieldProperties")}
    response = apply_select(stored, "Title,Location")
    response["UpdatedDate"] = None
    assert_select_nulled(response, "Title,Location", entity=request)
    response["Location"] = "elsewhere"
    with pytest.raises(AssertionError, match="Location: expected"):
        assert_select_nulled(response, "Title,Location", entity=request)
    assert_select_nulled(response, "Title,Location", entity=request, ignore=["Location"])


def test_ignore_leaves_server_set_values_out(stored: dict[str, Any]) -> None:
    response = apply_select(stored, "Title,UpdatedDate")
    response["UpdatedDate"] = "2031-01-01T00:00:00+00:00"
    with pytest.raises(AssertionError, match="UpdatedDate: expected"):
        assert_select_nulled(response, "Title,UpdatedDate", entity=stored)
    assert_select_nulled(response, "Title,UpdatedDate", entity=stored, ignore=["UpdatedDate"])


def test_a_response_that_is_not_an_object_fails_at_the_root() -> None:
    with pytest.raises(AssertionError, match=r"\$: expected an object, got None"):
        assert_select_nulled(None, "Title")
