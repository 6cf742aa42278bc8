"""Verification cost per interaction: ``cassettes verify`` of N recorded PUTs against the embedded
reference server, beside plain replay of the same cassette and a bare HTTP round trip.

The cassette is recorded for real: N PUTs (factory bodies, ids cycling over the preloaded ones) through
the toolkit's recording into one cassette.  Then, in one run:

* verify: :func:`toolkit.verify.verify_files` against a fresh reference server (load the cassette, send
  every request in order, compare each answer with the recording: no drift);
* replay: the same N calls replayed from the cassette by the plugin's cassette (no network);
* HTTP floor: the same N PUT bodies sent with one ``httpx.Client`` to a fresh server, answers unread
  beyond the status: what any verification must pay at least.

Verification is bounded by the round trip and by parsing the YAML file (which replay pays too): one
row leaves the parsing out, so verify against the HTTP floor shows the comparison's own cost; replay is
shown to say what verifying costs beside an offline run.
Run: ``python benchmarks/bench_verify.py``; ``run()`` returns rows for ``benchmarks/run.py``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["run"]

N = 1_000
PRELOAD = 50
AUTH = ("bench", "bench-verify-secret")


def _bodies(n: int) -> list[dict[str, Any]]:
    from toolkit.factories import AppointmentFactory

    factory = AppointmentFactory(seed=2026)
    return [factory.build(AppointmentId=i % PRELOAD + 1) for i in range(n)]


def _record(path: Path, bodies: list[dict[str, Any]]) -> None:
    from toolkit.client import AppointmentClient, basic_auth
    from toolkit.recording.cassette import load_cassette, use_cassette
    from toolkit.server import ReferenceServer

    with ReferenceServer(preload=PRELOAD) as server:
        cassette = load_cassette(path, mode="rewrite")
        with use_cassette(cassette), AppointmentClient(server.url, basic_auth(*AUTH)) as client:
            for body in bodies:
                client.put(body["AppointmentId"], body)


def _verify_ms(path: Path, n: int) -> float:
    from toolkit.client import basic_auth
    from toolkit.server import ReferenceServer
    from toolkit.verify import verify_files

    with ReferenceServer(preload=PRELOAD) as server:
        start = time.perf_counter()
        result = verify_files(
            [path], against=server.url, authorization=basic_auth(*AUTH).headers["Authorization"]
        )
        elapsed = time.perf_counter() - start
    if result.findings or result.interactions != n:
        raise RuntimeError(f"verification of an unchanged API found drift: {result.summary()}")
    return elapsed / n * 1000


def _load_ms(path: Path, n: int) -> float:
    """Parsing the cassette file alone (verify and replay both pay it once)."""
    from toolkit.recording.cassette_file import load_cassette_data

    start = time.perf_counter()
    load_cassette_data(path)
    return (time.perf_counter() - start) / n * 1000


def _replay_ms(path: Path, bodies: list[dict[str, Any]]) -> float:
    from toolkit.client import AppointmentClient, basic_auth
    from toolkit.recording.cassette import load_cassette, use_cassette

    start = time.perf_counter()
    cassette = load_cassette(path, mode="none")
    with use_cassette(cassette), AppointmentClient("http://so-replay.invalid", basic_auth(*AUTH)) as client:
        for body in bodies:
            client.put(body["AppointmentId"], body)
    elapsed = time.perf_counter() - start
    if not cassette.all_played:
        raise RuntimeError("replay left interactions unplayed")
    return elapsed / len(bodies) * 1000


def _http_ms(bodies: list[dict[str, Any]]) -> float:
    import httpx
    import orjson

    from toolkit.server import ReferenceServer

    payloads = [(body["AppointmentId"], orjson.dumps(body)) for body in bodies]
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    with ReferenceServer(preload=PRELOAD) as server, httpx.Client(auth=AUTH) as client:
        start = time.perf_counter()
        for appointment_id, payload in payloads:
            answer = client.put(
                f"{server.url}/api/v1/Appointment/{appointment_id}", content=payload, headers=headers
            )
            if answer.status_code != 200:
                raise RuntimeError(f"the server answered {answer.status_code}")
        return (time.perf_counter() - start) / len(payloads) * 1000


def run(n: int = N, repeat: int = 3) -> list[dict[str, Any]]:
    """Rows for ``benchmarks/run.py``: verify per interaction against replay and the HTTP floor.

    Each figure is the best of ``repeat`` rounds, the rounds interleaved so that a busy machine
    disturbs every method alike.
    """
    bodies = _bodies(n)
    verify = load = replay = http = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "verify.yaml"
        _record(path, bodies)
        for _ in range(repeat):
            verify = min(verify, _verify_ms(path, n))
            load = min(load, _load_ms(path, n))
            replay = min(replay, _replay_ms(path, bodies))
            http = min(http, _http_ms(bodies))
    label = f"verify: per interaction ({n:,} recorded PUTs)"
    return [
        _row(label, verify, "bare HTTP PUT round trip (httpx, same server)", http),
        _row(f"{label}, YAML parsing left out", verify - load, "bare HTTP PUT round trip", http),
        _row(label, verify, "plain replay of the same cassette (offline)", replay),
    ]


def _row(what: str, ours_ms: float, anchor: str, anchor_ms: float) -> dict[str, Any]:
    # Both row layouts benchmarks/run.py has read: ``ours``/``unit``/``anchor_value`` and ``*_ms``.
    return {
        "name": what,
        "ours": round(ours_ms, 3),
        "unit": "ms",
        "anchor": anchor,
        "anchor_value": round(anchor_ms, 3),
        "compare": "time",
        "ours_ms": round(ours_ms, 3),
        "anchor_ms": round(anchor_ms, 3),
        "ratio": round(anchor_ms / ours_ms, 2),
    }


if __name__ == "__main__":
    for row in run():
        print(row)
