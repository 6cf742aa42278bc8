"""What SuperOffice's Swagger does not say, keyed by property: written by hand, once.

The generated catalogue (``AppointmentEntity.json``, from the Swagger) decides which properties exist,
their order, types and enum values.  This module only adds facts about properties the generator has
already listed; the catalogue refuses at import a key here that names no property (so nothing here can
become a second list of fields).  Keys are ``(carrier, property)`` with the catalogue's carrier names;
facts about the entity apply to its ``...WithLinks`` answer too.

Sources: real tenant answers (a GET of an appointment on an Online tenant, in the SoftwarePunt PHP SDK's
test samples; the test captures of SuperOffice's own npm client 12.4) for lengths, .NET types, Int16
columns and flags values; SuperOffice's documentation of ``EntityRight``/``FieldRight`` for the masks.
"""

from __future__ import annotations

__all__ = [
    "CARRIER_NAMES",
    "DEFAULT_LENGTHS",
    "DOTNET_TYPES",
    "ENUM_NAMES",
    "FLAGS",
    "FLAG_VALUES",
    "INT16",
    "LENGTHS",
    "READ_ONLY",
    "RESPONSE_ONLY",
]

#: The toolkit's name for a carrier where it differs from the definition's (also the XML item element).
CARRIER_NAMES: dict[str, str] = {"ParticipantInfo": "Participant"}

#: Properties only answers carry: the caller's rights and the links.  The Swagger lists the rights on
#: the entity too, but SuperOffice's request samples leave them out and a PUT cannot change them.
RESPONSE_ONLY: tuple[str, ...] = ("TableRight", "FieldProperties", "_Links")

#: Read-only beyond what the Swagger's descriptions say ("The property is read-only", "Read-only ...").
READ_ONLY: frozenset[tuple[str, str]] = frozenset(
    {
        ("AppointmentEntity", "AppointmentId"),  # the primary key: the URL's id wins
        ("AppointmentEntity", "CreatedDate"),  # "Registered date": set once by the server
        ("AppointmentEntityWithLinks", "_Links"),
    }
)

#: Int16 database columns the Swagger calls int32 (real answers report ``System.Int16``).
INT16: frozenset[tuple[str, str]] = frozenset(
    {
        ("AppointmentEntity", "ColorIndex"),
        ("AppointmentEntity", "RejectCounter"),
        ("Person", "Retired"),
        ("Person", "Rank"),
        ("Person", "ActiveInterests"),
        ("Sale", "Probability"),
    }
)

#: .NET flags enums: a value may combine names (``"Monday, Wednesday, Friday"``).
FLAGS: frozenset[tuple[str, str]] = frozenset({("RecurrenceWeekPattern", "Weekdays")})

