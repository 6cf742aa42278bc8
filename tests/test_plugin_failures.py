"""Replay misses as a CI log shows them: the summary line, a near-miss report labelled "recorded" and
"sent", bodyless requests described as such, and the host named when the test sent elsewhere."""

from __future__ import annotations

import pytest

# What the test sends comes from the environment, so a later run can send something else.
INNER = """
import os

import pytest
import requests


@pytest.mark.so_cassette
def test_read(so_base_url):
    base = os.environ.get("SO_HOST", so_base_url)
    method = os.environ.get("SO_METHOD", "GET")
    appointment_id = os.environ.get("SO_ID", "9")
    body = {"Title": "Sent"} if method == "PUT" else None
    answer = requests.request(
        method, f"{base}/api/v1/Appointment/{appointment_id}", json=body, auth=("me", "pw-123456"), timeout=10
    )
    assert answer.status_code in (200, 400)
"""


@pytest.fixture
def recorded(so_pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("COLUMNS", "200")  # a CI log's width: the summary line is not cut short
    so_pytester.makepyfile(test_read=INNER)
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    return so_pytester


@pytest.mark.parametrize("workers", [(), ("-n", "1")], ids=["in-process", "xdist"])
def test_the_summary_line_shows_the_error_and_its_first_line(
    recorded: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, workers: tuple[str, ...]
) -> None:
    monkeypatch.setenv("SO_ID", "10")
    result = recorded.runpytest(*workers)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "FAILED test_read.py::test_read - toolkit.errors.ReplayMissError: "
            "no recorded interaction matches GET /api/v1/Appointment/10"
        ]
    )


def test_a_bodyless_request_is_described_as_having_no_body(
    recorded: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SO_METHOD", "PUT")
    result = recorded.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*closest of 1 recorded (each difference: recorded, then sent):",
            "*#0 GET /api/v1/Appointment/9 (unplayed)",
            "*method: recorded 'GET', sent 'PUT'",
            "*body: recorded no body, sent JSON or XML data",
        ]
    )
    result.stdout.no_fnmatch_line("*not JSON*")


def test_the_host_is_named_when_the_test_sent_to_another_one(
    recorded: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SO_HOST", "http://tenant.example.invalid")
    monkeypatch.setenv("SO_ID", "10")
    result = recorded.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*ReplayMissError: no recorded interaction matches GET /api/v1/Appointment/10"
            " (sent to tenant.example.invalid)",
            "*recorded against: * (matching ignores the host)",
            "*path: recorded '/api/v1/Appointment/9', sent '/api/v1/Appointment/10'",
        ]
    )


def test_the_replay_placeholder_host_is_never_named(
    recorded: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SO_ID", "10")
    result = recorded.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.no_fnmatch_line("*sent to*")
    result.stdout.no_fnmatch_line("*recorded against*")
