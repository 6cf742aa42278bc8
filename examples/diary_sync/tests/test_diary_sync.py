"""How a project tests its SuperOffice integration with toolkit: record once, replay offline forever."""

from __future__ import annotations

from datetime import datetime

import pytest
import requests
from diary_sync import DiarySync

from toolkit.assertions import assert_same_appointment, assert_select_nulled, assert_valid_appointment
from toolkit.matchers import ANY_DOTNET_DATE, ANY_INT

# SuperOffice answers dates in the zone the request names, so compare dates as instants.
DATES = (
    "CreatedDate",
    "StartDate",
    "EndDate",
    "UpdatedDate",
    "ActiveDate",
    "PublishEventDate",
    "PublishTo",
    "PublishFrom",
)
ANSWER_ONLY = (
    "CreatedBy",
    "TableRight",
    "FieldProperties",
    "_Links",
    "Links[*].TableRight",
    "Links[*].FieldProperties",
    "VisibleFor[*].TableRight",
    "VisibleFor[*].FieldProperties",
)


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text[:19] + text[-6:])  # whole seconds and the offset


@pytest.fixture
def sync(so_base_url: str) -> DiarySync:
    # so_base_url: the embedded reference server while recording, a placeholder while replaying.
    return DiarySync(so_base_url, "integration-user", "integration-password", timezone="NO")


@pytest.mark.so_cassette
def test_push_saves_the_whole_appointment(sync: DiarySync, appointment_factory):
    appointment = appointment_factory.build(AppointmentId=42, Title="Quarterly review")
    saved = sync.push(appointment)
    assert_valid_appointment(saved)
    expected = {**appointment, **{name: ANY_DOTNET_DATE for name in DATES}}
    assert_same_appointment(saved, expected, ignore=("CreatedDate", *ANSWER_ONLY))
    assert instant(saved["StartDate"]) == instant(appointment["StartDate"])


@pytest.mark.so_cassette
def test_reschedule_answers_with_the_dates_only(sync: DiarySync, appointment_factory):
    appointment = appointment_factory.build(AppointmentId=7)
    answer = sync.reschedule(appointment, "2026-12-01T09:00:00+01:00", "2026-12-01T10:00:00+01:00")
    assert_select_nulled(answer, "StartDate,EndDate")
    assert answer["StartDate"] == "2026-12-01T09:00:00+01:00"  # Oslo in December, as sent


@pytest.mark.so_cassette
def test_book_change_and_cancel(sync: DiarySync, appointment_factory):
    draft = appointment_factory.build(AppointmentId=0, Title="Kick-off")
    booked = sync.book(draft)
    assert booked["AppointmentId"] == ANY_INT
    assert booked["AppointmentId"] > 0
    booked["Location"] = "Room 4"
    assert sync.push(booked)["Location"] == "Room 4"
    sync.cancel(booked["AppointmentId"])
    with pytest.raises(requests.HTTPError) as excinfo:
        sync.fetch(booked["AppointmentId"])
    assert excinfo.value.response.status_code == 404


@pytest.mark.so_cassette
def test_unknown_appointment_is_an_http_error(sync: DiarySync, appointment_factory):
    with pytest.raises(requests.HTTPError) as excinfo:
        sync.push(appointment_factory.build(AppointmentId=999_999))
    assert excinfo.value.response.status_code == 404
