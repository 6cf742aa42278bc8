"""The command line: ``so-toolkit`` / ``python -m toolkit``.

Subcommands (the public contract, see README):

* ``fixtures generate --count N --seed S [--kind request|response] [--locale L] [--traits T,...]
  [--set PATH=VALUE ...] [--out DIR|-]``
* ``serve [--host H] [--port P] [--seed S] [--preload N] [--credentials FILE] [--base-timezone Z]
  [--strict-accept]``
* ``demo [--out DIR]``
* ``cassettes check [PATH...] [--max-age AGE]``
* ``cassettes verify PATH... --against URL [--ignore PATH] [--json FILE] [--values] [--update]
  [--scrub-body PATH]``

Bad arguments exit 2 with one line naming the problem; a failure of the job exits 1 with one line.
The modules behind each subcommand are imported only when it runs, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from toolkit.errors import ToolkitError, UsageError

__all__ = ["main"]

PROG = "so-toolkit"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line instead of argparse's usage block.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def _port(text: str) -> int:
    value = _non_negative(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (0-65535)")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer seed") from None


def _run_fixtures(ns: argparse.Namespace) -> int:
    from toolkit.fixture_files import generate_command

    return generate_command(
        count=ns.count,
        seed=ns.seed,
        kind=ns.kind,
        locale=ns.locale,
        out=ns.out,
        traits=ns.traits,
        overrides=ns.overrides,
    )


def _run_serve(ns: argparse.Namespace) -> int:
    from toolkit.server import serve_command

    return serve_command(
        host=ns.host,
        port=ns.port,
        seed=ns.seed,
        preload=ns.preload,
        credentials=ns.credentials,
        base_timezone=ns.base_timezone,
        strict_accept=ns.strict_accept,
    )


def _run_demo(ns: argparse.Namespace) -> int:
    from toolkit.demo import demo_command

    return demo_command(out=ns.out)


def _run_check(ns: argparse.Namespace) -> int:
    from toolkit.lint import check_command

    return check_command(
        ns.paths, allow_headers=ns.allow_header, scrub_body=ns.scrub_body, max_age=ns.max_age
    )


def _run_verify(ns: argparse.Namespace) -> int:
    from toolkit.verify import verify_command

    return verify_command(
        ns.paths,
        against=ns.against,
        ignore=ns.ignore,
        json_out=ns.json,
        values=ns.values,
        update=ns.update,
        scrub_body=ns.scrub_body,
    )


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser (exposed for tests and documentation)."""
    from toolkit import __version__

    parser = _Parser(prog=PROG, description="Record/replay testing toolkit for SuperOffice appointments.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    fixtures = sub.add_parser("fixtures", help="generate fixture files")
    fsub = fixtures.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    fsub.required = True
    gen = fsub.add_parser(
        "generate",
        help="write N seeded appointment payloads as JSON",
        description="Write N seeded appointment payloads as JSON. Same arguments, byte-identical output.",
        epilog="Example: fixtures generate --count 3 --traits booking,recurring --set Private=Public "
        "--set Links__0__Id=5 --out fixtures/",
    )
    gen.add_argument(
        "--count", type=_non_negative, default=10, help="how many payloads, ids 1..N (default: %(default)s)"
    )
    gen.add_argument("--seed", type=_seed, default=0, help="random seed (default: %(default)s)")
    gen.add_argument(
        "--kind",
        choices=("request", "response"),
        default="request",
        help="request: AppointmentEntity bodies; response: AppointmentEntityWithLinks (default: %(default)s)",
    )
    gen.add_argument(
        "--locale",
        default="en_US",
        help="Faker locale of names and text: en_US, nb_NO, sv_SE, de_DE, ... (default: %(default)s)",
    )
    gen.add_argument(
        "--traits",
        default="",
        metavar="NAME[,NAME...]",
        help="factory traits applied in order: with_relations, booking, recurring, private, all_day, "
        "minimal (default: none)",
    )
    gen.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a value after the traits, repeatable; PATH walks with __ (Contact__Name, "
        "Links__0__Id); VALUE is read as the catalogue types PATH: text, numbers, true/false, .NET "
        "dates, enum names, JSON for objects and lists, null (default: none)",
    )
    gen.add_argument(
        "--out",
        default="-",
        help="directory for one file per payload, or - for one JSON array on stdout (default: %(default)s)",
    )
    gen.set_defaults(func=_run_fixtures)

    serve = sub.add_parser("serve", help="run the reference server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--seed", type=_seed, default=0, help="seed of the preloaded appointments")
    serve.add_argument("--preload", type=_non_negative, default=1000, help="ids 1..N exist (default 1000)")
    serve.add_argument("--credentials", default=None, help="file of accepted credentials (see README)")
    serve.add_argument(
        "--base-timezone",
        default="UTC",
        help="the installation's base time zone: a SuperOffice code (NO, US-NY), its id or an IANA name",
    )
    serve.add_argument(
        "--strict-accept", action="store_true", help="406 when nothing in Accept matches (default: JSON)"
    )
    serve.set_defaults(func=_run_serve)

    demo = sub.add_parser("demo", help="the main job, end to end, on the embedded reference server")
    demo.add_argument("--out", default=None, help="keep the cassette and fixtures in this directory")
    demo.set_defaults(func=_run_demo)

    cassettes = sub.add_parser("cassettes", help="work with cassette files")
    csub = cassettes.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    csub.required = True
    check = csub.add_parser("check", help="lint cassettes: parse, schema, $select, secrets")
    check.add_argument("paths", nargs="*", default=["cassettes"], metavar="PATH")
    check.add_argument(
        "--max-age", default=None, metavar="AGE", help="report cassettes recorded longer ago (90d, 12h, 2w)"
    )
    check.add_argument(
        "--allow-header",
        action="append",
        default=[],
        metavar="NAME",
        help="a header that only looks like a credential (as the so_scrub_allow_headers ini option)",
    )
    check.add_argument(
        "--scrub-body",
        action="append",
        default=[],
        metavar="PATH",
        help="a body path (JSON or XML) that must hold no value (as the so_scrub_body ini option)",
    )
    check.set_defaults(func=_run_check)
    verify = csub.add_parser("verify", help="re-send recorded requests to a live API and grade the drift")
    verify.add_argument("paths", nargs="+", metavar="PATH", help="cassette files or directories")
    verify.add_argument(
        "--against", required=True, metavar="URL", help="API root, e.g. https://sod.superoffice.com/Cust12345"
    )
    verify.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="PATH",
        help="JSON body path not compared (repeatable)",
    )
    verify.add_argument("--json", default=None, metavar="FILE", help="also write the findings as JSON")
    verify.add_argument("--values", action="store_true", help="value differences fail too (exit 1)")
    verify.add_argument("--update", action="store_true", help="write the live answers into drifted cassettes")
    verify.add_argument(
        "--scrub-body",
        action="append",
        default=[],
        metavar="PATH",
        help="with --update: a body path (JSON or XML) scrubbed before writing (as so_scrub_body)",
    )
    verify.set_defaults(func=_run_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = ns.func
    try:
        return func(ns)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except ToolkitError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
