"""The plugin's settings, resolved once per run into frozen values, and the per-test cassette options.

:class:`Settings` comes from the command line and the ini file (one place: :func:`resolve_settings`);
:class:`CassetteOptions` from a test's ``@pytest.mark.so_cassette(...)`` (:func:`parse_marker`), each
argument checked with a :class:`~toolkit.errors.UsageError` naming the problem.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit._paths import parse_path
from toolkit.errors import UsageError
from toolkit.recording.expiry import parse_max_age
from toolkit.recording.matching import MatchRules
from toolkit.recording.scrub import DEFAULT_RULES, SECRET_QUERY_PARAMS, ScrubRules

__all__ = [
    "EXPIRED_ACTIONS",
    "MARKER_KWARGS",
    "RECORD_MODES",
    "REPLAY_BASE_URL",
    "VCR_KWARGS",
    "CassetteOptions",
    "Settings",
    "VcrHooks",
    "cassette_path",
    "parse_marker",
    "parse_vcr_config",
    "resolve_settings",
    "safe_file_name",
]

#: The record modes, in the order ``--help`` lists them, and the vcrpy record mode each runs as
#: (``rewrite`` runs as ``all`` without loading the file first).
RECORD_MODES: dict[str, str] = {
    "none": "none",
    "once": "once",
    "new_episodes": "new_episodes",
    "all": "all",
    "rewrite": "all",
}

#: Base URL handed to tests that replay: matching ignores scheme, host and port, and ``.invalid``
#: (RFC 2606) can never resolve, so a request that slips past the cassette cannot reach anything.
REPLAY_BASE_URL = "http://so-replay.invalid"

#: Keyword arguments the ``so_cassette`` marker accepts.
MARKER_KWARGS = ("ignore", "scrub_headers", "scrub_body", "allowed_hosts", "max_age")

#: What ``--so-expired`` may say to do with a cassette older than its maximum age.
EXPIRED_ACTIONS: tuple[str, ...] = ("warn", "fail", "rerecord")

#: vcrpy settings the escape hatch accepts (the ``so_vcr_config`` fixture, and the marker).
VCR_KWARGS = ("before_record_request", "before_record_response", "match_on")

Hook = Callable[[Any], Any]
Matcher = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class VcrHooks:
    """vcrpy callables a project adds: run after the toolkit's own scrubbing, which they cannot undo.

    ``before_record_request(request)`` and ``before_record_response(response)`` return the (changed)
    object, or None to leave the interaction out, as in vcrpy; ``match_on`` holds extra vcrpy matchers
    (``(r1, r2)``, raising ``AssertionError`` or returning False when the requests differ), checked on
    top of the toolkit's request key.
    """

    before_record_request: tuple[Hook, ...] = ()
    before_record_response: tuple[Hook, ...] = ()
    match_on: tuple[Matcher, ...] = ()

    def __add__(self, other: VcrHooks) -> VcrHooks:
        return VcrHooks(
            (*self.before_record_request, *other.before_record_request),
            (*self.before_record_response, *other.before_record_response),
            (*self.match_on, *other.match_on),
        )


def parse_vcr_config(config: Mapping[str, Any], *, where: str = "so_vcr_config") -> VcrHooks:
    """Check the escape hatch's settings: a callable or a list of callables for each accepted key."""
    if not isinstance(config, Mapping):
        raise UsageError(f"{where} must return a dict with keys {', '.join(VCR_KWARGS)}, not {config!r}")
    unknown = sorted(set(config) - set(VCR_KWARGS))
    if unknown:
        raise UsageError(
            f"{where}: unknown vcrpy setting {', '.join(map(repr, unknown))}; accepted: "
            f"{', '.join(VCR_KWARGS)} (the toolkit sets record mode, persister, paths and scrubbing itself)"
        )
    values: dict[str, tuple[Any, ...]] = {}
    for key in VCR_KWARGS:
        value = config.get(key, ())
        items = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        for item in items:
            if not callable(item):
                raise UsageError(f"{where}: {key} must be a callable or a list of callables, not {item!r}")
        values[key] = items
    return VcrHooks(**values)


@dataclass(frozen=True)
class Settings:
    """Everything the plugin needs, resolved once per run (stored in ``config.stash``)."""

    record_mode: str = "none"
    base_url: str | None = None
    seed: int = 0
    rootdir: Path = Path(".")
    cassette_dir: Path = Path("cassettes")
    fail_unplayed: bool = False
    block_network: bool = False
    allowed_hosts: tuple[str, ...] = ()
    match_ignore: tuple[str, ...] = ()
    scrub: ScrubRules = DEFAULT_RULES
    max_age: str | None = None
    expired: str = "warn"

    @property
    def offline(self) -> bool:
        """True in mode ``none``: replay only, network blocked for cassette tests."""
        return self.record_mode == "none"


