"""The cassette linter: a real recorded cassette passes; each planted problem is caught and named."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import vcr
from vcr.serializers import yamlserializer

from toolkit.cli import main
from toolkit.errors import UsageError
from toolkit.factories import AppointmentFactory
from toolkit.lint import check_command, check_file, collect_files
from toolkit.server import ReferenceServer

ROOT = Path(__file__).resolve().parent.parent
SELECT = "Title,Links/Id"
# Interactions of the recorded cassette, in order.
PUT_JSON, PUT_SELECT, PUT_XML, PUT_MISSING, GET_SELECT = range(5)

Cassette = dict[str, Any]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cassette recorded from the reference server with vcrpy, credentials filtered out."""
    path = tmp_path_factory.mktemp("recorded") / "appointments.yaml"
    recorder = vcr.VCR(record_mode="all", filter_headers=[("Authorization", "Bearer <SCRUBBED>")])
    body = AppointmentFactory(seed=8).build()
    with (
        ReferenceServer(preload=10) as server,
        recorder.use_cassette(str(path)),
        httpx.Client(base_url=server.url, headers={"Authorization": "Bearer live-token-1"}) as client,
    ):
        assert client.put("/api/v1/Appointment/2", json=body).status_code == 200
        assert client.put("/api/v1/Appointment/2", params={"$select": SELECT}, json=body).status_code == 200
        xml = client.put("/api/v1/Appointment/3", json=body, headers={"Accept": "application/xml"})
        assert xml.text.startswith("<?xml")
        assert client.put("/api/v1/Appointment/999", json=body).status_code == 404
        assert client.get("/api/v1/Appointment/4", params={"$select": "Location"}).status_code == 200
    return path


