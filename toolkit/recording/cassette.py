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
  way are handed to the persister's leak check.  Then, when recording against the embedded server, the
  live origin becomes a stable one (:mod:`.stable`); last come a project's vcrpy hooks (``vcr_hooks``),
  which can change or drop what is kept but not undo the scrubbing (the leak check runs at save).
* Loading and saving are the toolkit's own (the modes' semantics do not change with the vcrpy version).
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

from toolkit.errors import ReplayMissError, UsageError
from toolkit.recording._vcr import (
    CassetteBase,
    CassetteNotFoundError,
    RecordMode,
    UnhandledHTTPRequestError,
    absent_modules_fail_fast,
    forget_connections,
    patchers,
    request_body,
    shared_patchers,
)
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
from toolkit.recording.settings import RECORD_MODES, VcrHooks
from toolkit.recording.stable import OriginRewrite

__all__ = ["IndexedCassette", "load_cassette", "scrub_response", "use_cassette"]


class IndexedCassette(CassetteBase):
    """vcrpy's cassette with an index for replay, scrubbing hooks and explained misses."""

    def __init__(
        self,
        path: str | Path,
        *,
        so_mode: str = "none",
        match_rules: MatchRules | None = None,
        scrub_rules: ScrubRules = DEFAULT_RULES,
        origin: OriginRewrite | None = None,
        vcr_hooks: VcrHooks | None = None,
    ) -> None:
        if so_mode not in RECORD_MODES:
            raise UsageError(f"record mode {so_mode!r} is not one of {', '.join(RECORD_MODES)}")
        self.so_mode = so_mode
        self.match_rules = match_rules or MatchRules()
        self.scrub_rules = scrub_rules
        self.origin = origin
        self.vcr_hooks = vcr_hooks or VcrHooks()
        self.persister = AtomicPersister(rules=scrub_rules)
        super().__init__(
            path,
            record_mode=RecordMode(RECORD_MODES[so_mode]),
            match_on=(make_vcr_matcher(self.match_rules), *self.vcr_hooks.match_on),
            before_record_request=self._record_request,
            before_record_response=self._record_response,
        )
        self._keys: list[RequestKey] = []
        self._index: dict[RequestKey, deque[int]] = {}
        self._loaded = 0
        #: Cassette-level metadata read from the file (written back as it was).
        self.metadata: dict[str, Any] = {}
        self.file_existed = False

    # --- loading and the index ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the file (unless the mode is ``rewrite``) and index its requests."""
        if self.so_mode == "rewrite":
            self.file_existed = Path(self.path).is_file()
            return
        try:
            requests, responses, *metadata = self.persister.load_cassette(self.path)
        except CassetteNotFoundError:
            return
        self.file_existed = True
        self.data = list(zip(requests, responses, strict=True))
        self._loaded = len(self.data)
        self.metadata = dict(metadata[0]) if metadata else {}
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

    def _queue(self, request: Any) -> deque[int] | None:
        """The unplayed recordings this live request may play, or None when a project hook drops it."""
        if self.vcr_hooks.before_record_request:
            # The project's hooks may change what is stored (a path, a query): match what they make of
            # the live request, as vcrpy does.
            request = self._record_request(request)
            if request is None:
                return None
        queue = self._index.get(key_of(request, self.match_rules))
        if queue is None:
            return deque()
        if queue and self.vcr_hooks.match_on:
            # Extra matchers: the first recording (in recorded order) they all accept goes first.
            for position, index in enumerate(queue):
                if all(_accepts(m, request, self.data[index][0]) for m in self.vcr_hooks.match_on):
                    if position:
                        del queue[position]
                        queue.appendleft(index)
                    return queue
            return deque()
        return queue

    def can_play_response_for(self, request: Any) -> bool:
        """True when an unplayed recording matches; raises ReplayMissError when it must and cannot."""
        if self.record_mode == RecordMode.ALL:
            return False
        queue = self._queue(request)
        if queue:
            return True
        if queue is not None and self.write_protected:
            raise ReplayMissError(self.miss_message(request))
        return False

    def can_replay(self, request: Any) -> bool:
        """True when a recording will be played for ``request``; unlike vcrpy's check, never raises."""
        return self.record_mode != RecordMode.ALL and bool(self._queue(request))

    def play_response(self, request: Any) -> Any:
        """The next recorded response for this request, in recorded order."""
        queue = self._queue(request)
        if not queue:
            raise UnhandledHTTPRequestError(self.miss_message(request))
        index = queue.popleft()
        self.play_counts[index] += 1
        return self.data[index][1]

    def rewind(self) -> None:
        """Make every loaded interaction playable again, in recorded order (the index is rebuilt)."""
        super().rewind()
        self._index = {}
        for i in range(self._loaded):
            self._index.setdefault(self._keys[i], deque()).append(i)

    def __contains__(self, request: Any) -> bool:
        return bool(self._queue(request))

    def matching_responses(self, request: Any) -> Iterator[tuple[int, Any]]:
        """Every recorded ``(index, response)`` whose request matches ``request`` (played or not)."""
        key = key_of(request, self.match_rules)
        for index, stored in enumerate(self._keys):
            if stored == key:
                yield index, self.data[index][1]

    def miss_message(self, request: Any) -> str:
        """Why ``request`` has no recording, with the closest ones."""
        from toolkit.recording import nearmiss  # only a miss needs it (and the body readers it loads)

        loaded = self._loaded
        return nearmiss.miss_message(
            cassette_path=self.path,
            live_method=request.method,
            live_uri=request.uri,
            live_body=request_body(request),
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
        return int(self._loaded)

    @property
    def recorded_count(self) -> int:
        """How many interactions were recorded in this session."""
        return len(self.data) - self._loaded

    @property
    def unplayed(self) -> list[int]:
        """Indexes of interactions loaded from the file and never played."""
        return [i for i in range(self._loaded) if not self.play_counts[i]]

    @property
    def all_played(self) -> bool:
        """True when every interaction loaded from the file was played (recorded ones count as used)."""
        return not self.unplayed

    # --- what is recorded -------------------------------------------------------------------------------

    def _record_request(self, request: Any) -> Any:
        """The request as stored: scrubbed, stable origin, then the project's hooks (None: not stored)."""
        clean = self._scrub_request(request)
        if self.origin is not None:
            self.origin.request(clean)
        for hook in self.vcr_hooks.before_record_request:
            clean = hook(clean)
            if clean is None:
                return None
        return clean

    def _record_response(self, response: Any) -> Any:
        """The response as stored: scrubbed, stable origin, then the project's hooks (None: not stored)."""
        response = self._scrub_response(response)
        if self.origin is not None:
            self.origin.response(response)
        for hook in self.vcr_hooks.before_record_response:
            response = hook(response)
            if response is None:
                return None
        return response

    def _scrub_request(self, request: Any) -> Any:
        self.persister.known_secrets.update(credentials_in_headers(request.headers, self.scrub_rules))
        # A shallow copy is enough (as vcrpy's own filters do): every field scrubbing changes is replaced
        # by a new object, and the live request is still sent as it was.
        clean = copy.copy(request)
        clean.uri = scrub_uri(request.uri, self.scrub_rules)
        clean.headers = scrub_headers(dict(request.headers), self.scrub_rules)
        if self.scrub_rules.body_paths:
            scrubbed = scrubbed_body(request_body(request), self.scrub_rules)
            if scrubbed is not None:
                clean.body = scrubbed
        return clean

    def _scrub_response(self, response: Any) -> Any:
        return scrub_response(response, self.scrub_rules, self.persister.known_secrets)

    # --- saving -------------------------------------------------------------------------------------------

    def save(self) -> None:
        """Write what this session recorded, as the mode says (nothing when nothing was recorded)."""
        if self.so_mode == "rewrite" and not self.data:
            # rewrite = delete, then record: a test that made no request leaves no cassette.
            Path(self.path).unlink(missing_ok=True)
            return
        if not self.dirty:
            return
        interactions = self.data
        if self.so_mode == "all":
            # Re-recorded requests replace the loaded ones they match; the others are kept.
            recorded = set(self._keys[self._loaded :])
            kept = [self.data[i] for i in range(self._loaded) if self._keys[i] not in recorded]
            interactions = kept + self.data[self._loaded :]
        # Modes that only add keep what other workers appended meanwhile (tests sharing a cassette).
        adds_only = self.so_mode in ("once", "new_episodes")
        self.persister.merge_after = self._loaded if adds_only else None
        cassette_dict: dict[str, Any] = {
            "requests": [request for request, _ in interactions],
            "responses": [response for _, response in interactions],
        }
        if self.metadata:
            cassette_dict["metadata"] = self.metadata
        self.persister.save_cassette(self.path, cassette_dict)
        self.dirty = False


def _accepts(matcher: Any, live: Any, recorded: Any) -> bool:
    """vcrpy's matcher protocol: a mismatch raises AssertionError (vcrpy 4+) or returns False."""
    try:
        return matcher(live, recorded) is not False
    except AssertionError:
        return False


class _ActiveCassette:
    """What vcrpy's shared patchers (:func:`~._vcr.shared_patchers`) see as their cassette: the active one.

    vcrpy builds its patchers for one cassette (a subclass per stub class, a ``mock.patch`` per
    attribute), about a third of a millisecond each time; a suite of small cassettes paid that per test.
    The stubs only read attributes of their cassette, so patchers built once around this stand-in serve
    every cassette in turn: :func:`use_cassette` pushes the cassette it activates and pops it after.
    """

    def __init__(self) -> None:
        self.stack: list[IndexedCassette] = []

    def __getattr__(self, name: str) -> Any:
        if not self.stack:  # a stub used after its cassette ended: as if no cassette matched
            raise AttributeError(name)
        return getattr(self.stack[-1], name)


_ACTIVE = _ActiveCassette()


def scrub_response(response: Any, rules: ScrubRules, known_secrets: set[str]) -> Any:
    """Scrub a serialized response (in place) before it is kept; cookies it sets join ``known_secrets``."""
    headers = response.get("headers")
    if isinstance(headers, dict):
        for name, values in headers.items():
            if name.lower() == "set-cookie":
                known_secrets.update(credentials_in_headers({name: values}, rules))
        response["headers"] = scrub_headers(headers, rules)
    body = response.get("body")
    if rules.body_paths and isinstance(body, dict):
        scrubbed = scrubbed_body(body.get("string"), rules)
        if scrubbed is not None:
            body["string"] = scrubbed
    return response


@contextmanager
def use_cassette(cassette: IndexedCassette) -> Iterator[IndexedCassette]:
    """Patch the HTTP libraries to use ``cassette`` inside the block; save it once they are restored."""
    with ExitStack() as stack:
        own_patches = bool(getattr(cassette, "custom_patches", ()))
        if _ACTIVE.stack or own_patches:
            # Nested in another cassette (the shared patchers are in use) or with patches of its own:
            # patchers for this cassette alone, as vcrpy builds them.
            with absent_modules_fail_fast():  # vcrpy tries every HTTP library as it builds them
                active = patchers(cassette)
        else:
            _ACTIVE.stack.append(cassette)
            stack.callback(_ACTIVE.stack.pop)
            active = shared_patchers(_ACTIVE)
            stack.callback(forget_connections, active)
        for patcher in active:
            stack.enter_context(patcher)
        yield cassette
    cassette.save()


def load_cassette(path: str | Path, *, mode: str = "none", **kwargs: Any) -> IndexedCassette:
    """An :class:`IndexedCassette` for ``path``, loaded (and indexed) now."""
    cassette = IndexedCassette(path, so_mode=mode, **kwargs)
    cassette.load()
    return cassette
