"""The reference server under faults and load: broken framing, idle and half-sent connections, XML
attacks that must touch neither disk nor network, and concurrent writers that must lose nothing.

Complements ``test_server_hostile.py`` (bodies, content types, a single half-sent request): here the
faults are at the connection level and many at once.  Requests the HTTP parser itself refuses (bad
framing) are answered by uvicorn with a plain 400 before the app sees them; everything the app sees is
answered in SuperOffice's error shape.  ``SO_RELIABILITY_FIGURES=<file>`` appends this module's counts.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from toolkit.server import ReferenceServer
from toolkit.server.timezones import format_http_date

BEARER = {"Authorization": "Bearer reliability"}
FIGURES: Counter[str] = Counter()

# Files the server process opened, for the "nothing read from disk" checks.  An audit hook cannot be
# removed, so it only records paths while a test asks it to.
_OPENED: list[str] = []
_WATCHING = threading.Event()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WATCHING.is_set() and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=200) as srv:
        yield srv
        assert srv.app.failures == 0


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        yield client


@pytest.fixture(autouse=True)
def _still_healthy(server: ReferenceServer, http: httpx.Client) -> Iterator[None]:
    yield
    assert server.app.failures == 0
    assert http.put("/api/v1/Appointment/1", json={"Title": "healthy"}).status_code == 200


def port_of(server: ReferenceServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def raw_exchange(server: ReferenceServer, request: bytes, *, timeout: float = 5.0) -> bytes:
    """Send raw bytes, half-close, and read the whole answer (until the server closes)."""
    FIGURES["faults injected"] += 1
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.1 "), answer[:200]
    return int(answer[9:12])


def head_and_body(answer: bytes) -> tuple[bytes, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return head, body


# --- CRLF and framing ------------------------------------------------------------------------------------


def _put(headers: bytes, body: bytes = b'{"Title": "crlf"}', path: bytes = b"/api/v1/Appointment/2") -> bytes:
    return (
        b"PUT " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\n"
        + headers
        + b"Content-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


@pytest.mark.parametrize(
    "headers",
    [
        b"Authorization: Bearer abc\rSet-Cookie: injected=1\r\n",  # bare CR inside a value
        b"Authorization: Bearer abc\nSet-Cookie: injected=1\r\n",  # bare LF: a header line of its own
        b"Authorization: Bearer abc\r\n injected-fold\r\n",  # obsolete line folding
        b"Authorization: Bearer abc\r\nSO-TimeZone: Europe/Oslo\r\nSet-Cookie: injected=1\r\n",
        b"Authorization: Bearer abc\r\nTransfer-Encoding: chunked\r\n",  # smuggling: both framings
        b"Authorization: Bearer abc\r\nContent-Length: 99\r\n",  # two different lengths
        b"Authorization: Bearer abc\r\nX\x00Nul: 1\r\n",
        b"Authorization: Bearer\x00abc\r\n",
    ],
    ids=[
        "bare-cr",
        "bare-lf",
        "obs-fold",
        "extra-header",
        "te-and-cl",
        "two-lengths",
        "nul-name",
        "nul-value",
    ],
)
def test_crlf_and_framing_tricks_get_a_clean_answer_and_inject_nothing(
    server: ReferenceServer, headers: bytes
) -> None:
    answer = raw_exchange(server, _put(headers))
    status = status_of(answer)
    assert status < 500, answer[:300]
    head, _ = head_and_body(answer)
    # Nothing the client sent turns into a header of the answer.
    assert b"injected" not in head.lower()
    assert b"set-cookie" not in head.lower()


def test_crlf_in_the_path_and_in_quoted_values_stays_inside_the_body(server: ReferenceServer) -> None:
    cases = [
        _put(b"Authorization: Bearer abc\r\n", path=b"/api/v1/Appointment/1%0d%0aSet-Cookie:%20injected=1"),
        _put(b"Authorization: Bearer abc\r\nSO-TimeZone: Oslo%0d%0aSet-Cookie: injected=1\r\n"),
        _put(
            b"Authorization: Bearer abc\r\nAccept: application/xml\r\nSO-TimeZone: x&#13;&#10;<injected/>\r\n"
        ),
    ]
    for request in cases:
        answer = raw_exchange(server, request)
        assert status_of(answer) in (400, 404)
        head, body = head_and_body(answer)
        assert b"injected" not in head.lower()
        assert b"<injected" not in body  # quoted values are escaped in XML answers too


def test_a_body_shorter_than_its_content_length_writes_nothing(
    server: ReferenceServer, http: httpx.Client
) -> None:
    before = server.store.get(3)
    sockets = []
    try:
        for _ in range(50):
            sock = socket.create_connection(("127.0.0.1", port_of(server)), timeout=5)
            sock.sendall(
                b"PUT /api/v1/Appointment/3 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
                b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                b'{"Title": "half written", "Agenda": "'
            )
            sockets.append(sock)
            FIGURES["faults injected"] += 1
        # 50 clients wait mid-body: others are served meanwhile, with reads and writes.
        for appointment_id in range(10, 30):
            assert (
                http.put(f"/api/v1/Appointment/{appointment_id}", json={"Title": "meanwhile"}).status_code
                == 200
            )
            assert http.get(f"/api/v1/Appointment/{appointment_id}").json()["Title"] == "meanwhile"
        # Half of them give up abruptly (RST), half close politely: no answer is owed, nothing is stored.
        for i, sock in enumerate(sockets):
            if i % 2:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
            sock.close()
    finally:
        for sock in sockets:
            sock.close()
    assert http.get("/api/v1/Appointment/2").status_code == 200
    assert server.store.get(3) == before


def test_hundreds_of_idle_connections_do_not_starve_a_client(server: ReferenceServer) -> None:
    idle: list[socket.socket] = []
    try:
        for i in range(400):
            sock = socket.create_connection(("127.0.0.1", port_of(server)), timeout=5)
            if i % 2:
                # Half stop in the middle of the request line and headers (slowloris).
                sock.sendall(b"PUT /api/v1/Appointment/4 HTTP/1.1\r\nHost: x\r\nAuthoriz")
            idle.append(sock)
        FIGURES["faults injected"] += len(idle)
        # A fresh client is served while all 400 hang open (the timeout bounds "promptly").
        with httpx.Client(base_url=server.url, headers=BEARER, timeout=5) as fresh:
            for appointment_id in range(30, 40):
                response = fresh.put(f"/api/v1/Appointment/{appointment_id}", json={"Title": "served"})
                assert response.status_code == 200
                FIGURES["requests"] += 1
    finally:
        for sock in idle:
            sock.close()


# --- XML: entity expansion and external entities ----------------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> Iterator[Path]:
    """A file an external entity points at; the audit hook records every file opened meanwhile."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-4711", encoding="utf-8")
    _OPENED.clear()
    _WATCHING.set()
    try:
        yield secret
    finally:
        _WATCHING.clear()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local port an external DTD points at: it must never be connected to."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.setblocking(False)
    yield sock
    sock.close()


