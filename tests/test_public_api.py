"""The public surface is explicit: every public module has a complete ``__all__``; one exception root."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import toolkit
from toolkit import errors

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(toolkit.__path__, "toolkit.")
    if not any(part.startswith("_") for part in m.name.split(".")[1:])
)


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist_and_cover_public_definitions(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    for public in module.__all__:
        assert hasattr(module, public), f"{name}.__all__ names missing {public!r}"
    defined_here = {
        n
        for n, obj in vars(module).items()
        if not n.startswith(("_", "pytest_"))  # pytest hooks are found by name, not imported
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == name
    }
    missing = defined_here - set(module.__all__)
    assert not missing, f"{name} defines public {sorted(missing)} outside __all__"


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
