"""Scrubbing: credentials never reach a cassette file, and the leak check names what slipped through."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from toolkit.errors import SecretLeakError
from toolkit.recording.persist import AtomicPersister
from toolkit.recording.scrub import (
    PLACEHOLDER,
    ScrubRules,
    credential_shapes,
    credentials_in_headers,
    find_leaks,
    scrub_body,
    scrub_header_value,
    scrub_headers,
    scrub_uri,
)

BASIC = "Basic " + base64.b64encode(b"alice:correct-horse").decode()


@pytest.mark.parametrize(
    ("value", "scrubbed"),
    [
        (BASIC, f"Basic {PLACEHOLDER}"),
        ("SOTicket 7T:dGhpcyBpcyBhIHRpY2tldA==", f"SOTicket {PLACEHOLDER}"),
        ("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc", f"Bearer {PLACEHOLDER}"),
        ("just-a-token-without-scheme", PLACEHOLDER),
    ],
)
def test_authorization_keeps_the_scheme_word_only(value: str, scrubbed: str) -> None:
    assert scrub_header_value("Authorization", value) == scrubbed


def test_secret_headers_are_found_whatever_their_case() -> None:
    headers = {
        "authorization": [BASIC],
        "X-Xsrf-Token": ["xsrf-value-123"],
        "SO-APPTOKEN": ["app-token-456"],
        "Cookie": ["XSRF-TOKEN=xsrf-value-123; session=abcdef"],
        "Accept": ["application/json"],
    }
    clean = scrub_headers(headers)
    assert clean == {
        "authorization": [f"Basic {PLACEHOLDER}"],
        "X-Xsrf-Token": [PLACEHOLDER],
        "SO-APPTOKEN": [PLACEHOLDER],
        "Cookie": [f"XSRF-TOKEN={PLACEHOLDER}; session={PLACEHOLDER}"],
        "Accept": ["application/json"],
    }


def test_set_cookie_keeps_name_and_attributes() -> None:
    assert scrub_header_value("Set-Cookie", "ASP.NET_SessionId=s3cr3t; path=/; HttpOnly") == (
        f"ASP.NET_SessionId={PLACEHOLDER}; path=/; HttpOnly"
    )


def test_token_query_parameters_are_scrubbed_and_others_kept() -> None:
    uri = (
        "https://sod.superoffice.com/Cust1/api/v1/Appointment/7?$select=Title&ticket=7T:abc&Token=x&api_key=k"
    )
    clean = scrub_uri(uri)
    assert "7T:abc" not in clean
    assert "Token=x" not in clean
    assert "api_key=k" not in clean
    assert clean.startswith("https://sod.superoffice.com/Cust1/api/v1/Appointment/7?$select=Title&ticket=")


def test_configured_body_paths_are_scrubbed_case_insensitively() -> None:
    rules = ScrubRules().extended(body_paths=["Associate.UserName", "Participants[*].EmailAddress"])
    data = {
        "associate": {"UserName": "alice"},
        "Participants": [{"EmailAddress": "a@example.com"}, {"EmailAddress": None}],
    }
    data, changed = scrub_body(data, rules)
    assert changed
    assert data == {
        "associate": {"UserName": PLACEHOLDER},
        "Participants": [{"EmailAddress": PLACEHOLDER}, {"EmailAddress": None}],
    }


def test_credentials_in_headers_include_the_basic_password() -> None:
    found = credentials_in_headers({"Authorization": [BASIC], "Cookie": ["a=1"]})
    assert "correct-horse" in found
    assert BASIC.split()[1] in found
    assert "1" not in found  # too short to search for without false alarms


def _interaction(
    request_headers: dict[str, list[str]], *, uri: str = "http://h/api/v1/Appointment/1"
) -> dict:
    return {
        "request": {"method": "PUT", "uri": uri, "body": '{"Title": "x"}', "headers": request_headers},
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Set-Cookie": [f"s={PLACEHOLDER}; Path=/"]},
            "body": {"string": '{"Title": "x", "Agenda": "password is correct-horse"}'},
        },
    }


def test_find_leaks_names_each_problem() -> None:
    interaction = _interaction({"Authorization": [BASIC]}, uri="http://h/a?ticket=7T:abc")
    problems = find_leaks(interaction, known_secrets=credentials_in_headers({"Authorization": [BASIC]}))
    assert "request header Authorization holds a credential" in problems
    assert "request query parameter ticket holds a credential" in problems
    assert any(p.startswith("a known credential (co… 13 characters)") for p in problems)
    assert all("correct-horse" not in p for p in problems)  # the message never repeats the secret


def test_find_leaks_is_empty_for_a_scrubbed_interaction() -> None:
    interaction = _interaction({"Authorization": [f"Basic {PLACEHOLDER}"]})
    interaction["response"]["body"]["string"] = '{"Title": "x"}'
    assert find_leaks(interaction, known_secrets={"correct-horse"}) == []


def test_persister_refuses_to_write_a_known_credential(tmp_path: Path) -> None:
    from vcr.request import Request

    persister = AtomicPersister(known_secrets={"correct-horse"})
    request = Request(
        "PUT", "http://h/api/v1/Appointment/1", b'{"Title": "x"}', {"Authorization": "Basic <SCRUBBED>"}
    )
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {},
        "body": {"string": b'{"Agenda": "correct-horse"}'},
    }
    target = tmp_path / "c.yaml"
    with pytest.raises(
        SecretLeakError, match=r"(?s)c\.yaml: not written.*interactions\[0\]: a known credential"
    ):
        persister.save_cassette(target, {"requests": [request], "responses": [response]})
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("note: use SOTicket 7T:dGhpcyBpcyBhIHRpY2tldA== next time", "a SuperOffice ticket (7T:...)"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc", "a JWT bearer token"),
        (BASIC, "Basic user:password credentials"),
    ],
)
def test_credentials_are_recognised_by_their_shape_anywhere(text: str, kind: str) -> None:
    interaction = _interaction({"Accept": ["application/json"]})
    interaction["response"]["body"]["string"] = json.dumps({"Agenda": text})
    assert f"{kind} appears in the interaction" in find_leaks(interaction)


@pytest.mark.parametrize(
    "text", ["Basic training for new staff", "Basic <SCRUBBED>", "7T:short", "eyJ alone"]
)
def test_ordinary_text_is_not_a_credential(text: str) -> None:
    assert credential_shapes(text) == []


def test_a_password_in_the_url_is_scrubbed_and_found_by_the_leak_check() -> None:
    uri = "http://ann:hunter22@tenant.example/api/v1/Appointment/1"
    assert scrub_uri(uri) == "http://ann:%3CSCRUBBED%3E@tenant.example/api/v1/Appointment/1"
    leaked = {"request": {"method": "PUT", "uri": uri, "headers": {}, "body": None}, "response": {}}
    assert "request URI holds a password (user:password@host)" in find_leaks(leaked)
    leaked["request"]["uri"] = scrub_uri(uri)
    assert find_leaks(leaked) == []
