"""The so-toolkit pytest plugin: options, marker, fixtures and hooks (entry point ``so_toolkit``).

Thin on purpose: the work is in :mod:`toolkit.recording`; vcrpy, the server, the client and the
factories are imported inside the fixtures that need them, so a project that loads the plugin but never
uses it pays nothing.  Everything is prefixed ``so_`` / ``--so-`` so it coexists with pytest-recording
and pytest-vcr.

Options (group ``so-toolkit``): ``--so-record-mode={none,once,new_episodes,all,rewrite}`` (default
``none``: replay only, network blocked for cassette tests), ``--so-base-url`` (record against a real
tenant instead of the embedded reference server), ``--so-seed``, ``--so-fail-unplayed``,
``--so-block-network``, ``--so-expired={warn,fail,rerecord}``.  Ini: ``so_cassette_dir`` (default
``cassettes`` under rootdir; a test's cassette is ``<dir>/<test file path from rootdir>/<class>/<test
name>.yaml``, see :func:`~toolkit.recording.settings.cassette_path`), ``so_allowed_hosts``,
``so_match_ignore``, ``so_scrub_headers``, ``so_scrub_body``, ``so_scrub_allow_headers``,
``so_cassette_max_age`` (``90d``, ``12h``, ``2w``).

Marker: ``@pytest.mark.so_cassette(name=None, *, ignore=(), scrub_headers=(), scrub_body=(),
allowed_hosts=(), max_age=None, before_record_request=(), before_record_response=(), match_on=())``.
Fixtures: ``so_server``, ``so_base_url``, ``so_auth``, ``so_client``, ``appointment_factory``,
``so_cassette``, ``so_vcr_config`` (the escape hatch to vcrpy); override any of them in a conftest
(one autouse fixture activates the cassette, so an override of ``so_cassette`` changes only what the
test is handed).

Offline, ``so_base_url`` is the placeholder ``http://so-replay.invalid``: matching ignores scheme, host
and port, so cassettes recorded against a random port or a tenant replay there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import pytest

from toolkit.errors import CassetteError, ReplayMissError, UsageError
from toolkit.recording.report import CassetteUse, RunReport
from toolkit.recording.settings import (
    EXPIRED_ACTIONS,
    RECORD_MODES,
    REPLAY_BASE_URL,
    CassetteOptions,
    Settings,
    cassette_path,
    parse_marker,
    parse_vcr_config,
    resolve_settings,
)

if TYPE_CHECKING:
    from toolkit.client import AppointmentClient, Auth
    from toolkit.factories import AppointmentFactory
    from toolkit.recording.cassette import IndexedCassette
    from toolkit.recording.matching import MatchRules
    from toolkit.recording.scrub import ScrubRules
    from toolkit.server import ReferenceServer

__all__ = [
    "SETTINGS_KEY",
    "appointment_factory",
    "so_auth",
    "so_base_url",
    "so_cassette",
    "so_client",
    "so_server",
    "so_settings",
    "so_vcr_config",
]

SETTINGS_KEY = pytest.StashKey[Settings]()
_REPORT_KEY = pytest.StashKey[RunReport]()
_SPEC_KEY = pytest.StashKey["_Spec"]()
_EXPIRED_KEY = pytest.StashKey[str]()
_CASSETTE_KEY = pytest.StashKey["IndexedCassette"]()
_WORKER_OUTPUT = "so_toolkit_cassettes"


# --- options, ini, markers -----------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("so-toolkit", "so-toolkit: record and replay SuperOffice appointment updates")
    group.addoption(
        "--so-record-mode",
        choices=list(RECORD_MODES),
        default=None,
        help="none (default: replay only, network blocked), once (record missing cassettes), "
        "new_episodes (add new requests), all (re-record, keep the rest), rewrite (delete and record anew)",
    )
    group.addoption(
        "--so-base-url",
        default=None,
        metavar="URL",
        help="record against this API root instead of the embedded server",
    )
    group.addoption(
        "--so-seed", default=None, metavar="N", help="seed mixed into appointment_factory (default 0)"
    )
    group.addoption(
        "--so-fail-unplayed",
        action="store_true",
        help="fail the run if a replayed cassette has unplayed interactions",
    )
    group.addoption(
        "--so-expired",
        choices=EXPIRED_ACTIONS,
        default=None,
        help="what to do with a cassette older than so_cassette_max_age: warn (default: list it in the "
        "report), fail (fail its tests), rerecord (record it anew where the record mode records)",
    )
    group.addoption(
        "--so-block-network",
        action="store_true",
        help="in mode none, block the network for every test, not only cassette tests",
    )
    parser.addini(
        "so_cassette_dir", "directory of cassettes (default: cassettes under rootdir)", default=None
    )
    parser.addini(
        "so_allowed_hosts",
        "hosts (regular expressions, matched whole) the network guard lets through",
        type="linelist",
    )
    parser.addini(
        "so_match_ignore", "JSON body paths left out of request matching (e.g. UpdatedDate)", type="linelist"
    )
    parser.addini("so_scrub_headers", "more headers to scrub before cassettes are written", type="linelist")
    parser.addini("so_scrub_body", "JSON body paths to scrub before cassettes are written", type="linelist")
    parser.addini(
        "so_scrub_allow_headers",
        "headers whose names only look like credentials (*key*, *token*, *auth* ...): kept, not scrubbed",
        type="linelist",
    )
    parser.addini(
        "so_cassette_max_age",
        "cassettes recorded longer ago are expired (90d, 12h, 2w; default none)",
        default=None,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "so_cassette(name=None, *, ignore=(), scrub_headers=(), scrub_body=(), allowed_hosts=(), "
        "max_age=None, before_record_request=(), before_record_response=(), match_on=()): "
        "record/replay this test's HTTP calls (so-toolkit)",
    )
    try:
        settings = resolve_settings(
            record_mode=config.getoption("so_record_mode"),
            base_url=config.getoption("so_base_url"),
            seed=config.getoption("so_seed"),
            rootdir=Path(config.rootpath),
            cassette_dir=config.getini("so_cassette_dir") or None,
            fail_unplayed=bool(config.getoption("so_fail_unplayed")),
            block_network=bool(config.getoption("so_block_network")),
            allowed_hosts=config.getini("so_allowed_hosts"),
            match_ignore=config.getini("so_match_ignore"),
            scrub_headers=config.getini("so_scrub_headers"),
            scrub_body=config.getini("so_scrub_body"),
            scrub_allow_headers=config.getini("so_scrub_allow_headers"),
            max_age=config.getini("so_cassette_max_age") or None,
            expired=config.getoption("so_expired"),
        )
    except UsageError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[SETTINGS_KEY] = settings
    config.stash[_REPORT_KEY] = RunReport()


# --- fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def so_settings(pytestconfig: pytest.Config) -> Settings:
    """The run's resolved so-toolkit settings."""
    return pytestconfig.stash[SETTINGS_KEY]


