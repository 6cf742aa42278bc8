"""The layers of docs/architecture.md hold: no import runs back up, and every module has a layer."""

from __future__ import annotations

import ast
import fnmatch
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"


@cache
def layers() -> tuple[tuple[str, ...], ...]:
    """The module patterns of each layer, bottom first, as the table in docs/architecture.md lists them."""
    rows = re.findall(r"^\| (\d+) [^|]*\| (.+?) \|$", (ROOT / "docs" / "architecture.md").read_text(), re.M)
    return tuple(tuple(re.findall(r"`([\w.*]+)`", modules)) for _, modules in sorted(rows))


@cache
def layer_of(module: str) -> int | None:
    for number, patterns in enumerate(layers()):
        # "toolkit.server*" covers toolkit.server and toolkit.server.app.
        if any(module == p or fnmatch.fnmatchcase(module, p) for p in patterns):
            return number
    return None


@cache
def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports_of(path: Path, module: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "toolkit":  # from toolkit import _diff: the submodule
                found.update(f"toolkit.{alias.name}" for alias in node.names)
            elif node.module.startswith("toolkit."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("toolkit."))
    return {name for name in found if name in modules() or layer_of(name) is not None} - {module}


def test_the_layer_table_is_read() -> None:
    assert len(layers()) == 4
    assert layer_of("toolkit.errors") == 0
    assert layer_of("toolkit.server.app") == 2
    assert layer_of("toolkit.cli") == 3


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_only_run_down(module: str) -> None:
    own = layer_of(module)
    assert own is not None, f"{module} is in no layer: add it to the table in docs/architecture.md"
    if module == "toolkit":
        return  # the package re-exports the public names lazily, from every layer
    upward = sorted(
        f"{name} (layer {layer_of(name)})"
        for name in imports_of(modules()[module], module)
        if (layer_of(name) or 0) > own
    )
    assert not upward, f"{module} (layer {own}) imports upward: {', '.join(upward)}"


def test_recording_depends_only_on_what_the_architecture_says() -> None:
    # docs/architecture.md: beyond the foundations, recording reads $select and bodies as data; the
    # rest (match and scrub rules) comes from the plugin.  No server, factories or plugin imports.
    allowed = {"toolkit.select", "toolkit.codecs", "toolkit._diff"}
    for module, path in modules().items():
        if module.startswith("toolkit.recording"):
            beyond = {
                name
                for name in imports_of(path, module)
                if layer_of(name) != 0 and not name.startswith("toolkit.recording") and name not in allowed
            }
            assert not beyond, f"{module} imports {sorted(beyond)}"
