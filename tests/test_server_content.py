"""The reference server's bodies: JSON and XML both ways, $select, both patch formats, SO-TimeZone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from toolkit.codecs import decode_xml, encode_xml
from toolkit.select import apply_select
from toolkit.server import ReferenceServer
from toolkit.validation import validator

BEARER = {"Authorization": "Bearer test-token"}


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=60, seed=3) as srv:
        yield srv


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        yield client


def url(appointment_id: int) -> str:
    return f"/api/v1/Appointment/{appointment_id}"


def stored(server: ReferenceServer, appointment_id: int) -> dict[str, Any]:
    entity = server.store.get(appointment_id)
    assert entity is not None
    return entity


def without_update_stamp(entity: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in entity.items() if k not in ("UpdatedDate", "TableRight", "FieldProperties", "_Links")
    }


# --- JSON and XML, both ways -------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", "text/json", "application/json; charset=utf-8"])
def test_json_content_types_are_read(server: ReferenceServer, http: httpx.Client, content_type: str) -> None:
    entity = stored(server, 1)
    entity["Title"] = f"via {content_type}"
    response = http.put(url(1), content=orjson.dumps(entity), headers={"Content-Type": content_type})
    assert response.status_code == 200, response.text
    assert response.json()["Title"] == f"via {content_type}"


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml"])
def test_an_xml_put_stores_what_the_same_json_put_stores(
    server: ReferenceServer, http: httpx.Client, content_type: str
) -> None:
    entity = stored(server, 2)
    entity["Title"] = "Entities & <angles>"
    entity["UserDefinedFields"] = {"SuperOffice:1": "Ada", "odd key/with space": "x"}
    json_answer = http.put(url(2), json=entity).json()
    xml_answer = http.put(
        url(2), content=encode_xml(entity, root="AppointmentEntity"), headers={"Content-Type": content_type}
    ).json()
    assert without_update_stamp(xml_answer) == without_update_stamp(json_answer)


def test_xml_answer_decodes_to_the_json_answer(http: httpx.Client) -> None:
    as_json = http.get(url(3)).json()
    response = http.get(url(3), headers={"Accept": "application/xml"})
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<AppointmentEntityWithLinks')
    assert decode_xml(response.content, root="AppointmentEntityWithLinks") == as_json


def test_xml_input_accepts_a_namespace_key_children_and_typed_text(
    server: ReferenceServer, http: httpx.Client
) -> None:
    xml = b"""<?xml version="1.0"?>
    <AppointmentEntity xmlns="http://www.superoffice.net/ws/crm/NetServer/Services"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <Title>Board meeting</Title>
      <Description></Description>
      <HasAlarm>true</HasAlarm>
      <ColorIndex> 7 </ColorIndex>
      <StartDate>2024-05-01T09:00:00.1234567+02:00</StartDate>
      <Contact xsi:nil="true"/>
      <Links><Item><EntityName>Sale</EntityName><Id>5</Id></Item></Links>
      <UserDefinedFields><Entry Key="SuperOffice:1">Ada</Entry><Extra>Bob</Extra></UserDefinedFields>
      <Private>PrivateUser</Private>
    </AppointmentEntity>"""
    response = http.put(url(4), content=xml, headers={"Content-Type": "application/xml"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Title"] == "Board meeting"
    assert body["Description"] == ""
    assert body["HasAlarm"] is True
    assert body["ColorIndex"] == 7
    assert body["StartDate"] == "2024-05-01T07:00:00.1234567"  # stored in the base zone (UTC), no suffix
    assert body["Contact"] is None
    assert body["Links"] == [{"EntityName": "Sale", "Id": 5}]
    assert body["UserDefinedFields"] == {"SuperOffice:1": "Ada", "Extra": "Bob"}
    assert body["Private"] == "PrivateUser"


def test_xml_with_an_untypeable_value_is_400_naming_the_path(http: httpx.Client) -> None:
    xml = b"<AppointmentEntity><Links><Link><Id>abc</Id></Link></Links></AppointmentEntity>"
    response = http.put(url(4), content=xml, headers={"Content-Type": "text/xml"})
    assert response.status_code == 400
    assert response.json()["ErrorMessage"].startswith("Links[0].Id:")


def test_errors_follow_the_negotiated_format(http: httpx.Client) -> None:
    response = http.get("/api/v1/Appointment/9999", headers={"Accept": "application/xml"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/xml")
    assert b"<ErrorType>SoNotFoundException</ErrorType>" in response.content


def test_an_answer_can_be_sent_back_as_it_came(http: httpx.Client) -> None:
    answer = http.get(url(13)).json()
    answer["Title"] = "round trip"
    assert http.put(url(13), json=answer).json()["Title"] == "round trip"
    xml = http.get(url(13), headers={"Accept": "application/xml"}).content.replace(
        b"<Title>round trip</Title>", b"<Title>via XML</Title>"
    )
    response = http.put(url(13), content=xml, headers={"Content-Type": "application/xml"})
    assert response.status_code == 200, response.text
    assert response.json()["Title"] == "via XML"
    patch = {"Title": "merged", "_Links": {"Self": "elsewhere"}, "TableRight": None}
    merged = http.put(
        url(13), content=orjson.dumps(patch), headers={"Content-Type": "application/merge-patch+json"}
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["_Links"]["Self"].endswith("/api/v1/Appointment/13")


def test_a_float_holding_an_integer_is_an_integer_as_json_schema_says(http: httpx.Client) -> None:
    # The server's fast check refuses 5.0 for an integer; the shared validator overrules it.
    response = http.put(
        url(4), content=b'{"Title": "float", "ColorIndex": 5.0}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["ColorIndex"] == 5
    patched = http.put(
        url(4), content=b'{"MotherId": 7.0}', headers={"Content-Type": "application/merge-patch+json"}
    )
    assert patched.status_code == 200, patched.text


# --- $select ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "select",
    [
        "Title",
        "title,DESCRIPTION",
        "Links/Id",
        "links/ID,Participants/EmailAddress",
        "FieldProperties/AppointmentId",
        "",
    ],
)
def test_select_follows_the_shared_rule(server: ReferenceServer, http: httpx.Client, select: str) -> None:
    entity = stored(server, 5)
    entity["Links"] = [{"EntityName": "Sale", "Id": 1}, {"EntityName": "Project", "Id": 2}]
    entity["Participants"] = [{"AssociateId": 3, "EmailAddress": "a@example.com"}]
    full = http.put(url(5), json=entity).json()
    response = http.get(url(5), params={"$select": select})
    assert response.status_code == 200
    assert response.json() == apply_select(full, select)
    assert validator("AppointmentEntityWithLinks", lenient=True).is_valid(response.json())


def test_select_nulls_unselected_properties_and_never_links(http: httpx.Client) -> None:
    body = http.put(
        url(6),
        json={"Title": "kept", "Links": [{"Id": 9, "EntityName": "Sale"}]},
        params={"$select": "title,links/id"},
    ).json()
    assert body["Title"] == "kept"
    assert body["Description"] is None
    assert body["AppointmentId"] is None
    assert body["Links"] == [{"Id": 9, "EntityName": None}]
    assert body["_Links"]["Self"].endswith("/api/v1/Appointment/6")


def test_percent_encoded_select_key_is_understood(http: httpx.Client) -> None:
    http.put(url(6), json={"Title": "kept"})  # each test sets what it reads (xdist may split them)
    body = http.get(url(6) + "?%24select=Title").json()
    assert body["Title"] == "kept"
    assert body["Agenda"] is None


def test_select_applies_to_xml_answers(http: httpx.Client) -> None:
    http.put(url(6), json={"Title": "kept"})
    response = http.get(url(6), params={"$select": "Title"}, headers={"Accept": "text/xml"})
    assert b"<Title>kept</Title>" in response.content
    assert b'<Agenda xsi:nil="true"/>' in response.content


# --- patches -----------------------------------------------------------------------------------------------


def test_merge_patch_changes_only_what_it_names(server: ReferenceServer, http: httpx.Client) -> None:
    before = stored(server, 7)
    patch = {"Title": "patched", "Description": None, "UserDefinedFields": {"SuperOffice:9": "new"}}
    response = http.put(
        url(7), content=orjson.dumps(patch), headers={"Content-Type": "application/merge-patch+json"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Title"] == "patched"
    assert body["Description"] is None
    assert body["Agenda"] == before["Agenda"]
    assert body["UserDefinedFields"] == {**before["UserDefinedFields"], "SuperOffice:9": "new"}


def test_merge_patch_by_the_patch_method_too(http: httpx.Client) -> None:
    response = http.patch(
        url(7), content=b'{"Agenda": "via PATCH"}', headers={"Content-Type": "application/merge-patch+json"}
    )
    assert response.status_code == 200
    assert response.json()["Agenda"] == "via PATCH"
    plain = http.patch(url(7), json={"Agenda": "x"})
    assert plain.status_code == 415


def test_json_patch_add_replace_remove_test(server: ReferenceServer, http: httpx.Client) -> None:
    before = stored(server, 8)
    ops = [
        {"op": "test", "path": "/AppointmentId", "value": 8},
        {"op": "replace", "path": "/Title", "value": "json-patched"},
        {"op": "add", "path": "/Links/-", "value": {"EntityName": "Sale", "Id": 77}},
        {"op": "remove", "path": "/Description"},
        {"op": "add", "path": "/UserDefinedFields/a~1b", "value": "slash key"},
    ]
    response = http.put(
        url(8), content=orjson.dumps(ops), headers={"Content-Type": "application/json-patch+json"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["Title"] == "json-patched"
    assert body["Links"][-1] == {"EntityName": "Sale", "Id": 77}
    assert len(body["Links"]) == len(before["Links"]) + 1
    assert body["Description"] is None  # removed: back to the .NET default
    assert body["UserDefinedFields"]["a/b"] == "slash key"


def test_failed_json_patch_test_is_409_and_applies_nothing(
    server: ReferenceServer, http: httpx.Client
) -> None:
    before = stored(server, 9)
    ops = [
        {"op": "replace", "path": "/Title", "value": "never"},
        {"op": "test", "path": "/Title", "value": "x"},
    ]
    response = http.put(
        url(9), content=orjson.dumps(ops), headers={"Content-Type": "application/json-patch+json"}
    )
    assert response.status_code == 409
    assert response.json()["ErrorType"] == "SoConflictException"
    assert server.store.get(9) == before


@pytest.mark.parametrize(
    ("ops", "status", "words"),
    [
        ({"op": "add"}, 400, "array of operations"),
        ([{"op": "move", "from": "/Title", "path": "/Agenda"}], 400, "not supported"),
        ([{"op": "replace", "path": "Title", "value": 1}], 400, "Title: 1 is not of type"),
        ([{"op": "replace", "path": "/Title"}], 400, "needs a 'value'"),
        ([{"op": "replace", "path": "/NoSuchThing", "value": 1}], 409, "does not exist"),
        ([{"op": "add", "path": "/Links/99", "value": {}}], 409, "out of range"),
        ([{"op": "replace", "path": "/Title", "value": 5}], 400, "$[0]"),
    ],
)
def test_bad_json_patches(http: httpx.Client, ops: Any, status: int, words: str) -> None:
    response = http.put(
        url(9), content=orjson.dumps(ops), headers={"Content-Type": "application/json-patch+json"}
    )
    assert response.status_code == status, response.text
    if status == 400 and words == "$[0]":
        assert response.json()["ErrorMessage"].startswith("After the patch, Title:")
    else:
        assert words in response.json()["ErrorMessage"]


def test_merge_patch_that_breaks_the_schema_is_400_naming_the_path(http: httpx.Client) -> None:
    response = http.put(
        url(9),
        content=b'{"Links": [{"Id": "seven"}]}',
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 400
    assert response.json()["ErrorSource"] == "Links[0].Id"


# --- SO-TimeZone and languages ---------------------------------------------------------------------


def test_so_timezone_converts_diary_dates_keeping_seven_digits(http: httpx.Client) -> None:
    http.put(
        url(10),
        json={
            "Title": "tz",
            "StartDate": "2024-01-15T12:00:00.1234567+00:00",
            "EndDate": "2024-07-15T12:00:00.7654321Z",
        },
    )
    plain = http.get(url(10)).json()
    assert plain["StartDate"] == "2024-01-15T12:00:00.1234567"  # no header: no suffix
    oslo = http.get(url(10), headers={"SO-TimeZone": "NO,includeTZOffset"}).json()
    assert oslo["StartDate"] == "2024-01-15T13:00:00.1234567+01:00"
    assert oslo["EndDate"] == "2024-07-15T14:00:00.7654321+02:00"  # summer time
    ny = http.get(url(10), headers={"SO-TimeZone": "US-NY"}).json()
    assert ny["StartDate"] == "2024-01-15T07:00:00.1234567"  # converted, without a specifier
    assert ny["CreatedDate"] == plain["CreatedDate"]  # system dates: always UTC
    assert ny["ActiveDate"] == "0001-01-01T00:00:00"  # .NET's MinValue has no earlier local time
    utc = http.get(url(10), headers={"SO-TimeZone": "UTC"}).json()
    assert utc["StartDate"] == "2024-01-15T12:00:00.1234567Z"
    assert utc["CreatedDate"] == plain["CreatedDate"] + "Z"


def test_so_timezone_leaves_embedded_entities_dates_alone(
    server: ReferenceServer, http: httpx.Client
) -> None:
    entity = {"Title": "nested", "Project": {"ProjectId": 1, "Updated": "2024-03-01T00:00:00.5000000+00:00"}}
    http.put(url(11), json=entity)
    body = http.get(url(11), headers={"SO-TimeZone": "Asia/Tokyo, includeTZOffset"}).json()
    assert body["Project"]["Updated"] == "2024-03-01T00:00:00.5Z"  # another entity: UTC, tagged


def test_so_timezone_on_a_put_converts_request_dates_into_the_base_zone(http: httpx.Client) -> None:
    sent = {"Title": "from New York", "StartDate": "2018-12-24T07:34:45"}
    answer = http.put(url(12), json=sent, headers={"SO-TimeZone": "US-NY, includeTZOffset"}).json()
    assert answer["StartDate"] == "2018-12-24T07:34:45-05:00"
    assert http.get(url(12)).json()["StartDate"] == "2018-12-24T12:34:45"  # stored in UTC


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "", "x" * 500])
def test_unknown_timezone_is_400_naming_the_header(http: httpx.Client, zone: str) -> None:
    response = http.get(url(1), headers={"SO-TimeZone": zone})
    assert response.status_code == 400
    assert response.json()["ErrorSource"] == "SO-TimeZone"
    assert "SO-TimeZone" in response.json()["ErrorMessage"]


def test_language_headers_are_answered_as_if_no_language_was_set(http: httpx.Client) -> None:
    plain = http.get(url(12)).json()
    localised = http.get(
        url(12), headers={"Accept-Language": "nb-NO", "SO-Language": "de", "SO-Culture": "sv"}
    ).json()
    assert localised == plain
