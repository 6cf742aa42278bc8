"""Regenerate the shipped schema files from the catalogue: ``python -m toolkit.schemas``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from toolkit._files import write_atomic
from toolkit.schemas._build import SCHEMA_NAMES, build_schema


def render(name: str) -> str:
    return json.dumps(build_schema(name), indent=2) + "\n"


def main() -> int:
    here = Path(__file__).parent
    for name in SCHEMA_NAMES:
        path = here / f"{name}.json"
        text = render(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
