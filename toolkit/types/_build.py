"""Write ``toolkit/types/__init__.py``: TypedDicts of every payload, generated from the catalogue.

One ``TypedDict`` per carrier (fields in the catalogue's order), ``AppointmentEntity`` and
``AppointmentEntityWithLinks`` (which extends it), and a ``Literal`` alias per enum.  Decisions:

* Every property is required: the factories, the strategies and the server always write all of them.
  A partial PUT body is a plain ``dict``.
* The rights a carrier has only in responses (``TableRight``, ``FieldProperties``) are not required:
  request carriers leave them out.  They come from a ``total=False`` base, so no ``NotRequired`` (and
  no ``typing_extensions``) is needed on Python 3.10.
* Nullable as in the catalogue (.NET reference types): ``str | None``, ``Contact | None`` ...; array
  items and dictionary values are never null (SuperOffice writes none, and the strategies draw none).
* Dates are ``str`` (``DotNetDate``): .NET writes seven fraction digits, which ``datetime`` cannot keep.
  Flags enums are ``str``, since names combine ("Select, Update").
"""

from __future__ import annotations

from toolkit import catalogue
from toolkit.catalogue import ENUMS, Carrier, TypeRef

__all__ = ["render"]

_SCALARS = {
    "str": "str",
    "int32": "int",
    "int16": "int",
    "double": "float",
    "bool": "bool",
    "date": "DotNetDate",
}
_RIGHTS = tuple(catalogue.RESPONSE_ONLY[:2])  # TableRight, FieldProperties
_HEADER = '''"""Typed payloads: ``TypedDict``s of the request, the response and every carrier.

Generated from :mod:`toolkit.catalogue` by ``python -m toolkit.types``; do not edit (a test proves this
file current).  The factories, the client and the strategies return these types, so ``mypy --strict``
catches ``appointment["Tittle"]`` or ``appointment["Private"] = "Secret"`` in code that uses them.
See ``toolkit/types/_build.py`` for the decisions behind them.
"""

from __future__ import annotations

from typing import Literal, TypedDict
'''


_LINE = 110  # ruff's line length: the file is written as ruff would format it


def _quote(text: str) -> str:
    return '"' + text + '"'


def enum_alias(name: str) -> str:
    """The ``Literal`` alias of an enum (``Private`` -> ``PrivateEnum``; carriers share some names)."""
    return f"{name}Enum"


def annotation(t: TypeRef, *, item: bool = False) -> str:
    """The Python type of a catalogue type (``item``: an array item or dictionary value, never null)."""
    if t.kind in _SCALARS:
        text = _SCALARS[t.kind]
    elif t.kind == "enum":
        text = enum_alias(t.name or "")
    elif t.kind == "flags":
        text = "str"
    elif t.kind == "carrier":
        text = t.name or ""
    else:
        assert t.item is not None
        inner = annotation(t.item, item=True)
        text = f"list[{inner}]" if t.kind == "list" else f"dict[str, {inner}]"
    return f"{text} | None" if t.nullable and not item else text


def _comment(t: TypeRef) -> str:
    if t.kind == "flags":
        return f"  # flags: {t.name} names joined by ', '"
    return ""


def _class(c: Carrier, base: str, skip: tuple[str, ...] = ()) -> list[str]:
    lines = [f"class {c.name}({base}):", f'    """{_doc(c)}"""', ""]
    for f in c.fields:
        if f.name not in skip:
            lines.append(f"    {f.name}: {annotation(f.type)}{_comment(f.type)}")
    return [*lines, "", ""]


def _doc(c: Carrier) -> str:
    if c.name == catalogue.ENTITY.name:
        return "The PUT body: every property of SuperOffice's AppointmentEntity."
    if c.name == catalogue.ENTITY_WITH_LINKS.name:
        return "The answer: the entity, then TableRight, FieldProperties and _Links."
    return f"SuperOffice's {c.name} carrier."


def render() -> str:
    """The text of ``toolkit/types/__init__.py``."""
    carriers = [c for name, c in sorted(catalogue.CARRIERS.items()) if name != catalogue.ENTITY.name]
    names = ["DotNetDate", *sorted(enum_alias(e) for e in ENUMS), *(c.name for c in carriers)]
    names += [catalogue.ENTITY.name, catalogue.ENTITY_WITH_LINKS.name]
    out = [_HEADER, "__all__ = [", *(f'    "{n}",' for n in sorted(names)), "]", "", ""]
    out += ["#: A date as .NET writes it: ``2002-09-19T03:46:59.6911992+02:00``.", "DotNetDate = str", ""]
    for name, values in ENUMS.items():
        one_line = f"{enum_alias(name)} = Literal[{', '.join(_quote(v) for v in values)}]"
        if len(one_line) <= _LINE:
            out.append(one_line)
        else:  # as ruff formats it
            out += [f"{enum_alias(name)} = Literal[", *(f"    {_quote(v)}," for v in values), "]"]
    out += ["", ""]
    out += ["class _Rights(TypedDict, total=False):", '    """Rights a carrier has in responses only."""', ""]
    rights_carrier = catalogue.carrier("Associate")
    for name in _RIGHTS:
        out.append(f"    {name}: {annotation(rights_carrier.field(name).type)}")
    out += ["", ""]
    for c in carriers:
        has_rights = all(n in c.names for n in _RIGHTS)
        out += _class(c, "_Rights" if has_rights else "TypedDict", _RIGHTS if has_rights else ())
    out += _class(catalogue.ENTITY, "TypedDict")
    entity = set(catalogue.ENTITY.names)
    extra = Carrier(
        catalogue.ENTITY_WITH_LINKS.name,
        tuple(f for f in catalogue.ENTITY_WITH_LINKS.fields if f.name not in entity),
    )
    out += _class(extra, catalogue.ENTITY.name)
    return "\n".join(out).rstrip("\n") + "\n"
