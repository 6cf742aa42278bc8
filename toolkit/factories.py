"""Seeded factories of realistic SuperOffice appointment payloads.

::

    from toolkit.factories import AppointmentFactory

    factory = AppointmentFactory(seed=42, locale="nb_NO")
    body = factory.build()                                   # an AppointmentEntity (request body)
    booked = factory.build(traits=("booking",))              # traits fill in shapes users test
    declined = factory.build(traits="booking", Participants__0__InvitationStatus="Declined")
    answer = factory.build_response(AppointmentId=7)         # AppointmentEntityWithLinks

**Shape.**  Every payload has every property of :data:`toolkit.catalogue.ENTITY` (``build``) or
:data:`toolkit.catalogue.ENTITY_WITH_LINKS` (``build_response``), in the catalogue's order, and
validates against the matching schema.  Nested carriers (Associate, Contact, Person, ...) are null by
default, as in SuperOffice's samples; lists (Links, Participants, VisibleFor) and dictionaries
(UserDefinedFields, ExtraFields, CustomFields) are filled.  Carriers are built from the catalogue
field by field (:meth:`AppointmentFactory.build_carrier` builds one alone), with realistic values for
the names we know (a Link's ``EntityName`` is a company, a Person's ``Email`` belongs to its name ...)
and type-driven values for the rest.  Request
carriers leave out the rights (``TableRight``, ``FieldProperties``) that only responses carry.

**Traits** (``traits=`` a name or a sequence of names, applied in order; see :data:`TRAITS`):
``with_relations`` fills every nested carrier; ``booking`` adds participants and makes the appointment
a booking's mother (``MotherId`` = its own id, ``BookingType`` Owner, ``Type`` BookingForDiary);
``recurring`` fills ``Recurrence`` (``IsRecurrence`` true); ``private``; ``all_day`` (midnight to
midnight); ``minimal`` (every nullable property null, numbers 0, nothing but id, title and dates).

**Overrides**: keyword arguments replace values after the traits.  A double underscore walks into the
payload, factory_boy style: ``Links__0__Id=5``, ``Contact__Name="Acme"``,
``**{"UserDefinedFields__SuperOffice:1": "Ada"}``.  A null carrier on the way is built first; a
name the catalogue does not know, an index past the end of a list, or a step into a scalar raises
:class:`~toolkit.errors.UsageError` naming the path.  Values are not checked, so invalid payloads for
negative tests are one override away.  Derived values follow overrides unless overridden themselves:
``ActiveLinks`` = ``len(Links)``, a booking's ``MotherId`` = ``AppointmentId``, ``_Links`` URLs name
``AppointmentId``.

**Determinism.**  Each factory owns a :class:`random.Random` seeded with ``seed`` (a fresh random seed
when None, kept in :attr:`AppointmentFactory.seed`); the same seed, locale and calls give the same
payloads in any process.  Values come from per-locale pools that Faker fills once with a fixed seed
(:mod:`toolkit._pools`), so a global ``Faker.seed`` or another factory never changes them, and building
costs a few random draws per field instead of a Faker call.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from functools import cache
from random import Random
from typing import TYPE_CHECKING, Any, cast

from toolkit import catalogue
from toolkit._paths import join
from toolkit._pools import Company, Person, Pools, pools, resolve_locale
from toolkit.catalogue import ENUMS, Carrier, Field, TypeRef
from toolkit.errors import UsageError
from toolkit.select import clone

if TYPE_CHECKING:
    from toolkit.types import AppointmentEntity, AppointmentEntityWithLinks

__all__ = ["TRAITS", "AppointmentFactory"]

JSON = Any
_Gen = Callable[["_Ctx"], JSON]

#: Carrier fields only responses carry (SuperOffice's request samples leave them out).
_RIGHTS_FIELDS = frozenset(catalogue.RESPONSE_ONLY)

_EPOCH = datetime(2018, 1, 1)
_SPAN_SECONDS = 8 * 365 * 86400  # appointments are created 2018-2025
_DURATIONS = (15, 30, 45, 60, 60, 90, 120, 180)  # minutes
_TIMESPANS = ("00:05:00", "00:10:00", "00:15:00", "00:30:00", "01:00:00", "1.00:00:00")
# Properties that get FieldProperties: the scalar ones, enums included.
_SCALAR_KINDS = frozenset({"str", "int32", "int16", "double", "bool", "date", "enum", "flags"})
_FIELD_LENGTHS = {"str": (40, 80, 254, 2000), "date": (8,), "bool": (1,), "int16": (2,), "double": (8,)}


def _date(moment: datetime, fraction: int, offset: str) -> str:
    # .NET's round-trip format: 7 fraction digits and the offset with a colon.
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
        f"{moment.second:02d}.{fraction:07d}{offset}"
    )


class _Ctx:
    """One payload's random source, pools, offset and dates; lazily drawn person and company."""

    __slots__ = ("_company", "_person", "created", "offset", "pool", "response", "rng", "start")

    def __init__(self, rng: Random, pool: Pools, response: bool) -> None:
        self.rng = rng
        self.pool = pool
        self.response = response
        self.offset = rng.choice(pool.offsets)
        self.created = _EPOCH + timedelta(seconds=rng.randrange(_SPAN_SECONDS))
        # Meetings start on a quarter hour in office hours, within 90 days of being created.
        day = (self.created + timedelta(days=rng.randrange(1, 90))).replace(hour=0, minute=0, second=0)
        self.start = day + timedelta(minutes=rng.randrange(7 * 4, 17 * 4) * 15)
        self._person: Person | None = None
        self._company: Company | None = None

    def person(self) -> Person:
        if self._person is None:
            self._person = self.rng.choice(self.pool.people)
        return self._person

    def company(self) -> Company:
        if self._company is None:
            self._company = self.rng.choice(self.pool.companies)
        return self._company

    def date(self, moment: datetime, *, exact: bool = False) -> str:
        return _date(moment, 0 if exact else self.rng.randrange(10_000_000), self.offset)

    def some_date(self) -> str:
        """A date near the appointment (for carriers: sales, projects, recurrences)."""
        return self.date(self.start + timedelta(days=self.rng.randrange(-60, 120)))

    def word(self) -> str:
        return self.rng.choice(self.pool.words)

    def ident(self) -> int:
        return self.rng.randrange(1, 100_000)


