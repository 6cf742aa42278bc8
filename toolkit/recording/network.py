"""A socket-level network guard: inside :func:`blocked_network`, real connections fail at once.

Only ``socket.socket.connect`` and ``connect_ex`` are patched, and only inside the ``with`` block (as
pytest-recording's ``network.py`` does), so everything else about sockets (``socketpair`` for event
loops, Unix sockets) keeps working.  Allowed hosts are regular expressions matched against the *whole*
host with :func:`re.fullmatch` (``example.com`` does not allow ``example.com.evil.net``); a plain host
name also allows the addresses it resolves to when the guard starts, since clients connect to addresses.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from toolkit.errors import NetworkBlockedError

__all__ = ["blocked_network", "host_allowed"]

_PLAIN_HOST = re.compile(r"[A-Za-z0-9._-]+|\[?[0-9A-Fa-f:]+\]?")


def host_allowed(host: str, patterns: Iterable[re.Pattern[str]]) -> bool:
    """True when one pattern matches the whole host."""
    return any(p.fullmatch(host) for p in patterns)


def _compile(allowed_hosts: Iterable[str]) -> list[re.Pattern[str]]:
    patterns: list[re.Pattern[str]] = []
    for host in allowed_hosts:
        patterns.append(re.compile(host, re.IGNORECASE))
        if _PLAIN_HOST.fullmatch(host) and not host.replace(".", "").isdigit():
            # A name: also allow what it resolves to now (connect() sees addresses, not names).
            try:
                infos = socket.getaddrinfo(host.strip("[]"), None)
            except OSError:
                continue
            for info in infos:
                patterns.append(re.compile(re.escape(str(info[4][0]))))
    return patterns


def _host_of(address: Any) -> str | None:
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        return address[0]
    return None  # AF_UNIX paths and the like are not network connections


@contextmanager
def blocked_network(allowed_hosts: Iterable[str] = (), *, reason: str = "") -> Iterator[None]:
    """Make every real network connection (except to allowed hosts) raise NetworkBlockedError."""
    patterns = _compile(allowed_hosts)
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def check(sock: socket.socket, address: Any) -> None:
        host = _host_of(address)
        if host is not None and not host_allowed(host, patterns):
            # HTTP libraries close a socket whose connect fails with OSError only; this error is not
            # one, so close it here rather than leave it to the garbage collector (ResourceWarning).
            sock.close()
            port = address[1] if len(address) > 1 else "?"
            why = f" ({reason})" if reason else ""
            raise NetworkBlockedError(
                f"network access blocked: a connection to {host}:{port} was attempted{why}; "
                "replay from a cassette, record with --so-record-mode=once, "
                "or allow the host with the so_allowed_hosts ini option"
            )

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
