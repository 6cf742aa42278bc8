"""Shared test configuration: kept minimal on purpose.

``so_pytester`` is pytester prepared for inner runs of the so-toolkit plugin.
"""

from __future__ import annotations

# Imported before any pytester snapshot: pytester drops the modules an in-process run (or a test)
# imported, and re-imported copies break what kept the old ones (PyYAML's C loader: "could not
# determine a constructor for the tag None"; requests: "You can only merge into CookieJar").
import httpx  # noqa: F401
import pytest
import requests  # noqa: F401
import vcr  # noqa: F401
import yaml  # noqa: F401


@pytest.fixture
def so_pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """pytester whose inner runs load the so-toolkit plugin (from its entry point) and not cassetter.

    cassetter's pytest plugin (a benchmark peer) clashes with pytest-recording's options, so it is
    disabled as in our pyproject.
    """
    pytester.makeini("[pytest]\naddopts = -p no:cassetter\n")
    return pytester
