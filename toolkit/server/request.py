"""The parts of an HTTP request the server reads, collected in one pass over the headers."""

from __future__ import annotations

__all__ = ["Request"]

_HEADER_ATTRS = {
    b"accept": "accept",
    b"authorization": "authorization",
    b"content-length": "content_length",
    b"content-type": "content_type",
    b"cookie": "cookie",
    b"host": "host",
    b"so-timezone": "timezone",
    b"if-modified-since": "modified_since",
    b"if-unmodified-since": "unmodified_since",
    b"x-xsrf-token": "xsrf",
}


class Request:
    """Header values (latin-1 text, None when absent) of one request; ASGI gives names in lower case."""

    __slots__ = (
        "accept",
        "authorization",
        "content_length",
        "content_type",
        "cookie",
        "host",
        "modified_since",
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
        self.modified_since: str | None = None
        self.timezone: str | None = None
        self.unmodified_since: str | None = None
        self.xsrf: str | None = None
        for name, value in headers:
            attr = _HEADER_ATTRS.get(name)
            if attr is not None:
                setattr(self, attr, value.decode("latin-1"))
