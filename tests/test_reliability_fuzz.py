"""Property-based fuzzing of the reference server over real HTTP (hypothesis, bounded and deterministic).

Every property sends generated requests to one :class:`~toolkit.server.ReferenceServer` (port 0) and
checks, for every answer: no 5xx, every 4xx in SuperOffice's error shape (in the negotiated format),
and the app's count of unexpected failures still 0.  Each property ends with the server healthy: a
valid PUT still answers 200.

The hand-written hostile cases are in ``test_server_hostile.py`` and ``test_reliability_server.py``;
here the inputs come from strategies.  ``settings(derandomize=True)`` makes every CI run try the same
inputs; ``SO_RELIABILITY_FIGURES=<file>`` appends this module's counts (see the README's Reliability section).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.catalogue import ENTITY, READ_ONLY
from toolkit.factories import AppointmentFactory
from toolkit.server import ReferenceServer

PRELOAD = 50
BEARER = {"Authorization": "Bearer fuzz-token"}
ERROR_KEYS = {"Error", "ErrorType", "ErrorMessage", "ErrorSource"}

#: Counts for the README's Reliability section: requests sent, answers by status class.
FIGURES: Counter[str] = Counter({"5xx": 0})  # listed even when none is seen

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(preload=PRELOAD, max_body=256 * 1024) as srv:
        yield srv
        # The module ends with the 500 branch never taken, whatever was sent.
        assert srv.app.failures == 0


@pytest.fixture(scope="module")
def http(server: ReferenceServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=BEARER, timeout=10) as client:
        yield client


@pytest.fixture(autouse=True)
def _healthy_afterwards(server: ReferenceServer, http: httpx.Client) -> Iterator[None]:
    yield
    assert server.app.failures == 0
    healthy = http.put("/api/v1/Appointment/1", json={"Title": "still healthy"})
    assert healthy.status_code == 200, healthy.text[:300]
    assert healthy.json()["Title"] == "still healthy"


def checked(response: httpx.Response) -> httpx.Response:
    """Count the answer; assert no 5xx and, for a 4xx, SuperOffice's error shape in its format."""
    status = response.status_code
    FIGURES["requests"] += 1
    FIGURES[f"{status // 100}xx"] += 1
    assert status < 500, response.text[:500]
    if status >= 400:
        content_type = response.headers.get("content-type", "")
        if "xml" in content_type:
            root = ElementTree.fromstring(response.content)
            error = {child.tag: child.text for child in root}
        else:
            error = response.json()
        assert set(error) == ERROR_KEYS, error
        assert error["Error"] in (True, "true")
        assert re.fullmatch(r"So\w*Exception", str(error["ErrorType"])), error
        assert error["ErrorMessage"]
    return response


# --- strategies -----------------------------------------------------------------------------------

# Header values httpx can send: printable latin-1 (no CR/LF, see test_reliability_server for those).
header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=80,
).map(lambda s: "".join(c for c in s if not 0x80 <= ord(c) < 0xA0).strip(" \t"))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)

field_names = st.sampled_from(ENTITY.names)
select_names = st.one_of(
    field_names,
    st.builds(lambda a, b: f"{a}/{b}", field_names, st.sampled_from(["Name", "Id", "PersonId", "x", "*"])),
    st.text(max_size=20),
    st.builds(lambda n: "/".join(["a"] * n), st.integers(1, 300)),
)


def _appointment() -> dict[str, Any]:
    return AppointmentFactory(seed=7).build(AppointmentId=2)


VALID = _appointment()


# --- path ids -------------------------------------------------------------------------------------


@FUZZ
@given(
    raw=st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.integers(min_value=1, max_value=PRELOAD).map(str),
        st.text(max_size=40),
        st.from_regex(r"\A[0-9]{1,12}/?\Z"),
    )
)
def test_any_id_in_the_path_is_200_or_404(http: httpx.Client, raw: str) -> None:
    response = checked(http.get("/api/v1/Appointment/" + quote(raw, safe="")))
    digits = re.fullmatch(r"([0-9]{1,10})/?", raw)
    exists = digits is not None and 1 <= int(digits.group(1)) <= PRELOAD
    if raw == "":  # the collection: POST only
        expected = 405
    elif re.fullmatch(r"(?i)default/?", raw):  # a new entity's defaults
        expected = 200
    else:
        expected = 200 if exists else 404
    assert response.status_code == expected, (raw, response.text[:200])


# --- $select --------------------------------------------------------------------------------------


