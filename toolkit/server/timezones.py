"""Dates as SuperOffice writes them, the ``SO-TimeZone`` header, and the base time zone.

SuperOffice (Newtonsoft.Json) writes dates as .NET round-trip text with the kind as suffix:
``yyyy-MM-ddTHH:mm:ss.FFFFFFFK``, fraction digits only when not zero, no suffix for a date of
unspecified kind, ``Z`` for UTC, ``+02:00`` for an offset.  Python's ``datetime`` holds six fraction
digits, .NET seven, so the fraction is carried through as text and only the whole-second part goes
through ``datetime``.

The store holds every date without a suffix: the appointment's *diary dates* (StartDate, EndDate,
ActiveDate, the publish dates, the recurrence dates) as wall time in the installation's base time
zone, every other date (CreatedDate, UpdatedDate, the dates of the carriers it embeds) in UTC.
``SO-TimeZone`` converts diary dates on the way in (from the client's zone to the base zone) and on
the way out (back again); the other dates are only tagged.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import formatdate, parsedate_to_datetime
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from toolkit.catalogue import CARRIERS, DOTNET_DATE, ENTITY_WITH_LINKS, Carrier, TypeRef
from toolkit.server.zone_codes import ZONE_CODES, ZONE_IDS, country_zone

__all__ = [
    "INCLUDE_OFFSET",
    "UTC_ZONE",
    "ClientZone",
    "answer_dates",
    "dotnet_now",
    "epoch_of",
    "format_http_date",
    "load_zone",
    "parse_dotnet",
    "parse_http_date",
    "parse_timezone_header",
    "store_dates",
    "wall_now",
]

UTC = timezone.utc
# Zone names are at most a few dozen characters; anything longer is not worth a lookup.
_MAX_ZONE_NAME = 64
#: The ``SO-TimeZone`` option that adds the offset to converted dates.
INCLUDE_OFFSET = "includetzoffset"
UTC_ZONE = ZoneInfo("UTC")
#: Properties that are always UTC whatever the header says (SuperOffice sets them itself).
SYSTEM_DATES = frozenset({"CreatedDate", "UpdatedDate"})


def dotnet_now(ns: int | None = None) -> tuple[str, float]:
    """Now (or ``ns`` nanoseconds since the epoch) as the store writes a system date (UTC, no suffix,
    .NET's ticks), and as epoch seconds."""
    ns = time.time_ns() if ns is None else ns
    seconds, rest = divmod(ns, 1_000_000_000)
    digits = f"{rest // 100:07d}".rstrip("0")
    return f"{_whole_second(seconds)}.{digits}" if digits else _whole_second(seconds), ns / 1e9


@lru_cache(maxsize=4)
def _whole_second(seconds: int) -> str:
    # A busy server writes many times a second; format each second once.
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


def wall_now(zone: ZoneInfo) -> str:
    """Now as wall time in ``zone``, as the store writes a diary date (a new entity's dates)."""
    now = datetime.now(zone)
    return _text(now, f"{now.microsecond:06d}0", "")


def parse_dotnet(text: str) -> tuple[datetime, str] | None:
    """Split a .NET date into an aware datetime (whole seconds) and its fraction digits.

    A date without a suffix is taken as UTC.  None when the text is not a .NET date.
    """
    parts = _split(text)
    if parts is None:
        return None
    whole, fraction, offset = parts
    return whole.replace(tzinfo=offset or UTC), fraction


def _parts(text: str) -> tuple[str, str, str] | None:
    # (whole seconds "yyyy-MM-ddTHH:mm:ss", fraction digits, suffix) as text.  The catalogue's one
    # .NET date pattern decides what a date is; the parts are then at fixed places.
    if DOTNET_DATE.match(text) is None:
        return None
    rest = text[19:]
    fraction = ""
    if rest.startswith("."):
        end = 1
        while end < len(rest) and rest[end].isdigit():
            end += 1
        fraction, rest = rest[1:end], rest[end:]
    return text[:19], fraction, rest


def _split(text: str) -> tuple[datetime, str, timezone | None] | None:
    # (naive whole seconds, fraction digits, the offset written or None for no suffix).
    parts = _parts(text)
    if parts is None:
        return None
    whole, fraction, suffix = parts
    dt = datetime(
        int(whole[0:4]),
        int(whole[5:7]),
        int(whole[8:10]),
        int(whole[11:13]),
        int(whole[14:16]),
        int(whole[17:19]),
    )
    if not suffix:
        return dt, fraction, None
    if suffix == "Z":
        return dt, fraction, UTC
    sign = 1 if suffix[0] == "+" else -1
    return dt, fraction, timezone(sign * timedelta(hours=int(suffix[1:3]), minutes=int(suffix[4:6])))


def epoch_of(text: str) -> float | None:
    """Epoch seconds of a .NET date (fraction included), None when unreadable or out of range."""
    parsed = parse_dotnet(text)
    if parsed is None:
        return None
    dt, fraction = parsed
    try:
        return dt.timestamp() + (float("0." + fraction) if fraction else 0.0)
    except (OverflowError, ValueError):
        return None


def _fraction(digits: str) -> str:
    # .NET's "F" fraction: trailing zeros dropped, the dot too when nothing is left.
    digits = digits.rstrip("0")
    return "." + digits if digits else ""


def _text(dt: datetime, fraction: str, suffix: str) -> str:
    # Formatted by hand, not strftime: strftime writes year 1 as "1" on some platforms.
    whole = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    return f"{whole}{_fraction(fraction)}{suffix}"


def _offset_text(dt: datetime) -> str:
    total = int((dt.utcoffset() or timedelta(0)).total_seconds())
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}"


