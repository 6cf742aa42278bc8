"""Every command in the README runs, so the README cannot rot.

Each line of a ```bash block must be claimed by one of the tests below (``COMMANDS``); a new command
in the README without a test fails ``test_every_readme_command_is_exercised``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.server import ReferenceServer
from toolkit.validation import validator

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def bash_commands() -> list[str]:
    return [line.strip() for block in blocks("bash") for line in block.splitlines() if line.strip()]


def command(prefix: str) -> str:
    """The one README command starting with ``prefix`` (after environment assignments)."""
    # A line belongs to the longest prefix in COMMANDS that fits it ("cassettes check --max-age" is not
    # "cassettes check").
    found = [
        c
        for c in bash_commands()
        if bare(c).startswith(prefix) and (prefix not in COMMANDS or claimed_by(c) == prefix)
    ]
    assert len(found) == 1, f"expected one README command starting {prefix!r}, found {found}"
    return found[0]


def bare(line: str) -> str:
    """A README line without its leading environment assignments."""
    return re.sub(r"^(\w+=\S+ )+", "", line)


def claimed_by(line: str) -> str | None:
    fits = [p for p in COMMANDS if bare(line).startswith(p)]
    return max(fits, key=len) if fits else None


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=180, check=False, **kwargs)


def python_args(line: str) -> list[str]:
    """A README ``python ...`` line as arguments for this interpreter."""
    words = re.sub(r"^(\w+=\S+ )+", "", line).split()
    assert words[0] in ("python", "python3", ".venv/bin/python"), line
    return [sys.executable, *words[1:]]


#: Prefixes of the README commands, each exercised by a test below.
COMMANDS = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/python -m toolkit demo",
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest",
    "python -m toolkit fixtures generate",
    "python -m toolkit cassettes check",
    "python -m toolkit cassettes check --max-age",
    "python -m toolkit cassettes verify",
    "export SO_AUTHORIZATION=",
    "python -m toolkit serve",
    "python -m pytest --so-record-mode=once --so-base-url=",
    "python benchmarks/run.py",
    "python benchmarks/reliability.py",
)


def test_every_readme_command_is_exercised():
    for line in bash_commands():
        bare = re.sub(r"^(\w+=\S+ )+", "", line)
        assert any(bare.startswith(prefix) for prefix in COMMANDS), f"README command without a test: {line}"


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [c.strip() for c in re.findall(r"```bash\n(.*?)```", quick, re.S)]
    assert len(commands) == 2
    demo, tests = commands
    assert demo.endswith("python -m toolkit demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines(), ".ci/run must run exactly the README's test command"


def test_quick_start_demo_command_runs(tmp_path: Path):
    demo = command("python3 -m venv .venv && .venv/bin/pip install -q -e . &&")
    result = run([sys.executable, *demo.split("&&")[-1].split()[1:]], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "demo passed" in result.stdout


def test_fixtures_generate_command(tmp_path: Path):
    first = run(python_args(command("python -m toolkit fixtures generate")), cwd=tmp_path)
    again = run(python_args(command("python -m toolkit fixtures generate")), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    payloads = json.loads(first.stdout)
    assert len(payloads) == 3
    assert all(validator("AppointmentEntityWithLinks").is_valid(p) for p in payloads)


def test_cassettes_check_command():
    result = run(python_args(command("python -m toolkit cassettes check")), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stderr


def test_cassettes_verify_and_max_age_commands(tmp_path: Path):
    """The README's verify recipe, on a cassette recorded here, against a server standing in for the
    tenant; then its check --max-age line on the same (fresh) cassette."""
    from toolkit.client import AppointmentClient, basic_auth
    from toolkit.recording.cassette import load_cassette, use_cassette

    export = command("export SO_AUTHORIZATION=")
    assert re.fullmatch(r'export SO_AUTHORIZATION="[^"]+"', export)
    auth = basic_auth("readme", "readme-verify-secret")
    with ReferenceServer(preload=3) as tenant:
        cassette = load_cassette(tmp_path / "cassettes" / "test_sync" / "test_push.yaml", mode="rewrite")
        with use_cassette(cassette), AppointmentClient(tenant.url, auth) as client:
            client.get(2)
        args = python_args(command("python -m toolkit cassettes verify"))
        args = [tenant.url if a.startswith("https://") else a for a in args]
        env = {**os.environ, "SO_AUTHORIZATION": auth.headers["Authorization"]}
        verified = run(args, cwd=tmp_path, env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "1 interaction against" in verified.stderr
    assert json.loads((tmp_path / "drift.json").read_text())["findings"] == []
    checked = run(python_args(command("python -m toolkit cassettes check --max-age")), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_serve_command_starts_answers_and_stops_on_ctrl_c():
    line = command("python -m toolkit serve")
    args = [a if a != "8000" else "0" for a in python_args(line)]  # a free port, not a fixed one
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        try:
            assert proc.stdout is not None
            banner = proc.stdout.readline()
            url = re.search(r"(http://127\.0\.0\.1:\d+)", banner)
            assert url, banner
            import httpx

            answer = httpx.get(f"{url.group(1)}/api/v1/Appointment/1", auth=("readme", "secret"), timeout=10)
            assert answer.status_code == 200
            assert answer.json()["AppointmentId"] == 1
        finally:
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=30)
    assert code == 0


def test_tenant_recording_recipe_records_then_replays(pytester: pytest.Pytester):
    """The README's conftest and test, recorded against a server as against a tenant, then replayed."""
    example, conftest, _ = plugin_blocks()
    pytester.makeconftest(conftest)
    pytester.makepyfile(**{"tests/test_sync": example})
    pytester.makeini("[pytest]\naddopts = -p no:cassetter -p no:randomly\n")
    line = command("python -m pytest --so-record-mode=once --so-base-url=")
    env = dict(re.findall(r"(?:^| )([A-Z_]+)=(\S+)", line))
    assert set(env) == {"SO_USER", "SO_PASSWORD"}
    secret = "readme-password-31337"
    with ReferenceServer() as tenant:
        os.environ.update(SO_USER="readme-user", SO_PASSWORD=secret)
        try:
            words = re.sub(r"^(\w+=\S+ )+", "", line).split()[3:]
            args = [re.sub(r"--so-base-url=\S+", f"--so-base-url={tenant.url}", w) for w in words]
            recorded = pytester.runpytest_subprocess(*args)
        finally:
            del os.environ["SO_USER"], os.environ["SO_PASSWORD"]
    recorded.assert_outcomes(passed=1)
    # The cassette is where the example's comment says.
    (where,) = re.findall(r"so_cassette  # (\S+\.yaml)", example)
    cassette = pytester.path / where
    assert [cassette] == list(pytester.path.joinpath("cassettes").rglob("*.yaml"))
    assert secret not in cassette.read_text(encoding="utf-8")
    replayed = pytester.runpytest_subprocess()  # default mode none: offline; no SO_* variables needed
    replayed.assert_outcomes(passed=1)


