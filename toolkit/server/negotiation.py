"""Content negotiation: the answer's format from ``Accept``, the body's from ``Content-Type``."""

from __future__ import annotations

from toolkit.server._problems import HttpProblem

__all__ = [
    "BODY_TYPES",
    "DEFAULT_FORMAT",
    "JSON_CT",
    "JSON_PATCH",
    "JSON_TYPES",
    "MERGE_PATCH",
    "XML_TYPES",
    "Format",
    "content_type",
    "negotiate",
]

#: (format, the Content-Type answered): format is "json" or "xml".
Format = tuple[str, bytes]

JSON_TYPES = frozenset({"application/json", "text/json"})
XML_TYPES = frozenset({"application/xml", "text/xml"})
MERGE_PATCH = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
BODY_TYPES = JSON_TYPES | XML_TYPES | {MERGE_PATCH, JSON_PATCH}

JSON_CT = b"application/json; charset=utf-8"
DEFAULT_FORMAT: Format = ("json", JSON_CT)
_ACCEPTS: dict[str, Format] = {
    "application/json": DEFAULT_FORMAT,
    "text/json": ("json", b"text/json; charset=utf-8"),
    MERGE_PATCH: DEFAULT_FORMAT,
    JSON_PATCH: DEFAULT_FORMAT,
    "application/xml": ("xml", b"application/xml; charset=utf-8"),
    "text/xml": ("xml", b"text/xml; charset=utf-8"),
    "*/*": DEFAULT_FORMAT,
    "application/*": DEFAULT_FORMAT,
    "text/*": ("json", b"text/json; charset=utf-8"),
}


def negotiate(accept: str | None, *, strict: bool = False) -> Format | None:
    """The answer's format for an ``Accept`` header.

    The best media range by q-value wins.  When nothing matches, JSON, as ASP.NET Web API's default
    negotiation answers (a client sending ``aplication/json`` still gets JSON); with ``strict``, None
    (the server then answers 406).
    """
    if accept is None:
        return DEFAULT_FORMAT
    simple = accept.strip().lower()
    if simple in _ACCEPTS:
        return _ACCEPTS[simple]
    if not simple:
        return DEFAULT_FORMAT
    best: Format | None = None
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
    if best is None and not strict:
        return DEFAULT_FORMAT
    return best


def content_type(header: str) -> str:
    """The media type of a request body; :class:`HttpProblem` 415 when unsupported or not UTF-8."""
    if header in BODY_TYPES:  # the usual, bare "application/json"
        return header
    media, *params = (p.strip() for p in header.split(";"))
    media = media.lower()
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise HttpProblem(415, f"Charset {value.strip()!r} is not supported; send UTF-8", "Content-Type")
    if media not in BODY_TYPES:
        raise HttpProblem(
            415,
            f"Content-Type {media!r} is not supported; use application/json, text/json, application/xml, "
            f"text/xml, {MERGE_PATCH} or {JSON_PATCH}",
            "Content-Type",
        )
    return media
