"""The entity: which properties get which realistic values, and the values that must agree.

The catalogue decides which properties exist and their order; :func:`entity_plan` gives each its
generator (known ones from the tables here, the rest from :mod:`toolkit.factories._carriers`).
:func:`make_coherent` then sets what depends on other values: dates in order, a booking's mother id,
a video meeting's URL and id together.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from toolkit import catalogue
from toolkit.factories._carriers import build_carrier, field_gen
from toolkit.factories._context import Ctx
from toolkit.factories._values import Gen, cap_word, lit, phrase, rint, sentence, title

__all__ = [
    "display_value",
    "entity_plan",
    "external_participants",
    "links",
    "make_coherent",
    "participants",
    "visible_for",
]

JSON = Any

_DURATIONS = (15, 30, 45, 60, 60, 90, 120, 180)  # minutes
_TIMESPANS = ("00:05:00", "00:10:00", "00:15:00", "00:30:00", "01:00:00", "1.00:00:00")


def _timespan(c: Ctx) -> str:
    return c.rng.choice(_TIMESPANS)


def _typed(c: Ctx, n: int, date_tag: str) -> str:
    # SuperOffice writes user-defined values as text, typed by a tag unless they are text themselves:
    # "[I:8]" (numbers, checkboxes, list ids), "[D:01/01/0001 00:00:00.0000000]" (dates), "[F:0]".
    kind = n % 4
    if kind == 1:
        return c.rng.choice(c.pool.people).full
    if kind == 2:
        return f"[I:{c.rng.randrange(0, 100)}]"
    if kind == 3:
        day = c.start + timedelta(days=c.rng.randrange(-300, 300))
        return f"[{date_tag}:{day:%m/%d/%Y} 00:00:00.0000000]"
    return f"[F:{c.rng.randrange(0, 10000) / 4:g}]"


def _user_defined(c: Ctx) -> dict[str, str]:
    return {f"SuperOffice:{i}": _typed(c, i, "D") for i in range(1, c.rng.randint(1, 4) + 1)}


def _extra_fields(c: Ctx) -> dict[str, str]:
    # Extra fields are database columns added by a customer, named x_ by SuperOffice's convention.
    return {f"x_{c.word().lower()}": c.word() for _ in range(c.rng.randint(0, 2))}


def _custom_fields(c: Ctx) -> dict[str, str]:
    # User-defined fields by their program id, and extra fields, all typed ("[DT:...]" for dates).
    out = {f"SuperOffice:{i}": _typed(c, i, "DT") for i in range(1, c.rng.randint(1, 3) + 1)}
    out.update(_extra_fields(c))
    return out


def participants(c: Ctx) -> list[JSON]:
    return [build_carrier("Participant", c, item=True) for _ in range(c.rng.randint(1, 2))]


def links(c: Ctx) -> list[JSON]:
    return [build_carrier("Link", c, item=True) for _ in range(c.rng.randint(1, 3))]


def visible_for(c: Ctx) -> list[JSON]:
    out = []
    for _ in range(c.rng.randint(1, 2)):
        item = build_carrier("VisibleFor", c, item=True)
        item["DisplayValue"] = display_value(c, item["Visibility"])
        out.append(item)
    return out


def display_value(c: Ctx, visibility: str) -> str:
    if visibility == "Associate":
        return c.rng.choice(c.pool.people).full
    if visibility == "Group":
        return cap_word(c)
    return "All"


def _location(c: Ctx) -> str:
    roll = c.rng.random()
    if roll < 0.4:
        return c.rng.choice(c.pool.cities)
    if roll < 0.8:
        return c.rng.choice(c.pool.streets)
    return f"{c.rng.choice(c.pool.rooms)} {c.rng.randint(1, 12)}"  # a meeting room


def _videomeet(payload: dict[str, JSON], c: Ctx) -> None:
    # Half the meetings are online: then both the join URL and the service's meeting id are set.
    if c.rng.random() < 0.5:
        payload["JoinVideomeetUrl"] = payload["CentralserviceVideomeetId"] = ""
        return
    code = "".join(c.rng.choice("abcdefghijkmnopqrstuvwxyz") for _ in range(10))
    payload["JoinVideomeetUrl"] = f"https://meet.example.com/{code[:3]}-{code[3:7]}-{code[7:]}"
    payload["CentralserviceVideomeetId"] = f"{c.rng.getrandbits(64):016x}"


# Realistic values for the entity's properties we know, grouped by concern.
_TEXTS: dict[str, Gen] = {
    "Description": phrase,
    "Title": title,
    "Agenda": sentence,
    "InternalNotes": sentence,
    "Location": _location,
    "RejectReason": lit(""),
}
_LISTS: dict[str, Gen] = {"Links": links, "Participants": participants, "VisibleFor": visible_for}
_TIMESPANS_GENS: dict[str, Gen] = {"AlarmLeadTime": _timespan, "LagTime": _timespan, "LeadTime": _timespan}
_NUMBERS: dict[str, Gen] = {
    "AppointmentId": Ctx.ident,
    "ColorIndex": rint(0, 24),  # an index into SuperOffice's 25 task colours
    "RejectCounter": rint(0, 3),
    "PreferredTZLocation": lambda c: c.zone().id,  # the same zone as PreferredTZLocationData
    "SuggestedAppointmentId": lit(0),
}
_DICTS: dict[str, Gen] = {
    "UserDefinedFields": _user_defined,
    "ExtraFields": _extra_fields,
    "CustomFields": _custom_fields,
}
# Set together by _videomeet once the plan has run.
_LATER: dict[str, Gen] = {"JoinVideomeetUrl": lit(""), "CentralserviceVideomeetId": lit("")}
_GENS: dict[str, Gen] = {**_TEXTS, **_LISTS, **_TIMESPANS_GENS, **_NUMBERS, **_DICTS, **_LATER}


@cache
def entity_plan() -> tuple[tuple[str, Gen], ...]:
    """Each entity property with its generator, in the catalogue's order."""
    out: list[tuple[str, Gen]] = []
    for f in catalogue.ENTITY.fields:
        gen = _GENS.get(f.name)
        if gen is None:
            # Nested carriers are null by default (as in SuperOffice's samples); traits fill them.
            gen = lit(None) if f.type.kind == "carrier" else field_gen(catalogue.ENTITY.name, f)
        out.append((f.name, gen))
    return tuple(out)


