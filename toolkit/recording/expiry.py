"""How old a cassette is: ``recorded_at`` stamps, age limits such as ``90d``, and the expiry verdict.

Every interaction the plugin (or ``cassettes verify --update``) writes carries ``recorded_at``, an ISO
8601 UTC time (``2026-12-03T08:15:00Z``), in its mapping beside ``request`` and ``response``; vcrpy and
pytest-recording ignore keys they do not know.  A cassette is as old as its oldest interaction.  A
cassette with an interaction that has no stamp (recorded before stamps, or by another tool) has an
unknown age, and counts as expired once a limit is set: it cannot show it is fresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from toolkit.errors import UsageError

__all__ = [
    "RECORDED_AT",
    "Age",
    "cassette_age",
    "describe_age",
    "now_stamp",
    "parse_max_age",
    "parse_stamp",
]

#: The key of the stamp in an interaction's mapping.
RECORDED_AT = "recorded_at"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_AGE = re.compile(r"\s*(\d+)\s*([smhdw])\s*", re.IGNORECASE)


def parse_max_age(text: str, *, where: str = "max age") -> timedelta:
    """``90d``, ``12h``, ``2w`` (also ``s``, ``m``) as a timedelta; UsageError naming ``where`` otherwise."""
    match = _AGE.fullmatch(str(text))
    if match is None or int(match[1]) == 0:
        raise UsageError(f"{where} {text!r}: expected a positive number and a unit, such as 90d, 12h or 2w")
    return timedelta(seconds=int(match[1]) * _UNITS[match[2].lower()])


def now_stamp(now: datetime | None = None) -> str:
    """The current time (or ``now``) as ``recorded_at`` writes it: UTC, seconds, ``Z``."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(value: Any) -> datetime | None:
    """A ``recorded_at`` value as an aware datetime, or None when it is missing or unreadable."""
    if isinstance(value, datetime):  # YAML reads an unquoted timestamp as a datetime
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Age:
    """A cassette's recording time: ``oldest`` stamp, or None when some interaction has none."""

    oldest: datetime | None

    def age(self, now: datetime | None = None) -> timedelta | None:
        """How long ago it was recorded (None: unknown)."""
        if self.oldest is None:
            return None
        return (now or datetime.now(timezone.utc)) - self.oldest

    def expired(self, limit: timedelta, now: datetime | None = None) -> bool:
        """Older than ``limit``, or of unknown age."""
        age = self.age(now)
        return age is None or age > limit


def cassette_age(interactions: Iterable[Mapping[str, Any]]) -> Age:
    """The age of a cassette from its serialized interactions (an empty cassette has an unknown age)."""
    oldest: datetime | None = None
    seen = False
    for interaction in interactions:
        seen = True
        stamp = parse_stamp(interaction.get(RECORDED_AT))
        if stamp is None:
            return Age(None)
        oldest = stamp if oldest is None or stamp < oldest else oldest
    return Age(oldest if seen else None)


def describe_age(age: Age, limit: timedelta, *, limit_text: str, now: datetime | None = None) -> str:
    """``recorded 45 days ago (2026-10-19T08:00:00Z), older than 30d`` or the unknown-age line."""
    span = age.age(now)
    if span is None or age.oldest is None:
        return f"age unknown (an interaction has no {RECORDED_AT}), so older than {limit_text}"
    return f"recorded {_span(span)} ago ({now_stamp(age.oldest)}), older than {limit_text}"


def _span(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"
