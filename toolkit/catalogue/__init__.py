"""The one description of SuperOffice's AppointmentEntity and every carrier it reaches.

Everything else follows from this package: the JSON Schemas (``toolkit.schemas``), the factories, the
``$select`` rule's knowledge of nested objects, the XML codec, the linter and the reference server.
Nothing else lists fields.

Two parts, kept apart on purpose:

* **Generated from SuperOffice's spec**: ``AppointmentEntity.json`` beside this file is made by
  ``python -m toolkit.catalogue fixtures/spec/Swagger-v1-Appointment-2026.json AppointmentEntity`` from
  SuperOffice's Swagger 2.0 for the Appointment family (the 12.2 refresh, 2026): every carrier the entity
  and its ``AppointmentEntityWithLinks`` answer reach, properties in the spec's order, types, enum values,
  what the spec calls read-only.  A test fails when it is stale.
* **Hand knowledge** (:mod:`toolkit.catalogue._knowledge`), keyed by property: field lengths, Int16
  columns, flags enums and their names, the toolkit's enum names, which properties only answers carry,
  read-only properties the spec does not mark.

Decisions where the sources are silent (made here, once):

* Nullability follows .NET: strings, carriers, arrays and dictionaries may be null; integers, numbers,
  booleans, dates and enums are value types and may not.  A ``$select`` answer may null anything, so
  the response schema used for ``$select`` answers relaxes this (see ``toolkit.schemas``).
* The request body (:data:`ENTITY`) is the Swagger's ``AppointmentEntity`` without the rights
  (``TableRight``, ``FieldProperties``): they describe the caller's rights in an answer, SuperOffice's
  request samples leave them out and a PUT cannot change them.  :data:`ENTITY_WITH_LINKS` is the
  Swagger's answer, rights and ``_Links`` included.
* Dates are text end to end (Python's ``datetime`` drops .NET's seventh fraction digit); their form is
  :data:`DOTNET_DATE_PATTERN`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from toolkit.catalogue import _knowledge as _k
from toolkit.catalogue._dates import DOTNET_DATE, DOTNET_DATE_PATTERN

__all__ = [
    "CARRIERS",
    "DOTNET_DATE",
    "DOTNET_DATE_PATTERN",
    "ENTITY",
    "ENTITY_WITH_LINKS",
    "ENUMS",
    "INT16_MAX",
    "INT16_MIN",
    "INT32_MAX",
    "INT32_MIN",
    "READ_ONLY",
    "RESPONSE_ONLY",
    "SPEC",
    "Carrier",
    "Field",
    "TypeRef",
    "carrier",
    "date_fields",
    "dotnet_default",
    "field_properties",
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

        Carriers by their full .NET name (``SuperOffice.CRM.Services.Associate``), lists of carriers with
        ``[]``, other lists and dictionaries ``System.Object``.
        """
        if self.kind == "carrier" and self.name:
            return _state().definitions.get(self.name, self.name)
        if self.kind == "list" and self.item is not None and self.item.kind == "carrier":
            return f"{self.item.dotnet_type}[]"
        return _DOTNET_TYPES.get(self.kind, "System.Object")

    @classmethod
    def parse(cls, text: str, *, carrier_names: Mapping[str, str] | None = None) -> TypeRef:
        """``str``, ``int32``, ``enum:<Name>``, ``flags:<Name>``, ``<Carrier>``, ``list:<T>``, ``map:<T>``.

        ``carrier_names`` renames carriers on the way (the spec's name -> the catalogue's).
        """
        if text in SCALARS:
            return cls(text)  # type: ignore[arg-type]
        head, _, rest = text.partition(":")
        if head in ("list", "map"):
            return cls(head, item=cls.parse(rest, carrier_names=carrier_names))  # type: ignore[arg-type]
        if head in ("enum", "flags"):
            if rest not in _state().enums:
                raise ValueError(f"unknown enum {rest!r}")
            return cls(head, name=rest)  # type: ignore[arg-type]
        return cls("carrier", name=(carrier_names or {}).get(text, text))

    def __str__(self) -> str:
        if self.item is not None:
            return f"{self.kind}:{self.item}"
        if self.kind in ("enum", "flags"):
            return f"{self.kind}:{self.name}"
        return self.name if self.kind == "carrier" and self.name else self.kind


