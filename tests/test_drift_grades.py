"""How each kind of difference between a recorded and a live answer is graded (the drift rules)."""

from __future__ import annotations

import orjson
import pytest

from toolkit.drift import Drift, compare_answers, compare_recordings
from toolkit.factories import AppointmentFactory

ENTITY = AppointmentFactory(seed=5).build_response(AppointmentId=7)
OTHER_PRIVATE = next(p for p in ("Public", "PrivateUser", "PrivateGroup") if p != ENTITY["Private"])


def answer(body: object, *, status: int = 200, content_type: str = "application/json; charset=utf-8") -> dict:
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    return {
        "status": {"code": status, "message": ""},
        "headers": {"Content-Type": [content_type]},
        "body": {"string": raw},
    }


def graded(live: dict, recorded: dict = ENTITY, **kwargs: object) -> list[str]:
    return [str(d) for d in compare_answers(answer(recorded), answer(live), **kwargs)]


def test_equal_answers_have_no_drift():
    assert graded(dict(ENTITY)) == []


def test_volatile_paths_are_left_out():
    links = {k: v.replace("http://", "https://tenant.example/Cust1/") for k, v in ENTITY["_Links"].items()}
    live = {**ENTITY, "UpdatedDate": "2030-01-01T00:00:00", "_Links": links}
    assert graded(live) == []


@pytest.mark.parametrize(
    ("live", "expected"),
    [
        ({**ENTITY, "Location": None}, "value Location: "),
        (
            {**ENTITY, "Links": [*ENTITY["Links"], {"Id": 1}]},
            f"value Links[{len(ENTITY['Links'])}]: item added",
        ),
        ({**ENTITY, "ColorIndex": 3.5}, "value ColorIndex: "),
        (
            {**ENTITY, "Private": "Hidden"},
            "breaking Private: 'Hidden' is not a value the toolkit's schema knows",
        ),
        ({**ENTITY, "Private": OTHER_PRIVATE}, "value Private: "),
        (
            {**ENTITY, "UserDefinedFields": {"SuperOffice:9": "x"}},
            "additive UserDefinedFields[\"SuperOffice:9\"]: added: 'x'",
        ),
    ],
)
def test_grades(live, expected):
    found = graded(live)
    assert any(line.startswith(expected) for line in found), found


def test_a_new_map_key_is_additive_but_known_to_the_schema():
    (line,) = [
        x
        for x in graded({**ENTITY, "ExtraFields": {**(ENTITY["ExtraFields"] or {}), "x_new": "1"}})
        if "x_new" in x
    ]
    assert "unknown" not in line


def test_a_content_type_change_is_breaking():
    drifts = compare_answers(answer(ENTITY), answer(ENTITY, content_type="text/json"))
    assert drifts == [Drift("breaking", "Content-Type", "application/json -> text/json")]


def test_a_status_change_is_the_only_finding():
    error = {"Error": True, "ErrorType": "SoNotFoundException", "ErrorMessage": "gone", "ErrorSource": "id"}
    assert [str(d) for d in compare_answers(answer(ENTITY), answer(error, status=404))] == [
        "breaking status 200 -> 404"
    ]


def test_a_body_that_is_not_json_is_compared_as_bytes():
    old, new = (
        answer(b"plain text", content_type="text/plain"),
        answer(b"other text", content_type="text/plain"),
    )
    assert [str(d) for d in compare_answers(old, new)] == [
        "value $: the body changed (not JSON: compared as bytes)"
    ]
    assert compare_answers(old, old) == []


def test_recordings_pair_interactions_by_request_in_order():
    old = [("PUT 7", answer(ENTITY)), ("GET 7", answer(ENTITY))]
    new = [
        ("GET 7", answer({**ENTITY, "Title": "new"})),
        ("POST 9", answer(ENTITY)),
        ("PUT 7", answer(ENTITY)),
    ]
    found = compare_recordings(old, new, key=lambda request: request)
    assert [(n, d.path) for n, d in found] == [(0, "Title")]
