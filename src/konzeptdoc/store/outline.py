"""What blame lists of a concept: the field ids of concept.yaml, the goals and measures of a
field file, read from the text where it is plain and parsed where it is not.

A cold blame used to parse every final file as YAML only to learn ids, titles and levels:
a third of its time, more than the `git log` it is measured against. Files konzeptdoc
writes (and most written by hand) are plain block YAML: top-level keys, lists of items
that start with ``- id: …`` and one-line titles. Those are read line by line. Anything the
scan cannot be sure of – quotes or brackets left open at a line's end, anchors, tags,
tabs, documents markers, a title over several lines, one that YAML would read as a number
or null, duplicate keys, an item not starting with its id – sends the whole file to the
YAML parser, so both ways give the same outline for every file that parses (tested
against the parser on the samples and on mutated files). A file that does not parse is
read by the scan where it can be; the parser lists nothing of it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Any

from konzeptdoc.errors import KonzeptdocError
from konzeptdoc.german.glossary import goal_kind

#: The keys of an item the outline reads.
_WANTED = ("title", "name", "text", "level")
_LISTS = (("goals", "goal"), ("measures", "measure"))

_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_ITEM_START = re.compile(r"- id: +([a-z][a-z0-9-]*)(?: +#.*)? *")
_ITEM_KEY = re.compile(r"([a-z_][a-z0-9_]*):(?: +(.*))?")
_LIST_ENTRY = re.compile(r"- +([a-z][a-z0-9-]*)(?: +#.*)? *")
_FLOW_IDS = re.compile(r"\[ *([a-z][a-z0-9-]*(?: *, *[a-z][a-z0-9-]*)*)? *\](?: +#.*)? *")
# The characters that may start what the scan leaves to the parser (see `_check`).
_SPECIAL = re.compile(r"[\"'\[{&*!?%|>]")
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]{0,2}(?: +#.*)? *")
_FLOW_MARK = re.compile(r"[\[\]{}\"']")
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
# Plain text YAML 1.2 reads as something else, or that is no single plain scalar.
_NOT_TEXT = frozenset({"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"})
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`~+.0123456789")
_ID_WORDS = frozenset({"true", "false", "null"})  # read by YAML as no text


class _Unsure(Exception):
    """The scan cannot be sure of the file: parse it."""


def field_ids(text: str) -> list[str]:
    """The field ids concept.yaml lists."""
    try:
        return _scan_fields(text)
    except _Unsure:
        data = _data(text)
        listed = data.get("fields") if isinstance(data, dict) else None
        return [f for f in listed if isinstance(f, str)] if isinstance(listed, list) else []


def entity_outline(text: str) -> list[list[str]]:
    """Per goal, then measure of a field file: kind, id, label, kind of its name, its number in
    its list and its title (as `german.names.entity_names` names it)."""
    try:
        items = _scan_items(text)
    except _Unsure:
        items = _parsed_items(text)
    found: list[list[str]] = []
    for key, kind in _LISTS:
        for number, entity in enumerate(items.get(key, []), start=1):
            if isinstance(entity, dict) and isinstance(entity.get("id"), str):
                title = entity.get("title")
                title = title if isinstance(title, str) else ""
                level = entity.get("level")
                name_kind = (
                    goal_kind(level if isinstance(level, str) else "") if key == "goals" else kind
                )
                found.append([kind, entity["id"], _label(entity), name_kind, str(number), title])
    return found


def _label(entity: dict[str, Any]) -> str:
    """As the model's `label()`: title, name or text, else the id."""
    for name in ("title", "name", "text"):
        value = entity.get(name)
        if isinstance(value, str) and value:
            return value
    return str(entity["id"])


def _data(text: str) -> Any:
    from konzeptdoc.files import yamlio  # only for files the scan is unsure of

    try:
        return yamlio.load(text)
    except KonzeptdocError:
        return None


