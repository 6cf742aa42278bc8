"""Hypothesis strategies for SuperOffice appointment payloads, built from the catalogue.

::

    from hypothesis import given
    from toolkit.strategies import appointment_entities, appointment_responses, selects

    @given(appointment_entities(Private="Public"))
    def test_sync_survives_any_appointment(appointment): ...

Needs the ``hypothesis`` extra (``pip install 'so-toolkit[hypothesis]'``); this is the only module that
imports Hypothesis, and importing it without raises :class:`~toolkit.errors.MissingExtraError` (an
``ImportError``) saying so.

**What is drawn.**  Every property :mod:`toolkit.catalogue` lists, in its order, each value valid
against the shipped schema (:mod:`toolkit.schemas`).  Besides ordinary values, each property reaches
the edges integration code trips over, on purpose rather than by luck:

* null in every nullable property (strings, carriers, arrays, dictionaries), at every level;
* empty arrays and dictionaries, and arrays of :data:`LONG_ARRAY` items at the top level (null items
  never: SuperOffice writes none);
* strings of exactly the catalogue's length for the field (its column's), else of :data:`LONG_TEXT`
  characters (lengths over 500 in the entity's own properties only, so a body stays far below 1 MB);
* unicode from every plane, control characters (JSON escapes them), right-to-left text, combining
  marks, a byte order mark (see :data:`EDGE_TEXTS`);
* ``int32`` and ``int16`` limits, -1 and 0; finite doubles of any size;
* dates as .NET writes them: ``DateTime.MinValue`` and ``MaxValue``, zero to seven fraction digits, no
  offset, ``Z`` or ``+hh:mm`` (:func:`dotnet_dates`);
* every enum name, and for flags enums every single name and combinations ("Select, Update").

**Shrinking** goes toward the spec's sample (``fixtures/spec/sample-request.json``): each property's first
choice is the sample's value, so a failing example shrinks to the sample with only the properties
that matter changed.

**Overrides** use the factories' ``__`` paths and take values or strategies:
``appointment_entities(Private="Public", Links__0__Id=st.integers(1, 10), Contact__Name="Acme")``.
A carrier, list or dictionary on an override's path is drawn non-null (a list long enough for the
index).  A path the catalogue does not know raises :class:`~toolkit.errors.UsageError` when the
strategy is made.

**Realistic mode** (``realistic=True``): text is drawn from the values the factories make (their
per-locale pools: names, companies, titles, e-mails ...) instead of arbitrary unicode; everything else
still reaches its edges.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any, cast

from toolkit.errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError:
    raise MissingExtraError(
        "toolkit.strategies needs Hypothesis: pip install 'so-toolkit[hypothesis]'"
    ) from None

from toolkit import catalogue
from toolkit._copy import clone
from toolkit._overrides import override_steps
from toolkit.catalogue import ENUMS, INT16_MAX, INT16_MIN, INT32_MAX, INT32_MIN, Carrier, Field, TypeRef
from toolkit.errors import UsageError
from toolkit.types import AppointmentEntity, AppointmentEntityWithLinks

__all__ = [
    "DOTNET_MAX_VALUE",
    "DOTNET_MIN_VALUE",
    "EDGE_TEXTS",
    "LONG_ARRAY",
    "LONG_TEXT",
    "appointment_entities",
    "appointment_responses",
    "carriers",
    "dotnet_dates",
    "property_values",
    "selects",
]

JSON = Any
Strategy = st.SearchStrategy

#: ``DateTime.MinValue`` as SuperOffice writes an unset date.
DOTNET_MIN_VALUE = "0001-01-01T00:00:00"
#: ``DateTime.MaxValue`` with all seven fraction digits.
DOTNET_MAX_VALUE = "9999-12-31T23:59:59.9999999"
#: Items in a "long" top-level array.
LONG_ARRAY = 100
#: Characters in a "long" string where the catalogue knows no maximum length.
LONG_TEXT = 2000
#: Strings every text property reaches on purpose (each is valid JSON text once escaped).
EDGE_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "\x00",
    "\t\r\n",
    "\x1b[31m\x7f\x9f",
    "\u2028\u2029",
    "\ufeffBOM",
    "😀👍🏽🇳🇴",
    "Zoë Ærøskøbing Œuvre ß",
    "שלום עולם",
    "e\u0301\u0327",
    '"quoted" \\ back/slash',
    "<b>&amp;</b>",
)

# Nested carriers deeper than this are null: every carrier is reached (the deepest, FieldRight and
# StructuredAddress, sit at depth 3) while one draw stays a few hundred choices, not thousands.
_MAX_DEPTH = 4
_SHORT_TEXT = 40
_LONG_ANYWHERE = 500
_SHORT_LIST = 3
# Dates between these get any offset; nearer the ends of .NET's range an offset could move the UTC
# instant outside it (DateTimeOffset throws), so those are written without one, as SuperOffice does.
_FIRST = datetime(1, 1, 1)
_LAST_SECOND = int((datetime(9999, 12, 31, 23, 59, 59) - _FIRST).total_seconds())
_SAFE_FIRST = datetime(1, 1, 2)
_SAFE_LAST = datetime(9999, 12, 30, 23, 59, 59)


@dataclass(frozen=True, slots=True)
class _Mode:
    response: bool
    realistic: bool
    locale: str
    compact: bool = False  # inside a long array: no long strings, so a body stays well under 1 MB


# --- catalogue-typed walking, shared by the sample and the realistic pools --------------------------


def _walk(
    value: JSON, t: TypeRef, where: tuple[str, str], visit: Callable[[tuple[str, str], JSON], None]
) -> None:
    # ``where``: (carrier, field) owning the value; list items and map values keep their owner's.
    if t.kind == "carrier":
        if not isinstance(value, dict):
            return
        owner = catalogue.carrier(t.name or "")
        for f in owner.fields:
            if f.name in value:
                child = value[f.name]
                visit((owner.name, f.name), child)
                _walk(child, f.type, (owner.name, f.name), visit)
    elif t.kind in ("list", "map") and t.item is not None and isinstance(value, (list, dict)):
        for item in value.values() if isinstance(value, dict) else value:
            if t.item.kind not in ("carrier", "list", "map"):
                visit(where, item)
            _walk(item, t.item, where, visit)


def _root(response: bool) -> Carrier:
    return catalogue.ENTITY_WITH_LINKS if response else catalogue.ENTITY


@cache
def _sample_values() -> dict[tuple[str, str], JSON]:
    """The spec samples' first value for each (carrier, field): each property's shrink target."""
    out: dict[tuple[str, str], JSON] = {}

    def visit(where: tuple[str, str], value: JSON) -> None:
        # FieldProperties keys name fields ("fieldName" in the sample is a placeholder); _Links is derived.
        if where[1] not in ("FieldProperties", "_Links"):
            out.setdefault(where, value)

    for response in (False, True):
        name = _root(response).name
        text = resources.files("toolkit").joinpath(f"_samples/{name}.json").read_text(encoding="utf-8")
        _walk(json.loads(text), TypeRef("carrier", name=name), ("", ""), visit)
    return out


@cache
def _realistic_pools(
    locale: str,
) -> tuple[dict[tuple[str, str], tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]]]:
    """Text values and dictionary keys the factories make, by (carrier, field): realistic mode's pools."""
    from toolkit.factories import TRAITS, AppointmentFactory

    texts: dict[tuple[str, str], set[str]] = {}
    keys: dict[tuple[str, str], set[str]] = {}

    def visit(where: tuple[str, str], value: JSON) -> None:
        if isinstance(value, str):
            texts.setdefault(where, set()).add(value)
        elif isinstance(value, dict) and where[1] not in ("FieldProperties",):
            keys.setdefault(where, set()).update(k for k in value if isinstance(k, str))

    factory = AppointmentFactory(seed=0, locale=locale)
    full = [t for t in TRAITS if t in ("with_relations", "booking", "recurring")]
    for _ in range(40):
        for payload in (factory.build(), factory.build_response(traits=full)):
            name = "AppointmentEntityWithLinks" if "_Links" in payload else catalogue.ENTITY.name
            _walk(payload, TypeRef("carrier", name=name), ("", ""), visit)
    for name in catalogue.CARRIERS:
        if name == catalogue.ENTITY.name:
            continue
        for _ in range(8):
            _walk(factory.build_carrier(name, response=True), TypeRef("carrier", name=name), ("", ""), visit)
    return (
        {k: tuple(sorted(v)) for k, v in texts.items()},
        {k: tuple(sorted(v)) for k, v in keys.items() if v},
    )


