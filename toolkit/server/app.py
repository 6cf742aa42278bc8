"""The reference server's ASGI application: SuperOffice's Appointment entity endpoints.

A raw ASGI callable (no framework: the hot path is a few dict operations, orjson and one compiled
schema check).  This module is the glue: it collects the headers (:mod:`.request`), routes
(:mod:`.routing`), authenticates (:mod:`.auth`), negotiates (:mod:`.negotiation`), reads
``SO-TimeZone`` (:mod:`.timezones`) and hands the call to :mod:`.handlers`.  The order of checks,
and so which error wins when a request has several faults:

1. path (404), method (405), credentials (401), id syntax (404),
2. ``Accept`` (406, only with ``strict_accept``), ``SO-TimeZone`` (400), ``Content-Type`` when sent
   (415), ``If-Unmodified-Since`` (400 when unreadable),
3. body: size (413), empty (400), no ``Content-Type`` (415), unreadable (400), schema (400),
4. the store: unknown id (404), precondition (412), JSON Patch test (409).

Every refusal is SuperOffice's error object, written in the negotiated format.  An unexpected
exception is answered with a 500 in the same shape and logged; client mistakes never reach it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from toolkit.catalogue import ENTITY
from toolkit.codecs import encode_json, encode_xml
from toolkit.server._problems import HttpProblem
from toolkit.server.answers import base_url
from toolkit.server.auth import Authenticator
from toolkit.server.body import MAX_BODY, Disconnected, Receive
from toolkit.server.handlers import Answer, Call, Handlers
from toolkit.server.negotiation import DEFAULT_FORMAT, JSON_CT, Format, negotiate
from toolkit.server.request import Request
from toolkit.server.routing import check_method, parse_id, route
from toolkit.server.store import Store
from toolkit.server.timezones import ClientZone, parse_timezone_header
from toolkit.validation import warm

__all__ = ["MAX_BODY", "AppointmentApp"]

Scope = MutableMapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

log = logging.getLogger("toolkit.server")

_WITH_ID = frozenset({"entity", "participants", "links"})


class AppointmentApp:
    """The ASGI application over a :class:`~toolkit.server.store.Store`.

    ``strict_accept=True`` answers 406 when nothing in ``Accept`` can be produced; by default such a
    request gets JSON, as ASP.NET Web API (SuperOffice's WebAPI) answers it.
    """

    def __init__(
        self,
        store: Store,
        authenticator: Authenticator | None = None,
        *,
        max_body: int = MAX_BODY,
        strict_accept: bool = False,
    ) -> None:
        self.store = store
        self.auth = authenticator if authenticator is not None else Authenticator()
        self.max_body = max_body
        self.strict_accept = strict_accept
        self.handlers = Handlers(store, max_body)
        warm(ENTITY.name)  # compile the schema check now, off the first request's path
        #: Unexpected exceptions answered with 500 (tests assert it stays 0 under hostile input).
        self.failures = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        req = Request(scope["headers"])
        fmt = negotiate(req.accept, strict=self.strict_accept)
        try:
            answer = await self._answer(scope, req, fmt, receive)
        except HttpProblem as problem:
            body_fmt = fmt if fmt is not None else DEFAULT_FORMAT
            answer = Answer(
                problem.status,
                ((b"content-type", body_fmt[1]), *problem.headers),
                _encode_error(problem, body_fmt),
            )
        except Disconnected:
            return
        except Exception:
            self.failures += 1
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            failure = HttpProblem(500, "The reference server failed; see its log", "server")
            answer = Answer(500, ((b"content-type", JSON_CT),), encode_json(failure.body()))
        headers = [*answer.headers]
        if answer.status != 304 and answer.status != 204:
            headers.append((b"content-length", str(len(answer.body)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        # HEAD answers GET's headers, Content-Length included, without the body.
        body = b"" if scope["method"] == "HEAD" else answer.body
        await send({"type": "http.response.body", "body": body})

    async def _answer(self, scope: Scope, req: Request, fmt: Format | None, receive: Receive) -> Answer:
        found = route(scope["path"])
        method: str = scope["method"]
        check_method(found, method)
        user = self.auth.check(req.authorization, req.xsrf, req.cookie)
        appointment_id = parse_id(found.raw_id) if found.kind in _WITH_ID else 0
        if fmt is None:
            raise HttpProblem(
                406,
                f"Cannot answer in any of {req.accept!r}; accept application/json, text/json, "
                "application/xml or text/xml",
                "Accept",
            )
        zone: ClientZone | None = None
        if req.timezone is not None:
            try:
                zone = parse_timezone_header(req.timezone)
            except ValueError as exc:
                raise HttpProblem(400, str(exc), "SO-TimeZone") from None
        call = Call(
            route=found,
            appointment_id=appointment_id,
            method=method,
            fmt=fmt,
            zone=zone,
            base=base_url(scope.get("scheme", "http"), req.host, scope.get("server"), found.prefix),
            user=user,
            query=scope.get("query_string", b""),
            content_type=req.content_type,
            content_length=req.content_length,
            modified_since=req.modified_since,
            unmodified_since=req.unmodified_since,
            receive=receive,
        )
        return await self.handlers.handle(call)


def _encode_error(problem: HttpProblem, fmt: Format) -> bytes:
    if fmt[0] == "xml":
        return encode_xml(problem.body(), root="Error")
    return encode_json(problem.body())
