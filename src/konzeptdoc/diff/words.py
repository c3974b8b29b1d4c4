"""Word-level diff of text values: paragraphs, then sentences, then words inside changes.

Linear in practice: paragraphs are aligned with difflib, and only aligned pairs are diffed
further, never the whole text at once. Inside a pair, sentences are aligned first and only
the changed sentences are diffed word by word: a word-level `SequenceMatcher` over a whole
paragraph is quadratic (every space token matches every other one), a 16,000-word paragraph
took minutes. Where a changed stretch meets long unchanged text on either side, the word
matcher counts that text as part of the matching block, and a whole inserted or deleted
sentence slides along repeated edge tokens the same way, so the operations are the ones a
word-level diff of the whole paragraph gives (pinned in tests/test_diff_words.py).

A word is a run of letters or digits (umlauts, ß and any Unicode letter count; hyphenated
compounds stay one word), punctuation is its own token and kept. Diffs are computed in one
canonical direction and turned round for the other, so diff(a, b) and diff(b, a) mirror
each other exactly.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import Match

from konzeptdoc.diff.pairing import paired
from konzeptdoc.diff.records import ParagraphDiff, ParagraphKind, TextDiff, WordKind, WordOp
from konzeptdoc.files.bulk import paused_gc
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
    # Past `_EXACT_PAIRS` (60,000 paragraphs of a few texts took a minute), as words below.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=_popular(a, b))
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
    # Without the collector: what is built here is freed by reference counting, and each of
    # its passes would walk the token lists, the longer the more often (quadratic).
    with paused_gc():
        known: dict[str, str] = {}
        (ka, sa, a), (kb, sb, b) = _split(old, known), _split(new, known)
        return tuple(
            WordOp(_WORD_KINDS[tag], "".join(a[i1:i2]), "".join(b[j1:j2]))
            for tag, i1, i2, j1, j2 in _opcodes(a, b, sa, sb, _aligned(ka, kb))
        )


#: Where `sentences` cuts, found in the text itself: after a sentence end (always a token of
#: its own) followed by a space (always the start of a whitespace token).
_SENTENCE_END_AT = re.compile(r"[.!?:;](?=\s)")


def _split(text: str, known: dict[str, str]) -> tuple[list[str], list[int], list[str]]:
    """The text's sentences, where each starts in its tokens, and the tokens:
    `sentences(tokens(text))` without a Python step per token, the sentence texts serving
    as keys for the alignment (equal texts have equal tokens; a text hashes faster than a
    tuple of its tokens). Equal tokens are one object (`known`, shared by both sides): a
    long text repeats its words, and a few thousand strings stay in the processor's cache
    where tens of thousands would not."""
    cuts = [0, *(match.end() for match in _SENTENCE_END_AT.finditer(text)), len(text)]
    texts = [text[start:end] for start, end in itertools.pairwise(cuts) if end > start]
    flat: list[str] = []
    starts = [0]
    for part in texts:
        found = _TOKEN.findall(part)
        flat += map(known.setdefault, found, found)
        starts.append(len(flat))
    return texts, starts, flat


Opcode = tuple[WordKind, int, int, int, int]
_SENTENCE_END = frozenset(".!?:;")
#: Above this many token pairs a matcher would compare, popular tokens are left out of its
#: anchors (difflib's autojunk): only reached by a changed stretch of thousands of words
#: without a sentence end, or by a text repeating one sentence hundreds of times. Below it
#: the results are exact; above it the time stays bounded and the diff may be coarser.
_EXACT_PAIRS = 2_000_000
#: Above this many, a changed stretch of several sentences is diffed sentence by sentence
#: (`pairing`): its matcher would take tenths of seconds, growing with the square of its
#: length. Reached where most sentences of a long paragraph changed, never by a few edits.
_PAIRED_ABOVE = 200_000
#: A changed stretch longer than this many tokens (10,000 words without a sentence end; a
#: hostile 300,000-word one took minutes) is shown whole as replaced, not word by word.
_WHOLE_ABOVE = 20_000


def sentences(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Tokens cut before the space that follows a sentence end (the space opens the next)."""
    cuts = [0]
    cuts += [
        n for n in range(1, len(words)) if words[n - 1] in _SENTENCE_END and words[n][0].isspace()
    ]
    cuts.append(len(words))
    return [tuple(words[start:end]) for start, end in itertools.pairwise(cuts) if end > start]


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """`SequenceMatcher.get_opcodes` over two token lists, sentences aligned first."""
    sa, sb = sentences(a), sentences(b)
    return _opcodes(a, b, _offsets(sa), _offsets(sb), _aligned(sa, sb))


