"""One JSON path syntax: written in every message, read in every path option."""

from __future__ import annotations

import pytest

from toolkit._paths import WILDCARD, drop, format_path, locate, parse_path, rewrite
from toolkit.errors import UsageError


@pytest.mark.parametrize(
    "parts",
    [(), ("Title",), ("Links", 0, "Id"), ("UserDefinedFields", "SuperOffice:1"), ("_Links", "Self")],
)
def test_written_paths_read_back(parts):
    assert parse_path(format_path(parts)) == parts


def test_wildcards_and_root():
    assert parse_path("Links[*].Id") == ("Links", WILDCARD, "Id")
    assert parse_path("FieldProperties.*.FieldLength") == ("FieldProperties", WILDCARD, "FieldLength")
    assert parse_path('$.X["*"]') == ("X", "*")


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("Links[", "never closed"),
        ("Links[x]", "not an index"),
        ("a..b", "empty name"),
        ('a["b]', "unterminated"),
    ],
)
def test_bad_paths_are_usage_errors_naming_the_problem(path, says):
    with pytest.raises(UsageError, match=says):
        parse_path(path)


def test_locate_reaches_every_match():
    data = {"Links": [{"Id": 1}, {"Id": 2}], "Title": "t"}
    assert [c[k] for c, k in locate(data, parse_path("Links[*].Id"))] == [1, 2]
    assert [c[k] for c, k in locate(data, parse_path("links[1].id"), ignore_case=True)] == [2]
    assert list(locate(data, parse_path("links[1].id"))) == []
    assert [c[k] for c, k in locate(data, parse_path("Links.0.Id"))] == [1]
    assert list(locate(data, parse_path("Links[5].Id"))) == []


def test_rewrite_applies_one_change_everywhere_a_path_reaches_and_copies():
    data = {"Title": "t", "Links": [{"Id": 1}, {"Id": 2}], "Associate": {"UserName": "alice"}}
    out = rewrite(data, [parse_path("links[*].id"), parse_path("ASSOCIATE.username")], lambda v: f"<{v}>")
    assert out == {
        "Title": "t",
        "Links": [{"Id": "<1>"}, {"Id": "<2>"}],
        "Associate": {"UserName": "<alice>"},
    }
    assert data["Links"][0]["Id"] == 1  # the input is untouched
    assert out["Title"] is data["Title"]


def test_drop_removes_keys_and_nulls_array_items_so_indexes_keep_their_meaning():
    data = {"Title": "t", "UpdatedDate": "2026-01-01T00:00:00", "Links": [{"Id": 1}, {"Id": 2}]}
    assert drop(data, [parse_path("updateddate"), parse_path("Links.0")]) == {
        "Title": "t",
        "Links": [None, {"Id": 2}],
    }
    assert drop(data, [parse_path("Nothing[*].Here")]) is data
