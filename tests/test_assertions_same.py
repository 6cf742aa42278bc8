"""assert_same_appointment and explain_difference: equality as data, ignore paths, matchers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from toolkit.assertions import (
    MAX_LINES,
    assert_same_appointment,
    explain_difference,
    same_appointment_problems,
)
from toolkit.errors import UsageError
from toolkit.factories import AppointmentFactory
from toolkit.matchers import ANY_DOTNET_DATE, ANY_INT, ANY_STR, any_int, any_str

SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "spec"
SAMPLE_LINK: dict[str, Any] = json.loads((SPEC / "sample-response.json").read_text("utf-8"))["Links"][0]


@pytest.fixture
def sent() -> dict[str, Any]:
    response = AppointmentFactory(seed=11).build_response()
    # The examples below need at least two links.
    link = {**SAMPLE_LINK, "EntityName": "sale", "Id": 1, "Description": "d", "ExtraInfo": "", "LinkId": 2}
    response["Links"] = [copy.deepcopy(link), {**copy.deepcopy(link), "Id": 3, "LinkId": 4}]
    return response


def test_equal_payloads_pass_whatever_the_key_order(sent: dict[str, Any]) -> None:
    reordered = dict(reversed(list(copy.deepcopy(sent).items())))
    assert_same_appointment(reordered, sent)


def test_each_difference_names_its_path_with_expected_and_actual(sent: dict[str, Any]) -> None:
    actual = copy.deepcopy(sent)
    actual["Title"] = "Kickoff"
    actual["Links"][1]["Id"] = 99
    with pytest.raises(AssertionError) as failure:
        assert_same_appointment(actual, sent)
    assert str(failure.value).splitlines() == [
        "appointments differ at 2 JSON paths:",
        f"  Title: expected {sent['Title']!r}, got 'Kickoff'",
        "  Links[1].Id: expected 3, got 99",
    ]


def test_missing_and_unexpected_keys_and_items(sent: dict[str, Any]) -> None:
    actual = copy.deepcopy(sent)
    del actual["Agenda"]
    actual["Extra"] = 1
    actual["Links"].pop()
    agenda, extra, link = same_appointment_problems(actual, sent)
    assert agenda == f"Agenda: missing, expected {sent['Agenda']!r}"
    assert extra == "Extra: unexpected, got 1"
    assert link.startswith("Links[1]: missing, expected {'Description': 'd', ")
    assert link.endswith(", ...}")  # a big value is elided


@pytest.mark.parametrize(("value", "other"), [(True, 1), (1, 1.0), (0, False), (None, {})])
def test_json_types_are_strict(sent: dict[str, Any], value: object, other: object) -> None:
    expected = {**sent, "HasAlarm": value}
    actual = {**sent, "HasAlarm": other}
    with pytest.raises(AssertionError, match=r"\n  HasAlarm: expected "):
        assert_same_appointment(actual, expected)


def test_ignored_paths_are_left_out_on_both_sides(sent: dict[str, Any]) -> None:
    actual = copy.deepcopy(sent)
    actual["UpdatedDate"] = "2030-01-01T00:00:00+00:00"
    actual["Links"][0]["Id"] = 42
    del actual["Agenda"]
    assert_same_appointment(actual, sent, ignore=["UpdatedDate", "Links[0].Id", "Agenda"])
    with pytest.raises(AssertionError, match=r"Links\[0\]\.Id: expected 1, got 42"):
        assert_same_appointment(actual, sent, ignore=["UpdatedDate", "Agenda"])


def test_a_wildcard_ignores_a_key_in_every_item(sent: dict[str, Any]) -> None:
    actual = copy.deepcopy(sent)
    for i, link in enumerate(actual["Links"]):
        link["Id"] = 100 + i
    assert_same_appointment(actual, sent, ignore=["Links[*].Id"])
    actual["Links"][1]["LinkId"] = 0
    with pytest.raises(AssertionError) as failure:
        assert_same_appointment(actual, sent, ignore=["Links[*].Id"])
    assert str(failure.value).splitlines()[1:] == ["  Links[1].LinkId: expected 4, got 0"]


def test_a_wildcard_over_object_keys_and_quoted_keys(sent: dict[str, Any]) -> None:
    expected = {**sent, "CustomFields": {"SuperOffice:1": "a", "SuperOffice:2": "b"}}
    actual = {**sent, "CustomFields": {"SuperOffice:1": "x", "SuperOffice:2": "b"}}
    assert_same_appointment(actual, expected, ignore=['CustomFields["SuperOffice:1"]'])
    assert_same_appointment(actual, expected, ignore=["CustomFields.*"])
    with pytest.raises(AssertionError, match=r'CustomFields\["SuperOffice:1"\]: expected \'a\', got \'x\''):
        assert_same_appointment(actual, expected)


def test_an_extra_list_item_at_an_ignored_index_is_ignored(sent: dict[str, Any]) -> None:
    actual = copy.deepcopy(sent)
    actual["Links"].append({"Id": 5})
    assert_same_appointment(actual, sent, ignore=["Links[2]"])


@pytest.mark.parametrize("bad", ["Links[", "Links[x]", "Title..Agenda", 'X["unterminated]'])
def test_a_malformed_ignore_path_is_a_usage_error(sent: dict[str, Any], bad: str) -> None:
    with pytest.raises(UsageError, match="bad JSON path"):
        assert_same_appointment(sent, sent, ignore=[bad])


def test_a_single_string_as_ignore_is_refused(sent: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="list of paths"):
        assert_same_appointment(sent, sent, ignore="Title")


def test_matchers_stand_for_volatile_values(sent: dict[str, Any]) -> None:
    expected = {
        **sent,
        "AppointmentId": ANY_INT,
        "UpdatedDate": ANY_DOTNET_DATE,
        "Title": ANY_STR,
        "Links": [{**link, "Id": any_int(min=1)} for link in sent["Links"]],
    }
    assert_same_appointment(sent, expected)
    assert sent == expected  # plain == works too: the matchers compare equal


def test_a_failing_matcher_is_named_with_its_repr(sent: dict[str, Any]) -> None:
    expected = {**sent, "UpdatedDate": ANY_DOTNET_DATE, "Location": any_str(pattern=r"Room \d+")}
    actual = {**sent, "UpdatedDate": "yesterday", "Location": "Kitchen"}
    assert same_appointment_problems(actual, expected) == [
        "Location: expected any_str(pattern='Room \\\\d+'), got 'Kitchen'",
        "UpdatedDate: expected ANY_DOTNET_DATE, got 'yesterday'",
    ]


def test_a_matcher_where_the_value_is_missing_is_reported(sent: dict[str, Any]) -> None:
    actual = copy.deepcopy(sent)
    del actual["UpdatedDate"]
    with pytest.raises(AssertionError, match="UpdatedDate: missing, expected ANY_DOTNET_DATE"):
        assert_same_appointment(actual, {**sent, "UpdatedDate": ANY_DOTNET_DATE})


def test_a_matcher_does_not_hide_a_type_change_elsewhere(sent: dict[str, Any]) -> None:
    expected = {**sent, "UpdatedDate": ANY_DOTNET_DATE, "HasAlarm": True}
    actual = {**sent, "HasAlarm": 1}
    with pytest.raises(AssertionError, match=r"HasAlarm: expected True \(boolean\), got 1 \(integer\)"):
        assert_same_appointment(actual, expected)


def test_many_differences_are_capped_shortest_first(sent: dict[str, Any]) -> None:
    actual = {key: "changed" for key in sent}
    actual["Links"] = [{"Id": "changed"}]
    problems = same_appointment_problems(actual, sent)
    assert len(problems) > MAX_LINES
    with pytest.raises(AssertionError) as failure:
        assert_same_appointment(actual, sent)
    lines = str(failure.value).splitlines()
    assert lines[0] == f"appointments differ at {len(problems)} JSON paths:"
    assert lines[-1] == f"  ... and {len(problems) - MAX_LINES} more"
    paths = [p.partition(": ")[0] for p in problems]
    depths = [path.count(".") + path.count("[") for path in paths]
    assert depths == sorted(depths)


def test_long_values_are_shortened_in_messages(sent: dict[str, Any]) -> None:
    (line,) = same_appointment_problems({**sent, "Description": "x" * 500}, sent)
    assert len(line) < 200
    assert "..." in line


def test_explain_difference_is_none_when_equal(sent: dict[str, Any]) -> None:
    assert explain_difference(copy.deepcopy(sent), sent) is None
    assert explain_difference(sent, {**sent, "AppointmentId": ANY_INT}) is None


def test_explain_difference_reads_left_against_right(sent: dict[str, Any]) -> None:
    left = {**sent, "Title": "left", "Extra": 1}
    right = {key: value for key, value in sent.items() if key != "Agenda"}
    assert explain_difference(left, right) == [
        "payloads differ at 3 JSON paths (left != right):",
        f"  Agenda: only on the left: {sent['Agenda']!r}",
        "  Extra: only on the left: 1",
        f"  Title: 'left' != {sent['Title']!r}",
    ]


def test_explain_difference_in_a_pytest_assert_report(pytester: pytest.Pytester) -> None:
    # The toolkit's pytest plugin hooks pytest_assertrepr_compare to explain_difference for payloads.
    pytester.makepyfile(
        """
        from toolkit.matchers import ANY_INT

        def test_payloads():
            actual = {"AppointmentId": 7, "Title": "b", "Links": [{"Id": 1}]}
            assert actual == {"AppointmentId": ANY_INT, "Title": "a", "Links": [{"Id": 2}]}
        """
    )
    result = pytester.runpytest("-p", "no:cassetter")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E*payloads differ at 2 JSON paths (left != right):",
            "E*Title: 'b' != 'a'",
            "E*Links[[]0].Id: 1 != 2",
        ]
    )


def test_ignore_paths_match_property_names_in_any_case() -> None:
    expected = AppointmentFactory(seed=4).build()
    actual = {**expected, "Links": [{**link, "Id": -1} for link in expected["Links"]], "Title": "other"}
    assert_same_appointment(actual, expected, ignore=("links[*].id", "TITLE"))
