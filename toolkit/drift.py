"""Drift: how a live (or newly recorded) answer differs from the recorded one, graded.

Two answers in vcrpy's serialized form (``{"status": {"code": ...}, "headers": {...}, "body":
{"string": ...}}``) are compared by :func:`compare_answers`; every difference becomes a :class:`Drift`
with a grade:

* ``breaking``: the status code changed; the media type of ``Content-Type`` changed; a property was
  removed; a property's JSON type changed (``null`` on either side is a value, not a type: nullable
  properties come and go as values); a string where the catalogue declares an enum holds a name the
  toolkit's schema does not know.
* ``additive``: a property the recording did not have; named as unknown to the toolkit's schema when
  the catalogue does not list it.
* ``value``: same shape, another value (array items added or removed included).

Headers other than ``Content-Type`` are not compared.  Volatile paths are left out by default
(:data:`VOLATILE_PATHS`: ``UpdatedDate``) and the scheme and host of ``_Links`` URLs are not compared
(a tenant and a local server write different ones); nor are values scrubbed when they were recorded
(``<SCRUBBED>`` against a string).  With a status change the bodies are not compared:
an error body against an entity would only be noise.

The path-by-path comparison is :func:`toolkit._diff.differences`; this module only grades.
"""

from __future__ import annotations

import gzip
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from toolkit._diff import MISSING, Difference, differences, short
from toolkit.recording.scrub import PLACEHOLDER

__all__ = [
    "GRADES",
    "VOLATILE_PATHS",
    "Drift",
    "Grade",
    "compare_answers",
    "compare_recordings",
    "count_by_grade",
]

Grade = Literal["breaking", "additive", "value"]

#: The grades, most serious first (the order of summaries).
GRADES: tuple[Grade, ...] = ("breaking", "additive", "value")

#: Body paths left out of every comparison: the server stamps them on every write.
VOLATILE_PATHS: tuple[str, ...] = ("UpdatedDate",)


@dataclass(frozen=True, slots=True)
class Drift:
    """One graded difference: ``path`` is a JSON path, or ``status`` / ``Content-Type``."""

    grade: Grade
    path: str
    change: str

    def __str__(self) -> str:
        if self.path in ("status", "Content-Type"):
            return f"{self.grade} {self.path} {self.change}"
        return f"{self.grade} {self.path}: {self.change}"


def compare_answers(
    recorded: Mapping[str, Any], live: Mapping[str, Any], *, ignore: Iterable[str] = ()
) -> list[Drift]:
    """Every graded difference between a recorded answer and a live one (serialized vcrpy responses).

    ``ignore``: more JSON body paths to leave out (``[*]`` for every item), on top of
    :data:`VOLATILE_PATHS`.
    """
    old_status, new_status = _status(recorded), _status(live)
    if old_status != new_status:
        return [Drift("breaking", "status", f"{old_status} -> {new_status}")]
    found: list[Drift] = []
    old_type, new_type = _media_type(recorded), _media_type(live)
    if old_type != new_type:
        found.append(Drift("breaking", "Content-Type", f"{old_type or '(none)'} -> {new_type or '(none)'}"))
    old_body, new_body = _body(recorded), _body(live)
    if old_body is None or new_body is None:
        # Not JSON nor an appointment in XML: compared as bytes.
        if _raw(recorded) != _raw(live):
            found.append(Drift("value", "$", "the body changed (not JSON: compared as bytes)"))
        return found
    old_body, new_body = _without_link_hosts(old_body), _without_link_hosts(new_body)
    root = _schema_root(new_status, new_body)
    ignored = (*VOLATILE_PATHS, *ignore)
    graded = [
        _grade(d, root)
        for d in differences(new_body, old_body, ignore=ignored)
        # A value scrubbed when it was recorded cannot be compared; it is not drift.
        if not (d.expected == PLACEHOLDER and isinstance(d.actual, str))
    ]
    # Most serious first; within a grade, the diff engine's order (shortest path first).
    found.extend(sorted(graded, key=lambda d: GRADES.index(d.grade)))
    return found


def count_by_grade(drifts: Iterable[Drift]) -> dict[Grade, int]:
    """``{"breaking": n, "additive": n, "value": n}``."""
    counts: dict[Grade, int] = dict.fromkeys(GRADES, 0)
    for drift in drifts:
        counts[drift.grade] += 1
    return counts


def compare_recordings(
    old: Sequence[tuple[Any, Mapping[str, Any]]],
    new: Sequence[tuple[Any, Mapping[str, Any]]],
    key: Callable[[Any], Hashable],
    *,
    ignore: Iterable[str] = (),
) -> list[tuple[int, Drift]]:
    """Drift between an old and a new recording of the same cassette: ``(new index, drift)`` pairs.

    ``old`` and ``new`` are ``(request, response)`` pairs; ``key(request)`` pairs them up as replay
    does (same request key, in recorded order).  Interactions without a partner are not drift (the test
    changed, not the API) and are left out.
    """
    queues: dict[Hashable, deque[int]] = {}
    for i, (request, _) in enumerate(old):
        queues.setdefault(key(request), deque()).append(i)
    out: list[tuple[int, Drift]] = []
    ignore = tuple(ignore)
    for n, (request, response) in enumerate(new):
        queue = queues.get(key(request))
        if not queue:
            continue
        previous = old[queue.popleft()][1]
        out.extend((n, d) for d in compare_answers(previous, response, ignore=ignore))
    return out


# --- reading answers ------------------------------------------------------------------------------


def _status(answer: Mapping[str, Any]) -> int | None:
    status = answer.get("status")
    code = status.get("code") if isinstance(status, Mapping) else None
    return code if isinstance(code, int) else None