def selected(full: dict[str, Any], select: str) -> dict[str, Any]:
    """What ``$select`` leaves of ``full``, written here from the rule (README, "Query: $select"), not
    with the toolkit's code: names compare case-insensitively; ``a/b`` narrows ``a`` (each item of an
    array); an unselected property becomes null, ``_Links`` never does; a level where no name matches
    stays whole; empty segments are skipped; naming a property whole beats naming a part of it."""
    paths = [[seg.strip().lower() for seg in name.split("/") if seg.strip()] for name in select.split(",")]
    return _narrowed(full, [p for p in paths if p])


def _narrowed(value: Any, paths: list[list[str]]) -> Any:
    if isinstance(value, list):
        return [_narrowed(item, paths) for item in value]
    if not isinstance(value, dict) or not {p[0] for p in paths} & {k.lower() for k in value}:
        return value
    out = {}
    for key, item in value.items():
        below = [p[1:] for p in paths if p[0] == key.lower()]
        if key.lower() == "_links" or (below and not all(below)):
            out[key] = item
        else:
            out[key] = _narrowed(item, below) if below else None
    return out


def test_the_select_oracle_follows_the_documented_examples() -> None:
    full = {"Title": "t", "Associate": {"Name": "n", "Id": 1}, "Links": [{"Id": 2, "Url": "u"}], "_Links": {}}
    assert selected(full, "title") == {"Title": "t", "Associate": None, "Links": None, "_Links": {}}
    assert selected(full, "Associate/Name, links/ID") == {
        "Title": None,
        "Associate": {"Name": "n", "Id": None},
        "Links": [{"Id": 2, "Url": None}],
        "_Links": {},
    }
    assert selected(full, "Associate/Bogus") == {**full, "Title": None, "Links": None}  # keeps Associate
    assert selected(full, "Associate/Id/x")["Associate"] == {"Name": None, "Id": 1}  # x under a scalar
    assert selected(full, "Bogus,,") == full
    assert selected(full, "Associate/Name,Associate") == {**full, "Title": None, "Links": None}


@FUZZ
@given(names=st.lists(select_names, max_size=40), appointment_id=st.integers(1, PRELOAD))
def test_any_select_is_answered_as_the_rule_says(
    http: httpx.Client, names: list[str], appointment_id: int
) -> None:
    select = ",".join(names)
    full = checked(http.get(f"/api/v1/Appointment/{appointment_id}")).json()
    response = checked(http.get(f"/api/v1/Appointment/{appointment_id}", params={"$select": select}))
    assert response.status_code == 200
    assert response.json() == selected(full, select)


def test_thousands_of_select_names_and_deep_slashes(http: httpx.Client) -> None:
    everything = ",".join(name for name in ENTITY.names for _ in range(40))  # ~2,400 names
    deep = "Associate/" + "/".join(["Name"] * 2000)
    unicode_names = ",".join(["Tïtle", "Ассоциат/名前", "😀", "\u202eTitle", "Title\u0000"] * 200)
    full = checked(http.get("/api/v1/Appointment/3")).json()
    for select in (everything, deep, unicode_names, "," * 5000, "/" * 5000):
        response = checked(http.get("/api/v1/Appointment/3", params={"$select": select}))
        assert response.status_code == 200
        assert response.json() == selected(full, select)
    with_body = checked(http.put("/api/v1/Appointment/3", params={"$select": everything}, json=VALID))
    assert with_body.status_code == 200


# --- headers --------------------------------------------------------------------------------------

common_accepts = st.sampled_from(
    ["application/json", "application/xml", "text/xml", "*/*", "text/*;q=0.5, application/xml;q=0.9", ""]
)
common_types = st.sampled_from(
    ["application/json", "application/xml", "text/json", "application/merge-patch+json", "text/plain"]
)


@FUZZ
@given(
    accept=st.none() | common_accepts | header_text,
    content_type=st.none() | common_types | header_text,
    authorization=st.none() | st.sampled_from(["Bearer abc", "Basic Og==", "SOTicket 7T:x"]) | header_text,
    zone=st.none() | st.sampled_from(["Europe/Oslo", "UTC", "Mars/Olympus"]) | header_text,
    since=st.none() | st.sampled_from(["Tue, 15 Nov 1994 08:12:31 GMT", "0"]) | header_text,
)
def test_any_header_values_get_an_answer_not_a_failure(
    http: httpx.Client,
    accept: str | None,
    content_type: str | None,
    authorization: str | None,
    zone: str | None,
    since: str | None,
) -> None:
    # Bytes: httpx would encode str values as ASCII; the server must cope with any latin-1 octet.
    headers = {
        name: value.encode("latin-1")
        for name, value in (
            ("Accept", accept),
            ("Content-Type", content_type),
            ("Authorization", authorization),
            ("SO-TimeZone", zone),
            ("If-Unmodified-Since", since),
        )
        if value is not None
    }
    body = json.dumps({"Title": "header fuzz"}).encode()
    for method in ("GET", "PUT"):
        checked(http.request(method, "/api/v1/Appointment/4", content=body, headers=headers))


