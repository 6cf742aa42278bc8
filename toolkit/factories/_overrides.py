"""Overrides: ``Links__0__Id=5`` walks into a payload by the catalogue's types, factory_boy style."""

from __future__ import annotations

from typing import Any

from toolkit import catalogue
from toolkit._paths import join
from toolkit.catalogue import Carrier, TypeRef
from toolkit.errors import UsageError
from toolkit.factories._carriers import build_carrier
from toolkit.factories._context import Ctx
from toolkit.select import clone

__all__ = ["apply_override"]

JSON = Any


def apply_override(payload: dict[str, JSON], key: str, value: JSON, root: Carrier, c: Ctx) -> None:
    """Set ``value`` at ``key`` (``__``-separated steps) in ``payload``, building null carriers on the way.

    :class:`~toolkit.errors.UsageError` names the path when a step is not a field of the carrier, an
    index is past the end of a list, or a step goes into a scalar.
    """
    parts = key.split("__")
    path = "$"
    node: Any = payload
    t: TypeRef = TypeRef("carrier", name=root.name)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if t.kind == "carrier":
            if part not in catalogue.carrier(t.name or "").names:
                where = t.name if path == "$" else path
                raise UsageError(f"override {key!r}: {where} has no field {part!r}")
            t = catalogue.carrier(t.name or "").field(part).type
            step: str | int = part
        elif t.kind == "list":
            if not part.isdigit():
                raise UsageError(f"override {key!r}: {path} is a list; expected an index, got {part!r}")
            step = int(part)
            if step >= len(node):
                raise UsageError(f"override {key!r}: {path} has {len(node)} items, no index {step}")
            assert t.item is not None
            t = t.item
        elif t.kind == "map":
            step = part
            assert t.item is not None
            t = t.item
        else:
            raise UsageError(f"override {key!r}: {path} is a {t.kind} value, not an object or list")
        child_path = join(path, step)
        if last:
            node[step] = clone(value)
            return
        child = node.get(step) if isinstance(node, dict) else node[step]
        if child is None:
            child = _fill(t, c, key, child_path)
            node[step] = child
        node, path = child, child_path


def _fill(t: TypeRef, c: Ctx, key: str, path: str) -> JSON:
    # A null carrier on an override's way is built first, so Contact__Name works by default.
    if t.kind == "carrier":
        return build_carrier(t.name or "", c)
    if t.kind == "map":
        return {}
    raise UsageError(f"override {key!r}: {path} is null")
