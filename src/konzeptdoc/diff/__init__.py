"""Revision diffs: change records (data) and their renderings."""

from .compute import diff
from .records import Change, ConceptDiff, ParagraphDiff, Side, TextDiff, ValueChange, WordOp

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