# --- bodies ---------------------------------------------------------------------------------------


@FUZZ
@given(value=json_values)
def test_any_json_body_is_200_or_400(http: httpx.Client, value: Any) -> None:
    response = checked(http.put("/api/v1/Appointment/5", json=value))
    assert response.status_code in (200, 400), response.text[:300]


@FUZZ
@given(
    raw=st.binary(max_size=400),
    content_type=st.sampled_from(
        ["application/json", "application/xml", "application/merge-patch+json", "application/json-patch+json"]
    ),
)
def test_any_bytes_are_refused_cleanly(http: httpx.Client, raw: bytes, content_type: str) -> None:
    response = checked(http.put("/api/v1/Appointment/6", content=raw, headers={"Content-Type": content_type}))
    assert response.status_code in (200, 400, 409), response.text[:300]


@FUZZ
@given(field=field_names, value=json_values)
def test_a_valid_entity_with_one_field_mutated(http: httpx.Client, field: str, value: Any) -> None:
    body = {**VALID, field: value}
    response = checked(http.put("/api/v1/Appointment/7", json=body))
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        # The refusal names the mutated property (the only thing wrong with the body).
        assert field.lower() in response.json()["ErrorMessage"].lower(), (field, response.json())
    elif field not in READ_ONLY:
        assert response.json()[field] == value  # accepted means stored as sent


def _element(name: str, text: str) -> ElementTree.Element:
    element = ElementTree.Element(name)
    # XML 1.0 cannot carry most control characters; the codec's handling of those is tested elsewhere.
    element.text = "".join(
        c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF)
    )
    return element


def _parent(name: str, children: list[ElementTree.Element]) -> ElementTree.Element:
    element = ElementTree.Element(name)
    element.extend(children)
    return element


pointer_parts = st.one_of(
    field_names,
    st.sampled_from(["Links", "Participants", "UserDefinedFields", "-", "0", "1", "~0", "~1", "~", "~2", ""]),
    st.integers(min_value=-5, max_value=10**20).map(str),
    st.text(max_size=8),
)
pointers = st.one_of(
    st.lists(pointer_parts, max_size=4).map(lambda parts: "".join("/" + p for p in parts)),
    st.text(max_size=12),
    json_values,
)
patch_ops = st.fixed_dictionaries(
    {"op": st.sampled_from(["add", "remove", "replace", "test", "move", "copy"]) | st.text(max_size=6)},
    optional={"path": pointers, "value": json_values, "from": pointers},
)


@FUZZ
@given(ops=st.lists(patch_ops, max_size=4) | json_values)
def test_any_json_patch_is_200_400_or_409(http: httpx.Client, ops: Any) -> None:
    response = checked(
        http.patch(
            "/api/v1/Appointment/9",
            content=json.dumps(ops),
            headers={"Content-Type": "application/json-patch+json"},
        )
    )
    assert response.status_code in (200, 400, 409), response.text[:300]


@FUZZ
@given(
    patch=st.dictionaries(field_names | st.text(max_size=10), json_values, max_size=6)
    | st.builds(lambda field, value: {field: value}, field_names, json_values)
)
def test_any_merge_patch_is_200_or_400(http: httpx.Client, patch: dict[str, Any]) -> None:
    before = http.get("/api/v1/Appointment/10").json()
    response = checked(
        http.patch(
            "/api/v1/Appointment/10", json=patch, headers={"Content-Type": "application/merge-patch+json"}
        )
    )
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:  # a refused patch changes nothing
        assert http.get("/api/v1/Appointment/10").json() == before


xml_names = st.sampled_from([*ENTITY.names, "Entry", "Link", "x"])
xml_trees: st.SearchStrategy[ElementTree.Element] = st.recursive(
    st.builds(_element, xml_names, st.text(max_size=20)),
    lambda children: st.builds(_parent, xml_names, st.lists(children, max_size=4)),
    max_leaves=15,
)


@FUZZ
@given(children=st.lists(xml_trees, max_size=6))
def test_any_xml_appointment_tree_is_200_or_400(
    http: httpx.Client, children: list[ElementTree.Element]
) -> None:
    root = _parent("AppointmentEntity", children)
    raw = ElementTree.tostring(root, encoding="utf-8")
    response = checked(
        http.put(
            "/api/v1/Appointment/8",
            content=raw,
            headers={"Content-Type": "application/xml", "Accept": "application/xml"},
        )
    )
    assert response.status_code in (200, 400), response.text[:300]
