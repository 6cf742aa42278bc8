"""``so-toolkit demo``: the main job, end to end, on the embedded reference server.

1. Generate appointments with the factory (several traits) and write them as fixture files.
2. Start the reference server on a free loopback port.
3. Record, as an integration would: PUT every appointment (with and without ``$select``, JSON and
   XML answers), one stale ``If-Unmodified-Since`` that must get 412, then book a new appointment
   (POST), change it (PUT), cancel it (DELETE) and find it gone (404), into a cassette, credentials
   scrubbed.
4. Stop the server. Replay the same calls from the cassette with the network blocked.
5. Check: every replayed answer equals the recorded one, is schema-valid, and is nulled as its
   ``$select`` says; the cassette passes the linter and holds no credential.
6. Verify: send the cassette's requests again to a fresh reference server (``cassettes verify``) and
   expect no drift.
7. Print a summary. Exit 0 only when everything held.

Artefacts go to a temporary directory removed at the end, or to ``--out DIR`` to keep them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

__all__ = ["Call", "DemoResult", "demo_command", "run_demo"]

COUNT = 12
SEED = 2026
#: Credentials the demo records with; the scrubber must keep them off disk.
USER, PASSWORD = "demo-user", "demo-secret-4711"
#: The ``$select`` values the demo exercises (top level, nested, arrays, mixed case).
SELECTS: tuple[str | None, ...] = (
    None,
    "Title,Agenda",
    "links/id,Participants/InvitationStatus",
    "StartDate,EndDate",
)
_TRAITS: tuple[tuple[str, ...], ...] = ((), ("booking",), ("recurring",), ("private",), ("all_day",))
_STEPS = 6
#: Before any stored appointment changed: a PUT with this precondition must get 412.
_LONG_AGO = datetime(2000, 1, 1, tzinfo=timezone.utc)


#: What each kind of call answers when all is well.
_EXPECTED = {"update": 200, "create": 200, "delete": 204, "gone": 404}


@dataclass(frozen=True, slots=True)
class Call:
    """One call the demo makes: what (``update``, ``create``, ``delete``, or ``gone``: a GET that must
    be 404), which id (None: the one the last create answered), body, ``$select``, expected answer."""

    appointment_id: int | None
    body: dict[str, Any]
    select: str | None = None
    accept: str = "application/json"
    stale: bool = False
    action: str = "update"

    @property
    def expected(self) -> int:
        return 412 if self.stale else _EXPECTED[self.action]


@dataclass(slots=True)
class DemoResult:
    """What the demo did and found."""

    workdir: Path
    recorded: int = 0
    replayed: int = 0
    verified: str = ""
    checks: int = 0
    failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def cassette(self) -> Path:
        return self.workdir / "cassettes" / "demo.yaml"

    @property
    def fixtures(self) -> Path:
        return self.workdir / "fixtures"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def _step(result: DemoResult, number: int, title: str) -> Iterator[None]:
    _say(f"[{number}/{_STEPS}] {title} ...")
    start = time.perf_counter()
    yield
    result.timings[title] = time.perf_counter() - start


def _plan(entities: list[dict[str, Any]]) -> list[Call]:
    calls = [Call(e["AppointmentId"], e, select=SELECTS[i % len(SELECTS)]) for i, e in enumerate(entities)]
    # XML both ways is the server's business; the demo asks for one XML answer to show Accept at work.
    first = entities[0]
    calls.append(Call(first["AppointmentId"], first, accept="application/xml"))
    calls.append(Call(first["AppointmentId"], first, stale=True))
    # A whole life: book a new appointment, change it, cancel it, and find it gone.
    booked = {**entities[1], "AppointmentId": 0, "Title": "Booked by the demo"}
    calls.append(Call(None, booked, action="create"))
    calls.append(Call(None, {**booked, "Location": "Room 4"}))
    calls.append(Call(None, {}, action="delete"))
    calls.append(Call(None, {}, action="gone"))
    return calls


def _generate(result: DemoResult) -> list[dict[str, Any]]:
    from toolkit._files import write_atomic
    from toolkit.factories import AppointmentFactory
    from toolkit.fixture_files import file_name, render

    factory = AppointmentFactory(seed=SEED)
    entities: list[dict[str, Any]] = [
        dict(factory.build(traits=_TRAITS[i % len(_TRAITS)], AppointmentId=i + 1)) for i in range(COUNT)
    ]
    result.fixtures.mkdir(parents=True, exist_ok=True)
    for entity in entities:  # named by id, as `fixtures generate` names them
        write_atomic(result.fixtures / file_name(entity["AppointmentId"], COUNT), render(entity))
    return entities


def _perform_all(client: Any, calls: list[Call]) -> list[tuple[int, Any]]:
    """Make the calls in order; each one's status and parsed answer (the error body for an error)."""
    from toolkit.client import http_date
    from toolkit.errors import ApiError

    answers: list[tuple[int, Any]] = []
    created: int | None = None
    for call in calls:
        target = call.appointment_id if call.appointment_id is not None else created
        stale = http_date(_LONG_AGO) if call.stale else None
        try:
            if call.action == "create":
                body = client.create(call.body, select=call.select)
                created = body["AppointmentId"]
            elif call.action == "delete":
                client.delete(target)
                answers.append((204, None))
                continue
            elif call.action == "gone":
                body = client.get(target)
            else:
                body = client.put(
                    target,
                    {**call.body, "AppointmentId": target},
                    select=call.select,
                    accept=call.accept,
                    if_unmodified_since=stale,
                )
        except ApiError as exc:
            answers.append((exc.status, exc.body))
            continue
        answers.append((200, body))
    return answers


