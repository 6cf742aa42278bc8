"""``python -m toolkit fixtures generate``: files or a JSON array, byte-identical, atomic, clear errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from toolkit.errors import UsageError
from toolkit.factories import AppointmentFactory
from toolkit.fixture_files import file_name, generate_command, iter_payloads, write_array
from toolkit.validation import validator

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "fixtures" / "generated"


def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(_argv(*args), capture_output=True, cwd=ROOT, env=_ENV, timeout=120)


def _argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "fixtures", "generate", *args]


_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_stdout_is_one_json_array_of_valid_requests():
    result = cli("--count", "3", "--seed", "4")
    assert result.returncode == 0, result.stderr
    bodies = json.loads(result.stdout)
    assert [b["AppointmentId"] for b in bodies] == [1, 2, 3]
    assert all(validator("AppointmentEntity").problems(b) == [] for b in bodies)
    assert result.stderr == b""


def test_stdout_bytes_are_json_dumps_of_the_factory_payloads():
    result = cli("--count", "4", "--seed", "9", "--kind", "response", "--locale", "de_DE")
    f = AppointmentFactory(seed=9, locale="de_DE")
    expected = json.dumps(
        [f.build_response(AppointmentId=i) for i in range(1, 5)], indent=2, ensure_ascii=False
    )
    assert result.stdout == (expected + "\n").encode("utf-8")
    assert "ä".encode() in result.stdout or "ö".encode() in result.stdout or "ü".encode() in result.stdout


def test_zero_count_is_an_empty_array():
    assert cli("--count", "0").stdout == b"[]\n"


def test_same_arguments_same_bytes(tmp_path):
    assert cli("--count", "5", "--seed", "1").stdout == cli("--count", "5", "--seed", "1").stdout
    cli("--count", "5", "--seed", "1", "--out", str(tmp_path / "a"))
    cli("--count", "5", "--seed", "1", "--out", str(tmp_path / "b"))
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == [f"appointment-0000{i}.json" for i in range(1, 6)]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_directory_gets_one_file_per_payload_and_no_temp_files(tmp_path):
    out = tmp_path / "new" / "dir"
    result = cli("--count", "3", "--seed", "2", "--kind", "response", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(out)) == [
        "appointment-00001.json",
        "appointment-00002.json",
        "appointment-00003.json",
    ]
    body = json.loads((out / "appointment-00002.json").read_text(encoding="utf-8"))
    assert validator("AppointmentEntityWithLinks").problems(body) == []
    text = (out / "appointment-00002.json").read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text.startswith('{\n  "Associate": null,')


def test_rewriting_a_directory_replaces_files(tmp_path):
    (tmp_path / "appointment-00001.json").write_text("old", encoding="utf-8")
    assert generate_command(count=1, seed=0, kind="request", locale="en_US", out=str(tmp_path)) == 0
    assert json.loads((tmp_path / "appointment-00001.json").read_text(encoding="utf-8"))["AppointmentId"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--locale", "xx_YY"), "unknown locale 'xx_YY'"),
        (("--count", "-1"), "-1 is negative"),
        (("--kind", "reply"), "invalid choice: 'reply'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    result = cli(*args)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]
    assert result.stdout == b""


def test_unwritable_directory_exits_2_with_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = cli("--count", "2", "--out", str(blocker / "sub"))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"so-toolkit: error: --out '{blocker / 'sub'}' is not a writable directory: Not a directory"
    ]
    result = cli("--count", "2", "--out", str(blocker))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"so-toolkit: error: --out '{blocker}' exists and is not a directory"
    ]


def test_generate_command_checks_its_arguments(tmp_path):
    with pytest.raises(UsageError, match="unknown --kind 'reply'"):
        generate_command(count=1, seed=0, kind="reply", locale="en_US", out=str(tmp_path))
    with pytest.raises(UsageError, match="--count -2 is negative"):
        generate_command(count=-2, seed=0, kind="request", locale="en_US", out=str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_committed_generated_set_is_what_the_cli_writes(tmp_path):
    """fixtures/generated/ is reproducible: see fixtures/README.md for the commands."""
    for kind in ("request", "response"):
        out = tmp_path / kind
        result = cli("--count", "10", "--seed", "2026", "--kind", kind, "--out", str(out))
        assert result.returncode == 0, result.stderr
        committed = sorted(p.name for p in (GENERATED / kind).iterdir())
        assert committed == sorted(p.name for p in out.iterdir())
        for name in committed:
            assert (GENERATED / kind / name).read_bytes() == (out / name).read_bytes(), f"{kind}/{name}"


def test_committed_set_validates():
    for kind, schema in (("request", "AppointmentEntity"), ("response", "AppointmentEntityWithLinks")):
        for path in sorted((GENERATED / kind).glob("*.json")):
            assert validator(schema).problems(json.loads(path.read_text(encoding="utf-8"))) == [], path


def test_progress_bar_only_on_a_terminal():
    pty = pytest.importorskip("pty")
    primary, secondary = pty.openpty()
    # stderr is a terminal: read it while the child runs so it never blocks on a full pty.
    proc = subprocess.Popen(
        _argv("--count", "1000"), stdout=subprocess.DEVNULL, stderr=secondary, cwd=ROOT, env=_ENV
    )
    os.close(secondary)
    seen = b""
    try:
        while chunk := _read(primary):
            seen += chunk
    finally:
        os.close(primary)
        assert proc.wait(timeout=120) == 0
    assert b"1000/1000" in seen
    assert b"[####" in seen
    # Not a terminal (captured): no bar.
    assert cli("--count", "1000").stderr == b""


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the child closed its end
        return b""


def test_names_widen_past_99999():
    assert file_name(7, 10) == "appointment-00007.json"
    assert file_name(7, 123456) == "appointment-000007.json"


def test_memory_stays_flat_for_large_counts():
    class Sink:
        size = 0

        def write(self, data: bytes) -> None:
            self.size += len(data)

        def flush(self) -> None:
            pass

    sink = Sink()
    tracemalloc.start()
    try:
        write_array(iter_payloads(count=3000, seed=0, kind="request", locale="en_US"), sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # ~10 MB of JSON went through; holding the payloads would need several times that.
    assert sink.size > 5_000_000
    assert peak < 2_000_000, peak


def test_array_writer_matches_json_dumps_for_a_text_stream():
    stream = io.StringIO()

    class Text:
        def write(self, data: bytes) -> None:
            stream.write(data.decode("utf-8"))

        def flush(self) -> None:
            pass

    payloads = list(iter_payloads(count=2, seed=3, kind="request", locale="sv_SE"))
    write_array(iter(payloads), Text())
    assert stream.getvalue() == json.dumps(payloads, indent=2, ensure_ascii=False) + "\n"
