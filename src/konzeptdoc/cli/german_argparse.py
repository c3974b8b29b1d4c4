"""argparse speaks German: its own words ("usage", "options", its error messages) translated.

argparse looks its words up through `gettext` at the moment it prints them, via the module
globals `_` and `ngettext`. They are swapped only while konzeptdoc's command line runs, so a
program that imports konzeptdoc and uses argparse itself keeps its own language.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# argparse's message ids (Python 3.11–3.13); an id missing here is shown as argparse wrote it.
WORDS = {
    "usage: ": "Aufruf: ",
    "options": "Optionen",
    "optional arguments": "Optionen",
    "positional arguments": "Argumente",
    "show this help message and exit": "zeigt diese Hilfe und endet",
    "show program's version number and exit": "zeigt die Versionsnummer und endet",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Wahl: %(value)r (möglich sind: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "mehrdeutige Option: %(option)s kann %(matches)s heißen"
    ),
    "not allowed with argument %s": "nicht zusammen mit %s möglich",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "ignored explicit argument %r": "der Wert %r ist hier nicht vorgesehen",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' lässt sich nicht öffnen: %(error)s",
}

PLURALS = {
    "expected %s argument": ("erwartet %s Wert", "erwartet %s Werte"),
}


def _gettext(message: str) -> str:
    return WORDS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        one, many = PLURALS[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


@contextmanager
def german() -> Iterator[None]:
    """argparse speaks German inside the block."""
    module = vars(argparse)
    saved: dict[str, Callable[..., str]] = {
        name: module[name] for name in ("_", "ngettext") if name in module
    }
    module["_"], module["ngettext"] = _gettext, _ngettext
    try:
        yield
    finally:
        module.update(saved)
