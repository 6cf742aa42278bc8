"""``fixtures generate``: seeded appointment payloads written as JSON files or one JSON array.

Payload *i* (1-based) is ``AppointmentFactory(seed, locale).build(AppointmentId=i)`` (or
``build_response``), built in order on one factory.  Payloads are made one at a time and written at
once, so memory stays flat however large ``--count`` is, and the same arguments always give
byte-identical output: JSON with ``indent=2``, UTF-8 without escapes, a trailing newline.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any, Protocol

from toolkit._files import write_atomic
from toolkit.errors import ToolkitError, UsageError

__all__ = [
    "KINDS",
    "PROGRESS_MIN",
    "ByteSink",
    "file_name",
    "generate_command",
    "iter_payloads",
    "render",
    "write_array",
]

#: The payload kinds: request bodies (AppointmentEntity) or responses (AppointmentEntityWithLinks).
KINDS: tuple[str, ...] = ("request", "response")
#: Counts from which a terminal gets a progress bar.
PROGRESS_MIN = 1000


def iter_payloads(*, count: int, seed: int, kind: str, locale: str) -> Iterator[dict[str, Any]]:
    """Payloads 1..count, lazily (arguments are checked before the first one is made)."""
    from toolkit.factories import AppointmentFactory

    if count < 0:
        raise UsageError(f"--count {count} is negative; give 0 or more")
    if kind not in KINDS:
        raise UsageError(f"unknown --kind {kind!r}; use one of: {', '.join(KINDS)}")
    factory = AppointmentFactory(seed=seed, locale=locale)
    build = factory.build_response if kind == "response" else factory.build

    def generate() -> Iterator[dict[str, Any]]:
        for i in range(1, count + 1):
            yield build(AppointmentId=i)

    return generate()


def render(payload: Any) -> str:
    """One payload as the files hold it: indent 2, non-ASCII kept, trailing newline."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def file_name(index: int, count: int) -> str:
    """``appointment-00001.json``; wider numbers past 99,999 so names still sort in order."""
    return f"appointment-{index:0{max(5, len(str(count)))}d}.json"


class ByteSink(Protocol):
    """Where :func:`write_array` writes: a binary stream (``sys.stdout.buffer``, a file)."""

    def write(self, data: bytes, /) -> object: ...
    def flush(self) -> object: ...


class _TextSink:
    # For a stdout replaced by a text-only stream (e.g. io.StringIO under a test harness).
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, data: bytes, /) -> object:
        return self.stream.write(data.decode("utf-8"))

    def flush(self) -> object:
        return self.stream.flush()


def write_array(
    payloads: Iterator[dict[str, Any]], stream: ByteSink, progress: _Progress | None = None
) -> None:
    """Stream one JSON array, item by item; bytes equal ``json.dumps(list, indent=2)`` + newline."""
    first = True
    for payload in payloads:
        # Raw newlines only occur between tokens (strings escape theirs), so indenting is safe.
        item = "  " + json.dumps(payload, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        stream.write(("[\n" if first else ",\n").encode() + item.encode("utf-8"))
        first = False
        if progress is not None:
            progress.step()
    stream.write(b"[]\n" if first else b"\n]\n")
    stream.flush()


def _write_dir(payloads: Iterator[dict[str, Any]], out: str, count: int, progress: _Progress) -> None:
    _prepare_dir(out)
    for index, payload in enumerate(payloads, start=1):
        target = os.path.join(out, file_name(index, count))
        try:
            write_atomic(target, render(payload))
        except OSError as exc:
            raise ToolkitError(f"cannot write {target}: {exc.strerror or exc}") from None
        progress.step()


def _prepare_dir(out: str) -> None:
    # Fail before generating anything: create the directory and prove a file can be made in it.
    try:
        os.makedirs(out, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        if os.path.exists(out) and not os.path.isdir(out):
            raise UsageError(f"--out {out!r} exists and is not a directory") from None
        raise UsageError(f"--out {out!r} is not a writable directory: {exc.strerror or exc}") from None


class _Progress:
    """A one-line bar on stderr, drawn only for a terminal and a large count."""

    def __init__(self, total: int, stream: IO[str] | None) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self._every = max(1, total // 100)

    @classmethod
    def for_count(cls, total: int) -> _Progress:
        interactive = total >= PROGRESS_MIN and sys.stderr is not None and sys.stderr.isatty()
        return cls(total, sys.stderr if interactive else None)

    def step(self) -> None:
        self.done += 1
        if self.stream is not None and (self.done % self._every == 0 or self.done == self.total):
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if self.done == self.total else ""
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}{end}")
            self.stream.flush()


def _discard_stdout(stdout: IO[str]) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor behind it (a test harness's stream)
        pass


def generate_command(*, count: int, seed: int, kind: str, locale: str, out: str) -> int:
    """Run ``fixtures generate``: write ``count`` payloads to ``out`` (a directory, or ``-`` for stdout).

    Raises :class:`~toolkit.errors.UsageError` (exit 2) for a negative count, an unknown kind or
    locale, or a directory that cannot be written; returns 0.
    """
    payloads = iter_payloads(count=count, seed=seed, kind=kind, locale=locale)
    progress = _Progress.for_count(count)
    if out == "-":
        stdout = sys.stdout
        stdout.flush()
        buffer = getattr(stdout, "buffer", None)
        try:
            write_array(payloads, buffer if buffer is not None else _TextSink(stdout), progress)
        except BrokenPipeError:
            raise  # the reader went away: the CLI ends quietly
        except OSError as exc:
            # A full disk or a device error on the output: one clear line, not a traceback.  The unwritten
            # bytes go to /dev/null so the interpreter's final flush does not report the same error again.
            _discard_stdout(stdout)
            raise ToolkitError(f"cannot write to standard output: {exc.strerror or exc}") from None
    else:
        _write_dir(payloads, out, count, progress)
    return 0
