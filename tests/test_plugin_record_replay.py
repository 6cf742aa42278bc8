"""End to end through pytester: record against the reference server, replay offline, every record mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from toolkit.server import ReferenceServer

# The inner project: one test updates an appointment with requests, one with httpx (via so_client).
# SO_TITLE lets a later run send a different body than the one recorded.
INNER = """
import os

import pytest
import requests

AUTH = {"Authorization": "Basic c28tdG9vbGtpdDpzdXBlci1zZWNyZXQtcHc="}  # so-toolkit:super-secret-pw


@pytest.mark.so_cassette
def test_update_with_requests(so_base_url, appointment_factory):
    body = appointment_factory.build(AppointmentId=3, Title=os.environ.get("SO_TITLE", "Weekly sync"))
    url = f"{so_base_url}/api/v1/Appointment/3"
    answer = requests.put(url, json=body, params={"$select": "Title"}, headers=AUTH, timeout=10)
    assert answer.status_code == 200
    assert answer.json()["Title"] == body["Title"]
    assert answer.json()["Agenda"] is None


@pytest.mark.so_cassette(ignore=("UpdatedDate",))
def test_update_with_httpx(so_client, appointment_factory, so_cassette):
    body = appointment_factory.build(AppointmentId=4)
    saved = so_client.put(4, body)
    assert saved["AppointmentId"] == 4
    assert saved["Title"] == body["Title"]
