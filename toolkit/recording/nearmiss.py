"""Explain a replay miss: the closest recorded requests and how their JSON bodies differ.

Closeness is ranked on the key's parts (method, path, ``$select``, other query), then on how many body
paths differ.  Only the best few candidates are diffed, so a miss on a 10,000-interaction cassette still
explains itself quickly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toolkit._paths import join
from toolkit.recording._vcr import request_body
from toolkit.recording.matching import MatchRules, RequestKey, body_data, split_uri, strip_ignored

__all__ = ["Candidate", "closest", "describe_request", "json_differences", "miss_message"]

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


def json_differences(recorded: Any, live: Any, path: str = "$", limit: int = 50) -> list[str]:
    """Path-by-path differences, ``recorded`` first: ``Title: 'a' != 'b'`` (recorded vs live)."""
    out: list[str] = []
    _diff(recorded, live, path, out, limit)
    return out


def _diff(a: Any, b: Any, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key not in b:
                out.append(f"{join(path, key)}: only in the recording")
            else:
                _diff(a[key], b[key], join(path, key), out, limit)
        for key in b:
            if key not in a:
                out.append(f"{join(path, key)}: only in the request")
        return
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, join(path, i), out, limit)
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items recorded != {len(b)} in the request")
        return
    if a != b or type(a) is not type(b):
        out.append(f"{path}: {_short(a)} != {_short(b)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
    live_data = body_data(live_body)
    scored: list[tuple[int, int, Candidate]] = []
    for i in ranked:
        key, request = recorded[i]
        same_parts = sum(x == y for x, y in zip(key[:4], live_parts, strict=False))
        diffs = [f"{name}: {r!r} != {q!r}" for name, r, q in _part_diffs(key, live_parts)]
        rec_data = body_data(request_body(request))
        if rec_data is not None and live_data is not None:
            diffs += json_differences(strip_ignored(rec_data, rules), strip_ignored(live_data, rules))
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
        for diff in c.differences[:_PATHS_SHOWN]:
            lines.append(f"      {diff}")
        if len(c.differences) > _PATHS_SHOWN:
            lines.append(f"      ... and {len(c.differences) - _PATHS_SHOWN} more differences")
    lines.append(
        "  re-record with --so-record-mode=new_episodes (add) or rewrite (start over), "
        "or ignore volatile body paths: @pytest.mark.so_cassette(ignore=(...))"
    )
    return "\n".join(lines)
