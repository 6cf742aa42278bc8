"""A small synchronous client for SuperOffice's Appointment endpoints (built on httpx).

::

    from toolkit.client import AppointmentClient, basic_auth

    with AppointmentClient("http://127.0.0.1:8000", auth=basic_auth("alice", "secret")) as client:
        new = client.default()                      # GET .../Appointment/default
        new["Title"] = "Quarterly review"
        created = client.create(new)                # POST .../Appointment
        created["Location"] = "Room 4"
        saved = client.put(created["AppointmentId"], created, select="Title,UpdatedDate")
        client.patch(saved["AppointmentId"], {"Agenda": "Numbers"})   # PATCH, merge patch
        client.delete(saved["AppointmentId"])       # DELETE

Error answers raise the :class:`~toolkit.errors.ApiError` subclass for their status
(``NotFoundError``, ``PreconditionFailedError`` ...) carrying SuperOffice's parsed error object in
``.body``.  ``put_raw``/``request`` return the :class:`httpx.Response` for callers that want the
status and headers themselves.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
import orjson

from toolkit.errors import api_error_for_status

if TYPE_CHECKING:
    from toolkit.types import AppointmentEntityWithLinks

__all__ = [
    "AppointmentClient",
    "Auth",
    "basic_auth",
    "bearer_auth",
    "http_date",
    "soticket_auth",
    "xsrf",
]

_R = TypeVar("_R", bound=Any)


@dataclass(frozen=True)
class Auth:
    """Headers that authenticate a request (see the helpers below).

    Also usable as the ``auth=`` of requests and httpx (both accept a callable that takes a request
    and returns it authenticated), so application code under test can share the plugin's ``so_auth``::

        httpx.put(url, json=body, auth=so_auth)
        requests.put(url, json=body, auth=so_auth)
    """

    headers: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, request: _R) -> _R:
        request.headers.update(self.headers)
        return request


def basic_auth(user: str, password: str) -> Auth:
    """``Authorization: Basic base64(user:password)``."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return Auth({"Authorization": f"Basic {token}"})


def soticket_auth(ticket: str) -> Auth:
    """``Authorization: SOTicket 7T:...`` (SuperOffice's ticket credential)."""
    return Auth({"Authorization": f"SOTicket {ticket}"})


def bearer_auth(token: str) -> Auth:
    """``Authorization: Bearer <token>`` (an OpenID Connect access token in SuperOffice Online)."""
    return Auth({"Authorization": f"Bearer {token}"})


def xsrf(token: str) -> Auth:
    """No Authorization: the ``X-XSRF-TOKEN`` header and the matching ``XSRF-TOKEN`` cookie."""
    return Auth({"X-XSRF-TOKEN": token, "Cookie": f"XSRF-TOKEN={token}"})


