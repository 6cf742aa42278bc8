"""The one description of SuperOffice's AppointmentEntity and every carrier it reaches.

Everything else follows from this module: the JSON Schemas (``toolkit.schemas``), the factories, the
``$select`` rule's knowledge of nested objects, the server's XML codec. Nothing else lists fields.

Sources (see ``fixtures/spec/``): SuperOffice's published Swagger 2.0 definitions for the PUT operation
(2022) give the carriers, their field types and enum names; the newer API reference page adds Title,
Agenda, InternalNotes, PreferredTZLocationData and OwnedExternally, and the Participant fields
EmailAddress and Description seen in its samples.

Decisions where the sources are silent (kept here so they are made once):

* Nullability follows .NET: strings, carriers, arrays and dictionaries may be null; integers, numbers,
  booleans, dates and enums are value types and may not.  A ``$select`` response may null anything, so
  the *response* schema used for ``$select`` answers relaxes this (see ``toolkit.schemas``).
* ``ColorIndex`` and ``RejectCounter`` are Int16 in practice (SuperOffice's database columns), the
  other integers int32.
* ``TimeZoneData`` is not in the Swagger file; its fields here are our own minimal carrier.
* ``TableRight.Mask`` and ``FieldRight.Mask`` are .NET flags enums, so a value may combine names
  ("Select, Update").

Field rows are written as ``Name  type  [ro]``; the type grammar is ``str``, ``int32``, ``int16``,
``double``, ``bool``, ``date``, ``enum:<Name>``, ``flags:<Name>``, ``<Carrier>``, ``list:<T>`` and
``map:<T>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Literal

__all__ = [
    "CARRIERS",
    "ENTITY",
    "ENTITY_WITH_LINKS",
    "ENUMS",
    "INT16_MAX",
    "INT16_MIN",
    "INT32_MAX",
    "INT32_MIN",
    "READ_ONLY",
    "RESPONSE_ONLY",
    "Carrier",
    "Field",
    "TypeRef",
    "carrier",
    "date_fields",
]

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT16_MIN, INT16_MAX = -(2**15), 2**15 - 1

Kind = Literal["str", "int32", "int16", "double", "bool", "date", "enum", "flags", "carrier", "list", "map"]
SCALARS: frozenset[str] = frozenset({"str", "int32", "int16", "double", "bool", "date"})
# Enums travel as names but are Int32 columns underneath.
_DOTNET_TYPES: dict[str, str] = {
    "str": "System.String",
    "int32": "System.Int32",
    "int16": "System.Int16",
    "double": "System.Double",
    "bool": "System.Boolean",
    "date": "System.DateTime",
    "enum": "System.Int32",
    "flags": "System.Int32",
}


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A field's type: a scalar kind, an enum, a carrier, or a list/map of another type."""

    kind: Kind
    name: str | None = None  # enum or carrier name
    item: TypeRef | None = None  # element type of a list or map

    @property
    def nullable(self) -> bool:
        """True where .NET allows null (reference types)."""
        return self.kind in ("str", "carrier", "list", "map")

    @property
    def dotnet_type(self) -> str:
        """The .NET type SuperOffice reports for a value of this type (``FieldProperties.FieldType``).

        Carriers are named by their carrier name; lists and dictionaries are ``System.Object``.
        """
        if self.kind == "carrier" and self.name:
            return self.name
        return _DOTNET_TYPES.get(self.kind, "System.Object")

    @classmethod
    def parse(cls, text: str) -> TypeRef:
        if text in SCALARS:
            return cls(text)  # type: ignore[arg-type]
        head, _, rest = text.partition(":")
        if head in ("list", "map"):
            return cls(head, item=cls.parse(rest))  # type: ignore[arg-type]
        if head in ("enum", "flags"):
            if rest not in ENUMS:
                raise ValueError(f"unknown enum {rest!r}")
            return cls(head, name=rest)  # type: ignore[arg-type]
        return cls("carrier", name=text)

    def __str__(self) -> str:
        if self.item is not None:
            return f"{self.kind}:{self.item}"
        if self.kind in ("enum", "flags"):
            return f"{self.kind}:{self.name}"
        return self.name if self.kind == "carrier" and self.name else self.kind