"""

REQUESTS_CASSETTE = Path("cassettes/test_inner/test_update_with_requests.yaml")
HTTPX_CASSETTE = Path("cassettes/test_inner/test_update_with_httpx.yaml")


@pytest.fixture
def inner(so_pytester: pytest.Pytester) -> pytest.Pytester:
    so_pytester.makepyfile(test_inner=INNER)
    return so_pytester


def interactions(pytester: pytest.Pytester, cassette: Path) -> list[dict]:
    return yaml.safe_load((pytester.path / cassette).read_text())["interactions"]


def test_record_once_then_replay_offline(inner: pytest.Pytester) -> None:
    recorded = inner.runpytest("--so-record-mode=once")
    recorded.assert_outcomes(passed=2)
    recorded.stdout.fnmatch_lines(
        ["*so-toolkit cassettes*", "2 cassettes: 2 recorded (2 interactions), 0 replayed*"]
    )
    assert len(interactions(inner, REQUESTS_CASSETTE)) == 1
    assert len(interactions(inner, HTTPX_CASSETTE)) == 1

    # Default mode none: no server is started (the base URL is a placeholder) and the network is blocked.
    replayed = inner.runpytest()
    replayed.assert_outcomes(passed=2)
    replayed.stdout.fnmatch_lines(
        ["2 cassettes: 0 recorded (0 interactions), 2 replayed (2 interactions played)"]
    )


def test_cassettes_hold_no_secret(inner: pytest.Pytester) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    for cassette in (REQUESTS_CASSETTE, HTTPX_CASSETTE):
        text = (inner.path / cassette).read_text()
        assert "c28tdG9vbGtpdDpzdXBlci1zZWNyZXQtcHc=" not in text
        assert "super-secret-pw" not in text
        assert "so-toolkit-recording" not in text  # so_client's default password
        (interaction,) = interactions(inner, cassette)
        authorization = {k.lower(): v for k, v in interaction["request"]["headers"].items()}["authorization"]
        assert authorization == ["Basic <SCRUBBED>"]


def test_a_changed_request_fails_with_the_closest_recording(inner: pytest.Pytester, monkeypatch) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    monkeypatch.setenv("SO_TITLE", "Monthly sync")
    monkeypatch.setenv("COLUMNS", "200")  # a CI log's width: the summary line is not cut short
    result = inner.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*ReplayMissError: no recorded interaction matches PUT /api/v1/Appointment/3 $select=title",
            "*cassette: *test_update_with_requests.yaml (record mode 'none')",
            "*#0 PUT /api/v1/Appointment/3 $select=title (unplayed)",
            "*Title: recorded 'Weekly sync', sent 'Monthly sync'",
        ]
    )
    # The short summary line names the error and its first line, as CI logs show it.
    result.stdout.fnmatch_lines(
        [
            "FAILED test_inner.py::test_update_with_requests - toolkit.errors.ReplayMissError: "
            "no recorded interaction matches PUT /api/v1/Appointment/3 $select=title"
        ]
    )
    result.stdout.no_fnmatch_line("*can't overwrite existing cassette*")
    # The report points at the test's own line; no frames from vcrpy or the HTTP library.
    result.stdout.fnmatch_lines(["*test_inner.py:*: in test_update_with_requests", "    *requests.put(*"])
    result.stdout.no_fnmatch_line("*site-packages*")


def test_mode_none_without_a_cassette_says_how_to_record(inner: pytest.Pytester) -> None:
    result = inner.runpytest("-k", "requests")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["*the cassette file does not exist; record it with --so-record-mode=once*"])


def test_once_replays_an_existing_cassette_and_refuses_new_requests(
    inner: pytest.Pytester, monkeypatch
) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    before = (inner.path / REQUESTS_CASSETTE).read_text()
    monkeypatch.setenv("SO_TITLE", "Something else")
    result = inner.runpytest("--so-record-mode=once")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*ReplayMissError: no recorded interaction matches*", "*(record mode 'once')"]
    )
    assert (inner.path / REQUESTS_CASSETTE).read_text() == before


def test_new_episodes_adds_the_new_request(inner: pytest.Pytester, monkeypatch) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    monkeypatch.setenv("SO_TITLE", "Added later")
    inner.runpytest("--so-record-mode=new_episodes").assert_outcomes(passed=2)
    titles = [i["request"]["body"] for i in interactions(inner, REQUESTS_CASSETTE)]
    assert len(titles) == 2
    assert '"Title": "Weekly sync"' in titles[0]
    assert '"Title": "Added later"' in titles[1]
    inner.runpytest().assert_outcomes(passed=2)  # the new episode replays


def test_all_rerecords_and_rewrite_starts_over(inner: pytest.Pytester, monkeypatch) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    monkeypatch.setenv("SO_TITLE", "Second")
    inner.runpytest("--so-record-mode=new_episodes").assert_outcomes(passed=2)
    assert len(interactions(inner, REQUESTS_CASSETTE)) == 2

    result = inner.runpytest("--so-record-mode=all")  # re-records "Second", keeps the other
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["2 cassettes: 2 recorded (2 interactions)*"])
    assert len(interactions(inner, REQUESTS_CASSETTE)) == 2

    inner.runpytest("--so-record-mode=rewrite").assert_outcomes(passed=2)
    (only,) = interactions(inner, REQUESTS_CASSETTE)
    assert '"Title": "Second"' in only["request"]["body"]


def test_unplayed_interactions_are_reported_and_can_fail_the_run(inner: pytest.Pytester, monkeypatch) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    monkeypatch.setenv("SO_TITLE", "Second")
    inner.runpytest("--so-record-mode=new_episodes").assert_outcomes(passed=2)
    monkeypatch.delenv("SO_TITLE")

    result = inner.runpytest()
    result.assert_outcomes(passed=2)
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        ["1 recorded interaction never played:", "  cassettes*test_update_with_requests.yaml: #1"]
    )

    strict = inner.runpytest("--so-fail-unplayed")
    strict.assert_outcomes(passed=2)
    assert strict.ret == pytest.ExitCode.TESTS_FAILED
    strict.stdout.fnmatch_lines(["*FAILED: unplayed interactions (--so-fail-unplayed)*"])


def test_cassette_files_no_test_used_are_listed(inner: pytest.Pytester) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    (inner.path / "cassettes/test_inner/test_removed_long_ago.yaml").write_text(
        "version: 1\ninteractions: []\n"
    )
    result = inner.runpytest()
    result.stdout.fnmatch_lines(["1 cassette file no test used:", "  cassettes*test_removed_long_ago.yaml"])


def test_an_unreadable_cassette_fails_with_its_name_and_the_parse_error(inner: pytest.Pytester) -> None:
    broken = inner.path / REQUESTS_CASSETTE
    broken.parent.mkdir(parents=True)
    broken.write_text("interactions:\n- request: {method: PUT\n")
    result = inner.runpytest("-k", "requests")
    result.assert_outcomes(errors=1, deselected=1)
    result.stdout.fnmatch_lines(
        ["*/cassettes/test_inner/test_update_with_requests.yaml: not valid YAML: while parsing*"]
    )
    result.stdout.no_fnmatch_line("*During handling*")


@pytest.fixture
def live_url() -> Iterator[str]:
    with ReferenceServer(preload=1) as server:
        yield server.url


def test_mode_none_blocks_real_connections(so_pytester: pytest.Pytester, live_url: str, monkeypatch) -> None:
    monkeypatch.setenv("LIVE_URL", live_url)
    so_pytester.makepyfile(
        """
        import os, socket
        import pytest, requests
        from urllib.parse import urlsplit
        from toolkit.errors import NetworkBlockedError

        @pytest.mark.so_cassette
        def test_raw_socket_in_a_cassette_test():
            address = urlsplit(os.environ["LIVE_URL"])
            with pytest.raises(NetworkBlockedError, match="network access blocked"):
                socket.create_connection((address.hostname, address.port))

        def test_unmarked_tests_talk_to_live_servers():
            answer = requests.get(os.environ["LIVE_URL"] + "/api/v1/Appointment/1", timeout=5)
            assert answer.status_code == 401
        """
    )
    so_pytester.runpytest().assert_outcomes(passed=2)
    result = so_pytester.runpytest("--so-block-network", "-k", "unmarked")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["*NetworkBlockedError: network access blocked*(--so-block-network)*"])
    allowed = so_pytester.runpytest(
        "--so-block-network", "-k", "unmarked", "-o", "so_allowed_hosts=127\\.0\\.0\\.1"
    )
    allowed.assert_outcomes(passed=1, deselected=1)


def test_a_recording_that_would_leak_is_refused(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        """
        import pytest

        @pytest.mark.so_cassette
        def test_secret_in_the_body(so_client, appointment_factory):
            # The password travels in the body too: scrubbing headers cannot catch it, the final check does.
            body = appointment_factory.build(AppointmentId=2, Description="so-toolkit-recording")
            so_client.put(2, body)
        """
    )
    result = so_pytester.runpytest("--so-record-mode=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_secret_in_the_body*",
            "*/test_secret_in_the_body.yaml: not written, a credential would have reached disk:",
            "  interactions[0]: a known credential (so… 20 characters) appears in the interaction",
        ]
    )
    result.stdout.no_fnmatch_line("*During handling*")
    assert not list(so_pytester.path.rglob("*.yaml"))  # nothing written, not even a temporary file
    assert not list(so_pytester.path.rglob(".so-tmp-*"))


def test_coexists_with_pytest_recording(inner: pytest.Pytester) -> None:
    inner.runpytest("--so-record-mode=once").assert_outcomes(passed=2)
    inner.makepyfile(
        test_vcr="""
        import pytest
        import requests
        from pathlib import Path

        OURS = str(Path(__file__).parent / "cassettes/test_inner/test_update_with_requests.yaml")

        @pytest.fixture(scope="module")
        def vcr_config():
            return {"match_on": ["method", "path"]}

        @pytest.mark.vcr(OURS)
        def test_pytest_recording_replays_our_cassette():
            answer = requests.put("http://anywhere.invalid/api/v1/Appointment/3", json={}, timeout=5)
            assert answer.json()["Title"] == "Weekly sync"
        """
    )
    result = inner.runpytest("--record-mode=none")
    result.assert_outcomes(passed=3)


def test_marker_and_ini_scrub_more_headers_and_body_paths(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_scrub_headers = X-Partner-Key\n")
    so_pytester.makepyfile(
        test_scrub="""
        import pytest

        @pytest.mark.so_cassette(scrub_body=("Description", "Participants[*].EmailAddress"))
        def test_update(so_client, appointment_factory):
            body = appointment_factory.build(AppointmentId=5, Description="private-notes-about-a-client")
            saved = so_client.put(5, body, headers={"X-Partner-Key": "partner-key-0123456789"})
            assert saved["Title"] == body["Title"]
        """
    )
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    text = (so_pytester.path / "cassettes/test_scrub/test_update.yaml").read_text()
    assert "private-notes-about-a-client" not in text
    assert "partner-key-0123456789" not in text
    assert "@" not in text.split("interactions:")[1].split("response:")[0]  # no participant e-mail
    (interaction,) = yaml.safe_load(text)["interactions"]
    headers = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
    assert headers["x-partner-key"] == ["<SCRUBBED>"]

    # Scrubbed paths are left out of matching, so the live request (real values) still replays.
    so_pytester.runpytest().assert_outcomes(passed=1)


# A function-scoped fixture fetches in its setup and in its teardown; the test fetches in between.
IN_FIXTURES = """
import pytest
import requests