# --- leaves -----------------------------------------------------------------------------------------


def _max_length(f: Field | None) -> int | None:
    # The catalogue's length of a text field (its column's, in characters), where it knows one.
    if f is None or f.type.kind != "str" or f.length <= 0 or f.dotnet_type != "System.String":
        return None  # a TimeSpan travels as text, but its length is in bytes
    return f.length


def _texts(f: Field | None, mode: _Mode, where: tuple[str, str], depth: int) -> Strategy[str]:
    limit = _max_length(f)
    if mode.realistic:
        pool = _realistic_pools(mode.locale)[0].get(where)
        if pool:
            fitting = tuple(v for v in pool if limit is None or len(v) <= limit)
            if fitting:
                return st.sampled_from(fitting)
    short = st.text(st.characters(codec="utf-8"), max_size=min(limit or _SHORT_TEXT, _SHORT_TEXT))
    long_size = limit or LONG_TEXT
    # A long string is a short drawn one repeated: cheap to draw, exactly long_size characters.  BMP
    # characters only, so the length is the same counted in code points (JSON Schema) or UTF-16 (.NET).
    seed = st.text(st.characters(codec="utf-8", max_codepoint=0xFFFF), min_size=1, max_size=8)
    longest = seed.map(lambda s: (s * (long_size // len(s) + 1))[:long_size])
    edges = st.sampled_from(tuple(e for e in EDGE_TEXTS if limit is None or len(e) <= limit))
    # Long strings everywhere would make bodies of megabytes: lengths up to _LONG_ANYWHERE are reached at
    # every level, longer ones in the entity's own properties.
    if mode.compact or (long_size > _LONG_ANYWHERE and depth > 0):
        return st.one_of(short, edges)
    return st.one_of(short, edges, longest)


def _integers(lo: int, hi: int) -> Strategy[int]:
    return st.one_of(st.integers(lo, hi), st.sampled_from((lo, hi, -1, 0)))


def _doubles() -> Strategy[float]:
    # JSON has no NaN or infinity; everything else a .NET Double holds round-trips through JSON text.
    extremes = (1.7976931348623157e308, -1.7976931348623157e308, 5e-324, -0.0)
    return st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(extremes))


def _format_date(moment: datetime, fraction: str, offset: str) -> str:
    if not _SAFE_FIRST <= moment <= _SAFE_LAST:
        offset = ""
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}{fraction}{offset}"


def _fractions() -> Strategy[str]:
    # Seven digits (what .NET's round-trip format writes) or one to seven with trailing zeros dropped
    # (what SuperOffice writes), or none.  Drawn as plain integers: a flatmap would cost a strategy per draw.
    seven = st.integers(0, 10**7 - 1).map(lambda v: f".{v:07d}")
    fewer = st.tuples(st.integers(1, 7), st.integers(1, 10**7 - 1)).map(lambda t: f".{t[1]:07d}"[: t[0] + 1])
    return st.one_of(st.just(""), seven, fewer)


def _offsets() -> Strategy[str]:
    def offset(quarters: int) -> str:
        sign = "-" if quarters < 0 else "+"
        hours, minutes = divmod(abs(quarters) * 15, 60)
        return f"{sign}{hours:02d}:{minutes:02d}"

    return st.one_of(st.just(""), st.just("Z"), st.integers(-14 * 4, 14 * 4).map(offset))


def dotnet_dates() -> Strategy[str]:
    """Dates as .NET writes them, years 1 to 9999: ``2002-09-19T03:46:59.6911992+02:00``.

    Zero to seven fraction digits (seven often), no offset, ``Z`` or ``+hh:mm`` (-14:00 to +14:00), and
    ``DateTime.MinValue`` / ``MaxValue`` on purpose.  Real calendar dates only.
    """
    # Whole seconds since 0001-01-01 in one draw (st.datetimes draws each part apart, several times slower).
    moments = st.integers(0, _LAST_SECOND).map(lambda n: _FIRST + timedelta(seconds=n))
    plain = st.builds(_format_date, moments, _fractions(), _offsets())
    return st.one_of(plain, st.sampled_from((DOTNET_MIN_VALUE, DOTNET_MAX_VALUE)))


def _flags(names: tuple[str, ...]) -> Strategy[str]:
    # A .NET flags value: one name, or several joined with ", " in declaration order ("None" only alone).
    combinable = tuple(n for n in names if n != "None")
    order = {n: i for i, n in enumerate(names)}
    combined = st.lists(st.sampled_from(combinable), min_size=2, max_size=len(combinable), unique=True).map(
        lambda xs: ", ".join(sorted(xs, key=order.__getitem__))
    )
    return st.one_of(st.sampled_from(names), combined)


# --- the catalogue walk -----------------------------------------------------------------------------

_Tree = dict[str | int, Any]  # nested overrides: a step's subtree, or a _Leaf


@dataclass(frozen=True, slots=True)
class _Leaf:
    value: Any

    def strategy(self) -> Strategy[Any]:
        if isinstance(self.value, st.SearchStrategy):
            return self.value
        return st.just(self.value).map(clone)  # a fresh copy per example: tests may mutate it


def _overrides(root: Carrier, overrides: Mapping[str, Any]) -> _Tree:
    tree: _Tree = {}
    for key, value in overrides.items():
        steps = override_steps(root, key)
        node = tree
        for step in steps[:-1]:
            child = node.setdefault(step.key, {})
            if isinstance(child, _Leaf):
                raise UsageError(f"override {key!r}: {step.path} is already overridden as a whole")
            node = child
        last = steps[-1]
        if last.key in node:
            raise UsageError(f"override {key!r}: {last.path} is overridden twice")
        node[last.key] = _Leaf(value)
    return tree


def _value(
    t: TypeRef,
    f: Field | None,
    where: tuple[str, str],
    mode: _Mode,
    depth: int,
    tree: Any = None,
    *,
    item: bool = False,
) -> Strategy[Any]:
    """Values of type ``t`` for property ``where`` (carrier, field); ``tree``: overrides below it.

    ``item``: an array item or dictionary value, never null (SuperOffice writes none).
    """
    if isinstance(tree, _Leaf):
        return tree.strategy()
    if tree:
        return _overridden(t, f, where, mode, depth, tree)
    kind = t.kind
    base: Strategy[Any]
    if kind == "str":
        base = _texts(f, mode, where, depth)
    elif kind == "int32":
        base = _integers(INT32_MIN, INT32_MAX)
    elif kind == "int16":
        base = _integers(INT16_MIN, INT16_MAX)
    elif kind == "double":
        base = _doubles()
    elif kind == "bool":
        base = st.booleans()
    elif kind == "date":
        base = dotnet_dates()
    elif kind == "enum":
        base = st.sampled_from(ENUMS[t.name or ""])
    elif kind == "flags":
        base = _flags(ENUMS[t.name or ""])
    elif kind == "carrier":
        if depth >= _MAX_DEPTH:
            return st.none()
        base = _carrier(t.name or "", mode, depth + 1)
    elif kind == "list":
        assert t.item is not None
        items = _value(t.item, f, where, mode, depth, item=True)
        lists = st.lists(items, max_size=_SHORT_LIST)
        if depth == 0:
            # A long array: a few drawn items repeated (copies), cheap however long.
            compact = _value(t.item, f, where, replace(mode, compact=True), depth, item=True)
            repeated = st.lists(compact, min_size=1, max_size=_SHORT_LIST).map(
                lambda xs: [clone(xs[i % len(xs)]) for i in range(LONG_ARRAY)]
            )
            lists = st.one_of(lists, repeated)
        base = lists
    else:
        assert t.item is not None
        base = st.dictionaries(
            _map_keys(where, mode), _value(t.item, f, where, mode, depth), max_size=_SHORT_LIST
        )
    if t.nullable and not item:
        # Carriers shrink to null (as in the spec's sample), other values to their type's simplest.  Inside
        # another carrier a carrier is null three times in four: each level still reaches every shape,
        # and an entity stays a few hundred draws (Hypothesis's health check wants 10 in a second).
        if kind == "carrier":
            return (
                st.one_of(st.none(), base) if depth == 0 else st.one_of(st.none(), st.none(), st.none(), base)
            )
        return st.one_of(base, st.none())
    return base


def _field_value(f: Field, owner: str, mode: _Mode, depth: int, tree: Any = None) -> Strategy[Any]:
    """A property's values: the spec sample's value first (the shrink target), then everything else."""
    where = (owner, f.name)
    drawn = _value(f.type, f, where, mode, depth, tree)
    samples = _sample_values()
    if tree is None and where in samples:
        sample = samples[where]
        first = st.just(sample).map(clone) if isinstance(sample, (dict, list)) else st.just(sample)
        return st.one_of(first, drawn)
    return drawn


def _map_keys(where: tuple[str, str], mode: _Mode) -> Strategy[str]:
    owner, name = where
    if name == "FieldProperties":
        # Keyed by the owner's own property names, as SuperOffice does.
        owner_name = catalogue.ENTITY.name if owner == catalogue.ENTITY_WITH_LINKS.name else owner
        return st.sampled_from(catalogue.carrier(owner_name).names)
    if mode.realistic:
        keys = _realistic_pools(mode.locale)[1].get(where)
        if keys:
            return st.sampled_from(keys)
    return st.text(st.characters(codec="utf-8"), max_size=_SHORT_TEXT)


def _ordered(fields: dict[str, Strategy[Any]]) -> Strategy[dict[str, JSON]]:
    # fixed_dictionaries draws (and inserts) keys in a shuffled order; payloads keep the catalogue's.
    order = tuple(fields)
    return st.fixed_dictionaries(fields).map(lambda d: {k: d[k] for k in order})


def _field_names(c: Carrier, mode: _Mode, tree: _Tree) -> tuple[Field, ...]:
    # Request carriers leave out the rights only responses carry (as the factories do), unless overridden.
    rights = frozenset(catalogue.RESPONSE_ONLY)
    return tuple(f for f in c.fields if mode.response or f.name not in rights or f.name in tree)


def _carrier(name: str, mode: _Mode, depth: int, tree: _Tree | None = None) -> Strategy[dict[str, JSON]]:
    tree = tree or {}
    if not tree:
        return _plain_carrier(name, mode, depth)
    c = catalogue.carrier(name)
    return _ordered(
        {f.name: _field_value(f, c.name, mode, depth, tree.get(f.name)) for f in _field_names(c, mode, tree)}
    )


@cache
def _plain_carrier(name: str, mode: _Mode, depth: int) -> Strategy[dict[str, JSON]]:
    c = catalogue.carrier(name)
    return _ordered({f.name: _field_value(f, c.name, mode, depth) for f in _field_names(c, mode, {})})


def _overridden(
    t: TypeRef, f: Field | None, where: tuple[str, str], mode: _Mode, depth: int, tree: _Tree
) -> Strategy[Any]:
    # Something below this value is overridden: draw it non-null, with room for the overridden parts.
    if t.kind == "carrier":
        return _carrier(t.name or "", mode, depth + 1, tree)
    assert t.item is not None
    item = t.item
    if t.kind == "list":
        indexes = cast(dict[int, Any], tree)
        size = max(indexes) + 1
        rest = st.lists(
            _value(item, f, where, mode, depth, item=True), min_size=size, max_size=size + _SHORT_LIST
        )
        fixed = st.fixed_dictionaries(
            {i: _value(item, f, where, mode, depth, sub, item=True) for i, sub in indexes.items()}
        )

        def put_items(drawn: tuple[list[JSON], dict[int, JSON]]) -> list[JSON]:
            items, chosen = drawn
            for i, v in chosen.items():
                items[i] = v
            return items

        return st.tuples(rest, fixed).map(put_items)
    entries = st.dictionaries(
        _map_keys(where, mode), _value(item, f, where, mode, depth, item=True), max_size=_SHORT_LIST
    )
    fixed_entries = st.fixed_dictionaries(
        {str(k): _value(item, f, where, mode, depth, sub, item=True) for k, sub in tree.items()}
    )
    return st.tuples(entries, fixed_entries).map(lambda d: {**d[0], **d[1]})


# --- the public strategies --------------------------------------------------------------------------


def _mode(response: bool, realistic: bool, locale: str) -> _Mode:
    if not isinstance(realistic, bool):
        raise UsageError(f"realistic must be True or False, got {realistic!r}")
    if realistic:
        from toolkit._pools import resolve_locale

        resolve_locale(locale)  # an unknown locale is a UsageError now, not at the first draw
    return _Mode(response, realistic, locale)


def _entity(response: bool, realistic: bool, locale: str, overrides: Mapping[str, Any]) -> Strategy[Any]:
    mode = _mode(response, realistic, locale)
    root = _root(response)
    tree = _overrides(root, overrides)
    fields = {
        f.name: _field_value(f, root.name, mode, 0, tree.get(f.name))
        for f in root.fields
        if f.name != "_Links" or "_Links" in tree
    }
    return _ordered(fields)


def appointment_entities(
    *, realistic: bool = False, locale: str = "en_US", **overrides: Any
) -> Strategy[AppointmentEntity]:
    """AppointmentEntity request bodies: every property, each valid, edges reached on purpose.

    ``overrides``: ``__`` paths as for the factories, each a value or a strategy.  ``realistic=True``
    draws text from the factories' ``locale`` pools.  See the module docstring.
    """
    return cast("Strategy[AppointmentEntity]", _entity(False, realistic, locale, overrides))


def appointment_responses(
    *,
    realistic: bool = False,
    locale: str = "en_US",
    base_url: str = "https://www.example.com",
    **overrides: Any,
) -> Strategy[AppointmentEntityWithLinks]:
    """AppointmentEntityWithLinks answers: the entity with rights in every carrier, ``TableRight``,
    ``FieldProperties`` keyed by property names, and ``_Links`` pointing at ``AppointmentId`` under
    ``base_url`` (unless overridden)."""
    archive = f"{base_url.rstrip('/')}/api/v1/Appointment"
    links_overridden = any(k == "_Links" or k.startswith("_Links__") for k in overrides)

    def with_links(body: dict[str, JSON]) -> dict[str, JSON]:
        if not links_overridden:
            body["_Links"] = {"Self": f"{archive}/{body['AppointmentId']}", "Archive": archive}
        return body

    drawn = _entity(True, realistic, locale, overrides).map(with_links)
    return cast("Strategy[AppointmentEntityWithLinks]", drawn)


def carriers(
    name: str, *, response: bool = False, realistic: bool = False, locale: str = "en_US", **overrides: Any
) -> Strategy[dict[str, JSON]]:
    """One carrier (``Participant``, ``Link``, ``Contact`` ...), never null, drawn as inside an entity."""
    if name not in catalogue.CARRIERS or name == catalogue.ENTITY.name:
        known = ", ".join(n for n in catalogue.CARRIERS if n != catalogue.ENTITY.name)
        raise UsageError(f"unknown carrier {name!r}; known: {known}")
    return _carrier(
        name, _mode(response, realistic, locale), 1, _overrides(catalogue.carrier(name), overrides)
    )


def property_values(
    carrier: str, name: str, *, response: bool = False, realistic: bool = False, locale: str = "en_US"
) -> Strategy[Any]:
    """The values one property gets inside its carrier (``property_values("AppointmentEntity", "Private")``):
    the same strategy the entities and carriers draw it from."""
    owner = catalogue.carrier(carrier)
    if name not in owner.names:
        raise UsageError(f"{carrier} has no property {name!r}")
    depth = 0 if owner.name in (catalogue.ENTITY.name, catalogue.ENTITY_WITH_LINKS.name) else 1
    return _field_value(owner.field(name), owner.name, _mode(response, realistic, locale), depth)


@cache
def _select_paths() -> tuple[str, ...]:
    paths: list[str] = []

    def add(prefix: str, t: TypeRef, depth: int) -> None:
        while t.kind == "list" and t.item is not None:
            t = t.item
        if t.kind != "carrier" or depth > 2:
            return
        for f in catalogue.carrier(t.name or "").fields:
            path = f"{prefix}/{f.name}"
            paths.append(path)
            add(path, f.type, depth + 1)

    for f in catalogue.ENTITY_WITH_LINKS.fields:
        paths.append(f.name)
        add(f.name, f.type, 1)
    return tuple(paths)


def selects(*, max_paths: int = 6) -> Strategy[str]:
    """``$select`` values: 1 to ``max_paths`` real property paths (``Title``, ``Links/Id``,
    ``Contact/Address/Formatted``), comma-separated, shrinking toward ``Associate``, the first property."""
    if max_paths < 1:
        raise UsageError(f"max_paths must be 1 or more, got {max_paths}")
    return st.lists(st.sampled_from(_select_paths()), min_size=1, max_size=max_paths, unique=True).map(
        ",".join
    )
