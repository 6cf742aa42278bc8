"""Typed payloads: ``TypedDict``s of the request, the response and every carrier.

Generated from :mod:`toolkit.catalogue` by ``python -m toolkit.types``; do not edit (a test proves this
file current).  The factories, the client and the strategies return these types, so ``mypy --strict``
catches ``appointment["Tittle"]`` or ``appointment["Private"] = "Secret"`` in code that uses them.
See ``toolkit/types/_build.py`` for the decisions behind them.
"""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = [
    "Address",
    "AddressTypeEnum",
    "AppointmentEntity",
    "AppointmentEntityWithLinks",
    "AppointmentTypeEnum",
    "AssignmentStatusEnum",
    "Associate",
    "AssociateTypeEnum",
    "BookingTypeEnum",
    "CautionWarningEnum",
    "CompletedEnum",
    "Contact",
    "DotNetDate",
    "ExternallyOwnedStatusEnum",
    "ExternallyOwnedTypeEnum",
    "FieldProperty",
    "FieldRight",
    "FieldRightMaskEnum",
    "InvitationStatusEnum",
    "Link",
    "LocalizedField",
    "OwnedExternallyEnum",
    "Participant",
    "Person",
    "Priority",
    "PrivateEnum",
    "Project",
    "RecurrenceDate",
    "RecurrenceDayPattern",
    "RecurrenceDayPatternEnum",
    "RecurrenceEndTypeEnum",
    "RecurrenceInfo",
    "RecurrenceMonthPattern",
    "RecurrenceMonthPatternEnum",
    "RecurrencePatternEnum",
    "RecurrenceWeekPattern",
    "RecurrenceYearPattern",
    "Sale",
    "SaleStatusEnum",
    "StructuredAddress",
    "TableRight",
    "TableRightMaskEnum",
    "TaskColorEnum",
    "TaskDirectionEnum",
    "TaskListItem",
    "TaskTypeEnum",
    "TimeZoneData",
    "TimeZoneRule",
    "VideomeetingStatusEnum",
    "VisibilityEnum",
    "VisibleFor",
    "WeekOfMonthEnum",
    "WeekdayEnum",
]


#: A date as .NET writes it: ``2002-09-19T03:46:59.6911992+02:00``.
DotNetDate = str