def _parsed_items(text: str) -> dict[str, list[Any]]:
    data = _data(text)
    found: dict[str, list[Any]] = {}
    for key, _ in _LISTS:
        entities = data.get(key) if isinstance(data, dict) else None
        found[key] = entities if isinstance(entities, list) else []
    return found


# -- the scan -------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, str]]:
    """(indent, line without it) of every line that is neither blank nor only a comment;
    raises `_Unsure` on what the scan does not read (see `_check`)."""
    if "\t" in text or "\r" in text or "\ufeff" in text:
        raise _Unsure
    _check(text)
    found: list[tuple[int, str]] = []
    for line in text.split("\n"):
        content = line.lstrip(" ")
        if content and content[0] != "#":
            found.append((len(line) - len(content), content))
    return found


def _check(text: str) -> None:
    """Raise `_Unsure` where, outside block scalars' text, a document marker or directive,
    a complex key, a bare block scalar, an anchor, alias or tag starts, or a quoted scalar or
    flow collection is left open at its line's end (libyaml does not check the indentation
    of their later lines, so one left open may swallow lines that look like keys).

    Only the characters that can start such a thing are visited, found by one C-level
    search, and each stretch of text is looked at once (what a quoted scalar, flow collection
    or block scalar holds is passed over): a line-by-line loop cost as much as the parse
    this scan replaces, and looking back to the line's start at every quote would grow with
    the square of a long line.
    """
    if text.startswith(("---", "...", "%")) or "\n---" in text or "\n..." in text or "\n%" in text:
        raise _Unsure
    skip = -1  # the end of the quoted scalar, flow collection or block scalar text looked at
    line_end = -1
    for match in _SPECIAL.finditer(text):
        at = match.start()
        if at < skip or not _starts_node(text, at):
            continue  # inside what was looked at, or plain text: "Kinder's", "Bildung & Sprache"
        if at > line_end:
            line_end = text.find("\n", at)
            line_end = line_end if line_end >= 0 else len(text)
        char = text[at]
        if char in "|>":
            line_start = text.rfind("\n", 0, at) + 1
            before = text[line_start:at]
            if not before.strip(" -") or not _BLOCK_HEADER.fullmatch(text, at, line_end):
                raise _Unsure  # a block scalar on a line of its own, or ">" starting text
            owner = len(before) - len(before.lstrip(" -"))  # the key's column
            body = _deeper(owner).match(text, line_end)
            skip = body.end() if body is not None else line_end
        elif char in "\"'[{":
            skip = _closing(text, at, line_end)
            if skip < 0:
                raise _Unsure
        elif char in "?%" or text[at + 1 : at + 2] not in ("", " ", "\n"):
            raise _Unsure  # an anchor, alias or tag; a complex key; a reserved character


def _starts_node(text: str, at: int) -> bool:
    """Whether a node may start at `at`: at the line's start, after "- ", after a key's ": ",
    or after a flow collection's "[", "{" or ",". More often than YAML would say is safe:
    it only sends more files to the parser."""
    before = at - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before < 0:
        return True
    char = text[before]
    return char in "\n[{," or (char in ":-" and before < at - 1)


def _closing(text: str, at: int, end: int) -> int:
    """Where the quoted scalar or flow collection starting at `at` ends, if before `end`
    (the line's end); else -1."""
    if text[at] in "\"'":
        quoted = (_SINGLE if text[at] == "'" else _DOUBLE).match(text, at, end)
        return quoted.end() if quoted is not None else -1
    depth, position = 0, at
    while (mark := _FLOW_MARK.search(text, position, end)) is not None:
        char, position = mark.group(), mark.end()
        if char in "\"'":
            if text[mark.start() - 1] in "[{, :":  # a quoted scalar inside the collection
                quoted = (_SINGLE if char == "'" else _DOUBLE).match(text, mark.start(), end)
                if quoted is None:
                    return -1
                position = quoted.end()
        else:
            depth += 1 if char in "[{" else -1
            if not depth:
                return position
    return -1


