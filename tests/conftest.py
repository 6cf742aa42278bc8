"""Shared test configuration: kept minimal on purpose.

``so_pytester`` is pytester prepared for inner runs of the so-toolkit plugin.
"""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture
def so_pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """pytester whose inner runs load the so-toolkit plugin (from its entry point) and not cassetter.

    cassetter's pytest plugin (a benchmark peer) clashes with pytest-recording's options, so it is
    disabled as in our pyproject.  PyYAML and vcrpy are imported here, outside the inner runs: pytester
    drops modules an in-process run imported, and a re-imported PyYAML no longer works with its C
    loader ("could not determine a constructor for the tag None").
    """
    for name in ("yaml", "vcr", "toolkit.recording.cassette"):
        importlib.import_module(name)
    pytester.makeini("[pytest]\naddopts = -p no:cassetter\n")
    return pytester