# --- realistic values for field names we know --------------------------------------------------

_P = _Ctx.person
_C = _Ctx.company


def _lit(value: JSON) -> _Gen:
    return lambda c: value


def _pick(values: tuple[Any, ...]) -> _Gen:
    return lambda c: c.rng.choice(values)


def _rint(lo: int, hi: int) -> _Gen:
    return lambda c: c.rng.randint(lo, hi)


def _phrase(c: _Ctx) -> str:
    return c.rng.choice(c.pool.catch_phrases)


def _title(c: _Ctx) -> str:
    return c.rng.choice(c.pool.titles)


def _sentence(c: _Ctx) -> str:
    return c.rng.choice(c.pool.sentences)


def _cap_word(c: _Ctx) -> str:
    return c.word().capitalize()


def _url(c: _Ctx) -> str:
    return f"https://www.{c.company().domain}/"


def _address_line(c: _Ctx) -> str:
    co = c.company()
    return f"{co.street}, {co.zipcode} {co.city}"


def _initials(c: _Ctx) -> str:
    p = c.person()
    return (p.first[:1] + p.last[:2]).upper()


# By (carrier, field) first, then by field name alone.
_BY_CARRIER_FIELD: dict[tuple[str, str], _Gen] = {
    ("Associate", "Name"): _initials,
    ("Associate", "FormalName"): lambda c: f"{_P(c).last}, {_P(c).first}",
    ("Associate", "UserName"): lambda c: _P(c).email.split("@")[0],
    ("Associate", "Tooltip"): lambda c: f"{_P(c).full} ({_P(c).job})",
    ("Contact", "Name"): lambda c: _C(c).name,
    ("Contact", "FullName"): lambda c: _C(c).name,
    ("Contact", "EmailAddress"): lambda c: f"post@{_C(c).domain}",
    ("Contact", "EmailAddressName"): lambda c: _C(c).name,
    ("Contact", "DirectPhone"): lambda c: _C(c).phone,
    ("Contact", "Department"): _cap_word,
    ("Contact", "AssociateFullName"): lambda c: _P(c).full,
    ("Person", "Title"): lambda c: _P(c).job,
    ("Person", "Description"): _sentence,
    ("Person", "FormalName"): lambda c: f"{_P(c).prefix} {_P(c).full}".strip(),
    ("Person", "Post1"): lambda c: _C(c).street,
    ("Person", "Post2"): lambda c: _C(c).zipcode,
    ("Person", "Post3"): lambda c: _C(c).city,
    ("Person", "AssociateName"): lambda c: _P(c).first[:1].upper() + _P(c).last[:2].upper(),
    ("Project", "Name"): _title,
    ("Project", "Type"): _cap_word,
    ("Project", "Status"): _pick(("Planned", "Started", "On hold", "Finished")),
    ("Project", "ProjectNumber"): lambda c: f"P-{c.rng.randrange(1000, 99999)}",
    ("Sale", "Title"): _title,
    ("Sale", "Number"): lambda c: f"S-{c.rng.randrange(1000, 99999)}",
    ("Sale", "ProjectName"): _title,
    ("Sale", "SaleTypeName"): _cap_word,
    ("Priority", "Value"): _pick(("Low", "Normal", "High", "Critical")),
    ("TaskListItem", "Value"): _pick(("Meeting", "Phone call", "Follow-up", "Demo", "Lunch", "Workshop")),
    ("TimeZoneData", "Code"): lambda c: f"UTC{c.offset}",
    ("TimeZoneData", "Name"): lambda c: f"(UTC{c.offset}) {c.pool.country or 'Local time'}",
    ("TimeZoneData", "Cities"): lambda c: ", ".join(c.rng.sample(c.pool.cities, 3)),
    ("Link", "EntityName"): lambda c: _C(c).name,
    ("Link", "Description"): _phrase,
    ("Link", "ExtraInfo"): lambda c: c.word(),
    ("Participant", "EmailAddress"): lambda c: _P(c).email,
    ("Participant", "Description"): lambda c: _P(c).full,
    ("Participant", "SendEmail"): lambda c: c.rng.random() < 0.7,
    ("RecurrenceInfo", "IsRecurrence"): _lit(True),
    ("RecurrenceDate", "DescriptionStyleHint"): _pick(("", "conflict", "moved")),
    ("LocalizedField", "Name"): _pick(("Address1", "Address2", "City", "Zipcode", "State")),
    ("LocalizedField", "Label"): _pick(("Street", "Postal", "City", "Zip", "State")),
    ("LocalizedField", "Value"): lambda c: _C(c).street,
    ("LocalizedField", "AddressType"): _pick(("StreetAddress", "PostalAddress")),
    ("StructuredAddress", "Address1"): lambda c: _C(c).street,
    ("StructuredAddress", "Address2"): _lit(""),
    ("StructuredAddress", "Address3"): _lit(""),
    ("StructuredAddress", "Formatted"): _address_line,
    ("TableRight", "Reason"): _lit(""),
    ("FieldRight", "Reason"): _lit(""),
}

