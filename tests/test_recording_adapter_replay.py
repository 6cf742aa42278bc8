"""Replay for requests at ``HTTPAdapter.send``: the same ``Response`` vcrpy's stubs make, or their path.

The oracle is vcrpy's own stub path: each replay runs twice, once as the toolkit replays it and once
with the adapter replay turned off, and the two responses must agree in everything a caller can see.
"""

from __future__ import annotations

import base64
import http.client
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
import requests
import vcr
import vcr.stubs
from hypothesis import given, settings

from toolkit.errors import ReplayMissError
from toolkit.factories import AppointmentFactory
from toolkit.recording import _vcr
from toolkit.recording.cassette import load_cassette, use_cassette
from toolkit.server import ReferenceServer

AUTH = {"Authorization": "Basic " + base64.b64encode(b"alice:adapter-pass").decode()}
OFFLINE = "http://so-replay.invalid"


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=10) as running:
        yield running


@pytest.fixture
def adapter_hits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs the adapter replay answered (a spy: the answers themselves are untouched)."""
    hits: list[str] = []
    real = _vcr._AdapterReplay.replayed

    def spy(self: Any, adapter: Any, request: Any, *args: Any) -> Any:
        response = real(self, adapter, request, *args)
        if response is not None:
            hits.append(request.url)
        return response

    monkeypatch.setattr(_vcr._AdapterReplay, "replayed", spy)
    return hits


def stub_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn the adapter replay off: every request goes through vcrpy's stub connections."""
    monkeypatch.setattr(_vcr._AdapterReplay, "replayed", lambda *args: None)


def seen(response: requests.Response) -> dict[str, Any]:
    """Everything about a response a caller can look at."""
    raw = response.raw
    return {
        "status": response.status_code,
        "reason": response.reason,
        "url": response.url,
        "headers": sorted(response.headers.items()),
        "content": response.content,
        "encoding": response.encoding,
        "cookies": sorted(response.cookies.items()),
        "history": [(r.status_code, r.url) for r in response.history],
        "raw": type(raw).__name__,
        "raw_status": raw.status,
        "raw_headers": sorted(raw.headers.items()),
        "raw_retries": repr(getattr(raw, "retries", None)),
        "raw_url": getattr(raw, "url", None),
        "elapsed": type(response.elapsed).__name__,
    }


