"""The public surface is a short, documented list (``toolkit.__all__``); one exception root."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import toolkit
from toolkit import errors

#: What users call: importable from ``toolkit`` and from the module that owns each name.
PUBLIC = {
    "toolkit.factories": {"AppointmentFactory", "LOCALE_ALIASES", "SHIPPED_LOCALES"},
    "toolkit.assertions": {
        "appointment_problems",
        "assert_same_appointment",
        "assert_select_nulled",
        "assert_valid_appointment",
        "same_appointment_problems",
        "select_problems",
    },
    "toolkit.matchers": {
        "ANY",
        "ANY_DOTNET_DATE",
        "ANY_INT",
        "ANY_STR",
        "Matcher",
        "any_date",
        "any_int",
        "any_of",
        "any_str",
    },
    "toolkit.select": {"apply_select"},
    "toolkit.schemas": {"load_schema"},
    "toolkit.server": {"ReferenceServer"},
    "toolkit.client": {"AppointmentClient", "basic_auth", "bearer_auth", "soticket_auth", "xsrf"},
    "toolkit.errors": {
        "ApiError",
        "CassetteError",
        "NetworkBlockedError",
        "ReplayMissError",
        "SecretLeakError",
        "ToolkitError",
        "UsageError",
    },
    "toolkit.cli": {"main"},
    "toolkit.strategies": {
        "appointment_entities",
        "appointment_responses",
        "carriers",
        "dotnet_dates",
        "property_values",
        "selects",
    },
    "toolkit.types": {"AppointmentEntity", "AppointmentEntityWithLinks"},
}


def test_the_package_exports_exactly_the_listed_names():
    listed = set().union(*PUBLIC.values())
    assert set(toolkit.__all__) == listed | {"__version__"}


API_REFERENCE = (
    Path(__file__).resolve().parents[1].joinpath("README.md").read_text().split("## API reference")[1]
)


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, names in PUBLIC.items() for n in sorted(names)])
def test_each_public_name_is_the_home_module_s_and_documented(module, name):
    home = importlib.import_module(module)
    assert name in home.__all__, f"{module}.__all__ lacks {name!r}"
    obj = getattr(toolkit, name)
    assert obj is getattr(home, name), f"toolkit.{name} is not {module}.{name}"
    assert f"`{name}" in API_REFERENCE.split("\n## ")[0], f"README's API reference does not list {name}"
    if inspect.isfunction(obj) or inspect.isclass(obj):
        own_doc = obj.__doc__ if inspect.isfunction(obj) else vars(obj).get("__doc__")
        assert len((own_doc or "").split()) >= 3, f"{module}.{name} has no docstring of its own"


def test_matchers_have_one_import_path():
    import toolkit.assertions

    assert not set(PUBLIC["toolkit.matchers"]) & set(toolkit.assertions.__all__)


def test_an_unknown_name_is_a_plain_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'split_uri'"):
        toolkit.split_uri  # noqa: B018


@pytest.mark.parametrize(
    "name",
    sorted(
        m.name
        for m in pkgutil.walk_packages(toolkit.__path__, "toolkit.")
        if not any(part.startswith("_") for part in m.name.split(".")[1:])
    ),
)
def test_module_all_lists_only_what_exists(name):
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", ()):
        assert hasattr(module, public), f"{name}.__all__ names missing {public!r}"


def test_every_toolkit_error_derives_from_one_root():
    for obj in vars(errors).values():
        if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == "toolkit.errors":
            assert issubclass(obj, errors.ToolkitError)


def test_package_ships_type_information():
    from importlib import resources

    assert resources.files("toolkit").joinpath("py.typed").is_file()


def test_importing_toolkit_stays_cheap():
    import subprocess
    import sys

    heavy = "{'vcr', 'faker', 'uvicorn', 'deepdiff', 'jsonschema'}"
    code = f"import sys, toolkit, toolkit.pytest_plugin; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"heavy imports at plugin load: {out}"