def _record(result: DemoResult, calls: list[Call]) -> list[tuple[int, Any]]:
    from toolkit.client import AppointmentClient, basic_auth
    from toolkit.recording.cassette import load_cassette, use_cassette
    from toolkit.server import ReferenceServer

    result.cassette.parent.mkdir(parents=True, exist_ok=True)
    answers = []
    with ReferenceServer(preload=COUNT) as server:
        cassette = load_cassette(result.cassette, mode="rewrite")
        with use_cassette(cassette), AppointmentClient(server.url, basic_auth(USER, PASSWORD)) as client:
            answers = _perform_all(client, calls)
        result.recorded = cassette.recorded_count
    return answers


def _replay(result: DemoResult, calls: list[Call]) -> list[tuple[int, Any]]:
    from toolkit.client import AppointmentClient, basic_auth
    from toolkit.recording.cassette import load_cassette, use_cassette
    from toolkit.recording.network import blocked_network

    cassette = load_cassette(result.cassette, mode="none")
    # The server is gone; any real connection would fail loudly instead of silently reaching a network.
    with (
        blocked_network(reason="demo replay is offline"),
        use_cassette(cassette),
        AppointmentClient("http://127.0.0.1:9", basic_auth(USER, PASSWORD)) as client,
    ):
        answers = _perform_all(client, calls)
    result.replayed = len(answers)
    if not cassette.all_played:
        result.failures.append(f"{len(cassette.unplayed)} recorded interactions were never replayed")
    return answers


