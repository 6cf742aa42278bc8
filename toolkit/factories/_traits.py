"""Traits: named shapes users test, applied to a built payload in order (``traits=("booking",)``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from toolkit import catalogue
from toolkit.errors import UsageError
from toolkit.factories._carriers import build_carrier
from toolkit.factories._context import Ctx
from toolkit.factories._entity import external_participants, links

__all__ = ["TRAITS", "apply_trait", "normalise_traits"]

JSON = Any
Trait = Callable[[dict[str, JSON], Ctx], None]


def _with_relations(p: dict[str, JSON], c: Ctx) -> None:
    for f in catalogue.ENTITY.fields:
        if f.type.kind == "carrier" and p.get(f.name) is None:
            p[f.name] = build_carrier(f.type.name or "", c)
    if not p.get("Links"):
        p["Links"] = links(c)


def _booking(p: dict[str, JSON], c: Ctx) -> None:
    people = c.rng.sample(c.pool.people, c.rng.randint(2, 4))
    participants = []
    for person in people:
        item = build_carrier("Participant", c, item=True, person=person)
        item["EmailAddress"], item["Description"] = person.email, person.full
        participants.append(item)
    p["Participants"] = participants
    external_participants(p, c)
    p["BookingType"] = "Owner"
    p["Type"] = "BookingForDiary"
    p["MotherId"] = p["AppointmentId"]


def _recurring(p: dict[str, JSON], c: Ctx) -> None:
    rec = build_carrier("RecurrenceInfo", c)
    rec["IsRecurrence"] = True
    rec["StartDate"] = p["StartDate"]
    rec["EndDate"] = c.date(c.start + timedelta(days=c.rng.randrange(30, 365)), exact=True)
    rec["Pattern"] = c.rng.choice(("Daily", "Weekly", "Monthly", "Yearly"))
    rec["RecurrenceEndType"] = c.rng.choice(("EndDate", "Counter"))
    p["Recurrence"] = rec


def _private(p: dict[str, JSON], c: Ctx) -> None:
    p["Private"] = "PrivateUser"
    item = build_carrier("VisibleFor", c, item=True)
    item["Visibility"] = "Associate"
    item["DisplayValue"] = c.rng.choice(c.pool.people).full
    p["VisibleFor"] = [item]


def _all_day(p: dict[str, JSON], c: Ctx) -> None:
    day = c.start.replace(hour=0, minute=0)
    p["IsAlldayEvent"] = True
    p["StartDate"] = p["ActiveDate"] = p["PublishEventDate"] = c.date(day, exact=True)
    p["EndDate"] = c.date(day + timedelta(days=c.rng.randint(1, 3)), exact=True)


def _minimal(p: dict[str, JSON], c: Ctx) -> None:
    # What .NET leaves in every property nobody set, but an id, a title, a description and the dates.
    keep = {"AppointmentId", "Title", "Description"}
    for f in catalogue.ENTITY.fields:
        if f.name not in keep and f.type.kind != "date":
            p[f.name] = catalogue.dotnet_default(f)


_TRAITS: dict[str, Trait] = {
    "with_relations": _with_relations,
    "booking": _booking,
    "recurring": _recurring,
    "private": _private,
    "all_day": _all_day,
    "minimal": _minimal,
}

#: The trait names ``build(traits=...)`` accepts.
TRAITS: tuple[str, ...] = tuple(_TRAITS)


def normalise_traits(traits: str | Iterable[str] | None) -> tuple[str, ...]:
    """``traits`` as a tuple of known names; :class:`~toolkit.errors.UsageError` names an unknown one."""
    if traits is None:
        return ()
    names = (traits,) if isinstance(traits, str) else tuple(traits)
    for name in names:
        if name not in _TRAITS:
            raise UsageError(f"unknown trait {name!r}; known: {', '.join(TRAITS)}")
    return names


def apply_trait(name: str, payload: dict[str, JSON], c: Ctx) -> None:
    _TRAITS[name](payload, c)
