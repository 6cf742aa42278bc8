"""The reference server over real HTTP: routing, status codes, credentials, preconditions."""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterator
from email.utils import formatdate

import httpx
import pytest

from toolkit.schemas import load_schema
from toolkit.server import ReferenceServer
from toolkit.server.timezones import epoch_of
from toolkit.validation import validator

BEARER = {"Authorization": "Bearer test-token"}


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=50) as srv:
        yield srv


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        yield client


def url(appointment_id: int | str) -> str:
    return f"/api/v1/Appointment/{appointment_id}"


def links(server: ReferenceServer, appointment_id: int, prefix: str = "") -> dict[str, str]:
    """The ``_Links`` keys tenants send, as the server writes them."""
    own = f"{server.url}{prefix}/api/v1/Appointment/{appointment_id}"
    return {
        "Self": own,
        "Self.Simple": f"{own}/Simple",
        "UdefLayout": f"{server.url}{prefix}/api/v1/Appointment/UdefLayout/Published",
        "Archive": f"{server.url}{prefix}/api/v1/Appointment",
        "Archive.Participants": f"{own}/Participants",
        "Archive.Links": f"{own}/Links",
    }


def assert_error(response: httpx.Response, status: int, error_type: str, *words: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"Error", "ErrorType", "ErrorMessage", "ErrorSource"}
    assert body["Error"] is True
    assert body["ErrorType"] == error_type
    for word in words:
        assert word in body["ErrorMessage"], body
    return body  # type: ignore[no-any-return]


# --- the happy path ---------------------------------------------------------------------------


def test_get_returns_the_stored_entity_as_a_valid_response(
    server: ReferenceServer, http: httpx.Client
) -> None:
    response = http.get(url(3))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert validator("AppointmentEntityWithLinks").is_valid(body), validator(
        "AppointmentEntityWithLinks"
    ).problems(body)[:3]
    assert body["AppointmentId"] == 3
    assert body["_Links"] == links(server, 3)
    assert body["Title"] == server.store.get(3)["Title"]  # type: ignore[index]


def test_preloaded_entities_are_deterministic_per_seed_and_id() -> None:
    with ReferenceServer(seed=7, preload=5) as a, ReferenceServer(seed=7, preload=5) as b:
        a.store.get(1)  # touching other ids first changes nothing
        assert a.store.get(4) == b.store.get(4)
    with ReferenceServer(seed=8, preload=5) as c:
        assert c.store.get(4) != a.store.get(4)


def test_put_replaces_the_entity_and_keeps_read_only_properties(
    server: ReferenceServer, http: httpx.Client
) -> None:
    before = server.store.get(4)
    assert before is not None
    sent = dict(before)
    sent.update(
        Title="Quarterly review",
        AppointmentId=999,
        CreatedDate="2001-01-01T00:00:00.0000000+00:00",
        CreatedBy={"AssociateId": 1, "Name": "mallory"},
        UpdatedDate="2001-01-01T00:00:00",
    )
    response = http.put(url(4), json=sent)
    assert response.status_code == 200, response.text
    body = response.json()
    assert validator("AppointmentEntityWithLinks").is_valid(body)
    assert body["Title"] == "Quarterly review"
    assert body["AppointmentId"] == 4  # the id comes from the path
    assert body["CreatedDate"] == before["CreatedDate"]
    assert body["CreatedBy"] == before["CreatedBy"]
    assert body["UpdatedDate"] != sent["UpdatedDate"]
    # A system date as tenants write it without SO-TimeZone: UTC, no suffix.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?", body["UpdatedDate"])
    assert body["TableRight"] == {"Mask": "Select, Update, Insert, Delete", "Reason": ""}
    assert body["FieldProperties"]["AppointmentId"] == {
        "FieldRight": {"Mask": "Read", "Reason": ""},
        "FieldType": "System.Int32",
        "FieldLength": 4,
    }
    # Tenants list writable fields too, with the table's rights (real capture of StartDate).
    assert body["FieldProperties"]["StartDate"] == {
        "FieldRight": {"Mask": "Update", "Reason": ""},
        "FieldType": "System.DateTime",
        "FieldLength": 16,
    }
    assert http.get(url(4)).json()["Title"] == "Quarterly review"
    assert response.headers["last-modified"].endswith("GMT")


def test_partial_put_resets_missing_properties_to_dotnet_defaults(
    server: ReferenceServer, http: httpx.Client
) -> None:
    before = server.store.get(5)
    assert before is not None
    body = http.put(url(5), json={"Title": "Only a title"}).json()
    assert body["Title"] == "Only a title"
    assert body["Description"] is None
    assert body["Links"] is None
    assert body["HasAlarm"] is False
    assert body["ColorIndex"] == 0
    assert body["Private"] == "Public"
    assert body["StartDate"] == "0001-01-01T00:00:00"
    assert body["CreatedDate"] == before["CreatedDate"]  # read-only: kept
    assert validator("AppointmentEntityWithLinks").is_valid(body)


