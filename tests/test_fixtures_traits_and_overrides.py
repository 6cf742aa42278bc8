"""``fixtures generate --traits ... --set PATH=VALUE``: the factories' options on the command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.factories import TRAITS, AppointmentFactory
from toolkit.validation import validator

ROOT = Path(__file__).resolve().parents[1]
_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "fixtures", "generate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_ENV,
        timeout=120,
        check=False,
    )


def test_traits_and_overrides_give_what_the_factory_builds_with_them():
    result = generate(
        "--count", "3", "--seed", "5", "--traits", "booking,recurring",
        "--set", "Private=PrivateUser", "--set", "Participants__0__InvitationStatus=Declined",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    factory = AppointmentFactory(seed=5)
    expected = [
        factory.build(
            traits=("booking", "recurring"),
            AppointmentId=i,
            Private="PrivateUser",
            Participants__0__InvitationStatus="Declined",
        )
        for i in (1, 2, 3)
    ]
    assert json.loads(result.stdout) == expected
    assert all(body["BookingType"] == "Owner" and body["Recurrence"] is not None for body in expected)


@pytest.mark.parametrize(
    ("option", "path", "value"),
    [
        ("HasAlarm=true", ["HasAlarm"], True),
        ("ColorIndex=-7", ["ColorIndex"], -7),
        ("Contact__Address__Postal__City=Bergen", ["Contact", "Address", "Postal", "City"], "Bergen"),
        ("Title=null", ["Title"], None),
        ('Title="null"', ["Title"], "null"),
        ("Title=42", ["Title"], "42"),
        ("StartDate=2026-12-03T09:00:00.1234567+01:00", ["StartDate"], "2026-12-03T09:00:00.1234567+01:00"),
        ("Links=[]", ["Links"], []),
        ("UserDefinedFields__SuperOffice:9=[I:8]", ["UserDefinedFields", "SuperOffice:9"], "[I:8]"),
    ],
)
def test_a_set_value_is_typed_by_the_catalogue(option: str, path: list[str], value: object):
    result = generate("--count", "1", "--set", option)
    assert result.returncode == 0, result.stderr
    (body,) = json.loads(result.stdout)
    found = body
    for step in path:
        found = found[step]
    assert found == value
    assert type(found) is type(value)
    assert validator("AppointmentEntity").problems(body) == []


def test_response_paths_are_accepted_with_kind_response():
    result = generate("--count", "1", "--kind", "response", "--set", "TableRight__Mask=Select, Update")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["TableRight"]["Mask"] == "Select, Update"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--traits", "booking,weekly"), "--traits: unknown trait 'weekly'; known: " + ", ".join(TRAITS)),
        (("--set", "Tittle=Review"), "--set 'Tittle=Review': AppointmentEntity has no field 'Tittle'"),
        (("--set", "Title"), "--set 'Title': expected PATH=VALUE, e.g. Private=Public or Links__0__Id=5"),
        (("--set", "HasAlarm=yes"), "--set 'HasAlarm=yes': HasAlarm takes true or false"),
        (("--set", "MotherId=null"), "--set 'MotherId=null': MotherId takes a int32 value, never null"),
        (
            ("--set", "AppointmentId=2147483648"),
            "--set 'AppointmentId=2147483648': AppointmentId takes a whole number from -2147483648 to "
            "2147483647 (int32)",
        ),
        (
            ("--set", "Private=Secret"),
            "--set 'Private=Secret': Private takes one of Public, PrivateUser, PrivateGroup",
        ),
        (("--set", "Links={}"), "--set 'Links={}': Links takes a JSON array or null"),
        (
            ("--set", "TableRight__Mask=FULL"),
            "--set 'TableRight__Mask=FULL': AppointmentEntity has no field 'TableRight'",
        ),
        (
            ("--set", "Links__7__Id=1"),
            "--set: payload 1: override 'Links__7__Id': Links has 1 items, no index 7",
        ),
    ],
)
def test_a_bad_trait_or_override_is_one_line_naming_the_option(args: tuple[str, ...], line: str):
    result = generate("--count", "2", *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"so-toolkit: error: {line}"]
    assert result.stdout == ""


def test_help_explains_every_option_with_its_default():
    result = generate("--help")
    assert result.returncode == 0
    listing = result.stdout.split("options:", 1)[1].split("\n\n", 1)[0]
    options = re.split(r"\n  (?=-)", listing)[1:]
    explained = {o.split()[0].rstrip(","): " ".join(o.split()) for o in options}
    assert set(explained) == {"-h", "--count", "--seed", "--kind", "--locale", "--traits", "--set", "--out"}
    for option, text in explained.items():
        if option != "-h":
            assert re.search(r"\(default: [^)]+\)$", text), text
    for trait in TRAITS:
        assert trait in explained["--traits"]