def _words(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        out.extend(v for v in re.split(r"[\s,]+", value) if v)
    return tuple(out)


def resolve_settings(
    *,
    record_mode: str | None,
    base_url: str | None,
    seed: str | int | None,
    rootdir: Path,
    cassette_dir: str | None,
    fail_unplayed: bool = False,
    block_network: bool = False,
    allowed_hosts: Iterable[str] = (),
    match_ignore: Iterable[str] = (),
    scrub_headers: Iterable[str] = (),
    scrub_body: Iterable[str] = (),
    scrub_query: Iterable[str] = (),
    scrub_allow_headers: Iterable[str] = (),
    max_age: str | None = None,
    expired: str | None = None,
) -> Settings:
    """Check and freeze the raw option and ini values."""
    mode = record_mode or "none"
    if mode not in RECORD_MODES:
        raise UsageError(f"--so-record-mode={mode!r}: choose one of {', '.join(RECORD_MODES)}")
    if base_url is not None:
        base_url = base_url.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", base_url):
            raise UsageError(
                f"--so-base-url={base_url!r}: expected an http(s) URL such as https://host/tenant"
            )
    try:
        seed_value = int(seed) if seed not in (None, "") else 0
    except ValueError:
        raise UsageError(f"--so-seed={seed!r}: expected an integer") from None
    directory = Path(cassette_dir) if cassette_dir else Path("cassettes")
    if not directory.is_absolute():
        directory = rootdir / directory
    scrub = DEFAULT_RULES.extended(
        headers=_words(scrub_headers),
        body_paths=_checked_paths("so_scrub_body", _words(scrub_body)),
        query_params=_words(scrub_query),
        allow_headers=_words(scrub_allow_headers),
    )
    if max_age is not None and max_age.strip().lower() in ("", "none"):
        max_age = None
    if max_age is not None:
        max_age = max_age.strip()
        parse_max_age(max_age, where="so_cassette_max_age")
    action = expired or "warn"
    if action not in EXPIRED_ACTIONS:
        raise UsageError(f"--so-expired={action!r}: choose one of {', '.join(EXPIRED_ACTIONS)}")
    return Settings(
        max_age=max_age,
        expired=action,
        record_mode=mode,
        base_url=base_url,
        seed=seed_value,
        rootdir=rootdir,
        cassette_dir=directory,
        fail_unplayed=fail_unplayed,
        block_network=block_network,
        allowed_hosts=_checked_hosts("so_allowed_hosts", _words(allowed_hosts)),
        match_ignore=_checked_paths("so_match_ignore", _words(match_ignore)),
        scrub=scrub,
    )


@dataclass(frozen=True)
class CassetteOptions:
    """One test's cassette: its name (None: named after the test) and extra rules from the marker."""

    name: str | None = None
    ignore: tuple[str, ...] = ()
    scrub_headers: tuple[str, ...] = ()
    scrub_body: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    vcr: VcrHooks = VcrHooks()
    max_age: str | None = None  # None: the run's so_cassette_max_age; "none": no limit for this test

    def max_age_for(self, settings: Settings) -> str | None:
        """This test's age limit (``7d``), or None when its cassette never expires."""
        limit = self.max_age if self.max_age is not None else settings.max_age
        return None if limit is None or limit == "none" else limit

    def match_rules(self, settings: Settings) -> MatchRules:
        """Run-wide ignored paths + this test's + scrubbed body paths (their recorded values are blanks)."""
        scrub = self.scrub_rules(settings)
        return MatchRules(
            ignore=(*settings.match_ignore, *self.ignore, *scrub.body_paths),
            ignore_query=scrub.query_params | SECRET_QUERY_PARAMS,
        )

    def scrub_rules(self, settings: Settings) -> ScrubRules:
        """Run-wide scrub rules plus this test's."""
        return settings.scrub.extended(headers=self.scrub_headers, body_paths=self.scrub_body)


def _strings(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise UsageError(f"so_cassette marker: {name}= must be a string or a list of strings, not {value!r}")


def parse_marker(args: Sequence[Any], kwargs: Mapping[str, Any]) -> CassetteOptions:
    """Check ``@pytest.mark.so_cassette(name=None, *, ignore=(), scrub_headers=(), ...)``."""
    unknown = sorted(set(kwargs) - set(MARKER_KWARGS) - set(VCR_KWARGS) - {"name"})
    if unknown:
        raise UsageError(
            f"so_cassette marker: unknown argument {', '.join(map(repr, unknown))}; "
            "accepted: an optional cassette name, "
            f"{', '.join(k + '=' for k in (*MARKER_KWARGS, *VCR_KWARGS))}"
        )
    vcr = parse_vcr_config({k: kwargs[k] for k in VCR_KWARGS if k in kwargs}, where="so_cassette marker")
    names = list(args)
    if "name" in kwargs:
        names.append(kwargs["name"])
    if len(names) > 1:
        raise UsageError(f"so_cassette marker: at most one cassette name, got {names!r}")
    name = names[0] if names else None
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise UsageError(
                f"so_cassette marker: the cassette name must be a non-empty string, not {name!r}"
            )
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts:
            raise UsageError(
                f"so_cassette marker: cassette name {name!r} must be a relative path inside the cassette dir"
            )
    values: dict[str, Any] = {
        k: _strings(k, kwargs[k]) for k in MARKER_KWARGS if k in kwargs and k != "max_age"
    }
    if "max_age" in kwargs:
        values["max_age"] = _max_age(kwargs["max_age"])
    for key in ("ignore", "scrub_body"):
        _checked_paths(f"so_cassette marker: {key}=", values.get(key, ()))
    _checked_hosts("so_cassette marker: allowed_hosts=", values.get("allowed_hosts", ()))
    return CassetteOptions(name=name, vcr=vcr, **values)


def _max_age(value: Any) -> str:
    """The marker's ``max_age=``: an age such as ``7d``, or ``"none"`` (also None) for no limit."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
        return "none"
    if not isinstance(value, str):
        raise UsageError(f"so_cassette marker: max_age= must be an age such as '7d' or None, not {value!r}")
    parse_max_age(value, where="so_cassette marker: max_age=")
    return value.strip()


def _checked_paths(where: str, paths: tuple[str, ...]) -> tuple[str, ...]:
    """The paths, each checked now so a typo fails with one line naming the option, not later."""
    for path in paths:
        try:
            parse_path(path)
        except UsageError as exc:
            raise UsageError(f"{where} {exc}") from None
    return paths


def _checked_hosts(where: str, hosts: tuple[str, ...]) -> tuple[str, ...]:
    for host in hosts:
        try:
            re.compile(host)
        except re.error as exc:
            raise UsageError(f"{where} {host!r} is not a regular expression ({exc})") from None
    return hosts


# Characters kept in a file name as they are: readable on every OS and in every shell without quoting.
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\[\]=+,-]+")
_MAX_NAME = 120


def safe_file_name(name: str) -> str:
    """``name`` usable as one file name on any OS, still readable; two names never give the same result.

    Characters outside letters, digits and ``_.[]=+,-`` become ``_``; when that (or shortening a very
    long name) changed anything, a short hash of the original name is appended, so ``test_x[a/b]`` and
    ``test_x[a:b]`` still get two files.
    """
    safe = _UNSAFE.sub("_", name).strip(".") or "_"
    if safe == name and len(safe) <= _MAX_NAME:
        return safe
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{safe[:_MAX_NAME]}-{digest}"


def cassette_path(
    settings: Settings,
    test_file: Path,
    test_name: str,
    options: CassetteOptions,
    classes: Sequence[str] = (),
) -> Path:
    """Where a test's cassette lives: never shared by two tests unless they name the same cassette.

    ``<cassette dir>/<test file relative to rootdir, without .py>/<class>.../<test name>.yaml``, e.g.
    ``cassettes/svc_a/tests/test_dup/TestX/test_get[7].yaml``.  A marker's cassette name replaces
    ``<class>.../<test name>`` (tests of one file share a cassette by naming it).
    """
    folder = _folder(settings.cassette_dir, test_file, settings.rootdir)
    if options.name:
        path = folder / options.name
        return path if path.suffix in _SUFFIXES else path.with_name(path.name + ".yaml")
    name = safe_file_name(test_name)
    if os.path.splitext(name)[1] not in _SUFFIXES:  # what Path.suffix gives for one name, made cheaply
        name += ".yaml"
    return folder.joinpath(*(safe_file_name(c) for c in classes), name)


_SUFFIXES = (".yaml", ".yml", ".json")


@lru_cache(maxsize=4096)
def _folder(cassette_dir: Path, test_file: Path, rootdir: Path) -> Path:
    """The cassette folder of a test file: its path below rootdir, without ``.py``, under the cassette
    dir (computed once per file and run: ``resolve`` asks the file system for every component, and
    every test of a file needs the same)."""
    try:
        relative = test_file.resolve().relative_to(rootdir.resolve())
    except ValueError:  # a test file outside rootdir: its name alone
        relative = Path(test_file.name)
    return cassette_dir.joinpath(*relative.with_suffix("").parts)
