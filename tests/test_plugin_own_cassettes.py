"""The project's own recordings: appointment updates recorded against the reference server, replayed offline.

These tests use the plugin the way a user's project would: create, update, delete.  Their cassettes live
in ``cassettes/tests/test_plugin_own_cassettes/`` and were recorded once with::

    python -m pytest tests/test_plugin_own_cassettes.py --so-record-mode=once -p no:randomly

A default run (record mode none) replays them: no server starts, the network is blocked for these tests.
Re-record after a server change with ``--so-record-mode=rewrite``.
"""

from __future__ import annotations

import pytest

from toolkit.assertions import assert_same_appointment, assert_select_nulled, assert_valid_appointment
from toolkit.client import AppointmentClient
from toolkit.errors import NotFoundError
from toolkit.factories import AppointmentFactory
from toolkit.matchers import ANY_DOTNET_DATE
from toolkit.recording.cassette import IndexedCassette

# The server sets these on every update: never compare them with the request.
VOLATILE = ("UpdatedDate", "UpdatedBy", "Updated", "TableRight", "FieldProperties", "_Links")


@pytest.mark.so_cassette
def test_update_returns_the_saved_appointment(
    so_client: AppointmentClient, appointment_factory: AppointmentFactory
) -> None:
    body = appointment_factory.build(AppointmentId=11)
    saved = so_client.put(11, body)
    assert_valid_appointment(saved)
    assert saved["Title"] == body["Title"]
    assert saved["Participants"] == body["Participants"]


@pytest.mark.so_cassette
def test_select_nulls_every_other_property(
    so_client: AppointmentClient, appointment_factory: AppointmentFactory
) -> None:
    body = appointment_factory.build(AppointmentId=12)
    saved = so_client.put(12, body, select="Title,agenda,Associate/Name")
    assert_select_nulled(saved, "Title,agenda,Associate/Name", entity=body, ignore=VOLATILE)
    assert saved["Description"] is None


@pytest.mark.so_cassette
def test_repeated_updates_replay_in_recorded_order(
    so_client: AppointmentClient, appointment_factory: AppointmentFactory, so_cassette: IndexedCassette
) -> None:
    body = appointment_factory.build(AppointmentId=13, Title="Draft")
    first = so_client.put(13, body)
    second = so_client.put(13, body)  # the same request twice: two recordings, played in order
    assert first["Title"] == second["Title"] == "Draft"
    if so_cassette.loaded_count:  # replaying: each recording played once, in order
        assert dict(so_cassette.play_counts) == {0: 1, 1: 1}
        assert so_cassette.all_played
    else:  # recording
        assert so_cassette.recorded_count == 2


@pytest.mark.so_cassette
def test_unknown_id_is_not_found(
    so_client: AppointmentClient, appointment_factory: AppointmentFactory
) -> None:
    with pytest.raises(NotFoundError) as caught:
        so_client.put(999_999, appointment_factory.build(AppointmentId=999_999))
    assert caught.value.error_type == "SoNotFoundException"


@pytest.mark.so_cassette
def test_xml_update_stores_the_same_entity(
    so_client: AppointmentClient, appointment_factory: AppointmentFactory
) -> None:
    body = appointment_factory.build(AppointmentId=14)
    saved = so_client.put(14, body, content_type="application/xml")
    # Without SO-TimeZone the server answers dates as it stores them (UTC wall time, no suffix).
    dates = {name: ANY_DOTNET_DATE for name in body if name.endswith("Date") or name.startswith("Publish")}
    assert_same_appointment(
        {k: saved[k] for k in body}, {**body, **dates}, ignore=(*VOLATILE, "CreatedDate", "CreatedBy")
    )


@pytest.mark.so_cassette
def test_create_update_delete(so_client: AppointmentClient, appointment_factory: AppointmentFactory) -> None:
    created = so_client.create(appointment_factory.build(AppointmentId=0, Title="New"))
    new_id = created["AppointmentId"]
    assert new_id > 0
    created["Title"] = "Renamed"
    assert so_client.put(new_id, created)["Title"] == "Renamed"
    so_client.delete(new_id)
    with pytest.raises(NotFoundError):
        so_client.get(new_id)
