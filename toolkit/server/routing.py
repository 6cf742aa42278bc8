"""Which resource a path names, and which methods it takes.

The Appointment endpoints SuperOffice's 2026 spec lists that the reference server answers::

    POST   {tenant}/api/v1/Appointment                  create
    GET    {tenant}/api/v1/Appointment/default          a new, unsaved entity with defaults
    GET    {tenant}/api/v1/Appointment/{id}             read (HEAD too)
    PUT    {tenant}/api/v1/Appointment/{id}             replace, or patch with a patch Content-Type
    PATCH  {tenant}/api/v1/Appointment/{id}             patch
    DELETE {tenant}/api/v1/Appointment/{id}             delete
    GET    {tenant}/api/v1/Appointment/{id}/Participants, .../{id}/Links

``{tenant}`` is empty or one path segment (``/Cust12345``, as SuperOffice Online addresses a
tenant).  Paths match case-insensitively, as ASP.NET routes do; a trailing ``/`` is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.catalogue import INT32_MAX
from toolkit.server._problems import HttpProblem

__all__ = ["METHODS", "Route", "check_method", "parse_id", "route"]

_PATH = re.compile(
    r"^(?P<prefix>/[A-Za-z0-9_.\-]{1,64})?/api/v1/appointment"
    r"(?:/(?P<rest>[^/]+)(?:/(?P<sub>[^/]+))?)?/?$",
    re.IGNORECASE,
)
_ID = re.compile(r"^[0-9]{1,10}$")

#: Methods each kind of resource takes (HEAD wherever GET is).
METHODS: dict[str, tuple[str, ...]] = {
    "collection": ("POST",),
    "default": ("GET", "HEAD"),
    "entity": ("GET", "HEAD", "PUT", "PATCH", "DELETE"),
    "participants": ("GET", "HEAD"),
    "links": ("GET", "HEAD"),
}
_SUBS = {"participants": "participants", "links": "links"}


@dataclass(frozen=True, slots=True)
class Route:
    """A matched path: the tenant prefix as the request wrote it, the kind of resource, the raw id."""

    prefix: str
    kind: str
    raw_id: str = ""


def route(path: str) -> Route:
    """The resource ``path`` names; :class:`HttpProblem` 404 when it names none."""
    m = _PATH.match(path)
    if m is not None:
        prefix, rest, sub = m.group("prefix") or "", m.group("rest"), m.group("sub")
        if prefix.lower() == "/api":  # "/api/api/v1/..." is no tenant
            prefix = "\0"
        if not rest and sub is None and prefix != "\0":
            return Route(prefix, "collection")
        if rest and prefix != "\0":
            if sub is None:
                kind = "default" if rest.lower() == "default" else "entity"
                return Route(prefix, kind, rest)
            kind_of_sub = _SUBS.get(sub.lower())
            if kind_of_sub is not None:
                return Route(prefix, kind_of_sub, rest)
    raise HttpProblem(404, f"No resource at {path[:100]!r}; try /api/v1/Appointment/{{id}}", "path")


def check_method(found: Route, method: str) -> None:
    """405 with ``Allow`` when the resource does not take ``method``."""
    allowed = METHODS[found.kind]
    if method not in allowed:
        listed = ", ".join(allowed)
        raise HttpProblem(
            405,
            f"Method {method[:20]} is not allowed here; use {listed}",
            "method",
            headers=((b"allow", listed.encode()),),
        )


def parse_id(raw: str) -> int:
    """An appointment id from the path: a positive int32, else 404."""
    if _ID.match(raw):
        value = int(raw)
        if 1 <= value <= INT32_MAX:
            return value
        raise HttpProblem(404, f"Appointment id {value} is out of range (1..{INT32_MAX})", "id")
    raise HttpProblem(404, f"Appointment id {raw[:40]!r} is not a positive int32", "id")