@dataclass(frozen=True, slots=True)
class Field:
    """One property of a carrier."""

    name: str
    type: TypeRef
    read_only: bool = False

    @property
    def nullable(self) -> bool:
        return self.type.nullable

    @property
    def enum(self) -> tuple[str, ...] | None:
        """The allowed names, for enum and flags fields."""
        return ENUMS[self.type.name] if self.type.kind in ("enum", "flags") and self.type.name else None


@dataclass(frozen=True, slots=True)
class Carrier:
    """A named object type: its fields in SuperOffice's order."""

    name: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return _field_index(self.name)[name]


_WEEKDAYS = "Unknown Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_INVITATION = "Unknown None Accepted Hidden Invitation Moved Seen MovedSeen Declined Cancelled"

#: Every enum, by name; values serialise as these names.
ENUMS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        name: tuple(values.split())
        for name, values in {
            "Private": "Public PrivateUser PrivateGroup",
            "AppointmentType": "Unknown inDiary inChecklist Note Document SavedReport BookingForDiary "
            "BookingForChecklist MergeDraft MergeFinal",
            "Completed": "Unknown NotStarted Started Completed",
            "AssignmentStatus": "Unknown None Assigning Seen Declined",
            "InvitationStatus": _INVITATION,
            "BookingType": "Unknown None Owner Participant",
            "CautionWarning": "OK NotInSync NotNotifiedByEmail RecurrencePatternNotSupported "
            "IncomingRecurrenceChangeNotSupported ExternalParticipantsDateTimeMismatch",
            "OwnedExternally": "None Other Outlook Google",
            "Visibility": "All Associate Group",
            "AssociateType": "Unknown InternalAssociate ResourceAssociate ExternalAssociate "
            "AnonymousAssociate SystemAssociate",
            "TableRightMask": "None Select Update Insert Delete Filtering RestrictedUpdate Unused1 "
            "Uninitialized FULL WRITE URU UDR UR URI R RI RF F FI",
            "FieldRightMask": "None Read Write Update Unused1 Unused2 Unused3 Unused4 UIHintMandatory "
            "UIHintReadOnly FULL UIHints",
            "AddressType": "Unknown ContactPostalAddress ContactStreetAddress PersonPrivateAddress "
            "QuoteBillingAddress QuoteShippingAddress",
            "RecurrenceEndType": "Unknown EndDate Counter",
            "RecurrencePattern": "Unknown Daily Weekly Monthly Yearly Custom",
            "RecurrenceDayPattern": "Unknown EveryWorkday EveryWeekday EveryCyclicDay",
            "RecurrenceMonthPattern": "Unknown DayOfMonth WeekdayOfMonth",
            "Weekday": _WEEKDAYS,
            "WeekOfMonth": "Unknown First Second Third Fourth Last",
            "TaskDirection": "Unknown Incoming Outgoing SaintAll",
            "TaskType": "Unknown Appointment Document Email Fax Phone ToDo MailMergeDraft MailMergeFinal "
            "Report SaintAll",
            "TaskColor": "LightBlue DarkBlue LightGray DarkGray LightGreen DarkGreen LightYellow DarkYellow "
            "LightRed DarkRed BlueAlt1 BlueAlt2 BlueAlt3 GrayAlt1 GrayAlt2 GrayAlt3 GreenAlt1 GreenAlt2 "
            "GreenAlt3 YellowAlt1 YellowAlt2 YellowAlt3 RedAlt1 RedAlt2 RedAlt3",
            "VideomeetingStatus": "NoChange VideoMeetingOn VideoMeetingOff",
            "SaleStatus": "Unknown Open Sold Lost Stalled SaintAll",
        }.items()
    }
)

_RIGHTS = """
TableRight TableRight
FieldProperties map:FieldProperty
"""

