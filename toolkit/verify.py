"""``so-toolkit cassettes verify PATH... --against URL``: is each recording still what the API answers?

Every recorded request of every cassette is sent again to the live target, in recorded order within a
cassette (a PUT, then a GET of the same id, sees the PUT), and each live answer is compared with the
recorded one (:func:`toolkit.drift.compare_answers`: graded ``breaking``, ``additive`` or ``value``).

What is sent: the recorded method, path (from ``/api/`` on, after the target's root, so a tenant prefix
in the recording is replaced by the target's), query and body, unchanged; the recorded headers except
credentials, cookies and transport ones (``Host``, ``Content-Length``, ``Connection``,
``Accept-Encoding``, ``User-Agent``).  Credentials come from the ``SO_AUTHORIZATION`` environment
variable (the whole header value) and never from the cassette (it holds none) or the command line.

``--update`` writes the live answers into the cassettes that drifted, through the recording persister
(:class:`toolkit.recording.persist.AtomicPersister`): scrubbed (default rules, plus ``--scrub-body``
paths), leak-checked, atomic, each interaction stamped with a new ``recorded_at``.  Cassettes without
findings are not touched.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from toolkit._messages import plural
from toolkit.drift import GRADES, Drift, compare_answers, count_by_grade
from toolkit.errors import CassetteFormatError, UsageError

__all__ = ["AUTH_ENV", "Finding", "VerifyResult", "verify_command", "verify_files"]

#: The environment variable holding the Authorization header value sent to the target.
AUTH_ENV = "SO_AUTHORIZATION"

# Recorded request headers that are not sent again: credentials (scrubbed anyway), and what the HTTP
# client sets itself.
_NOT_SENT = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-xsrf-token",
        "so-apptoken",
        "host",
        "content-length",
        "connection",
        "accept-encoding",
        "user-agent",
        "transfer-encoding",
    }
)
_URL = re.compile(r"https?://[^/\s]+(/\S*)?")


@dataclass(frozen=True, slots=True)
class Finding:
    """One drift in one interaction of one cassette."""

    file: str
    interaction: int
    drift: Drift

    def __str__(self) -> str:
        return f"{self.file}:interaction {self.interaction}: {self.drift}"

    def to_json(self) -> dict[str, Any]:
        """The finding as plain data (``--json``)."""
        return {
            "file": self.file,
            "interaction": self.interaction,
            "grade": self.drift.grade,
            "path": self.drift.path,
            "change": self.drift.change,
        }


@dataclass
class VerifyResult:
    """What a verification found."""

    against: str
    cassettes: int = 0
    interactions: int = 0
    findings: list[Finding] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Findings per grade."""
        return {grade: n for grade, n in count_by_grade(f.drift for f in self.findings).items()}

    def failed(self, *, values: bool = False) -> bool:
        """True when there is drift that fails: breaking or additive (value too with ``values``)."""
        failing = {"breaking", "additive", "value"} if values else {"breaking", "additive"}
        return any(f.drift.grade in failing for f in self.findings)

    def summary(self) -> str:
        """One line: cassettes, interactions, findings by grade (and what was updated)."""
        counts = self.counts()
        found = ", ".join(f"{counts[g]} {g}" for g in GRADES) if self.findings else "no drift"
        line = (
            f"verified {plural(self.cassettes, 'cassette')}, {plural(self.interactions, 'interaction')}"
            f" against {self.against}: {found}"
        )
        if self.updated:
            line += f"; updated {plural(len(self.updated), 'cassette')}"
        return line

    def to_json(self) -> dict[str, Any]:
        """The whole result as plain data (``--json``)."""
        return {
            "against": self.against,
            "cassettes": self.cassettes,
            "interactions": self.interactions,
            "counts": self.counts(),
            "findings": [f.to_json() for f in self.findings],
            "updated": list(self.updated),
        }


def verify_files(
    files: Sequence[str | Path],
    *,
    against: str,
    authorization: str | None = None,
    ignore: Iterable[str] = (),
    update: bool = False,
    scrub_body: Iterable[str] = (),
    timeout: float = 30.0,
) -> VerifyResult:
    """Verify ``files`` against the API root ``against``; see the module docstring.

    Raises :class:`~toolkit.errors.UsageError` for a bad URL or a target that cannot be reached (the
    message names the URL), :class:`~toolkit.errors.CassetteError` for a cassette that cannot be read or
    written.
    """
    import httpx

    from toolkit.recording.cassette_file import load_cassette_data

    target = _checked_url(against)
    ignore = tuple(ignore)
    _check_paths("--ignore", ignore)
    scrub_paths = tuple(scrub_body)
    _check_paths("--scrub-body", scrub_paths)
    result = VerifyResult(against=target)
    headers = {"Authorization": authorization} if authorization else {}
    with httpx.Client(timeout=timeout, headers={"User-Agent": "so-toolkit-verify"}) as client:
        for file in files:
            path = Path(file)
            data = load_cassette_data(path)
            interactions = data["interactions"]
            answers: list[dict[str, Any]] = []
            found: list[Finding] = []
            for n, interaction in enumerate(interactions):
                live = _send(client, target, interaction["request"], headers)
                answers.append(live)
                found.extend(
                    Finding(str(path), n, d)
                    for d in compare_answers(interaction["response"], live, ignore=(*ignore, *scrub_paths))
                )
            result.cassettes += 1
            result.interactions += len(interactions)
            result.findings.extend(found)
            if update and found:
                _write(path, data, answers, authorization, scrub_paths)
                result.updated.append(str(path))
    return result


