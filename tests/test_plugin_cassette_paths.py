"""Where cassettes live: named by the test file's path under rootdir, so no two tests share one by chance."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.recording.settings import safe_file_name

# The same file name in two services; each test reads a different appointment, so a cassette played to
# the wrong test would answer with the wrong id and fail it.
SERVICE_TEST = """
import pytest


@pytest.mark.so_cassette
def test_get(so_client):
    assert so_client.get({id})["AppointmentId"] == {id}
"""

CLASSES = """
import pytest


@pytest.mark.so_cassette
class TestMorning:
    def test_read(self, so_client):
        assert so_client.get(5)["AppointmentId"] == 5


@pytest.mark.so_cassette
class TestEvening:
    def test_read(self, so_client):
        assert so_client.get(6)["AppointmentId"] == 6


@pytest.mark.so_cassette
@pytest.mark.parametrize("appointment_id", [7, 8], ids=["seven", "eight/8"])
def test_each(so_client, appointment_id):
    assert so_client.get(appointment_id)["AppointmentId"] == appointment_id
"""


def cassettes(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "cassettes").rglob("*.yaml"))


def test_two_same_named_files_in_two_folders_get_their_own_cassettes(so_pytester: pytest.Pytester) -> None:
    so_pytester.makepyfile(
        **{
            "svc_a/tests/test_dup": SERVICE_TEST.format(id=1),
            "svc_b/tests/test_dup": SERVICE_TEST.format(id=2),
            "test_e2e": SERVICE_TEST.format(id=3),
        }
    )
    importlib = "--import-mode=importlib"  # two test_dup.py modules without __init__.py files
    so_pytester.runpytest(importlib, "--so-record-mode=once").assert_outcomes(passed=3)
    assert cassettes(so_pytester.path) == [
        "cassettes/svc_a/tests/test_dup/test_get.yaml",
        "cassettes/svc_b/tests/test_dup/test_get.yaml",
        "cassettes/test_e2e/test_get.yaml",  # a test file at the root: as before
    ]
    # Offline, each test replays its own recording.
    so_pytester.runpytest(importlib).assert_outcomes(passed=3)


def test_class_based_and_parametrized_tests_get_one_readable_cassette_each(
    so_pytester: pytest.Pytester,
) -> None:
    so_pytester.makepyfile(test_diary=CLASSES)
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=4)
    unsafe = safe_file_name("test_each[eight/8]")
    assert unsafe.startswith("test_each[eight_8]-")
    assert cassettes(so_pytester.path) == sorted(
        [
            "cassettes/test_diary/TestEvening/test_read.yaml",
            "cassettes/test_diary/TestMorning/test_read.yaml",
            f"cassettes/test_diary/{unsafe}.yaml",
            "cassettes/test_diary/test_each[seven].yaml",
        ]
    )
    so_pytester.runpytest().assert_outcomes(passed=4)


def test_the_cassette_dir_ini_option_still_decides_the_top_folder(so_pytester: pytest.Pytester) -> None:
    so_pytester.makeini("[pytest]\naddopts = -p no:cassetter\nso_cassette_dir = recordings\n")
    so_pytester.makepyfile(**{"tests/test_one": SERVICE_TEST.format(id=4)})
    so_pytester.runpytest("--so-record-mode=once").assert_outcomes(passed=1)
    assert (so_pytester.path / "recordings/tests/test_one/test_get.yaml").is_file()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("test_get", "test_get"),
        ("test_get[7-Title]", "test_get[7-Title]"),
        ("test_put[a=1,b=2]", "test_put[a=1,b=2]"),
    ],
)
def test_readable_names_are_kept_as_they_are(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


def test_sanitised_names_never_collide() -> None:
    names = ["test_x[a/b]", "test_x[a:b]", "test_x[a b]", "test_x[a_b]", "test_x[" + "x" * 300 + "]"]
    safe = [safe_file_name(n) for n in names]
    assert len(set(safe)) == len(names)
    for name in safe:
        assert not set(name) & set("/: ")
        assert len(name) <= 130
