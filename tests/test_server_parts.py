"""The server's parts on their own: patches (RFC examples), XML codec, dates, credentials, the CLI."""

from __future__ import annotations

import copy
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from toolkit.cli import main
from toolkit.codecs import BodyError, decode_xml, encode_xml, nesting_depth
from toolkit.errors import UsageError
from toolkit.factories import AppointmentFactory
from toolkit.server import ReferenceServer
from toolkit.server.auth import load_credentials
from toolkit.server.patch import PatchConflict, PatchError, apply_json_patch, apply_merge_patch
from toolkit.server.timezones import (
    UTC_ZONE,
    answer_dates,
    dotnet_now,
    load_zone,
    parse_http_date,
    parse_timezone_header,
    store_dates,
)

# --- JSON Merge Patch: RFC 7386 appendix A, every example -----------------------------------------


@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [
        ({"a": "b"}, {"a": "c"}, {"a": "c"}),
        ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
        ({"a": "b"}, {"a": None}, {}),
        ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
        ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
        ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
        ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
        ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
        (["a", "b"], ["c", "d"], ["c", "d"]),
        ({"a": "b"}, ["c"], ["c"]),
        ({"a": "foo"}, None, None),
        ({"a": "foo"}, "bar", "bar"),
        ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
        ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
        ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
    ],
)
def test_merge_patch_rfc_7386_examples(target: Any, patch: Any, result: Any) -> None:
    assert apply_merge_patch(target, patch) == result


def test_merge_patch_leaves_its_input_untouched() -> None:
    target = {"a": {"b": 1}}
    apply_merge_patch(target, {"a": {"b": 2}})
    assert target == {"a": {"b": 1}}


# --- JSON Patch: RFC 6902 appendix A ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "ops", "result"),
    [
        ({"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}], {"foo": "bar", "baz": "qux"}),
        (
            {"foo": ["bar", "baz"]},
            [{"op": "add", "path": "/foo/1", "value": "qux"}],
            {"foo": ["bar", "qux", "baz"]},
        ),
        ({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}),
        ({"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}], {"foo": ["bar", "baz"]}),
        ({"baz": "qux"}, [{"op": "replace", "path": "/baz", "value": "boo"}], {"baz": "boo"}),
        (
            {"foo": "bar"},
            [{"op": "add", "path": "/child", "value": {"g": "c"}}],
            {"foo": "bar", "child": {"g": "c"}},
        ),
        (
            {"foo": "bar"},
            [{"op": "add", "path": "/baz", "value": "qux", "xyz": 1}],
            {"foo": "bar", "baz": "qux"},
        ),
        ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}], {"/": 9, "~1": 10}),
        ({"foo": ["bar"]}, [{"op": "add", "path": "/foo/-", "value": ["abc"]}], {"foo": ["bar", ["abc"]]}),
        ({"a": 1}, [{"op": "test", "path": "/a", "value": 1.0}], {"a": 1}),
        ({"a": 1}, [{"op": "replace", "path": "", "value": {"b": 2}}], {"b": 2}),
    ],
)
def test_json_patch_rfc_6902_examples(doc: Any, ops: Any, result: Any) -> None:
    assert apply_json_patch(doc, ops) == result


