"""CLI commands on the repository: init, new, commit, log, show, release(s), history, blame, demo."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from konzeptdoc.cli import EXIT_OK, EXIT_PROBLEMS, arguments, command, print_problems

if TYPE_CHECKING:
    from konzeptdoc.store import Repository


def _open(args: argparse.Namespace) -> Repository:
    from konzeptdoc.store import Repository

    return Repository.open(".")


@command("init", "Legt ein Konzept-Repository an (git, konzeptdoc.yaml, Schemas, erster Commit).")
def init_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.store import Repository

    with Repository.init(
        args.path, municipality=args.municipality, state=args.state, author=args.author
    ) as repository:
        out.write(f"Initialised concept repository for {args.municipality} in {repository.root}\n")
    return EXIT_OK


@arguments("init")
def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="where (default: .)")
    parser.add_argument("--municipality", required=True, help='e.g. "Landeshauptstadt Wiesbaden"')
    parser.add_argument("--state", help="Bundesland")
    parser.add_argument("--author", help='"Name <mail>" of the first commit')


@command("new", "Legt ein neues Konzept im Repository an (concept.yaml).")
def new_command(args: argparse.Namespace, out: TextIO) -> int:
    import re

    from konzeptdoc.files.workspace import save_concept
    from konzeptdoc.model import Concept, Period
    from konzeptdoc.model.base import ID_PATTERN

    if not re.match(ID_PATTERN, args.concept_id):
        out.write(f"{args.concept_id!r} is not a valid id: lowercase letters, digits and hyphens, "
                  "starting with a letter, at most 64 characters\n")  # fmt: skip
        return EXIT_PROBLEMS
    repository = _open(args)
    settings = repository.settings()
    folder = repository.root / "concepts" / args.concept_id
    if folder.exists():
        out.write(f"concepts/{args.concept_id} exists already\n")
        return EXIT_PROBLEMS
    start, _, end = args.period.partition("-")
    concept = Concept(
        id=args.concept_id,
        title=args.title,
        kind=args.kind,
        municipality=settings.municipality if settings else "",
        lead=args.lead,
        period=Period(start=int(start), end=int(end or start)),
        status="draft",
        as_of=dt.date.today(),
    )
    for path in save_concept(concept, folder):
        out.write(f"wrote {path.relative_to(repository.root)}\n")
    out.write("Add fields in concept.yaml and fields/<id>.yaml, then 'konzeptdoc commit -m …'.\n")
    return EXIT_OK


@arguments("new")
def _new_arguments(parser: argparse.ArgumentParser) -> None:
    year = dt.date.today().year
    parser.add_argument("concept_id", help="id: lowercase letters, digits, hyphens")
    parser.add_argument("--title", required=True)
    parser.add_argument("--kind", default="Integrationskonzept")
    parser.add_argument(
        "--lead", default="Amt für Zuwanderung und Integration", help="Federführung"
    )
    parser.add_argument(
        "--period", default=f"{year + 1}-{year + 5}", help="Laufzeit, e.g. 2027-2031"
    )


@command("commit", "Prüft das Arbeitsverzeichnis und committet es (nichts bei Fehlern).")
def commit_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.errors import ValidationError

    repository = _open(args)
    try:
        revision = repository.commit(args.message, author=args.author, date=args.date)
    except ValidationError as exc:
        print_problems(exc.problems, out, output_format="text")
        out.write("Nothing committed: fix the errors above first.\n")
        return EXIT_PROBLEMS
    if revision is None:
        out.write("Nothing to commit: the working tree equals the last revision.\n")
    else:
        out.write(f"[{revision.short}] {revision.subject}\n")
    return EXIT_OK


@arguments("commit")
def _commit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--message", required=True)
    parser.add_argument("--author", help='"Name <mail>"')
    parser.add_argument("--date", help="ISO date of the revision (default: now)")


@command("log", "Listet die Revisionen (Kurz-Id, Datum, Autor, Nachricht, Beschlüsse).")
def log_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = _open(args)
    for revision in repository.log(args.concept, limit=args.limit):
        tags = f"  [{', '.join(revision.releases)}]" if revision.releases else ""
        out.write(
            f"{revision.short}  {revision.date:%Y-%m-%d}  {revision.author:<28}  {revision.subject}{tags}\n"
        )
    return EXIT_OK


@arguments("log")
def _log_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("concept", nargs="?", help="only revisions that changed this concept")
    parser.add_argument("-n", "--limit", type=int)


def _rev_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rev", default="HEAD", help="sha, branch or release tag (default: HEAD)")
    parser.add_argument("--as-of", help="the release in force on this date (YYYY-MM-DD)")


@command("show", "Zeigt die Übersicht eines Konzepts in einer Revision.")
def show_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = _open(args)
    concept = repository.load(args.concept, args.rev, as_of=args.as_of)
    sha = repository.resolve(args.rev, as_of=args.as_of, concept=args.concept)
    revision = repository.revision(sha)
    tags = f" [{', '.join(revision.releases)}]" if revision.releases else ""
    out.write(f"{concept.title}  ({concept.kind}, {concept.municipality})\n")
    out.write(f"revision {revision.short} of {revision.date:%Y-%m-%d}{tags}: {revision.subject}\n")
    out.write(
        f"status {concept.status}, Laufzeit {concept.period.start}–{concept.period.end}, "
        f"Stand {concept.as_of:%d.%m.%Y}, Federführung {concept.lead}\n"
    )
    for field in concept.fields:
        guiding = sum(1 for g in field.goals if g.level == "guiding")
        out.write(
            f"  {field.id:<28} {field.title}: {guiding} Leitziele, "
            f"{len(field.goals) - guiding} Handlungsziele, {len(field.measures)} Maßnahmen\n"
        )
    statuses: dict[str, int] = {}
    for field in concept.fields:
        for measure in field.measures:
            statuses[measure.status] = statuses.get(measure.status, 0) + 1
    if statuses:
        out.write(
            "measures by status: "
            + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
            + "\n"
        )
    if concept.participation is not None:
        p = concept.participation
        out.write(f"participation: {len(p.events)} events, {len(p.contributions)} contributions\n")
    if concept.submission is not None:
        out.write(f"submission: {concept.submission.kind} {concept.submission.number or ''}\n")
    return EXIT_OK


@arguments("show")
def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("concept")
    _rev_arguments(parser)


@command(
    "release", "Hält einen Beschluss als Release fest (annotierter Tag mit Gremium, Datum, Nummer)."
)
def release_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = _open(args)
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
    out.write(f"released {release.tag} at {release.sha[:7]}: {release.describe()}\n")
    return EXIT_OK


@arguments("release")
def _release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tag", help="e.g. integrationskonzept/2020-07-09")
    parser.add_argument(
        "--body", required=True, help='deciding body, e.g. "Stadtverordnetenversammlung"'
    )
    parser.add_argument("--date", required=True, help="date of the decision (YYYY-MM-DD)")
    parser.add_argument("--number", help="decision number, e.g. 0522")
    parser.add_argument("--concept", help="the concept decided on (default: the whole repository)")
    parser.add_argument("--title", help="what was decided, in a line")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--author", help='"Name <mail>" of the tagger')


@command("releases", "Listet die Releases (Beschlüsse).")
def releases_command(args: argparse.Namespace, out: TextIO) -> int:
    for release in _open(args).releases():
        scope = f" ({release.concept})" if release.concept else ""
        out.write(
            f"{release.tag:<36} {release.sha[:7]}  {release.describe()}{scope}"
            f"{': ' + release.title if release.title else ''}\n"
        )
    return EXIT_OK


@arguments("releases")
def _releases_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


@command("history", "Zeigt jede Revision, in der sich ein Feld, Ziel, Maßnahme … geändert hat.")
def history_command(args: argparse.Namespace, out: TextIO) -> int:
    repository = _open(args)
    labels = {
        "added": "neu",
        "removed": "entfernt",
        "renamed": "umbenannt",
        "moved": "verschoben",
        "modified": "geändert",
    }
    entries = repository.history(
        args.concept, args.entity, rev=args.rev, with_authors=args.with_authors
    )
    for entry in entries:
        revision = entry.revision
        tags = f" [{', '.join(entry.releases)}]" if entry.releases else ""
        out.write(
            f"{revision.short}  {revision.date:%Y-%m-%d}  {revision.author}  {revision.subject}{tags}\n"
        )
        moved = f" (from {entry.moved_from})" if entry.moved_from else ""
        out.write(f"    {labels.get(entry.kind, entry.kind)}{moved} in {entry.file}\n")
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
    parser.add_argument("concept")
    parser.add_argument("entity", help="id of a field, goal, measure, indicator …")
    parser.add_argument("--rev", default="HEAD")
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
    for line in _open(args).blame(args.concept, rev=args.rev):
        release = (
            f"{line.release.tag} ({line.release.describe()})"
            if line.release
            else "not yet released"
        )
        out.write(
            f"{line.revision.short}  {line.revision.date:%Y-%m-%d}  {line.kind:<7} "
            f"{line.entity:<32} {release}\n"
        )
    return EXIT_OK


@arguments("blame")
def _blame_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("concept")
    parser.add_argument("--rev", default="HEAD")


@command("demo", "Baut die Beispielkonzepte als echte Repositorys nach und schreibt alle Ausgaben.")
def demo_command(args: argparse.Namespace, out: TextIO) -> int:
    import time

    from konzeptdoc.samples.demo import run_demo

    started = time.monotonic()
    results = run_demo(Path(args.directory))
    for record in results:
        out.write(
            f"{record.path}: {record.revisions} revisions, concepts {', '.join(record.concepts)}; "
            f"releases {', '.join(record.releases) or 'none'}\n"
        )
        for path, note in record.outputs:
            out.write(f"    {path}  {note}\n")
        for concept, summary in record.summaries.items():
            out.write(f"    Änderungen {concept}: {summary}\n")
    out.write(
        f"Done in {time.monotonic() - started:.1f} s. Try: konzeptdoc -C {results[0].path} log\n"
    )
    return EXIT_OK


@arguments("demo")
def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        default="konzeptdoc-demo",
        help="target directory, must be new or empty (default: ./konzeptdoc-demo)",
    )


@command("clone", "Klont ein Konzept-Repository (z. B. vom GitLab/Gitea der Stadt).")
def clone_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.store import Repository

    with Repository.clone(args.url, args.path) as repository:
        out.write(
            f"Cloned into {repository.root}: concepts {', '.join(repository.concepts()) or 'none'}\n"
        )
    return EXIT_OK


@arguments("clone")
def _clone_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help="address or path of the remote repository")
    parser.add_argument("path", help="new local directory")


@command("push", "Überträgt Revisionen und Beschlüsse zum Remote.")
def push_command(args: argparse.Namespace, out: TextIO) -> int:
    _open(args).push(args.remote)
    out.write(f"pushed to {args.remote}\n")
    return EXIT_OK


def _remote_arguments(parser: argparse.ArgumentParser, *, resolve: bool) -> None:
    parser.add_argument("remote", nargs="?", default="origin")
    if resolve:
        parser.add_argument(
            "--ours",
            action="append",
            default=[],
            metavar="ENTITY",
            help="keep our values for this entity's conflicting keys (repeatable)",
        )
        parser.add_argument(
            "--theirs",
            action="append",
            default=[],
            metavar="ENTITY",
            help="take the remote's values for this entity's conflicting keys (repeatable)",
        )
        parser.add_argument("--author", help='"Name <mail>" of a merge commit')


@arguments("push")
def _push_arguments(parser: argparse.ArgumentParser) -> None:
    _remote_arguments(parser, resolve=False)


def _pull_or_sync(args: argparse.Namespace, out: TextIO, *, sync: bool) -> int:
    from konzeptdoc.errors import MergeConflictError

    repository = _open(args)
    try:
        if sync:
            result = repository.sync(
                args.remote, ours=args.ours, theirs=args.theirs, author=args.author
            )
        else:
            result = repository.pull(
                args.remote, ours=args.ours, theirs=args.theirs, author=args.author
            )
    except MergeConflictError as exc:
        out.write(f"{exc}\n")
        return EXIT_PROBLEMS
    out.write(result + "\n")
    return EXIT_OK


@command(
    "pull",
    "Holt Revisionen vom Remote; führt semantisch zusammen (Konflikte je Eintrag und Schlüssel).",
)
def pull_command(args: argparse.Namespace, out: TextIO) -> int:
    return _pull_or_sync(args, out, sync=False)


@arguments("pull")
def _pull_arguments(parser: argparse.ArgumentParser) -> None:
    _remote_arguments(parser, resolve=True)


@command("sync", "pull, dann push.")
def sync_command(args: argparse.Namespace, out: TextIO) -> int:
    return _pull_or_sync(args, out, sync=True)


@arguments("sync")
def _sync_arguments(parser: argparse.ArgumentParser) -> None:
    _remote_arguments(parser, resolve=True)
