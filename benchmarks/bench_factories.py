"""Factory speed: ``AppointmentFactory`` beside a hand-written Faker builder, polyfactory and factory_boy.

The anchor is what one writes without the toolkit: one Faker call per field, the same shape
(AppointmentEntity with 1-3 Links, 1-2 Participants, 1-2 VisibleFor, the three dictionaries; the
response adds TableRight, FieldProperties and ``_Links``; ``with_relations`` fills every carrier).
polyfactory builds a dataclass model of the same fields, factory_boy a ``DictFactory`` with one Faker
declaration per field (both generated from the catalogue, so they follow it).  All run in this process,
best of a few rounds.  Target: at least 5x faster than the hand-written builder.

Run: ``python benchmarks/bench_factories.py``.  ``run()`` returns the rows for ``benchmarks/run.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _tables import timing_row
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


def _scalar_type(t: catalogue.TypeRef) -> Any:
    """The Python type of a catalogue scalar, for the polyfactory model."""
    from typing import Literal

    if t.kind in ("enum", "flags"):
        return Literal[tuple(catalogue.ENUMS[t.name or ""])]
    return {"str": str, "int32": int, "int16": int, "double": float, "bool": bool, "date": str}[t.kind]


def polyfactory_builder() -> Callable[[], dict[str, Any]]:
    """The polyfactory anchor: a dataclass model of the entity's fields, built by a DataclassFactory.

    The same shape as the others: scalars typed (enums as ``Literal`` of their names), single carriers
    null, Links / Participants / VisibleFor as lists of carrier models, the three dictionaries of strings.
    """
    import dataclasses

    from polyfactory.factories import DataclassFactory

    def model(name: str, fields: Any) -> Any:
        spec: list[tuple[str, Any]] = []
        for fld in fields:
            t = fld.type
            if t.kind == "carrier":
                spec.append((fld.name, type(None)))
            elif t.kind == "list":
                assert t.item is not None
                item = model(t.item.name or "Item", catalogue.carrier(t.item.name or "").fields)
                spec.append((fld.name, list[item]))  # type: ignore[valid-type]
            elif t.kind == "map":
                spec.append((fld.name, dict[str, str]))
            else:
                spec.append((fld.name, _scalar_type(t)))
        return dataclasses.make_dataclass(name, spec)

    entity = model("AppointmentModel", catalogue.ENTITY.fields)
    factory = DataclassFactory.create_factory(entity, __random_seed__=1)
    return lambda: dataclasses.asdict(factory.build())


def factory_boy_builder() -> Callable[[], dict[str, Any]]:
    """The factory_boy anchor: a ``DictFactory`` with one ``factory.Faker`` declaration per field."""
    import factory

    providers = {
        "str": ("sentence", {}),
        "int32": ("random_int", {"min": 0, "max": 99999}),
        "int16": ("random_int", {"min": 0, "max": 999}),
        "double": ("pyfloat", {"min_value": 0, "max_value": 1000}),
        "bool": ("pybool", {}),
        "date": ("iso8601", {}),
    }

    def declarations(fields: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for fld in fields:
            t = fld.type
            if t.kind == "carrier":
                out[fld.name] = None
            elif t.kind == "list":
                assert t.item is not None
                sub = type(
                    f"{t.item.name}Factory",
                    (factory.DictFactory,),
                    declarations(catalogue.carrier(t.item.name or "").fields),
                )
                out[fld.name] = factory.List([factory.SubFactory(sub) for _ in range(2)])
            elif t.kind == "map":
                out[fld.name] = factory.Dict({"Key1": factory.Faker("word")})
            elif t.kind in ("enum", "flags"):
                out[fld.name] = factory.Faker("random_element", elements=catalogue.ENUMS[t.name or ""])
            else:
                provider, kwargs = providers[t.kind]
                out[fld.name] = factory.Faker(provider, **kwargs)
        return out

    entity = type("AppointmentDictFactory", (factory.DictFactory,), declarations(catalogue.ENTITY.fields))
    import factory.random

    factory.random.reseed_random(1)
    return lambda: dict(entity())


def _per_call_ms(fn: Callable[[], object], n: int, rounds: int = 3) -> float:
    return per_call_seconds(fn, n, rounds) * 1000


def _row(
    what: str, ours_ms: float, anchor: str, anchor_ms: float, target: float | None = None
) -> dict[str, Any]:
    row = timing_row(what, ours_ms, "ms", anchor, anchor_ms, digits=4)
    if target is not None:
        row["target"] = f"≥ {target:g}x faster"
        row["met"] = anchor_ms >= target * ours_ms
    return row


def run(n: int = 1000) -> list[dict[str, Any]]:
    """Rows: each payload shape beside each anchor, measured in this run."""
    ours = AppointmentFactory(seed=1)
    anchor = FakerBuilder(seed=1)
    ours.build(), ours.build_response(), ours.build(traits="with_relations")  # warm the pools and plans
    slow_n = max(50, n // 5)
    rows = []
    build_ms = _per_call_ms(ours.build, n)
    rows.append(
        _row(
            "build one request payload",
            build_ms,
            "hand-written Faker builder",
            _per_call_ms(anchor.entity, slow_n),
            TARGET_RATIO,
        )
    )
    rows.append(
        _row(
            "build one request payload",
            build_ms,
            "polyfactory (dataclass model of the same fields)",
            _per_call_ms(polyfactory_builder(), slow_n),
        )
    )
    rows.append(
        _row(
            "build one request payload",
            build_ms,
            "factory_boy DictFactory with Faker",
            _per_call_ms(factory_boy_builder(), slow_n),
        )
    )
    rows.append(
        _row(
            "build one response payload",
            _per_call_ms(ours.build_response, n),
            "hand-written Faker builder",
            _per_call_ms(anchor.response, slow_n),
            TARGET_RATIO,
        )
    )
    rows.append(
        _row(
            "build one with_relations payload",
            _per_call_ms(lambda: ours.build(traits="with_relations"), n),
            "hand-written Faker builder",
            _per_call_ms(anchor.with_relations, slow_n),
            TARGET_RATIO,
        )
    )
    return rows


def main() -> None:
    from run import table

    print(table(run()))


if __name__ == "__main__":
    main()
