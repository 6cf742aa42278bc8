"""Schema validation: fast when a body is valid, precise when it is not.

The yes/no answer comes from jsonschema-rs (a Rust validator), compiled once per schema from the shipped
schemas (:mod:`toolkit.schemas`).  Only when it says no does jsonschema (the reference implementation)
walk the body, to confirm and to report exactly as precisely as jsonschema does (``best_match`` first,
then every error), each with its JSON path.  A value jsonschema-rs cannot take (not JSON data, such as a
Python object in a test's payload) goes to jsonschema directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from toolkit._paths import format_path, join
from toolkit.schemas import DOTNET_DATE_PATTERN, SCHEMA_NAMES, build_schema, load_schema

__all__ = ["Problem", "Validator", "validator", "warm"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One schema violation: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Validator:
    """A compiled schema. Build it once (see :func:`validator`) and reuse it."""

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema_rs

        self.schema = schema
        self._fast = jsonschema_rs.Draft202012Validator(schema)
        #: Yes/no, never more lenient than the schema: True is final, False is confirmed by
        #: :meth:`is_valid` / explained by :meth:`problems`.
        self.quick_check: Callable[[Any], bool] = self._quick
        self._reference: Any = None  # jsonschema's validator, built at the first refusal

    def _quick(self, body: Any) -> bool:
        try:
            return bool(self._fast.is_valid(body))
        except (ValueError, TypeError, OverflowError):  # not JSON data: the reference decides
            return False

    @property
    def _slow(self) -> Any:
        if self._reference is None:
            import jsonschema

            self._reference = jsonschema.Draft202012Validator(self.schema)
        return self._reference

    def is_valid(self, body: Any) -> bool:
        """True when the body conforms (jsonschema-rs; jsonschema confirms a refusal)."""
        return self._quick(body) or bool(self._slow.is_valid(body))

    def problems(self, body: Any) -> list[Problem]:
        """Every violation, the most relevant first (jsonschema's ``best_match``), then by path."""
        if self._quick(body):
            return []
        from jsonschema.exceptions import best_match, relevance

        errors = list(self._slow.iter_errors(body))
        if not errors:  # the quick check refused what jsonschema accepts (a value it cannot take)
            return []
        best = best_match(errors)
        ordered = [best, *sorted((e for e in errors if e is not best), key=relevance)]
        out = []
        for e in ordered:
            leaf = e
            while leaf.context:  # descend into anyOf/oneOf to name the deepest cause
                leaf = best_match(leaf.context)
            out.extend(_problems_of(leaf))
        return out

    def first_problem(self, body: Any) -> Problem | None:
        """The single most relevant violation, or None when the body is valid."""
        problems = self.problems(body)
        return problems[0] if problems else None


def _problems_of(error: Any) -> list[Problem]:
    path = format_path(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # Name each unknown property at its own path (``title``), not the object that holds it.
        known = error.schema.get("properties", {})
        return [
            Problem(join(path, name), "unknown property (names are case-sensitive)")
            for name in error.instance
            if name not in known
        ]
    return [Problem(path, _message(error))]


def _message(error: Any) -> str:
    # A raw regex in a message helps nobody; say what the value should look like.
    if error.validator == "pattern":
        if error.validator_value == DOTNET_DATE_PATTERN:
            return f"{error.instance!r} is not a .NET date like '2002-09-19T03:46:59.6911992+02:00'"
        return f"{error.instance!r} is not a combination of the allowed names ({error.validator_value})"
    return str(error.message)


@cache
def validator(name: str, *, lenient: bool = False) -> Validator:
    """The shared, compiled validator for a schema name.

    ``lenient=True`` admits null for every property: the shape of a ``$select`` response.
    """
    if name not in SCHEMA_NAMES:
        raise KeyError(f"no schema named {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    return Validator(build_schema(name, lenient=True) if lenient else load_schema(name))


def warm(name: str, *, lenient: bool = False) -> None:
    """Build :func:`validator` for ``name`` in a background thread (compiling takes a moment)."""
    import threading

    # Not a daemon: a process that exits while the Rust compiler runs in a daemon thread is aborted
    # ("FATAL: exception not rethrown"); waiting a moment for the compile at exit is harmless.
    threading.Thread(
        target=validator, args=(name,), kwargs={"lenient": lenient}, name="so-schema-compile"
    ).start()
