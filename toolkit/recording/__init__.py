"""Recording and replay of HTTP interactions with vcrpy, for the pytest plugin.

Modules: :mod:`._vcr` (the one door to vcrpy: every use of its internals, each with a comment),
:mod:`.settings` (the resolved plugin settings and record modes), :mod:`.cassette_file` (reading a
cassette), :mod:`.matching` (the request key), :mod:`.cassette` (vcrpy's cassette with a replay index
and scrubbing hooks), :mod:`.scrub` (credentials out; the leak check), :mod:`.persist` (atomic, readable
files), :mod:`.stable` (byte-stable recordings against the embedded server), :mod:`.network` (the
offline guard), :mod:`.nearmiss` (explaining a miss), :mod:`.report` (the end-of-run summary).

Not target-agnostic: the request key reads ``$select`` and the appointment's XML form, and the default
scrub rules name SuperOffice's credentials; everything else comes in as ``MatchRules`` and
``ScrubRules``.  Only :mod:`._vcr` imports vcrpy; the plugin imports the recording modules only when a
test uses a cassette.  See ``docs/architecture.md``.

:mod:`.expiry` (``recorded_at`` stamps, age limits, a cassette's age) serves the plugin and the
CLI's ``cassettes check --max-age``.
"""

from __future__ import annotations

__all__: list[str] = []
