"""Recording and replay of HTTP interactions with vcrpy: target-agnostic.

Modules (one responsibility each; only :mod:`.cassette` and :mod:`.persist` import vcrpy, lazily):

* :mod:`.settings`: the resolved, frozen plugin settings.
* :mod:`.cassette_file`: read a cassette file, errors naming the file.
* :mod:`.matching`: the request key (method, path, ``$select``, JSON body as data).
* :mod:`.cassette`: a vcrpy ``Cassette`` with an index for flat-cost replay.
* :mod:`.scrub`: credentials out before anything is written; the leak check.
* :mod:`.persist`: atomic, readable cassette files.
* :mod:`.network`: the socket-level guard used in offline mode.
* :mod:`.nearmiss`: the closest recordings for a request that matched nothing.
* :mod:`.report`: the end-of-run summary.
* :mod:`.expiry`: ``recorded_at`` stamps, age limits, a cassette's age.
"""

from __future__ import annotations

__all__: list[str] = []
