"""Under pytest-xdist (-n 2): each worker records against its own server, files stay whole, one report."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml

# Six tests, two of them sharing one cassette name, so workers write the same file concurrently.
INNER = """
import pytest


@pytest.mark.parametrize("appointment_id", [1, 2, 3, 4])
@pytest.mark.so_cassette
def test_update(so_client, appointment_factory, appointment_id):
    body = appointment_factory.build(AppointmentId=appointment_id)
    assert so_client.put(appointment_id, body, select="Title")["Title"] == body["Title"]


@pytest.mark.parametrize("appointment_id", [5, 6])
@pytest.mark.so_cassette("shared")
def test_shared(so_client, appointment_factory, appointment_id):
    body = appointment_factory.build(AppointmentId=appointment_id)
    assert so_client.put(appointment_id, body)["AppointmentId"] == appointment_id
"""


def test_record_and_replay_with_two_workers(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(test_inner=INNER)
    recorded = so_pytester.runpytest("-n", "2", "--so-record-mode=new_episodes")
    recorded.assert_outcomes(passed=6)
    recorded.stdout.fnmatch_lines(["*so-toolkit cassettes*", "5 cassettes: 5 recorded (6 interactions)*"])

    files = sorted((so_pytester.path / "cassettes/test_inner").glob("*.yaml"))
    assert [f.name for f in files] == [
        "shared.yaml",
        "test_update[1].yaml",
        "test_update[2].yaml",
        "test_update[3].yaml",
        "test_update[4].yaml",
    ]
    ports = set()
    for path in files:
        interactions = yaml.safe_load(path.read_text())["interactions"]  # every file parses whole
        assert interactions
        ports.update(urlsplit(i["request"]["uri"]).port for i in interactions)
    assert 1 <= len(ports) <= 2  # one reference server per worker, never more
    assert not list(so_pytester.path.rglob(".so-tmp-*"))

    # The shared cassette was written by whichever test finished last: replay the test_update ones.
    replayed = so_pytester.runpytest("-n", "2", "-k", "test_update")
    replayed.assert_outcomes(passed=4)
    replayed.stdout.fnmatch_lines(
        ["4 cassettes: 0 recorded (0 interactions), 4 replayed (4 interactions played)"]
    )
