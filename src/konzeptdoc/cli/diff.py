"""CLI: `konzeptdoc diff` – what changed, as text, Markdown, JSON, HTML, Synopse or redline."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.inputs import concept_id, output_file, suffix_of
from konzeptdoc.cli.progress import progress
from konzeptdoc.cli.registry import EXIT_OK, EXIT_PROBLEMS, arguments, command, fail
from konzeptdoc.cli.terminal import colour_wanted
from konzeptdoc.german.filenames import file_name

if TYPE_CHECKING:
    from konzeptdoc.diff import ConceptDiff
    from konzeptdoc.model import Concept
    from konzeptdoc.store import Repository

FORMATS = ["text", "markdown", "json", "html", "synopse", "redline"]
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json"}


@command(
    "diff",
    "Zeigt die Änderungen zwischen zwei Fassungen (Standard: letzter Beschluss gegen Arbeitsstand).",
)
def diff_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.diff.html import to_html
    from konzeptdoc.diff.render import to_json, to_markdown, to_text
    from konzeptdoc.store import Repository

    if args.format is None:  # the ending of -o decides: `-o vergleich.html` is the HTML page
        suffix = suffix_of(None if args.output == "-" else args.output)
        if suffix in (".docx", ".pdf"):
            return fail(
                f"-o „{args.output}“: ein Word-Dokument der Änderungen gibt es als Synopse "
                "(--format synopse) oder als Fassung mit nachverfolgten Änderungen (--format "
                "redline, dazu ein PDF mit --pdf): eines davon angeben"
            )
        args.format = _BY_SUFFIX.get(suffix, "text")
    if (args.finalize or args.pdf) and args.format != "redline":
        return fail("--finalize und --pdf gibt es nur mit --format redline")
    repository = Repository.open(".")
    args.concept = concept_id(args.concept)
    with progress(args) as show:  # a large concept's two versions take seconds to compare
        show("Fassungen laden und vergleichen")
        result = repository.diff(
            args.concept, args.rev_a, args.rev_b, with_authors=args.with_authors
        )
        if args.format in ("synopse", "redline"):
            target = output_file(args.output, file_name(args.concept, args.format))
            show(
                "Synopse schreiben"
                if args.format == "synopse"
                else "Word-Dokument mit Änderungen schreiben"
            )
            _write_document(repository, args, result, target)
            message = f"geschrieben: {target} ({result.summary()})\n"
        else:
            if args.output == "-":  # as many tools read it: standard output, the default
                args.output = None
            colour = args.format == "text" and args.output is None and colour_wanted(out)
            render = {
                "text": lambda d: to_text(d, colour=colour),
                "markdown": to_markdown,
                "json": to_json,
                "html": to_html,
            }[args.format]
            message = render(result)
            if args.output:
                from konzeptdoc.files.save import write_atomically

                suffix = {"text": "txt", "markdown": "md"}.get(args.format, args.format)
                target = output_file(args.output, file_name(args.concept, "diff", suffix))
                write_atomically(target, message)
                message = f"geschrieben: {target} ({result.summary()})\n"
    out.write(message)
    return EXIT_PROBLEMS if args.exit_code and result.changes else EXIT_OK


def _write_document(
    repository: Repository, args: argparse.Namespace, result: ConceptDiff, target: Path
) -> None:
    """The Synopse or the redline, as a Word document, with reviewers' comments."""
    from konzeptdoc.review.notes import note_comments, note_rows

    notes, concept = _notes(repository, args.concept, args.rev_b)
    if args.format == "synopse":
        from konzeptdoc.diff.synopse import synopse

        settings = repository.settings()
        synopse(
            result,
            municipality=settings.municipality if settings else "",
            output=target,
            notes=note_rows(notes, concept, with_authors=args.with_authors) if concept else (),
        )
    else:
        from konzeptdoc.store.redline import redline

        comments = note_comments(notes, concept, with_authors=args.with_authors) if concept else []
        redline(repository, args.concept, args.rev_a, args.rev_b, output=target,
                finalize=args.finalize, pdf=target.with_suffix(".pdf") if args.pdf else None,
                comments=comments)  # fmt: skip


def _notes(
    repository: Repository, concept: str, rev: str | None
) -> tuple[list[dict[str, Any]], Concept | None]:
    """Reviewers' comments kept in review.yaml (working tree, or at `rev`), and the concept
    they are read against (None when there are none)."""
    from konzeptdoc.review.notes import REVIEW_FILE, notes_text, read_notes

    relative = f"concepts/{concept}/{REVIEW_FILE}"
    if rev is None:
        path = repository.root / relative
        text = notes_text(path)
        model = repository.root / "concepts" / concept
        from konzeptdoc.files.workspace import load_concept

        loaded = load_concept(model) if text else None
    else:
        sha = repository.resolve(rev)
        text = repository.git.run("show", f"{sha}:{relative}", check=False) or None
        loaded = repository.load(concept, sha) if text else None
    if not text or loaded is None:
        return [], None
    return read_notes(text, Path(relative)), loaded


@arguments("diff")
def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    parser.add_argument(
        "rev_a",
        nargs="?",
        type=inputs.revision,
        metavar="ALT",
        help="alte Fassung: Revision, Zweig oder Name eines Beschlusses (Standard: der letzte Beschluss)",
    )
    parser.add_argument(
        "rev_b",
        nargs="?",
        type=inputs.revision,
        metavar="NEU",
        help="neue Fassung (Standard: das Arbeitsverzeichnis)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="text (Terminal, Standard), markdown, json, html (eine Seite), synopse oder "
        "redline (Word-Dokumente; ohne -o: KONZEPT-synopse.docx bzw. "
        "KONZEPT-aenderungsfassung.docx); ohne --format entscheidet die Endung von -o "
        "(.html, .md, .json, .txt)",
    )
    parser.add_argument(
        "-o", "--output", metavar="DATEI", help="in diese Datei schreiben statt auf den Bildschirm"
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="Rückgabewert 1, wenn es Unterschiede gibt (für Skripte)",
    )
    parser.add_argument(
        "--with-authors",
        action="store_true",
        help="Verfasserinnen und Verfasser von Beiträgen und Kommentaren zeigen "
        "(personenbezogene Daten)",
    )
    parser.add_argument(
        "--finalize",
        action="store_true",
        help="redline: Seitenzahlen ins Inhaltsverzeichnis eintragen (braucht LibreOffice)",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="redline: zusätzlich ein PDF schreiben (braucht LibreOffice; schließt --finalize ein)",
    )
