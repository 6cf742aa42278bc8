"""Build the JSON Schemas from the catalogue (the shipped files are this module's output)."""

from __future__ import annotations

from typing import Any

from toolkit.catalogue import (
    CARRIERS,
    DOTNET_DATE_PATTERN,
    ENTITY,
    ENTITY_WITH_LINKS,
    ENUMS,
    INT16_MAX,
    INT16_MIN,
    INT32_MAX,
    INT32_MIN,
    Carrier,
    TypeRef,
    carrier,
)

__all__ = ["DOTNET_DATE_PATTERN", "SCHEMA_NAMES", "build_schema"]

SCHEMA_NAMES: tuple[str, ...] = (ENTITY.name, ENTITY_WITH_LINKS.name)
_BASE_URI = "https://so-toolkit.invalid/schemas/"


def _type_schema(t: TypeRef) -> dict[str, Any]:
    kind = t.kind
    if kind == "str":
        return {"type": ["string", "null"]}
    if kind == "int32":
        return {"type": "integer", "minimum": INT32_MIN, "maximum": INT32_MAX}
    if kind == "int16":
        return {"type": "integer", "minimum": INT16_MIN, "maximum": INT16_MAX}
    if kind == "double":
        return {"type": "number"}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "date":
        return {"type": "string", "pattern": DOTNET_DATE_PATTERN}
    if kind == "enum":
        return {"type": "string", "enum": list(ENUMS[t.name or ""])}
    if kind == "flags":
        names = "|".join(ENUMS[t.name or ""])
        return {"type": "string", "pattern": f"^({names})(, ({names}))*(?!\\n)$"}
    if kind == "carrier":
        return {"$ref": f"#/$defs/{t.name}"}
    assert t.item is not None
    if kind == "list":
        return {"type": ["array", "null"], "items": _type_schema(t.item)}
    return {"type": ["object", "null"], "additionalProperties": _type_schema(t.item)}


def _relax(schema: dict[str, Any]) -> dict[str, Any]:
    """Let a property be null too (what ``$select`` does to any property it leaves out)."""
    if "$ref" in schema:
        return schema  # carrier definitions already admit null
    out = dict(schema)
    types = out.get("type")
    if isinstance(types, str):
        out["type"] = [types, "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def _object_schema(c: Carrier, *, nullable: bool, lenient: bool, required: bool) -> dict[str, Any]:
    props = {}
    for f in c.fields:
        s = _type_schema(f.type)
        props[f.name] = _relax(s) if lenient else s
    schema: dict[str, Any] = {
        "type": ["object", "null"] if nullable else "object",
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(c.names)
    return schema


def _reachable(c: Carrier) -> list[str]:
    seen: list[str] = []

    def visit(t: TypeRef) -> None:
        if t.item is not None:
            visit(t.item)
        elif t.kind == "carrier" and t.name and t.name not in seen:
            seen.append(t.name)
            for f in CARRIERS[t.name].fields:
                visit(f.type)

    for f in c.fields:
        visit(f.type)
    return seen


def build_schema(name: str, *, lenient: bool = False) -> dict[str, Any]:
    """The Draft 2020-12 schema of ``AppointmentEntity`` or ``AppointmentEntityWithLinks``.

    The request schema requires nothing (SuperOffice fills what a PUT leaves out); the response
    schema requires every property.  Unknown properties are errors in both, so a misspelt field
    is caught.  ``lenient=True`` lets every property be null: the shape of a ``$select`` answer.
    """
    if name not in SCHEMA_NAMES:
        raise KeyError(f"no schema named {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    root = carrier(name)
    response = name == ENTITY_WITH_LINKS.name
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE_URI}{name}.json",
        "title": name,
        "description": "Generated from toolkit.catalogue by `python -m toolkit.schemas`; do not edit.",
    }
    schema.update(_object_schema(root, nullable=False, lenient=lenient, required=response))
    schema["$defs"] = {
        n: _object_schema(CARRIERS[n], nullable=True, lenient=lenient, required=False)
        for n in sorted(_reachable(root))
    }
    return schema
