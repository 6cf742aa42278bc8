"""Factory speed: ``AppointmentFactory`` against a hand-written Faker builder of the same payloads.

The anchor is what one writes without the toolkit: one Faker call per field, the same shape
(AppointmentEntity with 1-3 Links, 1-2 Participants, 1-2 VisibleFor, the three dictionaries; the
response adds TableRight, FieldProperties and ``_Links``; ``with_relations`` fills every carrier).
Both run in this process, on the same machine, best of a few rounds.  Target: ratio >= 5.

Run: ``python benchmarks/bench_factories.py``.  ``run()`` returns the rows for ``benchmarks/run.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _timing import per_call_seconds
from faker import Faker

from toolkit import catalogue
from toolkit.factories import AppointmentFactory

__all__ = ["FakerBuilder", "run"]

TARGET_RATIO = 5.0


def _date(fake: Faker) -> str:
    return fake.date_time_between("-8y", "+1y").strftime("%Y-%m-%dT%H:%M:%S.%f") + "0+02:00"


class FakerBuilder:
    """The anchor: a plain Faker builder, one Faker call per field."""

    def __init__(self, seed: int, locale: str = "en_US") -> None:
        self.fake = Faker(locale)
        self.fake.seed_instance(seed)

    def link(self) -> dict[str, Any]:
        f = self.fake
        return {
            "EntityName": f.company(),
            "Id": f.random_int(1, 99999),
            "Description": f.catch_phrase(),
            "ExtraInfo": f.word(),
            "LinkId": f.random_int(1, 99999),
        }

    def participant(self) -> dict[str, Any]:
        f = self.fake
        return {
            "AssociateId": f.random_int(1, 99999),
            "PersonId": f.random_int(1, 99999),
            "ContactId": f.random_int(1, 99999),
            "EmailId": f.random_int(1, 99999),
            "SendEmail": f.boolean(),
            "InvitationStatus": f.random_element(catalogue.ENUMS["InvitationStatus"]),
            "EmailAddress": f.email(),
            "Description": f.name(),
        }

    def visible_for(self) -> dict[str, Any]:
        f = self.fake
        return {
            "VisibleId": f.random_int(1, 99999),
            "Visibility": f.random_element(catalogue.ENUMS["Visibility"]),
            "DisplayValue": f.name(),
        }

    def entity(self) -> dict[str, Any]:
        f = self.fake
        e = catalogue.ENUMS
        links = [self.link() for _ in range(f.random_int(1, 3))]
        return {
            "Associate": None,
            "Contact": None,
            "CreatedBy": None,
            "UpdatedBy": None,
            "CreatedDate": _date(f),
            "AppointmentId": f.random_int(1, 99999),
            "Description": f.catch_phrase(),
            "Title": f.sentence(nb_words=3),
            "Agenda": f.sentence(),
            "InternalNotes": f.sentence(),
            "StartDate": _date(f),
            "EndDate": _date(f),
            "InvitedPerson": None,
            "Person": None,
            "MotherId": f.random_int(0, 99999),
            "Priority": None,
            "Private": f.random_element(e["Private"]),
            "Project": None,
            "Type": f.random_element(e["AppointmentType"]),
            "UpdatedDate": _date(f),
            "Completed": f.random_element(e["Completed"]),
            "ActiveLinks": len(links),
            "Links": links,
            "AlarmLeadTime": f.time(),
            "HasAlarm": f.boolean(),
            "ColorIndex": f.random_int(0, 24),
            "IsFree": f.boolean(),
            "IsAlldayEvent": f.boolean(),
            "LagTime": f.time(),
            "LeadTime": f.time(),
            "Location": f.city(),
            "RejectCounter": f.random_int(0, 3),
            "RejectReason": "",
            "Recurrence": None,
            "Participants": [self.participant() for _ in range(f.random_int(1, 2))],
            "AssignmentStatus": f.random_element(e["AssignmentStatus"]),
            "InvitationStatus": f.random_element(e["InvitationStatus"]),
            "BookingType": f.random_element(e["BookingType"]),
            "ActiveDate": _date(f),
            "HasConflict": f.boolean(),
            "AssignedBy": None,
            "MotherAssociate": None,
            "Task": None,
            "PreferredTZLocation": f.random_int(1, 600),
            "PreferredTZLocationData": None,
            "Sale": None,
            "SuggestedAppointmentId": 0,
            "IsMileStone": f.boolean(),
            "CautionWarning": f.random_element(e["CautionWarning"]),
            "OwnedExternally": f.random_element(e["OwnedExternally"]),
            "JoinVideomeetUrl": f.url(),
            "CentralserviceVideomeetId": f.uuid4(),
            "UserDefinedFields": {f"SuperOffice:{i}": f.name() for i in range(1, f.random_int(1, 3) + 1)},
            "ExtraFields": {f"ExtraFields{i}": f.word() for i in range(1, f.random_int(1, 3) + 1)},
            "CustomFields": {f"CustomFields{i}": f.word() for i in range(1, f.random_int(1, 3) + 1)},
            "PublishEventDate": _date(f),
            "PublishTo": _date(f),
            "PublishFrom": _date(f),
            "IsPublished": f.boolean(),
            "VisibleFor": [self.visible_for() for _ in range(f.random_int(1, 2))],
        }

    def rights(self) -> dict[str, Any]:
        f = self.fake
        return {
            "TableRight": {"Mask": f.random_element(("FULL", "R", "Select")), "Reason": ""},
            "FieldProperties": {
                f.word(): {
                    "FieldRight": {"Mask": "FULL", "Reason": ""},
                    "FieldType": "System.String",
                    "FieldLength": f.random_int(1, 2000),
                }
            },
        }

    def response(self) -> dict[str, Any]:
        body = self.entity()
        for item in body["Links"] + body["VisibleFor"]:
            item.update(self.rights())
        body.update(self.rights())
        url = f"{self.fake.url()}api/v1/Appointment"
        body["_Links"] = {"Self": f"{url}/{body['AppointmentId']}", "Archive": url}
        return body

    def carrier(self, name: str) -> dict[str, Any]:
        """A carrier with one Faker call per catalogue field (the with_relations anchor)."""
        return {f.name: self._value(f.type) for f in catalogue.carrier(name).fields}

    def _value(self, t: catalogue.TypeRef) -> Any:
        f = self.fake
        kind = t.kind
        if kind == "str":
            return f.word()
        if kind in ("int32", "int16"):
            return f.random_int(0, 1000)
        if kind == "double":
            return f.pyfloat(min_value=0, max_value=1000)
        if kind == "bool":
            return f.boolean()
        if kind == "date":
            return _date(f)
        if kind in ("enum", "flags"):
            return f.random_element(catalogue.ENUMS[t.name or ""])
        if kind == "carrier":
            return self.carrier(t.name or "")
        assert t.item is not None
        if kind == "list":
            return [self._value(t.item)]
        return {"Key1": self._value(t.item)}

    def with_relations(self) -> dict[str, Any]:
        body = self.entity()
        for fld in catalogue.ENTITY.fields:
            if fld.type.kind == "carrier":
                body[fld.name] = self.carrier(fld.type.name or "")
        return body


def _per_call_ms(fn: Callable[[], object], n: int, rounds: int = 3) -> float:
    return per_call_seconds(fn, n, rounds) * 1000


def run(n: int = 1000) -> list[dict[str, Any]]:
    """Rows ``{"name", "ours_ms", "anchor", "anchor_ms", "ratio"}``, one per payload shape."""
    ours = AppointmentFactory(seed=1)
    anchor = FakerBuilder(seed=1)
    ours.build(), ours.build_response(), ours.build(traits="with_relations")  # warm the pools and plans
    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        ("build (request)", ours.build, anchor.entity),
        ("build_response", ours.build_response, anchor.response),
        ("build with_relations", lambda: ours.build(traits="with_relations"), anchor.with_relations),
    ]
    rows = []
    for name, mine, theirs in cases:
        ours_ms = _per_call_ms(mine, n)
        anchor_ms = _per_call_ms(theirs, max(50, n // 5))
        rows.append(
            {
                "name": f"factories: {name}",
                "ours_ms": round(ours_ms, 4),
                "anchor": "hand-written Faker builder (one call per field)",
                "anchor_ms": round(anchor_ms, 4),
                "ratio": round(anchor_ms / ours_ms, 1),
            }
        )
    return rows


def main() -> None:
    print(f"{'case':34} {'ours ms':>9} {'Faker ms':>9} {'ratio':>7}")
    for row in run():
        flag = "" if row["ratio"] >= TARGET_RATIO else f"  (below target {TARGET_RATIO}x)"
        print(f"{row['name']:34} {row['ours_ms']:9.4f} {row['anchor_ms']:9.4f} {row['ratio']:6.1f}x{flag}")


if __name__ == "__main__":
    main()
