"""The one door to vcrpy: every import from vcrpy, and every use of its internals, is in this module.

Supported (and tested in CI) from vcrpy 7.0 to 9.x.  The toolkit keeps vcrpy's file format, its
request and response objects and its patching of the HTTP libraries; it loads, saves and matches itself
(:class:`~toolkit.recording.cassette.IndexedCassette`), so it depends on little of vcrpy's cassette
logic, and what it does depend on is listed here, one comment per internal.  A vcrpy release that
changes one of them breaks this file, loudly, in CI's floor and newest runs.

Public vcrpy attributes :class:`CassetteBase` relies on (present in every supported version):
``data`` (the list of ``(Request, response dict)``), ``play_counts`` (a ``Counter`` by index),
``dirty``, ``rewound``, ``record_mode``, ``write_protected`` and ``append`` (which runs the
``before_record_*`` hooks).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from vcr.cassette import Cassette
from vcr.errors import UnhandledHTTPRequestError

# Internal: vcrpy's filesystem persister raises this for a missing file; a persister of our own raises
# the same class so that plain-vcrpy users of AtomicPersister see "not recorded yet".
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode

__all__ = [
    "CassetteBase",
    "CassetteNotFoundError",
    "RecordMode",
    "UnhandledHTTPRequestError",
    "absent_modules_fail_fast",
    "deserialize_yaml",
    "forget_connections",
    "patchers",
    "request_body",
    "request_from_dict",
    "request_to_dict",
    "response_from_file",
    "response_to_text",
    "shared_patchers",
]


class CassetteBase(Cassette):  # type: ignore[misc]  # vcrpy ships no type information
    """vcrpy's ``Cassette`` with its private hooks renamed to the methods a subclass implements.

    A subclass implements :meth:`load`, :meth:`save` and :meth:`matching_responses`.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        record_mode: RecordMode,
        match_on: tuple[Callable[[Any, Any], None], ...],
        before_record_request: Callable[[Any], Any],
        before_record_response: Callable[[Any], Any],
    ) -> None:
        super().__init__(
            str(path),
            record_mode=record_mode,
            match_on=match_on,
            before_record_request=before_record_request,
            before_record_response=before_record_response,
        )

    @property
    def path(self) -> str:
        """The cassette's file."""
        # Internal: ``_path`` is where every vcrpy version keeps it (``path`` is public only from 8.4).
        return str(self._path)

    def load(self) -> None:  # pragma: no cover - always overridden
        raise NotImplementedError

    def save(self) -> None:  # pragma: no cover - always overridden
        raise NotImplementedError

    def matching_responses(self, request: Any) -> Iterator[tuple[int, Any]]:  # pragma: no cover
        raise NotImplementedError

    # Internal: vcrpy's ``CassetteContextDecorator`` calls ``_load()`` on entry and ``_save()`` on exit.
    # vcrpy 7 and 8.4+ load and save differently (metadata, "all" mode); the toolkit does both itself.
    def _load(self) -> None:
        self.load()

    def _save(self, force: bool = False) -> None:
        self.save()

    # Internal: ``_responses`` backs vcrpy's public ``responses_of``.
    def _responses(self, request: Any) -> Iterator[tuple[int, Any]]:
        return self.matching_responses(request)


def patchers(cassette: Any) -> list[Any]:
    """Context managers that route the HTTP libraries (requests, httpx, urllib3 ...) to ``cassette``."""
    # Internal: ``vcr.patch.CassettePatcherBuilder`` is what ``Cassette.use`` runs; it is the only way
    # to patch for a cassette the toolkit activates itself (loading first, to report errors cleanly).
    from vcr.patch import CassettePatcherBuilder

    return list(CassettePatcherBuilder(cassette).build())


_SHARED: dict[int, list[Any]] = {}


def shared_patchers(stand_in: Any) -> list[Any]:
    """:func:`patchers` for ``stand_in``, built once per process and reused on every activation.

    ``stand_in`` must forward attribute reads to whichever cassette is active (vcrpy's stubs only read
    their cassette's attributes); building patchers costs about a third of a millisecond a test.
    """
    key = id(stand_in)
    if key not in _SHARED:
        _SHARED[key] = patchers(stand_in)
    return _SHARED[key]


def forget_connections(active: list[Any]) -> None:
    """Let reused patchers drop the connection pools they saw (call when leaving a cassette)."""
    # Internal: vcrpy's ``ConnectionRemover`` keeps ``_connection_pool_to_connections`` for its exit.
    for patcher in active:
        pools = getattr(patcher, "_connection_pool_to_connections", None)
        if isinstance(pools, dict):
            pools.clear()


#: Top-level modules vcrpy tries to import each time it builds its patchers and each time a stub opens a
#: connection (``vcr.patch.force_reset``); one not installed costs a full search of ``sys.path`` each time.
_OPTIONAL_MODULES = ("botocore", "httplib2", "tornado", "aiohttp", "httpx_curl_cffi", "pyreqwest", "httpx2")


@cache
def _absent_optional_modules() -> tuple[str, ...]:
    """vcrpy's optional HTTP libraries that are not installed (looked up once per process)."""
    return tuple(name for name in _OPTIONAL_MODULES if importlib.util.find_spec(name) is None)


@contextmanager
def absent_modules_fail_fast() -> Iterator[None]:
    """Inside the block, an import of an optional HTTP library that is not installed fails at once.

    A ``None`` in ``sys.modules`` is Python's documented way to make an import raise ImportError
    without searching; vcrpy catches that ImportError as it does the slow one.  The entries are removed
    again on leaving.  Together with :func:`shared_patchers` this takes about a third of the per-test
    cost of a small replayed cassette away (``benchmarks/bench_suite.py``).
    """
    added = [name for name in _absent_optional_modules() if name not in sys.modules]
    for name in added:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in added:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


def request_body(request: Any) -> Any:
    """The raw body of a vcrpy ``Request`` (bytes, str or None), without wrapping it in a stream."""
    # Internal: ``_body`` holds the bytes; the public ``body`` wraps a file body in a fresh BytesIO.
    return getattr(request, "_body", None) if hasattr(request, "_body") else getattr(request, "body", None)


def request_from_dict(data: dict[str, Any]) -> Any:
    """A vcrpy ``Request`` from its serialized form (as in a cassette file)."""
    # Internal: ``Request._from_dict`` is how vcrpy's own persisters rebuild requests.
    from vcr.request import Request

    return Request._from_dict(data)


def request_to_dict(request: Any) -> dict[str, Any]:
    """The serialized form of a vcrpy ``Request``, strings as text."""
    # Internal: ``Request._to_dict`` and ``vcr.serializers.compat`` are what vcrpy's serializers use.
    from vcr.serializers import compat

    data: dict[str, Any] = compat.convert_to_unicode(request._to_dict())
    return data


def response_to_text(response: dict[str, Any]) -> dict[str, Any]:
    """A response dict with its body as text where it is UTF-8 (as vcrpy writes files)."""
    from vcr.serializers import compat

    data: dict[str, Any] = compat.convert_to_unicode(response)
    return data


def response_from_file(response: dict[str, Any]) -> dict[str, Any]:
    """A response dict read from a file, body as bytes (as vcrpy's stubs expect)."""
    from vcr.serializers import compat

    data: dict[str, Any] = compat.convert_to_bytes(response)
    return data


def deserialize_yaml(text: str) -> Any:
    """Parse cassette YAML with vcrpy's own safe loader (reads every tag vcrpy writes, no python tags)."""
    from vcr.serializers import yamlserializer

    return yamlserializer.deserialize(text)
