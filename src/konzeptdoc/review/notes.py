"""The review file: reviewers' comments kept next to the data, in review.yaml.

Each `review --apply` adds the comments it has not seen (same author, time, place and
text) to the end of the list; a reply points at its comment by its place in the list.
The file is validated like the data (its JSON Schema is ``schemas/review.schema.json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from konzeptdoc.documents.comments import Comment
from konzeptdoc.errors import ConceptFileError
from konzeptdoc.files import yamlio
from konzeptdoc.model import Concept
from konzeptdoc.model.review import ReviewFile
from konzeptdoc.review.records import Review

REVIEW_FILE = "review.yaml"
_HEADER = "# yaml-language-server: $schema=../../schemas/review.schema.json\n"


def _key(note: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(note.get(k) for k in ("entity", "field", "author", "date", "text"))


def plan_notes(folder: Path, review: Review) -> tuple[Path, str, int] | None:
    """review.yaml's new text with the review's comments added and how many are new, or
    None if none is new (the file already holds them all).

    Raises:
        UnsafePathError: A file of the concept folder, review.yaml too, is a symbolic link.
    """
    from konzeptdoc.files.paths import refuse_symlinks

    refuse_symlinks(folder)  # review.yaml as a link out would be read, then replaced
    path = folder / REVIEW_FILE
    existing: list[dict[str, Any]] = []
    text = notes_text(path)
    if text is not None:
        existing = [
            {k: v for k, v in note.items() if v is not None} for note in read_notes(text, path)
        ]
    seen = {_key(n) for n in existing}
    added = 0
    offset = len(existing)
    places: dict[int, int] = {}
    for index, comment in enumerate(review.comments):
        note: dict[str, Any] = {
            "entity": comment.entity,
            "field": comment.field,
            "author": comment.author,
            "date": comment.date,
            "text": comment.text,
            "quoted": comment.quoted,
            "file": comment.file,
            "revision": review.revision,
            "done": True if comment.done else None,  # absent while open
        }
        if comment.reply_to is not None and comment.reply_to in places:
            note["reply_to"] = places[comment.reply_to]
        note = {k: v for k, v in note.items() if v is not None}
        if _key(note) in seen:
            continue
        seen.add(_key(note))
        places[index] = offset + added
        existing.append(note)
        added += 1
    if not added:
        return None
    ReviewFile.model_validate({"comments": existing})
    text = yamlio.dump_roundtrip(yamlio.to_tree({"schema_version": 1, "comments": existing}))
    return path, _HEADER + text, added


def notes_text(path: Path) -> str | None:
    """The review file's text in the working tree (None: there is none), read bounded and
    never through a symbolic link.

    Raises:
        UnsafePathError: The review file is a symbolic link.
    """
    from konzeptdoc.errors import UnsafePathError
    from konzeptdoc.files.paths import symlink_message

    if path.is_symlink():
        raise UnsafePathError(symlink_message(path), path=path)
    return yamlio.read_text(path) if path.is_file() else None


def read_notes(text: str, path: Path | None = None) -> list[dict[str, Any]]:
    """The comments of a review file's text (checked against its schema)."""
    data = yamlio.load(text, path)
    try:
        notes: list[dict[str, Any]] = ReviewFile.from_data(data).model_dump()["comments"]
    except ValueError as exc:
        raise ConceptFileError(
            "die Datei mit den Kommentaren ist beschädigt; bitte prüfen", path=path
        ) from exc
    return notes


def note_rows(
    notes: list[dict[str, Any]], concept: Concept, *, with_authors: bool = False
) -> list[tuple[str, str, str]]:
    """(what it is about, who, the comment) per comment, as the Synopse lists them; who
    only `with_authors` (a reviewer's name is personal data), else ""."""
    return [(c.about, c.author, c.text if c.reply_to is None else f"Antwort: {c.text}")
            for c in note_comments(notes, concept, with_authors=with_authors)]  # fmt: skip


def note_comments(
    notes: list[dict[str, Any]], concept: Concept, *, with_authors: bool = False
) -> list[Comment]:
    """The comments as a document shows them: at the anchor of their entity's key (in a
    document built from `concept`), with what they are about in German; the author only
    `with_authors`."""
    from konzeptdoc.documents.anchors import CODES, anchor_name
    from konzeptdoc.german.names import entity_names
    from konzeptdoc.review.mapping import entities, label

    names = entity_names(concept)
    found = dict(entities(concept))
    out = []
    for note in notes:
        entity, key = note.get("entity"), note.get("field")
        about = "ohne Bezug zu einem Text der Daten"
        anchor = None
        if entity and key:
            about = f"{names.get(entity, 'nicht mehr vorhandener Eintrag')}, {label(key, found.get(entity))}"
            anchor = anchor_name(entity, key) if key in CODES and entity in found else None
        if note.get("quoted"):
            about += f": „{note['quoted']}“"
        reply = note.get("reply_to")
        text = f"{note['text']} (erledigt)" if note.get("done") else note["text"]
        out.append(Comment(anchor, note["author"] if with_authors else "", note.get("date"),
                           text, reply if isinstance(reply, int) else None, about))  # fmt: skip
    return out
