"""The server's thread-safe in-memory store of appointments.

Ids ``1..preload`` exist from the start.  Each is built on first use by
``AppointmentFactory(seed=<seed and id combined>, dates="tenant").build(AppointmentId=id)``: written
the way a tenant writes it (dates as wall time without suffix, ``{}`` for empty dictionaries), so an
entity depends only on (seed, id): startup is instant, and entity 7 is the same whichever ids were
touched before it.  Created appointments get ids after every id used so far; a deleted id stays gone.

Writes are compare-and-set under one lock: the ``If-Unmodified-Since`` check and the replacement
happen together, so of two writers holding the same precondition exactly one wins.

Entities are stored serialised (orjson bytes), not as dicts: bytes are invisible to Python's cyclic
garbage collector, whereas 1,000 stored dict trees made every full collection walk ~100,000 objects
(a quarter of the server's time under load, and its worst latencies).  The common answer is those
bytes with the rights spliced in, so nothing is parsed back on the hot path.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

import orjson

from toolkit.catalogue import INT32_MAX, READ_ONLY
from toolkit.server.answers import MAPS, related
from toolkit.server.timezones import UTC_ZONE, epoch_of, store_dates

__all__ = [
    "NotStored",
    "PreconditionFailed",
    "Record",
    "Store",
    "StoreFull",
    "factory_builder",
    "tenant_style",
]

Entity = dict[str, Any]
Builder = Callable[[int], Entity]


class NotStored(LookupError):
    """No appointment has this id."""


class StoreFull(Exception):
    """Every appointment id (1..2**31-1) has been used."""


class PreconditionFailed(Exception):
    """The stored appointment changed after the client's ``If-Unmodified-Since`` date."""

    def __init__(self, modified: float) -> None:
        super().__init__(modified)
        self.modified = modified


_READ_ONLY = tuple(sorted(READ_ONLY))


@dataclass(frozen=True, slots=True)
class Record:
    """One stored appointment: its JSON, when it last changed (epoch seconds), its read-only values,
    and the entities it points at (for ``_Links``)."""

    json: bytes
    modified: float
    kept: dict[str, Any]
    refs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, entity: Entity, modified: float) -> Record:
        kept = {k: entity.get(k) for k in _READ_ONLY if k in entity}
        return cls(orjson.dumps(entity), modified, kept, related(entity))

    @property
    def entity(self) -> Entity:
        """The stored entity, parsed afresh (the caller owns the dict)."""
        value: Entity = orjson.loads(self.json)
        return value


def tenant_style(entity: Entity, base: ZoneInfo = UTC_ZONE) -> Entity:
    """An entity as a tenant stores and answers it: dates without suffix, ``{}`` for empty dictionaries."""
    out = store_dates(entity, None, base)
    for name in MAPS:
        if name in out and out[name] is None:
            out[name] = {}
    return out


def factory_builder(seed: int, base: ZoneInfo = UTC_ZONE) -> Builder:
    """Build entity ``id`` from the factory, seeded by (seed, id) alone, in the tenant's style."""
    from toolkit.factories import AppointmentFactory

    def build(appointment_id: int) -> Entity:
        # A distinct, reproducible seed per (seed, id): ids fit in 31 bits.
        factory = AppointmentFactory(seed=seed * (INT32_MAX + 1) + appointment_id, dates="tenant")
        return tenant_style(cast(Entity, factory.build(AppointmentId=appointment_id)), base)  # a TypedDict

    return build


