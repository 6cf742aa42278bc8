"""Replay cost per request: the toolkit's indexed cassette against a bare ``responses`` mock, plain vcrpy
with body matching, and cassetter (a Rust-cored peer).

Each cassette holds N PUTs to one id (``/api/v1/Appointment/1``) with real request bodies from
``AppointmentFactory`` and real response bodies (``build_response``), the worst case for a matcher that
scans.  Every tool replays through ``requests`` in this process; a sample of the recorded requests is
sent (spread over the whole cassette, so a linear scan pays for its length) and the time per request is
the best of ``repeat`` rounds.  Loading (parsing the file, building the index) is not part of it.

* ours: :class:`toolkit.recording.cassette.IndexedCassette` (vcrpy's stubs, our index and matching).
* ``responses``: one registered PUT URL, nothing to match: the floor for an in-process mock.
* vcrpy: the same file, ``match_on=["method", "path", "body"]`` (O(n) per request; a few requests only).
* cassetter: its own cassette, recorded against the reference server, ``match_on`` method, uri, body.
  If it cannot load or replay a size, the row says so (a finding, not a crash).

Target: ours at every size under 2x the per-request cost of the ``responses`` mock.  :func:`plot` draws
the rows as ``benchmarks/replay.png``.
Run: ``python benchmarks/bench_replay.py``; ``run()`` returns rows for ``benchmarks/run.py``.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import requests

from toolkit.factories import AppointmentFactory

__all__ = ["TARGET_RATIO", "build_cassette", "run"]

#: ours must cost under this many times the responses mock per request at every size.
TARGET_RATIO = 2.0
SIZES = (100, 1_000, 10_000)
CASSETTER_MAX = 1_000
URL = "http://bench.invalid/api/v1/Appointment/1"


def _payloads(n: int) -> tuple[list[bytes], list[bytes]]:
    factory = AppointmentFactory(seed=2026)
    requests_ = [orjson.dumps(factory.build(AppointmentId=1, Title=f"Update {i}")) for i in range(n)]
    answer = orjson.dumps(factory.build_response(AppointmentId=1))
    return requests_, [answer] * n


def build_cassette(path: Path, n: int) -> list[bytes]:
    """Write a cassette of ``n`` PUTs to one id (our readable format); returns the request bodies."""
    from vcr.request import Request

    from toolkit.recording.persist import AtomicPersister

    bodies, answers = _payloads(n)
    reqs = [Request("PUT", URL, body, {"Content-Type": "application/json"}) for body in bodies]
    resps = [
        {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"], "Content-Length": [str(len(a))]},
            "body": {"string": a},
        }
        for a in answers
    ]
    AtomicPersister().save_cassette(path, {"requests": reqs, "responses": resps})
    return bodies


def _sample(bodies: list[bytes], count: int) -> list[bytes]:
    step = max(1, len(bodies) // count)
    return bodies[::step][:count]


def _timed(
    send: Callable[[bytes], None], sample: list[bytes], repeat: int, fresh: Callable[[], Any]
) -> float:
    """Best per-request milliseconds over ``repeat`` rounds; ``fresh()`` rewinds between rounds."""
    best = float("inf")
    for _ in range(repeat):
        fresh()
        start = time.perf_counter()
        for body in sample:
            send(body)
        best = min(best, (time.perf_counter() - start) / len(sample) * 1000)
    return best


def _put(session: requests.Session) -> Callable[[bytes], None]:
    headers = {"Content-Type": "application/json"}

    def send(body: bytes) -> None:
        answer = session.put(URL, data=body, headers=headers, timeout=5)
        if answer.status_code != 200:
            raise RuntimeError(f"replay answered {answer.status_code}")

    return send


def load_ours(path: Path) -> tuple[Any, float]:
    """The toolkit's indexed cassette for ``path`` and its load time in seconds."""
    from toolkit.recording.cassette import load_cassette

    start = time.perf_counter()
    cassette = load_cassette(path, mode="none")
    return cassette, time.perf_counter() - start


def bench_ours(cassette: Any, bodies: list[bytes], count: int) -> float:
    """ms per request for one round through the (rewound) indexed cassette."""
    from toolkit.recording.cassette import use_cassette

    cassette.rewind()
    with use_cassette(cassette), requests.Session() as session:
        return _timed(_put(session), _sample(bodies, count), 1, lambda: None)


def bench_responses(bodies: list[bytes], count: int, repeat: int) -> float:
    """ms per request for a bare ``responses`` mock of the same URL and response."""
    import responses

    answer = _payloads(1)[1][0]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock, requests.Session() as session:
        mock.add(responses.PUT, URL, body=answer, status=200, content_type="application/json")
        return _timed(_put(session), _sample(bodies, count), repeat, lambda: None)


def bench_vcrpy(path: Path, bodies: list[bytes], count: int, repeat: int) -> tuple[float, float]:
    """(load seconds, ms per request) for plain vcrpy matching method, path and body."""
    import vcr

    plain = vcr.VCR(record_mode="none", match_on=["method", "path", "body"])
    sample = _sample(bodies, count)
    best = float("inf")
    load = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        with plain.use_cassette(str(path)), requests.Session() as session:
            load = time.perf_counter() - start
            best = min(best, _timed(_put(session), sample, 1, lambda: None))
    return load, best


