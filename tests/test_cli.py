"""The command line's shared behaviour: help, and one clear line for bad arguments."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("fixtures", "serve", "demo", "cassettes"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("fixtures", "generate", "--count", "-3"), "--count: -3 is negative"),
        (("fixtures", "generate", "--count", "many"), "--count: 'many' is not a whole number"),
        (("fixtures", "generate", "--kind", "reply"), "--kind: invalid choice: 'reply'"),
        (("serve", "--port", "70000"), "--port: 70000 is not a TCP port"),
        (("serve", "--seed", "x"), "--seed: 'x' is not an integer seed"),
        (("launch",), "invalid choice: 'launch'"),
        ((), "required: COMMAND"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, says):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "Traceback" not in result.stderr


def test_console_script_entry_point_is_declared():
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("so-toolkit") == "toolkit.cli:main"


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("so-toolkit 0.")


def test_an_out_path_that_is_a_file_is_named_as_such(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for args in (("fixtures", "generate", "--count", "1"), ("demo",)):
        result = run(*args, "--out", str(blocker))
        assert result.returncode == 2
        assert "exists and is not a directory" in result.stderr
