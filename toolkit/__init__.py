"""toolkit: record/replay testing for SuperOffice's ``PUT /api/v1/Appointment/{id}``.

The public API is ``__all__`` below (the README's "API reference"): each name is importable from here
or from the module that owns it, and loads that module on first use, so ``import toolkit`` stays
cheap.  Other modules and names are internal (``docs/architecture.md`` shows how they fit together).
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
    from toolkit.factories import LOCALE_ALIASES, SHIPPED_LOCALES, AppointmentFactory
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
    from toolkit.strategies import (
        appointment_entities,
        appointment_responses,
        carriers,
        dotnet_dates,
        property_values,
        selects,
    )
    from toolkit.types import AppointmentEntity, AppointmentEntityWithLinks

#: The module that owns each public name.
_HOMES = {
    name: f"toolkit.{module}"
    for module, names in {
        "factories": "AppointmentFactory LOCALE_ALIASES SHIPPED_LOCALES",
        "assertions": "appointment_problems assert_same_appointment assert_select_nulled "
        "assert_valid_appointment same_appointment_problems select_problems",
        "matchers": "ANY ANY_DOTNET_DATE ANY_INT ANY_STR Matcher any_date any_int any_of any_str",
        "select": "apply_select",
        "schemas": "load_schema",
        "server": "ReferenceServer",
        "client": "AppointmentClient basic_auth bearer_auth soticket_auth xsrf",
        "errors": "ApiError CassetteError NetworkBlockedError ReplayMissError SecretLeakError ToolkitError "
        "UsageError",
        "cli": "main",
        "strategies": "appointment_entities appointment_responses carriers dotnet_dates property_values "
        "selects",
        "types": "AppointmentEntity AppointmentEntityWithLinks",
    }.items()
    for name in names.split()
}

__all__ = [
    "ANY",
    "ANY_DOTNET_DATE",
    "ANY_INT",
    "ANY_STR",
    "LOCALE_ALIASES",
    "SHIPPED_LOCALES",
    "ApiError",
    "AppointmentClient",
    "AppointmentEntity",
    "AppointmentEntityWithLinks",
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
    "appointment_entities",
    "appointment_problems",
    "appointment_responses",
    "assert_same_appointment",
    "assert_select_nulled",
    "assert_valid_appointment",
    "basic_auth",
    "bearer_auth",
    "carriers",
    "dotnet_dates",
    "load_schema",
    "main",
    "property_values",
    "same_appointment_problems",
    "select_problems",
    "selects",
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
