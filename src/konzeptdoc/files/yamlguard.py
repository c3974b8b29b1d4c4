"""Refusals of hostile or broken YAML, shared by the fast and the round-trip reader.

An alias costs a few bytes and can stand for a text of any length, deep nesting exhausts
recursion later, a stray control character is a syntax error: each is refused with the
file and line, before any value is used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.events import AliasEvent

from konzeptdoc.errors import YamlSyntaxError
from konzeptdoc.files.yamlerrors import syntax_error


class AliasUsed(Exception):
    """A YAML alias (``*name``) was met; `line` is where (1-based), if known."""

    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


ALIAS_MESSAGE = (
    "YAML-Anker und -Verweise (&name, *name) sind in Konzeptdateien nicht erlaubt: "
    "den Wert bitte ausschreiben"
)


class NoAliasComposer(Composer):
    """ruamel's composer, refusing every alias before it is resolved.

    An alias costs a few bytes and can stand for a text of any length: repeated, it turns a
    small file into gigabytes as soon as anything walks or writes the values.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            mark = self.parser.peek_event().start_mark
            raise AliasUsed(mark.line + 1 if mark is not None else None)
        return super().compose_node(parent, index)


# libyaml composes recursively and crashes the interpreter somewhere past 20,000 nested flow
# collections; nesting that deep needs that many brackets, so only such files are measured
# (by the event parser, which does not recurse).
DEPTH_CHECK_FROM = 15_000
MAX_DEPTH = 100  # concept files nest about ten levels; pydantic recurses on deeper input


def check_depth(text: str, path: Path | None) -> None:
    """Refuse collections nested deeper than MAX_DEPTH, without recursing."""
    import yaml as pyyaml

    depth = 0
    try:
        for event in pyyaml.parse(text, Loader=pyyaml.CSafeLoader):
            if isinstance(event, pyyaml.SequenceStartEvent | pyyaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise YamlSyntaxError(
                        f"YAML-Syntaxfehler: Listen und Angaben sind mehr als {MAX_DEPTH} Ebenen "
                        "tief verschachtelt; Konzeptdateien brauchen das nie",
                        path=path,
                        line=line,
                    )
            elif isinstance(event, pyyaml.SequenceEndEvent | pyyaml.MappingEndEvent):
                depth -= 1
    except pyyaml.YAMLError as exc:
        raise syntax_error(exc, path, text) from exc


_CONTAINERS = (dict, list)
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]+", re.M)


def refuse_shared(data: Any, text: str, path: Path | None) -> None:
    """Refuse anchors and aliases (a container reached twice) and absurd nesting.

    Concept files have no use for either: an alias bomb ("billion laughs") would make every
    later walk over the data exponential, and deep nesting would exhaust recursion later.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(
                f"YAML-Syntaxfehler: Listen und Angaben sind mehr als {MAX_DEPTH} Ebenen tief "
                "verschachtelt; Konzeptdateien brauchen das nie",
                path=path,
            )
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if id(value) in seen:
            match = _ALIAS.search(text)
            line = text.count("\n", 0, match.start()) + 1 if match else None
            raise YamlSyntaxError(ALIAS_MESSAGE, path=path, line=line)
        seen.add(id(value))
        depth += 1
        for child in children:  # a loop, not a generator: this walk runs on every load
            if isinstance(child, _CONTAINERS):
                stack.append((child, depth))


def lenient_dates(yaml: Any) -> None:
    """A date-shaped value that is no date ("2026-13-01") is read as its text, as yaml12
    reads it: validation names file, line and key; ruamel would raise a bare ValueError."""
    constructor = type(yaml.constructor)
    construct = constructor.construct_yaml_timestamp

    def timestamp(self: Any, node: Any, values: Any = None) -> Any:
        try:
            return construct(self, node, values)
        except ValueError:
            return self.construct_scalar(node)

    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
