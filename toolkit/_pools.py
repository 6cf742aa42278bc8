"""Per-locale pools of Faker-made values, made once with a fixed seed and then only read.

Calling Faker for every field costs about 1 ms per appointment; drawing from a pool with
``random.Random.choice`` costs well under a microsecond.  The pools are made by a Faker instance
seeded with :data:`POOL_SEED` (``seed_instance``, so a global ``Faker.seed`` never reaches it), in a
fixed order.  For the locales in :data:`SHIPPED_LOCALES` they are made once and shipped as JSON in
``toolkit/_pooldata/`` (regenerate with ``python -m toolkit._pools``), so payloads and the committed
fixtures do not change when a newer Faker changes its word lists; any other Faker locale gets pools
made at first use (identical in every process for a given Faker version).  Everything here is a tuple
or a frozen dataclass: the factories share the pools but cannot change them.

Faker has no appointment vocabulary and writes lorem ipsum for nb_NO and sv_SE, so titles, agendas,
notes, descriptions, job titles, task and priority names come from hand-written phrases in the locale's
language (``_pooldata/phrases.json``), filled with the locale's own companies, people and cities.  The
time zones a ``TimeZoneData`` can be are SuperOffice's documented ones (``_pooldata/timezones.json``).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import asdict, dataclass, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from random import Random
from typing import Any

from toolkit._files import write_atomic
from toolkit.errors import UsageError

__all__ = [
    "LOCALE_ALIASES",
    "POOL_SEED",
    "SHIPPED_LOCALES",
    "Company",
    "Person",
    "Pools",
    "Zone",
    "ascii_slug",
    "make_pools",
    "pools",
    "pools_json",
    "resolve_locale",
    "zones",
    "zones_for",
]

#: Seed of the Faker instance that fills the pools (changing it changes every generated fixture).
POOL_SEED = 20260101

#: Faker locales whose pools ship with the package (the toolkit's documented locales).
SHIPPED_LOCALES: tuple[str, ...] = ("en_US", "no_NO", "sv_SE", "de_DE")

#: Names people use for a locale that Faker spells differently (Norwegian Bokmål is ``no_NO`` there).
LOCALE_ALIASES: dict[str, str] = {"nb_NO": "no_NO", "nb": "no_NO", "no": "no_NO"}

# Offsets a locale's business hours fall in (standard and daylight saving time).  One of them is
# chosen per appointment and used for all its dates, as SuperOffice answers in one time zone.
_OFFSETS: dict[str, tuple[str, ...]] = {
    "en_US": ("-05:00", "-04:00", "-06:00", "-07:00", "-08:00"),
    "en_GB": ("+00:00", "+01:00"),
    "no_NO": ("+01:00", "+02:00"),
    "sv_SE": ("+01:00", "+02:00"),
    "de_DE": ("+01:00", "+02:00"),
}
_CURRENCIES: dict[str, str] = {"en_US": "USD", "en_GB": "GBP", "no_NO": "NOK", "sv_SE": "SEK"}

_POOL_SIZE = 256
# Letters NFKD does not split into a base letter and an accent.
_ASCII = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "ł": "l", "'": ""})


@dataclass(frozen=True, slots=True)
class Person:
    """A person whose name, e-mail address and phone belong together."""

    first: str
    last: str
    full: str
    email: str
    phone: str
    mobile: str
    job: str
    prefix: str


@dataclass(frozen=True, slots=True)
class Company:
    """A company with its own web domain, address and phone."""

    name: str
    domain: str
    catch_phrase: str
    street: str
    zipcode: str
    city: str
    phone: str
    orgnr: str


@dataclass(frozen=True, slots=True)
class Pools:
    """Read-only values for one locale."""

    locale: str
    people: tuple[Person, ...]
    companies: tuple[Company, ...]
    catch_phrases: tuple[str, ...]
    words: tuple[str, ...]
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    cities: tuple[str, ...]
    streets: tuple[str, ...]
    offsets: tuple[str, ...]
    currency: str
    country: str
    priorities: tuple[str, ...]
    tasks: tuple[str, ...]
    project_statuses: tuple[str, ...]
    rooms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Zone:
    """A SuperOffice time zone location (``SO-TimeZone: NO`` or ``261``) and its rules.

    Offsets are minutes from UTC; ``dst`` is None where the zone keeps one offset all year.
    ``dst_start``/``dst_end`` are (month, earliest day, "last Sunday"-style rule).
    """

    code: str
    id: int
    name: str
    cities: str
    iso: int
    iana: str
    std: int
    dst: int | None
    dst_start: tuple[int, int, str] | None
    dst_end: tuple[int, int, str] | None
    since: str


@cache
def _zone_data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("_pooldata/timezones.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def zones() -> tuple[Zone, ...]:
    """The time zone locations SuperOffice documents, by id."""
    out = []
    for row in _zone_data()["zones"]:
        start, end = row["dst_start"], row["dst_end"]
        out.append(
            Zone(
                **{
                    **row,
                    "dst_start": tuple(start) if start else None,
                    "dst_end": tuple(end) if end else None,
                }
            )
        )
    return tuple(out)


@cache
def zones_for(locale: str) -> tuple[Zone, ...]:
    """A locale's home zones (``nb_NO``: Norway), empty where SuperOffice documents none."""
    codes = _zone_data()["home"].get(resolve_locale(locale), [])
    return tuple(z for z in zones() if z.code in codes)


