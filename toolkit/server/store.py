"""The server's thread-safe in-memory store of appointments.

Ids ``1..preload`` exist from the start.  Each is built on first use by
``AppointmentFactory(seed=<seed and id combined>).build(AppointmentId=id)``, so an entity depends only
on (seed, id): startup is instant, and entity 7 is the same whichever ids were touched before it.

Writes are compare-and-set under one lock: the ``If-Unmodified-Since`` check and the replacement
happen together, so of two writers holding the same precondition exactly one wins.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from toolkit.catalogue import INT32_MAX
from toolkit.select import clone
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


@dataclass(slots=True)
class Record:
    """One stored appointment and when it last changed (epoch seconds, fraction included)."""

    entity: Entity
    modified: float


def factory_builder(seed: int) -> Builder:
    """Build entity ``id`` from the factory, seeded by (seed, id) alone."""
    from toolkit.factories import AppointmentFactory

    def build(appointment_id: int) -> Entity:
        # A distinct, reproducible seed per (seed, id): ids fit in 31 bits.
        factory = AppointmentFactory(seed=seed * (INT32_MAX + 1) + appointment_id)
        return factory.build(AppointmentId=appointment_id)

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
            record = self._records[appointment_id] = Record(entity, modified)
        return record

    def record(self, appointment_id: int) -> Record:
        """The stored record (shared: do not mutate its entity); :class:`NotStored` if absent."""
        with self._lock:
            return self._record(appointment_id)

    def get(self, appointment_id: int) -> Entity | None:
        """A copy of the stored entity, or None."""
        try:
            return clone(self.record(appointment_id).entity)  # type: ignore[no-any-return]
        except NotStored:
            return None

    def set(self, appointment_id: int, entity: Entity, *, modified: float | None = None) -> None:
        """Store an entity as it is (for tests and seeding); ``modified`` defaults to its UpdatedDate."""
        when = modified if modified is not None else epoch_of(str(entity.get("UpdatedDate") or "")) or 0.0
        with self._lock:
            self._records[appointment_id] = Record(clone(entity), when)

    def update(
        self,
        appointment_id: int,
        change: Callable[[Entity], tuple[Entity, float]],
        *,
        unmodified_since: float | None = None,
    ) -> Record:
        """Replace entity ``appointment_id`` with ``change(current)`` -> (new entity, modified).

        Raises :class:`NotStored` for an unknown id and :class:`PreconditionFailed` when the entity
        changed after ``unmodified_since`` (compared in whole seconds, as HTTP dates are); the store is
        untouched in both cases, and when ``change`` raises.
        """
        with self._lock:
            record = self._record(appointment_id)
            if unmodified_since is not None and math.floor(record.modified) > math.floor(unmodified_since):
                raise PreconditionFailed(record.modified)
            entity, modified = change(record.entity)
            new = self._records[appointment_id] = Record(entity, modified)
            return new
