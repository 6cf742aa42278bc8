"""The network guard: connections fail at once inside it; allowed hosts match whole; nothing leaks out."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import httpx
import pytest
import requests

from toolkit.errors import NetworkBlockedError
from toolkit.recording.network import blocked_network, host_allowed
from toolkit.server import ReferenceServer


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=1) as running:
        yield running


def test_requests_and_httpx_are_blocked_with_a_clear_error(server: ReferenceServer) -> None:
    url = f"{server.url}/api/v1/Appointment/1"
    with blocked_network():
        with pytest.raises(
            NetworkBlockedError, match=r"network access blocked: a connection to 127\.0\.0\.1:\d+"
        ):
            requests.get(url, timeout=5)
        with pytest.raises(NetworkBlockedError):
            httpx.get(url)
        with pytest.raises(NetworkBlockedError), socket.socket() as raw:
            raw.connect_ex(("127.0.0.1", 9))


def test_the_guard_is_gone_after_the_block(server: ReferenceServer) -> None:
    with blocked_network():
        pass
    assert (
        httpx.get(f"{server.url}/api/v1/Appointment/1", headers={"Authorization": "Basic YTpi"}).status_code
        == 200
    )


def test_allowed_hosts_are_matched_whole(server: ReferenceServer) -> None:
    with blocked_network([r"127\.0\.0\.1"]):
        assert httpx.get(
            f"{server.url}/api/v1/Appointment/1", headers={"Authorization": "Basic YTpi"}
        ).status_code
    with blocked_network([r"127\.0\.0"]), pytest.raises(NetworkBlockedError):
        httpx.get(f"{server.url}/api/v1/Appointment/1")


def test_host_allowed_uses_fullmatch() -> None:
    patterns = [re.compile("example\\.com")]
    assert host_allowed("example.com", patterns)
    assert not host_allowed("example.com.evil.net", patterns)
    assert not host_allowed("sub.example.com", patterns)


def test_unix_sockets_and_socketpairs_still_work() -> None:
    with blocked_network():
        left, right = socket.socketpair()
        with left, right:
            left.sendall(b"x")
            assert right.recv(1) == b"x"
