"""Comparing revisions of a concept: which two versions, and how the diff names them."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from konzeptdoc.diff import ConceptDiff, Side, diff
from konzeptdoc.errors import UnknownRevisionError
from konzeptdoc.files.paths import CONCEPTS_DIR
from konzeptdoc.files.workspace import load_concept
from konzeptdoc.model import Concept
from konzeptdoc.store.records import Release, Revision


class Repository(Protocol):
    """What a comparison needs of a repository (`konzeptdoc.store.Repository` is one)."""

    @property
    def root(self) -> Path: ...

    def resolve(self, rev: str = "HEAD") -> str: ...

    def load(self, concept_id: str, rev: str = "HEAD") -> Concept: ...

    def revision(self, rev: str = "HEAD") -> Revision: ...

    def releases(self) -> list[Release]: ...

    def latest_release(self, concept: str | None = None) -> Release | None: ...


def side(repository: Repository, concept: Concept, sha: str | None) -> Side:
    """How a diff names a revision: title, date, release tag, decision number."""
    if sha is None:
        return Side(f"{concept.title} (Arbeitsstand)")
    revision = repository.revision(sha)
    releases = [
        r for r in repository.releases() if r.sha == sha and r.concept in (None, concept.id)
    ]
    release = releases[-1] if releases else None
    # A decided version is dated by its decision: a release decided on 31.12. and committed
    # on 2.1. reads "Beschluss Nr. 7 · 31.12.2026", not with the next year's commit date.
    return Side(
        concept.title,
        (release.date if release else revision.date).strftime("%d.%m.%Y"),
        release.tag if release else None,
        release.number if release else None,
    )


def compare(
    repository: Repository,
    concept_id: str,
    rev_a: str | None,
    rev_b: str | None,
    *,
    with_authors: bool = False,
) -> ConceptDiff:
    """The diff between two revisions; see `Repository.diff` for the defaults.

    Raises:
        UnknownRevisionError: A revision does not resolve, or there is no release yet.
    """
    if rev_a is None:
        release = repository.latest_release(concept_id)
        if release is None:
            if not (repository.root / CONCEPTS_DIR / concept_id / "concept.yaml").is_file():
                repository.load(concept_id, "HEAD")  # an unknown concept is told as such
            raise UnknownRevisionError(
                f"Zum Konzept „{concept_id}“ ist noch kein Beschluss verzeichnet: die Revision "
                f"nennen, mit der verglichen werden soll (z. B. „konzeptdoc diff {concept_id} "
                "HEAD“ für die Änderungen seit der letzten Revision)",
                path=repository.root,
            )
        rev_a = release.tag
    sha_a = repository.resolve(rev_a)
    old = repository.load(concept_id, sha_a)
    if rev_b is None:
        new = load_concept(repository.root / CONCEPTS_DIR / concept_id)
        sha_b = None
    else:
        sha_b = repository.resolve(rev_b)
        new = repository.load(concept_id, sha_b)
    return diff(
        old,
        new,
        old_side=side(repository, old, sha_a),
        new_side=side(repository, new, sha_b),
        with_authors=with_authors,
    )
