"""CLI: build Word documents (and PDFs) from a concept."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.inputs import settings_template
from konzeptdoc.cli.progress import progress
from konzeptdoc.cli.registry import EXIT_OK, arguments, command, fail
from konzeptdoc.german.filenames import FILE_WORDS, file_name

if TYPE_CHECKING:
    from konzeptdoc.model import Concept
    from konzeptdoc.store import Revision


def load_for_build(
    concept: str, rev: str | None, as_of: str | None
) -> tuple[Concept, Revision | None]:
    """A concept from a folder path, or by id from the repository (working tree or --rev)."""
    from konzeptdoc.files.workspace import load_concept

    folder = inputs.concept_folder(concept)
    if folder is not None and rev is None and as_of is None:
        return load_concept(folder), None
    concept = inputs.concept_id(concept)
    from konzeptdoc.store import Repository

    repository = Repository.open(".")
    if rev is None and as_of is None:
        folder = repository.root / "concepts" / concept
        if not folder.is_dir():
            from konzeptdoc.errors import UnknownConceptError

            raise UnknownConceptError(inputs.unknown_concept(repository.root, concept))
        return load_concept(folder), None
    sha = repository.resolve(rev or "HEAD", as_of=as_of, concept=concept)
    return repository.load(concept, sha), repository.revision(sha)


@command(
    "build",
    "Erzeugt ein Word-Dokument: Konzept, Beschlussvorlage, Maßnahmenplan, Beteiligungsbericht "
    "oder Sachstandsbericht.",
)
def build_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.documents import build

    unused = _options_for_other_kinds(args)
    if unused:
        return fail(unused)
    if args.kind == "report":  # the Sachstandsbericht reads the history: see cli.report
        from konzeptdoc.cli.report import write_report

        return write_report(inputs.concept_id(args.concept), since=args.since, as_of=args.as_of, output_format="docx",
                            output=args.output, template=args.template or settings_template(),
                            pdf=args.pdf, out=out, rev=args.rev)  # fmt: skip

    with progress(args) as show:
        show("Konzept laden")
        concept, revision = load_for_build(args.concept, args.rev, args.as_of)
        default = file_name(concept.id, args.kind)
        target = inputs.output_file(args.output, default, other=inputs.PDF_HINT)
        pdf = target.with_suffix(".pdf") if args.pdf else None
        template = args.template
        if template is None:
            template = settings_template()
        inputs.not_the_template(target, template)
        show("Word-Dokument erzeugen")
        build(concept, kind=args.kind, output=target, template=template,
              date=revision.date if revision else None, fields=args.field, statuses=args.status,
              with_authors=args.with_authors, finalize=args.finalize, pdf=pdf,
              revision=revision.sha if revision else _head(args.concept), progress=show)  # fmt: skip
    out.write(f"geschrieben: {target}\n")
    if pdf is not None:
        out.write(f"geschrieben: {pdf}\n")
    return EXIT_OK


def _options_for_other_kinds(args: argparse.Namespace) -> str | None:
    """An option this --kind does not read, said rather than silently ignored."""
    wanted = {"--since": ("report", args.since), "--field": ("measures", args.field),
              "--status": ("measures", args.status)}  # fmt: skip
    for option, (kind, value) in wanted.items():
        if value and args.kind != kind:
            word = next(word for word, known in KINDS.items() if known == kind)
            return f"{option} gibt es nur mit --kind {word}"
    return None


def _head(concept: str) -> str | None:
    """The commit a working-tree build starts from (recorded for reading reviews back)."""
    from konzeptdoc.errors import KonzeptdocError
    from konzeptdoc.store import Repository

    folder = Path(concept)
    try:
        with Repository.open(folder if folder.is_dir() else ".") as repository:
            return repository.head()
    except KonzeptdocError:
        return None  # a concept folder outside any repository


#: The documents by the German word one types (the format's own name works as well); the
#: same word names the file written (KONZEPT-ART.docx).
KINDS = {
    FILE_WORDS[kind]: kind
    for kind in ("concept", "submission", "measures", "participation", "report")
}
#: The states of a measure by their German words (as the glossary writes them).
STATUSES = {
    "geplant": "planned",
    "in-umsetzung": "in_progress",
    "umgesetzt": "done",
    "fortgefuehrt": "continued",
    "zurueckgestellt": "postponed",
    "entfallen": "dropped",
}


@arguments("build")
def _build_arguments(parser: argparse.ArgumentParser) -> None:
    _source_arguments(parser)
    _output_arguments(parser)
    _filter_arguments(parser)


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    """Which concept, which document, from which revision."""
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts im Repository oder Pfad seines Ordners"
    )  # fmt: skip
    parser.add_argument(
        "--kind",
        default="konzept",
        type=inputs.choice(KINDS, "keine Dokumentart"),
        metavar="ART",
        help="welches Dokument: " + ", ".join(KINDS) + " (Standard: konzept)",
    )  # fmt: skip
    either = parser.add_mutually_exclusive_group()  # both: one would go unused
    either.add_argument(
        "--rev",
        metavar="REVISION",
        type=inputs.revision,
        help="aus einer Revision (Commit-Kennung, Zweig oder Name eines Beschlusses) statt aus dem Arbeitsverzeichnis",
    )
    parser.add_argument(
        "--since",
        type=inputs.revision,
        metavar="REVISION",
        help="Sachstandsbericht: mit diesem Beschluss (seinem Namen) oder dieser Revision "
        "vergleichen (Standard: der letzte Beschluss)",
    )
    either.add_argument(
        "--as-of",
        metavar="DATUM",
        type=inputs.date,
        help="die an diesem Tag gültige Fassung (JJJJ-MM-TT oder TT.MM.JJJJ)",
    )


def _output_arguments(parser: argparse.ArgumentParser) -> None:
    """Where to, with which template, and whether through LibreOffice."""
    parser.add_argument(
        "-o", "--output", metavar="DATEI", help="die zu schreibende .docx-Datei oder ein Ordner "
        "(Standard: KONZEPT-ART.docx)"
    )  # fmt: skip
    parser.add_argument(
        "--template",
        metavar="VORLAGE",
        help="Word-Vorlage der Stadt (.docx/.dotx: Formatvorlagen, Seite, Kopf- und Fußzeile, Logo)",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="zusätzlich ein PDF schreiben (braucht LibreOffice; schließt --finalize ein)",
    )
    parser.add_argument(
        "--finalize",
        action="store_true",
        help="Seitenzahlen ins Inhaltsverzeichnis eintragen (braucht LibreOffice)",
    )


def _filter_arguments(parser: argparse.ArgumentParser) -> None:
    """What the measures plan and the participation report show."""
    parser.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="FELD",
        help="Maßnahmenplan: nur dieses Handlungsfeld (mehrfach möglich)",
    )
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        type=inputs.choice(STATUSES, "kein Stand einer Maßnahme"),
        metavar="STAND",
        help="Maßnahmenplan: nur Maßnahmen in diesem Stand (mehrfach möglich): "
        + ", ".join(STATUSES),
    )
    parser.add_argument(
        "--with-authors",
        action="store_true",
        help="Beteiligungsbericht: die Namen der Einreichenden nennen (personenbezogene Daten)",
    )
