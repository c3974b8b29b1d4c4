"""A revision diff as data: frozen records, rendered by separate functions.

ConceptDiff
  changes: tuple[Change]            one per entity that changed, in document order
    Change(kind, entity_type, entity_id, path, title_old, title_new, where_old, where_new,
           values: tuple[ValueChange])
      ValueChange(key, old, new, text: TextDiff | None)
        TextDiff(paragraphs: tuple[ParagraphDiff])
          ParagraphDiff(kind, old, new, words: tuple[WordOp])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from konzeptdoc.diff.summary import german_summary

ChangeKind = Literal["added", "removed", "renamed", "moved", "reordered", "modified"]
WordKind = Literal["equal", "insert", "delete", "replace"]
ParagraphKind = Literal["equal", "insert", "delete", "modified"]


@dataclass(frozen=True, slots=True)
class WordOp:
    """Part of a paragraph: unchanged text, or words deleted, inserted or replaced."""

    kind: WordKind
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class ParagraphDiff:
    """One paragraph of a text value: unchanged, new, gone, or changed word by word."""

    kind: ParagraphKind
    old: str
    new: str
    words: tuple[WordOp, ...] = ()


@dataclass(frozen=True, slots=True)
class TextDiff:
    """A text value compared paragraph by paragraph, then word by word."""

    paragraphs: tuple[ParagraphDiff, ...]

    @property
    def word_changes(self) -> int:
        """How many word operations (insert, delete, replace) the texts differ by."""
        count = 0
        for paragraph in self.paragraphs:
            if paragraph.kind in ("insert", "delete"):
                count += 1
            count += sum(1 for op in paragraph.words if op.kind != "equal")
        return count


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One key of an entity with its old and new value; text values carry a word diff."""

    key: str
    old: object
    new: object
    text: TextDiff | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one entity.

    Attributes:
        kind: added, removed, renamed (same id, new title), moved (same id, new parent),
            reordered (same parent, new position) or modified.
        entity_type: concept, principle, target_group, field, goal_guiding, goal_action,
            measure, indicator, event, working_group, contribution, participation, submission.
        path: Where it is, e.g. ``fields/bildung/measures/m-sprachkurse``.
        where_old, where_new: Its parent (field id or parent goal) before and after.
        values: The keys that changed (for renames and moves too).
    """

    kind: ChangeKind
    entity_type: str
    entity_id: str
    path: str
    title_old: str | None = None
    title_new: str | None = None
    where_old: str | None = None
    where_new: str | None = None
    values: tuple[ValueChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    """A revision as a diff shows it: label, date, release and decision number."""

    label: str
    date: str | None = None
    release: str | None = None
    decision: str | None = None


@dataclass(frozen=True)
class ConceptDiff:
    """All changes between two versions of a concept."""

    concept_id: str
    old: Side
    new: Side
    changes: tuple[Change, ...] = field(default=())
    #: id → German name ("Maßnahme 3.2 „…“") of every entity of either version (new wins).
    names: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: id → title or name, for values that refer to other entities (a measure's goals).
    titles: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def counts(self) -> Counter[tuple[str, str]]:
        """(entity type, change kind) → number of changes."""
        return Counter((c.entity_type, c.kind) for c in self.changes)

    def summary(self) -> str:
        """ "1 Handlungsfeld umbenannt, 5 Leitziele neu, 12 Maßnahmen geändert"."""
        return german_summary(self.counts())
