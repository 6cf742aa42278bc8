"""Traits give the shapes users test; overrides reach nested values; locales; clear errors."""

from __future__ import annotations

import pytest

from toolkit import catalogue
from toolkit._pools import pools
from toolkit.errors import UsageError
from toolkit.factories import TRAITS, AppointmentFactory
from toolkit.validation import validator

REQUEST = validator("AppointmentEntity")
RESPONSE = validator("AppointmentEntityWithLinks")
CARRIER_FIELDS = [f for f in catalogue.ENTITY.fields if f.type.kind == "carrier"]


@pytest.fixture
def factory() -> AppointmentFactory:
    return AppointmentFactory(seed=2026)


# --- traits --------------------------------------------------------------------------------------


def test_with_relations_fills_every_carrier_from_the_catalogue(factory):
    body = factory.build(traits="with_relations")
    for f in CARRIER_FIELDS:
        carrier = catalogue.carrier(f.type.name or "")
        expected = [n for n in carrier.names if n not in catalogue.RESPONSE_ONLY]
        assert list(body[f.name]) == expected, f.name
    assert REQUEST.problems(body) == []
    # Nested carriers are full too (Contact -> Address -> StructuredAddress).
    assert body["Contact"]["Address"]["Street"]["Address1"]


def test_with_relations_in_a_response_carries_rights(factory):
    body = factory.build_response(traits="with_relations")
    for f in CARRIER_FIELDS:
        assert list(body[f.name]) == list(catalogue.carrier(f.type.name or "").names), f.name
    assert RESPONSE.problems(body) == []


def test_carrier_values_belong_together(factory):
    body = factory.build(traits="with_relations")
    person = body["Person"]
    assert person["FullName"] == f"{person['Firstname']} {person['Lastname']}"
    assert person["Email"].split("@")[0].startswith(person["Firstname"].lower()[:1])
    contact = body["Contact"]
    assert contact["Name"] in {c.name for c in pools("en_US").companies}
    assert contact["URL"].startswith("https://www.")


def test_booking(factory):
    body = factory.build(traits="booking")
    assert body["BookingType"] == "Owner"
    assert body["Type"] == "BookingForDiary"
    assert body["MotherId"] == body["AppointmentId"]
    assert 2 <= len(body["Participants"]) <= 4
    assert len({p["EmailAddress"] for p in body["Participants"]}) == len(body["Participants"])


def test_booking_mother_follows_an_overridden_id(factory):
    body = factory.build(traits="booking", AppointmentId=42)
    assert body["MotherId"] == 42


def test_recurring(factory):
    body = factory.build(traits=["recurring"])
    rec = body["Recurrence"]
    assert rec["IsRecurrence"] is True
    assert list(rec) == list(catalogue.carrier("RecurrenceInfo").names)
    assert rec["StartDate"] == body["StartDate"] < rec["EndDate"]
    assert rec["Pattern"] in ("Daily", "Weekly", "Monthly", "Yearly")


def test_private(factory):
    body = factory.build(traits="private")
    assert body["Private"] == "PrivateUser"
    assert [v["Visibility"] for v in body["VisibleFor"]] == ["Associate"]


def test_all_day(factory):
    body = factory.build(traits="all_day")
    assert body["IsAlldayEvent"] is True
    assert body["StartDate"][11:27] == "00:00:00.0000000"
    assert body["EndDate"][11:27] == "00:00:00.0000000"
    assert body["EndDate"] > body["StartDate"]


def test_minimal(factory):
    body = factory.build(traits="minimal")
    assert body["Links"] is None
    assert body["Participants"] is None
    assert body["UserDefinedFields"] is None
    assert body["ActiveLinks"] == 0
    assert body["Title"]
    assert body["AppointmentId"]
    assert list(body) == list(catalogue.ENTITY.names)
    assert REQUEST.problems(body) == []
    assert RESPONSE.problems(factory.build_response(traits="minimal")) == []


