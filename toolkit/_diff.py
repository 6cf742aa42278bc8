"""Compare two JSON values: fast when they are equal, path by path (via DeepDiff) when they are not.

The one diff engine: the assertions, the near-miss report of a replay miss and the drift report all
read its :func:`differences`, a list of :class:`Difference` (``path``, ``kind``, ``expected``,
``actual``) shortest path first.  ``kind`` is ``"changed"`` (same JSON type, other value), ``"type"``
(the JSON type changed), ``"removed"`` (only in ``expected``), ``"added"`` (only in ``actual``) or
``"matcher"`` (a :class:`~toolkit.matchers.Matcher` in ``expected`` refused the value); the absent
side of an added or removed value is :data:`MISSING`.  Paths are written as :mod:`toolkit._paths` writes
them; ignore paths are read in the same syntax, plus a wildcard: ``[*]`` (or ``.*``) stands for every
array item or every object key, e.g. ``Links[*].Id`` or ``FieldProperties.*.FieldLength``.
``["*"]`` (quoted) is a key literally named ``*``.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

import orjson

from toolkit._paths import WILDCARD, Part, Pattern, drop, format_path, parse_path
from toolkit.errors import UsageError
from toolkit.matchers import Matcher

__all__ = [
    "MISSING",
    "Difference",
    "compile_ignores",
    "depth",
    "differences",
    "json_equal",
    "render",
    "short",
]

_dumps = orjson.dumps

Kind = Literal["changed", "type", "removed", "added", "matcher"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


#: The value on a side where a key or item does not exist.
MISSING: Final = _Missing()


# --- paths ----------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _compile_tuple(paths: tuple[str, ...]) -> tuple[Pattern, ...]:
    return tuple(parse_path(p) for p in paths)


def compile_ignores(ignore: Iterable[str]) -> tuple[Pattern, ...]:
    """Parse ignore paths once (cached: the same tuple of paths is parsed once per process)."""
    if isinstance(ignore, str):
        raise UsageError(f"ignore must be a list of paths, not the string {ignore!r}")
    return _compile_tuple(tuple(ignore))


def depth(path: str) -> int:
    """How deep a formatted path goes (``$`` is 0): the sort key for "shortest path first"."""
    try:
        return len(parse_path(path))
    except UsageError:
        return path.count(".") + path.count("[") + 1


def _covers(pattern: Pattern, parts: Sequence[Part]) -> bool:
    """True when ``parts`` is at or below the path the pattern names."""
    if len(parts) < len(pattern):
        return False
    return all(p is WILDCARD or _same_part(p, q) for p, q in zip(pattern, parts, strict=False))


def _same_part(p: Any, q: Any) -> bool:
    # Property names compare case-insensitively, as SuperOffice's do (and matching's ignore paths).
    if isinstance(p, str) and isinstance(q, str):
        return p.lower() == q.lower()
    return bool(p == q)


# --- equality -------------------------------------------------------------------------------------


def json_equal(actual: Any, expected: Any) -> bool:
    """True when the two are the same JSON data: ``==`` and the same JSON types (``true`` is not ``1``).

    The fast path of every equality check: ``==`` (which also asks matchers, and says no to NaN), then
    the two values written by orjson in their own key order; equal bytes settle it.  Only payloads
    whose keys come in another order are written again with sorted keys.
    """
    if actual != expected:
        return False
    try:
        if _dumps(actual) == _dumps(expected):
            return True
    except TypeError:  # a matcher (or a value orjson cannot write): walk instead
        return _same_types(actual, expected)
    return _strictly_equal(actual, expected)


def _strictly_equal(actual: Any, expected: Any) -> bool:
    """After ``==`` said yes: do the JSON types agree too (``True`` is not ``1``, ``1`` not ``1.0``)?"""
    option = orjson.OPT_SORT_KEYS
    try:
        return bool(orjson.dumps(actual, option=option) == orjson.dumps(expected, option=option))
    except TypeError:  # a matcher (or a value orjson cannot write): walk instead
        return _same_types(actual, expected)


def _same_types(actual: Any, expected: Any) -> bool:
    if isinstance(expected, Matcher) or isinstance(actual, Matcher):
        return True  # ``==`` already asked the matcher
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, dict):
        return all(_same_types(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return all(_same_types(a, e) for a, e in zip(actual, expected, strict=True))
    return True


# --- differences ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    """One path where ``actual`` differs from ``expected``."""

    parts: tuple[Part, ...]
    kind: Kind
    expected: Any
    actual: Any

    @property
    def path(self) -> str:
        return format_path(self.parts)

    def sort_key(self) -> tuple[int, tuple[tuple[int, int, str], ...]]:
        # Shortest path first; then indexes numerically, keys alphabetically.
        return len(self.parts), tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in self.parts)


def differences(actual: Any, expected: Any, ignore: Iterable[str] = ()) -> list[Difference]:
    """Every difference, shortest path first (empty when equal as JSON data, matchers applied).

    Equal values cost one ``==`` plus a type check (:func:`json_equal`); DeepDiff runs only when they differ.
    """
    if not ignore and not isinstance(ignore, str) and json_equal(actual, expected):
        return []  # the common case first, before any ignore path is looked at
    patterns = compile_ignores(ignore)
    if patterns:
        actual, expected = drop(actual, patterns), drop(expected, patterns)
    if json_equal(actual, expected):
        return []
    found = [d for d in _deepdiff(actual, expected) if not any(_covers(p, d.parts) for p in patterns)]
    return sorted(found, key=Difference.sort_key)


class _MatcherOperator:
    """Lets DeepDiff ask a :class:`Matcher` in ``expected`` instead of comparing types and values."""

    def match(self, level: Any) -> bool:
        return isinstance(level.t1, Matcher) or isinstance(level.t2, Matcher)

    def give_up_diffing(self, level: Any, diff_instance: Any) -> bool:
        matcher, value = (level.t1, level.t2) if isinstance(level.t1, Matcher) else (level.t2, level.t1)
        if not matcher.matches(value):
            diff_instance.custom_report_result("matcher_mismatch", level, {})
        return True

    def normalize_value_for_hashing(self, parent: Any, obj: Any) -> Any:
        return obj


_KINDS: dict[str, Kind] = {
    "values_changed": "changed",
    "type_changes": "type",
    "dictionary_item_removed": "removed",
    "iterable_item_removed": "removed",
    "dictionary_item_added": "added",
    "iterable_item_added": "added",
    "matcher_mismatch": "matcher",
}


def _deepdiff(actual: Any, expected: Any) -> list[Difference]:
    from deepdiff import DeepDiff

    # t1 = expected, t2 = actual: "removed" means missing from actual, "added" means only in actual.
    # threshold_to_diff_deeper=0: always descend, so every differing leaf is named (DeepDiff otherwise
    # reports a whole object as changed when few of its keys are shared).
    tree = DeepDiff(
        expected,
        actual,
        view="tree",
        custom_operators=[_MatcherOperator()],
        threshold_to_diff_deeper=0,
    )
    out: list[Difference] = []
    for report, levels in tree.items():
        kind = _KINDS.get(report, "changed")
        for level in levels:
            parts = tuple(level.path(output_format="list"))
            exp = MISSING if kind == "added" else level.t1
            act = MISSING if kind == "removed" else level.t2
            out.append(Difference(parts, kind, exp, act))
    return out


# --- rendering ------------------------------------------------------------------------------------

_repr = reprlib.Repr()
_repr.maxstring = 70
_repr.maxother = 70
_repr.maxdict = 4
_repr.maxlist = 4
_repr.maxlevel = 2

_JSON_TYPES = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    dict: "object",
    list: "array",
}


def short(value: Any) -> str:
    """A bounded repr for messages (long strings and big objects are elided)."""
    if isinstance(value, Matcher):
        return repr(value)
    return _repr.repr(value)


def _typed(value: Any) -> str:
    return f"{short(value)} ({_JSON_TYPES.get(type(value), type(value).__name__)})"


def render(diff: Difference, *, sides: tuple[str, str] | None = None) -> str:
    """One line: ``Title: expected 'a', got 'b'``.

    With ``sides`` (how to name the actual and the expected side, e.g. ``("on the left", "on the
    right")``) the line is neutral, actual first: ``Title: 'b' != 'a'``, ``Agenda: only on the left``.
    """
    exp, act = diff.expected, diff.actual
    typed = diff.kind == "type" and exp is not None and act is not None
    e, a = (_typed(exp), _typed(act)) if typed else (short(exp), short(act))
    if sides is not None:
        if diff.kind == "removed":
            return f"{diff.path}: only {sides[1]}: {e}"
        if diff.kind == "added":
            return f"{diff.path}: only {sides[0]}: {a}"
        return f"{diff.path}: {a} != {e}"
    if diff.kind == "removed":
        return f"{diff.path}: missing, expected {e}"
    if diff.kind == "added":
        return f"{diff.path}: unexpected, got {a}"
    return f"{diff.path}: expected {e}, got {a}"
