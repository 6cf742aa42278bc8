"""Explain a replay miss: the closest recorded requests and how their JSON bodies differ.

Every difference names its sides: what was *recorded* (in the cassette) and what was *sent* (by the
test), e.g. ``Title: recorded 'Weekly sync', sent 'Monthly sync'``.  Closeness is ranked on the key's
parts (method, path, ``$select``, other query), then on how many body paths differ.  Only the best few
candidates are diffed, so a miss on a 10,000-interaction cassette still explains itself quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from toolkit import _diff
from toolkit._messages import cap
from toolkit._paths import drop
from toolkit.codecs import read_body
from toolkit.recording._vcr import request_body
from toolkit.recording.matching import MatchRules, RequestKey, split_uri
from toolkit.recording.settings import REPLAY_BASE_URL

__all__ = ["Candidate", "body_differences", "closest", "describe_request", "miss_message"]

#: Candidates shown in a message, and body diffs computed at most.
SHOWN = 3
_DIFFED = 50
_PATHS_SHOWN = 8


@dataclass(frozen=True)
class Candidate:
    """A recorded request close to the missed one, with what differs."""

    index: int
    method: str
    uri: str
    differences: tuple[str, ...]
    played: bool


def body_differences(recorded: Any, live: Any, rules: MatchRules) -> list[str]:
    """Path-by-path differences of two bodies' data as matching compares them (ignored paths left
    out), each side named: ``Title: recorded 'a', sent 'b'``, ``Agenda: only sent: ''``."""
    found = _diff.differences(drop(recorded, rules.ignore_paths), drop(live, rules.ignore_paths))
    return [_labelled(d) for d in found]


def _labelled(diff: _diff.Difference) -> str:
    # The engine's "actual" is the recording, its "expected" what the test sent.
    if diff.kind == "removed":
        return f"{diff.path}: only sent: {_diff.short(diff.expected)}"
    if diff.kind == "added":
        return f"{diff.path}: only recorded: {_diff.short(diff.actual)}"
    return f"{diff.path}: recorded {_diff.short(diff.actual)}, sent {_diff.short(diff.expected)}"


def closest(
    live_method: str,
    live_uri: str,
    live_body: Any,
    recorded: Sequence[tuple[RequestKey, Any]],
    played: Sequence[bool],
    rules: MatchRules,
) -> list[Candidate]:
    """The recorded requests closest to a live one (best first); ``recorded`` holds (key, vcr Request)."""
    path, select, other = split_uri(live_uri, rules)
    live_parts = (live_method.upper(), path, select, other)
    ranked = sorted(
        range(len(recorded)),
        key=lambda i: (
            -sum(x == y for x, y in zip(recorded[i][0][:4], live_parts, strict=False)),
            played[i],
            i,
        ),
    )[:_DIFFED]
    live_read = read_body(live_body)
    scored: list[tuple[int, int, Candidate]] = []
    for i in ranked:
        key, request = recorded[i]
        same_parts = sum(x == y for x, y in zip(key[:4], live_parts, strict=False))
        diffs = [f"{name}: recorded {r!r}, sent {q!r}" for name, r, q in _part_diffs(key, live_parts)]
        rec_body = request_body(request)
        rec_read = read_body(rec_body)
        if rec_read is not None and live_read is not None:
            diffs += body_differences(rec_read.data, live_read.data, rules)
        elif key[4] != _raw(live_body):
            diffs.append(_body_difference(rec_body, rec_read, live_body, live_read))
        if not diffs and played[i]:
            diffs.append("identical, but already played (each recording plays once, in recorded order)")
        elif not diffs:  # same key and unplayed: only a project's extra matcher can have refused it
            diffs.append("identical to the toolkit's matching, but refused by a match_on matcher")
        scored.append(
            (-same_parts, len(diffs), Candidate(i, request.method, request.uri, tuple(diffs), played[i]))
        )
    scored.sort(key=lambda t: (t[0], t[1], t[2].index))
    return [c for _, _, c in scored[:SHOWN]]


def _part_diffs(key: RequestKey, live: tuple[str, str, str, str]) -> list[tuple[str, str, str]]:
    names = ("method", "path", "$select", "query")
    return [(n, r, q) for n, r, q in zip(names, key[:4], live, strict=False) if r != q]


def _body_difference(recorded: Any, recorded_data: Any, sent: Any, sent_data: Any) -> str:
    """One line on two bodies that cannot be compared as data (one is empty, or not JSON/XML)."""
    return f"body: recorded {_kind(recorded, recorded_data)}, sent {_kind(sent, sent_data)}"


def _kind(body: Any, data: Any) -> str:
    raw = _raw(body)
    if not raw:
        return "no body"
    if data is not None:
        return "JSON or XML data"
    return f"{len(raw)} bytes (not JSON)"


def _raw(body: Any) -> bytes:
    if isinstance(body, str):
        return body.encode()
    return body if isinstance(body, bytes) else b""


def _host(uri: str) -> str:
    return urlsplit(uri).netloc.rpartition("@")[2].lower()


_PLACEHOLDER_HOST = _host(REPLAY_BASE_URL)


def describe_request(method: str, uri: str, rules: MatchRules) -> str:
    """``PUT /api/v1/Appointment/7 $select=agenda,title`` (host-free, as matching sees it)."""
    path, select, other = split_uri(uri, rules)
    text = f"{method.upper()} {path}"
    if select:
        text += f" $select={select}"
    if other:
        text += f" ?{other}"
    return text


def miss_message(
    *,
    cassette_path: str,
    live_method: str,
    live_uri: str,
    live_body: Any,
    recorded: Sequence[tuple[RequestKey, Any]],
    played: Sequence[bool],
    rules: MatchRules,
    record_mode: str,
    exists: bool,
) -> str:
    """The whole message of a :class:`~toolkit.errors.ReplayMissError`."""
    sent = describe_request(live_method, live_uri, rules)
    # Matching ignores the host; it is named when the test sent to a host no recording came from
    # (the replay placeholder stands for any host, so it is never named).
    host = _host(live_uri)
    recorded_hosts = sorted({_host(str(request.uri)) for _, request in recorded} - {""})
    other_host = bool(host and recorded_hosts and host not in recorded_hosts and host != _PLACEHOLDER_HOST)
    head = f"no recorded interaction matches {sent}" + (f" (sent to {host})" if other_host else "")
    head += f"\n  cassette: {cassette_path} (record mode {record_mode!r})"
    if other_host:
        head += f"\n  recorded against: {', '.join(recorded_hosts)} (matching ignores the host)"
    if not exists:
        return (
            f"{head}\n  the cassette file does not exist; record it with --so-record-mode=once "
            "(against the reference server or --so-base-url)"
        )
    if not recorded:
        return f"{head}\n  the cassette holds no interactions"
    lines = [head, f"  closest of {len(recorded)} recorded (each difference: recorded, then sent):"]
    for c in closest(live_method, live_uri, live_body, recorded, played, rules):
        state = "played" if c.played else "unplayed"
        lines.append(f"  - #{c.index} {describe_request(c.method, c.uri, rules)} ({state})")
        lines.extend(f"      {diff}" for diff in cap(c.differences, _PATHS_SHOWN, "differences"))
    lines.append(
        "  re-record with --so-record-mode=new_episodes (add) or rewrite (start over), "
        "or ignore volatile body paths: @pytest.mark.so_cassette(ignore=(...))"
    )
    return "\n".join(lines)
