"""toolkit.strategies: every drawn payload is valid and survives a PUT; every edge is reached on purpose."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, find, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

from toolkit import catalogue
from toolkit._pools import pools
from toolkit.assertions import assert_select_nulled
from toolkit.catalogue import INT16_MAX, INT16_MIN, INT32_MAX, INT32_MIN, READ_ONLY, RESPONSE_ONLY, TypeRef
from toolkit.client import AppointmentClient, basic_auth
from toolkit.errors import UsageError
from toolkit.schemas import load_schema
from toolkit.server import ReferenceServer
from toolkit.strategies import (
    DOTNET_MAX_VALUE,
    DOTNET_MIN_VALUE,
    LONG_ARRAY,
    appointment_entities,
    appointment_responses,
    carriers,
    dotnet_dates,
    property_values,
    selects,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = json.loads((ROOT / "fixtures" / "spec" / "sample-request.json").read_text(encoding="utf-8"))
REQUEST = jsonschema.Draft202012Validator(load_schema("AppointmentEntity"))
RESPONSE = jsonschema.Draft202012Validator(load_schema("AppointmentEntityWithLinks"))
#: What a PUT's answer may change: the read-only properties, UpdatedDate, and the response's own parts.
SERVER_SETS = READ_ONLY | {"UpdatedDate"} | set(RESPONSE_ONLY)
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7}))?(Z|[+-]\d\d:\d\d)?")


def as_saved(value: Any, t: TypeRef) -> Any:
    """A value as the server may fairly write it back: what it sets itself is the style, not the content.

    Dates become their instant (a server writes them in its own zone and style: ``+02:00`` or ``Z`` or no
    suffix, trailing zeros dropped; no suffix is the server's base zone, UTC); a null dictionary becomes
    ``{}`` (SuperOffice writes empty dictionaries, never null).  Written from the catalogue's types alone.
    """
    if t.kind == "date" and isinstance(value, str):
        year, month, day, hour, minute, second, fraction, offset = _DATE.fullmatch(value).groups()  # type: ignore[union-attr]
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        if offset not in (None, "Z"):
            sign = -1 if offset[0] == "+" else 1
            moment += sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        return (moment, (fraction or "").ljust(7, "0"))
    if t.kind == "map" and t.item is not None:
        return {k: as_saved(v, t.item) for k, v in (value or {}).items()}
    if t.kind == "list" and t.item is not None and value is not None:
        return [as_saved(v, t.item) for v in value]
    if t.kind == "carrier" and value is not None:
        fields = catalogue.carrier(t.name or "")
        return {k: as_saved(v, fields.field(k).type) for k, v in value.items()}
    return value


def content(body: dict[str, Any]) -> dict[str, Any]:
    """The part of an entity a PUT must keep, as :func:`as_saved` compares it."""
    return {k: as_saved(v, catalogue.ENTITY.field(k).type) for k, v in body.items() if k not in SERVER_SETS}


# A whole entity is hundreds of draws: on a busy machine Hypothesis's too_slow health check would trip.
FEW = settings(max_examples=30, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def first(
    strategy: st.SearchStrategy[Any], condition: Any = lambda _: True, *, simplest: bool = False
) -> Any:
    """A drawn value meeting ``condition``: Hypothesis searches for it deterministically, and shrinks it to
    the simplest such value when ``simplest`` (slower: a whole entity has hundreds of values to shrink)."""
    phases = tuple(Phase) if simplest else (Phase.generate,)
    found = settings(FEW, max_examples=1000, derandomize=True, phases=phases)
    with warnings.catch_warnings():
        # find() replays the value it found with a repr of it: tens of kB for an entity, and Hypothesis warns.
        warnings.simplefilter("ignore", HypothesisWarning)
        return find(strategy, condition, settings=found)


def errors(validator: jsonschema.Draft202012Validator, body: Any) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(body)]


@pytest.fixture(scope="module")
def client() -> Iterator[AppointmentClient]:
    with ReferenceServer() as server, AppointmentClient(server.url, auth=basic_auth("prop", "secret")) as c:
        yield c


# --- valid, and unchanged by a PUT ----------------------------------------------------------------------


@pytest.mark.parametrize("run", [1, 2, 3])
def test_drawn_entities_validate_and_round_trip_through_put(client: AppointmentClient, run: int):
    """300 entities in all (three fixed seeds, so xdist can share them out)."""

    @seed(run)
    @settings(FEW, max_examples=100)
    @given(appointment_entities())
    def check(entity: dict[str, Any]) -> None:
        assert errors(REQUEST, entity) == []
        saved = client.put(7, entity)
        assert errors(RESPONSE, saved) == []
        assert content(saved) == content(entity)

    check()


@FEW
@given(appointment_responses(), appointment_responses(realistic=True, locale="nb_NO"))
def test_drawn_responses_validate(arbitrary: dict[str, Any], realistic: dict[str, Any]):
    assert errors(RESPONSE, arbitrary) == []
    assert errors(RESPONSE, realistic) == []
    assert (
        arbitrary["_Links"]["Self"]
        == f"https://www.example.com/api/v1/Appointment/{arbitrary['AppointmentId']}"
    )


@FEW
@given(carriers("Participant"), carriers("Contact", response=True))
def test_drawn_carriers_are_never_null_and_have_their_fields(participant, contact):
    assert list(participant) == list(catalogue.carrier("Participant").names)
    assert list(contact) == list(catalogue.carrier("Contact").names)


@FEW
@given(selects())
def test_drawn_selects_name_real_paths_and_the_server_nulls_the_rest(client: AppointmentClient, select: str):
    for path in select.split(","):
        t = TypeRef("carrier", name=catalogue.ENTITY_WITH_LINKS.name)
        for name in path.split("/"):
            while t.item is not None:
                t = t.item
            t = catalogue.carrier(t.name or "").field(name).type
    assert_select_nulled(client.get(3, select=select), select)


# --- shrinking toward the spec's sample --------------------------------------------------------------------


def test_the_packaged_samples_are_the_spec_samples():
    for name, spec in (("AppointmentEntity", "request"), ("AppointmentEntityWithLinks", "response")):
        packaged = ROOT / "toolkit" / "_samples" / f"{name}.json"
        assert packaged.read_bytes() == (ROOT / "fixtures" / "spec" / f"sample-{spec}.json").read_bytes()


def test_the_simplest_entity_is_the_spec_sample():
    # Hypothesis tries the simplest example first: the spec's sample, property for property.
    assert first(appointment_entities()) == SAMPLE


def test_a_failing_example_shrinks_to_the_sample_with_only_what_matters_changed():
    sample = SAMPLE["Participants"][0]
    found = first(carriers("Participant"), lambda p: p["SendEmail"] and p["PersonId"] > 1000, simplest=True)
    # Properties newer than the sample shrink to their type's simplest value (null, "", 0, the first name).
    assert {k: v for k, v in found.items() if k in sample} == {**sample, "SendEmail": True, "PersonId": 1001}


# --- edges, each reached on purpose ----------------------------------------------------------------------

NULLABLE = [f.name for f in catalogue.ENTITY.fields if f.nullable]


@pytest.mark.parametrize("name", NULLABLE)
def test_every_nullable_property_is_null_sometimes(name: str):
    assert first(property_values("AppointmentEntity", name), lambda v: v is None) is None


CARRIER_NAMES = [name for name in catalogue.CARRIERS if name != catalogue.ENTITY.name]


@pytest.mark.parametrize("owner", CARRIER_NAMES)
def test_null_is_reached_in_every_nullable_field_of_every_carrier(owner: str):
    for f in catalogue.carrier(owner).fields:
        if f.nullable:
            assert first(property_values(owner, f.name, response=True), lambda v: v is None) is None, f.name


ENUM_FIELDS = [
    (c.name, f.name, f.type.kind, f.type.name or "")
    for c in catalogue.CARRIERS.values()
    for f in c.fields
    if f.type.kind in ("enum", "flags")
]


@pytest.mark.parametrize(
    ("owner", "field", "kind", "enum"), ENUM_FIELDS, ids=[f"{o}.{f}" for o, f, _, _ in ENUM_FIELDS]
)
def test_every_enum_and_flags_name_is_reached_and_flags_combine(owner: str, field: str, kind: str, enum: str):
    values = property_values(owner, field)  # what entities and carriers draw this property from
    for name in catalogue.ENUMS[enum]:
        assert first(values, lambda v, n=name: v == n) == name
    if kind == "flags":
        combined = first(values, lambda v: ", " in v).split(", ")
        assert "None" not in combined
        assert combined == sorted(set(combined), key=catalogue.ENUMS[enum].index)


def test_arrays_are_empty_long_or_null():
    for name in ("Links", "Participants", "VisibleFor"):
        values = property_values("AppointmentEntity", name)
        assert first(values, lambda v: v == []) == []
        assert first(values, lambda v: v is None) is None
        long = first(values, lambda v: len(v or ()) == LONG_ARRAY)
        assert len(long) == LONG_ARRAY
        assert errors(REQUEST, {name: long}) == []


def test_the_longest_strings_the_catalogue_allows_are_reached():
    for owner, name in (
        ("AppointmentEntity", "Description"),
        ("AppointmentEntity", "Title"),
        ("Person", "Firstname"),
    ):
        length = catalogue.carrier(owner).field(name).length
        assert first(property_values(owner, name), lambda v, n=length: len(v or "") == n) is not None
        assert all(len(v or "") <= length for v in examples(property_values(owner, name)))


def examples(strategy: st.SearchStrategy[Any], count: int = 50) -> list[Any]:
    drawn: list[Any] = []

    @settings(FEW, max_examples=count, derandomize=True)
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("AppointmentId", INT32_MAX),
        ("MotherId", INT32_MIN),
        ("ColorIndex", INT16_MAX),
        ("RejectCounter", INT16_MIN),
    ],
)
def test_integer_limits_are_reached(name: str, limit: int):
    assert first(property_values("AppointmentEntity", name), lambda v: v == limit) == limit


@pytest.mark.parametrize(
    "condition",
    [
        lambda d: d == DOTNET_MIN_VALUE,
        lambda d: d == DOTNET_MAX_VALUE,
        lambda d: re.search(r"\.\d{7}(Z|[+-]\d\d:\d\d)$", d) is not None,
        lambda d: d.endswith("Z"),
        lambda d: re.fullmatch(r"[\d:T-]+", d) is not None and d != DOTNET_MIN_VALUE,
    ],
    ids=["MinValue", "MaxValue", "seven-fraction-digits-with-offset", "utc", "no-offset"],
)
def test_dotnet_date_edges_are_reached(condition):
    assert condition(first(dotnet_dates(), condition))


@pytest.mark.parametrize(
    "condition",
    [
        lambda s: any(c < " " for c in s),
        lambda s: any(ord(c) > 0xFFFF for c in s),
        lambda s: any(c >= "\x7f" for c in s) and s.isprintable(),
        lambda s: "\u2028" in s,
    ],
    ids=["control", "astral", "non-ascii", "line-separator"],
)
def test_unicode_and_control_characters_are_reached(condition):
    title = first(property_values("Person", "Title"), lambda v: isinstance(v, str) and condition(v))
    assert condition(title)
    assert json.loads(json.dumps(title)) == title


# --- overrides ------------------------------------------------------------------------------------------


@FEW
@given(
    appointment_entities(
        Private="Public",
        AppointmentId=st.integers(1, 10),
        Contact__Name="Acme",
        Links__2__Id=5,
        **{"UserDefinedFields__SuperOffice:1": "Ada"},
    )
)
def test_overrides_take_values_and_strategies_along_double_underscore_paths(entity):
    assert errors(REQUEST, entity) == []
    assert entity["Private"] == "Public"
    assert 1 <= entity["AppointmentId"] <= 10
    assert entity["Contact"]["Name"] == "Acme"  # Contact is drawn non-null to hold it
    assert len(entity["Links"]) >= 3
    assert entity["Links"][2]["Id"] == 5
    assert entity["UserDefinedFields"]["SuperOffice:1"] == "Ada"
    assert list(entity) == list(catalogue.ENTITY.names)


def test_an_override_value_is_a_fresh_copy_in_every_example():
    links = [{"Id": 1}]
    drawn = []

    @settings(FEW, max_examples=5)
    @given(appointment_entities(Links=links))
    def collect(entity):
        entity["Links"].append({"Id": 2})
        drawn.append(entity["Links"])

    collect()
    assert links == [{"Id": 1}]
    assert all(d == [{"Id": 1}, {"Id": 2}] for d in drawn)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Tittle": "x"}, "override 'Tittle': AppointmentEntity has no field 'Tittle'"),
        (
            {"Links__first__Id": 1},
            "override 'Links__first__Id': Links is a list; expected an index, got 'first'",
        ),
        ({"Title__Name": 1}, "override 'Title__Name': Title is a str value, not an object or list"),
        (
            {"Contact": None, "Contact__Name": "x"},
            "override 'Contact__Name': Contact is already overridden as a whole",
        ),
    ],
)
def test_a_bad_override_is_refused_when_the_strategy_is_made(overrides, message):
    with pytest.raises(UsageError) as excinfo:
        appointment_entities(**overrides)
    assert str(excinfo.value) == message


# --- realistic mode ----------------------------------------------------------------------------------------


@FEW
@given(
    appointment_entities(
        realistic=True, locale="de_DE", Contact=carriers("Contact", realistic=True, locale="de_DE")
    )
)
def test_realistic_mode_draws_text_from_the_factories_pools(entity):
    pool = pools("de_DE")
    assert entity["Title"] is None or entity["Title"] in pool.titles or entity["Title"] == SAMPLE["Title"]
    companies = {c.name for c in pool.companies}
    assert entity["Contact"]["Name"] is None or entity["Contact"]["Name"] in companies


# --- the optional extra ----------------------------------------------------------------------------------


def test_without_hypothesis_the_import_error_says_which_extra_to_install():
    code = "import sys; sys.modules['hypothesis'] = None\nimport toolkit.strategies"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 1
    assert "MissingExtraError: toolkit.strategies needs Hypothesis: pip install 'so-toolkit[hypothesis]'" in (
        result.stderr
    )


def test_no_other_toolkit_module_imports_hypothesis():
    users = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "toolkit").rglob("*.py")
        if re.search(r"^\s*(from|import) hypothesis", p.read_text(encoding="utf-8"), re.M)
    ]
    assert users == ["toolkit/strategies.py"]


def test_a_bad_carrier_locale_or_property_is_refused_when_the_strategy_is_made():
    with pytest.raises(UsageError, match="unknown carrier 'Meeting'; known: Associate, "):
        carriers("Meeting")
    with pytest.raises(UsageError, match="unknown locale 'xx_YY'"):
        appointment_entities(realistic=True, locale="xx_YY")
    with pytest.raises(UsageError, match="Link has no property 'Url'"):
        property_values("Link", "Url")
    with pytest.raises(UsageError, match="max_paths must be 1 or more, got 0"):
        selects(max_paths=0)
