"""Shared test configuration: kept minimal on purpose.

``so_pytester`` is pytester prepared for inner runs of the so-toolkit plugin.
"""

from __future__ import annotations

# Imported before any pytester snapshot: pytester drops the modules an in-process run (or a test)
# imported, and re-imported copies break what kept the old ones (PyYAML's C loader: "could not
# determine a constructor for the tag None"; requests: "You can only merge into CookieJar").
import contextlib
import json
import os
from collections.abc import Iterator

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


@pytest.fixture(scope="module", autouse=True)
def _so_reliability_figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Append a module's ``FIGURES`` counter as one JSON line to ``$SO_RELIABILITY_FIGURES``, if set.

    The reliability modules count what they send and find; the README's figures are their sums.
    """
    yield
    figures = getattr(request.module, "FIGURES", None)
    target = os.environ.get("SO_RELIABILITY_FIGURES")
    if target and figures is not None:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({"module": request.module.__name__, **figures}) + "\n")
