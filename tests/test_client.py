"""AppointmentClient against the real reference server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pytest

from toolkit.client import AppointmentClient, basic_auth, bearer_auth, http_date, soticket_auth, xsrf
from toolkit.errors import (
    ApiError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PayloadTooLargeError,
    PreconditionFailedError,
    UnauthorizedError,
    UnsupportedMediaTypeError,
)
from toolkit.server import ReferenceServer
from toolkit.server.timezones import epoch_of


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=30, seed=11, max_body=32 * 1024) as srv:
        yield srv


@pytest.fixture
def client(server: ReferenceServer) -> Iterator[AppointmentClient]:
    with AppointmentClient(server.url, auth=bearer_auth("token-1")) as c:
        yield c


def test_get_change_put_round_trips(client: AppointmentClient) -> None:
    entity = client.get(1)
    entity["Title"] = "From the client"
    saved = client.put(1, entity)  # the answer goes back as it came; its rights and links are ignored
    assert saved["Title"] == "From the client"
    assert saved["AppointmentId"] == 1
    assert client.get(1)["Title"] == "From the client"


def test_select_is_sent_as_the_dollar_select_parameter(client: AppointmentClient) -> None:
    body = client.put(2, {"Title": "selected", "Agenda": "hidden"}, select="title")
    assert body["Title"] == "selected"
    assert body["Agenda"] is None
    assert client.get(2, select="Agenda")["Agenda"] == "hidden"


def test_xml_both_ways(client: AppointmentClient) -> None:
    body = client.put(
        3,
        {"Title": "xml", "HasAlarm": True, "Links": [{"EntityName": "Sale", "Id": 4}]},
        content_type="application/xml",
        accept="application/xml",
    )
    assert body["Title"] == "xml"
    assert body["HasAlarm"] is True
    assert body["Links"] == [{"EntityName": "Sale", "Id": 4}]
    assert body == client.get(3)


@pytest.mark.parametrize(
    "auth",
    [basic_auth("alice", "secret"), soticket_auth("7T:dGlja2V0"), bearer_auth("abc.def"), xsrf("tok-9")],
    ids=["basic", "soticket", "bearer", "xsrf"],
)
def test_each_auth_helper_is_accepted(server: ReferenceServer, auth: object) -> None:
    with AppointmentClient(server.url, auth=auth) as c:  # type: ignore[arg-type]
        assert c.get(4)["AppointmentId"] == 4


def test_no_credentials_raise_unauthorized_with_the_parsed_body(server: ReferenceServer) -> None:
    with AppointmentClient(server.url) as c, pytest.raises(UnauthorizedError) as info:
        c.get(4)
    assert info.value.status == 401
    assert info.value.error_type == "SoAuthenticationException"
    assert info.value.body["Error"] is True


def test_errors_raise_typed_exceptions(client: AppointmentClient) -> None:
    with pytest.raises(NotFoundError) as not_found:
        client.get(999)
    assert "999" in str(not_found.value)
    with pytest.raises(BadRequestError) as bad:
        client.put(5, {"Title": 12})
    assert bad.value.body["ErrorSource"] == "Title"
    with pytest.raises(UnsupportedMediaTypeError):
        client.put(5, b"Title=x", content_type="application/x-www-form-urlencoded")
    with pytest.raises(PayloadTooLargeError):
        client.put(5, {"Title": "x" * 40_000})
    with pytest.raises(ConflictError):
        client.patch(5, [{"op": "test", "path": "/Title", "value": "nope"}], json_patch=True)


def test_errors_in_xml_are_parsed_too(client: AppointmentClient) -> None:
    with pytest.raises(NotFoundError) as info:
        client.get(999, accept="application/xml")
    assert info.value.body["ErrorType"] == "SoNotFoundException"
    assert info.value.body["Error"] is True


def test_request_sends_any_method_and_returns_the_response(client: AppointmentClient) -> None:
    response = client.request("OPTIONS", 5)
    assert response.status_code == 405
    assert response.json()["ErrorType"] == "SoMethodNotAllowedException"


def test_if_unmodified_since_accepts_datetimes_and_strings(
    server: ReferenceServer, client: AppointmentClient
) -> None:
    stored = server.store.get(6)
    assert stored is not None
    epoch = epoch_of(stored["UpdatedDate"])
    assert epoch is not None
    then = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    assert client.put(6, {"Title": "first"}, if_unmodified_since=then)["Title"] == "first"
    with pytest.raises(PreconditionFailedError) as info:
        client.put(6, {"Title": "second"}, if_unmodified_since=http_date(then))
    assert isinstance(info.value, ApiError)
    assert server.store.get(6)["Title"] == "first"  # type: ignore[index]


def test_http_date_is_rfc_1123() -> None:
    assert http_date(datetime(1994, 11, 15, 8, 12, 31)) == "Tue, 15 Nov 1994 08:12:31 GMT"


def test_merge_patch_helper(client: AppointmentClient) -> None:
    before = client.get(7)
    after = client.patch(7, {"Agenda": "patched"})
    assert after["Agenda"] == "patched"
    assert after["Title"] == before["Title"]


def test_session_headers_reach_the_server(server: ReferenceServer) -> None:
    with AppointmentClient(
        server.url,
        auth=bearer_auth("t"),
        timezone="US-NY, includeTZOffset",
        language="nb",
        so_language="en",
        culture="sv",
        app_token="app-1",
    ) as c:
        c.put(8, {"Title": "tz", "StartDate": "2018-12-24T12:34:45.0000001Z"})
        assert c.get(8)["StartDate"] == "2018-12-24T07:34:45.0000001-05:00"
        assert c.headers["SO-AppToken"] == "app-1"
        with pytest.raises(BadRequestError):
            c.get(8, headers={"SO-TimeZone": "Nowhere/Special"})


def test_put_raw_returns_the_response_whatever_the_status(client: AppointmentClient) -> None:
    response = client.put_raw(9, b"{broken", headers={"X-Trace": "1"})
    assert response.status_code == 400
    assert response.json()["ErrorType"] == "SoBadRequestException"


def test_a_given_session_is_used_and_left_open(server: ReferenceServer) -> None:
    session = httpx.Client(timeout=5)
    with AppointmentClient(server.url + "/", auth=bearer_auth("t"), session=session) as c:
        assert c.url(3) == f"{server.url}/api/v1/Appointment/3"
        c.get(3)
    assert not session.is_closed
    session.close()


def test_an_error_page_labelled_xml_but_not_xml_still_raises_api_error() -> None:
    # A proxy in front of a tenant may answer 502 with text/xml and a plain-text page.
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, headers={"Content-Type": "text/xml"}, content=b"Bad gateway")

    session = httpx.Client(transport=httpx.MockTransport(answer))
    with (
        AppointmentClient("http://tenant.invalid", session=session) as client,
        pytest.raises(ApiError) as caught,
    ):
        client.get(1)
    assert caught.value.status == 502
    assert caught.value.body == "Bad gateway"


@pytest.mark.parametrize("auth", [basic_auth("ann", "pw"), bearer_auth("tok"), soticket_auth("7T:abc")])
def test_auth_helpers_plug_into_requests_and_httpx(server: ReferenceServer, auth: object) -> None:
    import requests

    url = f"{server.url}/api/v1/Appointment/1"
    assert httpx.get(url, auth=auth).status_code == 200  # type: ignore[arg-type]
    assert requests.get(url, auth=auth, timeout=10).status_code == 200  # type: ignore[arg-type]
    assert httpx.get(url).status_code == 401


def test_create_default_patch_and_delete_make_a_whole_lifecycle(server: ReferenceServer) -> None:
    with AppointmentClient(server.url, auth=basic_auth("ann", "pw")) as client:
        _lifecycle(server, client)


def _lifecycle(server: ReferenceServer, client: AppointmentClient) -> None:
    draft = client.default()
    assert draft["AppointmentId"] == 0
    assert draft["Associate"]["Name"] == "ann"  # the calling user (basic_auth("ann", ...))
    draft["Title"] = "Kick-off"
    created = client.create(draft)
    new_id = created["AppointmentId"]
    assert new_id > server.store.preload
    assert client.get(new_id)["Title"] == "Kick-off"
    patched = client.patch(new_id, {"Location": "Room 4"})
    assert (patched["Title"], patched["Location"]) == ("Kick-off", "Room 4")
    client.delete(new_id)
    with pytest.raises(NotFoundError):
        client.get(new_id)
    with pytest.raises(NotFoundError):
        client.delete(new_id)


def test_patch_sends_the_patch_verb(client: AppointmentClient) -> None:
    methods: list[str] = []
    client.session.event_hooks["request"].append(lambda request: methods.append(request.method))
    client.patch(11, [{"op": "replace", "path": "title", "value": "Renamed"}], json_patch=True)
    assert methods == ["PATCH"]
    assert client.get(11)["Title"] == "Renamed"  # the path is case-insensitive, as documented
