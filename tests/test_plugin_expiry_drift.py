"""The plugin keeps cassettes honest: ``recorded_at`` stamps, expiry in each mode, and the drift report
when a cassette is recorded anew.  Each behaviour is an inner pytest run on real cassettes."""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr
import yaml
from changed_api import ChangedServer, drop_property

from toolkit.recording.cassette_file import read_cassette
from toolkit.recording.expiry import parse_stamp

TEST_FILE = """
import pytest

@pytest.mark.so_cassette{marker}
def test_update(so_client, appointment_factory):
    body = appointment_factory.build(AppointmentId=4)
    assert so_client.put(4, body)["AppointmentId"] == 4
"""
CASSETTE = Path("cassettes/test_update_module/test_update.yaml")
LONG_AGO = "2020-01-02T03:04:05Z"


def make_test(pytester: pytest.Pytester, marker: str = "") -> None:
    pytester.makepyfile(test_update_module=TEST_FILE.format(marker=marker))


def record(pytester: pytest.Pytester, *args: str) -> Path:
    result = pytester.runpytest("--so-record-mode=once", *args)
    result.assert_outcomes(passed=1)
    return pytester.path / CASSETTE


def backdate(path: Path) -> None:
    """Make the cassette look recorded long ago (as a cassette from 2020 would be)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for interaction in data["interactions"]:
        interaction["recorded_at"] = LONG_AGO
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_every_written_interaction_is_stamped_and_plain_vcrpy_still_loads_it(so_pytester):
    make_test(so_pytester)
    path = record(so_pytester)
    (interaction,) = read_cassette(path)
    assert list(interaction)[:3] == ["recorded_at", "request", "response"]
    stamp = parse_stamp(interaction["recorded_at"])
    assert stamp is not None
    assert stamp.utcoffset().total_seconds() == 0
    assert interaction["recorded_at"].endswith("Z")
    with vcr.VCR(record_mode="none").use_cassette(str(path)) as cassette:
        assert len(cassette) == 1


def test_replay_keeps_the_stamps(so_pytester):
    make_test(so_pytester)
    path = record(so_pytester)
    backdate(path)
    so_pytester.runpytest().assert_outcomes(passed=1)
    so_pytester.runpytest("--so-record-mode=new_episodes").assert_outcomes(passed=1)
    assert read_cassette(path)[0]["recorded_at"] == LONG_AGO


def test_warn_lists_expired_cassettes_and_passes(so_pytester):
    make_test(so_pytester)
    backdate(record(so_pytester))
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_max_age = 30d\n")
    result = so_pytester.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "1 expired cassette (so_cassette_max_age):",
            f"  {CASSETTE}: recorded * days ago ({LONG_AGO}), older than 30d",
        ]
    )


def test_fresh_cassettes_are_not_listed(so_pytester):
    make_test(so_pytester)
    record(so_pytester)
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_max_age = 30d\n")
    result = so_pytester.runpytest("--so-expired=fail")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*expired*")


def test_fail_fails_the_test_naming_its_age_and_how_to_rerecord(so_pytester):
    make_test(so_pytester)
    backdate(record(so_pytester))
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_max_age = 12w\n")
    result = so_pytester.runpytest("--so-expired=fail")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            f"*{CASSETTE}: expired: recorded * days ago ({LONG_AGO}), older than 12w;"
            " re-record it with --so-record-mode=rewrite (or run with --so-expired=rerecord)",
        ]
    )


def test_rerecord_records_the_cassette_anew_where_the_mode_records(so_pytester):
    make_test(so_pytester)
    path = record(so_pytester)
    backdate(path)
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_max_age = 2w\n")

    offline = so_pytester.runpytest("--so-expired=rerecord")
    offline.assert_outcomes(passed=1)
    offline.stdout.fnmatch_lines(["*older than 2w; not re-recorded (--so-record-mode=none does not record)"])
    assert read_cassette(path)[0]["recorded_at"] == LONG_AGO

    result = so_pytester.runpytest("--so-expired=rerecord", "--so-record-mode=once")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["1 cassette: 1 recorded (1 interaction)*", "*older than 2w; re-recorded"])
    assert read_cassette(path)[0]["recorded_at"] != LONG_AGO
    # Fresh now: the next run replays it and lists nothing.
    again = so_pytester.runpytest("--so-expired=fail")
    again.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("marker", "ini", "expired"),
    [
        ("(max_age='1d')", "", True),
        ("(max_age=None)", "so_cassette_max_age = 1d\n", False),
        ("(max_age='5000w')", "so_cassette_max_age = 1d\n", False),
    ],
)
def test_a_marker_argument_overrides_the_age(so_pytester, marker, ini, expired):
    make_test(so_pytester, marker)
    backdate(record(so_pytester))
    so_pytester.makeini(f"[pytest]\naddopts = -p no:cassetter\n{ini}")
    result = so_pytester.runpytest("--so-expired=fail")
    result.assert_outcomes(**({"failed": 1} if expired else {"passed": 1}))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--so-expired=later",), "*--so-expired: invalid choice: 'later'*"),
        (
            ("-o", "so_cassette_max_age=soon"),
            "*so_cassette_max_age 'soon': expected a positive number and a unit*",
        ),
    ],
)
def test_bad_expiry_settings_are_one_line(so_pytester, args, says):
    make_test(so_pytester)
    result = so_pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([says])


def test_a_bad_marker_age_fails_the_test_clearly(so_pytester):
    make_test(so_pytester, "(max_age='fortnight')")
    result = so_pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*so_cassette marker: max_age= 'fortnight': expected a positive number*"])


def readme(after: str, fence: str) -> str:
    """The first ``fence`` block of the README after the text ``after``."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    return text.split(after, 1)[1].split(f"```{fence}\n", 1)[1].split("```", 1)[0]


