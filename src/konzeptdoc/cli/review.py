"""CLI: read reviewed copies of a document back into the data (`konzeptdoc review`)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from konzeptdoc.cli import inputs
from konzeptdoc.cli.registry import EXIT_OK, EXIT_PROBLEMS, arguments, command

if TYPE_CHECKING:
    from konzeptdoc.review import Review


@command(
    "review",
    "Liest überarbeitete Word-Dokumente (nachverfolgte Änderungen, Kommentare) zurück "
    "in die Daten.",
)
def review_command(args: argparse.Namespace, out: TextIO) -> int:
    from konzeptdoc.review import apply_review, commit_message, read_review

    review = read_review(inputs.concept_id(args.concept), args.files, rev=args.rev)
    if args.format == "json":
        json.dump(review.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        write_text(review, out)
    if args.apply:
        from konzeptdoc.review.notes import plan_notes
        from konzeptdoc.store import Repository

        planned = plan_notes(Repository.open(".").root / "concepts" / review.concept, review)
        new_comments = planned[2] if planned is not None else 0  # not in review.yaml yet
        written = apply_review(review)
        if args.format != "json" and not written:
            out.write("\nNichts übernommen: was ohne Konflikt übernommen werden kann, steht "
                      "schon in den Dateien.\n")  # fmt: skip
        elif args.format != "json":
            from konzeptdoc.german.glossary import count

            taken = review.taken_over(new_comments)
            out.write(f"\nÜbernommen: {taken} in {count(len(written), 'file')}.\n")
            for path in written:
                out.write(f"  {path}\n")
            if written:
                out.write("\nVorschlag für die Commit-Nachricht:\n\n")
                message = commit_message(review, new_comments).splitlines()
                out.write("".join(f"  {line}".rstrip() + "\n" for line in message))
    return EXIT_PROBLEMS if review.conflicts else EXIT_OK


def write_text(review: Review, out: TextIO) -> None:
    """Per entity: old → new with the changed words marked, author, date; then comments,
    conflicts and what could not be mapped."""
    from konzeptdoc.diff.words import word_ops
    from konzeptdoc.german.glossary import count

    def heading(entity: str | None, key: str | None) -> str:
        if entity is None or key is None:
            return "ohne Bezug zu einem Text der Daten"
        name, label = review.labels.get((entity, key), (entity, key))
        return f"{name}, {label}"

    def marked(old: str, new: str) -> str:
        parts = []
        for op in word_ops(old, new):
            if op.kind == "equal":
                parts.append(op.new)
            else:
                parts.append(f"[-{op.old}-]" if op.old else "")
                parts.append(f"{{+{op.new}+}}" if op.new else "")
        return "".join(parts)

    out.write(
        f"{count(len(review.changes), 'change')}, {count(len(review.comments), 'Kommentar')}"
        f", {count(len(review.conflicts), 'conflict')}"
        + (f", {len(review.unmapped)} nicht zuzuordnen" if review.unmapped else "")
        + "\n"
    )
    for change in review.changes:
        when = f", {_german_time(change.date)}" if change.date else ""
        out.write(
            f"\n{heading(change.entity, change.field)} ({change.author}{when}; {change.file})\n"
        )
        split = "(nur Absätze geteilt oder zusammengeführt) " if change.old == change.new else ""
        out.write(f"  {split}{marked(change.old, change.new)}\n")
    for comment in review.comments:
        answer = " (Antwort)" if comment.reply_to is not None else ""
        answer += " (erledigt)" if comment.done else ""
        out.write(
            f"\nKommentar{answer} von {comment.author} zu {heading(comment.entity, comment.field)}"
            f" ({comment.file}):\n"
        )
        if comment.quoted:
            out.write(f"  zu „{comment.quoted}“\n")
        out.write(f"  {comment.text}\n")
    for conflict in review.conflicts:
        out.write(f"\nKONFLIKT {heading(conflict.entity, conflict.field)}: {conflict.reason}\n")
        out.write(f"  bisher: {conflict.old}\n")
        for proposal in conflict.proposals:
            out.write(f"  {proposal.author}: {proposal.new}\n")
    for item in review.unmapped:
        out.write(
            f"\nNicht zugeordnet ({item.author}; {item.file}): {item.reason}\n  „{item.text}“\n"
        )


def _german_time(stamp: str) -> str:
    """Word's ISO 8601 time stamp as Germans read it ("30.11.2026, 10:00"); it is the
    reviewer's clock time (Word marks it Z, whatever the zone), so it is not converted."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{moment:%d.%m.%Y, %H:%M}"


@arguments("review")
def _review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "concept", metavar="KONZEPT", help="Kennung des Konzepts oder Pfad seines Ordners"
    )
    parser.add_argument("files", nargs="+", metavar="DOCX", help="überarbeitete Word-Dokumente")
    parser.add_argument(
        "--rev",
        metavar="REVISION",
        type=inputs.revision,
        help="Revision, aus der die Dokumente erstellt wurden (Standard: die im Dokument "
        "vermerkte)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="Ausgabe als Text (Standard) oder JSON (für Programme)",
    )
    parser.add_argument(
        "--apply",
        action="store_true",
        help="Änderungen ohne Konflikt in die Dateien schreiben, Kommentare in review.yaml",
    )
