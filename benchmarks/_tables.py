"""What the benchmark scripts share: a result row, and the marked blocks they write into files.

A marked block is text between two HTML comments (``<!-- perf:begin -->`` ... ``<!-- perf:end -->``)
that a script owns inside a file people edit, such as the README.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["between", "replace_between", "timing_row", "write_atomic"]


def timing_row(
    what: str, ours: float, unit: str, anchor: str, anchor_value: float, digits: int = 2
) -> dict[str, Any]:
    """A row for ``run.py`` comparing two times (lower is better), rounded to ``digits``."""
    return {
        "name": what,
        "ours": round(ours, digits),
        "unit": unit,
        "anchor": anchor,
        "anchor_value": round(anchor_value, digits),
        "compare": "time",
    }


def between(text: str, begin: str, end: str) -> str | None:
    """The block of ``text`` from ``begin`` to ``end`` (markers included), or None."""
    found = re.search(re.escape(begin) + r".*?" + re.escape(end), text, re.S)
    return found.group(0) if found else None


def replace_between(text: str, block: str, begin: str, end: str, name: str) -> str:
    """``text`` with its marked block replaced by ``block``; exits naming ``name`` if it has none."""
    if between(text, begin, end) is None:
        raise SystemExit(f"{name} has no {begin} ... {end} block to replace")
    return re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, count=1, flags=re.S)


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: a reader sees the old file or the new one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