class Store:
    """Appointments by id, built lazily, replaced atomically."""

    def __init__(
        self,
        *,
        seed: int = 0,
        preload: int = 1000,
        builder: Builder | None = None,
        base_zone: ZoneInfo = UTC_ZONE,
    ) -> None:
        self.seed = seed
        self.preload = preload
        #: The installation's base time zone: diary dates are stored as wall time in it.
        self.base_zone = base_zone
        self._builder = builder if builder is not None else factory_builder(seed, base_zone)
        self._records: dict[int, Record] = {}
        self._deleted: set[int] = set()
        self._last_id = preload
        self._lock = threading.Lock()
        #: Nanoseconds since the epoch, read once per write (``UpdatedDate``, ``Last-Modified``).  The
        #: pytest plugin sets a stepping clock while it records, so re-recordings repeat every date.
        self.clock: Callable[[], int] = time.time_ns

    def reset(self) -> None:
        """Forget every write, creation and deletion: the state a new server starts in."""
        with self._lock:
            self._records.clear()
            self._deleted.clear()
            self._last_id = self.preload

    def __contains__(self, appointment_id: object) -> bool:
        return (
            isinstance(appointment_id, int)
            and appointment_id not in self._deleted
            and (appointment_id in self._records or 1 <= appointment_id <= self.preload)
        )

    def _record(self, appointment_id: int) -> Record:
        # Caller holds the lock.
        record = self._records.get(appointment_id)
        if record is None:
            if not 1 <= appointment_id <= self.preload or appointment_id in self._deleted:
                raise NotStored(appointment_id)
            entity = self._builder(appointment_id)
            modified = epoch_of(str(entity.get("UpdatedDate") or "")) or 0.0
            record = self._records[appointment_id] = Record.of(entity, modified)
        return record

    def record(self, appointment_id: int) -> Record:
        """The stored record (immutable); :class:`NotStored` if absent."""
        with self._lock:
            return self._record(appointment_id)

    def get(self, appointment_id: int) -> Entity | None:
        """A copy of the stored entity, or None."""
        try:
            return self.record(appointment_id).entity
        except NotStored:
            return None

    def set(self, appointment_id: int, entity: Entity, *, modified: float | None = None) -> None:
        """Store an entity as it is (for tests and seeding); ``modified`` defaults to its UpdatedDate."""
        when = modified if modified is not None else epoch_of(str(entity.get("UpdatedDate") or "")) or 0.0
        record = Record.of(entity, when)
        with self._lock:
            self._records[appointment_id] = record
            self._deleted.discard(appointment_id)
            self._last_id = max(self._last_id, appointment_id)

    def update(
        self,
        appointment_id: int,
        change: Callable[[Record], tuple[Entity, float]],
        *,
        unmodified_since: float | None = None,
    ) -> Record:
        """Replace entity ``appointment_id`` with ``change(current record)`` -> (new entity, modified).

        Raises :class:`NotStored` for an unknown id and :class:`PreconditionFailed` when the entity
        changed after ``unmodified_since`` (compared in whole seconds, as HTTP dates are); the store is
        untouched in both cases, and when ``change`` raises.
        """
        with self._lock:
            record = self._record(appointment_id)
            if unmodified_since is not None and math.floor(record.modified) > math.floor(unmodified_since):
                raise PreconditionFailed(record.modified)
            entity, modified = change(record)
            new = self._records[appointment_id] = Record.of(entity, modified)
            return new

    def create(self, build: Callable[[int], tuple[Entity, float]]) -> Record:
        """Store ``build(new id)`` -> (entity, modified) under an id never used before."""
        with self._lock:
            if self._last_id >= INT32_MAX:
                raise StoreFull(self._last_id)
            appointment_id = self._last_id + 1
            entity, modified = build(appointment_id)
            record = self._records[appointment_id] = Record.of(entity, modified)
            self._last_id = appointment_id
            return record

    def delete(self, appointment_id: int, *, unmodified_since: float | None = None) -> None:
        """Remove an appointment; :class:`NotStored` or :class:`PreconditionFailed` leave it in place."""
        with self._lock:
            record = self._record(appointment_id)
            if unmodified_since is not None and math.floor(record.modified) > math.floor(unmodified_since):
                raise PreconditionFailed(record.modified)
            self._records.pop(appointment_id, None)
            self._deleted.add(appointment_id)
