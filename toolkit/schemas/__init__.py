"""JSON Schemas (Draft 2020-12) of the request and response bodies, shipped as package data.

``load_schema("AppointmentEntity")`` and ``load_schema("AppointmentEntityWithLinks")`` return a fresh
dict each call.  The files are generated from :mod:`toolkit.catalogue`; regenerate with
``python -m toolkit.schemas`` (a test proves the shipped files are current).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from toolkit.schemas._build import DOTNET_DATE_PATTERN, SCHEMA_NAMES, build_schema

__all__ = ["DOTNET_DATE_PATTERN", "SCHEMA_NAMES", "build_schema", "load_schema", "schema_text"]


@cache
def schema_text(name: str) -> str:
    """The shipped schema file's text."""
    if name not in SCHEMA_NAMES:
        raise KeyError(f"no schema named {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    return resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """The schema of ``AppointmentEntity`` (request) or ``AppointmentEntityWithLinks`` (response)."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema
