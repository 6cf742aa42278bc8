"""Shared test configuration: kept minimal on purpose.

``so_pytester`` is pytester prepared for inner runs of the so-toolkit plugin.
"""

from __future__ import annotations

# Imported before any pytester snapshot: pytester drops the modules an in-process run (or a test)
# imported, and re-imported copies break what kept the old ones (PyYAML's C loader: "could not
# determine a constructor for the tag None"; requests: "You can only merge into CookieJar").
import contextlib

import httpx  # noqa: F401
import pytest
import requests  # noqa: F401
import vcr  # noqa: F401
import yaml  # noqa: F401

# The reference server's HTTP stack too: httptools' parser (a C extension, loaded once per process)
# raises the error class of its first import, and a re-imported uvicorn no longer catches it, so a
# server started after an inner run would drop malformed requests instead of answering 400.
with contextlib.suppress(ImportError):
    import uvicorn.protocols.http.httptools_impl  # noqa: F401


@pytest.fixture
def so_pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """pytester whose inner runs load the so-toolkit plugin (from its entry point) and not cassetter.

    cassetter's pytest plugin (a benchmark peer) clashes with pytest-recording's options, so it is
    disabled as in our pyproject.
    """
    pytester.makeini("[pytest]\naddopts = -p no:cassetter\n")
    return pytester
