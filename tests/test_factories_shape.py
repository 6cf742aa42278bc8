"""Factory payloads have the spec samples' shape and realistic, coherent, schema-valid values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from toolkit import catalogue
from toolkit._pools import ascii_slug, pools
from toolkit.factories import TRAITS, AppointmentFactory
from toolkit.validation import validator

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "spec"
SAMPLE_REQUEST = json.loads((SPEC / "sample-request.json").read_text(encoding="utf-8"))
SAMPLE_RESPONSE = json.loads((SPEC / "sample-response.json").read_text(encoding="utf-8"))
DOTNET_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$")
LOCALES = ("en_US", "nb_NO", "sv_SE", "de_DE")


@pytest.fixture(scope="module")
def requests_() -> list[dict]:
    return AppointmentFactory(seed=11).build_batch(200)


@pytest.fixture(scope="module")
def responses() -> list[dict]:
    factory = AppointmentFactory(seed=12)
    return [factory.build_response() for _ in range(100)]


def test_request_keys_are_the_catalogue_and_the_samples_order(requests_):
    for body in requests_:
        assert list(body) == list(catalogue.ENTITY.names) == list(SAMPLE_REQUEST)


def test_response_keys_are_the_catalogue_and_the_samples_order(responses):
    for body in responses:
        assert list(body) == list(catalogue.ENTITY_WITH_LINKS.names) == list(SAMPLE_RESPONSE)


def _subsequence(short, long) -> bool:
    it = iter(long)
    return all(name in it for name in short)


def test_nested_items_have_the_catalogue_keys_and_the_samples_order(requests_, responses):
    # Requests carry carriers without rights (as the request sample), responses with them.  The 2026
    # spec added properties the API page's samples predate (Participants' ExternallyOwnedType ...).
    for key in ("Links", "Participants", "VisibleFor"):
        names = catalogue.ENTITY.field(key).type.item.name
        every = list(catalogue.carrier(names).names)
        request = [n for n in every if n not in ("TableRight", "FieldProperties")]
        for b in requests_:
            assert all(list(item) == request for item in b[key])
        for b in responses:
            assert all(list(item) == every for item in b[key])
        assert _subsequence(SAMPLE_REQUEST[key][0], request)
        assert _subsequence(SAMPLE_RESPONSE[key][0], every)


def test_list_items_in_answers_carry_null_and_empty_rights_as_dotnet_writes_them(responses):
    # Like the spec's sample answer and real tenants: "TableRight": null, "FieldProperties": {} ...
    for b in responses:
        for key in ("Links", "VisibleFor"):
            for item in b[key]:
                assert item["TableRight"] is None
                assert item["FieldProperties"] == {}


def test_carriers_are_null_by_default_as_in_the_samples(requests_):
    carriers = [f.name for f in catalogue.ENTITY.fields if f.type.kind == "carrier"]
    assert all(SAMPLE_REQUEST[name] is None for name in carriers)
    for body in requests_:
        assert all(body[name] is None for name in carriers)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("traits", [(), *((t,) for t in TRAITS), TRAITS[:-1]])
def test_every_payload_validates(locale, traits):
    factory = AppointmentFactory(seed=5, locale=locale)
    request, response = validator("AppointmentEntity"), validator("AppointmentEntityWithLinks")
    for _ in range(10):
        body = factory.build(traits=traits)
        assert request.problems(body) == []
        answer = factory.build_response(traits=traits)
        assert response.problems(answer) == []


def test_dates_are_dotnet_strings_with_one_offset_and_in_order(requests_):
    for body in requests_:
        dates = {name: body[name] for name in catalogue.date_fields()}
        assert all(isinstance(v, str) and DOTNET_DATE.match(v) for v in dates.values()), dates
        assert len({v[-6:] for v in dates.values()}) == 1, dates
        # One offset and a fixed width: comparing the strings compares the instants.
        assert body["StartDate"] < body["EndDate"]
        assert body["CreatedDate"] <= body["UpdatedDate"]


def test_counts_and_ranges(requests_):
    for body in requests_:
        assert body["ActiveLinks"] == len(body["Links"])
        assert catalogue.INT16_MIN <= body["ColorIndex"] <= catalogue.INT16_MAX
        assert catalogue.INT16_MIN <= body["RejectCounter"] <= catalogue.INT16_MAX
        assert 1 <= body["AppointmentId"] <= catalogue.INT32_MAX


# How real tenants write user-defined values: text, or typed text like "[I:8]" and
# "[D:01/01/0001 00:00:00.0000000]"; custom fields' dates as "[DT:...]".
TYPED = re.compile(r"^\[(I:\d+|F:[\d.]+|D:\d\d/\d\d/\d{4} 00:00:00\.0000000)\]$")
TYPED_CUSTOM = re.compile(r"^\[(I:\d+|F:[\d.]+|DT:\d\d/\d\d/\d{4} 00:00:00\.0000000)\]$")


def test_dictionaries_are_keyed_and_typed_as_superoffice_writes_them(requests_):
    people = {p.full for p in pools("en_US").people}
    for body in requests_:
        udf = body["UserDefinedFields"]
        assert list(udf) == [f"SuperOffice:{i}" for i in range(1, len(udf) + 1)]
        assert all(v in people or TYPED.match(v) for v in udf.values()), udf
        assert all(key.startswith("x_") for key in body["ExtraFields"])
        for key, value in body["CustomFields"].items():
            assert key.startswith(("SuperOffice:", "x_"))
            if key.startswith("SuperOffice:"):
                assert value in people or TYPED_CUSTOM.match(value), value
    kinds = {v[1] for body in requests_ for v in body["UserDefinedFields"].values() if v.startswith("[")}
    assert kinds == {"I", "D", "F"}


def test_links_name_companies_and_participants_emails_fit_their_names(requests_):
    pool = pools("en_US")
    companies = {c.name for c in pool.companies}
    phrases = set(pool.catch_phrases) | {c.catch_phrase for c in pool.companies}
    for body in requests_:
        for link in body["Links"]:
            assert link["EntityName"] in companies
            assert link["Description"] in phrases
        for p in body["Participants"]:
            first, _, last = p["Description"].partition(" ")
            assert p["EmailAddress"].startswith(f"{ascii_slug(first)}.{ascii_slug(last)}@")


def test_enums_vary_over_their_whole_sets(requests_):
    for f in catalogue.ENTITY.fields:
        if f.type.kind == "enum":
            seen = {body[f.name] for body in requests_}
            assert seen == set(f.enum or ()), f.name


def test_response_extras(responses):
    body = responses[0]
    assert set(body["TableRight"]) == {"Mask", "Reason"}
    for name, prop in body["FieldProperties"].items():
        assert name in catalogue.ENTITY.names
        assert list(prop) == ["FieldRight", "FieldType", "FieldLength"]
        field = catalogue.ENTITY.field(name)
        assert prop["FieldType"] == field.dotnet_type
        assert prop["FieldLength"] == field.length
    # As a tenant lists them: StartDate is an Update-able System.DateTime of length 16.
    assert body["FieldProperties"]["StartDate"] == {
        "FieldRight": {"Mask": "Update", "Reason": ""},
        "FieldType": "System.DateTime",
        "FieldLength": 16,
    }
    assert body["FieldProperties"]["AppointmentId"]["FieldRight"]["Mask"] == "Read"
    assert body["_Links"] == {
        "Self": f"https://www.example.com/api/v1/Appointment/{body['AppointmentId']}",
        "Archive": "https://www.example.com/api/v1/Appointment",
    }


def test_base_url_sets_the_links():
    body = AppointmentFactory(seed=1, base_url="http://127.0.0.1:8123/").build_response(AppointmentId=4)
    assert body["_Links"]["Self"] == "http://127.0.0.1:8123/api/v1/Appointment/4"


def test_non_ascii_names_survive_and_make_ascii_emails():
    body = AppointmentFactory(seed=3, locale="nb_NO").build(traits="booking")
    assert all(p["EmailAddress"].isascii() for p in body["Participants"])
    assert ascii_slug("Bjørg Nygård-Ås") == "bjorg.nygard.as"


def test_online_meetings_have_both_url_and_id(requests_):
    online = [b for b in requests_ if b["JoinVideomeetUrl"]]
    assert 0 < len(online) < len(requests_)
    assert all(b["CentralserviceVideomeetId"] for b in online)
    assert all(b["JoinVideomeetUrl"].startswith("https://") for b in online)
    assert all(b["CentralserviceVideomeetId"] == "" for b in requests_ if not b["JoinVideomeetUrl"])


TENANT_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,6}[1-9])?$")


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_tenant_dates_are_written_as_tenants_answer_without_a_time_zone():
    # A real tenant without SO-TimeZone: "StartDate":"2015-11-04T13:00:00", no suffix, no zero fraction.
    samples = AppointmentFactory(seed=21, locale="nb_NO")
    tenant = AppointmentFactory(seed=21, locale="nb_NO", dates="tenant")
    for _ in range(20):
        a, b = samples.build_response(), tenant.build_response()
        assert validator("AppointmentEntityWithLinks").problems(b) == []
        for name in catalogue.date_fields():
            assert TENANT_DATE.match(b[name]), (name, b[name])
            assert a[name].startswith(b[name])  # the same moment, written without fraction and offset
            a[name] = b[name]
        assert a == b  # the style changes how dates are written, nothing else


def test_tenant_dates_reach_every_carrier():
    body = AppointmentFactory(seed=22, dates="tenant").build_response(traits=("with_relations", "recurring"))
    dates = [s for s in _strings(body) if re.match(r"^\d{4}-\d\d-\d\dT", s)]
    assert len(dates) > len(catalogue.date_fields())  # Sale, Project and Recurrence dates too
    assert all(TENANT_DATE.match(d) for d in dates), dates


def test_an_unknown_date_style_is_a_usage_error():
    from toolkit.errors import UsageError

    with pytest.raises(UsageError, match="dates must be one of samples, tenant; got 'iso'"):
        AppointmentFactory(seed=1, dates="iso")


def test_a_time_zone_for_oslo_looks_like_oslos():
    # SuperOffice names Norway's zone "NO", id 261 (SO-TimeZone: NO equals SO-TimeZone: 261).
    factory = AppointmentFactory(seed=31, locale="nb_NO")
    seen = []
    for _ in range(30):
        body = factory.build_response(traits="with_relations")
        zone = body["PreferredTZLocationData"]
        assert zone["TZLocationID"] == body["PreferredTZLocation"]
        seen.append(zone["TZLocationCode"])
        if zone["TZLocationCode"] == "NO":
            assert zone["TZLocationID"] == 261
            assert zone["Name"] == "Norway"
            assert "Oslo" in zone["TZLocationCities"]
            assert zone["IsoNumber"] == 578
            (std,) = zone["TimeZoneSTDRules"].values()
            (dst,) = zone["TimeZoneDSTRules"].values()
            assert (std["TZOffset"], dst["TZOffset"]) == (60, 120)  # CET and CEST, in minutes
            assert (dst["StartMonth"], dst["EndMonth"]) == (3, 10)  # summer time from March to October
    assert seen.count("NO") > len(seen) / 2  # mostly the locale's own zone


# Small words every sentence of the language uses, and lorem ipsum's, which no language should show.
_MARKERS = {
    "nb_NO": {"og", "med", "av", "til", "på", "for", "vi", "i", "møte", "hos", "etter", "neste"},
    "sv_SE": {"och", "med", "av", "till", "på", "för", "vi", "i", "möte", "hos", "efter", "nästa"},
    "de_DE": {"und", "mit", "der", "die", "das", "den", "für", "zum", "wir", "in", "nach", "bei"},
}
_LOREM = {"lorem", "ipsum", "dolor", "amet", "quia", "voluptatem", "consequuntur", "rerum", "magni", "quas"}


@pytest.mark.parametrize("locale", sorted(_MARKERS))
def test_titles_and_descriptions_read_as_the_locales_language(locale):
    factory = AppointmentFactory(seed=41, locale=locale)
    texts = []
    for body in factory.build_batch(40):
        texts.append(" ".join(body[k] for k in ("Title", "Description", "Agenda", "InternalNotes")))
    words = [set(re.findall(r"\w+", t.lower())) for t in texts]
    assert not set().union(*words) & _LOREM
    assert sum(bool(w & _MARKERS[locale]) for w in words) >= 0.9 * len(words)


def test_participants_external_roles_follow_who_owns_the_appointment():
    factory = AppointmentFactory(seed=51)
    for body in factory.build_batch(60, traits="booking"):
        roles = [(p["ExternallyOwnedType"], p["ExternallyOwnedStatus"]) for p in body["Participants"]]
        if body["OwnedExternally"] == "None":
            assert set(roles) == {("Unknown", "Unknown")}
        else:  # an Outlook or Google meeting: its organiser first, the others invited
            assert roles[0] == ("Organizer", "Accepted")
            assert all(kind in ("Required", "Optional", "Resource") for kind, _ in roles[1:])
