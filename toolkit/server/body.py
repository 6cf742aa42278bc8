"""Reading a request body: size limits while streaming, then JSON or XML as data (by the one body
reader, :func:`toolkit.codecs.decode_body`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from toolkit.codecs import BodyError, decode_body
from toolkit.server._problems import HttpProblem

__all__ = ["MAX_BODY", "Disconnected", "Receive", "body_data", "read_body"]

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]

#: Largest request body accepted (413 above it): 1 MiB, about 300 times a full appointment.
MAX_BODY = 1024 * 1024


class Disconnected(Exception):
    """The client went away before sending its whole body."""


async def read_body(receive: Receive, content_length: str | None, limit: int) -> bytes:
    """The whole body; 413 past ``limit`` (by Content-Length before reading, or while streaming)."""
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise HttpProblem(400, "Content-Length is not a number", "Content-Length") from None
        if declared > limit:
            raise HttpProblem(413, f"Body of {declared} bytes is over the {limit}-byte limit", "body")
    message = await receive()
    if message["type"] == "http.disconnect":
        raise Disconnected
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        return body
    chunks = [body]
    total = len(body)
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        chunk = message.get("body", b"")
        total += len(chunk)
        if total > limit:
            raise HttpProblem(413, f"Body is over the {limit}-byte limit", "body")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def body_data(raw: bytes, media: str | None) -> Any:
    """The body as data: 400 when empty or unreadable, 415 when its Content-Type is missing."""
    if not raw.strip():
        raise HttpProblem(400, "Entity to save is not in request body", "body")
    if media is None:
        raise HttpProblem(
            415, "Content-Type is missing; send application/json or application/xml", "Content-Type"
        )
    try:
        return decode_body(raw, media)
    except BodyError as exc:
        raise HttpProblem(400, str(exc), "body") from None
