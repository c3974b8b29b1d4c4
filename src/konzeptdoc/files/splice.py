"""Editing only the changed entities of a file: one measure's round trip, not the file's.

The round-trip parse keeps comments and layout but is slow (about 0.7 s for a field file
of 100 measures), so a save that changes one measure should not pay it for the other 99.
When the only differences are entities changed in place in top-level lists (same ids, same
order), each changed entity's lines are cut out, round-tripped inside a one-key document
that gives them the same place in the structure as in the file, merged, dumped with the
file's indentation, checked against the new data and put back. Everything else keeps its
bytes. Anything else (entities added, removed or moved, other keys changed, flow style,
Windows line endings) returns None, and the caller takes the whole-file round trip.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from konzeptdoc.errors import KonzeptdocError
from konzeptdoc.files import yamlio

#: Where more than `FEW` entities changed and their lines are more than `MAX_SHARE` of the
#: file, the whole-file round trip costs about the same (its cost follows the text it parses).
FEW, MAX_SHARE = 20, 0.6


def changed_items(old: Any, new: Any) -> list[tuple[str, int]] | None:
    """(top-level key, index) of each entity that differs, or None if anything else does."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping) or old.keys() != new.keys():
        return None
    found: list[tuple[str, int]] = []
    for key, value in new.items():
        before = old[key]
        if equal(before, value):
            continue
        if not (isinstance(before, list) and isinstance(value, list)):
            return None
        if len(before) != len(value):
            return None
        for index, (a, b) in enumerate(zip(before, value, strict=True)):
            if equal(a, b):
                continue
            if not (isinstance(a, Mapping) and isinstance(b, Mapping)) or a.get("id") != b.get(
                "id"
            ):
                return None
            found.append((key, index))
    return found


def splice(old_text: str, old_data: Any, new_data: Any) -> str | None:
    """`old_text` with only its changed entities rewritten to `new_data`; None if not possible."""
    items = changed_items(old_data, new_data)
    if not items or "\r\n" in old_text or not old_text.endswith("\n"):
        return None
    pieces: list[tuple[int, int, str]] = []
    indent = yamlio.guess_indent(old_text)
    nulls = yamlio.null_word(old_text)
    spans: dict[str, list[tuple[int, int] | None] | None] = {}
    places: list[tuple[str, int, int, int]] = []
    for key, index in items:
        if key not in spans:
            spans[key] = _item_spans(old_text, key)
        found = spans[key]
        if found is None or len(found) != len(old_data[key]) or found[index] is None:
            return None
        start, end = found[index] or (0, 0)
        places.append((key, index, start, end))
    # Capped by the share of the text, not by a number of entities: twenty-one changed
    # measures once took the whole file, 0.5 s for a field of 100 measures, 5 s for 1,000.
    if len(places) > FEW and sum(e - s for *_, s, e in places) > MAX_SHARE * len(old_text):
        return None
    for key, index, start, end in places:
        text = _rewrite(
            key, old_text[start:end], old_data[key][index], new_data[key][index], indent, nulls
        )
        if text is None:
            return None
        pieces.append((start, end, text))
    result, position = [], 0
    for start, end, text in sorted(pieces):
        result += [old_text[position:start], text]
        position = end
    result.append(old_text[position:])
    return "".join(result)


def _item_spans(text: str, key: str) -> list[tuple[int, int] | None] | None:
    """Character range of each entity of the top-level block sequence `key`: from its dash
    line to the next one's (comments and blank lines before an entity belong to the one
    above it). None for an entity that does not start on its dash's line ("- id: …"); None
    for all if `key` holds no block sequence.

    Found by indentation, not by parsing the file (parsing a field file of 100 measures cost
    more than the rest of a save), and by regular expressions, not line by line: `_rewrite`
    checks that each range it edits reads as the entity it stands for, so a range found
    wrongly is refused, never written.
    """
    head = re.search(rf"^{re.escape(key)}:[ \t]*(?:#[^\n]*)?$", text, re.M)
    if head is None:
        return None
    position = head.end()  # its line's "\n": the patterns start at one, to find lines fast
    first = _CONTENT.search(text, position)  # the first line that is not blank or a comment
    if first is None:
        return None
    dashes, ends = _block_patterns(len(first.group(1)))
    after = ends.search(text, position)  # the first line less indented, or not an entity's
    end = len(text) if after is None else after.start() + 1
    starts = [
        (m.start() + 1, (m.group(1) or "") not in _NOT_ENTITY)
        for m in dashes.finditer(text, position, end)
    ]
    if not starts:
        return None
    bounds = [start for start, _ in starts[1:]] + [end]
    return [
        (start, after) if good else None
        for (start, good), after in zip(starts, bounds, strict=True)
    ]


_CONTENT = re.compile(r"\n( *)[^ \n#]")
#: What may follow "- " on an entity's first line other than its first key (and "" = nothing).
_NOT_ENTITY = frozenset(["", *" #{[&*!|>"])


@functools.cache
def _block_patterns(dash: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The dash lines of a block sequence indented by `dash` (with the character after "- "),
    and the lines that end it: any less indented, or as indented and not a dash line."""
    shallower = f" {{0,{dash - 1}}}[^ \n#]|" if dash else ""
    return (
        re.compile(rf"\n {{{dash}}}-(?: ([^\n]?)|$)", re.M),
        re.compile(rf"\n(?:{shallower} {{{dash}}}(?!-(?: |$))[^ \n#])", re.M),
    )


def _rewrite(
    key: str, lines: str, old: Any, new: Any, indent: tuple[int, int, int], nulls: bool
) -> str | None:
    """The entity's lines merged with `new`, in the same place of a one-key document
    (None unless the lines read as `old`)."""
    head = f"{key}:\n"
    try:
        if not equal(yamlio.load(head + lines), {key: [old]}):
            return None  # not the entity's lines
        tree = yamlio.load_roundtrip(head + lines)
    except KonzeptdocError:
        return None
    if not isinstance(tree, Mapping) or list(tree) != [key]:
        return None
    entities = tree[key]
    if not isinstance(entities, list) or len(entities) != 1:
        return None
    entities[0], _ = yamlio.merge(entities[0], new)
    text = yamlio.dump_roundtrip(tree, indent, nulls=nulls)
    if not text.startswith(head):
        return None
    try:
        check = yamlio.load(text)
    except KonzeptdocError:
        return None
    if not equal(check, {key: [new]}):
        return None
    return text[len(head) :]


def equal(old: Any, new: Any) -> bool:
    """`yamlio.same`, but keys may be in any order: a merge keeps the file's own order, so
    data that differs only in key order leaves the file as it is.

    Run on every file of a concept at each save, so plain dicts, lists and strings (all
    that loaders and dumps give) are compared without the abstract-type checks.
    """
    if old is new:  # an entity kept since the last save, or its file's own parse
        return True
    kind = type(old)
    if kind is dict and type(new) is dict:
        return old.keys() == new.keys() and all(
            equal(value, new[key]) for key, value in old.items()
        )
    if kind is list and type(new) is list:
        return len(old) == len(new) and all(map(equal, old, new))
    if kind is type(new) and kind is not dict and kind is not list:
        return bool(old == new)  # one type: True is not 1 nor a date a datetime
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return old.keys() == new.keys() and all(equal(old[k], new[k]) for k in new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(equal(a, b) for a, b in zip(old, new, strict=True))
    return yamlio.same(old, new)
