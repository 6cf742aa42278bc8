"""Dotted JSON body paths (``Associate.Name``, ``Links[*].Id``, ``Participants[0].EmailAddress``).

Used by matching (paths to ignore) and scrubbing (paths to blank).  Names compare case-insensitively,
as SuperOffice's property names do; ``*`` stands for every array item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["BodyPath", "locate", "parse_body_path"]

BodyPath = tuple[str, ...]


def parse_body_path(path: str) -> BodyPath:
    """Split a dotted path into lower-cased segments."""
    parts: list[str] = []
    for dotted in path.replace("[", ".[").split("."):
        if not dotted:
            continue
        parts.append(dotted.strip("[]").strip("'\"").lower() if dotted.startswith("[") else dotted.lower())
    return tuple(parts)


def locate(data: Any, path: BodyPath) -> Iterator[tuple[Any, Any]]:
    """Yield ``(container, key)`` for every value the path reaches in ``data``."""
    if not path:
        return
    head, rest = path[0], path[1:]
    targets: list[tuple[Any, Any]] = []
    if isinstance(data, dict):
        targets = [(data, k) for k in data if isinstance(k, str) and k.lower() == head]
    elif isinstance(data, list):
        if head == "*":
            targets = [(data, i) for i in range(len(data))]
        elif head.lstrip("-").isdigit() and -len(data) <= int(head) < len(data):
            targets = [(data, int(head))]
    for container, key in targets:
        if rest:
            yield from locate(container[key], rest)
        else:
            yield container, key
