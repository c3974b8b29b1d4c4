"""CLI commands on the history of entities: history, blame."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.registry import EXIT_OK, arguments, command
from konzeptdoc.cli.store import decided, open_repository
from konzeptdoc.cli.terminal import colour_wanted

KINDS = {
    "added": "neu",
    "removed": "entfernt",
    "renamed": "umbenannt",
    "moved": "verschoben",
    "modified": "geändert",
}


@command(
    "history",
    "Zeigt jede Revision, in der sich ein Handlungsfeld, Ziel, eine Maßnahme … geändert hat "
    "(benannt wie in den Dokumenten, etwa „Maßnahme 1.2“, oder mit seiner Kennung).",
)
def history_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.german.glossary import key_label
    from konzeptdoc.german.values import shown
    from konzeptdoc.store.history import entity_reference

    repository = open_repository(args)
    concept = inputs.concept_id(args.concept)
    entity = entity_reference(repository, concept, args.entity, args.rev)  # "Maßnahme 1.2"
    entries = repository.history(concept, entity, rev=args.rev, with_authors=args.with_authors)
    names, titles, kinds = _names_in_history(repository, concept, entries, entity)
    kind = kinds.get(entity)
    out.write(f"{names.get(entity, entity)}\n")
    for entry in entries:
        revision = entry.revision
        out.write(
            f"{revision.short}  {revision.date:%d.%m.%Y}  {revision.author}  "
            f"{revision.subject}{decided(repository, entry.releases)}\n"
        )
        moved = (
            f" (aus {names.get(entry.moved_from, entry.moved_from)})" if entry.moved_from else ""
        )
        where = _field_of(entry.file)  # fields/<id>.yaml: the field the entity is in
        place = f" in {names[where]}" if where in names and where != entity else ""
        out.write(f"    {KINDS.get(entry.kind, entry.kind)}{moved}{place}\n")
        for change in entry.changes:
            label = key_label(change.key, kind)
            long = max(len(str(change.old)), len(str(change.new))) > 40
            if isinstance(change.old, str) and isinstance(change.new, str) and long:
                # Text: only the words that changed, with their context.
                from konzeptdoc.diff.render import words_inline
                from konzeptdoc.diff.words import text_diff

                words = words_inline(text_diff(change.old, change.new), colour=colour_wanted(out))
                out.write(f"    {label}: {words.replace(chr(10), ' / ')}\n")
            else:
                old = _short(shown(change.key, change.old, titles))
                new = _short(shown(change.key, change.new, titles))
                out.write(f"    {label}: {old} → {new}\n")
    return EXIT_OK


def _field_of(file: str) -> str:
    """The field whose file `file` is ("" for concept.yaml and the other files)."""
    path = Path(file)
    return path.stem if path.parent.name == "fields" else ""


def _names_in_history(
    repository: Any, concept_id: str, entries: Any, entity: str
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Names, titles and kinds ("measure", "goal") of the concept's entities in the
    revisions of the history (the newest wins): "Maßnahme 3.2 „…“" also for one removed since.

    Revisions are loaded from the newest back only until every entity the entries show has
    its name or title (usually the newest alone): loading each revision of a history of 150
    entries took 12 s for the large concept.
    """
    from konzeptdoc.errors import KonzeptdocError
    from konzeptdoc.german.names import entity_names
    from konzeptdoc.german.values import REFERENCES

    entries = list(entries)
    wanted = {entity} | {e.moved_from for e in entries if e.moved_from}
    wanted |= {_field_of(e.file) for e in entries} - {""}
    referenced: set[str] = set()
    for change in (c for e in entries for c in e.changes if c.key in REFERENCES):
        for value in (change.old, change.new):
            values = value if isinstance(value, list) else [value]
            referenced.update(v for v in values if isinstance(v, str))
    names: dict[str, str] = {}
    titles: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for entry in reversed(entries):
        if wanted <= names.keys() and referenced <= titles.keys():
            break  # older revisions could only add names nobody reads
        try:
            concept = repository.load(concept_id, entry.revision.sha)
        except KonzeptdocError:
            continue  # the concept is gone in this revision
        for entity_id, name in entity_names(concept).items():
            names.setdefault(entity_id, name)
        for group in concept.target_groups:
            titles.setdefault(group.id, group.name)
        for field in concept.fields:
            titles.setdefault(field.id, field.title)
            for goal in field.goals:
                titles.setdefault(goal.id, goal.title)
                kinds.setdefault(goal.id, "goal")
            for measure in field.measures:
                kinds.setdefault(measure.id, "measure")
    return names, titles, kinds


def _short(value: str, width: int = 70) -> str:
    text = value.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@arguments("history")
def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    parser.add_argument(
        "entity",
        metavar="EINTRAG",
        help="Nummer wie in den Dokumenten („Maßnahme 1.2“, „Leitziel 9.2“, „Handlungsfeld 3“, "
        "„1.2“ – gezählt im Stand von --rev) oder Kennung eines Handlungsfelds, Ziels, einer "
        "Maßnahme, eines Indikators …",
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
    from konzeptdoc.store.revisions import Revisions

    # Blame reads the files' text, not the model: without an interrupted save to finish,
    # the light `Revisions` serves it and the command starts without importing the model.
    repository = Revisions.open(".") or open_repository(args)
    concept = inputs.concept_id(args.concept)
    lines = repository.blame(concept, rev=args.rev)
    shown = [line.name or line.title for line in lines]
    width = min(max(map(len, shown), default=0), 60)
    for line, name in zip(lines, shown, strict=True):
        release = line.release.describe() if line.release else "noch nicht beschlossen"
        out.write(
            f"{line.revision.short}  {line.revision.date:%d.%m.%Y}  {name:<{width}}  {release}\n"
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
