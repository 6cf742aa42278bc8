"""Regenerate ``toolkit/types/__init__.py`` from the catalogue: ``python -m toolkit.types``."""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit._files import write_atomic
from toolkit.types._build import render


def main() -> int:
    path = Path(__file__).with_name("__init__.py")
    text = render()
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text)
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
