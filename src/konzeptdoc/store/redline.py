"""The redline between two revisions of a concept: Word's tracked changes, each change
credited to the author and date of the commit that last changed its entity (from blame)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from konzeptdoc.diff.redline import redline_document
from konzeptdoc.documents.comments import Comment
from konzeptdoc.files.paths import CONCEPTS_DIR
from konzeptdoc.files.save import write_atomically_bytes
from konzeptdoc.files.workspace import load_concept
from konzeptdoc.store.repository import Repository


def redline(
    repository: Repository,
    concept_id: str,
    rev_a: str | None = None,
    rev_b: str | None = None,
    *,
    output: str | os.PathLike[str] | None = None,
    pages: dict[str, int] | None = None,
    toc_field: bool = True,
    finalize: bool = False,
    pdf: Path | None = None,
    comments: Sequence[Comment] = (),
) -> Path | bytes:
    """The redline between two revisions; authors and dates from the commits that made the changes.

    `pages`, `toc_field`, `finalize` and `pdf` number the table of contents as in
    `konzeptdoc.diff.redline.redline_document`; `comments` (reviewers' notes, see
    `konzeptdoc.review.notes.note_comments`) become Word comments at their texts.
    """
    if rev_a is None:
        release = repository.latest_release(concept_id)
        rev_a = release.tag if release is not None else "HEAD"
    old = repository.load(concept_id, rev_a)
    if rev_b is None:
        new = load_concept(repository.root / CONCEPTS_DIR / concept_id)
        head = repository.revision()
    else:
        new = repository.load(concept_id, rev_b)
        head = repository.revision(rev_b)
    sides = (
        repository.side(old, repository.resolve(rev_a)),
        repository.side(new, None if rev_b is None else repository.resolve(rev_b)),
    )
    last = {
        line.entity: line.revision for line in repository.blame(concept_id, rev=rev_b or "HEAD")
    }
    default = (head.author, _iso(head.date))

    def stamp(entity: str | None) -> tuple[str, str]:
        revision = last.get(entity or "")
        return (revision.author, _iso(revision.date)) if revision is not None else default

    data = redline_document(old, new, stamp, date=head.date, sides=sides, pages=pages,
                            toc_field=toc_field, finalize=finalize, pdf=pdf,
                            comments=comments)  # fmt: skip
    if output is None:
        return data
    target = Path(output)
    write_atomically_bytes(target, data)
    return target


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
