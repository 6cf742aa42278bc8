"""The command line under faults: bad arguments, outputs that cannot be written, a reader that goes
away, Ctrl-C, and a 100,000-payload run whose memory must stay flat.

Every failure ends with one line on stderr naming the problem (no traceback) and a non-zero exit.
``test_cli.py`` and ``test_fixtures_cli.py`` cover the argument parser's own messages; here the
faults come from the environment.  ``SO_RELIABILITY_FIGURES=<file>`` appends this module's counts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
FIGURES: Counter[str] = Counter()


def toolkit(
    *args: str, stdout: int | None = subprocess.PIPE, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    FIGURES["faults injected"] += 1
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=ENV,
        timeout=timeout,
    )


def one_line(result: subprocess.CompletedProcess[bytes], *words: str) -> str:
    """The run failed with exactly one stderr line holding ``words``; returns that line."""
    assert result.returncode not in (0, None), result
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, result.stderr.decode()[-2000:]
    assert lines[0].startswith("so-toolkit: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    """A regular file where a directory is expected: unwritable even for root."""
    path = tmp_path / "blocker"
    path.write_text("not a directory", encoding="utf-8")
    return path


# --- outputs that cannot be written ---------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = toolkit("fixtures", "generate", "--count", "50", stdout=full.fileno())
    assert result.returncode == 1
    one_line(result, "No space left on device")


def test_a_reader_that_goes_away_ends_the_run_quietly() -> None:
    FIGURES["faults injected"] += 1
    with subprocess.Popen(
        [sys.executable, "-m", "toolkit", "fixtures", "generate", "--count", "5000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        assert proc.stdout.read(100).startswith(b"[\n  {")
        proc.stdout.close()  # like `| head -c 100`
        stderr = proc.stderr.read()
        assert proc.wait(timeout=60) != 0
    assert b"Traceback" not in stderr
    assert len(stderr.decode().splitlines()) <= 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("fixtures", "generate", "--count", "2", "--out", "{blocker}/sub"), ["--out", "Not a directory"]),
        (
            ("fixtures", "generate", "--count", "2", "--out", "{blocker}"),
            ["--out", "exists and is not a directory"],
        ),
        (("demo", "--out", "{blocker}/sub"), ["--out", "Not a directory"]),
        (("serve", "--credentials", "{blocker}/missing"), ["--credentials", "cannot read"]),
        (("serve", "--credentials", "/"), ["--credentials"]),
        (("serve", "--host", "256.0.0.1", "--port", "0"), ["--host", "256.0.0.1"]),
        (("cassettes", "check", "{blocker}/nowhere.yaml"), ["nowhere.yaml"]),
    ],
    ids=[
        "out-under-file",
        "out-is-file",
        "demo-out",
        "credentials-missing",
        "credentials-dir",
        "bad-host",
        "check-missing",
    ],
)
def test_unusable_paths_and_addresses_are_one_line(
    blocker: Path, args: tuple[str, ...], words: list[str]
) -> None:
    result = toolkit(*(a.replace("{blocker}", str(blocker)) for a in args))
    assert result.returncode == 2
    one_line(result, *words)


def test_a_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = toolkit("serve", "--port", str(port), timeout=30)
    assert result.returncode == 2
    one_line(result, f"127.0.0.1:{port}", "in use")


def test_a_file_that_is_not_a_cassette_is_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe binary")
    result = toolkit("cassettes", "check", str(bad))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{bad}: not UTF-8 text")
    summary = result.stderr.decode().splitlines()
    assert len(summary) == 1  # the linter's one-line summary, no traceback
    assert "1 problem" in summary[0]


# --- random arguments ---------------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        "--count",
        "--seed",
        "--kind",
        "--locale",
        "--out",
        "--help",
        "--",
        "-",
        "-x",
        "--count=2",
        "0",
        "1",
        "2",
        "-1",
        "x",
        "1e3",
        "",
        " 3",
        "٣",
        "request",
        "response",
        "reply",
        "en_US",
        "nb_NO",
        "xx_YY",
        "../..",
        "\x00",
        "💥",
        "--seed=-99999999999999999999",
    ]
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    command=st.sampled_from([["fixtures", "generate"], ["cassettes", "check"], []]),
    args=st.lists(_TOKENS, max_size=6),
)
def test_any_arguments_end_in_an_answer_or_one_line(
    tmp_path_factory: pytest.TempPathFactory, command: list[str], args: list[str]
) -> None:
    """In-process (fast): random arguments never end in a traceback, whatever they combine into."""
    from toolkit.cli import main

    out = tmp_path_factory.mktemp("out")
    argv = [
        *command,
        *(str(out / a) if a in ("-", "../..") and command[:1] == ["cassettes"] else a for a in args),
    ]
    if command[:1] == ["fixtures"] and "--out" not in argv:
        argv += ["--out", str(out)]  # keep generated payloads off the captured stdout
    stderr = io.StringIO()
    FIGURES["argument lists tried"] += 1
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
            status = exit_.code if isinstance(exit_.code, int) else 2
    assert status in (0, 1, 2), (argv, status)
    lines = stderr.getvalue().splitlines()
    assert "Traceback" not in stderr.getvalue()
    if status == 2:
        assert len(lines) == 1, (argv, lines)
        assert lines[0].startswith("so-toolkit")


# --- Ctrl-C ---------------------------------------------------------------------------------------


def test_ctrl_c_while_writing_files_leaves_only_whole_files(tmp_path: Path) -> None:
    out = tmp_path / "fixtures"
    FIGURES["faults injected"] += 1
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "fixtures", "generate", "--count", "100000", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    deadline = time.monotonic() + 60
    while not (out.is_dir() and len(os.listdir(out)) >= 20) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Python drops a KeyboardInterrupt that lands in a finalizer ("Exception ignored in ..."), as it
    # would drop a user's first Ctrl-C there: press again, as the user would, until the CLI stops.
    for _ in range(10):
        proc.send_signal(signal.SIGINT)
        try:
            _, stderr = proc.communicate(timeout=6)
            break
        except subprocess.TimeoutExpired:
            continue
    else:
        proc.kill()
        pytest.fail("the generator ignored ten Ctrl-C")
    assert proc.returncode == 130
    assert stderr.decode().splitlines()[-1] == "so-toolkit: interrupted"
    names = os.listdir(out)
    assert 20 <= len(names) < 100000
    for name in names:
        assert name.startswith("appointment-"), name  # no temporary file left behind
        json.loads((out / name).read_bytes())  # every file is whole
    FIGURES["files checked after Ctrl-C"] += len(names)


# --- memory ---------------------------------------------------------------------------------------

# Runs the generator as its only child, so RUSAGE_CHILDREN's peak is the generator's alone.
MEASURE = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(result.returncode, peak, result.stderr.decode()[-500:])
"""


def test_generating_100000_fixtures_keeps_memory_under_200_mb() -> None:
    """About 320 MB of JSON to /dev/null; the payloads are streamed, so the peak stays flat (~25 MB)."""
    count = 100_000
    measured = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            sys.executable,
            "-m",
            "toolkit",
            "fixtures",
            "generate",
            "--count",
            str(count),
        ],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
        check=True,
    )
    status, peak_kib, stderr = measured.stdout.split(" ", 2)
    assert status == "0", stderr
    FIGURES["fixtures generated"] += count
    FIGURES["peak RSS KiB"] = int(peak_kib)
    assert int(peak_kib) < 200 * 1024, f"peak RSS {int(peak_kib) / 1024:.0f} MiB"