def _attacks(secret: Path, port: int) -> dict[str, bytes]:
    laughs = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )  # 10^9 expansions if it were ever expanded
    return {
        "billion-laughs": f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">{laughs}]>'
        "<AppointmentEntity><Title>&l9;</Title></AppointmentEntity>".encode(),
        "quadratic-blowup": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "' + b"x" * 50_000 + b'">]>'
        b"<AppointmentEntity><Title>" + b"&x;" * 5_000 + b"</Title></AppointmentEntity>",
        "file-entity": f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<AppointmentEntity><Title>&s;</Title></AppointmentEntity>".encode(),
        "etc-passwd": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
        b"<AppointmentEntity><Title>&s;</Title></AppointmentEntity>",
        "parameter-entity": f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p SYSTEM "file://{secret}">%p;]>'
        "<AppointmentEntity><Title>x</Title></AppointmentEntity>".encode(),
        "external-dtd": f'<?xml version="1.0"?><!DOCTYPE AppointmentEntity SYSTEM "http://127.0.0.1:{port}/a.dtd">'
        "<AppointmentEntity><Title>x</Title></AppointmentEntity>".encode(),
        "utf16-doctype": f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<AppointmentEntity><Title>&s;</Title></AppointmentEntity>".encode("utf-16"),
    }


def test_xml_attacks_are_refused_without_reading_disk_or_network(
    server: ReferenceServer, http: httpx.Client, planted: Path, listener: socket.socket
) -> None:
    before = server.store.get(5)
    for name, body in _attacks(planted, listener.getsockname()[1]).items():
        for accept in ("application/json", "application/xml"):
            FIGURES["faults injected"] += 1
            # A 5 s timeout: an expanding parser would still be busy long after it.
            response = http.put(
                "/api/v1/Appointment/5",
                content=body,
                headers={"Content-Type": "application/xml", "Accept": accept},
                timeout=5,
            )
            assert response.status_code == 400, (name, response.text[:300])
            assert "TOP-SECRET" not in response.text
            assert "root:" not in response.text
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody fetched the external DTD
    touched = [p for p in _OPENED if p.endswith(("secret.txt", "passwd"))]
    assert touched == []
    assert server.store.get(5) == before