_BY_NAME: dict[str, _Gen] = {
    "Name": lambda c: _C(c).name,
    "FullName": lambda c: _P(c).full,
    "Firstname": lambda c: _P(c).first,
    "Lastname": lambda c: _P(c).last,
    "MiddleName": _lit(""),
    "Mrmrs": lambda c: _P(c).prefix,
    "Position": lambda c: _P(c).job,
    "Email": lambda c: _P(c).email,
    "EmailName": lambda c: _P(c).full,
    "EmailAddress": lambda c: _P(c).email,
    "DirectPhone": lambda c: _P(c).phone,
    "MobilePhone": lambda c: _P(c).mobile,
    "FaxPhone": lambda c: _C(c).phone,
    "ContactFax": lambda c: _C(c).phone,
    "ContactPhone": lambda c: _C(c).phone,
    "ContactName": lambda c: _C(c).name,
    "ContactFullName": lambda c: _C(c).name,
    "ContactDepartment": _cap_word,
    "ContactOrgNr": lambda c: _C(c).orgnr,
    "OrgNr": lambda c: _C(c).orgnr,
    "AssociateFullName": lambda c: _P(c).full,
    "PersonFullName": lambda c: _P(c).full,
    "Kananame": _lit(""),
    "Kanafname": _lit(""),
    "Kanalname": _lit(""),
    "City": lambda c: _C(c).city,
    "County": _lit(""),
    "State": _lit(""),
    "Zipcode": lambda c: _C(c).zipcode,
    "CountryName": lambda c: c.pool.country,
    "FormattedAddress": _address_line,
    "Formatted": _address_line,
    "URL": _url,
    "URLName": lambda c: _C(c).domain,
    "BusinessName": _cap_word,
    "CategoryName": _cap_word,
    "Description": _phrase,
    "Title": _title,
    "Tooltip": _sentence,
    "DisplayValue": lambda c: _P(c).full,
    "Currency": lambda c: c.pool.currency,
    "Value": _cap_word,
    # integers with a meaning
    "Rank": _rint(1, 20),
    "Cycle": _rint(1, 4),
    "Day": _rint(1, 28),
    "Probability": lambda c: c.rng.randrange(0, 101, 10),
    "Retired": _lit(0),
    "ActiveErpLinks": _rint(0, 2),
    "ActiveInterests": _rint(0, 5),
    "RecurrenceCounter": _rint(2, 20),
    "FieldLength": _pick((4, 8, 40, 80, 254, 2000)),
    "ValueLength": _pick((40, 80, 254)),
    "GroupIdx": _rint(1, 12),
    "Deleted": _lit(False),
    "Amount": lambda c: round(c.rng.uniform(1_000, 250_000), 2),
    "WeightedAmount": lambda c: round(c.rng.uniform(100, 100_000), 2),
    "Earning": lambda c: round(c.rng.uniform(100, 50_000), 2),
    "EarningPercent": lambda c: round(c.rng.uniform(5, 60), 1),
    "Wgs84Latitude": lambda c: round(c.rng.uniform(-60, 70), 6),
    "Wgs84Longitude": lambda c: round(c.rng.uniform(-150, 150), 6),
}