def plugin_blocks() -> tuple[str, str, str]:
    """The README's plugin examples: a test, the tenant conftest, the escape-hatch conftest."""
    plugin = [b for b in blocks("python") if "so_cassette" in b or "# conftest.py" in b]
    (hatch,) = (b for b in plugin if "so_vcr_config" in b)
    example, tenant = (b for b in plugin if b is not hatch)
    return example, tenant, hatch


def test_escape_hatch_recipe_records_and_replays(pytester: pytest.Pytester):
    """The README's so_vcr_config conftest: its hook changes the stored request, its matcher is used."""
    _, _, hatch = plugin_blocks()
    pytester.makeconftest(hatch)
    pytester.makepyfile(
        test_hatch="""
        import os
        import pytest

        @pytest.mark.so_cassette
        def test_read(so_client):
            headers = {"X-Trace-Id": "trace-7", "X-Variant": os.environ.get("SO_VARIANT", "a")}
            assert so_client.get(3, headers=headers)["AppointmentId"] == 3
        """
    )
    pytester.makeini("[pytest]\naddopts = -p no:cassetter -p no:randomly\n")
    pytester.runpytest_subprocess("--so-record-mode=once").assert_outcomes(passed=1)
    text = pytester.path.joinpath("cassettes/test_hatch/test_read.yaml").read_text(encoding="utf-8")
    assert "trace-7" not in text
    assert "x-variant" in text.lower()
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    os.environ["SO_VARIANT"] = "b"  # same method, path and body; the matcher tells them apart
    try:
        pytester.runpytest_subprocess().assert_outcomes(failed=1)
    finally:
        del os.environ["SO_VARIANT"]


def test_benchmarks_command_is_documented_and_runs_quickly(tmp_path: Path):
    line = command("python benchmarks/run.py")
    # A partial run writes only where it is told: the committed results stay as they are.
    results = tmp_path / "results.md"
    result = run([*python_args(line), "--only", "validation", "--quick", "--results", str(results)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "| schema check of a valid response |" in result.stdout
    assert "jsonschema-rs alone" in result.stdout
    assert "Machine:" in results.read_text(encoding="utf-8")


def test_reliability_figures_command_is_documented_and_renders(tmp_path: Path):
    line = command("python benchmarks/reliability.py")
    readme = tmp_path / "README.md"
    readme.write_text(
        "before\n<!-- reliability:begin -->\n<!-- reliability:end -->\nafter\n", encoding="utf-8"
    )
    counts = tmp_path / "figures.jsonl"
    counts.write_text('{"module": "test_reliability_cli", "faults injected": 12}\n', encoding="utf-8")
    args = ["--from", str(counts), "--json", str(tmp_path / "r.json"), "--readme", str(readme)]
    result = run([*python_args(line), *args], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "| `test_reliability_cli.py` | faults injected | 12 |" in readme.read_text(encoding="utf-8")


def test_readme_python_examples_run():
    """The self-contained Python examples (factories, assertions, server, API reference) run as written."""
    ran = 0
    for block in blocks("python"):
        if "so_cassette" in block or "# conftest.py" in block:
            continue  # the plugin examples run through pytest in the tenant recipe test
        exec(compile(block, "README.md", "exec"), {})
        ran += 1
    assert ran == 6
