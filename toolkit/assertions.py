"""Assertions for appointment payloads: schema, ``$select`` nulling, equality as data.

Each raises :class:`AssertionError` whose message lists every offending JSON path (written as
:func:`toolkit._paths.format_path` writes them) with the expected and the actual value, shortest path
first, at most :data:`MAX_LINES` lines and then a count of the rest::

    appointments differ at 2 JSON paths:
      Title: expected 'Kick-off', got 'Kickoff'
      Links[0].Id: expected 7, got 8

* :func:`assert_valid_appointment`: the body conforms to the JSON Schema (.NET dates, int32/Int16
  ranges, enum names checked).  Fast path: a validator compiled once per schema
  (:mod:`toolkit.validation`); jsonschema explains only failures.
* :func:`assert_select_nulled`: a ``$select`` response nulls what was not selected and keeps the rest,
  judged by the one ``$select`` rule, :func:`toolkit.select.apply_select`.
* :func:`assert_same_appointment`: equal as JSON data (key order ignored; ``True`` is not ``1``),
  with ignored paths and matchers (:mod:`toolkit.matchers`) for volatile values.
* :func:`explain_difference`: the same path-by-path view for pytest's ``assert left == right``
  (the plugin's ``pytest_assertrepr_compare`` calls it).

Ignore paths use the JSON path syntax of messages (``UpdatedDate``, ``Links[0].Id``,
``UserDefinedFields["SuperOffice:1"]``) plus a wildcard ``[*]`` (or ``.*``) for every array item or
object key: ``Links[*].Id``, ``FieldProperties.*.FieldLength``.  An ignored path is ignored on both
sides, missing or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from toolkit import _diff
from toolkit._messages import cap, plural
from toolkit._paths import join
from toolkit.catalogue import ENTITY_WITH_LINKS
from toolkit.select import apply_select, selection_is_all
from toolkit.validation import validator

__all__ = [
    "appointment_problems",
    "assert_same_appointment",
    "assert_select_nulled",
    "assert_valid_appointment",
    "explain_difference",
    "same_appointment_problems",
    "select_problems",
]

#: How many offending paths a message lists before "... and N more".
MAX_LINES = 20

_RESPONSE = "AppointmentEntityWithLinks"
_REQUIRED = re.compile(r"'(.+)' is a required property")
_REQUEST = "AppointmentEntity"


def _fail(headline: str, lines: Sequence[str]) -> AssertionError:
    shown = cap(lines, MAX_LINES)
    return AssertionError("\n  ".join([headline, *shown]))


# --- schema ---------------------------------------------------------------------------------------


def appointment_problems(body: Any, *, response: bool = True, select: str | None = None) -> list[str]:
    """The schema problems of a body as ``path: message`` lines, shortest path first (empty: valid).

    The most relevant problem (jsonschema's ``best_match``) wins ties; duplicates are dropped.
    ``select``: the body answers a ``$select`` request, so any property may be null.
    """
    name = _RESPONSE if response else _REQUEST
    lenient = select is not None and not selection_is_all(select)
    check = validator(name, lenient=lenient)
    if check.is_valid(body):
        return []
    problems = list(dict.fromkeys(_line(p.path, p.message) for p in check.problems(body)))
    # Stable sort: among equally deep paths, jsonschema's relevance order is kept.
    return sorted(problems, key=lambda line: _diff.depth(line.partition(": ")[0]))


def _line(path: str, message: str) -> str:
    # jsonschema puts a missing property at its parent ("$: 'Title' is a required property");
    # name the property's own path instead, like every other message.
    missing = _REQUIRED.fullmatch(message)
    if missing:
        return f"{join(path, missing.group(1))}: missing (a required property)"
    return f"{path}: {message}"


def assert_valid_appointment(body: Any, *, response: bool = True, select: str | None = None) -> None:
    """Assert ``body`` is a valid ``AppointmentEntityWithLinks`` (``response=False``: ``AppointmentEntity``).

    Checks types, .NET date strings, int32/Int16 ranges and enum names.  Give ``select`` (the request's
    ``$select``) for a ``$select`` response: its nulled properties are then allowed.
    """
    problems = appointment_problems(body, response=response, select=select)
    if problems:
        name = _RESPONSE if response else _REQUEST
        raise _fail(f"not a valid {name} ({plural(len(problems), 'problem')}):", problems)


# --- equality -------------------------------------------------------------------------------------


def same_appointment_problems(actual: Any, expected: Any, *, ignore: Iterable[str] = ()) -> list[str]:
    """Lines ``path: expected X, got Y`` for every difference, shortest path first (empty: the same)."""
    return [_diff.render(d) for d in _diff.differences(actual, expected, ignore)]


def assert_same_appointment(actual: Any, expected: Any, *, ignore: Iterable[str] = ()) -> None:
    """Assert two payloads are the same data: key order ignored, JSON types strict.

    ``expected`` may hold matchers (``ANY_DOTNET_DATE``, ``ANY_INT``, ``any_str(pattern=...)``, ...)
    for volatile values; ``ignore`` lists paths to leave out on both sides (``Links[*].Id`` style).
    Equal payloads cost microseconds; DeepDiff explains only differences.
    """
    problems = same_appointment_problems(actual, expected, ignore=ignore)
    if problems:
        raise _fail(f"appointments differ at {plural(len(problems), 'JSON path')}:", problems)


def explain_difference(left: Any, right: Any) -> list[str] | None:
    """The path-by-path view of ``left == right`` failing (None when equal), for pytest's assert report.

    Lines read ``Title: 'b' != 'a'`` (left value first, as in the assert), ``X: only on the left: ...``.
    The first line summarises; pytest shows it in place of its own summary.
    """
    diffs = _diff.differences(left, right)
    if not diffs:
        return None
    lines = [_diff.render(d, sides=("on the left", "on the right")) for d in diffs]
    head = f"payloads differ at {plural(len(lines), 'JSON path')} (left != right):"
    return [head, *("  " + line for line in cap(lines, MAX_LINES))]


# --- $select --------------------------------------------------------------------------------------


def select_problems(
    response: Any,
    select: str | None,
    *,
    entity: dict[str, Any] | None = None,
    ignore: Iterable[str] = (),
) -> list[str]:
    """Why ``response`` is not the ``$select`` answer it should be: lines, shortest path first."""
    if not isinstance(response, dict):
        return [f"$: expected an object, got {_diff.short(response)}"]
    found: dict[str, tuple[tuple[int, Any], str]] = {}

    def add(diff: _diff.Difference, line: str) -> None:
        found.setdefault(diff.path, (diff.sort_key(), line))

    # 1. Nulling: the response must equal the selection applied to itself (unselected -> null).
    for d in _diff.differences(response, apply_select(response, select), ignore):
        add(d, f"{d.path}: expected null (not in $select {select!r}), got {_diff.short(d.actual)}")
    # 2. Presence: every property stays in the response, selected or not.
    for parts in _missing_properties(response):
        d = _diff.Difference(parts, "removed", None, _diff.MISSING)
        add(d, f"{d.path}: missing (a $select response keeps every property)")
    # 3. Values: the selected values are the entity's (unselected ones are null either way).
    if entity is not None:
        expected = apply_select(entity, select)
        for d in _diff.differences(_project(response, expected), expected, ignore):
            add(d, _diff.render(d))
    return [line for _, line in sorted(found.values(), key=lambda item: item[0])]


def assert_select_nulled(
    response: Any,
    select: str | None,
    *,
    entity: dict[str, Any] | None = None,
    ignore: Iterable[str] = (),
) -> None:
    """Assert ``response`` is what ``$select=select`` should return.

    Every property outside the selection is null (nested objects and array items included; ``_Links``
    never), every property of the entity is present, and with ``entity`` (the stored appointment or
    the request body) every selected value equals the entity's.  ``ignore`` leaves paths out of every
    check (e.g. ``UpdatedDate``, which the server sets).  Expectations come from
    :func:`toolkit.select.apply_select`, the one ``$select`` rule.
    """
    problems = select_problems(response, select, entity=entity, ignore=ignore)
    if problems:
        raise _fail(
            f"response does not match $select {select!r} ({plural(len(problems), 'problem')}):", problems
        )


def _missing_properties(response: dict[str, Any]) -> list[tuple[str | int, ...]]:
    # Every top-level property stays in a $select answer.  Carriers declare no required fields
    # (a stored Link may lack TableRight), so below the top a missing key is judged against the
    # entity only, when one is given.
    return [(name,) for name in ENTITY_WITH_LINKS.names if name not in response]


def _project(actual: Any, expected: Any) -> Any:
    """``actual`` restricted to the keys ``expected`` has (a request body lacks response-only keys)."""
    if isinstance(actual, dict) and isinstance(expected, dict):
        return {
            k: _project(v, expected[k]) if k in expected else v for k, v in actual.items() if k in expected
        }
    if isinstance(actual, list) and isinstance(expected, list):
        return [_project(a, e) for a, e in zip(actual, expected, strict=False)] + actual[len(expected) :]
    return actual
