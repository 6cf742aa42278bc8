"""One body reader: JSON and the appointment's XML read as the same data, wherever a body is read."""

from __future__ import annotations

import pytest

from toolkit.codecs import BodyError, decode_body, encode_xml, read_body
from toolkit.factories import AppointmentFactory
from toolkit.recording.scrub import PLACEHOLDER, ScrubRules, find_leaks, scrubbed_body

ANSWER = AppointmentFactory(seed=5).build_response(Description="call me: alice@example.com")
XML = encode_xml(ANSWER, root="AppointmentEntityWithLinks")


def test_json_and_xml_bodies_read_as_the_same_data():
    json_body = read_body(b' {"Title": "x"}')
    assert json_body is not None
    assert (json_body.kind, json_body.data) == ("json", {"Title": "x"})
    xml_body = read_body(XML.decode())  # text or bytes, as HTTP libraries keep them
    assert xml_body is not None
    assert (xml_body.kind, xml_body.root, xml_body.data) == ("xml", "AppointmentEntityWithLinks", ANSWER)
    assert read_body(xml_body.encode()) == xml_body


def test_vcrpy_s_chunk_list_is_joined_first():
    read = read_body([b'{"a"', b": 1}"])
    assert read is not None
    assert read.data == {"a": 1}


@pytest.mark.parametrize("body", [None, b"", b"plain text", b"{not json", b"<Other/>", "<a><b></a>"])
def test_anything_else_is_not_data(body):
    assert read_body(body) is None


def test_decode_body_follows_the_content_type_and_names_the_problem():
    assert decode_body(XML, "application/xml; charset=utf-8") == ANSWER
    assert decode_body(b'{"Title": "x"}', "application/json") == {"Title": "x"}
    with pytest.raises(BodyError, match="not valid JSON"):
        decode_body(XML, "application/json")
    with pytest.raises(BodyError, match="refused"):
        decode_body(b'<!DOCTYPE a [<!ENTITY e "x">]><AppointmentEntity/>', "text/xml")


def test_the_leak_check_reads_xml_bodies_like_scrubbing_does():
    rules = ScrubRules(body_paths=("Description",))
    interaction = {
        "request": {"method": "GET", "uri": "http://h/api/v1/Appointment/1", "body": None, "headers": {}},
        "response": {"status": {"code": 200}, "headers": {}, "body": {"string": XML.decode()}},
    }
    assert find_leaks(interaction, rules=rules) == ["response body Description holds a credential"]
    scrubbed = scrubbed_body(XML, rules)
    assert scrubbed is not None
    read = read_body(scrubbed)
    assert read is not None
    assert read.data["Description"] == PLACEHOLDER
    interaction["response"]["body"]["string"] = scrubbed.decode()
    assert find_leaks(interaction, rules=rules) == []
