"""Same seed, same payloads: in this process, in another one, whatever else uses Faker or random."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from faker import Faker

from toolkit._pools import make_pools, pools, pools_json
from toolkit.errors import UsageError
from toolkit.factories import SHIPPED_LOCALES, AppointmentFactory

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import json, sys
from toolkit.factories import AppointmentFactory
f = AppointmentFactory(seed=int(sys.argv[1]), locale=sys.argv[2])
print(json.dumps([f.build(), f.build_response(), f.build(traits="with_relations")], ensure_ascii=False))
"""


def _in_subprocess(seed: int, locale: str, hashseed: str) -> list[dict]:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(seed), locale],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("locale", ["en_US", "nb_NO"])
def test_same_seed_same_payloads_in_another_process(locale):
    f = AppointmentFactory(seed=99, locale=locale)
    here = [f.build(), f.build_response(), f.build(traits="with_relations")]
    assert _in_subprocess(99, locale, "1") == here
    assert _in_subprocess(99, locale, "2") == here  # str hashing plays no part


def test_same_seed_same_payloads_here():
    a, b = AppointmentFactory(seed=7), AppointmentFactory(seed=7)
    assert a.build_batch(5) == b.build_batch(5)
    assert a.build_response(traits="booking") == b.build_response(traits="booking")


def test_different_seeds_differ():
    assert AppointmentFactory(seed=1).build() != AppointmentFactory(seed=2).build()


def test_build_batch_is_successive_builds():
    f = AppointmentFactory(seed=3)
    assert AppointmentFactory(seed=3).build_batch(3) == [f.build(), f.build(), f.build()]


def test_instances_never_disturb_each_other():
    alone = AppointmentFactory(seed=5).build_batch(3)
    a, b = AppointmentFactory(seed=5), AppointmentFactory(seed=5)
    interleaved = []
    for _ in range(3):
        interleaved.append(a.build())
        b.build_response(traits="with_relations")  # draws a lot from b's own random state
    assert interleaved == alone


def test_global_faker_seed_and_global_random_change_nothing():
    expected = AppointmentFactory(seed=8, locale="de_DE").build_batch(2)
    Faker.seed(12345)
    random.seed(12345)
    Faker("de_DE").name()
    assert AppointmentFactory(seed=8, locale="de_DE").build_batch(2) == expected


def test_seed_none_picks_a_seed_and_tells_it():
    f = AppointmentFactory()
    assert isinstance(f.seed, int)
    first = f.build()
    assert AppointmentFactory(seed=f.seed).build() == first
    assert AppointmentFactory().seed != f.seed


@pytest.mark.parametrize("seed", ["7", 1.5, True])
def test_seed_must_be_an_int(seed):
    with pytest.raises(UsageError, match="seed must be an int"):
        AppointmentFactory(seed=seed)


def test_payloads_do_not_share_objects():
    f = AppointmentFactory(seed=4)
    links = [{"EntityName": "Acme", "Id": 1, "Description": "d", "ExtraInfo": "", "LinkId": 2}]
    a, b = f.build_batch(2, Links=links)
    a["Links"][0]["Id"] = 99
    assert b["Links"][0]["Id"] == 1
    assert links[0]["Id"] == 1


@pytest.mark.parametrize("locale", SHIPPED_LOCALES)
def test_shipped_pools_are_what_faker_makes(locale):
    """The shipped pools are ``python -m toolkit._pools`` output (checked where Faker is the same)."""
    import faker

    shipped = ROOT / "toolkit" / "_pooldata" / f"{locale}.json"
    made_with = json.loads(shipped.read_text(encoding="utf-8"))["faker_version"]
    if made_with != faker.VERSION:
        pytest.skip(f"pools were made with Faker {made_with}, Faker {faker.VERSION} is installed")
    assert shipped.read_text(encoding="utf-8") == pools_json(make_pools(locale), faker.VERSION)
    assert pools(locale) == make_pools(locale)
