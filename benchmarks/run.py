"""Run every benchmark and print one table of ratios against the anchors, measured in the same run.

    python benchmarks/run.py                 # all of them (the server one needs wrk: apt-get install wrk)
    python benchmarks/run.py --only factories validation
    python benchmarks/run.py --markdown benchmarks/RESULTS.md

Each ``bench_*.py`` module here exposes ``run() -> list[dict]``; rows carry the toolkit's figure
(``ours``/``ours_ms``/``ours_us``), the anchor's (``anchor_value``/``anchor_ms``/``anchor_us``), the anchor's
name and ``ratio`` (how many times better ours is, or for the server, ours / anchor throughput).
Not part of the test run: timings never gate tests.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BENCHES = ("factories", "validation", "replay", "server", "verify")


def machine() -> str:
    """One line naming the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _figure(row: dict[str, Any], prefix: str) -> str:
    for key, unit in ((f"{prefix}_us", "µs"), (f"{prefix}_ms", "ms")):
        if key in row:
            return f"{row[key]:g} {unit}"
    key = "ours" if prefix == "ours" else "anchor_value"
    return f"{row[key]:g}" if isinstance(row.get(key), (int, float)) else str(row.get(key, ""))


def _ratio(row: dict[str, Any]) -> str:
    ratio = row.get("ratio")
    return f"{ratio:g}x" if isinstance(ratio, (int, float)) else str(ratio or "")


def run(names: list[str], *, quick: bool = False) -> list[dict[str, Any]]:
    sys.path.insert(0, str(HERE))
    rows: list[dict[str, Any]] = []
    for name in names:
        module = importlib.import_module(f"bench_{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        kwargs = _quick_kwargs(module.run) if quick else {}
        try:
            found = module.run(**kwargs)
        except RuntimeError as exc:  # e.g. wrk missing: say so and go on with the others
            found = [{"name": f"{name}: skipped", "ours": "", "anchor": str(exc), "anchor_value": ""}]
        print(f"  {name} took {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        rows.extend(found)
    return rows


def _quick_kwargs(fn: Any) -> dict[str, Any]:
    """Small sizes for a smoke run (``--quick``): figures are then only indicative."""
    params = inspect.signature(fn).parameters
    wanted = {"n": 20, "duration": 1.0, "sizes": (100,), "repeat": 1}
    return {k: v for k, v in wanted.items() if k in params}


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| benchmark | toolkit | anchor | anchor figure | ratio |",
        "|---|---:|---|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {_figure(row, 'ours')} | {row.get('anchor', '')} "
            f"| {_figure(row, 'anchor')} | {_ratio(row)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks side by side with their anchors.")
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES))
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run, not a measurement")
    parser.add_argument("--markdown", type=Path, help="also write the table (with the machine) to this file")
    ns = parser.parse_args(argv)
    rows = run(ns.only, quick=ns.quick)
    text = f"{table(rows)}\n\nMachine: {machine()}; {time.strftime('%Y-%m-%d')}.\n"
    print(text)
    if ns.markdown:
        tmp = ns.markdown.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(ns.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