# Carriers in the order SuperOffice publishes their fields.
_CARRIER_TABLE: dict[str, str] = {
    "AppointmentEntity": """
Associate Associate
Contact Contact
CreatedBy Associate ro
UpdatedBy Associate
CreatedDate date ro
AppointmentId int32 ro
Description str
Title str
Agenda str
InternalNotes str
StartDate date
EndDate date
InvitedPerson Person
Person Person
MotherId int32
Priority Priority
Private enum:Private
Project Project
Type enum:AppointmentType
UpdatedDate date
Completed enum:Completed
ActiveLinks int32
Links list:Link
AlarmLeadTime str
HasAlarm bool
ColorIndex int16
IsFree bool
IsAlldayEvent bool
LagTime str
LeadTime str
Location str
RejectCounter int16
RejectReason str
Recurrence RecurrenceInfo
Participants list:Participant
AssignmentStatus enum:AssignmentStatus
InvitationStatus enum:InvitationStatus
BookingType enum:BookingType
ActiveDate date
HasConflict bool
AssignedBy Associate
MotherAssociate Associate
Task TaskListItem
PreferredTZLocation int32
PreferredTZLocationData TimeZoneData ro
Sale Sale
SuggestedAppointmentId int32
IsMileStone bool
CautionWarning enum:CautionWarning
OwnedExternally enum:OwnedExternally
JoinVideomeetUrl str
CentralserviceVideomeetId str
UserDefinedFields map:str
ExtraFields map:str
CustomFields map:str
PublishEventDate date
PublishTo date
PublishFrom date
IsPublished bool
VisibleFor list:VisibleFor
""",
    "Associate": """
AssociateId int32
Name str
PersonId int32
Rank int32
Tooltip str
Type enum:AssociateType
GroupIdx int32
FullName str
FormalName str
Deleted bool
EjUserId int32
UserName str
"""
    + _RIGHTS,
    "Contact": """
ContactId int32
Name str
OrgNr str
Department str
URL str
City str
DirectPhone str
AssociateId int32
CountryId int32
EmailAddress str
Kananame str
EmailAddressName str
URLName str
AssociateFullName str
BusinessName str
CategoryName str
CountryName str
Address Address
FormattedAddress str
FullName str
IsOwnerContact bool
ActiveErpLinks int32
"""
    + _RIGHTS,
    "Address": """
Wgs84Latitude double
Wgs84Longitude double
LocalizedAddress list:list:LocalizedField
Street StructuredAddress
Postal StructuredAddress
Formatted str
"""
    + _RIGHTS,
    "LocalizedField": """
Name str
Value str
Tooltip str
Label str
ValueLength int32
AddressType str
"""
    + _RIGHTS,
    "StructuredAddress": """
AtypeIdx enum:AddressType
Address1 str
Address2 str
Address3 str
City str
County str
State str
Zipcode str
Formatted str
""",
    "Person": """
Position str
PersonId int32
Mrmrs str
Firstname str
Lastname str
MiddleName str
Title str
Description str
Email str
FullName str
DirectPhone str
FormalName str
CountryId int32
ContactId int32
ContactName str
Retired int32
Rank int32
ActiveInterests int32
ContactDepartment str
ContactCountryId int32
ContactOrgNr str
FaxPhone str
MobilePhone str
ContactPhone str
AssociateName str
AssociateId int32
UsePersonAddress bool
ContactFax str
Kanafname str
Kanalname str
Post1 str
Post2 str
Post3 str
EmailName str
ContactFullName str
ActiveErpLinks int32
TicketPriorityId int32
SupportLanguageId int32
SupportAssociateId int32
CategoryName str
"""
    + _RIGHTS,
    "Priority": """
Id int32
Value str
Tooltip str
"""
    + _RIGHTS,
    "Project": """
ProjectId int32
Name str
Description str
URL str
Type str
AssociateId int32
AssociateFullName str
TypeId int32
Updated date
StatusId int32
Status str
TextId int32
PublishTo date
PublishFrom date
IsPublished bool
URLName str
ProjectNumber str
ActiveErpLinks int32
"""
    + _RIGHTS,
    "Link": """
EntityName str
Id int32
Description str
ExtraInfo str
LinkId int32
"""
    + _RIGHTS,
    "RecurrenceInfo": """
RecurrenceId int32
StartDate date
EndDate date
RecurrenceCounter int32
RecurrenceEndType enum:RecurrenceEndType
Pattern enum:RecurrencePattern
DayPattern RecurrenceDayPattern
WeekPattern RecurrenceWeekPattern
MonthPattern RecurrenceMonthPattern
YearPattern RecurrenceYearPattern
Dates list:RecurrenceDate
IsRecurrence bool
""",
    "RecurrenceDayPattern": """
Pattern enum:RecurrenceDayPattern
Cycle int32
""",
    "RecurrenceWeekPattern": """
Weekdays flags:Weekday
Cycle int32
""",
    "RecurrenceMonthPattern": """
Pattern enum:RecurrenceMonthPattern
Cycle int32
Day int32
Weekday enum:Weekday
WeekOfMonth enum:WeekOfMonth
""",
    "RecurrenceYearPattern": """
Pattern enum:RecurrenceMonthPattern
Cycle int32
Day int32
Weekday enum:Weekday
WeekOfMonth enum:WeekOfMonth
""",
    "RecurrenceDate": """
Date date
IsConflict bool
Description str
DescriptionStyleHint str
Tooltip str
""",
    "Participant": """
AssociateId int32
PersonId int32
ContactId int32
EmailId int32
SendEmail bool
InvitationStatus enum:InvitationStatus
EmailAddress str
Description str
""",
    "TaskListItem": """
TaskListItemId int32
Value str
Direction enum:TaskDirection
Type enum:TaskType
Tooltip str
Deleted bool
IntentId int32
Rank int32
IsDefaultAlldayEvent bool
IsDefaultFree bool
IsDefaultPublished bool
ColorIndex enum:TaskColor
DefaultVideomeetingStatus enum:VideomeetingStatus
"""
    + _RIGHTS,
    "Sale": """
ContactName str
SaleDate date
SaleId int32
Probability int32
Title str
Amount double
Currency str
ProjectName str
AssociateFullName str
Description str
Status enum:SaleStatus
WeightedAmount double
ProjectId int32
EarningPercent double
Earning double
ContactId int32
AssociateId int32
PersonId int32
SaleTypeId int32
SaleTypeName str
PersonFullName str
Completed enum:Completed
ActiveErpLinks int32
NextDueDate date
Number str
"""
    + _RIGHTS,
    "VisibleFor": """
VisibleId int32
Visibility enum:Visibility
DisplayValue str
"""
    + _RIGHTS,
    "TimeZoneData": """
TimeZoneId int32
Code str
Name str
Cities str
""",
    "TableRight": """
Mask flags:TableRightMask
Reason str
""",
    "FieldProperty": """
FieldRight FieldRight
FieldType str
FieldLength int32
""",
    "FieldRight": """
Mask flags:FieldRightMask
Reason str
""",
}

