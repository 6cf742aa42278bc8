"""Cassette YAML is read safely (libyaml's C parser where present) and as PyYAML's safe loader reads it."""

from __future__ import annotations

import pytest
import yaml

from toolkit.errors import CassetteFormatError
from toolkit.recording.cassette_file import parse_cassette_text

HEAD = "version: 1\ninteractions:\n- request: {method: GET, uri: 'http://x.invalid/api/v1/Appointment/1'"


def cassette(request_extra: str = "", body: str = "'{}'") -> str:
    response = f"{{status: {{code: 200, message: OK}}, body: {{string: {body}}}}}"
    return f"{HEAD}{request_extra}}}\n  response: {response}\n"


def test_it_reads_what_the_safe_loader_reads():
    text = cassette(
        ", body: !!python/str hello, headers: {N: [1, 0x1f, 1_000, 1.5, true, null, ~, '7']}",
        body="!!binary aGVsbG8=",
    )
    data = parse_cassette_text(text)
    request = data["interactions"][0]["request"]
    assert request["body"] == "hello"
    assert request["headers"]["N"] == [1, 31, 1000, 1.5, True, None, None, "7"]
    assert data["interactions"][0]["response"]["body"]["string"] == b"hello"
    plain = yaml.safe_load(text.replace("!!python/str ", ""))
    assert data["interactions"][0]["response"] == plain["interactions"][0]["response"]


def test_tuples_and_merge_keys_take_the_general_path():
    text = cassette(", headers: !!python/tuple [a, b], base: &b {x: 1}, more: {<<: *b, y: 2}")
    request = parse_cassette_text(text)["interactions"][0]["request"]
    assert request["headers"] == ("a", "b")
    assert request["more"] == {"x": 1, "y": 2}


def test_aliases_share_one_value_so_a_billion_laughs_stays_small():
    laughs = ", a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        laughs += f", {level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]"
    request = parse_cassette_text(cassette(laughs))["interactions"][0]["request"]
    assert request["j"][0] is request["j"][1]
    assert request["j"][0][0] is request["i"][0]


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system ''", "!custom 1"]
)
def test_unsafe_and_unknown_tags_are_refused_with_the_file_named(tag: str):
    with pytest.raises(
        CassetteFormatError, match=r"^c\.yaml: not valid YAML: could not determine a constructor"
    ):
        parse_cassette_text(cassette(f", body: {tag}"), name="c.yaml")


def test_a_cassette_with_windows_line_ends_reads_as_with_unix_ones(tmp_path):
    from toolkit.recording.cassette_file import load_cassette_data

    text = (
        "interactions:\n- request:\n    method: GET\n    uri: http://x.invalid/api/v1/Appointment/1\n"
        "  response:\n    status:\n      code: 200\n    body:\n      string: |-\n        {\n"
        '          "AppointmentId": 1\n        }\nversion: 1\n'
    )
    unix, windows = tmp_path / "unix.yaml", tmp_path / "windows.yaml"
    unix.write_bytes(text.encode())
    windows.write_bytes(text.replace("\n", "\r\n").encode())  # as a checkout with autocrlf writes it
    assert load_cassette_data(windows) == load_cassette_data(unix) == yaml.safe_load(text)
    body = load_cassette_data(windows)["interactions"][0]["response"]["body"]["string"]
    assert body == '{\n  "AppointmentId": 1\n}'