def http_date(when: datetime) -> str:
    """An RFC 1123 date for ``If-Unmodified-Since`` (naive datetimes are taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return format_datetime(when.astimezone(timezone.utc), usegmt=True)


class AppointmentClient:
    """Talks to a SuperOffice tenant or the reference server.

    ``base_url`` is the tenant's WebAPI root, e.g. ``http://127.0.0.1:8000`` or
    ``https://online.superoffice.com/Cust12345``; requests go to ``{base_url}/api/v1/Appointment/{id}``.
    The optional headers (``language`` -> ``Accept-Language``, ``so_language``, ``culture``,
    ``timezone``, ``app_token``) are sent with every request.
    """

    def __init__(
        self,
        base_url: str,
        auth: Auth | None = None,
        *,
        timeout: float = 10.0,
        session: httpx.Client | None = None,
        language: str | None = None,
        so_language: str | None = None,
        culture: str | None = None,
        timezone: str | None = None,
        app_token: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self._owns_session = session is None
        self.session = session if session is not None else httpx.Client(timeout=timeout)
        self.headers: dict[str, str] = dict(auth.headers) if auth is not None else {}
        for name, value in (
            ("Accept-Language", language),
            ("SO-Language", so_language),
            ("SO-Culture", culture),
            ("SO-TimeZone", timezone),
            ("SO-AppToken", app_token),
        ):
            if value is not None:
                self.headers[name] = value

    def url(self, appointment_id: int | str | None = None) -> str:
        """The resource URL of one appointment (``default`` for the defaults), or of the collection."""
        collection = f"{self.base_url}/api/v1/Appointment"
        return collection if appointment_id is None else f"{collection}/{appointment_id}"

    # ------------------------------------------------------------------------------------- raw calls

    def request(
        self,
        method: str,
        appointment_id: int | str | None,
        *,
        body: bytes | None = None,
        select: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request and return the response whatever its status (``None``: the collection)."""
        params = {"$select": select} if select is not None else None
        merged = {**self.headers, **(headers or {})}
        return self.session.request(
            method, self.url(appointment_id), content=body, params=params, headers=merged
        )

    def put_raw(
        self,
        appointment_id: int | str,
        entity: Any,
        *,
        select: str | None = None,
        if_unmodified_since: datetime | str | None = None,
        accept: str = "application/json",
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """``PUT`` and return the response whatever its status (``entity``: dict, list, bytes or str)."""
        extra = {"Accept": accept, "Content-Type": content_type, **_precondition(if_unmodified_since)}
        extra.update(headers or {})
        return self.request(
            "PUT", appointment_id, body=_encode(entity, content_type), select=select, headers=extra
        )

    # --------------------------------------------------------------------------------- parsed calls

    def put(
        self,
        appointment_id: int | str,
        entity: Any,
        *,
        select: str | None = None,
        if_unmodified_since: datetime | str | None = None,
        accept: str = "application/json",
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> AppointmentEntityWithLinks:
        """``PUT`` the entity; the saved AppointmentEntityWithLinks, or a typed ApiError.

        Typed as the full answer; with ``select``, the properties not selected are null at run time.
        """
        response = self.put_raw(
            appointment_id,
            entity,
            select=select,
            if_unmodified_since=if_unmodified_since,
            accept=accept,
            content_type=content_type,
            headers=headers,
        )
        return cast("AppointmentEntityWithLinks", _parse(response))

    def patch(
        self,
        appointment_id: int | str,
        patch: Any,
        *,
        json_patch: bool = False,
        select: str | None = None,
        if_unmodified_since: datetime | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AppointmentEntityWithLinks:
        """``PATCH`` a JSON Merge Patch (default) or a JSON Patch (``json_patch=True``) to the entity."""
        media = "application/json-patch+json" if json_patch else "application/merge-patch+json"
        extra = {"Accept": "application/json", "Content-Type": media, **_precondition(if_unmodified_since)}
        extra.update(headers or {})
        response = self.request(
            "PATCH", appointment_id, body=_encode(patch, media), select=select, headers=extra
        )
        return cast("AppointmentEntityWithLinks", _parse(response))

    def create(
        self,
        entity: Any,
        *,
        select: str | None = None,
        accept: str = "application/json",
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> AppointmentEntityWithLinks:
        """``POST`` a new appointment; the saved AppointmentEntityWithLinks with its new id."""
        extra = {"Accept": accept, "Content-Type": content_type, **(headers or {})}
        response = self.request(
            "POST", None, body=_encode(entity, content_type), select=select, headers=extra
        )
        return cast("AppointmentEntityWithLinks", _parse(response))

    def default(
        self, *, select: str | None = None, headers: Mapping[str, str] | None = None
    ) -> AppointmentEntityWithLinks:
        """``GET .../Appointment/default``: a new, unsaved appointment with the server's defaults."""
        response = self.request(
            "GET", "default", select=select, headers={"Accept": "application/json", **(headers or {})}
        )
        return cast("AppointmentEntityWithLinks", _parse(response))

    def delete(
        self,
        appointment_id: int | str,
        *,
        if_unmodified_since: datetime | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """``DELETE`` the appointment (204); a typed ApiError otherwise (404, 412 ...)."""
        extra = {**_precondition(if_unmodified_since), **(headers or {})}
        response = self.request("DELETE", appointment_id, headers=extra)
        if response.status_code >= 400:
            raise api_error_for_status(response.status_code, _decode(response))

    def get(
        self,
        appointment_id: int | str,
        *,
        select: str | None = None,
        accept: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> AppointmentEntityWithLinks:
        """``GET`` the stored appointment (the reference server answers this; SuperOffice too)."""
        response = self.request(
            "GET", appointment_id, select=select, headers={"Accept": accept, **(headers or {})}
        )
        return cast("AppointmentEntityWithLinks", _parse(response))

    def close(self) -> None:
        """Close the HTTP session if this client created it."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> AppointmentClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _precondition(since: datetime | str | None) -> dict[str, str]:
    if since is None:
        return {}
    return {"If-Unmodified-Since": since if isinstance(since, str) else http_date(since)}


def _encode(entity: Any, content_type: str) -> bytes:
    if isinstance(entity, bytes):
        return entity
    if isinstance(entity, str):
        return entity.encode("utf-8")
    from toolkit.codecs import encode_xml, is_xml

    if is_xml(content_type):
        return encode_xml(entity, root="AppointmentEntity")
    return orjson.dumps(entity)


def _decode(response: httpx.Response) -> Any:
    from toolkit.codecs import BodyError, decode_body, is_xml

    raw = response.content
    if not raw:
        return None
    content_type = response.headers.get("content-type", "")
    try:
        if response.status_code >= 400 and is_xml(content_type, raw):
            return _xml_error(raw)
        return decode_body(raw, content_type, root="AppointmentEntityWithLinks")
    except BodyError:
        return response.text  # a proxy's "Bad gateway" page, say: the caller gets the text


def _xml_error(raw: bytes) -> dict[str, Any]:
    from toolkit.codecs import parse_xml

    out: dict[str, Any] = {}
    for child in parse_xml(raw):
        tag = str(child.tag).rsplit("}", 1)[-1]
        text = child.text or ""
        out[tag] = text == "true" if tag == "Error" else text
    return out


def _parse(response: httpx.Response) -> dict[str, Any]:
    body = _decode(response)
    if response.status_code >= 400:
        raise api_error_for_status(response.status_code, body)
    if not isinstance(body, dict):
        raise api_error_for_status(response.status_code, body)
    return body