def replay_both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch, calls: Callable[[requests.Session], list[requests.Response]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``calls`` replayed from ``path`` as the toolkit does it, then through the stubs alone."""
    with monkeypatch.context() as patch:
        fast = _replay(path, calls)
        stub_path_only(patch)
        slow = _replay(path, calls)
    return fast, slow


def _replay(path: Path, calls: Callable[[requests.Session], list[requests.Response]]) -> list[dict[str, Any]]:
    cassette = load_cassette(path, mode="none")
    with use_cassette(cassette), requests.Session() as session:
        answers = [seen(r) for r in calls(session)]
    assert cassette.all_played
    return answers


def test_replayed_responses_match_the_stub_path(
    tmp_path: Path, server: ReferenceServer, monkeypatch: pytest.MonkeyPatch, adapter_hits: list[str]
) -> None:
    body = AppointmentFactory(seed=3).build(AppointmentId=4)
    path = tmp_path / "c.yaml"

    def calls(base: str) -> Callable[[requests.Session], list[requests.Response]]:
        return lambda session: [
            session.get(f"{base}/api/v1/Appointment/2", headers=AUTH, timeout=5),
            session.put(f"{base}/api/v1/Appointment/4?$select=Title", json=body, headers=AUTH, timeout=5),
            session.get(f"{base}/api/v1/Appointment/999", headers=AUTH),  # a recorded 404
            session.head(f"{base}/api/v1/Appointment/3", headers=AUTH),
            session.get(f"{base}/api/v1/Appointment/5", headers=AUTH, stream=True),
        ]

    recording = load_cassette(path, mode="once")
    with use_cassette(recording), requests.Session() as session:
        live = [seen(r) for r in calls(server.url)(session)]
    assert [r["status"] for r in live] == [200, 200, 404, 200, 200]

    fast, slow = replay_both_ways(path, monkeypatch, calls(server.url))
    assert fast == slow
    assert len(adapter_hits) == 5  # every one of them was answered at the adapter
    assert data(fast) == data(live)  # the file keeps JSON indented: the same data, not the same bytes
    # Offline, against another host: the same data.
    fast, slow = replay_both_ways(path, monkeypatch, calls(OFFLINE))
    assert fast == slow
    assert data(fast) == data(live)


def data(answers: list[dict[str, Any]]) -> list[Any]:
    return [json.loads(a["content"]) if a["content"] else None for a in answers]


def write_cassette(path: Path, interactions: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """A cassette file in vcrpy's format, written here (cookies included: no scrubbing on this path)."""
    import yaml

    data = {"version": 1, "interactions": [{"request": q, "response": a} for q, a in interactions]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def answer(status: int, message: str, headers: dict[str, list[str]], body: str = "") -> dict[str, Any]:
    return {"status": {"code": status, "message": message}, "headers": headers, "body": {"string": body}}


def get(uri: str) -> dict[str, Any]:
    return {"method": "GET", "uri": uri, "body": None, "headers": {}}


def test_redirects_cookies_and_odd_headers_match_the_stub_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, adapter_hits: list[str]
) -> None:
    path = tmp_path / "c.yaml"
    write_cassette(
        path,
        [
            (
                get("https://crm.example.com/api/v1/Appointment/1"),
                answer(
                    302, "Found", {"Location": ["/api/v1/Appointment/2"], "Set-Cookie": ["ARRAffinity=x1"]}
                ),
            ),
            (
                get("https://crm.example.com/api/v1/Appointment/2"),
                answer(
                    200,
                    "OK",
                    {
                        "Content-Type": ["application/json; charset=utf-8"],
                        "Set-Cookie": ["session=abc; Path=/; HttpOnly", "theme=dark"],
                        "X-Note": ["  leading blanks", "trailing blanks  ", ""],
                        "X-Name": ["Søren Ødegård"],  # not ASCII: vcrpy's own parser handles it
                        "Transfer-Encoding": ["chunked"],
                    },
                    '{"AppointmentId": 2}',
                ),
            ),
            (get("http://crm.example.com:8080/api/v1/Appointment/3"), answer(204, "No Content", {})),
            (get("https://crm.example.com:443/api/v1/Appointment/4"), answer(200, "OK", {}, "four")),
        ],
    )

    def calls(session: requests.Session) -> list[requests.Response]:
        return [
            session.get("https://crm.example.com/api/v1/Appointment/1"),
            session.get("http://crm.example.com:8080/api/v1/Appointment/3"),
            session.get("https://crm.example.com/api/v1/Appointment/4"),
        ]

    fast, slow = replay_both_ways(path, monkeypatch, calls)
    assert fast == slow
    assert len(adapter_hits) == 4  # the redirect is followed through the adapter too
    first = fast[0]
    assert first["history"] == [(302, "https://crm.example.com/api/v1/Appointment/1")]
    assert first["cookies"] == [("session", "abc"), ("theme", "dark")]
    assert json.loads(first["content"]) == {"AppointmentId": 2}


def test_requests_the_adapter_leaves_to_the_stubs_still_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, adapter_hits: list[str]
) -> None:
    path = tmp_path / "c.yaml"
    post = {"method": "POST", "uri": f"{OFFLINE}/api/v1/Appointment", "body": "streamed", "headers": {}}
    write_cassette(
        path,
        [
            (get(f"{OFFLINE}/api/v1/Appointment/1"), answer(200, "OK", {}, "by proxy")),
            (post, answer(201, "Created", {}, "chunked upload")),
            (get(f"{OFFLINE}/api/v1/Appointment/2"), answer(200, "OK", {}, "tuple timeout")),
        ],
    )
    cassette = load_cassette(path, mode="none")
    with use_cassette(cassette):
        proxied = requests.get(
            f"{OFFLINE}/api/v1/Appointment/1", proxies={"http": "http://proxy.invalid:3128"}
        )
        chunked = requests.post(f"{OFFLINE}/api/v1/Appointment", data=iter([b"stream", b"ed"]))
        timed = requests.get(f"{OFFLINE}/api/v1/Appointment/2", timeout=(3, 5))
    assert (proxied.content, chunked.content, timed.content) == (
        b"by proxy",
        b"chunked upload",
        b"tuple timeout",
    )
    assert adapter_hits == []  # all three went through vcrpy's stubs
    assert cassette.all_played


