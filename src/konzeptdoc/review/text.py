"""A reviewer's edit of the text a reader sees, carried over into the Markdown source.

The document shows a value's plain text; the data holds Markdown (`model.text`). The words
that changed between the text as it was and as it is now are found with difflib over
tokens, and each change is spliced into the source at the place its words came from: the
plain text's tokens are aligned with the source in one left-to-right pass (markers such
as ``**`` or a list's ``- `` lie between them), so the rest of the source – its
formatting, its line breaks – stays as written. Inserted text is escaped so that a
reviewer's ``*``, ``_`` or ``[`` stays literal. The result is checked: its plain text must
be what the reviewer left, else the edit is refused (never guessed).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable

from konzeptdoc.diff.words import opcodes
from konzeptdoc.model.text import plain_text

_TOKEN = re.compile(r"\n\n| |\w+|[^\w\s]")
_WS = re.compile(r"\s+")
_PARAGRAPHS = re.compile(r"\s*\n\s*\n\s*")
_ESCAPE = re.compile(r"([\\*_\[\]<`])")
_BLOCK = re.compile(r"(^|\n\n)([-+>#]|\d{1,9}[.)])(?=\s|$)")
#: Up to this many token pairs (texts of about 250 words) a word matcher aligns the whole
#: value; beyond, `diff.words.opcodes` aligns its sentences first. A word matcher over a
#: long value is quadratic – every space matches every other one: a reviewer's one-word
#: edit of a 4,000-word text took 19 s. Where a word inserted beside the same word could
#: go on either side of a space, the two may place it differently (inside or outside a
#: neighbour's emphasis); the text is the same.
_EXACT_PAIRS = 250_000


def norm(text: str) -> str:
    """Runs of whitespace as one space (how review texts are compared and reported)."""
    return " ".join(text.split())  # str.split: the same whitespace as \s, ten times faster


def shape(text: str) -> str:
    """Paragraphs kept apart by a blank line, any other whitespace one space."""
    return "\n\n".join(norm(p) for p in _PARAGRAPHS.split(text.strip()) if p.strip())


def escape(text: str) -> str:
    """Text that Markdown reads as exactly this text (the subset's syntax escaped)."""
    return _BLOCK.sub(r"\1\\\2", _ESCAPE.sub(r"\\\1", text))


def _align(plain_tokens: list[str], source: str) -> list[tuple[int, int]] | None:
    """For each token of the plain text, where it is in the source (start, end)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for token in plain_tokens:
        if token.isspace():
            match = _WS.search(source, at)
            if match is None:
                return None
            spans.append((match.start(), match.end()))
            at = match.end()
            continue
        start = end = -1
        for character in token:
            found = source.find(character, at)
            if found < 0:
                return None
            if start < 0:
                start = found
            end = at = found + 1
        spans.append((start, end))
    return spans


_MARKERS = re.compile(r"[*_]+")


def _whole_markers(source: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over emphasis markers whose partner it already holds, so that
    removing "Rathaus" from "im **Rathaus** für" leaves no empty "****"."""
    after = _MARKERS.match(source, end)
    if after and after.group() in source[start:end]:
        end = after.end()
    left = start
    while left > 0 and source[left - 1] in "*_":
        left -= 1
    if left < start and source[left:start] in source[start:end]:
        start = left
    return start, end


def transfer(source: str | None, new: str, *, markdown: bool) -> str | None:
    """The source changed so that it reads `new` (shaped text); None if that cannot be
    done safely. A plain (non-Markdown) value becomes `new` on one line, its unchanged
    words as they were (a no-break space in "§ 5" stays)."""
    if not markdown:  # spliced too, so that a no-break space or the like outside the edit stays
        out = _splice(source or "", norm(source or ""), norm(new), None)
        return out if out is not None and norm(out) == norm(new) else norm(new)
    source = source or ""
    old = shape(plain_text(source)) if source else ""
    if not old:
        return escape(new)
    out = _splice(source, old, shape(new), escape)
    if out is None or norm(plain_text(out)) != norm(new):
        return None
    return out


def _splice(source: str, old: str, new: str, escape: Callable[[str], str] | None) -> str | None:
    """`source`, which reads as `old`, changed where `new` differs from `old` (None if the
    two cannot be aligned); inserted text passes through `escape` (Markdown; None: the
    source is plain text, its ``*`` and ``_`` are no markers)."""
    if not old:
        return None
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    spans = _align(a, source)
    if spans is None:
        return None
    pieces: list[tuple[int, int, str]] = []
    if len(a) * len(b) <= _EXACT_PAIRS:
        changes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    else:  # sentences aligned first, words only inside changed ones (see `_EXACT_PAIRS`)
        changes = opcodes(a, b)
    for tag, i1, i2, j1, j2 in changes:
        if tag == "equal":
            continue
        text = "".join(b[j1:j2])
        if i1 < i2:
            start, end = spans[i1][0], spans[i2 - 1][1]
            if escape is not None:
                text = escape(text)
                start, end = _whole_markers(source, start, end)
            pieces.append((start, end, text))
        else:
            at = spans[i1][0] if i1 < len(spans) else spans[-1][1]
            pieces.append((at, at, text if escape is None else escape(text)))
    ordered = all(end <= start for (_, end, _), (start, _, _) in itertools.pairwise(pieces))
    if not ordered:  # spans widened over markers into each other: as before, last first
        out = source
        for start, end, text in reversed(pieces):
            out = out[:start] + text + out[end:]
        return out
    out_parts, at = [], 0  # joined once: a copy of the text per change was quadratic
    for start, end, text in pieces:
        out_parts += [source[at:start], text]
        at = end
    out_parts.append(source[at:])
    return "".join(out_parts)
