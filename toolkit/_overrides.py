"""The ``__`` override paths of the factories, the strategies and ``fixtures generate --set``, typed.

``Links__0__Id`` walks from a root carrier through the catalogue: a carrier's field by name, a list's
item by index, a dictionary's entry by key.  :func:`override_steps` checks a path against the
catalogue alone (no payload needed) and says, for each step, the type it reaches, so a caller can
build a value of the right type or refuse one.  A mistake raises :class:`~toolkit.errors.UsageError`
naming the path and the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import catalogue
from toolkit._paths import join
from toolkit.catalogue import Carrier, TypeRef
from toolkit.errors import UsageError

__all__ = ["Step", "override_steps", "override_type"]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path: the key or index taken, the type it reaches, the JSON path so far."""

    key: str | int
    type: TypeRef
    path: str


def override_steps(root: Carrier, key: str) -> tuple[Step, ...]:
    """The steps of override ``key`` from ``root`` (``Contact__Address__Street__City``)."""
    if not key:
        raise UsageError("override '': empty path")
    t = TypeRef("carrier", name=root.name)
    path = "$"
    out: list[Step] = []
    for part in key.split("__"):
        step: str | int
        if t.kind == "carrier":
            owner = catalogue.carrier(t.name or "")
            if part not in owner.names:
                where = owner.name if path == "$" else path
                raise UsageError(f"override {key!r}: {where} has no field {part!r}")
            t, step = owner.field(part).type, part
        elif t.kind == "list" and t.item is not None:
            if not part.isdigit():
                raise UsageError(f"override {key!r}: {path} is a list; expected an index, got {part!r}")
            t, step = t.item, int(part)
        elif t.kind == "map" and t.item is not None:
            t, step = t.item, part
        else:
            raise UsageError(f"override {key!r}: {path} is a {t.kind} value, not an object or list")
        path = join(path, step)
        out.append(Step(step, t, path))
    return tuple(out)


def override_type(root: Carrier, key: str) -> TypeRef:
    """The catalogue type of the value override ``key`` sets."""
    return override_steps(root, key)[-1].type