@pytest.mark.parametrize(
    ("doc", "ops", "error"),
    [
        ({"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}], PatchConflict),
        ({"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}], PatchConflict),
        ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": "10"}], PatchConflict),
        ({"a": True}, [{"op": "test", "path": "/a", "value": 1}], PatchConflict),
        ({"a": [1]}, [{"op": "remove", "path": "/a/01"}], PatchConflict),
        ({"a": 1}, [{"op": "copy", "from": "/a", "path": "/b"}], PatchError),
        ({"a": 1}, [{"op": "add", "path": "/a~2"}], PatchError),
        ({"a": 1}, ["add"], PatchError),
    ],
)
def test_json_patch_failures(doc: Any, ops: Any, error: type[Exception]) -> None:
    before = copy.deepcopy(doc)
    with pytest.raises(error):
        apply_json_patch(doc, ops)
    assert doc == before  # apply works on a copy


def test_failed_json_patch_changes_nothing() -> None:
    doc = {"a": [1, 2]}
    with pytest.raises(PatchConflict):
        apply_json_patch(doc, [{"op": "remove", "path": "/a/0"}, {"op": "test", "path": "/a/0", "value": 9}])
    assert doc == {"a": [1, 2]}


# --- XML codec ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_xml_round_trips_a_response_with_every_carrier(seed: int) -> None:
    factory = AppointmentFactory(seed=seed)
    response = factory.build_response(traits=("with_relations", "booking", "recurring"))
    assert decode_xml(encode_xml(response), root="AppointmentEntityWithLinks") == response


def test_xml_round_trips_a_request() -> None:
    entity = AppointmentFactory(seed=1).build(traits="with_relations")
    assert decode_xml(encode_xml(entity, root="AppointmentEntity")) == entity


def test_xml_writes_null_as_nil_and_dictionaries_as_entries() -> None:
    text = encode_xml({"Title": None, "UserDefinedFields": {"a&b": "<x>"}}, root="AppointmentEntity").decode()
    assert '<Title xsi:nil="true"/>' in text
    assert '<UserDefinedFields><Entry Key="a&amp;b">&lt;x&gt;</Entry></UserDefinedFields>' in text


def test_xml_refuses_entities() -> None:
    with pytest.raises(BodyError, match="refused"):
        decode_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><AppointmentEntity><Title>&e;</Title></AppointmentEntity>')


def test_nesting_depth_is_iterative() -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    assert nesting_depth(deep) == 65  # stops counting past the limit
    assert nesting_depth({"a": [1, {"b": 2}]}) == 3


# --- dates -------------------------------------------------------------------------------------------------


def test_system_dates_are_utc_without_suffix() -> None:
    stamp, epoch = dotnet_now()
    # "CreatedDate":"2015-11-04T15:56:48": no suffix, fraction digits only when not zero.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,6}[1-9])?", stamp)
    assert epoch > 1_700_000_000


@pytest.mark.parametrize(
    ("stored", "client", "expected"),
    [
        # SuperOffice's SO-TimeZone page: US-NY with includeTZOffset (real answers write the colon).
        ("2018-12-24T12:34:45", "US-NY, includeTZOffset", "2018-12-24T07:34:45-05:00"),
        ("2018-12-24T12:34:45", "US-NY", "2018-12-24T07:34:45"),  # converted, no specifier
        ("2018-12-24T12:34:45", "460", "2018-12-24T07:34:45"),  # the id equals the code
        ("2002-03-31T16:00:00", "NO, includeTZOffset", "2002-03-31T18:00:00+02:00"),  # the npm capture
        ("2002-03-31T16:00:00", "UTC", "2002-03-31T16:00:00Z"),  # UTC: Zulu time, offset asked or not
        ("2002-09-19T03:46:59.6911992", "Asia/Kolkata,includeTZOffset", "2002-09-19T09:16:59.6911992+05:30"),
        ("2002-09-19T03:46:59.5", "SE", "2002-09-19T05:46:59.5"),  # a one-zone country code
        ("0001-01-01T00:00:00", "US-NY, includeTZOffset", "0001-01-01T00:00:00Z"),  # no earlier time
    ],
)
def test_so_timezone_moves_stored_diary_dates(stored: str, client: str, expected: str) -> None:
    answer = answer_dates({"StartDate": stored}, parse_timezone_header(client), UTC_ZONE)
    assert answer["StartDate"] == expected


def test_system_dates_stay_utc_and_are_tagged_only_with_include_offset() -> None:
    stored = {"CreatedDate": "2002-08-07T12:52:00", "UpdatedDate": "0001-01-01T00:00:00"}
    tagged = answer_dates(stored, parse_timezone_header("NO,includeTZOffset"), UTC_ZONE)
    assert tagged == {"CreatedDate": "2002-08-07T12:52:00Z", "UpdatedDate": "0001-01-01T00:00:00Z"}
    assert answer_dates(stored, parse_timezone_header("NO"), UTC_ZONE) == stored


@pytest.mark.parametrize(
    ("sent", "client", "base", "expected"),
    [
        ("2018-12-24T07:34:45", None, "UTC", "2018-12-24T07:34:45"),  # no header: stored as sent
        ("2018-12-24T07:34:45.1200000", None, "UTC", "2018-12-24T07:34:45.12"),  # .NET drops zeros
        ("2018-12-24T07:34:45", "US-NY", "UTC", "2018-12-24T12:34:45"),  # client zone -> base zone
        ("2018-12-24T12:34:45Z", None, "NO", "2018-12-24T13:34:45"),  # an instant -> base zone
        ("2018-12-24T12:34:45+02:00", "US-NY", "UTC", "2018-12-24T10:34:45"),  # the offset wins
        ("not a date", None, "UTC", "not a date"),
    ],
)
def test_request_dates_are_stored_in_the_base_zone(
    sent: str, client: str | None, base: str, expected: str
) -> None:
    zone = load_zone(base)
    assert zone is not None
    parsed = parse_timezone_header(client) if client else None
    assert store_dates({"StartDate": sent}, parsed, zone) == {"StartDate": expected}


@pytest.mark.parametrize(
    ("name", "iana"),
    [
        ("NO", "Europe/Oslo"),
        ("261", "Europe/Oslo"),
        ("us-ny", "America/New_York"),
        ("36", "Australia/Sydney"),
        ("DK", "Europe/Copenhagen"),
        ("BD", "Asia/Dhaka"),
        ("Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_superoffice_codes_ids_and_iana_names(name: str, iana: str) -> None:
    zone = load_zone(name)
    assert zone is not None
    assert zone.key == iana


@pytest.mark.parametrize(
    "name",
    ["", "Nowhere/Special", "/etc/localtime", "../zoneinfo/UTC", "Europe/../UTC", "\x00", "US", "9999"],
)
def test_unknown_or_unsafe_zone_names_are_none(name: str) -> None:
    assert load_zone(name) is None  # "US" has many zones: SuperOffice asks for US-NY, US-CA ...


def test_unknown_timezone_options_are_refused() -> None:
    with pytest.raises(ValueError, match="includeTZOffset"):
        parse_timezone_header("NO, includeTZOfset")


def test_http_dates() -> None:
    assert parse_http_date("Tue, 15 Nov 1994 08:12:31 GMT") == 784887151.0
    assert parse_http_date("Tuesday, 15-Nov-94 08:12:31 GMT") == 784887151.0  # RFC 850, still legal
    for bad in ("", "yesterday", "Tue, 99 Nov 1994 08:12:31 GMT"):
        assert parse_http_date(bad) is None


# --- credentials and the CLI ----------------------------------------------------------------------


def test_credentials_from_a_list() -> None:
    creds = load_credentials(["basic alice:secret", "Bearer tok"])
    assert creds is not None
    assert ("basic", "alice:secret") in creds.accepted
    assert ("bearer", "tok") in creds.accepted
    with pytest.raises(UsageError, match="unknown scheme 'digest'"):
        load_credentials(["digest x"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("basic alice:secret\nbasic nocolon\n", r"creds.txt:2: basic needs user:password"),
        ("# only a comment\n\n", r"creds.txt: no credentials"),
        ("soticket 123\n", r"creds.txt:1: a SuperOffice ticket looks like 7T:"),
        ("bearer\n", r"creds.txt:1: bearer needs a value"),
    ],
)
def test_a_bad_credentials_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "creds.txt"
    path.write_text(text)
    with pytest.raises(UsageError, match=message):
        load_credentials(str(path))


def test_serve_with_a_bad_credentials_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "creds.txt"
    path.write_text("bearer ok\nnonsense here\n")
    assert main(["serve", "--port", "0", "--credentials", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"so-toolkit: error: {path}:2: unknown scheme 'nonsense'; use one of basic, soticket, bearer, xsrf"
    )
    assert main(["serve", "--port", "0", "--credentials", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_serve_on_a_busy_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with ReferenceServer(preload=1) as srv:
        port = srv.url.rsplit(":", 1)[1]
        assert main(["serve", "--port", port]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_serve_runs_until_ctrl_c_and_stops_cleanly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "serve", "--port", "0", "--preload", "3", "--seed", "4"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()
        url = re.search(r"http://\S+?(?=/api)", banner)
        assert url, banner
        import httpx

        response = httpx.get(url.group(0) + "/api/v1/Appointment/3", headers={"Authorization": "Bearer t"})
        assert response.status_code == 200
        assert response.json()["AppointmentId"] == 3
        assert (
            httpx.get(
                url.group(0) + "/api/v1/Appointment/4", headers={"Authorization": "Bearer t"}
            ).status_code
            == 404
        )
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert "Traceback" not in rest
    assert "stopped" in rest


def test_reference_server_url_needs_a_running_server() -> None:
    server = ReferenceServer(preload=1)
    with pytest.raises(Exception, match="not running"):
        _ = server.url
    with server:
        assert server.url.startswith("http://127.0.0.1:")
    server.stop()  # idempotent


def test_a_bug_in_the_server_is_a_500_in_superoffice_shape() -> None:
    import asyncio

    import orjson

    from toolkit.server import AppointmentApp, Store

    def broken_builder(appointment_id: int) -> dict[str, Any]:
        raise RuntimeError("factory exploded")

    app = AppointmentApp(Store(preload=3, builder=broken_builder))
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/Appointment/1",
        "query_string": b"",
        "headers": [(b"authorization", b"Bearer t")],
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 500
    body = orjson.loads(sent[1]["body"])
    assert body == {
        "Error": True,
        "ErrorType": "SoServerException",
        "ErrorMessage": "The reference server failed; see its log",
        "ErrorSource": "server",
    }
    assert app.failures == 1


@pytest.mark.parametrize("module_name", ["toolkit.server", "toolkit.client"])
def test_public_names_are_exported_and_documented(module_name: str) -> None:
    import importlib

    module = importlib.import_module(module_name)
    # Everything the module itself defines without an underscore is exported.
    public = {
        name
        for name, obj in vars(module).items()
        if not name.startswith("_") and getattr(obj, "__module__", None) == module_name
    }
    assert public <= set(module.__all__), public - set(module.__all__)
    for name in module.__all__:
        obj = getattr(module, name)
        assert getattr(obj, "__doc__", None) or not callable(obj), f"{module_name}.{name} has no docstring"


def test_stopping_does_not_wait_for_a_client_that_never_finishes() -> None:
    import socket
    import time

    server = ReferenceServer(preload=1).start()
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    hanging = socket.create_connection((host, int(port)))
    hanging.sendall(b"PUT /api/v1/Appointment/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    started = time.monotonic()
    server.stop()
    hanging.close()
    assert time.monotonic() - started < 9  # bounded by the graceful-shutdown timeout, not forever
