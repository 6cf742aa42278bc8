"""toolkit: record/replay testing for SuperOffice's ``PUT /api/v1/Appointment/{id}``.

The public API is the list below, importable from here or from the module that owns each name
(``from toolkit import AppointmentFactory`` is ``from toolkit.factories import AppointmentFactory``).
Importing ``toolkit`` stays cheap: each name loads its module on first use.  Everything else (other
modules, names missing from a module's ``__all__``) is internal and may change without notice; the
pytest plugin's fixtures, marker and options are documented in the README.

* factories: :class:`~toolkit.factories.AppointmentFactory`
* assertions: ``assert_valid_appointment``, ``assert_same_appointment``, ``assert_select_nulled`` and
  the ``*_problems`` functions that return the lines instead of raising
* matchers (volatile values in an expected payload): ``ANY``, ``ANY_INT``, ``ANY_STR``,
  ``ANY_DOTNET_DATE``, ``any_int``, ``any_str``, ``any_date``, ``any_of``, ``Matcher``
* the ``$select`` rule: ``apply_select``; schemas: ``load_schema``
* the reference server: ``ReferenceServer``; the client: ``AppointmentClient`` and its auth helpers
* errors: ``ToolkitError`` (the one root) and its subclasses
* the command line: ``main`` (``so-toolkit`` / ``python -m toolkit``)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.assertions import (
        appointment_problems,
        assert_same_appointment,
        assert_select_nulled,
        assert_valid_appointment,
        same_appointment_problems,
        select_problems,
    )
    from toolkit.cli import main
    from toolkit.client import AppointmentClient, basic_auth, bearer_auth, soticket_auth, xsrf
    from toolkit.errors import (
        ApiError,
        CassetteError,
        NetworkBlockedError,
        ReplayMissError,
        SecretLeakError,
        ToolkitError,
        UsageError,
    )
    from toolkit.factories import AppointmentFactory
    from toolkit.matchers import (
        ANY,
        ANY_DOTNET_DATE,
        ANY_INT,
        ANY_STR,
        Matcher,
        any_date,
        any_int,
        any_of,
        any_str,
    )
    from toolkit.schemas import load_schema
    from toolkit.select import apply_select
    from toolkit.server import ReferenceServer

#: Each public name and the module that owns it.
_HOMES: dict[str, str] = {
    "AppointmentFactory": "toolkit.factories",
    "appointment_problems": "toolkit.assertions",
    "assert_same_appointment": "toolkit.assertions",
    "assert_select_nulled": "toolkit.assertions",
    "assert_valid_appointment": "toolkit.assertions",
    "same_appointment_problems": "toolkit.assertions",
    "select_problems": "toolkit.assertions",
    "ANY": "toolkit.matchers",
    "ANY_DOTNET_DATE": "toolkit.matchers",
    "ANY_INT": "toolkit.matchers",
    "ANY_STR": "toolkit.matchers",
    "Matcher": "toolkit.matchers",
    "any_date": "toolkit.matchers",
    "any_int": "toolkit.matchers",
    "any_of": "toolkit.matchers",
    "any_str": "toolkit.matchers",
    "apply_select": "toolkit.select",
    "load_schema": "toolkit.schemas",
    "ReferenceServer": "toolkit.server",
    "AppointmentClient": "toolkit.client",
    "basic_auth": "toolkit.client",
    "bearer_auth": "toolkit.client",
    "soticket_auth": "toolkit.client",
    "xsrf": "toolkit.client",
    "ApiError": "toolkit.errors",
    "CassetteError": "toolkit.errors",
    "NetworkBlockedError": "toolkit.errors",
    "ReplayMissError": "toolkit.errors",
    "SecretLeakError": "toolkit.errors",
    "ToolkitError": "toolkit.errors",
    "UsageError": "toolkit.errors",
    "main": "toolkit.cli",
}

__all__ = [
    "ANY",
    "ANY_DOTNET_DATE",
    "ANY_INT",
    "ANY_STR",
    "ApiError",
    "AppointmentClient",
    "AppointmentFactory",
    "CassetteError",
    "Matcher",
    "NetworkBlockedError",
    "ReferenceServer",
    "ReplayMissError",
    "SecretLeakError",
    "ToolkitError",
    "UsageError",
    "__version__",
    "any_date",
    "any_int",
    "any_of",
    "any_str",
    "apply_select",
    "appointment_problems",
    "assert_same_appointment",
    "assert_select_nulled",
    "assert_valid_appointment",
    "basic_auth",
    "bearer_auth",
    "load_schema",
    "main",
    "same_appointment_problems",
    "select_problems",
    "soticket_auth",
    "xsrf",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
