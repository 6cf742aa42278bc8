"""Cassettes under faults, through the plugin (inner pytest runs): broken files, missing ones, an
unwritable directory, a run killed while writing, and xdist workers recording at once.

The promises: a cassette that cannot be used fails its test with one clear line naming the file (no
traceback into the toolkit); a write is all or nothing (the old file or the new one, never half); and
many workers recording at once leave every cassette complete and valid for ``cassettes check``.
``SO_RELIABILITY_FIGURES=<file>`` appends this module's counts (the README's Reliability section).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from toolkit.recording.cassette_file import read_cassette

FIGURES: Counter[str] = Counter()

# Inner runs in a subprocess skip the heavy plugins they do not use (2 s of imports each).
_UNUSED_PLUGINS = ("hypothesispytest", "faker", "anyio", "recording", "cacheprovider")
LEAN = tuple(arg for name in _UNUSED_PLUGINS for arg in ("-p", f"no:{name}"))

ONE_PUT = """
import pytest

@pytest.mark.so_cassette
def test_put(so_client):
    assert so_client.put(1, {"Title": "TITLE"})["Title"] == "TITLE"
"""


def cassette_of(pytester: pytest.Pytester, test: str = "test_put", module: str = "test_one") -> Path:
    return pytester.path / "cassettes" / module / f"{test}.yaml"


def record_one(pytester: pytest.Pytester, title: str = "first") -> Path:
    pytester.makepyfile(test_one=ONE_PUT.replace("TITLE", title))
    pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    path = cassette_of(pytester)
    assert path.is_file()
    return path


def check_cassettes(*paths: Path) -> subprocess.CompletedProcess[str]:
    """``python -m toolkit cassettes check PATH...``: the linter, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "cassettes", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_fails_naming(result: pytest.RunResult, path: Path, *words: str) -> None:
    """The inner run failed (or errored) with a line naming the cassette file, and no toolkit traceback."""
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) + outcomes.get("error", 0) == 1, outcomes
    text = result.stdout.str()
    assert str(path) in text
    for word in words:
        assert word in text, text[-2000:]
    assert "toolkit/recording/" not in text, text[-3000:]  # a clear line, not the toolkit's insides


# --- files that cannot be used --------------------------------------------------------------------

