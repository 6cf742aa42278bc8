"""SuperOffice's time zone codes and ids, mapped to IANA zones: the one table the server reads.

SuperOffice names its zones by country code (``NO``), by country and region (``US-NY``) or by a
numeric id (``261``); ``GET /api/v1/timezone`` on a tenant lists them.  The codes and ids are the ones
SuperOffice documents (its ``SO-TimeZone`` page), kept once in the package's zone data
(``toolkit/_pooldata/timezones.json``).  Any other two-letter country code is
looked up in tzdata's ``zone.tab`` when the country has exactly one zone there; a country with
several zones needs its region code.
"""

from __future__ import annotations

import importlib.resources
import zoneinfo
from functools import cache
from pathlib import Path

from toolkit._pools import zones

__all__ = ["ZONE_CODES", "ZONE_IDS", "country_zone"]

#: SuperOffice code -> (numeric id, IANA zone), from the one zone table the factories draw from too.
ZONE_CODES: dict[str, tuple[int, str]] = {zone.code: (zone.id, zone.iana) for zone in zones()}

#: Numeric id -> code.
ZONE_IDS: dict[int, str] = {number: code for code, (number, _) in ZONE_CODES.items()}


def _zone_tab() -> str:
    # The operating system's zone data first, then the tzdata package (where the OS has none).
    for root in zoneinfo.TZPATH:
        path = Path(root) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@cache
def _countries() -> dict[str, tuple[str, ...]]:
    zones: dict[str, list[str]] = {}
    for line in _zone_tab().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0].upper(), []).append(parts[2])
    return {country: tuple(names) for country, names in zones.items()}


def country_zone(code: str) -> str | None:
    """The IANA zone of a country code with a single zone in tzdata (``SE`` -> ``Europe/Stockholm``)."""
    names = _countries().get(code.upper(), ())
    return names[0] if len(names) == 1 else None
