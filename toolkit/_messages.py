"""Wording shared by every message the toolkit prints: counted nouns and capped lists."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["cap", "plural"]


def plural(n: int, noun: str) -> str:
    """``1 problem``, ``2 problems`` (every noun the toolkit counts takes an ``s``)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cap(lines: Sequence[str], limit: int, noun: str = "") -> list[str]:
    """At most ``limit`` lines, then one saying how many were left out (``... and 3 more``)."""
    if len(lines) <= limit:
        return list(lines)
    more = f"... and {len(lines) - limit} more"
    return [*lines[:limit], f"{more} {noun}" if noun else more]
