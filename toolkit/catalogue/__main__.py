"""Regenerate a catalogue from a SuperOffice Swagger file.

``python -m toolkit.catalogue SWAGGER ENTITY [--out PATH|-]``, e.g.
``python -m toolkit.catalogue fixtures/spec/Swagger-v1-Appointment-2026.json AppointmentEntity``: writes
``toolkit/catalogue/AppointmentEntity.json`` (``--out -``: stdout).  Exit 0 when written or unchanged,
2 with one line on stderr naming the problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from toolkit._files import write_atomic
from toolkit.catalogue._swagger import generate, render
from toolkit.errors import ToolkitError, UsageError


def build(spec: Path, entity: str) -> str:
    """The catalogue text ``python -m toolkit.catalogue`` writes for ``entity`` in ``spec``."""
    try:
        raw = spec.read_bytes()
    except OSError as exc:
        raise UsageError(f"{spec}: cannot read ({exc.strerror or exc})") from None
    try:
        swagger = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"{spec}: not JSON ({exc})") from None
    if not isinstance(swagger, dict):
        raise UsageError(f"{spec}: not a Swagger document (the top level is not an object)")
    return render(generate(swagger, entity, spec_name=spec.name, spec_bytes=raw))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.catalogue",
        description="Generate an entity's catalogue from a SuperOffice Swagger 2.0 file.",
    )
    parser.add_argument("swagger", type=Path, help="the Swagger file, e.g. Swagger-v1-Appointment.json")
    parser.add_argument("entity", help="the entity definition, e.g. AppointmentEntity")
    parser.add_argument(
        "--out", help="where to write (default: ENTITY.json beside this module; - for stdout)"
    )
    args = parser.parse_args(argv)
    try:
        text = build(args.swagger, args.entity)
    except ToolkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.out) if args.out else Path(__file__).parent / f"{args.entity}.json"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        print(f"{target} is up to date", file=sys.stderr)
        return 0
    try:
        write_atomic(target, text)
    except OSError as exc:
        print(f"error: {target}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