AddressTypeEnum = Literal[
    "Unknown",
    "ContactPostalAddress",
    "ContactStreetAddress",
    "PersonPrivateAddress",
    "QuoteBillingAddress",
    "QuoteShippingAddress",
]
AppointmentTypeEnum = Literal[
    "Unknown",
    "inDiary",
    "inChecklist",
    "Note",
    "Document",
    "SavedReport",
    "BookingForDiary",
    "BookingForChecklist",
    "MergeDraft",
    "MergeFinal",
]
AssignmentStatusEnum = Literal["Unknown", "None", "Assigning", "Seen", "Declined"]
AssociateTypeEnum = Literal[
    "Unknown",
    "InternalAssociate",
    "ResourceAssociate",
    "ExternalAssociate",
    "AnonymousAssociate",
    "SystemAssociate",
]
BookingTypeEnum = Literal["Unknown", "None", "Owner", "Participant"]
CautionWarningEnum = Literal[
    "OK",
    "NotInSync",
    "NotNotifiedByEmail",
    "RecurrencePatternNotSupported",
    "IncomingRecurrenceChangeNotSupported",
    "ExternalParticipantsDateTimeMismatch",
]
CompletedEnum = Literal["Unknown", "NotStarted", "Started", "Completed"]
ExternallyOwnedStatusEnum = Literal["Unknown", "TentativelyAccepted", "Accepted", "Declined", "NotResponded"]
ExternallyOwnedTypeEnum = Literal["Unknown", "Organizer", "Required", "Optional", "Resource"]
FieldRightMaskEnum = Literal[
    "None",
    "Read",
    "Write",
    "Update",
    "Unused1",
    "Unused2",
    "Unused3",
    "Unused4",
    "UIHintMandatory",
    "UIHintReadOnly",
    "FULL",
    "UIHints",
]
InvitationStatusEnum = Literal[
    "Unknown",
    "None",
    "Accepted",
    "Hidden",
    "Invitation",
    "Moved",
    "Seen",
    "MovedSeen",
    "Declined",
    "Cancelled",
]
OwnedExternallyEnum = Literal["None", "Other", "Outlook", "Google"]
PrivateEnum = Literal["Public", "PrivateUser", "PrivateGroup"]
RecurrenceDayPatternEnum = Literal["Unknown", "EveryWorkday", "EveryWeekday", "EveryCyclicDay"]
RecurrenceEndTypeEnum = Literal["Unknown", "EndDate", "Counter"]
RecurrenceMonthPatternEnum = Literal["Unknown", "DayOfMonth", "WeekdayOfMonth"]
RecurrencePatternEnum = Literal["Unknown", "Daily", "Weekly", "Monthly", "Yearly", "Custom"]
SaleStatusEnum = Literal["Unknown", "Open", "Sold", "Lost", "Stalled", "SaintAll"]
TableRightMaskEnum = Literal[
    "None",
    "Select",
    "Update",
    "Insert",
    "Delete",
    "Filtering",
    "RestrictedUpdate",
    "Unused1",
    "Uninitialized",
    "FULL",
    "WRITE",
    "URU",
    "UDR",
    "UR",
    "URI",
    "R",
    "RI",
    "RF",
    "F",
    "FI",
]
TaskColorEnum = Literal[
    "LightBlue",
    "DarkBlue",
    "LightGray",
    "DarkGray",
    "LightGreen",
    "DarkGreen",
    "LightYellow",
    "DarkYellow",
    "LightRed",
    "DarkRed",
    "BlueAlt1",
    "BlueAlt2",
    "BlueAlt3",
    "GrayAlt1",
    "GrayAlt2",
    "GrayAlt3",
    "GreenAlt1",
    "GreenAlt2",
    "GreenAlt3",
    "YellowAlt1",
    "YellowAlt2",
    "YellowAlt3",
    "RedAlt1",
    "RedAlt2",
    "RedAlt3",
]
TaskDirectionEnum = Literal["Unknown", "Incoming", "Outgoing", "SaintAll"]
TaskTypeEnum = Literal[
    "Unknown",
    "Appointment",
    "Document",
    "Email",
    "Fax",
    "Phone",
    "ToDo",
    "MailMergeDraft",
    "MailMergeFinal",
    "Report",
    "SaintAll",
]
VideomeetingStatusEnum = Literal["NoChange", "VideoMeetingOn", "VideoMeetingOff"]
VisibilityEnum = Literal["All", "Associate", "Group"]
WeekOfMonthEnum = Literal["Unknown", "First", "Second", "Third", "Fourth", "Last"]
WeekdayEnum = Literal["Unknown", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class _Rights(TypedDict, total=False):
    """Rights a carrier has in responses only."""

    TableRight: TableRight | None
    FieldProperties: dict[str, FieldProperty] | None


class Address(_Rights):
    """SuperOffice's Address carrier."""

    Wgs84Latitude: float
    Wgs84Longitude: float
    LocalizedAddress: list[list[LocalizedField]] | None
    Street: StructuredAddress | None
    Postal: StructuredAddress | None
    Formatted: str | None


class Associate(_Rights):
    """SuperOffice's Associate carrier."""

    AssociateId: int
    Name: str | None
    PersonId: int
    Rank: int
    Tooltip: str | None
    Type: AssociateTypeEnum
    GroupIdx: int
    FullName: str | None
    FormalName: str | None
    Deleted: bool
    EjUserId: int
    UserName: str | None
    ExtraFields: dict[str, str] | None
    CustomFields: dict[str, str] | None


class Contact(_Rights):
    """SuperOffice's Contact carrier."""

    ContactId: int
    Name: str | None
    OrgNr: str | None
    Department: str | None
    URL: str | None
    City: str | None
    DirectPhone: str | None
    AssociateId: int
    CountryId: int
    EmailAddress: str | None
    Kananame: str | None
    EmailAddressName: str | None
    URLName: str | None
    AssociateFullName: str | None
    BusinessName: str | None
    CategoryName: str | None
    CountryName: str | None
    Address: Address | None
    FormattedAddress: str | None
    FullName: str | None
    IsOwnerContact: bool
    ActiveErpLinks: int
    Number1: str | None
    Number2: str | None


class FieldProperty(TypedDict):
    """SuperOffice's FieldProperty carrier."""

    FieldRight: FieldRight | None
    FieldType: str | None
    FieldLength: int


class FieldRight(TypedDict):
    """SuperOffice's FieldRight carrier."""

    Mask: str  # flags: FieldRightMask names joined by ', '
    Reason: str | None


class Link(_Rights):
    """SuperOffice's Link carrier."""

    EntityName: str | None
    Id: int
    Description: str | None
    ExtraInfo: str | None
    LinkId: int


class LocalizedField(_Rights):
    """SuperOffice's LocalizedField carrier."""

    Name: str | None
    Value: str | None
    Tooltip: str | None
    Label: str | None
    ValueLength: int
    AddressType: str | None


class Participant(TypedDict):
    """SuperOffice's Participant carrier."""

    AssociateId: int
    PersonId: int
    ContactId: int
    EmailId: int
    SendEmail: bool
    InvitationStatus: InvitationStatusEnum
    EmailAddress: str | None
    Description: str | None
    ExternallyOwnedType: ExternallyOwnedTypeEnum
    ExternallyOwnedStatus: ExternallyOwnedStatusEnum


class Person(_Rights):
    """SuperOffice's Person carrier."""

    Position: str | None
    PersonId: int
    Mrmrs: str | None
    Firstname: str | None
    Lastname: str | None
    MiddleName: str | None
    Title: str | None
    Description: str | None
    Email: str | None
    FullName: str | None
    DirectPhone: str | None
    FormalName: str | None
    CountryId: int
    ContactId: int
    ContactName: str | None
    Retired: int
    Rank: int
    ActiveInterests: int
    ContactDepartment: str | None
    ContactCountryId: int
    ContactOrgNr: str | None
    FaxPhone: str | None
    MobilePhone: str | None
    ContactPhone: str | None
    AssociateName: str | None
    AssociateId: int
    UsePersonAddress: bool
    ContactFax: str | None
    Kanafname: str | None
    Kanalname: str | None
    Post1: str | None
    Post2: str | None
    Post3: str | None
    EmailName: str | None
    ContactFullName: str | None
    ActiveErpLinks: int
    TicketPriorityId: int
    SupportLanguageId: int
    SupportAssociateId: int
    CategoryName: str | None
    PersonNumber: str | None


class Priority(_Rights):
    """SuperOffice's Priority carrier."""

    Id: int
    Value: str | None
    Tooltip: str | None


class Project(_Rights):
    """SuperOffice's Project carrier."""

    ProjectId: int
    Name: str | None
    Description: str | None
    URL: str | None
    Type: str | None
    AssociateId: int
    AssociateFullName: str | None
    TypeId: int
    Updated: DotNetDate
    StatusId: int
    Status: str | None
    TextId: int
    PublishTo: DotNetDate
    PublishFrom: DotNetDate
    IsPublished: bool
    URLName: str | None
    ProjectNumber: str | None
    ActiveErpLinks: int
    EventId: int
    StartDate: DotNetDate


class RecurrenceDate(TypedDict):
    """SuperOffice's RecurrenceDate carrier."""

    Date: DotNetDate
    IsConflict: bool
    Description: str | None
    DescriptionStyleHint: str | None
    Tooltip: str | None


class RecurrenceDayPattern(TypedDict):
    """SuperOffice's RecurrenceDayPattern carrier."""

    Pattern: RecurrenceDayPatternEnum
    Cycle: int


class RecurrenceInfo(TypedDict):
    """SuperOffice's RecurrenceInfo carrier."""

    RecurrenceId: int
    StartDate: DotNetDate
    EndDate: DotNetDate
    RecurrenceCounter: int
    RecurrenceEndType: RecurrenceEndTypeEnum
    Pattern: RecurrencePatternEnum
    DayPattern: RecurrenceDayPattern | None
    WeekPattern: RecurrenceWeekPattern | None
    MonthPattern: RecurrenceMonthPattern | None
    YearPattern: RecurrenceYearPattern | None
    Dates: list[RecurrenceDate] | None
    IsRecurrence: bool


class RecurrenceMonthPattern(TypedDict):
    """SuperOffice's RecurrenceMonthPattern carrier."""

    Pattern: RecurrenceMonthPatternEnum
    Cycle: int
    Day: int
    Weekday: WeekdayEnum
    WeekOfMonth: WeekOfMonthEnum


class RecurrenceWeekPattern(TypedDict):
    """SuperOffice's RecurrenceWeekPattern carrier."""

    Weekdays: str  # flags: Weekday names joined by ', '
    Cycle: int


class RecurrenceYearPattern(TypedDict):
    """SuperOffice's RecurrenceYearPattern carrier."""

    Pattern: RecurrenceMonthPatternEnum
    Cycle: int
    Day: int
    Weekday: WeekdayEnum
    WeekOfMonth: WeekOfMonthEnum


class Sale(_Rights):
    """SuperOffice's Sale carrier."""

    ContactName: str | None
    SaleDate: DotNetDate
    SaleId: int
    Probability: int
    Title: str | None
    Amount: float
    Currency: str | None
    ProjectName: str | None
    AssociateFullName: str | None
    Description: str | None
    Status: SaleStatusEnum
    WeightedAmount: float
    ProjectId: int
    EarningPercent: float
    Earning: float
    ContactId: int
    AssociateId: int
    PersonId: int
    SaleTypeId: int
    SaleTypeName: str | None
    PersonFullName: str | None
    Completed: CompletedEnum
    ActiveErpLinks: int
    NextDueDate: DotNetDate
    Number: str | None


class StructuredAddress(TypedDict):
    """SuperOffice's StructuredAddress carrier."""

    AtypeIdx: AddressTypeEnum
    Address1: str | None
    Address2: str | None
    Address3: str | None
    City: str | None
    County: str | None
    State: str | None
    Zipcode: str | None
    Formatted: str | None


class TableRight(TypedDict):
    """SuperOffice's TableRight carrier."""

    Mask: str  # flags: TableRightMask names joined by ', '
    Reason: str | None


class TaskListItem(_Rights):
    """SuperOffice's TaskListItem carrier."""

    TaskListItemId: int
    Value: str | None
    Direction: TaskDirectionEnum
    Type: TaskTypeEnum
    Tooltip: str | None
    Deleted: bool
    IntentId: int
    Rank: int
    IsDefaultAlldayEvent: bool
    IsDefaultFree: bool
    IsDefaultPublished: bool
    ColorIndex: TaskColorEnum
    DefaultVideomeetingStatus: VideomeetingStatusEnum


class TimeZoneData(TypedDict):
    """SuperOffice's TimeZoneData carrier."""

    TZLocationID: int
    Name: str | None
    TZLocationCode: str | None
    TZLocationCities: str | None
    IsoNumber: int
    TimeZoneSTDRules: dict[str, TimeZoneRule] | None
    TimeZoneDSTRules: dict[str, TimeZoneRule] | None


class TimeZoneRule(TypedDict):
    """SuperOffice's TimeZoneRule carrier."""

    StartDay: int
    StartMonth: int
    EndDay: int
    EndMonth: int
    TZOffset: int
    StartRulePattern: str | None
    EndRulePattern: str | None


class VisibleFor(_Rights):
    """SuperOffice's VisibleFor carrier."""

    VisibleId: int
    Visibility: VisibilityEnum
    DisplayValue: str | None


class AppointmentEntity(TypedDict):
    """The PUT body: every property of SuperOffice's AppointmentEntity."""

    Associate: Associate | None
    Contact: Contact | None
    CreatedBy: Associate | None
    UpdatedBy: Associate | None
    CreatedDate: DotNetDate
    AppointmentId: int
    Description: str | None
    Title: str | None
    Agenda: str | None
    InternalNotes: str | None
    StartDate: DotNetDate
    EndDate: DotNetDate
    InvitedPerson: Person | None
    Person: Person | None
    MotherId: int
    Priority: Priority | None
    Private: PrivateEnum
    Project: Project | None
    Type: AppointmentTypeEnum
    UpdatedDate: DotNetDate
    Completed: CompletedEnum
    ActiveLinks: int
    Links: list[Link] | None
    AlarmLeadTime: str | None
    HasAlarm: bool
    ColorIndex: int
    IsFree: bool
    IsAlldayEvent: bool
    LagTime: str | None
    LeadTime: str | None
    Location: str | None
    RejectCounter: int
    RejectReason: str | None
    Recurrence: RecurrenceInfo | None
    Participants: list[Participant] | None
    AssignmentStatus: AssignmentStatusEnum
    InvitationStatus: InvitationStatusEnum
    BookingType: BookingTypeEnum
    ActiveDate: DotNetDate
    HasConflict: bool
    AssignedBy: Associate | None
    MotherAssociate: Associate | None
    Task: TaskListItem | None
    PreferredTZLocation: int
    PreferredTZLocationData: TimeZoneData | None
    Sale: Sale | None
    SuggestedAppointmentId: int
    IsMileStone: bool
    CautionWarning: CautionWarningEnum
    OwnedExternally: OwnedExternallyEnum
    JoinVideomeetUrl: str | None
    CentralserviceVideomeetId: str | None
    UserDefinedFields: dict[str, str] | None
    ExtraFields: dict[str, str] | None
    CustomFields: dict[str, str] | None
    PublishEventDate: DotNetDate
    PublishTo: DotNetDate
    PublishFrom: DotNetDate
    IsPublished: bool
    VisibleFor: list[VisibleFor] | None


class AppointmentEntityWithLinks(AppointmentEntity):
    """The answer: the entity, then TableRight, FieldProperties and _Links."""

    TableRight: TableRight | None
    FieldProperties: dict[str, FieldProperty] | None
    _Links: dict[str, str] | None
