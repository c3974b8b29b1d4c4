"""The id a mistyped reference most likely meant, for many references against one list.

`difflib.get_close_matches(word, known, n=1)` computes the full `ratio` of the word against
every known id. A concept whose goal ids were renumbered has thousands of broken references
and hundreds of goals: validate spent 4 s on them in the large concept and 54 s at four
times its size (every reference against every id). `Closest` gives the same answer with
the full ratio only where it can win: each id's cheap upper bound (the characters both have
in common, difflib's `quick_ratio`) is taken first, the ids are tried from the highest bound
down, and the search stops where no bound reaches the best ratio found. Each word is looked
up once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher


class Closest:
    """`get_close_matches(word, known, n=1, cutoff)[0]` (None for no match), memoized."""

    def __init__(self, known: Iterable[str], cutoff: float = 0.6) -> None:
        self._known = [(text, len(text), Counter(text)) for text in known]
        self._cutoff = cutoff
        self._found: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word not in self._found:
            self._found[word] = self._search(word)
        return self._found[word]

    def _search(self, word: str) -> str | None:
        cutoff, size, counts = self._cutoff, len(word), Counter(word)
        bounds = []
        for text, length, characters in self._known:
            total = length + size
            if _ratio(min(length, size), total) < cutoff:  # difflib's real_quick_ratio
                continue
            shared = sum(min(n, counts[c]) for c, n in characters.items() if c in counts)
            bound = _ratio(shared, total)  # difflib's quick_ratio: never below the ratio
            if bound >= cutoff:
                bounds.append((bound, text))
        bounds.sort(reverse=True)
        matcher = SequenceMatcher()
        matcher.set_seq2(word)  # as get_close_matches: the word is the second sequence
        best: tuple[float, str] | None = None
        for bound, text in bounds:
            if best is not None and bound < best[0]:
                break  # no id further down can reach (or tie) the best ratio
            matcher.set_seq1(text)
            found = (matcher.ratio(), text)
            # the larger (ratio, id) wins, as heapq.nlargest picks it in get_close_matches
            if found[0] >= cutoff and (best is None or found > best):
                best = found
        return None if best is None else best[1]


def _ratio(matches: int, length: int) -> float:
    """difflib's own formula, so that a bound and a ratio compare as difflib's do."""
    return 2.0 * matches / length if length else 1.0
