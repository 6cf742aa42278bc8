"""The plugin's settings, resolved once per run into frozen values, and the per-test cassette options.

:class:`Settings` comes from the command line and the ini file (one place: :func:`resolve_settings`);
:class:`CassetteOptions` from a test's ``@pytest.mark.so_cassette(...)`` (:func:`parse_marker`), each
argument checked with a :class:`~toolkit.errors.UsageError` naming the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit._paths import parse_path
from toolkit.errors import UsageError
from toolkit.recording.matching import MatchRules
from toolkit.recording.scrub import DEFAULT_RULES, SECRET_QUERY_PARAMS, ScrubRules

__all__ = [
    "MARKER_KWARGS",
    "RECORD_MODES",
    "REPLAY_BASE_URL",
    "CassetteOptions",
    "Settings",
    "cassette_path",
    "parse_marker",
    "resolve_settings",
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
MARKER_KWARGS = ("ignore", "scrub_headers", "scrub_body", "allowed_hosts")


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
    )
    return Settings(
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
    unknown = sorted(set(kwargs) - set(MARKER_KWARGS) - {"name"})
    if unknown:
        raise UsageError(
            f"so_cassette marker: unknown argument {', '.join(map(repr, unknown))}; "
            f"accepted: an optional cassette name, {', '.join(k + '=' for k in MARKER_KWARGS)}"
        )
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
    values = {k: _strings(k, kwargs[k]) for k in MARKER_KWARGS if k in kwargs}
    for key in ("ignore", "scrub_body"):
        _checked_paths(f"so_cassette marker: {key}=", values.get(key, ()))
    _checked_hosts("so_cassette marker: allowed_hosts=", values.get("allowed_hosts", ()))
    return CassetteOptions(name=name, **values)


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


_UNSAFE = re.compile(r"[^A-Za-z0-9_.\[\]=+-]+")


def cassette_path(settings: Settings, module: str, test_name: str, options: CassetteOptions) -> Path:
    """``<cassette dir>/<test module>/<test name or marker name>.yaml``."""
    name = options.name or _UNSAFE.sub("_", test_name)
    path = settings.cassette_dir / module / name
    return path if path.suffix in (".yaml", ".yml", ".json") else path.with_name(path.name + ".yaml")
