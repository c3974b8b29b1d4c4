"""CLI commands on the repository: init, new, commit, log, show, release(s), demo."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.progress import progress
from konzeptdoc.cli.registry import EXIT_OK, EXIT_PROBLEMS, arguments, command, fail, print_problems

if TYPE_CHECKING:
    from konzeptdoc.store import Repository

AUTHOR_HELP = (
    "„Name <E-Mail>“ (Standard: die Identität aus git config user.name/user.email "
    "oder GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL)"
)


def open_repository(args: argparse.Namespace) -> Repository:
    """The concept repository at or above the current folder (as git finds its own)."""
    from konzeptdoc.store import Repository

    return Repository.open(".")


@command("init", "Legt ein Konzept-Repository an (git, konzeptdoc.yaml, Schemas, erster Commit).")
def init_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.store import Repository

    with Repository.init(
        args.path, municipality=args.municipality, state=args.state, author=args.author
    ):
        where = args.path if args.path not in (None, ".") else "im aktuellen Ordner"
        out.write(f"Konzept-Repository für {args.municipality} angelegt: {where}\n")
    return EXIT_OK


@arguments("init")
def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default=".", metavar="PFAD", help="wohin (Standard: der aktuelle Ordner)"
    )
    parser.add_argument(
        "--municipality", required=True, type=inputs.line, metavar="NAME", help="die Kommune, z. B. „Landeshauptstadt Wiesbaden“"
    )  # fmt: skip
    parser.add_argument("--state", type=inputs.line, metavar="LAND", help="das Bundesland")
    parser.add_argument("--author", metavar="AUTOR", help=AUTHOR_HELP)


@command(
    "new",
    "Legt ein neues Konzept zum Ausfüllen an: concept.yaml, ein Handlungsfeld mit Zielen und "
    "einer Maßnahme, Beteiligung und Beschlussvorlage, jede Angabe erläutert.",
)
def new_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.errors import ValidationError

    repository = open_repository(args)
    settings = repository.settings()
    folder = repository.root / "concepts" / args.concept_id
    if folder.exists():
        return fail(f"concepts/{args.concept_id} gibt es schon: eine andere Kennung wählen")
    try:
        written = _write_new(args, folder, settings)
    except ValidationError as exc:  # what was typed on the command line is not valid data
        print_problems(exc.problems, sys.stderr, output_format="text")
        return fail("nichts angelegt: die Angaben oben korrigieren")
    for path in written:
        out.write(f"geschrieben: {path.relative_to(repository.root)}\n")
    out.write(
        "Die Platzhalter in diesen Dateien ersetzen (die Kommentare erläutern jede Angabe), "
        "mit „konzeptdoc validate“ prüfen, dann „konzeptdoc commit -m …“.\n"
    )
    return EXIT_OK


def _write_new(args: argparse.Namespace, folder: Path, settings: Any) -> list[Path]:
    from konzeptdoc.files.scaffold import write_new_concept

    return write_new_concept(
        folder,
        args.concept_id,
        title=args.title,
        kind=args.kind,
        municipality=settings.municipality if settings else "",
        lead=args.lead,
        period=args.period,
        as_of=dt.date.today(),
        body=settings.bodies[0] if settings and settings.bodies else "Rat",
    )


@arguments("new")
def _new_arguments(parser: argparse.ArgumentParser) -> None:
    year = dt.date.today().year
    parser.add_argument(
        "concept_id",
        type=inputs.identifier,
        metavar="KENNUNG",
        help="Kennung des Konzepts: Kleinbuchstaben, Ziffern, Bindestriche (wird der Ordnername)",
    )
    parser.add_argument(
        "--title", required=True, type=inputs.line, metavar="TITEL", help="Titel des Konzepts"
    )
    parser.add_argument(
        "--kind",
        default="Integrationskonzept",
        type=inputs.line,
        metavar="ART",
        help="Art des Konzepts (Standard: Integrationskonzept)",
    )
    parser.add_argument(
        "--lead",
        default="Federführende Stelle",
        type=inputs.line,
        metavar="AMT",
        help="Federführung (Standard: der Platzhalter „Federführende Stelle“)",
    )
    parser.add_argument(
        "--period",
        type=inputs.year_range,
        default=(year + 1, year + 5),
        metavar="JAHRE",
        help=f"Laufzeit, z. B. {year + 1}-{year + 5} oder {year + 1}–{year + 5} "
        "(Standard: die nächsten fünf Jahre)",
    )


@command("commit", "Prüft das Arbeitsverzeichnis und committet es (nichts bei Fehlern).")
def commit_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.errors import ValidationError

    repository = open_repository(args)
    try:
        revision = repository.commit(args.message, author=args.author, date=args.date)
    except ValidationError as exc:
        print_problems(exc.problems, out, output_format="text")
        out.write("Nichts committet: zuerst die Fehler oben beheben.\n")
        return EXIT_PROBLEMS
    if revision is None:
        out.write("Nichts zu committen: das Arbeitsverzeichnis gleicht der letzten Revision.\n")
    else:
        out.write(f"[{revision.short}] {revision.subject}\n")
    return EXIT_OK


@arguments("commit")
def _commit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-m", "--message", required=True, type=inputs.message, metavar="NACHRICHT", help="was sich geändert hat, in einem Satz"
    )  # fmt: skip
    parser.add_argument("--author", metavar="AUTOR", help=AUTHOR_HELP)
    parser.add_argument(
        "--date",
        type=inputs.timestamp,
        metavar="DATUM",
        help="Datum der Revision, JJJJ-MM-TT oder TT.MM.JJJJ (Standard: jetzt)",
    )


@command("log", "Listet die Revisionen (Commit-Kennung, Datum, Autor, Nachricht, Beschlüsse).")
def log_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.store.revisions import Revisions

    # Revisions reads no concept, so `log` starts without the model; only a save that was
    # interrupted (finished by Repository.open) needs the whole repository.
    revisions = Revisions.open(".") or open_repository(args)
    concept = inputs.concept_id(args.concept) if args.concept else None
    listed = 0
    for revision in revisions.log(concept, limit=args.limit):
        tags = f"  [{', '.join(revision.releases)}]" if revision.releases else ""
        out.write(
            f"{revision.short}  {revision.date:%d.%m.%Y}  {revision.author:<28}  {revision.subject}{tags}\n"
        )
        listed += 1
    if concept is not None and not listed and not (revisions.root / "concepts" / concept).is_dir():
        return fail(inputs.unknown_concept(revisions.root, concept))  # a typo, not no history
    return EXIT_OK


@arguments("log")
def _log_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", nargs="?", metavar="KONZEPT", help="nur Revisionen, die dieses Konzept ändern"
    )
    parser.add_argument(
        "-n", "--limit", type=inputs.positive, metavar="ANZAHL", help="höchstens so viele Revisionen"
    )  # fmt: skip


def rev_arguments(parser: argparse.ArgumentParser) -> None:
    """--rev or --as-of (one of them: both would leave one silently unused)."""
    either = parser.add_mutually_exclusive_group()
    either.add_argument(
        "--rev",  # no default: argparse would not see "--rev HEAD --as-of …" as both given
        type=inputs.revision,
        metavar="REVISION",
        help="Commit-Kennung, Zweig oder Name eines Beschlusses (Standard: die neueste Revision)",
    )
    either.add_argument(
        "--as-of",
        type=inputs.date,
        metavar="DATUM",
        help="die an diesem Tag gültige Fassung (JJJJ-MM-TT oder TT.MM.JJJJ)",
    )


@command("show", "Zeigt die Übersicht eines Konzepts in einer Revision.")
def show_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.german import formatting as german
    from konzeptdoc.german.glossary import count, quoted

    repository = open_repository(args)
    concept_id = inputs.concept_id(args.concept)
    rev = args.rev or "HEAD"
    concept = repository.load(concept_id, rev, as_of=args.as_of)
    sha = repository.resolve(rev, as_of=args.as_of, concept=concept_id)
    revision = repository.revision(sha)
    out.write(f"{concept.title}  ({concept.kind}, {concept.municipality})\n")
    out.write(f"Revision {revision.short} vom {revision.date:%d.%m.%Y}"
              f"{decided(repository, revision.releases)}: {revision.subject}\n")  # fmt: skip
    out.write(
        f"Status: {german.label('concept_status', concept.status)}, "
        f"Laufzeit {concept.period.start}–{concept.period.end}, "
        f"Stand {concept.as_of:%d.%m.%Y}, Federführung: {concept.lead}\n"
    )
    for number, field in enumerate(concept.fields, start=1):
        guiding = sum(1 for g in field.goals if g.level == "guiding")
        out.write(
            f"  {number} {field.title}: {count(guiding, 'guiding_goal')}, "
            f"{count(len(field.goals) - guiding, 'action_goal')}, "
            f"{count(len(field.measures), 'measure')}\n"
        )
    statuses: dict[str, int] = {}
    for field in concept.fields:
        for measure in field.measures:
            statuses[measure.status] = statuses.get(measure.status, 0) + 1
    if statuses:
        order = list(german.LABELS["status"])
        shown = sorted(
            statuses.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
        out.write("Maßnahmen nach Stand: "
                  + ", ".join(f"{v} {german.label('status', k)}" for k, v in shown) + "\n")  # fmt: skip
    if concept.participation is not None:
        p = concept.participation
        out.write(f"Beteiligung: {count(len(p.events), 'event')}, "
                  f"{count(len(p.contributions), 'contribution')}\n")  # fmt: skip
    if concept.submission is not None:
        # "Beschlussvorlage: V 2020/0412 „Betreff“" (the kind only where it is another one,
        # e.g. a Sitzungsvorlage: "Beschlussvorlage: Beschlussvorlage" said nothing).
        submission = concept.submission
        parts = [submission.kind] if submission.kind != "Beschlussvorlage" else []
        parts += [submission.number] if submission.number else []
        out.write(f"Beschlussvorlage: {' '.join([*parts, quoted(submission.subject)])}\n")
    return EXIT_OK


def decided(repository: Any, tags: tuple[str, ...] | list[str]) -> str:
    """ " (Beschluss: Stadtverordnetenversammlung, 09.07.2020, Nr. 0522)" for a revision that
    releases carry; the tags themselves are the repository's names, not the reader's."""
    if not tags:
        return ""
    described = {r.tag: r.describe() for r in repository.releases()}
    return f" (Beschluss: {'; '.join(described.get(t, t) for t in tags)})"


@arguments("show")
def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    rev_arguments(parser)


@command(
    "release", "Hält einen Beschluss fest: Gremium, Datum und Nummer an der beschlossenen Revision."
)
def release_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = open_repository(args)
    release = repository.release(
        args.tag,
        body=args.body,
        date=args.date,
        number=args.number,
        concept=args.concept,
        title=args.title,
        rev=args.rev,
        author=args.author,
    )
    out.write(f"Beschluss {release.tag} festgehalten bei {release.sha[:7]}: {release.describe()}\n")
    if args.rev == "HEAD" and repository.git.run("status", "--porcelain", "--", "concepts").strip():
        print(  # what the user sees in the files is not what was decided: said, not hidden
            "konzeptdoc: Hinweis: Änderungen im Arbeitsverzeichnis, die noch nicht committet "
            "sind, gehören nicht zu diesem Beschluss („konzeptdoc commit -m …“ nimmt sie in "
            "eine neue Revision auf).",
            file=sys.stderr,
        )
    return EXIT_OK


@arguments("release")
def _release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "tag",  # checked as a release name (store.releases), not as a revision name
        metavar="NAME",
        help="Name des Beschlusses, z. B. integrationskonzept/2020-07-09",
    )
    parser.add_argument(
        "--body", required=True, type=inputs.line, metavar="GREMIUM", help="das beschließende Gremium, z. B. „Stadtverordnetenversammlung“"
    )  # fmt: skip
    parser.add_argument(
        "--date", required=True, type=inputs.date, metavar="DATUM", help="Datum des Beschlusses (JJJJ-MM-TT oder TT.MM.JJJJ)"
    )  # fmt: skip
    parser.add_argument(
        "--number", type=inputs.line, metavar="NUMMER", help="Beschlussnummer, z. B. 0522"
    )
    parser.add_argument(
        "--concept", metavar="KONZEPT", help="das beschlossene Konzept (Standard: das ganze Repository)"
    )  # fmt: skip
    parser.add_argument(
        "--title", type=inputs.line, metavar="TITEL", help="was beschlossen wurde, in einer Zeile"
    )
    parser.add_argument(
        "--rev", default="HEAD", type=inputs.revision, metavar="REVISION",
        help="die beschlossene Revision (Standard: die neueste)",
    )  # fmt: skip
    parser.add_argument("--author", metavar="AUTOR", help=AUTHOR_HELP)


@command("releases", "Listet die festgehaltenen Beschlüsse.")
def releases_command(args: argparse.Namespace, out: TextIO) -> int:
    for release in open_repository(args).releases():
        scope = f" ({release.concept})" if release.concept else ""
        out.write(
            f"{release.tag:<36} {release.sha[:7]}  {release.describe()}{scope}"
            f"{': ' + release.title if release.title else ''}\n"
        )
    return EXIT_OK


@arguments("releases")
def _releases_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


@command("demo", "Baut die Beispielkonzepte als echte Repositorys nach und schreibt alle Ausgaben.")
def demo_command(args: argparse.Namespace, out: TextIO) -> int:
    import time

    from konzeptdoc.german.glossary import count, plural
    from konzeptdoc.samples.demo import run_demo

    started = time.monotonic()
    with progress(args) as show:
        results = run_demo(Path(args.directory), progress=show)
    for record in results:
        concepts, releases = record.concepts, record.releases
        decided = (
            f"{plural(len(releases), 'decision')} {', '.join(releases)}"
            if releases
            else "kein Beschluss"
        )  # "Konzepte vielfalt-leben" said the plural of one
        out.write(
            f"{record.path}: {count(record.revisions, 'commit')}, "
            f"{plural(len(concepts), 'concept')} {', '.join(concepts)}; {decided}\n"
        )
        for path, note in record.outputs:
            out.write(f"    {path}  {note}\n")
        for concept, summary in record.summaries.items():
            out.write(f"    Änderungen {concept}: {summary}\n")
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    out.write(f"Fertig in {seconds} s. Zum Beispiel: konzeptdoc -C {results[0].path} log\n")
    return EXIT_OK


@arguments("demo")
def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        default="konzeptdoc-demo",
        metavar="ORDNER",
        help="Zielordner, neu oder leer (Standard: ./konzeptdoc-demo)",
    )
