"""One way to write a JSON path, shared by every message the toolkit prints.

``Links[0].Id``, ``UserDefinedFields["SuperOffice:1"]``, and ``$`` for the document itself.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["format_path", "join"]


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
