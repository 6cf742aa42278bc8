"""Read a SuperOffice Swagger 2.0 file into the catalogue's generated form (spec facts only).

``generate(swagger, "AppointmentEntity")`` walks the entity's definition, its ``...WithLinks`` answer
and every definition they reach, and returns a JSON-ready document: each carrier's properties in the
spec's order with their type (``str``, ``int32``, ``double``, ``bool``, ``date``, ``enum`` with its
values, a carrier name, ``list:<T>``, ``map:<T>``), whether the spec calls them read-only, and their
description.  Nothing here knows about appointments: the same call serves ``ContactEntity`` or
``SaleEntity`` from their own Swagger files.  What the spec does not say (lengths, Int16 columns,
flags enums, the toolkit's names for enums) is added by :mod:`toolkit.catalogue._knowledge`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from toolkit.errors import UsageError

__all__ = ["FORMAT_VERSION", "generate", "render"]

#: Bumped when the generated document's shape changes.
FORMAT_VERSION = 1

# Swagger (type, format) -> our scalar kind.  Formats SuperOffice does not use in these files are
# refused by name rather than guessed.
_SCALARS: dict[tuple[str, str | None], str] = {
    ("string", None): "str",
    ("string", "date-time"): "date",
    ("integer", "int32"): "int32",
    ("number", "double"): "double",
    ("boolean", None): "bool",
}
# "The property is read-only." / "Read-only timezone data ..." / "Read-only formatted address ..."
_READ_ONLY = re.compile(r"(^|\.\s+)(The property is read-only|Read-only\b)", re.IGNORECASE)


def _short(definition: str) -> str:
    return definition.rsplit(".", 1)[-1]


class _Reader:
    def __init__(self, definitions: Mapping[str, Any]) -> None:
        self.definitions = definitions
        self.by_short: dict[str, str] = {}
        for full in definitions:
            short = _short(full)
            other = self.by_short.setdefault(short, full)
            if other != full:
                # Two definitions would share one carrier name; say so rather than pick one.
                self.by_short[short] = ""
        self.order: list[str] = []  # carriers (short names) in the order first reached

    def find(self, short: str) -> str | None:
        full = self.by_short.get(short)
        if full == "":
            raise UsageError(f"two definitions are named {short!r}; the catalogue needs unique names")
        return full

    def ref(self, ref: str, where: str) -> str:
        prefix = "#/definitions/"
        if not ref.startswith(prefix) or ref[len(prefix) :] not in self.definitions:
            raise UsageError(f"{where}: $ref {ref!r} names no definition in this file")
        full = ref[len(prefix) :]
        short = _short(full)
        self.find(short)  # refuse ambiguous names
        if short not in self.order:
            self.order.append(short)
        return short

    def type_of(self, prop: Mapping[str, Any], where: str) -> dict[str, Any]:
        if "$ref" in prop:
            return {"type": self.ref(prop["$ref"], where)}
        kind = prop.get("type")
        if kind == "array":
            item = self.type_of(prop.get("items") or {}, f"{where}/items")
            return {"type": f"list:{_item_text(item, where)}"}
        if kind == "object" and isinstance(prop.get("additionalProperties"), Mapping):
            item = self.type_of(prop["additionalProperties"], f"{where}/additionalProperties")
            return {"type": f"map:{_item_text(item, where)}"}
        if "enum" in prop:
            values = prop["enum"]
            if kind != "string" or not values or not all(isinstance(v, str) for v in values):
                raise UsageError(f"{where}: only enums of names (strings) are supported")
            return {"type": "enum", "enum": list(values)}
        scalar = _SCALARS.get((str(kind), prop.get("format")))
        if scalar is None:
            raise UsageError(f"{where}: type {kind!r} with format {prop.get('format')!r} is not supported")
        return {"type": scalar}

    def carrier(self, short: str) -> dict[str, Any]:
        full = self.find(short) or ""
        definition = self.definitions[full]
        where = f"#/definitions/{full}"
        props = definition.get("properties")
        if not isinstance(props, Mapping):
            raise UsageError(f"{where}: has no properties")
        out = []
        for name, prop in props.items():
            if not isinstance(prop, Mapping):
                raise UsageError(f"{where}/properties/{name}: not an object")
            row: dict[str, Any] = {"name": name, **self.type_of(prop, f"{where}/properties/{name}")}
            text = str(prop.get("description") or "").strip()
            if _READ_ONLY.search(text):
                row["read_only"] = True
            if text:
                row["description"] = text
            out.append(row)
        return {"definition": full, "properties": out}


def _item_text(item: Mapping[str, Any], where: str) -> str:
    if item["type"] == "enum":
        raise UsageError(f"{where}: lists and dictionaries of enums are not supported")
    return str(item["type"])


def generate(swagger: Mapping[str, Any], entity: str, *, spec_name: str, spec_bytes: bytes) -> dict[str, Any]:
    """The catalogue document of ``entity`` (e.g. ``AppointmentEntity``) in a Swagger 2.0 file.

    ``spec_name`` and ``spec_bytes`` are recorded (file name and SHA-256) so a stale catalogue is
    easy to spot.  Raises :class:`~toolkit.errors.UsageError` naming the JSON path of anything the
    catalogue cannot describe.
    """
    definitions = swagger.get("definitions")
    if not isinstance(definitions, Mapping) or not definitions:
        raise UsageError(f"{spec_name}: no 'definitions' (is this a Swagger 2.0 file?)")
    reader = _Reader(definitions)
    if reader.find(entity) is None:
        entities = sorted(_short(d) for d in definitions if _short(d).endswith("Entity"))
        raise UsageError(f"{spec_name}: no definition named {entity!r}; entities here: {', '.join(entities)}")
    response = f"{entity}WithLinks"
    roots = [entity] + ([response] if reader.find(response) else [])
    reader.order.extend(roots)
    carriers: dict[str, Any] = {}
    i = 0
    while i < len(reader.order):  # breadth first: a carrier is read once, in the order first reached
        short = reader.order[i]
        carriers[short] = reader.carrier(short)
        i += 1
    info = swagger.get("info")
    if not isinstance(info, Mapping):
        info = {}
    return {
        "format": FORMAT_VERSION,
        "generated_by": f"python -m toolkit.catalogue {spec_name} {entity}",
        "spec": {
            "file": spec_name,
            "sha256": hashlib.sha256(spec_bytes).hexdigest(),
            "title": str(info.get("title", "")),
            "version": str(info.get("version", "")),
            "source": str(swagger.get("source", "")),
        },
        "entity": entity,
        "response": response if len(roots) == 2 else None,
        "carriers": carriers,
    }


def render(doc: Mapping[str, Any]) -> str:
    """The document as shipped: stable, one property a line, so a spec change reads as a small diff."""
    lines = ["{"]
    head = [k for k in doc if k != "carriers"]
    for key in head:
        lines.append(f" {json.dumps(key)}: {json.dumps(doc[key], ensure_ascii=False)},")
    lines.append(' "carriers": {')
    names = list(doc["carriers"])
    for n, name in enumerate(names):
        c = doc["carriers"][name]
        lines.append(f"  {json.dumps(name)}: {{")
        lines.append(f'   "definition": {json.dumps(c["definition"])},')
        lines.append('   "properties": [')
        props = c["properties"]
        for p, row in enumerate(props):
            comma = "," if p < len(props) - 1 else ""
            lines.append(f"    {json.dumps(row, ensure_ascii=False)}{comma}")
        lines.append("   ]")
        lines.append("  }" + ("," if n < len(names) - 1 else ""))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"
