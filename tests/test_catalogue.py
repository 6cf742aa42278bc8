"""The catalogue is the one source of truth: it agrees with SuperOffice's own definitions and the spec."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from toolkit import catalogue
from toolkit.catalogue import CARRIERS, ENTITY, ENTITY_WITH_LINKS, ENUMS, TypeRef

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "fixtures" / "spec"
SWAGGER = json.loads((SPEC / "appointment-swagger.json").read_text(encoding="utf-8"))["definitions"]
SAMPLE_REQUEST = json.loads((SPEC / "sample-request.json").read_text(encoding="utf-8"))
SAMPLE_RESPONSE = json.loads((SPEC / "sample-response.json").read_text(encoding="utf-8"))

# Our carrier name -> SuperOffice's definition name (where the Swagger has one).
SWAGGER_NAMES = {
    "AppointmentEntity": "SuperOffice.CRM.Services.AppointmentEntity",
    "Associate": "SuperOffice.CRM.Services.Associate",
    "Contact": "SuperOffice.CRM.Services.Contact",
    "Address": "SuperOffice.CRM.Services.Address",
    "LocalizedField": "SuperOffice.CRM.Services.LocalizedField",
    "StructuredAddress": "SuperOffice.CRM.Services.StructuredAddress",
    "Person": "SuperOffice.CRM.Services.Person",
    "Priority": "SuperOffice.CRM.Services.Priority",
    "Project": "SuperOffice.CRM.Services.Project",
    "Link": "SuperOffice.CRM.Services.Link",
    "RecurrenceInfo": "SuperOffice.CRM.Services.RecurrenceInfo",
    "RecurrenceDayPattern": "SuperOffice.CRM.Services.RecurrenceDayPattern",
    "RecurrenceWeekPattern": "SuperOffice.CRM.Services.RecurrenceWeekPattern",
    "RecurrenceMonthPattern": "SuperOffice.CRM.Services.RecurrenceMonthPattern",
    "RecurrenceYearPattern": "SuperOffice.CRM.Services.RecurrenceYearPattern",
    "RecurrenceDate": "SuperOffice.CRM.Services.RecurrenceDate",
    "Participant": "SuperOffice.CRM.Services.ParticipantInfo",
    "TaskListItem": "SuperOffice.CRM.Services.TaskListItem",
    "Sale": "SuperOffice.CRM.Services.Sale",
    "VisibleFor": "SuperOffice.CRM.Services.VisibleFor",
    "TableRight": "SuperOffice.CRM.Security.TableRight",
    "FieldProperty": "SuperOffice.CRM.Security.FieldProperty",
    "FieldRight": "SuperOffice.CRM.Security.FieldRight",
}
# Newer than the 2022 Swagger file (the spec page and its samples have them).
NEWER = {
    "AppointmentEntity": {"Title", "Agenda", "InternalNotes", "PreferredTZLocationData", "OwnedExternally"},
    "Participant": {"EmailAddress", "Description"},
}


def _swagger_kind(prop: dict) -> str:
    if "$ref" in prop:
        return "carrier"
    if "enum" in prop:
        return "enum"
    return {
        ("integer", "int32"): "int",
        ("number", "double"): "double",
        ("string", "date-time"): "date",
        ("string", None): "str",
        ("boolean", None): "bool",
        ("array", None): "list",
        ("object", None): "map",
    }[(prop["type"], prop.get("format"))]


def _our_kind(t: TypeRef) -> str:
    return {"int32": "int", "int16": "int", "flags": "enum"}.get(t.kind, t.kind)


def test_entity_has_the_spec_pages_sixty_properties_in_order():
    spec_page = (SPEC / "PUT-Appointment-id.md").read_text(encoding="utf-8")
    request_table = spec_page.split("## Request Body")[1].split("## Response")[0]
    names = re.findall(r"^\| (\w+) \| \w+ \|", request_table, re.M)
    assert list(ENTITY.names) == [n for n in names if n != "Property"]
    assert len(ENTITY.fields) == 60


def test_response_adds_table_right_field_properties_and_links():
    assert ENTITY_WITH_LINKS.names == (*ENTITY.names, "TableRight", "FieldProperties", "_Links")


def test_samples_use_exactly_the_catalogue_keys_in_order():
    assert tuple(SAMPLE_REQUEST) == ENTITY.names
    assert tuple(SAMPLE_RESPONSE) == ENTITY_WITH_LINKS.names
    assert tuple(SAMPLE_REQUEST["Participants"][0]) == CARRIERS["Participant"].names


@pytest.mark.parametrize("ours", sorted(SWAGGER_NAMES))
def test_carrier_matches_superoffice_swagger(ours):
    theirs = SWAGGER[SWAGGER_NAMES[ours]]["properties"]
    c = CARRIERS[ours]
    expected = [
        n for n in theirs if n not in ("TableRight", "FieldProperties") or ours != "AppointmentEntity"
    ]
    assert [n for n in c.names if n not in NEWER.get(ours, set())] == expected
    for f in c.fields:
        if f.name in NEWER.get(ours, set()):
            continue
        prop = theirs[f.name]
        assert _our_kind(f.type) == _swagger_kind(prop), f"{ours}.{f.name}"
        if "enum" in prop:
            assert list(f.enum or ()) == prop["enum"], f"{ours}.{f.name}"


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
        if path.name == "catalogue.py":
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
