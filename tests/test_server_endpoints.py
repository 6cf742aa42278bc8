"""The Appointment endpoints beyond PUT, and answers shaped like a tenant's, against the running server.

Literal expectations come from SuperOffice's documentation and from real tenant answers: the
``SO-TimeZone`` page (``US-NY, includeTZOffset``), the npm client's captures (Norway, UTC), the PHP
SDK's capture (no header: no suffix).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from toolkit.client import http_date
from toolkit.server import ReferenceServer
from toolkit.validation import validator

PRELOAD = 40
BASIC_ANN = {"Authorization": "Basic YW5uOnB3"}  # ann:pw
NO_SUFFIX = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,6}[1-9])?")
DATES = ("CreatedDate", "StartDate", "EndDate", "UpdatedDate", "ActiveDate", "PublishEventDate", "PublishTo")


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=PRELOAD) as srv:
        yield srv


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BASIC_ANN, timeout=10) as client:
        yield client


def url(appointment_id: int | str = "") -> str:
    return f"/api/v1/Appointment/{appointment_id}".rstrip("/")


# --- GET default ------------------------------------------------------------------------------------


def test_default_is_a_new_entity_for_the_calling_user(http: httpx.Client) -> None:
    before = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=5)
    response = http.get(url("default"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert validator("AppointmentEntityWithLinks").is_valid(body)
    assert body["AppointmentId"] == 0
    assert body["Associate"]["Name"] == "ann"
    start = datetime.fromisoformat(body["StartDate"][:26])
    assert before <= start <= before + timedelta(seconds=65)
    assert body["CreatedDate"] == "0001-01-01T00:00:00"  # not saved yet
    assert body["UserDefinedFields"] == {}


def test_default_honours_select(http: httpx.Client) -> None:
    body = http.get(url("default"), params={"$select": "StartDate"}).json()
    assert body["StartDate"] is not None
    assert body["Associate"] is None


# --- POST -------------------------------------------------------------------------------------------


def test_post_creates_beyond_the_preloaded_ids_and_get_reads_it(http: httpx.Client) -> None:
    sent = {
        "Title": "Created",
        "StartDate": "2026-01-05T09:00:00",
        "AppointmentId": 3,
        "CreatedDate": "2001-01-01T00:00:00",
    }
    response = http.post(url(), json=sent)
    assert response.status_code == 200, response.text
    created = response.json()
    assert validator("AppointmentEntityWithLinks").is_valid(created)
    new_id = created["AppointmentId"]
    assert new_id > PRELOAD  # a new id; the body's id and CreatedDate are read-only
    assert created["CreatedDate"] != "2001-01-01T00:00:00"
    assert created["Associate"]["Name"] == "ann"  # the caller owns what the body left unowned
    assert created["_Links"]["Self"].endswith(f"/api/v1/Appointment/{new_id}")
    assert http.get(url(new_id)).json()["Title"] == "Created"
    assert http.post(url(), json={"Title": "next"}).json()["AppointmentId"] == new_id + 1


def test_post_answers_as_select_says(http: httpx.Client) -> None:
    body = http.post(
        url(), json={"Title": "selected", "Agenda": "hidden"}, params={"$select": "Title,AppointmentId"}
    ).json()
    assert (body["Title"], body["Agenda"]) == ("selected", None)
    assert http.get(url(body["AppointmentId"])).json()["Agenda"] == "hidden"  # saved whole


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"Title": 5}', "application/json", 400),
        (b"", "application/json", 400),
        (b'{"Title": "x"}', "application/merge-patch+json", 415),
    ],
)
def test_post_refuses_what_put_refuses(
    http: httpx.Client, body: bytes, content_type: str, status: int
) -> None:
    response = http.post(url(), content=body, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text


# --- DELETE -----------------------------------------------------------------------------------------


def test_delete_is_204_then_404(http: httpx.Client) -> None:
    response = http.delete(url(5))
    assert response.status_code == 204
    assert response.content == b""
    assert http.get(url(5)).status_code == 404
    assert http.delete(url(5)).status_code == 404
    assert http.put(url(5), json={"Title": "back?"}).status_code == 404  # a deleted id stays gone


def test_delete_with_a_stale_if_unmodified_since_is_412_and_deletes_nothing(http: httpx.Client) -> None:
    long_ago = http_date(datetime(2000, 1, 1, tzinfo=timezone.utc))
    response = http.delete(url(6), headers={"If-Unmodified-Since": long_ago})
    assert response.status_code == 412
    assert response.json()["ErrorType"] == "SoPreconditionFailedException"
    assert http.get(url(6)).status_code == 200
    current = http.get(url(6)).headers["last-modified"]
    assert http.delete(url(6), headers={"If-Unmodified-Since": current}).status_code == 204


# --- If-Modified-Since ------------------------------------------------------------------------------


def test_if_modified_since_is_304_without_a_body_when_unchanged(http: httpx.Client) -> None:
    last_modified = http.get(url(7)).headers["last-modified"]
    response = http.get(url(7), headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["last-modified"] == last_modified
    long_ago = "Wed, 21 Oct 2015 07:28:00 GMT"  # the docs' example, before the stored change
    assert http.get(url(7), headers={"If-Modified-Since": long_ago}).status_code == 200
    assert http.get(url(7), headers={"If-Modified-Since": "yesterday"}).status_code == 200  # ignored


# --- tenant prefix ----------------------------------------------------------------------------------


def test_a_tenant_prefix_addresses_the_same_store_and_links_keep_it(
    server: ReferenceServer, http: httpx.Client
) -> None:
    put = http.put(f"/Cust12345{url(8)}", json={"Title": "via the tenant URL"})
    assert put.status_code == 200, put.text
    assert http.get(url(8)).json()["Title"] == "via the tenant URL"
    links = put.json()["_Links"]
    assert links["Self"] == f"{server.url}/Cust12345/api/v1/Appointment/8"
    assert all("/Cust12345/api/v1/" in link for link in links.values())
    created = http.post("/Cust12345/api/v1/Appointment", json={"Title": "tenant"}).json()
    assert created["_Links"]["Self"].startswith(f"{server.url}/Cust12345/")


# --- credentials --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        "SOTicket 7A:Cust12345.AbCd==",
        "SoTicket 7T:dGhpcyBpcyBhIHRpY2tldA==",
        "Bearer 8A:Cust12345.AbC+/d9==",
        "Bearer abc.def:ghi",
    ],
)
def test_superoffice_ticket_and_token_shapes_are_well_formed(http: httpx.Client, authorization: str) -> None:
    assert http.get(url(9), headers={"Authorization": authorization}).status_code == 200


def test_listed_online_tokens_are_accepted_and_others_refused() -> None:
    token = "8A:Cust12345.AbC+/d9=="
    accepted = [f"bearer {token}", "soticket 7A:Cust1.x"]
    with (
        ReferenceServer(preload=1, credentials=accepted) as listed,
        httpx.Client(base_url=listed.url) as client,
    ):
        assert client.get(url(1), headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get(url(1), headers={"Authorization": "SOTicket 7A:Cust1.x"}).status_code == 200
        assert client.get(url(1), headers={"Authorization": "Bearer 8A:Cust9.other"}).status_code == 401


# --- SO-TimeZone --------------------------------------------------------------------------------------


def test_so_timezone_as_superoffice_documents_it(http: httpx.Client) -> None:
    http.put(url(10), json={"Title": "tz", "StartDate": "2018-12-24T12:34:45Z"})
    ny = http.get(url(10), headers={"SO-TimeZone": "US-NY, includeTZOffset"}).json()
    assert ny["StartDate"] == "2018-12-24T07:34:45-05:00"
    assert ny["UpdatedDate"].endswith("Z")  # system dates: UTC, tagged UTC
    assert http.get(url(10), headers={"SO-TimeZone": "US-NY"}).json()["StartDate"] == "2018-12-24T07:34:45"
    assert http.get(url(10), headers={"SO-TimeZone": "460"}).json()["StartDate"] == "2018-12-24T07:34:45"
    assert http.get(url(10), headers={"SO-Timezone": "UTC"}).json()["StartDate"] == "2018-12-24T12:34:45Z"
    norway = http.get(url(10), headers={"SO-TimeZone": "NO,includeTZOffset"}).json()
    assert norway == http.get(url(10), headers={"SO-TimeZone": "261, includeTZOffset"}).json()
    assert norway["StartDate"] == "2018-12-24T13:34:45+01:00"


def test_an_unknown_zone_is_400_listing_the_codes(http: httpx.Client) -> None:
    response = http.get(url(1), headers={"SO-TimeZone": "Mars"})
    assert response.status_code == 400
    assert response.json()["ErrorSource"] == "SO-TimeZone"
    assert "US-NY" in response.json()["ErrorMessage"]


def test_without_so_timezone_dates_have_no_suffix(http: httpx.Client) -> None:
    body = http.get(url(11)).json()
    for name in DATES:
        assert NO_SUFFIX.fullmatch(body[name]), (name, body[name])


def test_a_put_date_with_an_offset_is_stored_as_base_zone_wall_time() -> None:
    with (
        ReferenceServer(preload=1, base_timezone="NO") as oslo,
        httpx.Client(base_url=oslo.url, headers=BASIC_ANN) as client,
    ):
        client.put(url(1), json={"Title": "offset", "StartDate": "2018-12-24T12:34:45.5+00:00"})
        assert client.get(url(1)).json()["StartDate"] == "2018-12-24T13:34:45.5"  # Oslo wall time
        utc = client.get(url(1), headers={"SO-TimeZone": "UTC"}).json()
        assert utc["StartDate"] == "2018-12-24T12:34:45.5Z"
        ny_sent = {"Title": "from NY", "StartDate": "2018-12-24T07:34:45"}
        client.put(url(1), json=ny_sent, headers={"SO-TimeZone": "US-NY"})
        assert client.get(url(1)).json()["StartDate"] == "2018-12-24T13:34:45"


def test_serve_refuses_an_unknown_base_timezone() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "serve", "--port", "0", "--base-timezone", "Mars/Olympus"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "--base-timezone 'Mars/Olympus'" in result.stderr
    assert "Traceback" not in result.stderr


# --- PATCH as documented ------------------------------------------------------------------------------


def test_patch_paths_are_case_insensitive_and_the_slash_optional(http: httpx.Client) -> None:
    ops = [
        {"op": "replace", "path": "title", "value": "lower"},
        {"op": "replace", "path": "/AGENDA", "value": "upper"},
    ]
    response = http.patch(url(12), json=ops, headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 200, response.text
    assert (response.json()["Title"], response.json()["Agenda"]) == ("lower", "upper")


def test_patch_adds_an_object_given_where_an_array_is(http: httpx.Client) -> None:
    before = http.get(url(13)).json()["Participants"] or []
    person = {
        "AssociateId": 1,
        "PersonId": 2,
        "ContactId": 3,
        "EmailId": 0,
        "SendEmail": False,
        "InvitationStatus": "Accepted",
        "EmailAddress": "kari@example.com",
        "Description": "Kari",
    }
    ops = [{"op": "add", "path": "/Participants", "value": person}]
    response = http.patch(url(13), json=ops, headers={"Content-Type": "application/json-patch+json"})
    assert response.status_code == 200, response.text
    assert response.json()["Participants"] == [*before, person]


# --- sub-resources ----------------------------------------------------------------------------------


def test_participants_and_links_sub_resources(http: httpx.Client) -> None:
    entity = http.get(url(14)).json()
    participants = http.get(f"{url(14)}/Participants")
    assert participants.status_code == 200
    assert participants.json() == entity["Participants"]
    assert http.get(f"/Cust1{url(14)}/links").json() == entity["Links"]
    assert http.get(f"{url(999)}/Participants").status_code == 404


# --- answers shaped like a tenant's -------------------------------------------------------------------


def test_answers_carry_tenant_links_rights_and_empty_dictionaries(http: httpx.Client) -> None:
    http.put(url(15), json={"Title": "bare", "Contact": {"ContactId": 77}})
    body = http.get(url(15)).json()
    assert set(body["_Links"]) >= {"Self", "Self.Simple", "Archive", "Archive.Participants", "Archive.Links"}
    assert body["_Links"]["Contact"].endswith("/api/v1/Contact/77")
    assert body["TableRight"]["Mask"] == "Select, Update, Insert, Delete"
    assert (body["UserDefinedFields"], body["ExtraFields"], body["CustomFields"]) == ({}, {}, {})
    assert body["FieldProperties"]["AlarmLeadTime"]["FieldType"] == "System.TimeSpan"
    assert body["FieldProperties"]["Title"]["FieldRight"] == {"Mask": "Update", "Reason": ""}


def test_sub_resources_and_defaults_answer_xml_and_head(http: httpx.Client) -> None:
    xml = http.get(f"{url(16)}/Participants", headers={"Accept": "application/xml"})
    assert xml.status_code == 200
    assert xml.headers["content-type"] == "application/xml; charset=utf-8"
    assert xml.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<AppointmentEntityParticipants')
    head = http.head(url("default"))
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 1000  # GET's length, without the body
