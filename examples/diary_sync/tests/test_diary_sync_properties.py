"""Property-based tests of diary_sync, offline like the others.

The property (``shift_date`` there and back gives the same text, for any .NET date) needs no server: it is
what found the edge cases in ``shift_date``'s docstring.  The dates it found are then moved through the
recorded server by an ordinary cassette test.  A ``@given`` test that makes the HTTP calls itself can be
recorded too (``derandomize=True``, ``database=None``; see ``tests/test_strategies_pytest.py`` in the
toolkit), but Hypothesis also draws constants it finds in the project's own source, so any edit to the
project can change the draws and call for a re-record; a cassette of fixed cases does not.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from diary_sync import DiarySync, shift_date
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.assertions import assert_select_nulled
from toolkit.strategies import DOTNET_MAX_VALUE, DOTNET_MIN_VALUE, dotnet_dates


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

#: Dates the property above drew that a datetime round trip gets wrong: seven fraction digits, years before
#: 1000, the day after DateTime.MinValue, the year 9999.
EDGE_DATES = (
    "2002-09-19T03:46:59.6911992+02:00",
    "0999-06-30T23:59:59.0000001Z",
    "0001-01-02T00:00:00.1234567Z",
    "9999-12-30T12:00:00.9999999-05:00",
)


@pytest.mark.so_cassette
def test_moving_saves_the_moved_instants_for_the_edge_dates(sync: DiarySync, appointment_factory):
    for i, date in enumerate(EDGE_DATES):
        appointment = appointment_factory.build(AppointmentId=20 + i, StartDate=date, EndDate=date)
        start = shift_date(date, 90)
        answer = sync.move(appointment, 90)
        assert_select_nulled(answer, "StartDate,EndDate")
        # The answer is in the sync's zone (SO-TimeZone): to the tick the same instant.
        assert instant(answer["StartDate"]) == instant(start) == instant(answer["EndDate"])
