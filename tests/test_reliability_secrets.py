"""Secrets in every form never reach disk: recorded through the plugin, then the cassette bytes grepped.

One inner pytest run records a test per form against the embedded reference server (and, for
``Set-Cookie``, a small local server that sets cookies), with both ``requests`` and ``httpx``:
Basic, SOTicket, Bearer, the XSRF header + cookie pair, SO-AppToken, cookies set by the server, token
query parameters, header names in any case, and configured body paths in JSON and XML requests and
responses.  Every secret value (and its base64 / URL-encoded forms) is then searched for in every byte
written under the cassette directory.  A header credential that would be written anyway (echoed at an
unconfigured place in a body) makes the write refused: the file never exists.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

FIGURES: Counter[str] = Counter()

BASIC_PASSWORD = "pw-SECRET-basic-0001"
BASIC_TOKEN = base64.b64encode(f"alice:{BASIC_PASSWORD}".encode()).decode()
SECRETS = {
    "basic password": BASIC_PASSWORD,
    "basic token": BASIC_TOKEN,
    "soticket": "7T:U0VDUkVULXRpY2tldC0wMDAy",
    "bearer": "eyJ.SECRET-bearer-0003",
    "xsrf": "SECRET-xsrf-0004",
    "session cookie": "SECRET-session-0005",
    "app token": "SECRET-apptoken-0006",
    "set-cookie": "SECRET-setcookie-0007",
    "query ticket": "7T:SECRET-query-0008",
    "query access_token": "SECRET-access-0009",
    "lower-case header": "SECRET-lower-0010",
    "upper-case header": "SECRET-upper-0011",
    "mixed-case header": "SECRET-mixed-0012",
    "json body path": "SECRET-udf-0013",
    "json body array path": "SECRET-email-0014",
    "proxy authorization": "SECRET-proxy-0015",
}

INNER_CONFTEST = """
import http.server
import threading

import pytest


