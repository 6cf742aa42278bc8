"""Read a cassette file into vcrpy's raw interactions, with errors that name the file.

A cassette is vcrpy's format, version 1: a mapping ``{"version": 1, "interactions": [{"request": {...},
"response": {...}}, ...]}`` in YAML (or JSON when the file name ends in ``.json``).  Used by the replay
index, the end-of-run report and the cassette linter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from toolkit.errors import CassetteFormatError

__all__ = [
    "CASSETTE_FORMAT_VERSION",
    "header_value",
    "load_cassette_data",
    "load_cassette_data_if_any",
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
    data = load_cassette_data_if_any(path)
    if data is None:
        raise CassetteFormatError(f"{path}: no such cassette file", path=str(path))
    return data


def load_cassette_data_if_any(path: str | Path) -> dict[str, Any] | None:
    """:func:`load_cassette_data`, or None when there is no file at ``path`` (nothing, a directory, or a
    path through a file)."""
    name = str(path)
    try:
        # Bytes, then text: no Path, no stat first, no text-mode reader (this runs once per replayed test).
        with open(name, "rb") as file:
            text = file.read().decode("utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None  # no file there (as Path.is_file says), not an unreadable one
    except UnicodeDecodeError as exc:
        raise CassetteFormatError(f"{name}: not UTF-8 text ({exc})", path=name) from None
    except OSError as exc:
        raise CassetteFormatError(f"{name}: cannot be read ({exc.strerror or exc})", path=name) from None
    if "\r" in text:  # line ends as text mode reads them (a checkout with CRLF line ends)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return parse_cassette_text(text, name=name, json_format=name.lower().endswith(".json"))


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
    value = _read_layout(text)
    if value is not _DECLINED:
        return value
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


# --- the layout YAML writers give cassettes, read without libyaml's cost per node ----------------------
#
# libyaml builds a Python event, node and two marks for every scalar, so the ~70 lines of structure
# around a cassette's bodies cost more to parse than the 600 lines of a body.  Cassettes written by the
# toolkit, vcrpy or PyYAML use a small part of YAML: block mappings and sequences, plain and one-line
# single-quoted scalars, literal block bodies, {} and [].  _read_layout reads exactly that part and
# answers _DECLINED for anything else (a tag, an anchor, a comment, a double-quoted or folded scalar, a
# tab, a blank line between keys ...), which libyaml then reads.  Plain scalars are typed by PyYAML's
# own resolver; tests check the result against libyaml's on generated and on damaged cassettes.

_DECLINED: Any = object()
_MISSING: Any = object()
_RESOLVED: dict[str, Any] = {}  # plain scalar -> its value (or _DECLINED), shared by every cassette
_ENTRIES: dict[str, Any] = {}  # a line -> its key and what follows (None: not a key; or _DECLINED)
_ITEMS: dict[str, Any] = {}  # a sequence item that is not a key -> what it holds (or _DECLINED)
_RESOLVER: Any = None
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_QUOTED_KEY = re.compile(r"'((?:[^']|'')*)':(?: |$)")
_SPACES = re.compile(" *")
_CONTROLS_HIGH = bytes(0x80 if (b < 0x20 and b != 0x0A) or b == 0x7F else b for b in range(256))
_LITERAL_ENDS: dict[int, re.Pattern[str]] = {}
_EMPTY_LINE = re.compile("\n(?=\n)")


class _Declined(Exception):
    pass


def _read_layout(text: str) -> Any:
    """The document in ``text`` when it is in the block layout; else ``_DECLINED``."""
    # Only line feeds and what Python calls printable: no tab, CR, NEL, LS, PS or BOM (line breaks or
    # white space to YAML), nothing YAML refuses (Python's printable characters are a subset of YAML's).
    if not text.endswith("\n"):
        return _DECLINED
    if text.isascii():  # the usual case, checked a byte table at a time: a control character
        if not text.encode("ascii").translate(_CONTROLS_HIGH).isascii():  # becomes a non-ASCII byte
            return _DECLINED
    elif not text.replace("\n", "").isprintable():
        return _DECLINED
    try:
        line = _line(text, 0)
        if line is None or line[1]:
            raise _Declined
        value, line = _collection(text, line)
    except _Declined:
        return _DECLINED
    return value if line is None else _DECLINED


# The parser reads each line once, as a token: (its text after the indentation, the indentation, where
# the next line starts), None at the end.  Each function takes the token of its first line and returns
# its value with the token of the first line that is not its own.
def _line(text: str, pos: int) -> tuple[str, int, int] | None:
    """The line starting at ``pos`` as a token; None at the end of the text."""
    if pos >= len(text):
        return None
    eol = text.index("\n", pos)
    line = text[pos:eol]
    body = line.lstrip(" ")
    return body, len(line) - len(body), eol + 1


def _collection(text: str, line: tuple[str, int, int]) -> tuple[Any, Any]:
    """The sequence or mapping whose first line is ``line`` (its indentation is the collection's)."""
    if line[0].startswith("- "):
        return _sequence(text, line)
    return _mapping(text, line, line[1], None, 0)


def _sequence(text: str, line: Any) -> tuple[list[Any], Any]:
    items: list[Any] = []
    indent = line[1]
    while line is not None:
        body, depth, after = line
        if not body or depth > indent:
            raise _Declined
        if depth < indent or not body.startswith("- "):
            break  # the parent's next line (an indentless sequence ends at a key of its own depth)
        item = body[2:]
        entry = _entry(item)
        if entry is not None:
            value, line = _mapping(text, None, indent + 2, entry, after)
        else:
            value, line = _scalar(text, _item(item), after, indent)
        items.append(value)
    return items, line


def _mapping(
    text: str, line: Any, indent: int, first: _Entry | None, after: int
) -> tuple[dict[Any, Any], Any]:
    """A mapping at ``indent``; ``first`` is its first entry when it follows a sequence's ``- `` (then
    ``after`` is where the line after that one starts, and ``line`` is not read yet)."""
    out: dict[Any, Any] = {}
    entry: _Entry | None = first
    while True:
        if entry is None:
            if line is None:
                break
            body, depth, after = line
            if not body or depth > indent:
                raise _Declined
            if depth < indent:
                break
            entry = _entry(body)
            if entry is None:
                raise _Declined
        key, kind, value = entry
        entry = None
        if kind is _SCALAR:  # the usual line: its value is known from the line alone
            out[key] = value
            line = _line(text, after)
        elif kind is not _ALONE:
            out[key], line = _scalar(text, (kind, value), after, indent)
        else:
            # "key:" alone: a nested block, an indentless sequence at this depth, or nothing (null).
            line = _line(text, after)
            if line is not None and (line[1] > indent or (line[1] == indent and line[0].startswith("- "))):
                out[key], line = _collection(text, line)
            else:
                out[key] = None
    return out, line


# What follows ``key: `` or ``- `` on a line: a scalar (its value), a literal's indicator, {} or [].
_SCALAR, _STRIP, _CLIP, _EMPTY_MAP, _EMPTY_SEQ, _ALONE = (object() for _ in range(6))
_Kind = tuple[object, Any]
_Entry = tuple[Any, object, Any]  # key, kind, value ("key:" alone: _ALONE)


def _entry(body: str) -> _Entry | None:
    """A line's key with what follows it, or None when the line is not a key; declines what the layout
    does not take."""
    return _once(_ENTRIES, body, _read_entry)  # type: ignore[no-any-return]


def _read_entry(body: str) -> _Entry | None:
    split = _split_key(body)
    if split is None:
        return None
    key, rest = split
    return (key, *(_ALONE_KIND if rest is None else _kind(rest)))


def _item(text: str) -> _Kind:
    """What a sequence item that is not a key holds."""
    return _once(_ITEMS, text, _kind)  # type: ignore[no-any-return]


_ALONE_KIND: _Kind = (_ALONE, None)


def _split_key(body: str) -> tuple[Any, str | None] | None:
    """``(key, text after ": ")``, ``(key, None)`` for ``key:`` alone, or None when not a key."""
    if body.startswith("'"):
        match = _QUOTED_KEY.match(body)
        if match is None:
            return None
        rest = body[match.end() :]
        return match.group(1).replace("''", "'"), (rest if match.group(0).endswith(" ") else None)
    colon = body.find(": ")
    if colon > 0:
        return _plain(body[:colon]), body[colon + 2 :]
    if body.endswith(":") and len(body) > 1:
        return _plain(body[:-1]), None
    return None


def _kind(rest: str) -> _Kind:
    """What ``rest``, the text after ``key: `` or ``- ``, holds."""
    if rest == "|-":
        return _STRIP, None
    if rest == "|":
        return _CLIP, None
    if rest == "{}":
        return _EMPTY_MAP, None
    if rest == "[]":
        return _EMPTY_SEQ, None
    if rest.startswith("'"):
        inner = rest[1:-1]
        if len(rest) < 2 or not rest.endswith("'") or "'" in inner.replace("''", ""):
            raise _Declined  # not closed on this line (folded) or not one scalar
        return _SCALAR, inner.replace("''", "'")
    return _SCALAR, _plain(rest)


def _scalar(text: str, found: _Kind, after: int, indent: int) -> tuple[Any, Any]:
    """The value of ``found`` (``after``: where the next line starts; a literal reads on), and the token
    of the line after it.  A new dict or list each time: they are the caller's to change."""
    kind, value = found
    if kind is _SCALAR:
        return value, _line(text, after)
    if kind is _EMPTY_MAP:
        return {}, _line(text, after)
    if kind is _EMPTY_SEQ:
        return [], _line(text, after)
    value, end = _literal(text, after, indent, kind is _STRIP)
    return value, _line(text, end)


def _literal(text: str, pos: int, indent: int, strip: bool) -> tuple[str, int]:
    """A ``|`` or ``|-`` block: lines indented deeper than ``indent``, the first one deciding by how much."""
    if pos >= len(text):
        raise _Declined
    start = _SPACES.match(text, pos).end()  # type: ignore[union-attr]  # " *" always matches
    depth = start - pos
    if depth <= indent or text[start] == "\n":
        raise _Declined
    stop = _LITERAL_ENDS.get(depth)
    if stop is None:  # a line break, then a line that is neither empty nor indented as deep
        stop = _LITERAL_ENDS[depth] = re.compile(f"\n[ ]{{0,{depth - 1}}}+[^ \n]")
    found = stop.search(text, pos)
    end = len(text) if found is None else found.start() + 1
    block = text[pos + depth : end]
    value = block.replace("\n" + " " * depth, "\n")
    # Every line after the first lost its indentation, except empty ones: else one is spaces alone and
    # shorter than the indentation (YAML reads it as empty; writers never make one).  Counted, not
    # searched for: a search through a body that is mostly spaces costs as much as the replace.
    dedented, later_lines = (len(block) - len(value)) // depth, block.count("\n") - 1
    if dedented != later_lines and dedented + _empty_lines(block) != later_lines:
        raise _Declined
    value = value.rstrip("\n")
    return (value if strip else value + "\n"), end


def _empty_lines(block: str) -> int:
    return len(_EMPTY_LINE.findall(block)) if "\n\n" in block else 0


def _plain(scalar: str) -> Any:
    """A plain scalar's value as PyYAML types it (str, int, bool, None); declines other types."""
    return _once(_RESOLVED, scalar, _resolve_plain)


def _once(cache: dict[str, Any], text: str, read: Callable[[str], Any]) -> Any:
    """``read(text)``, computed once per distinct text and kept in ``cache`` (a decline too: it is
    raised again each time).  Most lines of a suite's cassettes are the same lines ("method: GET",
    "code: 200"), so most of a cassette costs lookups."""
    found = cache.get(text, _MISSING)
    if found is _MISSING:
        if len(cache) > 4096:
            cache.clear()
        try:
            found = read(text)
        except _Declined:
            found = _DECLINED
        cache[text] = found
    if found is _DECLINED:
        raise _Declined
    return found


def _resolve_plain(scalar: str) -> Any:
    global _RESOLVER
    if not scalar:
        return _DECLINED  # "key: " with nothing after the space
    if _INT.fullmatch(scalar) is None and (
        scalar[0] in _INDICATORS or scalar[-1] in " :" or ": " in scalar or " #" in scalar
    ):
        return _DECLINED  # not a plain scalar, or not one alone
    import yaml

    if _RESOLVER is None:
        _RESOLVER = yaml.resolver.Resolver()
    tag = _RESOLVER.resolve(yaml.ScalarNode, scalar, (True, False))
    if tag == _STR:
        return scalar
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return yaml.constructor.SafeConstructor.bool_values[scalar.lower()]
    if tag == "tag:yaml.org,2002:int" and _INT.fullmatch(scalar):
        return int(scalar)
    return _DECLINED  # floats, timestamps, octal and sexagesimal ints ...: libyaml's constructor


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
