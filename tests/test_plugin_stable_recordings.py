"""Re-recording unchanged tests against the embedded server rewrites the same bytes (``recorded_at``
lines aside); recording against a real tenant keeps its real URIs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from toolkit.server import ReferenceServer

# Writes (JSON, XML, $select), a read, a miss: everything the server stamps with dates and links.
INNER = """
import pytest


@pytest.mark.so_cassette
def test_writes(so_client, appointment_factory):
    body = appointment_factory.build(AppointmentId=5)
    so_client.put(5, body)
    so_client.put(5, {**body, "Title": "Again"}, select="Title,UpdatedDate")
    so_client.put(6, appointment_factory.build(AppointmentId=6), content_type="application/xml")


@pytest.mark.so_cassette
def test_reads(so_client):
    saved = so_client.get(5)
    assert saved["_Links"]["Self"].endswith("/api/v1/Appointment/5")
"""


def snapshot(root: Path) -> dict[str, list[str]]:
    """Every cassette's lines, except ``recorded_at`` lines (a re-recording's only expected change)."""
    return {
        str(p.relative_to(root)): [line for line in p.read_text().splitlines() if "recorded_at" not in line]
        for p in sorted((root / "cassettes").rglob("*.yaml"))
    }


@pytest.fixture
def inner(so_pytester: pytest.Pytester) -> pytest.Pytester:
    so_pytester.makepyfile(test_stable=INNER)
    return so_pytester


def test_two_rewrites_give_identical_bytes(inner: pytest.Pytester) -> None:
    inner.runpytest("--so-record-mode=rewrite").assert_outcomes(passed=2)
    first = snapshot(inner.path)
    # Another order, another server (another port), a later wall clock: the same bytes.
    reverse = ("test_stable.py::test_reads", "test_stable.py::test_writes")
    inner.runpytest("--so-record-mode=rewrite", *reverse).assert_outcomes(passed=2)
    assert snapshot(inner.path) == first
    assert len(first) == 2


def test_each_recording_starts_from_the_servers_first_state(inner: pytest.Pytester) -> None:
    inner.runpytest("--so-record-mode=rewrite").assert_outcomes(passed=2)
    after_writes = snapshot(inner.path)["cassettes/test_stable/test_reads.yaml"]
    inner.runpytest("--so-record-mode=rewrite", "-k", "reads").assert_outcomes(passed=1, deselected=1)
    alone = snapshot(inner.path)["cassettes/test_stable/test_reads.yaml"]
    assert alone == after_writes  # test_writes' changes were not seen by test_reads


def test_stored_urls_dates_and_headers_are_stable(inner: pytest.Pytester) -> None:
    inner.runpytest("--so-record-mode=rewrite").assert_outcomes(passed=2)
    text = (inner.path / "cassettes/test_stable/test_writes.yaml").read_text()
    assert "127.0.0.1" not in text
    interactions = yaml.safe_load(text)["interactions"]
    first = interactions[0]
    assert first["request"]["uri"] == "http://so-reference.invalid/api/v1/Appointment/5"
    assert first["request"]["headers"]["host"] == ["so-reference.invalid"]
    assert '"Self": "http://so-reference.invalid/api/v1/Appointment/5"' in first["response"]["body"]["string"]
    response_headers = {k.lower() for k in first["response"]["headers"]}
    assert "date" not in response_headers
    assert "server" not in response_headers
    names = list(first["request"]["headers"])
    assert names == sorted(names, key=str.lower)
    # The server's clock while recording: 09:00:00 on 2026-01-01, one second per write.
    assert '"UpdatedDate": "2026-01-01T09:00:00"' in first["response"]["body"]["string"]
    assert first["response"]["headers"]["last-modified"] == ["Thu, 01 Jan 2026 09:00:00 GMT"]
    second = interactions[1]["response"]["body"]["string"]
    assert '"UpdatedDate": "2026-01-01T09:00:01"' in second
    # The stored recording replays offline.
    inner.runpytest().assert_outcomes(passed=2)


@pytest.fixture
def tenant() -> Iterator[str]:
    with ReferenceServer(preload=10) as server:
        yield server.url


def test_recording_against_a_real_tenant_keeps_its_urls(so_pytester: pytest.Pytester, tenant: str) -> None:
    so_pytester.makepyfile(
        test_tenant="""
        import pytest

        @pytest.mark.so_cassette
        def test_read(so_client):
            assert so_client.get(3)["AppointmentId"] == 3
        """
    )
    so_pytester.runpytest("--so-record-mode=once", f"--so-base-url={tenant}").assert_outcomes(passed=1)
    (interaction,) = yaml.safe_load((so_pytester.path / "cassettes/test_tenant/test_read.yaml").read_text())[
        "interactions"
    ]
    assert interaction["request"]["uri"] == f"{tenant}/api/v1/Appointment/3"
    assert "date" in {k.lower() for k in interaction["response"]["headers"]}
