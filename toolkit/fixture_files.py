"""``fixtures generate``: seeded appointment payloads written as JSON files or one JSON array.

Payload *i* (1-based) is ``AppointmentFactory(seed, locale).build(traits=..., AppointmentId=i, **overrides)``
(or ``build_response``), built in order on one factory.  ``--set PATH=VALUE`` overrides take the
factories' ``__`` paths; the text after ``=`` is read as the catalogue types that path (see
:func:`parse_override`).  Payloads are made one at a time and written at
once, so memory stays flat however large ``--count`` is, and the same arguments always give
byte-identical output: JSON with ``indent=2``, UTF-8 without escapes, a trailing newline.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, Protocol, cast

from toolkit._files import write_atomic
from toolkit.errors import ToolkitError, UsageError

__all__ = [
    "KINDS",
    "PROGRESS_MIN",
    "ByteSink",
    "file_name",
    "generate_command",
    "iter_payloads",
    "parse_override",
    "parse_traits",
    "render",
    "write_array",
]

#: The payload kinds: request bodies (AppointmentEntity) or responses (AppointmentEntityWithLinks).
KINDS: tuple[str, ...] = ("request", "response")
#: Counts from which a terminal gets a progress bar.
PROGRESS_MIN = 1000


def iter_payloads(
    *,
    count: int,
    seed: int,
    kind: str,
    locale: str,
    traits: Sequence[str] = (),
    overrides: Mapping[str, Any] | None = None,
) -> Iterator[dict[str, Any]]:
    """Payloads 1..count, lazily (arguments are checked before the first one is made).

    An override ``AppointmentId`` replaces the running number (every payload gets that id).
    """
    from toolkit.factories import AppointmentFactory

    if count < 0:
        raise UsageError(f"--count {count} is negative; give 0 or more")
    if kind not in KINDS:
        raise UsageError(f"unknown --kind {kind!r}; use one of: {', '.join(KINDS)}")
    factory = AppointmentFactory(seed=seed, locale=locale)
    build = factory.build_response if kind == "response" else factory.build
    fixed = dict(overrides or {})
    names = tuple(traits)
    if names:
        factory.build_batch(0, traits=names)  # checks the names before anything is written

    def generate() -> Iterator[dict[str, Any]]:
        for i in range(1, count + 1):
            try:
                payload = cast(dict[str, Any], build(traits=names, **{"AppointmentId": i, **fixed}))
            except UsageError as exc:
                # An index past the end of this payload's list: which payload, and the option.
                raise UsageError(f"--set: payload {i}: {exc}") from None
            yield payload

    return generate()


def parse_traits(text: str) -> tuple[str, ...]:
    """``--traits booking,recurring``: the names, checked against the factories' traits."""
    from toolkit.factories import TRAITS

    names = tuple(n.strip() for n in text.split(",") if n.strip())
    for name in names:
        if name not in TRAITS:
            raise UsageError(f"--traits: unknown trait {name!r}; known: {', '.join(TRAITS)}")
    return names


_WORDS = {"true": True, "false": False}


def parse_override(text: str, *, kind: str = "request") -> tuple[str, Any]:
    """``--set PATH=VALUE``: the path (``Contact__Name``, ``Links__0__Id``) and the value, typed.

    The catalogue's type of the path decides how VALUE is read: text as given (``null`` for null; a
    JSON string such as ``'"null"'`` for the word itself), whole numbers within the type's range,
    ``true``/``false``, a .NET date, an enum name (flags: names joined by ``", "``), and JSON for a
    carrier, list or dictionary.  A mistake raises :class:`UsageError` naming the option and the path.
    """
    from toolkit import catalogue
    from toolkit._overrides import override_type
    from toolkit.schemas import DOTNET_DATE_PATTERN

    path, sep, raw = text.partition("=")
    if not sep or not path:
        raise UsageError(f"--set {text!r}: expected PATH=VALUE, e.g. Private=Public or Links__0__Id=5")
    root = catalogue.ENTITY_WITH_LINKS if kind == "response" else catalogue.ENTITY
    try:
        t = override_type(root, path)
    except UsageError as exc:
        raise UsageError(f"--set {text!r}: {str(exc).partition(': ')[2]}") from None

    def bad(expected: str) -> UsageError:
        return UsageError(f"--set {text!r}: {path} takes {expected}")

    if raw == "null":
        if not t.nullable:
            raise bad(f"a {t.kind} value, never null")
        return path, None
    kind_ = t.kind
    if kind_ == "str":
        if raw.startswith('"'):
            try:
                value = json.loads(raw)
            except ValueError:
                raise bad("text, or a JSON string in double quotes") from None
            if not isinstance(value, str):
                raise bad("text, or a JSON string in double quotes")
            return path, value
        return path, raw
    if kind_ in ("int32", "int16"):
        lo, hi = (
            (catalogue.INT32_MIN, catalogue.INT32_MAX)
            if kind_ == "int32"
            else (catalogue.INT16_MIN, catalogue.INT16_MAX)
        )
        if not re.fullmatch(r"[+-]?\d+", raw) or not lo <= int(raw) <= hi:
            raise bad(f"a whole number from {lo} to {hi} ({kind_})")
        return path, int(raw)
    if kind_ == "double":
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise bad("a finite number")
        return path, number
    if kind_ == "bool":
        if raw.lower() not in _WORDS:
            raise bad("true or false")
        return path, _WORDS[raw.lower()]
    if kind_ == "date":
        if not re.match(DOTNET_DATE_PATTERN, raw):
            raise bad("a .NET date like 2026-12-03T09:00:00.0000000+01:00")
        return path, raw
    if kind_ in ("enum", "flags"):
        names = catalogue.ENUMS[t.name or ""]
        parts = raw.split(", ") if kind_ == "flags" else [raw]
        if not all(p in names for p in parts):
            joiner = " (several joined by ', ')" if kind_ == "flags" else ""
            raise bad(f"one of {', '.join(names)}{joiner}")
        return path, raw
    try:
        value = json.loads(raw)
    except ValueError:
        value = math.nan  # not JSON: reported below
    wanted = {"carrier": dict, "map": dict, "list": list}[kind_]
    if not isinstance(value, wanted):
        noun = "a JSON object" if wanted is dict else "a JSON array"
        raise bad(f"{noun} or null")
    return path, value


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


def generate_command(
    *,
    count: int,
    seed: int,
    kind: str,
    locale: str,
    out: str,
    traits: str = "",
    overrides: Sequence[str] = (),
) -> int:
    """Run ``fixtures generate``: write ``count`` payloads to ``out`` (a directory, or ``-`` for stdout).

    ``traits``: comma-separated trait names; ``overrides``: ``PATH=VALUE`` texts (``--set``).  Raises
    :class:`~toolkit.errors.UsageError` (exit 2) for a negative count, an unknown kind, locale or
    trait, a bad override, or a directory that cannot be written; returns 0.
    """
    parsed: dict[str, Any] = {}
    for text in overrides:
        path, value = parse_override(text, kind=kind)
        parsed[path] = value
    payloads = iter_payloads(
        count=count, seed=seed, kind=kind, locale=locale, traits=parse_traits(traits), overrides=parsed
    )
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