def test_an_entity_seeded_through_the_store_is_served_as_is(
    server: ReferenceServer, http: httpx.Client
) -> None:
    server.store.set(49, {})
    assert http.get(url(49)).json() == {
        "TableRight": {"Mask": "Select, Update, Insert, Delete", "Reason": ""},
        "FieldProperties": http.get(url(1)).json()["FieldProperties"],
        "_Links": links(server, 49),
    }
    server.store.set(49, {"Title": "seeded"}, modified=0.0)
    assert http.get(url(49)).json()["Title"] == "seeded"
    assert http.get(url(49)).headers["last-modified"] == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_head_answers_like_get_without_a_body(http: httpx.Client) -> None:
    get, head = http.get(url(6)), http.head(url(6))
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]


def test_response_schema_is_the_published_one() -> None:
    assert "_Links" in load_schema("AppointmentEntityWithLinks")["properties"]


# --- 404 and 405 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["0", "-1", "51", "2147483648", "99999999999", "abc", "1.5", "%C2%B2"])
def test_unknown_or_out_of_range_ids_are_404(http: httpx.Client, bad_id: str) -> None:
    body = assert_error(http.get(url(bad_id)), 404, "SoNotFoundException")
    assert body["ErrorSource"] == "id"
    assert_error(http.put(url(bad_id), json={"Title": "x"}), 404, "SoNotFoundException")


def test_other_paths_are_404(http: httpx.Client) -> None:
    assert_error(http.get("/api/v1/Contact/1"), 404, "SoNotFoundException", "/api/v1/Appointment/")
    assert_error(http.get(url("1/extra")), 404, "SoNotFoundException")


def test_path_is_case_insensitive_like_aspnet(http: httpx.Client) -> None:
    assert http.get("/API/V1/appointment/2").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", url(1), "GET, HEAD, PUT, PATCH, DELETE"),
        ("OPTIONS", url(1), "GET, HEAD, PUT, PATCH, DELETE"),
        ("TRACE", url(1), "GET, HEAD, PUT, PATCH, DELETE"),
        ("GET", "/api/v1/Appointment", "POST"),  # OData queries are not served
        ("PUT", url("default"), "GET, HEAD"),
        ("DELETE", url("1/Participants"), "GET, HEAD"),
    ],
)
def test_other_methods_are_405_with_allow(http: httpx.Client, method: str, path: str, allow: str) -> None:
    response = http.request(method, path)
    assert_error(response, 405, "SoMethodNotAllowedException", method)
    assert response.headers["allow"] == allow


