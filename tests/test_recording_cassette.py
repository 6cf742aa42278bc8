"""The indexed cassette against the real reference server: record, scrub, readable file, replay, misses."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests

from toolkit.errors import CassetteFormatError, ReplayMissError
from toolkit.factories import AppointmentFactory
from toolkit.recording.cassette import IndexedCassette, load_cassette, use_cassette
from toolkit.recording.cassette_file import read_cassette
from toolkit.recording.matching import MatchRules
from toolkit.recording.scrub import PLACEHOLDER
from toolkit.server import ReferenceServer

OFFLINE = "http://so-replay.invalid"
PASSWORD = "recording-pass-42"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()}


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=20) as running:
        yield running


def record(path: Path, server_url: str, bodies: list[dict], *, select: str | None = None) -> list[dict]:
    """PUT each body with requests (odd) and httpx (even) inside a recording cassette."""
    cassette = load_cassette(path, mode="once")
    answers = []
    with use_cassette(cassette):
        for i, body in enumerate(bodies):
            url = f"{server_url}/api/v1/Appointment/{body['AppointmentId']}"
            params = {"$select": select} if select else None
            if i % 2:
                answer = requests.put(url, json=body, params=params, headers=AUTH, timeout=10)
            else:
                answer = httpx.put(url, json=body, params=params, headers=AUTH, timeout=10)
            assert answer.status_code == 200, answer.text
            answers.append(answer.json())
    return answers


def test_record_then_replay_offline_in_recorded_order(tmp_path: Path, server: ReferenceServer) -> None:
    factory = AppointmentFactory(seed=1)
    first = factory.build(AppointmentId=3, Title="first")
    same_twice = [first, dict(first), factory.build(AppointmentId=4)]
    recorded = record(tmp_path / "c.yaml", server.url, same_twice, select="Title,Agenda")

    cassette = load_cassette(tmp_path / "c.yaml", mode="none", match_rules=MatchRules())
    with use_cassette(cassette):
        # Different host, port, $select case and order: still the same requests.
        replayed = [
            requests.put(
                f"{OFFLINE}/api/v1/Appointment/3?$select=agenda,TITLE", json=first, timeout=10
            ).json(),
            httpx.put(f"{OFFLINE}/api/v1/Appointment/3?$select=Title,Agenda", json=first).json(),
            httpx.put(f"{OFFLINE}/api/v1/Appointment/4?$select=Title,Agenda", json=same_twice[2]).json(),
        ]
    assert replayed == recorded
    assert cassette.all_played
    assert cassette.play_counts == {0: 1, 1: 1, 2: 1}


def test_the_file_is_readable_scrubbed_and_consistent(tmp_path: Path, server: ReferenceServer) -> None:
    body = AppointmentFactory(seed=2).build(AppointmentId=5)
    record(tmp_path / "c.yaml", server.url, [body])
    text = (tmp_path / "c.yaml").read_text()

    assert PASSWORD not in text
    assert AUTH["Authorization"].split()[1] not in text
    assert f"Basic {PLACEHOLDER}" in text
    assert "body: |" in text
    assert '  "AppointmentId": 5,' in text

    (interaction,) = read_cassette(tmp_path / "c.yaml")
    response = interaction["response"]
    stored = response["body"]["string"]
    length = next(v for k, v in response["headers"].items() if k.lower() == "content-length")
    assert length == [str(len(stored.encode()))]


def test_plain_vcrpy_replays_our_cassette(tmp_path: Path, server: ReferenceServer) -> None:
    import vcr

    body = AppointmentFactory(seed=3).build(AppointmentId=6)
    (recorded,) = record(tmp_path / "c.yaml", server.url, [body])
    plain = vcr.VCR(record_mode="none", match_on=["method", "path"])
    with plain.use_cassette(str(tmp_path / "c.yaml")):
        assert requests.put(f"{server.url}/api/v1/Appointment/6", json=body, timeout=10).json() == recorded


def test_a_miss_names_the_closest_recordings_and_differing_paths(
    tmp_path: Path, server: ReferenceServer
) -> None:
    body = AppointmentFactory(seed=4).build(AppointmentId=7, Title="a")
    record(tmp_path / "c.yaml", server.url, [body])
    cassette = load_cassette(tmp_path / "c.yaml", mode="none")
    changed = {**body, "Title": "b"}
    with use_cassette(cassette), pytest.raises(ReplayMissError) as caught:
        httpx.put(f"{OFFLINE}/api/v1/Appointment/7", json=changed)
    message = str(caught.value)
    assert "no recorded interaction matches PUT /api/v1/Appointment/7" in message
    assert "#0 PUT /api/v1/Appointment/7 (unplayed)" in message
    assert "Title: recorded 'a', sent 'b'" in message
    assert "can't overwrite" not in message.lower()


def test_playing_a_recording_twice_is_a_miss_that_says_so(tmp_path: Path, server: ReferenceServer) -> None:
    body = AppointmentFactory(seed=5).build(AppointmentId=8)
    record(tmp_path / "c.yaml", server.url, [body])
    cassette = load_cassette(tmp_path / "c.yaml", mode="none")
    with use_cassette(cassette):
        requests.put(f"{OFFLINE}/api/v1/Appointment/8", json=body, timeout=10)
        with pytest.raises(ReplayMissError, match="already played"):
            requests.put(f"{OFFLINE}/api/v1/Appointment/8", json=body, timeout=10)
        cassette.rewind()  # everything playable again, in recorded order
        assert cassette.unplayed == [0]
        assert requests.put(f"{OFFLINE}/api/v1/Appointment/8", json=body, timeout=10).status_code == 200


def test_new_episodes_adds_and_all_rerecords(tmp_path: Path, server: ReferenceServer) -> None:
    factory = AppointmentFactory(seed=6)
    one, two = factory.build(AppointmentId=9), factory.build(AppointmentId=10)
    record(tmp_path / "c.yaml", server.url, [one])

    cassette = load_cassette(tmp_path / "c.yaml", mode="new_episodes")
    with use_cassette(cassette):
        httpx.put(f"{server.url}/api/v1/Appointment/9", json=one)  # replayed
        httpx.put(f"{server.url}/api/v1/Appointment/10", json=two)  # recorded
    assert (cassette.loaded_count, cassette.recorded_count) == (1, 1)
    assert len(read_cassette(tmp_path / "c.yaml")) == 2

    cassette = load_cassette(tmp_path / "c.yaml", mode="all")
    with use_cassette(cassette):
        httpx.put(f"{server.url}/api/v1/Appointment/10", json=two)
    assert cassette.recorded_count == 1
    assert [i["request"]["uri"].rsplit("/", 1)[1] for i in read_cassette(tmp_path / "c.yaml")] == ["9", "10"]


def test_rewrite_starts_over(tmp_path: Path, server: ReferenceServer) -> None:
    factory = AppointmentFactory(seed=7)
    record(
        tmp_path / "c.yaml", server.url, [factory.build(AppointmentId=11), factory.build(AppointmentId=12)]
    )
    cassette = load_cassette(tmp_path / "c.yaml", mode="rewrite")
    with use_cassette(cassette):
        httpx.put(f"{server.url}/api/v1/Appointment/12", json=factory.build(AppointmentId=12))
    assert [i["request"]["uri"].rsplit("/", 1)[1] for i in read_cassette(tmp_path / "c.yaml")] == ["12"]


def test_a_large_cassette_replays_through_its_index(tmp_path: Path) -> None:
    from vcr.request import Request

    cassette = IndexedCassette(tmp_path / "big.yaml", so_mode="none")
    for i in range(2_000):
        request = Request("PUT", f"http://h/api/v1/Appointment/1?n={i}", b'{"Title": "t"}', {})
        cassette.append(
            request, {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": b"{}"}}
        )
    cassette._save(force=True)
    loaded = load_cassette(tmp_path / "big.yaml", mode="none")
    assert loaded.loaded_count == 2_000
    probe = Request("PUT", "http://elsewhere/api/v1/Appointment/1?n=1999", b'{ "Title" : "t" }', {})
    assert loaded.can_play_response_for(probe)
    assert loaded.play_response(probe)["status"]["code"] == 200
    assert loaded.unplayed[-1] == 1998


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "the cassette file is empty"),
        ("interactions: [\n", "not valid YAML"),
        ("- request: {}\n", "an old (pre-1.0) vcrpy cassette or a foreign file"),
        ("version: 2\ninteractions: []\n", "not a vcrpy cassette of format version 1"),
        (
            "version: 1\ninteractions:\n- request: {method: PUT}\n  response: {}\n",
            "interactions[0].request needs",
        ),
    ],
)
def test_unreadable_cassettes_name_the_file_and_the_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content)
    with pytest.raises(CassetteFormatError) as caught:
        load_cassette(path, mode="none")
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)
    assert caught.value.path == str(path)


def test_async_httpx_records_and_replays(tmp_path: Path, server: ReferenceServer) -> None:
    import asyncio

    body = AppointmentFactory(seed=8).build(AppointmentId=15)

    async def put(base: str) -> dict:
        async with httpx.AsyncClient() as client:
            answer = await client.put(f"{base}/api/v1/Appointment/15", json=body, headers=AUTH)
            return answer.json()

    with use_cassette(load_cassette(tmp_path / "c.yaml", mode="once")):
        recorded = asyncio.run(put(server.url))
    cassette = load_cassette(tmp_path / "c.yaml", mode="none")
    with use_cassette(cassette):
        assert asyncio.run(put(OFFLINE)) == recorded
    assert cassette.all_played


def test_a_json_cassette_is_written_as_json_and_replays(tmp_path: Path, server: ReferenceServer) -> None:
    import json

    import vcr

    body = AppointmentFactory(seed=9).build(AppointmentId=16)
    (recorded,) = record(tmp_path / "c.json", server.url, [body])
    data = json.loads((tmp_path / "c.json").read_text())  # plain JSON, vcrpy's JSON serializer layout
    assert data["version"] == 1
    assert PASSWORD not in (tmp_path / "c.json").read_text()

    cassette = load_cassette(tmp_path / "c.json", mode="none")
    with use_cassette(cassette):
        assert httpx.put(f"{OFFLINE}/api/v1/Appointment/16", json=body).json() == recorded
    plain = vcr.VCR(record_mode="none", serializer="json", match_on=["method", "path"])
    with plain.use_cassette(str(tmp_path / "c.json")):
        assert requests.put(f"{server.url}/api/v1/Appointment/16", json=body, timeout=10).json() == recorded


def test_xml_bodies_are_stored_indented_and_replay_as_the_same_data(
    tmp_path: Path, server: ReferenceServer
) -> None:
    from toolkit.codecs import decode_xml, encode_xml

    entity = AppointmentFactory(seed=12).build(AppointmentId=3, traits="with_relations")
    headers = {**AUTH, "Content-Type": "application/xml", "Accept": "application/xml"}
    url = "/api/v1/Appointment/3"
    with use_cassette(load_cassette(tmp_path / "x.yaml", mode="once")):
        live = httpx.put(
            server.url + url, content=encode_xml(entity, root="AppointmentEntity"), headers=headers
        )
    assert live.status_code == 200

    (interaction,) = read_cassette(tmp_path / "x.yaml")
    stored = interaction["response"]["body"]["string"]
    assert "\n  <Associate>\n    <AssociateId>" in stored  # a reviewer reads it line by line
    assert int(interaction["response"]["headers"]["content-length"][0]) == len(stored.encode())

    with use_cassette(load_cassette(tmp_path / "x.yaml", mode="none")):
        replayed = httpx.put(
            OFFLINE + url, content=encode_xml(entity, root="AppointmentEntity"), headers=headers
        )
    root = "AppointmentEntityWithLinks"
    assert decode_xml(replayed.content, root=root) == decode_xml(live.content, root=root)


def test_only_the_adapter_module_touches_vcrpy() -> None:
    """Every import from vcrpy is in toolkit/recording/_vcr.py, so a vcrpy release breaks one file."""
    import ast

    toolkit = Path(__file__).resolve().parent.parent / "toolkit"
    importers = set()
    for module in toolkit.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(n == "vcr" or n.startswith("vcr.") for n in names):
                importers.add(str(module.relative_to(toolkit)))
    assert importers == {"recording/_vcr.py"}


def test_leaving_cassettes_puts_the_real_http_classes_back(tmp_path: Path, server: ReferenceServer) -> None:
    import http.client

    import urllib3.connectionpool

    real = (http.client.HTTPConnection, urllib3.connectionpool.HTTPConnectionPool.ConnectionCls)
    record(tmp_path / "outer.yaml", server.url, [AppointmentFactory(seed=2).build(AppointmentId=5)])
    outer = load_cassette(tmp_path / "outer.yaml", mode="none")
    with use_cassette(outer):
        assert http.client.HTTPConnection is not real[0]
        inner = load_cassette(tmp_path / "inner.yaml", mode="once")
        with use_cassette(inner):  # nested: built for this cassette alone
            answer = requests.get(f"{server.url}/api/v1/Appointment/6", headers=AUTH, timeout=10)
        assert answer.status_code == 200
        assert http.client.HTTPConnection is not real[0]  # the outer cassette's patches are still in
    assert (http.client.HTTPConnection, urllib3.connectionpool.HTTPConnectionPool.ConnectionCls) == real
    # Unpatched: a plain request reaches the live server and nothing is recorded.
    live = requests.get(f"{server.url}/api/v1/Appointment/6", headers=AUTH, timeout=10)
    assert live.status_code == 200
    assert len(read_cassette(tmp_path / "inner.yaml")) == 1
