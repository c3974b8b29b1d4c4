"""The review round-trip: reviewed copies of a built document flow back into the data.

    review = read_review("integrationskonzept", ["dezernat.docx", "beirat.docx"])
    review.changes, review.comments, review.unmapped, review.conflicts   # frozen records
    apply_review(review)          # the agreed changes into the working tree's files

Reading is the mirror of building (ARCHITECTURE decision 8): `reading` turns a .docx into
texts per anchor, `mapping` turns anchors into entities and keys and merges reviewers,
`text` carries an edit into the Markdown source, `notes` keeps the comments.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from konzeptdoc.documents.anchors import (
    PROPERTY_CONCEPT,
    PROPERTY_FIELDS,
    PROPERTY_KIND,
    PROPERTY_REVISION,
    PROPERTY_SCHEME,
    PROPERTY_STATUSES,
    SCHEME,
)
from konzeptdoc.errors import (
    ReviewError,
    UnknownConceptError,
    UnknownRevisionError,
)
from konzeptdoc.review.records import (
    Edit,
    Proposal,
    Review,
    ReviewChange,
    ReviewComment,
    ReviewConflict,
    Unmapped,
)

if TYPE_CHECKING:
    from konzeptdoc.model import Concept
    from konzeptdoc.review.mapping import Mapped
    from konzeptdoc.store import Repository

__all__ = [
    "Edit",
    "Proposal",
    "Review",
    "ReviewChange",
    "ReviewComment",
    "ReviewConflict",
    "Unmapped",
    "apply_review",
    "commit_message",
    "read_review",
]

#: The properties that decide which anchors a copy was built with.
_BUILT_WITH = (PROPERTY_KIND, PROPERTY_FIELDS, PROPERTY_STATUSES)


def read_review(
    concept: str,
    files: Sequence[str | os.PathLike[str]],
    *,
    rev: str | None = None,
    repository: Repository | str | os.PathLike[str] = ".",
) -> Review:
    """Read reviewed copies of a built document and map their changes to the data.

    Args:
        concept: The concept's id in the repository.
        files: The reviewed .docx files (one per reviewer, or one passed round).
        rev: The revision the copies were built from; default: the one each records.
        repository: The concept repository (or a path in it).

    Raises:
        ReviewError: A file is not a konzeptdoc document, was built from another concept,
            or from a revision that does not exist (any more); nothing is read further.
    """
    from konzeptdoc.review.mapping import merge
    from konzeptdoc.store import Repository

    repo = repository if isinstance(repository, Repository) else Repository.open(repository)
    folder = repo.root / "concepts" / concept
    unique = {Path(file).resolve(): file for file in files}  # a copy named twice is read once
    bases, mapped, revisions = _read_copies(repo, concept, list(unique.values()), rev)
    current = _current(folder, bases.values())
    changes, conflicts, edits = merge(mapped, current)
    return Review(
        concept=concept,
        revision=revisions[0] if len(set(revisions)) == 1 else None,
        changes=tuple(changes),
        comments=tuple(c for one, _ in mapped for c in one.comments),
        unmapped=tuple(u for one, _ in mapped for u in one.unmapped),
        conflicts=tuple(conflicts),
        edits=tuple(edits),
        labels=_labels(current, bases, mapped, changes, conflicts),
    )


def _read_copies(
    repo: Repository, concept: str, files: Sequence[str | os.PathLike[str]], rev: str | None
) -> tuple[dict[str, Concept], list[tuple[Mapped, Concept]], list[str]]:
    """Each copy mapped against the revision it was built from: (bases by sha, mapped, shas).

    Raises:
        ReviewError: A copy is not of this concept, or its revision does not exist.
    """
    from konzeptdoc.review.mapping import map_document
    from konzeptdoc.review.missing import Sent, sent_anchors
    from konzeptdoc.review.reading import read_document

    bases: dict[str, Concept] = {}
    sent: dict[tuple[str, ...], Sent | None] = {}  # per revision, kind and filters
    mapped = []
    revisions: list[str] = []
    for file in files:
        path = Path(file)
        document = read_document(path)
        base_rev = _check(document.properties, concept, rev, path, bool(document.anchors))
        try:
            sha = repo.resolve(base_rev)
            if sha not in bases:
                bases[sha] = repo.load(concept, sha)
        except (UnknownRevisionError, UnknownConceptError) as exc:
            raise ReviewError(
                f"das Dokument wurde aus der Fassung {base_rev[:7]} erstellt, die es im "
                "Repository nicht (mehr) gibt; die passende Fassung mit --rev angeben",
                path=path,
            ) from exc
        revisions.append(sha)
        how = (sha, *(document.properties.get(p, "") for p in _BUILT_WITH))
        if how not in sent:
            sent[how] = sent_anchors(document.properties, bases[sha])
        if sent[how] and not document.anchors:  # else every text would read as deleted
            raise ReviewError(
                "das Dokument trägt keine Textmarken von konzeptdoc mehr (ein Programm hat sie "
                "beim Speichern entfernt oder umbenannt, etwa Google Docs): seine Änderungen "
                "lassen sich keinem Text zuordnen; bitte in Word oder LibreOffice überarbeiten",
                path=path,
            )
        mapped.append((map_document(document, bases[sha], sent[how]), bases[sha]))
    return bases, mapped, revisions


def _labels(
    current: Concept | None,
    bases: dict[str, Concept],
    mapped: list[tuple[Mapped, Concept]],
    changes: list[ReviewChange],
    conflicts: list[ReviewConflict],
) -> dict[tuple[str, str], tuple[str, str]]:
    """(entity, key) → (the entity's German name, the key's label), for what the review names."""
    from konzeptdoc.german.names import entity_names
    from konzeptdoc.review.mapping import entities, label

    names: dict[str, str] = {}
    for known in ([current] if current is not None else []) + list(bases.values()):
        if known is not current or not names:
            names = {**entity_names(known), **names}
    keys = {(c.entity, c.field) for c in changes} | {(c.entity, c.field) for c in conflicts}
    keys |= {
        (c.entity, c.field)
        for one, _ in mapped
        for c in one.comments
        if c.entity is not None and c.field is not None
    }
    by_id = {e: entity for base in bases.values() for e, entity in entities(base)}
    return {(e, k): (names.get(e, "unbekannter Eintrag"), label(k, by_id.get(e))) for e, k in keys}


def _current(folder: Path, bases: Iterable[Concept]) -> Concept | None:
    """The working tree's concept; a base whose files read the same stands in for it
    (parsing a large concept again would double the time of a review)."""
    from konzeptdoc.files.layout import ConceptSource
    from konzeptdoc.files.workspace import existing_texts, load_concept

    if not (folder / "concept.yaml").is_file():
        return None
    texts = existing_texts(folder)
    for base in bases:
        if isinstance(base.origin, ConceptSource) and base.origin.texts == texts:
            return base
    return load_concept(folder)


def _check(
    properties: dict[str, str], concept: str, rev: str | None, path: Path, anchored: bool
) -> str:
    built_from = properties.get(PROPERTY_CONCEPT)
    if built_from is None and anchored and rev:
        return rev  # the properties were removed, the anchors are there: --rev names the base
    if built_from is None and anchored:
        raise ReviewError(
            "die Angaben zu Konzept und Fassung fehlen im Dokument (etwa nach „Dokument "
            "prüfen → Alle entfernen“ in Word), seine Textmarken stammen aber von konzeptdoc: "
            "die Fassung, aus der es erstellt wurde, mit --rev angeben",
            path=path,
        )
    if built_from is None:
        raise ReviewError(
            "das Dokument trägt keine Angaben zu Konzept und Fassung: zurücklesen lassen sich "
            "nur mit „konzeptdoc build“ erstellte Dokumente (nicht die Synopse oder die "
            "Änderungsfassung aus „konzeptdoc diff“, auch keine Kopie, aus der ein anderes "
            "Programm diese Angaben beim Speichern entfernt hat)",
            path=path,
        )
    if built_from != concept:
        raise ReviewError(
            f"das Dokument wurde aus dem Konzept „{built_from}“ erstellt, nicht aus „{concept}“",
            path=path,
        )
    if properties.get(PROPERTY_SCHEME) != SCHEME:
        raise ReviewError(
            "das Dokument stammt von einer anderen konzeptdoc-Version; bitte neu erstellen",
            path=path,
        )
    revision = rev or properties.get(PROPERTY_REVISION)
    if not revision:
        raise ReviewError(
            "im Dokument ist nicht vermerkt, aus welcher Fassung es erstellt wurde; "
            "die Fassung mit --rev angeben",
            path=path,
        )
    return revision


def apply_review(
    review: Review, *, repository: Repository | str | os.PathLike[str] = "."
) -> list[Path]:
    """Write the review's agreed changes into the working tree's files, and its comments
    into the concept's review file; return the files written.

    Only the changed values differ in the files (comments, key order and quoting stay).

    Raises:
        ValidationError: The changed data would be invalid; nothing was written.
    """
    from konzeptdoc.review.notes import plan_notes
    from konzeptdoc.store import Repository

    repo = repository if isinstance(repository, Repository) else Repository.open(repository)
    folder = repo.root / "concepts" / review.concept
    notes = plan_notes(folder, review)  # computed first: an error leaves the disk untouched
    # One set: the edited files and the review file are written all or none (a full disk
    # between them must not leave the edits without their comments, or the other way).
    also = {} if notes is None else {notes[0]: notes[1]}
    if review.edits:
        return _write_edits(folder, review, also)
    if notes is not None:
        from konzeptdoc.files.atomic import write_files

        write_files({path: text.encode("utf-8") for path, text in also.items()})
    return list(also)


def _write_edits(folder: Path, review: Review, also: dict[Path, str]) -> list[Path]:
    """The edits written into the concept's files, with the files `also` names: as text
    patches of exactly the changed values (validated before anything is written), else
    through the round-trip writer."""
    from konzeptdoc.errors import ValidationError
    from konzeptdoc.files import yamlio
    from konzeptdoc.files.atomic import write_files
    from konzeptdoc.files.layout import concept_from_texts
    from konzeptdoc.files.workspace import existing_texts, load_concept, write_concept
    from konzeptdoc.review.mapping import entities, set_value
    from konzeptdoc.review.patch import patch_texts

    marked = existing_texts(folder, bom=True)
    texts = {name: text.removeprefix(yamlio.BOM) for name, text in marked.items()}
    patched = patch_texts(texts, review.edits, review.concept)
    if patched is not None:
        # Validation reads every new text anyway: what it reads must be exactly the old
        # data with the new values, or the patch is not trusted.
        read: dict[str, Any] = {}

        def load(text: str, path: Path) -> Any:
            data = yamlio.load(text, path)
            read[path.relative_to(folder).as_posix()] = data
            return data

        new_texts = {**texts, **{name: text for name, (text, _) in patched.items()}}
        _, problems = concept_from_texts(folder, new_texts, load=load)
        if all(read.get(name) == data for name, (_, data) in patched.items()):
            if any(p.severity == "error" for p in problems):
                raise ValidationError(problems, path=folder)
            files = {
                folder / name: (yamlio.BOM if marked[name].startswith(yamlio.BOM) else "") + text
                for name, (text, _) in patched.items()
            }
            files.update(also)
            write_files({path: text.encode("utf-8") for path, text in files.items()})
            return list(files)
    concept = load_concept(folder)
    found = dict(entities(concept))
    for edit in review.edits:
        entity = found.get(edit.entity)
        if entity is not None:
            set_value(entity, edit.field, edit.value)
    return write_concept(concept, folder, also=also)


def commit_message(review: Review, comments: int | None = None) -> str:
    """A commit message for the applied review, crediting each reviewer with a
    ``Co-authored-by:`` trailer (a .docx names authors, not their e-mail addresses);
    `comments` the number of comments new to the review file (default: all)."""
    lines = [f"Überarbeitung übernommen: {review.taken_over(comments)}"]
    reviewers = review.reviewers
    if reviewers:
        lines += ["", *(f"Co-authored-by: {name}" for name in reviewers)]
    return "\n".join(lines)
