"""The figures in the README come from the benchmark scripts, never typed by hand.

``benchmarks/run.py`` writes ``benchmarks/RESULTS.md`` and the README's performance table from one run,
``benchmarks/reliability.py`` the README's reliability table from the reliability suite's counts; here
the committed copies must agree, and the renderers are exercised on data of their own.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import reliability  # noqa: E402
import run as perf  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_performance_table_is_the_one_in_results_md():
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    ours = perf.between_markers(README)
    assert ours is not None, "README.md has no perf:begin/perf:end block"
    assert ours == perf.between_markers(results), (
        "README's table differs from benchmarks/RESULTS.md: rerun run.py"
    )
    assert "Machine:" in ours


def test_the_replay_plot_is_committed_beside_the_results():
    png = ROOT / "benchmarks" / "replay.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "(benchmarks/replay.png)" in README


def test_a_run_replaces_only_the_marked_block(tmp_path: Path):
    rows = [
        {
            "name": "check",
            "ours": 20.0,
            "unit": "µs",
            "anchor": "peer",
            "anchor_value": 10.0,
            "compare": "time",
            "target": "≤ 1.5x peer",
            "met": False,
        },
        {
            "name": "serve",
            "ours": 300,
            "unit": "req/s",
            "anchor": "echo",
            "anchor_value": 600,
            "compare": "rate",
        },
        {
            "name": "load",
            "ours": 1.0,
            "unit": "ms",
            "anchor": "peer: fails",
            "anchor_value": None,
            "compare": "time",
        },
    ]
    marked = perf.block(rows, "2026-01-02")
    assert "| check | 20.0 µs | peer | 10.0 µs | 2.00x the time | ≤ 1.5x peer: **missed** |" in marked
    assert "| serve | 300 req/s | echo | 600 req/s | 0.5x the throughput |  |" in marked
    assert "| load | 1.00 ms | peer: fails | — | — |  |" in marked
    text = f"intro\n{perf.BEGIN}\nold table\n{perf.END}\noutro\n"
    assert perf.replace_block(text, marked, "x.md") == f"intro\n{marked}\noutro\n"
    with pytest.raises(SystemExit, match="no <!-- perf:begin -->"):
        perf.replace_block("no markers here", marked, "x.md")


def test_the_readme_reliability_table_is_rendered_from_the_committed_figures():
    figures = json.loads((ROOT / "benchmarks" / "reliability.json").read_text(encoding="utf-8"))
    marked = reliability.between_markers(README)
    assert marked is not None, "README.md has no reliability:begin/reliability:end block"
    assert marked == reliability.block(figures), "README's reliability table is stale: rerun reliability.py"


def test_reliability_counts_from_every_module_and_worker_are_summed(tmp_path: Path):
    lines = tmp_path / "figures.jsonl"
    lines.write_text(
        "\n".join(
            json.dumps(x)
            for x in (
                {"module": "tests.test_reliability_fuzz", "requests": 10, "5xx": 0, "4xx": 8},
                {"module": "tests.test_reliability_fuzz", "requests": 5, "4xx": 5},
                {"module": "tests.test_reliability_cli", "faults injected": 3},
            )
        )
        + "\n",
        encoding="utf-8",
    )
    summed = reliability.summed(lines)
    assert summed["test_reliability_fuzz"] == {"requests": 15, "5xx": 0, "4xx": 13}
    assert summed["test_reliability_cli"] == {"faults injected": 3}
    table = reliability.table({"modules": summed, "passed": 2, "seconds": 1.5, "machine": "m", "date": "d"})
    assert "| `test_reliability_fuzz.py` | requests | 15 |" in table
    assert "| `test_reliability_fuzz.py` | 5xx | **0** |" in table
