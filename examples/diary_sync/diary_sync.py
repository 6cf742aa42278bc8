"""A small piece of application code, as a user of toolkit would have it: it pushes changes from
"our" diary into SuperOffice with ``requests``.  Its tests (``tests/``) replay recorded cassettes."""

from __future__ import annotations

from typing import Any

import requests


class DiarySync:
    """Updates SuperOffice appointments through ``PUT /api/v1/Appointment/{id}``."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.auth = (username, password)
        self.session.headers["Accept"] = "application/json"

    def _url(self, appointment_id: int) -> str:
        return f"{self.base_url}/api/v1/Appointment/{appointment_id}"

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