# Clients send the same dates again and again (a PUT of an unchanged appointment): 32k dates of a
# thousand appointments, about 6 MB, are converted once.
@lru_cache(maxsize=32768)
def _stored(text: str, source: ZoneInfo | None, target: ZoneInfo) -> str:
    """A request date as the store keeps it: wall time in ``target``, no suffix.

    A date with ``Z`` or an offset is that instant; a date without one is wall time in ``source``
    (the client's SO-TimeZone), or kept as written when there is no ``source``.
    """
    parts = _parts(text)
    if parts is None:
        return text  # not a date: the schema check has the last word
    whole_text, digits, suffix = parts
    if (not suffix and (source is None or source is target)) or (
        suffix in ("Z", "+00:00", "-00:00") and target is UTC_ZONE
    ):
        return whole_text + _fraction(digits)  # already wall time in the target: text only
    split = _split(text)
    assert split is not None
    whole, fraction, offset = split
    zone = offset or source
    if zone is not None and zone is not target:
        # 0001-01-01 / 9999-12-31 moved past the calendar's ends: keep the wall time.
        with contextlib.suppress(OverflowError, ValueError):
            if offset is not None and target is UTC_ZONE:
                whole = whole - (offset.utcoffset(None) or timedelta(0))  # a fixed offset: arithmetic
            else:
                whole = whole.replace(tzinfo=zone).astimezone(target).replace(tzinfo=None)
    return _text(whole, fraction, "")


@lru_cache(maxsize=32768)
def _answered(text: str, stored_in: ZoneInfo, target: ZoneInfo, suffix: bool) -> str:
    """A stored date as an answer shows it: moved into ``target``, with its suffix when ``suffix``."""
    parts = _split(text)
    if parts is None:
        return text
    whole, fraction, offset = parts
    try:
        local = whole.replace(tzinfo=offset or stored_in).astimezone(target)
    except (OverflowError, ValueError):
        # DateTime.MinValue/MaxValue moved past the calendar's ends: answered as stored, as UTC.
        return _text(whole, fraction, "Z" if suffix else "")
    tag = ("Z" if target is UTC_ZONE else _offset_text(local)) if suffix else ""
    return _text(local, fraction, tag)


# ------------------------------------------------------------------------------------ SO-TimeZone


@dataclass(frozen=True, slots=True)
class ClientZone:
    """A parsed ``SO-TimeZone`` header: the zone, and whether answers carry offsets."""

    zone: ZoneInfo
    include_offset: bool = False

    @property
    def utc(self) -> bool:
        """``UTC`` answers every date in Zulu time, with or without ``includeTZOffset``."""
        return self.zone is UTC_ZONE


@lru_cache(maxsize=256)
def load_zone(name: str) -> ZoneInfo | None:
    """The zone for a SuperOffice code (``NO``, ``US-NY``), id (``261``) or IANA name; None if unknown.

    IANA names (``Europe/Oslo``) are an extension of ours: SuperOffice itself takes only its codes.
    """
    name = name.strip()
    if not name or len(name) > _MAX_ZONE_NAME or name.startswith(("/", ".")) or ".." in name:
        return None
    key: str | None = None
    upper = name.upper()
    if upper in ZONE_CODES:
        key = ZONE_CODES[upper][1]
    elif name.isdigit() and name.isascii():
        code = ZONE_IDS.get(int(name))
        key = ZONE_CODES[code][1] if code is not None else None
    elif len(name) == 2 and name.isalpha():
        key = country_zone(name)
    elif "/" in name or upper in ("UTC", "GMT"):
        key = name
    if key is None:
        return None
    if key.upper() in ("UTC", "ETC/UTC", "ZULU", "UCT"):
        return UTC_ZONE
    try:
        return ZoneInfo(key)
    except Exception:  # ZoneInfoNotFoundError, ValueError, IsADirectoryError, UnicodeError ...
        return None


def parse_timezone_header(header: str) -> ClientZone:
    """``"US-NY, includeTZOffset"`` -> ClientZone; ValueError with a one-line reason when unusable."""
    zone_name, *options = (part.strip() for part in header.split(","))
    zone = load_zone(zone_name)
    if zone is None:
        codes = ", ".join(sorted(ZONE_CODES))
        raise ValueError(
            f"SO-TimeZone {zone_name[:64]!r} is not a known time zone; use a SuperOffice code or id "
            f"({codes}, 261 ...), a country code, or an IANA name"
        )
    include = False
    for option in options:
        if option.lower() == INCLUDE_OFFSET:
            include = True
        elif option:
            raise ValueError(
                f"SO-TimeZone option {option[:64]!r} is unknown; the one option is includeTZOffset"
            )
    return ClientZone(zone, include)


