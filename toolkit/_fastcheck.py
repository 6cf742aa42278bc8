"""A yes/no schema check for the hot paths (the server's PUTs, the assertions' valid bodies).

Most bodies are valid, and then only "valid" matters; when the answer is no,
:class:`toolkit.validation.Validator` asks jsonschema, which confirms it and names the JSON path.
So this module may only ever be *stricter* than the schema, never more lenient: a body it refuses
wrongly is still accepted after confirmation, only more slowly.

:func:`compile_check` turns the subset of JSON Schema our generated schemas use into one tight
Python function (about three times faster than fastjsonschema's general-purpose code, which also
formats every nested value's error path before checking it).  Keywords: ``type`` (one or a list),
``properties``, ``additionalProperties`` (false or a schema), ``required``, ``items``, ``enum``
(strings and null), ``pattern`` (searched with Python's ``re``, as both validators do), ``minimum``,
``maximum``, ``$ref`` to ``#/$defs/...``; annotations are ignored.  Types are tested with
``type(x) is ...``, so ``5.0`` is not taken for an integer nor a ``str`` subclass for a string
(stricter, hence confirmed).  A schema with any other keyword raises :class:`Unsupported` and
:func:`fast_check` then falls back to fastjsonschema.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from typing import Any

__all__ = ["Unsupported", "compile_check", "fast_check", "fastjsonschema_check"]

_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$defs", "$comment"})
_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "enum",
        "pattern",
        "minimum",
        "maximum",
        "$ref",
    }
)
_TYPE_TESTS = {
    "string": "type({v}) is str",
    "integer": "type({v}) is int",
    "number": "(type({v}) is int or type({v}) is float)",
    "boolean": "type({v}) is bool",
    "null": "{v} is None",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
}


# Python types of JSON values (exact, as orjson makes them): used for whole groups of properties.
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}


class Unsupported(ValueError):
    """The schema uses a keyword this compiler does not handle."""


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.constants: dict[str, Any] = {}
        self.functions: list[str] = []
        self.done: set[str] = set()
        self.counter = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def constant(self, prefix: str, value: Any) -> str:
        name = self.name(prefix)
        self.constants[name] = value
        return name

    def function(self, ref: str) -> str:
        if not ref.startswith("#/$defs/"):
            raise Unsupported(f"$ref {ref!r}")
        key = ref[len("#/$defs/") :]
        fname = "check_" + re.sub(r"\W", "_", key)
        if fname not in self.done:
            self.done.add(fname)
            try:
                schema = self.root["$defs"][key]
            except KeyError:
                raise Unsupported(f"$ref {ref!r} has no definition") from None
            body = self.node(schema, "v", 1)
            self.functions.append("\n".join([f"def {fname}(v):", *body, "    return True"]))
        return fname

    def node(self, schema: Any, v: str, depth: int) -> list[str]:
        """Statements that ``return False`` when ``v`` breaks ``schema``."""
        pad = "    " * depth
        if schema is True or schema == {}:
            return []
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        unknown = set(schema) - _KEYWORDS - _ANNOTATIONS
        if unknown:
            raise Unsupported(f"keywords {sorted(unknown)}")
        out: list[str] = []
        if "$ref" in schema:
            out.append(self.ref(schema["$ref"], v, pad))
        types = schema.get("type")
        names = None if types is None else [types] if isinstance(types, str) else list(types)
        if names is not None and any(t not in _TYPE_TESTS for t in names):
            raise Unsupported(f"type {types!r}")
        single = names[0] if names is not None and len(names) == 1 else None
        # Conditions that must all hold; when the type is a single one, the keyword checks join the
        # type test in one expression instead of re-testing the type.
        must: list[str] = []
        if names is not None:
            must.append("(" + " or ".join(_TYPE_TESTS[t].format(v=v) for t in names) + ")")
        if "enum" in schema:
            values = schema["enum"]
            if not all(x is None or isinstance(x, str) for x in values):
                raise Unsupported("enum of other than strings and null")
            strings = self.constant("E", frozenset(x for x in values if isinstance(x, str)))
            allowed = f"(type({v}) is str and {v} in {strings})"
            must.append(f"({v} is None or {allowed})" if None in values else allowed)
        if "pattern" in schema:
            regex = self.constant("P", re.compile(schema["pattern"]))
            if single == "string":
                must.append(f"{regex}.search({v})")
            else:
                out.append(f"{pad}if type({v}) is str and not {regex}.search({v}): return False")
        bounds = []
        for key, op in (("minimum", "<="), ("maximum", ">=")):
            if key in schema:
                bound = schema[key]
                if not isinstance(bound, (int, float)) or isinstance(bound, bool):
                    raise Unsupported(f"{key} {bound!r}")
                bounds.append(f"{bound!r} <= {v}" if op == "<=" else f"{v} <= {bound!r}")
        if bounds:
            if single in ("integer", "number"):
                must.extend(bounds)
            else:
                guard = f"(type({v}) is int or type({v}) is float)"
                out.append(f"{pad}if {guard} and not ({' and '.join(bounds)}): return False")
        if must:
            out.insert(0, f"{pad}if not ({' and '.join(must)}): return False")
        if {"properties", "additionalProperties", "required"} & set(schema):
            out.extend(self.object(schema, v, depth, known=single == "object"))
        if "items" in schema:
            item = self.name("i")
            if single == "array":
                out.append(f"{pad}for {item} in {v}:")
                out.extend(self.node(schema["items"], item, depth + 1) or [f"{pad}    pass"])
            else:
                out.append(f"{pad}if type({v}) is list:")
                out.append(f"{pad}    for {item} in {v}:")
                out.extend(self.node(schema["items"], item, depth + 2) or [f"{pad}        pass"])
        return out

    def ref(self, ref: str, v: str, pad: str) -> str:
        fname = self.function(ref)
        target = self.root["$defs"][ref[len("#/$defs/") :]]
        types = target.get("type") if isinstance(target, dict) else None
        if types == "null" or (isinstance(types, list) and "null" in types):
            # Nullable carriers are mostly null: skip the call for them.
            return f"{pad}if {v} is not None and not {fname}({v}): return False"
        return f"{pad}if not {fname}({v}): return False"

    def object(self, schema: dict[str, Any], v: str, depth: int, *, known: bool) -> list[str]:
        inner_depth = depth if known else depth + 1
        pad = "    " * inner_depth
        props: dict[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        body: list[str] = []
        for key in schema.get("required", []):
            body.append(f"{pad}if {key!r} not in {v}: return False")
        if extra is False:
            keys = self.constant("K", frozenset(props))
            body.append(f"{pad}if not {v}.keys() <= {keys}: return False")
        if extra is False and len(props) > 1:
            # Every property present (the usual full body): check whole groups of same-schema
            # properties at C speed; otherwise property by property.
            body.append(f"{pad}if len({v}) == {len(props)}:")
            body.extend(self.all_present(props, v, inner_depth + 1))
            body.append(f"{pad}else:")
            body.extend(self.each_present(props, v, inner_depth + 1))
        else:
            body.extend(self.each_present(props, v, inner_depth))
        if extra not in (True, False):
            if props:
                raise Unsupported("properties together with an additionalProperties schema")
            x = self.name("m")
            inner = self.node(extra, x, inner_depth + 1)
            if inner:
                body.append(f"{pad}for {x} in {v}.values():")
                body.extend(inner)
        if not body or known:
            return body
        return [f"{'    ' * depth}if type({v}) is dict:", *body]

    def each_present(self, props: dict[str, Any], v: str, depth: int) -> list[str]:
        pad = "    " * depth
        out: list[str] = []
        for key, sub in props.items():
            x = self.name("p")
            inner = self.node(sub, x, depth + 1)
            if inner:
                out.append(f"{pad}{x} = {v}.get({key!r}, _MISSING)")
                out.append(f"{pad}if {x} is not _MISSING:")
                out.extend(inner)
        return out or [f"{pad}pass"]

    def all_present(self, props: dict[str, Any], v: str, depth: int) -> list[str]:
        """Checks for an object known to hold exactly ``props`` (so ``v[key]`` cannot fail)."""
        pad = "    " * depth
        groups: dict[str, list[str]] = {}
        for key, sub in props.items():
            groups.setdefault(json.dumps(sub, sort_keys=True), []).append(key)
        out: list[str] = []
        for text, keys in groups.items():
            sub = json.loads(text)
            grouped = self.group(sub, keys, v, pad) if len(keys) > 1 else None
            if grouped is not None:
                out.extend(grouped)
                continue
            for key in keys:
                x = self.name("p")
                inner = self.node(sub, x, depth)
                if inner:
                    out.append(f"{pad}{x} = {v}[{key!r}]")
                    out.extend(inner)
        return out or [f"{pad}pass"]

    def group(self, sub: Any, keys: list[str], v: str, pad: str) -> list[str] | None:
        """One check for several properties sharing a simple schema, or None when it is not simple."""
        if not isinstance(sub, dict) or set(sub) - {"type", "pattern", "minimum", "maximum", "enum"}:
            return None
        types = sub.get("type")
        names = [types] if isinstance(types, str) else types
        if not isinstance(names, list) or any(t not in _PY_TYPES for t in names):
            return None
        allowed = self.constant("T", frozenset(t for n in names for t in _PY_TYPES[n]))
        values = self.name("g")
        getter = self.constant("G", operator.itemgetter(*keys))
        must = [f"set(map(type, {values})) <= {allowed}"]
        if "pattern" in sub:
            if names != ["string"]:
                return None
            regex = self.constant("P", re.compile(sub["pattern"]))
            must.append(f"all(map({regex}.search, {values}))")
        if "minimum" in sub or "maximum" in sub:
            if names != ["integer"]:
                return None
            if "minimum" in sub:
                must.append(f"min({values}) >= {sub['minimum']!r}")
            if "maximum" in sub:
                must.append(f"max({values}) <= {sub['maximum']!r}")
        if "enum" in sub:
            if names != ["string"] or not all(isinstance(x, str) for x in sub["enum"]):
                return None
            must.append(f"set({values}) <= {self.constant('E', frozenset(sub['enum']))}")
        return [f"{pad}{values} = {getter}({v})", f"{pad}if not ({' and '.join(must)}): return False"]


def compile_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A function answering whether a value conforms to ``schema`` (stricter at worst; see above)."""
    compiler = _Compiler(schema)
    body = compiler.node(schema, "v", 1)
    source = "\n\n".join([*compiler.functions, "\n".join(["def check(v):", *body, "    return True"])])
    namespace: dict[str, Any] = {"_MISSING": object(), **compiler.constants}
    exec(compile(source, "<toolkit.server schema check>", "exec"), namespace)
    check: Callable[[Any], bool] = namespace["check"]
    return check


_PATH_FORMAT = re.compile(r'"[^"\n]*"\.format\(\*\*locals\(\)\)')


def fastjsonschema_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """The fallback: fastjsonschema's code, minus the error-path formatting nobody reads here."""
    import fastjsonschema

    code = _PATH_FORMAT.sub('""', fastjsonschema.compile_to_code(schema))
    namespace: dict[str, Any] = {}
    exec(compile(code, "<toolkit fastjsonschema check>", "exec"), namespace)
    entry = namespace[min((k for k in namespace if k.startswith("validate")), key=len)]  # the root
    error: type[Exception] = fastjsonschema.JsonSchemaException

    def check(value: Any) -> bool:
        try:
            entry(value)
        except error:
            return False
        return True

    return check


def fast_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """The fastest yes/no check for ``schema``: compiled here, or fastjsonschema's when unsupported."""
    try:
        return compile_check(schema)
    except Unsupported:
        return fastjsonschema_check(schema)