def test_xinclude_is_not_processed(server: ReferenceServer, http: httpx.Client, planted: Path) -> None:
    body = (
        '<AppointmentEntity xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<Title><xi:include href="file://{planted}" parse="text"/></Title></AppointmentEntity>'
    ).encode()
    response = http.put("/api/v1/Appointment/6", content=body, headers={"Content-Type": "application/xml"})
    assert response.status_code in (200, 400)
    assert "TOP-SECRET" not in response.text
    assert "TOP-SECRET" not in json.dumps(server.store.get(6))
    assert not [p for p in _OPENED if p.endswith("secret.txt")]


# --- concurrency: If-Unmodified-Since and lost updates ------------------------------------------------------


def test_of_n_writers_on_one_version_exactly_one_wins_every_time(server: ReferenceServer) -> None:
    writers, rounds, target = 8, 15, 7
    barrier = threading.Barrier(writers)
    clients = [httpx.Client(base_url=server.url, headers=BEARER, timeout=10) for _ in range(writers)]
    try:
        for round_no in range(rounds):
            # A fresh version, stamped in a second of its own well in the past: each writer holds it.
            version = time.time() - 1000 + round_no
            entity = server.store.get(target)
            assert entity is not None
            server.store.set(target, {**entity, "Title": f"version {round_no}"}, modified=version)
            since = format_http_date(version)

            def write(i: int, since: str = since, round_no: int = round_no) -> tuple[str, int]:
                title = f"round {round_no} writer {i}"
                barrier.wait()
                response = clients[i].put(
                    f"/api/v1/Appointment/{target}",
                    json={"Title": title},
                    headers={"If-Unmodified-Since": since},
                )
                return title, response.status_code

            with ThreadPoolExecutor(writers) as pool:
                results = list(pool.map(write, range(writers)))
            FIGURES["requests"] += writers
            statuses = sorted(status for _, status in results)
            assert statuses == [200] + [412] * (writers - 1), statuses
            winner = next(title for title, status in results if status == 200)
            assert server.store.get(target)["Title"] == winner  # type: ignore[index]
            FIGURES["precondition races"] += 1
    finally:
        for client in clients:
            client.close()


def test_a_load_run_loses_no_update(server: ReferenceServer) -> None:
    threads, per_thread, ids = 8, 200, range(100, 150)

    def work(worker: int) -> list[tuple[int, str, str]]:
        done = []
        with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
            for n in range(per_thread):
                appointment_id = ids[(worker * 7 + n * 13) % len(ids)]
                title = f"w{worker}-n{n}"
                response = client.put(f"/api/v1/Appointment/{appointment_id}", json={"Title": title})
                assert response.status_code == 200, response.text[:300]
                stored = response.json()
                assert stored["Title"] == title  # each answer is this write's own result
                done.append((appointment_id, title, stored["UpdatedDate"]))
        return done

    with ThreadPoolExecutor(threads) as pool:
        writes = [w for batch in pool.map(work, range(threads)) for w in batch]
    assert len(writes) == threads * per_thread
    FIGURES["requests"] += len(writes)
    lost = 0
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        for appointment_id in ids:
            mine = [(stamp, title) for i, title, stamp in writes if i == appointment_id]
            # Every write made a version of its own, and the store ends with the latest one.
            assert len({stamp for stamp, _ in mine}) == len(mine)
            final = client.get(f"/api/v1/Appointment/{appointment_id}").json()
            lost += final["Title"] != max(mine)[1]
    FIGURES["lost updates"] += lost
    assert lost == 0


def test_compare_and_set_increments_through_json_patch_lose_nothing(server: ReferenceServer) -> None:
    threads, increments, target = 4, 25, 8
    url = f"/api/v1/Appointment/{target}"
    with httpx.Client(base_url=server.url, headers=BEARER) as client:
        assert client.put(url, json={"Title": "0"}).status_code == 200
    conflicts = Counter[str]()

    def work(worker: int) -> None:
        with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
            done = 0
            while done < increments:
                current = client.get(url).json()["Title"]
                patch = [
                    {"op": "test", "path": "/Title", "value": current},
                    {"op": "replace", "path": "/Title", "value": str(int(current) + 1)},
                ]
                response = client.patch(
                    url, content=json.dumps(patch), headers={"Content-Type": "application/json-patch+json"}
                )
                assert response.status_code in (200, 409), response.text[:300]
                if response.status_code == 200:
                    done += 1
                else:
                    conflicts[f"{worker}"] += 1

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))
    assert server.store.get(target)["Title"] == str(threads * increments)  # type: ignore[index]
    FIGURES["requests"] += 2 * (threads * increments + sum(conflicts.values()))
    FIGURES["patch conflicts retried"] += sum(conflicts.values())
