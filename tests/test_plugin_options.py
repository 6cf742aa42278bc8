"""The plugin's surface: one option group, a registered marker with checked arguments, lazy imports,
settings resolved once, and peaceful coexistence with pytest-recording."""

from __future__ import annotations

import pytest


def test_help_shows_one_so_toolkit_group_next_to_pytest_recording(so_pytester: pytest.Pytester) -> None:
    result = so_pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "so-toolkit: record and replay SuperOffice appointment updates:",
            "*--so-record-mode={none,once,new_episodes,all,rewrite}*",
            "*--so-base-url=URL*",
            "*--so-seed=N*",
            "*--so-fail-unplayed*",
            "*--so-block-network*",
        ]
    )
    result.stdout.fnmatch_lines(["recording:", "*--record-mode=*"])  # pytest-recording's, untouched
    result.stdout.fnmatch_lines(
        ["*so_cassette_dir*", "*so_allowed_hosts*", "*so_match_ignore*", "*so_scrub_allow_headers*"]
    )


def test_the_marker_is_registered(so_pytester: pytest.Pytester) -> None:
    result = so_pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.so_cassette(name=None, *, ignore=(), *"])


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            'so_cassette(ignor=("UpdatedDate",))',
            "*so_cassette marker: unknown argument 'ignor'; accepted: *ignore=*",
        ),
        (
            "so_cassette(ignore=5)",
            "*so_cassette marker: ignore= must be a string or a list of strings, not 5",
        ),
        ('so_cassette("a", "b")', "*so_cassette marker: at most one cassette name, got *'a', 'b'*"),
        (
            'so_cassette("../outside")',
            "*cassette name '../outside' must be a relative path inside the cassette dir",
        ),
        (
            'so_cassette(ignore=("Nope[",))',
            "*so_cassette marker: ignore= bad JSON path 'Nope[': '[' at position 4 is never closed",
        ),
        (
            'so_cassette(allowed_hosts=("(",))',
            "*so_cassette marker: allowed_hosts= '(' is not a regular expression*",
        ),
    ],
)
def test_bad_marker_arguments_fail_the_test_with_a_clear_message(
    so_pytester: pytest.Pytester, marker: str, message: str
) -> None:
    so_pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.{marker}
        def test_marked():
            pass
        """
    )
    result = so_pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([message])
    result.stdout.no_fnmatch_line("*Traceback*")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--so-base-url=ftp://x", "*--so-base-url='ftp://x': expected an http(s) URL*"),
        ("--so-seed=abc", "*--so-seed='abc': expected an integer*"),
    ],
)
def test_bad_options_are_usage_errors(so_pytester: pytest.Pytester, option: str, message: str) -> None:
    result = so_pytester.runpytest(option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


@pytest.mark.parametrize(
    ("ini", "message"),
    [
        ("so_allowed_hosts = (", "*so_allowed_hosts '(' is not a regular expression*"),
        ("so_match_ignore = Links[", "*so_match_ignore bad JSON path 'Links['*"),
    ],
)
def test_bad_ini_values_are_usage_errors(so_pytester: pytest.Pytester, ini: str, message: str) -> None:
    so_pytester.makeini(f"[pytest]\naddopts = -p no:cassetter\n{ini}\n")
    result = so_pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    result.stderr.no_fnmatch_line("*Traceback*")


def test_loading_the_plugin_imports_no_heavy_module(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        """
        import sys

        def test_nothing_heavy_imported(pytestconfig):
            assert pytestconfig.pluginmanager.has_plugin("so_toolkit")
            heavy = {"vcr", "uvicorn", "toolkit.server", "toolkit.client", "toolkit.factories", "httpx"}
            assert heavy.isdisjoint(sys.modules)
        """
    )
    result = so_pytester.runpytest_subprocess("-p", "no:recording", "-p", "no:anyio")
    result.assert_outcomes(passed=1)


def test_settings_are_resolved_once_into_a_frozen_stash_value(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        """
        import dataclasses
        import pytest
        from toolkit.pytest_plugin import SETTINGS_KEY

        def test_settings(pytestconfig, so_settings):
            assert pytestconfig.stash[SETTINGS_KEY] is so_settings
            assert so_settings.record_mode == "new_episodes"
            assert so_settings.seed == 7
            assert so_settings.cassette_dir == pytestconfig.rootpath / "recordings"
            with pytest.raises(dataclasses.FrozenInstanceError):
                so_settings.record_mode = "none"
        """
    )
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_dir = recordings\n")
    result = so_pytester.runpytest("--so-record-mode=new_episodes", "--so-seed=7")
    result.assert_outcomes(passed=1)


def test_users_override_fixtures_in_their_conftest(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def so_base_url():
            return "https://tenant.example/Cust1"
        """
    )
    so_pytester.makepyfile(
        """
        def test_client_uses_my_base_url(so_client):
            assert so_client.url(5) == "https://tenant.example/Cust1/api/v1/Appointment/5"
        """
    )
    so_pytester.runpytest().assert_outcomes(passed=1)


def test_appointment_factory_is_stable_across_runs_and_order(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        """
        def test_a(appointment_factory):
            print("\\nA=" + appointment_factory.build()["Title"])

        def test_b(appointment_factory):
            print("\\nB=" + appointment_factory.build()["Title"])
        """
    )

    def titles(*args: str) -> set[str]:
        result = so_pytester.runpytest("-s", *args)
        result.assert_outcomes(passed=2)
        return {line for line in result.outlines if line.startswith(("A=", "B="))}

    forward = titles()
    assert len(forward) == 2
    assert (
        titles(
            "test_appointment_factory_is_stable_across_runs_and_order.py::test_b",
            "test_appointment_factory_is_stable_across_runs_and_order.py::test_a",
        )
        == forward
    )
    assert titles("--so-seed=1") != forward


def test_assertrepr_explains_appointment_payload_differences(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        """
        def test_payloads(appointment_factory):
            saved = appointment_factory.build(AppointmentId=3, Title="Planning")
            expected = dict(saved, Title="Review")
            assert saved == expected
        """
    )
    result = so_pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*payloads differ at 1 JSON path*", "*Title: 'Planning' != 'Review'*"])


def test_replay_never_starts_the_server_and_recording_starts_it_once(
    so_pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    so_pytester.makepyfile(
        """
        import os
        import threading

        def servers():
            return sum(t.name == "so-reference-server" for t in threading.enumerate())

        def test_first(so_base_url):
            if os.environ["EXPECT"] == "replay":
                assert so_base_url == "http://so-replay.invalid"
                assert servers() == 0
            else:
                assert so_base_url.startswith("http://127.0.0.1:")
                assert servers() == 1

        def test_second(so_base_url):
            test_first(so_base_url)
        """
    )
    monkeypatch.setenv("EXPECT", "replay")
    so_pytester.runpytest().assert_outcomes(passed=2)
    monkeypatch.setenv("EXPECT", "record")
    so_pytester.runpytest("--so-record-mode=all").assert_outcomes(passed=2)


def test_so_cassette_fixture_works_without_the_marker(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        """
        def test_named_after_the_test(so_cassette, so_client, appointment_factory):
            so_client.put(2, appointment_factory.build(AppointmentId=2))
            assert so_cassette.path.endswith("cassettes/test_so_cassette_fixture_works_without_the_marker/"
                                             "test_named_after_the_test.yaml")
        """
    )
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    so_pytester.runpytest().assert_outcomes(passed=1)