@pytest.fixture(scope="session")
def so_server() -> Iterator[ReferenceServer]:
    """The embedded reference server, started on first use (once per session and xdist worker)."""
    from toolkit.server import ReferenceServer

    with ReferenceServer() as server:
        yield server


class _Spec(NamedTuple):
    """One test's cassette: options, path, the record mode it runs in, and why it is expired (or "")."""

    options: CassetteOptions
    path: Path
    mode: str
    expired: str


def _spec(request: pytest.FixtureRequest) -> _Spec:
    """This test's cassette options and path (checked once; a bad marker fails the test clearly)."""
    node = request.node
    if _SPEC_KEY not in node.stash:
        options = _options(request.config, node.get_closest_marker("so_cassette"))
        if isinstance(options, UsageError):  # failed outside an except block: no "during handling" chain
            pytest.fail(f"{node.nodeid}: {options}", pytrace=False)
        # Only a test in a class has a class chain to walk (``cls`` is None for a module-level test).
        in_class = getattr(node, "cls", True) is not None
        classes = [n.name for n in node.listchain() if isinstance(n, pytest.Class)] if in_class else []
        settings = request.config.stash[SETTINGS_KEY]
        path = cassette_path(settings, node.path, node.name, options, classes)
        # A cassette recorded anew anyway (all, rewrite) is not judged by the age of the file it replaces.
        rerecording = settings.record_mode in ("all", "rewrite")
        expired = "" if rerecording else _expired(options, settings, path)
        # An expired cassette is recorded anew with --so-expired=rerecord, where the mode records at all.
        rerecord = expired and settings.expired == "rerecord" and settings.record_mode != "none"
        node.stash[_SPEC_KEY] = _Spec(options, path, "rewrite" if rerecord else settings.record_mode, expired)
    spec: _Spec = node.stash[_SPEC_KEY]
    return spec


