"""``cassettes check --max-age``: a cassette recorded longer ago than the limit is a problem."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from toolkit.client import AppointmentClient, basic_auth
from toolkit.recording.cassette import load_cassette, use_cassette
from toolkit.recording.expiry import cassette_age, now_stamp, parse_max_age
from toolkit.server import ReferenceServer


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("age") / "fresh.yaml"
    with ReferenceServer(preload=3) as server:
        cassette = load_cassette(path, mode="rewrite")
        with use_cassette(cassette), AppointmentClient(server.url, basic_auth("u", "age-secret")) as client:
            client.get(1)
            client.get(2)
    return path


def restamp(source: Path, target: Path, *stamps: str | None) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for interaction, stamp in zip(data["interactions"], stamps, strict=True):
        if stamp is None:
            del interaction["recorded_at"]
        else:
            interaction["recorded_at"] = stamp
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "cassettes", "check", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_fresh_cassette_passes(recorded):
    result = check(str(recorded), "--max-age", "30d")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_an_old_cassette_is_a_problem_naming_its_age(recorded, tmp_path):
    forty_days_ago = now_stamp(datetime.now(timezone.utc) - timedelta(days=40, hours=1))
    old = restamp(recorded, tmp_path / "old.yaml", now_stamp(), forty_days_ago)
    result = check(str(tmp_path), "--max-age", "30d")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{old}: expired: recorded 40 days ago ({forty_days_ago}), older than 30d",
    ]
    assert "1 problem in 1 cassette" in result.stderr
    # Without --max-age, age is no problem.
    assert check(str(old)).returncode == 0


def test_a_cassette_without_stamps_has_an_unknown_age(recorded, tmp_path):
    unstamped = restamp(recorded, tmp_path / "unstamped.yaml", now_stamp(), None)
    result = check(str(unstamped), "--max-age", "2w")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        f"{unstamped}: expired: age unknown (an interaction has no recorded_at), so older than 2w"
    )


def test_a_bad_age_is_one_line_exit_2(recorded):
    result = check(str(recorded), "--max-age", "a month")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "so-toolkit: error: --max-age 'a month': expected a positive number and a unit,"
        " such as 90d, 12h or 2w"
    )


@pytest.mark.parametrize(
    ("text", "seconds"), [("90d", 90 * 86400), ("12h", 43200), ("2w", 14 * 86400), ("45m", 2700)]
)
def test_ages_are_read_with_their_unit(text, seconds):
    assert parse_max_age(text).total_seconds() == seconds


def test_a_cassette_is_as_old_as_its_oldest_interaction():
    age = cassette_age([{"recorded_at": "2026-11-01T00:00:00Z"}, {"recorded_at": "2026-10-01T12:00:00Z"}])
    assert age.oldest == datetime(2026, 10, 1, 12, tzinfo=timezone.utc)
    assert age.expired(timedelta(days=30), now=datetime(2026, 11, 1, tzinfo=timezone.utc))
    assert not age.expired(timedelta(days=31), now=datetime(2026, 11, 1, tzinfo=timezone.utc))
