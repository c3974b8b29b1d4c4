"""Amounts written the German way, which YAML reads as something else.

A German writes twelve thousand euros as ``12.000``; YAML reads that as the decimal number
12.0, and a council document would say 12 €. No amount in euros has three decimals, so an
amount written with a dot and exactly three digits after it is an error naming the likely
meaning. The source text is what counts (the value 12.0 cannot tell ``12.000`` from
``12.0``), so the check looks at the scalars as written, through libyaml's node tree, and
only in files whose text holds such a number at all.

Amounts that YAML reads as text (``1.234.567``, ``12.000,50``) fail validation as numbers;
`konzeptdoc.files.diagnostics` says there how to write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from konzeptdoc.german.formatting import amount
from konzeptdoc.german.glossary import quoted

Location = tuple[str | int, ...]

# "12.000", "250.000" (and in quotes, which pydantic also reads as a number); not "0.500".
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
# Any candidate at all in the text, so that ordinary files are not parsed a second time.
_CANDIDATE = re.compile(r"(?:_eur|amount)\s*:\s*['\"]?[1-9]\d{0,2}\.\d{3}(?!\d)")


def amount_key(key: str) -> bool:
    """Whether a key holds an amount of money (``amount_eur``, ``*_eur``, ``amount``)."""
    return key == "amount" or key.endswith("_eur")


def thousands_separators(text: str) -> list[tuple[Location, int, str]]:
    """(location, line, message) for each amount written with a German thousands separator."""
    if not _CANDIDATE.search(text):
        return []
    from konzeptdoc.files.yamlio import positions

    tree = positions(text)
    if tree is None:
        return []  # not YAML: the reader reports that
    found = []
    for location, node in _amounts(tree, ()):
        written = str(node.value)
        if _THOUSANDS.match(written):
            meant = int(written.replace(".", ""))
            found.append((location, node.start_mark.line + 1, _message(written, meant)))
    return sorted(found, key=lambda item: item[1])


def _message(written: str, meant: int) -> str:
    read = amount(float(written))  # what a document would print
    return (
        f"{quoted(written)} wird als {read} gelesen (der Punkt ist in YAML ein Dezimalpunkt); "
        f"gemeint ist wohl {amount(meant)}: Beträge ohne Tausenderpunkt schreiben, also {meant}"
    )


def _amounts(node: Any, location: Location) -> Iterator[tuple[Location, Any]]:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    # An explicit stack: a file nested deeply must not exhaust Python's recursion.
    stack: list[tuple[Any, Location]] = [(node, location)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, MappingNode):
            for key, value in reversed(current.value):
                if not isinstance(key, ScalarNode):
                    continue
                if isinstance(value, ScalarNode) and amount_key(str(key.value)):
                    yield (*where, str(key.value)), value
                else:
                    stack.append((value, (*where, str(key.value))))
        elif isinstance(current, SequenceNode):
            stack.extend(
                (item, (*where, index)) for index, item in reversed(list(enumerate(current.value)))
            )
