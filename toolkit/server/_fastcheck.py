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
from collections.abc import Callable
from typing import Any

__all__ = ["compile_check"]

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
