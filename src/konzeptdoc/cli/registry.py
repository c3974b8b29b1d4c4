"""The commands' registry and what every command module shares: exit statuses, output helpers.

A command module imports from here (never from `konzeptdoc.cli`, which imports the command
modules): `@command` registers a handler, `@arguments` its argument definitions.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from konzeptdoc.errors import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

Handler = Callable[[argparse.Namespace, TextIO], int]
Configure = Callable[[argparse.ArgumentParser], None]
#: Every command: name → (handler, argument definitions, one-line German help).
COMMANDS: dict[str, tuple[Handler, Configure, str]] = {}


def command(name: str, help_text: str) -> Callable[[Handler], Handler]:
    """Register a sub-command; its `configure` is set with `arguments`."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (handler, lambda parser: None, help_text)
        return handler

    return register


def arguments(name: str) -> Callable[[Configure], None]:
    """Attach the argument definitions of sub-command `name`."""

    def attach(configure: Configure) -> None:
        handler, _, help_text = COMMANDS[name]
        COMMANDS[name] = (handler, configure, help_text)

    return attach


def fail(message: str) -> int:
    """Report input the command cannot work with (exit status 2); for handlers."""
    print(f"konzeptdoc: Fehler: {message}", file=sys.stderr)
    return EXIT_USAGE


def print_problems(problems: Sequence[Problem], out: TextIO, *, output_format: str) -> None:
    """Problems one per line (``file:line: field.path: message``) plus a summary, or JSON."""
    import dataclasses
    import json
    import os
    from pathlib import Path

    from konzeptdoc.german.glossary import count

    if output_format == "json":
        json.dump([p.to_dict() for p in problems], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    # Top to bottom within each file (files in the order they were checked), as an editor
    # walks them; the library's order groups by kind of check, which jumps up and down.
    files_first = {
        file: place for place, file in reversed(list(enumerate(p.file for p in problems)))
    }
    problems = sorted(problems, key=lambda p: (files_first[p.file], p.line or 0))
    for problem in problems:  # named relative to where the user is, as git names files
        if problem.file is not None and problem.file.is_absolute():
            problem = dataclasses.replace(problem, file=Path(os.path.relpath(problem.file)))
        out.write(f"{problem}\n")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    if not problems:
        out.write("OK: keine Probleme gefunden\n")
    else:
        where = f" in {count(files, 'file')}" if files else ""  # not "in keine Dateien"
        out.write(f"{count(errors, 'error')}, {count(warnings, 'warning')}{where}\n")
