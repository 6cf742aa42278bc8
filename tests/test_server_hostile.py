"""Hostile and broken requests: always a clear 4xx in SuperOffice's error shape, never a 5xx."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from toolkit.server import ReferenceServer

BEARER = {"Authorization": "Bearer test-token"}
PUT_URL = "/api/v1/Appointment/1"


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=5, max_body=64 * 1024) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _no_unexpected_failures(server: ReferenceServer) -> Iterator[None]:
    # Every test here ends with the app's 500 branch never taken.
    before = server.app.failures
    yield
    assert server.app.failures == before


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        yield client


def put(http: httpx.Client, body: bytes, content_type: str | None = "application/json") -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    return http.put(PUT_URL, content=body, headers=headers)


def assert_refused(response: httpx.Response, status: int, *words: str) -> dict[str, object]:
    assert response.status_code == status, response.text[:500]
    body = response.json()
    assert body["Error"] is True
    for word in words:
        assert word in body["ErrorMessage"], body
    assert len(body["ErrorMessage"]) <= 300
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", ["not in request body"]),
        (b"   \n", ["not in request body"]),
        (b"null", ["not in request body"]),
        (b"{not json", ["not valid JSON"]),
        (b'{"Title": "x"', ["not valid JSON"]),
        (b"\xff\xfe\x00{", ["not valid JSON"]),
        (b"[1, 2, 3]", ["$:", "not of type 'object'"]),
        (b'"a string"', ["$:"]),
        (b'{"Title": NaN}', ["not valid JSON"]),
        (b'{"AppointmentId": 99999999999999999999999}', []),
        (b'{"Titel": "typo"}', ["Titel"]),
        (b'{"Title": 5}', ["Title:", "not of type"]),
        (b'{"ColorIndex": 40000}', ["ColorIndex:"]),
        (b'{"StartDate": "yesterday"}', ["StartDate:", ".NET date"]),
        (b'{"Private": "Secret"}', ["Private:"]),
        (b'{"Links": [{"Id": "one"}]}', ["Links[0].Id:"]),
        (b'{"Links": {"Id": 1}}', ["Links:"]),
        (b'{"UserDefinedFields": {"k": {"nested": 1}}}', ["UserDefinedFields.k:"]),
    ],
)
def test_unreadable_or_schema_invalid_bodies_are_400(
    http: httpx.Client, body: bytes, words: list[str]
) -> None:
    response = put(http, body)
    refused = assert_refused(response, 400, *words)
    assert refused["ErrorType"] == "SoBadRequestException"


def test_deeply_nested_json_is_400(http: httpx.Client) -> None:
    deep = b'{"UserDefinedFields": {"k": ' + b"[" * 5000 + b"]" * 5000 + b"}}"
    assert_refused(put(http, deep), 400)
    moderately = b'{"Titel": ' + b"[" * 900 + b"]" * 900 + b"}"
    assert_refused(put(http, moderately), 400, "deeper than 64")
    patch = b'{"UserDefinedFields": ' + b'{"a":' * 500 + b"1" + b"}" * 500 + b"}"
    response = http.put(PUT_URL, content=patch, headers={"Content-Type": "application/merge-patch+json"})
    assert_refused(response, 400, "deeper than 64")


def test_a_huge_invalid_body_gets_a_short_message(http: httpx.Client) -> None:
    big = b'{"Title": ' + b"[" + b"1," * 20000 + b"1]}"
    body = assert_refused(put(http, big), 400, "Title:")
    assert body["ErrorMessage"].endswith("(truncated)")  # type: ignore[union-attr]


def test_body_over_the_limit_is_413_by_content_length(http: httpx.Client) -> None:
    assert_refused(put(http, b'{"Title": "' + b"x" * 70_000 + b'"}'), 413, "limit")
    assert http.get("/api/v1/Appointment/1").status_code == 200  # the server carries on


def test_body_over_the_limit_is_413_when_streamed_without_length(http: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"Title": "'
        for _ in range(20):
            yield b"x" * 8192
        yield b'"}'

    response = http.put(PUT_URL, content=chunks(), headers={"Content-Type": "application/json"})
    assert_refused(response, 413, "limit")


def test_an_unparseable_content_length_never_reaches_the_app(
    server: ReferenceServer, http: httpx.Client
) -> None:
    # uvicorn's HTTP parser refuses it: a 400, or the connection closed; never a 5xx.
    with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1]))) as sock:
        sock.sendall(
            b"PUT /api/v1/Appointment/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
            b"Content-Type: application/json\r\nContent-Length: -5\r\n\r\n"
        )
        reply = sock.recv(4096)
    assert reply == b"" or reply.startswith(b"HTTP/1.1 400")
    assert http.get(PUT_URL).status_code == 200  # and the server carries on


@pytest.mark.parametrize(
    ("content_type", "words"),
    [
        (None, ["Content-Type is missing"]),
        ("text/plain", ["text/plain"]),
        ("application/x-www-form-urlencoded", ["not supported"]),
        ("application/json; charset=latin-1", ["Charset"]),
        ("multipart/form-data; boundary=x", ["not supported"]),
    ],
)
def test_unsupported_content_types_are_415(
    http: httpx.Client, content_type: str | None, words: list[str]
) -> None:
    body = assert_refused(put(http, b'{"Title": "x"}', content_type), 415, *words)
    assert body["ErrorSource"] == "Content-Type"


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<AppointmentEntity><Title>&lol3;</Title></AppointmentEntity>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<AppointmentEntity><Title>&xxe;</Title></AppointmentEntity>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE AppointmentEntity SYSTEM "http://127.0.0.1:1/x.dtd">
<AppointmentEntity><Title>x</Title></AppointmentEntity>"""


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (XML_BOMB, ["refused"]),
        (XXE, ["refused"]),
        (DTD_ONLY, ["refused"]),
        (b"<AppointmentEntity><Title>x</Title>", ["not well-formed"]),
        (b"<Contact><Name>x</Name></Contact>", ["<Contact>", "expected <AppointmentEntity>"]),
        (b"not xml at all", ["not well-formed"]),
        (b"<AppointmentEntity><Titel>x</Titel></AppointmentEntity>", ["Titel"]),
        (b"<AppointmentEntity><Title><b>x</b></Title></AppointmentEntity>", ["Title:"]),
    ],
    ids=["bomb", "external-entity", "external-dtd", "truncated", "wrong-root", "not-xml", "typo", "markup"],
)
def test_hostile_or_broken_xml_is_400(http: httpx.Client, body: bytes, words: list[str]) -> None:
    assert_refused(put(http, body, "application/xml"), 400, *words)


