"""The `konzeptdoc` command: a thin layer over the public API.

This is the only package that prints or exits. `main` turns every error into a German
message and an exit status, from one table (`exit_codes`); no Python traceback reaches the
user (set KONZEPTDOC_DEBUG=1 to see one for an unexpected failure).

Exit status: 0 success; 1 problems found (validation errors, differences with
``--exit-code``, merge conflicts); 2 wrong usage or input the command cannot work with (an
unknown revision, a missing file, no git identity …); 70 only for a bug in konzeptdoc.

Adding a command: write a module in this package whose handlers carry `@command` and whose
argument definitions carry `@arguments` (both from `konzeptdoc.cli.registry`), and add it to
the import in `load_commands`. Import the library inside the handler, not at the top of the
module: every start of `konzeptdoc` imports every command module, and `konzeptdoc --version`
should not pay for pydantic or git.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO, cast

from konzeptdoc.cli.registry import (
    COMMANDS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
)
from konzeptdoc.cli.terminal import TerminalOut, printable


def exit_codes() -> dict[type[BaseException], int]:
    """The exit status of an error: the first of its classes (most specific first) found here.

    1 means the data or the repository has problems the user resolves in the data; 2 that
    the command cannot run as asked (input, environment). Anything not listed is a bug (70).
    (A function, not a constant, so that `konzeptdoc --version` imports no error classes.)
    """
    from konzeptdoc.errors import (
        ConceptFileError,
        ConflictError,
        EditedOnDiskError,
        KonzeptdocError,
        MergeConflictError,
        ValidationError,
    )

    return {
        ValidationError: EXIT_PROBLEMS,
        ConceptFileError: EXIT_PROBLEMS,  # YAML syntax, a newer schema_version
        MergeConflictError: EXIT_PROBLEMS,
        ConflictError: EXIT_PROBLEMS,
        EditedOnDiskError: EXIT_PROBLEMS,
        KonzeptdocError: EXIT_USAGE,
        OSError: EXIT_USAGE,  # a missing file, no permission, a full disk
    }


def exit_code(error: BaseException) -> int:
    """The documented exit status for an error (see `exit_codes`)."""
    table = exit_codes()
    for cls in type(error).__mro__:
        if cls in table:
            return table[cls]
    return EXIT_INTERNAL


# Wrapped by hand (the formatter keeps it as written) to fit an 80-column terminal.
_EPILOG = """\
Rückgabewert: 0 in Ordnung; 1 Probleme gefunden (Fehler in den Daten,
Unterschiede mit --exit-code, Konflikte); 2 falscher Aufruf oder unbrauchbare
Eingabe; 70 ein Fehler in konzeptdoc selbst; 130 abgebrochen (Strg+C).

„konzeptdoc BEFEHL --help“ beschreibt jeden Befehl."""


def _common_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On sub-commands too, so `konzeptdoc log -C repo` works; SUPPRESS keeps the top value.
    parser.add_argument(
        "-C",
        "--repo",
        metavar="PFAD",
        default=argparse.SUPPRESS if sub else None,
        help="so ausführen, als wäre PFAD der aktuelle Ordner (wie git -C)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="keine Fortschrittsanzeige",
    )


def build_parser() -> argparse.ArgumentParser:
    from konzeptdoc import __version__
    from konzeptdoc.cli.german_argparse import GermanHelpFormatter, GermanParser

    parser = GermanParser(
        prog="konzeptdoc",
        description="Integrationskonzepte als Daten: prüfen, versionieren, als Word-Dokument\n"
        "ausgeben, Fassungen vergleichen.",
        epilog=_EPILOG,
        formatter_class=GermanHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"konzeptdoc {__version__}",
        help="zeigt die Versionsnummer und endet",
    )
    _common_options(parser, sub=False)
    subparsers = parser.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle")
    for name, (_, configure, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(
            name, help=help_text, description=help_text, formatter_class=GermanHelpFormatter
        )
        _common_options(sub, sub=True)
        configure(sub)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    out = stdout or sys.stdout
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["help"] and len(argv) <= 2:  # as with git: "help", "help build"
        argv = [*argv[1:], "--help"]
    if argv == ["--version"]:
        # Answered before any command module loads: the cheapest start there is.
        from konzeptdoc import __version__

        out.write(f"konzeptdoc {__version__}\n")
        return EXIT_OK
    from konzeptdoc.cli.german_argparse import german

    if out.isatty():  # a repository's text must not steer the terminal
        out = cast(TextIO, TerminalOut(out))
    with german():
        load_commands()
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits on --help and on usage errors
            return int(exc.code or 0)
        if args.command is None:  # inside german(): "Aufruf:", as with --help
            parser.print_help(out)
            return EXIT_USAGE
    handler = COMMANDS[args.command][0]
    previous = os.getcwd()  # noqa: PTH109 - pathlib is not loaded for this alone
    try:
        if args.repo:
            os.chdir(args.repo)
        return handler(args, out)
    except BrokenPipeError:
        # The reader went away (`konzeptdoc log | head -1`): not an error of ours.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("konzeptdoc: abgebrochen", file=sys.stderr)
        return 130
    except Exception as exc:
        status = exit_code(exc)
        if status == EXIT_INTERNAL:
            if os.environ.get("KONZEPTDOC_DEBUG"):
                raise
            print(
                f"konzeptdoc: interner Fehler: {type(exc).__name__}: {exc}\n"
                "Das ist ein Fehler in konzeptdoc. Bitte melden Sie ihn mit dem Befehl, den "
                "Sie aufgerufen haben (KONZEPTDOC_DEBUG=1 zeigt Einzelheiten).",
                file=sys.stderr,
            )
        else:
            message = describe(exc)
            print(
                f"konzeptdoc: Fehler: {printable(message) if sys.stderr.isatty() else message}",
                file=sys.stderr,
            )
        return status
    finally:
        os.chdir(previous)


def describe(error: BaseException) -> str:
    """An error as the user reads it: konzeptdoc's own message, or the system's in German."""
    from konzeptdoc.errors import KonzeptdocError
    from konzeptdoc.german.glossary import os_reason

    if isinstance(error, KonzeptdocError) or not isinstance(error, OSError):
        return str(error)
    where = f"{error.filename}: " if error.filename else ""
    return where + os_reason(error)


def _silence_stdout() -> None:
    # Python flushes stdout once more at exit; into the closed pipe that would print
    # "Exception ignored … BrokenPipeError". Point the descriptor at /dev/null instead.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout replaced by something without a descriptor
        pass


def load_commands() -> None:
    """Import the command modules: they register themselves (the order is --help's order)."""
    from konzeptdoc.cli import (  # noqa: F401
        data,
        diff,
        documents,
        history,
        remote,
        report,
        review,
        store,
    )


def run() -> None:
    """Console-script entry point."""
    from konzeptdoc.cli.terminal import sturdy_streams

    sturdy_streams()
    try:
        status = main()
    except KeyboardInterrupt:  # Ctrl-C while the command modules load or argparse reads
        print("konzeptdoc: abgebrochen", file=sys.stderr)
        status = 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(status)