#: Properties only the response (AppointmentEntityWithLinks) has, after the entity's own.
RESPONSE_ONLY: tuple[str, ...] = ("TableRight", "FieldProperties", "_Links")
_RESPONSE_ROWS = _RIGHTS + "_Links map:str ro\n"


def _parse(name: str, table: str) -> Carrier:
    fields = []
    for row in table.strip().splitlines():
        parts = row.split()
        if not parts:
            continue
        fields.append(Field(parts[0], TypeRef.parse(parts[1]), read_only="ro" in parts[2:]))
    return Carrier(name, tuple(fields))


#: Every carrier by name, the entity included.
CARRIERS: MappingProxyType[str, Carrier] = MappingProxyType(
    {name: _parse(name, table) for name, table in _CARRIER_TABLE.items()}
)

#: The request body: AppointmentEntity, 60 properties in the spec's order.
ENTITY: Carrier = CARRIERS["AppointmentEntity"]

#: The response body: the entity, then TableRight, FieldProperties and _Links.
ENTITY_WITH_LINKS: Carrier = Carrier(
    "AppointmentEntityWithLinks", ENTITY.fields + _parse("_", _RESPONSE_ROWS).fields
)

#: Properties a PUT never changes (the server keeps its stored values).
READ_ONLY: frozenset[str] = frozenset(f.name for f in ENTITY.fields if f.read_only)


def carrier(name: str) -> Carrier:
    """A carrier by name (``AppointmentEntityWithLinks`` included)."""
    if name == ENTITY_WITH_LINKS.name:
        return ENTITY_WITH_LINKS
    try:
        return CARRIERS[name]
    except KeyError:
        raise KeyError(f"no carrier named {name!r}; known: {', '.join(CARRIERS)}") from None


@cache
def _field_index(name: str) -> dict[str, Field]:
    return {f.name: f for f in carrier(name).fields}


@cache
def date_fields(name: str = "AppointmentEntity") -> tuple[str, ...]:
    """Names of a carrier's date properties (the ones SO-TimeZone converts)."""
    return tuple(f.name for f in carrier(name).fields if f.type.kind == "date")


def _check() -> None:
    # Fail at import, not at first use, if a table names a carrier that does not exist.
    def walk(t: TypeRef) -> None:
        if t.item is not None:
            walk(t.item)
        elif t.kind == "carrier" and t.name not in CARRIERS:
            raise ValueError(f"unknown carrier {t.name!r}")

    for c in CARRIERS.values():
        for f in c.fields:
            walk(f.type)


_check()