# --- the generic, catalogue-driven builder -----------------------------------------------------


def _flags(values: tuple[str, ...]) -> _Gen:
    singles = tuple(v for v in values if v not in ("None",))

    def gen(c: _Ctx) -> str:
        # A .NET flags value: mostly one name, sometimes two combined ("Select, Update").
        if c.rng.random() < 0.25:
            a, b = c.rng.sample(singles, 2)
            return f"{a}, {b}"
        return c.rng.choice(values)

    return gen


def _field_properties(owner: str) -> _Gen:
    # Keyed by the owner's own scalar fields, typed as .NET names them.
    kinds = {f.name: f.type for f in catalogue.carrier(owner).fields if f.type.kind in _SCALAR_KINDS}
    names = tuple(kinds)

    def gen(c: _Ctx) -> dict[str, JSON]:
        if not names:
            return {}
        out: dict[str, JSON] = {}
        for name in sorted(c.rng.sample(names, min(len(names), c.rng.randint(1, 2)))):
            t = kinds[name]
            out[name] = {
                "FieldRight": _carrier("FieldRight", c),
                "FieldType": t.dotnet_type,
                "FieldLength": c.rng.choice(_FIELD_LENGTHS.get(t.kind, (4,))),
            }
        return out

    return gen


def _type_gen(owner: str, f: Field, t: TypeRef) -> _Gen:
    kind = t.kind
    if kind == "str":
        return lambda c: c.word()
    if kind == "int32":
        return _Ctx.ident if f.name.endswith(("Id", "Idx")) else _rint(0, 1000)
    if kind == "int16":
        return _rint(0, 24)
    if kind == "double":
        return lambda c: round(c.rng.uniform(0, 1000), 2)
    if kind == "bool":
        return lambda c: c.rng.random() < 0.5
    if kind == "date":
        return _Ctx.some_date
    if kind == "enum":
        return _pick(ENUMS[t.name or ""])
    if kind == "flags":
        return _flags(ENUMS[t.name or ""])
    if kind == "carrier":
        name = t.name or ""
        return lambda c: _carrier(name, c)
    assert t.item is not None
    if kind == "list":
        item = _type_gen(owner, f, t.item)
        return lambda c: [item(c) for _ in range(c.rng.randint(1, 2))]
    if f.name == "FieldProperties":
        return _field_properties(owner)
    value = _type_gen(owner, f, t.item)
    return lambda c: {f"{f.name}{i}": value(c) for i in range(1, c.rng.randint(1, 3) + 1)}