def test_traits_combine_in_order(factory):
    body = factory.build(traits=("with_relations", "booking", "recurring", "private", "all_day"))
    assert body["Contact"]
    assert body["Recurrence"]["IsRecurrence"]
    assert body["IsAlldayEvent"]
    assert body["BookingType"] == "Owner"
    assert body["Private"] == "PrivateUser"
    assert REQUEST.problems(body) == []


def test_unknown_trait_is_named(factory):
    with pytest.raises(UsageError, match=r"unknown trait 'bookings'; known: with_relations, booking"):
        factory.build(traits="bookings")
    assert "booking" in TRAITS


# --- overrides -------------------------------------------------------------------------------------


def test_top_level_override(factory):
    body = factory.build(Title="Quarterly review", HasAlarm=True)
    assert body["Title"] == "Quarterly review"
    assert body["HasAlarm"] is True


def test_override_a_links_id_and_one_participants_status(factory):
    body = factory.build(traits="booking", Links__0__Id=5, Participants__1__InvitationStatus="Declined")
    assert body["Links"][0]["Id"] == 5
    assert body["Participants"][1]["InvitationStatus"] == "Declined"
    assert REQUEST.problems(body) == []


def test_override_into_a_null_carrier_builds_it(factory):
    body = factory.build(Contact__Name="Acme AS", Contact__Address__Postal__City="Oslo")
    assert body["Contact"]["Name"] == "Acme AS"
    assert body["Contact"]["Address"]["Postal"]["City"] == "Oslo"
    rights = ("TableRight", "FieldProperties")
    assert list(body["Contact"]) == [n for n in catalogue.carrier("Contact").names if n not in rights]
    assert REQUEST.problems(body) == []


def test_override_a_dictionary_entry(factory):
    body = factory.build(**{"UserDefinedFields__SuperOffice:9": "Ada Lovelace"})
    assert body["UserDefinedFields"]["SuperOffice:9"] == "Ada Lovelace"


def test_replacing_links_keeps_active_links_in_step(factory):
    assert factory.build(Links=[])["ActiveLinks"] == 0
    assert factory.build(Links=[], ActiveLinks=3)["ActiveLinks"] == 3  # an explicit value wins


def test_response_links_follow_the_id(factory):
    body = factory.build_response(AppointmentId=17)
    assert body["_Links"]["Self"].endswith("/api/v1/Appointment/17")
    assert factory.build_response(_Links__Self="x")["_Links"]["Self"] == "x"


def test_overrides_may_make_invalid_payloads_for_negative_tests(factory):
    body = factory.build(StartDate="yesterday")
    assert REQUEST.first_problem(body).path == "StartDate"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("Titel", "AppointmentEntity has no field 'Titel'"),
        ("Links__0__Idd", r"Links\[0\] has no field 'Idd'"),
        ("Links__9__Id", r"Links has \d items, no index 9"),
        ("Links__first__Id", "Links is a list; expected an index, got 'first'"),
        ("Title__x", "Title is a str value, not an object or list"),
        ("TableRight__Mask", "AppointmentEntity has no field 'TableRight'"),
    ],
)
def test_bad_override_paths_are_named(factory, key, message):
    with pytest.raises(UsageError, match=rf"override '{key}': {message}"):
        factory.build(**{key: 1})


def test_response_only_fields_can_be_overridden_on_responses(factory):
    body = factory.build_response(TableRight__Mask="R")
    assert body["TableRight"]["Mask"] == "R"


def test_build_batch_applies_overrides_and_traits_to_each(factory):
    bodies = factory.build_batch(3, traits="private", Location="HQ")
    assert [b["Location"] for b in bodies] == ["HQ"] * 3
    assert all(b["Private"] == "PrivateUser" for b in bodies)
    assert factory.build_batch(0) == []
    with pytest.raises(UsageError, match="n must be 0 or more"):
        factory.build_batch(-1)


