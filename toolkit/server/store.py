"""The server's thread-safe in-memory store of appointments.

Ids ``1..preload`` exist from the start.  Each is built on first use by
``AppointmentFactory(seed=<seed and id combined>).build(AppointmentId=id)``, so an entity depends only
on (seed, id): startup is instant, and entity 7 is the same whichever ids were touched before it.

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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import orjson

from toolkit.catalogue import INT32_MAX, READ_ONLY
from toolkit.server.timezones import epoch_of

__all__ = ["NotStored", "PreconditionFailed", "Record", "Store", "factory_builder"]

Entity = dict[str, Any]
Builder = Callable[[int], Entity]


class NotStored(LookupError):
    """No appointment has this id."""


class PreconditionFailed(Exception):
    """The stored appointment changed after the client's ``If-Unmodified-Since`` date."""

    def __init__(self, modified: float) -> None:
        super().__init__(modified)
        self.modified = modified


_READ_ONLY = tuple(sorted(READ_ONLY))


@dataclass(frozen=True, slots=True)
class Record:
    """One stored appointment: its JSON, when it last changed (epoch seconds), its read-only values."""

    json: bytes
    modified: float
    kept: dict[str, Any]

    @classmethod
    def of(cls, entity: Entity, modified: float) -> Record:
        return cls(orjson.dumps(entity), modified, {k: entity.get(k) for k in _READ_ONLY if k in entity})

    @property
    def entity(self) -> Entity:
        """The stored entity, parsed afresh (the caller owns the dict)."""
        value: Entity = orjson.loads(self.json)
        return value


def factory_builder(seed: int) -> Builder:
    """Build entity ``id`` from the factory, seeded by (seed, id) alone."""
    from toolkit.factories import AppointmentFactory

    def build(appointment_id: int) -> Entity:
        # A distinct, reproducible seed per (seed, id): ids fit in 31 bits.
        factory = AppointmentFactory(seed=seed * (INT32_MAX + 1) + appointment_id)
        return cast(Entity, factory.build(AppointmentId=appointment_id))  # a TypedDict, stored as a dict

    return build


class Store:
    """Appointments by id, built lazily, replaced atomically."""

    def __init__(self, *, seed: int = 0, preload: int = 1000, builder: Builder | None = None) -> None:
        self.seed = seed
        self.preload = preload
        self._builder = builder if builder is not None else factory_builder(seed)
        self._records: dict[int, Record] = {}
        self._lock = threading.Lock()

    def __contains__(self, appointment_id: object) -> bool:
        return isinstance(appointment_id, int) and (
            appointment_id in self._records or 1 <= appointment_id <= self.preload
        )

    def _record(self, appointment_id: int) -> Record:
        # Caller holds the lock.
        record = self._records.get(appointment_id)
        if record is None:
            if not 1 <= appointment_id <= self.preload:
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
