"""``cassettes verify``: recorded cassettes re-sent to a live reference server, drift graded.

Cassettes are recorded for real (vcrpy, the recording persister) from the reference server; the
"changed API" is the same server behind a small wrapper (``changed_api.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
import yaml
from changed_api import (
    ChangedServer,
    add_property,
    change_status,
    drop_property,
    new_enum_value,
    other_description,
    retype_property,
    upgrade,
)

from toolkit.cli import main
from toolkit.client import AppointmentClient, basic_auth
from toolkit.factories import AppointmentFactory
from toolkit.recording.cassette import load_cassette, use_cassette
from toolkit.recording.cassette_file import read_cassette
from toolkit.server import ReferenceServer

PRELOAD = 6
AUTH = basic_auth("verify-user", "verify-secret-4711")
AUTH_VALUE = AUTH.headers["Authorization"]


def record(path: Path, calls: object) -> Path:
    """Record ``calls(client)`` against a fresh reference server into the cassette at ``path``."""
    with ReferenceServer(preload=PRELOAD) as server:
        cassette = load_cassette(path, mode="rewrite")
        with use_cassette(cassette), AppointmentClient(server.url, AUTH) as client:
            calls(client)  # type: ignore[operator]
    return path


def put_then_get(client: AppointmentClient) -> None:
    body = AppointmentFactory(seed=11).build(AppointmentId=2, Title="Before the upgrade")
    client.put(2, body)
    client.get(2)


@pytest.fixture(scope="module")
def cassettes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two recorded cassettes in one folder."""
    folder = tmp_path_factory.mktemp("cassettes")
    record(folder / "put_then_get.yaml", put_then_get)

    def select_put(client: AppointmentClient) -> None:
        client.put(3, AppointmentFactory(seed=12).build(AppointmentId=3), select="Title,Completed")

    record(folder / "select_put.yaml", select_put)
    return folder


@pytest.fixture
def verify(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> object:
    """``verify(*args) -> (exit status, stdout lines, stderr)`` through the CLI, credentials in the env."""
    monkeypatch.setenv("SO_AUTHORIZATION", AUTH_VALUE)

    def run(*args: str) -> tuple[int, list[str], str]:
        status = main(["cassettes", "verify", *args])
        out, err = capsys.readouterr()
        return status, out.splitlines(), err

    return run


def test_an_unchanged_api_has_no_drift(cassettes, verify):
    with ReferenceServer(preload=PRELOAD) as server:
        url = server.url
        status, lines, err = verify(str(cassettes), "--against", url)
    assert status == 0
    assert lines == []
    assert f"verified 2 cassettes, 3 interactions against {url}: no drift" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (add_property, "additive MeetingRoom: added: 'Fjord' (unknown to the toolkit's schema)"),
        (drop_property, "breaking Agenda: removed (was "),
        (retype_property, "breaking ColorIndex: type number -> string"),
        (new_enum_value, "breaking Completed: 'Archived' is not a value the toolkit's schema knows"),
        (change_status, "breaking status 200 -> 410"),
    ],
)
def test_each_change_is_graded_and_fails(cassettes, verify, change, expected):
    with ChangedServer(change, preload=PRELOAD) as server:
        status, lines, err = verify(str(cassettes / "put_then_get.yaml"), "--against", server.url)
    assert status == 1
    assert any(line.startswith(f"{cassettes / 'put_then_get.yaml'}:interaction ") for line in lines)
    assert any(expected in line for line in lines), lines
    grade = expected.split()[0]
    assert f"1 {grade}" in err or f"2 {grade}" in err


def test_a_value_difference_is_listed_and_fails_only_with_values(cassettes, verify):
    path = str(cassettes / "put_then_get.yaml")
    with ChangedServer(other_description, preload=PRELOAD) as server:
        status, lines, err = verify(path, "--against", server.url)
        strict, _, _ = verify(path, "--against", server.url, "--values")
    assert status == 0
    assert strict == 1
    assert f"{path}:interaction 0: value Description: " in lines[0]
    assert lines[0].endswith("-> 'changed upstream'")
    assert "0 breaking, 0 additive, 2 value" in err


def test_ignore_paths_leave_properties_out(cassettes, verify):
    path = str(cassettes / "put_then_get.yaml")
    with ChangedServer(drop_property, preload=PRELOAD) as server:
        status, lines, _ = verify(path, "--against", server.url, "--ignore", "agenda")
    assert (status, lines) == (0, [])


def test_requests_are_sent_in_recorded_order(tmp_path, verify):
    # The GET must see the title the PUT before it wrote; sent out of order, it would see the seed's.
    path = record(tmp_path / "ordered.yaml", put_then_get)
    with ReferenceServer(preload=PRELOAD) as server:
        assert verify(str(path), "--against", server.url)[:2] == (0, [])
    reordered = tmp_path / "reordered.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["interactions"].reverse()
    reordered.write_text(yaml.safe_dump(data), encoding="utf-8")
    with ReferenceServer(preload=PRELOAD) as server:
        _, lines, _ = verify(str(reordered), "--against", server.url)
    assert any("value Title: " in line for line in lines), lines


