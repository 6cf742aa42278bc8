"""Realistic values for the properties whose meaning we know, keyed by (carrier, property) or name.

The catalogue decides which properties exist and their types; this table only says what a good value
for a known name looks like (a Link's ``EntityName`` is a company, a Person's ``Email`` belongs to its
name, a TimeZoneData is one zone SuperOffice knows).  Every other property gets a value from its type
(:mod:`toolkit.factories._carriers`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from toolkit._pools import Zone
from toolkit.factories._context import Ctx

__all__ = [
    "BY_CARRIER_FIELD",
    "BY_NAME",
    "Gen",
    "cap_word",
    "lit",
    "phrase",
    "pick",
    "rint",
    "sentence",
    "title",
]

JSON = Any
Gen = Callable[[Ctx], JSON]


def lit(value: JSON) -> Gen:
    """Always ``value`` (immutable values only: the same object goes into every payload)."""
    return lambda c: value


def pick(values: tuple[Any, ...]) -> Gen:
    return lambda c: c.rng.choice(values)


def rint(lo: int, hi: int) -> Gen:
    return lambda c: c.rng.randint(lo, hi)


def phrase(c: Ctx) -> str:
    return c.rng.choice(c.pool.catch_phrases)


def title(c: Ctx) -> str:
    return c.rng.choice(c.pool.titles)


def sentence(c: Ctx) -> str:
    return c.rng.choice(c.pool.sentences)


def cap_word(c: Ctx) -> str:
    w = c.word()
    return w[:1].upper() + w[1:]


def _empty_map(c: Ctx) -> dict[str, JSON]:
    return {}  # extra and custom fields of nested carriers: none, as most tenants answer


def _url(c: Ctx) -> str:
    return f"https://www.{c.company().domain}/"


def _address_line(c: Ctx) -> str:
    co = c.company()
    return f"{co.street}, {co.zipcode} {co.city}"


def _initials(c: Ctx) -> str:
    p = c.person()
    return (p.first[:1] + p.last[:2]).upper()


def _rules(zone: Zone, dst: bool) -> dict[str, JSON]:
    # One rule per zone, keyed by the year it applies from; the standard rule runs from the end of
    # daylight saving time to its start, the daylight rule the other way round.
    if zone.dst is None or zone.dst_start is None or zone.dst_end is None:
        if dst:
            return {}
        first, last = (1, 1, ""), (12, 31, "")
        offset = zone.std
    else:
        first, last = (zone.dst_start, zone.dst_end) if dst else (zone.dst_end, zone.dst_start)
        offset = zone.dst if dst else zone.std
    return {
        zone.since: {
            "StartDay": first[1],
            "StartMonth": first[0],
            "EndDay": last[1],
            "EndMonth": last[0],
            "TZOffset": offset,
            "StartRulePattern": first[2],
            "EndRulePattern": last[2],
        }
    }


_NO_DATE = datetime(1, 1, 1)  # .NET's DateTime.MinValue: a date nobody set

_P = Ctx.person
_C = Ctx.company
_Z = Ctx.zone

# By (carrier, field) first, then by field name alone (for text, integer, number and boolean fields).
BY_CARRIER_FIELD: dict[tuple[str, str], Gen] = {
    ("Associate", "Name"): _initials,
    ("Associate", "FormalName"): lambda c: f"{_P(c).last}, {_P(c).first}",
    ("Associate", "UserName"): lambda c: _P(c).email.split("@")[0],
    ("Associate", "Tooltip"): lambda c: f"{_P(c).full} ({_P(c).job})",
    ("Associate", "ExtraFields"): _empty_map,
    ("Associate", "CustomFields"): _empty_map,
    ("Contact", "Name"): lambda c: _C(c).name,
    ("Contact", "FullName"): lambda c: _C(c).name,
    ("Contact", "EmailAddress"): lambda c: f"post@{_C(c).domain}",
    ("Contact", "EmailAddressName"): lambda c: _C(c).name,
    ("Contact", "DirectPhone"): lambda c: _C(c).phone,
    ("Contact", "Department"): cap_word,
    ("Contact", "AssociateFullName"): lambda c: _P(c).full,
    ("Contact", "Number1"): lambda c: str(c.rng.randrange(10_000, 100_000)),  # a customer number
    ("Contact", "Number2"): lit(""),
    ("Person", "Title"): lambda c: _P(c).job,
    ("Person", "Description"): sentence,
    ("Person", "FormalName"): lambda c: f"{_P(c).prefix} {_P(c).full}".strip(),
    ("Person", "Post1"): lambda c: _C(c).street,
    ("Person", "Post2"): lambda c: _C(c).zipcode,
    ("Person", "Post3"): lambda c: _C(c).city,
    ("Person", "AssociateName"): lambda c: _P(c).first[:1].upper() + _P(c).last[:2].upper(),
    ("Person", "PersonNumber"): lambda c: str(c.rng.randrange(1_000, 100_000)),
    ("Project", "Name"): title,
    ("Project", "Type"): cap_word,
    ("Project", "Status"): lambda c: c.rng.choice(c.pool.project_statuses),
    ("Project", "ProjectNumber"): lambda c: f"P-{c.rng.randrange(1000, 99999)}",
    ("Project", "EventId"): lit(0),  # set only when a Lyyti event is linked
    ("Project", "StartDate"): lambda c: c.date(_NO_DATE, exact=True),  # the event's start: none
    ("Sale", "Title"): title,
    ("Sale", "Number"): lambda c: f"S-{c.rng.randrange(1000, 99999)}",
    ("Sale", "ProjectName"): title,
    ("Sale", "SaleTypeName"): cap_word,
    ("Priority", "Value"): lambda c: c.rng.choice(c.pool.priorities),
    ("TaskListItem", "Value"): lambda c: c.rng.choice(c.pool.tasks),
    ("TimeZoneData", "TZLocationID"): lambda c: _Z(c).id,
    ("TimeZoneData", "Name"): lambda c: _Z(c).name,
    ("TimeZoneData", "TZLocationCode"): lambda c: _Z(c).code,
    ("TimeZoneData", "TZLocationCities"): lambda c: _Z(c).cities,
    ("TimeZoneData", "IsoNumber"): lambda c: _Z(c).iso,
    ("TimeZoneData", "TimeZoneSTDRules"): lambda c: _rules(_Z(c), dst=False),
    ("TimeZoneData", "TimeZoneDSTRules"): lambda c: _rules(_Z(c), dst=True),
    ("TimeZoneRule", "StartDay"): rint(1, 28),
    ("TimeZoneRule", "EndDay"): rint(1, 28),
    ("TimeZoneRule", "StartMonth"): rint(1, 12),
    ("TimeZoneRule", "EndMonth"): rint(1, 12),
    ("TimeZoneRule", "TZOffset"): lambda c: c.rng.randrange(-720, 841, 60),
    ("TimeZoneRule", "StartRulePattern"): pick(("last Sunday", "first Sunday", "second Sunday", "")),
    ("TimeZoneRule", "EndRulePattern"): pick(("last Sunday", "first Sunday", "second Sunday", "")),
    ("Link", "EntityName"): lambda c: _C(c).name,
    ("Link", "Description"): phrase,
    ("Link", "ExtraInfo"): lambda c: c.word(),
    ("Participant", "EmailAddress"): lambda c: _P(c).email,
    ("Participant", "Description"): lambda c: _P(c).full,
    ("Participant", "SendEmail"): lambda c: c.rng.random() < 0.7,
    ("RecurrenceInfo", "IsRecurrence"): lit(True),
    ("RecurrenceDate", "DescriptionStyleHint"): pick(("", "conflict", "moved")),
    ("LocalizedField", "Name"): pick(("Address1", "Address2", "City", "Zipcode", "State")),
    ("LocalizedField", "Label"): pick(("Street", "Postal", "City", "Zip", "State")),
    ("LocalizedField", "Value"): lambda c: _C(c).street,
    ("LocalizedField", "AddressType"): pick(("StreetAddress", "PostalAddress")),
    ("StructuredAddress", "Address1"): lambda c: _C(c).street,
    ("StructuredAddress", "Address2"): lit(""),
    ("StructuredAddress", "Address3"): lit(""),
    ("StructuredAddress", "Formatted"): _address_line,
    ("TableRight", "Reason"): lit(""),
    ("FieldRight", "Reason"): lit(""),
}

BY_NAME: dict[str, Gen] = {
    "Name": lambda c: _C(c).name,
    "FullName": lambda c: _P(c).full,
    "Firstname": lambda c: _P(c).first,
    "Lastname": lambda c: _P(c).last,
    "MiddleName": lit(""),
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
    "ContactDepartment": cap_word,
    "ContactOrgNr": lambda c: _C(c).orgnr,
    "OrgNr": lambda c: _C(c).orgnr,
    "AssociateFullName": lambda c: _P(c).full,
    "PersonFullName": lambda c: _P(c).full,
    "Kananame": lit(""),
    "Kanafname": lit(""),
    "Kanalname": lit(""),
    "City": lambda c: _C(c).city,
    "County": lit(""),
    "State": lit(""),
    "Zipcode": lambda c: _C(c).zipcode,
    "CountryName": lambda c: c.pool.country,
    "FormattedAddress": _address_line,
    "Formatted": _address_line,
    "URL": _url,
    "URLName": lambda c: _C(c).domain,
    "BusinessName": cap_word,
    "CategoryName": cap_word,
    "Description": phrase,
    "Title": title,
    "Tooltip": sentence,
    "DisplayValue": lambda c: _P(c).full,
    "Currency": lambda c: c.pool.currency,
    "Value": cap_word,
    # integers with a meaning
    "Rank": rint(1, 20),
    "Cycle": rint(1, 4),
    "Day": rint(1, 28),
    "Probability": lambda c: c.rng.randrange(0, 101, 10),
    "Retired": lit(0),
    "ActiveErpLinks": rint(0, 2),
    "ActiveInterests": rint(0, 5),
    "RecurrenceCounter": rint(2, 20),
    "ValueLength": pick((40, 80, 254)),
    "GroupIdx": rint(1, 12),
    "Deleted": lit(False),
    "Amount": lambda c: round(c.rng.uniform(1_000, 250_000), 2),
    "WeightedAmount": lambda c: round(c.rng.uniform(100, 100_000), 2),
    "Earning": lambda c: round(c.rng.uniform(100, 50_000), 2),
    "EarningPercent": lambda c: round(c.rng.uniform(5, 60), 1),
    "Wgs84Latitude": lambda c: round(c.rng.uniform(-60, 70), 6),
    "Wgs84Longitude": lambda c: round(c.rng.uniform(-150, 150), 6),
}
