"""The catalogue-driven builder: any carrier, field by field, in the catalogue's order.

A field gets the value :mod:`toolkit.factories._values` knows for its name, else one drawn from its
type.  Rights (``TableRight``, ``FieldProperties``) are only in answers, and there as .NET serialises
them: a carrier's own table right and the rights of a few of its fields, while items of a list carry
``"TableRight": null`` and ``"FieldProperties": {}`` (what real tenants answer).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from toolkit import catalogue
from toolkit.catalogue import ENUMS, Field, TypeRef
from toolkit.factories._context import Ctx
from toolkit.factories._values import BY_CARRIER_FIELD, BY_NAME, Gen, lit, pick, rint

__all__ = ["RIGHTS", "build_carrier", "field_gen", "table_right"]

JSON = Any

#: Carrier fields only answers carry (SuperOffice's request samples leave them out).
RIGHTS = frozenset(("TableRight", "FieldProperties"))
# Table rights as tenants answer them; nearly always everything.
_TABLE_MASKS = ("FULL",) * 6 + (
    "Select, Update, Insert, Delete",
    "Select, Update",
    "URI",
    "RI, RestrictedUpdate",
)
_FIELD_MASKS = ("Update",) * 6 + ("Read", "Update, UIHintMandatory")
# Carriers tenants answer without field rights (associates) or without any rights (lookups, addresses).
_NO_FIELD_RIGHTS = frozenset({"Associate"})
_NO_RIGHTS = frozenset({"TaskListItem", "Address", "Priority"})


def table_right(c: Ctx) -> dict[str, JSON]:
    mask = c.rng.choice(_TABLE_MASKS)
    reason = "[SR_ACCESS_ASSOCCONT_DELETE]" if mask.startswith("RI") else ""
    return {"Mask": mask, "Reason": reason}


def _field_right(c: Ctx) -> dict[str, JSON]:
    mask = c.rng.choice(_FIELD_MASKS)
    return {"Mask": mask, "Reason": "[SR_MANDATORY_FIELD]" if "Mandatory" in mask else ""}


def _field_property(f: Field, right: dict[str, JSON]) -> dict[str, JSON]:
    return {"FieldRight": right, "FieldType": f.dotnet_type, "FieldLength": f.length}


def _carrier_field_properties(owner: str) -> Gen:
    fields = tuple(f for f in catalogue.carrier(owner).fields if f.has_column)

    def gen(c: Ctx) -> dict[str, JSON]:
        if owner in _NO_FIELD_RIGHTS or not fields:
            return {}
        chosen = sorted(c.rng.sample(range(len(fields)), min(len(fields), c.rng.randint(1, 3))))
        return {fields[i].name: _field_property(fields[i], _field_right(c)) for i in chosen}

    return gen


def _flags(values: tuple[str, ...]) -> Gen:
    singles = tuple(v for v in values if v not in ("None", "Unknown"))

    def gen(c: Ctx) -> str:
        # A .NET flags value: mostly one name, sometimes two combined ("Monday, Wednesday").
        if c.rng.random() < 0.25:
            a, b = c.rng.sample(singles, 2)
            return f"{a}, {b}"
        return c.rng.choice(values)

    return gen


def _type_gen(owner: str, f: Field, t: TypeRef) -> Gen:
    kind = t.kind
    if kind == "str":
        return lambda c: c.word()
    if kind == "int32":
        return Ctx.ident if f.name.endswith(("Id", "Idx", "ID")) else rint(0, 1000)
    if kind == "int16":
        return rint(0, 24)
    if kind == "double":
        return lambda c: round(c.rng.uniform(0, 1000), 2)
    if kind == "bool":
        return lambda c: c.rng.random() < 0.5
    if kind == "date":
        return Ctx.some_date
    if kind == "enum":
        return pick(ENUMS[t.name or ""])
    if kind == "flags":
        return _flags(ENUMS[t.name or ""])
    if kind == "carrier":
        name = t.name or ""
        return lambda c: build_carrier(name, c)
    assert t.item is not None
    if kind == "list":
        if t.item.kind == "carrier":
            item_name = t.item.name or ""
            return lambda c: [build_carrier(item_name, c, item=True) for _ in range(c.rng.randint(1, 2))]
        item = _type_gen(owner, f, t.item)
        return lambda c: [item(c) for _ in range(c.rng.randint(1, 2))]
    value = _type_gen(owner, f, t.item)
    return lambda c: {f"{f.name}{i}": value(c) for i in range(1, c.rng.randint(1, 3) + 1)}


def field_gen(owner: str, f: Field) -> Gen:
    """How to make a value of ``owner``'s property ``f``: known by name, else from its type."""
    gen = BY_CARRIER_FIELD.get((owner, f.name))
    if gen is None and f.type.kind in ("str", "int32", "int16", "double", "bool"):
        gen = BY_NAME.get(f.name)
    return gen or _type_gen(owner, f, f.type)


def _rights_gen(owner: str, f: Field, item: bool) -> Gen:
    if item or owner in _NO_RIGHTS:
        return lit(None) if f.name == "TableRight" else (lambda c: {})
    if f.name == "TableRight":
        return table_right
    return _carrier_field_properties(owner)


@cache
def _plan(name: str, response: bool, item: bool) -> tuple[tuple[str, Gen], ...]:
    # Compiled once per carrier and mode: building is then one dict comprehension.
    out = []
    for f in catalogue.carrier(name).fields:
        if f.name in RIGHTS and f.type.kind in ("carrier", "map"):
            if response:
                out.append((f.name, _rights_gen(name, f, item)))
            continue
        out.append((f.name, field_gen(name, f)))
    return tuple(out)


def build_carrier(name: str, ctx: Ctx, *, item: bool = False, person: Any = None) -> dict[str, JSON]:
    """A full carrier ``name`` with every catalogue field (rights only in answers).

    ``item``: the carrier is an element of a list (its rights are then null and empty).  Each carrier
    draws its own person and company (``person`` fixes the person), so its name, e-mail and phone
    belong together.
    """
    outer = ctx.carrier_scope(person)
    try:
        return {key: gen(ctx) for key, gen in _plan(name, ctx.response, item)}
    finally:
        ctx.end_scope(outer)