_MARKS_KEY = pytest.StashKey[dict[int, tuple[Any, "CassetteOptions | UsageError"]]]()


def _options(config: pytest.Config, marker: pytest.Mark | None) -> CassetteOptions | UsageError:
    """The options of a marker, or what is wrong with it; checked once per marker (a parametrized test's
    marker is one object shared by all its cases)."""
    if marker is None:
        return _DEFAULT_OPTIONS
    known = config.stash.setdefault(_MARKS_KEY, {})
    found = known.get(id(marker))
    if found is None or found[0] is not marker:
        try:
            options: CassetteOptions | UsageError = parse_marker(marker.args, marker.kwargs)
        except UsageError as exc:
            options = exc
        known[id(marker)] = found = (marker, options)  # the marker is kept: its id stays its own
    return found[1]


def _expired(options: CassetteOptions, settings: Settings, path: Path) -> str:
    """Why the cassette at ``path`` is older than its limit, or "" (fresh, no limit, or no file)."""
    limit_text = options.max_age_for(settings)
    if limit_text is None or not path.is_file():
        return ""
    from toolkit.recording.cassette_file import read_cassette
    from toolkit.recording.expiry import cassette_age, describe_age, parse_max_age

    limit = parse_max_age(limit_text)
    try:
        age = cassette_age(read_cassette(path))
    except CassetteError:
        return ""  # an unreadable file fails the test with its own message when it is loaded
    return describe_age(age, limit, limit_text=limit_text) if age.expired(limit) else ""


def _replays(mode: str, path: Path) -> bool:
    return mode == "none" or (mode == "once" and path.is_file())


def _base_url_scope(fixture_name: str, config: pytest.Config) -> Literal["session", "function"]:
    """``session`` when ``so_base_url`` is one URL for the whole run (``--so-base-url``, or
    ``--so-record-mode=none``: every test replays against the placeholder), else ``function``.

    pytest's machinery for a function-scoped fixture costs about as much per test as the fixture's
    answer is worth; a session-scoped one is looked up from its cache.
    """
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is not None and (settings.base_url or settings.record_mode == "none"):
        return "session"
    return "function"


@pytest.fixture(scope=_base_url_scope)
def so_base_url(request: pytest.FixtureRequest) -> str:
    """``--so-base-url``; a placeholder when the test replays; else the embedded server's URL."""
    settings = request.config.stash[SETTINGS_KEY]
    if settings.base_url:
        return settings.base_url
    if settings.record_mode == "none":  # every test replays (the session-scoped case)
        return REPLAY_BASE_URL
    spec = _spec(request)
    if _replays(spec.mode, spec.path):
        return REPLAY_BASE_URL
    server: ReferenceServer = request.getfixturevalue("so_server")
    return server.url


@pytest.fixture
def so_auth() -> Auth:
    """Credentials ``so_client`` sends (the reference server accepts any well-formed ones; scrubbed)."""
    from toolkit.client import basic_auth

    return basic_auth("so-toolkit", "so-toolkit-recording")


@pytest.fixture
def so_client(so_base_url: str, so_auth: Auth) -> Iterator[AppointmentClient]:
    """An :class:`~toolkit.client.AppointmentClient` for ``so_base_url``."""
    from toolkit.client import AppointmentClient

    with AppointmentClient(so_base_url, auth=so_auth) as client:
        yield client


