"""A small piece of application code, as a user of toolkit would have it: it books, changes and
cancels SuperOffice appointments from "our" diary with ``requests``.  Its tests (``tests/``) replay
recorded cassettes."""

from __future__ import annotations

from typing import Any

import requests


class DiarySync:
    """Books (``POST``), updates (``PUT``) and cancels (``DELETE``) SuperOffice appointments.

    Dates travel in the user's time zone: every request says ``SO-TimeZone: <zone>, includeTZOffset``
    (SuperOffice's zone code, e.g. ``NO``), as SuperOffice's own web client does, so answers carry
    offsets and a date sent with an offset means that instant.
    """

    def __init__(self, base_url: str, username: str, password: str, *, timezone: str = "NO") -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.auth = (username, password)
        self.session.headers["Accept"] = "application/json"
        self.session.headers["SO-TimeZone"] = f"{timezone}, includeTZOffset"

    def _url(self, appointment_id: int | None = None) -> str:
        base = f"{self.base_url}/api/v1/Appointment"
        return base if appointment_id is None else f"{base}/{appointment_id}"

    def book(self, appointment: dict[str, Any]) -> dict[str, Any]:
        """Create the appointment in SuperOffice; the answer carries its new ``AppointmentId``."""
        response = self.session.post(self._url(), json=appointment, timeout=10)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]

    def fetch(self, appointment_id: int) -> dict[str, Any]:
        """Read one appointment."""
        response = self.session.get(self._url(appointment_id), timeout=10)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]

    def push(self, appointment: dict[str, Any], *, only: str | None = None) -> dict[str, Any]:
        """Save the whole appointment; ``only`` asks SuperOffice to answer with just those fields."""
        params = {"$select": only} if only else None
        response = self.session.put(
            self._url(appointment["AppointmentId"]), json=appointment, params=params, timeout=10
        )
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]

    def reschedule(self, appointment: dict[str, Any], start: str, end: str) -> dict[str, Any]:
        """Move an appointment; answers with the new dates only."""
        return self.push({**appointment, "StartDate": start, "EndDate": end}, only="StartDate,EndDate")

    def cancel(self, appointment_id: int) -> None:
        """Delete the appointment from SuperOffice."""
        self.session.delete(self._url(appointment_id), timeout=10).raise_for_status()
