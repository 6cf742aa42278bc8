"""The factory: seeded builds of requests, answers and single carriers."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from random import Random
from typing import TYPE_CHECKING, Any, cast

from toolkit import catalogue
from toolkit._pools import pools, resolve_locale
from toolkit.errors import UsageError
from toolkit.factories._carriers import build_carrier, table_right
from toolkit.factories._context import DATE_STYLES, Ctx
from toolkit.factories._entity import entity_plan, make_coherent
from toolkit.factories._overrides import apply_override
from toolkit.factories._traits import apply_trait, normalise_traits

if TYPE_CHECKING:
    from toolkit.types import AppointmentEntity, AppointmentEntityWithLinks

__all__ = ["AppointmentFactory"]

JSON = Any


class AppointmentFactory:
    """Builds AppointmentEntity request bodies and AppointmentEntityWithLinks responses.

    ``seed``: an int (same seed, same locale, same calls -> identical payloads in any process) or
    None for a fresh random seed (see :attr:`seed`).  ``locale``: a Faker locale (en_US, nb_NO,
    sv_SE, de_DE, ...); an unknown one raises :class:`~toolkit.errors.UsageError`.  ``base_url``: the
    tenant URL the response's ``_Links`` point into.  ``dates``: ``"samples"`` (SuperOffice's API page
    style, ``2008-04-11T03:46:59.6911992+02:00``) or ``"tenant"`` (what a real tenant answers without
    SO-TimeZone, ``2015-11-04T13:00:00``); see :data:`DATE_STYLES`.  See the module docstring for
    traits and overrides.
    """

    def __init__(
        self,
        seed: int | None = None,
        locale: str = "en_US",
        *,
        base_url: str = "https://www.example.com",
        dates: str = "samples",
    ) -> None:
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise UsageError(f"seed must be an int or None, got {seed!r}")
        if dates not in DATE_STYLES:
            raise UsageError(f"dates must be one of {', '.join(DATE_STYLES)}; got {dates!r}")
        self.dates = dates
        resolve_locale(locale)
        self.seed: int = secrets.randbits(63) if seed is None else seed
        self.locale = locale
        self.base_url = base_url.rstrip("/")
        self._pool = pools(locale)
        self._rng = Random(self.seed)

    def __repr__(self) -> str:
        style = "" if self.dates == "samples" else f", dates={self.dates!r}"
        return f"AppointmentFactory(seed={self.seed!r}, locale={self.locale!r}{style})"

    def build(self, *, traits: str | Iterable[str] | None = None, **overrides: JSON) -> AppointmentEntity:
        """One AppointmentEntity (request body), keys in the catalogue's order."""
        return cast("AppointmentEntity", self._build(False, normalise_traits(traits), overrides))

    def build_batch(
        self, n: int, *, traits: str | Iterable[str] | None = None, **overrides: JSON
    ) -> list[AppointmentEntity]:
        """``n`` request bodies, each built as :meth:`build` would (overrides apply to each)."""
        if n < 0:
            raise UsageError(f"build_batch: n must be 0 or more, got {n}")
        names = normalise_traits(traits)
        return [cast("AppointmentEntity", self._build(False, names, overrides)) for _ in range(n)]

    def build_response(
        self, *, traits: str | Iterable[str] | None = None, **overrides: JSON
    ) -> AppointmentEntityWithLinks:
        """One AppointmentEntityWithLinks: the entity with TableRight, FieldProperties and _Links."""
        return cast("AppointmentEntityWithLinks", self._build(True, normalise_traits(traits), overrides))

    def build_carrier(self, name: str, *, response: bool = False, **overrides: JSON) -> dict[str, JSON]:
        """One full carrier (``Link``, ``Participant``, ``Contact`` ...), every catalogue field filled.

        ``response=True`` adds the rights (``TableRight``, ``FieldProperties``) that responses carry.
        Overrides work as for :meth:`build`: ``build_carrier("Contact", Address__Postal__City="Oslo")``.
        """
        if name not in catalogue.CARRIERS or name == catalogue.ENTITY.name:
            known = ", ".join(n for n in catalogue.CARRIERS if n != catalogue.ENTITY.name)
            raise UsageError(f"unknown carrier {name!r}; known: {known}")
        c = Ctx(self._rng, self._pool, response, self.dates)
        body = build_carrier(name, c)
        for key, value in overrides.items():
            apply_override(body, key, value, catalogue.carrier(name), c)
        return body

    def _build(
        self, response: bool, traits: tuple[str, ...], overrides: Mapping[str, JSON]
    ) -> dict[str, JSON]:
        c = Ctx(self._rng, self._pool, response, self.dates)
        payload = {key: gen(c) for key, gen in entity_plan()}
        make_coherent(payload, c)
        if response:
            payload["TableRight"] = table_right(c)
            payload["FieldProperties"] = catalogue.field_properties()
            payload["_Links"] = self._links(payload["AppointmentId"])
        for name in traits:
            apply_trait(name, payload, c)
        root = catalogue.ENTITY_WITH_LINKS if response else catalogue.ENTITY
        for key, value in overrides.items():
            apply_override(payload, key, value, root, c)
        self._derive(payload, traits, overrides, response)
        return payload

    def _derive(
        self, p: dict[str, JSON], traits: tuple[str, ...], overrides: Mapping[str, JSON], response: bool
    ) -> None:
        # Values that follow others, recomputed after overrides unless overridden themselves.
        if "ActiveLinks" not in overrides:
            p["ActiveLinks"] = len(p["Links"]) if isinstance(p["Links"], list) else 0
        if "MotherId" not in overrides and p.get("BookingType") == "Owner":
            p["MotherId"] = p["AppointmentId"]
        if response and not any(k == "_Links" or k.startswith("_Links__") for k in overrides):
            p["_Links"] = self._links(p["AppointmentId"])

    def _links(self, appointment_id: JSON) -> dict[str, str]:
        archive = f"{self.base_url}/api/v1/Appointment"
        return {"Self": f"{archive}/{appointment_id}", "Archive": archive}