# --- 401: credentials -----------------------------------------------------------------------------


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.mark.parametrize(
    "headers",
    [
        basic("alice", "secret"),
        {"Authorization": "SOTicket 7T:dGhpcyBpcyBhIHRpY2tldA=="},
        {"Authorization": "soticket 7T:abc"},
        {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"},
        {"X-XSRF-TOKEN": "tok123", "Cookie": "XSRF-TOKEN=tok123"},
        {"X-XSRF-TOKEN": "tok123", "Cookie": "other=1; XSRF-TOKEN=tok123"},
    ],
    ids=["basic", "soticket", "soticket-lowercase", "bearer", "xsrf", "xsrf-among-cookies"],
)
def test_well_formed_credentials_are_accepted_by_default(
    server: ReferenceServer, headers: dict[str, str]
) -> None:
    response = httpx.get(server.url + url(1), headers=headers)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic not-base64!"},
        {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
        {"Authorization": "SOTicket nonsense"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer has spaces"},
        {"Authorization": "Digest abc"},
        {"X-XSRF-TOKEN": "tok123"},
        {"X-XSRF-TOKEN": "tok123", "Cookie": "XSRF-TOKEN=other"},
        {"X-XSRF-TOKEN": "", "Cookie": "XSRF-TOKEN="},
    ],
    ids=[
        "none",
        "basic-garbage",
        "basic-no-colon",
        "ticket-malformed",
        "bearer-empty",
        "bearer-spaces",
        "unknown-scheme",
        "xsrf-no-cookie",
        "xsrf-mismatch",
        "xsrf-empty",
    ],
)
def test_missing_or_malformed_credentials_are_401_with_the_challenge(
    server: ReferenceServer, headers: dict[str, str]
) -> None:
    for response in (
        httpx.get(server.url + url(1), headers=headers),
        httpx.put(server.url + url(1), headers=headers, json={"Title": "x"}),
    ):
        assert_error(response, 401, "SoAuthenticationException")
        assert response.headers["www-authenticate"] == 'Basic realm="SuperOffice Username or Ticket"'


def test_only_listed_credentials_are_accepted_when_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    creds = tmp_path / "creds.txt"
    creds.write_text("# who may call\nbasic alice:secret\nbearer good-token  # CI\nxsrf abc\n")
    with ReferenceServer(preload=2, credentials=str(creds)) as srv:
        get = lambda headers: httpx.get(srv.url + url(1), headers=headers).status_code  # noqa: E731
        assert get(basic("alice", "secret")) == 200
        assert get(basic("alice", "wrong")) == 401
        assert get({"Authorization": "Bearer good-token"}) == 200
        assert get({"Authorization": "Bearer other-token"}) == 401
        assert get({"Authorization": "SOTicket 7T:abc"}) == 401
        assert get({"X-XSRF-TOKEN": "abc", "Cookie": "XSRF-TOKEN=abc"}) == 200
        assert get({"X-XSRF-TOKEN": "zzz", "Cookie": "XSRF-TOKEN=zzz"}) == 401


def test_app_token_is_accepted_and_echoed_nowhere(http: httpx.Client) -> None:
    response = http.get(url(1), headers={"SO-AppToken": "app-secret-123"})
    assert response.status_code == 200
    assert "app-secret-123" not in response.text
    assert all("app-secret-123" not in v for v in response.headers.values())


# --- 412: If-Unmodified-Since -----------------------------------------------------------------------


def http_date_of(dotnet: str) -> str:
    epoch = epoch_of(dotnet)
    assert epoch is not None
    return formatdate(int(epoch), usegmt=True)


def test_412_when_changed_after_the_date_and_the_store_is_untouched(
    server: ReferenceServer, http: httpx.Client
) -> None:
    stored = server.store.get(10)
    assert stored is not None
    old = http_date_of(stored["UpdatedDate"])
    first = http.put(url(10), json={**stored, "Title": "first"}, headers={"If-Unmodified-Since": old})
    assert first.status_code == 200
    after_first = server.store.get(10)
    late = http.put(url(10), json={**stored, "Title": "late"}, headers={"If-Unmodified-Since": old})
    body = assert_error(late, 412, "SoPreconditionFailedException", "If-Unmodified-Since")
    assert body["ErrorSource"] == "If-Unmodified-Since"
    assert server.store.get(10) == after_first


def test_a_precondition_at_or_after_the_last_change_passes(
    server: ReferenceServer, http: httpx.Client
) -> None:
    response = http.put(
        url(11), json={"Title": "now"}, headers={"If-Unmodified-Since": formatdate(usegmt=True)}
    )
    assert response.status_code == 200
    again = http.put(
        url(11), json={"Title": "again"}, headers={"If-Unmodified-Since": response.headers["last-modified"]}
    )
    assert again.status_code == 200


def test_unreadable_if_unmodified_since_is_400(http: httpx.Client) -> None:
    response = http.put(url(12), json={"Title": "x"}, headers={"If-Unmodified-Since": "yesterday"})
    assert (
        assert_error(response, 400, "SoBadRequestException", "RFC 1123")["ErrorSource"]
        == "If-Unmodified-Since"
    )


def race(server: ReferenceServer, appointment_id: int, since: str) -> dict[str, int]:
    """Two clients PUT the same id at the same moment with the same precondition; their statuses."""
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def write(name: str) -> None:
        with httpx.Client(base_url=server.url, headers=BEARER) as client:
            barrier.wait()
            statuses[name] = client.put(
                url(appointment_id), json={"Title": name}, headers={"If-Unmodified-Since": since}
            ).status_code

    threads = [threading.Thread(target=write, args=(name,)) for name in ("alpha", "beta")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_two_concurrent_writers_with_the_same_precondition_exactly_one_wins(server: ReferenceServer) -> None:
    for appointment_id in (20, 21, 22):
        stored = server.store.get(appointment_id)
        assert stored is not None
        statuses = race(server, appointment_id, http_date_of(stored["UpdatedDate"]))
        assert sorted(statuses.values()) == [200, 412]
        winner = next(name for name, status in statuses.items() if status == 200)
        assert server.store.get(appointment_id)["Title"] == winner  # type: ignore[index]


# --- 406 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", ["text/html", "image/png, text/plain", "application/json;q=0", "aplication/json"]
)
def test_accept_matching_nothing_is_answered_in_json_like_aspnet(http: httpx.Client, accept: str) -> None:
    response = http.get(url(1), headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json()["AppointmentId"] == 1


@pytest.mark.parametrize("accept", ["text/html", "image/png, text/plain", "application/json;q=0"])
def test_strict_accept_answers_406_in_json(accept: str) -> None:
    with ReferenceServer(preload=2, strict_accept=True) as strict, httpx.Client(headers=BEARER) as client:
        response = client.get(f"{strict.url}{url(1)}", headers={"Accept": accept})
        assert_error(response, 406, "SoNotAcceptableException")
        assert response.headers["content-type"].startswith("application/json")
        before = strict.store.get(2)
        put = client.put(f"{strict.url}{url(2)}", json={"Title": "no"}, headers={"Accept": "text/html"})
        assert put.status_code == 406
        assert strict.store.get(2) == before


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("*/*", "application/json; charset=utf-8"),
        ("text/json", "text/json; charset=utf-8"),
        ("text/html;q=0.9, application/xml;q=0.5", "application/xml; charset=utf-8"),
        ("application/json;q=0.2, text/xml;q=0.8", "text/xml; charset=utf-8"),
    ],
)
def test_accept_picks_the_response_format(http: httpx.Client, accept: str, content_type: str) -> None:
    response = http.get(url(1), headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