@dataclass(frozen=True, slots=True)
class Field:
    """One property of a carrier, with what the spec and the hand knowledge say about it."""

    name: str
    type: TypeRef
    read_only: bool = False
    #: ``FieldProperties.FieldLength``: the column's length (characters for text, bytes otherwise).
    length: int = 0
    #: ``FieldProperties.FieldType`` where it is more than the type says (``System.TimeSpan``).
    dotnet_name: str = ""
    #: SuperOffice's description of the property (from the Swagger).
    description: str = ""

    @property
    def nullable(self) -> bool:
        return self.type.nullable

    @property
    def enum(self) -> tuple[str, ...] | None:
        """The allowed names, for enum and flags fields."""
        return (
            _state().enums[self.type.name] if self.type.kind in ("enum", "flags") and self.type.name else None
        )

    @property
    def dotnet_type(self) -> str:
        """The .NET type SuperOffice reports for this property (``FieldProperties.FieldType``)."""
        return self.dotnet_name or self.type.dotnet_type

    @property
    def has_column(self) -> bool:
        """True where tenants list the property in ``FieldProperties`` (dictionaries have no column)."""
        return self.type.kind != "map"


@dataclass(frozen=True, slots=True)
class Carrier:
    """A named object type: its fields in SuperOffice's order."""

    name: str
    fields: tuple[Field, ...]
    #: SuperOffice's full name of the definition (``SuperOffice.CRM.Services.ParticipantInfo``).
    definition: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return _field_index(self.name)[name]


# --- loading the generated catalogue and applying the hand knowledge ------------------------------


