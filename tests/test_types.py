"""toolkit.types: generated from the catalogue, current, and what mypy --strict checks user code against."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

import pytest

from toolkit import catalogue, types
from toolkit.types._build import render

ROOT = Path(__file__).resolve().parents[1]

USER_MODULE = '''
"""A user's typed integration code: what the toolkit returns is typed, keys and enum names included."""
from hypothesis import given

from toolkit.client import AppointmentClient
from toolkit.factories import AppointmentFactory
from toolkit.strategies import appointment_entities
from toolkit.types import AppointmentEntity, AppointmentEntityWithLinks, Link


def summary(appointment: AppointmentEntity) -> str:
    title = appointment["Title"] or "(no title)"
    links: list[Link] = appointment["Links"] or []
    # (a mistake goes here)
    return f"{title} at {appointment['StartDate']} with {len(links)} links"


def push(client: AppointmentClient) -> AppointmentEntityWithLinks:
    body = AppointmentFactory(seed=1).build(traits="booking")
    body["Private"] = "PrivateGroup"
    answer = client.put(body["AppointmentId"], body)
    summary(answer)  # an answer is an entity too
    return answer


@given(appointment_entities())
def test_summary(appointment: AppointmentEntity) -> None:
    assert summary(appointment)
'''


def mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict on one user module, the toolkit read from this checkout (errors in it not reported)."""
    (tmp_path / "user_code.py").write_text(source, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text(
        f"[mypy]\nstrict = True\nmypy_path = {ROOT}\n\n[mypy-toolkit.*]\nfollow_imports = silent\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--cache-dir",
            str(ROOT / ".mypy_cache" / "user-code"),
            "user_code.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_shipped_file_is_what_the_generator_writes():
    shipped = (ROOT / "toolkit" / "types" / "__init__.py").read_text(encoding="utf-8")
    assert shipped == render(), "toolkit/types is stale: run python -m toolkit.types"


def test_every_carrier_has_a_typeddict_with_its_fields_in_order():
    for name in (*catalogue.CARRIERS, catalogue.ENTITY_WITH_LINKS.name):
        typed = getattr(types, name)
        assert typing.is_typeddict(typed)
        assert set(typed.__annotations__) | _inherited(typed) == set(catalogue.carrier(name).names), name


def _inherited(typed: type) -> set[str]:
    return {key for base in typed.__mro__[1:] for key in getattr(base, "__annotations__", {})}


def test_enum_aliases_list_the_catalogue_names():
    assert typing.get_args(types.PrivateEnum) == catalogue.ENUMS["Private"]
    assert typing.get_args(types.TaskColorEnum) == catalogue.ENUMS["TaskColor"]


def test_mypy_strict_passes_on_typed_user_code(tmp_path: Path):
    result = mypy(tmp_path, USER_MODULE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout


@pytest.mark.parametrize(
    ("mistake", "error"),
    [
        ('appointment["Tittle"]', 'TypedDict "AppointmentEntity" has no key "Tittle"'),
        ('appointment["Links"][0]["ID"]', 'TypedDict "Link" has no key "ID"'),
        ('appointment.update({"Private": "Secret"})', 'TypedDict item "Private" has type'),
    ],
)
def test_mypy_strict_catches_a_misspelt_key_or_enum_name(tmp_path: Path, mistake: str, error: str):
    result = mypy(tmp_path, USER_MODULE.replace("# (a mistake goes here)", f"print({mistake})"))
    assert result.returncode == 1, result.stdout
    assert error in result.stdout
    assert "user_code.py:14: error" in result.stdout
