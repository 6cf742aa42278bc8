"""``@given(appointment_entities())`` in a user's tests with the plugin's fixtures: recorded, replayed."""

from __future__ import annotations

import pytest

from toolkit.server import ReferenceServer

USER_TEST = """
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit.server  # the same own modules loaded when recording and replaying: the same draws
from toolkit.strategies import appointment_entities


@pytest.mark.so_cassette
@settings(max_examples=5, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(appointment=appointment_entities(realistic=True, AppointmentId=st.integers(1, 1000), Links=[]))
def test_any_appointment_saves(so_client, appointment):
    saved = so_client.put(appointment["AppointmentId"], appointment)
    assert saved["Title"] == appointment["Title"]
"""


def test_a_given_test_records_once_and_replays_offline(pytester: pytest.Pytester):
    pytester.makepyfile(test_user=USER_TEST)
    pytester.makeini("[pytest]\naddopts = -p no:cassetter -p no:randomly -p no:cacheprovider\n")
    with ReferenceServer() as server:
        recorded = pytester.runpytest_subprocess("--so-record-mode=once", f"--so-base-url={server.url}")
    recorded.assert_outcomes(passed=1)
    recorded.stdout.fnmatch_lines(["*1 recorded (5 interactions)*"])
    replayed = pytester.runpytest_subprocess()  # mode none: offline, the network blocked
    replayed.assert_outcomes(passed=1)
    replayed.stdout.fnmatch_lines(["*1 replayed (5 interactions played)*"])


def test_without_the_health_check_suppressed_hypothesis_names_the_fixture_rule(pytester: pytest.Pytester):
    pytester.makepyfile(test_user=USER_TEST.replace("HealthCheck.function_scoped_fixture, ", ""))
    pytester.makeini("[pytest]\naddopts = -p no:cassetter -p no:randomly -p no:cacheprovider\n")
    result = pytester.runpytest_subprocess("--so-record-mode=all")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*function-scoped fixture*so_client*"])