def _check(result: DemoResult, calls: list[Call], recorded: list[Any], replayed: list[Any]) -> None:
    from toolkit.assertions import assert_same_appointment, assert_select_nulled, assert_valid_appointment

    def check(label: str, fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        result.checks += 1
        try:
            fn(*args, **kwargs)
        except AssertionError as exc:
            result.failures.append(f"{label}: {exc}")

    for n, (call, (rec_status, rec), (rep_status, rep)) in enumerate(
        zip(calls, recorded, replayed, strict=True), 1
    ):
        what = {"update": "PUT", "create": "POST", "delete": "DELETE", "gone": "GET"}[call.action]
        target = call.appointment_id if call.appointment_id is not None else "new"
        label = f"call {n} ({what} {target}{f' $select={call.select}' if call.select else ''})"
        check(label, _expect_status, rec_status, call.expected)
        check(label, _expect_status, rep_status, rec_status)
        if call.action == "delete":
            continue
        check(label, assert_same_appointment, rep, rec)
        if call.stale or call.action == "gone":
            check(label, _expect_error_shape, rep)
            continue
        check(label, assert_valid_appointment, rep, select=call.select)
        if call.select:
            check(label, assert_select_nulled, rep, call.select)
    _check_cassette(result, check)


def _check_cassette(result: DemoResult, check: Callable[..., None]) -> None:
    from toolkit.lint import check_file

    def linted() -> None:
        findings = check_file(result.cassette)
        assert not findings, "; ".join(str(f) for f in findings)

    def no_secret() -> None:
        text = result.cassette.read_text(encoding="utf-8")
        assert PASSWORD not in text, "the demo password reached the cassette"
        assert "ZGVtby11c2Vy" not in text, "the base64 credentials reached the cassette"

    check("cassette lint", linted)
    check("cassette secrets", no_secret)


def _expect_status(actual: int, expected: int) -> None:
    assert actual == expected, f"status: expected {expected}, got {actual}"


def _expect_error_shape(body: Any) -> None:
    assert isinstance(body, dict), f"error body: expected an object, got {body!r}"
    assert body.get("Error") is True, f"error body: Error is {body.get('Error')!r}"
    assert body.get("ErrorType"), "error body: no ErrorType"


def run_demo(workdir: Path) -> DemoResult:
    """Run the demo in ``workdir`` (it must exist); the result says what happened."""
    result = DemoResult(workdir)
    with _step(result, 1, f"generating {COUNT} appointments (seed {SEED})"):
        entities = _generate(result)
        calls = _plan(entities)
    with _step(result, 2, f"recording {len(calls)} calls against the reference server"):
        recorded = _record(result, calls)
    with _step(result, 3, "replaying them offline, network blocked"):
        replayed = _replay(result, calls)
    with _step(result, 4, "checking answers, $select nulling, cassette"):
        _check(result, calls, recorded, replayed)
    with _step(result, 5, "verifying the cassette against a fresh reference server"):
        _verify(result)
    return result


def _verify(result: DemoResult) -> None:
    """``cassettes verify`` on the demo's cassette: a fresh server answers as the recording says."""
    from toolkit.client import basic_auth
    from toolkit.server import ReferenceServer
    from toolkit.verify import verify_files

    with ReferenceServer(preload=COUNT) as server:
        url = server.url
        # The 412's ErrorMessage names the time of the last write, and an appointment the demo creates
        # is stamped with the time it was created: no two runs share them.
        found = verify_files(
            [result.cassette],
            against=url,
            authorization=basic_auth(USER, PASSWORD).headers["Authorization"],
            ignore=("ErrorMessage", "CreatedDate"),
        )
    result.checks += 1
    result.verified = found.summary().replace(url, "a fresh reference server").removeprefix("verified ")
    if found.findings:
        result.failures.extend(f"verify: {f}" for f in found.findings)


def _summary(result: DemoResult, kept: bool) -> str:
    where = "kept in" if kept else "written to (removed at exit)"
    lines = [
        "",
        f"demo {'passed' if result.ok else 'FAILED'}",
        f"  recorded   {result.recorded} interactions",
        f"  replayed   {result.replayed} requests offline",
        f"  verified   {result.verified or 'not run'}",
        f"  checks     {result.checks - len(result.failures)}/{result.checks} passed",
        f"  cassette   {where} {result.cassette}",
        f"  fixtures   {where} {result.fixtures}",
        "  timings    "
        + ", ".join(f"{k.split(' ')[0]} {v * 1000:.0f} ms" for k, v in result.timings.items()),
    ]
    lines += [f"  failure    {f}" for f in result.failures[:20]]
    return "\n".join(lines)


def demo_command(*, out: str | None) -> int:
    """The CLI's ``demo``: run it, print a summary, exit 0 only when every check held."""
    from toolkit.errors import UsageError

    if out is not None:
        workdir = Path(out)
        if workdir.exists() and not workdir.is_dir():
            raise UsageError(f"--out {out}: exists and is not a directory")
        try:
            workdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--out {out}: cannot create the directory ({exc.strerror})") from None
        result = run_demo(workdir)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="so-toolkit-demo-"))
        try:
            result = run_demo(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    with _step(result, _STEPS, "summary"):
        print(_summary(result, kept=out is not None))
    return 0 if result.ok else 1
