"""The request key: method, host-free path, $select as a set, JSON body as data."""

from __future__ import annotations

import json

import pytest

from toolkit.recording.matching import MatchRules, request_key
from toolkit.recording.nearmiss import body_differences
from toolkit.select import canonical_select

RULES = MatchRules()


def key(uri: str, body: object = None, method: str = "PUT", rules: MatchRules = RULES) -> tuple:
    raw = json.dumps(body) if body is not None and not isinstance(body, (str, bytes)) else body
    return request_key(method, uri, raw, rules)


def test_scheme_host_and_port_are_ignored() -> None:
    assert key("http://127.0.0.1:53211/api/v1/Appointment/7") == key(
        "https://sod.superoffice.com/api/v1/Appointment/7"
    )


def test_method_and_path_matter() -> None:
    assert key("http://h/api/v1/Appointment/7") != key("http://h/api/v1/Appointment/8")
    assert key("http://h/api/v1/Appointment/7") != key("http://h/api/v1/Appointment/7", method="GET")


@pytest.mark.parametrize(
    "select",
    ["Title,Agenda", "agenda,TITLE", " Agenda , Title ,title", "Title,,Agenda"],
)
def test_select_is_a_case_insensitive_set(select: str) -> None:
    assert canonical_select(select) == "agenda,title"
    assert key(f"http://h/api/v1/Appointment/7?$select={select}") == key(
        "http://h/api/v1/Appointment/7?%24select=Title%2CAgenda"
    )


def test_blank_select_is_no_select() -> None:
    assert key("http://h/a/1?$select=") == key("http://h/a/1")
    assert key("http://h/a/1?$select=Title") != key("http://h/a/1")


def test_credential_query_parameters_are_ignored_but_others_kept() -> None:
    assert key("http://h/a/1?ticket=7T:abc") == key("http://h/a/1?ticket=%3CSCRUBBED%3E")
    assert key("http://h/a/1?culture=nb") != key("http://h/a/1?culture=en")


def test_json_bodies_compare_as_data() -> None:
    assert key("http://h/a/1", '{"Title": "a", "Agenda": null}') == key(
        "http://h/a/1", '{"Agenda":null,"Title":"a"}'
    )
    assert key("http://h/a/1", {"Title": "a"}) != key("http://h/a/1", {"Title": "b"})


def test_xml_appointments_compare_as_data_and_other_bodies_byte_for_byte() -> None:
    a = b"<AppointmentEntity><Title>a</Title><Agenda>b</Agenda></AppointmentEntity>"
    b = (
        b'<?xml version="1.0"?>\n'
        b"<AppointmentEntity>\n  <Agenda>b</Agenda>\n  <Title>a</Title>\n</AppointmentEntity>"
    )
    assert key("http://h/a/1", a) == key("http://h/a/1", b)
    assert key("http://h/a/1", a) != key("http://h/a/1", a.replace(b">a<", b">c<"))
    assert key("http://h/a/1", a) != key("http://h/a/1", b'{"Title": "a", "Agenda": "b"}')  # not JSON
    assert key("http://h/a/1", b"<Other/>") != key("http://h/a/1", b"<Other />")


def test_ignored_paths_are_left_out() -> None:
    rules = MatchRules(ignore=("UpdatedDate", "Links[*].Id"))
    recorded = {"Title": "a", "UpdatedDate": "2024-01-01T00:00:00", "Links": [{"Id": 1, "EntityName": "x"}]}
    live = {"updateddate": "2025-05-05T00:00:00", "Title": "a", "Links": [{"Id": 2, "EntityName": "x"}]}
    assert key("http://h/a/1", recorded, rules=rules) == key("http://h/a/1", live, rules=rules)
    live["Links"][0]["EntityName"] = "y"
    assert key("http://h/a/1", recorded, rules=rules) != key("http://h/a/1", live, rules=rules)


def test_body_differences_name_each_path_recorded_first() -> None:
    recorded = {"Title": "a", "Links": [{"Id": 1}], "Contact": {"Name": "Acme"}, "UpdatedDate": "x"}
    live = {"Title": "b", "Links": [{"Id": 1}, {"Id": 2}], "Contact": {"Name": "Acme"}, "Agenda": ""}
    assert body_differences(recorded, live, MatchRules(ignore=("UpdatedDate",))) == [
        "Agenda: only sent: ''",
        "Title: recorded 'a', sent 'b'",
        "Links[1]: only sent: {'Id': 2}",
    ]


def test_a_tenant_prefix_before_api_is_ignored() -> None:
    assert key("https://sod.superoffice.com/Cust12345/api/v1/Appointment/7") == key(
        "http://so-replay.invalid/api/v1/Appointment/7"
    )
    whole = MatchRules(path_anchor=None)
    assert key("https://h/Cust1/api/v1/Appointment/7", rules=whole) != key(
        "https://h/api/v1/Appointment/7", rules=whole
    )
