"""Run every benchmark and write one table of the toolkit beside its anchors, all from the same run.

    python benchmarks/run.py                    # everything: writes RESULTS.md, README's table, replay.png
    python benchmarks/run.py --quick            # a smoke run: tiny sizes, prints only
    python benchmarks/run.py --only validation  # one benchmark, prints only

A full run (no ``--quick``, no ``--only``) writes ``benchmarks/RESULTS.md``, the README's performance
table (between ``<!-- perf:begin -->`` and ``<!-- perf:end -->``, the same text as in RESULTS.md) and
``benchmarks/replay.png``.  A partial run writes only the files named with ``--results`` / ``--readme``
/ ``--png``.  The server benchmark needs wrk (``apt-get install wrk``); without it its row says so.

Each ``bench_*.py`` module here has ``run() -> list[dict]``.  A row: ``name`` (what is measured),
``ours`` and ``unit``, ``anchor`` (what it is measured beside) and ``anchor_value`` (same unit; None
when the anchor has no figure, e.g. it failed), ``compare`` (``time``: lower is better; ``rate``:
higher is better), optionally ``target`` and ``met``.  Timings never gate tests.
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
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _tables import between, replace_between, write_atomic  # noqa: E402

BENCHES = ("factories", "validation", "replay", "suite", "server", "verify")
BEGIN, END = "<!-- perf:begin -->", "<!-- perf:end -->"
#: Arguments of a ``--quick`` run: small sizes, few repeats (figures only indicative).
QUICK = {"n": 20, "duration": 1.0, "rounds": 1, "sizes": (100,), "repeat": 1}


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
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the end"
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}{load}"


def number(value: float) -> str:
    """A figure with three significant digits at most (thousands separated)."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def comparison(row: dict[str, Any]) -> str:
    """How the toolkit's figure stands beside the anchor's, in words."""
    anchor, ours = row.get("anchor_value"), row["ours"]
    if not isinstance(anchor, (int, float)) or not isinstance(ours, (int, float)) or not anchor or not ours:
        return "—"
    if row.get("compare") == "rate":
        return f"{number(ours / anchor)}x the throughput"
    ratio = ours / anchor
    return f"{number(1 / ratio)}x faster" if ratio < 1 else f"{number(ratio)}x the time"


def target(row: dict[str, Any]) -> str:
    if "target" not in row:
        return ""
    return f"{row['target']}: {'met' if row.get('met') else '**missed**'}"


def figure(value: Any, unit: str) -> str:
    if isinstance(value, (int, float)):
        return f"{number(value)} {unit}".strip()
    return "—" if value is None else str(value)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| what | toolkit | beside | its figure | toolkit vs it | target |",
        "|---|---:|---|---:|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {figure(row['ours'], row.get('unit', ''))} | {row['anchor']} "
            f"| {figure(row.get('anchor_value'), row.get('unit', ''))} | {comparison(row)} | {target(row)} |"
        )
    return "\n".join(lines)


def run(names: list[str], *, quick: bool = False) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in names:
        module = importlib.import_module(f"bench_{name}")
        print(f"running {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        params = inspect.signature(module.run).parameters
        kwargs = {k: v for k, v in QUICK.items() if k in params} if quick else {}
        try:
            found = module.run(**kwargs)
        except RuntimeError as exc:  # e.g. wrk missing: say so and go on with the others
            found = [
                {"name": f"{name}: not measured", "ours": None, "anchor": str(exc), "anchor_value": None}
            ]
        print(f"  {name} took {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        rows.extend(found)
    return rows


def block(rows: list[dict[str, Any]], when: str) -> str:
    """The text between the markers: the table and the line naming machine and date."""
    return f"{BEGIN}\n{table(rows)}\n\nMachine: {machine()}; {when}.\n{END}"


def between_markers(text: str) -> str | None:
    """The marked block of ``text`` (markers included), or None."""
    return between(text, BEGIN, END)


def results_text(marked: str) -> str:
    return (
        "# Benchmark results\n\n"
        "Written by `python benchmarks/run.py` (do not edit); the README's performance table is the same"
        " block.\n\n"
        f"{marked}\n\n"
        "![Replay cost per request against cassette size](replay.png)\n"
    )


def replace_block(text: str, marked: str, name: str) -> str:
    return replace_between(text, marked, BEGIN, END, f"run.py: {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks beside their anchors; write the tables.")
    parser.add_argument("--only", nargs="+", choices=BENCHES, help="run only these (then nothing is written)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run, not a measurement")
    parser.add_argument("--results", type=Path, help="write RESULTS.md here (default on a full run)")
    parser.add_argument(
        "--readme", type=Path, help="replace the marked table in this README (default on a full run)"
    )
    parser.add_argument("--png", type=Path, help="draw the replay plot here (default on a full run)")
    ns = parser.parse_args(argv)
    full = not ns.quick and not ns.only
    if full:
        ns.results = ns.results or HERE / "RESULTS.md"
        ns.readme = ns.readme or ROOT / "README.md"
        ns.png = ns.png or HERE / "replay.png"
    if ns.readme is not None and between_markers(ns.readme.read_text(encoding="utf-8")) is None:
        parser.error(f"{ns.readme} has no {BEGIN} ... {END} block to replace")
    rows = run(list(ns.only or BENCHES), quick=ns.quick)
    marked = block(rows, time.strftime("%Y-%m-%d"))
    print(marked)
    if ns.results:
        write_atomic(ns.results, results_text(marked))
    if ns.readme:
        write_atomic(ns.readme, replace_block(ns.readme.read_text(encoding="utf-8"), marked, str(ns.readme)))
    if ns.png and any("size" in row for row in rows):
        from bench_replay import plot

        plot(rows, ns.png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
