"""The end-of-run summary: cassettes recorded and replayed, interactions never played, unused files,
expired cassettes, and the drift between an old recording and the new one that replaced it.

Each test's cassette adds one :class:`CassetteUse`; under xdist every worker sends its uses to the
controller (``workeroutput``) as plain dicts, and the controller prints one report for the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit._messages import cap, plural

__all__ = ["CassetteUse", "RunReport"]

_SHOWN = 10


@dataclass(frozen=True)
class CassetteUse:
    """What one test did with its cassette."""

    path: str
    nodeid: str
    loaded: int
    played: int
    recorded: int
    unplayed: tuple[int, ...] = ()
    #: Why the cassette is expired (``recorded 40 days ago ..., older than 30d``), or "".
    expired: str = ""
    #: A re-record's drift from the old recording: ``interaction N: GRADE PATH: change`` lines.
    drift: tuple[str, ...] = ()

    @property
    def replayed(self) -> bool:
        """The test replayed from an existing file (recorded nothing)."""
        return self.loaded > 0 and self.recorded == 0


@dataclass
class RunReport:
    """All cassette uses of a run, and the directories their files live in."""

    uses: list[CassetteUse] = field(default_factory=list)

    def add(self, use: CassetteUse) -> None:
        """Add one test's use."""
        self.uses.append(use)

    def to_data(self) -> list[dict[str, Any]]:
        """Plain data for xdist's ``workeroutput``."""
        return [{**asdict(u), "unplayed": list(u.unplayed), "drift": list(u.drift)} for u in self.uses]

    def merge(self, data: Iterable[Mapping[str, Any]]) -> None:
        """Add the uses a worker sent."""
        for item in data:
            self.uses.append(
                CassetteUse(
                    **{
                        **item,
                        "unplayed": tuple(item.get("unplayed", ())),
                        "drift": tuple(item.get("drift", ())),
                    }
                )
            )

    def unplayed(self) -> dict[str, tuple[int, ...]]:
        """Per cassette file: interactions no test played (a file used by several tests: by none of them)."""
        per_file: dict[str, set[int] | None] = {}
        for use in self.uses:
            if use.loaded == 0 or use.recorded:
                continue
            current = per_file.get(use.path)
            mine = set(use.unplayed)
            per_file[use.path] = mine if current is None else current & mine
        return {path: tuple(sorted(ix)) for path, ix in per_file.items() if ix}

    def unused_files(self, directories: Iterable[Path]) -> list[str]:
        """Cassette files in ``directories`` (those of the modules that ran) that no test used."""
        # Paths are compared as written first; only a file not found that way is resolved (symlinks,
        # "..") and compared again, so a run of many tests does not resolve every cassette it used.
        written = {str(Path(u.path)) for u in self.uses}
        resolved: set[str] | None = None
        unused: set[str] = set()
        for directory in directories:
            if directory.is_dir():
                for path in directory.iterdir():
                    if path.suffix not in (".yaml", ".yml", ".json") or str(path) in written:
                        continue
                    if resolved is None:
                        resolved = {str(Path(u.path).resolve()) for u in self.uses}
                    if str(path.resolve()) not in resolved:
                        unused.add(str(path))
        return sorted(unused)

    def lines(self, *, unused_files: Iterable[str] = (), rootdir: Path | None = None) -> list[str]:
        """The report's lines (empty when no test used a cassette)."""
        if not self.uses:
            return []

        def show(path: str) -> str:
            if rootdir is not None:
                try:
                    return str(Path(path).resolve().relative_to(rootdir.resolve()))
                except ValueError:
                    pass
            return path

        files = {u.path for u in self.uses}
        recorded = {u.path for u in self.uses if u.recorded}
        replayed = {u.path for u in self.uses if u.replayed} - recorded
        played = sum(u.played for u in self.uses)
        new = sum(u.recorded for u in self.uses)
        out = [
            f"{plural(len(files), 'cassette')}: {len(recorded)} recorded ({plural(new, 'interaction')}), "
            f"{len(replayed)} replayed ({plural(played, 'interaction')} played)"
        ]
        unplayed = self.unplayed()
        if unplayed:
            total = sum(len(v) for v in unplayed.values())
            out.append(f"{plural(total, 'recorded interaction')} never played:")
            for path, indexes in sorted(unplayed.items())[:_SHOWN]:
                listed = ", ".join(f"#{i}" for i in indexes[:_SHOWN]) + (
                    " ..." if len(indexes) > _SHOWN else ""
                )
                out.append(f"  {show(path)}: {listed}")
        expired = {u.path: u.expired for u in self.uses if u.expired}
        if expired:
            out.append(f"{plural(len(expired), 'expired cassette')} (so_cassette_max_age):")
            out.extend(
                f"  {line}"
                for line in cap([f"{show(p)}: {why}" for p, why in sorted(expired.items())], _SHOWN)
            )
        drifted = {u.path: u.drift for u in self.uses if u.drift}
        if drifted:
            total = sum(len(d) for d in drifted.values())
            out.append(f"drift since the last recording ({plural(total, 'finding')}):")
            lines = [f"{show(p)}:{line}" for p, found in sorted(drifted.items()) for line in found]
            out.extend(f"  {line}" for line in cap(lines, 5 * _SHOWN))
        unused = list(unused_files)
        if unused:
            out.append(f"{plural(len(unused), 'cassette file')} no test used:")
            out.extend(f"  {line}" for line in cap([show(p) for p in unused], _SHOWN))
        return out
