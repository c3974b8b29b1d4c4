"""Revision diffs: change records (data) and their renderings."""

from konzeptdoc.diff.compute import diff
from konzeptdoc.diff.records import (
    Change,
    ConceptDiff,
    ParagraphDiff,
    Side,
    TextDiff,
    ValueChange,
    WordOp,
)

__all__ = [
    "Change",
    "ConceptDiff",
    "ParagraphDiff",
    "Side",
    "TextDiff",
    "ValueChange",
    "WordOp",
    "diff",
]
