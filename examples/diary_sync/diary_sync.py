"""A small piece of application code, as a user of toolkit would have it: it pushes changes from
"our" diary into SuperOffice with ``requests``.  Its tests (``tests/``) replay recorded cassettes."""

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

    def move(self, appointment: dict[str, Any], minutes: int) -> dict[str, Any]:
        """Move an appointment by whole minutes, start and end together; answers with the new dates only."""
        start = shift_date(appointment["StartDate"], minutes)
        end = shift_date(appointment["EndDate"], minutes)
        return self.reschedule(appointment, start, end)
