"""Dates the way .NET writes them, kept as strings, and the ``SO-TimeZone`` conversion.

SuperOffice writes ``2002-09-19T03:46:59.6911992+02:00``: up to seven fraction digits (100 ns
ticks), an offset with a colon.  Python's ``datetime`` holds only six, so the fraction is carried
through as text and only the whole-second part goes through ``datetime``.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from email.utils import formatdate, parsedate_to_datetime
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from toolkit.catalogue import CARRIERS, ENTITY_WITH_LINKS, Carrier, TypeRef

__all__ = [
    "convert_dates",
    "dotnet_now",
    "epoch_of",
    "format_http_date",
    "load_zone",
    "parse_dotnet",
    "parse_http_date",
    "to_zone",
]

_DOTNET = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$")
# Zone names are at most a few dozen characters; anything longer is not worth a lookup.
_MAX_ZONE_NAME = 64


def dotnet_now(ns: int | None = None) -> tuple[str, float]:
    """Now (or ``ns`` nanoseconds since the epoch), in UTC, as .NET writes it (seven fraction digits),
    and as epoch seconds."""
    ns = time.time_ns() if ns is None else ns
    seconds, rest = divmod(ns, 1_000_000_000)
    return f"{_whole_second(seconds)}.{rest // 100:07d}+00:00", ns / 1e9


@lru_cache(maxsize=4)
def _whole_second(seconds: int) -> str:
    # A busy server writes many times a second; format each second once.
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def parse_dotnet(text: str) -> tuple[datetime, str] | None:
    """Split a .NET date into an aware datetime (whole seconds) and its fraction text.

    A date without an offset is UTC (SuperOffice documents its dates as UTC).  None when the text
    is not a .NET date.
    """
    m = _DOTNET.match(text)
    if m is None:
        return None
    whole, fraction, offset = m.groups()
    try:
        dt = datetime.fromisoformat(whole)
    except ValueError:
        return None
    if offset and offset != "Z":
        sign = 1 if offset[0] == "+" else -1
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        try:
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        except ValueError:  # an offset of a day or more (+25:00) is no offset at all
            return None
    else:
        tz = timezone.utc
    return dt.replace(tzinfo=tz), fraction or ""


def epoch_of(text: str) -> float | None:
    """Epoch seconds of a .NET date (fraction included), None when unreadable or out of range."""
    parsed = parse_dotnet(text)
    if parsed is None:
        return None
    dt, fraction = parsed
    try:
        return dt.timestamp() + (float(fraction) if fraction else 0.0)
    except (OverflowError, ValueError):
        return None


def _offset_text(dt: datetime) -> str:
    off = dt.utcoffset() or timedelta(0)
    total = int(off.total_seconds())
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}"


def to_zone(text: str, zone: ZoneInfo) -> str:
    """The same instant in ``zone``, fraction digits untouched; unreadable dates are returned as is."""
    parsed = parse_dotnet(text)
    if parsed is None:
        return text
    dt, fraction = parsed
    try:
        local = dt.astimezone(zone)
    except (OverflowError, ValueError):
        return text  # e.g. 0001-01-01 shifted west of UTC: no such year; keep the stored text
    return f"{local.strftime('%Y-%m-%dT%H:%M:%S')}{fraction}{_offset_text(local)}"


@lru_cache(maxsize=256)
def load_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name`` (``Europe/Oslo``, ``UTC``), None when there is none."""
    if not name or len(name) > _MAX_ZONE_NAME or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError, ValueError, IsADirectoryError, UnicodeError ...
        return None


# Which properties of each carrier are dates, and which hold carriers to descend into.
Plan = dict[str, Any]


@cache
def _plan(name: str) -> Plan:
    c: Carrier = ENTITY_WITH_LINKS if name == ENTITY_WITH_LINKS.name else CARRIERS[name]
    plan: Plan = {}
    for f in c.fields:
        sub = _type_plan(f.type)
        if sub is not None:
            plan[f.name] = sub
    return plan


def _type_plan(t: TypeRef) -> Any:
    if t.kind == "date":
        return True
    if t.kind == "carrier" and t.name:
        return ("carrier", t.name)
    if t.kind == "list" and t.item is not None:
        inner = _type_plan(t.item)
        return ("list", inner) if inner is not None else None
    return None


def _convert(value: Any, plan: Any, zone: ZoneInfo) -> Any:
    if plan is True:
        return to_zone(value, zone) if isinstance(value, str) else value
    kind, arg = plan
    if kind == "list":
        return [_convert(v, arg, zone) for v in value] if isinstance(value, list) else value
    if not isinstance(value, dict):
        return value
    sub = _plan(arg)
    return {k: (_convert(v, sub[k], zone) if k in sub else v) for k, v in value.items()}


def convert_dates(entity: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """A copy of a response with every date property (nested carriers too) moved into ``zone``."""
    result: dict[str, Any] = _convert(entity, ("carrier", ENTITY_WITH_LINKS.name), zone)
    return result


def parse_http_date(text: str) -> float | None:
    """Epoch seconds of an RFC 1123 date (``Tue, 15 Nov 1994 08:12:31 GMT``); None if unreadable."""
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    try:
        return dt.timestamp()
    except (OverflowError, ValueError):
        return None


def format_http_date(epoch: float) -> str:
    """An RFC 1123 date for ``Last-Modified`` (whole seconds, GMT)."""
    return formatdate(int(epoch), usegmt=True)
