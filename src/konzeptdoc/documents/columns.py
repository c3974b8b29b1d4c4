"""Column widths that keep short values whole: a header word, a date, a time, a status.

Two layouts. A narrow table (`fit`, up to three columns: label and value) keeps the shares
its author gave, so a table repeated for every measure looks the same each time; a column
is widened only where a header word, or the widest word of a column whose words must not
break, would not fit. A wide table (`auto`: the measures plan, the events) is laid out by
its content as browsers lay out HTML tables: every column gets at least its widest word,
the rest goes where the longer texts are. Long words of running text may still wrap: a
column cannot be as wide as "Migrantenselbstorganisationen" everywhere.

Widths are measured with Arial's advance widths (Liberation Sans, metric-compatible), the
bundled template's font; in another font they are off by a few percent, hence the slack.
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache
from itertools import repeat

_CHARS = "".join(chr(code) for code in range(32, 127)) + "ÄÖÜäöüß€–„“"
# Advance widths in 1/1000 em, in the order of _CHARS.
_REGULAR = dict(zip(_CHARS, (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584, 667, 778, 722, 556, 556, 556, 611, 556, 556, 333, 333,
), strict=True))  # fmt: skip
_BOLD = dict(zip(_CHARS, (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584, 722, 778, 722, 556, 611, 611, 611, 556, 556, 500, 500,
), strict=True))  # fmt: skip
# No-break spaces: as wide as a space (the narrow one a little less); they join words.
_REGULAR.update({"\u00a0": 278, "\u202f": 200})
_BOLD.update({"\u00a0": 278, "\u202f": 200})
_BREAKS = re.compile(r"[ \t\n\r\f\v]+")
_WIDEST = max(*_REGULAR.values(), *_BOLD.values())  # "@"
_AVERAGE = 500  # a character of German prose, a little generous (the samples' values: 468)
_OTHER = 611  # a character outside the table: a wide-ish guess
_CELL_MARGINS = 216  # twips: Word's and LibreOffice's default 0.19 cm left and right
_SLACK = 1.06  # other fonts, and rounding in the layout engines


def widest_word(texts: set[str], size_pt: float, *, hyphens: bool = True) -> str:
    """The piece of `texts` between line-break opportunities that needs the most room.

    A line may break at a space, or after a hyphen (LibreOffice and Word both do) unless
    `hyphens` is False (an id such as "m-sprach-kita" should stay on one line); an en dash
    as in "2027–2031" is kept whole. Only the 24 longest distinct pieces are measured: the
    widest is one of them in practice, and a 1,200-row title column has ten thousand pieces.
    """
    joined = "\n".join(texts)
    # Not str.split(): it parts "20.000\u00a0€" at the no-break space, where no line breaks.
    pieces = set(_BREAKS.split(joined.replace("-", "- ") if hyphens else joined))  # in C
    pieces.discard("")
    if not pieces:
        return ""
    candidates = heapq.nlargest(24, pieces, key=lambda w: (len(w), w))  # a total order
    widest: str = max(candidates, key=lambda w: (word_width(w, bold=False, size_pt=size_pt), w))
    return widest


def word_width(word: str, *, bold: bool, size_pt: float) -> int:
    """Twips a cell needs to show `word` on one line."""
    table = _BOLD if bold else _REGULAR
    em = sum(map(table.get, word, repeat(_OTHER)))  # in C: a plan measures 240 words
    return round(em * size_pt * 20 / 1000 * _SLACK) + _CELL_MARGINS


def line_width(characters: int, size_pt: float) -> int:
    """Twips a line of so many characters of ordinary text needs (average width)."""
    return round(characters * _AVERAGE * size_pt * 20 / 1000 * _SLACK) + _CELL_MARGINS


@lru_cache(maxsize=1024)
def fit(
    shares: tuple[int, ...],
    header: tuple[str, ...],
    keep: tuple[str, ...],
    total: int,
    size_pt: float,
) -> tuple[int, ...]:
    """Column widths in twips for a narrow table (up to three columns) `total` twips wide.

    Each column gets its share – a table repeated for every measure looks the same each
    time – widened where a header word or its `keep` sample would break, the width taken
    from columns with room to spare (each keeps at least half its width).

    >>> fit((50, 50), ("A", "B"), (), 1000, 9)
    (500, 500)
    >>> fit((10, 90), ("Teilnehmende", "Text"), (), 9000, 9)
    (1499, 7501)
    """
    whole = sum(shares)
    want = [total * share // whole for share in shares]
    need = []
    for column, room in enumerate(want):
        words = [(word, True) for word in header[column].split()] if column < len(header) else []
        if column < len(keep) and keep[column]:
            words.append((keep[column], False))
        need.append(max((word_width(w, bold=b, size_pt=size_pt) for w, b in words
                         if might_break(w, room, size_pt)), default=0))  # fmt: skip
    short = sum(max(n - w, 0) for n, w in zip(need, want, strict=True))
    if short == 0:
        return tuple(want)
    spare = [max(w - max(n, w // 2), 0) for n, w in zip(need, want, strict=True)]
    available = sum(spare)
    if available < short:  # not everything fits: widths in proportion to the lower bounds
        lower = [max(n, w // 2) for n, w in zip(need, want, strict=True)]
        return tuple(total * low // sum(lower) for low in lower)
    return tuple(
        n if n > w else w - s * short // available
        for n, w, s in zip(need, want, spare, strict=True)
    )


def might_break(text: str, room: int, size_pt: float) -> bool:
    """Whether `text` could need more than `room` twips (by its length alone: cheap)."""
    return len(text) * _WIDEST * size_pt * 20 / 1000 * _SLACK + _CELL_MARGINS > room


@lru_cache(maxsize=256)
def breaking_length(room: int, size_pt: float) -> int:
    """The fewest characters that `might_break` in `room` twips (the same arithmetic)."""
    length = 0
    while not length * _WIDEST * size_pt * 20 / 1000 * _SLACK + _CELL_MARGINS > room:
        length += 1
    return length


@lru_cache(maxsize=256)
def auto(
    shares: tuple[int, ...],
    header: tuple[str, ...],
    widest: tuple[str, ...],
    longest: tuple[int, ...],
    total: int,
    size_pt: float,
) -> tuple[int, ...]:
    """Column widths in twips for a wide table, laid out by its content as browsers do.

    A column needs at least its widest word (`widest`, header words in bold included) and
    would like its longest line (`longest` characters, or the header). If all longest lines
    fit, the room left is shared by `shares`; else every column gets its widest word and
    the rest goes to the columns by how much more they would like; if not even the widest
    words fit, the widest columns are cut to one width (long words of running text break,
    dates, states and ids stay whole).

    >>> auto((25, 25, 25, 25), ("Nr.", "Titel", "Stand", "Kosten"),
    ...      ("m-42", "Willkommensmappe", "fortgeführt", "12.000"), (4, 60, 11, 8), 9000, 9)
    (692, 5981, 1306, 1020)
    """
    bold = [max((word_width(w, bold=True, size_pt=size_pt) for w in h.split()), default=0)
            for h in header]  # fmt: skip
    least = [
        max(word_width(w, bold=False, size_pt=size_pt), b)
        for w, b in zip(widest, bold, strict=True)
    ]
    most = [max(line_width(chars, size_pt), word_width(h, bold=True, size_pt=size_pt), low)
            for chars, h, low in zip(longest, header, least, strict=True)]  # fmt: skip
    if sum(most) <= total:
        rest, whole = total - sum(most), sum(shares)
        return tuple(m + rest * share // whole for m, share in zip(most, shares, strict=True))
    if sum(least) <= total:
        rest, wish = total - sum(least), sum(most) - sum(least)
        return tuple(low + rest * (m - low) // wish for low, m in zip(least, most, strict=True))
    # Not even the widest words fit: the columns with the widest words are cut to one width,
    # so their long words break and the dates, states and headers elsewhere stay whole.
    cut = _level(least, total)
    return tuple(min(low, cut) for low in least)


def _level(values: list[int], total: int) -> int:
    """The largest `cut` with sum(min(v, cut)) <= total."""
    below = 0
    ordered = sorted(values)
    for index, value in enumerate(ordered):
        left = len(ordered) - index
        if below + value * left > total:
            return (total - below) // left
        below += value
    return ordered[-1] if ordered else 0


__all__ = ["auto", "breaking_length", "fit", "line_width", "widest_word", "word_width"]
