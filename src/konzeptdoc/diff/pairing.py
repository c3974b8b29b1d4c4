"""Sentences of a long rewritten stretch paired with their counterparts, in linear time.

Where most sentences of a paragraph changed (half its words replaced, a chapter rewritten),
no sentence is left to anchor the alignment and the changed stretch is the whole paragraph:
a word matcher over it compares every word with every equal word (quadratic; 16,000 words
took seconds). Such a stretch is cut into pairs of sentences instead, each diffed word by
word: walking both sides in order, the next old sentence is paired with the next new one
if they share enough words, else with the nearest (a few sentences ahead on either side)
that does, the sentences skipped counting as deleted or inserted. Exactness gives way to
bounded time here, as it does above the word matcher's bound (`words._EXACT_PAIRS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from konzeptdoc.diff.records import WordKind

Pair = tuple[WordKind, int, int, int, int]

#: How many sentences ahead on either side a counterpart is looked for.
_AHEAD = 3
#: Shared words (Dice coefficient of the two sets of words) that make two sentences a pair.
_SIMILAR = 0.3


def paired(old: Sequence[Sequence[str]], new: Sequence[Sequence[str]]) -> list[Pair]:
    """Sentence-level operations over `old` and `new` (sentences as tokens): "replace" for a
    pair of one sentence each, "delete" and "insert" for sentences without a counterpart."""
    words_old = [_words(sentence) for sentence in old]
    words_new = [_words(sentence) for sentence in new]
    ops: list[Pair] = []
    i = j = 0
    while i < len(old) and j < len(new):
        di, dj = _nearest(words_old, words_new, i, j)
        if di:
            ops.append(("delete", i, i + di, j, j))
        if dj:
            ops.append(("insert", i + di, i + di, j, j + dj))
        i, j = i + di, j + dj
        ops.append(("replace", i, i + 1, j, j + 1))
        i, j = i + 1, j + 1
    if i < len(old):
        ops.append(("delete", i, len(old), j, j))
    if j < len(new):
        ops.append(("insert", i, i, j, len(new)))
    return ops


def _words(sentence: Sequence[str]) -> frozenset[str]:
    return frozenset(token for token in sentence if not token.isspace())


def _nearest(
    old: list[frozenset[str]], new: list[frozenset[str]], i: int, j: int
) -> tuple[int, int]:
    """Sentences to skip on each side before the closest pair that shares enough words (the
    most similar among equally close ones); (0, 0) if none within reach."""
    for distance in range(2 * _AHEAD + 1):
        best, found = _SIMILAR, None
        for di in range(max(0, distance - _AHEAD), min(distance, _AHEAD) + 1):
            dj = distance - di
            if i + di >= len(old) or j + dj >= len(new):
                continue
            a, b = old[i + di], new[j + dj]
            similarity = 2 * len(a & b) / (len(a) + len(b) or 1)
            if similarity >= best and (found is None or similarity > best):
                best, found = similarity, (di, dj)
        if found is not None:
            return found
    return 0, 0