def _media_type(answer: Mapping[str, Any]) -> str:
    # Parameters (charset) are not compared: the same media type in another spelling is no drift.
    from toolkit.recording.cassette_file import header_value

    return header_value(answer.get("headers"), "content-type").partition(";")[0].strip().lower()


def _raw(answer: Mapping[str, Any]) -> bytes:
    from toolkit.codecs import as_bytes

    body = answer.get("body")
    raw = as_bytes(body.get("string") if isinstance(body, Mapping) else body)
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError):
            return raw
    return raw


def _body(answer: Mapping[str, Any]) -> Any:
    from toolkit.codecs import read_body

    raw = _raw(answer)
    if not raw.strip():
        return None
    read = read_body(raw)
    return None if read is None else read.data


def _without_link_hosts(body: Any) -> Any:
    """``_Links`` URLs from ``/api/`` on (or without scheme and host): where the answer came from is
    not part of it."""
    if not isinstance(body, dict):
        return body
    # SuperOffice's own spelling first: scanning every key is the slow way.
    links = "_Links" if "_Links" in body else next((k for k in body if k.lower() == "_links"), None)
    if links is None or not isinstance(body[links], dict):
        return body
    out = dict(body)
    out[links] = {k: _url_path(v) if isinstance(v, str) else v for k, v in body[links].items()}
    return out


def _url_path(url: str) -> str:
    from urllib.parse import urlsplit

    at = url.lower().find("/api/")
    if at >= 0:
        return url[at:]
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- grading ---------------------------------------------------------------------------------------

_JSON_TYPES = {bool: "boolean", int: "number", float: "number", str: "string", dict: "object", list: "array"}


def _json_type(value: Any) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _kind(diff: Difference) -> str:
    """The difference's kind as removed / added / type / value."""
    if diff.actual is MISSING:
        return "removed"
    if diff.expected is MISSING:
        return "added"
    if _json_type(diff.actual) != _json_type(diff.expected) and None not in (diff.actual, diff.expected):
        return "type"
    return "value"


def _grade(diff: Difference, root: str | None) -> Drift:
    path = diff.path
    kind = _kind(diff)
    in_array = bool(diff.parts) and isinstance(diff.parts[-1], int)
    if kind == "removed":
        if in_array:
            return Drift("value", path, f"item removed (was {short(diff.expected)})")
        return Drift("breaking", path, f"removed (was {short(diff.expected)})")
    if kind == "added":
        if in_array:
            return Drift("value", path, f"item added: {short(diff.actual)}")
        unknown = root is not None and _schema_field(root, diff.parts) is _UNKNOWN
        note = " (unknown to the toolkit's schema)" if unknown else ""
        return Drift("additive", path, f"added: {short(diff.actual)}{note}")
    if kind == "type":
        return Drift(
            "breaking",
            path,
            f"type {_json_type(diff.expected)} -> {_json_type(diff.actual)}"
            f" ({short(diff.expected)} -> {short(diff.actual)})",
        )
    if root is not None and isinstance(diff.actual, str):
        names = _enum_at(root, diff.parts)
        if names is not None and not _is_enum_value(diff.actual, names):
            return Drift(
                "breaking",
                path,
                f"{short(diff.actual)} is not a value the toolkit's schema knows"
                f" (was {short(diff.expected)})",
            )
    return Drift("value", path, _changed(diff.expected, diff.actual))


def _changed(old: Any, new: Any) -> str:
    """``old -> new``; two long strings are shown from a little before where they first differ."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > 60:
        same = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new))
        )
        start = max(0, same - 20)
        if start:
            return f"{_window(old, start)} -> {_window(new, start)}"
    return f"{short(old)} -> {short(new)}"


def _window(text: str, start: int, width: int = 50) -> str:
    tail = "..." if len(text) > start + width else ""
    return repr("..." + text[start : start + width] + tail)


def _is_enum_value(value: str, names: tuple[str, ...]) -> bool:
    # Flags enums combine names: "Select, Update".
    return all(part.strip() in names for part in value.split(","))


# --- what the catalogue knows about a path -----------------------------------------------------------


class _Unknown:
    __slots__ = ()


#: A path the catalogue's carrier does not list.
_UNKNOWN = _Unknown()


def _schema_root(status: int | None, body: Any) -> str | None:
    """The carrier a body is, when the catalogue describes it: a 2xx appointment answer."""
    if status is not None and 200 <= status < 300 and isinstance(body, dict) and "AppointmentId" in body:
        return "AppointmentEntityWithLinks"
    return None


def _schema_field(root: str, parts: Sequence[Any]) -> Any:
    """The catalogue's field at ``parts``: a Field, ``_UNKNOWN`` when a carrier lacks the name, or None
    when the path leaves what the catalogue describes (a map's values, an untyped part)."""
    from toolkit.catalogue import TypeRef, carrier

    current: TypeRef | None = TypeRef("carrier", name=root)
    found: Any = None
    for part in parts:
        if current is None:
            return None
        if current.kind == "list" and isinstance(part, int):
            current = current.item
            continue
        if current.kind == "map" and isinstance(part, str):
            current = current.item
            found = None
            continue
        if current.kind == "carrier" and isinstance(part, str) and current.name:
            try:
                fields = carrier(current.name).fields
            except KeyError:
                return None
            field = next((f for f in fields if f.name == part), None)
            if field is None:
                field = next((f for f in fields if f.name.lower() == part.lower()), None)
            if field is None:
                return _UNKNOWN
            found, current = field, field.type
            continue
        return None
    return found


def _enum_at(root: str, parts: Sequence[Any]) -> tuple[str, ...] | None:
    from toolkit.catalogue import Field

    field = _schema_field(root, parts)
    return field.enum if isinstance(field, Field) else None
