"""One way to write and read a JSON path, shared by every message and every path option.

``Links[0].Id``, ``UserDefinedFields["SuperOffice:1"]``, and ``$`` for the document itself.  Paths
given as options (ignore paths of the assertions and of request matching, scrubbed body paths) are
read in the same syntax, plus a wildcard: ``[*]`` (or ``.*``) stands for every array item or object
key (``Links[*].Id``, ``FieldProperties.*.FieldLength``); ``["*"]`` (quoted) is a key named ``*``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from toolkit.errors import UsageError

__all__ = [
    "DROP",
    "WILDCARD",
    "Part",
    "Pattern",
    "drop",
    "format_path",
    "join",
    "locate",
    "parse_path",
    "rewrite",
]

Part = str | int


def join(prefix: str, part: str | int) -> str:
    """Extend a formatted path by one key or index."""
    if isinstance(part, int):
        return f"{'' if prefix == '$' else prefix}[{part}]"
    if part.isidentifier():
        return part if prefix in ("", "$") else f"{prefix}.{part}"
    quoted = '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{'' if prefix == '$' else prefix}[{quoted}]"


def format_path(parts: Iterable[str | int]) -> str:
    """Format a sequence of keys and indexes (as jsonschema's ``absolute_path`` gives them)."""
    path = "$"
    for part in parts:
        path = join(path, part)
    return path


# --- reading paths -------------------------------------------------------------------------------


class _Wildcard:
    __slots__ = ()

    def __repr__(self) -> str:
        return "[*]"


#: ``[*]`` in a parsed path: every array item or object key.
WILDCARD: Final = _Wildcard()
Pattern = tuple[Part | _Wildcard, ...]


def parse_path(text: str) -> Pattern:
    """Parse a path as :func:`toolkit._paths.format_path` writes it (``$`` and ``[*]`` accepted).

    Raises :class:`~toolkit.errors.UsageError` naming the path and the position of the problem.
    """
    parts: list[Part | _Wildcard] = []
    i, n = 0, len(text)
    if text.startswith("$"):
        i = 1
        if text.startswith("$."):
            i = 2
    expect_name = i < n and text[i] not in "[."
    while i < n:
        ch = text[i]
        if expect_name or ch == ".":
            if ch == ".":
                i += 1
            j = i
            while j < n and text[j] not in ".[":
                j += 1
            name = text[i:j]
            if not name:
                raise UsageError(f"bad JSON path {text!r}: empty name at position {i}")
            parts.append(WILDCARD if name == "*" else name)
            i, expect_name = j, False
        elif ch == "[":
            close = text.find("]", i)
            if close < 0:
                raise UsageError(f"bad JSON path {text!r}: '[' at position {i} is never closed")
            inner = text[i + 1 : close]
            if inner.startswith('"'):
                key, close = _quoted(text, i + 1)
                parts.append(key)
            elif inner == "*":
                parts.append(WILDCARD)
            elif inner.isdigit():
                parts.append(int(inner))
            else:
                raise UsageError(f"bad JSON path {text!r}: [{inner}] is not an index, [*] or a quoted key")
            i = close + 1
        else:
            raise UsageError(f"bad JSON path {text!r}: unexpected {ch!r} at position {i}")
    return tuple(parts)


def _quoted(text: str, start: int) -> tuple[str, int]:
    # start is at the opening quote; returns the key and the index of the closing ']'.
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            if text[i + 1 : i + 2] != "]":
                raise UsageError(f"bad JSON path {text!r}: expected ']' after the quoted key")
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    raise UsageError(f"bad JSON path {text!r}: unterminated quoted key")


def locate(data: Any, pattern: Pattern, *, ignore_case: bool = False) -> Iterator[tuple[Any, Any]]:
    """Yield ``(container, key)`` for every value ``pattern`` reaches in ``data``.

    ``ignore_case`` compares property names case-insensitively, as SuperOffice's API does.  A name
    of digits also indexes a list (``Links.0.Id`` is ``Links[0].Id``).
    """
    if not pattern:
        return
    head, rest = pattern[0], pattern[1:]
    targets: list[tuple[Any, Any]] = []
    if isinstance(data, dict):
        if head is WILDCARD:
            targets = [(data, k) for k in data]
        elif isinstance(head, str):
            wanted = head.lower() if ignore_case else head
            targets = [
                (data, k) for k in data if isinstance(k, str) and (k.lower() if ignore_case else k) == wanted
            ]
    elif isinstance(data, list):
        if head is WILDCARD:
            targets = [(data, i) for i in range(len(data))]
        else:
            index = int(head) if isinstance(head, int) or (isinstance(head, str) and head.isdigit()) else None
            if index is not None and index < len(data):
                targets = [(data, index)]
    for container, key in targets:
        if rest:
            yield from locate(container[key], rest, ignore_case=ignore_case)
        else:
            yield container, key


# --- applying paths --------------------------------------------------------------------------------


class _Drop:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<drop>"


#: Returned by a :func:`rewrite` change: remove the key (an array item becomes null instead).
DROP: Final = _Drop()


def rewrite(data: Any, patterns: Iterable[Pattern], change: Callable[[Any], Any]) -> Any:
    """``data`` with every value the patterns reach replaced by ``change(value)``.

    The one applier of ignore paths (matching, assertions) and scrubbed body paths.  Property names
    compare case-insensitively, as SuperOffice's do; a name of digits also indexes an array.  When
    ``change`` returns :data:`DROP` a key is removed and an array item becomes null (so later indexes
    keep their meaning).  Only the containers on a reached path are copied; ``data`` is untouched.
    """
    for pattern in patterns:
        data = _rewrite(data, pattern, change)
    return data


def drop(data: Any, patterns: Iterable[Pattern]) -> Any:
    """``data`` without the values the patterns reach (see :func:`rewrite`)."""
    return rewrite(data, patterns, _to_drop)


def _to_drop(_: Any) -> _Drop:
    return DROP


def _rewrite(value: Any, pattern: Pattern, change: Callable[[Any], Any]) -> Any:
    if not pattern:
        return value
    head, rest = pattern[0], pattern[1:]
    if isinstance(value, dict):
        wanted = head.lower() if isinstance(head, str) else None
        keys = [k for k in value if head is WILDCARD or (isinstance(k, str) and k.lower() == wanted)]
        if not keys:
            return value
        out = dict(value)
        for k in keys:
            new = _rewrite(value[k], rest, change) if rest else change(value[k])
            if new is DROP:
                del out[k]
            else:
                out[k] = new
        return out
    if isinstance(value, list):
        if head is WILDCARD:
            indexes = range(len(value))
        else:
            index = int(head) if isinstance(head, int) or (isinstance(head, str) and head.isdigit()) else None
            if index is None or index >= len(value):
                return value
            indexes = range(index, index + 1)
        items = list(value)
        for i in indexes:
            new = _rewrite(value[i], rest, change) if rest else change(value[i])
            items[i] = None if new is DROP else new
        return items
    return value
