"""What answers carry besides the stored entity: defaults, rights, field properties and links.

The shapes follow real SuperOffice answers (tenant captures), not the documentation generator's
samples: a table right from SuperOffice's set of masks, ``FieldProperties`` for every property (the
read-only ones readable only), ``_Links`` with the keys tenants send, ``{}`` for empty dictionaries.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from toolkit.catalogue import CARRIERS, ENTITY, Field, dotnet_default, field_properties
from toolkit.codecs import encode_json

__all__ = [
    "DOTNET_DEFAULTS",
    "FIELD_PROPERTIES",
    "MAPS",
    "MIN_DATE",
    "RIGHTS_JSON",
    "TABLE_RIGHT",
    "associate",
    "base_url",
    "links",
    "related",
]

#: ``DateTime.MinValue``: what .NET leaves in a date nobody set.
MIN_DATE = "0001-01-01T00:00:00"

#: Properties holding dictionaries: ``{}`` when empty, never null, as tenants answer them.
MAPS = tuple(f.name for f in ENTITY.fields if f.type.kind == "map")


def _dotnet_default(f: Field) -> Any:
    # .NET's default for a property nobody set, except that tenants answer an empty dictionary as {}.
    return {} if f.type.kind == "map" else dotnet_default(f)


#: The value of each entity property a PUT leaves out.
DOTNET_DEFAULTS: dict[str, Any] = {f.name: _dotnet_default(f) for f in ENTITY.fields}

#: Rights on the appointment table: the reference server's one user may do everything.
TABLE_RIGHT: dict[str, Any] = {"Mask": "Select, Update, Insert, Delete", "Reason": ""}


#: Rights, .NET type and length of every property with a column of its own, as tenants list them.
FIELD_PROPERTIES: dict[str, Any] = field_properties()

#: ``,"TableRight":{...},"FieldProperties":{...},"_Links":`` once, for splicing into answers.
RIGHTS_JSON = (
    b',"TableRight":'
    + encode_json(TABLE_RIGHT)
    + b',"FieldProperties":'
    + encode_json(FIELD_PROPERTIES)
    + b',"_Links":'
)

_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")

# (link key, carrier property, its id property, the entity's URL segment)
_RELATED = (
    ("Contact", "Contact", "ContactId", "Contact"),
    ("Person", "Person", "PersonId", "Person"),
    ("Project", "Project", "ProjectId", "Project"),
    ("Sale", "Sale", "SaleId", "Sale"),
)


def base_url(scheme: str, host: str | None, server: tuple[str, int] | None, prefix: str) -> str:
    """``scheme://host{prefix}/api/v1``: the Host header when it is a plain host, else the socket's."""
    if host is None or not _HOST.match(host):
        address = server or ("127.0.0.1", 80)
        host = f"{address[0]}:{address[1]}"
    return f"{scheme}://{host}{prefix}/api/v1"


def related(entity: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(link key, path below ``/api/v1``) of the entities an appointment points at."""
    found = []
    for key, prop, id_name, segment in _RELATED:
        carrier = entity.get(prop)
        if isinstance(carrier, dict):
            ident = carrier.get(id_name)
            if isinstance(ident, int) and ident > 0:
                found.append((key, f"{segment}/{ident}"))
    return tuple(found)


def links(base: str, appointment_id: int, refs: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """``_Links`` with the keys tenants send, under ``base`` (which keeps the request's tenant prefix)."""
    own = f"{base}/Appointment/{appointment_id}"
    out = {
        "Self": own,
        "Self.Simple": f"{own}/Simple",
        "UdefLayout": f"{base}/Appointment/UdefLayout/Published",
        "Archive": f"{base}/Appointment",
        "Archive.Participants": f"{own}/Participants",
        "Archive.Links": f"{own}/Links",
    }
    for key, path in refs:
        out[key] = f"{base}/{path}"
    return out


def _carrier_defaults(name: str) -> dict[str, Any]:
    return {f.name: _dotnet_default(f) for f in CARRIERS[name].fields}


def associate(user: str) -> dict[str, Any]:
    """The Associate carrier of the calling user (a stable id derived from the user name)."""
    value = _carrier_defaults("Associate")
    value.update(
        AssociateId=zlib.crc32(user.encode()) % 9000 + 1000,
        Name=user[:50],
        FullName=user[:50],
        UserName=user[:50],
        Type="InternalAssociate",
    )
    return value