def resolve_locale(locale: str) -> str:
    """The Faker locale for ``locale`` (``nb_NO`` -> ``no_NO``); UsageError naming an unknown one."""
    name = LOCALE_ALIASES.get(locale, locale)
    if name in SHIPPED_LOCALES:
        return name  # no need to import Faker (a tenth of a second) for the shipped ones
    from faker.config import AVAILABLE_LOCALES

    if name not in AVAILABLE_LOCALES:
        raise UsageError(
            f"unknown locale {locale!r}; use a Faker locale such as en_US, nb_NO, sv_SE or de_DE"
        )
    return str(name)


def ascii_slug(text: str) -> str:
    """``"Bjørg Nygård"`` -> ``"bjorg.nygard"``: the local part of an e-mail address."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    parts = ["".join(ch for ch in word if ch.isalnum()) for word in text.replace("-", " ").split()]
    return ".".join(p for p in parts if p) or "user"


@cache
def pools(locale: str) -> Pools:
    """The pools of a locale: shipped ones loaded, others made with Faker; cached for the process."""
    name = resolve_locale(locale)
    if name != locale:
        return pools(name)
    if name in SHIPPED_LOCALES:
        text = resources.files(__package__).joinpath(f"_pooldata/{name}.json").read_text("utf-8")
        return _from_json(json.loads(text))
    return make_pools(name)


def pools_json(p: Pools, faker_version: str) -> str:
    """The shipped file's text for a locale's pools (stable: sorted fields, one value a line)."""
    doc: dict[str, Any] = {"faker_version": faker_version, "seed": POOL_SEED, **asdict(p)}
    doc["people"] = [list(asdict(x).values()) for x in p.people]
    doc["companies"] = [list(asdict(x).values()) for x in p.companies]
    lines = []
    for key, value in doc.items():
        if isinstance(value, (list, tuple)) and value:
            items = ",\n".join(f"  {json.dumps(x, ensure_ascii=False)}" for x in value)
            lines.append(f" {json.dumps(key)}: [\n{items}\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _from_json(doc: dict[str, Any]) -> Pools:
    values = {f.name: doc[f.name] for f in fields(Pools)}
    values["people"] = tuple(Person(*row) for row in doc["people"])
    values["companies"] = tuple(Company(*row) for row in doc["companies"])
    for key, value in values.items():
        if isinstance(value, list):
            values[key] = tuple(value)
    return Pools(**values)


def make_pools(name: str) -> Pools:
    """Make a Faker locale's pools (deterministic for a given Faker version)."""
    from faker import Faker

    fake = Faker(name)
    fake.seed_instance(POOL_SEED)
    n = _POOL_SIZE
    companies = []
    for _ in range(n // 2):
        company = fake.company()
        domain = f"{ascii_slug(company.split(',')[0]).replace('.', '')[:20] or 'company'}.{fake.tld()}"
        companies.append(
            Company(
                name=company,
                domain=domain,
                catch_phrase=fake.catch_phrase(),
                street=fake.street_address(),
                zipcode=fake.postcode(),
                city=fake.city(),
                phone=fake.phone_number(),
                orgnr=fake.numerify("#########"),
            )
        )
    people = []
    for i in range(n):
        first, last = fake.first_name(), fake.last_name()
        # Half work at one of the companies, half use a free mail provider.
        domain = companies[i % len(companies)].domain if i % 2 else fake.free_email_domain()
        people.append(
            Person(
                first=first,
                last=last,
                full=f"{first} {last}",
                email=f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}",
                phone=fake.phone_number(),
                mobile=fake.phone_number(),
                job=fake.job(),
                prefix=fake.prefix(),
            )
        )
    made = Pools(
        locale=name,
        people=tuple(people),
        companies=tuple(companies),
        catch_phrases=tuple(fake.catch_phrase() for _ in range(n)),
        words=tuple(fake.word() for _ in range(n)),
        titles=tuple(fake.sentence(nb_words=3).rstrip(".") for _ in range(n)),
        sentences=tuple(fake.sentence(nb_words=8) for _ in range(n)),
        cities=tuple(fake.city() for _ in range(n // 2)),
        streets=tuple(fake.street_address() for _ in range(n // 2)),
        offsets=_OFFSETS.get(name, ("+00:00", "+01:00")),
        currency=_CURRENCIES.get(name, "EUR"),
        country=str(fake.current_country()) if _has_country(fake) else "",
        priorities=(),
        tasks=(),
        project_statuses=(),
        rooms=(),
    )
    return _in_language(made)


@cache
def _phrases() -> dict[str, dict[str, list[str]]]:
    text = resources.files(__package__).joinpath("_pooldata/phrases.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _in_language(p: Pools) -> Pools:
    """Faker's lorem and English business phrases replaced by hand-written text in the locale's language
    (``toolkit/_pooldata/phrases.json``), where there is some; lists a language lacks keep Faker's."""
    lang = p.locale.split("_")[0]
    own = _phrases().get(lang, {})
    text = {**_phrases()["en"], **own}
    rng = Random(POOL_SEED)  # fills the templates; independent of Faker's own draws

    def fill(template: str) -> str:
        return template.format(
            company=rng.choice(p.companies).name, person=rng.choice(p.people).full, city=rng.choice(p.cities)
        )

    changes: dict[str, Any] = {
        key: tuple(text[key]) for key in ("priorities", "tasks", "project_statuses", "rooms")
    }
    if "titles" in own:
        changes["titles"] = tuple(fill(rng.choice(own["titles"])) for _ in range(_POOL_SIZE))
    if "sentences" in own:
        changes["sentences"] = tuple(fill(rng.choice(own["sentences"])) for _ in range(_POOL_SIZE))
    if "catch_phrases" in own:
        changes["catch_phrases"] = tuple(own["catch_phrases"])
        changes["companies"] = tuple(
            replace(c, catch_phrase=rng.choice(own["catch_phrases"])) for c in p.companies
        )
    if "words" in own:
        changes["words"] = tuple(own["words"])
    if "jobs" in own:
        changes["people"] = tuple(replace(x, job=rng.choice(own["jobs"])) for x in p.people)
    return replace(p, **changes)


def _has_country(fake: object) -> bool:
    try:
        fake.current_country()  # type: ignore[attr-defined]
    except (ValueError, AttributeError):  # some locales have no single country
        return False
    return True


def _write_shipped(directory: Path) -> None:
    import faker

    directory.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED_LOCALES:
        target = directory / f"{name}.json"
        write_atomic(target, pools_json(make_pools(name), faker.VERSION))
        print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":  # python -m toolkit._pools: regenerate the shipped pools
    _write_shipped(Path(__file__).resolve().parent / "_pooldata")
