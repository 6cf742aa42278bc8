"""The escape hatch to vcrpy: ``so_vcr_config`` and the marker add vcrpy hooks and matchers, after the
toolkit's own scrubbing, which they cannot switch off."""

from __future__ import annotations

import pytest
import yaml

CONFTEST = """
import pytest


def drop_trace_header(request):
    request.headers.pop("X-Trace-Id", None)
    return request


def drop_last_modified(response):
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() != "last-modified"}
    return response


@pytest.fixture
def so_vcr_config():
    return {"before_record_request": drop_trace_header, "before_record_response": [drop_last_modified]}
"""


def test_project_hooks_change_what_is_stored(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeconftest(CONFTEST)
    so_pytester.makepyfile(
        test_hooks="""
        import pytest

        @pytest.mark.so_cassette
        def test_read(so_client):
            assert so_client.get(2, headers={"X-Trace-Id": "trace-42"})["AppointmentId"] == 2
        """
    )
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    text = (so_pytester.path / "cassettes/test_hooks/test_read.yaml").read_text()
    (interaction,) = yaml.safe_load(text)["interactions"]
    assert "trace-42" not in text
    assert "last-modified" not in {k.lower() for k in interaction["response"]["headers"]}
    assert interaction["request"]["headers"]["authorization"] == ["Basic <SCRUBBED>"]  # still scrubbed
    so_pytester.runpytest().assert_outcomes(passed=1)


def test_a_hook_cannot_put_a_credential_back(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        test_leaky="""
        import pytest

        def restore_key(request):
            request.headers["X-Api-Key"] = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
            return request

        @pytest.mark.so_cassette(before_record_request=restore_key)
        def test_read(so_client):
            so_client.get(2)
        """
    )
    result = so_pytester.runpytest("--so-record-mode=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*test_read.yaml: not written, a credential would have reached disk:",
            "*request header X-Api-Key holds a credential",
        ]
    )
    assert not list(so_pytester.path.rglob("*.yaml"))


def test_marker_matchers_choose_among_identical_requests(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        test_variants="""
        import os
        import pytest

        def same_variant(r1, r2):
            assert r1.headers.get("X-Variant") == r2.headers.get("X-Variant")

        @pytest.mark.so_cassette(match_on=[same_variant])
        def test_read(so_client):
            order = os.environ.get("SO_ORDER", "a,b").split(",")
            titles = {v: so_client.get(2, headers={"X-Variant": v})["Title"] for v in order}
            assert set(titles) == {"a", "b"}
        """
    )
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    # Without the matcher the two recordings would play in recorded order whatever the header says;
    # with it, the request asking for "b" first gets b's recording and "a" still finds its own.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SO_ORDER", "b,a")
        so_pytester.runpytest().assert_outcomes(passed=1)
        patch.setenv("SO_ORDER", "b,b")
        result = so_pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*ReplayMissError: no recorded interaction matches GET /api/v1/Appointment/2*",
            "*#0 GET /api/v1/Appointment/2 (unplayed)",  # a's recording
            "*identical to the toolkit's matching, but refused by a match_on matcher",
            "*#1 GET /api/v1/Appointment/2 (played)",  # b's, played to the first request
            "*identical, but already played*",
        ]
    )


def test_a_wrong_setting_fails_with_one_line(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def so_vcr_config():
            return {"record_mode": "all"}
        """
    )
    so_pytester.makepyfile(
        test_wrong="""
        import pytest

        @pytest.mark.so_cassette
        def test_read():
            pass
        """
    )
    result = so_pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*so_vcr_config: unknown vcrpy setting 'record_mode'; accepted: before_record_request, *"]
    )
    result.stdout.no_fnmatch_line("*Traceback*")


def test_the_config_fixture_is_never_evaluated_without_a_cassette(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def so_vcr_config():
            raise RuntimeError("evaluated")
        """
    )
    so_pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    so_pytester.runpytest().assert_outcomes(passed=1)