#: Flags the Swagger types as plain strings, with their names (the masks of table and field rights).
FLAG_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("TableRight", "Mask"): tuple(
        [
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
    ),
    ("FieldRight", "Mask"): tuple(
        [
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
    ),
}

#: The toolkit's names for enums the Swagger writes inline (where the property name alone is ambiguous
#: or less clear).  Other enums are named by their property; one set of values may serve several
#: properties under one name.
ENUM_NAMES: dict[tuple[str, str], str] = {
    ("AppointmentEntity", "Type"): "AppointmentType",
    ("Associate", "Type"): "AssociateType",
    ("StructuredAddress", "AtypeIdx"): "AddressType",
    ("RecurrenceInfo", "Pattern"): "RecurrencePattern",
    ("RecurrenceDayPattern", "Pattern"): "RecurrenceDayPattern",
    ("RecurrenceMonthPattern", "Pattern"): "RecurrenceMonthPattern",
    ("RecurrenceYearPattern", "Pattern"): "RecurrenceMonthPattern",
    ("RecurrenceWeekPattern", "Weekdays"): "Weekday",
    ("RecurrenceMonthPattern", "Weekday"): "Weekday",
    ("RecurrenceYearPattern", "Weekday"): "Weekday",
    ("TaskListItem", "Direction"): "TaskDirection",
    ("TaskListItem", "Type"): "TaskType",
    ("TaskListItem", "ColorIndex"): "TaskColor",
    ("TaskListItem", "DefaultVideomeetingStatus"): "VideomeetingStatus",
    ("Sale", "Status"): "SaleStatus",
    ("Sale", "Completed"): "Completed",
    ("TableRight", "Mask"): "TableRightMask",
    ("FieldRight", "Mask"): "FieldRightMask",
}

#: ``FieldProperties.FieldType`` where real answers name a type the Swagger does not give.
DOTNET_TYPES: dict[tuple[str, str], str] = {
    ("AppointmentEntity", "AlarmLeadTime"): "System.TimeSpan",
    ("AppointmentEntity", "LagTime"): "System.TimeSpan",
    ("AppointmentEntity", "LeadTime"): "System.TimeSpan",
    ("AppointmentEntity", "Private"): "SuperOffice.Data.AppointmentPrivate",
    ("AppointmentEntity", "Type"): "SuperOffice.Data.AppointmentType",
    ("AppointmentEntity", "Completed"): "SuperOffice.Data.ActivityStatus",
    ("AppointmentEntity", "AssignmentStatus"): "SuperOffice.Data.AssignmentStatus",
    ("AppointmentEntity", "InvitationStatus"): "SuperOffice.Data.InvitationStatus",
    ("AppointmentEntity", "BookingType"): "SuperOffice.Data.BookingType",
    ("AppointmentEntity", "CautionWarning"): "SuperOffice.Data.AppointmentCautionWarning",
}

#: ``FieldProperties.FieldLength`` by kind where nothing more is known: bytes for numbers, dates and
#: references to other records (an id), SuperOffice's common text column (254) for text, 0 where no
#: column stores the value (dictionaries).
DEFAULT_LENGTHS: dict[str, int] = {
    "str": 254,
    "int32": 4,
    "int16": 2,
    "double": 8,
    "bool": 1,
    "date": 16,
    "enum": 2,
    "flags": 4,
    "carrier": 4,
    "list": 4,
    "map": 0,
}

#: ``FieldProperties.FieldLength`` as real answers report it (text: the column's length in characters).
LENGTHS: dict[tuple[str, str], int] = {
    ("AppointmentEntity", "Description"): 2047,
    ("AppointmentEntity", "Location"): 254,
    ("AppointmentEntity", "RejectReason"): 254,
    ("AppointmentEntity", "AlarmLeadTime"): 2,
    ("AppointmentEntity", "LagTime"): 2,
    ("AppointmentEntity", "LeadTime"): 2,
    ("AppointmentEntity", "HasAlarm"): 2,
    ("AppointmentEntity", "IsMileStone"): 2,
    ("AppointmentEntity", "BookingType"): 4,
    ("AppointmentEntity", "HasConflict"): 0,  # computed, not stored
    ("AppointmentEntity", "Recurrence"): 0,
    ("AppointmentEntity", "VisibleFor"): 0,
    ("Contact", "Name"): 219,
    ("Contact", "Department"): 219,
    ("Contact", "OrgNr"): 49,
    ("Contact", "URL"): 1023,
    ("Contact", "DirectPhone"): 239,
    ("Contact", "EmailAddress"): 239,
    ("Contact", "Kananame"): 219,
    ("Person", "Mrmrs"): 239,
    ("Person", "Title"): 239,
    ("Person", "Firstname"): 99,
    ("Person", "MiddleName"): 99,
    ("Person", "Lastname"): 99,
    ("Person", "Position"): 239,
    ("Person", "CategoryName"): 239,
    ("Person", "Description"): 2047,
    ("Person", "Email"): 239,
    ("Person", "DirectPhone"): 239,
    ("Person", "MobilePhone"): 239,
    ("Person", "FaxPhone"): 239,
    ("Person", "ContactName"): 219,
    ("Person", "ContactDepartment"): 219,
    ("Person", "ContactPhone"): 239,
    ("Person", "ContactOrgNr"): 49,
    ("Person", "AssociateName"): 239,
    ("Person", "ContactFax"): 239,
    ("Person", "Kanafname"): 99,
    ("Person", "Kanalname"): 99,
    ("Person", "Post1"): 99,
    ("Person", "Post2"): 99,
    ("Person", "Post3"): 99,
    ("Person", "EmailName"): 254,
    ("Sale", "Title"): 219,
    ("Sale", "SaleTypeName"): 239,
}