def test_a_miss_fails_as_it_did(tmp_path: Path, adapter_hits: list[str]) -> None:
    path = tmp_path / "c.yaml"
    write_cassette(path, [(get(f"{OFFLINE}/api/v1/Appointment/1"), answer(200, "OK", {}, "one"))])
    cassette = load_cassette(path, mode="none")
    with use_cassette(cassette), pytest.raises(ReplayMissError, match="Appointment/2"):
        requests.get(f"{OFFLINE}/api/v1/Appointment/2", timeout=5)
    assert adapter_hits == []


def test_a_mock_or_plain_vcrpy_inside_or_around_a_cassette_stays_in_charge(
    tmp_path: Path, adapter_hits: list[str]
) -> None:
    import responses

    genuine = vars(requests.adapters.HTTPAdapter)["send"]
    ours = tmp_path / "ours.yaml"
    theirs = tmp_path / "theirs.yaml"
    url = f"{OFFLINE}/api/v1/Appointment/1"
    write_cassette(ours, [(get(url), answer(200, "OK", {}, "toolkit"))])
    write_cassette(theirs, [(get(url), answer(200, "OK", {}, "plain vcrpy"))])

    with responses.RequestsMock() as mock:  # around the cassette
        mock.get(url, body=b"responses")
        with use_cassette(load_cassette(ours, mode="none")):
            assert requests.get(url, timeout=5).content == b"responses"
    with use_cassette(load_cassette(ours, mode="none")):
        with responses.RequestsMock() as mock:  # inside it
            mock.get(url, body=b"responses")
            assert requests.get(url, timeout=5).content == b"responses"
        with vcr.use_cassette(str(theirs), record_mode="none"):
            assert requests.get(url, timeout=5).content == b"plain vcrpy"
        assert requests.get(url, timeout=5).content == b"toolkit"
    assert adapter_hits == [url]
    assert vars(requests.adapters.HTTPAdapter)["send"] is genuine  # put back on leaving


# --- vcrpy's header parser and the toolkit's -------------------------------------------------------------

_NAMES = st.one_of(
    st.sampled_from(["Content-Type", "Set-Cookie", "ETag", "x-so-trace", "WWW-Authenticate"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
)
_VALUES = st.lists(
    st.one_of(
        st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
    ),
    max_size=3,
)


def outcome(parse: Callable[[Any], Any], headers: dict[str, list[str]]) -> Any:
    try:
        message = parse(headers)
    except Exception as exc:  # the same error
        return type(exc)
    return {**vars(message), "defects": [(type(d), str(d)) for d in message.defects]}


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_NAMES, _VALUES, max_size=6))
def test_the_header_parser_builds_what_vcrpys_builds(headers: dict[str, list[str]]) -> None:
    _vcr._header_swaps()  # remembers vcrpy's parser (outside a cassette it is the one in vcr.stubs)
    assert outcome(_vcr._parse_headers, headers) == outcome(vcr.stubs.parse_headers, headers)


def test_more_headers_than_http_client_allows_fail_as_in_vcrpy() -> None:
    _vcr._header_swaps()
    headers = {f"X-{i}": ["v"] for i in range(101)}
    assert outcome(_vcr._parse_headers, headers) == outcome(vcr.stubs.parse_headers, headers)
    assert outcome(_vcr._parse_headers, headers) is http.client.HTTPException
