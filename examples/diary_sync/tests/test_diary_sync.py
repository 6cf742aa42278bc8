"""How a project tests its SuperOffice integration with toolkit: record once, replay offline forever."""

from __future__ import annotations

import pytest
import requests
from diary_sync import DiarySync

from toolkit.assertions import assert_same_appointment, assert_select_nulled, assert_valid_appointment
from toolkit.matchers import ANY_DOTNET_DATE


@pytest.fixture
def sync(so_base_url: str) -> DiarySync:
    # so_base_url: the embedded reference server while recording, a placeholder while replaying.
    return DiarySync(so_base_url, "integration-user", "integration-password")


@pytest.mark.so_cassette
def test_push_saves_the_whole_appointment(sync: DiarySync, appointment_factory):
    appointment = appointment_factory.build(AppointmentId=42, Title="Quarterly review")
    saved = sync.push(appointment)
    assert_valid_appointment(saved)
    assert_same_appointment(
        saved,
        {**appointment, "UpdatedDate": ANY_DOTNET_DATE},
        ignore=(
            "CreatedDate",
            "CreatedBy",
            "TableRight",
            "FieldProperties",
            "_Links",
            "Links[*].TableRight",
            "Links[*].FieldProperties",
            "VisibleFor[*].TableRight",
            "VisibleFor[*].FieldProperties",
        ),
    )


@pytest.mark.so_cassette
def test_reschedule_answers_with_the_dates_only(sync: DiarySync, appointment_factory):
    appointment = appointment_factory.build(AppointmentId=7)
    answer = sync.reschedule(
        appointment, "2026-12-01T09:00:00.0000000+01:00", "2026-12-01T10:00:00.0000000+01:00"
    )
    assert_select_nulled(answer, "StartDate,EndDate")
    assert answer["StartDate"] == "2026-12-01T09:00:00.0000000+01:00"


@pytest.mark.so_cassette
def test_unknown_appointment_is_an_http_error(sync: DiarySync, appointment_factory):
    with pytest.raises(requests.HTTPError) as excinfo:
        sync.push(appointment_factory.build(AppointmentId=999_999))
    assert excinfo.value.response.status_code == 404
