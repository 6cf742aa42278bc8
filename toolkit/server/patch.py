"""Patch documents applied to a stored entity: JSON Merge Patch (RFC 7386) and JSON Patch (RFC 6902).

JSON Patch supports ``add``, ``replace``, ``remove`` and ``test`` (the operations SuperOffice
documents; ``move`` and ``copy`` are refused as unsupported).  As SuperOffice documents, a path is
case-insensitive where no property has its exact spelling, its leading slash is optional, and an
object given where an array is (``add``/``replace`` of ``/Participants`` with one participant) is
added to the array.  Both functions work on a copy and leave
their input untouched; a failed JSON Patch applies nothing (RFC 6902 section 5).

Errors: :class:`PatchError` for a malformed patch document (the server answers 400), and
:class:`PatchConflict` when a well-formed operation cannot apply to this entity, a failed ``test``
included (409).
"""

from __future__ import annotations

from typing import Any

from toolkit._copy import clone

__all__ = ["PatchConflict", "PatchError", "apply_json_patch", "apply_merge_patch", "parse_pointer"]

_OPS = ("add", "replace", "remove", "test")


class PatchError(ValueError):
    """The patch document itself is malformed (400)."""


class PatchConflict(ValueError):
    """A well-formed operation cannot apply to the current entity, e.g. a failed ``test`` (409)."""


def apply_merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, ``null`` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return clone(patch)
    result = clone(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = apply_merge_patch(result.get(key), value)
    return result


def parse_pointer(pointer: Any, where: str) -> list[str]:
    """RFC 6901: ``/Links/0/Id`` -> ``["Links", "0", "Id"]`` (``~1`` is ``/``, ``~0`` is ``~``)."""
    if not isinstance(pointer, str):
        raise PatchError(f"{where}: a JSON Pointer must be a string")
    if pointer == "":
        return []
    # SuperOffice: "the leading slash is optional".
    parts = (pointer[1:] if pointer.startswith("/") else pointer).split("/")
    for part in parts:
        stripped = part.replace("~0", "").replace("~1", "")
        if "~" in stripped:
            raise PatchError(f"{where}: JSON Pointer {pointer!r} has a bad '~' escape")
    return [p.replace("~1", "/").replace("~0", "~") for p in parts]


def _index(container: list[Any], token: str, pointer: str, *, for_add: bool) -> int:
    if for_add and token == "-":
        return len(container)
    if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
        raise PatchConflict(f"{pointer!r}: {token!r} is not an array index")
    i = int(token)
    limit = len(container) if for_add else len(container) - 1
    if i > limit:
        raise PatchConflict(f"{pointer!r}: index {i} is out of range")
    return i


def _key(node: dict[str, Any], token: str) -> str:
    # The exact property first, else the one spelled the same in another case (SuperOffice: "the
    # path is case insensitive"); a new key keeps the token's spelling.
    if token in node:
        return token
    folded = token.casefold()
    for key in node:
        if key.casefold() == folded:
            return key
    return token


def _parent(doc: Any, tokens: list[str], pointer: str) -> Any:
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, dict):
            token = _key(node, token)
            if token not in node:
                raise PatchConflict(f"{pointer!r}: {token!r} does not exist")
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, pointer, for_add=False)]
        else:
            raise PatchConflict(f"{pointer!r}: {token!r} is inside a value that is not an object or array")
    return node


def _get(doc: Any, tokens: list[str], pointer: str) -> Any:
    if not tokens:
        return doc
    parent = _parent(doc, tokens, pointer)
    last = tokens[-1]
    if isinstance(parent, dict):
        last = _key(parent, last)
        if last not in parent:
            raise PatchConflict(f"{pointer!r} does not exist")
        return parent[last]
    if isinstance(parent, list):
        return parent[_index(parent, last, pointer, for_add=False)]
    raise PatchConflict(f"{pointer!r} points inside a value that is not an object or array")


def _equal(a: Any, b: Any) -> bool:
    # RFC 6902 4.6: numbers compare by value, but JSON true is not the number 1.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=False))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def _apply_one(doc: Any, op: dict[str, Any], where: str) -> Any:
    name = op.get("op")
    if name not in _OPS:
        raise PatchError(f"{where}.op: {name!r} is not supported; use one of {', '.join(_OPS)}")
    pointer = op.get("path")
    tokens = parse_pointer(pointer, f"{where}.path")
    assert isinstance(pointer, str)
    if name in ("add", "replace", "test") and "value" not in op:
        raise PatchError(f"{where}: '{name}' needs a 'value'")
    value = op.get("value")
    if name == "test":
        if not _equal(_get(doc, tokens, pointer), value):
            raise PatchConflict(f"{where}: test failed, {pointer!r} is not {value!r}")
        return doc
    if not tokens:  # the whole document
        if name == "remove":
            raise PatchConflict(f"{where}: the entity itself cannot be removed")
        return clone(value)
    parent = _parent(doc, tokens, pointer)
    last = tokens[-1]
    if isinstance(parent, dict):
        last = _key(parent, last)
        if name != "add" and last not in parent:
            raise PatchConflict(f"{where}: {pointer!r} does not exist")
        if name == "remove":
            del parent[last]
        elif isinstance(value, dict) and isinstance(parent.get(last), list):
            parent[last].append(clone(value))  # SuperOffice: an object where an array is, is added
        else:
            parent[last] = clone(value)
    elif isinstance(parent, list):
        i = _index(parent, last, pointer, for_add=name == "add")
        if name == "add":
            parent.insert(i, clone(value))
        elif name == "replace":
            parent[i] = clone(value)
        else:
            del parent[i]
    else:
        raise PatchConflict(f"{where}: {pointer!r} points inside a value that is not an object or array")
    return doc


def apply_json_patch(target: Any, patch: Any) -> Any:
    """RFC 6902: apply every operation in order to a copy; all or nothing."""
    if not isinstance(patch, list):
        raise PatchError("a JSON Patch document is an array of operations")
    doc = clone(target)
    for i, op in enumerate(patch):
        where = f"$[{i}]"
        if not isinstance(op, dict):
            raise PatchError(f"{where}: an operation is an object with 'op' and 'path'")
        doc = _apply_one(doc, op, where)
    return doc
