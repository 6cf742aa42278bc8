"""Matchers for volatile values, usable anywhere inside an ``expected`` payload.

A matcher stands for "any value like this"; it equals every value it accepts, so it works with
:func:`toolkit.assertions.assert_same_appointment` and with a plain ``assert actual == expected``::

    expected = {**sent, "AppointmentId": ANY_INT, "UpdatedDate": ANY_DOTNET_DATE}
    assert_same_appointment(response, expected)

Matchers are small and compose (the habit of syrupy's ``matchers.py``: factories returning a small
object with a readable repr)::

    any_int(min=1)                 # a positive int (never a bool)
    ANY_STR | None                 # a string or null
    any_str(pattern=r"[A-Z]{3}")   # a whole-string regex match
    ~ANY_INT                       # anything but an int
    matches(lambda v: v % 2 == 0, "an even number")

Values that are not matchers inside ``|`` and ``&`` are compared with ``==`` (and the JSON type must
agree, so ``True`` does not stand for ``1``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from toolkit.catalogue import DOTNET_DATE

__all__ = [
    "ANY",
    "ANY_DOTNET_DATE",
    "ANY_INT",
    "ANY_STR",
    "Matcher",
    "any_date",
    "any_int",
    "any_of",
    "any_str",
    "matches",
]


class Matcher:
    """A predicate on one JSON value that compares equal to every value it accepts.

    ``matcher == value`` (and ``value == matcher``, which Python reflects) calls the predicate;
    ``repr`` is the description shown in assertion messages.
    """

    __slots__ = ("_description", "_predicate")

    def __init__(self, predicate: Callable[[Any], bool], description: str) -> None:
        self._predicate = predicate
        self._description = description

    def matches(self, value: Any) -> bool:
        """True when ``value`` is accepted. A predicate that raises rejects the value."""
        if isinstance(value, Matcher):
            return value is self
        try:
            return bool(self._predicate(value))
        except Exception:  # a predicate written for ints meeting a dict: a mismatch, not a crash
            return False

    def __eq__(self, other: object) -> bool:
        return self.matches(other)

    def __ne__(self, other: object) -> bool:
        return not self.matches(other)

    __hash__ = None  # type: ignore[assignment]  # equal to many values: cannot be hashed honestly

    def __repr__(self) -> str:
        return self._description

    def __or__(self, other: object) -> Matcher:
        return any_of(self, other)

    def __ror__(self, other: object) -> Matcher:
        return any_of(other, self)

    def __and__(self, other: object) -> Matcher:
        right = _as_matcher(other)
        return Matcher(lambda v: self.matches(v) and right.matches(v), f"({self!r} & {right!r})")

    def __invert__(self) -> Matcher:
        return Matcher(lambda v: not self.matches(v), f"~{self!r}")


def _same_json(value: Any, other: Any) -> bool:
    # JSON equality: True is not 1, 1 is not 1.0 (as orjson would write them).
    return type(value) is type(other) and bool(value == other)


def _as_matcher(value: object) -> Matcher:
    if isinstance(value, Matcher):
        return value
    return Matcher(lambda v: _same_json(v, value), repr(value))


def matches(predicate: Callable[[Any], bool], description: str) -> Matcher:
    """A matcher from any predicate; ``description`` is what messages show (e.g. "an even number")."""
    return Matcher(predicate, description)


def any_of(*options: object) -> Matcher:
    """Matches a value that any option matches (matchers, or plain values compared as JSON)."""
    if not options:
        raise ValueError("any_of() needs at least one option")
    ms = tuple(_as_matcher(o) for o in options)
    return Matcher(lambda v: any(m.matches(v) for m in ms), " | ".join(repr(m) for m in ms))


def _kwargs(**kwargs: object) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if v is not None)


def any_int(*, min: int | None = None, max: int | None = None) -> Matcher:
    """Matches an integer (not a bool) within the optional inclusive bounds."""

    def check(v: Any) -> bool:
        if type(v) is not int:
            return False
        return (min is None or v >= min) and (max is None or v <= max)

    args = _kwargs(min=min, max=max)
    return Matcher(check, f"any_int({args})" if args else "ANY_INT")


def any_str(*, pattern: str | None = None, nonempty: bool = False) -> Matcher:
    """Matches a string; with ``pattern``, one the regex matches as a whole (``re.fullmatch``)."""
    compiled = re.compile(pattern) if pattern is not None else None

    def check(v: Any) -> bool:
        if not isinstance(v, str) or (nonempty and not v):
            return False
        return compiled is None or compiled.fullmatch(v) is not None

    args = _kwargs(pattern=pattern, nonempty=nonempty or None)
    return Matcher(check, f"any_str({args})" if args else "ANY_STR")


def any_date() -> Matcher:
    """Matches a date string as .NET writes it: ``2002-09-19T03:46:59.6911992+02:00``.

    The schemas' pattern (:data:`toolkit.catalogue.DOTNET_DATE`): impossible dates (month 13) do not match.
    """
    return Matcher(lambda v: isinstance(v, str) and DOTNET_DATE.match(v) is not None, "ANY_DOTNET_DATE")


#: Any value at all, null included.
ANY: Matcher = Matcher(lambda v: True, "ANY")
#: Any integer (bools excluded).
ANY_INT: Matcher = any_int()
#: Any string.
ANY_STR: Matcher = any_str()
#: Any .NET date string.
ANY_DOTNET_DATE: Matcher = any_date()
