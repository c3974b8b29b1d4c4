"""Invisible characters that change how a text reads: explicit bidirectional controls.

U+202E (right-to-left override) and its kin reorder what follows them on screen and in
Word ("Trojan Source"): a title can show other words than it holds, and a reviewer reads
one thing while the council document says another. Arabic or Hebrew text needs none of
them (Word and LibreOffice order it by itself), so each is reported – as a warning, since
text pasted from a web page may carry an isolate (U+2066–U+2069) harmlessly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from konzeptdoc.errors import Problem
from konzeptdoc.files.diagnostics import field_path

_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# In the raw text: the character itself, or a YAML escape that becomes one.
_IN_TEXT = re.compile(r"[\u202a-\u202e\u2066-\u2069]|\\(?:u|U0000)20(?:2[a-eA-E]|6[6-9])")
_NAMES = {
    "\u202a": "Einbettung links-nach-rechts",
    "\u202b": "Einbettung rechts-nach-links",
    "\u202c": "Ende einer Einbettung",
    "\u202d": "Überschreibung links-nach-rechts",
    "\u202e": "Überschreibung rechts-nach-links",
    "\u2066": "Isolierung links-nach-rechts",
    "\u2067": "Isolierung rechts-nach-links",
    "\u2068": "Isolierung nach erstem starken Zeichen",
    "\u2069": "Ende einer Isolierung",
}


class Source(Protocol):
    """What is read of a concept's files (`layout.ConceptSource`)."""

    folder: Path
    texts: dict[str, str]
    data: dict[str, Any]

    def line(self, relative: str, location: tuple[str | int, ...]) -> int | None: ...


def direction_controls(source: Source) -> list[Problem]:
    """A warning for every text value that holds a bidirectional control character."""
    problems = []
    for name, data in source.data.items():
        if not _IN_TEXT.search(source.texts.get(name, "")):
            continue  # the usual case: one search of the text, no walk
        for location, text in _strings(data, ()):
            found = _CONTROLS.search(text)
            if found:
                character = found.group()
                problems.append(
                    Problem(
                        "warning",
                        source.folder / name,
                        source.line(name, location),
                        field_path(location),
                        f"enthält das unsichtbare Steuerzeichen U+{ord(character):04X} "
                        f"({_NAMES[character]}): es kann die Anzeige umkehren und so verbergen, "
                        "was im Text steht; bitte entfernen",
                    )
                )
    return problems


def _strings(
    value: Any, location: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*location, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*location, index))