@pytest.fixture
def appointment_factory(request: pytest.FixtureRequest, so_settings: Settings) -> AppointmentFactory:
    """An AppointmentFactory seeded by ``--so-seed`` and the test's node id: same data every run."""
    from toolkit.factories import AppointmentFactory

    digest = hashlib.sha256(f"{so_settings.seed}\0{request.node.nodeid}".encode()).digest()
    return AppointmentFactory(seed=int.from_bytes(digest[:8], "big"))


@pytest.fixture
def so_cassette(request: pytest.FixtureRequest) -> IndexedCassette:
    """The test's active cassette (``play_counts``, ``all_played``, ``unplayed``); requests go through it.

    Asking for it activates a cassette for a test without the marker, as the marker would.
    """
    cassette: IndexedCassette = request.node.stash[_CASSETTE_KEY]
    return cassette


def _use_cassette(request: pytest.FixtureRequest) -> Iterator[None]:
    """The test's cassette, active around the rest of its setup, its call and its teardown.

    Run by the one autouse fixture, not by a fixture of its own: a suite of many small cassette tests
    pays pytest's fixture machinery once a test instead of three times.
    """
    from toolkit.recording.cassette import IndexedCassette, use_cassette
    from toolkit.recording.network import blocked_network
    from toolkit.recording.stable import OriginRewrite, SteppingClock

    settings = request.config.stash[SETTINGS_KEY]
    options, path, mode, expired = _spec(request)
    if expired and settings.expired == "fail":
        request.node.stash[_EXPIRED_KEY] = (
            f"{path}: expired: {expired}; re-record it with --so-record-mode=rewrite "
            "(or run with --so-expired=rerecord)"
        )
    problem = ""
    config = _vcr_config(request)
    try:
        hooks = options.vcr if config is None else parse_vcr_config(config) + options.vcr
    except UsageError as exc:
        problem = f"{request.node.nodeid}: {exc}"
    if problem:
        pytest.fail(problem, pytrace=False)
    server: ReferenceServer | None = None
    if not settings.base_url and not _replays(mode, path):
        names = request.fixturenames
        if "so_base_url" in names:
            # Start the server (if needed) before the HTTP libraries are patched: its start is not recorded.
            request.getfixturevalue("so_base_url")
        if "so_base_url" in names or "so_server" in names:
            # Recording against the embedded server: stable origin, clock and starting state, so that
            # re-recording an unchanged test rewrites the same bytes.
            server = request.getfixturevalue("so_server")
    match_rules, scrub_rules = _rules(request.config, settings, options)
    cassette = IndexedCassette(
        path,
        so_mode=mode,
        match_rules=match_rules,
        scrub_rules=scrub_rules,
        origin=OriginRewrite(server.url) if server is not None else None,
        vcr_hooks=hooks,
    )
    # A cassette that cannot be read or written fails the test with its one-line message (it names the
    # file and the problem); a traceback through the recording package would only hide it.  pytest.fail
    # is called outside the except blocks so the report shows no "during handling" chain.
    old = _old_recording(cassette, path) if mode in ("all", "rewrite") else None
    try:
        cassette.load()
    except CassetteError as exc:
        problem = str(exc)
    if problem:
        pytest.fail(problem, pytrace=False)
    try:
        with ExitStack() as stack:
            if server is not None:
                stack.callback(_restore_server, server, server.store.clock)
                server.store.clock = SteppingClock()
            if settings.offline:
                allowed = (*settings.allowed_hosts, *options.allowed_hosts)
                stack.enter_context(blocked_network(allowed, reason="--so-record-mode=none"))
            stack.enter_context(use_cassette(cassette))
            request.node.stash[_CASSETTE_KEY] = cassette
            yield
    except CassetteError as exc:
        problem = str(exc)
    if problem:
        pytest.fail(problem, pytrace=False)
    request.config.stash[_REPORT_KEY].add(
        CassetteUse(
            path=str(path),
            nodeid=request.node.nodeid,
            loaded=cassette.loaded_count,
            played=sum(1 for i in range(cassette.loaded_count) if cassette.play_counts[i]),
            recorded=cassette.recorded_count,
            unplayed=tuple(cassette.unplayed),
            expired=_expiry_note(expired, mode, settings, recorded=cassette.recorded_count > 0),
            drift=_drift_lines(old, cassette),
        )
    )


