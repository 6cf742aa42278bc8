"""The cassette linter: ``so-toolkit cassettes check [PATH...]`` (default ``cassettes/``).

For every cassette file (directories are walked for ``*.yaml`` / ``*.yml``) and every interaction:

* the file parses as a vcrpy cassette (:func:`toolkit.recording.cassette_file.read_cassette`);
* no credential remains (:func:`toolkit.recording.scrub.find_leaks`: Authorization values, XSRF and app
  tokens, cookies, any header named like a credential (``*key*``, ``*token*``, ``*auth*`` ...) unless
  allowed with ``--allow-header``, token-like query parameters, values at ``--scrub-body`` paths in JSON
  or XML bodies, and anything shaped like a credential anywhere: tickets, JWTs, Bearer tokens,
  ``sk_live_...`` keys);
* for a 2xx answer to ``PUT`` or ``GET /api/v1/Appointment/{id}``: the response body (JSON, or XML read
  by the reference server's codec) is a valid ``AppointmentEntityWithLinks`` (nullable everywhere
  when the request had a ``$select``), and its nulling matches that ``$select``
  (:func:`toolkit.assertions.select_problems`);
* with ``--max-age 30d``: the cassette was recorded within that time (its oldest ``recorded_at``;
  a cassette without stamps has an unknown age and is reported too).

One line per problem, ``FILE:interaction N: problem`` (N counts from 0, as ``interactions[N]`` in the
file), or ``FILE: problem`` for the file as a whole.  Exit status: 0 clean, 1 problems, 2 bad
arguments (a path that does not exist).  A one-line summary goes to stderr.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from toolkit._messages import plural
from toolkit.assertions import appointment_problems, select_problems
from toolkit.codecs import BodyError, decode_body, is_xml
from toolkit.errors import CassetteFormatError, UsageError
from toolkit.recording.cassette_file import header_value, read_cassette
from toolkit.recording.expiry import cassette_age, describe_age, parse_max_age
from toolkit.recording.scrub import DEFAULT_RULES, ScrubRules, find_leaks
from toolkit.select import select_from_query, selection_is_all

__all__ = [
    "CASSETTE_SUFFIXES",
    "Finding",
    "check_command",
    "check_file",
    "check_interaction",
    "collect_files",
]

#: File names a directory walk picks up.
CASSETTE_SUFFIXES = (".yaml", ".yml")

# The appointment endpoint, behind any tenant prefix (``/Cust12345/api/v1/Appointment/7``).
_APPOINTMENT_PATH = re.compile(r"(?:.*/)?api/v1/appointment/\d+/?", re.IGNORECASE)
_CHECKED_METHODS = frozenset({"PUT", "GET"})
_RESPONSE_SCHEMA = "AppointmentEntityWithLinks"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one cassette; ``interaction`` is None for the file as a whole."""

    file: str
    interaction: int | None
    problem: str

    def __str__(self) -> str:
        where = self.file if self.interaction is None else f"{self.file}:interaction {self.interaction}"
        return f"{where}: {self.problem}"


def check_command(
    paths: list[str],
    *,
    allow_headers: Sequence[str] = (),
    scrub_body: Sequence[str] = (),
    max_age: str | None = None,
) -> int:
    """Lint the cassettes under ``paths``; prints one line per problem. Returns the exit status.

    ``allow_headers`` and ``scrub_body`` are the project's scrub settings (the plugin's
    ``so_scrub_allow_headers`` and ``so_scrub_body``).  ``max_age`` (``30d``, ``12h``, ``2w``): a
    cassette recorded longer ago, or of unknown age, is a problem.  Raises
    :class:`~toolkit.errors.UsageError` (exit 2 in the CLI) for a path that does not exist, a body path
    that does not parse or an age that does not read.
    """
    limit = parse_max_age(max_age, where="--max-age") if max_age is not None else None
    try:
        rules = DEFAULT_RULES.extended(allow_headers=allow_headers, body_paths=scrub_body)
    except UsageError as exc:
        raise UsageError(f"--scrub-body: {exc}") from None
    files = collect_files(paths)
    findings: list[Finding] = []
    interactions = 0
    for file in files:
        count, found = _check_file_counted(
            file, rules, max_age=(limit, max_age) if limit and max_age else None
        )
        interactions += count
        findings.extend(found)
    for finding in findings:
        print(finding)
    problem_files = len({f.file for f in findings})
    summary = (
        f"{plural(len(findings), 'problem')} in {plural(problem_files, 'cassette')}"
        if findings
        else "no problems"
    )
    print(
        f"checked {plural(len(files), 'cassette')}, {plural(interactions, 'interaction')}: {summary}",
        file=sys.stderr,
    )
    return 1 if findings else 0


