"""SuperOffice's time zone codes and ids, mapped to IANA zones: the one table the server reads.

SuperOffice names its zones by country code (``NO``), by country and region (``US-NY``) or by a
numeric id (``261``); ``GET /api/v1/timezone`` on a tenant lists them.  The codes and ids below are
the ones SuperOffice documents (its ``SO-TimeZone`` page).  Any other two-letter country code is
looked up in tzdata's ``zone.tab`` when the country has exactly one zone there; a country with
several zones needs its region code.
"""

from __future__ import annotations

import importlib.resources
import zoneinfo
from functools import cache
from pathlib import Path

__all__ = ["ZONE_CODES", "ZONE_IDS", "country_zone"]

#: SuperOffice code -> (numeric id, IANA zone).
ZONE_CODES: dict[str, tuple[int, str]] = {
    "UTC": (1, "UTC"),
    "AU-ACT": (36, "Australia/Sydney"),
    "BD": (50, "Asia/Dhaka"),
    "CA-QC": (114, "America/Toronto"),
    "DK": (140, "Europe/Copenhagen"),
    "FR": (156, "Europe/Paris"),
    "NO": (261, "Europe/Oslo"),
    "US-CA": (425, "America/Los_Angeles"),
    "US-HI": (433, "Pacific/Honolulu"),
    "US-NY": (460, "America/New_York"),
}

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
