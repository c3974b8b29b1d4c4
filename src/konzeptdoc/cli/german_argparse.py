"""argparse speaks German: its own words ("usage", "options", its error messages) translated.

argparse looks its words up through `gettext` at the moment it prints them, via the module
globals `_` and `ngettext`. They are swapped only while konzeptdoc's command line runs, so a
program that imports konzeptdoc and uses argparse itself keeps its own language.

`GermanParser` goes further where a translation cannot: a mistyped command, option or value
is answered with the closest right one ("gemeint ist wohl „--strict“"), values are quoted
the German way instead of as Python reprs, and an unknown option is reported by the
command it was given to (with that command's usage), not by the program.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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
        "ungültige Wahl: „%(value)s“ (möglich sind: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: „%(value)s“",
    "ambiguous option: %(option)s could match %(matches)s": (
        "„%(option)s“ ist mehrdeutig (passt zu %(matches)s)"
    ),
    "not allowed with argument %s": "nicht zusammen mit %s möglich",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "ignored explicit argument %r": "der Wert „%s“ ist hier nicht vorgesehen",
    "can't open '%(filename)s': %(error)s": "„%(filename)s“ lässt sich nicht öffnen: %(error)s",
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


def _suggestion(typed: str, known: Iterable[str]) -> str:
    import difflib  # only for a mistyped word: not on every start

    close = difflib.get_close_matches(typed, list(known), n=1, cutoff=0.6)
    return f"; gemeint ist wohl „{close[0]}“" if close else ""


# Abbreviations a line must not split ("z." at one line's end, "B." at the next one's start).
_ABBREVIATIONS = re.compile(r"\b(z|d|u|s|o)\. (B|h|a|u|ä)\.")
_KEPT = "\N{NO-BREAK SPACE}"


class GermanHelpFormatter(argparse.HelpFormatter):
    """Help text wrapped at word boundaries only, as German text is read.

    argparse's wrapping breaks a word that is longer than the space left (at 40 columns:
    „Stad|tverordnetenversammlung“, „integrationskonzept/2|020-07-09“) and at its hyphens.
    Here a long word runs past the edge instead – whole, and still copyable – and "z. B."
    stays on one line. Paragraphs of a description or epilog (blank line between them) keep
    their break; the lines inside one are wrapped to the terminal like any help text.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = _ABBREVIATIONS.sub(rf"\1.{_KEPT}\2.", " ".join(text.split(" ")))
        text = re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()  # ASCII only: the kept space stays
        lines = textwrap.wrap(text, max(width, 1), break_long_words=False, break_on_hyphens=False)
        return [line.replace(_KEPT, " ") for line in lines]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = re.split(r"\n[ \t]*\n", text.strip("\n"))
        return "\n\n".join(
            "\n".join(indent + line for line in self._split_lines(paragraph, width - len(indent)))
            for paragraph in paragraphs
        )


class GermanParser(argparse.ArgumentParser):
    """An ArgumentParser whose refusals say, in German, what was probably meant."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        hint = _suggestion(str(value), names)
        if isinstance(choices, dict):  # the sub-commands: their parsers by name
            raise argparse.ArgumentError(
                None,
                f"„{value}“ ist kein Befehl{hint} („{self.prog} --help“ listet alle Befehle)",
            )
        raise argparse.ArgumentError(
            action, f"„{value}“ ist nicht möglich{hint} (möglich sind: {', '.join(names)})"
        )

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # Every command of konzeptdoc knows all its arguments: anything left over is a typo,
        # reported here by the parser that was given it (a sub-command's own usage).
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(self._leftover(extras))
        return parsed, extras

    def _leftover(self, extras: list[str]) -> str:
        options = [s for action in self._actions for s in action.option_strings]
        # What follows an unknown option is most likely its value: name the option only.
        unknown = [extra.split("=", 1)[0] for extra in extras if extra[:1] == "-" != extra]
        said = (
            [f"unbekannte Option „{typed}“{_suggestion(typed, options)}" for typed in unknown]
            if unknown
            else [f"überzählige Angabe „{extra}“" for extra in extras]
        )
        return "; ".join(said) + f" („{self.prog} --help“ zeigt, was möglich ist)"