_DEFAULT_OPTIONS = CassetteOptions()
_RULES_KEY = pytest.StashKey[tuple["MatchRules", "ScrubRules"]]()  # rules of a marker without options


def _rules(
    config: pytest.Config, settings: Settings, options: CassetteOptions
) -> tuple[MatchRules, ScrubRules]:
    """A test's match and scrub rules; those of a marker without options are built once per run."""
    if options != _DEFAULT_OPTIONS:
        return options.match_rules(settings), options.scrub_rules(settings)
    if _RULES_KEY not in config.stash:
        config.stash[_RULES_KEY] = (options.match_rules(settings), options.scrub_rules(settings))
    return config.stash[_RULES_KEY]


def _old_recording(cassette: IndexedCassette, path: Path) -> list[tuple[Any, Any]] | None:
    """The interactions of the file a re-record replaces, or None (no file, or one that cannot be read)."""
    if not path.is_file():
        return None
    try:
        requests, responses, *_ = cassette.persister.load_cassette(path)
    except CassetteError:
        return None
    return list(zip(requests, responses, strict=True))


def _drift_lines(old: list[tuple[Any, Any]] | None, cassette: IndexedCassette) -> tuple[str, ...]:
    """``interaction N: GRADE PATH: change`` between the replaced recording and this session's."""
    if not old or not cassette.recorded_count:
        return ()
    from toolkit.drift import compare_recordings
    from toolkit.recording.matching import key_of

    new = cassette.data[len(cassette.data) - cassette.recorded_count :]
    offset = len(cassette.data) - cassette.recorded_count
    found = compare_recordings(old, new, lambda r: key_of(r, cassette.match_rules))
    return tuple(f"interaction {offset + n}: {drift}" for n, drift in found)


def _expiry_note(expired: str, mode: str, settings: Settings, *, recorded: bool) -> str:
    if not expired:
        return ""
    if settings.expired == "rerecord":
        if mode == "rewrite" and recorded:
            return f"{expired}; re-recorded"
        return f"{expired}; not re-recorded (--so-record-mode={settings.record_mode} does not record)"
    if settings.expired == "fail":
        return f"{expired}; its tests failed"
    return expired


def _restore_server(server: ReferenceServer, clock: Callable[[], int]) -> None:
    """After a test recorded against the embedded server: its real clock back, its first state back."""
    server.store.clock = clock
    server.store.reset()


def _vcr_config(request: pytest.FixtureRequest) -> Any:
    """``so_vcr_config``'s value for this test; None for the plugin's own (``{}``), not run as a fixture.

    pytest's fixture machinery costs about 50 µs a test, a tenth of what a small replayed cassette
    costs; most projects never override ``so_vcr_config``.
    """
    if "so_vcr_config" not in request.fixturenames:  # requested or parametrized: pytest's value
        try:
            # Internal: FixtureManager.getfixturedefs(name, node) (pytest 8.1+): the definitions visible
            # from the test, the one in force last.  Anything unexpected: ask pytest as usual.
            defs = request._fixturemanager.getfixturedefs("so_vcr_config", request.node) or ()
            own = bool(defs) and getattr(defs[-1].func, "__module__", None) == __name__
        except Exception:
            own = False
        if own:
            return None
    return request.getfixturevalue("so_vcr_config")


@pytest.fixture
def so_vcr_config() -> dict[str, Any]:
    """vcrpy settings for every cassette test: the escape hatch to vcrpy.  Override it in a conftest.py.

    Accepted keys: ``before_record_request`` and ``before_record_response`` (a callable or a list of
    them, vcrpy's protocol: return the changed request / response, or None to leave it out) and
    ``match_on`` (extra vcrpy matchers, checked on top of the toolkit's matching).  They run after the
    toolkit's own scrubbing, which they cannot undo: a credential they put back is refused at save.
    The marker takes the same keys for one test; both apply, the fixture's first.
    """
    return {}


