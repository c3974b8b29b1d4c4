"""Word-level diff of text values: paragraphs aligned first, then words inside pairs.

Linear in practice: paragraphs are aligned with difflib, and only aligned pairs are diffed
word by word, never the whole text at once. A word is a run of letters or digits
(umlauts, ß and any Unicode letter count; hyphenated compounds stay one word), punctuation
is its own token and kept. Diffs are computed in one canonical direction and turned round
for the other, so diff(a, b) and diff(b, a) mirror each other exactly.
"""

from __future__ import annotations

import difflib
import re

from konzeptdoc.diff.records import ParagraphDiff, ParagraphKind, TextDiff, WordKind, WordOp
from konzeptdoc.model.text import paragraphs, parse

_TOKEN = re.compile(r"\w+(?:-\w+)*|\s+|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _paragraph_texts(source: str | None) -> list[str]:
    if not source:
        return []
    return [p.plain for p in paragraphs(parse(source))]


def text_diff(old: str | None, new: str | None) -> TextDiff:
    """Compare two text values (Markdown) paragraph by paragraph, then word by word."""
    if (old or "") > (new or ""):
        return _mirror(text_diff(new, old))
    a, b = _paragraph_texts(old), _paragraph_texts(new)
    result: list[ParagraphDiff] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(ParagraphDiff("equal", p, p) for p in a[i1:i2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        paired = min(len(olds), len(news)) if tag == "replace" else 0
        for old_text, new_text in zip(olds[:paired], news[:paired], strict=True):
            words = word_ops(old_text, new_text)
            same = sum(len(op.old) for op in words if op.kind == "equal")
            if same * 2 >= max(len(old_text), len(new_text)) * 0.6 or not old_text or not new_text:
                result.append(ParagraphDiff("modified", old_text, new_text, words))
            else:  # too different to read as an edit: shown as replaced whole
                result.append(ParagraphDiff("delete", old_text, ""))
                result.append(ParagraphDiff("insert", "", new_text))
        result.extend(ParagraphDiff("delete", p, "") for p in olds[paired:])
        result.extend(ParagraphDiff("insert", "", p) for p in news[paired:])
    return TextDiff(tuple(result))


def word_ops(old: str, new: str) -> tuple[WordOp, ...]:
    a, b = tokens(old), tokens(new)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append(WordOp(_WORD_KINDS[tag], "".join(a[i1:i2]), "".join(b[j1:j2])))
    return tuple(ops)


_WORD_KINDS: dict[str, WordKind] = {
    "equal": "equal", "insert": "insert", "delete": "delete", "replace": "replace",
}  # fmt: skip
_TURN_WORD: dict[WordKind, WordKind] = {
    "insert": "delete", "delete": "insert", "equal": "equal", "replace": "replace",
}  # fmt: skip
_TURN_PARAGRAPH: dict[ParagraphKind, ParagraphKind] = {
    "insert": "delete", "delete": "insert", "equal": "equal", "modified": "modified",
}  # fmt: skip


def _mirror(diff: TextDiff) -> TextDiff:
    return TextDiff(tuple(
        ParagraphDiff(_TURN_PARAGRAPH[p.kind], p.new, p.old,
                      tuple(WordOp(_TURN_WORD[w.kind], w.new, w.old) for w in p.words))
        for p in diff.paragraphs
    ))  # fmt: skip
