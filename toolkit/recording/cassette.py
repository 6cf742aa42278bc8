"""A vcrpy ``Cassette`` that replays through an index: per-request cost flat in cassette size.

vcrpy finds a response by running every matcher against every recorded request (O(n) per request, and
body matching parses both bodies each time).  :class:`IndexedCassette` computes each recorded request's
key (:mod:`.matching`) once at load and keeps ``key -> deque of unplayed interaction indexes``: a request
costs one key computation and one dict lookup, and identical requests play back in recorded order.

Other differences from vcrpy's ``Cassette`` (the file format and the stubs are vcrpy's own):

* A request that matches nothing while the cassette cannot record raises
  :class:`~toolkit.errors.ReplayMissError` naming the closest recordings (:mod:`.nearmiss`) instead of
  ``CannotOverwriteExistingCassetteException``.
* An interaction recorded in this session counts as used by the request that recorded it; it is not
  played again to a later identical request (vcrpy would, and the next replay would then miss one).
* Requests and responses are scrubbed (:mod:`.scrub`) before they are kept, and credentials seen on the
  way are handed to the persister's leak check.
* ``rewrite`` mode: the old file is not loaded; everything is recorded anew and replaces it.

Use :func:`use_cassette` to activate one: it patches the HTTP libraries only inside the ``with``, and
saves after the patches are gone, so a save error never leaves them installed.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from vcr.cassette import Cassette
from vcr.errors import UnhandledHTTPRequestError
from vcr.patch import CassettePatcherBuilder
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode

from toolkit.errors import ReplayMissError, UsageError
from toolkit.recording import nearmiss
from toolkit.recording.matching import MatchRules, RequestKey, key_of, make_vcr_matcher
from toolkit.recording.persist import AtomicPersister
from toolkit.recording.scrub import (
    DEFAULT_RULES,
    ScrubRules,
    credentials_in_headers,
    scrub_headers,
    scrub_uri,
    scrubbed_body,
)
from toolkit.recording.settings import RECORD_MODES

__all__ = ["IndexedCassette", "load_cassette", "use_cassette"]


class IndexedCassette(Cassette):  # type: ignore[misc]  # vcrpy ships no type information
    """vcrpy's cassette with an index for replay, scrubbing hooks and explained misses."""

    def __init__(
        self,
        path: str | Path,
        *,
        so_mode: str = "none",
        match_rules: MatchRules | None = None,
        scrub_rules: ScrubRules = DEFAULT_RULES,
        **kwargs: Any,
    ) -> None:
        if so_mode not in RECORD_MODES:
            raise UsageError(f"record mode {so_mode!r} is not one of {', '.join(RECORD_MODES)}")
        self.so_mode = so_mode
        self.match_rules = match_rules or MatchRules()
        self.scrub_rules = scrub_rules
        self.persister = AtomicPersister(rules=scrub_rules)
        super().__init__(
            str(path),
            persister=self.persister,
            record_mode=RecordMode(RECORD_MODES[so_mode]),
            match_on=(make_vcr_matcher(self.match_rules),),
            before_record_request=self._scrub_request,
            before_record_response=self._scrub_response,
            **kwargs,
        )
        self._keys: list[RequestKey] = []
        self._index: dict[RequestKey, deque[int]] = {}
        self.file_existed = False

    # --- loading and the index ------------------------------------------------------------------------

    def _load(self) -> None:
        if self.so_mode == "rewrite":
            self.file_existed = Path(self._path).is_file()
            return
        try:
            requests, responses, *metadata = self.persister.load_cassette(self._path)
        except CassetteNotFoundError:
            return
        self.file_existed = True
        self.data = list(zip(requests, responses, strict=True))
        self._old_interactions = list(self.data)
        self._loaded_count = len(self.data)
        self._metadata = metadata[0] if metadata else {}
        self.rewound = True
        self.dirty = False
        for i, (request, _) in enumerate(self.data):
            key = key_of(request, self.match_rules)
            self._keys.append(key)
            self._index.setdefault(key, deque()).append(i)

    def append(self, request: Any, response: Any) -> None:
        """Record an interaction (scrubbed); it counts as used, so it is never replayed this session."""
        before = len(self.data)
        super().append(request, response)
        if len(self.data) > before:
            self._keys.append(key_of(self.data[-1][0], self.match_rules))

    # --- replay -----------------------------------------------------------------------------------------

    def can_play_response_for(self, request: Any) -> bool:
        """True when an unplayed recording matches; raises ReplayMissError when it must and cannot."""
        if self.record_mode == RecordMode.ALL:
            return False
        queue = self._index.get(key_of(request, self.match_rules))
        if queue:
            return True
        if self.write_protected:
            raise ReplayMissError(self.miss_message(request))
        return False

    def play_response(self, request: Any) -> Any:
        """The next recorded response for this request, in recorded order."""
        queue = self._index.get(key_of(request, self.match_rules))
        if not queue:
            raise UnhandledHTTPRequestError(self.miss_message(request))
        index = queue.popleft()
        self.play_counts[index] += 1
        if index < self._loaded_count:
            self._played_interactions.append(self.data[index])
        return self.data[index][1]

    def rewind(self) -> None:
        """Make every loaded interaction playable again, in recorded order (the index is rebuilt)."""
        super().rewind()
        self._played_interactions.clear()
        self._index = {}
        for i in range(self._loaded_count):
            self._index.setdefault(self._keys[i], deque()).append(i)

    def __contains__(self, request: Any) -> bool:
        return bool(self._index.get(key_of(request, self.match_rules)))

    def _responses(self, request: Any) -> Iterator[tuple[int, Any]]:
        key = key_of(request, self.match_rules)
        for index, stored in enumerate(self._keys):
            if stored == key:
                yield index, self.data[index][1]

    def miss_message(self, request: Any) -> str:
        """Why ``request`` has no recording, with the closest ones."""
        loaded = self._loaded_count
        return nearmiss.miss_message(
            cassette_path=str(self._path),
            live_method=request.method,
            live_uri=request.uri,
            live_body=getattr(request, "_body", None),
            recorded=[(self._keys[i], self.data[i][0]) for i in range(loaded)],
            played=[self.play_counts[i] > 0 for i in range(loaded)],
            rules=self.match_rules,
            record_mode=self.so_mode,
            exists=self.file_existed,
        )

    # --- what was used ------------------------------------------------------------------------------------

    @property
    def loaded_count(self) -> int:
        """How many interactions came from the file."""
        return int(self._loaded_count)

    @property
    def recorded_count(self) -> int:
        """How many interactions were recorded in this session."""
        return len(self.data) - self._loaded_count

    @property
    def unplayed(self) -> list[int]:
        """Indexes of interactions loaded from the file and never played."""
        return [i for i in range(self._loaded_count) if not self.play_counts[i]]

    @property
    def all_played(self) -> bool:
        """True when every interaction loaded from the file was played (recorded ones count as used)."""
        return not self.unplayed

    # --- scrubbing hooks ------------------------------------------------------------------------------

    def _scrub_request(self, request: Any) -> Any:
        self.persister.known_secrets.update(credentials_in_headers(request.headers, self.scrub_rules))
        # A shallow copy is enough (as vcrpy's own filters do): every field scrubbing changes is replaced
        # by a new object, and the live request is still sent as it was.
        clean = copy.copy(request)
        clean.uri = scrub_uri(request.uri, self.scrub_rules)
        clean.headers = scrub_headers(dict(request.headers), self.scrub_rules)
        if self.scrub_rules.body_paths:
            scrubbed = scrubbed_body(getattr(request, "_body", None), self.scrub_rules)
            if scrubbed is not None:
                clean.body = scrubbed
        return clean

    def _scrub_response(self, response: Any) -> Any:
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, values in headers.items():
                if name.lower() == "set-cookie":
                    self.persister.known_secrets.update(
                        credentials_in_headers({name: values}, self.scrub_rules)
                    )
            response["headers"] = scrub_headers(headers, self.scrub_rules)
        body = response.get("body")
        if self.scrub_rules.body_paths and isinstance(body, dict):
            scrubbed = scrubbed_body(body.get("string"), self.scrub_rules)
            if scrubbed is not None:
                body["string"] = scrubbed
        return response

    # --- saving -------------------------------------------------------------------------------------------

    def _save(self, force: bool = False) -> None:
        if self.so_mode == "rewrite" and not self.data:
            # rewrite = delete, then record: a test that made no request leaves no cassette.
            Path(self._path).unlink(missing_ok=True)
            return
        # Modes that only add keep what other workers appended meanwhile (tests sharing a cassette).
        adds_only = self.so_mode in ("once", "new_episodes")
        self.persister.merge_after = self._loaded_count if adds_only else None
        super()._save(force=force)


@contextmanager
def use_cassette(cassette: IndexedCassette) -> Iterator[IndexedCassette]:
    """Patch the HTTP libraries to use ``cassette`` inside the block; save it once they are restored."""
    with ExitStack() as stack:
        for patcher in CassettePatcherBuilder(cassette).build():
            stack.enter_context(patcher)
        yield cassette
    cassette._save()


def load_cassette(path: str | Path, *, mode: str = "none", **kwargs: Any) -> IndexedCassette:
    """An :class:`IndexedCassette` for ``path``, loaded (and indexed) now."""
    cassette = IndexedCassette(path, so_mode=mode, **kwargs)
    cassette._load()
    return cassette