def _checked_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not _URL.fullmatch(url):
        raise UsageError(f"--against {url!r}: expected an http(s) URL such as https://host/tenant")
    return url


def _check_paths(option: str, paths: tuple[str, ...]) -> None:
    from toolkit._paths import parse_path

    for path in paths:
        try:
            parse_path(path)
        except UsageError as exc:
            raise UsageError(f"{option} {exc}") from None


def _target_url(target: str, uri: str) -> str:
    """The recorded URI's path (from ``/api/`` on) and query, under the target's root."""
    parts = urlsplit(uri)
    path = parts.path or "/"
    at = path.lower().find("/api/")
    if at > 0:
        path = path[at:]  # a tenant prefix in the recording gives way to the target's
    query = "&".join(p for p in parts.query.split("&") if p and "SCRUBBED" not in p)
    return f"{target}{path}{'?' + query if query else ''}"


def _send(client: Any, target: str, request: Mapping[str, Any], auth: Mapping[str, str]) -> dict[str, Any]:
    """Send one recorded request; the live answer in vcrpy's serialized form."""
    import httpx

    url = _target_url(target, str(request["uri"]))
    headers: dict[str, str] = {}
    recorded = request.get("headers") or {}
    for name, value in recorded.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        if str(name).lower() in _NOT_SENT or not values or any("<SCRUBBED>" in str(v) for v in values):
            continue
        headers[str(name)] = ", ".join(str(v) for v in values)
    headers.update(auth)
    # Uncompressed answers: the stored body is then exactly what the headers describe.
    headers["Accept-Encoding"] = "identity"
    body = request.get("body")
    content = body.encode("utf-8") if isinstance(body, str) else body
    try:
        response = client.request(str(request["method"]), url, headers=headers, content=content)
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        root = urlsplit(target)
        raise UsageError(f"cannot reach {root.scheme}://{root.netloc}{root.path}: {reason}") from None
    answer_headers: dict[str, list[str]] = {}
    for name, value in response.headers.multi_items():
        answer_headers.setdefault(name.lower(), []).append(value)
    return {
        "status": {"code": response.status_code, "message": response.reason_phrase},
        "headers": answer_headers,
        "body": {"string": response.content},
    }


def _write(
    path: Path,
    data: Mapping[str, Any],
    answers: list[dict[str, Any]],
    auth: str | None,
    scrub_body: tuple[str, ...],
) -> None:
    """Write the live answers into the cassette at ``path``, through the recording persister."""
    from toolkit.recording._vcr import request_from_dict
    from toolkit.recording.cassette import scrub_response
    from toolkit.recording.persist import AtomicPersister
    from toolkit.recording.scrub import DEFAULT_RULES, credentials_in_headers

    rules = DEFAULT_RULES.extended(body_paths=scrub_body)
    known = credentials_in_headers({"Authorization": auth}) if auth else set()
    persister = AtomicPersister(rules=rules, known_secrets=known)
    try:
        requests = [request_from_dict(_scrubbed_request(i["request"], rules)) for i in data["interactions"]]
    except (TypeError, KeyError, ValueError) as exc:
        raise CassetteFormatError(f"{path}: an interaction is malformed ({exc})", path=str(path)) from None
    responses = [scrub_response(answer, rules, persister.known_secrets) for answer in answers]
    cassette: dict[str, Any] = {"requests": requests, "responses": responses}
    if data.get("metadata"):
        cassette["metadata"] = data["metadata"]
    persister.save_cassette(path, cassette)


def _scrubbed_request(request: Mapping[str, Any], rules: Any) -> dict[str, Any]:
    """The recorded request with the ``--scrub-body`` paths scrubbed too (the leak check reads both)."""
    from toolkit.recording.scrub import scrubbed_body

    out = dict(request)
    scrubbed = scrubbed_body(out.get("body"), rules)
    if scrubbed is not None:
        out["body"] = scrubbed
    return out


def verify_command(
    paths: list[str],
    *,
    against: str,
    ignore: Sequence[str] = (),
    json_out: str | None = None,
    values: bool = False,
    update: bool = False,
    scrub_body: Sequence[str] = (),
) -> int:
    """The CLI's ``cassettes verify``: one line per finding, a summary, the exit status (0, 1; 2 raised)."""
    from toolkit.lint import collect_files

    authorization = os.environ.get(AUTH_ENV) or None
    if authorization is not None and ("\n" in authorization or "\r" in authorization):
        raise UsageError(f"{AUTH_ENV} holds a line break; give the header value on one line")
    _checked_url(against)
    if json_out is not None and Path(json_out).is_dir():
        raise UsageError(f"--json {json_out}: is a directory; name a file")
    files = collect_files(paths)
    result = verify_files(
        files,
        against=against,
        authorization=authorization,
        ignore=ignore,
        update=update,
        scrub_body=scrub_body,
    )
    for finding in result.findings:
        print(finding)
    print(result.summary(), file=sys.stderr)
    if authorization is None and any(f.drift.change.endswith("-> 401") for f in result.findings):
        print(
            f"(answers were 401 Unauthorized: set {AUTH_ENV} to the Authorization header value)",
            file=sys.stderr,
        )
    if json_out is not None:
        _write_json(json_out, result)
    if update:
        return 0
    return 1 if result.failed(values=values) else 0


def _write_json(name: str, result: VerifyResult) -> None:
    import json

    from toolkit._files import write_atomic

    try:
        write_atomic(name, json.dumps(result.to_json(), indent=2) + "\n")
    except OSError as exc:
        raise UsageError(f"--json {name}: cannot be written ({exc.strerror or exc})") from None
