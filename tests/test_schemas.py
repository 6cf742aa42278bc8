"""The shipped JSON Schemas: generated from the catalogue, and they accept and reject the right bodies."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from toolkit.schemas import SCHEMA_NAMES, load_schema
from toolkit.schemas.__main__ import render
from toolkit.validation import validator

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "spec"
REQUEST = json.loads((SPEC / "sample-request.json").read_text(encoding="utf-8"))
RESPONSE = json.loads((SPEC / "sample-response.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_file_is_what_the_generator_writes(name):
    shipped = Path(__file__).resolve().parents[1] / "toolkit" / "schemas" / f"{name}.json"
    assert shipped.read_text(encoding="utf-8") == render(name), "run `python -m toolkit.schemas`"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name):
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_load_schema_returns_a_fresh_copy():
    a = load_schema("AppointmentEntity")
    a["title"] = "changed"
    assert load_schema("AppointmentEntity")["title"] == "AppointmentEntity"


def test_unknown_schema_name():
    with pytest.raises(KeyError, match="known: AppointmentEntity, AppointmentEntityWithLinks"):
        load_schema("Appointment")


def test_both_spec_samples_validate():
    assert validator("AppointmentEntity").problems(REQUEST) == []
    assert validator("AppointmentEntityWithLinks").problems(RESPONSE) == []


def _broken(body, path, value):
    body = copy.deepcopy(body)
    node = body
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ("path", "value", "where", "says"),
    [
        (("Title",), 5, "Title", "is not of type"),
        (("AppointmentId",), 2**31, "AppointmentId", "maximum of 2147483647"),
        (("ColorIndex",), 40000, "ColorIndex", "maximum of 32767"),
        (("StartDate",), "2008-09-21 03:46", "StartDate", "is not a .NET date"),
        (("StartDate",), "2008-02-30T03:46:59.12345678+02:00", "StartDate", "is not a .NET date"),
        (("Private",), "Secret", "Private", "is not one of"),
        (("Links", 0, "Id"), "166", "Links[0].Id", "is not of type 'integer'"),
        (
            ("Participants", 0, "InvitationStatus"),
            "Maybe",
            "Participants[0].InvitationStatus",
            "is not one of",
        ),
        (("UserDefinedFields", "SuperOffice:1"), 3, 'UserDefinedFields["SuperOffice:1"]', "is not of type"),
        (("HasAlarm",), "yes", "HasAlarm", "is not of type 'boolean'"),
    ],
)
def test_invalid_request_names_the_json_path(path, value, where, says):
    problem = validator("AppointmentEntity").first_problem(_broken(REQUEST, path, value))
    assert problem is not None
    assert problem.path == where
    assert says in problem.message


def test_unknown_property_is_rejected():
    problem = validator("AppointmentEntity").first_problem({**REQUEST, "Titel": "typo"})
    assert problem is not None
    assert problem.path == "Titel"  # named at its own path, so a 400's ErrorSource says which one
    assert problem.message == "unknown property (names are case-sensitive)"


def test_response_requires_every_property_but_request_does_not():
    partial = {"Title": "only the title"}
    assert validator("AppointmentEntity").is_valid(partial)
    problem = validator("AppointmentEntityWithLinks").first_problem(partial)
    assert problem is not None
    assert "is a required property" in problem.message


def test_dates_accept_dotnet_forms():
    v = validator("AppointmentEntity")
    for date in (
        "2002-09-19T03:46:59.6911992+02:00",
        "2002-09-19T03:46:59",
        "2002-09-19T03:46:59Z",
        "2002-09-19T03:46:59.1-05:30",
    ):
        assert v.is_valid({"StartDate": date}), date


def test_lenient_response_admits_select_nulls():
    nulled = {k: None for k in RESPONSE}
    nulled["_Links"] = RESPONSE["_Links"]
    assert not validator("AppointmentEntityWithLinks").is_valid(nulled)
    assert validator("AppointmentEntityWithLinks", lenient=True).is_valid(nulled)


def test_flags_enums_accept_combinations():
    body = _broken(RESPONSE, ("TableRight",), {"Mask": "Select, Update", "Reason": ""})
    assert validator("AppointmentEntityWithLinks").is_valid(body)
    problem = validator("AppointmentEntityWithLinks").first_problem(
        _broken(RESPONSE, ("TableRight",), {"Mask": "Select, Nope", "Reason": ""})
    )
    assert problem is not None
    assert problem.path == "TableRight.Mask"


def test_a_float_holding_an_integer_is_an_integer():
    # JSON Schema calls 5.0 an integer; the fast check and jsonschema agree.
    v = validator("AppointmentEntity")
    assert v.quick_check({"MotherId": 5.0})
    assert v.is_valid({"MotherId": 5.0})
    assert v.problems({"MotherId": 5.0}) == []


def test_a_trailing_newline_is_not_a_date_nor_an_enum_name():
    # Python's `$` matches before a final newline; the schema's patterns must not let that through.
    v = validator("AppointmentEntity")
    assert not v.is_valid({"StartDate": "2002-09-19T03:46:59.6911992+02:00\n"})
    assert v.is_valid({"StartDate": "2002-09-19T03:46:59.6911992+02:00"})
    flags = _broken(RESPONSE, ("TableRight",), {"Mask": "FULL\n", "Reason": ""})
    assert not validator("AppointmentEntityWithLinks").is_valid(flags)