# --- locales ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "offsets", "currency"),
    [
        ("en_US", {"-05:00", "-04:00", "-06:00", "-07:00", "-08:00"}, "USD"),
        ("nb_NO", {"+01:00", "+02:00"}, "NOK"),
        ("sv_SE", {"+01:00", "+02:00"}, "SEK"),
        ("de_DE", {"+01:00", "+02:00"}, "EUR"),
    ],
)
def test_locales_shape_names_offsets_and_currency(locale, offsets, currency):
    factory = AppointmentFactory(seed=1, locale=locale)
    bodies = [factory.build(traits="with_relations") for _ in range(20)]
    assert {b["StartDate"][-6:] for b in bodies} <= offsets
    assert {b["Sale"]["Currency"] for b in bodies} == {currency}
    people = {p.full for p in pools(locale).people}
    # Text-valued user-defined fields hold the locale's people; the others are typed ("[I:8]").
    assert all(v in people or v.startswith("[") for b in bodies for v in b["UserDefinedFields"].values())
    assert any(v in people for b in bodies for v in b["UserDefinedFields"].values())


def test_locales_differ():
    us, de = (AppointmentFactory(seed=1, locale=loc).build() for loc in ("en_US", "de_DE"))
    assert us["Links"][0]["EntityName"] != de["Links"][0]["EntityName"]


def test_any_faker_locale_works():
    body = AppointmentFactory(seed=1, locale="en_GB").build(traits="with_relations")
    assert REQUEST.problems(body) == []


def test_unknown_locale_is_named():
    with pytest.raises(UsageError, match="unknown locale 'xx_XX'"):
        AppointmentFactory(locale="xx_XX")


# --- single carriers -------------------------------------------------------------------------------


def test_build_carrier_fills_every_field_from_the_catalogue(factory):
    link = factory.build_carrier("Link", Id=5)
    assert list(link) == ["EntityName", "Id", "Description", "ExtraInfo", "LinkId"]
    assert link["Id"] == 5
    contact = factory.build_carrier("Contact", response=True, Address__Postal__City="Oslo")
    assert list(contact) == list(catalogue.carrier("Contact").names)
    assert contact["Address"]["Postal"]["City"] == "Oslo"
    assert RESPONSE.problems(factory.build_response(Contact=contact, Links=[link])) == []


def test_build_carrier_names_an_unknown_carrier(factory):
    with pytest.raises(UsageError, match="unknown carrier 'Lnk'; known: Associate, Contact"):
        factory.build_carrier("Lnk")


def test_module_docstring_example_runs():
    import textwrap

    import toolkit.factories

    doc = toolkit.factories.__doc__ or ""
    block = doc.split("::\n", 1)[1].split("\n\n**", 1)[0]
    namespace: dict = {}
    exec(textwrap.dedent(block), namespace)
    assert namespace["booked"]["BookingType"] == "Owner"
    assert namespace["declined"]["Participants"][0]["InvitationStatus"] == "Declined"
    assert namespace["answer"]["_Links"]["Self"].endswith("/Appointment/7")


def test_factory_modules_never_write_another_objects_private_attributes():
    """Each module keeps to its job: state changes go through the owner's methods (Ctx.carrier_scope)."""
    import ast
    from pathlib import Path

    import toolkit.factories

    for path in Path(toolkit.factories.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(t, ast.Attribute) and t.attr.startswith("_"):
                        owner = t.value.id if isinstance(t.value, ast.Name) else "?"
                        assert owner == "self", f"{path.name}:{t.lineno} writes {owner}.{t.attr}"


def test_the_factory_is_split_by_job_and_keeps_its_public_names():
    import toolkit.factories
    from toolkit.factories import DATE_STYLES, TRAITS, AppointmentFactory

    assert AppointmentFactory.__module__.startswith("toolkit.factories")
    assert set(toolkit.factories.__all__) == {
        "AppointmentFactory",
        "TRAITS",
        "DATE_STYLES",
        "SHIPPED_LOCALES",
        "LOCALE_ALIASES",
    }
    assert DATE_STYLES == ("samples", "tenant")
    assert "minimal" in TRAITS