def load(path: Path) -> Cassette:
    data: Cassette = yamlserializer.deserialize(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def plant(recorded: Path, tmp_path: Path) -> Callable[[Callable[[Cassette], None]], Path]:
    """Copy the recorded cassette into tmp_path with one change made by ``mutate``."""

    def make(mutate: Callable[[Cassette], None]) -> Path:
        data = load(recorded)
        mutate(data)
        out = tmp_path / "planted.yaml"
        out.write_text(yamlserializer.serialize(data), encoding="utf-8")
        return out

    return make


def json_body(data: Cassette, n: int) -> dict[str, Any]:
    body: dict[str, Any] = orjson.loads(data["interactions"][n]["response"]["body"]["string"])
    return body


def set_json_body(data: Cassette, n: int, body: Any) -> None:
    data["interactions"][n]["response"]["body"]["string"] = orjson.dumps(body).decode()


def edit_body(n: int, **changes: Any) -> Callable[[Cassette], None]:
    def mutate(data: Cassette) -> None:
        set_json_body(data, n, {**json_body(data, n), **changes})

    return mutate


def lines(path: Path) -> list[str]:
    return [str(finding) for finding in check_file(path)]


# --- clean ----------------------------------------------------------------------------------------------


def test_a_recorded_cassette_passes(recorded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_file(recorded) == []
    assert check_command([str(recorded)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "checked 1 cassette, 5 interactions: no problems\n"


def test_the_projects_own_cassettes_pass(capsys: pytest.CaptureFixture[str]) -> None:
    cassettes = ROOT / "cassettes"
    if not cassettes.is_dir():
        pytest.skip("the project has no cassettes/ directory")
    assert check_command([str(cassettes)]) == 0, capsys.readouterr().out


# --- each kind of problem ----------------------------------------------------------------------------


def test_corrupt_yaml_is_one_line_for_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("interactions:\n- request: {method: PUT\n", encoding="utf-8")
    (line,) = lines(bad)
    assert line.startswith(f"{bad}: not valid YAML: ")


def test_a_file_that_is_not_a_cassette(tmp_path: Path) -> None:
    other = tmp_path / "other.yml"
    other.write_text("- just\n- a list\n", encoding="utf-8")
    (line,) = lines(other)
    assert line.startswith(f"{other}: ")
    assert "vcrpy cassette" in line


def test_an_invalid_body_is_named_by_interaction_and_path(plant: Callable[..., Path]) -> None:
    path = plant(edit_body(PUT_JSON, StartDate="tomorrow", ColorIndex=99999))
    # Equally deep paths keep jsonschema's relevance order; compare as a set.
    assert sorted(lines(path)) == [
        f"{path}:interaction 0: response body ColorIndex: 99999 is greater than the maximum of 32767",
        f"{path}:interaction 0: response body StartDate: 'tomorrow' is not a .NET date like "
        "'2002-09-19T03:46:59.6911992+02:00'",
    ]


def test_a_body_that_is_not_json(plant: Callable[..., Path]) -> None:
    def truncate(data: Cassette) -> None:
        body = data["interactions"][PUT_JSON]["response"]["body"]
        body["string"] = body["string"][:100]

    (line,) = lines(plant(truncate))
    assert ":interaction 0: response body is not valid JSON: " in line


def test_an_empty_success_body(plant: Callable[..., Path]) -> None:
    def empty(data: Cassette) -> None:
        data["interactions"][PUT_JSON]["response"]["body"]["string"] = ""

    (line,) = lines(plant(empty))
    assert line.endswith(":interaction 0: response body is empty (expected an AppointmentEntityWithLinks)")


def test_wrong_nulling_for_the_requests_select(plant: Callable[..., Path]) -> None:
    path = plant(edit_body(PUT_SELECT, Agenda="should be null"))
    assert lines(path) == [
        f"{path}:interaction 1: response body Agenda: expected null (not in $select {SELECT!r}), "
        "got 'should be null'"
    ]


def test_nulling_is_checked_for_get_too(plant: Callable[..., Path]) -> None:
    path = plant(edit_body(GET_SELECT, Title="not selected"))
    assert lines(path) == [
        f"{path}:interaction 4: response body Title: expected null (not in $select 'Location'), "
        "got 'not selected'"
    ]


def test_a_select_response_may_hold_nulls_but_not_bad_values(plant: Callable[..., Path]) -> None:
    path = plant(edit_body(PUT_SELECT, Title=5))
    assert lines(path) == [f"{path}:interaction 1: response body Title: 5 is not of type 'string', 'null'"]


def test_a_full_response_with_nulls_is_invalid(plant: Callable[..., Path]) -> None:
    path = plant(edit_body(PUT_JSON, AppointmentId=None))
    assert lines(path) == [
        f"{path}:interaction 0: response body AppointmentId: None is not of type 'integer'"
    ]


@pytest.mark.parametrize(
    ("side", "header", "value"),
    [
        ("request", "Authorization", "Basic dXNlcjpzM2NyZXQtcGFzcw=="),
        ("request", "Authorization", "SOTicket 7T:abcdefghijklmnop"),
        ("request", "Cookie", "ASP.NET_SessionId=abcdef123456; XSRF-TOKEN=qwertyuiop"),
        ("request", "X-XSRF-TOKEN", "qwertyuiop"),
        ("request", "SO-AppToken", "app-token-123456"),
        ("response", "Set-Cookie", "ASP.NET_SessionId=abcdef123456; path=/; HttpOnly"),
    ],
)
def test_a_leaked_credential_header_is_caught(
    plant: Callable[..., Path], side: str, header: str, value: str
) -> None:
    def leak(data: Cassette) -> None:
        data["interactions"][PUT_JSON][side]["headers"][header] = [value]

    path = plant(leak)
    assert lines(path) == [f"{path}:interaction 0: {side} header {header} holds a credential"]


def test_a_leaked_query_token_is_caught(plant: Callable[..., Path]) -> None:
    def leak(data: Cassette) -> None:
        data["interactions"][PUT_SELECT]["request"]["uri"] += "&ticket=7T:abcdefghijkl"

    path = plant(leak)
    assert lines(path) == [f"{path}:interaction 1: request query parameter ticket holds a credential"]


def test_a_scrubbed_credential_passes(plant: Callable[..., Path]) -> None:
    def scrubbed(data: Cassette) -> None:
        data["interactions"][PUT_JSON]["request"]["headers"]["Cookie"] = ["ASP.NET_SessionId=<SCRUBBED>"]

    assert lines(plant(scrubbed)) == []


def test_an_xml_body_is_read_and_validated(plant: Callable[..., Path], recorded: Path) -> None:
    def bad_date(data: Cassette) -> None:
        body = data["interactions"][PUT_XML]["response"]["body"]
        start = body["string"].index("<StartDate>")
        end = body["string"].index("</StartDate>")
        body["string"] = body["string"][:start] + "<StartDate>soon" + body["string"][end:]

    path = plant(bad_date)
    assert lines(path) == [
        f"{path}:interaction 2: response body StartDate: 'soon' is not a .NET date like "
        "'2002-09-19T03:46:59.6911992+02:00'"
    ]


def test_malformed_xml_is_named(plant: Callable[..., Path]) -> None:
    def cut(data: Cassette) -> None:
        body = data["interactions"][PUT_XML]["response"]["body"]
        body["string"] = body["string"][:200]

    (line,) = lines(plant(cut))
    assert ":interaction 2: response body (XML): " in line


def test_error_answers_and_other_endpoints_are_not_schema_checked(plant: Callable[..., Path]) -> None:
    def garbage(data: Cassette) -> None:
        data["interactions"][PUT_MISSING]["response"]["body"]["string"] = "not json at all"
        data["interactions"][PUT_JSON]["request"]["uri"] = data["interactions"][PUT_JSON]["request"][
            "uri"
        ].replace("/Appointment/2", "/Contact/2")

    assert lines(plant(garbage)) == []


# --- files, arguments, exit status ------------------------------------------------------------------------


def test_directories_are_walked_for_yaml_files(recorded: Path, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    good = tmp_path / "good.yaml"
    good.write_bytes(recorded.read_bytes())
    bad = tmp_path / "sub" / "bad.yml"
    bad.write_text("{", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("{", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "config.yaml").write_text("{", encoding="utf-8")  # not a cassette
    assert collect_files([str(tmp_path)]) == [good, bad]
    assert collect_files([str(good), str(tmp_path)]) == [good, bad]


def test_a_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"nowhere\.yaml: no such file or directory"):
        check_command([str(tmp_path / "nowhere.yaml")])
    assert main(["cassettes", "check", str(tmp_path / "nowhere.yaml")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_a_path_that_is_neither_file_nor_directory_says_so() -> None:
    with pytest.raises(UsageError, match=r"/dev/null: not a cassette file or a directory of them"):
        collect_files(["/dev/null"])


def test_the_summary_counts_problems(
    plant: Callable[..., Path], recorded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = plant(edit_body(PUT_JSON, StartDate="x", EndDate="y"))
    assert check_command([str(path), str(recorded)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert err == "checked 2 cassettes, 10 interactions: 2 problems in 1 cassette\n"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "cassettes", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_line(plant: Callable[..., Path], recorded: Path, tmp_path: Path) -> None:
    clean = run_cli(str(recorded), cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, "")
    assert clean.stderr == "checked 1 cassette, 5 interactions: no problems\n"

    path = plant(edit_body(PUT_SELECT, Agenda="x"))
    dirty = run_cli(str(path), cwd=tmp_path)
    assert dirty.returncode == 1
    assert dirty.stdout.splitlines() == [
        f"{path}:interaction 1: response body Agenda: expected null (not in $select {SELECT!r}), got 'x'"
    ]

    missing = run_cli("nowhere", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == "so-toolkit: error: nowhere: no such file or directory\n"


def test_the_default_path_is_cassettes(recorded: Path, tmp_path: Path) -> None:
    (tmp_path / "cassettes").mkdir()
    (tmp_path / "cassettes" / "one.yaml").write_bytes(recorded.read_bytes())
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stderr == "checked 1 cassette, 5 interactions: no problems\n"
