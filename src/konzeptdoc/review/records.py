"""The frozen records a review returns (`konzeptdoc.read_review`), JSON-ready."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ReviewChange:
    """One reviewer's change of one text: the whole text before and after it.

    `old` and `new` are the text a reader sees, runs of whitespace as one space; `date` is
    ISO 8601 or None; `file` the reviewed copy it came from.
    """

    entity: str
    field: str
    old: str
    new: str
    author: str
    date: str | None
    file: str


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """A comment; `reply_to` is the index of the comment it answers in the same list; `done`
    that the reviewer marked it as resolved (Word's "Erledigt")."""

    entity: str | None
    field: str | None
    author: str
    text: str
    quoted: str
    file: str
    date: str | None = None
    reply_to: int | None = None
    done: bool = False


@dataclass(frozen=True, slots=True)
class Unmapped:
    """A tracked change that does not belong to any data (with the German reason)."""

    text: str
    author: str
    reason: str
    file: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """One version of a text in a conflict: a reviewer's, or the repository's own."""

    author: str
    new: str
    file: str | None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewConflict:
    """A text changed differently by reviewers, or by a reviewer and since in the repository."""

    entity: str
    field: str
    old: str
    proposals: tuple[Proposal, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Edit:
    """A change to make to the data: the key's new value in the data's own form (Markdown)."""

    entity: str
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Review:
    """What reviewed copies of a concept document say, mapped to the concept's data."""

    concept: str
    revision: str | None
    changes: tuple[ReviewChange, ...]
    comments: tuple[ReviewComment, ...]
    unmapped: tuple[Unmapped, ...]
    conflicts: tuple[ReviewConflict, ...]
    edits: tuple[Edit, ...]
    #: (entity, field) → German name of the entity and label of the key, for output
    labels: dict[tuple[str, str], tuple[str, str]]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``konzeptdoc review --format json``."""
        return {
            "changes": [asdict(c) for c in self.changes],
            "comments": [asdict(c) for c in self.comments],
            "unmapped": [asdict(u) for u in self.unmapped],
            "conflicts": [
                {
                    "entity": c.entity,
                    "field": c.field,
                    "old": c.old,
                    "reason": c.reason,
                    "proposals": [asdict(p) for p in c.proposals],
                }
                for c in self.conflicts
            ],
        }

    def taken_over(self, comments: int | None = None) -> str:
        """What --apply writes, in words: "1 Änderung und 2 Kommentare", "2 Kommentare";
        `comments` the number of comments new to the review file (default: all)."""
        from konzeptdoc.german.glossary import count, listing

        comments = len(self.comments) if comments is None else comments
        parts = [count(len(self.edits), "change")] if self.edits or not comments else []
        if comments:
            parts.append(count(comments, "Kommentar"))
        return listing(parts)

    @property
    def reviewers(self) -> list[str]:
        """Everyone whose change or comment the review holds, in order of appearance."""
        seen: dict[str, None] = {}
        authors = [c.author for c in self.changes] + [c.author for c in self.comments]
        for author in authors:
            for name in author.split(", "):
                if name and name != "unbekannt":
                    seen.setdefault(name, None)
        return list(seen)
