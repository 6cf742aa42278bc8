"""toolkit: record/replay testing for SuperOffice's ``PUT /api/v1/Appointment/{id}``.

The parts (import each from its module; importing ``toolkit`` itself stays cheap):

* :mod:`toolkit.catalogue`: the one description of AppointmentEntity and its carriers.
* :mod:`toolkit.schemas`: JSON Schemas generated from it; :mod:`toolkit.validation` checks bodies.
* :mod:`toolkit.factories`: seeded Faker-driven payloads; ``so-toolkit fixtures generate`` writes them.
* :mod:`toolkit.strategies`: Hypothesis strategies of the same payloads (the ``hypothesis`` extra).
* :mod:`toolkit.types`: typed dicts of every payload, generated from the catalogue.
* :mod:`toolkit.select`: the ``$select`` rule.
* :mod:`toolkit.server`: the reference server; :mod:`toolkit.client`: a small client.
* :mod:`toolkit.recording`: cassettes (vcrpy), matching, scrubbing, the network guard.
* :mod:`toolkit.pytest_plugin`: the ``so_`` fixtures, marker and ``--so-`` options.
* :mod:`toolkit.assertions`: schema, ``$select`` and equality checks with path-by-path messages.
"""

from __future__ import annotations

from toolkit.errors import ToolkitError

__all__ = ["ToolkitError", "__version__"]

__version__ = "0.1.0"