def collect_files(paths: list[str]) -> list[Path]:
    """The cassette files named by ``paths``: files as given, directories walked (hidden ones skipped)."""
    files: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.update(dict.fromkeys(_walk(path)))
        elif path.is_file():
            files[path] = None
        elif path.exists():
            raise UsageError(f"{raw}: not a cassette file or a directory of them")
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return list(files)


def _walk(root: Path) -> list[Path]:
    # Hidden directories (.git, .venv, .tox ...) hold other tools' YAML, never cassettes.
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found.extend(
            Path(folder, name) for name in sorted(names) if Path(name).suffix.lower() in CASSETTE_SUFFIXES
        )
    return found


def check_file(path: str | Path, rules: ScrubRules = DEFAULT_RULES) -> list[Finding]:
    """Every problem in one cassette file (empty: clean)."""
    return _check_file_counted(Path(path), rules)[1]


def _check_file_counted(
    path: Path, rules: ScrubRules = DEFAULT_RULES, max_age: tuple[timedelta, str] | None = None
) -> tuple[int, list[Finding]]:
    name = str(path)
    try:
        interactions = read_cassette(path)
    except CassetteFormatError as exc:
        message = str(exc)
        # read_cassette's messages start with the file name; the line prefix already says it.
        if message.startswith(f"{name}: "):
            message = message[len(name) + 2 :]
        return 0, [Finding(name, None, message)]
    findings = [
        Finding(name, i, problem)
        for i, interaction in enumerate(interactions)
        for problem in check_interaction(interaction, rules)
    ]
    if max_age is not None:
        age = cassette_age(interactions)
        if age.expired(max_age[0]):
            findings.append(
                Finding(name, None, f"expired: {describe_age(age, max_age[0], limit_text=max_age[1])}")
            )
    return len(interactions), findings


def check_interaction(interaction: Mapping[str, Any], rules: ScrubRules = DEFAULT_RULES) -> list[str]:
    """The problems of one serialized (vcrpy) interaction: leaks, then body schema and ``$select``."""
    problems = list(find_leaks(interaction, rules=rules))
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    if _is_appointment_answer(request, response):
        problems.extend(_body_problems(request, response))
    return problems


def _is_appointment_answer(request: Mapping[str, Any], response: Mapping[str, Any]) -> bool:
    method = str(request.get("method", "")).upper()
    status = response.get("status") or {}
    code = status.get("code") if isinstance(status, Mapping) else None
    path = urlsplit(str(request.get("uri", ""))).path
    return (
        method in _CHECKED_METHODS
        and isinstance(code, int)
        and 200 <= code < 300
        and _APPOINTMENT_PATH.fullmatch(path) is not None
    )


def _body_problems(request: Mapping[str, Any], response: Mapping[str, Any]) -> list[str]:
    try:
        raw = _body_bytes(response)
    except _Unreadable as exc:
        return [str(exc)]
    if raw is None or not raw.strip():
        return ["response body is empty (expected an AppointmentEntityWithLinks)"]
    content_type = header_value(response.get("headers"), "content-type")
    try:
        body = decode_body(raw, content_type, root=_RESPONSE_SCHEMA)
    except BodyError as exc:
        if is_xml(content_type, raw):
            return [f"response body (XML): {exc}"]
        return [f"response body {str(exc).removeprefix('Body ')}"]  # "is not valid JSON: ..."
    select = _select_of(str(request.get("uri", "")))
    lines = appointment_problems(body, select=select)
    if select is not None and not selection_is_all(select):
        seen = {line.partition(": ")[0] for line in lines}
        # One line per path: a property the schema already reported is not reported again.
        lines += [line for line in select_problems(body, select) if line.partition(": ")[0] not in seen]
    return [f"response body {line}" for line in lines]


class _Unreadable(Exception):
    """The response body cannot be decoded; the message is the linter's line."""


def _body_bytes(response: Mapping[str, Any]) -> bytes | None:
    body = response.get("body")
    value = body.get("string") if isinstance(body, Mapping) else body
    if value is None:
        return None
    raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if header_value(response.get("headers"), "content-encoding").lower() == "gzip" or raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise _Unreadable("response body is marked gzip but does not decompress") from None
    return raw


def _select_of(uri: str) -> str | None:
    """The request's ``$select``, read as the server reads it."""
    return select_from_query(urlsplit(uri).query)
