"""CLI commands on the history of entities: history, blame."""

from __future__ import annotations

import argparse
from typing import TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.registry import EXIT_OK, arguments, command
from konzeptdoc.cli.store import open_repository

KINDS = {
    "added": "neu",
    "removed": "entfernt",
    "renamed": "umbenannt",
    "moved": "verschoben",
    "modified": "geändert",
}
ENTITIES = {"goal": "Ziel", "measure": "Maßnahme"}


@command("history", "Zeigt jede Revision, in der sich ein Feld, Ziel, Maßnahme … geändert hat.")
def history_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = open_repository(args)
    concept = inputs.concept_id(args.concept)
    entries = repository.history(concept, args.entity, rev=args.rev, with_authors=args.with_authors)
    for entry in entries:
        revision = entry.revision
        tags = f" [{', '.join(entry.releases)}]" if entry.releases else ""
        out.write(
            f"{revision.short}  {revision.date:%Y-%m-%d}  {revision.author}  {revision.subject}{tags}\n"
        )
        moved = f" (vorher {entry.moved_from})" if entry.moved_from else ""
        out.write(f"    {KINDS.get(entry.kind, entry.kind)}{moved} in {entry.file}\n")
        for change in entry.changes:
            if isinstance(change.old, str) and isinstance(change.new, str):
                # Text: only the words that changed, with their context.
                from konzeptdoc.diff.render import words_inline
                from konzeptdoc.diff.words import text_diff

                words = words_inline(text_diff(change.old, change.new), colour=out.isatty())
                out.write(f"    {change.key}: {words.replace(chr(10), ' / ')}\n")
            else:
                out.write(f"    {change.key}: {_short(change.old)} → {_short(change.new)}\n")
    return EXIT_OK


def _short(value: object, width: int = 70) -> str:
    text = "—" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@arguments("history")
def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    parser.add_argument(
        "entity",
        metavar="EINTRAG",
        help="Kennung eines Handlungsfelds, Ziels, einer Maßnahme, eines Indikators …",
    )
    parser.add_argument(
        "--rev",
        default="HEAD",
        type=inputs.revision,
        metavar="REVISION",
        help="die Geschichte bis zu dieser Revision (Standard: die neueste)",
    )
    parser.add_argument(
        "--with-authors",
        action="store_true",
        help="Verfasserinnen und Verfasser von Beiträgen zeigen (personenbezogene Daten)",
    )


@command(
    "blame",
    "Nennt für jedes Ziel und jede Maßnahme die letzte ändernde Revision und ihren Beschluss.",
)
def blame_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = open_repository(args)
    for line in repository.blame(inputs.concept_id(args.concept), rev=args.rev):
        release = (
            f"{line.release.tag} ({line.release.describe()})"
            if line.release
            else "noch nicht beschlossen"
        )
        out.write(
            f"{line.revision.short}  {line.revision.date:%Y-%m-%d}  "
            f"{ENTITIES.get(line.kind, line.kind):<8} {line.entity:<32} {release}\n"
        )
    return EXIT_OK


@arguments("blame")
def _blame_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    parser.add_argument(
        "--rev",
        default="HEAD",
        type=inputs.revision,
        metavar="REVISION",
        help="Stand dieser Revision (Standard: die neueste)",
    )
