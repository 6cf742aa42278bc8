"""The ``$select`` rule, in one place (the server answers with it, the assertions check it).

``$select`` is a comma-separated list of property paths, matched case-insensitively; ``a/b`` selects
property ``b`` of object ``a`` (of each element when ``a`` is an array).  Every property not selected
stays in the response with the value ``null``; inside a partly selected object the same holds one
level down.  ``_Links`` is never nulled.  Names that match nothing are ignored.  No ``$select``, or a
blank one, selects everything.

Decisions where SuperOffice's docs are silent:

* Names that match nothing are ignored at every level, so a selection that names nothing existing
  selects everything, like an empty one (``$select=Bogus`` answers in full; ``Associate/Bogus`` keeps
  the whole Associate).
* Several ``$select`` parameters in one query count as one list (:func:`select_from_query`).
* ``a/b`` where ``a`` holds a scalar or null keeps ``a`` as it is.
* Empty segments (``Title,,Agenda`` or ``Links/``) are ignored; surrounding spaces are trimmed.
"""

from __future__ import annotations

from typing import Any, Union
from urllib.parse import parse_qsl

from toolkit._copy import clone

__all__ = ["apply_select", "parse_select", "select_from_query"]

#: Marker in a parsed selection: the whole value is selected.
ALL: None = None
Selection = dict[str, Union["Selection", None]]
_NEVER_NULLED = frozenset({"_links"})


def parse_select(select: str | None) -> Selection | None:
    """Parse a ``$select`` value into a tree of lower-cased names (None: everything)."""
    if select is None or not select.strip():
        return None
    tree: Selection = {}
    for raw in select.split(","):
        parts = [p.strip().lower() for p in raw.split("/") if p.strip()]
        if not parts:
            continue
        node = tree
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part in node and node[part] is ALL:
                break  # already wholly selected; a deeper path adds nothing
            if last:
                node[part] = ALL
            else:
                child = node.get(part)
                if child is None:
                    child = node[part] = {}
                node = child
    return tree


def canonical_select(select: str | None) -> str:
    """One spelling for every ``$select`` that selects the same: "Agenda , title,TITLE" -> "agenda,title".

    Names lower-cased and sorted, duplicates and paths inside a wholly selected object dropped;
    ``""`` for everything.  Request matching keys on it.
    """

    def render(tree: Selection, prefix: str) -> list[str]:
        out: list[str] = []
        for name in sorted(tree):
            sub = tree[name]
            out.extend([prefix + name] if sub is ALL else render(sub, f"{prefix}{name}/"))
        return out

    tree = parse_select(select)
    return "" if tree is None else ",".join(render(tree, ""))


def select_from_query(query: str) -> str | None:
    """The ``$select`` of a URL query string: every ``$select`` parameter (name in any case), joined.

    None when there is none.  The server, request matching and the linter all read it this way.
    """
    values = [v for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() == "$select"]
    return ",".join(values) if values else None


def selection_is_all(select: str | None) -> bool:
    """True when ``select`` selects everything (absent or blank)."""
    return parse_select(select) is None


def _apply(obj: dict[str, Any], tree: Selection) -> dict[str, Any]:
    if not any(key.lower() in tree for key in obj):
        return clone(obj)  # type: ignore[no-any-return]  # nothing named here: as if no $select
    out: dict[str, Any] = {}
    for key, value in obj.items():
        lower = key.lower()
        if lower in _NEVER_NULLED:
            out[key] = clone(value)
        elif lower not in tree:
            out[key] = None
        else:
            sub = tree[lower]
            out[key] = clone(value) if sub is ALL else _apply_value(value, sub)
    return out


def _apply_value(value: Any, tree: Selection) -> Any:
    if isinstance(value, dict):
        return _apply(value, tree)
    if isinstance(value, list):
        return [_apply_value(v, tree) for v in value]
    return value


def apply_select(entity: dict[str, Any], select: str | None) -> dict[str, Any]:
    """Apply ``$select`` to an entity: a new dict, the input untouched."""
    tree = parse_select(select)
    if tree is None:
        return clone(entity)  # type: ignore[no-any-return]
    return _apply(entity, tree)
