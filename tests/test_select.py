"""The $select rule: unselected properties are nulled, one level down inside partial objects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.select import apply_select, parse_select

RESPONSE = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "spec" / "sample-response.json").read_text("utf-8")
)


def test_no_select_or_blank_select_keeps_everything():
    assert apply_select(RESPONSE, None) == RESPONSE
    assert apply_select(RESPONSE, "  ") == RESPONSE


def test_result_is_a_new_dict_and_input_is_untouched():
    before = json.dumps(RESPONSE)
    out = apply_select(RESPONSE, "Links/Id")
    out["Links"][0]["Id"] = -1
    assert json.dumps(RESPONSE) == before


def test_unselected_properties_become_null_but_stay_present():
    out = apply_select(RESPONSE, "Title,Agenda")
    assert list(out) == list(RESPONSE)
    assert out["Title"] == "facilis"
    assert out["Agenda"] == "commodi"
    assert out["Description"] is None
    assert out["AppointmentId"] is None


def test_names_match_case_insensitively_and_in_any_order():
    assert apply_select(RESPONSE, "agenda, TITLE") == apply_select(RESPONSE, "Title,Agenda")


def test_links_are_never_nulled():
    assert apply_select(RESPONSE, "Title")["_Links"] == RESPONSE["_Links"]


def test_slash_selects_inside_each_array_element():
    out = apply_select(RESPONSE, "VisibleFor/VisibleId")
    assert [v["VisibleId"] for v in out["VisibleFor"]] == [116, 116]
    assert all(v["DisplayValue"] is None for v in out["VisibleFor"])
    assert out["Links"] is None


def test_nested_object_is_nulled_one_level_down():
    entity = {**RESPONSE, "Associate": {"AssociateId": 7, "Name": "ab", "FullName": "A B"}}
    out = apply_select(entity, "associate/name")
    assert out["Associate"] == {"AssociateId": None, "Name": "ab", "FullName": None}


def test_whole_selection_wins_over_a_deeper_path():
    assert apply_select(RESPONSE, "Links,Links/Id")["Links"] == RESPONSE["Links"]
    assert apply_select(RESPONSE, "Links/Id,Links")["Links"] == RESPONSE["Links"]


def test_unknown_names_are_ignored():
    assert apply_select(RESPONSE, "Title,NoSuchThing") == apply_select(RESPONSE, "Title")


def test_a_selection_that_names_nothing_existing_selects_everything():
    # Unknown names are ignored (the documented rule): what remains is no selection at all.
    assert apply_select(RESPONSE, "NoSuchThing") == RESPONSE
    entity = {**RESPONSE, "Associate": {"AssociateId": 7, "Name": "ab"}}
    assert apply_select(entity, "Associate/NoSuchThing")["Associate"] == {"AssociateId": 7, "Name": "ab"}
    assert apply_select(entity, "Associate/NoSuchThing")["Title"] is None


def test_several_select_parameters_count_as_one_list():
    from toolkit.select import select_from_query

    assert select_from_query("$select=Title&%24SELECT=Agenda&x=1") == "Title,Agenda"
    assert select_from_query("x=1") is None
    assert select_from_query("$select=") == ""


@pytest.mark.parametrize(
    ("select", "tree"),
    [
        ("a", {"a": None}),
        (" A / B ,c", {"a": {"b": None}, "c": None}),
        ("a,,b/", {"a": None, "b": None}),
        ("a/b,a/c", {"a": {"b": None, "c": None}}),
    ],
)
def test_parse_select(select, tree):
    assert parse_select(select) == tree


@pytest.mark.parametrize(
    ("select", "canonical"),
    [
        (None, ""),
        ("  ", ""),
        ("Agenda , title,TITLE", "agenda,title"),
        ("Links/Id,links", "links"),
        ("b/y,a,b/x", "a,b/x,b/y"),
    ],
)
def test_canonical_select_spells_equal_selections_alike(select, canonical):
    from toolkit.select import canonical_select

    assert canonical_select(select) == canonical
