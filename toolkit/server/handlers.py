"""What each endpoint does: read, create, replace, patch, delete, defaults, sub-resources.

A handler gets the routed request (:class:`Call`) and returns an :class:`Answer`; it raises
:class:`~toolkit.server._problems.HttpProblem` to refuse.  Validation and the merge of a body into
the stored entity live here too: they are what a write *is*.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from toolkit.catalogue import ENTITY, READ_ONLY, RESPONSE_ONLY
from toolkit.codecs import MAX_DEPTH, encode_json, encode_xml, nesting_depth
from toolkit.select import apply_select, select_from_query
from toolkit.server._problems import HttpProblem
from toolkit.server.answers import (
    DOTNET_DEFAULTS,
    FIELD_PROPERTIES,
    MAPS,
    MIN_DATE,
    RIGHTS_JSON,
    TABLE_RIGHT,
    associate,
    links,
)
from toolkit.server.body import Receive, body_data, read_body
from toolkit.server.negotiation import JSON_PATCH, MERGE_PATCH, Format, content_type
from toolkit.server.patch import PatchConflict, PatchError, apply_json_patch, apply_merge_patch
from toolkit.server.routing import Route
from toolkit.server.store import NotStored, PreconditionFailed, Record, Store, StoreFull
from toolkit.server.timezones import (
    ClientZone,
    answer_dates,
    dotnet_now,
    format_http_date,
    parse_http_date,
    store_dates,
    wall_now,
)
from toolkit.validation import validator

__all__ = ["Answer", "Call", "Handlers"]

Headers = tuple[tuple[bytes, bytes], ...]
_READ_ONLY = tuple(n for n in ENTITY.names if n in READ_ONLY)


@dataclass(frozen=True, slots=True)
class Answer:
    """Status, headers (Content-Length is added later) and body of an answer."""

    status: int
    headers: Headers
    body: bytes = b""


@dataclass(slots=True)
class Call:
    """One routed, authenticated request: what every handler reads."""

    route: Route
    appointment_id: int  # 0 where the path has none
    method: str
    fmt: Format
    zone: ClientZone | None
    base: str  # scheme://host{tenant prefix}/api/v1
    user: str
    query: bytes
    content_type: str | None
    content_length: str | None
    modified_since: str | None
    unmodified_since: str | None
    receive: Receive

    @property
    def select(self) -> str | None:
        return select_from_query(self.query.decode("latin-1")) if self.query else None


@lru_cache(maxsize=256)
def _http_date_of_second(second: int) -> bytes:
    # HTTP dates have whole seconds: most answers in a busy second share one string.
    return format_http_date(second).encode()


def _not_found(appointment_id: int) -> HttpProblem:
    return HttpProblem(404, f"Appointment {appointment_id} does not exist", "id")


def _precondition(header: str | None, name: str) -> float | None:
    if header is None:
        return None
    when = parse_http_date(header)
    if when is None:
        raise HttpProblem(
            400, f"{name} {header[:64]!r} is not an RFC 1123 date like 'Tue, 15 Nov 1994 08:12:31 GMT'", name
        )
    return when


def _changed(exc: PreconditionFailed, what: str) -> HttpProblem:
    return HttpProblem(
        412,
        f"{what} stopped because AppointmentEntity has changed since the requested "
        f"If-Unmodified-Since timestamp (last modified {format_http_date(exc.modified)})",
        "If-Unmodified-Since",
    )


class Handlers:
    """The endpoints over one store."""

    def __init__(self, store: Store, max_body: int) -> None:
        self.store = store
        self.max_body = max_body

    async def handle(self, call: Call) -> Answer:
        """Dispatch on the route's kind and the method (both already checked)."""
        kind, method = call.route.kind, call.method
        if kind == "default":
            return self.default(call)
        if kind == "collection":
            return await self.create(call)
        appointment_id = call.appointment_id
        if kind in ("participants", "links"):
            return self.part(call, appointment_id, "Participants" if kind == "participants" else "Links")
        if method in ("GET", "HEAD"):
            return self.read(call, appointment_id)
        if method == "DELETE":
            return self.delete(call, appointment_id)
        return await self.write(call, appointment_id)

    # ---------------------------------------------------------------------------------- answers

    def _entity(self, call: Call, record: Record, appointment_id: int, status: int = 200) -> Answer:
        link_map = links(call.base, appointment_id, record.refs)
        select = call.select
        if select is None and call.zone is None and call.fmt[0] == "json" and len(record.json) > 2:
            # The common answer: the stored entity's JSON (a non-empty object, so the splice needs a
            # comma) with the constant rights spliced in before its closing brace.
            body = b"".join((record.json[:-1], RIGHTS_JSON, encode_json(link_map), b"}"))
        else:
            body = self._render(call, record.entity, link_map, select)
        headers = (
            (b"content-type", call.fmt[1]),
            (b"last-modified", _http_date_of_second(int(record.modified))),
        )
        return Answer(status, headers, body)

    def _render(
        self, call: Call, entity: dict[str, Any], link_map: dict[str, str], select: str | None
    ) -> bytes:
        entity["TableRight"] = TABLE_RIGHT
        entity["FieldProperties"] = FIELD_PROPERTIES
        entity["_Links"] = link_map
        if select is not None:
            entity = apply_select(entity, select)
        if call.zone is not None:
            entity = answer_dates(entity, call.zone, self.store.base_zone)
        return encode_json(entity) if call.fmt[0] == "json" else encode_xml(entity)

    # ------------------------------------------------------------------------------------ reads

    def read(self, call: Call, appointment_id: int) -> Answer:
        """GET: the stored entity; 304 when unchanged since ``If-Modified-Since``."""
        try:
            record = self.store.record(appointment_id)
        except NotStored:
            raise _not_found(appointment_id) from None
        if call.modified_since is not None:
            # An unreadable date is ignored, as RFC 9110 says: the client simply gets the entity.
            since = parse_http_date(call.modified_since)
            if since is not None and int(record.modified) <= int(since):
                return Answer(304, ((b"last-modified", _http_date_of_second(int(record.modified))),))
        return self._entity(call, record, appointment_id)

    def part(self, call: Call, appointment_id: int, name: str) -> Answer:
        """GET ``.../{id}/Participants`` or ``.../{id}/Links``: that array of the stored entity."""
        try:
            record = self.store.record(appointment_id)
        except NotStored:
            raise _not_found(appointment_id) from None
        items = record.entity.get(name) or []
        if call.fmt[0] == "xml":
            body = encode_xml({name: items}, root=f"{ENTITY.name}{name}")
        else:
            body = encode_json(items)
        return Answer(200, ((b"content-type", call.fmt[1]),), body)

    def default(self, call: Call) -> Answer:
        """GET ``default``: a new, unsaved appointment as NetServer prepares one for the caller."""
        start = wall_now(self.store.base_zone)
        entity = DOTNET_DEFAULTS.copy()
        entity.update(
            StartDate=start,
            EndDate=start,
            ActiveDate=start,
            Type="inDiary",
            Associate=associate(call.user),
        )
        link_map = {"Self": f"{call.base}/Appointment/default"}
        body = self._render(call, entity, link_map, call.select)
        return Answer(200, ((b"content-type", call.fmt[1]),), body)

    # ----------------------------------------------------------------------------------- writes

    async def _body(self, call: Call, *, patches: bool) -> tuple[str, Any]:
        media = content_type(call.content_type) if call.content_type is not None else None
        if call.method == "PATCH" and media not in (None, MERGE_PATCH, JSON_PATCH):
            raise HttpProblem(
                415, f"PATCH takes {MERGE_PATCH} or {JSON_PATCH}, not {media!r}", "Content-Type"
            )
        if not patches and media in (MERGE_PATCH, JSON_PATCH):
            raise HttpProblem(415, f"POST takes an entity (JSON or XML), not {media!r}", "Content-Type")
        raw = await read_body(call.receive, call.content_length, self.max_body)
        body = body_data(raw, media)
        assert media is not None  # body_data refuses a body without a Content-Type
        return media, body

    async def _entity_body(self, body: Any) -> dict[str, Any]:
        if body is None:
            raise HttpProblem(400, "Entity to save is not in request body", "body")
        if type(body) is dict:
            # An answer sent back as it came (GET, change, PUT): its rights and links are not
            # part of the entity and are ignored, as SuperOffice's deserialiser ignores them.
            for name in RESPONSE_ONLY:
                body.pop(name, None)
        if not validator(ENTITY.name).quick_check(body):
            problem = await _invalid(body)
            if problem is not None:
                raise problem
        result: dict[str, Any] = body
        return result

    async def write(self, call: Call, appointment_id: int) -> Answer:
        """PUT (replace, or patch with a patch Content-Type) and PATCH."""
        unmodified_since = _precondition(call.unmodified_since, "If-Unmodified-Since")
        media, body = await self._body(call, patches=True)
        base = self.store.base_zone
        if media in (MERGE_PATCH, JSON_PATCH):
            change = _patcher(appointment_id, media, body, call.zone, base, self.store.clock)
        else:
            entity = store_dates(await self._entity_body(body), call.zone, base)

            def change(current: Record) -> tuple[dict[str, Any], float]:
                return _merge(appointment_id, current.kept, entity, self.store.clock())

        try:
            record = self.store.update(appointment_id, change, unmodified_since=unmodified_since)
        except NotStored:
            raise _not_found(appointment_id) from None
        except PreconditionFailed as exc:
            raise _changed(exc, "Update") from None
        return self._entity(call, record, appointment_id)

    async def create(self, call: Call) -> Answer:
        """POST: a new appointment under a new id; 200 with the saved entity, as SuperOffice answers."""
        _, body = await self._body(call, patches=False)
        entity = store_dates(await self._entity_body(body), call.zone, self.store.base_zone)
        caller = associate(call.user)

        def build(appointment_id: int) -> tuple[dict[str, Any], float]:
            stamp, epoch = dotnet_now(self.store.clock())
            new = DOTNET_DEFAULTS.copy()
            new.update(entity)
            for name in _READ_ONLY:
                new[name] = DOTNET_DEFAULTS[name]
            for name in MAPS:
                if new[name] is None:
                    new[name] = {}
            if new.get("Associate") is None:
                new["Associate"] = caller  # NetServer makes the caller the owner
            new.update(
                AppointmentId=appointment_id, CreatedDate=stamp, CreatedBy=caller, UpdatedDate=MIN_DATE
            )
            return new, epoch

        try:
            record = self.store.create(build)
        except StoreFull:
            raise HttpProblem(409, "No appointment id is left to create with", "id") from None
        return self._entity(call, record, record.kept["AppointmentId"])

    def delete(self, call: Call, appointment_id: int) -> Answer:
        """DELETE: 204, then the id is 404; 412 (nothing deleted) when changed since the precondition."""
        unmodified_since = _precondition(call.unmodified_since, "If-Unmodified-Since")
        try:
            self.store.delete(appointment_id, unmodified_since=unmodified_since)
        except NotStored:
            raise _not_found(appointment_id) from None
        except PreconditionFailed as exc:
            raise _changed(exc, "Delete") from None
        return Answer(204, ())