@contextlib.contextmanager
def _server() -> Iterator[str]:
    from toolkit.server import ReferenceServer

    with ReferenceServer(preload=1) as server:
        yield server.url


def bench_cassetter(directory: Path, bodies: list[bytes], count: int, repeat: int) -> tuple[float, float]:
    """(load seconds, ms per request) for cassetter, after recording its own cassette of these PUTs."""
    import cassetter

    path = directory / f"cassetter-{len(bodies)}.yaml"
    auth = {"Authorization": "Basic YmVuY2g6YmVuY2g=", "Content-Type": "application/json"}
    match = ["method", "uri", "body"]
    with _server() as live, requests.Session() as session:
        with cassetter.use_cassette(path, record_mode="all", match_on=match):
            for body in bodies:
                session.put(f"{live}/api/v1/Appointment/1", data=body, headers=auth, timeout=10)
        sample = _sample(bodies, count)
        best = float("inf")
        load = 0.0
        for _ in range(repeat):
            start = time.perf_counter()
            with cassetter.use_cassette(path, record_mode="none", match_on=match):
                load = time.perf_counter() - start
                start = time.perf_counter()
                for body in sample:
                    answer = session.put(f"{live}/api/v1/Appointment/1", data=body, headers=auth, timeout=10)
                    if answer.status_code != 200:
                        raise RuntimeError(f"cassetter replay answered {answer.status_code}")
                best = min(best, (time.perf_counter() - start) / len(sample) * 1000)
    return load, best


def _row(
    size: int, ours_ms: float, anchor: str, anchor_ms: float | None, series: str, **extra: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": f"replay one PUT from a cassette of {size:,}",
        "ours": round(ours_ms, 4),
        "unit": "ms",
        "anchor": anchor,
        "anchor_value": None if anchor_ms is None else round(anchor_ms, 4),
        "compare": "time",
        "size": size,
        "series": series,
    }
    row.update(extra)
    return row


def run(sizes: tuple[int, ...] = SIZES, repeat: int = 3, n: int = 200) -> list[dict[str, Any]]:
    """One row per (size, anchor); rows carry ``size`` and ``series`` for the replay plot."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="so-bench-replay-") as tmp:
        directory = Path(tmp)
        for size in sizes:
            path = directory / f"ours-{size}.yaml"
            bodies = build_cassette(path, size)
            count = min(n, size)
            cassette, _ = load_ours(path)
            # Alternate the two rounds: on a shared machine a busy spell then hits both, not one.
            ours, base = float("inf"), float("inf")
            for _ in range(repeat):
                ours = min(ours, bench_ours(cassette, bodies, count))
                base = min(base, bench_responses(bodies, count, 1))
            del cassette
            rows.append(
                _row(
                    size,
                    ours,
                    "responses (one mocked URL, nothing to match)",
                    base,
                    "responses",
                    target=f"< {TARGET_RATIO:g}x responses",
                    met=ours < TARGET_RATIO * base,
                )
            )
            # vcrpy scans every recording per request: a few requests suffice to see its cost.
            _, vms = bench_vcrpy(path, bodies, max(3, min(count, 2_000 // max(1, size // 10))), 1)
            rows.append(_row(size, ours, "vcrpy (matching method, path, body)", vms, "vcrpy"))
            if size <= CASSETTER_MAX:
                try:
                    _, cms = bench_cassetter(directory, bodies, min(count, 50), 1)
                except Exception as exc:  # a finding to report, not a crash
                    reason = " ".join(str(exc).replace(f"{directory}/", "").split())
                    rows.append(
                        _row(
                            size,
                            ours,
                            f"cassetter: fails ({type(exc).__name__}: {reason[:90]})",
                            None,
                            "cassetter",
                        )
                    )
                else:
                    rows.append(_row(size, ours, "cassetter (Rust core)", cms, "cassetter"))
    return rows


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Draw per-request replay cost against cassette size (log-log) for every series in ``rows``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series: dict[str, dict[int, float]] = {}
    fails: dict[str, list[int]] = {}
    for row in rows:
        if "size" not in row:
            continue
        series.setdefault("toolkit", {})[row["size"]] = row["ours"]
        if row["anchor_value"] is not None:
            series.setdefault(row["series"], {})[row["size"]] = row["anchor_value"]
        else:
            fails.setdefault(row["series"], []).append(row["size"])
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for name, points in series.items():
        sizes = sorted(points)
        if name in fails:  # say in the legend where a line stops because the tool could not go on
            name = f"{name} (cannot load {', '.join(f'{s:,}' for s in fails[name])})"
        ax.plot(
            sizes,
            [points[s] for s in sizes],
            marker="o",
            label=name,
            linewidth=2.5 if name == "toolkit" else 1.5,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("interactions in the cassette (all PUTs to one id)")
    ax.set_ylabel("ms per replayed request")
    ax.set_title("Replay cost per request against cassette size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp)
    plt.close(fig)
    tmp.replace(path)


def main() -> None:
    from run import table

    print(table(run()))


if __name__ == "__main__":
    main()
