"""Finding entities in a file's text without parsing the file.

History and blame compare an entity across hundreds of revisions. Parsing each version of
an 80 KB field file would cost ~25 ms; finding the entity's list item by its ``id:`` line
and comparing the item's text costs microseconds. Only when the text differs is the item
(a few lines) parsed, to tell a real change from a changed comment and to name the keys.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from konzeptdoc.errors import KonzeptdocError

# A whole list item: its "- id: x" line (or "- {id: x, …}"), then every following line that is
# indented deeper, blank or a comment. One regex, so the scan runs in C.
_ITEM = re.compile(
    r"^( *)- (?:id:[ \t]*['\"]?([a-z][a-z0-9-]*)['\"]?[ \t]*(?:#[^\n]*)?$"
    r"|\{[^\n]*?\bid:[ \t]*['\"]?([a-z][a-z0-9-]*)[^\n]*)"
    r"(?:\n(?:\1 +\S[^\n]*|[ \t]*|[ \t]*#[^\n]*)(?=\n|$))*",
    re.M,
)

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):", re.M)


@lru_cache(maxsize=4096)
def _id_line(entity_id: str) -> re.Pattern[str]:
    quoted = re.escape(entity_id)
    return re.compile(
        rf"^( *)(- +)?id:[ \t]*(['\"]?){quoted}\3[ \t]*(?:#.*)?$|^( *)- +\{{.*?\bid:[ \t]*(['\"]?){quoted}\5[ \t]*[,}}]",
        re.M,
    )


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _item_end(text: str, start: int, dash: int) -> int:
    """End (exclusive) of the list item whose dash is at column `dash`, starting at `start`."""
    end = text.find("\n", start)
    if end < 0:
        return len(text)
    position = end + 1
    while position < len(text):
        next_end = text.find("\n", position)
        line = text[position : next_end if next_end >= 0 else len(text)]
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            if len(line) - len(stripped) <= dash:
                break
            end = next_end if next_end >= 0 else len(text)
        if next_end < 0:
            break
        position = next_end + 1
    return end


def find_item(text: str, entity_id: str) -> str | None:
    """The text of the list item whose id is `entity_id` (comments inside included), or None."""
    if entity_id not in text:
        return None
    match = _id_line(entity_id).search(text)
    if match is None:
        return None
    if match.group(4) is not None:  # one-line flow mapping "- {id: …}"
        line_end = text.find("\n", match.start())
        return text[match.start() : line_end if line_end >= 0 else len(text)]
    start = match.start()
    if match.group(2) is None:  # "id:" is not the item's first key: go up to its dash
        indent = len(match.group(1))
        position = start
        while position > 0:
            position = _line_start(text, position - 1)
            line = text[position : text.find("\n", position)]
            stripped = line.lstrip(" ")
            if stripped.startswith("- ") and len(line) - len(stripped) < indent:
                start = position
                break
        else:
            return None
    dash = len(text[start:]) - len(text[start:].lstrip(" "))
    return text[start : _item_end(text, start, dash)]


def all_items(text: str) -> dict[str, str]:
    """id → item text for every list item of the file that starts with ``- id:`` (or flow)."""
    items: dict[str, str] = {}
    for match in _ITEM.finditer(text):
        entity_id = match.group(2) or match.group(3)
        if entity_id not in items:
            items[entity_id] = _without_trailing_comments(match.group(0))
    return items


def _without_trailing_comments(item: str) -> str:
    # Blank and comment lines after an item's last key belong to what follows it.
    while True:
        cut = item.rfind("\n")
        tail = item[cut + 1 :].strip()
        if cut < 0 or (tail and not tail.startswith("#")):
            return item
        item = item[:cut]


def own_keys_text(text: str, children: tuple[str, ...]) -> str:
    """A file's top-level keys other than `children` (a field's own keys), as text."""
    starts = [(m.start(), m.group(1)) for m in _TOP_KEY.finditer(text)]
    parts = []
    for number, (start, key) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(text)
        if key not in children:
            parts.append(text[start:end])
    return "".join(parts)


@lru_cache(maxsize=65536)
def item_data(item: str) -> dict[str, Any] | None:
    """The mapping a list item's text holds, or None if it does not parse.

    Cached by text (the same item text recurs across revisions); callers only read it.
    """
    first, _, rest = item.partition("\n")
    dash = len(first) - len(first.lstrip(" "))
    body = " " * (dash + 2) + first[dash + 2 :] + ("\n" + rest if rest else "")
    from konzeptdoc.files import yamlio  # not imported by a blame whose walk is cached

    lines = [
        line[dash + 2 :] if not line[: dash + 2].strip() else line.lstrip()
        for line in body.split("\n")
    ]
    try:
        data = yamlio.load("\n".join(lines))
    except KonzeptdocError:
        return None
    return data if isinstance(data, dict) else None


def text_data(text: str) -> dict[str, Any] | None:
    """A whole text's mapping, or None."""
    from konzeptdoc.files import yamlio

    try:
        data = yamlio.load(text)
    except KonzeptdocError:
        return None
    return data if isinstance(data, dict) else None
