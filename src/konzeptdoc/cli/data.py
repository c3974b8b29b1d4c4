"""CLI commands on the data: validate, schema."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from konzeptdoc.cli.inputs import outside_git
from konzeptdoc.cli.registry import EXIT_OK, EXIT_PROBLEMS, arguments, command, print_problems


@command("validate", "Prüft alle Dateien und meldet jedes Problem (Datei:Zeile: Feld: Meldung).")
def validate_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.files.workspace import validate

    problems = validate(Path(args.path))
    print_problems(problems, out, output_format=args.format)
    if not problems and args.format == "text":
        from konzeptdoc.files.paths import concept_dirs, find_root

        root, folder = find_root(Path(args.path))
        if root is not None and folder is None and not concept_dirs(root):  # after `init`
            out.write("Noch kein Konzept: „konzeptdoc new KENNUNG --title …“ legt eines an.\n")
    failing = {"error", "warning"} if args.strict else {"error"}
    return EXIT_PROBLEMS if any(p.severity in failing for p in problems) else EXIT_OK


@arguments("validate")
def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PFAD",
        help="Repository, Konzeptordner oder ein Ordner darin (Standard: der aktuelle Ordner)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="auch Warnungen lassen die Prüfung scheitern"
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="Ausgabe als Text (Standard) oder JSON (für Programme)",
    )


@command("schema", "Schreibt die JSON-Schemas der Dateien (für Editoren).")
def schema_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.files.schema import write_schemas

    output = args.output
    if output is None:  # the repository's schemas/, which every file's first line names
        from konzeptdoc.files.paths import find_root

        root, _ = find_root(Path.cwd())
        output = os.path.relpath(root / "schemas") if root is not None else "schemas"
    outside_git(Path(output), "-o schemas")
    for path in write_schemas(output):
        out.write(f"{path}\n")
    return EXIT_OK


@arguments("schema")
def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="ORDNER",
        help="Zielordner (Standard: schemas/ im Hauptordner des Repositorys)",
    )
