"""Byte-stable recordings against the embedded reference server.

Recording the same tests twice against the embedded server writes the same bytes, so a reviewer sees
only what really changed.  What would otherwise differ from run to run, and what is done about it:

* the server's random port, in every URI, ``Host`` header and ``_Links``: the live origin
  (``http://127.0.0.1:54321``) is stored as :data:`RECORDED_ORIGIN` (``http://so-reference.invalid``)
  in URIs, headers and bodies (:class:`OriginRewrite`); replay ignores the host anyway;
* the ``Date`` and ``Server`` response headers: left out (:data:`VOLATILE_HEADERS`);
* ``UpdatedDate`` and ``Last-Modified``: the server reads a :class:`SteppingClock` while a test records
  (2026-01-01T09:00:00Z, one second later at each write), and its store is reset after each recording
  test, so every test starts from the same state;
* header order: headers are stored sorted by name (:mod:`.persist`).

Recording against a real tenant (``--so-base-url``) keeps its real URIs and headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CLOCK_START_NS", "RECORDED_ORIGIN", "VOLATILE_HEADERS", "OriginRewrite", "SteppingClock"]

#: The origin stored in place of the embedded server's ``http://127.0.0.1:<port>``.  ``.invalid``
#: (RFC 2606) never resolves, so a stored URL that is followed by mistake cannot reach anything.
RECORDED_ORIGIN = "http://so-reference.invalid"

#: Response headers of the embedded server that change with every run and say nothing about the API.
VOLATILE_HEADERS = frozenset({"date", "server"})

#: Where a recording test's clock starts: 2026-01-01T09:00:00Z, in nanoseconds since the epoch.
CLOCK_START_NS = 1_767_258_000 * 1_000_000_000


class SteppingClock:
    """A deterministic clock for the reference server: ``start``, then one ``step`` later per reading."""

    def __init__(self, start_ns: int = CLOCK_START_NS, step_ns: int = 1_000_000_000) -> None:
        self._next = start_ns
        self._step = step_ns

    def __call__(self) -> int:
        now = self._next
        self._next += self._step
        return now


@dataclass(frozen=True)
class OriginRewrite:
    """Store the embedded server's live origin as a stable one, and leave out volatile headers."""

    live: str
    stored: str = RECORDED_ORIGIN
    _hosts: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hosts", (urlsplit(self.live).netloc, urlsplit(self.stored).netloc))

    def text(self, value: str) -> str:
        """``value`` with the live origin replaced."""
        return value.replace(self.live, self.stored) if self.live in value else value

    def _bytes(self, value: bytes) -> bytes:
        live = self.live.encode()
        return value.replace(live, self.stored.encode()) if live in value else value

    def _header(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [self._header(v) for v in value]
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        text = self.text(str(value))
        live_host, stored_host = self._hosts
        return stored_host if text == live_host else text

    def request(self, request: Any) -> None:
        """Rewrite a vcrpy ``Request`` in place (URI, headers, body)."""
        from toolkit.recording._vcr import request_body

        request.uri = self.text(request.uri)
        request.headers = {name: self._header(value) for name, value in dict(request.headers).items()}
        body = request_body(request)
        if isinstance(body, str):
            body = body.encode("utf-8")
        if isinstance(body, bytes) and self.live.encode() in body:
            request.body = self._bytes(body)
            _set_length(request.headers, len(request.body))

    def response(self, response: dict[str, Any]) -> None:
        """Rewrite a vcrpy response dict in place (headers, body); volatile headers are dropped."""
        headers = response.get("headers")
        if isinstance(headers, dict):
            response["headers"] = {
                name: self._header(value)
                for name, value in headers.items()
                if str(name).lower() not in VOLATILE_HEADERS
            }
        body = response.get("body")
        if isinstance(body, dict) and isinstance(body.get("string"), (bytes, str)):
            raw = body["string"]
            new = self._bytes(raw) if isinstance(raw, bytes) else self.text(raw)
            if new != raw:
                body["string"] = new
                size = len(new) if isinstance(new, bytes) else len(new.encode("utf-8"))
                if isinstance(response.get("headers"), dict):
                    _set_length(response["headers"], size)


def _set_length(headers: Any, size: int) -> None:
    for name in list(headers):
        if str(name).lower() == "content-length":
            headers[name] = [str(size)] if isinstance(headers[name], list) else str(size)