def test_deep_xml_is_refused_without_a_crash(http: httpx.Client) -> None:
    deep = b"<AppointmentEntity><Titel>" + b"<a>" * 3000 + b"</a>" * 3000 + b"</Titel></AppointmentEntity>"
    assert put(http, deep, "application/xml").status_code == 400


def test_illegal_characters_survive_as_json_and_xml(http: httpx.Client) -> None:
    response = put(http, b'{"Title": "bell\\u0007 and \\u0000 nul"}')
    assert response.status_code == 200
    xml = http.get(PUT_URL, headers={"Accept": "application/xml"})
    assert xml.status_code == 200
    assert "<Title>bell\ufffd and \ufffd nul</Title>" in xml.text


def test_hostile_host_header_does_not_reach_the_links(server: ReferenceServer) -> None:
    response = httpx.get(server.url + PUT_URL, headers={**BEARER, "Host": 'evil"><x'})
    assert response.status_code == 200
    assert "evil" not in response.json()["_Links"]["Self"]


def test_a_half_sent_request_does_not_block_other_clients(
    server: ReferenceServer, http: httpx.Client
) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(
            b"PUT /api/v1/Appointment/2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
            b'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Title": '
        )
        started = time.monotonic()
        assert http.get("/api/v1/Appointment/2").status_code == 200
        assert http.put("/api/v1/Appointment/3", json={"Title": "meanwhile"}).status_code == 200
        assert time.monotonic() - started < 5  # generous: only proves the slow client is not waited for


def test_odd_urls_and_bodies_get_4xx_or_200(http: httpx.Client) -> None:
    odd = [
        ("PUT", "/api/v1/Appointment/1?$select=" + "a/" * 500, b'{"Title": "x"}'),
        ("PUT", "/api/v1/Appointment/1?$select=%ff%fe", b'{"Title": "x"}'),
        ("GET", "/api/v1/Appointment/" + "9" * 5000, b""),
        ("GET", "/", b""),
        ("PUT", "/api/v1/Appointment/1", b'{"Links": [' + b"{}," * 1000 + b"{}]}"),
    ]
    for method, path, body in odd:
        response = http.request(method, path, content=body, headers={"Content-Type": "application/json"})
        assert response.status_code < 500, (path[:60], response.text[:200])
