"""Read a cassette file into vcrpy's raw interactions, with errors that name the file.

A cassette is vcrpy's format, version 1: a mapping ``{"version": 1, "interactions": [{"request": {...},
"response": {...}}, ...]}`` in YAML (or JSON when the file name ends in ``.json``).  Used by the replay
index, the end-of-run report and the cassette linter.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toolkit.errors import CassetteFormatError

__all__ = [
    "CASSETTE_FORMAT_VERSION",
    "header_value",
    "load_cassette_data",
    "parse_cassette_text",
    "read_cassette",
]

#: The only format version vcrpy (and so this toolkit) reads and writes.
CASSETTE_FORMAT_VERSION = 1


def read_cassette(path: str | Path) -> list[dict[str, Any]]:
    """The raw interactions of the cassette at ``path`` (vcrpy's serialized dicts, bodies as text).

    Raises :class:`~toolkit.errors.CassetteFormatError`, naming the file and the problem, for a missing,
    unreadable, empty, corrupt or foreign (not vcrpy version 1) file.
    """
    return list(load_cassette_data(path)["interactions"])


def load_cassette_data(path: str | Path) -> dict[str, Any]:
    """The whole parsed cassette (``version``, ``interactions`` and any ``metadata``), checked."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CassetteFormatError(f"{path}: no such cassette file", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise CassetteFormatError(f"{path}: not UTF-8 text ({exc})", path=str(path)) from None
    except OSError as exc:
        raise CassetteFormatError(f"{path}: cannot be read ({exc.strerror or exc})", path=str(path)) from None
    return parse_cassette_text(text, name=str(path), json_format=path.suffix.lower() == ".json")


def parse_cassette_text(text: str, *, name: str = "<cassette>", json_format: bool = False) -> dict[str, Any]:
    """Parse and check cassette text; ``name`` is used in error messages."""
    if not text.strip():
        raise CassetteFormatError(f"{name}: the cassette file is empty", path=name)
    try:
        data = json.loads(text) if json_format else _load_yaml(text)
    except Exception as exc:  # every parser error becomes one clear line naming the file
        detail = " ".join(str(exc).split())
        kind = "JSON" if json_format else "YAML"
        raise CassetteFormatError(f"{name}: not valid {kind}: {detail}", path=name) from None
    _check_shape(data, name)
    return dict(data)


def _safe_loader() -> Any:
    """A safe YAML loader on libyaml's C parser where PyYAML has it (several times faster), else pure.

    Safe whatever vcrpy's version (older vcrpy loads with the full loader): only YAML's standard tags
    plus the two harmless Python tags vcrpy has written into cassettes (``python/str``/``unicode`` and
    ``python/tuple``); ``!!python/object`` and every other tag are refused.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("_CassetteLoader", (base,), {})

    def plain(loader: Any, node: Any) -> Any:
        return loader.construct_scalar(node)

    def as_tuple(loader: Any, node: Any) -> Any:
        return tuple(loader.construct_sequence(node))

    loader.add_constructor("tag:yaml.org,2002:python/str", plain)
    loader.add_constructor("tag:yaml.org,2002:python/unicode", plain)
    loader.add_constructor("tag:yaml.org,2002:python/tuple", as_tuple)
    return loader


_LOADER: Any = None
_STR, _MAP, _SEQ, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq", "merge"))
_BUSY = object()


class _Unusual(Exception):
    """The document needs PyYAML's general constructor (a merge key, a tuple, a self-reference)."""


def _load_yaml(text: str) -> Any:
    global _LOADER
    if _LOADER is None:  # built on first use: importing this module stays cheap
        _LOADER = _safe_loader()
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(loader, node, {})
        except (_Unusual, TypeError):  # TypeError: a key that is not hashable
            return loader.construct_document(node)
    finally:
        loader.dispose()


def _build(loader: Any, node: Any, memo: dict[int, Any]) -> Any:
    """The data of a composed node: strings, maps and lists directly, other scalars by the safe loader.

    PyYAML's constructor walks every node through generators; a cassette is almost only maps, lists
    and strings, which this builds about twice as fast.  An alias is the same node object, so ``memo``
    hands back the same value: a billion-laughs document stays as small as its text.
    """
    key = id(node)
    if key in memo:
        if memo[key] is _BUSY:
            raise _Unusual  # a node that contains itself
        return memo[key]
    tag = node.tag
    out: Any
    if tag == _STR:
        out = node.value
    elif tag == _MAP:
        memo[key] = _BUSY
        out = {}
        for k, v in node.value:
            if k.tag == _MERGE:
                raise _Unusual
            out[_build(loader, k, memo)] = _build(loader, v, memo)
    elif tag == _SEQ:
        memo[key] = _BUSY
        out = [_build(loader, item, memo) for item in node.value]
    elif node.id == "scalar":  # ints, floats, booleans, nulls, binary, timestamps, python/str
        out = loader.construct_object(node, deep=True)
    else:  # a tagged collection (python/tuple), or a tag the safe loader refuses
        raise _Unusual
    memo[key] = out
    return out


def _check_shape(data: Any, name: str) -> None:
    if isinstance(data, list):
        raise CassetteFormatError(
            f"{name}: an old (pre-1.0) vcrpy cassette or a foreign file; re-record it", path=name
        )
    if not isinstance(data, Mapping):
        raise CassetteFormatError(
            f"{name}: not a vcrpy cassette (top level is {type(data).__name__}, expected a mapping)",
            path=name,
        )
    version = data.get("version")
    if version != CASSETTE_FORMAT_VERSION:
        raise CassetteFormatError(
            f"{name}: not a vcrpy cassette of format version {CASSETTE_FORMAT_VERSION}"
            f" (version: {version!r})",
            path=name,
        )
    interactions = data.get("interactions")
    if not isinstance(interactions, list):
        raise CassetteFormatError(f"{name}: 'interactions' is missing or not a list", path=name)
    for i, item in enumerate(interactions):
        if not isinstance(item, Mapping):
            raise CassetteFormatError(f"{name}: interactions[{i}] is not a mapping", path=name)
        for part in ("request", "response"):
            if not isinstance(item.get(part), Mapping):
                raise CassetteFormatError(f"{name}: interactions[{i}].{part} is missing", path=name)
        request = item["request"]
        if not isinstance(request.get("method"), str) or not isinstance(request.get("uri"), str):
            raise CassetteFormatError(
                f"{name}: interactions[{i}].request needs a method and a uri", path=name
            )
        status = item["response"].get("status")
        if not isinstance(status, Mapping) or not isinstance(status.get("code"), int):
            raise CassetteFormatError(f"{name}: interactions[{i}].response.status.code is missing", path=name)


def header_value(headers: Any, name: str) -> str:
    """The first value of header ``name`` (any case) in a serialized interaction's ``headers``
    (values are strings or lists of strings); ``""`` when it is absent."""
    if not isinstance(headers, Mapping):
        return ""
    for key, value in headers.items():
        if str(key).lower() == name:
            values = value if isinstance(value, (list, tuple)) else [value]
            return str(values[0]) if values else ""
    return ""
