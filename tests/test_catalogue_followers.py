"""The XML form, the linter and the server follow the 2026 catalogue with no list of their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import vcr
from vcr.serializers import yamlserializer

from toolkit.codecs import decode_xml, encode_xml
from toolkit.factories import AppointmentFactory
from toolkit.lint import check_file
from toolkit.server import ReferenceServer

BEARER = {"Authorization": "Bearer test-token"}
# Properties the 2022 catalogue did not have, at the paths a client sends them.
NEW_IN_2026 = (
    ("Participants", 0, "ExternallyOwnedType"),
    ("Participants", 0, "ExternallyOwnedStatus"),
    ("Contact", "Number1"),
    ("Person", "PersonNumber"),
    ("Project", "EventId"),
    ("Project", "StartDate"),
    ("Associate", "ExtraFields"),
    ("PreferredTZLocationData", "TZLocationCode"),
    ("PreferredTZLocationData", "TimeZoneSTDRules"),
)


def at(body: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        body = body[step]
    return body


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=5, seed=4) as srv:
        yield srv


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        yield client


@pytest.fixture
def entity() -> dict[str, Any]:
    # Dates as a tenant writes them (no suffix): the server stores those as sent, so the round trip is exact.
    body = AppointmentFactory(seed=26, locale="nb_NO", dates="tenant").build(
        traits=("with_relations", "booking", "recurring"),
        AppointmentId=3,
        Associate__ExtraFields={"x_region": "Vest"},
        PreferredTZLocationData__TZLocationCode="NO",
    )
    return body


def test_an_xml_put_with_every_new_property_round_trips_through_the_server(
    http: httpx.Client, entity: dict[str, Any]
) -> None:
    xml = encode_xml(entity, root="AppointmentEntity")
    assert b"<ExternallyOwnedType>" in xml
    assert b"<TimeZoneSTDRules>" in xml
    put = http.put("/api/v1/Appointment/3", content=xml, headers={"Content-Type": "application/xml"})
    assert put.status_code == 200, put.text
    answer = http.get("/api/v1/Appointment/3", headers={"Accept": "application/xml"})
    assert answer.status_code == 200
    stored = decode_xml(answer.content, root="AppointmentEntityWithLinks")
    for path in NEW_IN_2026:
        sent = at(entity, path)
        # PreferredTZLocationData is read-only: the server keeps its own (null here).
        if path[0] == "PreferredTZLocationData":
            continue
        assert at(stored, path) == sent, path
    assert stored["Associate"]["ExtraFields"] == {"x_region": "Vest"}


def test_xml_decodes_the_new_carrier_with_the_catalogues_types(entity: dict[str, Any]) -> None:
    # TimeZoneData and its rule dictionaries come back typed (integers stay integers).
    back = decode_xml(encode_xml(entity, root="AppointmentEntity"), root="AppointmentEntity")
    assert back["PreferredTZLocationData"] == entity["PreferredTZLocationData"]
    assert back["Participants"] == entity["Participants"]
    rules = back["PreferredTZLocationData"]["TimeZoneSTDRules"]
    assert all(isinstance(rule["TZOffset"], int) for rule in rules.values())


def test_the_linter_reads_new_properties_and_flags_a_wrong_one(
    tmp_path: Path, entity: dict[str, Any]
) -> None:
    path = tmp_path / "new.yaml"
    with (
        ReferenceServer(preload=5, seed=4) as srv,
        vcr.VCR(record_mode="all", filter_headers=["Authorization"]).use_cassette(str(path)),
        httpx.Client(base_url=srv.url, headers=BEARER) as client,
    ):
        assert client.put("/api/v1/Appointment/3", json=entity).status_code == 200
    assert check_file(path) == []

    data = yamlserializer.deserialize(path.read_text(encoding="utf-8"))
    response = data["interactions"][0]["response"]["body"]
    answer = orjson.loads(response["string"])
    answer["Participants"][0]["ExternallyOwnedStatus"] = "Maybe"
    response["string"] = orjson.dumps(answer).decode()
    path.write_text(yamlserializer.serialize(data), encoding="utf-8")
    (finding,) = (str(f) for f in check_file(path))
    assert "Participants[0].ExternallyOwnedStatus" in finding
    assert "'Maybe'" in finding