def _generated(entity: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{entity}.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


class _Loader:
    """Turns the generated document into carriers, naming enums and applying :mod:`._knowledge`."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.entity = str(doc["entity"])
        self.response = str(doc["response"])
        self.enums: dict[str, tuple[str, ...]] = {}
        self.used: set[tuple[str, str]] = set()
        self.definitions = {self.rename(name): str(c["definition"]) for name, c in doc["carriers"].items()}

    @staticmethod
    def rename(name: str) -> str:
        return _k.CARRIER_NAMES.get(name, name)

    def key(self, carrier: str, prop: str) -> tuple[str, str]:
        # Facts about the entity hold for its answer too (same properties, same columns).
        owner = self.entity if carrier == self.response and prop != "_Links" else carrier
        return (owner, prop)

    def knows(
        self, table: Mapping[tuple[str, str], Any] | frozenset[tuple[str, str]], key: tuple[str, str]
    ) -> bool:
        if key in table:
            self.used.add(key)
            return True
        return False

    def enum_name(self, key: tuple[str, str], values: tuple[str, ...]) -> str:
        name = _k.ENUM_NAMES.get(key) if self.knows(_k.ENUM_NAMES, key) else key[1]
        assert name is not None
        if self.enums.get(name, values) != values:
            if key in _k.ENUM_NAMES:
                raise ValueError(f"enum name {name!r} of {key} already names other values")
            name = f"{key[0]}{key[1]}"
        self.enums[name] = values
        return name

    def field(self, carrier: str, row: Mapping[str, Any]) -> Field:
        name = str(row["name"])
        key = self.key(carrier, name)
        kind = str(row["type"])
        if kind == "enum":
            values = tuple(row["enum"])
            flags = self.knows(_k.FLAGS, key)
            t = TypeRef("flags" if flags else "enum", name=self.enum_name(key, values))
        elif self.knows(_k.FLAG_VALUES, key):
            t = TypeRef("flags", name=self.enum_name(key, _k.FLAG_VALUES[key]))
        elif kind == "int32" and self.knows(_k.INT16, key):
            t = TypeRef("int16")
        else:
            t = TypeRef.parse(kind, carrier_names=_k.CARRIER_NAMES)
        read_only = bool(row.get("read_only")) or self.knows(_k.READ_ONLY, key)
        length = _k.LENGTHS[key] if self.knows(_k.LENGTHS, key) else _k.DEFAULT_LENGTHS[t.kind]
        dotnet = _k.DOTNET_TYPES[key] if self.knows(_k.DOTNET_TYPES, key) else ""
        return Field(name, t, read_only, length, dotnet, str(row.get("description", "")))

    def carriers(self) -> dict[str, Carrier]:
        out = {}
        for name, c in self.doc["carriers"].items():
            ours = self.rename(name)
            fields = tuple(self.field(ours, row) for row in c["properties"])
            out[ours] = Carrier(ours, fields, str(c["definition"]))
        return out

    def check(self, carriers: Mapping[str, Carrier]) -> None:
        # Fail at import, not at first use: knowledge about a property the spec does not have is a typo
        # or a property SuperOffice removed; either way it must not silently do nothing.
        tables: list[Mapping[tuple[str, str], Any] | frozenset[tuple[str, str]]] = [
            _k.READ_ONLY,
            _k.INT16,
            _k.FLAGS,
            _k.FLAG_VALUES,
            _k.ENUM_NAMES,
            _k.DOTNET_TYPES,
            _k.LENGTHS,
        ]
        for table in tables:
            for key in table:
                if key not in self.used:
                    raise ValueError(
                        f"catalogue knowledge names {key[0]}.{key[1]}, which the spec does not have"
                    )
        for c in carriers.values():
            for f in c.fields:
                _walk(f.type, carriers)


def _walk(t: TypeRef, carriers: Mapping[str, Carrier]) -> None:
    if t.item is not None:
        _walk(t.item, carriers)
    elif t.kind == "carrier" and t.name not in carriers:
        raise ValueError(f"unknown carrier {t.name!r}")


@dataclass(frozen=True, slots=True)
class _Catalogue:
    entity: Carrier
    with_links: Carrier
    carriers: MappingProxyType[str, Carrier]
    enums: MappingProxyType[str, tuple[str, ...]]
    read_only: frozenset[str]
    spec: MappingProxyType[str, str]
    definitions: dict[str, str]


@cache
def _state() -> _Catalogue:
    # Loaded at first use rather than at import, so ``python -m toolkit.catalogue`` can regenerate a
    # catalogue file that the loader would refuse.
    doc = _generated("AppointmentEntity")
    loader = _Loader(doc)
    every = loader.carriers()
    loader.check(every)
    response, spec_entity = every[loader.response], every[loader.entity]
    entity = Carrier(
        spec_entity.name,
        tuple(f for f in spec_entity.fields if f.name not in RESPONSE_ONLY),
        spec_entity.definition,
    )
    carriers = {
        name: (entity if name == entity.name else c) for name, c in every.items() if name != response.name
    }
    return _Catalogue(
        entity=entity,
        with_links=response,
        carriers=MappingProxyType(carriers),
        enums=MappingProxyType(dict(sorted(loader.enums.items()))),
        read_only=frozenset(f.name for f in entity.fields if f.read_only),
        spec=MappingProxyType({k: str(v) for k, v in doc["spec"].items()}),
        definitions=loader.definitions,
    )


#: Properties only the answer (AppointmentEntityWithLinks) has, after the entity's own.
RESPONSE_ONLY: tuple[str, ...] = _k.RESPONSE_ONLY

# Loaded on first access (module ``__getattr__``); the annotations give their types.

#: Every enum, by name; values serialise as these names (flags: several joined by ``", "``).
ENUMS: MappingProxyType[str, tuple[str, ...]]
#: The request body: AppointmentEntity without the answer's rights, 60 properties in the spec's order.
ENTITY: Carrier
#: The answer: the entity, then TableRight, FieldProperties and _Links (the spec's WithLinks definition).
ENTITY_WITH_LINKS: Carrier
#: Every carrier by name, the entity (request form) included; the answer is :func:`carrier`'s.
CARRIERS: MappingProxyType[str, Carrier]
#: Properties a PUT never changes (the server keeps its stored values).
READ_ONLY: frozenset[str]
#: Where the generated catalogue comes from: the spec file's name, SHA-256, title, version and source.
SPEC: MappingProxyType[str, str]

_LAZY = {
    "ENUMS": "enums",
    "ENTITY": "entity",
    "ENTITY_WITH_LINKS": "with_links",
    "CARRIERS": "carriers",
    "READ_ONLY": "read_only",
    "SPEC": "spec",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(_state(), _LAZY[name])
        globals()[name] = value  # later lookups are plain attribute reads
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def carrier(name: str) -> Carrier:
    """A carrier by name (``AppointmentEntityWithLinks`` included)."""
    state = _state()
    if name == state.with_links.name:
        return state.with_links
    try:
        return state.carriers[name]
    except KeyError:
        raise KeyError(f"no carrier named {name!r}; known: {', '.join(state.carriers)}") from None


@cache
def _field_index(name: str) -> dict[str, Field]:
    return {f.name: f for f in carrier(name).fields}


@cache
def date_fields(name: str = "AppointmentEntity") -> tuple[str, ...]:
    """Names of a carrier's date properties (the ones SO-TimeZone converts)."""
    return tuple(f.name for f in carrier(name).fields if f.type.kind == "date")


def dotnet_default(f: Field) -> Any:
    """What .NET leaves in a property nobody set: null for reference types, zero, false,
    ``DateTime.MinValue`` (``0001-01-01T00:00:00``), and an enum's first (zero) name."""
    kind = f.type.kind
    if f.type.nullable:
        return None
    if kind in ("int32", "int16"):
        return 0
    if kind == "double":
        return 0.0
    if kind == "bool":
        return False
    if kind == "date":
        return "0001-01-01T00:00:00"
    return _state().enums[f.type.name or ""][0]


def field_properties(name: str = "AppointmentEntity") -> dict[str, Any]:
    """A carrier's ``FieldProperties`` as tenants list them for a user with the table's rights: every
    property with a column, its .NET type and length, read-only ones readable only (a new dict)."""
    return {
        f.name: {
            "FieldRight": {"Mask": "Read" if f.read_only else "Update", "Reason": ""},
            "FieldType": f.dotnet_type,
            "FieldLength": f.length,
        }
        for f in carrier(name).fields
        if f.has_column
    }
