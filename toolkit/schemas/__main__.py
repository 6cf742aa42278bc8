"""Regenerate the shipped schema files from the catalogue: ``python -m toolkit.schemas``."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit._files import write_if_changed
from toolkit.schemas._build import SCHEMA_NAMES, build_schema


def render(name: str) -> str:
    return json.dumps(build_schema(name), indent=2) + "\n"


def main() -> int:
    here = Path(__file__).parent
    for name in SCHEMA_NAMES:
        path = here / f"{name}.json"
        text = render(name)
        write_if_changed(path, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