class _SetsCookies(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "SuperOffice.Session=SECRET-setcookie-0007; Path=/; HttpOnly; Secure")
        self.send_header("Set-Cookie", "XSRF-TOKEN=SECRET-xsrf-0004; Path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def cookie_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SetsCookies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
"""

INNER_TESTS = f"""
import httpx
import pytest
import requests

BODY = {{"Title": "secrets"}}


def put_httpx(base, headers, params=None, body=BODY):
    with httpx.Client(base_url=base) as client:
        response = client.put("/api/v1/Appointment/1", json=body, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def put_requests(base, headers, params=None, body=BODY):
    url = base + "/api/v1/Appointment/1"
    response = requests.put(url, json=body, headers=headers, params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("put", [put_httpx, put_requests])
@pytest.mark.so_cassette
def test_basic(so_base_url, put):
    put(so_base_url, {{"Authorization": "Basic {BASIC_TOKEN}"}})


@pytest.mark.parametrize("put", [put_httpx, put_requests])
@pytest.mark.so_cassette
def test_soticket(so_base_url, put):
    put(so_base_url, {{"Authorization": "SOTicket {SECRETS["soticket"]}"}})


@pytest.mark.parametrize("put", [put_httpx, put_requests])
@pytest.mark.so_cassette
def test_bearer_and_app_token(so_base_url, put):
    put(so_base_url, {{
        "Authorization": "Bearer {SECRETS["bearer"]}",
        "SO-AppToken": "{SECRETS["app token"]}",
    }})


@pytest.mark.parametrize("put", [put_httpx, put_requests])
@pytest.mark.so_cassette
def test_xsrf_header_and_cookie(so_base_url, put):
    put(so_base_url, {{
        "X-XSRF-TOKEN": "{SECRETS["xsrf"]}",
        "Cookie": "XSRF-TOKEN={SECRETS["xsrf"]}; ASP.NET_SessionId={SECRETS["session cookie"]}",
    }})


@pytest.mark.so_cassette
def test_header_names_in_any_case(so_base_url):
    put_requests(so_base_url, {{"authorization": "Bearer {SECRETS["lower-case header"]}"}})
    put_requests(so_base_url, {{"AUTHORIZATION": "Bearer {SECRETS["upper-case header"]}"}})
    put_requests(so_base_url, {{
        "aUtHoRiZaTiOn": "Bearer {SECRETS["mixed-case header"]}",
        "proxy-AUTHORIZATION": "Basic {SECRETS["proxy authorization"]}",
        "so-apptoken": "{SECRETS["app token"]}",
        "x-xsrf-token": "{SECRETS["xsrf"]}",
    }})


@pytest.mark.parametrize("put", [put_httpx, put_requests])
@pytest.mark.so_cassette
def test_query_tokens(so_base_url, put):
    params = {{
        "ticket": "{SECRETS["query ticket"]}",
        "access_token": "{SECRETS["query access_token"]}",
        "$select": "Title",
    }}
    assert put(so_base_url, {{"Authorization": "Bearer plain-token"}}, params)["Title"] == "secrets"


@pytest.mark.so_cassette(scrub_body=["UserDefinedFields.ApiKey", "Participants[*].EmailAddress"])
def test_configured_json_body_paths_in_request_and_response(so_base_url):
    body = {{
        "Title": "secrets",
        "UserDefinedFields": {{"ApiKey": "{SECRETS["json body path"]}", "Other": "kept"}},
        "Participants": [{{"AssociateId": 1, "EmailAddress": "{SECRETS["json body array path"]}"}}],
    }}
    saved = put_httpx(so_base_url, {{"Authorization": "Bearer plain-token"}}, body=body)
    # The server echoes it; a replay answers with the placeholder the cassette holds.
    assert saved["UserDefinedFields"]["ApiKey"] in ("{SECRETS["json body path"]}", "<SCRUBBED>")


@pytest.mark.so_cassette
def test_set_cookie_in_responses(cookie_server):
    assert httpx.get(cookie_server + "/login").json() == {{"ok": True}}
    assert requests.get(cookie_server + "/login", timeout=10).json() == {{"ok": True}}
"""

# A credential the scrubber cannot take out (it is inside a body) makes the whole write refused.
REFUSED_TESTS = f"""
import httpx
import pytest


@pytest.mark.so_cassette
def test_bearer_echoed_inside_an_xml_body(so_base_url):
    xml = "<AppointmentEntity><Title>{SECRETS["bearer"]}</Title></AppointmentEntity>"
    response = httpx.put(
        so_base_url + "/api/v1/Appointment/2", content=xml,
        headers={{"Authorization": "Bearer {SECRETS["bearer"]}", "Content-Type": "application/xml"}},
    )
    assert response.status_code == 200


@pytest.mark.so_cassette
def test_basic_password_echoed_inside_an_unconfigured_json_path(so_base_url):
    response = httpx.put(
        so_base_url + "/api/v1/Appointment/3", json={{"Description": "{BASIC_PASSWORD}"}},
        headers={{"Authorization": "Basic {BASIC_TOKEN}"}},
    )
    assert response.status_code == 200
"""


def forms(secret: str) -> set[str]:
    """A secret as it could appear in a file: raw, URL-encoded, base64, JSON-escaped."""
    return {
        secret,
        quote(secret, safe=""),
        base64.b64encode(secret.encode()).decode(),
        json.dumps(secret)[1:-1],
    }


def leaks_under(directory: Path) -> list[str]:
    """Every (file, secret) pair where a secret is found in the bytes of a file under ``directory``."""
    found = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        data = path.read_bytes()
        FIGURES["files grepped"] += 1
        for name, secret in SECRETS.items():
            for form in forms(secret):
                FIGURES["secret forms searched"] += 1
                if form.encode() in data:
                    found.append(f"{path.name}: {name} ({form[:12]}...)")
    return found


def test_no_secret_in_any_form_reaches_a_cassette(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeconftest(INNER_CONFTEST)
    so_pytester.makepyfile(test_secrets=INNER_TESTS)
    recorded = so_pytester.runpytest("--so-record-mode=once")
    recorded.assert_outcomes(passed=13)
    directory = so_pytester.path / "cassettes"
    cassettes = sorted(directory.rglob("*.yaml"))
    assert len(cassettes) == 13
    FIGURES["secret-bearing recordings"] += len(cassettes)
    leaks = leaks_under(directory)
    FIGURES["leaks found"] += len(leaks)
    assert leaks == []
    # What a reviewer sees instead: the scheme word and the cookie names, values scrubbed.
    text = "\n".join(p.read_text(encoding="utf-8") for p in cassettes)
    for kept in (
        "Basic <SCRUBBED>",
        "SOTicket <SCRUBBED>",
        "Bearer <SCRUBBED>",
        "SuperOffice.Session=<SCRUBBED>",
    ):
        assert kept in text
    assert '"Other": "kept"' in text  # only the configured paths were scrubbed
    # Scrubbed cassettes still replay offline (credentials are not part of matching).
    so_pytester.runpytest("--so-record-mode=none").assert_outcomes(passed=13)


def test_a_credential_inside_a_body_refuses_the_write(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(test_refused=REFUSED_TESTS)
    result = so_pytester.runpytest("--so-record-mode=once")
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines(["*not written, a credential would have reached disk*"] * 2)
    assert "SECRET" not in result.stdout.str()  # the refusal itself does not print the credential
    written = [p for p in (so_pytester.path / "cassettes").rglob("*") if p.is_file()]
    assert written == []  # nothing at all reached disk, not even a temporary file
    FIGURES["writes refused"] += 2


def test_configured_body_paths_also_scrub_xml_bodies(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        test_xml=f"""
        import httpx
        import pytest

        HEADERS = {{"Authorization": "Bearer plain-token", "Content-Type": "application/xml"}}

        @pytest.mark.so_cassette(scrub_body=["UserDefinedFields.ApiKey", "Participants[*].EmailAddress"])
        def test_xml(so_base_url):
            entry_form = ('<AppointmentEntity><UserDefinedFields>'
                          '<Entry Key="ApiKey">{SECRETS["json body path"]}</Entry>'
                          '</UserDefinedFields></AppointmentEntity>')
            # The XML answer echoes the secret too: the response body is scrubbed as well.
            response = httpx.put(so_base_url + "/api/v1/Appointment/4", content=entry_form,
                                 headers={{**HEADERS, "Accept": "application/xml"}})
            assert response.status_code == 200
            element_form = ('<AppointmentEntity><Participants><Participant><AssociateId>1</AssociateId>'
                            '<EmailAddress>{SECRETS["json body array path"]}</EmailAddress></Participant>'
                            '</Participants></AppointmentEntity>')
            response = httpx.put(so_base_url + "/api/v1/Appointment/5", content=element_form, headers=HEADERS)
            assert response.status_code == 200
        """
    )
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    assert leaks_under(so_pytester.path / "cassettes") == []
    FIGURES["secret-bearing recordings"] += 1
    # Scrubbed XML requests still match their live counterparts offline.
    so_pytester.runpytest("--so-record-mode=none").assert_outcomes(passed=1)
