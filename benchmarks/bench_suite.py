"""Suite replay overhead: what a CI run pays per test, as whole ``pytest -q`` runs.

One suite of ``n`` tests (300 by default), each fetching one appointment with ``requests`` and checking
its id, is written three ways:

* toolkit: ``@pytest.mark.so_cassette``, one small cassette per test, replayed offline (mode ``none``);
* pytest-recording: ``@pytest.mark.vcr``, one cassette per test, replayed with ``--record-mode=none``;
* floor: ``responses`` mocks the same GET with the same body, no cassette at all.

The two cassette suites are first recorded against the reference server.  The toolkit is byte-compiled
first, as pip compiles every package it installs from a wheel: run from a source checkout with
``PYTHONDONTWRITEBYTECODE`` set, it would otherwise recompile its modules in every run, a cost no
installed package (vcrpy, pytest-recording, responses) pays.  Each run loads only the
plugin it needs (``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`` and ``-p``), so no suite pays for another's
plugin.  The three replay runs alternate, ``repeat`` rounds (5 by default), and the median wall time
of each counts: on a shared machine a busy spell then hits all three alike.

Targets: the toolkit at most 1.35x the floor and at most 0.8x pytest-recording.
Run: ``python benchmarks/bench_suite.py``; ``run()`` returns rows for ``benchmarks/run.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from _tables import timing_row

__all__ = ["TARGET_VS_FLOOR", "TARGET_VS_RECORDING", "run", "write_suites"]

TARGET_VS_FLOOR = 1.35
TARGET_VS_RECORDING = 0.8
AUTH = {"Authorization": "Basic YmVuY2g6YmVuY2g="}

_TOOLKIT = """\
import pytest
import requests

AUTH = {auth!r}


@pytest.mark.parametrize("appointment_id", range(1, {n} + 1))
@pytest.mark.so_cassette
def test_get(so_base_url, appointment_id):
    answer = requests.get(f"{{so_base_url}}/api/v1/Appointment/{{appointment_id}}", headers=AUTH, timeout=5)
    assert answer.json()["AppointmentId"] == appointment_id
"""

_RECORDING = """\
import pytest
import requests

AUTH = {auth!r}
BASE_URL = {url!r}


@pytest.mark.parametrize("appointment_id", range(1, {n} + 1))
@pytest.mark.vcr
def test_get(appointment_id):
    answer = requests.get(f"{{BASE_URL}}/api/v1/Appointment/{{appointment_id}}", headers=AUTH, timeout=5)
    assert answer.json()["AppointmentId"] == appointment_id
"""

_FLOOR = """\
import json
from pathlib import Path

import pytest
import requests
import responses

AUTH = {auth!r}
BASE_URL = {url!r}
BODIES = json.loads((Path(__file__).parent / "bodies.json").read_text())


@pytest.mark.parametrize("appointment_id", range(1, {n} + 1))
@responses.activate
def test_get(appointment_id):
    url = f"{{BASE_URL}}/api/v1/Appointment/{{appointment_id}}"
    responses.get(url, body=BODIES[str(appointment_id)], content_type="application/json")
    answer = requests.get(url, headers=AUTH, timeout=5)
    assert answer.json()["AppointmentId"] == appointment_id
"""

#: suite name -> (test file template, plugin arguments, replay arguments)
SUITES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "toolkit": (_TOOLKIT, ("-p", "toolkit.pytest_plugin"), ("--so-record-mode=none",)),
    "pytest-recording": (_RECORDING, ("-p", "pytest_recording.plugin"), ("--record-mode=none",)),
    "responses": (_FLOOR, (), ()),
}


def _pytest(directory: Path, plugin: tuple[str, ...], extra: tuple[str, ...]) -> float:
    """Seconds of wall time for one ``pytest -q`` run in ``directory`` (a failure raises)."""
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin, *extra]
    start = time.perf_counter()
    done = subprocess.run(args, cwd=directory, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-15:])
        raise RuntimeError(f"pytest in {directory} failed ({done.returncode}):\n{tail}")
    return seconds


def write_suites(root: Path, n: int, url: str, bodies: dict[str, str]) -> dict[str, Path]:
    """Write the three suites under ``root`` (one directory each); returns their directories."""
    import json

    out = {}
    for name, (template, _, _) in SUITES.items():
        directory = root / name
        directory.mkdir(parents=True)
        (directory / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # rootdir here, no addopts
        (directory / "test_suite.py").write_text(
            textwrap.dedent(template.format(auth=AUTH, url=url, n=n)), encoding="utf-8"
        )
        (directory / "bodies.json").write_text(json.dumps(bodies), encoding="utf-8")
        out[name] = directory
    return out


def _record(suites: dict[str, Path], url: str) -> None:
    """Record the two cassette suites against the live reference server at ``url``."""
    _, plugin, _ = SUITES["toolkit"]
    _pytest(suites["toolkit"], plugin, ("--so-record-mode=once", f"--so-base-url={url}"))
    _, plugin, _ = SUITES["pytest-recording"]
    _pytest(suites["pytest-recording"], plugin, ("--record-mode=once",))


def _compile_like_an_install() -> None:
    """Byte-compile the toolkit's modules, as pip does when it installs the wheel."""
    import compileall

    import toolkit

    compileall.compile_dir(Path(toolkit.__file__).parent, quiet=1)


def run(n: int = 300, repeat: int = 5) -> list[dict[str, Any]]:
    """Rows: the toolkit's median beside pytest-recording's and the ``responses`` floor's."""
    import requests

    _compile_like_an_install()

    from toolkit.server import ReferenceServer

    with tempfile.TemporaryDirectory(prefix="so-bench-suite-") as tmp:
        with ReferenceServer(preload=n) as server:
            bodies = {
                str(i): requests.get(f"{server.url}/api/v1/Appointment/{i}", headers=AUTH, timeout=5).text
                for i in range(1, n + 1)
            }
            suites = write_suites(Path(tmp), n, server.url, bodies)
            _record(suites, server.url)
        times: dict[str, list[float]] = {name: [] for name in SUITES}
        for _ in range(repeat):  # alternated: a busy spell on a shared machine hits all three
            for name, (_, plugin, replay) in SUITES.items():
                times[name].append(_pytest(suites[name], plugin, replay))
    median = {name: statistics.median(found) for name, found in times.items()}
    ours = median["toolkit"]
    what = f"whole `pytest -q` run of {n} tests, each replaying one GET (median of {repeat})"
    rows = []
    for suite, anchor, target in (
        ("pytest-recording", "pytest-recording (vcrpy), one cassette per test", TARGET_VS_RECORDING),
        ("responses", "responses mocks, no cassette (the floor)", TARGET_VS_FLOOR),
    ):
        row = timing_row(what, ours, "s", anchor, median[suite])
        row["target"] = f"≤ {target:g}x the time"
        row["met"] = ours <= target * median[suite]
        rows.append(row)
    return rows


def main() -> None:
    from run import table

    print(table(run()))


if __name__ == "__main__":
    main()
