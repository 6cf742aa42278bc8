"""A reference server whose API has "changed": the real server behind a small ASGI wrapper.

The wrapper edits each JSON answer on its way out (add a property, drop one, retype one, change a
status), so verification and the re-record report are tested against a real HTTP server on 127.0.0.1,
as a tenant upgrade would look to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from toolkit.server import ReferenceServer

#: ``change(method, path, status, body) -> (status, body)``; body is the parsed JSON answer.
Change = Callable[[str, str, int, Any], tuple[int, Any]]


class ChangedApi:
    """ASGI middleware applying ``change`` to every JSON answer of ``app``."""

    def __init__(self, app: Any, change: Change) -> None:
        self.app = app
        self.change = change

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            status, body = start["status"], b"".join(chunks)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            if body[:1] == b"{":
                status, data = self.change(scope["method"], scope["path"], status, orjson.loads(body))
                body = orjson.dumps(data)
            headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


class ChangedServer(ReferenceServer):
    """The reference server (same store, same data) answering through :class:`ChangedApi`."""

    def __init__(self, change: Change, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.app = ChangedApi(self.app, change)  # type: ignore[assignment]


def add_property(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """A new property, unknown to the toolkit's schema."""
    return status, {**body, "MeetingRoom": "Fjord"} if "AppointmentId" in body else body


def drop_property(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """``Agenda`` is no longer sent."""
    return status, {k: v for k, v in body.items() if k != "Agenda"}


def retype_property(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """``ColorIndex`` becomes a string."""
    if "ColorIndex" in body:
        body = {**body, "ColorIndex": str(body["ColorIndex"])}
    return status, body


def new_enum_value(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """``Completed`` holds a name the schema does not know."""
    if "Completed" in body:
        body = {**body, "Completed": "Archived"}
    return status, body


def change_status(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """Every GET of an appointment is now "gone"."""
    if method == "GET" and status == 200:
        return 410, {"Error": True, "ErrorType": "Gone", "ErrorMessage": "gone", "ErrorSource": "id"}
    return status, body


def other_description(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """Same shape, another value."""
    if "Description" in body:
        body = {**body, "Description": "changed upstream"}
    return status, body


def upgrade(method: str, path: str, status: int, body: Any) -> tuple[int, Any]:
    """A tenant upgrade as the README's sample shows it: on the PUT's answer, one change of each kind."""
    if method != "PUT" or "AppointmentId" not in body:
        return status, body
    for change in (add_property, drop_property, retype_property, new_enum_value, other_description):
        status, body = change(method, path, status, body)
    return status, body
