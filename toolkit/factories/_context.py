"""One payload's random source: its locale's pools, its dates and time zone, the person and company
the current carrier is about."""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random

from toolkit._pools import Company, Person, Pools, Zone, zones, zones_for

__all__ = ["DATE_STYLES", "Ctx", "dotnet_date"]

#: Date styles: ``samples`` writes dates as SuperOffice's API page does (7 fraction digits and an
#: offset, ``2008-04-11T03:46:59.6911992+02:00``); ``tenant`` as real tenants answer without an
#: SO-TimeZone header (.NET round-trip ``yyyy-MM-ddTHH:mm:ss.FFFFFFF``: no suffix, fraction digits only
#: when not zero; stored dates in whole seconds, ``2015-11-04T15:56:48``).
DATE_STYLES: tuple[str, ...] = ("samples", "tenant")

_EPOCH = datetime(2018, 1, 1)
_SPAN_SECONDS = 8 * 365 * 86400  # appointments are created 2018-2025


def dotnet_date(moment: datetime, fraction: int, offset: str, style: str = "samples") -> str:
    """``moment`` as .NET writes it: ``fraction`` in 100 ns ticks (0-9999999), ``offset`` ``+02:00``."""
    text = (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
        f"{moment.second:02d}"
    )
    if style == "tenant":
        # Newtonsoft's "FFFFFFF": trailing zeros dropped, and the dot too when nothing is left.
        digits = f"{fraction:07d}".rstrip("0")
        return f"{text}.{digits}" if digits else text
    return f"{text}.{fraction:07d}{offset}"


class Ctx:
    """One payload's random source, pools, offset and dates; lazily drawn person, company and zone.

    Each carrier is about one person and one company (its name, e-mail and phone belong together):
    :meth:`carrier_scope` starts a fresh draw for a carrier and :meth:`end_scope` restores the outer one.
    """

    __slots__ = (
        "_company",
        "_person",
        "_zone",
        "created",
        "dates",
        "offset",
        "pool",
        "response",
        "rng",
        "start",
    )

    def __init__(self, rng: Random, pool: Pools, response: bool, dates: str = "samples") -> None:
        self.rng = rng
        self.pool = pool
        self.response = response
        self.dates = dates
        self.offset = rng.choice(pool.offsets)
        self.created = _EPOCH + timedelta(seconds=rng.randrange(_SPAN_SECONDS))
        # Meetings start on a quarter hour in office hours, within 90 days of being created.
        day = (self.created + timedelta(days=rng.randrange(1, 90))).replace(hour=0, minute=0, second=0)
        self.start = day + timedelta(minutes=rng.randrange(7 * 4, 17 * 4) * 15)
        self._person: Person | None = None
        self._company: Company | None = None
        self._zone: Zone | None = None

    def person(self) -> Person:
        if self._person is None:
            self._person = self.rng.choice(self.pool.people)
        return self._person

    def company(self) -> Company:
        if self._company is None:
            self._company = self.rng.choice(self.pool.companies)
        return self._company

    def zone(self) -> Zone:
        """The appointment's preferred time zone: one per payload, so the id and the data agree."""
        if self._zone is None:
            # Mostly the locale's own zone (Oslo for nb_NO); a meeting may be set in any other.
            home = zones_for(self.pool.locale)
            self._zone = self.rng.choice(home if home and self.rng.random() < 0.8 else zones())
        return self._zone

    def carrier_scope(self, person: Person | None = None) -> tuple[Person | None, Company | None]:
        """Start a carrier: a fresh person (``person`` if given) and company; returns the outer ones."""
        outer = self._person, self._company
        self._person, self._company = person, None
        return outer

    def end_scope(self, outer: tuple[Person | None, Company | None]) -> None:
        self._person, self._company = outer

    def date(self, moment: datetime, *, exact: bool = False) -> str:
        # The fraction is drawn in both styles, so a seed gives the same values whatever the style.
        fraction = 0 if exact else self.rng.randrange(10_000_000)
        if self.dates == "tenant":
            fraction = 0  # a tenant's database keeps whole seconds
        return dotnet_date(moment, fraction, self.offset, self.dates)

    def some_date(self) -> str:
        """A date near the appointment (for carriers: sales, projects, recurrences)."""
        return self.date(self.start + timedelta(days=self.rng.randrange(-60, 120)))

    def word(self) -> str:
        return self.rng.choice(self.pool.words)

    def ident(self) -> int:
        return self.rng.randrange(1, 100_000)