# ------------------------------------------------------------------------- walking an entity's dates

# For each carrier: property -> "diary" | "system" | ("carrier", name, diary) | ("list", plan), for
# the properties that hold a date somewhere below them (the rest are never visited).
Plan = dict[str, Any]
_ROOT = ("carrier", ENTITY_WITH_LINKS.name, True)


def _leads_to_date(t: TypeRef, dated: set[str]) -> bool:
    if t.kind == "date":
        return True
    if t.kind == "carrier":
        return t.name in dated
    return t.kind == "list" and t.item is not None and _leads_to_date(t.item, dated)


@cache
def _dated_carriers() -> frozenset[str]:
    # Carriers with a date anywhere below them, to a fixed point (carriers may refer to each other).
    carriers = [*CARRIERS.values(), ENTITY_WITH_LINKS]
    dated: set[str] = set()
    grew = True
    while grew:
        grew = False
        for c in carriers:
            if c.name not in dated and any(_leads_to_date(f.type, dated) for f in c.fields):
                dated.add(c.name)
                grew = True
    return frozenset(dated)


@cache
def _plan(name: str, diary: bool) -> Plan:
    top = name == ENTITY_WITH_LINKS.name
    c: Carrier = ENTITY_WITH_LINKS if top else CARRIERS[name]
    plan: Plan = {}
    for f in c.fields:
        inner = diary
        if top:
            # The header moves the appointment's own dates and its recurrence's; the carriers it
            # embeds (Project, Sale ...) are other entities, whose dates SuperOffice does not adjust.
            inner = f.name not in SYSTEM_DATES if f.type.kind == "date" else f.name == "Recurrence"
        sub = _type_plan(f.type, inner)
        if sub is not None:
            plan[f.name] = sub
    return plan


def _type_plan(t: TypeRef, diary: bool) -> Any:
    if t.kind == "date":
        return "diary" if diary else "system"
    if t.kind == "carrier" and t.name in _dated_carriers():
        return ("carrier", t.name, diary)
    if t.kind == "list" and t.item is not None:
        inner = _type_plan(t.item, diary)
        return ("list", inner) if inner is not None else None
    return None


def _walk(value: Any, plan: Any, date: Any) -> Any:
    # Containers are changed in place (callers hand over entities they own); dates are replaced.
    if isinstance(plan, str):
        return date(value, plan == "diary") if isinstance(value, str) else value
    if plan[0] == "list":
        if isinstance(value, list):
            for i, item in enumerate(value):
                value[i] = _walk(item, plan[1], date)
        return value
    if isinstance(value, dict):
        for key, sub in _plan(plan[1], plan[2]).items():
            item = value.get(key)
            if item is None:
                continue
            if sub.__class__ is str:  # a date here: the common case, without a call of _walk
                if item.__class__ is str:
                    value[key] = date(item, sub == "diary")
            else:
                value[key] = _walk(item, sub, date)
    return value


def store_dates(entity: dict[str, Any], client: ClientZone | None, base: ZoneInfo) -> dict[str, Any]:
    """A request entity with every date in the store's form (see the module docstring), changed in place."""
    source = client.zone if client is not None else None

    def date(text: str, diary: bool) -> str:
        return _stored(text, source, base) if diary else _stored(text, None, UTC_ZONE)

    result: dict[str, Any] = _walk(entity, _ROOT, date)
    return result


def answer_dates(entity: dict[str, Any], client: ClientZone, base: ZoneInfo) -> dict[str, Any]:
    """An answer with its dates as a client with ``SO-TimeZone`` sees them (changed in place).

    Diary dates move from ``base`` into the client's zone; other dates stay UTC.  Converted dates
    carry no suffix unless ``includeTZOffset`` was asked for, in which case UTC dates carry ``Z``;
    the ``UTC`` zone writes every date in Zulu time.
    """
    suffix = client.include_offset or client.utc

    def date(text: str, diary: bool) -> str:
        if diary:
            return _answered(text, base, client.zone, suffix)
        return _answered(text, UTC_ZONE, UTC_ZONE, suffix)

    result: dict[str, Any] = _walk(entity, _ROOT, date)
    return result


# ------------------------------------------------------------------------------------- HTTP dates


def parse_http_date(text: str) -> float | None:
    """Epoch seconds of an RFC 1123 date (``Tue, 15 Nov 1994 08:12:31 GMT``); None if unreadable."""
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.timestamp()
    except (OverflowError, ValueError):
        return None


def format_http_date(epoch: float) -> str:
    """An RFC 1123 date for ``Last-Modified`` (whole seconds, GMT)."""
    return formatdate(int(epoch), usegmt=True)