BROKEN: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "the cassette file is empty"),
    "blank": (b"   \n\n", "the cassette file is empty"),
    "corrupt": (b"interactions: [\n  {request: ", "not valid YAML"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not UTF-8"),
    "k8s-yaml": (b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "not a vcrpy cassette"),
    "old-vcrpy": (b"- request: {method: GET}\n  response: {}\n", "foreign file"),
    "python-tag": (b"!!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
    "json-array": (b'[{"request": 1}]\n', "foreign file"),
    "no-response": (b"version: 1\ninteractions:\n- request: {method: PUT, uri: /x}\n", "response is missing"),
}

# One test per planted file, each naming its cassette: one inner run tries them all.
USES_NAMED = """
import pytest

@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.so_cassette(n)) for n in NAMES])
def test_cassette(so_cassette, name):
    pass
"""


def test_unusable_cassettes_fail_their_test_naming_the_file(so_pytester: pytest.Pytester) -> None:
    recorded = record_one(so_pytester).read_bytes()
    planted = dict(BROKEN)
    for cut in (3, 2):  # a real recording cut short
        planted[f"truncated-1of{cut}"] = (recorded[: len(recorded) // cut], "")
    directory = so_pytester.path / "cassettes" / "test_named" / "broken"
    directory.mkdir(parents=True)
    for name, (content, _) in planted.items():
        (directory / f"{name}.yaml").write_bytes(content)
    names = [f"broken/{name}.yaml" for name in planted]
    so_pytester.makepyfile(test_named=USES_NAMED.replace("NAMES", repr(names)))
    for mode in ("none", "new_episodes"):
        FIGURES["broken cassettes tried"] += len(planted)
        result = so_pytester.runpytest(f"--so-record-mode={mode}")
        outcomes = result.parseoutcomes()
        assert outcomes.get("errors", 0) == len(planted), outcomes
        text = result.stdout.str()
        assert "toolkit/recording/" not in text, text[-3000:]  # one clear line each, no traceback
        for name, (content, words) in planted.items():
            path = directory / f"{name}.yaml"
            assert any(f"{path}: " in line and words in line for line in text.splitlines()), name
            assert path.read_bytes() == content  # reported, never overwritten


def test_a_missing_cassette_in_mode_none_says_how_to_record_it(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(test_one=ONE_PUT.replace("TITLE", "x"))
    result = so_pytester.runpytest("--so-record-mode=none")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*does not exist*--so-record-mode=once*"])
    assert str(cassette_of(so_pytester)) in result.stdout.str()
    assert not cassette_of(so_pytester).exists()


def test_an_unwritable_cassette_dir_fails_clearly(so_pytester: pytest.Pytester) -> None:
    blocker = so_pytester.path / "blocker"
    blocker.write_text("a file where a directory should be", encoding="utf-8")
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_dir = blocker/cassettes\n")
    so_pytester.makepyfile(test_one=ONE_PUT.replace("TITLE", "x"))
    FIGURES["faults injected"] += 1
    result = so_pytester.runpytest("--so-record-mode=once")
    assert_fails_naming(result, blocker / "cassettes" / "test_one" / "test_put.yaml", "cannot be written")


# --- a run that dies while writing ----------------------------------------------------------------

# Loaded by the inner run: the cassette's temporary file gets half its text, then the process is killed.
DIE_MID_WRITE = """
import os, signal

_real_fdopen = os.fdopen


class _HalfThenDie:
    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, text):
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        os.kill(os.getpid(), signal.SIGKILL)

    def __getattr__(self, name):
        return getattr(self.handle, name)


def _fdopen(fd, *args, **kwargs):
    handle = _real_fdopen(fd, *args, **kwargs)
    if ".so-tmp-" in os.readlink(f"/proc/self/fd/{fd}"):
        return _HalfThenDie(handle)
    return handle


os.fdopen = _fdopen
"""

# Loaded by the inner run: the disk fills up while the cassette is written.
DISK_FULL = """
import errno, os

_real_replace = os.replace


def _replace(src, dst, *args, **kwargs):
    if ".so-tmp-" in os.fspath(src):
        raise OSError(errno.ENOSPC, "No space left on device")
    return _real_replace(src, dst, *args, **kwargs)


os.replace = _replace
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to find the temporary file")
def test_a_write_is_all_or_nothing(so_pytester: pytest.Pytester) -> None:
    path = record_one(so_pytester, "old")
    old = path.read_bytes()
    so_pytester.makepyfile(test_one=ONE_PUT.replace("TITLE", "new"))

    # The disk fills up: the test fails naming the file, the old cassette stays, no debris.
    so_pytester.makeconftest(DISK_FULL)
    FIGURES["faults injected"] += 1
    result = so_pytester.runpytest_subprocess("--so-record-mode=rewrite", *LEAN)
    assert_fails_naming(result, path, "No space left on device")
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]

    # The process is killed half-way through writing: the old cassette stays.
    so_pytester.makeconftest(DIE_MID_WRITE)
    FIGURES["faults injected"] += 1
    result = so_pytester.runpytest_subprocess("--so-record-mode=rewrite", *LEAN)
    assert result.ret == -9  # really killed, mid-write
    assert path.read_bytes() == old
    debris = [p for p in path.parent.iterdir() if p != path]
    assert len(debris) == 1  # the half-written temporary file: nothing can clean up after SIGKILL
    assert debris[0].name.startswith(".so-tmp-")

    # The debris is not a cassette to the plugin or the linter; the old recording still replays.
    (so_pytester.path / "conftest.py").unlink()
    so_pytester.makepyfile(test_one=ONE_PUT.replace("TITLE", "old"))
    replayed = so_pytester.runpytest()
    replayed.assert_outcomes(passed=1)
    assert "unused" not in replayed.stdout.str()
    linted = check_cassettes(so_pytester.path / "cassettes")
    assert linted.returncode == 0, linted.stdout + linted.stderr

    # A write that completes replaces the file whole.
    so_pytester.makepyfile(test_one=ONE_PUT.replace("TITLE", "new"))
    so_pytester.runpytest("--so-record-mode=rewrite").assert_outcomes(passed=1)
    assert b"new" in path.read_bytes()
    assert b'"old"' not in path.read_bytes()
    assert check_cassettes(path).returncode == 0


# --- xdist: many workers recording at once --------------------------------------------------------

MANY = """
import pytest

@pytest.mark.parametrize("n", range(24))
@pytest.mark.so_cassette
def test_many(so_client, n):
    for i in range(3):
        saved = so_client.put(1 + (n * 3 + i) % 50, {"Title": f"test {n} put {i}"}, select="Title")
        assert saved["Title"] == f"test {n} put {i}"


@pytest.mark.parametrize("n", range(4))
@pytest.mark.so_cassette("shared/same-name")
def test_same_cassette_from_every_worker(so_client, n):
    assert so_client.put(90 + n, {"Title": f"shared {n}"})["Title"] == f"shared {n}"
"""


def test_xdist_workers_record_then_replay_complete_valid_cassettes(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(test_many=MANY)
    recorded = so_pytester.runpytest_subprocess("-n", "4", "--so-record-mode=new_episodes", *LEAN)
    recorded.assert_outcomes(passed=28)
    directory = so_pytester.path / "cassettes"
    files = sorted(directory.rglob("*"))
    cassettes = [p for p in files if p.is_file()]
    FIGURES["cassettes recorded by xdist"] += len(cassettes)
    assert len(cassettes) == 25, [p.name for p in files]
    for path in cassettes:
        # Complete: every interaction the tests made is in the file (3 each; the shared one holds the
        # four requests its tests made from different workers, merged, none lost).
        assert len(read_cassette(path)) == (4 if "shared" in path.parts else 3), path
    assert not [p for p in cassettes if p.name.startswith(".")]  # no temporary file left behind
    linted = check_cassettes(directory)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    replayed = so_pytester.runpytest_subprocess("-n", "4", "--so-fail-unplayed", *LEAN)
    replayed.assert_outcomes(passed=28)
    assert replayed.ret == 0
