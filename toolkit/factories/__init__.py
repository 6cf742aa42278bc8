"""Seeded factories of realistic SuperOffice appointment payloads.

::

    from toolkit.factories import AppointmentFactory

    factory = AppointmentFactory(seed=42, locale="nb_NO")
    body = factory.build()                                   # an AppointmentEntity (request body)
    booked = factory.build(traits=("booking",))              # traits fill in shapes users test
    declined = factory.build(traits="booking", Participants__0__InvitationStatus="Declined")
    answer = factory.build_response(AppointmentId=7)         # AppointmentEntityWithLinks

**Shape.**  Every payload has every property of :data:`toolkit.catalogue.ENTITY` (``build``) or
:data:`toolkit.catalogue.ENTITY_WITH_LINKS` (``build_response``), in the catalogue's order, and
validates against the matching schema.  Nested carriers (Associate, Contact, Person, ...) are null by
default, as in SuperOffice's samples; lists (Links, Participants, VisibleFor) and dictionaries
(UserDefinedFields, ExtraFields, CustomFields) are filled.  Carriers are built from the catalogue
field by field (:meth:`AppointmentFactory.build_carrier` builds one alone), with realistic values for
the names we know (a Link's ``EntityName`` is a company, a Person's ``Email`` belongs to its name ...)
and type-driven values for the rest.  Request
carriers leave out the rights (``TableRight``, ``FieldProperties``) that only responses carry; answers
serialise carriers whole, as .NET does: a carrier's own table right and field rights, and
``"TableRight": null, "FieldProperties": {}`` on every item of a list (Links, VisibleFor, ...).
A filled ``PreferredTZLocationData`` is one of SuperOffice's documented zones, the same one
``PreferredTZLocation`` names (mostly the locale's own: Norway for nb_NO).

**Dates.**  ``dates="samples"`` (default) writes them as SuperOffice's API page samples do,
``2008-04-11T03:46:59.6911992+02:00``; ``dates="tenant"`` as real tenants answer without an SO-TimeZone
header, ``2015-11-04T13:00:00`` (see :data:`DATE_STYLES`).  The same seed gives the same moments in both.


**Traits** (``traits=`` a name or a sequence of names, applied in order; see :data:`TRAITS`):
``with_relations`` fills every nested carrier; ``booking`` adds participants and makes the appointment
a booking's mother (``MotherId`` = its own id, ``BookingType`` Owner, ``Type`` BookingForDiary);
``recurring`` fills ``Recurrence`` (``IsRecurrence`` true); ``private``; ``all_day`` (midnight to
midnight); ``minimal`` (every nullable property null, numbers 0, nothing but id, title and dates).

**Overrides**: keyword arguments replace values after the traits.  A double underscore walks into the
payload, factory_boy style: ``Links__0__Id=5``, ``Contact__Name="Acme"``,
``**{"UserDefinedFields__SuperOffice:1": "Ada"}``.  A null carrier on the way is built first; a
name the catalogue does not know, an index past the end of a list, or a step into a scalar raises
:class:`~toolkit.errors.UsageError` naming the path.  Values are not checked, so invalid payloads for
negative tests are one override away.  Derived values follow overrides unless overridden themselves:
``ActiveLinks`` = ``len(Links)``, a booking's ``MotherId`` = ``AppointmentId``, ``_Links`` URLs name
``AppointmentId``.

**Determinism.**  Each factory owns a :class:`random.Random` seeded with ``seed`` (a fresh random seed
when None, kept in :attr:`AppointmentFactory.seed`); the same seed, locale and calls give the same
payloads in any process.  Values come from per-locale pools that Faker fills once with a fixed seed
(:mod:`toolkit._pools`), so a global ``Faker.seed`` or another factory never changes them, and building
costs a few random draws per field instead of a Faker call.
costs a few random draws per field instead of a Faker call.  In nb_NO, sv_SE and de_DE titles,
descriptions, agendas and notes are written in that language.

The package's modules each do one job: ``_context`` (one payload's random source and dates),
``_values`` (realistic values by property name), ``_carriers`` (the catalogue-driven builder and
rights), ``_entity`` (the entity's plan and coherence), ``_traits``, ``_overrides`` (the ``__`` path
walker) and ``_factory`` (the class).
"""

from __future__ import annotations

from toolkit._pools import LOCALE_ALIASES, SHIPPED_LOCALES
from toolkit.factories._context import DATE_STYLES
from toolkit.factories._factory import AppointmentFactory
from toolkit.factories._traits import TRAITS

# The locales users may pass (SHIPPED_LOCALES have pools in the package; LOCALE_ALIASES maps other
# spellings to them) are part of the factory's API; the pools themselves stay private.
__all__ = ["DATE_STYLES", "LOCALE_ALIASES", "SHIPPED_LOCALES", "TRAITS", "AppointmentFactory"]
