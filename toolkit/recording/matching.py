"""The request key: what makes a live request the same as a recorded one.

Two requests match when their keys are equal.  The key holds:

* the method (upper-cased);
* the path, percent-decoded, **without scheme, host and port, and without what precedes ``/api/``** (a
  tenant's prefix such as ``/Cust12345``), so a cassette recorded against a tenant or the reference
  server on a random port replays against any base URL (the plugin uses a placeholder one offline);
* ``$select``, normalised: names trimmed, lower-cased, de-duplicated and sorted (``$select`` is
  case-insensitive and a set), blank = absent;
* the other query parameters, sorted, except credential ones (they are scrubbed in the recording);
* the body: JSON, and appointments in XML, compared as data (key order and whitespace ignored,
  configured paths such as ``UpdatedDate`` removed first, as are scrubbed paths); any other body byte
  for byte.

Headers are not part of the key.  Identical keys play back in recorded order (see :mod:`.cassette`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import orjson

from toolkit._paths import Pattern, drop, parse_path
from toolkit.codecs import as_bytes, read_body
from toolkit.recording.scrub import SECRET_QUERY_PARAMS
from toolkit.select import canonical_select

__all__ = [
    "MatchRules",
    "RequestKey",
    "canonical_body",
    "key_of",
    "make_vcr_matcher",
    "request_key",
    "split_uri",
]

#: ``(method, path, $select, other query, body)``; hashable, so it can key the replay index.
RequestKey = tuple[str, str, str, str, bytes]

_SELECT = "$select"


@dataclass(frozen=True)
class MatchRules:
    """Body paths to leave out of the comparison, query parameters to ignore (lower case), and the path
    segment where the compared path starts (what precedes it, e.g. a tenant prefix, is dropped; None:
    the whole path)."""

    ignore: tuple[str, ...] = ()
    ignore_query: frozenset[str] = SECRET_QUERY_PARAMS
    path_anchor: str | None = "/api/"
    _paths: tuple[Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ignore", tuple(dict.fromkeys(self.ignore)))
        object.__setattr__(self, "ignore_query", frozenset(q.lower() for q in self.ignore_query))
        object.__setattr__(self, "_paths", tuple(parse_path(p) for p in self.ignore))

    @property
    def ignore_paths(self) -> tuple[Pattern, ...]:
        """The ignored body paths, parsed."""
        return self._paths

    def extended(self, ignore: Iterable[str]) -> MatchRules:
        """These rules ignoring more body paths."""
        return MatchRules(
            ignore=(*self.ignore, *ignore), ignore_query=self.ignore_query, path_anchor=self.path_anchor
        )


def split_uri(uri: str, rules: MatchRules) -> tuple[str, str, str]:
    """``(path, normalised $select, other query)`` of a URI; scheme, host and port dropped."""
    parts = urlsplit(uri)
    select = ""
    others: list[tuple[str, str]] = []
    if parts.query:
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            lower = name.lower()
            if lower == _SELECT:
                select = canonical_select(",".join(filter(None, (select, value))))
            elif lower not in rules.ignore_query:
                others.append((name, value))
    other = "&".join(f"{n}={v}" for n, v in sorted(others))
    path = unquote(parts.path) or "/"
    if rules.path_anchor:
        at = path.lower().find(rules.path_anchor)
        if at > 0:
            path = path[at:]
    return path, select, other


def canonical_body(body: Any, rules: MatchRules) -> bytes:
    """The body as compared: its data as sorted compact JSON without ignored paths, or the raw bytes."""
    read = read_body(body)
    if read is None:
        return as_bytes(body)
    data = drop(read.data, rules.ignore_paths)
    return read.kind.encode() + b":" + orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def request_key(method: str, uri: str, body: Any, rules: MatchRules) -> RequestKey:
    """The match key of one request."""
    path, select, other = split_uri(uri, rules)
    return (method.upper(), path, select, other, canonical_body(body, rules))


def key_of(request: Any, rules: MatchRules) -> RequestKey:
    """The key of a vcrpy ``Request``, cached on it (the stubs ask several times per request)."""
    from toolkit.recording._vcr import request_body

    body = request_body(request)
    cached = getattr(request, "_so_key", None)
    stamp = (id(rules), request.method, request.uri, id(body))
    if cached is not None and cached[0] == stamp:
        key: RequestKey = cached[1]
        return key
    key = request_key(request.method, request.uri, body, rules)
    request._so_key = (stamp, key)
    return key


def make_vcr_matcher(rules: MatchRules) -> Callable[[Any, Any], None]:
    """A vcrpy matcher (raises ``AssertionError`` on a difference) comparing request keys."""

    def so_request_key(r1: Any, r2: Any) -> None:
        k1, k2 = key_of(r1, rules), key_of(r2, rules)
        if k1 != k2:
            raise AssertionError(f"{k1[:4]} != {k2[:4]} or the bodies differ")

    return so_request_key