async def _invalid(body: Any) -> HttpProblem | None:
    # The slow path: say exactly what is wrong.  jsonschema walks the body in a worker thread so a
    # large hostile body never stalls other clients.  None: the shared validator accepts the body
    # after all (the fast check is stricter by design, e.g. about 5.0 as an integer).
    if nesting_depth(body) > MAX_DEPTH:
        return HttpProblem(400, f"Body nests deeper than {MAX_DEPTH} levels", "body")
    problem = await asyncio.get_running_loop().run_in_executor(
        None, validator(ENTITY.name).first_problem, body
    )
    if problem is None:
        return None
    return HttpProblem(400, f"{problem.path}: {problem.message}", problem.path)


def _patcher(
    appointment_id: int,
    media: str,
    patch: Any,
    zone: ClientZone | None,
    base: Any,
    clock: Callable[[], int] | None = None,
) -> Callable[[Record], tuple[dict[str, Any], float]]:
    if nesting_depth(patch) > MAX_DEPTH:
        raise HttpProblem(400, f"Patch nests deeper than {MAX_DEPTH} levels", "body")
    apply = apply_merge_patch if media == MERGE_PATCH else apply_json_patch
    is_valid = validator(ENTITY.name).quick_check
    # With SO-TimeZone the patch speaks the client's zone: patch the entity as that client sees it
    # (every date with its offset, so untouched dates keep their instant), then store the result.
    view = ClientZone(zone.zone, include_offset=True) if zone is not None else None

    def change(current: Record) -> tuple[dict[str, Any], float]:
        entity = current.entity
        if view is not None:
            entity = answer_dates(entity, view, base)
        try:
            patched = apply(entity, patch)
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
                raise HttpProblem(400, f"After the patch, {problem.path}: {problem.message}", problem.path)
        now = clock() if clock is not None else None
        return _merge(appointment_id, current.kept, store_dates(patched, zone, base), now)

    return change


def _merge(
    appointment_id: int, kept: dict[str, Any], body: dict[str, Any], now_ns: int | None = None
) -> tuple[dict[str, Any], float]:
    """The stored entity after a PUT of ``body``: read-only properties kept, the rest replaced.

    ``body`` has passed the schema, so its keys are catalogue names: updating a copy of the defaults
    (already in catalogue order) keeps the order SuperOffice writes.
    """
    stamp, epoch = dotnet_now(now_ns)
    new = DOTNET_DEFAULTS.copy()
    new.update(body)
    for name in _READ_ONLY:
        new[name] = kept.get(name, DOTNET_DEFAULTS[name])
    for name in MAPS:
        if new[name] is None:
            new[name] = {}
    new["AppointmentId"] = appointment_id
    new["UpdatedDate"] = stamp
    return new, epoch
