"""Matchers: small predicates that compare equal to the values they accept, with readable reprs."""

from __future__ import annotations

import pytest

from toolkit.matchers import (
    ANY,
    ANY_DOTNET_DATE,
    ANY_INT,
    ANY_STR,
    any_date,
    any_int,
    any_of,
    any_str,
    matches,
)


@pytest.mark.parametrize(
    "value",
    [
        "2002-09-19T03:46:59.6911992+02:00",
        "2024-01-31T10:00:00",
        "2024-01-31T10:00:00Z",
        "2024-01-31T10:00:00.5",
    ],
)
def test_any_dotnet_date_accepts_dotnet_dates(value: str) -> None:
    assert value == ANY_DOTNET_DATE
    assert any_date() == value


@pytest.mark.parametrize(
    "value", ["2024-01-31", "2024-01-31T10:00:00.12345678+02:00", "yesterday", 20240131, None]
)
def test_any_dotnet_date_rejects_everything_else(value: object) -> None:
    assert value != ANY_DOTNET_DATE


def test_any_int_is_an_int_not_a_bool_or_float() -> None:
    assert ANY_INT == 7
    assert ANY_INT != True  # noqa: E712  (the point: == is what dict comparison uses)
    assert ANY_INT != 7.0
    assert ANY_INT != "7"


def test_any_int_bounds_are_inclusive() -> None:
    positive = any_int(min=1, max=10)
    assert [v == positive for v in (0, 1, 10, 11)] == [False, True, True, False]


def test_any_str_with_a_whole_string_pattern() -> None:
    room = any_str(pattern=r"Room \d+")
    assert room == "Room 12"
    assert room != "Room 12b"
    assert ANY_STR == ""
    assert any_str(nonempty=True) != ""


def test_matchers_compose() -> None:
    optional_int = ANY_INT | None
    assert optional_int == 3
    assert optional_int == None  # noqa: E711
    assert optional_int != "3"
    even_and_small = matches(lambda v: v % 2 == 0, "an even number") & any_int(max=10)
    assert even_and_small == 4
    assert even_and_small != 12
    assert ~ANY_INT == "x"
    assert ~ANY_INT != 1


def test_plain_values_in_any_of_compare_as_json() -> None:
    flag = any_of(True, "yes")
    assert flag == True  # noqa: E712
    assert flag != 1


def test_reprs_read_like_the_code_that_made_them() -> None:
    assert repr(ANY_INT) == "ANY_INT"
    assert repr(ANY_DOTNET_DATE) == "ANY_DOTNET_DATE"
    assert repr(any_int(min=1)) == "any_int(min=1)"
    assert repr(any_str(pattern="a+")) == "any_str(pattern='a+')"
    assert repr(ANY_STR | None) == "ANY_STR | None"
    assert repr(~ANY_INT) == "~ANY_INT"
    assert repr(ANY) == "ANY"


def test_a_predicate_that_raises_is_a_mismatch_not_a_crash() -> None:
    even = matches(lambda v: v % 2 == 0, "an even number")
    assert even != {"not": "a number"}


def test_matchers_inside_containers_work_with_plain_equality() -> None:
    payload = {"Id": 5, "Links": [{"Id": 9, "When": "2024-01-31T10:00:00+01:00"}]}
    assert payload == {"Id": ANY_INT, "Links": [{"Id": ANY_INT, "When": ANY_DOTNET_DATE}]}
    assert payload != {"Id": ANY_STR, "Links": ANY}


def test_matchers_are_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(ANY_INT)


@pytest.mark.parametrize(
    ("text", "is_date"),
    [
        ("2002-09-19T03:46:59.6911992+02:00", True),
        ("2015-11-04T13:00:00", True),
        ("2024-02-29T10:00:00Z", True),
        ("2026-13-01T00:00:00", False),
        ("2026-02-29T00:00:00", False),
        ("2026-04-31T00:00:00", False),
        ("2026-01-01 00:00:00", False),
    ],
)
def test_any_dotnet_date_accepts_what_the_schema_accepts(text: str, is_date: bool) -> None:
    import jsonschema

    from toolkit.schemas import load_schema

    date_schema = load_schema("AppointmentEntity")["properties"]["StartDate"]
    assert jsonschema.Draft202012Validator(date_schema).is_valid(text) is is_date
    assert (text == ANY_DOTNET_DATE) is is_date
