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
import re
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
    their cassette's attributes); building patchers costs about a third of a millisecond a test.  Runs of
    plain attribute patches become one :class:`_Swaps` (entering ~30 ``mock.patch`` objects a test cost
    more than the swaps themselves).
    """
    key = id(stand_in)
    if key not in _SHARED:
        grouped: list[Any] = []
        swaps: list[tuple[Any, str, Any]] = []
        with absent_modules_fail_fast():  # vcrpy tries every HTTP library as it builds them
            built = patchers(stand_in)
        for patcher in built:
            swap = _plain_swap(patcher)
            if swap is None:
                grouped.append(patcher)  # vcrpy's ConnectionRemover: nothing on entry, pools on exit
            else:
                swaps.append(swap)
        replay = _AdapterReplay.build(stand_in, swaps)
        # One group, one swap per attribute: vcrpy patches urllib3's classes once through requests and
        # once directly (the same module now), and only the later value is ever seen.
        last = {(id(target), attribute): (target, attribute, new) for target, attribute, new in swaps}
        grouped.append(_Swaps((*last.values(), *_header_swaps())))
        if replay is not None:
            grouped.append(replay)
        _SHARED[key] = grouped
        _install_quick_reset()
    return _SHARED[key]


_MISSING = object()


def _plain_swap(patcher: Any) -> tuple[Any, str, Any] | None:
    """``(target, attribute, new)`` when ``patcher`` is a plain ``mock.patch.object``; else None."""
    # Internal: vcrpy patches with ``unittest.mock.patch.object(target, attribute, new)``; ``getter``,
    # ``attribute``, ``new``, ``create``, ``new_callable``, ``spec``, ``spec_set``, ``autospec``,
    # ``kwargs`` and ``additional_patchers`` are ``unittest.mock._patch``'s own attributes.
    from unittest import mock

    if (
        type(patcher) is not mock._patch
        or patcher.new is mock.DEFAULT
        or not isinstance(patcher.attribute, str)
    ):
        return None
    if patcher.create or patcher.new_callable is not None or patcher.autospec is not None:
        return None
    if (
        patcher.spec is not None
        or patcher.spec_set is not None
        or patcher.kwargs
        or patcher.additional_patchers
    ):
        return None
    return (patcher.getter(), patcher.attribute, patcher.new)


class _Swaps:
    """Set attributes on entry and put back what was there on exit, in reverse order (as nested patches).

    A context manager reused for every activation (not re-entrant: one activation at a time, which
    :func:`shared_patchers`' caller guarantees).  An attribute that was only inherited is deleted again.
    """

    __slots__ = ("saved", "swaps")

    #: Whether an attribute that was replaced inside the block keeps its replacement on exit.
    keep_newer = False

    def __init__(self, swaps: tuple[tuple[Any, str, Any], ...] = ()) -> None:
        self.swaps = swaps
        self.saved: list[Any] = []

    def __enter__(self) -> _Swaps:
        saved = self.saved
        for target, attribute, new in self.swaps:
            saved.append(vars(target).get(attribute, _MISSING))
            setattr(target, attribute, new)
        return self

    def __exit__(self, *exc: object) -> None:
        for (target, attribute, new), before in zip(reversed(self.swaps), reversed(self.saved), strict=True):
            if self.keep_newer and getattr(target, attribute, _MISSING) is not new:
                continue  # replaced inside the block: the newer patch stays
            if before is _MISSING:
                delattr(target, attribute)
            else:
                setattr(target, attribute, before)
        self.saved.clear()


class _QuickReset(_Swaps):
    """vcrpy's ``force_reset`` with the same effect, without building ~15 ``mock.patch`` objects a call.

    vcrpy's stubs call ``force_reset()`` each time they open a connection, to construct the real
    connection class while the patched one is swapped out; it rebuilds its patchers and enters and
    leaves each one through ``unittest.mock``.  This swaps the same attributes directly: the real
    classes in, then back what was there before, except that an attribute replaced inside the window
    keeps its replacement (as vcrpy's ``_undo_reset`` does).
    """

    __slots__ = ()
    keep_newer = True
    real_classes: tuple[tuple[Any, str, Any], ...] = ()

    def __init__(self) -> None:
        super().__init__(self.real_classes)


def _install_quick_reset() -> None:
    """Make vcrpy's stubs use :class:`_QuickReset` (the swaps are fixed once the HTTP libraries are known)."""
    # Internal: ``vcr.patch.reset_patchers()`` yields one ``mock.patch.object(target, attribute, real)``
    # per class a cassette replaces; the stubs import ``vcr.patch.force_reset`` at each call, so
    # replacing the module attribute reaches all of them.
    from vcr import patch as vcr_patch

    with absent_modules_fail_fast():
        swaps = [_plain_swap(patcher) for patcher in vcr_patch.reset_patchers()]
    if any(swap is None for swap in swaps):  # pragma: no cover - a vcrpy that resets differently
        return
    _QuickReset.real_classes = tuple(swap for swap in swaps if swap is not None)
    vcr_patch.force_reset = _QuickReset


#: What ``http.client.parse_headers`` reads as a header name (the email parser's ``headerRE``, no colon).
_HEADER_NAME = re.compile(r"[\041-\071\073-\176]+")


def _header_swaps() -> tuple[tuple[Any, str, Any], ...]:
    """vcrpy's header parser swapped for :func:`_parse_headers` while the shared patchers are active."""
    # Internal: the stubs look ``vcr.stubs.parse_headers`` up each time a replayed response is built
    # (twice per response: its headers, then ``getheaders()``).
    from vcr import stubs

    global _VCR_PARSE_HEADERS
    if _VCR_PARSE_HEADERS is None:
        _VCR_PARSE_HEADERS = stubs.parse_headers
    return ((stubs, "parse_headers", _parse_headers),)


_VCR_PARSE_HEADERS: Callable[[Any], Any] | None = None


def _parse_headers(header_list: Any) -> Any:
    """The ``HTTPMessage`` vcrpy's ``parse_headers`` builds from recorded headers, without the email parser.

    vcrpy writes ``name:value\\r\\n`` lines and runs them through ``http.client.parse_headers``, which
    keeps each name and the value without its leading blanks.  For headers of printable ASCII (every
    header a server sends in practice) this stores the same pairs directly, about twenty times faster;
    anything else (non-ASCII, control characters, a name the parser would not take as one, more
    headers than ``http.client`` allows) goes to vcrpy's own function, errors included.
    """
    from http.client import HTTPMessage

    pairs = []
    for name, values in header_list.items():
        if not (isinstance(name, str) and _HEADER_NAME.fullmatch(name)):
            return _vcr_parse_headers(header_list)
        for value in values:
            if not (isinstance(value, str) and value.isascii() and value.isprintable()):
                return _vcr_parse_headers(header_list)
            pairs.append((name, value.lstrip(" ")))
    if len(pairs) > _MAX_HEADERS:
        return _vcr_parse_headers(header_list)
    message = HTTPMessage()
    message.set_payload("")
    # Internal: ``_headers`` is the list of ``(name, value)`` pairs every ``email.message.Message`` keeps.
    message._headers = pairs  # type: ignore[attr-defined]
    return message


def _vcr_parse_headers(header_list: Any) -> Any:
    assert _VCR_PARSE_HEADERS is not None  # set with the swap, before any call can reach here
    return _VCR_PARSE_HEADERS(header_list)


#: ``http.client``'s limit: a response with more headers raises ``HTTPException``.
_MAX_HEADERS = 100


class _AdapterReplay:
    """Replays a recorded response to ``requests`` at ``HTTPAdapter.send``, as ``responses`` does.

    Through vcrpy's stubs, each replayed ``requests`` call builds a urllib3 pool manager, a pool and a
    stub connection (which builds a real, unconnected one) before the stub finds the recording.  When
    the cassette has an unplayed recording for the request, this asks vcrpy's own stub connection class
    for the response directly, so the ``Response`` is the one the stubs make (same raw object, headers,
    cookies, ``retries``).  Everything else goes down the usual path, unchanged: a request to record, a
    miss (its error comes from there), a proxy, a streamed or chunked body, certificate or timeout
    arguments requests would check, an adapter that makes its own connections, and any time another
    patch (a nested cassette, ``responses``) has replaced what this one installed.
    """

    __slots__ = ("genuine", "previous", "send", "stubs")

    def __init__(self, genuine: Callable[..., Any], stubs: dict[str, tuple[Any, type]]) -> None:
        self.genuine = genuine
        self.stubs = stubs  # scheme -> (pool class, the shared stub connection class it must have)
        self.previous: Any = _MISSING
        self.send = self._make_send()

    @classmethod
    def build(cls, stand_in: Any, swaps: list[tuple[Any, str, Any]]) -> _AdapterReplay | None:
        """The replay for vcrpy's stubs for ``stand_in`` (``swaps``: its plain patches), or None when
        requests or those stubs are absent."""
        try:
            from requests.adapters import HTTPAdapter
            from urllib3 import connectionpool
        except ImportError:  # pragma: no cover - requests is installed wherever the toolkit's tests run
            return None
        # Internal: vcrpy's urllib3 patchers set ``ConnectionCls`` on the two pool classes to stub classes
        # whose ``cassette`` is the one they were built for (here the stand-in).
        stubs = {}
        for scheme, pool in (
            ("http", connectionpool.HTTPConnectionPool),
            ("https", connectionpool.HTTPSConnectionPool),
        ):
            stub = _stub_for(pool, stand_in, swaps)
            if stub is None:
                return None
            stubs[scheme] = (pool, stub)
        return cls(vars(HTTPAdapter)["send"], stubs)

    def __enter__(self) -> _AdapterReplay:
        from requests.adapters import HTTPAdapter

        self.previous = vars(HTTPAdapter)["send"]
        HTTPAdapter.send = self.send  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from requests.adapters import HTTPAdapter

        if vars(HTTPAdapter)["send"] is self.send:
            HTTPAdapter.send = self.previous  # type: ignore[method-assign]
        self.previous = _MISSING

    def _make_send(self) -> Callable[..., Any]:
        replay = self

        def send(
            adapter: Any,
            request: Any,
            stream: bool = False,
            timeout: Any = None,
            verify: Any = True,
            cert: Any = None,
            proxies: Any = None,
        ) -> Any:
            previous = replay.previous
            if previous is replay.genuine:
                response = replay.replayed(adapter, request, stream, timeout, verify, cert, proxies)
                if response is not None:
                    return adapter.build_response(request, response)
            elif previous is _MISSING:  # pragma: no cover - only while entering or leaving
                previous = replay.genuine
            return previous(
                adapter, request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )

        send.__doc__ = self.genuine.__doc__
        return send

    def replayed(
        self, adapter: Any, request: Any, stream: bool, timeout: Any, verify: Any, cert: Any, proxies: Any
    ) -> Any:
        """vcrpy's replayed response for this request, or None (then the request takes the usual path)."""
        from requests.utils import select_proxy

        body = request.body
        if body is not None and (
            (type(body) is not bytes and type(body) is not str) or "Content-Length" not in request.headers
        ):
            return None  # a file or generator (reading it would consume it), or a chunked upload
        if timeout is not None and not (type(timeout) in (int, float) and timeout > 0):
            return None  # requests and urllib3 validate these (a tuple, a Timeout, a bad value)
        if not _plain_connections(adapter) or select_proxy(request.url, proxies):
            return None
        url = adapter.request_url(request, proxies)
        scheme = request.url.partition("://")[0]
        found = self.stubs.get(scheme.lower())
        if found is None or not url.startswith("/") or url.startswith("//"):
            return None
        pool, stub = found
        if pool.ConnectionCls is not stub:
            return None  # another patch (a nested cassette, plain vcrpy) is in charge now
        uri = _stub_uri(scheme.lower(), request.url, url)
        if uri is None:
            return None
        # The checks of certificate files requests makes before it connects, with their errors.
        adapter.cert_verify(_Unconnected(), request.url, verify, cert)
        adapter.add_headers(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        from vcr.request import Request

        recorded = Request(request.method, uri, body, request.headers)
        try:
            if not stub.cassette.can_replay(recorded):
                return None
        except AttributeError:  # no cassette active, or one that is not the toolkit's
            return None
        # Internal: on a hit ``getresponse`` reads only ``cassette`` (a class attribute) and
        # ``_vcr_request``; an instance made without ``__init__`` (which builds a real connection) serves.
        connection = object.__new__(stub)
        object.__setattr__(connection, "_vcr_request", recorded)
        response = connection.getresponse()
        response.retries = adapter.max_retries  # as urllib3's pool sets it on the stub's response
        return response


def _stub_for(pool: Any, stand_in: Any, swaps: list[tuple[Any, str, Any]]) -> type | None:
    """The stub connection class among ``swaps`` that vcrpy puts on ``pool`` for ``stand_in``."""
    # The last one: vcrpy patches the pool classes once through requests and once through urllib3
    # (the same classes since requests stopped vendoring urllib3), and the later patch is in force.
    for target, attribute, new in reversed(swaps):
        if target is pool and attribute == "ConnectionCls" and getattr(new, "cassette", None) is stand_in:
            return new  # type: ignore[no-any-return]
    return None


_PLAIN_CONNECTIONS: dict[type, bool] = {}


def _plain_connections(adapter: Any) -> bool:
    """True when ``adapter`` makes its connections as ``HTTPAdapter`` does (its class may override others)."""
    from requests.adapters import HTTPAdapter
    from urllib3 import PoolManager

    kind = type(adapter)
    plain = _PLAIN_CONNECTIONS.get(kind)
    if plain is None:
        methods = (
            "get_connection_with_tls_context",
            "get_connection",
            "init_poolmanager",
            "proxy_manager_for",
        )
        plain = _PLAIN_CONNECTIONS[kind] = all(
            getattr(kind, name, None) is getattr(HTTPAdapter, name, None) for name in methods
        )
    return plain and type(getattr(adapter, "poolmanager", None)) is PoolManager


class _Unconnected:
    """Takes the TLS settings ``HTTPAdapter.cert_verify`` would put on a connection, for a replay."""


def _stub_uri(scheme: str, full_url: str, url: str) -> str | None:
    """The URI vcrpy's stub records for ``url`` (a path) sent to ``full_url``'s host: host lower-cased,
    the scheme's default port left out; None for a host it would spell differently (IPv6, a final dot)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(full_url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or ":" in host or host.endswith(".") or not host.isascii():
        return None
    default = 443 if scheme == "https" else 80
    postfix = "" if port is None or port == default else f":{port}"
    return f"{scheme}://{host}{postfix}{url}"


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