@lru_cache(maxsize=64)
def _deeper(owner: int) -> re.Pattern[str]:
    """Lines that are blank or indented deeper than `owner` spaces, each after a newline."""
    return re.compile(rf"(?:\n(?: *(?=\n|\Z)| {{{owner + 1},}}[^\n]*))*")


def _top_level(lines: list[tuple[int, str]]) -> dict[str, tuple[str, int, int]]:
    """Top-level key → (its value's text, first and end index of its indented lines)."""
    keys: dict[str, tuple[str, int, int]] = {}
    starts = [n for n, (indent, _) in enumerate(lines) if indent == 0] + [len(lines)]
    if starts[0] != 0:
        raise _Unsure  # indented lines before the first key
    for start, end in pairwise(starts):
        match = _TOP_KEY.fullmatch(lines[start][1])
        if match is None or match.group(1) in keys:
            raise _Unsure  # a top-level list, a quoted key, a duplicate key
        keys[match.group(1)] = (match.group(2) or "", start + 1, end)
    return keys


def _scan_fields(text: str) -> list[str]:
    lines = _lines(text)
    value, start, end = _top_level(lines).get("fields", ("", 0, 0))
    if value and not value.startswith("#"):
        flow = _FLOW_IDS.fullmatch(value)
        if flow is None or start != end:
            raise _Unsure
        ids = [i.strip() for i in (flow.group(1) or "").split(",") if i.strip()]
    else:
        ids = []
        for indent, content in lines[start:end]:
            entry = _LIST_ENTRY.fullmatch(content)
            if entry is None or indent != lines[start][0]:
                raise _Unsure
            ids.append(entry.group(1))
    if _ID_WORDS.intersection(ids):
        raise _Unsure
    return ids


def _scan_items(text: str) -> dict[str, list[Any]]:
    lines = _lines(text)
    top = _top_level(lines)
    found: dict[str, list[Any]] = {}
    for key, _ in _LISTS:
        value, start, end = top.get(key, ("", 0, 0))
        if value.strip() == "[]" and start == end:
            found[key] = []
        elif value and not value.startswith("#"):
            raise _Unsure
        else:
            found[key] = _items(lines[start:end])
    return found


def _items(lines: list[tuple[int, str]]) -> list[dict[str, str]]:
    """The items of one top-level list: id and the wanted keys with one-line text values."""
    items: list[dict[str, str]] = []
    dash = lines[0][0] if lines else 0
    keys: set[str] = set()
    wanted = ""  # the wanted key the previous line set: no line may continue it
    for indent, content in lines:
        if indent == dash:
            start = _ITEM_START.fullmatch(content)
            if start is None or start.group(1) in _ID_WORDS:
                raise _Unsure
            items.append({"id": start.group(1)})
            keys, wanted = {"id"}, "id"
        elif indent == dash + 2:
            match = _ITEM_KEY.fullmatch(content)
            if match is None or match.group(1) in keys:
                raise _Unsure
            keys.add(match.group(1))
            wanted = match.group(1) if match.group(1) in _WANTED else ""
            if wanted:
                items[-1][wanted] = _text(match.group(2) or "")
        elif indent < dash + 2 or wanted:
            raise _Unsure  # a line out of place, or a wanted value over several lines
    return items


def _text(value: str) -> str:
    """A one-line scalar that is surely text, as YAML reads it."""
    value = value.rstrip(" ")
    if value[:1] == "'" and value[-1:] == "'" and len(value) >= 2:
        inner = value[1:-1]
        if "'" in inner.replace("''", ""):
            raise _Unsure
        text = inner.replace("''", "'")
    elif value[:1] == '"' and value[-1:] == '"' and len(value) >= 2:
        text = value[1:-1]
        if "\\" in text or '"' in text:
            raise _Unsure
    elif (
        not value
        or value[0] in _INDICATORS
        or value in _NOT_TEXT
        or ": " in value
        or " #" in value
        or value.endswith(":")
    ):
        raise _Unsure
    else:
        text = value
    if not text.isprintable():
        raise _Unsure
    return text


__all__ = ["entity_outline", "field_ids"]