def _opcodes(
    a: Sequence[str],
    b: Sequence[str],
    starts_a: list[int],
    starts_b: list[int],
    outer: list[Opcode],
) -> list[Opcode]:
    result: list[Opcode] = []
    whole: list[int] = []  # indexes of whole inserted or deleted sentences in `result`
    rough = False
    for number, (tag, i1, i2, j1, j2) in enumerate(outer):
        a1, a2, b1, b2 = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if tag != "replace":
            _emit(result, (tag, a1, a2, b1, b2))
            if tag != "equal":
                whole.append(len(result) - 1)
            continue
        if max(i2 - i1, j2 - j1) > 1 and _compared(a[a1:a2], b[b1:b2], _PAIRED_ABOVE):
            rough = True  # a long rewritten stretch: sentence by sentence
            old = [a[starts_a[k] : starts_a[k + 1]] for k in range(i1, i2)]
            new = [b[starts_b[k] : starts_b[k + 1]] for k in range(j1, j2)]
            for kind, x1, x2, y1, y2 in paired(old, new):
                x1, x2 = starts_a[i1 + x1], starts_a[i1 + x2]
                y1, y2 = starts_b[j1 + y1], starts_b[j1 + y2]
                if kind != "replace" or max(x2 - x1, y2 - y1) > _WHOLE_ABOVE:
                    _emit(result, (kind, x1, x2, y1, y2))
                    continue
                for sub, u1, u2, v1, v2 in _Anchored(a[x1:x2], b[y1:y2], 0, 0).get_opcodes():
                    _emit(result, (sub, x1 + u1, x1 + u2, y1 + v1, y1 + v2))
            continue
        if max(a2 - a1, b2 - b1) > _WHOLE_ABOVE:
            _emit(result, ("replace", a1, a2, b1, b2))
            continue
        before = a1 - starts_a[outer[number - 1][1]] if number else 0
        after = starts_a[outer[number + 1][2]] - a2 if number + 1 < len(outer) else 0
        inner = _Anchored(a[a1:a2], b[b1:b2], before, after)
        for kind, x1, x2, y1, y2 in inner.get_opcodes():
            _emit(result, (kind, a1 + x1, a1 + x2, b1 + y1, b1 + y2))
    for index in whole:
        _slide(result, index, a, b)
    if not whole and not rough:
        return result
    merged: list[Opcode] = []  # a slide may have emptied an unchanged neighbour; pairs meet
    for op in result:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            _, i1, _, j1, _ = merged[-1]
            kind = "replace" if i1 < op[2] and j1 < op[4] else op[0]
            merged[-1] = (kind, i1, op[2], j1, op[4])
        else:
            merged.append(op)
    return merged


def _offsets(parts: list[tuple[str, ...]]) -> list[int]:
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part))
    return starts


def _emit(result: list[Opcode], op: Opcode) -> None:
    if result and op[0] == "equal" == result[-1][0]:
        result[-1] = ("equal", result[-1][1], op[2], result[-1][3], op[4])
    else:
        result.append(op)


