"""A property-based test of diary_sync: any appointment SuperOffice could hold, drawn by Hypothesis, recorded
once and replayed offline like the other tests.

``derandomize=True`` makes Hypothesis draw the same appointments on every run, so the cassette holds every
request the test makes.  A new Hypothesis version (or a changed strategy) draws others: re-record with
``--so-record-mode=rewrite``.  The ``sync`` fixture is function-scoped, set up once for all examples, which is
right here (it holds no per-example state), so that health check is suppressed; so is too_slow, as a whole
appointment is hundreds of draws.

Hypothesis also draws some values from constants in the project's own modules loaded at the time.  The
toolkit is one of them here (installed editable, beside this example), and recording loads its reference
server: importing it in every mode keeps the draws, and so the requests, the same when replaying.  (A
toolkit installed from a package is not "own" code, and needs no such line.)
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from diary_sync import DiarySync, shift_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit.server  # noqa: F401  (see the module docstring)
from toolkit.assertions import assert_select_nulled
from toolkit.strategies import DOTNET_MAX_VALUE, DOTNET_MIN_VALUE, appointment_entities, dotnet_dates


@pytest.fixture
def sync(so_base_url: str) -> DiarySync:
    return DiarySync(so_base_url, "integration-user", "integration-password")


@settings(max_examples=300, derandomize=True, database=None)
@given(date=dotnet_dates(), minutes=st.integers(-100_000, 100_000))
def test_shifting_a_date_there_and_back_gives_the_same_text(date: str, minutes: int):
    # The property that found the lost seventh fraction digit and the unpadded year 1 (see shift_date).
    try:
        moved = shift_date(date, minutes)
    except ValueError:
        assert date[:4] in ("0001", "9999")  # only near DateTime.MinValue / MaxValue
        return
    assert shift_date(moved, -minutes) == date
    assert len(moved) == len(date)


def test_the_ends_of_the_range_refuse_to_move_outward():
    with pytest.raises(ValueError, match=r"outside \.NET's DateTime range"):
        shift_date(DOTNET_MIN_VALUE, -1)
    with pytest.raises(ValueError, match=r"outside \.NET's DateTime range"):
        shift_date(DOTNET_MAX_VALUE, 1)
    assert shift_date(DOTNET_MIN_VALUE, 1) == "0001-01-01T00:01:00"


def instant(date: str) -> tuple[datetime, str]:
    """A .NET date with an offset as (UTC time to the second, seven fraction digits): zone and style aside."""
    seconds, fraction, offset = _PARTS.fullmatch(date).groups()  # type: ignore[union-attr]
    moment = datetime.fromisoformat(seconds + ("+00:00" if offset == "Z" else offset))
    return moment.astimezone(timezone.utc).replace(tzinfo=None), (fraction or ".").ljust(8, "0")


_PARTS = re.compile(r"(.{19})(\.\d{1,7})?(Z|[+-]\d\d:\d\d)")
# Dates with an offset name one instant whatever the zone (SuperOffice answers in the request's zone); a
# date drawn without one is taken as UTC.
aware_dates = dotnet_dates().map(lambda d: d if _PARTS.fullmatch(d) else f"{d}Z")


@pytest.mark.so_cassette
@settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    appointment=appointment_entities(
        realistic=True,
        AppointmentId=st.integers(1, 1000),
        StartDate=aware_dates,
        EndDate=aware_dates,
        Links=[],
        Participants=[],
        VisibleFor=[],
    ),
    minutes=st.sampled_from([15, -60, 24 * 60]),
)
def test_moving_any_appointment_saves_the_moved_instants(sync: DiarySync, appointment, minutes: int):
    try:
        start, end = (
            shift_date(appointment["StartDate"], minutes),
            shift_date(appointment["EndDate"], minutes),
        )
    except ValueError:
        return  # at the ends of .NET's range there is nowhere to move to (tested above)
    answer = sync.move(appointment, minutes)
    assert_select_nulled(answer, "StartDate,EndDate")
    # The answer is in the sync's zone (SO-TimeZone), to the tick the same instants.
    assert (instant(answer["StartDate"]), instant(answer["EndDate"])) == (instant(start), instant(end))