def _field_gen(owner: str, f: Field) -> _Gen:
    gen = _BY_CARRIER_FIELD.get((owner, f.name))
    if gen is None and f.type.kind in ("str", "int32", "double", "bool"):
        gen = _BY_NAME.get(f.name)
    return gen or _type_gen(owner, f, f.type)


@cache
def _plan(name: str, response: bool) -> tuple[tuple[str, _Gen], ...]:
    # Compiled once per carrier and mode: building is then one dict comprehension.
    fields = catalogue.carrier(name).fields
    return tuple((f.name, _field_gen(name, f)) for f in fields if response or f.name not in _RIGHTS_FIELDS)


def _carrier(name: str, ctx: _Ctx) -> dict[str, JSON]:
    """A full carrier ``name`` with every catalogue field (rights only in response mode).

    Each carrier draws its own person and company, so its name, e-mail and phone belong together.
    """
    saved = ctx._person, ctx._company
    ctx._person = ctx._company = None
    try:
        return {key: gen(ctx) for key, gen in _plan(name, ctx.response)}
    finally:
        ctx._person, ctx._company = saved


# --- the entity ----------------------------------------------------------------------------------


def _timespan(c: _Ctx) -> str:
    return c.rng.choice(_TIMESPANS)


def _persons_map(c: _Ctx) -> dict[str, str]:
    return {f"SuperOffice:{i}": c.rng.choice(c.pool.people).full for i in range(1, c.rng.randint(1, 3) + 1)}


def _words_map(prefix: str) -> _Gen:
    return lambda c: {f"{prefix}{i}": c.word() for i in range(1, c.rng.randint(1, 3) + 1)}


def _participants(c: _Ctx) -> list[JSON]:
    return [_carrier("Participant", c) for _ in range(c.rng.randint(1, 2))]


def _links(c: _Ctx) -> list[JSON]:
    return [_carrier("Link", c) for _ in range(c.rng.randint(1, 3))]


def _visible_for(c: _Ctx) -> list[JSON]:
    out = []
    for _ in range(c.rng.randint(1, 2)):
        item = _carrier("VisibleFor", c)
        item["DisplayValue"] = _display_value(c, item["Visibility"])
        out.append(item)
    return out


def _display_value(c: _Ctx, visibility: str) -> str:
    if visibility == "Associate":
        return c.rng.choice(c.pool.people).full
    if visibility == "Group":
        return _cap_word(c)
    return "All"


def _location(c: _Ctx) -> str:
    roll = c.rng.random()
    if roll < 0.4:
        return c.rng.choice(c.pool.cities)
    if roll < 0.8:
        return c.rng.choice(c.pool.streets)
    return f"{_cap_word(c)} {c.rng.randint(1, 12)}"  # a meeting room


def _videomeet(payload: dict[str, JSON], c: _Ctx) -> None:
    # Half the meetings are online: then both the join URL and the service's meeting id are set.
    if c.rng.random() < 0.5:
        payload["JoinVideomeetUrl"] = payload["CentralserviceVideomeetId"] = ""
        return
    code = "".join(c.rng.choice("abcdefghijkmnopqrstuvwxyz") for _ in range(10))
    payload["JoinVideomeetUrl"] = f"https://meet.example.com/{code[:3]}-{code[3:7]}-{code[7:]}"
    payload["CentralserviceVideomeetId"] = f"{c.rng.getrandbits(64):016x}"


