"""CLI commands with a remote repository: clone, push, pull, sync."""

from __future__ import annotations

import argparse
from typing import TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.registry import EXIT_OK, EXIT_PROBLEMS, arguments, command
from konzeptdoc.cli.store import AUTHOR_HELP, open_repository


@command("clone", "Klont ein Konzept-Repository (z. B. vom GitLab/Gitea der Stadt).")
def clone_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.store import Repository

    with Repository.clone(args.url, args.path) as repository:
        concepts = ", ".join(repository.concepts())
        out.write(
            f"Geklont nach {repository.root}: "
            + (f"{'Konzept' if ',' not in concepts else 'Konzepte'} {concepts}\n" if concepts
               else "noch kein Konzept (mit „konzeptdoc new“ anlegen)\n")
        )  # fmt: skip
    return EXIT_OK


@arguments("clone")
def _clone_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "url", metavar="ADRESSE", type=inputs.line, help="Adresse oder Pfad des entfernten Repositorys"
    )  # fmt: skip
    parser.add_argument("path", metavar="ORDNER", type=inputs.line, help="neuer lokaler Ordner")


@command(
    "push", "Überträgt Revisionen und Beschlüsse zum entfernten Repository (dem Server der Stadt)."
)
def push_command(args: argparse.Namespace, out: TextIO) -> int:
    said = open_repository(args).push(args.remote)
    out.write(f"{said[:1].upper()}{said[1:]}\n")
    return EXIT_OK


def _remote_arguments(parser: argparse.ArgumentParser, *, resolve: bool) -> None:
    parser.add_argument(
        "remote",
        nargs="?",
        default="origin",
        metavar="REMOTE",
        help="Name des entfernten Repositorys (Standard: origin)",
    )
    if resolve:
        parser.add_argument(
            "--ours",
            action="append",
            default=[],
            metavar="EINTRAG",
            help="bei Konflikten dieses Eintrags unsere Werte behalten (mehrfach möglich)",
        )
        parser.add_argument(
            "--theirs",
            action="append",
            default=[],
            metavar="EINTRAG",
            help="bei Konflikten dieses Eintrags die Werte des entfernten Repositorys nehmen (mehrfach möglich)",
        )
        parser.add_argument("--author", metavar="AUTOR", help=AUTHOR_HELP)


@arguments("push")
def _push_arguments(parser: argparse.ArgumentParser) -> None:
    _remote_arguments(parser, resolve=False)


def _pull_or_sync(args: argparse.Namespace, out: TextIO, *, sync: bool) -> int:
    from konzeptdoc.errors import MergeConflictError

    repository = open_repository(args)
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
        # A name given to --ours/--theirs that matched nothing was ignored: say so.
        named = {conflict.entity.rpartition(" ")[2] for conflict in exc.conflicts}
        for option, given in (("--ours", args.ours), ("--theirs", args.theirs)):
            for name in given or ():
                if name not in named:
                    out.write(f"{option} {name}: betrifft keinen dieser Konflikte\n")
        return EXIT_PROBLEMS
    out.write(result + "\n")
    return EXIT_OK


@command(
    "pull",
    "Holt Revisionen vom entfernten Repository; führt semantisch zusammen (Konflikte je Eintrag und Schlüssel).",
)
def pull_command(args: argparse.Namespace, out: TextIO) -> int:
    return _pull_or_sync(args, out, sync=False)


@arguments("pull")
def _pull_arguments(parser: argparse.ArgumentParser) -> None:
    _remote_arguments(parser, resolve=True)


@command("sync", "Erst pull, dann push.")
def sync_command(args: argparse.Namespace, out: TextIO) -> int:
    return _pull_or_sync(args, out, sync=True)


@arguments("sync")
def _sync_arguments(parser: argparse.ArgumentParser) -> None:
    _remote_arguments(parser, resolve=True)
