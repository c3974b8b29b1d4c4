"""CLI: the Sachstandsbericht (`konzeptdoc report`, and `build --kind report`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.registry import EXIT_OK, EXIT_USAGE, arguments, command, fail
from konzeptdoc.german.filenames import file_name


def write_report(
    concept: str,
    *,
    since: str | None,
    as_of: str | None,
    output_format: str,
    output: str | None,
    template: str | Path | None,
    pdf: bool,
    out: TextIO,
    rev: str | None = None,
) -> int:
    """Gather the report from the repository's history and write it; exit status.

    A wrong period (`--since` naming nothing, or after `--as-of`) is a usage error: exit 2,
    nothing written.
    """
    from konzeptdoc.errors import ReportPeriodError
    from konzeptdoc.reporting import status_report
    from konzeptdoc.store import Repository

    if rev is not None:
        print(
            "konzeptdoc: Fehler: Der Sachstandsbericht liest die Geschichte bis zu einem Tag: "
            "statt --rev den Berichtsstand mit --as-of angeben.",
            file=sys.stderr,
        )
        return EXIT_USAGE

    with Repository.open(".") as repository:
        try:
            report = status_report(repository, concept, since=since, as_of=as_of)
        except ReportPeriodError as exc:
            print(f"konzeptdoc: Fehler: {exc}", file=sys.stderr)
            return EXIT_USAGE
    from konzeptdoc.documents.report_doc import summary_sentence

    suffix = "html" if output_format == "html" else "docx"
    default = file_name(report.concept_id, "report", suffix)
    other = inputs.PDF_HINT if output_format == "docx" else ""
    if output_format == "docx" and inputs.suffix_of(output) in (".html", ".htm"):
        other = " (als HTML-Seite: konzeptdoc report --format html)"
    target = inputs.output_file(output, default, other=other)
    if output_format == "html":
        from konzeptdoc.files.save import write_atomically
        from konzeptdoc.reporting.html import to_html

        write_atomically(target, to_html(report))
        out.write(f"{summary_sentence(report)}\ngeschrieben: {target}\n")
        return EXIT_OK
    from konzeptdoc.documents.report_doc import build_report

    pdf_path = target.with_suffix(".pdf") if pdf else None
    inputs.not_the_template(target, template)
    build_report(report, output=target, template=template, pdf=pdf_path)
    out.write(f"{summary_sentence(report)}\ngeschrieben: {target}\n")
    if pdf_path is not None:
        out.write(f"geschrieben: {pdf_path}\n")
    return EXIT_OK


@command(
    "report",
    "Erzeugt den Sachstandsbericht aus der Versionsgeschichte: Stand der Maßnahmen beim "
    "Beschluss und heute, Indikatoren als Diagramme (Word oder HTML).",
)
def report_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.format is None:  # the ending of -o decides: `-o bericht.html` is the HTML page
        args.format = "html" if inputs.suffix_of(args.output) in (".html", ".htm") else "docx"
    if args.format == "html" and (args.pdf or args.template):  # would go unused, unsaid
        return fail("--pdf und --template gibt es nur für den Bericht als Word-Dokument")
    return write_report(
        inputs.concept_id(args.concept),
        since=args.since,
        as_of=args.as_of,
        output_format=args.format,
        output=args.output,
        template=args.template or inputs.settings_template(),
        pdf=args.pdf,
        out=out,
    )


@arguments("report")
def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    parser.add_argument(
        "--since",
        type=inputs.revision,
        metavar="BESCHLUSS_ODER_REVISION",
        help="vergleichen mit diesem Beschluss (seinem Namen, z. B. integrationskonzept/2020-07-09) oder dieser Revision "
        "(Standard: der letzte Beschluss bis zum Berichtsstand)",
    )
    parser.add_argument(
        "--as-of",
        type=inputs.date,
        metavar="DATUM",
        help="Berichtsstand (JJJJ-MM-TT oder TT.MM.JJJJ): die letzte Revision bis zu diesem Tag "
        "(Standard: die neueste Revision)",
    )
    parser.add_argument(
        "--format",
        choices=["docx", "html"],
        help="Word (Standard) oder HTML (Standard bei -o …html)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DATEI",
        help="Zieldatei (Standard: <konzept>-sachstandsbericht.docx bzw. .html)",
    )
    parser.add_argument("--template", metavar="VORLAGE", help="Word-Vorlage der Stadt (.docx)")
    parser.add_argument(
        "--pdf", action="store_true", help="zusätzlich ein PDF schreiben (braucht LibreOffice)"
    )