# Realistic values for the entity's properties we know, grouped by concern.  The catalogue still
# decides which properties exist and their order; every other property gets a type-driven value.
_ENTITY_TEXTS: dict[str, _Gen] = {
    "Description": _phrase,
    "Title": _title,
    "Agenda": _sentence,
    "InternalNotes": _sentence,
    "Location": _location,
    "RejectReason": _lit(""),
}
_ENTITY_LISTS: dict[str, _Gen] = {"Links": _links, "Participants": _participants, "VisibleFor": _visible_for}
_ENTITY_TIMESPANS: dict[str, _Gen] = {"AlarmLeadTime": _timespan, "LagTime": _timespan, "LeadTime": _timespan}
_ENTITY_NUMBERS: dict[str, _Gen] = {
    "AppointmentId": _Ctx.ident,
    "ColorIndex": _rint(0, 24),  # an index into SuperOffice's 25 task colours
    "RejectCounter": _rint(0, 3),
    "PreferredTZLocation": _rint(1, 600),
    "SuggestedAppointmentId": _lit(0),
}
_ENTITY_DICTS: dict[str, _Gen] = {
    "UserDefinedFields": _persons_map,
    "ExtraFields": _words_map("ExtraFields"),
    "CustomFields": _words_map("CustomFields"),
}
# Set together by _videomeet after the plan runs.
_ENTITY_LATER: dict[str, _Gen] = {"JoinVideomeetUrl": _lit(""), "CentralserviceVideomeetId": _lit("")}
_ENTITY_GENS: dict[str, _Gen] = {
    **_ENTITY_TEXTS,
    **_ENTITY_LISTS,
    **_ENTITY_TIMESPANS,
    **_ENTITY_NUMBERS,
    **_ENTITY_DICTS,
    **_ENTITY_LATER,
}


@cache
def _entity_plan(response: bool) -> tuple[tuple[str, _Gen], ...]:
    out: list[tuple[str, _Gen]] = []
    for f in catalogue.ENTITY.fields:
        gen = _ENTITY_GENS.get(f.name)
        if gen is None:
            # Nested carriers are null by default (as in SuperOffice's samples); traits fill them.
            gen = _lit(None) if f.type.kind == "carrier" else _field_gen(catalogue.ENTITY.name, f)
        out.append((f.name, gen))
    return tuple(out)


def _dates(payload: dict[str, JSON], c: _Ctx) -> None:
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


def _booking_links(payload: dict[str, JSON], c: _Ctx) -> None:
    booking = payload["BookingType"]
    if booking == "Owner":
        payload["MotherId"] = payload["AppointmentId"]
    elif booking == "Participant":
        payload["MotherId"] = c.ident()
    else:
        payload["MotherId"] = 0


# --- traits ----------------------------------------------------------------------------------------


def _t_with_relations(p: dict[str, JSON], c: _Ctx) -> None:
    for f in catalogue.ENTITY.fields:
        if f.type.kind == "carrier" and p.get(f.name) is None:
            p[f.name] = _carrier(f.type.name or "", c)
    if not p.get("Links"):
        p["Links"] = _links(c)


def _t_booking(p: dict[str, JSON], c: _Ctx) -> None:
    people = c.rng.sample(c.pool.people, c.rng.randint(2, 4))
    participants = []
    for person in people:
        c._person = person
        item = _carrier("Participant", c)
        item["EmailAddress"], item["Description"] = person.email, person.full
        participants.append(item)
    c._person = None
    p["Participants"] = participants
    p["BookingType"] = "Owner"
    p["Type"] = "BookingForDiary"
    p["MotherId"] = p["AppointmentId"]


def _t_recurring(p: dict[str, JSON], c: _Ctx) -> None:
    rec = _carrier("RecurrenceInfo", c)
    rec["IsRecurrence"] = True
    rec["StartDate"] = p["StartDate"]
    rec["EndDate"] = c.date(c.start + timedelta(days=c.rng.randrange(30, 365)), exact=True)
    rec["Pattern"] = c.rng.choice(("Daily", "Weekly", "Monthly", "Yearly"))
    rec["RecurrenceEndType"] = c.rng.choice(("EndDate", "Counter"))
    p["Recurrence"] = rec


def _t_private(p: dict[str, JSON], c: _Ctx) -> None:
    p["Private"] = "PrivateUser"
    item = _carrier("VisibleFor", c)
    item["Visibility"] = "Associate"
    item["DisplayValue"] = c.rng.choice(c.pool.people).full
    p["VisibleFor"] = [item]


