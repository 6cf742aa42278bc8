"""The example project under examples/ runs as another repo would run it: offline, from its cassettes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from toolkit.lint import check_file

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "diary_sync"


def test_example_project_replays_offline():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 passed" in result.stdout
    assert "0 recorded" in result.stdout
    assert "5 replayed" in result.stdout


def test_example_cassettes_are_clean_and_hold_no_credentials():
    cassettes = sorted((EXAMPLE / "cassettes").rglob("*.yaml"))
    assert len(cassettes) == 5
    for cassette in cassettes:
        assert check_file(cassette) == []
        assert "integration-password" not in cassette.read_text(encoding="utf-8")
