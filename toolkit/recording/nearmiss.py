"""Explain a replay miss: the closest recorded requests and how their JSON bodies differ.

Closeness is ranked on the key's parts (method, path, ``$select``, other query), then on how many body
paths differ.  Only the best few candidates are diffed, so a miss on a 10,000-interaction cassette still
explains itself quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toolkit import _diff
from toolkit._messages import cap
from toolkit._paths import drop
from toolkit.codecs import read_body
from toolkit.recording.matching import MatchRules, RequestKey, split_uri

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
    out), recorded value first: ``Title: 'a' != 'b'``, ``Agenda: only in the request: ''``."""
    found = _diff.differences(drop(recorded, rules.ignore_paths), drop(live, rules.ignore_paths))
    return [_diff.render(d, sides=("in the recording", "in the request")) for d in found]


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
        diffs = [f"{name}: {r!r} != {q!r}" for name, r, q in _part_diffs(key, live_parts)]
        rec_read = read_body(getattr(request, "_body", None))
        if rec_read is not None and live_read is not None:
            diffs += body_differences(rec_read.data, live_read.data, rules)
        elif key[4] != _raw(live_body):
            diffs.append("body: differs (not JSON)")
        if not diffs and played[i]:
            diffs.append("identical, but already played (each recording plays once, in recorded order)")
        scored.append(
            (-same_parts, len(diffs), Candidate(i, request.method, request.uri, tuple(diffs), played[i]))
        )
    scored.sort(key=lambda t: (t[0], t[1], t[2].index))
    return [c for _, _, c in scored[:SHOWN]]


def _part_diffs(key: RequestKey, live: tuple[str, str, str, str]) -> list[tuple[str, str, str]]:
    names = ("method", "path", "$select", "query")
    return [(n, r, q) for n, r, q in zip(names, key[:4], live, strict=False) if r != q]


def _raw(body: Any) -> bytes:
    if isinstance(body, str):
        return body.encode()
    return body if isinstance(body, bytes) else b""


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
    head = (
        f"no recorded interaction matches {describe_request(live_method, live_uri, rules)}\n"
        f"  cassette: {cassette_path} (record mode {record_mode!r})"
    )
    if not exists:
        return (
            f"{head}\n  the cassette file does not exist; record it with --so-record-mode=once "
            "(against the reference server or --so-base-url)"
        )
    if not recorded:
        return f"{head}\n  the cassette holds no interactions"
    lines = [head, f"  closest of {len(recorded)} recorded:"]
    for c in closest(live_method, live_uri, live_body, recorded, played, rules):
        state = "played" if c.played else "unplayed"
        lines.append(f"  - #{c.index} {describe_request(c.method, c.uri, rules)} ({state})")
        lines.extend(f"      {diff}" for diff in cap(c.differences, _PATHS_SHOWN, "differences"))
    lines.append(
        "  re-record with --so-record-mode=new_episodes (add) or rewrite (start over), "
        "or ignore volatile body paths: @pytest.mark.so_cassette(ignore=(...))"
    )
    return "\n".join(lines)
