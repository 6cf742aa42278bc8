"""The catalogue is the one source of truth: it agrees with SuperOffice's own definitions and the spec."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from toolkit import catalogue
from toolkit.catalogue import CARRIERS, ENTITY, ENTITY_WITH_LINKS, ENUMS, TypeRef
from toolkit.catalogue.__main__ import build
from toolkit.catalogue.__main__ import main as catalogue_main

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "fixtures" / "spec"
SWAGGER_FILE = SPEC / "Swagger-v1-Appointment-2026.json"
SWAGGER = json.loads(SWAGGER_FILE.read_text(encoding="utf-8"))["definitions"]
SAMPLE_REQUEST = json.loads((SPEC / "sample-request.json").read_text(encoding="utf-8"))
SAMPLE_RESPONSE = json.loads((SPEC / "sample-response.json").read_text(encoding="utf-8"))
PREFIX = "#/definitions/"


def _definition(short: str) -> str:
    # SuperOffice's definitions are named by namespace; the catalogue by the last part.
    (full,) = [name for name in SWAGGER if name.rsplit(".", 1)[-1] == short]
    return full


def _reachable(root: str) -> list[str]:
    """Every definition the root reaches, read straight from the Swagger JSON."""
    seen, todo = [], [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        for prop in SWAGGER[name]["properties"].values():
            for node in (
                prop,
                prop.get("items", {}),
                prop.get("items", {}).get("items", {}),
                prop.get("additionalProperties") or {},
            ):
                if isinstance(node, dict) and "$ref" in node:
                    todo.append(node["$ref"][len(PREFIX) :])
    return seen


def _swagger_kind(prop: dict) -> str:
    if "$ref" in prop:
        return "carrier:" + prop["$ref"].rsplit(".", 1)[-1]
    if "enum" in prop:
        return "enum"
    kind = {
        ("integer", "int32"): "int",
        ("number", "double"): "double",
        ("string", "date-time"): "date",
        ("string", None): "str",
        ("boolean", None): "bool",
    }.get((prop["type"], prop.get("format")))
    if kind:
        return kind
    if prop["type"] == "array":
        return "list:" + _swagger_kind(prop["items"])
    return "map:" + _swagger_kind(prop["additionalProperties"])


def _our_kind(t: TypeRef) -> str:
    if t.kind == "carrier":
        return "carrier:" + CARRIERS[t.name].definition.rsplit(".", 1)[-1]
    if t.kind in ("list", "map"):
        return f"{t.kind}:{_our_kind(t.item)}"
    return {"int32": "int", "int16": "int", "flags": "enum"}.get(t.kind, t.kind)


ENTITY_DEF = _definition("AppointmentEntity")
RESPONSE_DEF = _definition("AppointmentEntityWithLinks")
REACHED = [*_reachable(RESPONSE_DEF), ENTITY_DEF]


def test_every_definition_the_answer_reaches_is_a_carrier():
    ours = {c.definition for c in CARRIERS.values()} | {ENTITY_WITH_LINKS.definition}
    assert ours == set(REACHED)
    assert "SuperOffice.CRM.TimeZoneData" in ours
    assert "SuperOffice.CRM.TimeZoneRule" in ours


@pytest.mark.parametrize("definition", REACHED)
def test_carrier_matches_superoffice_swagger_property_by_property(definition):
    theirs = SWAGGER[definition]["properties"]
    ours = (
        ENTITY_WITH_LINKS
        if definition == RESPONSE_DEF
        else next(c for c in CARRIERS.values() if c.definition == definition)
    )
    if definition == ENTITY_DEF:
        # The request body leaves out the answer's rights; everything else is the spec's, in order.
        assert list(theirs)[-2:] == ["TableRight", "FieldProperties"]
        assert list(ours.names) == list(theirs)[:-2]
    else:
        assert list(ours.names) == list(theirs)
    for f in ours.fields:
        prop = theirs[f.name]
        assert _our_kind(f.type) == _swagger_kind(prop) or (
            f.type.kind == "flags" and prop == {**prop, "type": "string"}
        ), f"{ours.name}.{f.name}"
        if "enum" in prop:
            assert list(f.enum or ()) == prop["enum"], f"{ours.name}.{f.name}"
        if "read-only" in prop.get("description", "").lower():
            assert f.read_only, f"{ours.name}.{f.name}"


def test_all_spec_properties_are_in_the_catalogue():
    spec_count = sum(len(SWAGGER[d]["properties"]) for d in REACHED)
    ours = sum(len(c.fields) for c in CARRIERS.values()) + len(ENTITY_WITH_LINKS.fields)
    assert ours == spec_count - 2  # the request body's two rights, on purpose (see test above)


def test_generated_catalogue_is_current():
    """Fails when the shipped catalogue is not what the generator makes from the spec in the repo."""
    shipped = (ROOT / "toolkit" / "catalogue" / "AppointmentEntity.json").read_text(encoding="utf-8")
    assert build(SWAGGER_FILE, "AppointmentEntity") == shipped, (
        "stale: run python -m toolkit.catalogue "
        "fixtures/spec/Swagger-v1-Appointment-2026.json AppointmentEntity"
    )


def test_generator_writes_any_entity_of_a_swagger_file(tmp_path):
    # The same machinery for another entity: a tiny Swagger with a ContactEntity.
    spec = {
        "definitions": {
            "SuperOffice.CRM.Services.ContactEntity": {
                "properties": {
                    "ContactId": {"type": "integer", "format": "int32"},
                    "Name": {"type": "string"},
                    "Category": {"$ref": "#/definitions/SuperOffice.CRM.Services.Category"},
                }
            },
            "SuperOffice.CRM.Services.Category": {
                "properties": {"Kind": {"type": "string", "enum": ["A", "B"]}}
            },
        }
    }
    path = tmp_path / "Swagger-v1-Contact.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    out = tmp_path / "ContactEntity.json"
    assert catalogue_main([str(path), "ContactEntity", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc["carriers"]) == ["ContactEntity", "Category"]
    assert doc["carriers"]["Category"]["properties"] == [{"name": "Kind", "type": "enum", "enum": ["A", "B"]}]
    assert doc["response"] is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"definitions": {}}, "no 'definitions'"),
        ({"definitions": {"X.Other": {"properties": {}}}}, "no definition named 'AppointmentEntity'"),
        (
            {
                "definitions": {
                    "X.AppointmentEntity": {"properties": {"N": {"type": "integer", "format": "int64"}}}
                }
            },
            "X.AppointmentEntity/properties/N: type 'integer' with format 'int64' is not supported",
        ),
        (
            {"definitions": {"X.AppointmentEntity": {"properties": {"C": {"$ref": "#/definitions/Nope"}}}}},
            "$ref '#/definitions/Nope' names no definition",
        ),
    ],
)
def test_generator_names_what_it_cannot_read(tmp_path, capsys, spec, message):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    assert catalogue_main([str(path), "AppointmentEntity", "--out", "-"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_samples_use_exactly_the_catalogue_keys_in_order():
    assert tuple(SAMPLE_REQUEST) == ENTITY.names
    assert tuple(SAMPLE_RESPONSE) == ENTITY_WITH_LINKS.names


def test_entity_has_the_spec_pages_sixty_properties_in_order():
    spec_page = (SPEC / "PUT-Appointment-id.md").read_text(encoding="utf-8")
    request_table = spec_page.split("## Request Body")[1].split("## Response")[0]
    names = re.findall(r"^\| (\w+) \| \w+ \|", request_table, re.M)
    assert list(ENTITY.names) == [n for n in names if n != "Property"]
    assert len(ENTITY.fields) == 60


def test_response_adds_table_right_field_properties_and_links():
    assert ENTITY_WITH_LINKS.names == (*ENTITY.names, "TableRight", "FieldProperties", "_Links")


def test_enums_named_in_design_doc():
    assert ENUMS["OwnedExternally"] == ("None", "Other", "Outlook", "Google")
    assert ENUMS["Visibility"] == ("All", "Associate", "Group")
    assert ENTITY.field("ColorIndex").type.kind == "int16"
    assert ENTITY.field("RejectCounter").type.kind == "int16"


def test_read_only_properties():
    assert {"AppointmentId", "CreatedBy", "CreatedDate"} <= catalogue.READ_ONLY


def test_nullability_follows_dotnet_value_types():
    assert ENTITY.field("Title").nullable
    assert ENTITY.field("Associate").nullable
    assert not ENTITY.field("AppointmentId").nullable
    assert not ENTITY.field("StartDate").nullable


def test_unknown_carrier_is_a_clear_error():
    with pytest.raises(KeyError, match="no carrier named 'Nope'"):
        catalogue.carrier("Nope")


def test_no_module_hand_lists_the_entity_fields():
    """One source of truth: no other module spells out the entity's fields again.

    Maps that give a few known properties realistic values (the factories) are fine; a literal naming
    a third of the entity's properties or more is a second list that would drift.
    """
    names = set(ENTITY.names)
    limit = len(names) // 3
    for path in (ROOT / "toolkit").rglob("*.py"):
        if path.parent.name == "catalogue":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                consts = [e.value for e in node.elts if isinstance(e, ast.Constant)]
                hits = [c for c in consts if c in names]
                assert len(hits) < limit, f"{path.name}:{node.lineno} lists entity fields {hits}"
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                hits = [k for k in keys if k in names]
                assert len(hits) < limit, f"{path.name}:{node.lineno} lists entity fields {hits}"


def test_hand_knowledge_fills_what_the_swagger_lacks():
    # From real tenant answers: FieldProperties lengths and .NET types, Int16 columns, flags.
    assert catalogue.carrier("Person").field("Firstname").length == 99
    assert ENTITY.field("Description").length == 2047
    assert ENTITY.field("StartDate").length == 16
    assert ENTITY.field("AlarmLeadTime").dotnet_type == "System.TimeSpan"
    assert ENTITY.field("Associate").dotnet_type == "SuperOffice.CRM.Services.Associate"
    assert ENTITY.field("Participants").dotnet_type == "SuperOffice.CRM.Services.ParticipantInfo[]"
    assert catalogue.carrier("Person").field("Rank").type.kind == "int16"
    assert catalogue.carrier("RecurrenceWeekPattern").field("Weekdays").type == TypeRef("flags", "Weekday")
    assert catalogue.carrier("TableRight").field("Mask").type == TypeRef("flags", "TableRightMask")
    assert ENUMS["ExternallyOwnedStatus"] == (
        "Unknown",
        "TentativelyAccepted",
        "Accepted",
        "Declined",
        "NotResponded",
    )


def test_knowledge_about_a_property_the_spec_lacks_fails_loudly(monkeypatch):
    from toolkit.catalogue import _knowledge

    monkeypatch.setattr(_knowledge, "LENGTHS", {**_knowledge.LENGTHS, ("Person", "ShoeSize"): 4})
    loader = catalogue._Loader(catalogue._generated("AppointmentEntity"))
    with pytest.raises(ValueError, match=r"knowledge names Person.ShoeSize, which the spec does not have"):
        loader.check(loader.carriers())


def test_dotnet_defaults_are_what_dotnet_leaves_in_an_unset_property():
    defaults = {f.name: catalogue.dotnet_default(f) for f in ENTITY.fields}
    assert defaults["Title"] is None
    assert defaults["Associate"] is None
    assert defaults["Links"] is None
    assert defaults["AppointmentId"] == 0
    assert defaults["IsFree"] is False
    assert defaults["StartDate"] == "0001-01-01T00:00:00"
    assert defaults["Private"] == "Public"
    assert defaults["CautionWarning"] == "OK"


@pytest.mark.parametrize(
    "text",
    [
        "2015-11-04T13:00:00",  # a tenant without SO-TimeZone
        "2002-03-31T16:00:00Z",  # SO-TimeZone: UTC
        "2002-03-31T18:00:00+02:00",  # Norway with includeTZOffset
        "2008-04-11T03:46:59.6911992+02:00",  # the API page's samples
        "2020-08-19T17:12:16.9553621",  # a default entity
        "9999-12-31T23:59:59.9999999",
        "0001-01-01T00:00:00",
        "2024-02-29T08:00:00",
        "2000-02-29T08:00:00",
        "2018-12-24T07:34:45-05:00",
        "2018-01-01T00:00:00.5+14:00",
    ],
)
def test_dotnet_date_accepts_what_superoffice_writes(text):
    assert catalogue.DOTNET_DATE.match(text)
    assert re.search(catalogue.DOTNET_DATE_PATTERN, text)


@pytest.mark.parametrize(
    "text",
    [
        "2018-13-01T00:00:00",
        "2018-00-10T00:00:00",
        "2018-04-31T00:00:00",
        "2023-02-29T00:00:00",
        "1900-02-29T00:00:00",
        "2018-01-01T24:00:00",
        "2018-01-01T00:60:00",
        "0000-01-01T00:00:00",
        "2018-01-01T00:00:00\n",
        "2018-01-01T00:00:00.12345678",
        "2018-01-01T00:00:00.",
        "2018-01-01T00:00:00+15:00",
        "2018-12-24T07:34:45-0500",
        "2018-01-01 00:00:00",
        "2018-01-01",
    ],
)
def test_dotnet_date_refuses_impossible_or_foreign_text(text):
    assert not catalogue.DOTNET_DATE.match(text)
