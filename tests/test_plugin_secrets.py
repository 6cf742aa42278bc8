"""Secrets by default: a header named like a credential never reaches disk, though nobody listed it;
the linter flags one left in a hand-written cassette, and credential-shaped values anywhere; configured
body paths are checked in XML bodies as in JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from toolkit.cli import main

API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
AUTH_TOKEN = "tok-8c1f2a9e-77d0-4b51-9a3e-12ab34cd56ef"

UNLISTED_HEADERS = f"""
import pytest


@pytest.mark.so_cassette
def test_update(so_client, appointment_factory):
    body = appointment_factory.build(AppointmentId=6)
    headers = {{"X-Api-Key": "{API_KEY}", "X-Auth-Token": "{AUTH_TOKEN}", "X-Keyword": "planning"}}
    saved = so_client.put(6, body, headers=headers)
    assert saved["Title"] == body["Title"]
"""


def request_headers(path: Path) -> dict[str, list[str]]:
    (interaction,) = yaml.safe_load(path.read_text())["interactions"]
    return {k.lower(): v for k, v in interaction["request"]["headers"].items()}


def test_an_unlisted_api_key_never_reaches_disk(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(test_keys=UNLISTED_HEADERS)
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    cassette = so_pytester.path / "cassettes/test_keys/test_update.yaml"
    text = cassette.read_text()
    assert API_KEY not in text
    assert AUTH_TOKEN not in text
    headers = request_headers(cassette)
    assert headers["x-api-key"] == ["<SCRUBBED>"]
    assert headers["x-auth-token"] == ["<SCRUBBED>"]
    assert headers["x-keyword"] == ["<SCRUBBED>"]  # named like a key: scrubbed unless allowed
    so_pytester.runpytest().assert_outcomes(passed=1)  # headers are not matched: it replays


def test_the_allow_list_keeps_a_header_that_only_looks_like_a_credential(
    so_pytester: pytest.Pytester,
) -> None:
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_scrub_allow_headers = X-Keyword\n")
    so_pytester.makepyfile(test_keys=UNLISTED_HEADERS)
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    headers = request_headers(so_pytester.path / "cassettes/test_keys/test_update.yaml")
    assert headers["x-keyword"] == ["planning"]
    assert headers["x-api-key"] == ["<SCRUBBED>"]


HAND_WRITTEN = """\
interactions:
- request:
    method: PUT
    uri: http://so-reference.invalid/api/v1/Appointment/6
    body: {body}
    headers:
      X-Api-Key:
      - {key}
      X-Forwarded-For:
      - 10.0.0.1
  response:
    status:
      code: 404
      message: Not Found
    headers: {{}}
    body:
      string: ''
version: 1
"""


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(["cassettes", "check", *args])
    return status, capsys.readouterr().out.splitlines()


def test_the_linter_flags_an_unscrubbed_credential_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hand.yaml"
    path.write_text(HAND_WRITTEN.format(key="0123456789abcdef", body="''"))
    status, lines = check(capsys, str(path))
    assert status == 1
    assert lines == [f"{path}:interaction 0: request header X-Api-Key holds a credential"]

    # The project's allow-list, as in its ini file: the same cassette is clean.
    assert check(capsys, "--allow-header", "x-api-key", str(path)) == (0, [])


def test_the_linter_flags_credential_shaped_values_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hand.yaml"
    body = '\'{"Description": "key ' + API_KEY + ", header Bearer abcdefghijklmnopqrstuvwxyz0123\"}'"
    path.write_text(HAND_WRITTEN.format(key="<SCRUBBED>", body=body))
    status, lines = check(capsys, str(path))
    assert status == 1
    assert lines == [
        f"{path}:interaction 0: a Bearer token appears in the interaction",
        f"{path}:interaction 0: a secret API key (sk_live_...) appears in the interaction",
    ]


XML_BODY = (
    '\'<?xml version="1.0" encoding="utf-8"?><AppointmentEntity><AppointmentId>6</AppointmentId>'
    "<Description>door code 4711</Description></AppointmentEntity>'"
)


def test_configured_body_paths_are_checked_in_xml_as_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = tmp_path / "xml.yaml"
    xml.write_text(HAND_WRITTEN.format(key="<SCRUBBED>", body=XML_BODY))
    as_json = tmp_path / "json.yaml"
    json_body = '\'{"AppointmentId": 6, "Description": "door code 4711"}\''
    as_json.write_text(HAND_WRITTEN.format(key="<SCRUBBED>", body=json_body))
    assert check(capsys, str(xml), str(as_json)) == (0, [])  # no body path configured: nothing to check
    status, lines = check(capsys, "--scrub-body", "Description", str(xml), str(as_json))
    assert status == 1
    assert lines == [
        f"{xml}:interaction 0: request body Description holds a credential",
        f"{as_json}:interaction 0: request body Description holds a credential",
    ]


def test_a_bad_scrub_body_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cassettes", "check", "--scrub-body", "Links[", str(tmp_path)]) == 2
    assert "--scrub-body: bad JSON path 'Links['" in capsys.readouterr().err


def test_xml_bodies_are_scrubbed_at_configured_paths_when_recording(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        test_xml="""
        import pytest

        @pytest.mark.so_cassette(scrub_body=("Description",))
        def test_update(so_client, appointment_factory):
            body = appointment_factory.build(AppointmentId=7, Description="door code 4711")
            saved = so_client.put(7, body, content_type="application/xml")
            assert saved["Title"] == body["Title"]
        """
    )
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    text = (so_pytester.path / "cassettes/test_xml/test_update.yaml").read_text()
    assert "<Description>&lt;SCRUBBED&gt;</Description>" in text
    assert "door code 4711" not in text
    so_pytester.runpytest().assert_outcomes(passed=1)
