"""The `konzeptdoc` command: a thin layer over the public API.

This is the only module that prints or exits. `main` turns every konzeptdoc error into a
message and an exit status; no Python traceback reaches the user (set KONZEPTDOC_DEBUG=1
to see one for an unexpected failure).

Exit status: 0 success; 1 problems in the data, or a konzeptdoc error; 2 wrong usage;
70 an unexpected internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from konzeptdoc.errors import KonzeptdocError, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

Handler = Callable[[argparse.Namespace, TextIO], int]
_COMMANDS: dict[str, tuple[Handler, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str) -> Callable[[Handler], Handler]:
    """Register a sub-command; its `configure` is set with `arguments`."""

    def register(handler: Handler) -> Handler:
        _COMMANDS[name] = (handler, lambda parser: None, help_text)
        return handler

    return register


def arguments(name: str) -> Callable[[Callable[[argparse.ArgumentParser], None]], None]:
    """Attach the argument definitions of sub-command `name`."""

    def attach(configure: Callable[[argparse.ArgumentParser], None]) -> None:
        handler, _, help_text = _COMMANDS[name]
        _COMMANDS[name] = (handler, configure, help_text)

    return attach


def build_parser() -> argparse.ArgumentParser:
    from konzeptdoc import __version__

    parser = argparse.ArgumentParser(
        prog="konzeptdoc",
        description="Integrationskonzepte als Daten: prüfen, versionieren, als Word-Dokument "
        "ausgeben, Fassungen vergleichen.",
    )
    parser.add_argument("--version", action="version", version=f"konzeptdoc {__version__}")
    parser.add_argument(
        "-C", "--repo", metavar="PATH", help="run as if started in PATH (like git -C)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, configure, help_text) in _COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "-C",
            "--repo",
            metavar="PATH",
            default=argparse.SUPPRESS,
            help="run as if started in PATH (like git -C)",
        )
        configure(sub)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    out = stdout or sys.stdout
    _load_commands()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return EXIT_USAGE
    handler = _COMMANDS[args.command][0]
    previous = Path.cwd()
    try:
        if args.repo:
            os.chdir(args.repo)
        return handler(args, out)
    except KonzeptdocError as exc:
        print(f"konzeptdoc: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except FileNotFoundError as exc:
        print(f"konzeptdoc: error: {exc.filename}: no such file or directory", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:  # permissions, a full disk, a directory where a file goes …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"konzeptdoc: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:
        # The reader went away (`konzeptdoc log | head`): not an error of ours.
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silences the flush at exit
        return EXIT_OK
    except KeyboardInterrupt:
        print("konzeptdoc: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("KONZEPTDOC_DEBUG"):
            raise
        print(
            f"konzeptdoc: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in konzeptdoc; please report it with the command you ran "
            "(KONZEPTDOC_DEBUG=1 shows details).",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        os.chdir(previous)


def _load_commands() -> None:
    # Command modules register themselves on import; kept apart to keep modules small.
    from konzeptdoc.cli import data, diff, documents, report, review, store  # noqa: F401


def print_problems(problems: Sequence[Problem], out: TextIO, *, output_format: str) -> None:
    """Problems one per line (``file:line: field.path: message``) plus a summary, or JSON."""
    if output_format == "json":
        json.dump([p.to_dict() for p in problems], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for problem in problems:
        out.write(f"{problem}\n")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    if not problems:
        out.write("OK: no problems found\n")
    else:
        out.write(f"{errors} error(s), {warnings} warning(s) in {files} file(s)\n")


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