#: The test whose fixtures pytest is setting up (set by ``pytest_runtest_setup``, before any of them).
_setting_up: pytest.Item | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    global _setting_up
    _setting_up = item


@pytest.fixture(autouse=True)
def _so_cassette_marker() -> Iterator[None]:
    """Activate the cassette of a marked test (or one asking for ``so_cassette``); block the network for
    the others with ``--so-block-network``.

    It takes no ``request`` argument: pytest builds the ``request`` fixture anew each time it is asked
    for, which cost every test of a suite (marked or not) about as much as this fixture's own run.  The
    test comes from ``pytest_runtest_setup`` instead, and its own request from it.
    """
    item = _setting_up
    # Internal: every item that takes fixtures (a test function, a doctest) keeps its request there.
    request: pytest.FixtureRequest | None = getattr(item, "_request", None)
    if item is None or request is None:  # pragma: no cover - fixtures set up outside pytest's protocol
        yield
        return
    if item.get_closest_marker("so_cassette") is not None or "so_cassette" in request.fixturenames:
        yield from _use_cassette(request)
        return
    settings = item.config.stash[SETTINGS_KEY]
    if settings.block_network and settings.offline:
        from toolkit.recording.network import blocked_network

        with blocked_network(settings.allowed_hosts, reason="--so-block-network"):
            yield
        return
    yield


# --- hooks ------------------------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """``--so-expired=fail``: a test whose cassette is older than its limit fails before it runs."""
    message = item.stash.get(_EXPIRED_KEY, "")
    if message:
        pytest.fail(message, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A replay miss: the test's own frames and the near-miss message, not vcrpy's and httpx's frames.

    The report stays pytest's own kind (so xdist carries it and ``--tb=line`` works): its crash line is
    the exception, so the short summary reads ``FAILED test_x.py::test_y - toolkit.errors.ReplayMissError:
    no recorded interaction matches PUT /api/v1/Appointment/7``.
    """
    report = yield
    excinfo = call.excinfo
    if excinfo is not None and report.failed and excinfo.errisinstance(ReplayMissError):
        test_file = Path(str(item.path))
        ours = excinfo.traceback.filter(lambda entry: Path(str(entry.path)) == test_file)
        if len(ours):
            excinfo.traceback = ours
        report.longrepr = excinfo.getrepr(style="short", chain=False, funcargs=False)
    return report


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> list[str] | None:
    """Path-by-path explanation of ``==`` between two appointment payloads."""
    if op != "==" or not (isinstance(left, dict) and isinstance(right, dict)):
        return None
    if "AppointmentId" not in left or "AppointmentId" not in right:
        return None
    try:
        from toolkit.assertions import explain_difference
    except ImportError:  # pragma: no cover - assertions not installed
        return None
    return explain_difference(left, right)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist controller: collect a finished worker's cassette uses."""
    data = getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT)
    if data:
        node.config.stash[_REPORT_KEY].merge(data)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workeroutput")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if _REPORT_KEY not in config.stash:
        return
    report = config.stash[_REPORT_KEY]
    if _is_worker(config):
        config.workeroutput[_WORKER_OUTPUT] = report.to_data()  # type: ignore[attr-defined]
        return
    if config.stash[SETTINGS_KEY].fail_unplayed and report.unplayed() and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if _is_worker(config) or _REPORT_KEY not in config.stash:
        return
    report = config.stash[_REPORT_KEY]
    settings = config.stash[SETTINGS_KEY]
    selective = bool(config.getoption("keyword") or config.getoption("markexpr")) or any(
        "::" in str(a) for a in config.args
    )
    directories = {Path(u.path).parent for u in report.uses}
    lines = report.lines(
        unused_files=() if selective else report.unused_files(directories), rootdir=settings.rootdir
    )
    if not lines:
        return
    terminalreporter.section("so-toolkit cassettes")
    for line in lines:
        terminalreporter.write_line(line)
    if settings.fail_unplayed and report.unplayed():
        terminalreporter.write_line("FAILED: unplayed interactions (--so-fail-unplayed)", red=True)
