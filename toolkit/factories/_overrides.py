"""Overrides: ``Links__0__Id=5`` walks into a payload by the catalogue's types, factory_boy style."""

from __future__ import annotations

from typing import Any

from toolkit._copy import clone
from toolkit._overrides import override_steps
from toolkit.catalogue import Carrier, TypeRef
from toolkit.errors import UsageError
from toolkit.factories._carriers import build_carrier
from toolkit.factories._context import Ctx

__all__ = ["apply_override"]

JSON = Any


def apply_override(payload: dict[str, JSON], key: str, value: JSON, root: Carrier, c: Ctx) -> None:
    """Set ``value`` at ``key`` (``__``-separated steps) in ``payload``, building null carriers on the way.

    :class:`~toolkit.errors.UsageError` names the path when a step is not a field of the carrier, an
    index is past the end of a list, or a step goes into a scalar.
    """
    steps = override_steps(root, key)  # the path's types, checked against the catalogue
    path = "$"
    node: Any = payload
    for i, step in enumerate(steps):
        if isinstance(step.key, int) and step.key >= len(node):
            raise UsageError(f"override {key!r}: {path} has {len(node)} items, no index {step.key}")
        if i == len(steps) - 1:
            node[step.key] = clone(value)
            return
        child = node.get(step.key) if isinstance(node, dict) else node[step.key]
        if child is None:
            child = _fill(step.type, c, key, step.path)
            node[step.key] = child
        node, path = child, step.path


def _fill(t: TypeRef, c: Ctx, key: str, path: str) -> JSON:
    # A null carrier on an override's way is built first, so Contact__Name works by default.
    if t.kind == "carrier":
        return build_carrier(t.name or "", c)
    if t.kind == "map":
        return {}
    raise UsageError(f"override {key!r}: {path} is null")