def _dates(payload: dict[str, JSON], c: Ctx) -> None:
    # Coherent dates: created <= updated, start < end, published around the meeting.
    rng = c.rng
    end = c.start + timedelta(minutes=rng.choice(_DURATIONS))
    updated = c.created + timedelta(seconds=rng.randrange(0, 120 * 86400))
    payload["CreatedDate"] = c.date(c.created)
    payload["UpdatedDate"] = c.date(updated)
    payload["StartDate"] = c.date(c.start, exact=True)
    payload["EndDate"] = c.date(end, exact=True)
    payload["ActiveDate"] = payload["StartDate"]
    payload["PublishEventDate"] = payload["StartDate"]
    payload["PublishFrom"] = c.date(c.created, exact=True)
    payload["PublishTo"] = c.date(end + timedelta(days=rng.randrange(1, 30)), exact=True)


def _booking_links(payload: dict[str, JSON], c: Ctx) -> None:
    booking = payload["BookingType"]
    if booking == "Owner":
        payload["MotherId"] = payload["AppointmentId"]
    elif booking == "Participant":
        payload["MotherId"] = c.ident()
    else:
        payload["MotherId"] = 0


def external_participants(payload: dict[str, JSON], c: Ctx) -> None:
    """Participants' external roles follow the appointment: none unless an external calendar owns it,
    then its organiser first and the others invited (required, optional or a resource)."""
    people = payload.get("Participants")
    if not isinstance(people, list):
        return
    external = payload.get("OwnedExternally") not in (None, "None")
    for i, item in enumerate(people):
        if not isinstance(item, dict) or "ExternallyOwnedType" not in item:
            continue
        if not external:
            item["ExternallyOwnedType"] = item["ExternallyOwnedStatus"] = "Unknown"
        elif i == 0:
            item["ExternallyOwnedType"], item["ExternallyOwnedStatus"] = "Organizer", "Accepted"
        else:
            item["ExternallyOwnedType"] = c.rng.choice(("Required", "Required", "Optional", "Resource"))
            item["ExternallyOwnedStatus"] = c.rng.choice(
                ("Accepted", "TentativelyAccepted", "Declined", "NotResponded")
            )


def make_coherent(payload: dict[str, JSON], c: Ctx) -> None:
    """Set the values that depend on others: dates, a booking's mother id, a video meeting, the
    participants' external roles."""
    _dates(payload, c)
    _booking_links(payload, c)
    _videomeet(payload, c)
    external_participants(payload, c)