def _aligned(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """Sentences aligned on those that occur once on each side, kept in order (the longest
    such chain, as patience diff does); difflib aligns the short stretches between them.

    difflib alone finds the longest matching block first and recurses on both sides, which
    costs about n·log(changes) over a whole paragraph; the chain is found in n·log n by
    bisection, and in prose nearly every sentence is unique.
    """
    count_a, count_b = Counter(a), Counter(b)
    where = {item: j for j, item in enumerate(b) if count_b[item] == 1}
    pairs = [(i, where[item]) for i, item in enumerate(a) if count_a[item] == 1 and item in where]
    result: list[Opcode] = []
    i0 = j0 = 0
    for i, j in [*_increasing(pairs), (len(a), len(b))]:
        if i > i0 or j > j0:
            for tag, x1, x2, y1, y2 in _matcher(a[i0:i], b[j0:j]).get_opcodes():
                _emit(result, (tag, i0 + x1, i0 + x2, j0 + y1, j0 + y2))
        if i < len(a):
            _emit(result, ("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    return result


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of `pairs` (sorted by their first item) increasing in the second."""
    tails: list[int] = []  # second items ending the best chain of each length
    ends: list[int] = []  # index in `pairs` of that chain's last pair
    back = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[length], ends[length] = j, index
        back[index] = ends[length - 1] if length else -1
    chain: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]


def _matcher(a: Sequence[Hashable], b: Sequence[Hashable]) -> difflib.SequenceMatcher[Hashable]:
    return difflib.SequenceMatcher(None, a, b, autojunk=_popular(a, b))


def _popular(a: Sequence[Hashable], b: Sequence[Hashable]) -> bool:
    return _compared(a, b, _EXACT_PAIRS)


def _compared(a: Sequence[Hashable], b: Sequence[Hashable], bound: int) -> bool:
    """Whether a matcher over `a` and `b` would compare more than `bound` token pairs."""
    if len(a) * len(b) <= bound:  # the count can't exceed it: not worth counting
        return False
    counts = Counter(b)
    return sum(counts[item] for item in a) > bound


class _Anchored(difflib.SequenceMatcher[str]):
    """A word matcher for a changed stretch that knows how much unchanged text surrounds it.

    A matcher over the whole paragraph would see the stretch's common start as the end of
    the unchanged text before it (`before` tokens longer), its common end as the start of
    the text after it; choosing its longest block first, it decides by those lengths where
    a repeated space or word goes. This one decides the same way.
    """

    def __init__(self, a: Sequence[str], b: Sequence[str], before: int, after: int) -> None:
        self.before, self.after = before, after
        self.tokens = (a, b)
        super().__init__(None, a, b, autojunk=_popular(a, b))

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> Match:
        a, b = self.tokens
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        # Ranked as a whole-paragraph matcher ranks: longest, then earliest in a, then in b.
        candidates: list[tuple[tuple[int, int, int], Match]] = []
        if alo == 0 and blo == 0 and self.before:
            size = 0
            while size < ahi and size < bhi and a[size] == b[size]:
                size += 1
            if size:
                rank = (size + self.before, self.before, self.before)
                candidates.append((rank, Match(0, 0, size)))
        if ahi == len(a) and bhi == len(b) and self.after:
            size = 0
            while size < ahi - alo and size < bhi - blo and a[ahi - 1 - size] == b[bhi - 1 - size]:
                size += 1
            if size:
                rank = (size + self.after, size - ahi, size - bhi)
                candidates.append((rank, Match(ahi - size, bhi - size, size)))
        decided = _unbeaten(candidates, min(ahi - alo, bhi - blo))
        if decided is not None:
            return decided
        best = super().find_longest_match(alo, ahi, blo, bhi)
        candidates.append(((best.size, -best.a, -best.b), best))
        return max(candidates, key=lambda candidate: candidate[0])[1]


def _unbeaten(candidates: list[tuple[tuple[int, int, int], Match]], longest: int) -> Match | None:
    """The best edge candidate if no block inside the stretch can outrank it, else None.

    No block inside is longer than the stretch's shorter side (`longest`): a candidate at
    least that long wins without the search, the costly part of the matcher. At equal
    length a prefix still ranks first (its second key is positive), a suffix does not (a
    block as long as a whole side starts earlier).
    """
    if not candidates:
        return None
    rank, match = max(candidates, key=lambda candidate: candidate[0])
    return match if rank[0] > longest or (rank[0] == longest and rank[1] > 0) else None


def _slide(ops: list[Opcode], index: int, a: Sequence[str], b: Sequence[str]) -> None:
    """Move a whole inserted or deleted sentence along repeated tokens at its edges.

    Between unchanged neighbours, "X. S. Y" may show "S. " or ". S" as inserted; a
    whole-paragraph matcher extends the longer neighbour first, so it goes that way.
    """
    if not 0 < index < len(ops) - 1:
        return
    kind, i1, i2, j1, j2 = ops[index]
    previous, following = ops[index - 1], ops[index + 1]
    if previous[0] != "equal" or following[0] != "equal":
        return
    if kind == "insert":
        tokens_, low, high, floor, ceiling = b, j1, j2, previous[3], following[4]
    else:
        tokens_, low, high, floor, ceiling = a, i1, i2, previous[1], following[2]
    left = 0
    while low - 1 - left >= floor and tokens_[high - 1 - left] == tokens_[low - 1 - left]:
        left += 1
    right = 0
    while high + right < ceiling and tokens_[low + right] == tokens_[high + right]:
        right += 1
    before, after = previous[2] - previous[1], following[2] - following[1]
    shift = -left if after + left > before + right else right
    if shift:
        ops[index - 1] = (
            "equal",
            previous[1],
            previous[2] + shift,
            previous[3],
            previous[4] + shift,
        )
        ops[index] = (kind, i1 + shift, i2 + shift, j1 + shift, j2 + shift)
        ops[index + 1] = (
            "equal",
            following[1] + shift,
            following[2],
            following[3] + shift,
            following[4],
        )


_WORD_KINDS: dict[str, WordKind] = {
    "equal": "equal",
    "insert": "insert",
    "delete": "delete",
    "replace": "replace",
}
_TURN_WORD: dict[WordKind, WordKind] = {
    "insert": "delete",
    "delete": "insert",
    "equal": "equal",
    "replace": "replace",
}
_TURN_PARAGRAPH: dict[ParagraphKind, ParagraphKind] = {
    "insert": "delete",
    "delete": "insert",
    "equal": "equal",
    "modified": "modified",
}


def _mirror(diff: TextDiff) -> TextDiff:
    return TextDiff(
        tuple(
            ParagraphDiff(
                _TURN_PARAGRAPH[p.kind],
                p.new,
                p.old,
                tuple(WordOp(_TURN_WORD[w.kind], w.new, w.old) for w in p.words),
            )
            for p in diff.paragraphs
        )
    )