def _t_all_day(p: dict[str, JSON], c: _Ctx) -> None:
    day = c.start.replace(hour=0, minute=0)
    p["IsAlldayEvent"] = True
    p["StartDate"] = p["ActiveDate"] = p["PublishEventDate"] = c.date(day, exact=True)
    p["EndDate"] = c.date(day + timedelta(days=c.rng.randint(1, 3)), exact=True)


def _t_minimal(p: dict[str, JSON], c: _Ctx) -> None:
    keep = {"AppointmentId", "Title", "Description"}
    for f in catalogue.ENTITY.fields:
        if f.name in keep or f.type.kind == "date":
            continue
        kind = f.type.kind
        if f.nullable:
            p[f.name] = None
        elif kind in ("int32", "int16", "double"):
            p[f.name] = 0
        elif kind == "bool":
            p[f.name] = False
        elif f.enum:
            p[f.name] = f.enum[0]  # the .NET default (value 0)


_TRAIT_FUNCS: dict[str, Callable[[dict[str, JSON], _Ctx], None]] = {
    "with_relations": _t_with_relations,
    "booking": _t_booking,
    "recurring": _t_recurring,
    "private": _t_private,
    "all_day": _t_all_day,
    "minimal": _t_minimal,
}

_ENTITY_FIELD_PROPERTIES = _field_properties(catalogue.ENTITY.name)

#: The trait names ``build(traits=...)`` accepts.
TRAITS: tuple[str, ...] = tuple(_TRAIT_FUNCS)


# --- overrides -------------------------------------------------------------------------------------


def _apply_override(payload: dict[str, JSON], key: str, value: JSON, root: Carrier, c: _Ctx) -> None:
    parts = key.split("__")
    path = "$"
    node: Any = payload
    t: TypeRef = TypeRef("carrier", name=root.name)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if t.kind == "carrier":
            if part not in catalogue.carrier(t.name or "").names:
                where = t.name if path == "$" else path
                raise UsageError(f"override {key!r}: {where} has no field {part!r}")
            t = catalogue.carrier(t.name or "").field(part).type
            step: str | int = part
        elif t.kind == "list":
            if not part.isdigit():
                raise UsageError(f"override {key!r}: {path} is a list; expected an index, got {part!r}")
            step = int(part)
            if step >= len(node):
                raise UsageError(f"override {key!r}: {path} has {len(node)} items, no index {step}")
            assert t.item is not None
            t = t.item
        elif t.kind == "map":
            step = part
            assert t.item is not None
            t = t.item
        else:
            raise UsageError(f"override {key!r}: {path} is a {t.kind} value, not an object or list")
        child_path = join(path, step)
        if last:
            node[step] = clone(value)
            return
        child = node.get(step) if isinstance(node, dict) else node[step]
        if child is None:
            child = _fill(t, c, key, child_path)
            node[step] = child
        node, path = child, child_path


def _fill(t: TypeRef, c: _Ctx, key: str, path: str) -> JSON:
    # A null carrier on an override's way is built first, so Contact__Name works by default.
    if t.kind == "carrier":
        return _carrier(t.name or "", c)
    if t.kind == "map":
        return {}
    raise UsageError(f"override {key!r}: {path} is null")


def _normalise_traits(traits: str | Iterable[str] | None) -> tuple[str, ...]:
    if traits is None:
        return ()
    names = (traits,) if isinstance(traits, str) else tuple(traits)
    for name in names:
        if name not in _TRAIT_FUNCS:
            raise UsageError(f"unknown trait {name!r}; known: {', '.join(TRAITS)}")
    return names


# --- the factory -----------------------------------------------------------------------------------


