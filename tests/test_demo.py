"""`so-toolkit demo`: the main job runs end to end, keeps what it should, fails loudly on a failed check."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from toolkit import demo
from toolkit.recording.cassette_file import read_cassette


def test_demo_command_passes_and_keeps_its_artefacts(tmp_path: Path):
    out = tmp_path / "artefacts"
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "demo passed" in result.stdout
    assert "[4/6] checking answers" in result.stderr  # progress is visible while it runs
    # It verified its own cassette against a fresh reference server, as `cassettes verify` does.
    verified = (
        f"verified   1 cassette, {demo.COUNT + 6} interactions against a fresh reference server: no drift"
    )
    assert verified in result.stdout
    cassette = out / "cassettes" / "demo.yaml"
    interactions = read_cassette(cassette)
    assert len(interactions) == demo.COUNT + 6  # the PUTs, XML, 412, then POST, PUT, DELETE, 404
    assert len(list((out / "fixtures").glob("*.json"))) == demo.COUNT
    assert demo.PASSWORD not in cassette.read_text(encoding="utf-8")
    statuses = [i["response"]["status"]["code"] for i in interactions]
    assert statuses.count(412) == 1
    methods = [i["request"]["method"] for i in interactions]
    assert methods[-4:] == ["POST", "PUT", "DELETE", "GET"]  # book, change, cancel, gone
    assert statuses[-4:] == [200, 200, 204, 404]


def test_demo_leaves_no_thread_or_server_behind(tmp_path: Path):
    before = threading.active_count()
    result = demo.run_demo(tmp_path)
    assert result.ok, result.failures
    assert result.recorded == result.replayed == demo.COUNT + 6
    assert threading.active_count() == before


def test_a_failed_check_makes_the_demo_exit_1(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path):
    def always_wrong(*args, **kwargs):
        raise AssertionError("Title: expected 'a', got 'b'")

    monkeypatch.setattr("toolkit.assertions.assert_same_appointment", always_wrong)
    assert demo.demo_command(out=str(tmp_path)) == 1
    out = capsys.readouterr().out
    assert "demo FAILED" in out
    assert "Title: expected 'a', got 'b'" in out


def test_unusable_out_directory_is_a_usage_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "demo", "--out", str(blocker / "sub")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"so-toolkit: error: --out {blocker / 'sub'}: cannot create the directory (Not a directory)"
    ]
