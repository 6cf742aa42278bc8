"""The reliability figures: run the reliability suite, sum what it counted, write the README's table.

    python benchmarks/reliability.py                      # run tests/test_reliability_*.py (-n 2), write
    python benchmarks/reliability.py --from figures.jsonl # only render counts gathered before

Each reliability module counts what it sends and finds and, when ``SO_RELIABILITY_FIGURES`` names a
file, appends its counts there as one JSON line (under xdist, one line per worker that ran part of it).
This script sums them per module, writes ``benchmarks/reliability.json`` and replaces the README's
table between ``<!-- reliability:begin -->`` and ``<!-- reliability:end -->``.  A test checks that the
README's table is the one ``reliability.json`` renders.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from _tables import between, replace_between, write_atomic  # noqa: E402

BEGIN, END = "<!-- reliability:begin -->", "<!-- reliability:end -->"
#: Counts that must be zero; shown in bold so a reader sees what they promise.
MUST_BE_ZERO = ("5xx", "lost", "leak", "unexpected", "half", "traceback", "double")


def summed(path: Path) -> dict[str, dict[str, int]]:
    """Per module (``test_reliability_x``), each count summed over the lines of ``path``."""
    out: dict[str, dict[str, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        module = str(item.pop("module")).rpartition(".")[2]
        counts = out.setdefault(module, {})
        for key, value in item.items():
            counts[key] = counts.get(key, 0) + int(value)
    return out


def _value(key: str, value: int) -> str:
    text = f"{value:,}"
    return f"**{text}**" if value == 0 and any(word in key.lower() for word in MUST_BE_ZERO) else text


def table(figures: dict[str, Any]) -> str:
    lines = ["| Module | Figure | Count |", "|---|---|---:|"]
    for module, counts in sorted(figures["modules"].items()):
        for key, value in counts.items():
            lines.append(f"| `{module}.py` | {key} | {_value(key, value)} |")
    return "\n".join(lines)


def block(figures: dict[str, Any]) -> str:
    summary = (
        f"From one run of the reliability suite (`pytest -n 2`: {figures['passed']} passed in "
        f"{figures['seconds']:.0f} s) on {figures['machine']}; {figures['date']}."
    )
    return f"{BEGIN}\n{table(figures)}\n\n{summary}\n{END}"


def between_markers(text: str) -> str | None:
    return between(text, BEGIN, END)


def _run_suite(target: Path) -> tuple[int, float]:
    """Run the reliability modules with the figures file set; (tests passed, wall seconds)."""
    env = {**os.environ, "SO_RELIABILITY_FIGURES": str(target)}
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_reliability_*.py"))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *tests, "-n", "2", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-20:])
        raise SystemExit(f"reliability.py: the reliability suite failed; nothing written\n{tail}")
    passed = re.search(r"(\d+) passed", done.stdout)
    return (int(passed.group(1)) if passed else 0), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the reliability suite and write its figures table.")
    parser.add_argument(
        "--from", dest="source", type=Path, help="render this figures file instead of running"
    )
    parser.add_argument("--json", type=Path, default=HERE / "reliability.json", help="where the sums go")
    parser.add_argument(
        "--readme", type=Path, default=ROOT / "README.md", help="README whose table to replace"
    )
    ns = parser.parse_args(argv)
    text = ns.readme.read_text(encoding="utf-8")
    if between_markers(text) is None:
        parser.error(f"{ns.readme} has no {BEGIN} ... {END} block to replace")
    from run import machine

    with tempfile.TemporaryDirectory(prefix="so-reliability-") as tmp:
        if ns.source is not None:
            source, passed, seconds = ns.source, 0, 0.0
        else:
            source = Path(tmp, "figures.jsonl")
            passed, seconds = _run_suite(source)
        figures = {
            "modules": summed(source),
            "passed": passed,
            "seconds": round(seconds, 1),
            "machine": machine(),
            "date": time.strftime("%Y-%m-%d"),
        }
    marked = block(figures)
    print(marked)
    write_atomic(ns.json, json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    write_atomic(ns.readme, replace_between(text, marked, BEGIN, END, f"reliability.py: {ns.readme}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