AUTH = {"Authorization": "Basic c28tdG9vbGtpdDpzdXBlci1zZWNyZXQtcHc="}


@pytest.fixture
def first(so_base_url):
    yield requests.get(f"{so_base_url}/api/v1/Appointment/1", headers=AUTH, timeout=10).json()
    requests.get(f"{so_base_url}/api/v1/Appointment/2", headers=AUTH, timeout=10)


@pytest.mark.so_cassette
def test_fixture_requests(first, so_base_url):
    assert first["AppointmentId"] == 1
    assert requests.get(f"{so_base_url}/api/v1/Appointment/3", headers=AUTH, timeout=10).status_code == 200
"""


def test_requests_in_a_fixtures_setup_and_teardown_are_in_the_tests_cassette(
    so_pytester: pytest.Pytester,
) -> None:
    so_pytester.makepyfile(test_fixtures=IN_FIXTURES)
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    cassette = Path("cassettes/test_fixtures/test_fixture_requests.yaml")
    uris = [i["request"]["uri"] for i in interactions(so_pytester, cassette)]
    assert [uri.rsplit("/", 1)[1] for uri in uris] == ["1", "3", "2"]  # setup, test, teardown

    replayed = so_pytester.runpytest()  # offline: all three come from the cassette
    replayed.assert_outcomes(passed=1)
    replayed.stdout.fnmatch_lines(
        ["1 cassette: 0 recorded (0 interactions), 1 replayed (3 interactions played)"]
    )
