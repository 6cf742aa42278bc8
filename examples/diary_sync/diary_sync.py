"""A small piece of application code, as a user of toolkit would have it: it books, changes and
cancels SuperOffice appointments from "our" diary with ``requests``.  Its tests (``tests/``) replay
recorded cassettes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import requests

# A date as .NET writes it: the fraction (up to seven digits) and the offset are kept as written.
_DOTNET_DATE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,7})?(Z|[+-]\d\d:\d\d)?")


def shift_date(value: str, minutes: int) -> str:
    """Move a .NET date by whole minutes, written as it was written (fraction digits, offset).

    The first version was ``datetime.fromisoformat(value) + delta`` then ``.isoformat()``: the property
    test in ``tests/test_diary_sync_properties.py`` found that it lost the seventh fraction digit
    (``.6911992`` came back ``.691199``), and a ``strftime("%Y")`` fix then wrote year 1 as ``1-01-01``
    instead of ``0001-01-01`` (``DateTime.MinValue``).  Raises ValueError for text that is not a .NET date
    or a move past the ends of .NET's range (years 1 to 9999).
    """
    match = _DOTNET_DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"not a .NET date: {value!r}")
    seconds, fraction, offset = match.groups()
    try:
        moved = datetime.strptime(seconds, "%Y-%m-%dT%H:%M:%S") + timedelta(minutes=minutes)
    except OverflowError:
        raise ValueError(f"{value} moved by {minutes} minutes is outside .NET's DateTime range") from None
    return f"{moved.year:04d}-{moved:%m-%dT%H:%M:%S}{fraction or ''}{offset or ''}"


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

    def move(self, appointment: dict[str, Any], minutes: int) -> dict[str, Any]:
        """Move an appointment by whole minutes, start and end together; answers with the new dates only."""
        start = shift_date(appointment["StartDate"], minutes)
        end = shift_date(appointment["EndDate"], minutes)
        return self.reschedule(appointment, start, end)

    def cancel(self, appointment_id: int) -> None:
        """Delete the appointment from SuperOffice."""
        self.session.delete(self._url(appointment_id), timeout=10).raise_for_status()
