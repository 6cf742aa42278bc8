"""The reference server: a real HTTP server that behaves like SuperOffice's Appointment endpoints.

::

    from toolkit.server import ReferenceServer

    with ReferenceServer() as server:            # a free port on 127.0.0.1, ready when this returns
        print(server.url)                        # http://127.0.0.1:54321
        server.store.get(1)                      # the stored appointment 1

``python -m toolkit serve`` runs the same server in the foreground (:func:`serve_command`).  Its
behaviour, and each decision where SuperOffice's docs are silent, is described in the README
("The reference server").
"""

from __future__ import annotations

import contextlib
import gc
import socket
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from toolkit.errors import ToolkitError, UsageError
from toolkit.server.app import MAX_BODY, AppointmentApp
from toolkit.server.auth import Authenticator, load_credentials
from toolkit.server.store import Store
from toolkit.server.timezones import load_zone

__all__ = [
    "MAX_BODY",
    "AppointmentApp",
    "ReferenceServer",
    "Store",
    "create_app",
    "serve_command",
    "uvicorn_options",
]

CredentialsSource = str | Path | Iterable[str] | None


def create_app(
    *,
    seed: int = 0,
    preload: int = 1000,
    credentials: CredentialsSource = None,
    max_body: int = MAX_BODY,
    base_timezone: str = "UTC",
    strict_accept: bool = False,
) -> AppointmentApp:
    """The ASGI app over a fresh store (for ``uvicorn`` or any ASGI server).

    ``base_timezone`` is the installation's base time zone (a SuperOffice code such as ``NO``, its
    id, or an IANA name): diary dates are stored in it.  ``strict_accept`` answers 406 when nothing
    in ``Accept`` can be produced, where SuperOffice answers JSON.
    """
    zone = load_zone(base_timezone)
    if zone is None:
        raise UsageError(
            f"--base-timezone {base_timezone[:64]!r} is not a known time zone; use a SuperOffice code "
            "(NO, US-NY, UTC ...), its id (261) or an IANA name (Europe/Oslo)"
        )
    return AppointmentApp(
        Store(seed=seed, preload=preload, base_zone=zone),
        Authenticator(load_credentials(credentials)),
        max_body=max_body,
        strict_accept=strict_accept,
    )


def uvicorn_options() -> dict[str, Any]:
    """uvicorn settings for speed: httptools and uvloop where installed, no access log."""
    options: dict[str, Any] = {"access_log": False, "lifespan": "off", "log_level": "warning"}
    with contextlib.suppress(ImportError):
        import httptools  # noqa: F401

        options["http"] = "httptools"
    with contextlib.suppress(ImportError):
        import uvloop  # noqa: F401

        options["loop"] = "uvloop"
    return options


class ReferenceServer:
    """The reference server in a background thread: a context manager.

    ``with ReferenceServer() as server:`` binds ``host`` (port 0: a free one), starts serving and
    returns once it accepts connections; leaving the block stops it and joins the thread.  ``.url``
    is its base URL, ``.store`` the live store (thread-safe).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 0,
        preload: int = 1000,
        credentials: CredentialsSource = None,
        *,
        max_body: int = MAX_BODY,
        base_timezone: str = "UTC",
        strict_accept: bool = False,
        startup_timeout: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.app = create_app(
            seed=seed,
            preload=preload,
            credentials=credentials,
            max_body=max_body,
            base_timezone=base_timezone,
            strict_accept=strict_accept,
        )
        self.store = self.app.store
        self.startup_timeout = startup_timeout
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321`` (known once started)."""
        if self._socket is None:
            raise ToolkitError("ReferenceServer is not running; use it as a context manager or call start()")
        host, port = self._socket.getsockname()[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> ReferenceServer:
        """Bind, start serving in a daemon thread, and wait until it is ready."""
        import uvicorn

        sock = _listen(self.host, self.port)
        self._socket = sock
        # uvicorn runs its own loop (uvloop) in the thread through a loop factory: nothing global.
        options = uvicorn_options()
        # A client that never finishes its request must not hold up the end of a test session.
        config = uvicorn.Config(self.app, timeout_graceful_shutdown=3, **options)
        self._server = server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="so-reference-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not server.started:
            if not self._thread.is_alive():
                self._close_socket()
                raise ToolkitError("the reference server stopped while starting (see its log)")
            if time.monotonic() > deadline:
                self.stop()
                raise ToolkitError(f"the reference server did not start within {self.startup_timeout} s")
            time.sleep(0.002)
        return self

    def stop(self) -> None:
        """Stop serving and join the thread (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._server = None
        self._close_socket()

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> ReferenceServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; UsageError naming the address when that fails."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"--host {host!r} is not an address of this machine: {exc}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(1024)
    return sock


def serve_command(
    *,
    host: str,
    port: int,
    seed: int,
    preload: int,
    credentials: str | None,
    base_timezone: str = "UTC",
    strict_accept: bool = False,
) -> int:
    """``so-toolkit serve``: run the server in the foreground until Ctrl-C; returns the exit status."""
    import uvicorn

    app = create_app(
        seed=seed,
        preload=preload,
        credentials=credentials,
        base_timezone=base_timezone,
        strict_accept=strict_accept,
    )
    sock = _listen(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    auth = "the listed credentials" if credentials else "any well-formed credentials"
    print(
        f"so-toolkit reference server on http://{shown}:{bound}/api/v1/Appointment/{{id}} "
        f"(ids 1..{preload}, seed {seed}, base time zone {base_timezone}, accepting {auth}); "
        "Ctrl-C stops it",
        file=sys.stderr,
        flush=True,
    )
    server = uvicorn.Server(uvicorn.Config(app, **uvicorn_options()))
    # This process is the server: move everything loaded so far (modules, Faker's data, compiled
    # schemas) out of the cyclic collector's sight.  Full collections then walk a few objects instead
    # of ~30,000, which was a fifth of the time per request under load.  The store holds bytes, so
    # requests leave nothing behind for the collector either.
    gc.collect()
    gc.freeze()
    try:
        # uvicorn catches SIGINT/SIGTERM, shuts down gracefully, then re-raises the signal.
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("so-toolkit reference server stopped", file=sys.stderr, flush=True)
    return 0
