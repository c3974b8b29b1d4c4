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

from collections.abc import Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from konzeptdoc.errors import KonzeptdocError
from konzeptdoc.files import yamlio

#: Beyond this many changed entities the whole-file round trip costs about the same.
MAX_ITEMS = 20


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
    return found if len(found) <= MAX_ITEMS else None


def splice(old_text: str, old_data: Any, new_data: Any) -> str | None:
    """`old_text` with only its changed entities rewritten to `new_data`; None if not possible."""
    items = changed_items(old_data, new_data)
    if not items or "\r\n" in old_text or not old_text.endswith("\n"):
        return None
    root = yamlio.positions(old_text)
    if not isinstance(root, MappingNode):
        return None
    starts = _line_starts(old_text)
    pieces: list[tuple[int, int, str]] = []
    indent = yamlio.guess_indent(old_text)
    nulls = yamlio.null_word(old_text)
    for key, index in items:
        span = _span(root, key, index, old_text, starts)
        if span is None:
            return None
        start, end = span
        text = _rewrite(key, old_text[start:end], new_data[key][index], indent, nulls)
        if text is None:
            return None
        pieces.append((start, end, text))
    result, position = [], 0
    for start, end, text in sorted(pieces):
        result += [old_text[position:start], text]
        position = end
    result.append(old_text[position:])
    return "".join(result)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _span(
    root: MappingNode, key: str, index: int, text: str, starts: list[int]
) -> tuple[int, int] | None:
    """Character range of a block-sequence entity: from its dash line to the next one's."""
    value = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == key), None)
    if not isinstance(value, SequenceNode) or value.flow_style or index >= len(value.value):
        return None
    item: Node = value.value[index]
    if not isinstance(item, MappingNode) or item.flow_style:
        return None
    line = item.start_mark.line
    before = text[starts[line] : starts[line] + item.start_mark.column]
    if before.strip() != "-":  # the entity must start on its dash's line: "- id: …"
        return None
    if index + 1 < len(value.value):
        following = value.value[index + 1]
        after = starts[following.start_mark.line]
        if following.start_mark.line <= line:
            return None
    else:
        mark = value.end_mark
        after = starts[mark.line] if mark.column == 0 and mark.line < len(starts) else len(text)
    return starts[line], after


def _rewrite(
    key: str, lines: str, new: Any, indent: tuple[int, int, int], nulls: bool
) -> str | None:
    """The entity's lines merged with `new`, in the same place of a one-key document."""
    head = f"{key}:\n"
    try:
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
