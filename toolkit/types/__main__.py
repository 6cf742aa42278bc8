"""Regenerate ``toolkit/types/__init__.py`` from the catalogue: ``python -m toolkit.types``."""

from __future__ import annotations

from pathlib import Path

from toolkit._files import write_if_changed
from toolkit.types._build import render


def main() -> int:
    write_if_changed(Path(__file__).with_name("__init__.py"), render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
