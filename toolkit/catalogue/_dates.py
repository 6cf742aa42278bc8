"""The one description of a date as SuperOffice's WebAPI writes and reads it.

SuperOffice answers in .NET's round-trip form (Newtonsoft's ``yyyy-MM-ddTHH:mm:ss.FFFFFFFK``): an
optional fraction of one to seven digits, then the kind as a suffix: none for an unspecified date
(``2015-11-04T13:00:00``, what tenants answer without SO-TimeZone), ``Z`` for UTC
(``2002-03-31T16:00:00Z``), or an offset with a colon (``2002-03-31T18:00:00+02:00``; the API page's
samples write ``2008-04-11T03:46:59.6911992+02:00``).  Impossible dates are refused as .NET refuses them:
month 13, 31 April, 29 February outside leap years, hour 24, year 0000, offsets beyond ±14:00.

The pattern is written once and used by the JSON Schemas (jsonschema and jsonschema-rs), the matchers
and the reference server, so it sticks to syntax that Python's ``re`` and ECMA-262 read alike.
"""

from __future__ import annotations

import re

__all__ = ["DOTNET_DATE", "DOTNET_DATE_PATTERN"]

_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DAY = (
    r"(?:(?!0000)\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|(?!0000)" + _LEAP_YEAR + r"-02-29)"
)
_TIME = r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,7})?"
_KIND = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"

#: A .NET date as SuperOffice writes it, for JSON Schema ``pattern``.  ``(?!\n)$``: Python's ``$`` also
#: matches before a final newline (ECMA-262's does not), and a trailing newline is not a date.
DOTNET_DATE_PATTERN: str = "^" + _DAY + _TIME + _KIND + r"(?!\n)$"

#: :data:`DOTNET_DATE_PATTERN` compiled: ``DOTNET_DATE.match(text)`` is true for a well-formed date.
DOTNET_DATE: re.Pattern[str] = re.compile(DOTNET_DATE_PATTERN)