def test_json_report_for_ci(cassettes, verify, tmp_path):
    report = tmp_path / "drift.json"
    with ChangedServer(add_property, preload=PRELOAD) as server:
        status, lines, _ = verify(str(cassettes), "--against", server.url, "--json", str(report))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert status == 1
    assert data["counts"] == {"breaking": 0, "additive": 3, "value": 0}
    assert data["findings"][0] == {
        "file": str(cassettes / "put_then_get.yaml"),
        "interaction": 0,
        "grade": "additive",
        "path": "MeetingRoom",
        "change": "added: 'Fjord' (unknown to the toolkit's schema)",
    }
    assert len(data["findings"]) == len(lines)


def test_update_rewrites_only_drifted_cassettes(tmp_path, verify):
    drifting = record(tmp_path / "drifting.yaml", put_then_get)
    steady = tmp_path / "steady.yaml"
    record(steady, lambda client: client.get(5))
    before = steady.read_bytes()

    def agenda_only_on_put(method, path, status, body):
        return drop_property(method, path, status, body) if method == "PUT" else (status, body)

    with ChangedServer(agenda_only_on_put, preload=PRELOAD) as server:
        status, lines, err = verify(str(tmp_path), "--against", server.url, "--update")
        assert status == 0
        assert any("breaking Agenda: removed" in line for line in lines)
        assert "updated 1 cassette" in err
        assert steady.read_bytes() == before
        text = drifting.read_text(encoding="utf-8")
        assert "verify-secret-4711" not in text
        assert AUTH_VALUE.split()[1] not in text
        assert len(read_cassette(drifting)) == 2
        # The cassette now holds the live answers: verifying again finds nothing.
        assert verify(str(tmp_path), "--against", server.url)[:2] == (0, [])


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "cassettes", "verify", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--against", "http://127.0.0.1:9"), "so-toolkit: error: cannot reach http://127.0.0.1:9: "),
        (("--against", "ftp://host"), "--against 'ftp://host': expected an http(s) URL"),
        (("--against", "http://127.0.0.1:9", "--ignore", "Links[x"), "--ignore "),
        ((), "the following arguments are required: --against"),
        (("--against", "http://127.0.0.1:9", "--json", "."), "--json .: is a directory; name a file"),
    ],
)
def test_an_unreachable_target_or_a_bad_argument_is_one_line_exit_2(cassettes, args, says):
    result = cli(str(cassettes), *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert says in result.stderr


def test_without_credentials_the_summary_says_how_to_give_them(cassettes, verify, monkeypatch):
    monkeypatch.delenv("SO_AUTHORIZATION")
    with ReferenceServer(preload=PRELOAD) as server:
        status, lines, err = verify(str(cassettes), "--against", server.url)
    assert status == 1
    assert all("breaking status 200 -> 401" in line for line in lines)
    assert "set SO_AUTHORIZATION" in err


def readme_block(after: str) -> str:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split(after, 1)[1].split("```text\n", 1)[1].split("```", 1)[0]


def test_the_readme_sample_report_is_what_verify_prints(tmp_path, verify, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record(Path("cassettes/test_sync/test_push.yaml"), put_then_get)
    with ChangedServer(upgrade, preload=PRELOAD) as server:
        url = server.url
        status, lines, err = verify("cassettes", "--against", url)
    tenant = "https://sod.superoffice.com/Cust12345"
    printed = "\n".join([*lines, err.strip().replace(url, tenant)]) + "\n"
    assert status == 1
    assert readme_block("it reads like this:") == printed


def test_xml_answers_are_compared_as_data(tmp_path, verify):
    def put_xml(client: AppointmentClient) -> None:
        client.put(4, AppointmentFactory(seed=13).build(AppointmentId=4), accept="application/xml")

    path = record(tmp_path / "xml.yaml", put_xml)
    assert "<AppointmentEntityWithLinks" in path.read_text(encoding="utf-8")
    with ReferenceServer(preload=PRELOAD) as server:
        assert verify(str(path), "--against", server.url)[:2] == (0, [])


def test_update_scrubs_the_paths_it_is_given_and_they_are_not_drift(tmp_path, verify):
    path = record(tmp_path / "scrubbed.yaml", put_then_get)
    with ChangedServer(upgrade, preload=PRELOAD) as server:
        status, lines, _ = verify(
            str(path), "--against", server.url, "--update", "--scrub-body", "Description"
        )
        assert status == 0
        assert not any("Description" in line for line in lines)  # a scrubbed path is not compared
        responses = [orjson.loads(i["response"]["body"]["string"]) for i in read_cassette(path)]
        assert [r["Description"] for r in responses] == ["<SCRUBBED>", "<SCRUBBED>"]
        assert "changed upstream" not in path.read_text(encoding="utf-8")
        # Recorded as scrubbed, the value cannot be compared: no drift without the option either.
        assert verify(str(path), "--against", server.url)[:2] == (0, [])