class AppointmentFactory:
    """Builds AppointmentEntity request bodies and AppointmentEntityWithLinks responses.

    ``seed``: an int (same seed, same locale, same calls -> identical payloads in any process) or
    None for a fresh random seed (see :attr:`seed`).  ``locale``: a Faker locale (en_US, nb_NO,
    sv_SE, de_DE, ...); an unknown one raises :class:`~toolkit.errors.UsageError`.  ``base_url``: the
    tenant URL the response's ``_Links`` point into.  See the module docstring for traits and overrides.
    """

    def __init__(
        self,
        seed: int | None = None,
        locale: str = "en_US",
        *,
        base_url: str = "https://www.example.com",
    ) -> None:
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise UsageError(f"seed must be an int or None, got {seed!r}")
        resolve_locale(locale)
        self.seed: int = secrets.randbits(63) if seed is None else seed
        self.locale = locale
        self.base_url = base_url.rstrip("/")
        self._pool = pools(locale)
        self._rng = Random(self.seed)

    def __repr__(self) -> str:
        return f"AppointmentFactory(seed={self.seed!r}, locale={self.locale!r})"

    def build(self, *, traits: str | Iterable[str] | None = None, **overrides: JSON) -> AppointmentEntity:
        """One AppointmentEntity (request body), keys in the catalogue's order."""
        return cast("AppointmentEntity", self._build(False, _normalise_traits(traits), overrides))

    def build_batch(
        self, n: int, *, traits: str | Iterable[str] | None = None, **overrides: JSON
    ) -> list[AppointmentEntity]:
        """``n`` request bodies, each built as :meth:`build` would (overrides apply to each)."""
        if n < 0:
            raise UsageError(f"build_batch: n must be 0 or more, got {n}")
        names = _normalise_traits(traits)
        return [cast("AppointmentEntity", self._build(False, names, overrides)) for _ in range(n)]

    def build_response(
        self, *, traits: str | Iterable[str] | None = None, **overrides: JSON
    ) -> AppointmentEntityWithLinks:
        """One AppointmentEntityWithLinks: the entity with TableRight, FieldProperties and _Links."""
        return cast("AppointmentEntityWithLinks", self._build(True, _normalise_traits(traits), overrides))

    def build_carrier(self, name: str, *, response: bool = False, **overrides: JSON) -> dict[str, JSON]:
        """One full carrier (``Link``, ``Participant``, ``Contact`` ...), every catalogue field filled.

        ``response=True`` adds the rights (``TableRight``, ``FieldProperties``) that responses carry.
        Overrides work as for :meth:`build`: ``build_carrier("Contact", Address__Postal__City="Oslo")``.
        """
        if name not in catalogue.CARRIERS or name == catalogue.ENTITY.name:
            known = ", ".join(n for n in catalogue.CARRIERS if n != catalogue.ENTITY.name)
            raise UsageError(f"unknown carrier {name!r}; known: {known}")
        c = _Ctx(self._rng, self._pool, response)
        body = _carrier(name, c)
        for key, value in overrides.items():
            _apply_override(body, key, value, catalogue.carrier(name), c)
        return body

    def _build(
        self, response: bool, traits: tuple[str, ...], overrides: Mapping[str, JSON]
    ) -> dict[str, JSON]:
        c = _Ctx(self._rng, self._pool, response)
        payload = {key: gen(c) for key, gen in _entity_plan(response)}
        _dates(payload, c)
        _booking_links(payload, c)
        _videomeet(payload, c)
        if response:
            payload["TableRight"] = _carrier("TableRight", c)
            payload["FieldProperties"] = _ENTITY_FIELD_PROPERTIES(c)
            payload["_Links"] = self._links(payload["AppointmentId"])
        for name in traits:
            _TRAIT_FUNCS[name](payload, c)
        root = catalogue.ENTITY_WITH_LINKS if response else catalogue.ENTITY
        for key, value in overrides.items():
            _apply_override(payload, key, value, root, c)
        self._derive(payload, traits, overrides, response)
        return payload

    def _derive(
        self, p: dict[str, JSON], traits: tuple[str, ...], overrides: Mapping[str, JSON], response: bool
    ) -> None:
        # Values that follow others, recomputed after overrides unless overridden themselves.
        if "ActiveLinks" not in overrides:
            p["ActiveLinks"] = len(p["Links"]) if isinstance(p["Links"], list) else 0
        if "MotherId" not in overrides and p.get("BookingType") == "Owner":
            p["MotherId"] = p["AppointmentId"]
        if response and not any(k == "_Links" or k.startswith("_Links__") for k in overrides):
            p["_Links"] = self._links(p["AppointmentId"])

    def _links(self, appointment_id: JSON) -> dict[str, str]:
        archive = f"{self.base_url}/api/v1/Appointment"
        return {"Self": f"{archive}/{appointment_id}", "Archive": archive}
