"""The reference server's ASGI application: ``GET``/``PUT``/``PATCH /api/v1/Appointment/{id}``.

A raw ASGI callable (no framework: the hot path is a few dict operations, orjson and one compiled
schema check).  The order of checks, and so which error wins when a request has several faults:

1. path (404 for anything but ``/api/v1/Appointment/{id}``), method (405),
2. credentials (401), id (404 when not a positive int32),
3. ``Accept`` (406), ``SO-TimeZone`` (400), ``Content-Type`` when sent (415),
   ``If-Unmodified-Since`` (400 when unreadable),
4. body: size (413), empty (400), no ``Content-Type`` (415), unreadable (400), schema (400),
5. the store: unknown id (404), precondition (412), JSON Patch test (409).

Every refusal is SuperOffice's error object, written in the negotiated format (JSON when ``Accept``
cannot be satisfied).  An unexpected exception is answered with a 500 in the same shape and logged;
client mistakes never reach that branch.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any

from toolkit.catalogue import ENTITY, ENTITY_WITH_LINKS, INT32_MAX, READ_ONLY, RESPONSE_ONLY, dotnet_default
from toolkit.codecs import (
    MAX_DEPTH,
    BodyError,
    decode_json,
    decode_xml,
    encode_json,
    encode_xml,
    nesting_depth,
)
from toolkit.select import apply_select, select_from_query
from toolkit.server._problems import HttpProblem
from toolkit.server.auth import Authenticator
from toolkit.server.patch import PatchConflict, PatchError, apply_json_patch, apply_merge_patch
from toolkit.server.store import NotStored, PreconditionFailed, Record, Store
from toolkit.server.timezones import (
    convert_dates,
    dotnet_now,
    format_http_date,
    load_zone,
    parse_http_date,
)
from toolkit.validation import validator, warm

__all__ = ["DOTNET_DEFAULTS", "FIELD_PROPERTIES", "MAX_BODY", "TABLE_RIGHT", "AppointmentApp", "negotiate"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("toolkit.server")

#: Largest request body accepted (413 above it): 1 MiB, about 300 times a full appointment.
MAX_BODY = 1024 * 1024

_PREFIX = "/api/v1/appointment/"
_ID = re.compile(r"^[0-9]{1,10}$")
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")
_ALLOW = (b"allow", b"GET, HEAD, PUT, PATCH")

_XML_ROOTS = (ENTITY.name, ENTITY_WITH_LINKS.name)
_JSON_TYPES = frozenset({"application/json", "text/json"})
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_MERGE_PATCH = "application/merge-patch+json"
_JSON_PATCH = "application/json-patch+json"
_BODY_TYPES = _JSON_TYPES | _XML_TYPES | {_MERGE_PATCH, _JSON_PATCH}

# Accept media range -> (format, Content-Type answered).
_JSON_CT = b"application/json; charset=utf-8"
_ACCEPTS: dict[str, tuple[str, bytes]] = {
    "application/json": ("json", _JSON_CT),
    "text/json": ("json", b"text/json; charset=utf-8"),
    _MERGE_PATCH: ("json", _JSON_CT),
    _JSON_PATCH: ("json", _JSON_CT),
    "application/xml": ("xml", b"application/xml; charset=utf-8"),
    "text/xml": ("xml", b"text/xml; charset=utf-8"),
    "*/*": ("json", _JSON_CT),
    "application/*": ("json", _JSON_CT),
    "text/*": ("json", b"text/json; charset=utf-8"),
}
_DEFAULT_FORMAT = ("json", _JSON_CT)

#: The value of each entity property a PUT leaves out.
DOTNET_DEFAULTS: dict[str, Any] = {f.name: dotnet_default(f) for f in ENTITY.fields}

#: Rights on the appointment table: everything (the reference server has one all-powerful user).
TABLE_RIGHT: dict[str, Any] = {"Mask": "FULL", "Reason": ""}

#: Field rights that differ from the table's: the read-only properties, readable only.  (Listing all
#: 60 properties with the table's own rights would say nothing new and triple every answer's size.)
FIELD_PROPERTIES: dict[str, Any] = {
    f.name: {
        "FieldRight": {"Mask": "Read", "Reason": "read-only"},
        "FieldType": f.type.dotnet_type,
        "FieldLength": f.length,
    }
    for f in ENTITY.fields
    if f.read_only
}

_READ_ONLY = tuple(n for n in ENTITY.names if n in READ_ONLY)


# ``,"TableRight":{...},"FieldProperties":{...},"_Links":`` once, for splicing into answers.
_RIGHTS_JSON = (
    b',"TableRight":'
    + encode_json(TABLE_RIGHT)
    + b',"FieldProperties":'
    + encode_json(FIELD_PROPERTIES)
    + b',"_Links":'
)


def _last_modified(epoch: float) -> bytes:
    return _http_date_of_second(int(epoch))


@lru_cache(maxsize=256)
def _http_date_of_second(second: int) -> bytes:
    # HTTP dates have whole seconds: most answers in a busy second share one string.
    return format_http_date(second).encode()


def negotiate(accept: str | None) -> tuple[str, bytes] | None:
    """The response format for an ``Accept`` header, None when nothing offered is acceptable."""
    if accept is None:
        return _DEFAULT_FORMAT
    simple = accept.strip().lower()
    if simple in _ACCEPTS:
        return _ACCEPTS[simple]
    best: tuple[str, bytes] | None = None
    best_q = 0.0
    for part in simple.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if not 0.0 < q <= 1.0 or media not in _ACCEPTS:
            continue
        if q > best_q:
            best, best_q = _ACCEPTS[media], q
    if not simple:
        return _DEFAULT_FORMAT
    return best


def _content_type(header: str) -> str:
    if header in _BODY_TYPES:  # the usual, bare "application/json"
        return header
    media, *params = (p.strip() for p in header.split(";"))
    media = media.lower()
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise HttpProblem(415, f"Charset {value.strip()!r} is not supported; send UTF-8", "Content-Type")
    if media not in _BODY_TYPES:
        raise HttpProblem(
            415,
            f"Content-Type {media!r} is not supported; use application/json, text/json, application/xml, "
            f"text/xml, {_MERGE_PATCH} or {_JSON_PATCH}",
            "Content-Type",
        )
    return media


class _Request:
    """The parts of an HTTP request the app reads, collected in one pass over the headers."""

    __slots__ = (
        "accept",
        "authorization",
        "content_length",
        "content_type",
        "cookie",
        "host",
        "timezone",
        "unmodified_since",
        "xsrf",
    )

    def __init__(self, headers: list[tuple[bytes, bytes]]) -> None:
        self.accept: str | None = None
        self.authorization: str | None = None
        self.content_length: str | None = None
        self.content_type: str | None = None
        self.cookie: str | None = None
        self.host: str | None = None
        self.timezone: str | None = None
        self.unmodified_since: str | None = None
        self.xsrf: str | None = None
        for name, value in headers:
            attr = _HEADER_ATTRS.get(name)
            if attr is not None:
                setattr(self, attr, value.decode("latin-1"))


_HEADER_ATTRS = {
    b"accept": "accept",
    b"authorization": "authorization",
    b"content-length": "content_length",
    b"content-type": "content_type",
    b"cookie": "cookie",
    b"host": "host",
    b"so-timezone": "timezone",
    b"if-unmodified-since": "unmodified_since",
    b"x-xsrf-token": "xsrf",
}


class _Disconnected(Exception):
    """The client went away before sending its whole body."""


class AppointmentApp:
    """The ASGI application over a :class:`~toolkit.server.store.Store`."""

    def __init__(
        self,
        store: Store,
        authenticator: Authenticator | None = None,
        *,
        max_body: int = MAX_BODY,
    ) -> None:
        self.store = store
        self.auth = authenticator if authenticator is not None else Authenticator()
        self.max_body = max_body
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
        req = _Request(scope["headers"])
        fmt = negotiate(req.accept)
        try:
            status, headers, body = await self._handle(scope, req, fmt, receive)
        except HttpProblem as problem:
            status, headers, body = problem.status, problem.headers, self._encode_error(problem, fmt)
            body_type = fmt[1] if fmt is not None else _JSON_CT
            headers = ((b"content-type", body_type), *headers)
        except _Disconnected:
            return
        except Exception:
            self.failures += 1
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            failure = HttpProblem(500, "The reference server failed; see its log", "server")
            status, body = 500, encode_json(failure.body())
            headers = ((b"content-type", _JSON_CT),)
        if scope["method"] == "HEAD":
            # HEAD answers GET's headers, Content-Length included, without the body.
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [*headers, (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _encode_error(problem: HttpProblem, fmt: tuple[str, bytes] | None) -> bytes:
        if fmt is not None and fmt[0] == "xml":
            return encode_xml(problem.body(), root="Error")
        return encode_json(problem.body())

    # -------------------------------------------------------------------------------------- routing

    async def _handle(
        self, scope: Scope, req: _Request, fmt: tuple[str, bytes] | None, receive: Receive
    ) -> tuple[int, tuple[tuple[bytes, bytes], ...], bytes]:
        path: str = scope["path"]
        if not path.lower().startswith(_PREFIX):
            raise HttpProblem(404, f"No resource at {path[:100]!r}; try /api/v1/Appointment/{{id}}", "path")
        raw_id = path[len(_PREFIX) :]
        if raw_id.endswith("/"):
            raw_id = raw_id[:-1]
        method: str = scope["method"]
        if method not in ("GET", "HEAD", "PUT", "PATCH"):
            raise HttpProblem(
                405,
                f"Method {method[:20]} is not allowed; use GET, PUT or PATCH",
                "method",
                headers=(_ALLOW,),
            )
        self.auth.check(req.authorization, req.xsrf, req.cookie)
        appointment_id = self._parse_id(raw_id)
        if fmt is None:
            raise HttpProblem(
                406,
                f"Cannot answer in any of {req.accept!r}; accept application/json, text/json, "
                "application/xml or text/xml",
                "Accept",
            )
        zone = None
        if req.timezone is not None:
            zone = load_zone(req.timezone.strip())
            if zone is None:
                raise HttpProblem(
                    400,
                    f"SO-TimeZone {req.timezone[:64]!r} is not a known time zone (IANA name)",
                    "SO-TimeZone",
                )
        select = _select(scope.get("query_string", b""))
        if method in ("GET", "HEAD"):
            try:
                record = self.store.record(appointment_id)
            except NotStored:
                raise _not_found(appointment_id) from None
        else:
            record = await self._write(appointment_id, method, req, receive)
        links = self._links(scope, req, appointment_id)
        if select is None and zone is None and fmt[0] == "json" and len(record.json) > 2:
            # The common answer: the stored entity's JSON (a non-empty object, so the splice needs a
            # comma) with the constant rights spliced in before its closing brace.
            body = b"".join((record.json[:-1], _RIGHTS_JSON, encode_json(links), b"}"))
        else:
            response = record.entity
            response["TableRight"] = TABLE_RIGHT
            response["FieldProperties"] = FIELD_PROPERTIES
            response["_Links"] = links
            if select is not None:
                response = apply_select(response, select)
            if zone is not None:
                response = convert_dates(response, zone)
            body = encode_json(response) if fmt[0] == "json" else encode_xml(response)
        headers = ((b"content-type", fmt[1]), (b"last-modified", _last_modified(record.modified)))
        return 200, headers, body

    @staticmethod
    def _parse_id(raw: str) -> int:
        if _ID.match(raw):
            value = int(raw)
            if 1 <= value <= INT32_MAX:
                return value
            raise HttpProblem(404, f"Appointment id {value} is out of range (1..{INT32_MAX})", "id")
        raise HttpProblem(404, f"Appointment id {raw[:40]!r} is not a positive int32", "id")

    @staticmethod
    def _links(scope: Scope, req: _Request, appointment_id: int) -> dict[str, str]:
        host = req.host
        if host is None or not _HOST.match(host):
            server = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        base = f"{scope.get('scheme', 'http')}://{host}/api/v1/Appointment"
        return {"Self": f"{base}/{appointment_id}", "Archive": base}

    # --------------------------------------------------------------------------------------- writing

    async def _write(self, appointment_id: int, method: str, req: _Request, receive: Receive) -> Any:
        media = _content_type(req.content_type) if req.content_type is not None else None
        if method == "PATCH" and media not in (None, _MERGE_PATCH, _JSON_PATCH):
            raise HttpProblem(
                415, f"PATCH takes {_MERGE_PATCH} or {_JSON_PATCH}, not {media!r}", "Content-Type"
            )
        unmodified_since = None
        if req.unmodified_since is not None:
            unmodified_since = parse_http_date(req.unmodified_since)
            if unmodified_since is None:
                raise HttpProblem(
                    400,
                    f"If-Unmodified-Since {req.unmodified_since[:64]!r} is not an RFC 1123 date "
                    "like 'Tue, 15 Nov 1994 08:12:31 GMT'",
                    "If-Unmodified-Since",
                )
        raw = await self._read_body(req, receive)
        if not raw.strip():
            raise HttpProblem(400, "Entity to save is not in request body", "body")
        if media is None:
            raise HttpProblem(
                415, "Content-Type is missing; send application/json or application/xml", "Content-Type"
            )
        try:
            body = decode_xml(raw, root=_XML_ROOTS) if media in _XML_TYPES else decode_json(raw)
        except BodyError as exc:
            raise HttpProblem(400, str(exc), "body") from None
        if media in (_MERGE_PATCH, _JSON_PATCH):
            change = self._patcher(appointment_id, media, body)
        else:
            if body is None:
                raise HttpProblem(400, "Entity to save is not in request body", "body")
            if type(body) is dict:
                # An answer sent back as it came (GET, change, PUT): its rights and links are not
                # part of the entity and are ignored, as SuperOffice's deserialiser ignores them.
                for name in RESPONSE_ONLY:
                    body.pop(name, None)
            if not validator(ENTITY.name).quick_check(body):
                problem = await self._invalid(body)
                if problem is not None:
                    raise problem
            change = self._replacer(appointment_id, body)
        try:
            return self.store.update(appointment_id, change, unmodified_since=unmodified_since)
        except NotStored:
            raise _not_found(appointment_id) from None
        except PreconditionFailed as exc:
            raise HttpProblem(
                412,
                "Update stopped because AppointmentEntity has changed since the requested "
                f"If-Unmodified-Since timestamp (last modified {format_http_date(exc.modified)})",
                "If-Unmodified-Since",
            ) from None

    async def _read_body(self, req: _Request, receive: Receive) -> bytes:
        limit = self.max_body
        if req.content_length is not None:
            try:
                declared = int(req.content_length)
            except ValueError:
                raise HttpProblem(400, "Content-Length is not a number", "Content-Length") from None
            if declared > limit:
                raise HttpProblem(413, f"Body of {declared} bytes is over the {limit}-byte limit", "body")
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        body: bytes = message.get("body", b"")
        if not message.get("more_body", False):
            return body
        chunks = [body]
        total = len(body)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > limit:
                raise HttpProblem(413, f"Body is over the {limit}-byte limit", "body")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _invalid(self, body: Any) -> HttpProblem | None:
        # The slow path: say exactly what is wrong.  jsonschema walks the body in a worker thread
        # so a large hostile body never stalls other clients.  None: the shared validator accepts
        # the body after all (the fast check is stricter by design, e.g. about 5.0 as an integer).
        if nesting_depth(body) > MAX_DEPTH:
            return HttpProblem(400, f"Body nests deeper than {MAX_DEPTH} levels", "body")
        problem = await asyncio.get_running_loop().run_in_executor(
            None, validator(ENTITY.name).first_problem, body
        )
        if problem is None:
            return None
        return HttpProblem(400, f"{problem.path}: {problem.message}", problem.path)

    def _replacer(self, appointment_id: int, body: dict[str, Any]) -> Callable[[Record], Any]:
        def change(current: Record) -> tuple[dict[str, Any], float]:
            return _merge(appointment_id, current.kept, body)

        return change

    def _patcher(self, appointment_id: int, media: str, patch: Any) -> Callable[[Record], Any]:
        if nesting_depth(patch) > MAX_DEPTH:
            raise HttpProblem(400, f"Patch nests deeper than {MAX_DEPTH} levels", "body")
        apply = apply_merge_patch if media == _MERGE_PATCH else apply_json_patch
        is_valid = validator(ENTITY.name).quick_check

        def change(current: Record) -> tuple[dict[str, Any], float]:
            try:
                patched = apply(current.entity, patch)
            except PatchError as exc:
                raise HttpProblem(400, str(exc), "body") from None
            except PatchConflict as exc:
                raise HttpProblem(409, str(exc), "body") from None
            if type(patched) is dict:
                for name in RESPONSE_ONLY:  # as for a PUT: an answer's rights and links are ignored
                    patched.pop(name, None)
            if not is_valid(patched):
                problem = validator(ENTITY.name).first_problem(patched)
                if problem is not None:  # None: stricter fast check overruled, as for a PUT
                    raise HttpProblem(
                        400, f"After the patch, {problem.path}: {problem.message}", problem.path
                    )
            return _merge(appointment_id, current.kept, patched)

        return change


def _merge(appointment_id: int, kept: dict[str, Any], body: dict[str, Any]) -> tuple[dict[str, Any], float]:
    """The stored entity after a PUT of ``body``: read-only properties kept, the rest replaced.

    ``body`` has passed the schema, so its keys are catalogue names: updating a copy of the defaults
    (already in catalogue order) keeps the order SuperOffice writes.
    """
    stamp, epoch = dotnet_now()
    new = DOTNET_DEFAULTS.copy()
    new.update(body)
    for name in _READ_ONLY:
        new[name] = kept.get(name, DOTNET_DEFAULTS[name])
    new["AppointmentId"] = appointment_id
    new["UpdatedDate"] = stamp
    return new, epoch


def _select(query: bytes) -> str | None:
    return select_from_query(query.decode("latin-1")) if query else None


def _not_found(appointment_id: int) -> HttpProblem:
    return HttpProblem(404, f"Appointment {appointment_id} does not exist", "id")
