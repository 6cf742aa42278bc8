"""A yes/no schema check for the server's hot path.

fastjsonschema's generated code builds each nested value's path for its error message *before*
calling the nested check, with ``"...[{i}]".format(**locals())``: a dict of every local variable per
array item, about a third of the time of validating a whole appointment.  The server only asks
"valid or not" here; when the answer is no, :func:`toolkit.validation.validator` (the shared,
unmodified validator) finds the precise JSON path for the 400.  So the path strings are dropped from a
private copy of the generated code.  If a future fastjsonschema writes its code differently the
substitution simply matches nothing and the check stays correct, only slower.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["LazyCheck", "compile_check"]

_PATH_FORMAT = re.compile(r'"[^"\n]*"\.format\(\*\*locals\(\)\)')


def compile_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A function answering whether a value conforms to ``schema``."""
    import fastjsonschema

    code = _PATH_FORMAT.sub('""', fastjsonschema.compile_to_code(schema))
    namespace: dict[str, Any] = {}
    exec(compile(code, "<toolkit.server fast schema check>", "exec"), namespace)
    entry = namespace[min((k for k in namespace if k.startswith("validate")), key=len)]  # the root
    error: type[Exception] = fastjsonschema.JsonSchemaException

    def check(value: Any) -> bool:
        try:
            entry(value)
        except error:
            return False
        return True

    return check


class LazyCheck:
    """:func:`compile_check` of a shipped schema, compiled on first use or by :meth:`warm`.

    Compiling takes a few hundred milliseconds; doing it lazily (or in a background thread started
    with :meth:`warm`) keeps server startup instant.  One compiled check is shared process-wide.
    """

    _compiled: dict[str, Callable[[Any], bool]] = {}  # noqa: RUF012 - shared on purpose
    _lock = threading.Lock()

    def __init__(self, schema_name: str) -> None:
        self.schema_name = schema_name
        self._check: Callable[[Any], bool] | None = self._compiled.get(schema_name)

    def _load(self) -> Callable[[Any], bool]:
        with self._lock:
            check = self._compiled.get(self.schema_name)
            if check is None:
                from toolkit.schemas import load_schema

                check = self._compiled[self.schema_name] = compile_check(load_schema(self.schema_name))
        self._check = check
        return check

    def warm(self) -> None:
        """Compile in a background thread, so the first request finds it ready."""
        if self._check is None:
            threading.Thread(target=self._load, name="so-schema-compile", daemon=True).start()

    def __call__(self, value: Any) -> bool:
        check = self._check
        if check is None:
            check = self._load()
        return check(value)