def test_a_rerecord_reports_the_drift_from_the_old_recording(so_pytester):
    # The README's own plugin example, re-recorded against an API that dropped a property.
    so_pytester.makepyfile(test_sync=readme("## Using the plugin in your repo", "python"))
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    with ChangedServer(drop_property) as server:
        result = so_pytester.runpytest("--so-record-mode=rewrite", f"--so-base-url={server.url}")
    result.assert_outcomes(failed=1)  # the example's schema assertion catches the change too
    # What the README shows is what the report says.
    result.stdout.fnmatch_lines(readme("**Drift when re-recording.**", "text").splitlines())


def test_a_rerecord_of_an_unchanged_api_reports_no_drift(so_pytester):
    make_test(so_pytester)
    record(so_pytester)
    result = so_pytester.runpytest("--so-record-mode=all")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["1 cassette: 1 recorded (1 interaction)*"])
    result.stdout.no_fnmatch_line("drift since*")


def test_a_cassette_being_recorded_anew_is_not_failed_for_its_age(so_pytester):
    make_test(so_pytester)
    path = record(so_pytester)
    backdate(path)
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_max_age = 1d\n")
    result = so_pytester.runpytest("--so-expired=fail", "--so-record-mode=all")
    result.assert_outcomes(passed=1)
    assert read_cassette(path)[0]["recorded_at"] != LONG_AGO


def test_under_xdist_the_controller_reports_what_workers_found(so_pytester):
    make_test(so_pytester)
    path = record(so_pytester)
    backdate(path)
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_max_age = 30d\n")
    with ChangedServer(drop_property) as server:
        result = so_pytester.runpytest(
            "-n", "2", "--so-expired=rerecord", "--so-record-mode=once", f"--so-base-url={server.url}"
        )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "1 expired cassette (so_cassette_max_age):",
            f"  {CASSETTE}: recorded * days ago ({LONG_AGO}), older than 30d; re-recorded",
            "drift since the last recording (1 finding):",
            f"  {CASSETTE}:interaction 0: breaking Agenda: removed (was *)",
        ]
    )
